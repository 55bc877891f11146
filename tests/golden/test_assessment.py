"""The founding playbook over the bundled corpus: the phase at each date, the evidence behind it,
and what moves it (the confirming article) and what does not (a denial by the accused)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import EXAMPLES, ROOT
from watchfloor.assess import load_playbook
from watchfloor.assess.replay import assess_ledger
from watchfloor.corroborate import load_registry, rebuild
from watchfloor.ledger import Ledger, open_ledger

PLAYBOOK = load_playbook(ROOT / "playbooks" / "korea-russia.yaml")
PENTAGON = "herald-2024-10-28-pentagon"


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _ledger(url: str, extractions, *, skip: str | None = None, extra=()) -> Ledger:  # type: ignore[no-untyped-def]
    from watchfloor.extraction.engine import ENGINE_ID

    ledger = open_ledger(url)
    for extraction in (*extractions, *extra):
        if extraction.document.id != skip:
            ledger.store(extraction, extractor=ENGINE_ID)
    rebuild(ledger, registry=load_registry(EXAMPLES / "sources.yaml"))
    return ledger


@pytest.mark.parametrize(
    ("as_of", "phase", "met"),
    [
        ("2024-10-17T00:00", 0, set()),
        ("2024-10-18T12:00", 1, {"deployment_alleged"}),
        ("2024-10-28T12:00", 1, {"deployment_alleged"}),
        (
            "2024-10-29T00:00",
            2,
            {"deployment_alleged", "deployment_confirmed", "deployment_large"},
        ),
        (
            "2024-11-05T00:00",
            2,
            {"deployment_alleged", "deployment_confirmed", "deployment_large"},
        ),
    ],
)
def test_the_phase_follows_the_evidence(
    ledger_url: str, corpus_extractions, as_of: str, phase: int, met: set[str]
) -> None:  # type: ignore[no-untyped-def]
    with _ledger(ledger_url, corpus_extractions) as ledger:
        result = assess_ledger(ledger, PLAYBOOK, as_of=_at(as_of))
    assert result.phase == phase
    assert {r.name for r in result.indicators if r.met} == met
    if phase == 0:
        assert result.evidence == ()
    for claim in result.evidence:  # nothing asserted without a claim known at the time
        assert claim.reported <= _at(as_of)
        assert claim.relation == "supports"


def test_phase_two_rests_on_the_two_independent_confirmations(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    with _ledger(ledger_url, corpus_extractions) as ledger:
        result = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-11-05T00:00"))
    who = {(m.claimant.name, m.claim.stance) for m in result.evidence if m.claimant}
    assert who == {
        ("National Intelligence Service", "confirm"),
        ("Department of Defense", "confirm"),
    }
    assert (result.likelihood, result.confidence) == ("almost certain", "moderate")
    assert any(m.document_id == PENTAGON for m in result.evidence)


def test_removing_the_confirming_article_drops_the_phase(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    with _ledger(ledger_url, corpus_extractions, skip=PENTAGON) as ledger:
        result = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-11-05T00:00"))
    assert result.phase == 1
    confirmed = next(r for r in result.indicators if r.name == "deployment_confirmed")
    assert not confirmed.met
    assert any("credibility 2" in reason for reason in confirmed.reasons)


def test_a_denial_by_the_accused_does_not_lower_the_phase(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    import watchfloor

    denial = watchfloor.extract(
        "North Korea's foreign ministry on Friday denied the reports that it had sent troops to "
        "Russia, calling them a smear campaign.",
        published="2024-11-01",
        document_id="invented-denial-2024-11-01",
    )
    assert any(c.stance == "deny" for c in denial.claims)
    with _ledger(ledger_url, corpus_extractions, extra=(denial,)) as ledger:
        result = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-11-05T00:00"))
        story = ledger.story(ledger.story_of_document("seed-article") or 0)
    assert result.phase == 2
    assert story is not None and story.credibility.value == "1"
    assert any(m.document_id == "invented-denial-2024-11-01" for m in story.claims)


def test_the_timeline_of_the_founding_playbook(ledger_url: str, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    from watchfloor.assess.replay import timeline

    with _ledger(ledger_url, corpus_extractions) as ledger:
        changes = list(timeline(ledger, PLAYBOOK))
    steps = [
        (c.at.date().isoformat(), c.previous, c.assessment.phase, c.newly_met, c.no_longer_met)
        for c in changes
    ]
    assert steps == [
        ("2024-10-18", None, 1, ("deployment_alleged",), ()),
        ("2024-10-28", 1, 2, ("deployment_confirmed", "deployment_large"), ()),
    ]
    first, second = changes
    assert {m.claimant.name for m in first.trigger if m.claimant} == {
        "National Intelligence Service"
    }
    assert [(m.claimant.name, m.document_id) for m in second.trigger if m.claimant] == [
        ("Department of Defense", PENTAGON)
    ]


def _hold_playbook(tmp_path, hold: int):  # type: ignore[no-untyped-def]
    """The founding playbook with phase 2 entered on independent confirmation only."""
    text = (ROOT / "playbooks" / "korea-russia.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    when: {any: [deployment_confirmed, deployment_large]}\n",
        f"    when: deployment_confirmed\n    hold_days: {hold}\n",
    )
    path = tmp_path / f"hold-{hold}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_playbook(path)


def test_a_phase_is_held_for_its_hold_time(ledger_url: str, corpus_extractions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import watchfloor
    from watchfloor.assess.replay import timeline

    contradiction = watchfloor.extract(
        "China's foreign ministry on Friday denied that North Korean troops were in Russia.",
        published="2024-11-01",
        document_id="invented-contradiction-2024-11-01",
    )
    with _ledger(ledger_url, corpus_extractions, extra=(contradiction,)) as ledger:
        free = [
            (c.at.date().isoformat(), c.assessment.phase)
            for c in timeline(ledger, _hold_playbook(tmp_path, 0))
        ]
        held_book = _hold_playbook(tmp_path, 10)
        held = [(c.at.date().isoformat(), c.assessment.phase) for c in timeline(ledger, held_book)]
        during = assess_ledger(ledger, held_book, as_of=_at("2024-11-05T00:00"))
        after = assess_ledger(ledger, held_book, as_of=_at("2024-11-10T00:00"))
    # an independent contradiction (China is no party) drops the confirmation on 11-01 ...
    assert free == [("2024-10-18", 1), ("2024-10-28", 2), ("2024-11-01", 1)]
    # ... unless phase 2 is held for 10 days from 10-28
    assert [step for step in held if step[1] == 1 and step[0] > "2024-10-28"] == []
    assert during.phase == 2
    assert during.reasons[0].startswith("phase 2 held until 2024-11-07")
    assert after.phase == 1


def test_replay_by_ingestion_time_knows_only_what_the_ledger_held(
    ledger_url: str, corpus_extractions, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from watchfloor.assess.replay import timeline

    text = (ROOT / "playbooks" / "korea-russia.yaml").read_text(encoding="utf-8")
    timeless = tmp_path / "timeless.yaml"
    timeless.write_text(text.replace("    window_days: 180\n", ""), encoding="utf-8")
    with _ledger(ledger_url, corpus_extractions) as ledger:
        # the corpus was ingested just now: in 2024 the ledger held none of it
        then = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-11-05T00:00"), known_by="ingested")
        tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        late = assess_ledger(ledger, PLAYBOOK, as_of=tomorrow, known_by="ingested")
        steps = list(timeline(ledger, PLAYBOOK, known_by="ingested"))
        known_now = assess_ledger(
            ledger, load_playbook(timeless), as_of=tomorrow, known_by="ingested"
        )
    assert known_now.phase == 2  # without windows, what was ingested today counts
    assert then.phase == 0
    assert then.evidence == ()
    assert late.phase == 0  # known now, but outside the playbook's 180-day windows
    assert [c.assessment.phase for c in steps] == [0]
    assert steps[0].at.date() == dt.datetime.now(dt.UTC).date()


def test_a_lapsed_window_is_seen_at_the_next_step_without_new_evidence(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    from watchfloor.assess.replay import timeline

    with _ledger(ledger_url, corpus_extractions) as ledger:
        changes = list(timeline(ledger, PLAYBOOK, until=_at("2025-12-31T00:00")))
        last = changes[-1]
        before = assess_ledger(ledger, PLAYBOOK, as_of=last.at - dt.timedelta(days=1))
        then = assess_ledger(ledger, PLAYBOOK, as_of=last.at)
    # the 180-day windows lapse in spring 2025, with no article to mark it: the daily grid does
    assert [c.at.date().isoformat() for c in changes[:2]] == ["2024-10-18", "2024-10-28"]
    assert last.assessment.phase == 0
    assert last.trigger == ()
    assert last.at.time() == dt.time(0, 0) and last.at.date().isoformat() > "2025-04-01"
    assert set(last.no_longer_met) >= {"deployment_confirmed"}
    assert before.phase > 0 and then.phase == 0


def test_a_finer_step_finds_the_same_changes(ledger_url: str, corpus_extractions) -> None:  # type: ignore[no-untyped-def]
    from watchfloor.assess.replay import timeline

    with _ledger(ledger_url, corpus_extractions) as ledger:
        daily = [(c.at, c.assessment.phase) for c in timeline(ledger, PLAYBOOK)]
        hourly = [(c.at, c.assessment.phase) for c in timeline(ledger, PLAYBOOK, step=_HOUR)]
        weekly = [(c.at, c.assessment.phase) for c in timeline(ledger, PLAYBOOK, step=_WEEK)]
    # changes caused by articles are dated by the article, whatever the step
    assert daily == hourly == weekly
    assert [phase for _, phase in daily] == [1, 2]


_HOUR = dt.timedelta(hours=1)
_WEEK = dt.timedelta(days=7)


def test_a_hold_ends_exactly_when_its_time_runs_out(
    ledger_url: str, corpus_extractions, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import watchfloor
    from watchfloor.assess.replay import timeline

    contradiction = watchfloor.extract(
        "China's foreign ministry on Friday denied that North Korean troops were in Russia.",
        published="2024-11-01",
        document_id="invented-contradiction-2024-11-01",
    )
    with _ledger(ledger_url, corpus_extractions, extra=(contradiction,)) as ledger:
        changes = list(
            timeline(ledger, _hold_playbook(tmp_path, 10), until=_at("2024-11-20T00:00"))
        )
    entered = next(c.at for c in changes if c.assessment.phase == 2)
    dropped = next(c for c in changes if c.previous == 2 and c.assessment.phase != 2)
    assert dropped.at == entered + dt.timedelta(days=10)  # not the next midnight
    assert dropped.assessment.phase == 1


def test_assess_now_holds_the_phase_a_watch_recorded(
    ledger_url: str, corpus_extractions, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from watchfloor.assess.alerts import state_key
    from watchfloor.assess.replay import NO_HISTORY

    book = _hold_playbook(tmp_path, 10)
    with _ledger(ledger_url, corpus_extractions) as ledger:
        # the evidence of 2024 lies outside the 180-day windows now: phase 0 ...
        plain = assess_ledger(ledger, book)
        just_entered = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        ledger.set_text(
            state_key(book.name), json.dumps({"phase": 2, "entered": str(just_entered)})
        )
        kept = assess_ledger(ledger, book)
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=11)
        ledger.set_text(state_key(book.name), json.dumps({"phase": 2, "entered": str(long_ago)}))
        lapsed = assess_ledger(ledger, book)
        ledger.set_text(state_key(book.name), "not json")
        broken = assess_ledger(ledger, book)
    assert plain.phase == 0 and plain.reasons[-1] == NO_HISTORY
    # ... unless a watch entered phase 2 less than its 10-day hold ago
    assert kept.phase == 2 and kept.reasons[0].startswith("phase 2 held until")
    assert lapsed.phase == 0 and NO_HISTORY not in lapsed.reasons
    assert broken.phase == 0 and broken.reasons[-1] == NO_HISTORY


def test_a_replay_knows_only_the_analysts_grades_set_by_then(
    ledger_url: str, corpus_extractions
) -> None:  # type: ignore[no-untyped-def]
    sources = {
        "National Intelligence Service",
        "Department of Defense",
        "Volodymyr Zelensky",
        "Defence Intelligence of Ukraine",
    }
    with _ledger(ledger_url, corpus_extractions) as ledger:
        before = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-10-20T00:00"))
        for grade in ledger.sources():
            if grade.claimant.name in sources:
                ledger.set_source_reliability(
                    grade.claimant.key, "F", reason="test: distrusted today", by="tests"
                )
        rebuild(ledger, registry=load_registry(EXAMPLES / "sources.yaml"))
        then = assess_ledger(ledger, PLAYBOOK, as_of=_at("2024-10-20T00:00"))
        graded = {g.claimant.name: g.reliability.value for g in ledger.sources()}
    assert {graded[name] for name in sources} == {"F"}  # today's grades are the ledger's ...
    # ... but on 2024-10-20 the allegations came from sources graded B and C: still phase 1
    assert before.phase == then.phase == 1
