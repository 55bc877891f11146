"""Reading and checking one gazetteer file.

The files are described in ``docs/gazetteer.md``. :func:`read_file` turns one file into plain
records (:class:`~.gazetteer_records.Entry`, :class:`~.gazetteer_records.ContextAlias`,
:class:`~.gazetteer_records.LexiconPart`) and rejects a broken file with a
:class:`~.gazetteer_records.GazetteerError` naming the file and line; :mod:`.gazetteer` merges
the records of all files into one index and checks them against each other.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from watchfloor.extraction.gazetteer_records import (
    CATEGORIES,
    ROLES,
    Anaphor,
    Body,
    Category,
    ContextAlias,
    Entry,
    GazetteerError,
    LexiconPart,
    Place,
    Tenure,
    Title,
    alias_key,
    norm_token,
)
from watchfloor.records import Actor, ActorKind

__all__ = ["FileContents", "read_file"]

_ORG_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")
_STATE_CODE = re.compile(r"^[A-Z]{3}$")
_BAD_ALIAS_CHARS = re.compile(r"[,;()\[\]{}\"]")
_CATEGORY_OF: dict[str, Category] = {
    "states": "state",
    "organisations": "org",
    "organizations": "org",
    "agencies": "agency",
    "people": "person",
    "media": "media",
}


@dataclass(slots=True)
class FileContents:
    """Everything one gazetteer file holds."""

    entries: list[Entry] = field(default_factory=list)
    contextual: list[ContextAlias] = field(default_factory=list)
    lexicon: LexiconPart | None = None
    places: list[Place] = field(default_factory=list)


# --- reading --------------------------------------------------------------------------------


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that records the line of every mapping under ``__line__``."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Where:
    """Builds error messages that name the file and line."""

    def __init__(self, path: Path, line: int = 0) -> None:
        self.path = path
        self.line = line

    def at(self, line: int) -> _Where:
        return _Where(self.path, line)

    def error(self, message: str) -> GazetteerError:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return GazetteerError(f"{where}: {message}")

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.line}"


def read_file(path: Path) -> FileContents:
    """Parse one gazetteer file (``.tsv``, ``.yaml`` or ``.yml``).

    A TSV file holds states. A YAML file holds a list of entries of the category its name starts
    with (``people-extra.yaml`` holds people; ``roles*.yaml`` and ``contextual*.yaml`` likewise),
    or a mapping from category names (states, organisations, agencies, people, media,
    contextual, roles, places) to such lists. Codes are checked against each other once all files
    are read (:mod:`.gazetteer`). Raises :class:`GazetteerError` naming the file and line.
    """
    where = _Where(path)
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        out = FileContents()
        out.entries.extend(_read_states_tsv(path))
        return out
    if suffix not in (".yaml", ".yml"):
        raise where.error("unknown gazetteer file type: use .tsv (states) or .yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise where.error(f"cannot read the file ({exc.strerror or exc})") from exc
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise where.at(line).error(f"not valid YAML: {problem}") from exc
    out = FileContents()
    if data is None:
        return out
    if isinstance(data, list):
        section = _section_of(path.stem)
        if section is None:
            raise where.error(
                "a YAML file holding a list must be named after its category (states, "
                "organisations, agencies, people, media, contextual, roles, places), e.g. "
                "people-extra.yaml; or make its top level a mapping from category to list"
            )
        _read_section(section, data, where, out)
    elif isinstance(data, dict):
        if _section_of(path.stem) == "roles":
            _read_section("roles", data, where, out)
            return out
        for key, value in data.items():
            if key == "__line__":
                continue
            section = _section_of(str(key))
            if section is None or section != str(key).lower():
                raise where.at(int(data["__line__"])).error(
                    f"unknown section {key!r}: use states, organisations, agencies, people, "
                    "media, contextual, roles or places"
                )
            _read_section(section, value, where, out)
    else:
        raise where.error("the top level must be a list of entries or a mapping of sections")
    return out


def _section_of(stem: str) -> str | None:
    low = stem.lower()
    for name in (*CATEGORIES, "organizations", "contextual", "roles", "places"):
        if low == name or low.startswith((name + "-", name + "_", name + ".")):
            return name
    return None


def _read_section(section: str, data: Any, where: _Where, out: FileContents) -> None:
    if section == "roles":
        if not isinstance(data, dict):
            raise where.error("the roles section must be a mapping (titles, bodies, ...)")
        out.lexicon = _read_roles(data, where)
        return
    if not isinstance(data, list):
        raise where.error(f"the {section} section must be a list of entries")
    for item in data:
        if not isinstance(item, dict):
            raise where.error(f"each {section} entry must be a mapping, got {item!r}")
        here = where.at(int(item.get("__line__", 0)))
        if section == "contextual":
            out.contextual.append(_read_contextual(item, here))
        elif section == "places":
            out.places.append(_read_place(item, here))
        else:
            out.entries.append(_read_entry(_CATEGORY_OF[section], item, here))


_FIELDS: dict[Category, frozenset[str]] = {
    "state": frozenset({"code", "name", "aliases", "demonyms", "metonyms"}),
    "org": frozenset({"name", "code", "aliases", "demonyms", "metonyms", "type", "role"}),
    "agency": frozenset({"name", "country", "role", "type", "aliases", "functions"}),
    "person": frozenset({"name", "aliases", "country", "gender", "roles"}),
    "media": frozenset({"name", "country", "type", "state", "aliases", "functions"}),
}
_REQUIRED: dict[Category, tuple[str, ...]] = {
    "state": ("code", "name"),
    "org": ("name", "code"),
    "agency": ("name", "country", "role"),
    "person": ("name", "country", "roles"),
    "media": ("name", "country"),
}


def _read_entry(category: Category, item: dict[str, Any], where: _Where) -> Entry:
    keys = set(item) - {"__line__"}
    unknown = keys - _FIELDS[category]
    if unknown:
        raise where.error(
            f"unknown field {sorted(unknown)[0]!r} in a {category} entry: "
            f"use {', '.join(sorted(_FIELDS[category]))}"
        )
    for key in _REQUIRED[category]:
        if item.get(key) in (None, "", []):
            raise where.error(f"a {category} entry needs {key!r}")
    name = _text(item["name"], "name", where)
    aliases = _aliases(item.get("aliases"), "aliases", where)
    demonyms = _aliases(item.get("demonyms"), "demonyms", where)
    metonyms = _aliases(item.get("metonyms"), "metonyms", where)
    functions = _aliases(item.get("functions"), "functions", where)
    kind_type = _opt_text(item.get("type"), "type", where)
    if category in ("state", "org"):
        code = _code(item["code"], where, state=category == "state")
        kind: ActorKind = "state" if category == "state" else "organisation"
        role = _role(item.get("role"), where) if category == "org" else None
        actor = Actor(name=name, kind=kind, country=code, role=role)
        return Entry(
            category=category,
            actor=actor,
            origin=where.origin,
            aliases=aliases,
            demonyms=_with_plurals(demonyms),
            metonyms=metonyms,
            type=kind_type,
        )
    country = _code(item["country"], where, state=None)
    if category == "agency":
        actor = Actor(
            name=name, kind="organisation", country=country, role=_role(item["role"], where)
        )
        return Entry(
            category=category,
            actor=actor,
            origin=where.origin,
            aliases=aliases,
            type=kind_type,
            functions=functions,
        )
    if category == "media":
        if "state" in item and not isinstance(item["state"], bool):
            raise where.error(f"'state' must be true or false, got {item['state']!r}")
        actor = Actor(name=name, kind="media", country=country, role="media")
        return Entry(
            category=category,
            actor=actor,
            origin=where.origin,
            aliases=aliases,
            type=kind_type or "outlet",
            functions=functions,
        )
    gender = item.get("gender")
    if gender not in (None, "m", "f"):
        raise where.error(f"gender must be m or f, got {gender!r}")
    tenures = _tenures(item["roles"], country, where)
    latest = max(tenures, key=lambda t: (t.end is None, t.end or 0, t.start or 0))
    actor = Actor(name=name, kind="person", country=latest.country, role=latest.role)
    return Entry(
        category=category,
        actor=actor,
        origin=where.origin,
        aliases=aliases,
        gender=gender,
        tenures=tenures,
    )


def _tenures(data: Any, default_country: str, where: _Where) -> tuple[Tenure, ...]:
    if not isinstance(data, list) or not data:
        raise where.error("'roles' must be a non-empty list of {role, office, from, to}")
    out: list[Tenure] = []
    for item in data:
        if not isinstance(item, dict):
            raise where.error(f"each role must be a mapping like {{role: leader}}, got {item!r}")
        here = where.at(int(item.get("__line__", where.line)))
        unknown = set(item) - {"__line__", "role", "office", "country", "from", "to"}
        if unknown:
            raise here.error(
                f"unknown field {sorted(unknown)[0]!r} in a role: use role, office, country, "
                "from, to"
            )
        start, end = _year(item.get("from"), here), _year(item.get("to"), here)
        if start is not None and end is not None and start > end:
            raise here.error(f"role runs backwards: from {start} to {end}")
        country = item.get("country")
        out.append(
            Tenure(
                role=_role(item.get("role"), here, required=True) or "",
                office=_opt_text(item.get("office"), "office", here),
                country=default_country if country is None else _code(country, here, state=None),
                start=start,
                end=end,
            )
        )
    return tuple(out)


def _year(value: Any, where: _Where) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2100:
        raise where.error(f"a year must be a whole number like 2024, got {value!r}")
    return value


def _read_place(item: dict[str, Any], where: _Where) -> Place:
    _mapping(item, {"name", "country", "aliases"}, "place", where)
    for key in ("name", "country"):
        if item.get(key) in (None, ""):
            raise where.error(f"a place needs {key!r}, e.g. {{name: Kursk, country: RUS}}")
    return Place(
        name=_text(item["name"], "name", where),
        country=_code(item["country"], where, state=True),
        aliases=_aliases(item.get("aliases"), "aliases", where),
        origin=where.origin,
    )


def _read_contextual(item: dict[str, Any], where: _Where) -> ContextAlias:
    unknown = set(item) - {"__line__", "alias", "target", "when"}
    if unknown:
        raise where.error(
            f"unknown field {sorted(unknown)[0]!r} in a contextual alias: use alias, target, when"
        )
    for key in ("alias", "target"):
        if not item.get(key):
            raise where.error(f"a contextual alias needs {key!r}")
    when = item.get("when")
    codes: frozenset[str] | None = None
    if when is not None:
        if not isinstance(when, list) or not when:
            raise where.error("'when' must be a non-empty list of codes, e.g. [KOR, PRK]")
        codes = frozenset(_code(c, where, state=None) for c in when)
    alias = _aliases([item["alias"]], "alias", where)[0]
    return ContextAlias(
        alias=alias,
        target=_text(item["target"], "target", where),
        when=codes,
        origin=where.origin,
    )


def _read_roles(data: dict[str, Any], where: _Where) -> LexiconPart:
    known = {"__line__", "titles", "bodies", "modifiers", "gender", "honorifics", "anaphors"}
    unknown = set(data) - known
    if unknown:
        raise where.error(
            f"unknown roles section {sorted(unknown)[0]!r}: use "
            + ", ".join(sorted(known - {"__line__"}))
        )
    part = LexiconPart()
    for raw in data.get("titles") or []:
        here = where.at(int(raw.get("__line__", 0)) if isinstance(raw, dict) else 0)
        item = _mapping(raw, {"role", "office", "phrases"}, "title", here)
        role = _role(item.get("role"), here, required=True) or ""
        office = _opt_text(item.get("office"), "office", here)
        for phrase in _aliases(item.get("phrases"), "phrases", here, required=True):
            part.titles.append(Title(phrase=phrase, role=role, office=office))
    for raw in data.get("bodies") or []:
        here = where.at(int(raw.get("__line__", 0)) if isinstance(raw, dict) else 0)
        fields = {"function", "role", "type", "generic", "owned_only", "phrases"}
        item = _mapping(raw, fields, "body", here)
        for key in ("function", "type", "generic"):
            if not item.get(key):
                raise here.error(f"a body needs {key!r}")
        generic = _text(item["generic"], "generic", here)
        if generic != "state" and "{name}" not in generic:
            raise here.error(f"'generic' must be 'state' or contain {{name}}, got {generic!r}")
        for phrase in _aliases(item.get("phrases"), "phrases", here, required=True):
            part.bodies.append(
                Body(
                    phrase=phrase,
                    function=_text(item["function"], "function", here),
                    role=_role(item.get("role"), here, required=True) or "",
                    type=_text(item["type"], "type", here),
                    generic=generic,
                    owned_only=bool(item.get("owned_only", False)),
                )
            )
    mods = data.get("modifiers") or {}
    if not isinstance(mods, dict):
        raise where.error("'modifiers' must be a mapping with 'neutral' and 'role'")
    part.neutral.update(
        word for w in _aliases(mods.get("neutral"), "neutral", where) for word in alias_key(w)
    )
    for word, role in (mods.get("role") or {}).items():
        if word != "__line__":
            part.modifier_roles[norm_token(str(word))] = _role(role, where, required=True) or ""
    for gender, words in (data.get("gender") or {}).items():
        if gender == "__line__":
            continue
        if gender not in ("m", "f"):
            raise where.error(f"gender keys must be m or f, got {gender!r}")
        for word in _aliases(words, "gender", where):
            part.gender[" ".join(alias_key(word))] = gender
    part.honorifics.update(
        " ".join(alias_key(w)) for w in _aliases(data.get("honorifics"), "honorifics", where)
    )
    for noun, types in (data.get("anaphors") or {}).items():
        if noun == "__line__":
            continue
        kinds = _aliases(types, "anaphors", where, required=True)
        part.anaphors.append(Anaphor(phrase=str(noun), types=frozenset(kinds)))
    return part


def _mapping(item: Any, fields: set[str], what: str, where: _Where) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise where.error(f"each {what} must be a mapping, got {item!r}")
    unknown = set(item) - fields - {"__line__"}
    if unknown:
        raise where.error(
            f"unknown field {sorted(unknown)[0]!r} in a {what}: use {', '.join(sorted(fields))}"
        )
    return item


def _read_states_tsv(path: Path) -> Iterator[Entry]:
    where = _Where(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise where.error(f"cannot read the file ({exc.strerror or exc})") from exc
    with handle:
        header_seen = False
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for number, cells in enumerate(rows, 1):
            here = where.at(number)
            if not cells or not "".join(cells).strip() or cells[0].startswith("#"):
                continue
            if not header_seen and cells[0].strip().lower() == "code":
                header_seen = True
                continue
            if len(cells) > 5:
                raise here.error(
                    f"expected at most 5 tab-separated columns (code, name, aliases, demonyms, "
                    f"metonyms), got {len(cells)}"
                )
            if len(cells) < 2:
                raise here.error(
                    "expected tab-separated columns code, name, aliases, demonyms, metonyms "
                    "(are the columns separated by spaces instead of tabs?)"
                )
            row = [*cells, "", "", "", ""][:5]
            item: dict[str, Any] = {"code": row[0].strip(), "name": row[1].strip()}
            for col, key in ((2, "aliases"), (3, "demonyms"), (4, "metonyms")):
                item[key] = [v.strip() for v in row[col].split("|") if v.strip()]
            yield _read_entry("state", item, here)


def _with_plurals(demonyms: tuple[str, ...]) -> tuple[str, ...]:
    out = list(demonyms)
    for word in demonyms:
        if not word.endswith(("s", "sh", "ch", "ese", "x", "z")):
            plural = word + "s"
            if plural not in out:
                out.append(plural)
    return tuple(out)


def _text(value: Any, key: str, where: _Where) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise where.error(f"{key!r} must be text, got {value!r}")
    return str(value).strip()


def _opt_text(value: Any, key: str, where: _Where) -> str | None:
    return None if value is None else _text(value, key, where)


def _aliases(value: Any, key: str, where: _Where, *, required: bool = False) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise where.error(f"{key!r} must be a list of text, e.g. [NIS, Seoul's spy agency]")
    out: list[str] = []
    for item in value:
        text = _text(item, key, where)
        if _BAD_ALIAS_CHARS.search(text) and key not in ("generic",):
            raise where.error(
                f'{key} entry {text!r} contains one of , ; ( ) [ ] {{ }} ": '
                "write each spelling as its own list item"
            )
        if not alias_key(text):
            raise where.error(f"{key} entry {text!r} has no letters or digits to match")
        out.append(text)
    return tuple(out)


def _code(value: Any, where: _Where, *, state: bool | None) -> str:
    code = _text(value, "code", where)
    if state is True and not _STATE_CODE.match(code):
        raise where.error(f"state code {code!r} must be three capital letters (ISO 3166-1 alpha-3)")
    if state is False and not _ORG_CODE.match(code):
        raise where.error(
            f"organisation code {code!r} must be 2-16 capital letters or digits, e.g. NATO"
        )
    if state is None and not _ORG_CODE.match(code):
        raise where.error(f"country {code!r} must be an ISO alpha-3 code or an organisation code")
    return code


def _role(value: Any, where: _Where, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    role = _text(value, "role", where)
    if role not in ROLES:
        raise where.error(f"unknown role {role!r}: use one of {', '.join(sorted(ROLES))}")
    return role
