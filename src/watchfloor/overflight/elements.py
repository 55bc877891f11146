"""Orbital element sets: TLE (two- and three-line) and CCSDS OMM in JSON, CSV and XML.

Every element set becomes one :class:`ElementSet`; a broken one becomes a :class:`Problem`
naming the file, the line or record, and the satellite, and the rest of the file is still read.
The format is recognised from the content (``[``/``{`` JSON, ``<`` XML, a header naming
``NORAD_CAT_ID`` CSV, otherwise TLE), so a file's extension does not matter.

OMM is the format catalogue services publish now: TLE has five columns for the catalogue number
(Alpha-5 stretches that to 339,999), while OMM carries any number. SGP4 itself never uses the
number, so an OMM element set beyond Alpha-5 propagates like any other.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from watchfloor.errors import ElementsError
from watchfloor.overflight.records import Problem

if TYPE_CHECKING:
    from sgp4.api import Satrec  # type: ignore[import-untyped]

__all__ = [
    "ElementBatch",
    "ElementSet",
    "parse_elements",
    "parse_tle",
    "read_elements",
    "tle_checksum",
]

_EPOCH_1949 = dt.datetime(1949, 12, 31, tzinfo=dt.UTC)  # SGP4's epoch origin (sgp4init)
_XPDOTP = 1440.0 / (2.0 * math.pi)  # rev/day per rad/min, as in Vallado's SGP4 code
_ALPHA5 = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # Alpha-5 leading letters: I and O are skipped


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementSet:
    """One satellite's SGP4 mean elements at ``epoch`` (UTC), as published.

    ``catalog`` is the NORAD catalogue number in decimal digits (an Alpha-5 ``A0001`` becomes
    ``100001``). Angles are degrees, ``mean_motion`` is revolutions per day, ``bstar`` is per
    Earth radius, ``ndot`` and ``nddot`` are as printed in a TLE (rev/day² ÷ 2, rev/day³ ÷ 6).
    ``origin`` names the file and line or record. ``tle`` keeps the two lines of a TLE, which are
    then what SGP4 is initialised from, exactly as the reference implementation reads them.
    """

    name: str
    catalog: str
    international: str
    epoch: dt.datetime
    mean_motion: float
    eccentricity: float
    inclination: float
    raan: float
    arg_perigee: float
    mean_anomaly: float
    bstar: float
    ndot: float
    nddot: float
    origin: str
    tle: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        """How messages name the satellite: ``NAME (12345)``."""
        return f"{self.name} ({self.catalog})"

    def satrec(self) -> Satrec:
        """A fresh SGP4 satellite (WGS72 constants, Vallado's improved mode, as both the reference
        code and Skyfield use)."""
        from sgp4.api import WGS72, Satrec

        if self.tle is not None:
            return Satrec.twoline2rv(self.tle[0], self.tle[1], WGS72)
        sat = Satrec()
        number = int(self.catalog)
        sat.sgp4init(
            WGS72,
            "i",
            number if number <= 339_999 else 0,  # SGP4 never reads it; Alpha-5 ends at 339999
            (self.epoch - _EPOCH_1949) / dt.timedelta(days=1),
            self.bstar,
            self.ndot / (_XPDOTP * 1440.0),
            self.nddot / (_XPDOTP * 1440.0 * 1440.0),
            self.eccentricity,
            math.radians(self.arg_perigee),
            math.radians(self.inclination),
            math.radians(self.mean_anomaly),
            self.mean_motion / _XPDOTP,
            math.radians(self.raan),
        )
        return sat

    def __repr__(self) -> str:
        return f"ElementSet({self.label}, epoch {self.epoch:%Y-%m-%dT%H:%M:%S}Z, {self.origin})"


@dataclass(frozen=True, slots=True)
class ElementBatch:
    """What one file gave: the element sets read and the problems met."""

    elements: tuple[ElementSet, ...]
    problems: tuple[Problem, ...]


class _InvalidSetError(Exception):
    """One element set that cannot be used; the message is the whole sentence."""


def read_elements(path: str | Path, *, check_checksums: bool = True) -> ElementBatch:
    """Read one element file in any supported format. Raises :class:`ElementsError` only when
    the file cannot be read at all; each bad element set is a problem in the batch."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ElementsError(f"element file {str(path)!r} not found: check the path") from None
    except OSError as exc:
        raise ElementsError(f"element file {str(path)!r} cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ElementsError(
            f"element file {str(path)!r} is not UTF-8 text (byte {exc.start}): give a TLE file "
            "or an OMM file in JSON, CSV or XML"
        ) from None
    return parse_elements(text, str(path), check_checksums=check_checksums)


