"""Golden stories and grades of the bundled corpus (see tests/golden/ledger/README.md), on a real
SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from watchfloor.corroborate import load_registry, rebuild
from watchfloor.ledger import Ledger, open_ledger

GOLDEN = json.loads((Path(__file__).parent / "ledger" / "corpus.json").read_text("utf-8"))


def _summary(ledger: Ledger) -> list[dict[str, Any]]:
    out = []
    for summary in ledger.stories(limit=None):
        story = ledger.story(summary.id)
        assert story is not None
        out.append(
            {
                "title": story.title,
                "credibility": story.credibility.value,
                "documents": story.documents,
                "origins": story.origins,
                "stance_counts": dict(story.stance_counts),
                "figures": [
                    [
                        f.claimant,
                        f.stance,
                        f.quantity.value,
                        f.quantity.max,
                        f.quantity.unit,
                        f.said.isoformat(),
                    ]
                    for f in story.figures
                ],
                "denied_by": sorted(
                    {m.claimant.name for m in story.claims if m.relation == "denies" and m.claimant}
                ),
                "declined_by": sorted(
                    {
                        m.claimant.name
                        for m in story.claims
                        if m.relation == "declines" and m.claimant
                    }
                ),
            }
        )
    return sorted(out, key=lambda s: s["title"])


@pytest.fixture
def graded(ledger_url: str, corpus_extractions) -> Ledger:  # type: ignore[no-untyped-def]
    from watchfloor.extraction.engine import ENGINE_ID

    ledger = open_ledger(ledger_url)
    for extraction in corpus_extractions:
        ledger.store(extraction, extractor=ENGINE_ID)
    rebuild(ledger, registry=load_registry(EXAMPLES / "sources.yaml"))
    return ledger


def test_stories_of_the_corpus(graded: Ledger) -> None:
    with graded:
        got = _summary(graded)
    assert [s["title"] for s in got] == [s["title"] for s in GOLDEN["stories"]]
    for mine, expected in zip(got, GOLDEN["stories"], strict=True):
        assert mine == expected, mine["title"]


def test_the_founding_story_holds_the_founding_claims(graded: Ledger) -> None:
    with graded:
        story = graded.story(graded.story_of_document("seed-article") or 0)
    assert story is not None
    assert story.title == "PRK AID military → RUS, October 2024"
    from_seed = {
        (m.claimant.name if m.claimant else None, m.relation)
        for m in story.claims
        if m.document_id == "seed-article"
    }
    assert ("National Intelligence Service", "supports") in from_seed
    assert ("Volodymyr Zelensky", "supports") in from_seed
    assert {("North Korea", "denies"), ("Russia", "denies"), ("Vassily Nebenzia", "denies")} <= (
        from_seed
    )
    reasons = " ".join(story.credibility.reasons)
    assert (
        "confirmed by KOR (National Intelligence Service); USA (Department of Defense)" in reasons
    )
    assert "parties to the event, shown but not counted against" in reasons
    copies = [m for m in story.claims if m.origin != m.document_id]
    assert {m.document_id for m in copies} == {"wire-2024-10-19-nis-copy"}
    assert {m.origin for m in copies} == {"seoul-ledger-2024-10-18-nis"}


def test_source_reliability_from_the_registry_and_unknowns_at_f(graded: Ledger) -> None:
    with graded:
        grades = {g.claimant.name: g for g in graded.sources()}
    for name, value in GOLDEN["reliability"].items():
        assert grades[name].reliability.value == value, name
    nis = grades["National Intelligence Service"]
    assert nis.reliability.reasons[0].startswith("registry sources.yaml grades it B")
    assert (nis.confirmed, nis.contradicted) == (1, 0)
    russia = grades["Russia"]
    assert russia.contradicted == 1  # denied a story confirmed by independent sources
    unknown = grades["Mark Rutte"]
    assert unknown.reliability.value == "F"
    assert unknown.reliability.reasons[0] == (
        "not in the source registry and too little track record to judge"
    )


def test_story_ids_match_the_claims_read_whole(graded: Ledger) -> None:
    whole = {claim.id: story for claim, story, _ in graded.iter_claims() if story is not None}
    assert graded.story_ids() == whole
    assert len(whole) > 20
