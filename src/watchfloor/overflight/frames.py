"""Frames and time: Julian dates, TEME → Earth-fixed, geodetic sites and their local horizon.

SGP4 gives positions in TEME, the True Equator Mean Equinox frame of the date. It turns into the
Earth-fixed (pseudo-Earth-fixed, PEF) frame by one rotation about the pole through the Greenwich
Mean Sidereal Time of the IAU 1982 model, as AIAA 2006-6753 (Vallado et al., "Revisiting
Spacetrack Report #3", appendix C) prescribes and Skyfield's own pass search does. Two things
are left out: polar motion (under 15 m) and UT1 - UTC (under 0.9 s of Earth rotation, about
0.4 km at the equator; times here are UTC). For a low orbit they move a pass by a few hundredths
of a second; for a high satellite whose elevation barely changes near apogee, by up to a few
seconds, still far inside the margin its element age earns it."""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "EARTH_ROTATION",
    "WGS84_A",
    "WGS84_F",
    "gmst82",
    "julian",
    "julian_split",
    "site_frames",
    "teme_to_ecef",
]

Array = NDArray[np.float64]

WGS84_A = 6378.137  # km, equatorial radius of the WGS84 ellipsoid
WGS84_F = 1.0 / 298.257223563  # flattening of WGS84
EARTH_ROTATION = 7.292115146706979e-5  # rad/s, as in Vallado's SGP4 code (teme2ecef)
_UNIX_JD = 2440587.5  # Julian date of 1970-01-01 00:00 UTC


def julian(moment: dt.datetime) -> tuple[float, float]:
    """The Julian date of a tz-aware moment as (JD of the preceding midnight, day fraction),
    the split SGP4 takes to keep microseconds."""
    moment = moment.astimezone(dt.UTC)
    days = (moment.date() - dt.date(1970, 1, 1)).days
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return _UNIX_JD + days, seconds / 86400.0


def julian_split(jd0: float, fr0: float, seconds: Array) -> tuple[Array, Array]:
    """Julian dates ``seconds`` after (jd0, fr0), split again into whole and fraction."""
    total = fr0 + np.asarray(seconds, dtype=np.float64) / 86400.0
    whole = np.floor(total)
    return jd0 + whole, total - whole


def gmst82(jd: Array, fr: Array) -> Array:
    """Greenwich Mean Sidereal Time (IAU 1982) in radians, from UT (Vallado's ``gstime``)."""
    t = ((np.asarray(jd) - 2451545.0) + np.asarray(fr)) / 36525.0
    seconds = (
        -6.2e-6 * t**3 + 0.093104 * t**2 + (876600.0 * 3600.0 + 8640184.812866) * t + 67310.54841
    )
    return np.asarray(np.mod(np.radians(seconds / 240.0), 2.0 * np.pi), dtype=np.float64)


def teme_to_ecef(r: Array, v: Array, theta: Array) -> tuple[Array, Array]:
    """Rotate TEME position and velocity (``(..., 3)``, km and km/s) by the sidereal angle
    ``theta`` (broadcast over the leading axes) into the Earth-fixed frame; the velocity becomes
    the velocity relative to the rotating Earth."""
    c, s = np.cos(theta), np.sin(theta)
    x = c * r[..., 0] + s * r[..., 1]
    y = -s * r[..., 0] + c * r[..., 1]
    vx = c * v[..., 0] + s * v[..., 1] + EARTH_ROTATION * y
    vy = -s * v[..., 0] + c * v[..., 1] - EARTH_ROTATION * x
    return np.stack((x, y, r[..., 2]), axis=-1), np.stack((vx, vy, v[..., 2]), axis=-1)


def site_frames(lat_deg: Array, lon_deg: Array, alt_m: Array) -> tuple[Array, Array, Array, Array]:
    """For WGS84 geodetic points: Earth-fixed positions (km) and the east, north and up unit
    vectors of their local horizon, each ``(P, 3)``. Elevations are measured from the plane
    normal to the ellipsoid, as a surveyor's (and Skyfield's) are."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    h = np.asarray(alt_m, dtype=np.float64) / 1000.0
    e2 = WGS84_F * (2.0 - WGS84_F)
    sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
    n = WGS84_A / np.sqrt(1.0 - e2 * sl**2)
    position = np.stack(((n + h) * cl * co, (n + h) * cl * so, (n * (1.0 - e2) + h) * sl), axis=-1)
    east = np.stack((-so, co, np.zeros_like(so)), axis=-1)
    north = np.stack((-sl * co, -sl * so, cl), axis=-1)
    up = np.stack((cl * co, cl * so, sl), axis=-1)
    return position, east, north, up
