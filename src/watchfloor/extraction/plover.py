"""The PLOVER event lexicon: loading, merging and checking ``data/plover.yaml``.

The lexicon is data (documented at the top of ``data/plover.yaml`` and in ``docs/events.md``);
this module reads it once (:func:`load_lexicon` is cached), merges the user's extra files over it
and checks every entry, so that a typo in a user's file is a sentence naming the file and the
entry, not a silent miss. :mod:`watchfloor.extraction.events` applies it to a parsed sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from watchfloor.errors import GazetteerError
from watchfloor.extraction.datafiles import read_yaml_mapping

__all__ = ["PLOVER_TYPES", "Entry", "Lexicon", "Presence", "is_speech_act", "load_lexicon"]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE",
    "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
    "ASSAULT", "FIGHT", "CRIME", "ACCUSE", "REQUEST",
)  # fmt: skip

_WORD_LISTS = (
    "planned_verbs", "planned_adjectives", "hypothetical_adjectives", "planned_aux",
    "hypothetical_aux", "conditional_marks", "planned_modifiers", "hypothetical_modifiers",
    "purpose_verbs", "object_control", "self_pronouns", "self_possessives", "self_nouns",
)  # fmt: skip
_ENTRY_KEYS = frozenset(
    {"type", "mode", "transfer", "no_recipient", "objects", "except_objects", "aid_preps",
     "planned_type", "planned_mode", "target", "requires", "only_if"}
)  # fmt: skip
_ENTRY_SECTIONS = ("verbs", "nouns", "verb_objects", "speech_acts")
_PRESENCE_LISTS = (
    "classes", "verbs", "adjectives", "holding_verbs", "preps", "place_nouns", "edge_nouns",
    "hostile_words",
)  # fmt: skip
_MAPPING_SECTIONS = ("modes", "targets", "mode_words", "mobilize_modes", "light_verbs",
                     "threat_modes", "resources")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: the event a word makes, and the conditions it makes it under."""

    type: str
    mode: str | None = None
    transfer: bool = False
    no_recipient: Entry | None = None
    objects: frozenset[str] = frozenset()
    except_objects: frozenset[str] = frozenset()
    aid_preps: frozenset[str] = frozenset()
    planned_type: str | None = None
    planned_mode: str | None = None
    target: tuple[str, ...] | None = None
    requires: tuple[str, ...] = ()
    only_if: str | None = None


