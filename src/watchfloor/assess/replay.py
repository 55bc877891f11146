"""Assessing a ledger: now, from its stored stories, or as of past times, by replaying them.

A replay evaluates the ledger as it was known then: only claims from documents published by then
are corroborated again (stories and grades are a pure function of the claims, so the replay is
reproducible), with the registry the ledger was graded with. A replayed story takes the id of the
stored story holding most of its claims, so ids read the same in both views. :class:`Replay`
reads the ledger once and replays it at as many times as asked (the timeline).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal

from watchfloor.assess.evaluate import evaluate, event_matches
from watchfloor.assess.playbook import Playbook
from watchfloor.corroborate import corroborate, registry_of
from watchfloor.ledger import Ledger
from watchfloor.records import Assessment, PhaseChange, SourceGrade, Story, StoryClaim

__all__ = ["KnownBy", "Replay", "assess_ledger", "assess_replayed", "held", "timeline"]


KnownBy = Literal["published", "ingested"]


def _known_at(m: StoryClaim, by: KnownBy) -> dt.datetime:
    """When a claim became known: its article's publication, or, by ``ingested``, the later of
    publication and ingestion (what the desk could actually have read then)."""
    if by == "ingested" and m.ingested is not None:
        return max(m.reported, m.ingested)
    return m.reported


class Replay:
    """The ledger's claims, read once, corroborated again as of any time.

    ``known_by="published"`` (the default) replays the world's reporting: a claim counts from its
    article's publication. ``"ingested"`` replays what the ledger held: a claim counts only once
    it was also ingested, so an archive back-filled today replays as unknown before today.
    """

    def __init__(self, ledger: Ledger, *, known_by: KnownBy = "published") -> None:
        self.known_by = known_by
        self.claims = sorted(
            ledger.reported_claims(), key=lambda m: (_known_at(m, known_by), m.claim.id)
        )
        self.registry = registry_of(ledger)
        self.claimants = list(ledger.claimants())
        self.stored = {c.id: story for c, story, _ in ledger.iter_claims() if story is not None}

    def times(self) -> list[dt.datetime]:
        """Every moment new evidence arrived (each document's publication time), in order."""
        return sorted({_known_at(m, self.known_by) for m in self.claims})

    def stories(self, as_of: dt.datetime) -> tuple[tuple[Story, ...], tuple[SourceGrade, ...]]:
        """The stories and source grades the ledger would have held at ``as_of``."""
        known = [m for m in self.claims if _known_at(m, self.known_by) <= as_of]
        result = corroborate(known, claimants=self.claimants, registry=self.registry)
        stories = []
        for story in result.stories:
            votes = Counter(
                self.stored[m.claim.id] for m in story.claims if m.claim.id in self.stored
            )
            sid = min(votes, key=lambda s: (-votes[s], s)) if votes else 0
            stories.append(replace(story, id=sid))
        return tuple(stories), result.sources

    def assess(self, playbook: Playbook, as_of: dt.datetime) -> Assessment:
        stories, grades = self.stories(as_of)
        return evaluate(playbook, stories, grades, as_of=as_of)


def assess_ledger(
    ledger: Ledger,
    playbook: Playbook,
    *,
    as_of: dt.datetime | None = None,
    known_by: KnownBy = "published",
) -> Assessment:
    """The assessment of ``playbook`` over ``ledger``, now or as of a past time."""
    if as_of is None:
        # Only stories whose event frame some indicator names are read with their claims: a
        # summary carries the frame, so a large ledger costs one listing and a few stories.
        summaries = ledger.stories(limit=None)
        wanted = [x for x in summaries if any(event_matches(i, x) for i in playbook.indicators)]
        stories = tuple(s for s in (ledger.story(x.id) for x in wanted) if s is not None)
        return evaluate(playbook, stories, ledger.sources(), as_of=dt.datetime.now(dt.UTC))
    return assess_replayed(ledger, playbook, as_of, known_by=known_by)


def held(
    playbook: Playbook, previous_phase: int, current: Assessment, entered: dt.datetime
) -> Assessment:
    """``current``, kept at ``previous_phase`` while that phase's hold time (counted from
    ``entered``) runs; unchanged when the evidence supports that phase or more."""
    phase = next(p for p in playbook.phases if p.level == previous_phase)
    until = entered + dt.timedelta(days=phase.hold_days)
    if current.phase >= previous_phase or current.as_of >= until:
        return current
    return replace(
        current,
        phase=phase.level,
        phase_name=phase.name,
        response=phase.response,
        reasons=(
            f"phase {phase.level} held until {until.date().isoformat()} "
            f"(hold_days {phase.hold_days}); the evidence alone supports phase {current.phase}",
            *current.reasons,
        ),
    )


def _steps(
    replay: Replay, playbook: Playbook, until: dt.datetime | None
) -> Iterator[tuple[Assessment, Assessment | None, dt.datetime]]:
    """Each replayed assessment (hold times applied), the one before it, and when the current
    phase was entered."""
    previous: Assessment | None = None
    entered = dt.datetime.min.replace(tzinfo=dt.UTC)
    for moment in replay.times():
        if until is not None and moment > until:
            break
        current = replay.assess(playbook, moment)
        if previous is not None:
            current = held(playbook, previous.phase, current, entered)
        if previous is None or current.phase != previous.phase:
            entered = moment
        yield current, previous, entered
        previous = current


def assess_replayed(
    ledger: Ledger, playbook: Playbook, as_of: dt.datetime, *, known_by: KnownBy = "published"
) -> Assessment:
    """The assessment at ``as_of`` with the playbook's hold times applied: the phases entered
    before ``as_of`` are replayed, so a phase still within its hold time is kept."""
    replay = Replay(ledger, known_by=known_by)
    if not any(p.hold_days for p in playbook.phases):
        return replay.assess(playbook, as_of)
    last: tuple[Assessment, dt.datetime] | None = None
    for current, _, entered in _steps(replay, playbook, as_of):
        last = (current, entered)
    if last is not None and last[0].as_of == as_of:
        return last[0]  # as_of is itself a replay step: already assessed, hold applied
    final = replay.assess(playbook, as_of)
    return final if last is None else held(playbook, last[0].phase, final, last[1])


def timeline(
    ledger: Ledger,
    playbook: Playbook,
    *,
    until: dt.datetime | None = None,
    known_by: KnownBy = "published",
) -> Iterator[PhaseChange]:
    """Every change of phase or of the indicators met, replaying the ledger at each moment new
    evidence arrived (each document's publication time), hold times applied."""
    for current, previous, _ in _steps(Replay(ledger, known_by=known_by), playbook, until):
        met = {r.name for r in current.indicators if r.met}
        was = {r.name for r in previous.indicators if r.met} if previous else set()
        if previous is None or current.phase != previous.phase or met != was:
            known_before = {m.claim.id for m in previous.evidence} if previous else set()
            yield PhaseChange(
                at=current.as_of,
                previous=previous.phase if previous else None,
                assessment=current,
                newly_met=tuple(sorted(met - was)),
                no_longer_met=tuple(sorted(was - met)),
                trigger=tuple(m for m in current.evidence if m.claim.id not in known_before),
            )
