"""Admiralty grades with their reasons: information credibility (1–6) per story, source
reliability (A–F) per claimant. The two axes are graded separately.

**Independence.** Claimants are grouped by country (a state's government, ministries, agencies
and officials are one voice), or by their own identity when they have no country; syndicated
copies add nothing because a claimant's claims count once per group, not per article.
Unattributed reports ("reportedly") and unidentified claimants ("an official") are shown but
never counted.

**Credibility** of a story, from its supporting and contradicting groups:

* 1 — confirmed: at least two independent groups confirm or plainly assert it, at least one of
  them with a confirmation, and no independent denial;
* 2 — probably true: two or more independent groups report it (some only alleging or hedged), or
  one group the registry grades A or B confirms or asserts it; no independent denial;
* 3 — possibly true: one group confirms or plainly asserts it;
* 4 — doubtful: one group only alleges it or hedges, or independent denials are outweighed;
* 5 — improbable: independent denials at least as many as the groups reporting it;
* 6 — cannot be judged: no identified source reports it.

Denials by a party to the event (its actor or target, e.g. the accused government) lower
nothing by themselves; they are listed in the reasons. Negated confirmations ("has not
confirmed") are listed and never count.

**Reliability** of a claimant: an analyst's grade kept in the ledger when it has one (final:
the track record is shown beside it but never moves it), else the registry's grade when it has
one, else F (cannot be judged).
The track record counts the stories the claimant supported that were later confirmed (1 or 2,
with support from a group other than its own) and the stories it contradicted that were
confirmed or that it supported and were judged improbable (5). With three or more judged
stories the track record gives a grade (≥ 90% confirmed B, ≥ 75% C, ≥ 50% D, else E; A only
from the registry); it replaces F, and moves a registry grade one letter towards it when the two
differ by two letters or more. Credibility uses only registry grades, never track-record grades,
so the two never feed each other in a loop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from watchfloor.corroborate.registry import Registry
from watchfloor.records import Claimant, Grade, SourceGrade, StoryClaim

__all__ = ["MIN_JUDGED", "StoryVerdict", "credibility", "group_of", "reliability"]

MIN_JUDGED = 3
"""Judged stories a claimant needs before its track record grades it."""

_LETTERS = "ABCDEF"


def group_of(claimant: Claimant) -> str | None:
    """The independence group of a claimant: its country, or itself when it has none but is
    identified; ``None`` for a claimant nobody could identify ("an official", "a lawmaker"),
    who is shown but never counted as an independent voice."""
    if claimant.country:
        return claimant.country
    return None if claimant.kind == "unknown" else claimant.key


def _names(items: Iterable[str]) -> str:
    return ", ".join(sorted(set(items)))


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryVerdict:
    """A story's credibility and the groups behind it (track records are built from these)."""

    grade: Grade
    supporters: frozenset[str]
    contradicting: frozenset[str]


def credibility(
    members: Sequence[StoryClaim], *, parties: set[str], registry: Registry
) -> StoryVerdict:
    """The information credibility of the story made of ``members`` (see the module docstring).
    ``parties`` are the story's actor and target."""
    support: dict[str, set[str]] = defaultdict(set)  # group -> stances
    voices: dict[str, set[str]] = defaultdict(set)  # group -> claimant names
    party_denials: set[str] = set()
    other_denials: set[str] = set()
    declines: set[str] = set()
    unattributed = 0
    unidentified: set[str] = set()
    strong_registry: set[str] = set()
    for m in members:
        if m.claimant is None:
            unattributed += m.relation == "supports"
            continue
        group = group_of(m.claimant)
        if group is None:
            if m.relation != "declines":
                unidentified.add(m.claimant.name)
            continue
        if m.relation == "declines":
            declines.add(m.claimant.name)
        elif m.relation == "denies":
            voices[group].add(m.claimant.name)
            (party_denials if group in parties else other_denials).add(group)
        else:
            voices[group].add(m.claimant.name)
            stance = m.claim.stance
            plain = stance == "confirm" or (stance == "assert" and not m.claim.hedged)
            support[group].add(stance if plain else "allege")
            entry = registry.lookup(m.claimant)
            if entry is not None and entry.reliability in "AB" and plain:
                strong_registry.add(group)
    # A group both reporting and denying (a government's mixed messages) counts as reporting.
    other_denials -= set(support)

    def who(groups: Iterable[str]) -> str:
        return "; ".join(f"{g} ({_names(voices[g])})" for g in sorted(groups))

    reasons: list[str] = []
    plain_groups = {g for g, s in support.items() if s & {"confirm", "assert"}}
    confirming = {g for g, s in support.items() if "confirm" in s}
    if confirming:
        reasons.append(f"confirmed by {who(confirming)}")
    asserted = plain_groups - confirming
    if asserted:
        reasons.append(f"asserted by {who(asserted)}")
    alleged = set(support) - plain_groups
    if alleged:
        reasons.append(f"alleged or hedged by {who(alleged)}")
    if unattributed:
        reasons.append(f"{unattributed} unattributed report(s), not counted")
    if unidentified:
        reasons.append(f"unidentified sources, not counted: {_names(unidentified)}")
    if party_denials:
        reasons.append(
            f"denied by {who(party_denials)}: parties to the event, shown but not counted against"
        )
    if other_denials:
        reasons.append(f"contradicted by {who(other_denials)}")
    if declines:
        reasons.append(f"not confirmed by {_names(declines)}: shown, not counted")

    n = len(support)
    if n == 0:
        value = "6"
        reasons.insert(0, "no identified source reports it")
    elif other_denials and len(other_denials) >= n:
        value = "5"
        reasons.insert(0, f"{len(other_denials)} independent denial(s) against {n} report(s)")
    elif other_denials:
        value = "4"
        reasons.insert(0, f"reported by {n} independent groups but contradicted by others")
    elif len(plain_groups) >= 2 and confirming:
        value = "1"
        reasons.insert(0, f"confirmed by {len(plain_groups)} independent groups")
    elif n >= 2:
        value = "2"
        reasons.insert(0, f"reported by {n} independent groups, not all of them plainly")
    elif strong_registry:
        value = "2"
        reasons.insert(0, "one group, graded A or B in the registry, reports it plainly")
    elif plain_groups:
        value = "3"
        reasons.insert(0, "reported plainly by a single group, not yet corroborated")
    else:
        value = "4"
        reasons.insert(0, "only alleged or hedged, by a single group")
    return StoryVerdict(
        grade=Grade(value=value, reasons=tuple(reasons)),
        supporters=frozenset(support),
        contradicting=frozenset(other_denials | party_denials),
    )


