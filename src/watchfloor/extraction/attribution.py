"""The attribution finder: who is said to say, think or claim what, as character ranges.

``find_attributions(doc)`` turns a ``Doc`` from :func:`watchfloor.extraction.pipeline.load_pipeline`
into :class:`RawAttribution` records, one per cue, covering

* indirect speech ("X said that ..."), direct quotes, quotes split around the cue
  ("“...,” he said, “...”" gives a content of two ranges), "according to X", reporting nouns
  ("X's statement", "amid reports that ..."), passives ("was quoted as saying"), belief
  predicates ("Seoul is worried that"), speech-act verbs (condemn, accuse, deny, dismiss,
  reject, rubbish, threaten, term) and sourceless hedges ("reportedly": no source range).

Span edges follow the PolNeAR annotation guidelines: the cue is the verb group (auxiliaries,
negation, adverbs: "has repeatedly said"), the content starts at "that", the source is the
whole noun phrase with its identifying modifiers. Edge punctuation and the outer quotation
marks are left out of every range (the shared scorer ignores them too); quotes inside a range
stay. Nested attributions inside a content are not reported (PolNeAR annotates the outermost
one only), except a sourceless report in an adjunct ("amid reports that ...").

How: the pipeline's tagger (``attribution_model``) marks SOURCE / CUE / CONTENT spans in
``doc.spans["attribution"]``; ``attribution_rules`` links them per cue and reads from the parse
what the tagger left out (a content or source it did not mark, a cue for a content it marked
alone); ``attribution_repairs`` fixes its typical slips. Without tagger spans (a Doc from
another pipeline) the rules alone run: lexicon cues with their parse arguments. The work per
document is linear in its length.
"""

from __future__ import annotations

import logging

from spacy.tokens import Doc

from watchfloor.extraction.attribution_features import phrase_cues
from watchfloor.extraction.attribution_lexicon import CueLexicon, load_cues
from watchfloor.extraction.attribution_repairs import (
    adjunct_report_links,
    adverb_cue,
    attach_quote_continuations,
    extend_cue_to_phrase,
    has_substance,
    split_long_cue,
    subject_piece_to_source,
    trim_content_adjunct,
    trim_source,
)
from watchfloor.extraction.attribution_rules import (
    Link,
    TokenRange,
    content_from_parse,
    link_spans,
    recover_cue,
    rule_cues,
    source_from_parse,
)
from watchfloor.extraction.raw import CharRanges, RawAttribution

__all__ = ["EXTRACTOR_ID", "SPANS_KEY", "cue_lexicon", "find_attributions"]

log = logging.getLogger(__name__)

EXTRACTOR_ID = "attribution.tagger+rules.v1"
"""Extractor id with version, recorded on every claim."""

SPANS_KEY = "attribution"
"""The ``doc.spans`` key the pipeline's tagger writes (kept equal to attribution_model's)."""

_TAGGED_CONFIDENCE = 0.85
_PARSE_CONTENT_CONFIDENCE = 0.7
_RULE_CONFIDENCE = 0.6


def cue_lexicon() -> CueLexicon:
    """The packaged cue lexicon (``data/cues.yaml``), read once per process."""
    return load_cues()


