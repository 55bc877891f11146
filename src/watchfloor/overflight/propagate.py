"""SGP4 over many satellites and times at once, and what the elements can support.

Propagation runs through the sgp4 package's ``SatrecArray`` (Vallado's C++ code, vectorised
over satellites and times); everything after it is numpy.

**Element age.** An element set is a fit to observations around its epoch; away from it the
position error grows, mostly along the track. Published comparisons of SGP4 element sets with
precise orbits (e.g. Kelso, "Validation of SGP4 and IS-GPS-200D against GPS precision
ephemerides", AAS 07-127, 2007; Vallado et al., AIAA 2006-6753) find errors of about a kilometre
at epoch growing by one to a few kilometres per day for low orbits. We take the upper end:
``ELEMENT_ERROR_KM + ELEMENT_ERROR_KM_PER_DAY × age``, and widen every pass window by the time the
satellite needs to cover that distance. Elements more than ``STALE_DAYS`` from a pass get a
warning; beyond ``MAX_AGE_DAYS`` (either side of the epoch) no pass is computed at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from watchfloor.overflight.frames import gmst82, julian_split, teme_to_ecef

if TYPE_CHECKING:
    from sgp4.api import Satrec  # type: ignore[import-untyped]

__all__ = [
    "ELEMENT_ERROR_KM",
    "ELEMENT_ERROR_KM_PER_DAY",
    "MAX_AGE_DAYS",
    "SGP4_ERRORS",
    "STALE_DAYS",
    "propagate_ecef",
    "propagate_teme",
    "timing_margin_s",
]

Array = NDArray[np.float64]

ELEMENT_ERROR_KM = 1.0
ELEMENT_ERROR_KM_PER_DAY = 3.0
STALE_DAYS = 7.0
MAX_AGE_DAYS = 60.0

SGP4_ERRORS = {
    1: "the mean eccentricity left [0, 1) or the mean semi-major axis fell below 0.95 Earth radii",
    2: "the mean motion became negative",
    3: "the perturbed eccentricity left [0, 1]",
    4: "the semi-latus rectum became negative",
    5: "the epoch elements are sub-orbital",
    6: "the satellite has decayed",
}
"""What SGP4's error codes mean (Vallado's sgp4 code, and the sgp4 package's documentation)."""


def propagate_teme(
    satrecs: Sequence[Satrec], jd: Array, fr: Array
) -> tuple[NDArray[np.uint8], Array, Array]:
    """Positions (km) and velocities (km/s) in TEME for every satellite at every time:
    error codes ``(N, K)``, ``r`` and ``v`` ``(N, K, 3)``. A sample with an error code is
    unusable (NaN, or for a decay the numbers SGP4 reached)."""
    from sgp4.api import SatrecArray

    e, r, v = SatrecArray(list(satrecs)).sgp4(
        np.ascontiguousarray(jd, dtype=np.float64), np.ascontiguousarray(fr, dtype=np.float64)
    )
    return e, r, v


def propagate_ecef(
    satrecs: Sequence[Satrec], jd0: float, fr0: float, seconds: Array
) -> tuple[NDArray[np.uint8], Array, Array]:
    """As :func:`propagate_teme` at ``seconds`` after (jd0, fr0), rotated to the Earth-fixed
    frame (velocity relative to the Earth)."""
    jd, fr = julian_split(jd0, fr0, seconds)
    e, r, v = propagate_teme(satrecs, jd, fr)
    r_ecef, v_ecef = teme_to_ecef(r, v, gmst82(jd, fr)[None, :])
    return e, r_ecef, v_ecef


def timing_margin_s(age_days: Array, speed_km_s: Array) -> Array:
    """Seconds by which to widen a pass window for elements ``age_days`` from the pass, for a
    satellite moving at ``speed_km_s`` relative to the ground."""
    error_km = ELEMENT_ERROR_KM + ELEMENT_ERROR_KM_PER_DAY * np.abs(age_days)
    return np.asarray(error_km / np.maximum(speed_km_s, 0.1))
