"""YAML read with line numbers, so that every playbook error names the line it is about."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["Marked", "MarkedList", "load_marked"]


class Marked(dict[str, Any]):
    """A YAML mapping that remembers its line and the line of each key (1-based)."""

    line: int
    lines: dict[str, int]


class MarkedList(list[Any]):
    """A YAML sequence that remembers its line and the line of each item (1-based)."""

    line: int
    lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Marked:
    out = Marked()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[str(key)] = loader.construct_object(value_node, deep=True)
        out.lines[str(key)] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList(loader.construct_object(item, deep=True) for item in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [item.start_mark.line + 1 for item in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_marked(text: str) -> Any:
    """Parse YAML ``text``; mappings come back as :class:`Marked`, sequences as
    :class:`MarkedList`. Raises ``yaml.YAMLError`` (with its ``problem_mark``) on bad YAML."""
    return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader: no arbitrary objects