@dataclass(frozen=True, slots=True)
class Presence:
    """The ``presence`` section: the event a state's forces in another state make, and the words
    that find them (documented in ``data/plover.yaml``)."""

    entry: Entry
    classes: frozenset[str]
    verbs: frozenset[str]
    adjectives: frozenset[str]
    holding_verbs: frozenset[str]
    preps: frozenset[str]
    place_nouns: frozenset[str]
    edge_nouns: frozenset[str]
    hostile_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The loaded event lexicon (``data/plover.yaml`` plus the user's files)."""

    modes: Mapping[str, frozenset[str]]
    targets: Mapping[str, tuple[str, ...]]
    mode_words: Mapping[str, Mapping[str, str]]
    resource_classes: Mapping[str, str | None]
    resource_nouns: Mapping[str, str | None]
    dual_use: Mapping[str, str]
    mobilize_modes: Mapping[str, str]
    verbs: Mapping[str, Entry]
    nouns: Mapping[str, Entry]
    verb_objects: Mapping[str, Entry]
    light_verbs: Mapping[str, tuple[str, ...]]
    speech_acts: Mapping[str, Entry]
    threat_modes: Mapping[str, str]
    words: Mapping[str, frozenset[str]]
    presence: Presence


# ------------------------------------------------------------------------------------ loading


def _words(values: Any, where: str) -> tuple[str, ...]:
    """A list of words from YAML, lower-cased; YAML's booleans (bare on/no) are an error."""
    if values is None:
        return ()
    if not isinstance(values, list):
        raise GazetteerError(f"{where}: expected a list of words, got {values!r}")
    for value in values:
        if not isinstance(value, str):
            hint = " (YAML reads bare on/off/yes/no as booleans: quote it)" * isinstance(
                value, bool
            )
            raise GazetteerError(f"{where}: {value!r} is not a word{hint}")
    return tuple(value.lower() for value in values)


def _entry(value: Any, where: str, modes: Mapping[str, Iterable[str]]) -> Entry:
    if isinstance(value, str):
        value = {"type": value}
    if not isinstance(value, dict):
        raise GazetteerError(f"{where}: expected a mapping like {{type: AID, mode: military}}")
    unknown = sorted(set(value) - _ENTRY_KEYS)
    if unknown:
        raise GazetteerError(
            f"{where}: unknown key {', '.join(unknown)}: use {', '.join(sorted(_ENTRY_KEYS))}"
        )
    for key in ("type", "planned_type"):
        name = value.get(key)
        if (key == "type" or name is not None) and name not in PLOVER_TYPES:
            raise GazetteerError(
                f"{where}: unknown event type {name!r}: use one of {', '.join(PLOVER_TYPES)}"
            )
    for mode_key, type_key in (("mode", "type"), ("planned_mode", "planned_type")):
        mode, type_ = value.get(mode_key), str(value.get(type_key))
        if mode is not None and mode not in set(modes.get(type_, ())):
            allowed = ", ".join(sorted(modes.get(type_, ()))) or "none"
            raise GazetteerError(
                f"{where}: {mode!r} is not a mode of {type_} (allowed: {allowed}); "
                f"add it under `modes` if you mean it"
            )
    fallback = value.get("no_recipient")
    target = value.get("target")
    return Entry(
        type=value["type"],
        mode=value.get("mode"),
        transfer=bool(value.get("transfer", False)),
        no_recipient=_entry(fallback, f"{where}.no_recipient", modes) if fallback else None,
        objects=frozenset(_words(value.get("objects"), f"{where}.objects")),
        except_objects=frozenset(_words(value.get("except_objects"), f"{where}.except_objects")),
        aid_preps=frozenset(_words(value.get("aid_preps"), f"{where}.aid_preps")),
        planned_type=value.get("planned_type"),
        planned_mode=value.get("planned_mode"),
        target=_words(target, f"{where}.target") if target else None,
        requires=_words(value.get("requires"), f"{where}.requires"),
        only_if=value.get("only_if"),
    )


def _merge(merged: dict[str, Any], data: dict[str, Any], source: Any) -> None:
    if "types" in data and merged:
        raise GazetteerError(f"{source}: the PLOVER types are fixed; remove the `types` key")
    for section in _MAPPING_SECTIONS:
        value = data.get(section)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise GazetteerError(f"{source}: section {section!r} must be a mapping")
        target = merged.setdefault(section, {})
        for key, given in value.items():
            item = given
            if section in {"targets", "light_verbs", "modes"}:
                item = list(_words(given, f"{source}: {section}.{key}"))
            if isinstance(item, dict) and isinstance(target.get(key), dict):
                target[key] = {**target[key], **item}
            else:
                target[key] = item
    modes = merged.get("modes", {})
    for section in _ENTRY_SECTIONS:
        value = data.get(section) or {}
        if not isinstance(value, dict):
            raise GazetteerError(f"{source}: section {section!r} must be a mapping")
        target = merged.setdefault(section, {})
        for key, item in value.items():
            target[str(key).lower()] = _entry(item, f"{source}: {section}.{key}", modes)
    _merge_presence(merged, data.get("presence"), source)
    words = merged.setdefault("modality", {})
    for key, items in (data.get("modality") or {}).items():
        if key not in _WORD_LISTS or not isinstance(items, list):
            raise GazetteerError(
                f"{source}: modality.{key} must be one of {', '.join(_WORD_LISTS)}, as a list"
            )
        words.setdefault(key, set()).update(_words(items, f"{source}: modality.{key}"))


@functools.cache
def load_lexicon(extra: tuple[Path, ...] = ()) -> Lexicon:
    """The bundled event lexicon with the user's ``extra`` files merged over it, in order.

    Mapping sections merge key by key (a later file wins); modality word lists are added to.
    A malformed file raises :class:`~watchfloor.errors.GazetteerError` naming file and entry.
    """
    merged: dict[str, Any] = {}
    for source in [resources.files(__package__) / "data" / "plover.yaml", *extra]:
        _merge(merged, _read(source), source)
    res = merged.get("resources", {})
    presence = merged.get("presence", {})
    return Lexicon(
        modes={k: frozenset(v) for k, v in merged.get("modes", {}).items()},
        targets={k: tuple(v) for k, v in merged.get("targets", {}).items()},
        mode_words=merged.get("mode_words", {}),
        resource_classes=res.get("classes", {}),
        resource_nouns=res.get("nouns", {}),
        dual_use=res.get("dual_use", {}),
        mobilize_modes=merged.get("mobilize_modes", {}),
        verbs=merged.get("verbs", {}),
        nouns=merged.get("nouns", {}),
        verb_objects=merged.get("verb_objects", {}),
        light_verbs={k: tuple(v) for k, v in merged.get("light_verbs", {}).items()},
        speech_acts=merged.get("speech_acts", {}),
        threat_modes=merged.get("threat_modes", {}),
        words={k: frozenset(merged.get("modality", {}).get(k, ())) for k in _WORD_LISTS},
        presence=Presence(
            entry=presence.get("event") or Entry(type="AID", mode="military"),
            **{k: frozenset(presence.get(k, ())) for k in _PRESENCE_LISTS},
        ),
    )


def _merge_presence(merged: dict[str, Any], value: Any, source: Any) -> None:
    """``event`` replaces the merged one; the word lists are added to."""
    if value is None:
        return
    if not isinstance(value, dict):
        raise GazetteerError(f"{source}: section 'presence' must be a mapping")
    presence = merged.setdefault("presence", {})
    for key, items in value.items():
        where = f"{source}: presence.{key}"
        if key == "event":
            presence["event"] = _entry(items, where, merged.get("modes", {}))
        elif key in _PRESENCE_LISTS:
            presence.setdefault(key, set()).update(_words(items, where))
        else:
            raise GazetteerError(
                f"{where}: unknown key: use event or one of {', '.join(_PRESENCE_LISTS)}"
            )


def is_speech_act(cue_lemma: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a cue with this lemma is itself an event ("condemn", "accuse", "threaten")."""
    return cue_lemma.lower() in (lexicon or load_lexicon()).speech_acts


def _read(path: Any) -> dict[str, Any]:
    return read_yaml_mapping(path, "a mapping of sections (verbs, nouns, ...)")
