"""Passes over a period from satellites and sites: the support of old or decaying elements,
poles, areas, sensor constraints, margins for element age, and revisit statistics."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from tests.overflight.orbits import EPOCH, tle
from watchfloor.errors import OverflightError
from watchfloor.overflight import (
    Overrides,
    Pass,
    PassReport,
    Satellite,
    Sensor,
    Site,
    compute_passes,
    parse_elements,
    revisit,
    upcoming_passes,
)
from watchfloor.overflight.records import LookSide

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "overflight"
START = dt.datetime(2024, 11, 1, tzinfo=dt.UTC)
SEOUL = Site(name="Seoul", latitude=37.5663, longitude=126.9779, altitude_m=38.0)
BUSAN = Site(name="Busan", latitude=35.1798, longitude=129.0750)


def sats(text: str, **tags: object) -> list[Satellite]:
    return [Satellite(elements=e, **tags) for e in parse_elements(text, "t.tle").elements]  # type: ignore[arg-type]


def test_decades_old_elements_are_named_and_the_rest_is_computed() -> None:
    old = tle("SSO-700", epoch=dt.datetime(1994, 3, 1, tzinfo=dt.UTC)).replace("SSO-700", "OLD")
    report = compute_passes(sats(tle("LEO-IMAGER") + old), [SEOUL], START, START + dt.timedelta(2))
    (problem,) = report.problems
    assert problem.severity == "error" and problem.subject == "OLD (91002)"
    assert problem.message.startswith("t.tle:5: OLD (91002): its elements have epoch 1994-03-01")
    assert "31 years before the period" in problem.message
    assert "fetch elements from within 60 days of the period" in problem.message
    assert report.passes and {p.satellite for p in report.passes} == {"LEO-IMAGER"}
    assert report.errors == (problem,)


def test_a_period_outside_what_the_elements_support() -> None:
    catalogue = sats(tle("LEO-IMAGER") + tle("ISS-LIKE"))
    far = START + dt.timedelta(days=200)
    report = compute_passes(catalogue, [SEOUL], far, far + dt.timedelta(days=1))
    assert not report.passes
    assert [p.subject for p in report.errors] == ["LEO-IMAGER (91001)", "ISS-LIKE (91003)"]
    assert "its elements have epoch 2024-11-01, 200 days before the period 2025-05-20" in str(
        report.errors[0]
    )
    # a period that starts 58 days after the epoch is computed for its first two days only
    late = EPOCH + dt.timedelta(days=58)
    report = compute_passes(catalogue, [SEOUL], late, late + dt.timedelta(days=4))
    partial = [p for p in report.problems if "support only" in p.message]
    assert [p.subject for p in partial] == ["LEO-IMAGER (91001)", "ISS-LIKE (91003)"]
    assert all(p.severity == "warning" for p in report.problems)
    limit = EPOCH + dt.timedelta(days=60)
    assert report.passes and max(p.set for p in report.passes) <= limit
    assert any(p.rise > late + dt.timedelta(days=1) for p in report.passes)
    stale = [p for p in report.problems if "days from the period" in p.message]
    assert len(stale) == 2 and "along-track errors up to about 181 km" in stale[0].message


def test_elements_that_decay_during_the_period_keep_the_passes_before() -> None:
    decaying = tle("ISS-LIKE", n=16.0, bstar=0.01).replace("ISS-LIKE", "REENTRY")
    report = compute_passes(sats(decaying + tle("LEO-IMAGER")), [SEOUL, BUSAN], EPOCH,
                            EPOCH + dt.timedelta(days=4))  # fmt: skip
    (problem,) = report.problems
    assert problem.severity == "warning" and problem.subject == "REENTRY (91003)"
    assert "SGP4 cannot propagate its elements from 2024-11-03" in problem.message
    assert "the satellite has decayed, error 6" in problem.message
    assert "passes before then are kept" in problem.message
    reentry = [p for p in report.passes if p.satellite == "REENTRY"]
    assert reentry and max(p.set for p in reentry) < EPOCH + dt.timedelta(hours=61)
    assert any(p.satellite == "LEO-IMAGER" and p.rise > EPOCH + dt.timedelta(days=3)
               for p in report.passes)  # fmt: skip


def test_a_site_at_the_pole_is_computed() -> None:
    pole = Site(name="North Pole", latitude=90.0, longitude=0.0)
    report = compute_passes(sats(tle("SSO-700") + tle("ISS-LIKE")), [pole, SEOUL], START,
                            START + dt.timedelta(days=1))  # fmt: skip
    at_pole = [p for p in report.passes if p.site == "North Pole"]
    assert {p.satellite for p in at_pole} == {"SSO-700"}  # 51.6° never rises 10° there
    assert len(at_pole) >= 10  # a polar orbit is seen every revolution
    assert all(0.0 <= p.azimuth < 360.0 and 10.0 <= p.max_elevation <= 90.0 for p in at_pole)
    assert any(p.site == "Seoul" for p in report.passes)


def test_an_area_is_passed_over_when_any_of_its_points_is() -> None:
    vertices = ((36.985, 126.815), (36.985, 126.87), (36.955, 126.87), (36.95, 126.83))
    area = Site(name="Port", latitude=0.0, longitude=0.0, area=vertices)
    (clat, clon, _), *_ = [p for p in area.points() if p[:2] not in area.area] or [(0, 0, 0)]
    centre = Site(name="Centre", latitude=clat, longitude=clon)
    catalogue = sats(tle("LEO-IMAGER") + tle("SSO-700") + tle("MOLNIYA"))
    report = compute_passes(catalogue, [area, centre], START, START + dt.timedelta(days=3),
                            include_unusable=True)  # fmt: skip
    over_area = [p for p in report.passes if p.site == "Port"]
    over_centre = [p for p in report.passes if p.site == "Centre"]
    assert len(over_centre) > 5
    for p in over_centre:  # each point pass lies inside one area pass of the same satellite
        (match,) = [a for a in over_area if a.satellite == p.satellite and a.rise <= p.culmination
                    <= a.set]  # fmt: skip
        assert match.rise <= p.rise + dt.timedelta(seconds=1e-3)
        assert match.set >= p.set - dt.timedelta(seconds=1e-3)
        assert match.max_elevation >= p.max_elevation - 1e-6
    per_sat: dict[str, list[Pass]] = {}
    for p in over_area:
        per_sat.setdefault(p.satellite, []).append(p)
    for passes in per_sat.values():  # merged: no two windows of one satellite overlap
        for a, b in itertools.pairwise(passes):
            assert a.set < b.rise


def test_sensor_constraints_decide_usable_passes() -> None:
    optical = sats(tle("LEO-IMAGER"), sensor=Sensor.optical, owner="PRK")
    sar = sats(tle("SSO-700"), sensor=Sensor.sar, overrides=Overrides(look_side=LookSide.right))
    report = compute_passes(optical + sar, [SEOUL, BUSAN], START, START + dt.timedelta(days=7),
                            include_unusable=True)  # fmt: skip
    opt = [p for p in report.passes if p.sensor is Sensor.optical]
    rad = [p for p in report.passes if p.sensor is Sensor.sar]
    assert any(p.usable for p in opt) and any(not p.usable for p in opt)
    for p in opt:
        assert p.usable == (p.off_nadir <= 45.0 and p.sun_elevation >= 10.0)
        assert p.owner == "PRK"
        if not p.usable:
            assert any(w.startswith(("off-nadir", "Sun at")) for w in p.why_not)
    assert any(p.usable for p in rad) and any(not p.usable for p in rad)
    for p in rad:
        in_band = 90.0 - p.max_elevation <= 45.0  # the band 20–45° is reached from a 10° mask
        assert p.usable == (in_band and p.look_side == "right"), p
        if p.look_side == "left":
            assert "looks left, the sensor the other way" in p.why_not
    assert {p.look_side for p in rad} == {"left", "right"}
    default = compute_passes(optical, [SEOUL], START, START + dt.timedelta(days=7))
    assert default.passes and all(p.usable for p in default.passes)


def test_windows_widen_with_element_age() -> None:
    fresh = sats(tle("LEO-IMAGER", epoch=START))
    old = sats(tle("LEO-IMAGER", epoch=START - dt.timedelta(days=20)))
    a = compute_passes(fresh, [SEOUL], START, START + dt.timedelta(days=1)).passes
    b = compute_passes(old, [SEOUL], START, START + dt.timedelta(days=1)).passes
    assert a and b
    for p in a:
        assert 0.1 <= p.margin_s <= 1.0 and 0.0 <= p.age_days <= 1.0
        assert p.window_open == p.rise - dt.timedelta(seconds=p.margin_s)
        assert p.window_close == p.set + dt.timedelta(seconds=p.margin_s)
    for p in b:  # about 61 km along track, at about 7 km/s over the ground
        assert 20.0 <= p.age_days <= 21.0 and 7.0 <= p.margin_s <= 11.0


def test_the_element_set_nearest_the_period_is_used() -> None:
    history = tle("ISS-LIKE", epoch=START - dt.timedelta(days=30)) + tle("ISS-LIKE", epoch=START)
    report = compute_passes(sats(history), [SEOUL], START, START + dt.timedelta(days=1))
    assert report.satellites == ("ISS-LIKE (91003)",)
    assert {p.epoch for p in report.passes} == {START}
    assert not report.problems


def test_bad_periods_raise() -> None:
    with pytest.raises(OverflightError, match="before it starts"):
        compute_passes([], [SEOUL], START, START)
    with pytest.raises(OverflightError, match="a period of 200 days is too long"):
        compute_passes([], [SEOUL], START, START + dt.timedelta(days=200))
    with pytest.raises(OverflightError, match="timezone-aware"):
        compute_passes([], [SEOUL], START.replace(tzinfo=None), START + dt.timedelta(days=1))


def _pass(site: str, catalog: str, culmination: dt.datetime, minutes: float = 10.0) -> Pass:
    half = dt.timedelta(minutes=minutes / 2)
    return Pass(
        satellite=f"S{catalog}", catalog=catalog, owner=None, sensor=Sensor.unknown, site=site,
        rise=culmination - half, culmination=culmination, set=culmination + half,
        max_elevation=45.0, azimuth=0.0, off_nadir=30.0, range_km=800.0, look_side="left",
        sun_elevation=20.0, usable=True, why_not=(), epoch=START, age_days=0.0, margin_s=0.0,
    )  # fmt: skip


def test_revisit_statistics_by_hand() -> None:
    h = dt.timedelta(hours=1)
    passes = (
        _pass("A", "1", START + 2 * h),
        _pass("A", "2", START + 2 * h + dt.timedelta(minutes=5)),  # overlaps the first
        _pass("A", "1", START + 8 * h),
        _pass("A", "1", START + 20 * h),
    )
    report = PassReport(start=START, end=START + 24 * h, passes=passes, problems=(),
                        satellites=("S1", "S2"), sites=("A", "B"))  # fmt: skip
    a, b = revisit(report)
    assert (a.passes, a.satellites) == (4, 2)
    assert a.mean_gap_h == pytest.approx((18 * 60) / 3 / 60)
    assert a.max_gap_h == pytest.approx(12.0)
    # windows 1:55–2:10, 7:55–8:05, 19:55–20:05: the longest stretch unobserved is 8:05–19:55
    assert a.longest_unobserved_h == pytest.approx(11 + 50 / 60)
    assert a.unobserved_from == START + 8 * h + dt.timedelta(minutes=5)
    assert a.unobserved_until == START + 19 * h + dt.timedelta(minutes=55)
    assert a.observed_fraction == pytest.approx((15 + 10 + 10) / (24 * 60))
    assert (b.passes, b.mean_gap_h, b.max_gap_h, b.longest_unobserved_h) == (0, None, None, 24.0)
    assert repr(b) == "SiteRevisit('B': 0 passes by 0 satellites, longest unobserved 24.0 h)"


def test_upcoming_passes_from_the_example_files() -> None:
    """The one call the dashboard and the assessment make."""
    report = upcoming_passes(
        EXAMPLES / "catalog.json", EXAMPLES / "sites.yaml",
        satellites=EXAMPLES / "satellites.yaml", start=START, days=3, sensors={"sar"},
    )  # fmt: skip
    assert report.start == START and report.end == START + dt.timedelta(days=3)
    assert set(report.satellites) == {"EXAMPLE-SAR-RUS-1 (99003)", "EXAMPLE-SAR-CHN-1 (99004)"}
    assert report.passes and all(p.usable and p.sensor is Sensor.sar for p in report.passes)
    assert all(p.look_side == "right" for p in report.passes if p.satellite == "EXAMPLE-SAR-RUS-1")
    assert [p.window_open for p in report.passes] == sorted(p.window_open for p in report.passes)
    owners = upcoming_passes(
        EXAMPLES / "catalog.tle",
        EXAMPLES / "sites.yaml",
        satellites=EXAMPLES / "satellites.yaml",
        start=START,
        owners={"prk"},
    )
    assert owners.satellites == ("EXAMPLE-EO-PRK-1 (99001)",)
    first = owners.passes[0]
    assert repr(first).startswith("Pass('EXAMPLE-EO-PRK-1' over '")
    assert "UTC, max " in repr(first) and repr(first).endswith(", usable)")
