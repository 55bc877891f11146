"""``watchfloor ingest``: read files, folders, URLs, feeds and list files into the ledger."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from watchfloor.cli.common import ReportedError, error_line
from watchfloor.cli.ledger_options import DB_OPTION, REGISTRY_OPTION, load_registry_option
from watchfloor.config import DEFAULT_MAX_CHARS, Settings, parse_published

if TYPE_CHECKING:
    from watchfloor.errors import WatchfloorError
    from watchfloor.ledger import Stored
    from watchfloor.run import IngestReport

__all__ = ["ingest"]


def ingest(
    inputs: list[str] = typer.Argument(
        ...,
        metavar="INPUT...",
        help="Files (.txt .html .jsonl), folders, http(s) URLs of articles or RSS/Atom feeds, "
        "list files (one input per line), or - for stdin.",
    ),
    db: str = DB_OPTION,
    registry: str | None = REGISTRY_OPTION,
    published: str | None = typer.Option(
        None, "--published", help="Publication date for inputs without one (ISO, e.g. 2024-10-22)."
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Extraction worker processes."),
    max_chars: int = typer.Option(
        DEFAULT_MAX_CHARS, "--max-chars", min=1, help="Longest document read, in characters."
    ),
    allow_network: list[str] = typer.Option(
        [],
        "--allow-network",
        metavar="CIDR",
        help="Fetch from this private, loopback or link-local network anyway (repeatable), "
        "e.g. 10.0.0.0/8.",
    ),
    no_fetch: bool = typer.Option(False, "--no-fetch", help="Refuse every URL: local files only."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Store documents and their claims in the ledger, then rebuild stories and grades.

    A document already stored from the same text is skipped; one stored by an older extractor
    has its claims re-extracted and replaced. Every failed input gets one line on stderr and the
    rest go on; the exit code is 1 if any input failed.
    """
    from watchfloor.ledger import open_ledger
    from watchfloor.run import ingest_inputs

    settings = Settings(published=parse_published(published), jobs=jobs, max_chars=max_chars)
    chosen_registry = load_registry_option(registry)
    with open_ledger(db) as ledger:
        progress = _Progress(enabled=not quiet and sys.stderr.isatty())
        with progress:
            report = ingest_inputs(
                ledger,
                inputs,
                settings=settings,
                registry=chosen_registry,
                fetch=not no_fetch,
                allowed_networks=allow_network,
                progress=progress.advance,
                stdin=sys.stdin.buffer,
            )
        _summary(report, ledger.url)
    if report.failed:
        raise ReportedError(1)


class _Progress:
    """A rich progress line on stderr while inputs are read; errors print above it."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: object | None = None
        self._task: object | None = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            bar = Progress(
                SpinnerColumn(),
                TextColumn("ingesting"),
                MofNCompleteColumn(),
                TextColumn("{task.fields[last]}", style="dim"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            self._task = bar.add_task("ingest", total=None, last="")
            self._bar = bar
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]

    def advance(self, name: str, outcome: Stored | WatchfloorError) -> None:
        from watchfloor.errors import WatchfloorError

        if isinstance(outcome, WatchfloorError):
            if self._bar is not None:
                self._bar.console.print(  # type: ignore[attr-defined]
                    f"watchfloor: error: {' '.join(str(outcome).split())}",
                    markup=False,
                    highlight=False,
                )
            else:
                error_line(str(outcome))
        if self._bar is not None:
            shown = name if len(name) <= 50 else "…" + name[-49:]
            self._bar.update(self._task, advance=1, last=shown)  # type: ignore[attr-defined]


def _summary(report: IngestReport, url: str) -> None:
    parts = [f"{report.new} new", f"{report.seen} already stored"]
    if report.replaced:
        parts.append(f"{report.replaced} re-extracted")
    parts.append(f"{report.failed} failed")
    copies = f", {report.duplicates} near-duplicate(s) linked" if report.duplicates else ""
    print(
        f"watchfloor: {report.documents} document(s): {', '.join(parts)}; "
        f"{report.claims} claim(s) stored{copies}; {report.stories} stories in {url}",
        file=sys.stderr,
    )
