"""The grouping rules of stories, read once from ``data/stories.yaml``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from watchfloor.errors import CorroborateError
from watchfloor.extraction.datafiles import read_yaml_mapping

__all__ = ["StoryRules", "load_rules"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryRules:
    """``families`` maps an event type to the story type it joins; ``objects`` maps a lowercase
    word or phrase to its object class; ``back_reference`` matches a denial's content that
    points back at earlier reports."""

    families: dict[str, str]
    gap_days: int
    denial_lead_days: int
    objects: dict[str, str]
    object_pattern: re.Pattern[str]
    back_reference: re.Pattern[str]
    declining_cues: frozenset[str]

    def family(self, event_type: str) -> str:
        return self.families.get(event_type, event_type)

    def object_class(self, unit: str | None, content: str) -> str | None:
        """The object class of a claim: from its quantity's unit, else from its content words
        (the first class word in the content), else ``None``."""
        if unit:
            found = self._match(unit.lower())
            if found:
                return found
        return self._match(content.lower())

    def _match(self, text: str) -> str | None:
        found = self.object_pattern.search(text)
        return self.objects[found.group(0)] if found else None


def _alternation(words: list[str]) -> re.Pattern[str]:
    """One pattern matching any of ``words`` as whole words, longest first."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])",
        re.IGNORECASE,
    )


def _words(value: object, what: str, path: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CorroborateError(f"{path}: {what} must be a list of words")
    return [v.lower() for v in value]


@functools.cache
def load_rules() -> StoryRules:
    """The bundled story rules."""
    path = resources.files("watchfloor.corroborate").joinpath("data/stories.yaml")
    data = read_yaml_mapping(path, "a mapping of story rules", error=CorroborateError)
    families = data.get("families") or {}
    if not isinstance(families, dict):
        raise CorroborateError(f"{path}: families must map event types to event types")
    objects: dict[str, str] = {}
    for cls, words in (data.get("objects") or {}).items():
        for word in _words(words, f"objects.{cls}", path):
            objects[word] = str(cls)
    back = _words(data.get("back_references") or [], "back_references", path)
    try:
        gap, lead = int(data.get("gap_days", 60)), int(data.get("denial_lead_days", 3))
    except (TypeError, ValueError):
        raise CorroborateError(
            f"{path}: gap_days and denial_lead_days must be whole days"
        ) from None
    return StoryRules(
        families={str(k): str(v) for k, v in families.items()},
        gap_days=gap,
        denial_lead_days=lead,
        objects=objects,
        object_pattern=_alternation(list(objects)),
        back_reference=_alternation(back),
        declining_cues=frozenset(_words(data.get("declining_cues") or [], "declining_cues", path)),
    )
