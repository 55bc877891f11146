"""Constructed element sets for the overflight tests: realistic orbits of each kind, built with
sgp4's own initialiser and written out as TLE lines with correct checksums."""

from __future__ import annotations

import datetime as dt
import math

from sgp4 import exporter
from sgp4.api import WGS72, Satrec

EPOCH = dt.datetime(2024, 11, 1, 6, 0, tzinfo=dt.UTC)
_ORIGIN = dt.datetime(1949, 12, 31, tzinfo=dt.UTC)
_XPDOTP = 1440.0 / (2.0 * math.pi)

# name: (catalogue, inclination, RAAN, eccentricity, arg. of perigee, mean anomaly, rev/day, BSTAR)
ORBITS = {
    "LEO-IMAGER": (91001, 97.45, 10.0, 0.0011, 90.0, 270.0, 15.22, 3e-4),
    "SSO-700": (91002, 98.19, 200.0, 0.0012, 70.0, 100.0, 14.57, 1e-4),
    "ISS-LIKE": (91003, 51.64, 120.0, 0.0005, 80.0, 20.0, 15.50, 3e-4),
    "MOLNIYA": (91004, 63.40, 280.0, 0.7200, 270.0, 20.0, 2.0061, 1e-4),
    "LEO-INCLINED": (91005, 70.00, 300.0, 0.0020, 10.0, 200.0, 14.90, 2e-4),
    "MOLNIYA-2": (91006, 62.80, 40.0, 0.7300, 275.0, 180.0, 2.0058, 1e-4),
}


def satrec(name: str, epoch: dt.datetime = EPOCH, **changes: float) -> Satrec:
    number, incl, raan, ecc, argp, ma, n, bstar = ORBITS[name]
    values = {"incl": incl, "raan": raan, "ecc": ecc, "argp": argp, "ma": ma, "n": n,
              "bstar": bstar, **changes}  # fmt: skip
    sat = Satrec()
    sat.sgp4init(
        WGS72, "i", number, (epoch - _ORIGIN) / dt.timedelta(days=1), values["bstar"], 0.0, 0.0,
        values["ecc"], math.radians(values["argp"]), math.radians(values["incl"]),
        math.radians(values["ma"]), values["n"] / _XPDOTP, math.radians(values["raan"]),
    )  # fmt: skip
    sat.classification = "U"
    sat.intldesg = "24001A"
    return sat


def tle(name: str, epoch: dt.datetime = EPOCH, **changes: float) -> str:
    """Three-line element text for one constructed orbit."""
    line1, line2 = exporter.export_tle(satrec(name, epoch, **changes))
    return f"{name}\n{line1}\n{line2}\n"


def catalogue(*names: str, epoch: dt.datetime = EPOCH) -> str:
    return "".join(tle(n, epoch) for n in (names or tuple(ORBITS)))
