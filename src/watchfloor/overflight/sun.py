"""Where the Sun is, for the Sun's elevation at a target.

The Astronomical Almanac's low-precision formulas for the Sun (section C, "Low precision
formulas for the Sun's coordinates"): about 0.01° between 1950 and 2050, a thousandth of what an
imaging decision needs, and computed for millions of passes in microseconds without an ephemeris
file. The tests hold it to Skyfield with the JPL DE421 ephemeris.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from watchfloor.overflight.frames import gmst82

__all__ = ["sun_direction_ecef", "sun_elevation"]

Array = NDArray[np.float64]


def sun_direction_ecef(jd: Array, fr: Array) -> Array:
    """Unit vectors ``(..., 3)`` towards the Sun in the Earth-fixed frame at the given UT
    Julian dates (whole and fraction, as :func:`~watchfloor.overflight.frames.julian_split`)."""
    n = (np.asarray(jd) - 2451545.0) + np.asarray(fr)
    mean_longitude = np.radians(280.460 + 0.9856474 * n)
    anomaly = np.radians(357.528 + 0.9856003 * n)
    ecliptic = mean_longitude + np.radians(1.915 * np.sin(anomaly) + 0.020 * np.sin(2 * anomaly))
    obliquity = np.radians(23.439 - 0.0000004 * n)
    x = np.cos(ecliptic)
    y = np.cos(obliquity) * np.sin(ecliptic)
    z = np.sin(obliquity) * np.sin(ecliptic)
    theta = gmst82(jd, fr)
    c, s = np.cos(theta), np.sin(theta)
    return np.stack((c * x + s * y, -s * x + c * y, z), axis=-1)


def sun_elevation(jd: Array, fr: Array, up: Array) -> Array:
    """The Sun's elevation in degrees above the horizon whose up vectors are ``up``
    (broadcast against the dates); parallax (under 9 arcseconds) and refraction are ignored."""
    d = sun_direction_ecef(jd, fr)
    return np.asarray(np.degrees(np.arcsin(np.clip((d * up).sum(axis=-1), -1.0, 1.0))))
