"""Overflight warnings: when reconnaissance satellites pass over the sites you care about.

The Python API (the CLI commands ``watchfloor passes`` and ``watchfloor revisit`` are thin
shells over it)::

    from watchfloor.overflight import upcoming_passes, revisit

    report = upcoming_passes("catalog.json", "sites.yaml", satellites="satellites.yaml",
                             start=None, days=3, sensors={"optical"})
    for p in report.passes:            # usable passes, ordered by window opening
        print(p.satellite, p.site, p.window_open, p.window_close, p.max_elevation)
    for problem in report.problems:    # bad element sets, sites, stale elements…
        print(problem.severity, problem)
    for r in revisit(report):
        print(r.site, r.passes, r.max_gap_h, r.longest_unobserved_h)

For inputs already in memory: :func:`read_elements`, :func:`read_sites`,
:func:`read_satellite_list` and :func:`tag_satellites`, then :func:`compute_passes`.
Importing this package loads numpy; sgp4 loads on the first computation.
"""

from watchfloor.overflight.compute import compute_passes, upcoming_passes
from watchfloor.overflight.elements import ElementSet, parse_elements, read_elements
from watchfloor.overflight.records import (
    LookSide,
    Pass,
    PassReport,
    Problem,
    Sensor,
    SiteRevisit,
)
from watchfloor.overflight.revisits import revisit
from watchfloor.overflight.satellites import Satellite, read_satellite_list, tag_satellites
from watchfloor.overflight.sensors import DEFAULTS, Constraints, Overrides
from watchfloor.overflight.sites import Site, read_sites

__all__ = [
    "DEFAULTS",
    "Constraints",
    "ElementSet",
    "LookSide",
    "Overrides",
    "Pass",
    "PassReport",
    "Problem",
    "Satellite",
    "Sensor",
    "Site",
    "SiteRevisit",
    "compute_passes",
    "parse_elements",
    "read_elements",
    "read_satellite_list",
    "read_sites",
    "revisit",
    "tag_satellites",
    "upcoming_passes",
]
