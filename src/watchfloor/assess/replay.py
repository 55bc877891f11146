"""Assessing a ledger: now, from its stored stories, or as of a past time, by replaying them.

``as_of`` replays the ledger as it was known then: only claims from documents published by then
are corroborated again (stories and grades are a pure function of the claims, so the replay is
reproducible), with the registry the ledger was graded with. A replayed story takes the id of the
stored story holding most of its claims, so ids read the same in both views.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from watchfloor.assess.evaluate import evaluate
from watchfloor.assess.playbook import Playbook
from watchfloor.corroborate import corroborate, load_registry
from watchfloor.corroborate.registry import registry_from_text
from watchfloor.ledger import Ledger
from watchfloor.records import Assessment, SourceGrade, Story

__all__ = ["assess_ledger", "stories_as_of"]


def stories_as_of(
    ledger: Ledger, as_of: dt.datetime
) -> tuple[tuple[Story, ...], tuple[SourceGrade, ...]]:
    """The stories and source grades the ledger would have held at ``as_of``."""
    known = [m for m in ledger.reported_claims() if m.reported <= as_of]
    saved = ledger.saved_registry()
    registry = registry_from_text(saved[1], origin=saved[0]) if saved else load_registry()
    claimants = [(c, n) for c, n in ledger.claimants()]
    result = corroborate(known, claimants=claimants, registry=registry)
    stored = {claim.id: story for claim, story, _ in ledger.iter_claims() if story is not None}
    stories = []
    for story in result.stories:
        votes = Counter(stored[m.claim.id] for m in story.claims if m.claim.id in stored)
        sid = min(votes, key=lambda s: (-votes[s], s)) if votes else 0
        stories.append(replace(story, id=sid))
    return tuple(stories), result.sources


def assess_ledger(
    ledger: Ledger, playbook: Playbook, *, as_of: dt.datetime | None = None
) -> Assessment:
    """The assessment of ``playbook`` over ``ledger``, now or as of a past time."""
    if as_of is None:
        summaries = ledger.stories(limit=None)
        stories = tuple(s for s in (ledger.story(x.id) for x in summaries) if s is not None)
        return evaluate(playbook, stories, ledger.sources(), as_of=dt.datetime.now(dt.UTC))
    stories, grades = stories_as_of(ledger, as_of)
    return evaluate(playbook, stories, grades, as_of=as_of)
