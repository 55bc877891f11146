"""The overflight example playbook over the bundled corpus: a computed indicator combined with
reporting, assessed as of past times and replayed as a timeline.

``playbooks/korea-overflight.yaml``: phase 1 when a North Korean imaging satellite will make a
usable pass over a listed site within 72 hours (the example catalogue's EXAMPLE-EO-PRK-1, epoch
2024-11-01 03:12 UTC, element sets counted up to 14 days old); phase 2 when that coincides with a
credible allegation of North Korean troops in Russia (from 2024-10-18 in the corpus)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import EXAMPLES, ROOT
from watchfloor.assess import load_playbook
from watchfloor.assess.replay import assess_ledger, timeline
from watchfloor.corroborate import load_registry, rebuild
from watchfloor.ledger import Ledger, open_ledger

PLAYBOOK = load_playbook(ROOT / "playbooks" / "korea-overflight.yaml")


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _ledger(url: str, extractions) -> Ledger:  # type: ignore[no-untyped-def]
    from watchfloor.extraction.engine import ENGINE_ID

    ledger = open_ledger(url)
    for extraction in extractions:
        ledger.store(extraction, extractor=ENGINE_ID)
    rebuild(ledger, registry=load_registry(EXAMPLES / "sources.yaml"))
    return ledger


def test_the_phase_combines_passes_and_reporting(ledger_url: str, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    with _ledger(ledger_url, corpus_extractions) as ledger:
        before = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-10-31T00:00"))
        both = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-11-02T00:00"))
        stale = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-11-20T00:00"))
    # before the element set's epoch the reporting alone holds no phase
    assert before.phase == 0
    assert {r.name for r in before.indicators if r.met} == {"deployment_alleged"}
    # then both: the likelihood and confidence are the reporting's, the passes are named
    assert (both.phase, both.phase_name) == (2, "concealment and allied briefing")
    assert (both.likelihood, both.confidence) == ("almost certain", "high")
    assert both.reasons[-1].startswith("it rests also on computed passes (nk_imaging_overhead)")
    overhead = next(r for r in both.indicators if r.name == "nk_imaging_overhead")
    assert overhead.met and overhead.evidence == ()
    assert "computed from element sets, not reported" in overhead.reasons[0]
    assert {m.claimant.name for m in both.evidence if m.claimant} >= {
        "National Intelligence Service"
    }
    # 14 days after the epoch the elements are too old to count: back to the base
    assert stale.phase == 0
    reasons = next(r for r in stale.indicators if r.name == "nk_imaging_overhead").reasons
    assert "more than max_element_age_days 14: not counted" in reasons[1]


def test_the_timeline_sees_the_computed_indicator_at_the_daily_grid(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    with _ledger(ledger_url, corpus_extractions) as ledger:
        changes = list(timeline(ledger, PLAYBOOK, until=_at("2024-11-20T00:00")))
    steps = [
        (c.at.isoformat(), c.previous, c.assessment.phase, c.newly_met, c.no_longer_met)
        for c in changes
    ]
    assert steps == [
        ("2024-10-18T00:00:00+00:00", None, 0, ("deployment_alleged",), ()),
        # the element set (epoch 11-01 03:12) is seen at the next midnight, like a lapsed window
        ("2024-11-02T00:00:00+00:00", 0, 2, ("nk_imaging_overhead",), ()),
        # 14 days after the epoch: the elements no longer count
        ("2024-11-16T00:00:00+00:00", 2, 0, (), ("nk_imaging_overhead",)),
    ]
    # no article moved the computed changes: phase 2 rests on claims known since 10-18, but
    # none of them is its trigger
    assert changes[1].assessment.evidence != ()
    assert changes[1].trigger == () and changes[2].trigger == ()
