"""The actor gazetteer: states, organisations, state bodies, people and outlets, as data files.

The bundled files live in ``extraction/data/gazetteer/`` and are described in ``docs/gazetteer.md``.
A user extends them with more files or folders, given to :meth:`Gazetteer.load` or listed in the
environment variable ``WATCHFLOOR_GAZETTEER`` (paths separated by :data:`os.pathsep`). A user
entry with the identity of a bundled one (same state code, organisation code, or name) replaces
it; a user alias that a bundled entry also claims goes to the user's entry.

Matching is token-level: an alias is indexed under its normalised token tuple
(:func:`~watchfloor.extraction.gazetteer_data.alias_key`), and a document is matched against the
index longest-first (see :mod:`.actors`). Within one layer (bundled, or user) an alias may name
only one actor; an alias that means different actors in different documents is declared in
``contextual.yaml``.
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from watchfloor.extraction.gazetteer_data import FileContents, read_file
from watchfloor.extraction.gazetteer_places import Places, build_places
from watchfloor.extraction.gazetteer_records import (
    Anaphor,
    Body,
    ContextAlias,
    Entry,
    GazetteerError,
    LexiconPart,
    Tenure,
    Title,
    alias_key,
    alias_pieces,
    case_levels,
    norm_token,
)
from watchfloor.records import Actor

__all__ = ["ENV_VAR", "Gazetteer", "GazetteerError", "Hit", "Lexicon", "bundled_dir"]

ENV_VAR = "WATCHFLOOR_GAZETTEER"
"""Environment variable listing extra gazetteer files or folders, separated by os.pathsep."""

Form = Literal["name", "demonym", "metonym"]
_UNMATCHABLE = re.compile(r"[,;()\[\]{}\"]")  # a canonical name with these is a label only
Phrase = Title | Body | Anaphor


def bundled_dir() -> Path:
    """The folder of the gazetteer files shipped with watchfloor."""
    return Path(__file__).parent / "data" / "gazetteer"


@dataclass(frozen=True, slots=True)
class Hit:
    """What an alias means: an entry, by which kind of word, and under which condition.

    ``caps`` gives per token the case the text must have (see ``case_levels``); ``when`` is set
    for contextual aliases with a condition; ``contextual`` marks every contextual alias.
    """

    entry: Entry
    form: Form
    caps: tuple[int, ...]
    when: frozenset[str] | None = None
    contextual: bool = False

    @property
    def actor(self) -> Actor:
        """The actor the alias names: for a metonym ("the Kremlin"), the government."""
        return self.entry.government() if self.form == "metonym" else self.entry.actor


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Office and institution words (roles.yaml), keyed like aliases."""

    phrases: Mapping[tuple[str, ...], tuple[tuple[tuple[int, ...], Phrase], ...]]
    trie: Mapping[str, Any]
    neutral: frozenset[str]
    modifier_roles: Mapping[str, str]
    gender: Mapping[str, str]
    honorifics: frozenset[str]
    anaphors: Mapping[str, frozenset[str]]
    functions: frozenset[str]


def case_ok(caps: tuple[int, ...], texts: Iterable[str], *, strict: bool = True) -> bool:
    """Whether token texts have the case an alias asks for (level 1 checked only if strict)."""
    for level, text in zip(caps, texts, strict=False):
        if level == 2:
            letters = [c for c in text if c.isalpha()]
            if not letters or not all(c.isupper() for c in letters):
                return False
        elif level == 1 and strict and not text[:1].isupper():
            return False
    return True


