"""The ledger as JSON Lines: one object per claim, or one object per story.

A claim line is the claim object of ``docs/schema.md`` (:func:`~watchfloor.export.json.
claim_to_dict`) with three more keys: ``document`` (the ledger key of its article), ``story``
(the id of its story, or ``null``) and ``relation`` (``supports``, ``denies`` or ``declines``,
or ``null``). Claims stream from the ledger one document at a time, so the export of a large
ledger runs in constant memory.

A story line carries the story's frame, its Admiralty credibility grade with the reasons that
produced it, its stance counts, its figures side by side as each claimant gave them (never
averaged), and the ids of its claims with their relation and claimant. Stories are read one at
a time, newest activity first, as ``Ledger.stories()`` lists them.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Literal, TextIO

from watchfloor.errors import ConfigError
from watchfloor.export.json import claim_to_dict
from watchfloor.records import Claim, Claimant, Figure, SourceGrade, Story, StoryClaim

if TYPE_CHECKING:  # the ledger (SQLAlchemy) loads only when an export runs
    from watchfloor.ledger import Ledger

__all__ = [
    "EXPORTS",
    "Export",
    "check_export",
    "claim_record",
    "claimant_to_dict",
    "figure_to_dict",
    "source_record",
    "story_record",
    "warn_if_stale",
    "write_jsonl",
]

log = logging.getLogger(__name__)

Export = Literal["claims", "stories"]
EXPORTS: tuple[Export, ...] = ("claims", "stories")
"""What a JSONL or CSV export holds: one row per claim, or one row per story."""


def check_export(what: str) -> Export:
    """``what`` as an :data:`Export`, or a :class:`ConfigError` that names the choices."""
    for choice in EXPORTS:
        if what == choice:
            return choice
    raise ConfigError(f"unknown export {what!r}: use one of {', '.join(EXPORTS)}")


def warn_if_stale(ledger: Ledger) -> None:
    """Log a warning when the stories were built before the latest claims were stored (a run
    killed before corroboration): the export then shows stories that miss those claims."""
    if ledger.stories_stale():
        log.warning(
            "%s: stories are older than the latest claims; rebuild them (watchfloor ingest "
            "does) before exporting, or the export misses the newest claims",
            ledger.url,
        )


def claim_record(claim: Claim, story: int | None, relation: str | None) -> dict[str, Any]:
    """One claim line: the claim object of ``docs/schema.md`` with its document, story and
    relation to that story."""
    return {
        "document": claim.document_id,
        **claim_to_dict(claim),
        "story": story,
        "relation": relation,
    }


def figure_to_dict(figure: Figure) -> dict[str, Any]:
    return {
        "claimant": figure.claimant,
        "stance": figure.stance,
        "value": figure.quantity.value,
        "max": figure.quantity.max,
        "unit": figure.quantity.unit,
        "said": figure.said.isoformat(),
        "modality": figure.modality,
        "claim": figure.claim_id,
    }


def claimant_to_dict(claimant: Claimant | None) -> dict[str, Any] | None:
    if claimant is None:
        return None
    return {
        "key": claimant.key,
        "name": claimant.name,
        "kind": claimant.kind,
        "country": claimant.country,
        "role": claimant.role,
    }


def _member_to_dict(member: StoryClaim) -> dict[str, Any]:
    return {
        "id": member.claim.id,
        "relation": member.relation,
        "claimant": claimant_to_dict(member.claimant),
        "document": member.document_id,
        "origin": member.origin,
        "reported": member.reported.isoformat(),
    }


def story_record(story: Story) -> dict[str, Any]:
    """One story line. ``claims`` is empty for a story summary (``Ledger.stories()``): read the
    story with ``Ledger.story(id)`` to list them; ``claim_count`` is right either way."""
    return {
        "id": story.id,
        "key": story.key,
        "title": story.title,
        "event_type": story.event_type,
        "mode": story.mode,
        "actor": story.actor,
        "target": story.target,
        "first_seen": story.first_seen.isoformat(),
        "last_seen": story.last_seen.isoformat(),
        "credibility": {
            "grade": story.credibility.value,
            "meaning": story.credibility.meaning,
            "reasons": list(story.credibility.reasons),
        },
        "stance_counts": dict(story.stance_counts),
        "claim_count": story.claim_count,
        "documents": story.documents,
        "origins": story.origins,
        "figures": [figure_to_dict(f) for f in story.figures],
        "claims": [_member_to_dict(m) for m in story.claims],
    }


def source_record(grade: SourceGrade) -> dict[str, Any]:
    """One claimant with its reliability grade, the reasons, and its track record."""
    return {
        "claimant": claimant_to_dict(grade.claimant),
        "reliability": {
            "grade": grade.reliability.value,
            "meaning": grade.reliability.meaning,
            "reasons": list(grade.reliability.reasons),
        },
        "registry": grade.registry,
        "claims": grade.claims,
        "stories": grade.stories,
        "confirmed": grade.confirmed,
        "contradicted": grade.contradicted,
    }


def write_jsonl(ledger: Ledger, out: TextIO, *, what: Export) -> int:
    """Write every claim, or every story, of ``ledger`` to ``out`` as JSON Lines; return the
    number of lines written. Raises :class:`ConfigError` for an unknown ``what``."""
    what = check_export(what)
    count = 0
    if what == "claims":
        for claim, story, relation in ledger.iter_claims():
            _write_line(out, claim_record(claim, story, relation))
            count += 1
        return count
    warn_if_stale(ledger)
    for summary in ledger.stories(limit=None):
        full = ledger.story(summary.id)
        if full is None:  # rebuilt by another process since it was listed
            continue
        _write_line(out, story_record(full))
        count += 1
    return count


def _write_line(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
