"""HR-VPP metrics of the chosen seasons, refined on the exact daily curve (QGIS-free).

See :mod:`.kernel` for the definitions (TIMESAT seasonal-amplitude method). The coarse curve
decides where seasons are (:mod:`.seasons`); this module picks at most two per target year and
reads every parameter off the daily curve with sub-day linear interpolation.
"""

from __future__ import annotations

import numpy as np

from .params import METRICS, N_BANDS, N_SEASONS, NODATA, PhenologyParams
from .sampling import _ArraySampler
from .seasons import (
    Segment,
    _edge_minimum,
    _extrema,
    _first_up,
    _last_down,
    _lowest_either_side,
    _merge,
    _near_minimum,
    _truncated,
)
from .timeseries import clamp, nonzero2d

_M = {name: i for i, name in enumerate(METRICS)}


def _refine_up(sampler, node: np.ndarray, level: np.ndarray, lo_day: np.ndarray,
               cols: np.ndarray) -> np.ndarray:
    """Fractional day index of the first daily upward crossing in the node's interval."""
    h = sampler.step
    days = (node[:, None] - 1) * h + np.arange(h + 1)[None, :]
    vals = sampler.span(days[:, 0], h + 1, cols)
    cond = (vals >= level[:, None]) & (days > lo_day[:, None])
    cond[:, -1] = True
    j = np.maximum(np.argmax(cond, axis=1), 1)
    r = np.arange(len(cols))
    ya, yb = vals[r, j - 1], vals[r, j]
    dy = yb - ya
    frac = np.where(dy > 0, (level - ya) / np.where(dy > 0, dy, 1.0), 1.0)
    return days[r, j - 1] + clamp(frac, 0.0, 1.0)


def _refine_down(sampler, node: np.ndarray, level: np.ndarray, hi_day: np.ndarray,
                 cols: np.ndarray) -> np.ndarray:
    """Fractional day index of the last daily downward crossing in the node's interval."""
    h = sampler.step
    days = node[:, None] * h + np.arange(h + 1)[None, :]
    vals = sampler.span(days[:, 0], h + 1, cols)
    cond = (vals >= level[:, None]) & (days < hi_day[:, None])
    cond[:, 0] = True
    j = np.minimum(h - np.argmax(cond[:, ::-1], axis=1), h - 1)
    r = np.arange(len(cols))
    ya, yb = vals[r, j], vals[r, j + 1]
    dy = ya - yb
    frac = np.where(dy > 0, (ya - level) / np.where(dy > 0, dy, 1.0), 0.0)
    return days[r, j] + clamp(frac, 0.0, 1.0)


def _refine_extreme(sampler, node: np.ndarray, cols: np.ndarray,
                    find_max: bool) -> tuple[np.ndarray, np.ndarray]:
    """Exact daily extreme (day index, value) near a coarse node.

    A daily extreme lies within one coarse step of the best coarse node when the curve is
    unimodal at that scale. Peaks are searched over two steps: a flat top with shallow
    wiggles (Savitzky–Golay) can put the highest day a little further from the highest
    node, and MAXD would move by days; for a flat bottom the value error is negligible.
    """
    h = sampler.step * (2 if find_max else 1)
    first = node * sampler.step - h
    vals = sampler.span(first, 2 * h + 1, cols)
    j = np.argmax(vals, axis=1) if find_max else np.argmin(vals, axis=1)
    return clamp(first + j, 0, sampler.n_days - 1), vals[np.arange(len(cols)), j]


