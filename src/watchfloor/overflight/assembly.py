"""Events into passes, and the columnar tables the pass finder returns.

Rises open and sets close passes pair by pair; a pass already up where the computation starts
(the period, or what the elements support) opens there, and one still up at the end closes
there, marked as such. The highest elevation maximum inside a pass is its culmination; every
maximum is kept in ``PassTable.peaks`` (a long pass may rise, dip and rise again).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["CULMINATION", "RISE", "SET", "Coverage", "EventColumns", "PassTable", "SiteVectors",
           "assemble"]  # fmt: skip

Array = NDArray[np.float64]
Ints = NDArray[np.intp]
Bools = NDArray[np.bool_]

RISE, CULMINATION, SET = 0, 1, 2


@dataclass(frozen=True, slots=True)
class PassTable:
    """Passes as columns, one row per pass. Times are seconds from the start; ``r`` and ``v``
    are the Earth-fixed state at culmination (km, km/s). ``peaks`` are the times of every
    elevation maximum above the mask, ``peak_pass`` the row of the pass each lies in: a long
    pass (a high orbit near apogee) may rise, dip and rise again without setting."""

    sat: Ints
    point: Ints
    rise: Array
    culmination: Array
    set: Array
    starts_before: Bools
    ends_after: Bools
    r: Array
    v: Array
    peaks: Array
    peak_pass: Ints

    def __len__(self) -> int:
        return len(self.sat)


@dataclass(frozen=True, slots=True)
class Coverage:
    """What was computed per satellite: the first and last usable grid times (NaN if none) and
    the time and SGP4 error code at which propagation failed (NaN and 0 if it never did)."""

    first: Array
    last: Array
    failed_at: Array
    error: NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class SiteVectors:
    """The site points in both precisions: float64 for refinement, float32 for the screen."""

    points: Array
    up: Array
    points_t: Array  # (3, P)
    up_t: Array
    points32: NDArray[np.float32]
    up32: NDArray[np.float32]
    height32: NDArray[np.float32]  # points · up
    norm2_32: NDArray[np.float32]  # |points|²

    @classmethod
    def of(cls, points: Array, up: Array) -> SiteVectors:
        return cls(
            points=points,
            up=up,
            points_t=np.ascontiguousarray(points.T),
            up_t=np.ascontiguousarray(up.T),
            points32=points.astype(np.float32),
            up32=up.astype(np.float32),
            height32=(points * up).sum(axis=1).astype(np.float32),
            norm2_32=(points * points).sum(axis=1).astype(np.float32),
        )


@dataclass(frozen=True, slots=True)
class EventColumns:
    """All events found: satellite, point, time (s), kind, sin(elevation), and the state (ρ from
    the site until assembly, then the satellite's position; velocity)."""

    n: Ints
    p: Ints
    t: Array
    kind: NDArray[np.int8]
    s: Array
    r: Array
    v: Array


def assemble(
    ev: EventColumns,
    cov: Coverage,
    *,
    edge_r: Array,
    edge_v: Array,
    sites: SiteVectors,
    sin_mask: Array,
    duration_s: float,
) -> PassTable:
    """Step 4 of the module docstring: events into passes."""
    n_pt = len(sites.points)
    ev_r = ev.r + sites.points[ev.p]  # ρ back to the satellite's position
    with np.errstate(invalid="ignore"):
        rho = edge_r[:, :, None, :] - sites.points[None, None, :, :]
        s_edge = np.einsum("enpi,pi->enp", rho, sites.up) / np.linalg.norm(rho, axis=-1)
        up_edge = s_edge >= sin_mask[None]
    span = duration_s + 10.0

    # starts: rises, and passes up at the first sample; ends: sets, and passes up at the last
    fn, fp = np.nonzero(up_edge[0])
    ln, lp = np.nonzero(up_edge[1])
    is_rise, is_set, is_top = ev.kind == RISE, ev.kind == SET, ev.kind == CULMINATION
    starts = _Ends.of(ev, ev_r, is_rise, n_pt=n_pt, en=fn, ep=fp, edge_t=cov.first,
                      edge_r=edge_r[0], edge_v=edge_v[0], edge_s=s_edge[0])  # fmt: skip
    ends = _Ends.of(ev, ev_r, is_set, n_pt=n_pt, en=ln, ep=lp, edge_t=cov.last,
                    edge_r=edge_r[1], edge_v=edge_v[1], edge_s=s_edge[1])  # fmt: skip
    s_key, e_key = starts.pair * span + starts.t, ends.pair * span + ends.t

    # each start closes at the first end after it; a second start before that end is dropped
    j = np.searchsorted(e_key, s_key, side="left")
    ok = j < len(e_key)
    ok[ok] &= ends.pair[j[ok]] == starts.pair[ok]
    first_for_end = np.zeros(len(j), dtype=bool)
    first_for_end[np.unique(np.where(ok, j, -1 - np.arange(len(j))), return_index=True)[1]] = True
    keep = np.flatnonzero(ok & first_for_end)
    j = j[keep]
    pair, rise, set_ = starts.pair[keep], starts.t[keep], ends.t[j]

    # culmination: the highest maximum inside; else the higher of the two ends
    use_start = starts.s[keep] >= ends.s[j]
    best_s = np.where(use_start, starts.s[keep], ends.s[j])
    culm = np.where(use_start, rise, set_)
    r = np.where(use_start[:, None], starts.r[keep], ends.r[j])
    v = np.where(use_start[:, None], starts.v[keep], ends.v[j])
    peaks, peak_pass = np.zeros(0), np.zeros(0, np.intp)
    if is_top.any():
        c_pair = ev.n[is_top] * n_pt + ev.p[is_top]
        c_key = c_pair * span + ev.t[is_top]
        i = np.searchsorted(s_key[keep], c_key, side="right") - 1
        inside = i >= 0
        inside[inside] &= pair[i[inside]] == c_pair[inside]
        inside[inside] &= c_key[inside] <= e_key[j[i[inside]]]
        ci = np.flatnonzero(inside)
        peaks, peak_pass = ev.t[is_top][ci], i[ci]
        order = np.lexsort((ev.s[is_top][ci], peak_pass))
        last = np.r_[peak_pass[order][1:] != peak_pass[order][:-1], True]
        winners = ci[order][last]
        target = i[winners]
        higher = ev.s[is_top][winners] >= best_s[target]
        target, winners = target[higher], winners[higher]
        culm[target] = ev.t[is_top][winners]
        r[target] = ev_r[is_top][winners]
        v[target] = ev.v[is_top][winners]

    order = np.lexsort((rise, pair))
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    return PassTable(
        sat=(pair // n_pt)[order],
        point=(pair % n_pt)[order],
        rise=rise[order],
        culmination=culm[order],
        set=set_[order],
        starts_before=starts.clipped[keep][order],
        ends_after=ends.clipped[j][order],
        r=r[order],
        v=v[order],
        peaks=peaks,
        peak_pass=position[peak_pass],
    )


@dataclass(frozen=True, slots=True)
class _Ends:
    """Pass starts (or ends), sorted by pair and time: crossings and clipped edges together."""

    pair: Ints
    t: Array
    clipped: Bools
    r: Array
    v: Array
    s: Array

    @classmethod
    def of(
        cls, ev: EventColumns, ev_r: Array, chosen: Bools, *, n_pt: int, en: Ints, ep: Ints,
        edge_t: Array, edge_r: Array, edge_v: Array, edge_s: Array,
    ) -> _Ends:  # fmt: skip
        pair = np.concatenate([ev.n[chosen] * n_pt + ev.p[chosen], en * n_pt + ep])
        t = np.concatenate([ev.t[chosen], edge_t[en]])
        order = np.lexsort((t, pair))
        return cls(
            pair=pair[order],
            t=t[order],
            clipped=np.r_[np.zeros(int(chosen.sum()), bool), np.ones(en.size, bool)][order],
            r=np.concatenate([ev_r[chosen], edge_r[en]])[order],
            v=np.concatenate([ev.v[chosen], edge_v[en]])[order],
            s=np.concatenate([ev.s[chosen], edge_s[en, ep]])[order],
        )
