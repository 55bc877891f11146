"""The records of the overflight stage: problems, passes, a pass report and revisit statistics.

Every time is a tz-aware UTC datetime; every angle is in degrees; distances are in kilometres.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = ["LookSide", "Pass", "PassReport", "Problem", "Sensor", "SiteRevisit"]


class Sensor(StrEnum):
    """What a satellite collects. ``unknown`` is a satellite that no list tagged."""

    optical = "optical"
    sar = "sar"
    sigint = "sigint"
    unknown = "unknown"


class LookSide(StrEnum):
    """The side of its ground track a SAR looks to, seen along the direction of flight."""

    left = "left"
    right = "right"
    either = "either"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One input that could not be used (``error``: it was left out) or that was used with a
    caveat (``warning``). ``subject`` names the satellite or site; ``message`` is the whole
    sentence, naming the file and what to do."""

    severity: Literal["error", "warning"]
    subject: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True, kw_only=True)
class Pass:
    """One pass of a satellite over a site: the window in which it is above the site's horizon
    mask, the geometry at culmination, and whether its sensor can use it.

    ``rise`` and ``set`` are the computed crossings of the horizon mask; ``window_open`` and
    ``window_close`` are those widened by ``margin_s`` seconds, the timing uncertainty of an
    element set ``age_days`` old (see :mod:`watchfloor.overflight.sensors`). ``starts_before`` /
    ``ends_after`` mark a pass already in progress at the start of the period (or of what the
    elements support), or still in progress at its end: its rise or set is then that edge.
    """

    satellite: str
    catalog: str
    owner: str | None
    sensor: Sensor
    site: str
    rise: dt.datetime
    culmination: dt.datetime
    set: dt.datetime
    max_elevation: float
    azimuth: float
    off_nadir: float
    range_km: float
    look_side: Literal["left", "right"]
    sun_elevation: float
    usable: bool
    why_not: tuple[str, ...]
    epoch: dt.datetime
    age_days: float
    margin_s: float
    starts_before: bool = False
    ends_after: bool = False

    @property
    def window_open(self) -> dt.datetime:
        """The rise, earlier by the margin for element age (not widened where the period cuts
        the pass)."""
        if self.starts_before:
            return self.rise
        return self.rise - dt.timedelta(seconds=self.margin_s)

    @property
    def window_close(self) -> dt.datetime:
        """The set, later by the margin for element age (not widened where the period cuts
        the pass)."""
        if self.ends_after:
            return self.set
        return self.set + dt.timedelta(seconds=self.margin_s)

    @property
    def incidence(self) -> float:
        """The steepest incidence of the pass at the site: 90° minus the maximum elevation."""
        return 90.0 - self.max_elevation

    @property
    def sunlit(self) -> bool:
        """Whether the Sun is above the site's horizon at culmination."""
        return self.sun_elevation > 0.0

    def __repr__(self) -> str:
        return (
            f"Pass({self.satellite!r} over {self.site!r}, "
            f"{self.rise:%Y-%m-%d %H:%M:%S}–{self.set:%H:%M:%S} UTC, "
            f"max {self.max_elevation:.1f}° at {self.culmination:%H:%M:%S}, "
            f"{'usable' if self.usable else 'not usable'})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PassReport:
    """The passes over a period, in order of window opening, and the problems met on the way."""

    start: dt.datetime
    end: dt.datetime
    passes: tuple[Pass, ...]
    problems: tuple[Problem, ...]
    satellites: tuple[str, ...]
    sites: tuple[str, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteRevisit:
    """How often one site is seen over a period by the usable passes of all satellites.

    ``mean_gap_h`` and ``max_gap_h`` are the intervals between the culminations of consecutive
    usable passes (none with fewer than two passes); ``longest_unobserved_h`` is the longest
    stretch of the period, edges included, outside every usable pass's widened window, and
    ``unobserved_from`` / ``unobserved_until`` say where it lies.
    """

    site: str
    passes: int
    satellites: int
    mean_gap_h: float | None
    max_gap_h: float | None
    longest_unobserved_h: float
    unobserved_from: dt.datetime
    unobserved_until: dt.datetime
    observed_fraction: float

    def __repr__(self) -> str:
        return (
            f"SiteRevisit({self.site!r}: {self.passes} passes by {self.satellites} satellites, "
            f"longest unobserved {self.longest_unobserved_h:.1f} h)"
        )
