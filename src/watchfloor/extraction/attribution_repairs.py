"""Repairs of the attribution finder: what the tagger's spans get wrong in typical ways.

Each function fixes one pattern, measured on PolNeAR dev and held-out train documents to help
or at least not hurt, and most of them needed by the claim ledger too:

* a quote that goes on after its cue ("“A,” he said. “B.”") belongs to the same attribution;
* a runaway tagged cue that swallowed its complement is split;
* a hedging adverb ("reportedly") is its own cue and the clause around it the content;
* "was quoted as" grows to the lexicon phrase "was quoted as saying", and the subject the
  tagger took for content is the source;
* a named source loses a trailing "on <date>";
* a content with no word of substance ("Why is" of a headline question) is dropped;
* a report in an adjunct ("... amid reports that troops were sent") becomes its own sourceless
  attribution, cut from the content that held it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from watchfloor.extraction.attribution_features import cue_entry_of
from watchfloor.extraction.attribution_lexicon import CueEntry, CueLexicon
from watchfloor.extraction.attribution_rules import (
    Link,
    TokenRange,
    content_from_parse,
    cue_head_of,
    in_range,
    paragraph_ids,
    strip_range,
    subtree_range,
)

__all__ = [
    "LONG_CUE",
    "adjunct_report_links",
    "adverb_cue",
    "attach_quote_continuations",
    "extend_cue_to_phrase",
    "has_substance",
    "split_long_cue",
    "subject_piece_to_source",
    "trim_source",
]


def _opens_quote(doc: Doc, start: int) -> bool:
    """Whether a token range starting at ``start`` starts with (or right after) an opening
    quotation mark."""
    return any(0 <= i < len(doc) and doc[i].text in ("“", '"', "``") for i in (start, start - 1))


def attach_quote_continuations(
    doc: Doc, links: list[Link], orphans: list[TokenRange], cue_tokens: set[int]
) -> list[TokenRange]:
    """Hand quoted orphan contents to the quote they continue ("“A,” he said. “B.”", also in
    the next paragraph): the nearest attribution before them whose content is a quote, with no
    other cue in between. Returns the orphans still left."""
    if not orphans or not links:
        return orphans
    para = paragraph_ids(doc)
    left = []
    ordered = sorted(links, key=lambda link: link.cue[0])
    for piece in orphans:
        if not _opens_quote(doc, piece[0]):
            left.append(piece)
            continue
        before = [
            link
            for link in ordered
            if link.contents
            and max(r[1] for r in link.contents) <= piece[0]
            and link.cue[1] <= piece[0]
        ]
        if not before:
            left.append(piece)
            continue
        link = max(before, key=lambda lk: max(r[1] for r in lk.contents))
        last_end = max(*(r[1] for r in link.contents), link.cue[1])
        quoted = any(_opens_quote(doc, r[0]) for r in link.contents)
        if (
            quoted
            and para[piece[0]] - para[link.cue[0]] <= 1
            and not any(i in cue_tokens for i in range(last_end, piece[0]))
        ):
            link.contents.append(piece)
            link.reasons.append("quote continued after the cue")
        else:
            left.append(piece)
    return left


_SPEAKING_LEMMAS = frozenset({"say", "tell", "write", "warn", "add"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "PRON", "VERB", "NUM", "ADJ", "X", "SYM"})
_TEMPORAL_ENTS = frozenset({"DATE", "TIME"})
_ADJUNCT_PREPS = frozenset({"amid", "amidst", "after", "following", "despite", "over", "among"})


def has_substance(doc: Doc, piece: TokenRange) -> bool:
    """Whether a content piece says anything: at least one noun, pronoun, verb, number or
    adjective ("Why is" of a headline question does not)."""
    return any(t.pos_ in _CONTENT_POS for t in doc[piece[0] : piece[1]])


def extend_cue_to_phrase(link: Link, phrases: dict[int, tuple[int, CueEntry]]) -> None:
    """Grow a tagged cue to cover a lexicon phrase it cuts ("was quoted as" + "saying");
    ``phrases`` is ``phrase_cues(doc, lexicon)``."""
    for start, (end, _entry) in phrases.items():
        if end <= link.cue[0] or start >= link.cue[1]:
            continue
        if (
            start < link.cue[1]
            and link.cue[0] < end
            and not (link.cue[0] <= start and end <= link.cue[1])
        ):
            new = (min(start, link.cue[0]), max(end, link.cue[1]))
            if any(r[0] < new[1] and new[0] < r[1] for r in link.contents) or (
                link.source and link.source[0] < new[1] and new[0] < link.source[1]
            ):
                continue
            link.cue = new
            link.reasons.append("cue extended to the lexicon phrase")


def subject_piece_to_source(doc: Doc, link: Link) -> None:
    """A content piece that is exactly the grammatical subject of a "... as saying" cue is its
    source ("[A senior official] was quoted as saying ..."). Other passives keep their subject
    in the content ("[peacekeepers] have been accused of [hurting ...]")."""
    if link.source is not None or len(link.contents) < 2:
        return
    cue_tokens = doc[link.cue[0] : link.cue[1]]
    if not any(t.lemma_ in _SPEAKING_LEMMAS and t.tag_ == "VBG" for t in cue_tokens):
        return
    head = doc[link.cue_head]
    candidates = [head] + [t for t in doc[link.cue[0] : link.cue[1]] if t.i != head.i]
    for token in candidates:
        for child in token.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            subject = strip_range(doc, subtree_range(child))
            if subject in link.contents:
                link.contents.remove(subject)
                link.source = subject
                link.reasons.append("subject of the cue taken as source, not content")
                return


def trim_source(doc: Doc, source: TokenRange) -> TokenRange:
    """A named source without a trailing "on <date>" ("South Korea [on Tuesday (Oct 22)]").

    Only that narrow case: dates inside a source's description ("a poll released last week",
    "who served from 2012") belong to the source in PolNeAR."""
    start, end = source
    for token in doc[start + 1 : end]:
        if token.lower_ != "on" or token.dep_ != "prep" or doc[token.i - 1].pos_ != "PROPN":
            continue
        if not any(c.dep_ == "pobj" and c.ent_type_ in _TEMPORAL_ENTS for c in token.children):
            continue
        tail = doc[token.i : end]
        if all(
            t.ent_type_ in _TEMPORAL_ENTS or t.is_punct or t.is_space or t.i == token.i
            for t in tail
        ):
            trimmed = strip_range(doc, (start, token.i))
            if trimmed[1] > trimmed[0]:
                return trimmed
    return source


def trim_content_adjunct(doc: Doc, link: Link) -> None:
    """A content without a trailing time adjunct of the cue ("dismissed [the claims] on Monday
    (Oct 21)"): the date says when the statement was made, not what was said.

    Only an adjunct whose head is the cue verb itself, that closes the content range, and whose
    words are a date or time; the statement date is read from it separately."""
    cue_head = doc[link.cue_head]
    trimmed = []
    for piece in link.contents:
        start, end = piece
        kept = piece
        for token in doc[start + 1 : end]:
            if token.head.i != cue_head.i or token.dep_ not in {"prep", "npadvmod"}:
                continue
            tail = [t for t in doc[token.i : end] if not (t.is_punct or t.is_space)]
            temporal = [t for t in tail if t.ent_type_ in _TEMPORAL_ENTS]
            if token.dep_ == "prep" and tail:
                tail = tail[1:]
            if tail and len(temporal) == len(tail) and token.right_edge.i >= end - 1:
                cut = strip_range(doc, (start, token.i))
                if cut[1] > cut[0]:
                    link.reasons.append("time adjunct of the cue left out of the content")
                    kept = cut
                break
        trimmed.append(kept)
    link.contents = trimmed


def _adjunct_report(doc: Doc, token: Token, lexicon: CueLexicon) -> TokenRange | None:
    """The that-clause of a reporting noun in an adjunct ("amid [reports] that ..."), if the
    token is one."""
    entry = cue_entry_of(token, lexicon)
    if (
        entry is None
        or entry.section != "nouns"
        or token.dep_ != "pobj"
        or token.head.lower_ not in _ADJUNCT_PREPS
    ):
        return None
    for child in token.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            content = strip_range(doc, subtree_range(child))
            if content[1] > content[0]:
                return content
    return None


def adjunct_report_links(
    doc: Doc, links: list[Link], taken: list[bool], lexicon: CueLexicon
) -> list[Link]:
    """Sourceless reports in an adjunct ("... amid reports that troops were sent"): a new
    attribution whose cue is the reporting noun. When the noun sits at the end of another
    attribution's content, that content now ends before the adjunct (PolNeAR annotates the
    outer attribution only; the claim ledger needs both). ``taken`` marks tokens in tagged
    spans: a report inside one that is not a content piece is left alone."""
    found: list[Link] = []
    owner: dict[int, tuple[Link, int]] = {}
    for link in links:
        for k, piece in enumerate(link.contents):
            for i in range(piece[0], piece[1]):
                owner[i] = (link, k)
    for token in doc:
        content = _adjunct_report(doc, token, lexicon)
        if content is None:
            continue
        prep = token.head
        held = owner.get(token.i)
        if held is not None:
            link, k = held
            piece = link.contents[k]
            outer = strip_range(doc, (piece[0], prep.i))
            if (
                content[1] > piece[1]
                or outer[1] <= outer[0]
                or prep.right_edge.i + 1 < strip_range(doc, piece)[1]
            ):
                continue
            link.contents[k] = outer
            link.reasons.append(f"content ends before the adjunct {prep.text!r}")
        elif any(taken[i] for i in range(prep.i, content[1])):
            continue
        new = Link(cue=(token.i, token.i + 1), cue_head=token.i, contents=[content], confidence=0.7)
        new.reasons.append(f"sourceless report in the adjunct {prep.text!r}")
        found.append(new)
    return found


LONG_CUE = 9
"""Tagged cues this long (tokens) are checked for a swallowed content: 99 % of PolNeAR cues
are shorter."""


def split_long_cue(
    doc: Doc, cue: TokenRange, lexicon: CueLexicon
) -> tuple[TokenRange, TokenRange | None]:
    """A runaway tagged cue ("threatened to consider sending ... efforts") split into the cue
    proper and the complement it swallowed, which becomes a content piece."""
    if cue[1] - cue[0] < LONG_CUE:
        return cue, None
    head = doc[cue_head_of(doc, cue, lexicon)]
    for child in head.children:
        if (
            child.dep_ in ("ccomp", "xcomp", "dobj")
            and child.left_edge.i > head.i
            and in_range(child.i, cue)
        ):
            content = strip_range(doc, (child.left_edge.i, cue[1]))
            shorter = strip_range(doc, (cue[0], child.left_edge.i))
            if content[1] > content[0] and shorter[1] > shorter[0]:
                return shorter, content
    return cue, None


def adverb_cue(doc: Doc, link: Link) -> None:
    """A hedging-adverb cue ("has reportedly been dismissed") is the adverb alone, and its
    content the clause around it, read off the parse (PolNeAR: "[X has] reportedly [been
    dismissed ...]")."""
    head = doc[link.cue_head]
    if head.pos_ != "ADV":
        return
    link.cue = (head.i, head.i + 1)
    pieces = content_from_parse(doc, link.cue, head.i)
    if pieces:
        link.contents = pieces
        link.source = None
        link.reasons.append("hedging adverb: the clause around it is the content")
