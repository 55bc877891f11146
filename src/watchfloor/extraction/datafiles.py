"""Reading the stage's YAML data files (lexicons), bundled or the user's, with errors that name
the file and line."""

from __future__ import annotations

from typing import Any

import yaml

from watchfloor.errors import GazetteerError, WatchfloorError

__all__ = ["parse_yaml_mapping", "read_yaml_mapping"]


def read_yaml_mapping(
    path: Any, expected: str, *, error: type[WatchfloorError] = GazetteerError
) -> dict[str, Any]:
    """The top-level mapping of the YAML file at ``path`` (a Path or importlib Traversable).

    Raises ``error`` (GazetteerError unless the caller's stage has its own) naming the file (and
    line, for syntax errors); ``expected`` says what the mapping should hold ("a mapping of unit
    classes to lists of nouns").
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: is not UTF-8 text; save it as UTF-8") from None
    return parse_yaml_mapping(text, where=str(path), expected=expected, error=error)


def parse_yaml_mapping(
    text: str, *, where: str, expected: str, error: type[WatchfloorError] = GazetteerError
) -> dict[str, Any]:
    """The top-level mapping of YAML ``text`` read from ``where`` (named in errors)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise error(f"{where}{line}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise error(f"{where}: expected {expected}")
    return data
