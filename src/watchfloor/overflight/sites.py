"""Sites: named points and areas on the Earth, each with optional constraints of its own.

YAML (a list, or a mapping with a ``sites:`` list)::

    sites:
      - name: Seoul City Hall
        lat: 37.5663            # degrees, WGS84
        lon: 126.9779
        alt: 38                 # metres above the WGS84 ellipsoid (default 0)
        constraints: {min_elevation: 15}
      - name: Pyeongtaek port
        area: [[36.99, 126.80], [36.99, 126.86], [36.95, 126.86], [36.95, 126.80]]

or CSV with the columns ``name,lat,lon,alt`` and optionally ``area`` (``lat lon; lat lon; …``)
and the constraint names of :mod:`watchfloor.overflight.sensors`.

An area is computed as a set of points (its vertices, its centroid and an interior grid a few
kilometres apart); a satellite passes over the area while it passes over any of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.errors import SitesError
from watchfloor.overflight.listfiles import csv_items, yaml_items
from watchfloor.overflight.records import Problem
from watchfloor.overflight.sensors import Overrides, parse_overrides

__all__ = ["MAX_AREA_KM", "POLE_LATITUDE", "Site", "read_sites"]

MAX_AREA_KM = 500.0
"""The widest area accepted: beyond it a few sample points no longer stand for the area."""

POLE_LATITUDE = 89.99
"""Closer to a pole than this (about 1 km), north has no direction: azimuths are then measured
from the meridian of the longitude given, and the site gets a warning saying so."""

_AREA_POINTS = 25  # the interior grid holds about this many points
_KM_PER_DEG = 111.195  # on a sphere of the Earth's mean radius, for sampling only


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """A point (``area`` empty) or a polygon of (lat, lon) vertices; ``latitude`` and
    ``longitude`` are then the area's centroid. Degrees WGS84; ``altitude_m`` in metres."""

    name: str
    latitude: float
    longitude: float
    altitude_m: float = 0.0
    area: tuple[tuple[float, float], ...] = ()
    overrides: Overrides = field(default_factory=Overrides)
    origin: str = ""

    def points(self) -> tuple[tuple[float, float, float], ...]:
        """The (lat, lon, altitude in metres) points the site is computed at."""
        if not self.area:
            return ((self.latitude, self.longitude, self.altitude_m),)
        return tuple((lat, lon, self.altitude_m) for lat, lon in _area_points(self.area))

    def __repr__(self) -> str:
        kind = f"area of {len(self.area)} vertices" if self.area else "point"
        return f"Site({self.name!r}, {self.latitude:.4f}, {self.longitude:.4f}, {kind})"


