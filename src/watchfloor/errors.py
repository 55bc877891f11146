"""The exceptions of watchfloor: one base class, one family per stage.

::

    WatchfloorError                 anything watchfloor raises on purpose
    ├── ConfigError                 settings that cannot be used
    ├── IngestError                 an input that cannot be read into a Document
    │   ├── InputNotFoundError      a path that does not exist
    │   └── UnreadableInputError    empty, binary, badly encoded, too large or malformed input
    └── ExtractError                the extraction stage
        ├── PipelineError           the spaCy pipeline or the trained component cannot be loaded
        └── GazetteerError          a gazetteer data file (bundled or the user's) is malformed

Every message is a sentence for a person: what happened, the offending value, what to do next.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ExtractError",
    "GazetteerError",
    "IngestError",
    "InputNotFoundError",
    "PipelineError",
    "UnreadableInputError",
    "WatchfloorError",
]


class WatchfloorError(Exception):
    """Base class of every error watchfloor raises on purpose."""


class ConfigError(WatchfloorError):
    """Settings that cannot be used (a bad date, an unknown format, a bad path)."""


class IngestError(WatchfloorError):
    """An input that cannot be turned into a Document. ``origin`` names the input."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


class InputNotFoundError(IngestError):
    """A path that does not exist."""


class UnreadableInputError(IngestError):
    """Input that exists but cannot be read as a document."""


class ExtractError(WatchfloorError):
    """The extraction stage failed on a document or could not start."""


class PipelineError(ExtractError):
    """The spaCy pipeline or the trained attribution component cannot be loaded."""


class GazetteerError(ExtractError):
    """A gazetteer data file is malformed; the message names the file and line."""
