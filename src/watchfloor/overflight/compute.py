"""Passes over a period: from satellites and sites to a :class:`PassReport`.

This is where inputs meet: one element set is chosen per satellite, the part of the period its
elements support is worked out (problems otherwise), every site becomes its points, constraints
are resolved per satellite and site, the finder runs once for everything, and the passes of an
area's points merge into passes over the area.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from watchfloor.errors import OverflightError
from watchfloor.overflight.elements import ElementSet, read_elements
from watchfloor.overflight.frames import julian, site_frames
from watchfloor.overflight.geometry import ConstraintArrays, Geometry, describe, usable, why_not
from watchfloor.overflight.passes import GRID_STEP_S, Coverage, PassTable, find_passes
from watchfloor.overflight.propagate import (
    ELEMENT_ERROR_KM,
    ELEMENT_ERROR_KM_PER_DAY,
    MAX_AGE_DAYS,
    SGP4_ERRORS,
    STALE_DAYS,
    timing_margin_s,
)
from watchfloor.overflight.records import LookSide, Pass, PassReport, Problem, Sensor
from watchfloor.overflight.satellites import (
    Satellite,
    SatelliteEntry,
    read_satellite_list,
    tag_satellites,
)
from watchfloor.overflight.sensors import Constraints, resolve
from watchfloor.overflight.sites import Site, read_sites

__all__ = ["MAX_PERIOD_DAYS", "compute_passes", "upcoming_passes"]

log = logging.getLogger(__name__)

MAX_PERIOD_DAYS = 2 * MAX_AGE_DAYS
"""The longest period: one element set supports at most MAX_AGE_DAYS each side of its epoch."""

Array = NDArray[np.float64]
_DAY = 86400.0
_LOOK = {LookSide.either: 0, LookSide.left: 1, LookSide.right: 2}


def upcoming_passes(
    elements: str | Path | Sequence[str | Path],
    sites: str | Path,
    *,
    satellites: str | Path | None = None,
    start: dt.datetime | None = None,
    days: float = 3.0,
    sensors: Collection[Sensor | str] | None = None,
    owners: Collection[str] | None = None,
    include_unusable: bool = False,
) -> PassReport:
    """The passes over the sites of a sites file by the satellites of one or more element files,
    from ``start`` (default: now) for ``days``; the one call the CLI, the dashboard and the
    assessment make. ``sensors`` and ``owners`` keep only satellites a list tags so; unusable
    passes are dropped unless ``include_unusable``. Files that cannot be read raise
    :class:`~watchfloor.errors.OverflightError`; bad entries are problems in the report."""
    paths = [elements] if isinstance(elements, str | Path) else list(elements)
    problems: list[Problem] = []
    sets: list[ElementSet] = []
    for path in paths:
        batch = read_elements(path)
        sets.extend(batch.elements)
        problems.extend(batch.problems)
    entries: tuple[SatelliteEntry, ...] = ()
    if satellites is not None:
        entries, list_problems = read_satellite_list(satellites)
        problems.extend(list_problems)
    tagged, tag_problems = tag_satellites(sets, entries)
    problems.extend(tag_problems)
    if sensors:
        wanted = {Sensor(str(s).lower()) for s in sensors}
        tagged = [s for s in tagged if s.sensor in wanted]
    if owners:
        wanted_owners = {o.upper() for o in owners}
        tagged = [s for s in tagged if s.owner in wanted_owners]
    site_list, site_problems = read_sites(sites)
    problems.extend(site_problems)
    if start is None:
        start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    if days <= 0:
        raise OverflightError(f"days is {days:g}: give a positive number of days")
    end = start + dt.timedelta(days=days)
    return compute_passes(
        tagged, site_list, start, end, include_unusable=include_unusable, problems=problems
    )


def compute_passes(
    satellites: Sequence[Satellite],
    sites: Sequence[Site],
    start: dt.datetime,
    end: dt.datetime,
    *,
    include_unusable: bool = False,
    problems: Sequence[Problem] = (),
    step_s: float = GRID_STEP_S,
) -> PassReport:
    """Every pass of ``satellites`` over ``sites`` between ``start`` and ``end`` (tz-aware),
    with the problems met (those given first). Passes are ordered by window opening."""
    if start.tzinfo is None or end.tzinfo is None:
        raise OverflightError("start and end must be timezone-aware: give times in UTC")
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    duration = (end - start).total_seconds()
    if duration <= 0:
        raise OverflightError(f"the period ends ({end:%Y-%m-%d %H:%M}) before it starts")
    if duration > MAX_PERIOD_DAYS * _DAY:
        raise OverflightError(
            f"a period of {duration / _DAY:.0f} days is too long: one element set supports "
            f"{MAX_AGE_DAYS:.0f} days each side of its epoch; ask for at most "
            f"{MAX_PERIOD_DAYS:.0f} days"
        )
    found = list(problems)
    chosen, support = _supported(_one_per_satellite(satellites, start, end), start, end, found)
    report = PassReport(
        start=start,
        end=end,
        passes=(),
        problems=(),
        satellites=tuple(s.elements.label for s in chosen),
        sites=tuple(s.name for s in sites),
    )
    if not chosen or not sites:
        return _with(report, (), found)

    point_rows = [(i, pt) for i, site in enumerate(sites) for pt in site.points()]
    site_of_point = np.array([i for i, _ in point_rows], dtype=np.intp)
    lat, lon, alt = (np.array([pt[k] for _, pt in point_rows]) for k in range(3))
    positions, east, north, up = site_frames(lat, lon, alt)
    limits = _constraints(chosen, sites)
    table, cov = find_passes(
        [s.elements.satrec() for s in chosen],
        start,
        duration,
        points=positions,
        up=up,
        min_elevation=limits.min_elevation[:, site_of_point],
        support=np.array(support),
        step_s=step_s,
    )
    _coverage_problems(chosen, cov, start, found)
    if len(table) == 0:
        return _with(report, (), found)

    jd0, fr0 = julian(start)
    pt = table.point
    geometry = describe(
        r=table.r,
        v=table.v,
        site=positions[pt],
        east=east[pt],
        north=north[pt],
        up=up[pt],
        jd0=jd0,
        fr0=fr0,
        culmination=table.culmination,
    )
    site_idx = site_of_point[pt]
    per_pass = ConstraintArrays(
        *(getattr(limits, name)[table.sat, site_idx] for name in ConstraintArrays.__slots__)
    )
    ok = usable(geometry, per_pass)
    epoch_s = np.array([(s.elements.epoch - start).total_seconds() for s in chosen])
    age_days = (table.culmination - epoch_s[table.sat]) / _DAY
    margin = timing_margin_s(age_days, geometry.speed)
    rep = _merge_areas(table, site_idx, geometry.elevation, ok, len(sites))
    if not include_unusable:
        rep = rep[ok[rep]]
    margin = np.round(margin, 1)
    opens = table.rise[rep] - np.where(table.starts_before[rep], 0.0, margin[rep])
    rep = rep[np.lexsort((table.sat[rep], site_idx[rep], opens))]
    passes = _records(
        rep, chosen, sites, table=table, site_idx=site_idx, g=geometry, c=per_pass, ok=ok,
        age_days=age_days, margin=margin, start=start,
    )  # fmt: skip
    return _with(report, passes, found)


def _with(report: PassReport, passes: tuple[Pass, ...], problems: list[Problem]) -> PassReport:
    return PassReport(
        start=report.start,
        end=report.end,
        passes=passes,
        problems=tuple(problems),
        satellites=report.satellites,
        sites=report.sites,
    )


def _one_per_satellite(
    satellites: Sequence[Satellite], start: dt.datetime, end: dt.datetime
) -> list[Satellite]:
    """One element set per catalogue number: the one whose epoch is nearest the period's middle
    (a history file may hold many)."""
    middle = start + (end - start) / 2
    best: dict[str, Satellite] = {}
    for sat in satellites:
        held = best.get(sat.catalog)
        if held is None or abs(sat.elements.epoch - middle) < abs(held.elements.epoch - middle):
            best[sat.catalog] = sat
    return list(best.values())


def _supported(
    satellites: list[Satellite], start: dt.datetime, end: dt.datetime, found: list[Problem]
) -> tuple[list[Satellite], list[tuple[float, float]]]:
    """The satellites whose elements reach the period, each with the seconds [from, to] of it
    they support; problems for the others, and warnings for partial or stale support."""
    duration = (end - start).total_seconds()
    kept, support = [], []
    limit = MAX_AGE_DAYS * _DAY
    days = f"{MAX_AGE_DAYS:.0f} days"
    period = f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} UTC"
    for sat in satellites:
        el = sat.elements
        epoch = (el.epoch - start).total_seconds()
        lo, hi = max(0.0, epoch - limit), min(duration, epoch + limit)
        where = f"{el.origin}: {el.label}: its elements"
        if hi <= lo:
            after = epoch > duration
            gap = (epoch - duration if after else -epoch) / _DAY
            amount = f"{gap / 365.25:.0f} years" if gap >= 730 else f"{gap:.0f} days"
            side = "after" if after else "before"
            found.append(
                _problem(
                    "error",
                    el.label,
                    f"{where} have epoch {el.epoch:%Y-%m-%d}, {amount} {side} the period "
                    f"{period}; SGP4 errors grow by kilometres per day, so no pass is computed "
                    f"more than {days} from the epoch: fetch elements from within {days} of the "
                    "period",
                )
            )
            continue
        if lo > 0.0 or hi < duration:
            a, b = start + dt.timedelta(seconds=lo), start + dt.timedelta(seconds=hi)
            found.append(
                _problem(
                    "warning",
                    el.label,
                    f"{where} (epoch {el.epoch:%Y-%m-%d}) support only {a:%Y-%m-%d %H:%M}–"
                    f"{b:%Y-%m-%d %H:%M} UTC of the period ({days} from the epoch): the rest "
                    "is not computed for it; fetch newer elements",
                )
            )
        worst = max(abs(lo - epoch), abs(hi - epoch)) / _DAY
        if worst > STALE_DAYS:
            km = ELEMENT_ERROR_KM + ELEMENT_ERROR_KM_PER_DAY * worst
            found.append(
                _problem(
                    "warning",
                    el.label,
                    f"{where} (epoch {el.epoch:%Y-%m-%d %H:%M}) are up to {worst:.0f} days from "
                    f"the period: expect along-track errors up to about {km:.0f} km, and windows "
                    "widened to match; fetch newer elements",
                )
            )
        kept.append(sat)
        support.append((lo, hi))
    return kept, support


def _problem(severity: Literal["error", "warning"], subject: str, message: str) -> Problem:
    return Problem(severity=severity, subject=subject, message=message)


def _coverage_problems(
    satellites: list[Satellite], cov: Coverage, start: dt.datetime, found: list[Problem]
) -> None:
    for n in np.flatnonzero(cov.error):
        sat = satellites[n].elements
        at = start + dt.timedelta(seconds=float(cov.failed_at[n]))
        none = bool(np.isnan(cov.first[n]))
        reason = SGP4_ERRORS.get(int(cov.error[n]), "an unknown failure")
        found.append(
            Problem(
                severity="error" if none else "warning",
                subject=sat.label,
                message=f"{sat.origin}: {sat.label}: SGP4 cannot propagate its elements from "
                f"{at:%Y-%m-%d %H:%M} UTC ({reason}, error {int(cov.error[n])}): "
                + ("no pass is computed" if none else "passes before then are kept")
                + "; fetch current elements",
            )
        )


def _constraints(satellites: list[Satellite], sites: Sequence[Site]) -> ConstraintArrays:
    """Constraint arrays ``(N, S)`` for every satellite and site."""
    cache: dict[tuple[object, ...], Constraints] = {}
    shape = (len(satellites), len(sites))
    out = {name: np.full(shape, np.nan) for name in ConstraintArrays.__slots__}
    out["look"] = np.zeros(shape)
    for i, sat in enumerate(satellites):
        for j, site in enumerate(sites):
            key = (sat.sensor, sat.overrides, site.overrides)
            c = cache.get(key)
            if c is None:
                c = cache[key] = resolve(sat.sensor, sat.overrides, site.overrides)
            out["min_elevation"][i, j] = c.min_elevation
            if c.max_off_nadir is not None:
                out["max_off_nadir"][i, j] = c.max_off_nadir
            if c.min_sun_elevation is not None:
                out["min_sun_elevation"][i, j] = c.min_sun_elevation
            if c.incidence is not None:
                out["incidence_low"][i, j], out["incidence_high"][i, j] = c.incidence
            out["look"][i, j] = _LOOK[c.look_side]
    look = out.pop("look").astype(np.int8)
    return ConstraintArrays(**out, look=look)


def _merge_areas(
    table: PassTable,
    site_idx: NDArray[np.intp],
    elevation: Array,
    ok: NDArray[np.bool_],
    n_sites: int,
) -> NDArray[np.intp]:
    """Merge overlapping passes of one satellite over the points of one site into one pass per
    window; returns, per merged pass, the row that stands for it (the highest usable one). The
    merged window is written into that row of ``table``."""
    key = table.sat * n_sites + site_idx
    order = np.lexsort((table.rise, key))
    k, rise, set_ = key[order], table.rise[order], table.set[order]
    span = float(max(set_.max(), rise.max())) + 10.0
    reach = np.maximum.accumulate(k * span + set_)
    new = np.r_[True, (k[1:] != k[:-1]) | (k[1:] * span + rise[1:] > reach[:-1])]
    starts = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    best = np.lexsort((elevation[order], ok[order], group))
    last = np.r_[group[best][1:] != group[best][:-1], True]
    rep = order[best[last]]
    table.rise[rep] = rise[starts]
    table.set[rep] = np.maximum.reduceat(set_, starts)
    table.starts_before[rep] = np.logical_or.reduceat(table.starts_before[order], starts)
    table.ends_after[rep] = np.logical_or.reduceat(table.ends_after[order], starts)
    return np.asarray(rep)


def _records(
    rows: NDArray[np.intp],
    satellites: list[Satellite],
    sites: Sequence[Site],
    *,
    table: PassTable,
    site_idx: NDArray[np.intp],
    g: Geometry,
    c: ConstraintArrays,
    ok: NDArray[np.bool_],
    age_days: Array,
    margin: Array,
    start: dt.datetime,
) -> tuple[Pass, ...]:
    """The records of the given rows. Columns become Python lists first: a record costs a few
    microseconds, and a week over a large catalogue can hold half a million passes."""
    base = start.timestamp()
    utc = dt.UTC
    stamp = dt.datetime.fromtimestamp

    def times(seconds: Array) -> list[dt.datetime]:
        return [stamp(x, utc) for x in seconds.tolist()]

    def values(column: Array) -> list[float]:
        return list(np.round(column[rows], 6).tolist())

    m = margin[rows]
    rise = times(base + table.rise[rows])
    culmination = times(base + table.culmination[rows])
    set_ = times(base + table.set[rows])
    elevation, azimuth, off_nadir = values(g.elevation), values(g.azimuth), values(g.off_nadir)
    rng, sun, age = values(g.range_km), values(g.sun_elevation), values(age_days)
    side = np.where(g.look_right[rows], "right", "left").tolist()
    usable, margins = ok[rows].tolist(), m.tolist()
    before, after = table.starts_before[rows].tolist(), table.ends_after[rows].tolist()
    who = [(s.name, s.catalog, s.owner, s.sensor, s.elements.epoch) for s in satellites]
    sat_of = [who[n] for n in table.sat[rows].tolist()]
    names = [s.name for s in sites]
    site_of = [names[j] for j in site_idx[rows].tolist()]
    out = []
    for k, i in enumerate(rows.tolist()):
        name, catalog, owner, sensor, epoch = sat_of[k]
        out.append(
            Pass(
                satellite=name,
                catalog=catalog,
                owner=owner,
                sensor=sensor,
                site=site_of[k],
                rise=rise[k],
                culmination=culmination[k],
                set=set_[k],
                max_elevation=elevation[k],
                azimuth=azimuth[k],
                off_nadir=off_nadir[k],
                range_km=rng[k],
                look_side=side[k],
                sun_elevation=sun[k],
                usable=usable[k],
                why_not=() if usable[k] else why_not(g, c, i),
                epoch=epoch,
                age_days=age[k],
                margin_s=margins[k],
                starts_before=before[k],
                ends_after=after[k],
            )
        )
    return tuple(out)
