"""Season steps as they were before the speed rewrites (the reference for tests only).

Why keep them: ``seasons`` now merges on packed slots, finds extrema without a running
sign where no step is flat and scans pixel-major segments; these are the previous
formulations (a mask of alive slots with neighbours from running maxima, time-major
segments, gap filling with 2-D fancy indexing), kept so that
``test_phenology_equivalence.py`` can show each rewrite gives exactly the same result.
"""

from __future__ import annotations

import numpy as np

from clms_toolbox.clms_plugin.analysis.phenology.params import N_SEASONS


def _neighbours(alive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the previous/next alive slot of every slot (-1 / K when none).

    The running max/min go along the slot axis of a slot-major copy: numpy accumulates
    along the first axis vectorised over pixels, along the last one row by row (3× slower
    for ~40 slots, and this runs in every merge pass).
    """
    n_px, k = alive.shape
    at = np.ascontiguousarray(alive.T)
    ar = np.arange(k, dtype=np.int32)[:, None]
    fwd = np.where(at, ar, np.int32(-1))
    np.maximum.accumulate(fwd, axis=0, out=fwd)
    prv = np.empty((k, n_px), dtype=np.int32)
    prv[0] = -1
    prv[1:] = fwd[:-1]
    rev = np.where(at, ar, np.int32(k))[::-1]
    rev = np.minimum.accumulate(rev, axis=0)[::-1]
    nxt = np.empty((k, n_px), dtype=np.int32)
    nxt[-1] = k
    nxt[:-1] = rev[1:]
    return np.ascontiguousarray(prv.T), np.ascontiguousarray(nxt.T)


def _merge(values: np.ndarray, alive: np.ndarray, thr: np.ndarray) -> np.ndarray:
    """Remove trough/peak pairs smaller than ``thr`` (smallest first) until none is left.

    Each pass removes, in every pixel, all pairs of neighbouring extrema whose difference is
    below ``thr`` and is a local minimum of the pair differences (such pairs never overlap);
    removing a neighbouring (min, max) pair keeps the sequence alternating and keeps the more
    extreme of the surrounding values, so the surviving minimum between two surviving peaks is
    the lowest point between them. Only pixels that changed in the previous pass are examined
    again (most pixels are settled after one or two passes).
    """
    n_px, k = values.shape
    vpad = np.concatenate([values, np.full((n_px, 1), np.inf, np.float32)], axis=1)
    inf = np.float32(np.inf)
    active = np.arange(n_px)
    while active.size:
        a_alive = alive[active]
        prv, nxt = _neighbours(a_alive)
        m = active.size
        # flat indices into the (m, k + 1) padded rows: faster than 2-D fancy indexing
        row0 = (np.arange(m, dtype=np.int64) * (k + 1))[:, None]
        vrows = vpad[active]
        d = np.abs(np.take(vrows.ravel(), row0 + nxt) - vrows[:, :k])
        d[~(a_alive & (nxt < k))] = inf
        dpad = np.concatenate([d, np.full((m, 1), inf, np.float32)], axis=1).ravel()
        d_next = np.take(dpad, row0 + nxt)
        d_prev = np.where(prv >= 0, np.take(dpad, row0 + np.maximum(prv, 0)), inf)
        sel = (d < thr[active, None]) & (d <= d_prev) & (d < d_next)
        r, c = np.nonzero(sel)
        if r.size == 0:
            break
        rows = active[r]
        alive[rows, c] = False
        alive[rows, nxt[r, c]] = False
        active = active[np.unique(r)]
    return alive


def _compact(positions: np.ndarray, values: np.ndarray, is_max: np.ndarray,
             alive: np.ndarray) -> tuple[np.ndarray, ...]:
    """The surviving extrema packed to the front of fewer slots, with their neighbours.

    Why: merging leaves ~8 of ~24 extrema per pixel alive (up to ~40 slots wide); every
    later step works on ``(pixels, slots)`` arrays, so packing the survivors (in time
    order) makes them 3× narrower, and the previous/next alive slot becomes simply
    ``i - 1`` / ``i + 1`` (-1 / K at the ends, as :func:`_neighbours` gives). Returns
    positions (-1 in empty slots), values, is-max, prv, nxt.
    """
    n_px = alive.shape[0]
    counts = alive.sum(axis=1)
    k = max(int(counts.max()) if n_px else 0, N_SEASONS)
    r, c = np.nonzero(alive)  # row-major: each pixel's survivors in slot (= time) order
    start = np.cumsum(counts) - counts
    flat = r * k + (np.arange(r.size) - start[r])
    pos = np.full((n_px, k), -1, dtype=positions.dtype)
    val = np.full((n_px, k), np.nan, dtype=values.dtype)
    kind = np.zeros((n_px, k), dtype=bool)
    src = r * positions.shape[1] + c
    pos.ravel()[flat] = np.take(positions.ravel(), src)
    val.ravel()[flat] = np.take(values.ravel(), src)
    kind.ravel()[flat] = np.take(is_max.ravel(), src)
    slot = np.arange(k, dtype=np.int32)
    prv = np.broadcast_to(slot - 1, (n_px, k))
    nxt = np.where(slot + 1 < counts[:, None], slot + 1, np.int32(k)).astype(np.int32)
    return pos, val, kind, prv, nxt


def _extrema(y: np.ndarray, eps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interior local extrema per pixel as padded ``(pixels, K)`` positions, values, is-max.

    Steps smaller than ``eps`` (per pixel: float round-off of the smoother) count as flat;
    plateaus count once (at their last day); flat steps inherit the previous step's sign.
    Missing slots have position -1.
    """
    n_t, n_px = y.shape
    dy = np.empty((n_t - 1, n_px), np.float32)
    np.subtract(y[1:], y[:-1], out=dy)
    up = dy > eps
    down = dy < -eps
    del dy
    # forward-fill the sign of the last non-flat step with one running maximum: encode
    # (step index, sign) as 4*i+3 (up) / 4*i+1 (down), 0 for a flat step (arithmetic, no
    # np.where: one pass per operation over a small integer array)
    itype = np.int16 if 4 * n_t < np.iinfo(np.int16).max else np.int32
    code = np.multiply(up, itype(2), dtype=itype)
    code += (np.arange(n_t - 1, dtype=itype) * itype(4) + itype(1))[:, None]
    code *= up | down
    np.maximum.accumulate(code, axis=0, out=code)
    last = code & itype(3)
    del code
    is_max = (last[:-1] == 3) & down[1:]
    is_min = (last[:-1] == 1) & up[1:]
    # pixel-major copy so that nonzero lists each pixel's extrema in time order
    pix, pos = np.nonzero(np.ascontiguousarray((is_max | is_min).T))
    counts = np.bincount(pix, minlength=n_px)
    k = max(int(counts.max()) if counts.size else 0, N_SEASONS)
    positions = np.full((n_px, k), -1, dtype=np.int32)
    values = np.full((n_px, k), np.nan, dtype=np.float32)
    kind = np.zeros((n_px, k), dtype=bool)
    if pix.size:
        start = np.cumsum(counts) - counts
        flat = pix * k + (np.arange(pix.size) - start[pix])  # (pixel, rank) in the padded rows
        src = pos * n_px + pix  # (time, pixel) in the (n_t - 2, n_px) masks
        positions.ravel()[flat] = pos + 1
        values.ravel()[flat] = np.take(y.ravel(), src + n_px)
        kind.ravel()[flat] = np.take(is_max.ravel(), src)
    return positions, values, kind


class Segment:
    """The coarse curve of some pixels between two nodes, gathered once and scanned often.

    Why: a season's minima, peak and six threshold crossings all lie between its
    neighbouring peaks; gathering that stretch of the chosen pixels once (instead of once
    per search, eleven times) removes most of the memory traffic of the season stage.
    Nodes are absolute coarse indices; ``rows(a, b)`` is a view of nodes ``a … b``.
    """

    def __init__(self, yc: np.ndarray, t0: int, t1: int, cols: np.ndarray) -> None:
        self.t0 = int(max(t0, 0))
        t1 = int(min(t1, yc.shape[0] - 1))
        self.y = yc[self.t0:t1 + 1][:, cols]
        self.tt = np.arange(self.t0, t1 + 1)[:, None]
        self.r = np.arange(len(cols))

    def rows(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Values and node numbers ``(n, 1)`` of nodes ``a … b`` (clipped to the segment)."""
        a, b = max(int(a) - self.t0, 0), int(b) - self.t0 + 1
        return self.y[a:b], self.tt[a:b]

    def at(self, pos: np.ndarray) -> np.ndarray:
        return self.y[pos - self.t0, self.r]

    def subset(self, keep: np.ndarray) -> Segment:
        out = Segment.__new__(Segment)
        out.t0, out.y, out.tt = self.t0, self.y[:, keep], self.tt
        out.r = np.arange(out.y.shape[1])
        return out


def _edge_minimum(seg: Segment, lo: np.ndarray, hi: np.ndarray,
                  largest: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Position and value of the minimum (``largest``: maximum) of nodes ``lo … hi``."""
    if lo.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    t0 = int(lo.min())
    y, tt = seg.rows(t0, hi.max())
    inside = (tt >= lo) & (tt <= hi)
    if largest:
        pos = t0 + np.argmax(np.where(inside, y, -np.inf), axis=0)
    else:
        pos = t0 + np.argmin(np.where(inside, y, np.inf), axis=0)
    return pos, seg.at(pos)


BASE_FRACTION = 0.2


def _near_minimum(seg: Segment, lo: np.ndarray, hi: np.ndarray, left: bool) -> np.ndarray:
    """Coarse index of the local minimum nearest to the peak in the lowest ``BASE_FRACTION``.

    The peak is at ``hi`` (``left``) or ``lo``; the lowest point between them is at the other
    end. Returns that end when no interior local minimum qualifies.
    """
    low, peak = (lo, hi) if left else (hi, lo)
    t0, t1 = int(lo.min()) + 1, int(hi.max()) - 1
    if t1 < t0 or lo.size == 0:
        return low
    y, tt = seg.rows(t0 - 1, t1 + 1)
    tt = tt[1:-1]
    v_low, v_peak = seg.at(low), seg.at(peak)
    mid = y[1:-1]
    cond = (y[:-2] > mid) & (mid <= y[2:]) & (tt > lo) & (tt < hi)
    cond &= (mid - v_low) < np.float32(BASE_FRACTION) * (v_peak - v_low)
    found = cond.any(axis=0)
    if left:  # the last qualifying node before the peak
        pos = t1 - np.argmax(cond[::-1], axis=0)
    else:  # the first one after it
        pos = t0 + np.argmax(cond, axis=0)
    return np.where(found, pos, low)


def _first_up(seg: Segment, lo: np.ndarray, hi: np.ndarray,
              levels: list[np.ndarray]) -> list[np.ndarray]:
    """Per level: coarse index of the first node in ``(lo, hi]`` where the curve is ≥ it."""
    t0 = int(lo.min()) + 1
    y, tt = seg.rows(t0, hi.max())
    inside = (tt > lo) & (tt <= hi)
    return [np.clip(t0 + np.argmax((y >= level) & inside, axis=0), lo + 1, hi)
            for level in levels]


def _last_down(seg: Segment, lo: np.ndarray, hi: np.ndarray,
               levels: list[np.ndarray]) -> list[np.ndarray]:
    """Per level: coarse index of the last node in ``[lo, hi)`` where the curve is ≥ it."""
    t1 = int(hi.max()) - 1
    y, tt = seg.rows(lo.min(), t1)
    inside = ((tt >= lo) & (tt < hi))[::-1]
    y = y[::-1]
    return [np.clip(t1 - np.argmax((y >= level) & inside, axis=0), lo, hi - 1)
            for level in levels]


def fill_gaps(values: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fill NaNs of ``values`` (time, pixels) by linear interpolation in time.

    Leading/trailing gaps take the nearest valid value (no extrapolated trends). Returns the
    filled array (float32) and the count of valid observations per pixel; pixels without any
    valid observation stay NaN. Vectorised: previous/next valid indices come from running
    maxima/minima of index arrays, so the cost is a few passes over the array.
    """
    values = np.array(values, dtype=np.float32)  # a copy: filled in place below
    n_t = values.shape[0]
    valid = ~np.isnan(values)
    n_valid = valid.sum(axis=0)
    if n_t == 0 or n_valid.min() == n_t:
        return values, n_valid
    itype = np.int16 if n_t < np.iinfo(np.int16).max else np.int32
    idx = np.arange(n_t, dtype=itype)[:, None]
    prev_i = np.where(valid, idx, itype(-1))
    np.maximum.accumulate(prev_i, axis=0, out=prev_i)
    next_i = np.where(valid, idx, itype(n_t))[::-1]
    next_i = np.minimum.accumulate(next_i, axis=0)[::-1]
    # only the masked cells are computed (usually a small share of the array)
    r, c = np.nonzero(~valid)
    p = prev_i[r, c].astype(np.int64)
    q = next_i[r, c].astype(np.int64)
    has_p, has_q = p >= 0, q < n_t
    pc, qc = np.clip(p, 0, n_t - 1), np.clip(q, 0, n_t - 1)
    vp, vq = values[pc, c], values[qc, c]
    tp, tq = t[pc], t[qc]
    w = np.where(has_p & has_q & (tq > tp), (t[r] - tp) / np.where(tq > tp, tq - tp, 1.0), 0.0)
    fill = np.where(has_p & has_q, vp + w * (vq - vp), np.where(has_p, vp, vq))
    values[r, c] = fill  # NaN stays where a pixel has no valid observation at all
    return values, n_valid
