"""Reading the stage's YAML data files (lexicons), bundled or the user's, with errors that name
the file and line."""

from __future__ import annotations

from typing import Any

import yaml

from watchfloor.errors import GazetteerError

__all__ = ["read_yaml_mapping"]


def read_yaml_mapping(path: Any, expected: str) -> dict[str, Any]:
    """The top-level mapping of the YAML file at ``path`` (a Path or importlib Traversable).

    Raises GazetteerError naming the file (and line, for syntax errors); ``expected`` says what
    the mapping should hold ("a mapping of unit classes to lists of nouns").
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise GazetteerError(f"{path}{line}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise GazetteerError(f"{path}: expected {expected}")
    return data
