"""Grouping claims into stories: which claims speak of the same real-world event.

Three passes over the claims, each in a fixed order (date, then claim id), so the stories depend
only on the set of claims, never on the order they were ingested in:

1. **Anchored claims** — an event with both actor and target known. Claims with the same event
   family, actor and target form a chain in time; a silence longer than ``gap_days`` starts a new
   story, and so does a different object class (soldiers versus shells).
2. **Partial claims** — an event with only its actor or only its target known ("North Korea is
   mobilising troops"). Each joins the anchored story of the same family that shares the known
   party, the object class and the time, preferring a story reported in the same article; a
   partial claim with no such story starts its own.
3. **Denials** — a claim with stance deny joins the story it denies: one whose event its own event
   matches, or, when its content refers back ("dismissed the claims", "these reports"), a story
   the denier is a party to or that is reported in the same article. Negated confirmations ("has
   not confirmed") are kept as *declines*, not denials.

A claim belongs to at most one story. The rules are data: ``data/stories.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from watchfloor.corroborate.rules import StoryRules
from watchfloor.records import Relation, StoryClaim

__all__ = ["Group", "claim_date", "claim_order", "group_claims"]


def claim_date(item: StoryClaim) -> dt.date:
    """When a claim was made: the statement's own date if the text gives it, else the date its
    article was published."""
    said = item.claim.said
    if said is not None and said.precision == "day":
        return said.date
    return item.reported.date()


@dataclass(slots=True, kw_only=True)
class Group:
    """A story being built: its frame (family, actor, target, object class) and its claims.
    ``documents`` are the articles its supporting claims come from (denials are not counted)."""

    family: str
    actor: str | None
    target: str | None
    object_class: str | None
    members: list[StoryClaim] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    first: dt.date = dt.date.max
    last: dt.date = dt.date.min

    def add(self, item: StoryClaim) -> None:
        self.members.append(item)
        self.documents.add(item.document_id)
        day = claim_date(item)
        self.first = min(self.first, day)
        self.last = max(self.last, day)

    def sort_key(self) -> tuple[str, str, str, str, dt.date]:
        return (
            self.family,
            self.actor or "",
            self.target or "",
            self.object_class or "",
            self.first,
        )


def claim_order(item: StoryClaim) -> tuple[dt.date, str, int, str]:
    """The order claims are listed and processed in: by date, then article, then position."""
    return claim_date(item), item.document_id, item.claim.cue.span.start, item.claim.id


def _object(item: StoryClaim, rules: StoryRules) -> str | None:
    event = item.claim.event
    unit = event.quantity.unit if event and event.quantity else None
    return rules.object_class(unit, item.claim.content.text)


def _compatible_class(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _within(group: Group, day: dt.date, rules: StoryRules) -> bool:
    gap = dt.timedelta(days=rules.gap_days)
    return group.first - gap <= day <= group.last + gap


def _chain(items: Iterable[StoryClaim], rules: StoryRules) -> list[Group]:
    """Anchored claims with one (family, actor, target) into chains by time and object class."""
    groups: list[Group] = []
    open_: list[Group] = []
    for item in sorted(items, key=claim_order):
        event = item.claim.event
        assert event is not None
        cls = _object(item, rules)
        day = claim_date(item)
        gap = dt.timedelta(days=rules.gap_days)
        open_ = [g for g in open_ if day - g.last <= gap]
        home = next((g for g in open_ if _compatible_class(g.object_class, cls)), None)
        if home is None:
            home = Group(
                family=rules.family(event.type),
                actor=event.actor,
                target=event.target,
                object_class=cls,
            )
            groups.append(home)
            open_.append(home)
        elif home.object_class is None:
            home.object_class = cls
        home.add(item)
    return groups


def _best(
    candidates: list[Group], item: StoryClaim, denied_here: frozenset[int] = frozenset()
) -> Group | None:
    """The group a partial claim or a denial joins: one already denied in the same article by a
    denial naming its event (``denied_here``, ids of groups), then one reported in the same
    article, then the nearest in time, then the largest, then the first in a fixed order."""
    if not candidates:
        return None
    day = claim_date(item)

    def rank(g: Group) -> tuple[int, int, int, int, tuple[str, str, str, str, dt.date]]:
        distance = (
            0
            if g.first <= day <= g.last
            else min(abs((day - g.first).days), abs((day - g.last).days))
        )
        return (
            0 if id(g) in denied_here else 1,
            0 if item.document_id in g.documents else 1,
            distance,
            -len(g.members),
            g.sort_key(),
        )

    return min(candidates, key=rank)


def group_claims(items: Iterable[StoryClaim], rules: StoryRules) -> list[Group]:
    """The stories of ``items`` (see the module docstring), in a fixed order."""
    anchored: dict[tuple[str, str, str], list[StoryClaim]] = {}
    partial: list[StoryClaim] = []
    denials: list[StoryClaim] = []
    for item in items:
        event = item.claim.event
        if item.claim.stance == "deny":
            denials.append(item)
        elif event is None:
            continue
        elif event.actor and event.target:
            key = (rules.family(event.type), event.actor, event.target)
            anchored.setdefault(key, []).append(item)
        elif event.actor or event.target:
            partial.append(item)

    groups: list[Group] = []
    for key in sorted(anchored):
        groups.extend(_chain(anchored[key], rules))
    anchors = list(groups)

    # The anchors a partial claim may join share its family and its one known party.
    anchors_of: dict[tuple[str, str, str | None], list[Group]] = {}
    for g in anchors:
        anchors_of.setdefault((g.family, "actor", g.actor), []).append(g)
        anchors_of.setdefault((g.family, "target", g.target), []).append(g)
    leftovers: list[StoryClaim] = []
    for item in sorted(partial, key=claim_order):
        event = item.claim.event
        assert event is not None
        family, cls, day = rules.family(event.type), _object(item, rules), claim_date(item)
        party = ("actor", event.actor) if event.actor else ("target", event.target)
        candidates = [
            g
            for g in anchors_of.get((family, *party), [])
            if _compatible_class(g.object_class, cls) and _within(g, day, rules)
        ]
        home = _best(candidates, item)
        if home is None:
            leftovers.append(item)
        else:
            home.add(item)
    by_frame: dict[tuple[str, str, str], list[StoryClaim]] = {}
    for item in leftovers:
        event = item.claim.event
        assert event is not None
        frame = (rules.family(event.type), event.actor or "", event.target or "")
        by_frame.setdefault(frame, []).append(item)
    for frame in sorted(by_frame):
        groups.extend(_chain(by_frame[frame], rules))

    # Denials naming an event first; then denials that only refer back ("the reports"), which
    # prefer a story an event-naming denial in the same article already denies.
    supported = _Index(groups)
    denied_in: dict[str, set[int]] = {}
    by_event = [d for d in denials if _denied(supported, d, rules, by_event=True)]
    named = {id(d) for d in by_event}
    by_reference = [d for d in denials if id(d) not in named]
    for pass_items, by_event_pass in ((by_event, True), (by_reference, False)):
        for item in sorted(pass_items, key=claim_order):
            here = frozenset(denied_in.get(item.document_id, ()))
            candidates = _denied(supported, item, rules, by_event=by_event_pass, denied_here=here)
            home = _best(candidates, item, here)
            if home is None:
                continue
            relation: Relation = (
                "declines" if item.claim.cue.lemma in rules.declining_cues else "denies"
            )
            home.members.append(replace(item, relation=relation))
            if by_event_pass:
                denied_in.setdefault(item.document_id, set()).add(id(home))
    for group in groups:
        group.members.sort(key=claim_order)
    return sorted(groups, key=Group.sort_key)


class _Index:
    """The stories with supporting claims, looked up by event family, by party and by article,
    so that placing a denial looks at a few candidate stories rather than at all of them."""

    def __init__(self, groups: list[Group]) -> None:
        self.by_id = {id(g): g for g in groups}
        self.by_family: dict[str, list[Group]] = {}
        self.by_frame: dict[tuple[str, str, str | None], list[Group]] = {}
        self.by_party: dict[str, list[Group]] = {}
        self.by_document: dict[str, list[Group]] = {}
        for g in groups:
            self.by_family.setdefault(g.family, []).append(g)
            self.by_frame.setdefault((g.family, "actor", g.actor), []).append(g)
            self.by_frame.setdefault((g.family, "target", g.target), []).append(g)
            for party in {g.actor, g.target} - {None}:
                self.by_party.setdefault(str(party), []).append(g)
            for document in g.documents:
                self.by_document.setdefault(document, []).append(g)


def _denied(
    index: _Index,
    item: StoryClaim,
    rules: StoryRules,
    *,
    by_event: bool,
    denied_here: frozenset[int] = frozenset(),
) -> list[Group]:
    """The stories a denial may deny, never one that starts well after it: with ``by_event``,
    those its own event matches; otherwise, when its content refers back to earlier reports,
    those the denier is a party to, that are reported in the same article, or that another
    denial in the same article names (``denied_here``)."""
    claim = item.claim
    event = claim.event
    day = claim_date(item)
    lead = dt.timedelta(days=rules.denial_lead_days)
    gap = dt.timedelta(days=rules.gap_days)

    def in_time(g: Group) -> bool:
        return g.first - lead <= day <= g.last + gap

    if by_event:
        if event is None:
            return []
        family = rules.family(event.type)
        if event.actor is not None:
            same = index.by_frame.get((family, "actor", event.actor), [])
        elif event.target is not None:
            same = index.by_frame.get((family, "target", event.target), [])
        else:
            same = index.by_family.get(family, [])
        return [
            g for g in same if (event.target is None or event.target == g.target) and in_time(g)
        ]
    if not rules.back_reference.search(claim.content.text):
        return []
    denier = claim.source.actor.country if claim.source else None
    pool = {
        id(g): g
        for g in (
            *(index.by_party.get(denier, []) if denier else []),
            *index.by_document.get(item.document_id, []),
            *(index.by_id[i] for i in denied_here if i in index.by_id),
        )
    }
    return [g for g in pool.values() if in_time(g)]
