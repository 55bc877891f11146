"""Assessing a ledger: now, from its stored stories, or as of past times, by replaying them.

A replay evaluates the ledger as it was known then: only claims from documents published by then
are corroborated again (stories and grades are a pure function of the claims, so the replay is
reproducible), with the registry the ledger was graded with. A replayed story takes the id of the
stored story holding most of its claims, so ids read the same in both views. :class:`Replay`
reads the ledger once and replays it at as many times as asked (the timeline).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from watchfloor.assess.alerts import saved_state
from watchfloor.assess.evaluate import evaluate, event_matches
from watchfloor.assess.playbook import Playbook
from watchfloor.corroborate import Registry, corroborate, registry_of
from watchfloor.ledger import Ledger
from watchfloor.records import Assessment, PhaseChange, SourceGrade, Story, StoryClaim

__all__ = ["KnownBy", "Replay", "assess_ledger", "assess_replayed", "held", "timeline"]


KnownBy = Literal["published", "ingested"]
Corroborated = tuple[tuple[Story, ...], tuple[SourceGrade, ...]]

DAY = dt.timedelta(days=1)


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
    Corroborating is the cost of a step; two moments that know the same claims share it.
    """

    def __init__(self, ledger: Ledger, *, known_by: KnownBy = "published") -> None:
        self.known_by = known_by
        self.claims = sorted(
            ledger.reported_claims(), key=lambda m: (_known_at(m, known_by), m.claim.id)
        )
        self._known = [_known_at(m, known_by) for m in self.claims]
        self.registry = registry_of(ledger)
        # analysts' grades count from when they were set: a replay of October 2024 does not
        # know a grade an analyst gave today
        self._history = {key: ledger.source_history(key) for key in self.registry.edits}
        self.claimants = list(ledger.claimants())
        self.stored = ledger.story_ids()
        self._last: tuple[tuple[int, frozenset[tuple[str, str]]], Corroborated] | None = None

    def times(self) -> list[dt.datetime]:
        """Every moment new evidence arrived (each document's publication time), in order."""
        return sorted(set(self._known))

    def grid(
        self, step: dt.timedelta, until: dt.datetime | None = None
    ) -> Iterator[tuple[dt.datetime, list[dt.datetime]]]:
        """The moments a replay looks at, with the arrivals of evidence since the one before:
        the first arrival, then every ``step`` from the midnight (UTC) after it, and ``until``
        (by default the last arrival)."""
        arrivals = self.times()
        if not arrivals:
            return
        end = until if until is not None else arrivals[-1]
        first = arrivals[0]
        if first > end:
            return
        yield first, []
        midnight = dt.datetime.combine(first.date(), dt.time(), tzinfo=first.tzinfo)
        point, index = midnight + dt.timedelta(days=1), bisect_right(arrivals, first)
        while True:
            point = min(point, end)
            upto = bisect_right(arrivals, point)
            yield point, arrivals[index:upto]
            index = upto
            if point >= end:
                return
            point += step

    def stories(self, as_of: dt.datetime) -> tuple[tuple[Story, ...], tuple[SourceGrade, ...]]:
        """The stories and source grades the ledger would have held at ``as_of``."""
        count = bisect_right(self._known, as_of)
        registry = self.registry_at(as_of)
        key = (count, frozenset((k, e.at.isoformat()) for k, e in registry.edits.items()))
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        result = corroborate(self.claims[:count], claimants=self.claimants, registry=registry)
        stories = []
        for story in result.stories:
            votes = Counter(
                self.stored[m.claim.id] for m in story.claims if m.claim.id in self.stored
            )
            sid = min(votes, key=lambda s: (-votes[s], s)) if votes else 0
            stories.append(replace(story, id=sid))
        self._last = (key, (tuple(stories), result.sources))
        return self._last[1]

    def registry_at(self, as_of: dt.datetime) -> Registry:
        """The registry with the analysts' grades in force at ``as_of`` (each source's newest
        edit made by then)."""
        if not self._history:
            return self.registry
        edits = {}
        for key, history in self._history.items():  # each history is newest first
            edit = next((e for e in history if e.at <= as_of), None)
            if edit is not None:
                edits[key] = edit
        return replace(self.registry, edits=edits)

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
        current = evaluate(playbook, stories, ledger.sources(), as_of=dt.datetime.now(dt.UTC))
        return _hold_from_watch(ledger, playbook, current)
    return assess_replayed(ledger, playbook, as_of, known_by=known_by)


NO_HISTORY = (
    "hold times not applied: no phase history is kept for this playbook "
    "(watchfloor watch keeps one; --as-of replays the ledger)"
)


