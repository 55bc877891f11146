"""Overflight passes and revisit statistics as JSON, CSV and iCalendar.

* JSON: one document with the period, the margin rule, the passes and the problems; times are
  ISO 8601 UTC to the millisecond.
* CSV: one row per pass (:data:`PASS_COLUMNS`) or per site (:data:`REVISIT_COLUMNS`), the
  :mod:`csv` default dialect, names guarded against formula injection as in
  :mod:`watchfloor.export.tables`.
* iCalendar (RFC 5545): one VEVENT per pass from window opening to closing, in UTC, with CRLF
  line ends and lines folded at 75 octets, for import into any calendar. A pass's UID is built
  from the satellite, the site and its culmination rounded to ten minutes, so importing a
  recomputed calendar updates events rather than doubling them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any, TextIO

from watchfloor.overflight.propagate import ELEMENT_ERROR_KM, ELEMENT_ERROR_KM_PER_DAY
from watchfloor.overflight.records import Pass, PassReport, Problem, SiteRevisit

__all__ = [
    "MARGIN_RULE",
    "PASS_COLUMNS",
    "REVISIT_COLUMNS",
    "pass_record",
    "passes_document",
    "passes_ics",
    "revisit_document",
    "revisit_record",
    "write_passes_csv",
    "write_revisit_csv",
]

MARGIN_RULE = (
    f"windows are the computed rise and set widened by margin_s each side: the along-track "
    f"error of elements age_days old ({ELEMENT_ERROR_KM:g} km + {ELEMENT_ERROR_KM_PER_DAY:g} km "
    "per day of age) divided by the satellite's ground speed"
)

PASS_COLUMNS = (
    "satellite", "catalog", "owner", "sensor", "site", "window_open", "window_close", "rise",
    "culmination", "set", "max_elevation", "azimuth", "off_nadir", "incidence", "range_km",
    "look_side", "sun_elevation", "sunlit", "usable", "why_not", "epoch", "age_days", "margin_s",
    "starts_before", "ends_after",
)  # fmt: skip

REVISIT_COLUMNS = (
    "site", "passes", "satellites", "mean_gap_h", "max_gap_h", "longest_unobserved_h",
    "unobserved_from", "unobserved_until", "observed_fraction",
)  # fmt: skip


def _time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def pass_record(p: Pass) -> dict[str, Any]:
    """One pass as a JSON-ready dictionary with the keys of :data:`PASS_COLUMNS`."""
    return {
        "satellite": p.satellite,
        "catalog": p.catalog,
        "owner": p.owner,
        "sensor": p.sensor.value,
        "site": p.site,
        "window_open": _time(p.window_open),
        "window_close": _time(p.window_close),
        "rise": _time(p.rise),
        "culmination": _time(p.culmination),
        "set": _time(p.set),
        "max_elevation": round(p.max_elevation, 2),
        "azimuth": round(p.azimuth, 1),
        "off_nadir": round(p.off_nadir, 2),
        "incidence": round(p.incidence, 2),
        "range_km": round(p.range_km, 1),
        "look_side": p.look_side,
        "sun_elevation": round(p.sun_elevation, 1),
        "sunlit": p.sunlit,
        "usable": p.usable,
        "why_not": list(p.why_not),
        "epoch": _time(p.epoch),
        "age_days": round(p.age_days, 2),
        "margin_s": p.margin_s,
        "starts_before": p.starts_before,
        "ends_after": p.ends_after,
    }


def _problem(p: Problem) -> dict[str, str]:
    return {"severity": p.severity, "subject": p.subject, "message": p.message}


def passes_document(report: PassReport) -> dict[str, Any]:
    """The whole report as one JSON-ready dictionary."""
    return {
        "start": _time(report.start),
        "end": _time(report.end),
        "margin": MARGIN_RULE,
        "satellites": list(report.satellites),
        "sites": list(report.sites),
        "passes": [pass_record(p) for p in report.passes],
        "problems": [_problem(p) for p in report.problems],
    }


def _cell(value: Any) -> str:
    from watchfloor.export.tables import safe_cell

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return safe_cell("; ".join(value))
    return safe_cell(str(value)) if isinstance(value, str) else str(value)


def write_passes_csv(report: PassReport, out: TextIO) -> None:
    """One row per pass under a header row; open ``out`` with ``newline=""``."""
    writer = csv.writer(out)
    writer.writerow(PASS_COLUMNS)
    for p in report.passes:
        record = pass_record(p)
        writer.writerow([_cell(record[c]) for c in PASS_COLUMNS])


def revisit_record(r: SiteRevisit) -> dict[str, Any]:
    """One site's revisit statistics as a JSON-ready dictionary (:data:`REVISIT_COLUMNS`)."""
    return {
        "site": r.site,
        "passes": r.passes,
        "satellites": r.satellites,
        "mean_gap_h": None if r.mean_gap_h is None else round(r.mean_gap_h, 2),
        "max_gap_h": None if r.max_gap_h is None else round(r.max_gap_h, 2),
        "longest_unobserved_h": round(r.longest_unobserved_h, 2),
        "unobserved_from": _time(r.unobserved_from),
        "unobserved_until": _time(r.unobserved_until),
        "observed_fraction": round(r.observed_fraction, 4),
    }


