"""``watchfloor extract``: the claims of files, directories, JSONL feeds and standard input."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from watchfloor.cli.common import ReportedError, error_line
from watchfloor.config import DEFAULT_MAX_CHARS, Settings, parse_published
from watchfloor.errors import IngestError
from watchfloor.records import Claim, Document, Extraction

__all__ = ["extract", "render_table"]


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


_PIPED_WIDTH = 140
_STANCE_STYLE = {"assert": "cyan", "confirm": "green", "allege": "yellow", "deny": "red"}


def extract(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT...", help="Files (.txt .html .jsonl), directories, or - for stdin."
    ),
    published: str | None = typer.Option(
        None, "--published", help="Publication date for inputs without one (ISO, e.g. 2024-10-22)."
    ),
    fmt: Format | None = typer.Option(
        None, "--format", "-f", help="table (default on a terminal), json, or jsonl."
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
    max_chars: int = typer.Option(
        DEFAULT_MAX_CHARS, "--max-chars", min=1, help="Longest document read, in characters."
    ),
) -> None:
    """Extract the attributed claims of every input document."""
    from watchfloor.export.json import extraction_to_dict
    from watchfloor.extraction.engine import extract_documents  # loads spaCy: only when used
    from watchfloor.ingest import iter_documents

    settings = Settings(published=parse_published(published), jobs=jobs, max_chars=max_chars)
    chosen = fmt or (Format.table if sys.stdout.isatty() else Format.jsonl)
    failures = 0

    def documents() -> Iterator[Document]:
        nonlocal failures
        for item in iter_documents(
            inputs,
            published=settings.published,
            max_chars=settings.max_chars,
            stdin=sys.stdin.buffer,
        ):
            if isinstance(item, IngestError):
                failures += 1
                error_line(str(item))
            else:
                yield item

    def checked(extractions: Iterable[Extraction]) -> Iterator[Extraction]:
        nonlocal failures
        for extraction in extractions:
            for message in extraction.errors:
                failures += 1
                error_line(message)
            yield extraction

    results = checked(extract_documents(documents(), settings))
    if chosen is Format.jsonl:
        for extraction in results:
            sys.stdout.write(json.dumps(extraction_to_dict(extraction), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    elif chosen is Format.json:
        payload = [extraction_to_dict(e) for e in results]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        # on a terminal rich uses its width; piped, it would fall back to a cramped 80 columns
        console = Console() if sys.stdout.isatty() else Console(width=_PIPED_WIDTH)
        for extraction in results:
            console.print(render_table(extraction))
    if failures:
        raise ReportedError(1)


def _fmt_number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _source_cell(claim: Claim) -> Text:
    if claim.source is None:
        return Text("(no source)", style="dim italic")
    actor = claim.source.actor
    cell = Text(actor.name, style="bold")
    tags = [x for x in (actor.country, actor.role) if x]
    if tags:
        cell.append(f"\n{' · '.join(tags)}", style="dim")
    return cell


def _event_cell(claim: Claim) -> tuple[Text, Text]:
    event = claim.event
    if event is None:
        return Text("—", style="dim"), Text("")
    label = Text(event.type, style="bold")
    if event.mode:
        label.append(f" {event.mode}")
    label.append(f"\n{event.actor or '?'} → {event.target or '?'}", style="dim")
    if event.modality != "actual":
        label.append(f"\n{event.modality}", style="magenta")
    numbers = Text("")
    if event.quantity is not None:
        q = event.quantity
        if q.value is not None and q.max is not None:
            shown = f"{_fmt_number(q.value)}–{_fmt_number(q.max)}"
        elif q.max is not None:
            shown = f"up to {_fmt_number(q.max)}"
        elif q.value is not None:
            shown = _fmt_number(q.value)
        else:
            shown = "some"
        numbers.append(shown + (f" {q.unit}" if q.unit else ""))
    if event.when is not None:
        when = event.when
        shown_date = {
            "day": when.date.isoformat(),
            "month": when.date.isoformat()[:7],
            "year": str(when.date.year),
        }[when.precision]
        numbers.append(("\n" if numbers else "") + shown_date, style="dim")
    return label, numbers


def render_table(extraction: Extraction) -> Table:
    """A rich table of one document's claims: source, stance, content, event, numbers."""
    document = extraction.document
    date = document.published.date().isoformat() if document.published else "undated"
    table = Table(
        title=f"{document.id} · {date} · {len(extraction.claims)} claims",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Source", ratio=2)
    table.add_column("Stance", no_wrap=True)
    table.add_column("Content", ratio=5)
    table.add_column("Event", ratio=2)
    table.add_column("Numbers / when", ratio=2)
    for n, claim in enumerate(extraction.claims, 1):
        stance = Text(claim.stance, style=_STANCE_STYLE[claim.stance])
        if claim.hedged:
            stance.append("\nhedged", style="italic dim")
        stance.append(f"\n“{claim.cue.span.text}”", style="dim")
        event, numbers = _event_cell(claim)
        table.add_row(str(n), _source_cell(claim), stance, claim.content.text, event, numbers)
    return table
