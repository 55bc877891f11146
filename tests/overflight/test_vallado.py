"""SGP4 through our own code path (our TLE reader, ElementSet.satrec, SatrecArray propagation and
our Julian-date split) against Vallado's verification vectors, which ship inside the sgp4 wheel:
SGP4-VER.TLE (the element sets, with their time ranges after column 69 of line 2) and
tcppver.out (the reference C++ output: minutes since epoch, TEME position km and velocity km/s).
"""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pytest

from watchfloor.overflight.elements import parse_tle
from watchfloor.overflight.frames import julian_split
from watchfloor.overflight.propagate import propagate_teme

VER_TLE = (files("sgp4") / "SGP4-VER.TLE").read_text(encoding="ascii")
TCPPVER = (files("sgp4") / "tcppver.out").read_text(encoding="ascii")


def reference() -> list[tuple[str, list[list[float]]]]:
    """tcppver.out in file order: catalogue number and rows of (tsince, x, y, z, vx, vy, vz)."""
    out: list[tuple[str, list[list[float]]]] = []
    for line in TCPPVER.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[1] == "xx":
            out.append((fields[0], []))
        elif fields and out:
            out[-1][1].append([float(x) for x in fields[:7]])
    return out


def test_every_reference_vector_through_our_code_path() -> None:
    batch = parse_tle(VER_TLE, "SGP4-VER.TLE", check_checksums=False)
    expected = reference()
    assert len(expected) == 33  # 20413 appears twice, with two time ranges
    pending = list(batch.elements)
    compared = 0
    for number, rows in expected:
        if not pending or pending[0].catalog != number:
            # the only sets refused are those SGP4 itself flags at epoch (their reference
            # output is the epoch row alone), each named in a problem
            assert any(f"catalogue number {number}:" in p.message for p in batch.problems)
            assert len(rows) <= 1, number
            continue
        sat = pending.pop(0).satrec()
        data = np.array(rows)
        jd, fr = julian_split(sat.jdsatepoch, sat.jdsatepochF, data[:, 0] * 60.0)
        err, r, v = propagate_teme([sat], jd, fr)
        assert not err.any(), number
        np.testing.assert_allclose(r[0], data[:, 1:4], rtol=0, atol=2e-6, err_msg=number)
        np.testing.assert_allclose(v[0], data[:, 4:7], rtol=0, atol=2e-9, err_msg=number)
        compared += len(rows)
    assert not pending
    assert compared > 600


def test_satellites_whose_reference_output_stops_fail_where_it_stops() -> None:
    """tcppver.out ends a satellite's rows at its first SGP4 error (decay, bad eccentricity):
    our propagation reports the error at the next step it would print."""
    batch = parse_tle(VER_TLE, "SGP4-VER.TLE", check_checksums=False)
    pending = list(batch.elements)
    stops = 0
    for number, rows in reference():
        if not pending or pending[0].catalog != number:
            continue
        el = pending.pop(0)
        assert el.tle is not None
        _, stop, step = (float(x) for x in _range_of(el.tle[1]))
        if rows[-1][0] >= stop - 1e-6:
            continue
        sat = el.satrec()
        minutes = np.array([rows[-1][0] + step])
        jd, fr = julian_split(sat.jdsatepoch, sat.jdsatepochF, minutes * 60.0)
        err, _, _ = propagate_teme([sat], jd, fr)
        assert err[0, 0] != 0, number
        stops += 1
    assert stops >= 3


def _range_of(line2: str) -> list[str]:
    """The start, stop and step (minutes) Vallado's file writes after column 69 of line 2."""
    for line in VER_TLE.splitlines():
        if line.startswith(line2):
            return line[69:].split()
    raise AssertionError(line2)


def test_the_verification_file_bad_checksums_are_found_and_named() -> None:
    """Vallado's file carries three satellites whose lines fail their checksum on purpose; the
    default reader refuses exactly those, each with its catalogue number and line, and keeps
    every other element set."""
    strict = parse_tle(VER_TLE, "SGP4-VER.TLE")
    lenient = parse_tle(VER_TLE, "SGP4-VER.TLE", check_checksums=False)
    checksums = [p for p in strict.problems if "fails its checksum" in p.message]
    assert {p.subject for p in checksums} == {
        f"catalogue number {n}" for n in ("33333", "33334", "33335")
    }
    assert all(p.message.startswith("SGP4-VER.TLE:1") for p in checksums)  # file:line
    assert len(strict.elements) == len(lenient.elements) - 2  # 33334 SGP4 refuses anyway


@pytest.mark.parametrize("catalog", ["5", "4632", "8195", "28057"])
def test_alpha5_and_plain_catalogue_numbers_read_the_same(catalog: str) -> None:
    batch = parse_tle(VER_TLE, "SGP4-VER.TLE", check_checksums=False)
    assert catalog in {el.catalog for el in batch.elements}
