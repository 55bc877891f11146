"""``watchfloor export``: the ledger's claims or stories as JSONL or CSV, or everything as a
STIX 2.1 bundle."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from watchfloor.cli.ledger_options import DB_OPTION, REGISTRY_OPTION, fresh_ledger

__all__ = ["export"]


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    stix = "stix"


class What(StrEnum):
    claims = "claims"
    stories = "stories"


def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="jsonl, csv or stix (2.1)."),
    what: What = typer.Option(
        What.claims, "--what", help="claims or stories (jsonl and csv; stix holds both)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
    db: str = DB_OPTION,
    registry: str | None = REGISTRY_OPTION,
) -> None:
    """Export the ledger: claims or stories as JSONL or CSV, or a STIX 2.1 bundle with a Report
    per document, the claimants as Identities and the stories as Groupings."""
    from watchfloor.export.ledger_json import write_jsonl
    from watchfloor.export.stix import write_stix
    from watchfloor.export.tables import write_csv

    with fresh_ledger(db, registry) as ledger:
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if fmt is ExportFormat.stix:
                count = write_stix(ledger, out)
                label = "STIX objects"
            elif fmt is ExportFormat.csv:
                count = write_csv(ledger, out, what=what.value)
                label = f"{what.value} rows"
            else:
                count = write_jsonl(ledger, out, what=what.value)
                label = what.value
        finally:
            if output:
                out.close()
    where = f" to {output}" if output else ""
    print(f"watchfloor: exported {count} {label}{where}", file=sys.stderr)
