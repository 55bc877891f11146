"""Token features for the trained attribution component, read off a parsed ``Doc``.

The attribution tagger sees, besides the words, what the sm pipeline already knows about each
token: its tag, its dependency (with the side its head is on), its entity type, whether it sits
inside quotation marks, whether its lemma is a lexicon cue, under which cue (and by which
relation) it hangs in the parse, and where it sits in its sentence and paragraph. The features
are strings hashed to ``uint64``; the model embeds each column with a hash table, so unseen
values cost nothing.

The tagger itself runs on a *shadow* of the parsed document (same words, no parse) whose only
sentence boundaries are paragraph breaks: PolNeAR contents cross sentence boundaries (multi-
sentence quotes) but never paragraphs, and spaCy's entity recogniser never lets an entity cross
a sentence boundary.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Token

from watchfloor.extraction.attribution_lexicon import CueEntry, CueLexicon, load_cues

__all__ = [
    "FEATURES_KEY",
    "FEATURE_COLUMNS",
    "cue_entry_of",
    "doc_features",
    "paragraph_starts",
    "phrase_cues",
    "quote_states",
    "shadow_doc",
]

FEATURES_KEY = "watchfloor_attribution_features"
"""The ``Doc.user_data`` key under which a shadow document carries its feature matrix."""

FEATURE_COLUMNS = ("tag", "dep", "ent", "quote", "lex", "gov", "head", "place")
"""The feature columns, in matrix order."""

OPEN_QUOTES = frozenset({"“", "«", "``"})
CLOSE_QUOTES = frozenset({"”", "»", "''"})
STRAIGHT_QUOTES = frozenset({'"'})

_PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ"})
_HASHES: dict[str, int] = {}


def _h(value: str) -> int:
    h = _HASHES.get(value)
    if h is None:
        if len(_HASHES) > 200_000:
            _HASHES.clear()
        h = _HASHES[value] = int(hash_string(value))
    return h


def is_paragraph_break(token: Token) -> bool:
    """True for a whitespace token that holds a newline (spaCy's paragraph separators)."""
    return token.is_space and "\n" in token.text


def paragraph_starts(doc: Doc) -> list[bool]:
    """For each token, whether it opens a paragraph (the first token after a newline)."""
    starts = [False] * len(doc)
    fresh = True
    for token in doc:
        if is_paragraph_break(token) or "\n" in token.whitespace_:
            fresh = True
            continue
        if fresh and not token.is_space:
            starts[token.i] = True
            fresh = False
    return starts


def quote_states(doc: Doc) -> list[str]:
    """For each token: ``open``/``close`` for quotation marks, ``in`` inside a quote, else
    ``out``. Quotes are tracked per paragraph (a quote left open runs to the paragraph's end,
    the newspaper convention for quotes that go on in the next paragraph)."""
    states = ["out"] * len(doc)
    inside = False
    for token in doc:
        text = token.text
        if is_paragraph_break(token):
            inside = False
            continue
        if text in OPEN_QUOTES:
            states[token.i] = "open"
            inside = True
        elif text in CLOSE_QUOTES:
            states[token.i] = "close"
            inside = False
        elif text in STRAIGHT_QUOTES:
            states[token.i] = "close" if inside else "open"
            inside = not inside
        elif inside:
            states[token.i] = "in"
    return states


def cue_entry_of(token: Token, lexicon: CueLexicon) -> CueEntry | None:
    """The lexicon entry of a single-token cue (by lemma and part of speech), if any."""
    lemma = token.lemma_.lower()
    pos = token.pos_
    if pos in _PREDICATE_POS:
        return lexicon.verbs.get(lemma)
    if pos in ("NOUN", "PROPN"):
        return lexicon.nouns.get(lemma) or lexicon.nouns.get(token.lower_)
    if pos == "ADV":
        return lexicon.adverbs.get(token.lower_)
    return None


def phrase_cues(doc: Doc, lexicon: CueLexicon) -> dict[int, tuple[int, CueEntry]]:
    """Multi-word lexicon phrases in the doc: first token index -> (end index, entry)."""
    found: dict[int, tuple[int, CueEntry]] = {}
    if not lexicon.phrases:
        return found
    firsts = {p[0] for p in lexicon.phrases}
    lower = [t.lower_ for t in doc]
    longest = lexicon.max_phrase_len
    for i, word in enumerate(lower):
        if word not in firsts:
            continue
        for n in range(min(longest, len(lower) - i), 1, -1):
            entry = lexicon.phrases.get(tuple(lower[i : i + n]))
            if entry is not None:
                found[i] = (i + n, entry)
                break
    return found


def _governing_cues(doc: Doc, is_cue: Sequence[CueEntry | None]) -> list[tuple[int, str]]:
    """For each token, the nearest lexicon cue among its ancestors and the dependency of the
    path's top child under it: (cue index, relation), or (-1, "") when there is none."""
    result: list[tuple[int, str] | None] = [None] * len(doc)
    for token in doc:
        path: list[Token] = []
        node = token
        found: tuple[int, str] = (-1, "")
        while (known := result[node.i]) is None:
            head = node.head
            if head.i == node.i:
                break
            path.append(node)
            if is_cue[head.i] is not None:
                found = (head.i, node.dep_)
                break
            node = head
        else:
            found = known
        for below in path:
            result[below.i] = found
        if result[token.i] is None:
            result[token.i] = found
    return [r if r is not None else (-1, "") for r in result]


def doc_features(doc: Doc, lexicon: CueLexicon | None = None) -> npt.NDArray[np.uint64]:
    """The ``(len(doc), len(FEATURE_COLUMNS))`` matrix of hashed token features.

    ``doc`` must have been tagged, parsed and lemmatised (entities are used when present).
    """
    lexicon = lexicon or load_cues()
    n = len(doc)
    out = np.zeros((n, len(FEATURE_COLUMNS)), dtype=np.uint64)
    if n == 0:
        return out
    quotes = quote_states(doc)
    para = paragraph_starts(doc)
    phrases = phrase_cues(doc, lexicon)
    cue_of: list[CueEntry | None] = [cue_entry_of(t, lexicon) for t in doc]
    lex = ["-"] * n
    for i, entry in enumerate(cue_of):
        if entry is not None:
            lex[i] = f"{entry.section}:{entry.kind}:{entry.stance}"
    for start, (end, entry) in phrases.items():
        for j in range(start, end):
            lex[j] = f"phrase{j - start}:{entry.kind}"
    governing = _governing_cues(doc, cue_of)
    sent_end = [False] * n
    for sent in doc.sents:
        last = sent.end - 1
        while last > sent.start and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        sent_end[last] = True
    rows = out
    for token in doc:
        i = token.i
        head = token.head
        side = "<" if head.i < i else (">" if head.i > i else "=")
        cue_i, rel = governing[i]
        if cue_of[i] is not None:
            gov = "self"
        elif cue_i >= 0:
            entry = cue_of[cue_i]
            kind = entry.kind if entry is not None else "?"
            gov = f"{rel}:{kind}:{'L' if i < cue_i else 'R'}"
        else:
            gov = "none"
        place = ("B" if token.is_sent_start else "E" if sent_end[i] else "I") + (
            "P" if para[i] else ""
        )
        rows[i, 0] = _h("t:" + token.tag_)
        rows[i, 1] = _h("d:" + token.dep_ + side)
        rows[i, 2] = _h("e:" + token.ent_iob_ + token.ent_type_)
        rows[i, 3] = _h("q:" + quotes[i])
        rows[i, 4] = _h("l:" + lex[i])
        rows[i, 5] = _h("g:" + gov)
        rows[i, 6] = _h("h:" + (head.lemma_.lower() if head.i != i else "ROOT"))
        rows[i, 7] = _h("p:" + place)
    return out


def shadow_doc(doc: Doc, lexicon: CueLexicon | None = None) -> Doc:
    """A copy of ``doc``'s words with paragraph breaks as its only sentence boundaries and the
    feature matrix in ``user_data[FEATURES_KEY]``: what the attribution tagger runs on."""
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    para = paragraph_starts(doc)
    sent_starts: list[bool | int | None] = [bool(p) for p in para]
    if sent_starts:
        sent_starts[0] = True
    shadow = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    shadow.user_data[FEATURES_KEY] = doc_features(doc, lexicon)
    return shadow
