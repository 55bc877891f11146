"""Turning grouped claims into Story records: title, numbers per claimant, counts, grade."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from watchfloor.corroborate.grading import StoryVerdict, credibility
from watchfloor.corroborate.grouping import Group, claim_date, claim_order
from watchfloor.corroborate.registry import Registry
from watchfloor.records import STANCES, Figure, Story, StoryClaim

__all__ = ["build_story", "figures_of", "object_class_of", "story_key"]


def story_key(group: Group) -> str:
    """A key naming a story by its frame and first day (stable for a given set of claims)."""
    return (
        f"{group.family}:{group.actor or '?'}>{group.target or '?'}:"
        f"{group.object_class or '-'}:{group.first.isoformat()}"
    )


def object_class_of(story: Story) -> str | None:
    """The object class (personnel, missiles, technology ...) a story is about, from its key
    (see :func:`story_key`), or ``None`` when its claims name none."""
    parts = story.key.split(":")
    return parts[2] if len(parts) >= 4 and parts[2] != "-" else None


def _mode(group: Group) -> str | None:
    modes = Counter(
        m.claim.event.mode
        for m in group.members
        if m.claim.event is not None
        and m.claim.event.mode
        and m.relation == "supports"
        and m.claim.event.type == group.family
    )
    return min(modes, key=lambda k: (-modes[k], k)) if modes else None


def _event_day(group: Group) -> dt.date:
    days = [
        m.claim.event.when.date
        for m in group.members
        if m.relation == "supports" and m.claim.event is not None and m.claim.event.when
    ]
    return min(days) if days else group.first


def _title(group: Group, mode: str | None) -> str:
    mode_text = f" {mode}" if mode else ""
    return (
        f"{group.actor or '?'} {group.family}{mode_text} → {group.target or '?'}, "
        f"{_event_day(group).strftime('%B %Y')}"
    )


def figures_of(members: Iterable[StoryClaim]) -> tuple[Figure, ...]:
    """The numbers of a story, each with its claimant, in the order they were first reported;
    the same number from the same claimant (repeated by a copy or a later article) is kept once,
    at its first date."""
    seen: set[tuple[object, ...]] = set()
    out: list[Figure] = []
    for m in sorted(members, key=claim_order):
        event = m.claim.event
        if m.relation != "supports" or event is None or event.quantity is None:
            continue
        q = event.quantity
        if q.value is None and q.max is None:
            continue
        name = m.claimant.name if m.claimant else (m.outlet or "unattributed")
        said = claim_date(m)
        key = (name, m.claim.stance, q.value, q.max, q.unit)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Figure(
                claimant=name,
                stance=m.claim.stance,
                quantity=q,
                said=said,
                modality=event.modality,
                claim_id=m.claim.id,
            )
        )
    return tuple(out)


def _stance_counts(members: Sequence[StoryClaim]) -> tuple[tuple[str, int], ...]:
    """Claims per stance, a claim repeated by a copy of its article counted once."""
    unique = {
        (m.origin, m.claimant.key if m.claimant else "-", m.claim.stance, m.claim.content.text)
        for m in members
    }
    counts = Counter(stance for _, _, stance, _ in unique)
    return tuple((s, counts[s]) for s in STANCES if counts[s])


def build_story(group: Group, registry: Registry) -> tuple[Story, StoryVerdict]:
    """The Story record of ``group`` (with id 0: the ledger assigns ids) and its verdict."""
    members = tuple(group.members)
    parties = {p for p in (group.actor, group.target) if p}
    verdict = credibility(members, parties=parties, registry=registry)
    mode = _mode(group)
    reported = [m.reported for m in members]
    story = Story(
        id=0,
        key=story_key(group),
        title=_title(group, mode),
        event_type=group.family,
        mode=mode,
        actor=group.actor,
        target=group.target,
        first_seen=min(reported),
        last_seen=max(reported),
        claims=members,
        claim_count=len(members),
        figures=figures_of(members),
        stance_counts=_stance_counts(members),  # type: ignore[arg-type]
        documents=len({m.document_id for m in members}),
        origins=len({m.origin for m in members}),
        credibility=verdict.grade,
    )
    return story, verdict
