"""Revisit: how often each site is seen, and for how long it is not.

Computed from the usable passes of a :class:`PassReport` over its period. Gaps between passes
are measured between culminations (the usual definition of revisit time); the longest time
unobserved is the longest stretch, the period's edges included, outside the union of every
usable pass's widened window, so overlapping passes of several satellites count once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from watchfloor.overflight.records import Pass, PassReport, SiteRevisit

__all__ = ["revisit"]

_HOUR = 3600.0


def revisit(report: PassReport) -> list[SiteRevisit]:
    """One :class:`SiteRevisit` per site of the report, in the report's order of sites."""
    by_site: dict[str, list[Pass]] = defaultdict(list)
    for p in report.passes:
        if p.usable:
            by_site[p.site].append(p)
    return [_site(name, by_site.get(name, []), report.start, report.end) for name in report.sites]


def _site(name: str, passes: list[Pass], start: dt.datetime, end: dt.datetime) -> SiteRevisit:
    period = (end - start).total_seconds()
    culminations = sorted(p.culmination for p in passes)
    gaps = [(b - a).total_seconds() / _HOUR for a, b in itertools.pairwise(culminations)]
    windows = sorted((max(p.window_open, start), min(p.window_close, end)) for p in passes)
    longest, gap_from, gap_until = 0.0, start, end
    observed = 0.0
    cursor = start
    for open_, close in windows:
        if open_ > cursor:
            length = (open_ - cursor).total_seconds()
            if length > longest:
                longest, gap_from, gap_until = length, cursor, open_
        if close > cursor:
            observed += (close - max(open_, cursor)).total_seconds()
            cursor = close
    if end > cursor and (end - cursor).total_seconds() > longest:
        longest, gap_from, gap_until = (end - cursor).total_seconds(), cursor, end
    return SiteRevisit(
        site=name,
        passes=len(passes),
        satellites=len({p.catalog for p in passes}),
        mean_gap_h=sum(gaps) / len(gaps) if gaps else None,
        max_gap_h=max(gaps) if gaps else None,
        longest_unobserved_h=longest / _HOUR,
        unobserved_from=gap_from,
        unobserved_until=gap_until,
        observed_fraction=observed / period if period > 0 else 0.0,
    )
