"""Records as JSON-ready dictionaries, in the shape of ``schema/extraction.schema.json``.

The shape is documented in ``docs/schema.md``; a test validates every output against the schema.
"""

from __future__ import annotations

from typing import Any

from watchfloor.records import Actor, Claim, Document, Event, Extraction, Span, When

__all__ = ["SCHEMA_VERSION", "claim_to_dict", "document_to_dict", "extraction_to_dict"]

SCHEMA_VERSION = "1"


def span_to_dict(span: Span) -> dict[str, Any]:
    return {"text": span.text, "spans": [[s, e] for s, e in span.ranges]}


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    return {"name": actor.name, "kind": actor.kind, "country": actor.country, "role": actor.role}


def when_to_dict(when: When | None) -> dict[str, Any] | None:
    if when is None:
        return None
    return {"date": when.date.isoformat(), "precision": when.precision}


def event_to_dict(event: Event | None) -> dict[str, Any] | None:
    if event is None:
        return None
    quantity = None
    if event.quantity is not None:
        quantity = {
            "value": event.quantity.value,
            "max": event.quantity.max,
            "unit": event.quantity.unit,
        }
    return {
        "type": event.type,
        "mode": event.mode,
        "actor": event.actor,
        "target": event.target,
        "quantity": quantity,
        "when": when_to_dict(event.when),
        "modality": event.modality,
    }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    source = None
    if claim.source is not None:
        source = span_to_dict(claim.source.span) | {"actor": actor_to_dict(claim.source.actor)}
    return {
        "id": claim.id,
        "sentence": span_to_dict(claim.sentence),
        "source": source,
        "cue": span_to_dict(claim.cue.span) | {"lemma": claim.cue.lemma},
        "content": span_to_dict(claim.content),
        "stance": claim.stance,
        "hedged": claim.hedged,
        "event": event_to_dict(claim.event),
        "said": when_to_dict(claim.said),
        "confidence": claim.confidence,
        "extractor": claim.extractor,
        "reasons": list(claim.reasons),
    }


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "sha256": document.sha256,
        "origin": document.origin,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published.isoformat() if document.published else None,
    }


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """One document's output object: ``{"document", "claims", "errors"}``."""
    return {
        "document": document_to_dict(extraction.document),
        "claims": [claim_to_dict(c) for c in extraction.claims],
        "errors": list(extraction.errors),
    }