def read_sites(path: str | Path) -> tuple[tuple[Site, ...], tuple[Problem, ...]]:
    """The sites of a YAML or CSV file (told apart by the extension ``.csv``). Raises
    :class:`SitesError` when the file cannot be read at all or names no usable site; a bad
    site is a problem and the others are kept."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SitesError(f"sites file {str(path)!r} not found: check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SitesError(f"sites file {str(path)!r} cannot be read as text: {exc}") from None
    if path.suffix.lower() == ".csv":
        items: list[tuple[int, Any]] = list(csv_items(text))
    else:
        items = yaml_items(text, str(path), "sites", SitesError)
    sites: list[Site] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for line, item in items:
        where = f"{path}:{line}"
        name = str(item.get("name") or "").strip() if isinstance(item, Mapping) else ""
        label = f"site {name!r}" if name else "a site"
        try:
            site = _site(item, name, where)
            if name in seen:
                raise ValueError("a site of that name comes earlier: give each site its own name")
        except ValueError as exc:
            problems.append(
                Problem(
                    severity="error",
                    subject=label,
                    message=f"{where}: {label}: {exc}; the site is left out",
                )
            )
            continue
        seen.add(name)
        sites.append(site)
        if abs(site.latitude) >= POLE_LATITUDE and not site.area:
            pole = "north" if site.latitude > 0 else "south"
            problems.append(
                Problem(
                    severity="warning",
                    subject=label,
                    message=f"{where}: {label} is at the {pole} pole (lat {site.latitude:g}): "
                    "north has no direction there, so its azimuths are measured from the "
                    f"meridian of the longitude given ({site.longitude:g}°); times and "
                    "elevations are unaffected",
                )
            )
    if not sites:
        raise SitesError(
            f"sites file {str(path)!r} names no usable site: "
            + ("; ".join(p.message for p in problems) or "it is empty")
        )
    return tuple(sites), tuple(problems)


def _site(item: Any, name: str, where: str) -> Site:
    if not isinstance(item, Mapping):
        raise ValueError("not a mapping: write name, lat and lon (or area) for each site")
    data = {str(k).strip().lower(): v for k, v in item.items() if k is not None}
    if not name:
        raise ValueError("has no name: give each site a name")
    altitude = _number(_first(data, "alt", "altitude", "alt_m"), "alt", default=0.0)
    if not -500.0 <= altitude <= 9000.0:
        raise ValueError(f"alt is {altitude:g}: give metres above the WGS84 ellipsoid")
    area_raw = _first(data, "area", "polygon")
    constraints = data.get("constraints") or {}
    if not isinstance(constraints, Mapping):
        raise ValueError("constraints must be a mapping, e.g. {min_elevation: 15}")
    known = {
        "name",
        "lat",
        "latitude",
        "lon",
        "longitude",
        "alt",
        "altitude",
        "alt_m",
        "area",
        "polygon",
        "constraints",
    }
    extra = {k: v for k, v in data.items() if k not in known}
    overrides = parse_overrides({**constraints, **extra})
    if area_raw not in (None, ""):
        area = _polygon(area_raw)
        lat, lon = _centroid(area)
        return Site(
            name=name,
            latitude=lat,
            longitude=lon,
            altitude_m=altitude,
            area=area,
            overrides=overrides,
            origin=where,
        )
    lat = _number(_first(data, "lat", "latitude"), "lat")
    lon = _number(_first(data, "lon", "longitude"), "lon")
    return Site(
        name=name,
        latitude=_latitude(lat),
        longitude=_longitude(lon),
        altitude_m=altitude,
        overrides=overrides,
        origin=where,
    )


def _first(data: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if data.get(key) not in (None, ""):
            return data[key]
    return None


def _number(raw: Any, what: str, default: float | None = None) -> float:
    if raw is None:
        if default is None:
            raise ValueError(f"has no {what}: give it in degrees (WGS84)")
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{what} is {raw!r}, not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} is {raw!r}, not a finite number")
    return value


def _latitude(value: float) -> float:
    if not -90.0 <= value <= 90.0:
        raise ValueError(f"lat is {value:g}: a latitude lies between -90 and 90 degrees")
    return value


def _longitude(value: float) -> float:
    if not -180.0 <= value <= 360.0:
        raise ValueError(f"lon is {value:g}: a longitude lies between -180 and 360 degrees")
    return value - 360.0 if value > 180.0 else value


def _polygon(raw: Any) -> tuple[tuple[float, float], ...]:
    if isinstance(raw, str):  # CSV: "lat lon; lat lon; ..."
        raw = [part.replace(",", " ").split() for part in raw.split(";") if part.strip()]
    if not isinstance(raw, list):
        raise ValueError("area must be a list of [lat, lon] vertices")
    vertices = []
    for vertex in raw:
        if not isinstance(vertex, list | tuple) or len(vertex) != 2:
            raise ValueError(f"area vertex {vertex!r} is not a [lat, lon] pair")
        lat = _latitude(_number(vertex[0], "an area latitude"))
        lon = _longitude(_number(vertex[1], "an area longitude"))
        vertices.append((lat, lon))
    if len(vertices) > 1 and vertices[0] == vertices[-1]:
        vertices.pop()  # a closed ring, as GeoJSON writes it
    if len(vertices) < 3:
        raise ValueError(f"area has {len(vertices)} vertices: a polygon needs at least 3")
    if any(abs(lat) > 89.0 for lat, _ in vertices):
        raise ValueError("area reaches within 1° of a pole: give points there instead")
    base = vertices[0][1]  # unwrap longitudes across the antimeridian
    vertices = [(lat, base + ((lon - base + 180.0) % 360.0) - 180.0) for lat, lon in vertices]
    lats = [v[0] for v in vertices]
    lons = [v[1] for v in vertices]
    mid = math.radians(sum(lats) / len(lats))
    span = max(
        (max(lats) - min(lats)) * _KM_PER_DEG,
        (max(lons) - min(lons)) * _KM_PER_DEG * math.cos(mid),
    )
    if span > MAX_AREA_KM:
        raise ValueError(
            f"area spans {span:.0f} km, more than {MAX_AREA_KM:.0f}: split it into smaller areas"
        )
    if _shoelace(vertices) == 0.0:
        raise ValueError("area has no surface: its vertices lie on one line")
    return tuple(vertices)


def _shoelace(vertices: list[tuple[float, float]] | tuple[tuple[float, float], ...]) -> float:
    n = len(vertices)
    return 0.5 * sum(
        vertices[i][1] * vertices[(i + 1) % n][0] - vertices[(i + 1) % n][1] * vertices[i][0]
        for i in range(n)
    )


def _centroid(vertices: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    a = _shoelace(vertices)
    n = len(vertices)
    cx = cy = 0.0
    for i in range(n):
        (y0, x0), (y1, x1) = vertices[i], vertices[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    lon = cx / (6.0 * a)
    return cy / (6.0 * a), (lon + 180.0) % 360.0 - 180.0


def _inside(lat: float, lon: float, vertices: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    n = len(vertices)
    for i in range(n):
        (y0, x0), (y1, x1) = vertices[i], vertices[(i + 1) % n]
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _area_points(vertices: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
    """Vertices, centroid and an interior grid of about ``_AREA_POINTS`` points."""
    lats = [v[0] for v in vertices]
    lons = [v[1] for v in vertices]
    clat, clon = _centroid(vertices)
    cos_lat = max(math.cos(math.radians(clat)), 1e-3)
    height = (max(lats) - min(lats)) * _KM_PER_DEG
    width = (max(lons) - min(lons)) * _KM_PER_DEG * cos_lat
    step = max(
        math.sqrt(max(abs(_shoelace(vertices)), 1e-12) * _KM_PER_DEG**2 * cos_lat / _AREA_POINTS),
        1.0,
    )
    points = [*vertices]
    if _inside(clat, clon if clon >= min(lons) else clon + 360.0, vertices):
        points.append((clat, clon))
    rows = max(1, round(height / step))
    cols = max(1, round(width / step))
    for i in range(rows):
        lat = min(lats) + (i + 0.5) * (max(lats) - min(lats)) / rows
        for j in range(cols):
            lon = min(lons) + (j + 0.5) * (max(lons) - min(lons)) / cols
            if _inside(lat, lon, vertices):
                points.append((lat, lon))
    return [(lat, (lon + 180.0) % 360.0 - 180.0) for lat, lon in points]