def revisit_document(report: PassReport, rows: Iterable[SiteRevisit]) -> dict[str, Any]:
    return {
        "start": _time(report.start),
        "end": _time(report.end),
        "satellites": list(report.satellites),
        "sites": [revisit_record(r) for r in rows],
        "problems": [_problem(p) for p in report.problems],
    }


def write_revisit_csv(rows: Iterable[SiteRevisit], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(REVISIT_COLUMNS)
    for r in rows:
        record = revisit_record(r)
        writer.writerow([_cell(record[c]) for c in REVISIT_COLUMNS])


# -- iCalendar ------------------------------------------------------------------------------------


def _ics_time(moment: dt.datetime, *, up: bool = False) -> str:
    moment = moment.astimezone(dt.UTC)
    whole = moment.replace(microsecond=0)
    if up and whole < moment:
        whole += dt.timedelta(seconds=1)
    return whole.strftime("%Y%m%dT%H%M%SZ")


def _ics_text(text: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """A content line folded so that no physical line exceeds 75 octets (RFC 5545 3.1), never
    inside a UTF-8 sequence; continuation lines start with one space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # do not split a multi-byte character
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space takes one octet
    return "\r\n ".join(parts) + "\r\n"


def _uid(p: Pass) -> str:
    slot = p.culmination.astimezone(dt.UTC).timestamp() // 600
    digest = hashlib.sha1(f"{p.catalog}|{p.site}|{slot:.0f}".encode()).hexdigest()[:16]
    return f"{p.catalog}-{digest}@watchfloor"


def passes_ics(report: PassReport, *, now: dt.datetime | None = None) -> str:
    """The passes as an iCalendar document (a str with CRLF line ends)."""
    stamp = _ics_time(now or dt.datetime.now(dt.UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//watchfloor//overflight warnings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:watchfloor overflights",
    ]
    for p in report.passes:
        who = ", ".join(x for x in (p.owner, p.sensor.value) if x)
        summary = f"{p.satellite} ({who}) over {p.site}, max {p.max_elevation:.0f}°"
        description = "\n".join(
            [
                f"Satellite {p.satellite} (catalogue {p.catalog}), {who}.",
                f"Rise {p.rise:%H:%M:%S}, culmination {p.culmination:%H:%M:%S} at "
                f"{p.max_elevation:.1f}° elevation, azimuth {p.azimuth:.0f}°, set "
                f"{p.set:%H:%M:%S} UTC.",
                f"Off-nadir {p.off_nadir:.1f}°, incidence {p.incidence:.1f}°, range "
                f"{p.range_km:.0f} km, looking {p.look_side}; Sun at {p.sun_elevation:.0f}° "
                f"({'sunlit' if p.sunlit else 'dark'}).",
                "Usable by its sensor." if p.usable else "Not usable: " + "; ".join(p.why_not),
                f"Elements from {p.epoch:%Y-%m-%d %H:%M} UTC, {abs(p.age_days):.1f} days from the "
                f"pass: the window is widened by {p.margin_s:.1f} s each side.",
            ]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(p)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(p.window_open)}",
            f"DTEND:{_ics_time(p.window_close, up=True)}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(description)}",
            f"LOCATION:{_ics_text(p.site)}",
            f"CATEGORIES:{_ics_text('overflight')},{_ics_text(p.sensor.value)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) for line in lines)
