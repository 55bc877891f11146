"""Reading elements (TLE, 3LE, OMM JSON/CSV/XML), satellite lists and sites; every bad input is
one problem naming the file, the line or record, and the satellite or site, and the rest is
still read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pytest

from tests.overflight.orbits import tle
from watchfloor.errors import ElementsError, SitesError
from watchfloor.overflight import (
    ElementSet,
    Overrides,
    Sensor,
    Site,
    parse_elements,
    read_elements,
    read_satellite_list,
    read_sites,
    tag_satellites,
)
from watchfloor.overflight.elements import tle_checksum
from watchfloor.overflight.frames import julian
from watchfloor.overflight.propagate import propagate_teme
from watchfloor.overflight.records import LookSide
from watchfloor.overflight.sensors import DEFAULTS, resolve

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "overflight"


def _fix(line: str) -> str:
    """A TLE line with its checksum made right again after an edit."""
    return line[:68] + str(tle_checksum(line))


def test_two_and_three_line_sets_read_alike() -> None:
    three = tle("LEO-IMAGER") + tle("MOLNIYA")
    two = "\n".join(line for line in three.splitlines() if line[:2] in ("1 ", "2 "))
    a, b = parse_elements(three, "three.tle"), parse_elements(two, "two.tle")
    assert [e.name for e in a.elements] == ["LEO-IMAGER", "MOLNIYA"]
    assert [e.name for e in b.elements] == ["CATALOG 91001", "CATALOG 91004"]
    assert [e.catalog for e in a.elements] == [e.catalog for e in b.elements]
    assert not a.problems and not b.problems
    assert a.elements[0].epoch == dt.datetime(2024, 11, 1, 6, 0, tzinfo=dt.UTC)
    assert a.elements[0].origin == "three.tle:2"


def test_space_track_style_name_lines_and_alpha5() -> None:
    text = tle("LEO-IMAGER").replace("LEO-IMAGER", "0 LEO-IMAGER")
    lines = text.splitlines()
    lines[1] = _fix(lines[1][:2] + "A1234" + lines[1][7:])
    lines[2] = _fix(lines[2][:2] + "A1234" + lines[2][7:])
    (el,) = parse_elements("\n".join(lines), "x.tle").elements
    assert (el.name, el.catalog) == ("LEO-IMAGER", "101234")


def test_the_example_catalogue_is_the_same_in_tle_json_and_xml() -> None:
    """The three example files hold the same orbits: SGP4 started from the TLE lines and from
    the OMM fields gives the same positions over two days (within a metre)."""
    tle_sets = {e.catalog: e for e in read_elements(EXAMPLES / "catalog.tle").elements}
    for name in ("catalog.json", "catalog.xml"):
        batch = read_elements(EXAMPLES / name)
        assert not batch.problems
        omm = {e.catalog: e for e in batch.elements}
        assert set(omm) == set(tle_sets) | {"400123"}  # a number no TLE can hold
        jd, fr = julian(dt.datetime(2024, 11, 1, tzinfo=dt.UTC))
        times = fr + np.arange(0, 2 * 86400, 3600.0) / 86400.0
        for number, el in tle_sets.items():
            _, r1, _ = propagate_teme([el.satrec()], np.full(times.size, jd), times)
            _, r2, _ = propagate_teme([omm[number].satrec()], np.full(times.size, jd), times)
            # a TLE writes the epoch to 1e-8 day (0.9 ms) and the mean motion to 1e-8 rev/day
            assert np.max(np.linalg.norm(r1 - r2, axis=-1)) < 0.01, number


def test_omm_csv_reads_like_json() -> None:
    records = json.loads((EXAMPLES / "catalog.json").read_text(encoding="utf-8"))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    writer.writerows(records)
    batch = parse_elements(out.getvalue(), "catalog.csv")
    assert not batch.problems
    assert [e.label for e in batch.elements] == [
        e.label for e in read_elements(EXAMPLES / "catalog.json").elements
    ]
    assert batch.elements[1].origin == "catalog.csv:3"


# -- bad element sets ------------------------------------------------------------------------


def test_a_bad_checksum_names_the_satellite_and_line_and_the_rest_is_read() -> None:
    good = tle("LEO-IMAGER") + tle("SSO-700")
    lines = tle("ISS-LIKE").splitlines()
    lines[2] = lines[2][:20] + ("1" if lines[2][20] != "1" else "2") + lines[2][21:]
    batch = parse_elements(good + "\n".join(lines) + "\n", "cat.tle")
    assert [e.name for e in batch.elements] == ["LEO-IMAGER", "SSO-700"]
    (problem,) = batch.problems
    assert problem.severity == "error" and problem.subject == "ISS-LIKE"
    assert problem.message.startswith("cat.tle:9: line 2 of ISS-LIKE fails its checksum")
    assert "fetch the element set again" in problem.message


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda ls: [ls[0], ls[1][:60], ls[2]], "line 1 of BROKEN is 60 characters long"),
        (lambda ls: [ls[0], ls[1]], "line 1 of BROKEN has no line 2 after it"),
        (lambda ls: [ls[0], ls[2]], "line 2 of BROKEN has no line 1 before it"),
        (
            lambda ls: [ls[0], ls[1], _fix(ls[2][:26] + "O0O5OOO" + ls[2][33:])],
            "the eccentricity (columns 27–33 of line 2) of BROKEN is 'O0O5OOO', not a number",
        ),
        (
            lambda ls: [ls[0], ls[1], _fix(ls[2][:2] + "12345" + ls[2][7:])],
            "line 2 of BROKEN is for catalogue number 12345, line 1 for 91003",
        ),
    ],
)
def test_a_broken_set_is_one_problem_naming_it(damage, expected: str) -> None:  # type: ignore[no-untyped-def]
    lines = tle("ISS-LIKE").replace("ISS-LIKE", "BROKEN").splitlines()
    text = tle("LEO-IMAGER") + "\n".join(damage(lines)) + "\n" + tle("MOLNIYA")
    batch = parse_elements(text, "cat.tle")
    assert [e.name for e in batch.elements] == ["LEO-IMAGER", "MOLNIYA"]
    (problem,) = batch.problems
    assert problem.subject == "BROKEN"
    assert expected in problem.message, problem.message
    assert problem.message.startswith("cat.tle:")


def test_omm_with_missing_fields_names_the_object_and_the_fields() -> None:
    records = json.loads((EXAMPLES / "catalog.json").read_text(encoding="utf-8"))
    del records[2]["MEAN_MOTION"]
    records[2]["BSTAR"] = ""
    del records[4]["NORAD_CAT_ID"]
    batch = parse_elements(json.dumps(records), "cat.json")
    assert len(batch.elements) == len(records) - 2
    first, second = batch.problems
    assert first.subject == "EXAMPLE-SAR-RUS-1 (99003)"
    assert first.message == (
        "cat.json record 3: EXAMPLE-SAR-RUS-1 (99003): missing MEAN_MOTION, BSTAR: SGP4 needs "
        "every mean element; fetch the complete OMM record"
    )
    assert second.subject == "EXAMPLE-SIGINT-RUS-1" and "missing NORAD_CAT_ID" in second.message


def test_omm_xml_with_a_missing_field_and_non_sgp4_elements() -> None:
    xml = (EXAMPLES / "catalog.xml").read_text(encoding="utf-8")
    xml = xml.replace("<ECCENTRICITY>0.0004</ECCENTRICITY>", "", 1)
    xml = xml.replace("<EPHEMERIS_TYPE>0</EPHEMERIS_TYPE>", "<EPHEMERIS_TYPE>4</EPHEMERIS_TYPE>", 1)
    batch = parse_elements(xml, "cat.xml")
    assert len(batch.elements) == 6
    messages = sorted(p.message for p in batch.problems)
    assert messages[0].startswith("cat.xml segment 1: EXAMPLE-EO-PRK-1 (99001): MEAN_ELEMENT")
    assert "not SGP4 elements" in messages[0]
    assert messages[1].startswith("cat.xml segment 3: EXAMPLE-SAR-RUS-1 (99003): missing ECC")


def test_files_that_cannot_be_read_at_all_raise_one_error(tmp_path: Path) -> None:
    with pytest.raises(ElementsError, match=r"element file '.*nope\.tle' not found"):
        read_elements(tmp_path / "nope.tle")
    (tmp_path / "bad.json").write_text("[{,]", encoding="utf-8")
    with pytest.raises(ElementsError, match=r"not valid JSON \(line 1, column 3"):
        read_elements(tmp_path / "bad.json")
    (tmp_path / "empty.tle").write_text("# nothing\n\n", encoding="utf-8")
    with pytest.raises(ElementsError, match="holds no element sets"):
        read_elements(tmp_path / "empty.tle")


# -- satellite lists -------------------------------------------------------------------------


def test_the_satellite_list_tags_by_number_or_name(tmp_path: Path) -> None:
    listing = tmp_path / "sats.yaml"
    listing.write_text(
        "satellites:\n"
        "  - catalog: 91001\n    owner: prk\n    sensor: Optical\n"
        "    constraints: {max_off_nadir: 30}\n"
        "  - name: molniya\n    owner: RUS\n    sensor: sigint\n"
        "  - catalog: 91003\n    owner: RUS\n    sensor: radar\n"
        "  - catalog: 99999\n    owner: CHN\n    sensor: sar\n",
        encoding="utf-8",
    )
    entries, problems = read_satellite_list(listing)
    (bad,) = problems
    assert bad.message == (
        f"{listing}:9: satellite (91003): sensor 'radar' is unknown: use optical, sar, sigint"
    )
    sets = parse_elements(tle("LEO-IMAGER") + tle("MOLNIYA") + tle("SSO-700"), "c.tle").elements
    sats, warnings = tag_satellites(sets, entries)
    assert [(s.name, s.owner, s.sensor) for s in sats] == [
        ("LEO-IMAGER", "PRK", Sensor.optical),
        ("MOLNIYA", "RUS", Sensor.sigint),
        ("SSO-700", None, Sensor.unknown),
    ]
    assert sats[0].overrides.max_off_nadir == 30.0
    (missing,) = warnings
    assert missing.severity == "warning" and "satellite 99999 is listed but no element" in str(
        missing
    )


# -- sites -----------------------------------------------------------------------------------


def test_sites_yaml_points_areas_and_constraints() -> None:
    sites, problems = read_sites(EXAMPLES / "sites.yaml")
    assert not problems
    names = [s.name for s in sites]
    assert names[0] == "Seoul City Hall" and "Pyeongtaek Port area" in names
    gangneung = sites[names.index("Gangneung City Hall")]
    assert gangneung.overrides.min_elevation == 15.0
    area = sites[names.index("Pyeongtaek Port area")]
    points = area.points()
    assert len(area.area) == 4 and 6 <= len(points) <= 40
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    assert (
        min(lats) >= 36.95 and max(lats) <= 36.985 and 126.815 <= min(lons) <= max(lons) <= 126.87
    )
    assert 36.95 < area.latitude < 36.985 and 126.815 < area.longitude < 126.87


def test_sites_csv_with_an_area_column(tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_text(
        "name,lat,lon,alt,min_elevation,area\n"
        "Seoul,37.5663,126.9779,38,15,\n"
        "Port,,,5,,36.985 126.815; 36.985 126.87; 36.955 126.87\n",
        encoding="utf-8",
    )
    (seoul, port), problems = read_sites(path)
    assert not problems
    assert seoul.overrides.min_elevation == 15.0 and seoul.altitude_m == 38.0
    assert len(port.area) == 3 and port.altitude_m == 5.0


def test_bad_sites_are_named_and_left_out_a_pole_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(
        "sites:\n"
        "  - {name: South Pole, lat: -90, lon: 0}\n"
        "  - {name: Nowhere, lat: 91, lon: 0}\n"
        "  - {name: Seoul, lat: 37.57, lon: 126.98, alt: 38000}\n"
        "  - {name: Busan, lat: 35.18, lon: 129.08, constraints: {incidence: [50, 20]}}\n"
        "  - {name: Tiny, area: [[37.0, 127.0], [37.1, 127.0]]}\n"
        "  - {name: Huge, area: [[30, 120], [40, 120], [40, 130]]}\n"
        "  - {name: Daejeon, lat: 36.35, lon: 127.38}\n"
        "  - {name: Daejeon, lat: 36.35, lon: 127.38}\n",
        encoding="utf-8",
    )
    sites, problems = read_sites(path)
    assert [s.name for s in sites] == ["South Pole", "Daejeon"]
    (pole,) = [p for p in problems if p.severity == "warning"]
    assert pole.subject == "site 'South Pole'" and pole.message.startswith(f"{path}:2: ")
    assert "north has no direction there" in pole.message
    messages = [p.message for p in problems if p.severity == "error"]
    assert messages[0].startswith(f"{path}:3: site 'Nowhere': lat is 91: a latitude lies between")
    assert "alt is 38000: give metres above the WGS84 ellipsoid" in messages[1]
    assert "incidence is [50, 20]: the band must satisfy" in messages[2]
    assert "area has 2 vertices: a polygon needs at least 3" in messages[3]
    assert "area spans 1112 km, more than 500: split it" in messages[4]
    assert "a site of that name comes earlier" in messages[5]
    assert all(m.endswith("the site is left out") for m in messages)


def test_a_sites_file_with_nothing_usable_raises(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("sites:\n  - {name: X, lat: 100, lon: 0}\n", encoding="utf-8")
    with pytest.raises(SitesError, match=r"names no usable site: .*lat is 100"):
        read_sites(path)
    path.write_text("sites: [\n", encoding="utf-8")
    with pytest.raises(SitesError, match="is not valid YAML at line 2"):
        read_sites(path)


# -- constraints -----------------------------------------------------------------------------


def test_constraints_resolve_sensor_then_satellite_then_site() -> None:
    optical = resolve(Sensor.optical, Overrides(max_off_nadir=30.0), Overrides())
    assert (optical.max_off_nadir, optical.min_sun_elevation) == (30.0, 10.0)
    masked = resolve(Sensor.optical, Overrides(min_elevation=20.0), Overrides(min_elevation=15.0))
    assert masked.min_elevation == 20.0  # the higher mask wins
    masked = resolve(Sensor.sigint, Overrides(), Overrides(min_elevation=15.0))
    assert masked.min_elevation == 15.0
    sar = resolve(
        Sensor.sar, Overrides(), Overrides(min_sun_elevation=5.0, look_side=LookSide.left)
    )
    assert sar.min_sun_elevation is None and sar.look_side is LookSide.left
    assert DEFAULTS[Sensor.sar].incidence == (20.0, 45.0)


def test_records_have_readable_reprs() -> None:
    el = parse_elements(tle("LEO-IMAGER"), "c.tle").elements[0]
    assert isinstance(el, ElementSet)
    assert repr(el) == "ElementSet(LEO-IMAGER (91001), epoch 2024-11-01T06:00:00Z, c.tle:2)"
    site = Site(name="Seoul", latitude=37.5663, longitude=126.9779)
    assert repr(site) == "Site('Seoul', 37.5663, 126.9779, point)"
