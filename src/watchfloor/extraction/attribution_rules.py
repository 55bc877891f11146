"""Dependency rules of the attribution finder: linking tagged spans, and spans from the parse.

The tagger (``attribution_model``) marks SOURCE, CUE and CONTENT spans but does not say which
belong together. These rules

* pick each cue's head word and its source (a syntactic argument of the cue first, else the
  nearest source span in the sentence that no other cue stands in front of);
* hand every content span to one cue (a span the cue governs, or that governs the cue, first;
  else the nearest cue in the paragraph): "“A,” he said, “B.”" gives one cue two pieces;
* build source, cue and content from the parse and the cue lexicon when the tagger gave none
  ("X said that ...": the complement clause; "according to X, ...": the main clause).

All functions work on token indices (``start``, ``end`` end-exclusive) and cost O(tokens) per
sentence, with small constant factors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from watchfloor.extraction.attribution_features import (
    cue_entry_of,
    is_paragraph_break,
    phrase_cues,
)
from watchfloor.extraction.attribution_lexicon import CueLexicon

__all__ = [
    "Link",
    "TokenRange",
    "content_from_parse",
    "cue_head_of",
    "in_range",
    "link_spans",
    "paragraph_ids",
    "recover_cue",
    "rule_cues",
    "source_from_parse",
    "strip_range",
    "subtree_range",
]

TokenRange = tuple[int, int]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
SOURCE_DEPS = SUBJECT_DEPS | {"poss", "agent", "pobj", "npadvmod", "compound", "nmod"}
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "pcomp", "acl", "oprd", "attr"})
_EMPTY_SUBJECTS = frozenset({"it", "there"})
_SHARED_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "acomp"})
"""Climbing these from a cue reaches a verb whose subject is the cue's source too
("announced X and said Y", "was quoted as saying", "is worried that")."""
MAX_CONTENT_GAP = 6
"""Most words (not counting the cue's source) between a cue and a content it does not govern."""


@dataclass(slots=True)
class Link:
    """One attribution being assembled: token ranges plus the reasons that produced them."""

    cue: TokenRange
    cue_head: int
    source: TokenRange | None = None
    contents: list[TokenRange] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    confidence: float = 0.8


def _quoted(doc: Doc, piece: TokenRange) -> bool:
    """Whether a content piece is a quotation (a quote mark opens or just precedes it)."""
    start = piece[0]
    return doc[start].is_quote or (start > 0 and doc[start - 1].is_quote)


def _other_sentence(doc: Doc, piece: TokenRange, link: Link) -> bool:
    return doc[piece[0]].sent.start != doc[link.cue_head].sent.start


def paragraph_ids(doc: Doc) -> list[int]:
    """For each token, the index of its paragraph (newline tokens close a paragraph)."""
    ids = [0] * len(doc)
    current = 0
    for token in doc:
        ids[token.i] = current
        if is_paragraph_break(token) or "\n" in token.whitespace_:
            current += 1
    return ids


def cue_head_of(doc: Doc, cue: TokenRange, lexicon: CueLexicon) -> int:
    """The cue's main word: a lexicon verb, then a lexicon noun or adverb, then the first
    token of a lexicon phrase ("according"), then the syntactic root of the span."""
    start, end = cue
    best: tuple[int, int] | None = None
    for token in doc[start:end]:
        entry = cue_entry_of(token, lexicon)
        if entry is None:
            continue
        rank = 0 if entry.section == "verbs" and token.pos_ == "VERB" else 1
        if best is None or rank < best[0]:
            best = (rank, token.i)
    if best is not None:
        return best[1]
    if doc[start].lower_ == "according":
        return start
    span = doc[start:end]
    root = span.root
    # "said:" / a bare colon: the root is the word, never the punctuation, when there is one
    if root.is_punct:
        words = [t for t in span if not t.is_punct]
        if words:
            return words[0].i
    return root.i


def in_range(i: int, r: TokenRange) -> bool:
    return r[0] <= i < r[1]


def _arg_heads(doc: Doc, cue: TokenRange, head: int) -> set[int]:
    """Tokens whose syntactic arguments may be the cue's source: the cue's own tokens, and the
    verbs it shares a subject with ("announced X and said Y", "was quoted as saying")."""
    heads = set(range(cue[0], cue[1]))
    token = doc[head]
    # climb conjunctions, open complements and participial modifiers to a shared subject
    for _ in range(4):
        if token.dep_ in _SHARED_SUBJECT_DEPS and token.head.i != token.i:
            token = token.head
            heads.add(token.i)
        else:
            break
    return heads


def _syntactic_source(doc: Doc, source: TokenRange, heads: set[int]) -> bool:
    """Whether a source span is an argument of one of ``heads`` (subject, possessor, passive
    agent, "according to" object, "by"-phrase of a reporting noun)."""
    root = doc[source[0] : source[1]].root
    head = root.head
    if head.i in heads and root.dep_ in SOURCE_DEPS:
        return True
    # passive agent "by X" / "according to X" / "in X's view": X -> prep -> cue
    return root.dep_ == "pobj" and head.head.i in heads and head.dep_ in ("agent", "prep")


def _between_has_cue(cues_at: list[int], a: int, b: int, own: int) -> bool:
    lo, hi = (a, b) if a < b else (b, a)
    return any(c != own and lo <= c < hi for c in cues_at[lo:hi])


def link_spans(
    doc: Doc,
    cues: list[TokenRange],
    sources: list[TokenRange],
    contents: list[TokenRange],
    lexicon: CueLexicon,
) -> tuple[list[Link], list[TokenRange]]:
    """Link tagged spans into attributions, one per cue (see the module docstring); also
    return the content spans no cue could take (orphans)."""
    if not cues:
        return [], sorted(contents)
    cues = sorted(cues)
    para = paragraph_ids(doc)
    # cue_owner[i] = index of the cue covering token i, else -1: finds cues between two spans
    cue_owner = [-1] * len(doc)
    links: list[Link] = []
    for k, cue in enumerate(cues):
        for i in range(cue[0], cue[1]):
            cue_owner[i] = k
        links.append(Link(cue=cue, cue_head=cue_head_of(doc, cue, lexicon)))

    # ---- sources: syntactic argument first, else nearest in the sentence, not past a cue
    # and not one that is the syntactic argument of another cue
    all_heads = [_arg_heads(doc, link.cue, link.cue_head) for link in links]
    argument_of = {
        src: {k for k, heads in enumerate(all_heads) if _syntactic_source(doc, src, heads)}
        for src in sources
    }
    for k, link in enumerate(links):
        sent = doc[link.cue_head].sent
        best: tuple[int, TokenRange, str] | None = None
        for src in sources:
            if src[1] <= sent.start or src[0] >= sent.end:
                continue
            if k in argument_of[src]:
                score, why = 0, "source is an argument of the cue"
            else:
                if argument_of[src]:
                    continue
                if src[1] <= link.cue[0]:
                    gap = link.cue[0] - src[1]
                    a, b = src[1], link.cue[0]
                else:
                    gap = src[0] - link.cue[1]
                    a, b = link.cue[1], src[0]
                if _between_has_cue(cue_owner, a, b, k):
                    continue
                score, why = 1 + gap, "nearest source in the sentence"
            if best is None or score < best[0]:
                best = (score, src, why)
        if best is not None:
            link.source = best[1]
            link.reasons.append(best[2])

    # ---- contents: each tagged content span goes to one cue of its paragraph
    orphans: list[TokenRange] = []
    for piece in sorted(contents):
        best_k: tuple[int, int] | None = None
        piece_tokens = doc[piece[0] : piece[1]]
        for k, link in enumerate(links):
            if para[link.cue[0]] != para[piece[0]]:
                continue
            if piece[1] <= link.cue[0]:
                a, b = piece[1], link.cue[0]
            elif piece[0] >= link.cue[1]:
                a, b = link.cue[1], piece[0]
            else:  # a content span around the cue: only possible with odd spans
                continue
            if _between_has_cue(cue_owner, a, b, k):
                continue
            head = doc[link.cue_head]
            governed = any(
                t.head.i != t.i and in_range(t.head.i, link.cue) for t in piece_tokens
            ) or (head.head.i != head.i and in_range(head.head.i, piece))
            own = link.source
            gap = sum(
                1
                for i in range(a, b)
                if not (own and in_range(i, own)) and not doc[i].is_punct and not doc[i].is_space
            )
            if not governed and gap > MAX_CONTENT_GAP:
                continue
            if not governed and not _quoted(doc, piece) and _other_sentence(doc, piece, link):
                continue  # "... a request for comment. Analysts said ...": not theirs
            score = 0 if governed else 1 + gap
            if best_k is None or score < best_k[0]:
                best_k = (score, k)
        if best_k is None:
            orphans.append(piece)
            continue
        score, k = best_k
        links[k].contents.append(piece)
        links[k].reasons.append(
            "content governed by the cue" if score == 0 else "content next to the cue"
        )
    return links, orphans


def subtree_range(token: Token) -> TokenRange:
    return token.left_edge.i, token.right_edge.i + 1


def strip_range(doc: Doc, r: TokenRange) -> TokenRange:
    """A token range without edge punctuation and spaces (empty when nothing is left)."""
    s, e = r
    while s < e and (doc[s].is_punct or doc[s].is_space) and doc[s].text not in ("“", '"'):
        s += 1
    while (
        e > s
        and (doc[e - 1].is_punct or doc[e - 1].is_space)
        and doc[e - 1].text
        not in (
            "”",
            '"',
        )
    ):
        e -= 1
    return s, e


def content_from_parse(doc: Doc, cue: TokenRange, head: int) -> list[TokenRange]:
    """The content of a cue read off the parse, or [] when the parse shows none.

    A verb or adjective cue: its clausal complement ("said [that ...]", "is worried [that
    ...]", "plans [to ...]"), else its direct object ("denied [the claims]"). A noun cue: its
    that-clause or "of/about" object ("reports [that ...]"). "according to X": the clause the
    phrase modifies, minus the phrase. A parenthetical cue ("..., he said"): the clause it
    hangs on, minus the cue's own subtree.
    """
    token = doc[head]
    sent = token.sent
    if token.lower_ == "according":
        governor = token.head
        if governor.i == token.i:
            return []
        own = subtree_range(token)
        clause = (sent.start, sent.end)
        pieces = [(clause[0], own[0]), (own[1], clause[1])]
        return [p for p in (strip_range(doc, p) for p in pieces) if p[1] > p[0]]
    if token.pos_ == "ADV":
        # "X has reportedly been ...": the clause the adverb modifies, around the adverb
        governor = token.head
        if governor.i == token.i:
            return []
        clause = subtree_range(governor)
        pieces = [(clause[0], cue[0]), (cue[1], clause[1])]
        return [p for p in (strip_range(doc, p) for p in pieces) if p[1] > p[0]]
    best: Token | None = None
    for child in token.children:
        if in_range(child.i, cue):
            continue
        if child.dep_ in ("ccomp", "xcomp") or (
            child.dep_ in ("acl", "advcl") and any(g.dep_ == "mark" for g in child.children)
        ):
            best = child
            break
        if child.dep_ in ("dobj", "attr", "oprd") and best is None:
            best = child
        if child.dep_ == "prep" and child.lower_ in ("of", "about", "on") and best is None:
            best = child
    if best is not None:
        r = strip_range(doc, subtree_range(best))
        if best.dep_ == "prep":
            r = strip_range(doc, (best.i + 1, r[1]))
        if r[1] > r[0] and not (r[0] < cue[1] and cue[0] < r[1]):
            return [r]
    # parenthetical cue: "A, he said." -> said's head (or child) is the clause A
    if token.dep_ in ("parataxis", "ccomp"):
        governor = token.head
        if governor.i != token.i:
            clause = subtree_range(governor)
            own = subtree_range(token)
            pieces = [(clause[0], own[0]), (own[1], clause[1])]
            return [p for p in (strip_range(doc, p) for p in pieces) if p[1] > p[0]]
    return []


def source_from_parse(doc: Doc, cue: TokenRange, head: int) -> TokenRange | None:
    """The source read off the parse: the cue's subject (or the subject it shares through a
    conjunction), a passive "by" agent, the object of "according to", a noun cue's possessor.
    Empty subjects ("it is said", "there is concern") give no source."""
    token = doc[head]
    if token.lower_ == "according":
        for child in token.children:
            if child.dep_ == "prep":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return subtree_range(obj)
        return None
    heads = [token] + [t for t in doc[cue[0] : cue[1]] if t.i != token.i]
    node = token
    for _ in range(3):
        if node.dep_ in _SHARED_SUBJECT_DEPS and node.head.i != node.i:
            node = node.head
            heads.append(node)
        else:
            break
    for h in heads:
        for child in h.children:
            if child.dep_ in ("nsubj", "nsubjpass", "poss") and not in_range(child.i, cue):
                if child.lower_ in _EMPTY_SUBJECTS:
                    return None
                return strip_range(doc, subtree_range(child))
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return strip_range(doc, subtree_range(obj))
    return None


def _cue_extent(doc: Doc, head: Token) -> TokenRange:
    """The verb group of a rule cue: auxiliaries, negation and adverbs before the head, a
    particle after it ("pointed out")."""
    start = head.i
    while start > 0:
        prev = doc[start - 1]
        if prev.head.i == head.i and prev.dep_ in ("aux", "auxpass", "neg", "advmod"):
            start -= 1
        else:
            break
    end = head.i + 1
    if end < len(doc) and doc[end].dep_ == "prt" and doc[end].head.i == head.i:
        end += 1
    return start, end


def rule_cues(doc: Doc, lexicon: CueLexicon) -> list[tuple[TokenRange, int, str]]:
    """Cues found by the lexicon and the parse alone: (token range, head index, reason).

    A lexicon verb or adjective with a clausal complement ("said that", "is worried that"),
    a lexicon speech-act verb with an object ("dismissed the claims"), a lexicon noun with a
    that-clause ("reports that"), "according to", and hedging adverbs ("reportedly").
    """
    found: list[tuple[TokenRange, int, str]] = []
    for start, (end, _phrase) in phrase_cues(doc, lexicon).items():
        if doc[start].lower_ == "according":
            found.append(((start, end), start, "rule: 'according to'"))
    for token in doc:
        entry = cue_entry_of(token, lexicon)
        if entry is None:
            continue
        deps = {c.dep_ for c in token.children}
        if entry.section == "adverbs":
            found.append(
                ((token.i, token.i + 1), token.i, f"rule: hedging adverb {token.lower_!r}")
            )
        elif entry.section == "verbs" and token.pos_ in ("VERB", "ADJ", "AUX"):
            if (
                "ccomp" in deps
                or (entry.kind != "speech" and "dobj" in deps)
                or (token.pos_ == "ADJ" and "ccomp" in deps)
            ):
                found.append(
                    (_cue_extent(doc, token), token.i, f"rule: lexicon verb {token.lemma_!r}")
                )
        elif entry.section == "nouns" and token.pos_ == "NOUN":
            clause = [
                c
                for c in token.children
                if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.children)
            ]
            if clause:
                found.append(
                    ((token.i, token.i + 1), token.i, f"rule: lexicon noun {token.lemma_!r}")
                )
    return found


