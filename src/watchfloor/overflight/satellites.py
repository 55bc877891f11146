"""The satellite list: who owns each satellite and what it senses, and its own constraints.

YAML (a list, or a mapping with a ``satellites:`` list)::

    satellites:
      - catalog: 99001          # NORAD number; or `name:` alone to match by name
        name: EXAMPLE-EO-1
        owner: PRK              # ISO 3166-1 alpha-3, or an organisation code
        sensor: optical         # optical, sar or sigint
        constraints: {max_off_nadir: 30}

or CSV with the columns ``catalog,name,owner,sensor`` and, optionally, the constraint names of
:mod:`watchfloor.overflight.sensors` (``incidence`` as ``20 45``). A satellite whose elements are
loaded but that no entry names is computed with sensor ``unknown`` (visible means usable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.errors import ElementsError
from watchfloor.overflight.elements import ElementSet
from watchfloor.overflight.listfiles import csv_items, yaml_items
from watchfloor.overflight.records import Problem, Sensor
from watchfloor.overflight.sensors import Overrides, parse_overrides

__all__ = ["Satellite", "SatelliteEntry", "read_satellite_list", "tag_satellites"]

_OWNER = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_SENSORS = ", ".join(s.value for s in Sensor if s is not Sensor.unknown)


@dataclass(frozen=True, slots=True, kw_only=True)
class SatelliteEntry:
    """One entry of a satellite list; it matches element sets by ``catalog``, else by ``name``."""

    catalog: str | None
    name: str | None
    owner: str | None
    sensor: Sensor
    overrides: Overrides
    origin: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Satellite:
    """An element set with what the list says about the satellite."""

    elements: ElementSet
    owner: str | None = None
    sensor: Sensor = Sensor.unknown
    overrides: Overrides = field(default_factory=Overrides)

    @property
    def name(self) -> str:
        return self.elements.name

    @property
    def catalog(self) -> str:
        return self.elements.catalog

    def __repr__(self) -> str:
        return f"Satellite({self.elements.label}, {self.owner or '?'}, {self.sensor.value})"


def read_satellite_list(path: str | Path) -> tuple[tuple[SatelliteEntry, ...], tuple[Problem, ...]]:
    """The entries of a satellite list file (YAML or CSV, told apart by the extension ``.csv``).
    Raises :class:`ElementsError` when the file cannot be read at all; a bad entry is a
    problem and the others are kept."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ElementsError(f"satellite list {str(path)!r} not found: check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ElementsError(f"satellite list {str(path)!r} cannot be read as text: {exc}") from None
    if path.suffix.lower() == ".csv":
        items = csv_items(text)
    else:
        items = yaml_items(text, str(path), "satellites", ElementsError)
    entries: list[SatelliteEntry] = []
    problems: list[Problem] = []
    for line, item in items:
        where = f"{path}:{line}"
        try:
            entries.append(_entry(item, where))
        except ValueError as exc:
            label = _label(item)
            problems.append(
                Problem(severity="error", subject=label, message=f"{where}: {label}: {exc}")
            )
    return tuple(entries), tuple(problems)


def _label(item: Any) -> str:
    if isinstance(item, dict):
        name, number = item.get("name"), item.get("catalog")
        if name or number:
            return f"satellite {name or ''}{f' ({number})' if number else ''}".replace("  ", " ")
    return "a satellite list entry"


def _entry(item: Any, where: str) -> SatelliteEntry:
    if not isinstance(item, dict):
        raise ValueError("not a mapping: write catalog, name, owner and sensor for each satellite")
    item = {str(k).strip().lower(): v for k, v in item.items() if k is not None}
    catalog = str(item.pop("catalog", "") or "").strip() or None
    name = str(item.pop("name", "") or "").strip() or None
    if catalog is not None and not catalog.isdigit():
        raise ValueError(f"catalog {catalog!r} is not a NORAD catalogue number")
    if catalog is None and name is None:
        raise ValueError("names no satellite: give its catalog number or its name")
    owner = str(item.pop("owner", "") or "").strip().upper() or None
    if owner is not None and not _OWNER.fullmatch(owner):
        raise ValueError(
            f"owner {owner!r} is not a country or organisation code: use ISO 3166-1 alpha-3 "
            "(PRK, RUS, CHN…) or a code such as ESA"
        )
    raw_sensor = str(item.pop("sensor", "") or "").strip().lower()
    try:
        sensor = Sensor(raw_sensor) if raw_sensor else Sensor.unknown
    except ValueError:
        raise ValueError(f"sensor {raw_sensor!r} is unknown: use {_SENSORS}") from None
    constraints = item.pop("constraints", None) or {}
    if not isinstance(constraints, dict):
        raise ValueError("constraints must be a mapping, e.g. {max_off_nadir: 30}")
    constraints = {**constraints, **{k: v for k, v in item.items() if v not in (None, "")}}
    return SatelliteEntry(
        catalog=str(int(catalog)) if catalog else None,
        name=name,
        owner=owner,
        sensor=sensor,
        overrides=parse_overrides(constraints),
        origin=where,
    )


def tag_satellites(
    elements: Iterable[ElementSet], entries: Sequence[SatelliteEntry]
) -> tuple[list[Satellite], list[Problem]]:
    """Join element sets with list entries (by catalogue number, else by name, ignoring case).
    An entry that matches no element set is a warning: that satellite is not computed."""
    by_catalog = {e.catalog: e for e in entries if e.catalog}
    by_name = {e.name.casefold(): e for e in entries if e.name and not e.catalog}
    used: set[str] = set()
    satellites = []
    for el in elements:
        entry = by_catalog.get(el.catalog) or by_name.get(el.name.casefold())
        if entry is None:
            satellites.append(Satellite(elements=el))
            continue
        used.add(entry.origin)
        satellites.append(
            Satellite(
                elements=el, owner=entry.owner, sensor=entry.sensor, overrides=entry.overrides
            )
        )
    problems = [
        Problem(
            severity="warning",
            subject=_entry_label(e),
            message=f"{e.origin}: {_entry_label(e)} is listed but no element file holds it: it is "
            "not computed; add its elements",
        )
        for e in entries
        if e.origin not in used
    ]
    return satellites, problems


def _entry_label(e: SatelliteEntry) -> str:
    if e.name and e.catalog:
        return f"satellite {e.name} ({e.catalog})"
    return f"satellite {e.name or e.catalog}"
