"""What the pages draw in Python: the article cut into highlighted pieces, and the chart."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import watchfloor
from watchfloor.web.render import pieces, story_chart

TEXT = (
    "Seoul's spy agency said on Friday that North Korea had sent 1,500 troops to Russia. "
    'Moscow denied the report. "We have no evidence of this," a NATO spokeswoman said.'
)


@pytest.fixture(scope="module")
def extraction():  # type: ignore[no-untyped-def]
    return watchfloor.extract(TEXT, published="2024-10-18", document_id="render-test")


def test_the_pieces_are_the_text_and_carry_every_role(extraction) -> None:  # type: ignore[no-untyped-def]
    cut = pieces(TEXT, extraction.claims)
    assert "".join(p.text for p in cut) == TEXT
    assert all(TEXT[p.start : p.end] == p.text for p in cut)
    assert {p.role for p in cut} >= {"source", "cue", "content", None}
    for claim in extraction.claims:
        covered = [p for p in cut if claim.id in p.claims]
        assert covered and any(p.role == "cue" for p in covered)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_any_text_without_claims_is_one_piece(text: str) -> None:
    cut = pieces(text, ())
    assert "".join(p.text for p in cut) == text
    assert all(p.role is None for p in cut)


def test_the_chart_escapes_every_name(extraction) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from watchfloor.records import Figure, Grade, Quantity, Story, StoryClaim

    claim = extraction.claims[0]
    member = StoryClaim(
        claim=claim,
        claimant=None,
        relation="supports",
        document_id="render-test",
        origin="render-test",
        outlet=None,
        reported=dt.datetime(2024, 10, 18, tzinfo=dt.UTC),
    )
    figure = Figure(
        claimant='<script>alert("x")</script>',
        stance="confirm",
        quantity=Quantity(value=1500.0, unit="troops"),
        said=dt.date(2024, 10, 18),
        modality="actual",
        claim_id=claim.id,
    )
    story = Story(
        id=1,
        key="k",
        title="t",
        event_type="AID",
        mode=None,
        actor="PRK",
        target="RUS",
        first_seen=member.reported,
        last_seen=member.reported,
        claims=(member, replace(member, reported=member.reported + dt.timedelta(days=3))),
        claim_count=2,
        figures=(figure,),
        stance_counts=(("confirm", 1),),
        documents=1,
        origins=1,
        credibility=Grade(value="3"),
    )
    svg = str(story_chart(story))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colours_are_readable_on_their_backgrounds() -> None:
    """WCAG contrast of the stylesheet's colours: 7:1 (AAA) for text and links, 4.5:1 (AA) for
    the stance colours and the text on highlights."""
    import re
    from importlib.resources import files

    css = files("watchfloor.web").joinpath("static/app.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", css))
    for name in ("ink", "muted", "accent"):
        assert _contrast(var[name], var["paper"]) >= 7, name
    for name in ("source", "cue", "content"):
        assert _contrast(var["ink"], var[name]) >= 7, name
    stances = re.findall(r"\.key\.stance-\w+ \{ color: (#[0-9a-f]{6}); \}", css)
    assert len(stances) == 4
    assert all(_contrast(c, var["paper"]) >= 4.5 for c in stances)