def _noun_before_clause(
    doc: Doc, piece: TokenRange, lexicon: CueLexicon
) -> tuple[Token, TokenRange] | None:
    """The lexicon noun a content span's opening that-clause belongs to ("statement [that
    ...]", "reports [that ...]"), with the clause's token range."""
    first = doc[piece[0]]
    if first.lower_ != "that" or first.dep_ != "mark":
        return None
    clause = first.head
    noun = clause.head
    if clause.dep_ not in ("acl", "ccomp", "relcl") or noun.i >= piece[0] or noun.i == clause.i:
        return None
    entry = cue_entry_of(noun, lexicon)
    if entry is None or entry.section != "nouns":
        return None
    return noun, subtree_range(clause)


def recover_cue(
    doc: Doc,
    piece: TokenRange,
    sources: list[TokenRange],
    taken: list[bool],
    lexicon: CueLexicon,
) -> Link | None:
    """A cue for a content span the tagger marked without one: the word the content's root
    hangs on, when it is a lexicon cue (a clausal complement of "told", a that-clause of
    "claim"). ``taken`` marks tokens already in some span. The source is a tagged source span
    that is an argument of the new cue, else the cue's subject from the parse."""
    noun = _noun_before_clause(doc, piece, lexicon)
    if noun is not None:
        # "The ministry's statement [that ...] did little": the clause ends where its subtree
        # does, whatever the tagger's span ran on to
        head, clause = noun
        piece = (piece[0], min(piece[1], clause[1]))
    else:
        root = doc[piece[0] : piece[1]].root
        head = root.head
        if head.i == root.i or in_range(head.i, piece) or head.is_punct or head.is_space:
            return None
        if cue_entry_of(head, lexicon) is None:
            return None
    if taken[head.i]:
        return None
    cue = _cue_extent(doc, head) if head.pos_ in ("VERB", "AUX", "ADJ") else (head.i, head.i + 1)
    if any(taken[i] for i in range(cue[0], cue[1])):
        cue = (head.i, head.i + 1)
    link = Link(cue=cue, cue_head=head.i, contents=[piece], confidence=0.6)
    link.reasons.append(f"cue {head.lemma_!r} recovered from the parse of a tagged content")
    heads = _arg_heads(doc, cue, head.i)
    for src in sources:
        if _syntactic_source(doc, src, heads):
            link.source = src
            link.reasons.append("tagged source is an argument of the cue")
            break
    else:
        link.source = source_from_parse(doc, cue, head.i)
        if link.source is not None:
            if any(taken[i] for i in range(link.source[0], link.source[1])):
                link.source = None
            else:
                link.reasons.append("source from the parse")
    return link
