"""Records to rows and back. Spans are stored as ranges only and rebuilt from the document text,
so every span read from the ledger satisfies ``text[start:end] == span.text``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from watchfloor.records import (
    Actor,
    Claim,
    Claimant,
    Cue,
    Document,
    Event,
    Figure,
    Grade,
    Quantity,
    Source,
    Span,
    Story,
    StoryClaim,
    When,
)

if TYPE_CHECKING:  # codec is also used by the SQLAlchemy-free fast path (ledger/quick.py)
    from sqlalchemy.engine import RowMapping

__all__ = [
    "claim_row",
    "claimant_key",
    "claimant_of",
    "document_row",
    "row_claim",
    "row_document",
    "story_of_row",
    "utc",
]


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime read from either database as tz-aware UTC (SQLite drops the zone)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def claimant_key(actor: Actor) -> str:
    """The key that groups an actor's claims across documents: kind, country and name."""
    return f"{actor.kind}:{actor.country or '-'}:{actor.name}"


def claimant_of(actor: Actor) -> Claimant:
    return Claimant(
        key=claimant_key(actor),
        name=actor.name,
        kind=actor.kind,
        country=actor.country,
        role=actor.role,
    )


def _ranges(span: Span) -> list[list[int]]:
    return [[start, end] for start, end in span.ranges]


def _span(text: str, ranges: Any) -> Span:
    return Span.of(text, tuple((int(s), int(e)) for s, e in ranges))


def document_row(document: Document, *, key: str, extractor: str) -> dict[str, Any]:
    return {
        "key": key,
        "sha256": document.sha256,
        "origin": document.origin,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published,
        "retrieved": document.retrieved,
        "language": document.language,
        "text": document.text,
        "extractor": extractor,
        "ingested": dt.datetime.now(dt.UTC),
    }


def row_document(row: RowMapping) -> Document:
    return Document(
        id=row["key"],
        sha256=row["sha256"],
        origin=row["origin"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=utc(row["published"]),
        retrieved=utc(row["retrieved"]),
        language=row["language"],
    )


def claim_row(claim: Claim, *, document_id: int, position: int) -> dict[str, Any]:
    actor = claim.source.actor if claim.source else None
    event = claim.event
    quantity = event.quantity if event else None
    return {
        "document_id": document_id,
        "key": claim.id,
        "position": position,
        "sentence": _ranges(claim.sentence),
        "source": _ranges(claim.source.span) if claim.source else None,
        "source_key": claimant_key(actor) if actor else None,
        "source_name": actor.name if actor else None,
        "source_kind": actor.kind if actor else None,
        "source_country": actor.country if actor else None,
        "source_role": actor.role if actor else None,
        "cue": _ranges(claim.cue.span),
        "cue_lemma": claim.cue.lemma,
        "content": _ranges(claim.content),
        "stance": claim.stance,
        "hedged": claim.hedged,
        "confidence": claim.confidence,
        "extractor": claim.extractor,
        "reasons": list(claim.reasons),
        "said": claim.said.date if claim.said else None,
        "said_precision": claim.said.precision if claim.said else None,
        "event_type": event.type if event else None,
        "event_mode": event.mode if event else None,
        "event_actor": event.actor if event else None,
        "event_target": event.target if event else None,
        "quantity_value": quantity.value if quantity else None,
        "quantity_max": quantity.max if quantity else None,
        "quantity_unit": quantity.unit if quantity else None,
        "event_when": event.when.date if event and event.when else None,
        "event_when_precision": event.when.precision if event and event.when else None,
        "modality": event.modality if event else None,
    }


def _when(date: dt.date | None, precision: str | None) -> When | None:
    if date is None:
        return None
    return When(date=date, precision=cast(Any, precision or "day"))


def row_claim(row: RowMapping, *, text: str, document_key: str) -> Claim:
    """The Claim of a ``claims`` row; ``text`` is its document's text."""
    source = None
    if row["source"] is not None:
        source = Source(
            span=_span(text, row["source"]),
            actor=Actor(
                name=row["source_name"],
                kind=row["source_kind"],
                country=row["source_country"],
                role=row["source_role"],
            ),
        )
    event = None
    if row["event_type"] is not None:
        quantity = None
        if any(row[k] is not None for k in ("quantity_value", "quantity_max", "quantity_unit")):
            quantity = Quantity(
                value=row["quantity_value"], max=row["quantity_max"], unit=row["quantity_unit"]
            )
        event = Event(
            type=row["event_type"],
            mode=row["event_mode"],
            actor=row["event_actor"],
            target=row["event_target"],
            quantity=quantity,
            when=_when(row["event_when"], row["event_when_precision"]),
            modality=row["modality"] or "actual",
        )
    return Claim(
        id=row["key"],
        document_id=document_key,
        sentence=_span(text, row["sentence"]),
        source=source,
        cue=Cue(span=_span(text, row["cue"]), lemma=row["cue_lemma"]),
        content=_span(text, row["content"]),
        stance=row["stance"],
        hedged=bool(row["hedged"]),
        event=event,
        said=_when(row["said"], row["said_precision"]),
        confidence=float(row["confidence"]),
        extractor=row["extractor"],
        reasons=tuple(row["reasons"] or ()),
    )


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _figure(d: Mapping[str, Any]) -> Figure:
    return Figure(
        claimant=d["claimant"],
        stance=d["stance"],
        quantity=Quantity(value=d["value"], max=d["max"], unit=d["unit"]),
        said=dt.date.fromisoformat(d["said"]),
        modality=d["modality"],
        claim_id=d["claim"],
    )


def story_of_row(row: Mapping[Any, Any], claims: tuple[StoryClaim, ...] = ()) -> Story:
    """The Story of a ``stories`` row (JSON columns decoded, times as datetimes)."""
    return Story(
        id=row["id"],
        key=row["key"],
        title=row["title"],
        event_type=row["event_type"],
        mode=row["event_mode"],
        actor=row["actor"],
        target=row["target"],
        first_seen=utc(row["first_seen"]) or _EPOCH,
        last_seen=utc(row["last_seen"]) or _EPOCH,
        claims=claims,
        claim_count=row["claims"],
        figures=tuple(_figure(f) for f in row["figures"]),
        stance_counts=tuple((s, int(n)) for s, n in row["stance_counts"]),
        documents=row["documents"],
        origins=row["origins"],
        credibility=Grade(value=row["credibility"], reasons=tuple(row["credibility_reasons"])),
    )
