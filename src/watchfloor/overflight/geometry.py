"""What a pass looks like at culmination, and whether a sensor can use it (vectorised).

* elevation and azimuth: in the site's local horizon (ellipsoid normal; azimuth from north
  through east);
* off-nadir angle: at the satellite, between the direction to the Earth's centre and the
  direction to the site (geocentric nadir; the geodetic one differs by under 0.2°);
* incidence: at the site, between the line of sight and the local vertical, ``90° - elevation``;
* look side: the side of the satellite's ground track the site lies on, seen along the
  direction of flight relative to the Earth (one side for a whole pass);
* Sun elevation at the site (:mod:`~watchfloor.overflight.sun`); sunlit when above 0°.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from watchfloor.overflight.frames import julian_split
from watchfloor.overflight.sun import sun_elevation

__all__ = ["ConstraintArrays", "Geometry", "describe", "usable", "why_not"]

Array = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Geometry:
    """Per pass, at culmination: degrees, km, km/s."""

    elevation: Array
    azimuth: Array
    off_nadir: Array
    range_km: Array
    look_right: Bools
    speed: Array
    sun_elevation: Array


@dataclass(frozen=True, slots=True)
class ConstraintArrays:
    """Per pass, the constraints that apply (NaN where none): degrees; ``look`` is 0 for
    either side, 1 for left, 2 for right."""

    min_elevation: Array
    max_off_nadir: Array
    min_sun_elevation: Array
    incidence_low: Array
    incidence_high: Array
    look: NDArray[np.int8]


def describe(
    *,
    r: Array,
    v: Array,
    site: Array,
    east: Array,
    north: Array,
    up: Array,
    jd0: float,
    fr0: float,
    culmination: Array,
) -> Geometry:
    """The geometry of passes whose culmination states are ``r``, ``v`` (Earth-fixed) over the
    sites ``site`` (one row per pass, with that site's horizon vectors)."""
    rho = r - site
    rng = np.linalg.norm(rho, axis=1)
    e, n, u = (np.einsum("ij,ij->i", rho, x) for x in (east, north, up))
    elevation = np.degrees(np.arcsin(np.clip(u / rng, -1.0, 1.0)))
    azimuth = np.mod(np.degrees(np.arctan2(e, n)), 360.0)
    cos_nadir = np.einsum("ij,ij->i", r, rho) / (np.linalg.norm(r, axis=1) * rng)
    off_nadir = np.degrees(np.arccos(np.clip(cos_nadir, -1.0, 1.0)))
    right = np.cross(v, r)  # v × r points to the right of the track
    look_right = np.einsum("ij,ij->i", -rho, right) > 0.0
    jd, fr = julian_split(jd0, fr0, culmination)
    return Geometry(
        elevation=elevation,
        azimuth=azimuth,
        off_nadir=off_nadir,
        range_km=rng,
        look_right=look_right,
        speed=np.linalg.norm(v, axis=1),
        sun_elevation=sun_elevation(jd, fr, up),
    )


def usable(g: Geometry, c: ConstraintArrays) -> Bools:
    """Whether each pass meets its constraints (a NaN constraint does not apply)."""
    with np.errstate(invalid="ignore"):
        ok = ~(g.off_nadir > c.max_off_nadir)
        ok &= ~(g.sun_elevation < c.min_sun_elevation)
        ok &= ~(
            (90.0 - g.elevation > c.incidence_high) | (90.0 - c.min_elevation < c.incidence_low)
        )
        side = np.where(g.look_right, 2, 1)
        ok &= ~(np.isfinite(c.incidence_low) & (c.look != 0) & (side != c.look))
    return np.asarray(ok)


def why_not(g: Geometry, c: ConstraintArrays, i: int) -> tuple[str, ...]:
    """The constraints pass ``i`` fails, as short phrases (empty for a usable pass)."""
    out = []
    if g.off_nadir[i] > c.max_off_nadir[i]:
        out.append(f"off-nadir {g.off_nadir[i]:.0f}° > {c.max_off_nadir[i]:.0f}°")
    if g.sun_elevation[i] < c.min_sun_elevation[i]:
        out.append(f"Sun at {g.sun_elevation[i]:.0f}° < {c.min_sun_elevation[i]:.0f}°")
    steepest, shallowest = 90.0 - g.elevation[i], 90.0 - c.min_elevation[i]
    if steepest > c.incidence_high[i] or shallowest < c.incidence_low[i]:
        out.append(
            f"incidence {steepest:.0f}°–{shallowest:.0f}° misses "
            f"{c.incidence_low[i]:.0f}°–{c.incidence_high[i]:.0f}°"
        )
    side = 2 if g.look_right[i] else 1
    if np.isfinite(c.incidence_low[i]) and c.look[i] not in (0, side):
        out.append(f"looks {'right' if side == 2 else 'left'}, the sensor the other way")
    return tuple(out)