@dataclass(slots=True)
class _Track:
    claimant: Claimant
    claims: int = 0
    stories: int = 0
    confirmed: int = 0
    contradicted: int = 0


def reliability(
    claimants: Iterable[tuple[Claimant, int]],
    stories: Iterable[tuple[StoryVerdict, Sequence[StoryClaim]]],
    *,
    registry: Registry,
) -> list[SourceGrade]:
    """The reliability of every claimant, with its track record (see the module docstring).
    ``claimants`` pairs each claimant with its number of claims in the ledger."""
    tracks: dict[str, _Track] = {c.key: _Track(c, claims=n) for c, n in claimants}
    for verdict, members in stories:
        value = verdict.grade.value
        for key, relation in {
            (m.claimant.key, m.relation) for m in members if m.claimant is not None
        }:
            track = tracks.get(key)
            if track is None:
                continue
            track.stories += 1
            if relation == "declines":
                continue
            own = group_of(track.claimant)
            confirmed_by_others = value in "12" and bool(verdict.supporters - {own, None})
            if relation == "supports" and confirmed_by_others:
                track.confirmed += 1
            elif (relation == "denies" and value in "12") or (
                relation == "supports" and value == "5"
            ):
                track.contradicted += 1
    return [_grade(track, registry) for _, track in sorted(tracks.items())]


def _grade(track: _Track, registry: Registry) -> SourceGrade:
    entry = registry.lookup(track.claimant)
    judged = track.confirmed + track.contradicted
    reasons: list[str] = []
    record = None
    if judged >= MIN_JUDGED:
        rate = track.confirmed / judged
        record = "B" if rate >= 0.9 else "C" if rate >= 0.75 else "D" if rate >= 0.5 else "E"
        reasons.append(
            f"track record: {track.confirmed} of {judged} judged stories confirmed ({record})"
        )
    elif judged:
        reasons.append(
            f"track record: {track.confirmed} confirmed, {track.contradicted} contradicted "
            f"({judged} judged; {MIN_JUDGED} needed to grade)"
        )
    if entry is not None and entry.edit is not None:
        edit = entry.edit
        value = edit.reliability
        reasons.insert(
            0, f"set to {value} by analyst {edit.by} on {edit.at.date().isoformat()}: {edit.reason}"
        )
        listed = registry.listed(track.claimant)
        if listed is not None and listed.reliability != value:
            reasons.insert(1, f"{registry.origin} grades it {listed.reliability}: overridden")
    elif entry is not None:
        value = entry.reliability
        note = f": {entry.note}" if entry.note else ""
        reasons.insert(0, f"{registry.origin} grades it {value}{note}")
        if record is not None and abs(_LETTERS.index(record) - _LETTERS.index(value)) >= 2:
            step = 1 if _LETTERS.index(record) > _LETTERS.index(value) else -1
            value = _LETTERS[_LETTERS.index(value) + step]
            reasons.append(f"moved one grade towards its track record, to {value}")
    elif record is not None:
        value = record
        reasons.insert(0, "not in the source registry: graded from its track record")
    else:
        value = "F"
        reasons.insert(0, "not in the source registry and too little track record to judge")
    return SourceGrade(
        claimant=track.claimant,
        reliability=Grade(value=value, reasons=tuple(reasons)),
        claims=track.claims,
        stories=track.stories,
        confirmed=track.confirmed,
        contradicted=track.contradicted,
        registry=entry.reliability if entry else None,
    )
