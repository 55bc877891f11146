"""CCSDS OMM (Orbit Mean-Elements Message) in JSON, CSV and XML: one :class:`ElementSet` per
record, one problem per bad record naming it (record number or line, OBJECT_NAME and
NORAD_CAT_ID) and what is wrong.

OMM is the format catalogue services publish now: TLE has five columns for the catalogue number
(Alpha-5 stretches that to 339,999), while OMM carries any number. Only SGP4 mean elements
(``MEAN_ELEMENT_THEORY`` SGP4, ``EPHEMERIS_TYPE`` 0, TEME, UTC) can be used.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from watchfloor.errors import ElementsError
from watchfloor.overflight.elements import (
    ElementBatch,
    ElementSet,
    _check,
    _InvalidSetError,
    _problem,
)
from watchfloor.overflight.records import Problem

__all__ = ["parse_omm_csv", "parse_omm_json", "parse_omm_xml"]

_OMM_REQUIRED = (
    "EPOCH",
    "MEAN_MOTION",
    "ECCENTRICITY",
    "INCLINATION",
    "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER",
    "MEAN_ANOMALY",
    "NORAD_CAT_ID",
    "BSTAR",
)


def parse_omm_json(text: str, origin: str) -> ElementBatch:
    """OMM records as JSON: a list of objects (as CelesTrak and Space-Track serve them), or one
    object. Values may be numbers or strings."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ElementsError(
            f"element file {origin!r} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}): give OMM records as a JSON list"
        ) from None
    records = data if isinstance(data, list) else [data]
    return _omm_batch(((f"{origin} record {i}", r) for i, r in enumerate(records, start=1)), origin)


def parse_omm_csv(text: str, origin: str) -> ElementBatch:
    """OMM records as CSV with a header row of OMM keywords (as CelesTrak serves them)."""
    reader = csv.DictReader(io.StringIO(text))
    rows = ((f"{origin}:{reader.line_num}", dict(row)) for row in reader)
    return _omm_batch(rows, origin)


def parse_omm_xml(text: str, origin: str) -> ElementBatch:
    """OMM in CCSDS NDM/XML: every ``segment`` is one element set; namespaces are ignored.
    (Python's expat refuses entity expansion bombs; no external entities are fetched.)"""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ElementsError(
            f"element file {origin!r} is not well-formed XML ({exc}): give CCSDS OMM XML"
        ) from None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    segments = [e for e in root.iter() if local(e.tag) == "segment"]
    records = []
    for i, segment in enumerate(segments, start=1):
        fields = {local(e.tag): (e.text or "").strip() for e in segment.iter() if len(e) == 0}
        records.append((f"{origin} segment {i}", fields))
    return _omm_batch(iter(records), origin)


def _omm_batch(records: Iterator[tuple[str, Any]], origin: str) -> ElementBatch:
    elements: list[ElementSet] = []
    problems: list[Problem] = []
    for where, record in records:
        if not isinstance(record, Mapping):
            problems.append(_problem("an OMM record", f"{where}: not an object of OMM fields"))
            continue
        fields = {str(k).strip().upper(): v for k, v in record.items() if k is not None}
        who = _omm_who(fields)
        try:
            elements.append(_omm_set(fields, where, who))
        except _InvalidSetError as exc:
            problems.append(_problem(who, f"{where}: {who}: {exc}"))
    return ElementBatch(tuple(elements), tuple(problems))


def _omm_who(fields: Mapping[str, Any]) -> str:
    name = str(fields.get("OBJECT_NAME") or "").strip()
    number = str(fields.get("NORAD_CAT_ID") or "").strip()
    if name and number:
        return f"{name} ({number})"
    return name or (f"catalogue number {number}" if number else "an unnamed OMM record")


def _omm_set(fields: Mapping[str, Any], where: str, who: str) -> ElementSet:
    missing = [k for k in _OMM_REQUIRED if str(fields.get(k, "")).strip() == ""]
    if missing:
        raise _InvalidSetError(
            f"missing {', '.join(missing)}: SGP4 needs every mean element; fetch the complete "
            "OMM record"
        )
    for key, wanted in (
        ("CENTER_NAME", "EARTH"),
        ("REF_FRAME", "TEME"),
        ("TIME_SYSTEM", "UTC"),
    ):
        value = str(fields.get(key) or wanted).strip().upper()
        if value != wanted:
            raise _InvalidSetError(
                f"{key} is {value!r}: only SGP4 elements ({key} {wanted}) can be used"
            )
    theory = str(fields.get("MEAN_ELEMENT_THEORY") or "SGP4").strip().upper()
    ephemeris = str(fields.get("EPHEMERIS_TYPE") or "0").strip()
    if theory not in ("SGP4", "SGP/SGP4") or ephemeris not in ("0", "0.0"):
        raise _InvalidSetError(
            f"MEAN_ELEMENT_THEORY {theory} / EPHEMERIS_TYPE {ephemeris}: these are not SGP4 "
            "elements (SGP4-XP and others need their own propagator); fetch SGP4 elements"
        )

    def num(key: str, default: float | None = None) -> float:
        raw = fields.get(key)
        if raw is None or str(raw).strip() == "":
            if default is None:
                raise _InvalidSetError(f"missing {key}")
            return default
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise _InvalidSetError(f"{key} is {raw!r}, not a number") from None
        if not math.isfinite(value):
            raise _InvalidSetError(f"{key} is {raw!r}, not a finite number")
        return value

    number = num("NORAD_CAT_ID")
    if number != int(number) or number < 0:
        raise _InvalidSetError(
            f"NORAD_CAT_ID is {fields['NORAD_CAT_ID']!r}, not a catalogue number"
        )
    catalog = str(int(number))
    el = ElementSet(
        name=str(fields.get("OBJECT_NAME") or f"CATALOG {catalog}").strip(),
        catalog=catalog,
        international=str(fields.get("OBJECT_ID") or "").strip(),
        epoch=_omm_epoch(str(fields["EPOCH"])),
        mean_motion=num("MEAN_MOTION"),
        eccentricity=num("ECCENTRICITY"),
        inclination=num("INCLINATION"),
        raan=num("RA_OF_ASC_NODE"),
        arg_perigee=num("ARG_OF_PERICENTER"),
        mean_anomaly=num("MEAN_ANOMALY"),
        bstar=num("BSTAR"),
        ndot=num("MEAN_MOTION_DOT", 0.0),
        nddot=num("MEAN_MOTION_DDOT", 0.0),
        origin=where,
    )
    _check(el)
    return el


def _omm_epoch(text: str) -> dt.datetime:
    value = text.strip().rstrip("Zz")
    ordinal = re.fullmatch(r"(\d{4})-(\d{3})T(.*)", value)
    try:
        if ordinal:  # CCSDS day-of-year form, 2024-306T06:00:00
            day = dt.datetime(int(ordinal[1]), 1, 1) + dt.timedelta(days=int(ordinal[2]) - 1)
            value = f"{day:%Y-%m-%d}T{ordinal[3]}"
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _InvalidSetError(
            f"EPOCH {text!r} is not a date: OMM writes 2024-11-01T06:00:00.000000"
        ) from None
    if moment.tzinfo is not None:
        return moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=dt.UTC)
