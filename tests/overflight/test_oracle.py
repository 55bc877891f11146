"""Our passes, frames and Sun against Skyfield 1.55 (with DE421 from skyfield-data) as the oracle.

The catalogue is varied on purpose: a low sun-synchronous imager, a 700 km sun-synchronous
orbit, a station-like orbit, an inclined low orbit and two Molniya orbits, over sites from the
equator to 82° N and 78° S, for three days.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sgp4 import exporter
from skyfield.api import EarthSatellite, Loader, load, wgs84
from skyfield_data import get_skyfield_data_path

from tests.overflight.orbits import ORBITS, satrec
from watchfloor.overflight.frames import julian, julian_split, site_frames
from watchfloor.overflight.passes import PassTable, find_passes
from watchfloor.overflight.propagate import propagate_ecef
from watchfloor.overflight.refine import Hermite
from watchfloor.overflight.sun import sun_elevation

START = dt.datetime(2024, 11, 1, tzinfo=dt.UTC)
DAYS = 3
MASK = 10.0
SITES = {
    "Seoul": (37.5663, 126.9779, 38.0),
    "Pyongyang": (39.0392, 125.7625, 30.0),
    "Quito": (-0.1807, -78.4678, 2850.0),
    "Singapore": (1.3521, 103.8198, 15.0),
    "Cape Town": (-33.9249, 18.4241, 10.0),
    "Sydney": (-33.8688, 151.2093, 20.0),
    "Honolulu": (21.3069, -157.8583, 5.0),
    "Denver": (39.7392, -104.9903, 1600.0),
    "Moscow": (55.7558, 37.6173, 150.0),
    "Reykjavik": (64.1466, -21.9426, 20.0),
    "Nuuk": (64.1814, -51.6941, 10.0),
    "Tromsø": (69.6492, 18.9553, 10.0),
    "Utqiagvik": (71.2906, -156.7887, 5.0),
    "Longyearbyen": (78.2232, 15.6267, 10.0),
    "Alert": (82.5018, -62.3481, 30.0),
    "Ushuaia": (-54.8019, -68.3030, 10.0),
    "McMurdo": (-77.8419, 166.6863, 20.0),
    "Mawson": (-67.6027, 62.8738, 10.0),
}
NAMES = list(ORBITS)
TS = load.timescale(builtin=True)


def sites_arrays() -> tuple[np.ndarray, ...]:
    lat, lon, alt = (np.array([s[k] for s in SITES.values()]) for k in range(3))
    return site_frames(lat, lon, alt)


@pytest.fixture(scope="module")
def ours() -> dict[float, PassTable]:
    points, _, _, up = sites_arrays()
    sats = [satrec(n) for n in NAMES]
    out = {}
    for mask in (0.0, MASK):
        table, _ = find_passes(
            sats, START, DAYS * 86400.0, points=points, up=up,
            min_elevation=np.full((len(sats), len(SITES)), mask),
        )  # fmt: skip
        out[mask] = table
    return out


@pytest.fixture(scope="module")
def skyfield_events() -> dict[float, dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]]:
    t0, t1 = TS.from_datetime(START), TS.from_datetime(START + dt.timedelta(days=DAYS))
    out: dict[float, dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]] = {0.0: {}, MASK: {}}
    for i, name in enumerate(NAMES):
        line1, line2 = exporter.export_tle(satrec(name))
        sat = EarthSatellite(line1, line2, name, TS)
        for j, (lat, lon, alt) in enumerate(SITES.values()):
            topos = wgs84.latlon(lat, lon, elevation_m=alt)
            for mask in (0.0, MASK):
                times, kinds = sat.find_events(topos, t0, t1, altitude_degrees=mask)
                seconds = np.array([(t - START).total_seconds() for t in times.utc_datetime()])
                out[mask][(i, j)] = (seconds, kinds)
    return out


def _our_events(table: PassTable, i: int, j: int) -> dict[int, np.ndarray]:
    rows = np.flatnonzero((table.sat == i) & (table.point == j))
    return {
        0: table.rise[rows][~table.starts_before[rows]],
        1: table.peaks[np.isin(table.peak_pass, rows)],
        2: table.set[rows][~table.ends_after[rows]],
    }


def test_rise_culmination_and_set_agree_with_skyfield_within_a_second(
    ours: dict[float, PassTable], skyfield_events: dict
) -> None:
    table = ours[MASK]
    differences = []
    for (i, j), (seconds, kinds) in skyfield_events[MASK].items():
        mine = _our_events(table, i, j)
        for second, kind in zip(seconds, kinds, strict=True):
            found = mine[int(kind)]
            differences.append(np.min(np.abs(found - second)) if found.size else np.inf)
    differences = np.array(differences)
    assert len(differences) > 1500  # enough events for the share to mean something
    within = np.mean(differences <= 1.0)
    assert within >= 0.995, f"{within:.2%} within 1 s; worst {np.sort(differences)[-5:]}"
    assert np.median(differences) < 0.2


def test_every_event_of_ours_that_skyfield_lacks_is_real(
    ours: dict[float, PassTable], skyfield_events: dict
) -> None:
    """An event Skyfield did not report is checked against Skyfield's own altitude: a rise or
    set sits on the mask, a culmination is a maximum above it."""
    table = ours[MASK]
    extra = []
    for (i, j), (seconds, kinds) in skyfield_events[MASK].items():
        for kind, times in _our_events(table, i, j).items():
            theirs = seconds[kinds == kind]
            for t in times:
                if not theirs.size or np.min(np.abs(theirs - t)) > 1.0:
                    extra.append((i, j, kind, t))
    assert len(extra) <= 0.01 * len(table)
    for i, j, kind, t in extra:
        line1, line2 = exporter.export_tle(satrec(NAMES[i]))
        sat = EarthSatellite(line1, line2, ts=TS)
        lat, lon, alt = list(SITES.values())[j]
        topos = wgs84.latlon(lat, lon, elevation_m=alt)
        offsets = np.array([-10.0, 0.0, 10.0]) if kind == 1 else np.array([0.0])
        moments = TS.from_datetimes([START + dt.timedelta(seconds=t + o) for o in offsets])
        altitude = (sat - topos).at(moments).altaz()[0].degrees
        if kind == 1:
            assert altitude[1] >= MASK and altitude[1] >= altitude[0] and altitude[1] >= altitude[2]
        else:
            assert abs(altitude[0] - MASK) < 0.01


def test_no_pass_above_ten_degrees_is_missed(
    ours: dict[float, PassTable], skyfield_events: dict
) -> None:
    """Every Skyfield pass over the horizon that culminates above 10° overlaps one of ours."""
    table = ours[0.0]
    line = {i: EarthSatellite(*exporter.export_tle(satrec(n)), ts=TS) for i, n in enumerate(NAMES)}
    checked = 0
    for (i, j), (seconds, kinds) in skyfield_events[0.0].items():
        lat, lon, alt = list(SITES.values())[j]
        topos = wgs84.latlon(lat, lon, elevation_m=alt)
        peaks = seconds[kinds == 1]
        if not peaks.size:
            continue
        moments = TS.from_datetimes([START + dt.timedelta(seconds=float(t)) for t in peaks])
        high = peaks[(line[i] - topos).at(moments).altaz()[0].degrees > 10.0]
        rows = np.flatnonzero((table.sat == i) & (table.point == j))
        for t in high:
            checked += 1
            assert np.any((table.rise[rows] <= t) & (table.set[rows] >= t)), (NAMES[i], j, t)
    assert checked > 400


def test_grazing_passes_between_grid_samples_are_found() -> None:
    """A pass whose maximum barely clears the mask, lower than the mask at both neighbouring
    grid samples, is still found, because maxima are searched on the slope."""
    points, _, _, up = sites_arrays()
    sat = [satrec("LEO-IMAGER")]
    table, _ = find_passes(sat, START, 86400.0, points=points, up=up,
                           min_elevation=np.full((1, len(SITES)), 0.0))  # fmt: skip
    jd0, fr0 = julian(START)
    _, r, _ = propagate_ecef(sat, jd0, fr0, table.culmination)
    rho = r[0] - points[table.point]
    peak = np.degrees(np.arcsin(np.einsum("ij,ij->i", rho, up[table.point])
                                / np.linalg.norm(rho, axis=1)))  # fmt: skip
    grazing = np.flatnonzero((peak > 0.0) & (peak < 3.0) & ~table.starts_before & ~table.ends_after)
    assert grazing.size > 0
    for k in grazing:  # raise the mask to just under the peak: the pass must survive
        mask = np.full((1, len(SITES)), -90.0)
        mask[0, table.point[k]] = peak[k] - 0.02
        again, _ = find_passes(sat, START, 86400.0, points=points, up=up, min_elevation=mask)
        mine = again.point == table.point[k]
        assert np.any(np.abs(again.culmination[mine] - table.culmination[k]) < 1.0)
        duration = again.set[mine] - again.rise[mine]
        assert np.min(duration[np.abs(again.culmination[mine] - table.culmination[k]) < 1.0]) < 60


def test_topocentric_angles_match_skyfield() -> None:
    points, east, north, up = sites_arrays()
    jd0, fr0 = julian(START)
    seconds = np.arange(0.0, 86400.0, 997.0)
    moments = TS.from_datetimes([START + dt.timedelta(seconds=float(s)) for s in seconds])
    for name in ("LEO-IMAGER", "MOLNIYA"):
        _, r, _ = propagate_ecef([satrec(name)], jd0, fr0, seconds)
        sky = EarthSatellite(*exporter.export_tle(satrec(name)), ts=TS)
        for j, (lat, lon, alt) in enumerate(SITES.values()):
            rho = r[0] - points[j]
            rng = np.linalg.norm(rho, axis=1)
            el = np.degrees(np.arcsin(rho @ up[j] / rng))
            az = np.degrees(np.arctan2(rho @ east[j], rho @ north[j])) % 360.0
            s_alt, s_az, s_rng = (sky - wgs84.latlon(lat, lon, elevation_m=alt)).at(moments).altaz()
            np.testing.assert_allclose(el, s_alt.degrees, atol=0.01)
            np.testing.assert_allclose(rng, s_rng.km, atol=0.05)  # UT1 - UTC is 0.05 s here
            fine = (el < 85.0) & (abs(lat) < 89.0)
            diff = (az - s_az.degrees + 180.0) % 360.0 - 180.0
            assert np.all(np.abs(diff[fine]) < 0.02)


@pytest.mark.filterwarnings("ignore:The file finals2000A.all has expired")  # DE421 is not EOP
def test_sun_elevation_matches_de421() -> None:
    eph = Loader(get_skyfield_data_path())("de421.bsp")
    earth, sun = eph["earth"], eph["sun"]
    seconds = np.arange(0.0, 10 * 86400.0, 7_777.0)
    moments = TS.from_datetimes([START + dt.timedelta(seconds=float(s)) for s in seconds])
    jd0, fr0 = julian(START)
    jd, fr = julian_split(jd0, fr0, seconds)
    _, _, _, up = sites_arrays()
    for j, (lat, lon, alt) in enumerate(SITES.values()):
        ours = sun_elevation(jd, fr, up[j])
        topos = earth + wgs84.latlon(lat, lon, elevation_m=alt)
        theirs = topos.at(moments).observe(sun).apparent().altaz()[0].degrees
        np.testing.assert_allclose(ours, theirs, atol=0.03)


@pytest.mark.parametrize(("name", "bound_m"), [("LEO-IMAGER", 20.0), ("ISS-LIKE", 20.0),
                                                 ("MOLNIYA", 50.0)])  # fmt: skip
def test_the_hermite_path_between_grid_samples_stays_within_metres(
    name: str, bound_m: float
) -> None:
    """The refinement's path between two 120 s samples against SGP4 at points in between."""
    jd0, fr0 = julian(START)
    grid = np.arange(0.0, 2 * 86400.0, 120.0)
    sat = [satrec(name)]
    _, r, v = propagate_ecef(sat, jd0, fr0, grid)
    r, v = r[0], v[0]
    zero = np.zeros((3, len(grid) - 1))
    path = Hermite(r0=r[:-1].T, v0=v[:-1].T, r1=r[1:].T, v1=v[1:].T,
                   h=np.full(len(grid) - 1, 120.0), site=zero, up=zero)  # fmt: skip
    worst = 0.0
    for tau in (0.25, 0.5, 0.75):
        rho, _, _ = path.state(None, np.full(len(grid) - 1, tau))
        _, exact, _ = propagate_ecef(sat, jd0, fr0, grid[:-1] + 120.0 * tau)
        worst = max(worst, float(np.max(np.linalg.norm(rho.T - exact[0], axis=1))) * 1000.0)
    assert worst < bound_m
