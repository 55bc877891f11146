"""``watchfloor stories``, ``story`` and ``sources``: read the ledger's stories and grades."""

from __future__ import annotations

import sys
from collections import defaultdict
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

import typer

from watchfloor.cli.common import ReportedError, error_line
from watchfloor.cli.ledger_options import DB_OPTION, REGISTRY_OPTION, fresh_ledger

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

    from watchfloor.records import Figure, SourceEdit, SourceGrade, Story

__all__ = ["sources", "stories", "story"]

_PIPED_WIDTH = 140
_STANCE_STYLE = {"assert": "cyan", "confirm": "green", "allege": "yellow", "deny": "red"}
_RELATION_STYLE = {"supports": "", "denies": "red", "declines": "magenta"}


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


FORMAT_OPTION = typer.Option(None, "--format", "-f", help="table (the default), json or jsonl.")


Justify = Literal["left", "center", "right"]


def _columns(table: Table, specs: tuple[tuple[str, Justify, int | None], ...]) -> None:
    for name, justify, ratio in specs:
        table.add_column(name, justify=justify, ratio=ratio)


def _console() -> Console:
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=_PIPED_WIDTH)


def _chosen(fmt: Format | None) -> Format:
    """Tables unless asked otherwise, piped or not: these commands are read by people; scripts
    ask for json (or use ``watchfloor export``)."""
    return fmt or Format.table


def figure_text(f: Figure) -> str:
    """``1,500 special operation forces (confirm, 2024-10-18)``; modality named unless actual."""
    from watchfloor.export.tables import quantity_text

    planned = "" if f.modality == "actual" else f", {f.modality}"
    return f"{quantity_text(f.quantity)} ({f.stance}{planned}, {f.said.isoformat()})"


def _short_figures(story: Story, limit: int = 3) -> str:
    from watchfloor.export.tables import number_text

    latest: dict[str, Figure] = {}
    for f in story.figures:
        latest[f.claimant] = f
    parts = [
        f"{name}: {number_text(f.quantity.value or f.quantity.max or 0, grouped=True)}"
        for name, f in latest.items()
    ]
    more = f" +{len(parts) - limit}" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def _emit_json(payload: object, fmt: Format) -> None:
    import json

    if fmt is Format.jsonl and isinstance(payload, list):
        for item in payload:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def stories(
    db: str = DB_OPTION,
    registry: str | None = REGISTRY_OPTION,
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="Stories shown."),
    fmt: Format | None = FORMAT_OPTION,
) -> None:
    """The stories of the ledger, newest activity first, with their credibility grade."""
    from watchfloor.ledger.quick import quick_stories

    # A current SQLite ledger is listed without importing SQLAlchemy (see ledger/quick.py).
    found = quick_stories(db, limit=limit) if registry is None else None
    if found is None:
        with fresh_ledger(db, registry) as ledger:
            found = ledger.stories(limit=limit)
    chosen = _chosen(fmt)
    if chosen is not Format.table:
        from watchfloor.export.ledger_json import story_record

        _emit_json([story_record(s) for s in found], chosen)
        return
    from rich.table import Table

    table = Table(title=f"{len(found)} stories, newest activity first", title_justify="left")
    _columns(
        table,
        (
            ("id", "right", None),
            ("cred.", "center", None),
            ("story", "left", 3),
            ("claims", "right", None),
            ("origins", "right", None),
            ("first", "left", None),
            ("last", "left", None),
            ("numbers (latest per claimant)", "left", 3),
        ),
    )
    for s in found:
        table.add_row(
            str(s.id),
            s.credibility.value,
            s.title,
            str(s.claim_count),
            str(s.origins),
            s.first_seen.date().isoformat(),
            s.last_seen.date().isoformat(),
            _short_figures(s),
        )
    _console().print(table)


def story(
    story_id: int | None = typer.Argument(
        None, metavar="[ID]", help="The story's id (see `stories`)."
    ),
    document: str | None = typer.Option(
        None, "--document", "-d", help="Instead of an id: the main story of this document."
    ),
    db: str = DB_OPTION,
    registry: str | None = REGISTRY_OPTION,
    fmt: Format | None = FORMAT_OPTION,
) -> None:
    """One story: numbers by claimant side by side, how they evolved, denials, and grades."""
    if (story_id is None) == (document is None):
        raise typer.BadParameter("give a story ID or --document KEY (one of the two)")
    with fresh_ledger(db, registry) as ledger:
        if document is not None:
            story_id = ledger.story_of_document(document)
            if story_id is None:
                error_line(
                    f"document {document!r} is in no story: check its key "
                    "(`watchfloor export --what claims`) or that it has claims with events"
                )
                raise ReportedError(1)
        assert story_id is not None
        found = ledger.story(story_id)
        grades = {g.claimant.key: g for g in ledger.sources()}
    if found is None:
        error_line(f"story {story_id} does not exist: run `watchfloor stories` to see the ids")
        raise ReportedError(1)
    chosen = _chosen(fmt)
    if chosen is not Format.table:
        from watchfloor.export.ledger_json import story_record

        _emit_json(story_record(found), Format.json)
        return
    console = _console()
    for part in render_story(found, grades):
        console.print(part)