def parse_elements(text: str, origin: str, *, check_checksums: bool = True) -> ElementBatch:
    """Parse element sets from ``text`` in whichever format it is (see the module docstring)."""
    from watchfloor.overflight.omm import parse_omm_csv, parse_omm_json, parse_omm_xml

    head = text.lstrip()
    if head.startswith(("[", "{")):
        batch = parse_omm_json(text, origin)
    elif head.startswith("<"):
        batch = parse_omm_xml(text, origin)
    elif "NORAD_CAT_ID" in head.split("\n", 1)[0]:
        batch = parse_omm_csv(text, origin)
    else:
        batch = parse_tle(text, origin, check_checksums=check_checksums)
    if not batch.elements and not batch.problems:
        raise ElementsError(
            f"element file {origin!r} holds no element sets: give TLE lines or OMM records"
        )
    return batch


# -- TLE ------------------------------------------------------------------------------------------


def tle_checksum(line: str) -> int:
    """The TLE checksum of a line: the sum of its digits, minus signs counting one, modulo 10,
    over the first 68 columns."""
    return sum(int(c) if c.isdigit() else c == "-" for c in line[:68]) % 10


def parse_tle(text: str, origin: str, *, check_checksums: bool = True) -> ElementBatch:
    """Two-line and three-line element sets (a name line, optionally ``0 NAME``, before line 1).
    Blank lines and lines starting with ``#`` are skipped."""
    elements: list[ElementSet] = []
    problems: list[Problem] = []
    lines = [
        (n, line.rstrip())
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    i = 0
    while i < len(lines):
        number, line = lines[i]
        name: str | None = None
        if not _is_tle_line(line, "1") and not _is_tle_line(line, "2"):
            name = line[2:].strip() if line.startswith("0 ") else line.strip()
            i += 1
            if i == len(lines):
                problems.append(
                    _problem(
                        name,
                        f"{origin}:{number}: name line of {name!r} has no "
                        "element lines after it: give lines 1 and 2",
                    )
                )
                break
            number, line = lines[i]
        if _is_tle_line(line, "2"):
            who = name or f"catalogue number {line[2:7].strip()}"
            problems.append(
                _problem(
                    who,
                    f"{origin}:{number}: line 2 of {who} has no line 1 "
                    "before it: the element set is incomplete; fetch it again",
                )
            )
            i += 1
            continue
        if not _is_tle_line(line, "1"):
            who = name or "an element set"
            problems.append(
                _problem(
                    who,
                    f"{origin}:{number}: {who}: expected line 1 (starting "
                    f"'1 '), found {line[:20]!r}: the file is not TLE or a line "
                    "is broken",
                )
            )
            i += 1
            continue
        if i + 1 == len(lines) or not _is_tle_line(lines[i + 1][1], "2"):
            who = name or f"catalogue number {line[2:7].strip()}"
            problems.append(
                _problem(
                    who,
                    f"{origin}:{number}: line 1 of {who} has no line 2 "
                    "after it: the element set is incomplete; fetch it again",
                )
            )
            i += 1
            continue
        number2, line2 = lines[i + 1]
        i += 2
        try:
            elements.append(
                _tle_set(
                    name,
                    line,
                    line2,
                    where=f"{origin}:{number}",
                    line2_number=number2,
                    check_checksums=check_checksums,
                )
            )
        except _InvalidSetError as exc:
            who = name or f"catalogue number {line[2:7].strip()}"
            problems.append(_problem(who, str(exc)))
    return ElementBatch(tuple(elements), tuple(problems))


def _is_tle_line(line: str, which: str) -> bool:
    return line.startswith(which + " ") and len(line) > 20


def _tle_set(
    name: str | None, l1: str, l2: str, *, where: str, line2_number: int, check_checksums: bool
) -> ElementSet:
    who = name or f"catalogue number {l1[2:7].strip()}"
    line_of = {1: where, 2: f"{where.rsplit(':', 1)[0]}:{line2_number}"}
    for which, line in ((1, l1), (2, l2)):
        if len(line) < 69:
            raise _InvalidSetError(
                f"{line_of[which]}: line {which} of {who} is {len(line)} characters long, not "
                "69: the line was cut or re-wrapped; fetch the element set again"
            )
        if check_checksums:
            if not line[68].isdigit():
                raise _InvalidSetError(
                    f"{line_of[which]}: line {which} of {who} ends in {line[68]!r}, not a "
                    "checksum digit: the line is broken; fetch the element set again"
                )
            if tle_checksum(line) != int(line[68]):
                raise _InvalidSetError(
                    f"{line_of[which]}: line {which} of {who} fails its checksum (it ends in "
                    f"{line[68]}, its digits sum to {tle_checksum(line)}): the line was altered "
                    "or mistyped; fetch the element set again"
                )
    l1, l2 = l1[:69], l2[:69]
    catalog = _alpha5(l1[2:7], who, line_of[1])
    if _alpha5(l2[2:7], who, line_of[2]) != catalog:
        raise _InvalidSetError(
            f"{line_of[2]}: line 2 of {who} is for catalogue number {l2[2:7].strip()}, line 1 "
            f"for {l1[2:7].strip()}: the lines belong to different satellites"
        )

    def num(line: int, cols: tuple[int, int], field: str, text: str | None = None) -> float:
        column = (l1, l2)[line - 1][cols[0] - 1 : cols[1]]
        try:
            value = float(text if text is not None else column)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise _InvalidSetError(
                f"{line_of[line]}: {field} (columns {cols[0]}–{cols[1]} of line {line}) of {who} "
                f"is {column.strip()!r}, not a number: the line is broken; fetch it again"
            )
        return value

    year = int(num(1, (19, 20), "the epoch year"))
    day = num(1, (21, 32), "the epoch day")
    epoch = dt.datetime(2000 + year if year < 57 else 1900 + year, 1, 1, tzinfo=dt.UTC)
    epoch += dt.timedelta(days=day - 1.0)
    el = ElementSet(
        name=name or f"CATALOG {catalog}",
        catalog=catalog,
        international=l1[9:17].strip(),
        epoch=epoch,
        ndot=num(1, (34, 43), "the first derivative of mean motion"),
        nddot=num(1, (45, 52), "the second derivative of mean motion", _exp(l1[44:52])),
        bstar=num(1, (54, 61), "BSTAR", _exp(l1[53:61])),
        inclination=num(2, (9, 16), "the inclination"),
        raan=num(2, (18, 25), "the right ascension of the node"),
        eccentricity=num(2, (27, 33), "the eccentricity", "0." + l2[26:33].strip()),
        arg_perigee=num(2, (35, 42), "the argument of perigee"),
        mean_anomaly=num(2, (44, 51), "the mean anomaly"),
        mean_motion=num(2, (53, 63), "the mean motion"),
        origin=where,
        tle=(l1, l2),
    )
    try:
        _check(el)
    except _InvalidSetError as exc:
        raise _InvalidSetError(f"{where}: {who}: {exc}") from None
    return el


def _exp(field: str) -> str:
    """A TLE 'assumed decimal point' field: `` 12345-4`` is 0.12345e-4."""
    text = field.strip()
    if not text:
        return "0"
    match = re.fullmatch(r"([+-]?)(\d+)([+-]\d)", text.replace(" ", ""))
    if not match:
        return text  # not a number: num() reports it
    return f"{match[1]}0.{match[2]}e{match[3]}"


def _alpha5(field: str, who: str, where: str) -> str:
    text = field.strip()
    if text.isdigit():
        return str(int(text))
    if len(text) == 5 and text[0] in _ALPHA5 and text[1:].isdigit():
        return str((_ALPHA5.index(text[0]) + 10) * 10_000 + int(text[1:]))
    raise _InvalidSetError(f"{where}: the catalogue number of {who} is {field!r}: not a number")


# -- shared ---------------------------------------------------------------------------------------


def _check(el: ElementSet) -> None:
    """Values SGP4 cannot propagate, named before SGP4 gives its terse error code."""
    if not 0.0 <= el.eccentricity < 1.0:
        raise _InvalidSetError(
            f"eccentricity {el.eccentricity} is not in [0, 1): the elements are broken"
        )
    if not 0.0 < el.mean_motion < 20.0:
        raise _InvalidSetError(
            f"mean motion {el.mean_motion} rev/day is not that of an Earth orbit"
        )
    if not 0.0 <= el.inclination <= 180.0:
        raise _InvalidSetError(f"inclination {el.inclination}° is not in [0, 180]")
    sat = el.satrec()
    if sat.error:
        raise _InvalidSetError(
            f"SGP4 rejects these elements (error {sat.error}): they describe no orbit it can "
            "propagate; fetch the element set again"
        )


def _problem(subject: str, message: str) -> Problem:
    return Problem(severity="error", subject=subject, message=" ".join(message.split()))
