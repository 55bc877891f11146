"""Running the stages end to end: read → extract → store → corroborate.

:func:`ingest` is what ``watchfloor ingest`` does, as a library function: it takes documents
(and the errors of inputs that could not be read), extracts the claims of every document the
ledger does not already hold from the current extraction engine, stores each document with its
claims in its own transaction, and rebuilds stories and grades at the end. One bad input never
stops the batch; the report counts it and keeps its one-line reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from watchfloor.config import Settings
from watchfloor.corroborate import Registry, needs_rebuild, rebuild
from watchfloor.errors import IngestError, WatchfloorError
from watchfloor.ledger import Ledger, Stored
from watchfloor.records import Document

__all__ = ["IngestReport", "ingest", "ingest_inputs"]

log = logging.getLogger(__name__)

Progress = Callable[[str, "Stored | WatchfloorError"], None]
"""Called once per input as it is finished: its name, then what was stored or the error."""


@dataclass(slots=True, kw_only=True)
class IngestReport:
    """What one ingest run did. ``errors`` are one-line messages naming each failed input."""

    new: int = 0
    seen: int = 0
    replaced: int = 0
    failed: int = 0
    claims: int = 0
    duplicates: int = 0
    stories: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.new + self.seen + self.replaced + self.failed


def ingest(
    ledger: Ledger,
    items: Iterable[Document | IngestError],
    *,
    settings: Settings | None = None,
    registry: Registry | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Store every document of ``items`` with its claims in ``ledger``, then rebuild stories and
    grades. ``IngestError`` items (inputs that could not be read) are counted and reported."""
    from watchfloor.extraction.engine import ENGINE_ID, extract_documents

    settings = settings or Settings()
    report = IngestReport()
    run = ledger.begin_run(ENGINE_ID)

    def fail(name: str, error: WatchfloorError) -> None:
        report.failed += 1
        report.errors.append(str(error))
        log.warning("%s", error)
        if progress is not None:
            progress(name, error)

    def to_extract() -> Iterator[Document]:
        for item in items:
            if isinstance(item, IngestError):
                fail(item.origin, item)
                continue
            if ledger.extractor_of(item.sha256) == ENGINE_ID:
                report.seen += 1
                if progress is not None:
                    progress(item.origin, Stored(status="seen", document_id=item.id, claims=0))
                continue
            yield item

    for extraction in extract_documents(to_extract(), settings):
        document = extraction.document
        for problem in extraction.errors:
            log.warning("%s", problem)
        try:
            stored = ledger.store(extraction, extractor=ENGINE_ID)
        except WatchfloorError as exc:
            fail(document.origin, exc)
            continue
        if stored.status == "new":
            report.new += 1
        elif stored.status == "replaced":
            report.replaced += 1
        else:
            report.seen += 1
        report.claims += stored.claims
        report.duplicates += stored.duplicate_of is not None
        if progress is not None:
            progress(document.origin, stored)

    # A run killed before this point leaves its documents stored and the stories stale; the
    # next reader rebuilds them (see ``stories_stale``), and the run row stays unfinished.
    if needs_rebuild(ledger, registry):
        report.stories = len(rebuild(ledger, registry=registry).stories)
    else:
        report.stories = ledger.counts()["stories"]
    ledger.finish_run(
        run,
        new=report.new,
        seen=report.seen,
        replaced=report.replaced,
        failed=report.failed,
        claims=report.claims,
    )
    return report


def ingest_inputs(
    ledger: Ledger,
    inputs: Iterable[str],
    *,
    settings: Settings | None = None,
    registry: Registry | None = None,
    fetch: bool = True,
    allowed_networks: Iterable[str] = (),
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
) -> IngestReport:
    """:func:`ingest` of named inputs (paths, folders, http(s) URLs of articles or feeds, list
    files, ``-`` for ``stdin``), read through one guarded fetcher; ``fetch=False`` refuses every
    URL, ``allowed_networks`` (CIDR strings) lets the fetcher reach those private networks."""
    from watchfloor.ingest.addresses import parse_network
    from watchfloor.ingest.fetch import Fetcher, FetchPolicy
    from watchfloor.ingest.inputs import iter_inputs

    settings = settings or Settings()
    networks = tuple(parse_network(n) for n in allowed_networks)
    fetcher = Fetcher(FetchPolicy(allowed_networks=networks)) if fetch else None
    try:
        items = iter_inputs(
            inputs,
            fetcher=fetcher,
            published=settings.published,
            max_chars=settings.max_chars,
            stdin=stdin,
        )
        return ingest(ledger, items, settings=settings, registry=registry, progress=progress)
    finally:
        if fetcher is not None:
            fetcher.close()
