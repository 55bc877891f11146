"""Corroboration: stories from claims, and Admiralty grades with their reasons.

:func:`corroborate` is a pure function of the claims (and the source registry): the same claims
give the same stories and grades whatever order they were ingested in. :func:`rebuild` reads the
claims from a ledger, corroborates them and writes stories and grades back in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from watchfloor.corroborate.grading import reliability
from watchfloor.corroborate.grouping import group_claims
from watchfloor.corroborate.registry import Registry, load_registry, registry_from_text
from watchfloor.corroborate.rules import load_rules
from watchfloor.corroborate.stories import build_story
from watchfloor.ledger import Ledger
from watchfloor.records import Claimant, SourceGrade, Story, StoryClaim

__all__ = [
    "Corroboration",
    "Registry",
    "corroborate",
    "load_registry",
    "needs_rebuild",
    "rebuild",
    "registry_of",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Corroboration:
    """Stories (ids 0 until stored) and the grade of every claimant."""

    stories: tuple[Story, ...]
    sources: tuple[SourceGrade, ...]


def corroborate(
    reported: Iterable[StoryClaim],
    *,
    claimants: Sequence[tuple[Claimant, int]] = (),
    registry: Registry | None = None,
) -> Corroboration:
    """Group ``reported`` claims into stories, grade each story's credibility, and grade every
    claimant in ``claimants`` (each with its number of claims) and every claimant of a story."""
    registry = registry or load_registry()
    groups = group_claims(reported, load_rules())
    built = [build_story(g, registry) for g in groups]
    known = {c.key: (c, n) for c, n in claimants}
    for story, _ in built:
        for m in story.claims:
            if m.claimant is not None and m.claimant.key not in known:
                known[m.claimant.key] = (m.claimant, 0)
    sources = reliability(
        known.values(), [(verdict, story.claims) for story, verdict in built], registry=registry
    )
    return Corroboration(stories=tuple(s for s, _ in built), sources=tuple(sources))


def rebuild(ledger: Ledger, *, registry: Registry | None = None) -> Corroboration:
    """Rebuild the stories and source grades of ``ledger`` from its claims, and store them in
    one transaction.

    With no ``registry``, the user's registry the ledger was last graded with is used again (or
    the bundled one if there was none); a given user's registry is kept for later rebuilds.
    Either way the analysts' grades the ledger keeps override it.
    """
    registry = _with_edits(registry, ledger) if registry is not None else registry_of(ledger)
    version = ledger.claims_version()
    result = corroborate(ledger.reported_claims(), claimants=ledger.claimants(), registry=registry)
    kept = (registry.origin, registry.text) if registry.text is not None else None
    stored = ledger.replace_corroboration(
        result.stories, result.sources, version=version, registry=kept
    )
    log.info("rebuilt %d stories and %d source grades", len(stored), len(result.sources))
    return Corroboration(stories=stored, sources=result.sources)


def registry_of(ledger: Ledger) -> Registry:
    """The registry ``ledger`` was last graded with: the user's it keeps, else the bundled one,
    with the analysts' grades the ledger keeps on top."""
    saved = ledger.saved_registry()
    registry = registry_from_text(saved[1], origin=saved[0]) if saved else load_registry()
    return _with_edits(registry, ledger)


def _with_edits(registry: Registry, ledger: Ledger) -> Registry:
    return replace(registry, edits=ledger.grade_edits())


def needs_rebuild(ledger: Ledger, registry: Registry | None = None) -> bool:
    """Whether ``ledger``'s stories are stale, or ``registry`` differs from the one they were
    graded with."""
    if ledger.stories_stale():
        return True
    if registry is None or registry.text is None:
        return False
    saved = ledger.saved_registry()
    return saved is None or saved[1] != registry.text
