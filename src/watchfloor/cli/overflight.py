"""``watchfloor passes`` and ``watchfloor revisit``: when satellites pass over your sites.

numpy, sgp4 and the overflight package load inside the commands, so ``watchfloor --help`` stays
fast. Every problem with an input is one line on stderr; the rest is still computed, and the
command exits 1 at the end if any input had to be left out.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from watchfloor.cli.common import ReportedError, error_line

if TYPE_CHECKING:
    from watchfloor.overflight import PassReport

__all__ = ["passes", "revisit"]


class PassFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    ics = "ics"


class RevisitFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class SensorChoice(StrEnum):
    optical = "optical"
    sar = "sar"
    sigint = "sigint"
    unknown = "unknown"


ELEMENTS_OPTION = typer.Option(
    ...,
    "--elements",
    "-e",
    help="Element file: TLE (2- or 3-line) or CCSDS OMM as JSON, CSV or XML. Repeatable.",
)
SITES_OPTION = typer.Option(..., "--sites", "-s", help="Sites: points and areas (YAML or CSV).")
SATELLITES_OPTION = typer.Option(
    None, "--satellites", help="Satellite list: owner, sensor, constraints (YAML or CSV)."
)
START_OPTION = typer.Option(
    None, "--start", help="Start of the period: ISO date or time, UTC unless given (default now)."
)
SENSOR_OPTION = typer.Option(
    [], "--sensor", help="Only satellites with this sensor (from the list). Repeatable."
)
OWNER_OPTION = typer.Option(
    [], "--owner", help="Only satellites of this owner, e.g. PRK (from the list). Repeatable."
)


def _report(
    elements: list[Path],
    sites: Path,
    satellites: Path | None,
    start: str | None,
    days: float,
    sensor: list[SensorChoice],
    owner: list[str],
    include_unusable: bool,
) -> PassReport:
    from watchfloor.config import parse_published
    from watchfloor.overflight import upcoming_passes

    return upcoming_passes(
        elements,
        sites,
        satellites=satellites,
        start=parse_published(start, what="--start"),
        days=days,
        sensors=[s.value for s in sensor],
        owners=owner,
        include_unusable=include_unusable,
    )


def _problems(report: PassReport) -> None:
    for p in report.problems:
        if p.severity == "error":
            error_line(p.message)
        else:
            print(f"watchfloor: warning: {' '.join(p.message.split())}", file=sys.stderr)


def _finish(report: PassReport) -> None:
    if report.errors:
        print(
            f"watchfloor: {len(report.errors)} input(s) left out; the rest was computed",
            file=sys.stderr,
        )
        raise ReportedError(1)


def passes(
    elements: list[Path] = ELEMENTS_OPTION,
    sites: Path = SITES_OPTION,
    satellites: Path | None = SATELLITES_OPTION,
    start: str | None = START_OPTION,
    days: float = typer.Option(3.0, "--days", "-d", help="Length of the period in days."),
    sensor: list[SensorChoice] = SENSOR_OPTION,
    owner: list[str] = OWNER_OPTION,
    include_all: bool = typer.Option(
        False, "--all", help="Also list passes the sensor cannot use, with the reason."
    ),
    fmt: PassFormat = typer.Option(
        PassFormat.table, "--format", "-f", help="table, json, csv or ics (calendar events)."
    ),
) -> None:
    """The passes of the satellites over the sites: window (widened for element age),
    culmination, elevation, azimuth, off-nadir angle, Sun, and whether the sensor can use it."""
    report = _report(elements, sites, satellites, start, days, sensor, owner, include_all)
    _problems(report)
    if fmt is PassFormat.json:
        import json

        from watchfloor.export.overflight import passes_document

        sys.stdout.write(json.dumps(passes_document(report), ensure_ascii=False, indent=1) + "\n")
    elif fmt is PassFormat.csv:
        from watchfloor.export.overflight import write_passes_csv

        write_passes_csv(report, sys.stdout)
    elif fmt is PassFormat.ics:
        from watchfloor.export.overflight import passes_ics

        sys.stdout.buffer.write(passes_ics(report).encode("utf-8"))
        sys.stdout.flush()
    else:
        _passes_table(report, include_all)
    _finish(report)


def _passes_table(report: PassReport, include_all: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from watchfloor.export.overflight import MARGIN_RULE

    console = Console() if sys.stdout.isatty() else Console(width=160)
    kind = "passes" if include_all else "usable passes"
    table = Table(
        title=f"{len(report.passes)} {kind}, {report.start:%Y-%m-%d %H:%M} – "
        f"{report.end:%Y-%m-%d %H:%M} UTC",
        title_justify="left",
        caption=MARGIN_RULE.capitalize() + "; … a pass cut by the period.",
        caption_justify="left",
    )
    for name in (
        "window (UTC)",
        "satellite",
        "site",
        "culmination",
        "elev",
        "az",
        "off-nadir",
        "Sun",
        "elements",
        "±",
    ):
        table.add_column(
            name, justify="right" if name in ("elev", "az", "off-nadir", "Sun", "±") else "left"
        )
    if include_all:
        table.add_column("usable")
    for p in report.passes:
        window = (
            f"{'…' if p.starts_before else ''}{p.window_open:%m-%d %H:%M:%S}–"
            f"{p.window_close:%H:%M:%S}{'…' if p.ends_after else ''}"
        )
        who = "/".join(x for x in (p.owner, p.sensor.value) if x)
        row = [
            window,
            f"{p.satellite} ({who})",
            p.site,
            f"{p.culmination:%H:%M:%S}",
            f"{p.max_elevation:.1f}°",
            f"{p.azimuth:.0f}°",
            f"{p.off_nadir:.1f}°",
            f"{p.sun_elevation:.0f}°",
            f"{abs(p.age_days):.1f} d",
            f"{p.margin_s:.1f} s",
        ]
        if include_all:
            row.append("yes" if p.usable else "no: " + "; ".join(p.why_not))
        table.add_row(*row)
    console.print(table)


def revisit(
    elements: list[Path] = ELEMENTS_OPTION,
    sites: Path = SITES_OPTION,
    satellites: Path | None = SATELLITES_OPTION,
    start: str | None = START_OPTION,
    days: float = typer.Option(7.0, "--days", "-d", help="Length of the period in days."),
    sensor: list[SensorChoice] = SENSOR_OPTION,
    owner: list[str] = OWNER_OPTION,
    fmt: RevisitFormat = typer.Option(
        RevisitFormat.table, "--format", "-f", help="table, json or csv."
    ),
) -> None:
    """Per site: the usable passes over the period, the mean and longest gap between them, and
    the longest time no satellite could observe it."""
    from watchfloor.overflight import revisit as revisit_stats

    report = _report(elements, sites, satellites, start, days, sensor, owner, False)
    _problems(report)
    rows = revisit_stats(report)
    if fmt is RevisitFormat.json:
        import json

        from watchfloor.export.overflight import revisit_document

        document = revisit_document(report, rows)
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    elif fmt is RevisitFormat.csv:
        from watchfloor.export.overflight import write_revisit_csv

        write_revisit_csv(rows, sys.stdout)
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console() if sys.stdout.isatty() else Console(width=160)
        table = Table(
            title=f"Revisit over {report.start:%Y-%m-%d %H:%M} – {report.end:%Y-%m-%d %H:%M} "
            f"UTC, {len(report.satellites)} satellite(s)",
            title_justify="left",
        )
        for name in (
            "site",
            "passes",
            "satellites",
            "mean gap",
            "max gap",
            "longest unobserved",
            "observed",
        ):
            table.add_column(name, justify="left" if name == "site" else "right")
        for r in rows:
            longest = (
                f"{r.longest_unobserved_h:.1f} h ({r.unobserved_from:%m-%d %H:%M}–"
                f"{r.unobserved_until:%m-%d %H:%M})"
            )
            table.add_row(
                r.site,
                str(r.passes),
                str(r.satellites),
                "–" if r.mean_gap_h is None else f"{r.mean_gap_h:.1f} h",
                "–" if r.max_gap_h is None else f"{r.max_gap_h:.1f} h",
                longest,
                f"{100 * r.observed_fraction:.1f} %",
            )
        console.print(table)
    _finish(report)
