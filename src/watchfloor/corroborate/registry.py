"""The source registry: the reliability (A–F) a user gives to named claimants.

The bundled registry (``data/sources.yaml``) grades nobody; a user's registry file has the same
shape and is read on top of it. Entries match a claimant by name or alias (case-insensitive) and,
when the entry gives one, by country. Analysts' grades kept in the ledger (``edits``, by claimant
key) come on top of both: the newest edit of a claimant is its entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from watchfloor.errors import CorroborateError
from watchfloor.extraction.datafiles import parse_yaml_mapping, read_yaml_mapping
from watchfloor.records import RELIABILITY, Claimant, SourceEdit

__all__ = ["Registry", "RegistryEntry", "load_registry", "registry_from_text"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryEntry:
    name: str
    reliability: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None
    edit: SourceEdit | None = None
    """Set when the entry is an analyst's grade kept in the ledger rather than a registry's."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Registry:
    """Registry entries, and where they were read from (shown in grade reasons)."""

    entries: tuple[RegistryEntry, ...]
    origin: str
    text: str | None = None
    """The user's registry file as read (``None`` for the bundled registry alone): the ledger
    keeps it, so later rebuilds grade with the same registry until another is given."""
    edits: Mapping[str, SourceEdit] = field(default_factory=dict)
    """Analysts' grades in force, by claimant key (``Ledger.grade_edits``); they win over
    every registry entry."""

    def lookup(self, claimant: Claimant) -> RegistryEntry | None:
        """The entry for ``claimant``: the analyst's grade if it has one, else
        :meth:`listed`."""
        edit = self.edits.get(claimant.key)
        if edit is not None:
            return RegistryEntry(
                name=claimant.name,
                reliability=edit.reliability,
                country=claimant.country,
                note=edit.reason,
                edit=edit,
            )
        return self.listed(claimant)

    def listed(self, claimant: Claimant) -> RegistryEntry | None:
        """The registry files' entry for ``claimant``: a name or alias match whose country (if
        the entry sets one) is the claimant's. A later entry (the user's file) wins."""
        name = claimant.name.casefold()
        for entry in reversed(self.entries):
            names = {entry.name.casefold(), *(a.casefold() for a in entry.aliases)}
            if name in names and (entry.country is None or entry.country == claimant.country):
                return entry
        return None


def _entries(path: object, data: dict[str, object]) -> list[RegistryEntry]:
    raw = data.get("sources") or []
    if not isinstance(raw, list):
        raise CorroborateError(f"{path}: 'sources' must be a list of entries")
    out = []
    for i, item in enumerate(raw, 1):
        where = f"{path}: entry {i}"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise CorroborateError(f"{where} needs a name, e.g. '- name: Reuters'")
        grade = str(item.get("reliability", "")).strip().upper()
        if grade not in RELIABILITY:
            raise CorroborateError(
                f"{where} ({item['name']}): reliability {item.get('reliability')!r} is not a "
                "grade; use one of A, B, C, D, E, F"
            )
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            raise CorroborateError(f"{where} ({item['name']}): aliases must be a list")
        country = item.get("country")
        out.append(
            RegistryEntry(
                name=item["name"].strip(),
                reliability=grade,
                country=str(country).upper() if country else None,
                aliases=tuple(str(a) for a in aliases),
                note=str(item["note"]).strip() if item.get("note") else None,
            )
        )
    return out


def _bundled_entries() -> list[RegistryEntry]:
    bundled = resources.files("watchfloor.corroborate").joinpath("data/sources.yaml")
    data = read_yaml_mapping(bundled, "a mapping with 'sources'", error=CorroborateError)
    return _entries(bundled, data)


def load_registry(path: str | Path | None = None) -> Registry:
    """The bundled registry, with the user's registry file at ``path`` read on top of it.

    Raises :class:`CorroborateError` naming the file and entry for anything malformed.
    """
    if path is None:
        return Registry(entries=tuple(_bundled_entries()), origin="bundled registry")
    user = Path(path)
    if not user.is_file():
        raise CorroborateError(
            f"source registry {user} does not exist: give the path of a YAML file "
            "(see the comments in the bundled data/sources.yaml for its shape)"
        )
    try:
        text = user.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorroborateError(f"source registry {user} cannot be read: {exc}") from None
    return registry_from_text(text, origin=f"registry {user.name}", where=str(user))


def registry_from_text(text: str, *, origin: str, where: str | None = None) -> Registry:
    """The bundled registry with a user's registry (YAML ``text``) read on top of it."""
    data = parse_yaml_mapping(
        text, where=where or origin, expected="a mapping with 'sources'", error=CorroborateError
    )
    entries = _bundled_entries() + _entries(where or origin, data)
    return Registry(entries=tuple(entries), origin=origin, text=text)
