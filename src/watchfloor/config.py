"""Settings: built once at the edge (the CLI, a caller of the API) and passed down."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from watchfloor.errors import ConfigError

__all__ = ["DEFAULT_MAX_CHARS", "Settings", "parse_duration", "parse_published"]

DEFAULT_MAX_CHARS = 1_000_000
"""The longest document read, in characters: spaCy's own default ``max_length``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What a run may change. ``published`` is the fallback publication date for inputs that
    carry none; ``max_chars`` caps one document; ``jobs`` is the number of worker processes;
    ``batch_size`` the documents per spaCy batch."""

    published: dt.datetime | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    jobs: int = 1
    batch_size: int = 16

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ConfigError(f"max_chars must be positive, got {self.max_chars}")
        if self.jobs < 1:
            raise ConfigError(f"jobs must be at least 1, got {self.jobs}")
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.published is not None and self.published.tzinfo is None:
            raise ConfigError("published must be timezone-aware: use parse_published()")


def parse_published(
    value: str | dt.date | dt.datetime | None, *, what: str = "published"
) -> dt.datetime | None:
    """A publication time as a tz-aware UTC datetime.

    Accepts ISO dates (``2024-10-22``, taken as midnight UTC) and ISO datetimes (naive ones are
    taken as UTC). Raises :class:`ConfigError` naming ``what`` for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ConfigError(
                f"{what} {text!r} is not a date: use ISO 8601, e.g. 2024-10-22 or "
                "2024-10-22T09:30:00+09:00"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(value: str, *, what: str = "duration") -> dt.timedelta:
    """A duration such as ``1d``, ``12h``, ``30m`` or ``2w`` (a positive whole number and a
    unit). Raises :class:`ConfigError` naming ``what`` for anything else."""
    text = value.strip().lower()
    number, unit = text[:-1], text[-1:]
    if unit not in _UNITS or not number.isdigit() or int(number) == 0:
        raise ConfigError(
            f"{what} {value!r} is not a duration: use a positive whole number and a unit "
            "m, h, d or w, e.g. 1d or 12h"
        )
    return dt.timedelta(seconds=int(number) * _UNITS[unit])
