"""The list files of this stage (sites, satellites): YAML or CSV items with their line numbers,
so that every problem names the line it is about."""

from __future__ import annotations

import csv
import io
from typing import Any

from watchfloor.errors import OverflightError

__all__ = ["csv_items", "yaml_items"]


def yaml_items(
    text: str, origin: str, key: str, error: type[OverflightError]
) -> list[tuple[int, Any]]:
    """The items of a YAML list, at the top level or under ``key``, each with its 1-based line.
    Raises ``error`` (naming the file and line) for bad YAML or when there is no such list."""
    import yaml

    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise error(f"{origin} is not valid YAML{at}: {problem}") from None
    if isinstance(data, dict) and isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                node = v
        data = data.get(key)
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode) or not data:
        raise error(f"{origin} holds no list of {key}: write `{key}:` and then one `- ` item each")
    return [(n.start_mark.line + 1, item) for n, item in zip(node.value, data, strict=True)]


def csv_items(text: str) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a CSV file with a header row, each with its 1-based line; column names are
    lower-cased and stripped, empty cells dropped."""
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for row in reader:
        clean = {
            str(k).strip().lower(): v.strip()
            for k, v in row.items()
            if k is not None and isinstance(v, str) and v.strip()
        }
        rows.append((reader.line_num, clean))
    return rows