def render_story(s: Story, grades: dict[str, SourceGrade]) -> list[RenderableType]:
    """The parts of one story's view: header, grade, numbers by claimant, timeline."""
    from rich.table import Table
    from rich.text import Text

    out: list[RenderableType] = []
    head = Text()
    head.append(f"Story {s.id}: {s.title}\n", style="bold")
    head.append(
        f"{s.claim_count} claims from {s.documents} articles, {s.origins} independent origins; "
        f"first article {s.first_seen.date().isoformat()}, last {s.last_seen.date().isoformat()}"
        "\nstances (a copy's claims counted once): "
        + ", ".join(f"{n} {stance}" for stance, n in s.stance_counts)
        + "\n"
    )
    head.append(f"credibility {s.credibility.value}: {s.credibility.meaning}\n", style="bold")
    for reason in s.credibility.reasons:
        head.append(f"  · {reason}\n")
    out.append(head)

    by_claimant: dict[str, list[Figure]] = defaultdict(list)
    for f in s.figures:
        by_claimant[f.claimant].append(f)
    key_of = {m.claimant.name: m.claimant.key for m in s.claims if m.claimant is not None}
    if by_claimant:
        numbers = Table(title="Numbers by claimant", title_justify="left")
        numbers.add_column("claimant")
        numbers.add_column("reliability", justify="center")
        numbers.add_column("numbers, in the order given")
        for name, figures in by_claimant.items():
            grade = grades.get(key_of.get(name, ""))
            numbers.add_row(
                name,
                grade.reliability.value if grade else "-",
                "\n".join(figure_text(f) for f in figures),
            )
        out.append(numbers)

    timeline = Table(title="Claims, in the order they were made", title_justify="left")
    _columns(
        timeline,
        (
            ("date", "left", None),
            ("claimant", "left", None),
            ("rel.", "center", None),
            ("stance", "left", None),
            ("cue", "left", None),
            ("content", "left", 4),
            ("outlet / copy of", "left", 2),
        ),
    )
    from watchfloor.corroborate.grouping import claim_date

    for m in s.claims:
        c = m.claim
        who = m.claimant.name if m.claimant else "(unattributed)"
        if m.claimant and m.claimant.country:
            who += f" ({m.claimant.country})"
        copy = f"\ncopy of {m.origin}" if m.origin != m.document_id else ""
        timeline.add_row(
            claim_date(m).isoformat(),
            who,
            Text(m.relation, style=_RELATION_STYLE[m.relation]),
            Text(c.stance + (" ~" if c.hedged else ""), style=_STANCE_STYLE[c.stance]),
            c.cue.span.text,
            c.content.text,
            (m.outlet or m.document_id) + copy,
        )
    out.append(timeline)
    return out


def sources(
    db: str = DB_OPTION,
    registry: str | None = REGISTRY_OPTION,
    fmt: Format | None = FORMAT_OPTION,
) -> None:
    """Every claimant with its reliability grade (A-F), the reasons, and its track record."""
    with fresh_ledger(db, registry) as ledger:
        found = ledger.sources()
        edits = ledger.grade_edits()
    chosen = _chosen(fmt)
    if chosen is not Format.table:
        from watchfloor.export.ledger_json import source_record

        _emit_json([source_record(g) for g in found], chosen)
        return
    from rich.table import Table

    table = Table(
        title=f"{len(found)} sources, best graded first (reasons: --format json)",
        title_justify="left",
    )
    _columns(
        table,
        (
            ("rel.", "center", None),
            ("claimant", "left", None),
            ("country", "left", None),
            ("role", "left", None),
            ("claims", "right", None),
            ("stories", "right", None),
            ("confirmed", "right", None),
            ("contradicted", "right", None),
            ("grade from", "left", None),
        ),
    )
    for g in found:
        table.add_row(
            g.reliability.value,
            g.claimant.name,
            g.claimant.country or "",
            g.claimant.role or "",
            str(g.claims),
            str(g.stories),
            str(g.confirmed),
            str(g.contradicted),
            _grade_source(g, edits.get(g.claimant.key)),
        )
    _console().print(table)


def _grade_source(g: SourceGrade, edit: SourceEdit | None = None) -> str:
    if edit is not None:
        return f"analyst {edit.by}, {edit.at.date().isoformat()}"
    if g.registry is not None and g.registry != g.reliability.value:
        return f"registry {g.registry}, moved by track record"
    if g.registry is not None:
        return "registry"
    return "track record" if g.reliability.value != "F" else "unknown: too little to judge"
