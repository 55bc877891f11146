"""Property: every span of every claim points into the text it came from.

Texts are built from hand-written fragments (sources, cues, contents, quotes wrapped around the
cue, odd whitespace, typographic quotes, non-ASCII names) so that attributions really occur.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import watchfloor
from watchfloor.records import RANGE_JOIN, Claim

SOURCES = [
    "Seoul",
    "The ministry",
    "Kyiv's envoy",
    "A senior official",
    "Zoë Ångström",
    "North Korea and Russia",
    "He",
    "The agency",
    "Officials in Tokyo",
]
CUES = ["said", "confirmed", "claimed", "denied", "warned", "has rubbished", "did not confirm"]
CONTENTS = [
    "troops were sent to the border",
    "up to 12,000 soldiers may be deployed",
    "the reports were false",
    "talks would resume on Monday",
    "it had no evidence of a transfer",
    "the drills were “purely defensive”",
]
NOISE = [
    "Markets were calm.",
    "The weather was cold in Pyongyang.",
    "\n\n",
    "  ",
    "Why does it matter?",
    "(Reporting by staff)",
]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    source, cue, content = (
        draw(st.sampled_from(SOURCES)),
        draw(st.sampled_from(CUES)),
        draw(st.sampled_from(CONTENTS)),
    )
    if kind == 0:
        return f"{source} {cue} that {content}."
    if kind == 1:
        return f"“{content.capitalize()},” {source.lower()} {cue}."
    if kind == 2:
        half = content.split(" ", 2)
        return f"“{' '.join(half[:2]).capitalize()},” {source} said, “{half[-1]}.”"
    if kind == 3:
        return f"According to {source}, {content}."
    return draw(st.sampled_from(NOISE))


texts = st.lists(sentences(), min_size=1, max_size=6).map(
    lambda parts: " ".join(parts).strip() or "Nothing."
)


def _spans(claim: Claim) -> list[watchfloor.records.Span]:
    out = [claim.sentence, claim.cue.span, claim.content]
    if claim.source is not None:
        out.append(claim.source.span)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_every_span_is_text_start_end(text: str) -> None:
    extraction = watchfloor.extract(text, published=dt.date(2024, 10, 22))
    assert extraction.document.text == text
    for claim in extraction.claims:
        for span in _spans(claim):
            assert span.ranges == tuple(sorted(span.ranges))
            assert span.text == RANGE_JOIN.join(text[s:e] for s, e in span.ranges)
            for start, end in span.ranges:
                assert 0 <= start < end <= len(text)
