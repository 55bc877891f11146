"""Sensor constraints: when a pass is one the satellite's sensor can use.

A pass is the window in which a satellite is above a site's horizon mask (its minimum
elevation). Whether the sensor can use it is decided at culmination, the best geometry of the
pass (lowest off-nadir angle, steepest incidence):

* optical: off-nadir angle at most ``max_off_nadir`` and the Sun at least ``min_sun_elevation``
  above the target's horizon;
* SAR: the pass reaches the incidence band (it rises from the mask up to its maximum elevation,
  so it is usable when ``90° - max elevation`` is at most the band's upper edge and the band's
  lower edge is not steeper than the mask allows), looking to the allowed side of its track;
* SIGINT and untagged satellites: visible means usable.

The defaults below are deliberately on the side of warning too often: a unit that must not be
seen is better served by a pass flagged that turns out unusable than the reverse. A satellite
list or a site may change every value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from watchfloor.overflight.records import LookSide, Sensor

__all__ = [
    "DEFAULTS",
    "DEFAULT_MIN_ELEVATION",
    "OPTICAL_MAX_OFF_NADIR",
    "OPTICAL_MIN_SUN_ELEVATION",
    "SAR_INCIDENCE",
    "SAR_LOOK_SIDE",
    "SIGINT_MIN_ELEVATION",
    "Constraints",
    "Overrides",
    "parse_overrides",
    "resolve",
]

DEFAULT_MIN_ELEVATION = 10.0
"""Horizon mask in degrees. 10° is the usual mask of pass predictions and ground-station
planning: lower, the line of sight runs through terrain, buildings and the thickest atmosphere,
and a site in a valley should set its own (higher) mask."""

SIGINT_MIN_ELEVATION = 0.0
"""A signals-intelligence receiver hears an emitter whenever there is a line of sight, so its
mask is the geometric horizon."""

OPTICAL_MAX_OFF_NADIR = 45.0
"""Agile high-resolution imagers are tasked up to roughly 45° off-nadir. Geometry sets the
limit: across track the ground sample distance grows about as 1/cos² of the off-nadir angle,
so at 45° a 0.5 m imager sees at about 1 m, and beyond it resolution and parallax degrade fast."""

OPTICAL_MIN_SUN_ELEVATION = 10.0
"""Degrees of Sun above the target's horizon for an optical collection. Below about 10° the scene
is dark and dominated by long shadows; lower it to be warned of dusk and dawn passes as well."""

SAR_INCIDENCE = (20.0, 45.0)
"""Incidence band in degrees at the target. Spaceborne SAR images mostly within about 20–45°:
e.g. TerraSAR-X stripmap's full-performance range is 20–45°, Sentinel-1's Interferometric Wide
swath mode covers about 29–46° (ESA, Sentinel-1 User Handbook). Steeper, geometric distortion
(layover) dominates; shallower, the return is weak and the swath far from the track."""

SAR_LOOK_SIDE = LookSide.either
"""Sentinel-1 looks only to the right of its track, but many current SAR satellites (TerraSAR-X,
ICEYE, Capella) can be rolled to look either side; a list should say ``right`` or ``left`` for a
satellite known to be fixed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraints:
    """The constraints one satellite's sensor puts on a pass over one site (degrees)."""

    min_elevation: float = DEFAULT_MIN_ELEVATION
    max_off_nadir: float | None = None
    min_sun_elevation: float | None = None
    incidence: tuple[float, float] | None = None
    look_side: LookSide = LookSide.either


@dataclass(frozen=True, slots=True, kw_only=True)
class Overrides:
    """Values a satellite list entry or a site sets; ``None`` keeps what comes before."""

    min_elevation: float | None = None
    max_off_nadir: float | None = None
    min_sun_elevation: float | None = None
    incidence: tuple[float, float] | None = None
    look_side: LookSide | None = None


DEFAULTS: Mapping[Sensor, Constraints] = {
    Sensor.optical: Constraints(
        max_off_nadir=OPTICAL_MAX_OFF_NADIR, min_sun_elevation=OPTICAL_MIN_SUN_ELEVATION
    ),
    Sensor.sar: Constraints(incidence=SAR_INCIDENCE, look_side=SAR_LOOK_SIDE),
    Sensor.sigint: Constraints(min_elevation=SIGINT_MIN_ELEVATION),
    Sensor.unknown: Constraints(),
}


def resolve(sensor: Sensor, satellite: Overrides, site: Overrides) -> Constraints:
    """The constraints for one satellite over one site: the sensor's defaults, then the
    satellite list's values, then the site's.

    The horizon mask is the higher of the satellite's and the site's (terrain hides a satellite
    whatever its sensor). A site's other values replace the satellite's only where that sensor
    has such a constraint: a site's Sun limit applies to optical satellites, not to SAR."""
    out = DEFAULTS[sensor]
    changes = {f.name: getattr(satellite, f.name) for f in fields(satellite)}
    out = replace(out, **{k: v for k, v in changes.items() if v is not None})
    changes = {f.name: getattr(site, f.name) for f in fields(site)}
    changes = {k: v for k, v in changes.items() if v is not None}
    if "min_elevation" in changes:
        changes["min_elevation"] = max(changes["min_elevation"], out.min_elevation)
    if "look_side" in changes and out.incidence is None:
        del changes["look_side"]
    for key in ("max_off_nadir", "min_sun_elevation", "incidence"):
        if key in changes and getattr(out, key) is None:
            del changes[key]
    return replace(out, **changes)


_KEYS = ("min_elevation", "max_off_nadir", "min_sun_elevation", "incidence", "look_side")


def parse_overrides(data: Mapping[str, Any]) -> Overrides:
    """Constraint values from a mapping (a YAML ``constraints:`` block or CSV columns). Raises
    ``ValueError`` with a sentence naming the key and what to write."""
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise ValueError(f"unknown constraint {unknown[0]!r}: use {', '.join(_KEYS)}")

    def angle(key: str, low: float, high: float) -> float | None:
        raw = data.get(key)
        if raw is None or raw == "":
            return None
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{key} is {raw!r}: give a number of degrees") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(f"{key} is {raw!r}: give degrees between {low:g} and {high:g}")
        return value

    incidence = None
    raw = data.get("incidence")
    if raw not in (None, ""):
        parts = raw.replace(",", " ").split() if isinstance(raw, str) else raw
        try:
            low, high = (float(x) for x in parts)
        except (TypeError, ValueError):
            raise ValueError(
                f"incidence is {raw!r}: give the band as two angles, e.g. [20, 45]"
            ) from None
        if not 0.0 <= low < high < 90.0:
            raise ValueError(f"incidence is {raw!r}: the band must satisfy 0 ≤ low < high < 90")
        incidence = (low, high)
    side = None
    raw = data.get("look_side")
    if raw not in (None, ""):
        try:
            side = LookSide(str(raw).strip().lower())
        except ValueError:
            raise ValueError(f"look_side is {raw!r}: use left, right or either") from None
    return Overrides(
        min_elevation=angle("min_elevation", -5.0, 89.0),
        max_off_nadir=angle("max_off_nadir", 0.0, 90.0),
        min_sun_elevation=angle("min_sun_elevation", -90.0, 90.0),
        incidence=incidence,
        look_side=side,
    )
