"""Overflight indicators: a playbook indicator met by computed satellite passes, not by claims.

An indicator with an ``overflight:`` block instead of an ``event`` is met at ``as_of`` when at
least one satellite the block selects (``owner``, ``sensor``, tagged by the satellite list) makes
a pass its sensor can use over a listed site between ``as_of`` and ``as_of + within_hours``
(:func:`watchfloor.overflight.compute_passes`, windows widened for element age). Its reasons list
the passes; its evidence stays empty: passes are computed from element sets, never reported.

Replay stays honest about what was known: at ``as_of`` only element sets whose epoch is not
later than ``as_of`` count (an element set is published within hours of its epoch), the latest
one per satellite; ``max_element_age_days`` leaves out element sets older than that at ``as_of``.

The files are read when the playbook loads (a missing or unreadable file is a playbook error
naming its line) and again only when one of them changes on disk (modification time or size),
so ``watchfloor watch`` picks up a refreshed catalogue; if a changed file cannot be read, the
last good reading is kept and the reasons say so. Results are memoised per ``as_of``: a replay
that looks twice at one moment computes once.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchfloor.assess.yamlmarks import Marked, MarkedList
from watchfloor.errors import OverflightError
from watchfloor.records import IndicatorResult

if TYPE_CHECKING:
    from watchfloor.assess.playbook import Indicator, _Reader
    from watchfloor.overflight import ElementSet, Pass, Problem, Satellite, Site

__all__ = [
    "MAX_WITHIN_HOURS",
    "InputsKey",
    "OverflightCondition",
    "OverflightInputs",
    "overflight_condition",
    "overflight_result",
]

MAX_WITHIN_HOURS = 1440.0
"""60 days: one element set supports no pass further than that from its epoch."""

SENSORS = ("optical", "sar", "sigint")
_KEYS = {
    "elements",
    "satellites",
    "sites",
    "owner",
    "sensor",
    "within_hours",
    "max_element_age_days",
}
_OWNER = re.compile(r"[A-Z][A-Z0-9]{1,7}")  # as the satellite list reads owners
_SHOWN_PASSES = 5
_SHOWN_PROBLEMS = 3
_MEMO_SIZE = 64
_DAY = dt.timedelta(days=1)

Stamp = tuple[int, int] | None
InputsKey = tuple[tuple[Path, ...], Path | None, Path]
"""Elements, satellite list and sites: indicators naming the same files share one reading."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Snapshot:
    """One reading of the files: tagged satellites, sites, the problems met, and a note when a
    changed file could not be read again (this is then the reading before)."""

    version: int
    stamps: tuple[Stamp, ...]
    satellites: tuple[Satellite, ...]
    sites: tuple[Site, ...]
    problems: tuple[Problem, ...]
    note: str | None = None