def _hold_from_watch(ledger: Ledger, playbook: Playbook, current: Assessment) -> Assessment:
    """``current`` with the hold time of the phase a watch of ``playbook`` last recorded; with
    no watch, a note that no hold applies (replaying a large ledger is not a now-query)."""
    if not any(p.hold_days for p in playbook.phases):
        return current
    state = saved_state(ledger, playbook.name)
    try:
        phase = int(state["phase"]) if state else None
        entered = dt.datetime.fromisoformat(state["entered"]) if state else None
    except (KeyError, TypeError, ValueError):
        phase = entered = None
    if phase is None or entered is None or all(p.level != phase for p in playbook.phases):
        return replace(current, reasons=(*current.reasons, NO_HISTORY))
    return held(playbook, phase, current, entered)


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


def _state(a: Assessment) -> tuple[int, frozenset[str]]:
    return a.phase, frozenset(r.name for r in a.indicators if r.met)


@dataclass(frozen=True, slots=True)
class _Step:
    """A change found by the replay: the assessment, the last change before it, when its phase
    was entered, and the assessment the replay looked at just before (what was known then)."""

    current: Assessment
    previous: Assessment | None
    entered: dt.datetime
    before: Assessment | None


def _steps(
    replay: Replay, playbook: Playbook, until: dt.datetime | None, step: dt.timedelta
) -> Iterator[_Step]:
    """Each change of phase or of the indicators met, hold times applied.

    The replay looks at a grid (``Replay.grid``); where a grid moment differs from the last
    change, or a hold time ran out since the moment before, it looks again at every arrival of
    evidence in between (and at the expiry), so a change an article caused is dated by that
    article's publication. A change undone before the next grid moment goes unseen: ``step`` is
    the resolution.
    """
    holds = {p.level: dt.timedelta(days=p.hold_days) for p in playbook.phases if p.hold_days}
    previous: Assessment | None = None
    seen: Assessment | None = None
    entered = dt.datetime.min.replace(tzinfo=dt.UTC)

    def judged(moment: dt.datetime) -> Assessment:
        current = replay.assess(playbook, moment)
        return current if previous is None else held(playbook, previous.phase, current, entered)

    for point, arrivals in replay.grid(step, until):
        current = judged(point)
        since = seen.as_of if seen is not None else point
        expiry = entered + holds[previous.phase] if previous and previous.phase in holds else None
        expiring = expiry is not None and since < expiry <= point
        if previous is not None and _state(current) == _state(previous) and not expiring:
            seen = current
            continue
        moments = {*arrivals, point, *([expiry] if expiring and expiry else [])}
        for moment in sorted(moments):
            current = judged(moment)  # again at point: an earlier change moves the hold
            if previous is None or _state(current) != _state(previous):
                if previous is None or current.phase != previous.phase:
                    entered = moment
                yield _Step(current, previous, entered, seen)
                previous = current
            seen = current


def assess_replayed(
    ledger: Ledger,
    playbook: Playbook,
    as_of: dt.datetime,
    *,
    known_by: KnownBy = "published",
    step: dt.timedelta = DAY,
) -> Assessment:
    """The assessment at ``as_of`` with the playbook's hold times applied: the phases entered
    before ``as_of`` are replayed (see :func:`timeline`), so a phase still within its hold time
    is kept."""
    replay = Replay(ledger, known_by=known_by)
    if not any(p.hold_days for p in playbook.phases):
        return replay.assess(playbook, as_of)
    last: tuple[Assessment, dt.datetime] | None = None
    for change in _steps(replay, playbook, as_of, step):
        last = (change.current, change.entered)
    final = replay.assess(playbook, as_of)
    return final if last is None else held(playbook, last[0].phase, final, last[1])


def timeline(
    ledger: Ledger,
    playbook: Playbook,
    *,
    until: dt.datetime | None = None,
    known_by: KnownBy = "published",
    step: dt.timedelta = DAY,
) -> Iterator[PhaseChange]:
    """Every change of phase or of the indicators met, hold times applied: the ledger replayed
    every ``step`` (a day by default) up to ``until`` (the last evidence), and at each arrival
    of evidence where something changed, so each change carries the claims that caused it:
    those of its evidence that became known since the moment the replay looked at before (a
    change that no arrival caused, such as a lapsed window or a computed pass, has none)."""
    for change in _steps(Replay(ledger, known_by=known_by), playbook, until, step):
        current, previous = change.current, change.previous
        met = {r.name for r in current.indicators if r.met}
        was = {r.name for r in previous.indicators if r.met} if previous else set()
        since = change.before.as_of if change.before else None
        yield PhaseChange(
            at=current.as_of,
            previous=previous.phase if previous else None,
            assessment=current,
            newly_met=tuple(sorted(met - was)),
            no_longer_met=tuple(sorted(was - met)),
            trigger=tuple(
                m for m in current.evidence if since is None or _known_at(m, known_by) > since
            ),
        )
