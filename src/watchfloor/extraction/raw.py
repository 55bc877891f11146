"""The internal record of one attribution found in a spaCy ``Doc``.

It stays inside the extract stage (it holds token indices into a ``Doc``); ``engine`` turns it
into a :class:`watchfloor.records.Claim`.
"""

from __future__ import annotations

from dataclasses import dataclass

CharRanges = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawAttribution:
    """Source, cue and content of one attribution, as character ranges into ``doc.text``.

    ``source`` is empty for sourceless attributions ("reportedly"). ``cue_head`` is the token
    index of the cue's main word (the reporting verb or noun, "according" in "according to");
    ``source_head`` the head token of the source mention; ``content_head`` the main predicate of
    the content, when known. ``sentence`` is the token range [start, end) of the cue's sentence.
    ``confidence`` is in [0, 1]; ``reasons`` says which rule or model produced the triple.
    """

    source: CharRanges
    cue: CharRanges
    content: CharRanges
    cue_head: int
    source_head: int | None
    content_head: int | None
    sentence: tuple[int, int]
    confidence: float
    reasons: tuple[str, ...] = ()
