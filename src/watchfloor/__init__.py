"""watchfloor: attributed claims from contested geopolitical reporting.

The public API is small; importing it is light (the spaCy pipeline loads on first use)::

    import watchfloor
    result = watchfloor.extract(text, published="2024-10-22")
    for claim in result.claims:
        print(claim.source, claim.stance, claim.content.text, claim.event)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable as _Iterable
from collections.abc import Iterator as _Iterator

from watchfloor.config import Settings
from watchfloor.config import parse_published as _parse_published
from watchfloor.errors import WatchfloorError
from watchfloor.ingest import iter_documents, make_document
from watchfloor.records import (
    Actor,
    Claim,
    Cue,
    Document,
    Event,
    Extraction,
    Quantity,
    Source,
    Span,
    When,
)

__all__ = [
    "Actor",
    "Claim",
    "Cue",
    "Document",
    "Event",
    "Extraction",
    "Quantity",
    "Settings",
    "Source",
    "Span",
    "WatchfloorError",
    "When",
    "extract",
    "extract_documents",
    "iter_documents",
    "make_document",
]

__version__ = "0.1.0"


def extract(
    text: str,
    *,
    published: str | _dt.date | _dt.datetime | None = None,
    document_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
) -> Extraction:
    """The claims of one text. ``published`` (ISO string, date or datetime) resolves relative
    dates ("last week", "on Monday"); the returned records are frozen."""
    from watchfloor.extraction.engine import extract_documents as run

    document = make_document(
        text,
        id=document_id,
        title=title,
        outlet=outlet,
        url=url,
        published=_parse_published(published),
    )
    (result,) = run([document])
    return result


def extract_documents(
    documents: _Iterable[Document], settings: Settings | None = None
) -> _Iterator[Extraction]:
    """The extraction of every document, in order (``settings.jobs`` worker processes)."""
    from watchfloor.extraction.engine import extract_documents as run

    return run(documents, settings)
