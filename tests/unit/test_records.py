"""The frozen records: construction rules and their pinned reprs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from watchfloor.records import (
    RANGE_JOIN,
    Actor,
    Claim,
    Cue,
    Document,
    Event,
    Extraction,
    Quantity,
    Source,
    Span,
    When,
)

TEXT = "“We are ready,” the minister said, “to send help.”"


def test_span_of_takes_text_from_document_and_orders_ranges() -> None:
    span = Span.of(TEXT, ((36, 49), (1, 14)))
    assert span.ranges == ((1, 14), (36, 49))
    assert span.text == TEXT[1:14] + RANGE_JOIN + TEXT[36:49]
    assert (span.start, span.end) == (1, 49)


@pytest.mark.parametrize("ranges", [(), ((5, 5),), ((-1, 3),), ((4, 2),)])
def test_span_rejects_empty_or_inverted_ranges(ranges: tuple[tuple[int, int], ...]) -> None:
    with pytest.raises(ValueError, match="span"):
        Span(ranges=ranges, text="x")


def test_span_of_rejects_range_past_the_text() -> None:
    with pytest.raises(ValueError, match="runs past the text"):
        Span.of("short", ((0, 10),))


def test_records_are_frozen() -> None:
    actor = Actor(name="Seoul", kind="state", country="KOR", role="government")
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.name = "Pyongyang"  # type: ignore[misc]


def _claim(**changes: object) -> Claim:
    text = "Seoul said the North sent 1,500 troops."
    fields: dict[str, object] = {
        "id": "abc-6",
        "document_id": "doc",
        "sentence": Span.of(text, ((0, len(text)),)),
        "source": Source(
            span=Span.of(text, ((0, 5),)),
            actor=Actor(name="South Korea", kind="state", country="KOR", role="government"),
        ),
        "cue": Cue(span=Span.of(text, ((6, 10),)), lemma="say"),
        "content": Span.of(text, ((11, 38),)),
        "stance": "assert",
        "hedged": False,
        "event": Event(
            type="AID",
            mode="military",
            actor="PRK",
            quantity=Quantity(value=1500, unit="troops"),
            when=When(date=dt.date(2024, 10, 1), precision="month"),
        ),
        "confidence": 0.9,
        "extractor": "attribution.hybrid.v1",
    }
    fields.update(changes)
    return Claim(**fields)  # type: ignore[arg-type]


def test_claim_rejects_unknown_stance_with_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown stance 'denied': use one of assert, confirm"):
        _claim(stance="denied")


def test_claim_rejects_confidence_outside_unit_interval() -> None:
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        _claim(confidence=1.5)


def test_document_requires_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Document(id="d", sha256="0" * 64, origin="x", text="t", published=dt.datetime(2024, 1, 1))


def test_reprs_are_pinned() -> None:
    claim = _claim()
    assert repr(claim) == ("Claim(South Korea assert via 'say': 'the North sent 1,500 troops')")
    assert repr(claim.source) == "Source('Seoul' -> Actor('South Korea' state/KOR/government))"
    assert repr(claim.cue) == "Cue('said' lemma='say')"
    assert repr(claim.content) == "Span(11:38 'the North sent 1,500 troops')"
    assert repr(claim.event) == (
        "Event(AID military PRK->? Quantity(1500 troops) When(2024-10) actual)"
    )
    assert repr(Quantity(max=12000, unit="troops")) == "Quantity(?..12000 troops)"
    assert repr(When(date=dt.date(2024, 1, 1), precision="year")) == "When(2024)"
    document = Document(
        id="seed",
        sha256="ab" * 32,
        origin="x.txt",
        text="abc",
        published=dt.datetime(2024, 10, 22, tzinfo=dt.UTC),
    )
    assert repr(document) == "Document('seed' 2024-10-22 3 chars sha256=abababababab)"
    assert repr(Extraction(document=document, claims=(claim,))) == (
        "Extraction('seed' 1 claims 0 errors)"
    )


@pytest.mark.parametrize(
    ("text", "seconds"), [("1d", 86400), ("12h", 43200), ("30m", 1800), ("2w", 1209600)]
)
def test_durations(text: str, seconds: int) -> None:
    from watchfloor.config import parse_duration

    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "d", "0d", "1.5d", "-1d", "1y", "day"])
def test_bad_durations_name_the_option(text: str) -> None:
    from watchfloor.config import parse_duration
    from watchfloor.errors import ConfigError

    with pytest.raises(ConfigError, match="--step"):
        parse_duration(text, what="--step")
