"""Speed of the overflight pass finder against Skyfield's ``find_events``, in the same run.

200 satellites (sun-synchronous and inclined low orbits, station-like orbits, Molniya orbits;
constructed elements, seeded) × 100 sites (spread from 75° S to 80° N) × 7 days, mask 10°.

* ours: ``compute_passes`` for everything at once (pass finding, geometry at culmination, Sun,
  constraints, the records), and its engine ``find_passes`` alone;
* Skyfield 1.55: ``EarthSatellite.find_events`` on a random sample of the same satellite-site
  pairs (the whole grid would take most of an hour), scaled to all pairs.

Prints the absolute times, the ratios (Skyfield scaled / ours) and how well the two agree on the
sample, with the load average around the run. Exits 1 when the end-to-end ratio (Skyfield /
``compute_passes``) is below its floor, ``overflight.ratio_end_to_end`` in
``benchmarks/baseline.json`` (the issue's 20). Run: ``.venv/bin/python benchmarks/overflight.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from watchfloor.overflight import compute_passes
from watchfloor.overflight.elements import ElementSet
from watchfloor.overflight.frames import site_frames
from watchfloor.overflight.passes import find_passes
from watchfloor.overflight.satellites import Satellite
from watchfloor.overflight.sites import Site

BASELINE = Path(__file__).resolve().parent / "baseline.json"
START = dt.datetime(2024, 11, 1, tzinfo=dt.UTC)
MASK = 10.0
MU = 398600.8  # km³/s², WGS72
EARTH_RADIUS = 6378.135


def mean_motion(altitude_km: float, ecc: float = 0.0) -> float:
    a = EARTH_RADIUS + altitude_km if ecc == 0.0 else altitude_km
    return math.sqrt(MU / a**3) * 86400.0 / (2.0 * math.pi)


def catalogue(n: int, rng: np.random.Generator) -> list[ElementSet]:
    out = []
    for i in range(n):
        kind = i % 10
        if kind < 6:  # sun-synchronous imagers, 450–800 km
            alt = rng.uniform(450.0, 800.0)
            incl = 96.6 + (alt - 450.0) / 350.0 * 2.0
            ecc, motion = rng.uniform(0.0002, 0.002), mean_motion(alt)
        elif kind < 8:  # inclined low orbits
            alt = rng.uniform(350.0, 1000.0)
            incl, ecc, motion = rng.uniform(40.0, 75.0), rng.uniform(0.0, 0.005), mean_motion(alt)
        elif kind < 9:  # station-like
            incl, ecc, motion = 51.64, 0.0005, mean_motion(rng.uniform(400.0, 430.0))
        else:  # Molniya
            incl, ecc, motion = 63.4, rng.uniform(0.68, 0.74), rng.uniform(2.004, 2.008)
        out.append(
            ElementSet(
                name=f"BENCH-{i:03d}",
                catalog=str(80000 + i),
                international="",
                epoch=START - dt.timedelta(hours=float(rng.uniform(0.0, 20.0))),
                mean_motion=motion,
                eccentricity=ecc,
                inclination=incl,
                raan=rng.uniform(0.0, 360.0),
                arg_perigee=270.0 if kind == 9 else rng.uniform(0.0, 360.0),
                mean_anomaly=rng.uniform(0.0, 360.0),
                bstar=rng.uniform(1e-5, 3e-4) if kind < 9 else 1e-4,
                ndot=0.0,
                nddot=0.0,
                origin=f"benchmark #{i}",
            )
        )
    return out


def site_grid(n: int) -> list[Site]:
    """A Fibonacci lattice between 75° S and 80° N."""
    golden = (1.0 + 5.0**0.5) / 2.0
    lo, hi = math.sin(math.radians(-75.0)), math.sin(math.radians(80.0))
    sites = []
    for i in range(n):
        lat = math.degrees(math.asin(lo + (hi - lo) * (i + 0.5) / n))
        lon = (360.0 * i / golden) % 360.0 - 180.0
        sites.append(Site(name=f"site-{i:03d}", latitude=lat, longitude=lon))
    return sites


def load_average() -> str:
    with contextlib.suppress(OSError):
        one, five, _ = Path("/proc/loadavg").read_text().split()[:3]
        return f"load average {one} (1 min), {five} (5 min)"
    return "load average unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--satellites", type=int, default=200)
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--days", type=float, default=7.0)
    parser.add_argument("--sample", type=int, default=200, help="Skyfield pairs timed")
    parser.add_argument("--seed", type=int, default=20241101)
    args = parser.parse_args()
    floor = float(
        json.loads(BASELINE.read_text(encoding="utf-8"))["overflight"]["ratio_end_to_end"]
    )
    before = load_average()
    rng = np.random.default_rng(args.seed)
    elements = catalogue(args.satellites, rng)
    sites = site_grid(args.sites)
    end = START + dt.timedelta(days=args.days)
    sats = [Satellite(elements=e) for e in elements]
    pairs = args.satellites * args.sites
    print(
        f"overflight: {args.satellites} satellites × {args.sites} sites × {args.days:g} days "
        f"({pairs} pairs), mask {MASK:g}°"
    )

    # ours: the whole computation, then the engine alone (best of two each)
    full = []
    for _ in range(2):
        t0 = time.perf_counter()
        report = compute_passes(sats, sites, START, end, include_unusable=True)
        full.append(time.perf_counter() - t0)
    lat = np.array([s.latitude for s in sites])
    lon = np.array([s.longitude for s in sites])
    points, _, _, up = site_frames(lat, lon, np.zeros(len(sites)))
    satrecs = [e.satrec() for e in elements]
    mask = np.full((len(satrecs), len(sites)), MASK)
    engine = []
    for _ in range(2):
        t0 = time.perf_counter()
        table, _ = find_passes(
            satrecs,
            START,
            args.days * 86400.0,
            points=points,
            up=up,
            min_elevation=mask,
        )
        engine.append(time.perf_counter() - t0)
    ours_full, ours_engine = min(full), min(engine)
    print(f"  ours, compute_passes (everything):  {ours_full:8.2f} s  {len(report.passes)} passes")
    print(f"  ours, find_passes (the engine):     {ours_engine:8.2f} s  {len(table)} passes")

    # Skyfield on a sample of the same pairs, scaled
    from sgp4 import exporter
    from skyfield.api import EarthSatellite, load, wgs84

    ts = load.timescale(builtin=True)
    t0s, t1s = ts.from_datetime(START), ts.from_datetime(end)
    chosen = rng.choice(pairs, size=min(args.sample, pairs), replace=False)
    sky_sats = {}
    topos = [wgs84.latlon(s.latitude, s.longitude) for s in sites]
    events = []
    elapsed = 0.0
    for pair in chosen:
        n, p = divmod(int(pair), args.sites)
        if n not in sky_sats:
            line1, line2 = exporter.export_tle(satrecs[n])
            sky_sats[n] = EarthSatellite(line1, line2, ts=ts)
        t0 = time.perf_counter()
        times, kinds = sky_sats[n].find_events(topos[p], t0s, t1s, altitude_degrees=MASK)
        elapsed += time.perf_counter() - t0
        events.append((n, p, times, kinds))
    scaled = elapsed * pairs / len(chosen)
    print(
        f"  Skyfield find_events: {elapsed:8.2f} s for {len(chosen)} pairs, "
        f"scaled to {pairs}: {scaled:8.1f} s"
    )
    print(f"  ratio, Skyfield / ours (everything): {scaled / ours_full:6.1f}×  (floor {floor:g})")
    print(f"  ratio, Skyfield / ours (engine):     {scaled / ours_engine:6.1f}×")

    # agreement on the sample
    within, total = 0, 0
    for n, p, times, kinds in events:
        sel = (table.sat == n) & (table.point == p)
        rows = np.flatnonzero(sel)
        ours = {
            0: table.rise[sel][~table.starts_before[sel]],
            1: table.peaks[np.isin(table.peak_pass, rows)],
            2: table.set[sel][~table.ends_after[sel]],
        }
        for t, kind in zip(times, kinds, strict=True):
            total += 1
            second = (t.utc_datetime() - START).total_seconds()
            found = ours[int(kind)]
            if found.size and np.min(np.abs(found - second)) <= 1.0:
                within += 1
    share = within / total if total else 1.0
    print(f"  agreement on the sample: {within}/{total} Skyfield events within 1 s ({share:.2%})")
    print(
        f"({before} before, {load_average()} after; {dt.datetime.now(dt.UTC).date().isoformat()})"
    )
    if scaled / ours_full < floor:
        print(
            f"REGRESSION: compute_passes is {scaled / ours_full:.1f}× Skyfield, below the floor "
            f"{floor:g}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
