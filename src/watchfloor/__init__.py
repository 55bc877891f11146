"""watchfloor: attributed claims from contested geopolitical reporting.

The public API is small; importing it is light (the spaCy pipeline and the database drivers
load on first use)::

    import watchfloor
    result = watchfloor.extract(text, published="2024-10-22")
    for claim in result.claims:
        print(claim.source, claim.stance, claim.content.text, claim.event)

    with watchfloor.open_ledger("sqlite:///watch.db") as ledger:
        report = watchfloor.ingest_into(ledger, ["articles/", "https://example.org/feed.xml"])
        for story in ledger.stories():
            print(story.id, story.credibility.value, story.title)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable as _Iterable
from collections.abc import Iterator as _Iterator
from typing import TYPE_CHECKING as _TYPE_CHECKING

from watchfloor.config import Settings
from watchfloor.config import parse_published as _parse_published
from watchfloor.errors import WatchfloorError
from watchfloor.records import (
    Actor,
    Assessment,
    Claim,
    Claimant,
    Cue,
    Document,
    Event,
    Extraction,
    Figure,
    Grade,
    IndicatorResult,
    Quantity,
    Source,
    SourceGrade,
    Span,
    Story,
    StoryClaim,
    When,
)

__all__ = [
    "Actor",
    "Assessment",
    "Claim",
    "Claimant",
    "Cue",
    "Document",
    "Event",
    "Extraction",
    "Figure",
    "Grade",
    "IndicatorResult",
    "IngestReport",
    "Ledger",
    "Quantity",
    "Settings",
    "Source",
    "SourceGrade",
    "Span",
    "Story",
    "StoryClaim",
    "WatchfloorError",
    "When",
    "extract",
    "extract_documents",
    "ingest_into",
    "iter_documents",
    "load_registry",
    "make_document",
    "open_ledger",
]

_LAZY = {
    "iter_documents": "watchfloor.ingest",
    "make_document": "watchfloor.ingest",
    "IngestReport": "watchfloor.run",
    "Ledger": "watchfloor.ledger",
    "open_ledger": "watchfloor.ledger",
    "load_registry": "watchfloor.corroborate",
}
"""Public names loaded on first use (PEP 562): SQLAlchemy and the readers stay out of
``import watchfloor`` and of the command line's start-up."""

__version__ = "0.1.0"

if _TYPE_CHECKING:
    from watchfloor.corroborate import load_registry
    from watchfloor.ingest import iter_documents, make_document
    from watchfloor.ledger import Ledger, open_ledger
    from watchfloor.run import IngestReport


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
    from watchfloor.ingest import make_document

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


def ingest_into(
    ledger: Ledger,
    inputs: _Iterable[str],
    *,
    published: str | _dt.date | _dt.datetime | None = None,
    registry: str | None = None,
    fetch: bool = True,
    allowed_networks: _Iterable[str] = (),
    settings: Settings | None = None,
) -> IngestReport:
    """Read ``inputs`` (paths, folders, http(s) URLs of articles or feeds, list files) into
    ``ledger`` and rebuild its stories and grades; what ``watchfloor ingest`` does. (Not named
    ``ingest``: the subpackage ``watchfloor.ingest`` would rebind over it.)

    ``registry`` is the path of a source registry; ``fetch=False`` refuses every URL;
    ``allowed_networks`` (CIDR strings) lets the fetcher reach those private networks.
    Inputs that cannot be read are counted and named in the report, never raised.
    """
    from watchfloor.corroborate import load_registry as _load_registry
    from watchfloor.run import ingest_inputs

    return ingest_inputs(
        ledger,
        inputs,
        settings=settings or Settings(published=_parse_published(published)),
        registry=_load_registry(registry) if registry else None,
        fetch=fetch,
        allowed_networks=allowed_networks,
    )


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'watchfloor' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
