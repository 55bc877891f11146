"""The founding example (examples/seed-article.txt, published 2024-10-22): the claims the issue
requires, field by field. Each case names one claim and the fields it must carry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from watchfloor.records import Claim, Extraction

Check = Callable[[Claim], bool]


def _actor(c: Claim, country: str, role: str | None = None, name: str | None = None) -> bool:
    if c.source is None:
        return False
    actor = c.source.actor
    return (
        actor.country == country
        and (role is None or actor.role == role)
        and (name is None or name in actor.name)
    )


def _event(c: Claim, type_: str, actor: str | None, target: str | None) -> bool:
    e = c.event
    return e is not None and e.type == type_ and e.actor == actor and e.target == target


def _in_content(c: Claim, words: str) -> bool:
    return words in c.content.text


CASES: dict[str, Check] = {
    "NIS confirms 1,500 special operation forces sent to Russia in October 2024": lambda c: (
        _actor(c, "KOR", "intelligence", "National Intelligence Service")
        and c.stance == "confirm"
        and _event(c, "AID", "PRK", "RUS")
        and c.event is not None
        and c.event.mode == "military"
        and c.event.quantity is not None
        and c.event.quantity.value == 1500
        and c.event.quantity.unit is not None
        and "forces" in c.event.quantity.unit
        and c.event.when is not None
        and (c.event.when.date, c.event.when.precision) == (dt.date(2024, 10, 1), "month")
    ),
    "Zelensky alleges 10,000 soldiers being prepared (hedged or planned)": lambda c: (
        _actor(c, "UKR", name="Zelensky")
        and c.source is not None
        and c.source.actor.kind == "person"
        and c.stance == "allege"
        and _event(c, "AID", "PRK", "RUS")
        and c.event is not None
        and c.event.mode == "military"
        and c.event.quantity is not None
        and c.event.quantity.value == 10000
        and (c.hedged or c.event.modality == "planned")
    ),
    "North Korea denies the reports": lambda c: (
        _actor(c, "PRK") and c.stance == "deny" and c.cue.lemma == "rubbish"
    ),
    "Russia denies the reports": lambda c: (
        _actor(c, "RUS") and c.stance == "deny" and c.cue.lemma == "rubbish"
    ),
    "Nebenzia (RUS diplomat) dismisses the claims on 2024-10-21": lambda c: (
        _actor(c, "RUS", "diplomat", "Nebenzia")
        and c.stance == "deny"
        and c.said is not None
        and c.said.date == dt.date(2024, 10, 21)
        and c.said.precision == "day"
    ),
    "Nebenzia accuses the West": lambda c: (
        _actor(c, "RUS", "diplomat", "Nebenzia")
        and c.cue.lemma == "accuse"
        and c.stance == "allege"
        and "West" in c.content.text
    ),
    "senior presidential official: Seoul considering weapons for Ukraine (planned)": lambda c: (
        _actor(c, "KOR")
        and "official" in (c.source.span.text if c.source else "")
        and c.stance == "assert"
        and _event(c, "AID", "KOR", "UKR")
        and c.event is not None
        and c.event.mode == "military"
        and c.event.modality == "planned"
    ),
    "South Korea's officials condemn the North's alleged move": lambda c: (
        _actor(c, "KOR") and c.cue.lemma == "condemn" and _event(c, "DISAPPROVE", "KOR", "PRK")
    ),
    "officials' statement: phased countermeasures (threaten or planned)": lambda c: (
        _actor(c, "KOR")
        and _in_content(c, "phased countermeasures")
        and c.event is not None
        and (c.event.type == "THREATEN" or c.event.modality == "planned")
    ),
    "sourceless reports that troops from the North were rushed to aid Russia": lambda c: (
        c.source is None
        and c.hedged
        and _in_content(c, "troops from the North")
        and _event(c, "AID", "PRK", "RUS")
    ),
}


@pytest.mark.parametrize("label", list(CASES))
def test_seed_claim(seed_extraction: Extraction, label: str) -> None:
    matches = [c for c in seed_extraction.claims if CASES[label](c)]
    assert matches, f"no claim matches: {label}\n" + "\n".join(
        repr(c) + f" {c.source!r} {c.event!r}" for c in seed_extraction.claims
    )


@pytest.mark.parametrize(
    "unattributed",
    ["Why is S Korea worried?", "(With inputs from agencies)"],
)
def test_no_claim_where_nothing_is_attributed(
    seed_extraction: Extraction, unattributed: str
) -> None:
    text = seed_extraction.document.text
    start = text.index(unattributed)
    end = start + len(unattributed)
    inside = [c for c in seed_extraction.claims if start <= c.cue.span.start < end]
    assert not inside


def test_every_seed_span_points_into_the_text(seed_extraction: Extraction) -> None:
    text = seed_extraction.document.text
    for claim in seed_extraction.claims:
        spans = [claim.sentence, claim.cue.span, claim.content]
        if claim.source is not None:
            spans.append(claim.source.span)
        for span in spans:
            for start, end in span.ranges:
                assert text[start:end] in span.text