def _integral_between(sampler, ta: np.ndarray, tb: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """∫ of the piecewise-linear daily curve from fractional day index ``ta`` to ``tb``.

    Whole days come from the cumulative operator as one row difference per pixel (one dot
    product instead of one per end), the fractional parts from the two bracketing days.
    """
    n = cols.size
    t = np.concatenate([ta, tb])
    i = clamp(np.floor(t).astype(np.int64), 0, sampler.n_days - 2)
    f = t - i
    y = sampler.span(i, 2, np.concatenate([cols, cols]))
    part = y[:, 0] * f + 0.5 * (y[:, 1] - y[:, 0]) * f * f
    return sampler.integral_between(i[:n], i[n:], cols) + (part[n:] - part[:n])


def _top_two(ampl: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Slots of the two largest ``ampl`` per row (ties to the earlier slot) and whether the
    second one is finite: ``(rows, 2)``, ``(rows,)``.

    Why not ``argsort``: a full stable sort of every row cost as much as the whole
    smoothing product; two ``argmax`` passes give the same first two of the stable
    descending order wherever they are finite (``-inf`` marks slots that are never chosen;
    when only one is finite the second returned slot may repeat the first, hence the flag).
    """
    assert N_SEASONS == 2
    rows = np.arange(ampl.shape[0])
    first = np.argmax(ampl, axis=1)
    rest = ampl.copy()
    rest[rows, first] = -np.inf
    second = np.argmax(rest, axis=1)
    return np.stack([first, second], axis=1), rest[rows, second] > -np.inf


def extract_metrics(y: np.ndarray, days: np.ndarray, year_len: int,
                    params: PhenologyParams) -> np.ndarray:
    """HR-VPP metrics of the seasons peaking in the target year from daily curves ``y``.

    ``y`` is ``(n_days, pixels)`` on the 1-day grid ``days`` (days since 1 January of the
    target year); returns float32 ``(27, pixels)`` in ``BAND_NAMES`` order.
    """
    y = np.asarray(y, dtype=np.float32)
    return _metrics(_ArraySampler(y, 1), days, year_len, params)


def _metrics(sampler, days: np.ndarray, year_len: int, params: PhenologyParams) -> np.ndarray:
    """Season detection on the coarse curve, metrics on the exact daily curve."""
    yc = np.asarray(sampler.coarse, dtype=np.float32)
    n_c, n_px = yc.shape
    n_t = sampler.n_days
    out = np.full((N_BANDS, n_px), NODATA, dtype=np.float32)
    out[-1] = 0.0
    if n_c < 3 or n_px == 0:
        return out
    ymax, ymin = yc.max(axis=0), yc.min(axis=0)
    rng = ymax - ymin
    eps = (1e-6 * (np.abs(ymax) + np.abs(ymin)) + 1e-4 * rng).astype(np.float32)
    positions, values, is_max = _extrema(yc, eps)
    thr = np.maximum(np.float32(params.min_amplitude),
                     np.float32(params.season_ratio) * rng).astype(np.float32)
    thr = np.maximum(thr, np.float32(1e-6))
    positions, values, is_max, prv, nxt = _merge(positions, values, is_max, thr)
    alive = positions >= 0
    n_slots = positions.shape[1]
    rows = np.arange(n_px)[:, None]
    yt = np.ascontiguousarray(yc.T)  # pixel-major for the segment scans (see Segment)

    # neighbouring minima of every surviving peak (coarse nodes; edges: lowest node up to
    # the series start/end)
    cand = alive & is_max
    # slots are packed with -1 in the empty ones (seasons._merge): the neighbours of slot j
    # are slots j - 1 and j + 1, i.e. the positions shifted by one (-1 where there is none)
    lpos = np.full_like(positions, -1)
    lpos[:, 1:] = positions[:, :-1]
    rpos = np.full_like(positions, -1)
    rpos[:, :-1] = positions[:, 1:]
    r, c = nonzero2d(cand & (prv < 0))
    if r.size:
        pk = positions[r, c]
        lpos[r, c] = _edge_minimum(Segment(yt, 0, pk.max(), r), np.zeros(r.size, np.int64),
                                   pk)[0]
    r, c = nonzero2d(cand & (nxt >= n_slots))
    if r.size:
        pk = positions[r, c]
        rpos[r, c] = _edge_minimum(Segment(yt, pk.min(), n_c - 1, r), pk,
                                   np.full(r.size, n_c - 1))[0]

    # choose the seasons on the coarse curve (node values are exact daily values; extremes
    # are refined below for the chosen seasons only)
    flat_yc = yc.ravel()  # 1-D takes: faster than 2-D fancy indexing
    lval = np.where(cand, np.take(flat_yc, np.maximum(lpos, 0) * n_px + rows), np.nan)
    rval = np.where(cand, np.take(flat_yc, np.maximum(rpos, 0) * n_px + rows), np.nan)
    peak_day = np.where(cand, days[0] + positions * sampler.step, np.nan)
    # §2.4: a season belongs to the year holding its peak. A coarse node near 1 January can
    # sit across the boundary from the exact daily peak, and the season would then be
    # rejected by both years: decide those candidates on the refined daily peak.
    reach = 2 * sampler.step
    near = cand & ((np.abs(peak_day) <= reach) | (np.abs(peak_day - year_len) <= reach))
    r, c = nonzero2d(near)
    if r.size:
        p_exact, _ = _refine_extreme(sampler, positions[r, c], r, True)
        peak_day[r, c] = days[0] + p_exact
    in_year = cand & (peak_day >= 0) & (peak_day < year_len)
    if not in_year.any():
        return out
    ok = in_year & ~_truncated(lpos == 0, rpos == n_c - 1, lval, values, rval, params)
    ok &= (values - lval >= thr[:, None]) & (values - rval >= thr[:, None])
    ampl = np.where(ok, values - 0.5 * (lval + rval), -np.inf)
    order, second = _top_two(ampl)
    chosen_ok = np.take_along_axis(ok, order, axis=1)
    chosen_ok[:, 1] &= second
    chosen_pos = np.where(chosen_ok, np.take_along_axis(positions, order, axis=1), n_c + 1)
    swap = chosen_pos[:, 1] < chosen_pos[:, 0]  # by date (a stable sort of two)
    order[swap] = order[swap, ::-1]
    chosen_ok[swap] = chosen_ok[swap, ::-1]

    ps, pe = params.start_threshold, params.end_threshold
    for s in range(N_SEASONS):
        cols = np.nonzero(chosen_ok[:, s])[0]
        if cols.size == 0:
            continue
        k = order[cols, s]
        pc = positions[cols, k]
        # the merged extrema mark where the minima are; their exact coarse node is the
        # lowest one between the neighbouring peaks (a flat-bottomed trough has its
        # lowest point anywhere in the flat part, not where the plateau rule put it)
        # neighbouring peaks (series ends when none): the true minima lie between them;
        # slots are packed (see seasons._merge), so they are slots k - 2 and k + 2
        lo_b = np.where(k >= 2, positions[cols, np.maximum(k - 2, 0)], 0)
        nk = np.minimum(k + 2, n_slots - 1)
        hi_b = np.where((k + 2 < n_slots) & (positions[cols, nk] >= 0), positions[cols, nk],
                        n_c - 1)
        seg = Segment(yt, lo_b.min(), hi_b.max(), cols)
        lc, rc = _lowest_either_side(seg, lo_b, pc, hi_b)
        pc = _edge_minimum(seg, lc, rc, largest=True)[0]  # the highest node between
        # TIMESAT's base: the local minimum nearest to the peak among those in the lowest
        # BASE_FRACTION of the rise (a shallow trough at the foot of the limb ends the season
        # there; the lowest point further out is used when there is none)
        lc = _near_minimum(seg, lc, pc, left=True)
        rc = _near_minimum(seg, pc, rc, left=False)
        p_i, v_p = _refine_extreme(sampler, pc, cols, True)
        # both minima in one call (fewer, larger numpy operations)
        lr_i, v_lr = _refine_extreme(sampler, np.concatenate([lc, rc]),
                                     np.concatenate([cols, cols]), False)
        n = cols.size
        l_i, r_i, v_l, v_r = lr_i[:n], lr_i[n:], v_lr[:n], v_lr[n:]
        inside = (days[0] + p_i >= 0) & (days[0] + p_i < year_len)
        if not inside.all():  # the exact peak left the year: the season is not this year's
            chosen_ok[cols[~inside], s] = False
            keep = inside
            cols, pc, lc, rc = cols[keep], pc[keep], lc[keep], rc[keep]
            p_i, v_p, l_i, v_l = p_i[keep], v_p[keep], l_i[keep], v_l[keep]
            r_i, v_r = r_i[keep], v_r[keep]
            if cols.size == 0:
                continue
            seg = seg.subset(keep)
        a_l, a_r = v_p - v_l, v_p - v_r

        # the crossings of each limb: one scan of the segment for all three levels
        up_levels = [v_l + f * a_l for f in (ps, 0.2, 0.8)]
        down_levels = [v_r + f * a_r for f in (pe, 0.8, 0.2)]
        up_nodes = _first_up(seg, lc, pc, [lv.astype(np.float32) for lv in up_levels])
        down_nodes = _last_down(seg, pc, rc, [lv.astype(np.float32) for lv in down_levels])
        cols3 = np.concatenate([cols] * 3)
        n = cols.size
        ups = _refine_up(sampler, np.concatenate(up_nodes), np.concatenate(up_levels),
                         np.concatenate([l_i] * 3), cols3)
        downs = _refine_down(sampler, np.concatenate(down_nodes),
                             np.concatenate(down_levels), np.concatenate([r_i] * 3), cols3)
        sos, l20, l80 = ups[:n], ups[n:2 * n], ups[2 * n:]
        eos, r80, r20 = downs[:n], downs[n:2 * n], downs[2 * n:]
        # sub-day peak position from the parabola through the peak day and its neighbours
        nb = sampler.span(p_i - 1, 3, cols)[:, ::2]
        ym = np.where(p_i > 0, nb[:, 0], v_p)
        yp = np.where(p_i < n_t - 1, nb[:, 1], v_p)
        curv = ym - 2.0 * v_p + yp
        shift = np.where(curv < 0, 0.5 * (ym - yp) / np.where(curv < 0, curv, -1.0), 0.0)
        base = 0.5 * (v_l + v_r)
        tprod = _integral_between(sampler, sos, eos, cols)
        doy0 = days[0] + 1.0  # day-of-year of index 0 (1 January = 1)
        band = s * len(METRICS)
        vals = {
            "SOSD": doy0 + sos,
            "SOSV": v_l + ps * a_l,
            "LSLOPE": 0.6 * a_l / np.maximum(l80 - l20, 1e-6),
            "EOSD": doy0 + eos,
            "EOSV": v_r + pe * a_r,
            "RSLOPE": 0.6 * a_r / np.maximum(r20 - r80, 1e-6),
            "LENGTH": eos - sos,
            "MINV": base,
            "MAXD": doy0 + p_i + clamp(shift, -0.5, 0.5),
            "MAXV": v_p,
            "AMPL": v_p - base,
            "TPROD": tprod,
            "SPROD": tprod - base * (eos - sos),
        }
        for name, v in vals.items():
            out[band + _M[name], cols] = v
    out[-1] = chosen_ok.sum(axis=1)
    return out