def _stamp(path: Path) -> Stamp:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class OverflightInputs:
    """The element files, satellite list and sites file of overflight indicators, parsed once
    per playbook load and again only when one of them changes. Thread-safe."""

    def __init__(self, elements: Sequence[Path], satellites: Path | None, sites: Path) -> None:
        self.elements = tuple(elements)
        self.satellites = satellites
        self.sites = sites
        self._lock = threading.Lock()
        self._memo: OrderedDict[tuple[object, ...], IndicatorResult] = OrderedDict()
        self._snapshot = self._read(version=1, strict=True)

    @property
    def paths(self) -> tuple[Path, ...]:
        return (*self.elements, *([self.satellites] if self.satellites else []), self.sites)

    def _read(self, *, version: int, strict: bool) -> _Snapshot:
        """Read every file. Raises :class:`OverflightError` when one cannot be read at all
        (and, with ``strict``, when the files give no element set or no site to compute)."""
        from watchfloor.overflight import (
            read_elements,
            read_satellite_list,
            read_sites,
            tag_satellites,
        )

        stamps = tuple(_stamp(p) for p in self.paths)
        problems: list[Problem] = []
        sets: list[ElementSet] = []
        for path in self.elements:
            batch = read_elements(path)
            if strict and not batch.elements:
                raise OverflightError(
                    f"element file {str(path)!r} gives no usable element set "
                    f"({batch.problems[0]}): fix the file or fetch it again"
                )
            sets.extend(batch.elements)
            problems.extend(batch.problems)
        entries: tuple[Any, ...] = ()
        if self.satellites is not None:
            entries, listed = read_satellite_list(self.satellites)
            problems.extend(listed)
        tagged, tag_problems = tag_satellites(sets, entries)
        sites, site_problems = read_sites(self.sites)
        return _Snapshot(
            version=version,
            stamps=stamps,
            satellites=tuple(tagged),
            sites=tuple(sites),
            problems=(*problems, *tag_problems, *site_problems),
        )

    def snapshot(self) -> _Snapshot:
        """The current reading, read again if a file changed since the last one."""
        stamps = tuple(_stamp(p) for p in self.paths)
        with self._lock:
            held = self._snapshot
            if stamps == held.stamps:
                return held
            version = held.version + 1
            try:
                fresh = self._read(version=version, strict=False)
            except OverflightError as exc:
                # a catalogue being rewritten, say: keep the last good reading, and say so;
                # the new stamps mean it is tried again when the file changes once more
                fresh = _Snapshot(
                    version=version,
                    stamps=stamps,
                    satellites=held.satellites,
                    sites=held.sites,
                    problems=held.problems,
                    note=f"{exc}; the files as read before are used",
                )
            self._snapshot = fresh
            self._memo.clear()
            return fresh

    def memo(self, key: tuple[object, ...]) -> IndicatorResult | None:
        with self._lock:
            hit = self._memo.get(key)
            if hit is not None:
                self._memo.move_to_end(key)
            return hit

    def remember(self, key: tuple[object, ...], result: IndicatorResult) -> None:
        with self._lock:
            self._memo[key] = result
            while len(self._memo) > _MEMO_SIZE:
                self._memo.popitem(last=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class OverflightCondition:
    """What an overflight indicator asks (see the module docstring). Paths are resolved against
    the playbook's folder; ``owners`` and ``sensors`` empty mean any."""

    elements: tuple[Path, ...]
    sites: Path
    satellites: Path | None = None
    owners: tuple[str, ...] = ()
    sensors: tuple[str, ...] = ()
    within_hours: float
    max_element_age_days: float | None = None
    inputs: OverflightInputs = field(compare=False, repr=False)

    def selection(self) -> str:
        """The satellites asked for, in words: ``satellite(s) of owner PRK, sensor optical or
        sar``."""
        parts = [
            f"{key} {' or '.join(values)}"
            for key, values in (("owner", self.owners), ("sensor", self.sensors))
            if values
        ]
        return "satellite(s)" + (f" of {', '.join(parts)}" if parts else "")


# -- reading the block ----------------------------------------------------------------------------


def _path(r: _Reader, value: Any, line: int, what: str, base: Path) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise r.fail(line, f"{what} must be a file path (relative to the playbook's folder)")
    path = Path(value.strip()).expanduser()
    full = path if path.is_absolute() else base / path
    if not full.is_file():
        raise r.fail(
            line,
            f"{what}: file {value.strip()!r} does not exist (looked for {full}): paths are "
            "relative to the playbook's folder",
        )
    return full


def _words(
    r: _Reader, m: Marked, key: str, what: str, allowed: Sequence[str] | re.Pattern[str]
) -> tuple[str, ...]:
    """One word or a list of words under ``key``, each allowed."""
    value = m.get(key)
    if value is None:
        return ()
    items = list(value) if isinstance(value, list) else [value]
    out = []
    for item in items:
        word = str(item).strip()
        if isinstance(allowed, re.Pattern):
            word = word.upper()
            if not allowed.fullmatch(word):
                raise r.fail(
                    m.lines[key],
                    f"{what}: owner {item!r} is not a country or organisation code: use ISO "
                    "3166-1 alpha-3 (PRK, RUS, CHN…) or a code such as ESA, as in the "
                    "satellite list",
                )
        elif word.lower() not in allowed:
            raise r.fail(m.lines[key], f"{what}: unknown sensor {item!r}: use {', '.join(allowed)}")
        out.append(word if isinstance(allowed, re.Pattern) else word.lower())
    if not out:
        raise r.fail(m.lines[key], f"{what}: {key} is an empty list: leave it out to mean any")
    return tuple(dict.fromkeys(out))


def _hours(
    r: _Reader, m: Marked, key: str, what: str, *, required: int | None = None
) -> float | None:
    """A positive number of hours or days; ``required`` is the line to blame when it is
    missing (optional when ``None``)."""
    value = m.get(key)
    if value is None:
        if required is not None:
            raise r.fail(
                required, f"{what} needs {key!r}: how many hours ahead of as-of a pass counts"
            )
        return None
    limit = MAX_WITHIN_HOURS if key == "within_hours" else MAX_WITHIN_HOURS / 24
    unit = "hours" if key == "within_hours" else "days"
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= limit:
        raise r.fail(
            m.lines[key],
            f"{what}: {key} must be a positive number of {unit}, at most {limit:g} (what one "
            f"element set supports), got {value!r}",
        )
    return float(value)


def overflight_condition(
    r: _Reader,
    value: Any,
    line: int,
    what: str,
    *,
    base: Path,
    shared: dict[InputsKey, OverflightInputs],
) -> OverflightCondition:
    """The ``overflight:`` block of indicator ``what``, validated, its files read (or taken
    from ``shared``, keyed by path, so indicators naming the same files read them once)."""
    m = r.mapping(value, line, f"{what}: overflight")
    r.keys(m, _KEYS, f"{what}: overflight")
    what = f"{what}: overflight"
    raw = m.get("elements")
    if raw is None:
        raise r.fail(line, f"{what} needs 'elements': a TLE or OMM file, or a list of them")
    if isinstance(raw, MarkedList):
        if not raw:
            raise r.fail(m.lines["elements"], f"{what}: elements is an empty list")
        elements = tuple(
            _path(r, v, raw.lines[i], f"{what}: elements", base) for i, v in enumerate(raw)
        )
    else:
        elements = (_path(r, raw, m.lines["elements"], f"{what}: elements", base),)
    if m.get("sites") is None:
        raise r.fail(line, f"{what} needs 'sites': a sites file (YAML or CSV)")
    sites = _path(r, m["sites"], m.lines["sites"], f"{what}: sites", base)
    satellites = (
        _path(r, m["satellites"], m.lines["satellites"], f"{what}: satellites", base)
        if m.get("satellites") is not None
        else None
    )
    owners = _words(r, m, "owner", what, _OWNER)
    sensors = _words(r, m, "sensor", what, SENSORS)
    if (owners or sensors) and satellites is None:
        key = "owner" if owners else "sensor"
        raise r.fail(
            m.lines[key],
            f"{what}: {key} needs a 'satellites' list: it is the list that says who owns each "
            "satellite and what it senses",
        )
    within = _hours(r, m, "within_hours", what, required=line)
    max_age = _hours(r, m, "max_element_age_days", what)
    files = (elements, satellites, sites)
    inputs = shared.get(files)
    if inputs is None:
        try:
            inputs = shared[files] = OverflightInputs(elements, satellites, sites)
        except OverflightError as exc:
            raise r.fail(line, f"{what}: {exc}") from None
    return OverflightCondition(
        elements=elements,
        sites=sites,
        satellites=satellites,
        owners=owners,
        sensors=sensors,
        within_hours=float(within or 0.0),
        max_element_age_days=max_age,
        inputs=inputs,
    )


# -- evaluating it --------------------------------------------------------------------------------


def _utc(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _window(p: Pass) -> str:
    opens, closes = p.window_open, p.window_close
    close = f"{closes:%H:%M:%S}" if closes.date() == opens.date() else f"{closes:%Y-%m-%d %H:%M:%S}"
    return f"{opens:%Y-%m-%d %H:%M:%S}–{close} UTC"


def _describe(p: Pass) -> str:
    return (
        f"{p.satellite} ({p.catalog}; {p.owner or 'owner unknown'}, {p.sensor.value}) over "
        f"{p.site}: window {_window(p)}, max elevation {p.max_elevation:.0f}°, elements "
        f"{p.age_days:.1f} days old at the pass, margin ±{p.margin_s:.1f} s"
    )


def _more(shown: int, total: int, what: str) -> list[str]:
    return [f"… and {total - shown} more {what}"] if total > shown else []


def _latest_known(
    satellites: Sequence[Satellite], as_of: dt.datetime
) -> tuple[list[Satellite], list[Satellite]]:
    """Per catalogue number the latest element set published by ``as_of`` (epoch not later);
    and the satellites with none."""
    best: dict[str, Satellite] = {}
    future: dict[str, Satellite] = {}
    for sat in satellites:
        if sat.elements.epoch > as_of:
            future.setdefault(sat.catalog, sat)
            continue
        held = best.get(sat.catalog)
        if held is None or sat.elements.epoch > held.elements.epoch:
            best[sat.catalog] = sat
    return list(best.values()), [s for c, s in future.items() if c not in best]


def _problems(problems: Sequence[Problem], irrelevant: set[str]) -> list[str]:
    kept = [p for p in problems if p.subject not in irrelevant]
    out = [f"{p.severity}: {p.message}" for p in kept[:_SHOWN_PROBLEMS]]
    return out + _more(len(out), len(kept), "problem(s) in the overflight inputs")


def _not_met(indicator: Indicator, reasons: list[str]) -> IndicatorResult:
    return IndicatorResult(
        name=indicator.name,
        description=indicator.description,
        met=False,
        reasons=tuple(reasons),
    )


def overflight_result(indicator: Indicator, as_of: dt.datetime) -> IndicatorResult:
    """Whether the overflight indicator is met at ``as_of``, with the passes as its reasons."""
    cond = indicator.overflight
    assert cond is not None
    snap = cond.inputs.snapshot()
    key = (indicator, as_of, snap.version)
    hit = cond.inputs.memo(key)
    if hit is None:
        hit = _evaluate(indicator, cond, snap, as_of)
        cond.inputs.remember(key, hit)
    return hit


def _evaluate(
    indicator: Indicator, cond: OverflightCondition, snap: _Snapshot, as_of: dt.datetime
) -> IndicatorResult:
    from watchfloor.overflight import compute_passes

    as_of = as_of.astimezone(dt.UTC)
    end = as_of + dt.timedelta(hours=cond.within_hours)
    period = f"from {_utc(as_of)} to {_utc(end)}"
    head = [snap.note] if snap.note else []
    wanted = [
        s
        for s in snap.satellites
        if (not cond.owners or s.owner in cond.owners)
        and (not cond.sensors or s.sensor.value in cond.sensors)
    ]
    irrelevant = {s.elements.label for s in snap.satellites} - {s.elements.label for s in wanted}
    problems = _problems(snap.problems, irrelevant)
    if not wanted:
        listed = [s for s in snap.satellites if s.owner or s.sensor.value != "unknown"]
        tags = sorted({f"{s.owner or 'no owner'} {s.sensor.value}" for s in listed})
        unlisted = len(snap.satellites) - len(listed)
        return _not_met(
            indicator,
            [
                *head,
                f"no {cond.selection()} among the {len(snap.satellites)} satellite(s) with "
                f"element sets; the satellite list tags {', '.join(tags) or 'none of them'}"
                + (f" ({unlisted} not in the list)" if unlisted else ""),
                *problems,
            ],
        )
    known, unknown = _latest_known(wanted, as_of)
    if not known:
        first = min(s.elements.epoch for s in unknown)
        return _not_met(
            indicator,
            [
                *head,
                f"no element set of the {len(unknown)} {cond.selection()} was published by "
                f"{_utc(as_of)} (the earliest epoch is {_utc(first)}): an element set counts "
                "from its epoch",
                *problems,
            ],
        )
    fresh, old = known, []
    if cond.max_element_age_days is not None:
        limit = cond.max_element_age_days
        fresh = [s for s in known if (as_of - s.elements.epoch) / _DAY <= limit]
        old = [s for s in known if (as_of - s.elements.epoch) / _DAY > limit]
    aged = [
        f"{s.elements.label}: its elements (epoch {_utc(s.elements.epoch)}) are "
        f"{(as_of - s.elements.epoch) / _DAY:.1f} days old at as-of, more than "
        f"max_element_age_days {cond.max_element_age_days:g}: not counted"
        for s in old[:_SHOWN_PROBLEMS]
    ] + _more(min(len(old), _SHOWN_PROBLEMS), len(old), "satellite(s) with elements too old")
    if not fresh:
        return _not_met(
            indicator,
            [
                *head,
                f"no {cond.selection()} with element sets at most "
                f"{cond.max_element_age_days:g} days old at {_utc(as_of)}",
                *aged,
                *problems,
            ],
        )
    report = compute_passes(fresh, snap.sites, as_of, end, include_unusable=True)
    problems += _problems(report.problems, irrelevant)
    usable = [p for p in report.passes if p.usable]
    if not usable:
        unusable = list(report.passes)
        if unusable:
            p = unusable[0]
            why = (
                f"no usable pass of the {len(fresh)} {cond.selection()} over the "
                f"{len(snap.sites)} site(s) {period}: {len(unusable)} pass(es) the sensor cannot "
                f"use, e.g. {p.satellite} over {p.site} at {p.culmination:%Y-%m-%d %H:%M} UTC: "
                f"{', '.join(p.why_not)}"
            )
        else:
            why = (
                f"no pass of the {len(fresh)} {cond.selection()} above the horizon mask of any "
                f"of the {len(snap.sites)} site(s) {period}"
            )
        return _not_met(indicator, [*head, why, *aged, *problems])
    satellites = len({p.catalog for p in usable})
    sites = len({p.site for p in usable})
    shown = [_describe(p) for p in usable[:_SHOWN_PASSES]]
    return IndicatorResult(
        name=indicator.name,
        description=indicator.description,
        met=True,
        reasons=(
            *head,
            f"{len(usable)} usable pass(es) by {satellites} {cond.selection()} over "
            f"{sites} site(s) {period}, computed from element sets, not reported",
            *shown,
            *_more(len(shown), len(usable), "usable pass(es)"),
            *aged,
            *problems,
        ),
    )