def _char_ranges(doc: Doc, ranges: list[TokenRange]) -> CharRanges:
    """Sorted character ranges of token ranges, overlapping ones merged."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in merged)


def _tagged(doc: Doc) -> tuple[list[TokenRange], list[TokenRange], list[TokenRange]] | None:
    group = doc.spans.get(SPANS_KEY) if doc.spans is not None else None
    if group is None:
        return None
    cues, sources, contents = [], [], []
    for span in group:
        r = (span.start, span.end)
        if span.label_ == "CUE":
            cues.append(r)
        elif span.label_ == "SOURCE":
            sources.append(r)
        elif span.label_ == "CONTENT":
            contents.append(r)
    return cues, sources, contents


def _rule_links(doc: Doc, lexicon: CueLexicon) -> list[Link]:
    links = []
    for cue, head, why in rule_cues(doc, lexicon):
        link = Link(cue=cue, cue_head=head, reasons=[why], confidence=_RULE_CONFIDENCE)
        link.source = source_from_parse(doc, cue, head)
        links.append(link)
    return links


def _tagged_links(
    doc: Doc,
    lexicon: CueLexicon,
    cues: list[TokenRange],
    sources: list[TokenRange],
    contents: list[TokenRange],
) -> list[Link]:
    fixed_cues = []
    for tagged_cue in cues:
        cue, swallowed = split_long_cue(doc, tagged_cue, lexicon)
        fixed_cues.append(cue)
        if swallowed is not None:
            contents.append(swallowed)
    cues = fixed_cues
    links, orphans = link_spans(doc, cues, sources, contents, lexicon)
    taken = [False] * len(doc)
    not_cue = [False] * len(doc)
    for r in cues + sources + contents:
        for i in range(r[0], r[1]):
            taken[i] = True
    for r in sources + contents:
        for i in range(r[0], r[1]):
            not_cue[i] = True
    for link in links:
        link.reasons.insert(0, "cue tagged")
        link.confidence = _TAGGED_CONFIDENCE
        if link.source is None:
            # the tagger found the cue but no source: the parse subject, unless it lies in
            # another tagged span ("it is said", passives and "reportedly" give none)
            src = source_from_parse(doc, link.cue, link.cue_head)
            if src is not None and not any(not_cue[src[0] : src[1]]):
                link.source = src
                link.reasons.append("source from the parse")
    rest = []
    for piece in orphans:
        found = recover_cue(doc, piece, sources, taken, lexicon)
        if found is None:
            rest.append(piece)
            continue
        links.append(found)
        for i in range(found.cue[0], found.cue[1]):
            taken[i] = True
    if rest:
        cue_tokens = {i for link in links for i in range(link.cue[0], link.cue[1])}
        attach_quote_continuations(doc, links, rest, cue_tokens)
    phrases = phrase_cues(doc, lexicon)
    for link in links:
        adverb_cue(doc, link)
        extend_cue_to_phrase(link, phrases)
        subject_piece_to_source(doc, link)
        if link.source is not None:
            link.source = trim_source(doc, link.source)
        trim_content_adjunct(doc, link)
        if not any(has_substance(doc, p) for p in link.contents):
            link.contents = []  # the parse may still find one
    links.extend(adjunct_report_links(doc, links, taken, lexicon))
    return links


def find_attributions(doc: Doc) -> list[RawAttribution]:
    """Every attribution in ``doc``, one per cue, in text order.

    ``doc`` comes from ``load_pipeline()`` (tagged, parsed, lemmatised, with the attribution
    tagger's spans); a Doc without those spans is handled by the lexicon rules alone. Every
    range is a (start, end) character range into ``doc.text``, end-exclusive; ``content`` is
    never empty, ``source`` is empty for sourceless attributions ("reportedly").
    """
    lexicon = cue_lexicon()
    tagged = _tagged(doc)
    links = _rule_links(doc, lexicon) if tagged is None else _tagged_links(doc, lexicon, *tagged)
    out: list[RawAttribution] = []
    for link in links:
        if not link.contents:
            pieces = content_from_parse(doc, link.cue, link.cue_head)
            link.contents = [p for p in pieces if has_substance(doc, p)]
            if not link.contents:
                log.debug(
                    "cue %r at token %d: no content found, dropped",
                    doc[link.cue[0] : link.cue[1]].text,
                    link.cue[0],
                )
                continue
            link.reasons.append("content from the parse")
            link.confidence = min(link.confidence, _PARSE_CONTENT_CONFIDENCE)
        sent = doc[link.cue_head].sent
        largest = max(link.contents, key=lambda r: r[1] - r[0])
        out.append(
            RawAttribution(
                source=_char_ranges(doc, [link.source] if link.source else []),
                cue=_char_ranges(doc, [link.cue]),
                content=_char_ranges(doc, link.contents),
                cue_head=link.cue_head,
                source_head=doc[link.source[0] : link.source[1]].root.i if link.source else None,
                content_head=doc[largest[0] : largest[1]].root.i,
                sentence=(sent.start, sent.end),
                confidence=link.confidence,
                reasons=tuple(link.reasons),
            )
        )
    out.sort(key=lambda a: a.cue)
    return out
