"""Stand-ins shared by tests that must not depend on the real actor gazetteer."""

from __future__ import annotations

import re

from spacy.tokens import Span

__all__ = ["STATES", "state_of"]

STATES = {
    "north korea": "PRK", "north korean": "PRK", "pyongyang": "PRK", "the north": "PRK",
    "south korea": "KOR", "south korean": "KOR", "seoul": "KOR",
    "russia": "RUS", "russian": "RUS", "moscow": "RUS", "kursk": "RUS",
    "ukraine": "UKR", "ukrainian": "UKR", "kyiv": "UKR", "kharkiv": "UKR",
    "belarus": "BLR", "minsk": "BLR", "iran": "IRN", "iranian": "IRN", "tehran": "IRN",
    "china": "CHN", "chinese": "CHN", "beijing": "CHN", "japan": "JPN", "tokyo": "JPN",
    "the west": "WEST", "united states": "USA", "washington": "USA",
}  # fmt: skip
_NAMES = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, STATES), key=len, reverse=True)) + r")\b", re.I
)


def state_of(mention: Span) -> str | None:
    """Stand-in for ``DocumentActors.state_of``: the first known name, demonym or capital."""
    found = _NAMES.search(mention.text)
    return STATES[found.group(1).lower()] if found else None