def choose(
    hits: Iterable[Hit], texts: list[str], context: Collection[str], *, strict: bool = True
) -> Hit | None:
    """The hit a matched alias stands for, given the codes the document mentions.

    A contextual hit whose condition holds comes first, then a plain hit, then a contextual
    default (an entry of contextual.yaml without ``when``). Hits whose case the text does not
    have are skipped.
    """
    plain = default = None
    for hit in hits:
        if not case_ok(hit.caps, texts, strict=strict):
            continue
        if hit.contextual:
            if hit.when is None:
                default = default or hit
            elif not hit.when.isdisjoint(context):
                return hit
        elif plain is None:
            plain = hit
    return plain or default


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The merged gazetteer: entries, the alias index and the office/institution lexicon.

    Build it with :meth:`load` (bundled files plus extras) or :meth:`default` (bundled files
    plus ``WATCHFLOOR_GAZETTEER``, cached for the process). Lookups are dictionary reads.
    """

    entries: tuple[Entry, ...]
    index: Mapping[tuple[str, ...], tuple[Hit, ...]]
    trie: Mapping[str, Any]
    lexicon: Lexicon
    codes: Mapping[str, Entry]
    bodies: Mapping[tuple[str, str], Entry]
    holders: Mapping[tuple[str, str], tuple[tuple[Entry, Tenure], ...]]
    sources: tuple[str, ...]
    places: Places
    """Places inside states that are no actors (places.yaml): see :mod:`.gazetteer_places`."""

    # --- building -------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Iterable[Path | str] = (), *, env: bool = True) -> Gazetteer:
        """The bundled gazetteer extended by ``extra`` files or folders (and, if ``env``, by the
        paths in ``WATCHFLOOR_GAZETTEER``), user entries overriding bundled ones.

        Files are re-read when they change; an unchanged set of files gives the cached result.
        Raises :class:`GazetteerError` naming the file and line of the first problem found.
        """
        paths: list[Path] = []
        if env:
            paths.extend(_env_paths())
        paths.extend(Path(p) for p in extra)
        user = _expand(paths)
        signature = tuple((str(p), _mtime(p)) for p in (*_expand([bundled_dir()]), *user))
        return _build_cached(signature, len(user))

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled gazetteer plus ``WATCHFLOOR_GAZETTEER``, built once per process."""
        return _default()

    # --- queries --------------------------------------------------------------------------

    def lookup(self, text: str, *, context: Collection[str] = ()) -> Actor | None:
        """The actor a name, alias, demonym or metonym stands for, or ``None``.

        Case is ignored except for acronyms ("US" matches, "us" does not); a leading "the" and
        a trailing possessive are optional ("the Kremlin's" finds the Kremlin). Contextual
        aliases ("the North") need ``context``, the codes the document mentions.
        """
        hit = self.lookup_hit(text, context=context)
        return None if hit is None else hit.actor

    def lookup_hit(self, text: str, *, context: Collection[str] = ()) -> Hit | None:
        """Like :meth:`lookup`, but the :class:`Hit` (entry and kind of word)."""
        pieces = [p for p in alias_pieces(text.strip()) if norm_token(p)]
        key = [norm_token(p) for p in pieces]
        while key and key[-1] in ("'s", "'"):
            key.pop()
            pieces.pop()
        for start in (0, 1):
            if start and (not key or key[0] != "the"):
                break
            hits = self.index.get(tuple(key[start:]))
            if hits:
                hit = choose(hits, pieces[start:], context, strict=False)
                if hit is not None:
                    return hit
        return None

    def code_entry(self, code: str) -> Entry | None:
        """The state or organisation entry with this code."""
        return self.codes.get(code)

    def state(self, code: str) -> Actor | None:
        """The actor of a state or organisation code ("KOR" -> South Korea)."""
        entry = self.codes.get(code)
        return None if entry is None else entry.actor

    def body(self, country: str, function: str) -> Entry | None:
        """The body a country has for a function ("KOR", "intelligence" -> NIS), if listed."""
        return self.bodies.get((country, function))

    def holder(self, country: str, office: str, year: int | None = None) -> Actor | None:
        """The one listed person who held ``office`` for ``country`` (in ``year`` if given).

        ``None`` when nobody or more than one person qualifies: the gazetteer does not guess.
        """
        found = {
            entry.actor.name: entry.tenure_actor(tenure)
            for entry, tenure in self.holders.get((country, office), ())
            if year is None or tenure.covers(year)
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def __repr__(self) -> str:
        c = self.counts()
        return (
            f"Gazetteer({c.get('state', 0)} states, {c.get('org', 0)} organisations, "
            f"{c.get('agency', 0)} agencies, {c.get('person', 0)} people, "
            f"{c.get('media', 0)} media; {c['aliases']} aliases from {len(self.sources)} files)"
        )

    def counts(self) -> dict[str, int]:
        """How many entries of each category, and how many alias keys."""
        out: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            out[entry.category] += 1
        out["aliases"] = len(self.index)
        return dict(out)


# --- building helpers ---------------------------------------------------------------------


def _env_paths() -> list[Path]:
    raw = os.environ.get(ENV_VAR, "")
    out = []
    for item in raw.split(os.pathsep):
        if item.strip():
            path = Path(item.strip()).expanduser()
            if not path.exists():
                raise GazetteerError(f"{path}: no such file or folder (listed in ${ENV_VAR})")
            out.append(path)
    return out


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise GazetteerError(f"{path}: no such gazetteer file or folder")
        files = (
            sorted(p for p in path.rglob("*") if p.suffix.lower() in (".tsv", ".yaml", ".yml"))
            if path.is_dir()
            else [path]
        )
        for file in files:
            real = file.resolve()
            if real not in seen:
                seen.add(real)
                out.append(file)
    return out


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc


@functools.lru_cache(maxsize=64)
def _parsed(path: str, mtime: int) -> FileContents:
    del mtime  # part of the cache key: a changed file is read again
    return read_file(Path(path))


@functools.lru_cache(maxsize=8)
def _build_cached(signature: tuple[tuple[str, int], ...], n_user: int) -> Gazetteer:
    n_bundled = len(signature) - n_user
    files = [_parsed(path, mtime) for path, mtime in signature]
    return _build([files[:n_bundled], files[n_bundled:]], tuple(p for p, _ in signature))


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer.load()


def _build(layers: list[list[FileContents]], sources: tuple[str, ...]) -> Gazetteer:
    lexicon = _merge_lexicon([f.lexicon for layer in layers for f in layer if f.lexicon])
    chosen: dict[tuple[str, ...], tuple[int, Entry]] = {}
    for layer_no, layer in enumerate(layers):
        in_layer: dict[tuple[str, ...], Entry] = {}
        for contents in layer:
            for entry in contents.entries:
                other = in_layer.get(entry.identity)
                if other is not None:
                    raise GazetteerError(
                        f"{entry.origin}: {entry.actor.name!r} is already defined at "
                        f"{other.origin}: keep one of the two"
                    )
                in_layer[entry.identity] = entry
                chosen[entry.identity] = (layer_no, entry)
    entries = list(chosen.values())
    codes = {e.actor.country or "": e for _, e in entries if e.category in ("state", "org")}
    states = {c for c, e in codes.items() if e.category == "state"}
    for code, entry in codes.items():
        if entry.category == "org" and len(code) == 3 and code in states:
            raise GazetteerError(f"{entry.origin}: organisation code {code!r} is a state code")
    bodies: dict[tuple[str, str], Entry] = {}
    holders: dict[tuple[str, str], list[tuple[Entry, Tenure]]] = defaultdict(list)
    for _, entry in entries:
        _check_codes(entry, codes)
        for function in entry.functions:
            if function not in lexicon.functions:
                raise GazetteerError(
                    f"{entry.origin}: unknown function {function!r}: use one of the body "
                    f"functions of roles.yaml ({', '.join(sorted(lexicon.functions))})"
                )
            slot = (entry.actor.country or "", function)
            if slot in bodies and bodies[slot] is not entry:
                raise GazetteerError(
                    f"{entry.origin}: {slot[0]} already has a body for {function!r} "
                    f"({bodies[slot].actor.name}, {bodies[slot].origin}): keep one"
                )
            bodies[slot] = entry
        for tenure in entry.tenures:
            if tenure.office:
                holders[(tenure.country or "", tenure.office)].append((entry, tenure))
    index = _index(entries, layers, codes)
    places = build_places([[p for f in layer for p in f.places] for layer in layers], states, index)
    return Gazetteer(
        entries=tuple(e for _, e in entries),
        index=index,
        trie=_trie(index),
        lexicon=lexicon,
        codes=codes,
        bodies=bodies,
        holders={k: tuple(v) for k, v in holders.items()},
        sources=sources,
        places=places,
    )


def _check_codes(entry: Entry, codes: Mapping[str, Entry]) -> None:
    for code in (entry.actor.country, *(t.country for t in entry.tenures)):
        if code is not None and code not in codes:
            raise GazetteerError(
                f"{entry.origin}: unknown country {code!r}: use a state code of states.tsv or "
                "an organisation code of organisations.yaml"
            )


def _index(
    entries: list[tuple[int, Entry]],
    layers: list[list[FileContents]],
    codes: Mapping[str, Entry],
) -> dict[tuple[str, ...], tuple[Hit, ...]]:
    hits: dict[tuple[str, ...], list[Hit]] = defaultdict(list)
    owner: dict[tuple[str, ...], tuple[int, Entry, str]] = {}
    for layer_no, entry in entries:
        words: list[tuple[Form, str]] = [("name", a) for a in entry.aliases]
        if not _UNMATCHABLE.search(entry.actor.name):
            words.insert(0, ("name", entry.actor.name))
        words += [("metonym", a) for a in entry.metonyms]
        words += [("demonym", a) for a in entry.demonyms]
        for form, word in words:
            key = alias_key(word)
            prev = owner.get(key)
            if prev is not None and prev[1] is not entry:
                if prev[0] == layer_no:
                    raise GazetteerError(
                        f"{entry.origin}: {word!r} ({entry.actor.name}) is also an alias of "
                        f"{prev[1].actor.name} ({prev[1].origin}, as {prev[2]!r}): remove one, "
                        "or declare both in contextual.yaml"
                    )
                if prev[0] > layer_no:
                    continue
                hits[key] = [h for h in hits[key] if h.contextual]
            caps = case_levels(word)
            if any(h.entry is entry and h.caps == caps for h in hits[key] if not h.contextual):
                continue
            owner[key] = (layer_no, entry, word)
            hits[key].append(Hit(entry=entry, form=form, caps=caps))
    by_name: dict[str, list[Entry]] = defaultdict(list)
    for _, entry in entries:
        by_name[entry.actor.name.casefold()].append(entry)
    contextual = [c for layer in reversed(layers) for f in layer for c in f.contextual]
    for item in contextual:
        target = _target(item, codes, by_name)
        for code in item.when or ():
            if code not in codes:
                raise GazetteerError(f"{item.origin}: unknown code {code!r} in 'when'")
        hits[alias_key(item.alias)].append(
            Hit(
                entry=target,
                form="name",
                caps=case_levels(item.alias),
                when=item.when,
                contextual=True,
            )
        )
    return {k: tuple(v) for k, v in hits.items() if v}


def _target(
    item: ContextAlias, codes: Mapping[str, Entry], by_name: Mapping[str, list[Entry]]
) -> Entry:
    if item.target in codes:
        return codes[item.target]
    found = by_name.get(item.target.casefold(), [])
    if len(found) != 1:
        problem = "names no entry" if not found else "names more than one entry"
        raise GazetteerError(
            f"{item.origin}: target {item.target!r} {problem}: use a state or organisation "
            "code, or the canonical name of one entry"
        )
    return found[0]


def _trie(table: Mapping[tuple[str, ...], Any]) -> dict[str, Any]:
    """The keys of ``table`` as nested dicts of words, each key's value under ``""``."""
    root: dict[str, Any] = {}
    for key, value in table.items():
        node = root
        for word in key:
            node = node.setdefault(word, {})
        node[""] = value
    return root


def _variants(phrase: str) -> list[str]:
    """The phrase with its last word in singular and plural (agency/agencies, man/men)."""
    words = phrase.split(" ")
    if "of" in words[:-1]:
        return [phrase]
    last = words[-1]
    if last.endswith("man"):
        other = last[:-3] + "men"
    elif last.endswith("men"):
        other = last[:-3] + "man"
    elif last.endswith("ies"):
        other = last[:-3] + "y"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        other = last[:-1] + "ies"
    elif last.endswith(("ss", "sh", "ch", "x")):
        other = last + "es"
    elif last.endswith("s"):
        other = last[:-1]
    else:
        other = last + "s"
    return [phrase, " ".join([*words[:-1], other])]


def _merge_lexicon(parts: list[LexiconPart]) -> Lexicon:
    explicit: dict[tuple[str, ...], tuple[str, Phrase]] = {}
    derived: dict[tuple[str, ...], tuple[str, Phrase]] = {}
    neutral: set[str] = set()
    modifier_roles: dict[str, str] = {}
    gender: dict[str, str] = {}
    honorifics: set[str] = set()
    anaphors: dict[str, frozenset[str]] = {}
    functions: set[str] = set()
    for part in parts:
        items: list[Title | Body] = [*part.titles, *part.bodies]
        for item in items:
            if isinstance(item, Body):
                functions.add(item.function)
            explicit[alias_key(item.phrase)] = (item.phrase, item)
            for variant in _variants(item.phrase)[1:]:
                derived[alias_key(variant)] = (variant, item)
        for anaphor in part.anaphors:
            anaphors[" ".join(alias_key(anaphor.phrase))] = anaphor.types
            for variant in _variants(anaphor.phrase):
                derived.setdefault(alias_key(variant), (variant, anaphor))
        neutral |= part.neutral
        modifier_roles.update(part.modifier_roles)
        gender.update(part.gender)
        honorifics |= part.honorifics
    table: dict[tuple[str, ...], tuple[tuple[tuple[int, ...], Phrase], ...]] = {
        key: ((case_levels(word), phrase),)
        for key, (word, phrase) in {**derived, **explicit}.items()
    }
    return Lexicon(
        phrases=table,
        trie=_trie(table),
        neutral=frozenset(neutral),
        modifier_roles=modifier_roles,
        gender=gender,
        honorifics=frozenset(honorifics),
        anaphors=anaphors,
        functions=frozenset(functions),
    )
