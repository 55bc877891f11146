"""The exceptions of watchfloor: one base class, one family per stage.

::

    WatchfloorError                 anything watchfloor raises on purpose
    ├── ConfigError                 settings that cannot be used
    ├── IngestError                 an input that cannot be read into a Document
    │   ├── InputNotFoundError      a path that does not exist
    │   ├── UnreadableInputError    empty, binary, badly encoded, too large or malformed input
    │   ├── FetchError              a URL that cannot be fetched (refused, 404, too big…)
    │   └── FeedError               a feed that cannot be parsed (broken XML, too slow, no entries)
    └── ExtractError                the extraction stage
        ├── PipelineError           the spaCy pipeline or the trained component cannot be loaded
        └── GazetteerError          a gazetteer data file (bundled or the user's) is malformed
    ├── LedgerError                 the ledger database cannot be opened, migrated or written
    ├── CorroborateError            stories and grades cannot be built (e.g. a bad source registry)
    ├── AssessError                 the assessment stage
    │   └── PlaybookError           a playbook file is malformed; the message names file and line
    └── OverflightError             satellite overflights: elements, sites, the period asked for
        ├── ElementsError           an element file or satellite list that cannot be read at all
        └── SitesError              a sites file that cannot be read at all

Every message is a sentence for a person: what happened, the offending value, what to do next.
"""

from __future__ import annotations

__all__ = [
    "AssessError",
    "ConfigError",
    "CorroborateError",
    "ElementsError",
    "ExtractError",
    "FeedError",
    "FetchError",
    "GazetteerError",
    "IngestError",
    "InputNotFoundError",
    "LedgerError",
    "OverflightError",
    "PipelineError",
    "PlaybookError",
    "SitesError",
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


class FetchError(IngestError):
    """A URL that cannot be fetched: bad scheme, refused address, unreachable, timeout, an HTTP
    error status, a body too large, too many redirects or an unsupported content type."""


class FeedError(IngestError):
    """A feed whose XML is broken, whose parsing ran out of time, or that lists no entries."""


class LedgerError(WatchfloorError):
    """The ledger database cannot be opened, migrated or written; the message names the URL
    (with any password hidden)."""


class CorroborateError(WatchfloorError):
    """Stories or grades cannot be built: a malformed source registry or corroboration data file."""


class AssessError(WatchfloorError):
    """The assessment stage failed: playbooks, indicators, phases."""


class PlaybookError(AssessError):
    """A playbook file is malformed; the message names the file and line and what to write."""


class OverflightError(WatchfloorError):
    """Satellite overflights: a period, a sensor or an option that cannot be used. One bad
    element set, site or list entry is not an exception: it is reported as a problem and the
    rest goes on."""


class ElementsError(OverflightError):
    """An element file or satellite list that cannot be read at all (missing, not text, not any
    known format); the message names the file and what to do."""


class SitesError(OverflightError):
    """A sites file that cannot be read at all (missing, bad YAML or CSV, no sites in it)."""
