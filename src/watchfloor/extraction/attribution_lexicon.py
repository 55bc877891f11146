"""The attribution cue lexicon (``data/cues.yaml``): which words can signal an attribution.

The file maps lower-cased cue keys to ``{stance, kind}`` in four sections (verbs, nouns,
phrases, adverbs); its header comment documents the format. The lexicon feeds the cue features
of the trained attribution component and the rules of :mod:`watchfloor.extraction.attribution`;
:mod:`watchfloor.extraction.stance` reads the same file for default stances.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

from watchfloor.errors import GazetteerError
from watchfloor.records import STANCES, Stance

__all__ = ["KINDS", "CueEntry", "CueLexicon", "Kind", "load_cues"]

Kind = Literal["speech", "belief", "speech_act"]
KINDS: tuple[Kind, ...] = ("speech", "belief", "speech_act")
_SECTIONS = ("verbs", "nouns", "phrases", "adverbs")


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One lexicon entry: the default stance, the kind of cue and the section it came from."""

    stance: Stance
    kind: Kind
    section: str


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """The cue lexicon, keyed by lower-cased lemma (phrases by their tuple of lower words)."""

    verbs: Mapping[str, CueEntry]
    nouns: Mapping[str, CueEntry]
    phrases: Mapping[tuple[str, ...], CueEntry]
    adverbs: Mapping[str, CueEntry]

    @property
    def max_phrase_len(self) -> int:
        """The number of words of the longest phrase (0 when there is none)."""
        return max((len(p) for p in self.phrases), default=0)


def _entry(section: str, key: str, value: object, origin: str) -> CueEntry:
    fields = value if isinstance(value, dict) else {}
    stance = fields.get("stance", "assert")
    kind = fields.get("kind", "speech")
    if stance not in STANCES:
        raise GazetteerError(
            f"{origin}: {section}.{key}: unknown stance {stance!r}: use one of "
            + ", ".join(STANCES)
        )
    if kind not in KINDS:
        raise GazetteerError(
            f"{origin}: {section}.{key}: unknown kind {kind!r}: use one of " + ", ".join(KINDS)
        )
    return CueEntry(stance=stance, kind=kind, section=section)


@functools.cache
def load_cues(path: str | None = None) -> CueLexicon:
    """Read the cue lexicon once per process (``path`` defaults to the packaged cues.yaml).

    Raises ``GazetteerError`` naming the offending key when a stance or kind is not recognised.
    """
    if path is None:
        resource = resources.files("watchfloor.extraction") / "data" / "cues.yaml"
        text, origin = resource.read_text(encoding="utf-8"), "cues.yaml"
    else:
        text, origin = Path(path).read_text(encoding="utf-8"), path
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise GazetteerError(f"{origin}: expected a mapping with sections {', '.join(_SECTIONS)}")
    tables: dict[str, dict[str, CueEntry]] = {}
    for section in _SECTIONS:
        raw = data.get(section) or {}
        if not isinstance(raw, dict):
            raise GazetteerError(f"{origin}: section {section!r} must be a mapping of cue -> entry")
        tables[section] = {
            str(k).lower(): _entry(section, str(k), v, origin) for k, v in raw.items()
        }
    return CueLexicon(
        verbs=tables["verbs"],
        nouns=tables["nouns"],
        phrases={tuple(k.split()): v for k, v in tables["phrases"].items()},
        adverbs=tables["adverbs"],
    )
