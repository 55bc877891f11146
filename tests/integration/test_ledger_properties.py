"""Properties of the ledger with corroboration: the order documents arrive in changes neither
the stories nor the grades, and ingesting everything again changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchfloor.corroborate import rebuild
from watchfloor.ledger import Ledger, open_ledger
from watchfloor.records import Extraction

ENGINE = "extract.test"


def canonical(ledger: Ledger) -> tuple[object, ...]:
    """Everything an analyst sees, minus the ids the ledger happens to assign."""
    stories = []
    for summary in ledger.stories(limit=None):
        story = ledger.story(summary.id)
        assert story is not None
        stories.append(
            (
                story.key,
                story.title,
                story.credibility,
                story.figures,
                story.stance_counts,
                story.documents,
                story.origins,
                story.first_seen,
                story.last_seen,
                tuple((m.claim.id, m.relation, m.origin) for m in story.claims),
            )
        )
    sources = tuple(
        (g.claimant, g.reliability, g.claims, g.stories, g.confirmed, g.contradicted)
        for g in ledger.sources()
    )
    return tuple(sorted(stories, key=repr)), sources


def _ingest(url: str, extractions: list[Extraction]) -> tuple[object, ...]:
    with open_ledger(url) as ledger:
        for extraction in extractions:
            ledger.store(extraction, extractor=ENGINE)
        rebuild(ledger)
        return canonical(ledger)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_ingest_order_changes_neither_stories_nor_grades(corpus_extractions, data) -> None:  # type: ignore[no-untyped-def]
    order = data.draw(st.permutations(list(corpus_extractions)))
    with tempfile.TemporaryDirectory() as folder:
        reference = _ingest(f"sqlite:///{Path(folder) / 'a.db'}", list(corpus_extractions))
        shuffled = _ingest(f"sqlite:///{Path(folder) / 'b.db'}", order)
    assert shuffled == reference
    assert any("AID" in story[1] for story in reference[0])


def test_ingesting_everything_twice_changes_nothing(ledger_url: str, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    with open_ledger(ledger_url) as ledger:
        for extraction in corpus_extractions:
            ledger.store(extraction, extractor=ENGINE)
        rebuild(ledger)
        before = (canonical(ledger), ledger.counts(), [s.id for s in ledger.stories()])
        for extraction in reversed(corpus_extractions):
            assert ledger.store(extraction, extractor=ENGINE).status == "seen"
        assert not ledger.stories_stale()
        rebuild(ledger)
        after = (canonical(ledger), ledger.counts(), [s.id for s in ledger.stories()])
    assert after == before


def test_story_ids_survive_a_rebuild_with_more_claims(ledger_url: str, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    early = [e for e in corpus_extractions if e.document.id.startswith("seoul-ledger-2024-10-18")]
    with open_ledger(ledger_url) as ledger:
        for extraction in early:
            ledger.store(extraction, extractor=ENGINE)
        first = {s.title: s.id for s in rebuild(ledger).stories}
        for extraction in corpus_extractions:
            ledger.store(extraction, extractor=ENGINE)
        second = {s.title: s.id for s in rebuild(ledger).stories}
    title = next(t for t in first if t.startswith("PRK AID"))
    assert second[title] == first[title]
