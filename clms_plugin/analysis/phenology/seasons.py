"""Season detection on the coarse curve: extrema, merging, minima and crossings (QGIS-free).

Why separate: these steps only look at the coarse curve ``(nodes, pixels)`` (float32) and
decide which extrema form seasons and between which nodes their minima and threshold
crossings lie; the exact daily refinement is done afterwards by :mod:`.metrics`.
"""

from __future__ import annotations

import sys

import numpy as np

from .params import N_SEASONS, PhenologyParams
from .timeseries import clamp, nonzero2d, running_along_time, walk_while


def _running_sign_extrema(up: np.ndarray,
                          down: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maxima/minima masks ``(steps - 1, pixels)`` when flat steps inherit the last sign.

    Forward-fills the sign of the last non-flat step with one running maximum: encodes
    (step index, sign) as 4*i+3 (up) / 4*i+1 (down), 0 for a flat step (arithmetic, no
    np.where: one pass per operation over a small integer array).
    """
    n_s = up.shape[0]
    itype = np.int16 if 4 * (n_s + 1) < np.iinfo(np.int16).max else np.int32
    code = np.multiply(up, itype(2), dtype=itype)
    code += (np.arange(n_s, dtype=itype) * itype(4) + itype(1))[:, None]
    code *= up | down
    running_along_time(code, np.maximum)
    last = code & itype(3)
    return (last[:-1] == 3) & down[1:], (last[:-1] == 1) & up[1:]


MAX_RUN_WALK = 16  # flat runs longer than this go through the running sign (rare)


def _flat_extrema(up: np.ndarray, down: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The masks of :func:`_running_sign_extrema`, from the flat runs alone.

    Why: a node ``j`` after a run of flat steps ``i … j-1`` is an extremum iff the moving
    steps ``i-1`` and ``j`` go opposite ways; everywhere else the plain rule (an up step
    followed by a down step) holds. Smoothed curves have ~1.3 such runs per pixel, nearly
    all one step long, so walking back from each run's end to its moving step costs a few
    small operations instead of a running maximum over every step and pixel (1.1 → 0.4 ms
    per 2 200-px chunk). Runs longer than ``MAX_RUN_WALK`` steps fall back to the running
    sign for their pixels; both give the same masks (tests/test_phenology_equivalence.py).
    """
    n_s, n_px = up.shape
    is_max = up[:-1] & down[1:]
    is_min = down[:-1] & up[1:]
    moving = up | down
    flat = ~moving
    ends = np.flatnonzero(flat[:-1] & moving[1:])  # t * n_px + p: step t flat, t+1 moving
    if ends.size == 0:
        return is_max, is_min
    back = ends - n_px  # walks back from the step before the run's last flat step
    active = walk_while(flat.ravel(), back, -n_px, MAX_RUN_WALK)
    if active.size:  # long runs: the exact running sign on those pixels
        cols = np.unique(ends[active] % n_px)
        is_max[:, cols], is_min[:, cols] = _running_sign_extrema(up[:, cols], down[:, cols])
        walked = ~np.isin(ends % n_px, cols)
        ends, back = ends[walked], back[walked]
    keep = back >= 0  # a leading run has no sign to inherit: no extremum at its end
    ends, back = ends[keep], back[keep]
    rose = up.ravel()[back]
    after = ends + n_px  # the moving step j
    is_max.ravel()[ends] = rose & down.ravel()[after]
    is_min.ravel()[ends] = ~rose & up.ravel()[after]
    return is_max, is_min


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
    is_max, is_min = _flat_extrema(up, down)
    # pixel-major copy so that nonzero lists each pixel's extrema in time order
    pix, pos = nonzero2d(np.ascontiguousarray((is_max | is_min).T))
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


def _merge(positions: np.ndarray, values: np.ndarray, is_max: np.ndarray,
           thr: np.ndarray) -> tuple[np.ndarray, ...]:
    """Remove trough/peak pairs smaller than ``thr`` (smallest first) until none is left.

    Each pass removes, in every pixel, all pairs of neighbouring extrema whose difference is
    below ``thr`` and is a local minimum of the pair differences (such pairs never overlap);
    removing a neighbouring (min, max) pair keeps the sequence alternating and keeps the more
    extreme of the surrounding values, so the surviving minimum between two surviving peaks is
    the lowest point between them. Only pixels that changed in the previous pass are examined
    again (most pixels are settled after one or two passes).

    Works on the packed slots of :func:`_extrema` (each pixel's extrema at the front, in
    time order) and repacks the pixels that changed after every pass, so neighbours are
    always slots ``i - 1`` / ``i + 1`` and a pass is a few slices instead of running
    maxima over a mask of alive slots (2× faster; the same pairs are removed, see
    ``tests/test_phenology_equivalence.py``). Returns packed positions (-1 in empty slots),
    values, is-max, and the previous/next slot (-1 / K at the ends), K = the most survivors.
    """
    n_px, k = values.shape
    counts = (positions >= 0).sum(axis=1)
    # position and kind travel as one code (2 · position + is-max; -2 = empty): one repack
    # fewer per pass
    code = positions * np.int32(2) + is_max
    inf = np.float32(np.inf)
    active = np.nonzero(counts >= 2)[0]
    while active.size:
        # slots beyond the most extrema left in these pixels are empty: leave them out
        kk = int(counts[active].max())
        v = values[active, :kk]
        m = active.size
        dpad = np.full((m, kk + 1), inf, np.float32)  # dpad[:, j + 1] = d of pair j
        d = dpad[:, 1:kk]
        np.subtract(v[:, 1:], v[:, :-1], out=d)
        np.abs(d, out=d)
        # a pair with an empty slot (NaN value) is absent: +inf (fmin drops the NaN)
        np.fmin(d, inf, out=d)
        sel = (d < thr[active, None]) & (d <= dpad[:, :kk - 1]) & (d < dpad[:, 2:])
        changed = np.nonzero(sel.any(axis=1))[0]
        if changed.size == 0:
            break
        rows = active[changed]
        sel = sel[changed]
        keep = np.arange(kk) < counts[rows, None]
        keep[:, :-1] &= ~sel
        keep[:, 1:] &= ~sel
        src = np.flatnonzero(keep)  # flat indices: 1-D takes, no 2-D fancy indexing
        r = src // kk
        cnt = keep.sum(axis=1)
        dst = r * kk + (np.arange(src.size) - (np.cumsum(cnt) - cnt)[r])  # (row, rank)
        for arr, fill in ((code, -2), (values, np.nan)):
            packed = np.full((rows.size, kk), fill, dtype=arr.dtype)
            packed.ravel()[dst] = np.take(arr[rows, :kk].ravel(), src)
            arr[rows, :kk] = packed
        counts[rows] = cnt
        active = rows[cnt >= 2]
    positions, is_max = code >> 1, (code & 1).astype(bool)
    k = max(int(counts.max()) if n_px else 0, N_SEASONS)  # _extrema gives ≥ N_SEASONS
    slot = np.arange(k, dtype=np.int32)
    prv = np.broadcast_to(slot - 1, (n_px, k))
    nxt = np.where(slot + 1 < counts[:, None], slot + 1, np.int32(k)).astype(np.int32)
    return positions[:, :k], values[:, :k], is_max[:, :k], prv, nxt


class Segment:
    """The coarse curve of some pixels between two nodes, gathered once and scanned often.

    Why: a season's minima, peak and six threshold crossings all lie between its
    neighbouring peaks; gathering that stretch of the chosen pixels once (instead of once
    per search, eleven times) removes most of the memory traffic of the season stage.
    Pixel-major ``(pixels, nodes)``: every search is an ``argmin``/``argmax`` along the
    nodes, and numpy copies the array to make that axis the last one unless it already is
    (1.5–2× per search, measured). ``yt`` is the coarse curve ``(pixels, nodes)``; nodes
    are absolute coarse indices; ``rows(a, b)`` is a view of nodes ``a … b``.

    Node numbers are int16 (int32 beyond 32 767 nodes) and the per-pixel bounds are
    compared in that type (:meth:`bound`): the range masks of every search are broadcast
    comparisons of a node row with a bound column, 3.4× faster in int16 than in int64.
    """

    def __init__(self, yt: np.ndarray, t0: int, t1: int, cols: np.ndarray) -> None:
        self.t0 = int(max(t0, 0))
        t1 = int(min(t1, yt.shape[1] - 1))
        self.y = yt[cols, self.t0:t1 + 1]
        self.itype = np.int16 if t1 < np.iinfo(np.int16).max else np.int32
        self.tt = np.arange(self.t0, t1 + 1, dtype=self.itype)[None, :]
        self.r = np.arange(len(cols))
        self._locmin: np.ndarray | None = None
        self._keys: np.ndarray | None = None

    def bound(self, nodes: np.ndarray) -> np.ndarray:
        """Per-pixel node numbers as a column in the type of :attr:`tt` (no int64 upcast)."""
        return nodes.astype(self.itype)[:, None]

    def rows(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Values ``(m, n)`` and node numbers ``(1, n)`` of nodes ``a … b`` (clipped)."""
        a, b = max(int(a) - self.t0, 0), int(b) - self.t0 + 1
        return self.y[:, a:b], self.tt[:, a:b]

    def at(self, pos: np.ndarray) -> np.ndarray:
        return self.y[self.r, pos - self.t0]

    def local_minima(self, a: int, b: int) -> np.ndarray:
        """Mask ``(m, n)`` of nodes ``a … b`` (interior nodes only) lower than the node before
        and not higher than the one after; built once per segment, shared by both limbs."""
        if self._locmin is None:
            y = self.y
            self._locmin = (y[:, :-2] > y[:, 1:-1]) & (y[:, 1:-1] <= y[:, 2:])
        return self._locmin[:, int(a) - self.t0 - 1:int(b) - self.t0]

    def subset(self, keep: np.ndarray) -> Segment:
        out = Segment.__new__(Segment)
        out.t0, out.y, out.tt, out.itype = self.t0, self.y[keep], self.tt, self.itype
        out.r = np.arange(out.y.shape[0])
        out._locmin = None if self._locmin is None else self._locmin[keep]
        out._keys = None if self._keys is None else self._keys[keep]
        return out

    def order_keys(self) -> np.ndarray:
        """int64 ``(m, n)``: value in the high word (order-preserving bits), column in the low.

        Why: the lowest node of a per-pixel range is then one ``np.minimum.reduceat`` over
        the flat keys (ties go to the earlier node, as ``argmin``), with no range mask and
        no masked copy of the segment: built once per segment, it serves both minima of a
        season in one pass. A NaN would sort above every number (``argmin`` would pick it);
        the coarse curve has none, gaps are filled before smoothing.
        """
        if self._keys is None:
            bits = (self.y + np.float32(0.0)).view(np.int32)  # -0.0 → +0.0: ties as argmin
            mono = bits >> 31
            mono &= np.int32(0x7FFFFFFF)
            mono ^= bits  # negative floats: magnitude bits flipped, so ints order as floats
            words = np.empty(self.y.shape + (2,), np.int32)
            low, high = (0, 1) if sys.byteorder == "little" else (1, 0)
            words[..., high] = mono
            words[..., low] = np.arange(self.y.shape[1], dtype=np.int32)
            self._keys = words.view(np.int64)[..., 0]
        return self._keys


def _edge_minimum(seg: Segment, lo: np.ndarray, hi: np.ndarray,
                  largest: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Position and value of the minimum (``largest``: maximum) of nodes ``lo … hi``."""
    if lo.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    t0 = int(lo.min())
    y, tt = seg.rows(t0, hi.max())
    inside = (tt >= seg.bound(lo)) & (tt <= seg.bound(hi))
    if largest:
        pos = t0 + np.argmax(np.where(inside, y, -np.inf), axis=1)
    else:
        pos = t0 + np.argmin(np.where(inside, y, np.inf), axis=1)
    return pos, seg.at(pos)


def _lowest_either_side(seg: Segment, lo: np.ndarray, mid: np.ndarray,
                        hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nodes of the minimum of ``lo … mid`` and of ``mid … hi`` per pixel (first on ties).

    The same nodes as two :func:`_edge_minimum` calls, from one ``reduceat`` over
    :meth:`Segment.order_keys`: per pixel the ranges [lo, mid + 1) and [mid, hi + 1) (the
    reduction between them, and after hi, is discarded).
    """
    keys = seg.order_keys()
    m, n = keys.shape
    if m == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    base = np.arange(m, dtype=np.int64)[:, None] * n - seg.t0
    bounds = base + np.stack([lo, mid + 1, mid, hi + 1], axis=1)
    flat = bounds.ravel()
    if flat[-1] >= m * n:  # the last range runs to the end of the array
        flat = flat[:-1]
    low = np.minimum.reduceat(keys.ravel(), flat)
    column = np.int64(0xFFFFFFFF)
    return seg.t0 + (low[0::4] & column), seg.t0 + (low[2::4] & column)


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
    mid, tt = seg.rows(t0, t1)
    v_low, v_peak = seg.at(low), seg.at(peak)
    cond = seg.local_minima(t0, t1) & (tt > seg.bound(lo)) & (tt < seg.bound(hi))
    cond &= (mid - v_low[:, None]) < (np.float32(BASE_FRACTION) * (v_peak - v_low))[:, None]
    found = cond.any(axis=1)
    if left:  # the last qualifying node before the peak
        pos = t1 - np.argmax(cond[:, ::-1], axis=1)
    else:  # the first one after it
        pos = t0 + np.argmax(cond, axis=1)
    return np.where(found, pos, low)


def _first_up(seg: Segment, lo: np.ndarray, hi: np.ndarray,
              levels: list[np.ndarray]) -> list[np.ndarray]:
    """Per level: coarse index of the first node in ``(lo, hi]`` where the curve is ≥ it."""
    t0 = int(lo.min()) + 1
    y, tt = seg.rows(t0, hi.max())
    inside = (tt > seg.bound(lo)) & (tt <= seg.bound(hi))
    return [clamp(t0 + np.argmax((y >= level[:, None]) & inside, axis=1), lo + 1, hi)
            for level in levels]


def _last_down(seg: Segment, lo: np.ndarray, hi: np.ndarray,
               levels: list[np.ndarray]) -> list[np.ndarray]:
    """Per level: coarse index of the last node in ``[lo, hi)`` where the curve is ≥ it."""
    t1 = int(hi.max()) - 1
    y, tt = seg.rows(lo.min(), t1)
    # scanned backwards: contiguous reversed copies (numpy's vector loops skip negative
    # strides, and argmax would copy a reversed mask once per level)
    tt = np.ascontiguousarray(tt[:, ::-1])
    inside = (tt >= seg.bound(lo)) & (tt < seg.bound(hi))
    y = np.ascontiguousarray(y[:, ::-1])
    return [clamp(t1 - np.argmax((y >= level[:, None]) & inside, axis=1), lo, hi - 1)
            for level in levels]


def _truncated(left_edge: np.ndarray, right_edge: np.ndarray, lval: np.ndarray,
               peak: np.ndarray, rval: np.ndarray, params: PhenologyParams) -> np.ndarray:
    """True for seasons whose start (end) lies before the first (after the last) date.

    Why this rule: TIMESAT's SOS is where the curve, rising from the left minimum, reaches
    ``start_threshold`` of the amplitude. When the left minimum is only the first value of
    the series, it can serve as the season's base if the green-up from it to that level is
    in the data, i.e. if the series starts below the level the season's start would have
    with the base the other side shows: ``edge ≤ R + start_threshold·(P − R)``. A series that
    starts higher has already passed the season's start (it begins mid-green-up): the season
    is cut off and dropped. Symmetrically, a right minimum at the series end must lie at or
    below ``L + end_threshold·(P − L)``. A curve still rising a little at the edge (winter
    cereals greening up in February of a one-year series) keeps its season; the slope at
    the edge is irrelevant. A season with both minima at the edges compares each edge with
    the other (TIMESAT 3 replicates the first/last year, which makes the series periodic).
    """
    bad_left = left_edge & (lval > rval + np.float32(params.start_threshold) * (peak - rval))
    bad_right = right_edge & (rval > lval + np.float32(params.end_threshold) * (peak - lval))
    return bad_left | bad_right
