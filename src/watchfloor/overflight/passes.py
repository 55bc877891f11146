"""The pass finder: every satellite over every site point, on a coarse grid, then refined.

1. SGP4 at every grid time (``GRID_STEP_S``) for all satellites at once, rotated to Earth-fixed.
2. The sine of the elevation of every satellite at every point and time, in float32 with matrix
   products (the screen). An interval of the grid is a candidate when either end is within
   ``SCREEN_MARGIN_DEG`` of the pair's horizon mask.
3. For the candidates only, in float64: the elevation and its slope at both ends. An interval
   where the slope turns from rising to falling holds a maximum, found on the Hermite path
   (:mod:`~watchfloor.overflight.refine`) whether or not the grid samples are above the mask, so
   a grazing pass between two samples below the mask is still found. Each side of a maximum, and
   every interval whose ends lie on both sides of the mask, holds a crossing, refined the same way.
4. Rises open and sets close passes pair by pair (:mod:`~watchfloor.overflight.assembly`).

Nothing here loops over samples in Python: the loops run over blocks of time and of satellites.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from watchfloor.overflight.assembly import (
    CULMINATION,
    RISE,
    SET,
    Coverage,
    EventColumns,
    PassTable,
    SiteVectors,
    assemble,
)
from watchfloor.overflight.frames import gmst82, julian, julian_split, teme_to_ecef
from watchfloor.overflight.propagate import propagate_ecef
from watchfloor.overflight.refine import Hermite, dot, solve

if TYPE_CHECKING:
    from sgp4.api import Satrec  # type: ignore[import-untyped]

__all__ = ["GRID_STEP_S", "SCREEN_MARGIN_DEG", "Coverage", "PassTable", "find_passes"]

Array = NDArray[np.float64]
Ints = NDArray[np.intp]
Bools = NDArray[np.bool_]

GRID_STEP_S = 120.0
"""Grid step. Maxima are found from the slope, so the step only has to be shorter than the time
between an elevation maximum and the next minimum (half an orbit, at least 40 minutes); it is
kept small so that the Hermite path between samples stays within metres of SGP4."""

SCREEN_MARGIN_DEG = 10.0
"""How far below its mask a grid sample may be and its interval still be examined: more than the
elevation a pass near the mask can gain within half a grid step."""

_BLOCK = 360  # grid intervals per block of propagated time
_SCREEN_CELLS = 2_000_000  # satellite × sample × point cells per screening chunk
_F32_SLACK = 1e-4  # more than the float32 screen's error in sin(elevation) (about 1e-5)


class _Events:
    """Events as they are found, block by block."""

    def __init__(self) -> None:
        self._parts: list[EventColumns] = []

    def add(self, *, n: Ints, p: Ints, t: Array, kind: int, s: Array, r: Array, v: Array) -> None:
        if len(n):
            kinds = np.full(len(n), kind, dtype=np.int8)
            self._parts.append(EventColumns(n=n, p=p, t=t, kind=kinds, s=s, r=r, v=v))

    def columns(self) -> EventColumns:
        if not self._parts:
            empty = np.zeros(0)
            return EventColumns(
                n=np.zeros(0, np.intp), p=np.zeros(0, np.intp), t=empty,
                kind=np.zeros(0, np.int8), s=empty, r=np.zeros((0, 3)), v=np.zeros((0, 3)),
            )  # fmt: skip
        return EventColumns(
            *(np.concatenate([getattr(x, f) for x in self._parts]) for f in EventColumns.__slots__)
        )


def find_passes(
    satrecs: Sequence[Satrec],
    start: dt.datetime,
    duration_s: float,
    *,
    points: Array,
    up: Array,
    min_elevation: Array,
    support: Array | None = None,
    step_s: float = GRID_STEP_S,
) -> tuple[PassTable, Coverage]:
    """Passes of ``satrecs`` over site ``points`` (Earth-fixed km, ``(P, 3)``, with their up
    vectors) from ``start`` for ``duration_s`` seconds, above ``min_elevation`` (degrees,
    ``(N, P)``). ``support`` ``(N, 2)`` limits each satellite to seconds [from, to] (its
    elements' range); an SGP4 failure ends a satellite's computation at the failing sample."""
    n_sat = len(satrecs)
    grid = np.arange(0.0, duration_s, step_s)
    grid = np.append(grid, duration_s) if grid[-1] < duration_s else grid
    if support is None:
        support = np.tile([0.0, duration_s], (n_sat, 1))
    sites = SiteVectors.of(points, up)
    sin_mask = np.sin(np.radians(min_elevation))
    screen = np.sin(np.radians(np.maximum(min_elevation - SCREEN_MARGIN_DEG, -90.0)))
    screen32 = screen.astype(np.float32)[:, None, :]
    jd0, fr0 = julian(start)
    events = _Events()
    cov = Coverage(
        first=np.full(n_sat, np.nan),
        last=np.full(n_sat, np.nan),
        failed_at=np.full(n_sat, np.nan),
        error=np.zeros(n_sat, dtype=np.uint8),
    )
    edge_r = np.full((2, n_sat, 3), np.nan)
    edge_v = np.full((2, n_sat, 3), np.nan)
    dead = np.zeros(n_sat, dtype=bool)
    chunk = max(1, _SCREEN_CELLS // ((_BLOCK + 1) * len(points)))
    for k0 in range(0, len(grid) - 1, _BLOCK):
        times = grid[k0 : k0 + _BLOCK + 1]
        err, r, v = propagate_ecef(satrecs, jd0, fr0, times)
        inside = (times[None, :] >= support[:, :1]) & (times[None, :] <= support[:, 1:])
        failed = np.logical_or.accumulate((err != 0) & inside, axis=1) | dead[:, None]
        for n in np.flatnonzero(failed.any(axis=1) & ~dead):
            k = int(np.argmax(failed[n]))
            cov.failed_at[n], cov.error[n] = times[k], err[n, k]
        dead |= failed[:, -1]
        valid = inside & ~failed
        r[~valid] = np.nan
        v[~valid] = np.nan
        _track_edges(cov, edge_r, edge_v, valid=valid, times=times, r=r, v=v)
        for n0 in range(0, n_sat, chunk):
            rows = slice(n0, min(n0 + chunk, n_sat))
            _screen_and_refine(
                events, sites, n0=n0, r=r[rows], v=v[rows], times=times,
                screen32=screen32[rows], sin_mask=sin_mask[rows],
            )  # fmt: skip
    found = _polish_deep_space(events.columns(), satrecs, jd0=jd0, fr0=fr0, sites=sites)
    table = assemble(found, cov, edge_r=edge_r, edge_v=edge_v, sites=sites, sin_mask=sin_mask,
                      duration_s=duration_s)  # fmt: skip
    return table, cov


def _polish_deep_space(
    ev: EventColumns, satrecs: Sequence[Satrec], *, jd0: float, fr0: float, sites: SiteVectors
) -> EventColumns:
    """Deep-space SGP4 (SDP4, periods over 225 minutes) returns velocities that differ from the
    derivative of its own positions by decimetres per second, so the Hermite path drifts by tens
    of metres; where such a satellite's elevation changes slowly (near apogee) that moves an event
    by seconds. Its events are therefore placed again from exact SGP4 positions alone: a maximum
    by a parabola through sin(elevation) at three times (±2 s, then ±0.25 s; near any maximum,
    zenith included, sin(elevation) is quadratic in time), a crossing by a secant step (over 1 s,
    then 0.1 s)."""
    deep = np.array([getattr(s, "method", "n") == "d" for s in satrecs], dtype=bool)
    chosen = np.flatnonzero(deep[ev.n])
    if chosen.size == 0:
        return ev
    t, s, r, v = ev.t.copy(), ev.s.copy(), ev.r.copy(), ev.v.copy()
    tops = chosen[ev.kind[chosen] == CULMINATION]
    ends = chosen[ev.kind[chosen] != CULMINATION]

    def sin_elevation(rows: Ints, times: Array) -> Array:
        pos, _ = _exact_states(satrecs, jd0, fr0, ev.n[rows], times)
        rho = pos - sites.points[ev.p[rows]][:, None, :]
        return np.asarray(
            np.einsum("cki,ci->ck", rho, sites.up[ev.p[rows]]) / np.linalg.norm(rho, axis=2)
        )

    with np.errstate(divide="ignore", invalid="ignore"):
        for delta in (2.0, 0.25):
            if tops.size:
                y = sin_elevation(tops, t[tops][:, None] + np.array([-delta, 0.0, delta]))
                curvature = y[:, 0] - 2.0 * y[:, 1] + y[:, 2]
                shift = delta * (y[:, 0] - y[:, 2]) / (2.0 * curvature)
                ok = (curvature < 0.0) & (np.abs(shift) <= 4.0 * delta)
                t[tops[ok]] += shift[ok]
        for delta in (1.0, 0.1):
            if ends.size:
                y = sin_elevation(ends, t[ends][:, None] + np.array([0.0, delta])) - s[ends, None]
                shift = -y[:, 0] * delta / (y[:, 1] - y[:, 0])
                ok = np.isfinite(shift) & (np.abs(shift) <= 30.0)
                t[ends[ok]] += shift[ok]
    pos, vel = _exact_states(satrecs, jd0, fr0, ev.n[chosen], t[chosen][:, None])
    rho = pos[:, 0] - sites.points[ev.p[chosen]]
    s[tops] = sin_elevation(tops, t[tops][:, None])[:, 0] if tops.size else s[tops]
    r[chosen], v[chosen] = rho, vel[:, 0]
    return EventColumns(n=ev.n, p=ev.p, t=t, kind=ev.kind, s=s, r=r, v=v)


def _exact_states(
    satrecs: Sequence[Satrec], jd0: float, fr0: float, sat: Ints, times: Array
) -> tuple[Array, Array]:
    """Earth-fixed SGP4 states ``(C, K, 3)`` of satellite ``sat[c]`` at ``times[c, :]``: one
    vectorised call per satellite."""
    r = np.empty((*times.shape, 3))
    v = np.empty((*times.shape, 3))
    order = np.argsort(sat, kind="stable")
    bounds = np.flatnonzero(np.diff(sat[order])) + 1
    for group in np.split(order, bounds):
        jd, fr = julian_split(jd0, fr0, times[group].ravel())
        _, rt, vt = satrecs[int(sat[group[0]])].sgp4_array(jd, fr)
        re, ve = teme_to_ecef(rt, vt, gmst82(jd, fr))
        r[group] = re.reshape(len(group), times.shape[1], 3)
        v[group] = ve.reshape(len(group), times.shape[1], 3)
    return r, v


def _track_edges(
    cov: Coverage, edge_r: Array, edge_v: Array, *, valid: Bools, times: Array, r: Array,
    v: Array,
) -> None:  # fmt: skip
    """Keep the first and the last valid sample of every satellite (and their states)."""
    some = valid.any(axis=1)
    first = np.argmax(valid, axis=1)
    last = valid.shape[1] - 1 - np.argmax(valid[:, ::-1], axis=1)
    idx = np.flatnonzero(some & np.isnan(cov.first))
    cov.first[idx] = times[first[idx]]
    edge_r[0, idx], edge_v[0, idx] = r[idx, first[idx]], v[idx, first[idx]]
    idx = np.flatnonzero(some)
    cov.last[idx] = times[last[idx]]
    edge_r[1, idx], edge_v[1, idx] = r[idx, last[idx]], v[idx, last[idx]]


def _screen_and_refine(
    events: _Events,
    sites: SiteVectors,
    *,
    n0: int,
    r: Array,
    v: Array,
    times: Array,
    screen32: NDArray[np.float32],
    sin_mask: Array,
) -> None:
    """Steps 2 and 3 of the module docstring for satellites ``n0…`` over one block of time.

    The float32 screen also pre-classifies: an interval goes on to float64 when it may cross
    the mask (its ends straddle it, within float32 error) or touches a sampled local maximum
    near the mask (a true maximum between samples always leaves one next to it)."""
    r32 = r.astype(np.float32)
    thr32 = sin_mask.astype(np.float32)[:, None, :]
    with np.errstate(invalid="ignore"):
        rho2 = np.einsum("nki,nki->nk", r32, r32)[..., None] - 2.0 * (r32 @ sites.points32.T)
        rho2 += sites.norm2_32
        s = r32 @ sites.up32.T
        s -= sites.height32
        s /= np.sqrt(rho2)
        del rho2
        peak = np.empty(s.shape, dtype=bool)
        peak[:, 1:-1] = (s[:, 1:-1] >= s[:, :-2]) & (s[:, 1:-1] >= s[:, 2:])
        peak[:, 0] = s[:, 0] >= s[:, 1]
        peak[:, -1] = s[:, -1] >= s[:, -2]
        peak &= s >= screen32
        low, high = np.minimum(s[:, :-1], s[:, 1:]), np.maximum(s[:, :-1], s[:, 1:])
        cand = (low <= thr32 + _F32_SLACK) & (high >= thr32 - _F32_SLACK)
        cand |= peak[:, :-1]
        cand |= peak[:, 1:]
    del s, low, high, peak
    nn, kk, pp = np.nonzero(cand)
    if nn.size == 0:
        return
    rs, vs = np.moveaxis(r, 2, 0), np.moveaxis(v, 2, 0)  # (3, N, K) views
    r0, v0, r1, v1 = rs[:, nn, kk], vs[:, nn, kk], rs[:, nn, kk + 1], vs[:, nn, kk + 1]
    site, u = sites.points_t[:, pp], sites.up_t[:, pp]
    thr = sin_mask[nn, pp]
    rho0, rho1 = r0 - site, r1 - site
    s0 = dot(rho0, u) / np.sqrt(dot(rho0, rho0))
    s1 = dot(rho1, u) / np.sqrt(dot(rho1, rho1))
    g0, g1 = _slope(rho0, v0, u), _slope(rho1, v1, u)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(s0) & np.isfinite(s1)
        is_max = finite & (g0 > 0.0) & (g1 <= 0.0)
        is_cross = finite & ((s0 >= thr) != (s1 >= thr))
    keep = np.flatnonzero(is_max | is_cross)
    if keep.size == 0:
        return
    nn, kk, pp = nn[keep] + n0, kk[keep], pp[keep]
    s0, s1, thr, is_max = s0[keep], s1[keep], thr[keep], is_max[keep]
    g0, g1 = g0[keep], g1[keep]
    h = times[kk + 1] - times[kk]
    r0, v0, r1, v1 = r0[:, keep], v0[:, keep], r1[:, keep], v1[:, keep]
    site, u = site[:, keep], u[:, keep]
    rows = np.arange(len(keep))
    t_k = times[kk]

    # maxima: the slope goes from positive at τ = 0 to non-positive at τ = 1
    m = rows[is_max]
    tau_m = np.full(len(rows), np.nan)
    s_m = np.full(len(rows), np.nan)
    if m.size:
        path = Hermite(r0=r0[:, m], v0=v0[:, m], r1=r1[:, m], v1=v1[:, m], h=h[m],
                       site=site[:, m], up=u[:, m])  # fmt: skip
        zeros = np.zeros(m.size)
        guess = g0[m] / (g0[m] - g1[m])  # where the slope, taken as linear, vanishes
        tau_m[m] = solve(path.slope, lo=zeros, hi=zeros + 1.0, negative_at_lo=zeros > 0.0,
                         guess=guess)  # fmt: skip
        s_m[m] = path.sin_elevation(None, tau_m[m])
        top = s_m[m] >= thr[m]
        _emit(events, path, top, tau=tau_m[m][top], t_k=t_k[m][top], n=nn[m][top],
              p=pp[m][top], kind=CULMINATION, s=s_m[m][top])  # fmt: skip

    # crossings: on each side of a maximum, or across the whole interval
    above0, above1 = s0 >= thr, s1 >= thr
    with np.errstate(invalid="ignore"):
        above_m = s_m >= thr
    a = rows[is_max & (above0 != above_m)]
    b = rows[is_max & (above_m != above1)]
    c = rows[~is_max & (above0 != above1)]
    x = np.concatenate([a, b, c])
    if x.size == 0:
        return
    lo = np.concatenate([np.zeros(a.size), tau_m[b], np.zeros(c.size)])
    hi = np.concatenate([tau_m[a], np.ones(b.size), np.ones(c.size)])
    f_lo = np.concatenate([s0[a], s_m[b], s0[c]]) - thr[x]
    f_hi = np.concatenate([s_m[a], s1[b], s1[c]]) - thr[x]
    rising = f_lo < 0.0
    path = Hermite(r0=r0[:, x], v0=v0[:, x], r1=r1[:, x], v1=v1[:, x], h=h[x], site=site[:, x],
                   up=u[:, x])  # fmt: skip
    mask = thr[x]

    def crossing(cols: Ints | None, tau: Array) -> tuple[Array, Array]:
        return path.crossing(cols, tau, mask if cols is None else mask[cols])

    guess = lo + (hi - lo) * f_lo / (f_lo - f_hi)  # linear between the bracket's ends
    tau_x = solve(crossing, lo=lo, hi=hi, negative_at_lo=rising, guess=guess)
    for chosen, kind in ((rising, RISE), (~rising, SET)):
        _emit(events, path, chosen, tau=tau_x[chosen], t_k=t_k[x][chosen], n=nn[x][chosen],
              p=pp[x][chosen], kind=kind, s=mask[chosen])  # fmt: skip


def _slope(rho: Array, vel: Array, u: Array) -> Array:
    """The sign of d(sin elevation)/dt at a sample (see :mod:`~watchfloor.overflight.refine`);
    vectors as ``(3, C)``."""
    return np.asarray(dot(vel, u) * dot(rho, rho) - dot(rho, u) * dot(rho, vel))


def _emit(
    events: _Events, path: Hermite, chosen: Bools, *, tau: Array, t_k: Array, n: Ints, p: Ints,
    kind: int, s: Array,
) -> None:  # fmt: skip
    cols = np.flatnonzero(chosen)
    if cols.size == 0:
        return
    rho, d1, _ = path.state(cols, tau)
    h = path.h[cols]
    events.add(
        n=n,
        p=p,
        t=t_k + tau * h,
        kind=kind,
        s=s,
        r=np.ascontiguousarray(rho.T),
        v=np.ascontiguousarray((d1 / h).T),
    )  # fmt: skip  (ρ: the site is added later)
