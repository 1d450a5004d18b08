"""Vegetation phenology metrics (TIMESAT / CLMS HR-VPP definitions), vectorised (QGIS-free).

Why this module: agronomists need start/end/peak of season, length, amplitude and
productivity per pixel for up to two seasons a year, on rasters of any size. Per-pixel curve
fitting (TIMESAT, scipy ``curve_fit``) runs at ~1 000 px/s; here every step is a numpy
operation over a whole window ``(time, pixels)``:

1. masked observations (flags, nodata) are filled by linear interpolation in time
   (:func:`.timeseries.fill_gaps`);
2. one linear operator maps the observations to a daily curve (:mod:`.smoothing`: none,
   Whittaker, Savitzky–Golay), applied to the window with one matrix product;
3. seasons are found on the daily curve: local extrema are paired and the smallest
   trough/peak oscillations (below ``max(min_amplitude, season_ratio × range)``) are merged
   away until only significant alternating minima and maxima remain;
4. each remaining maximum with a minimum on both sides is a season; it belongs to ``YEAR``
   iff its peak day lies in ``YEAR`` (at most two per year: the two largest amplitudes, ordered
   by peak date);
5. the HR-VPP parameters are read off the daily curve with sub-day linear interpolation.

Definitions (TIMESAT "seasonal amplitude" method, ``p_startmethod = 1``; HR-VPP parameter list;
``../shared/reference/algorithms.md`` §2):

- left/right minimum ``L``/``R``: lowest value of the curve between the previous/next peak
  and this peak (or the series start/end); peak ``P``: the maximum.
- SOSD: first time after ``L`` at which the curve reaches ``L + start_threshold·(P − L)``;
  SOSV the curve value there. EOSD: last time before ``R`` at which the curve is still at
  ``R + end_threshold·(P − R)``; EOSV the value there.
- MINV (base level) = ``(L + R) / 2``; MAXD/MAXV = day/value of the peak; AMPL = MAXV − MINV;
  LENGTH = EOSD − SOSD.
- LSLOPE/RSLOPE: **20–80 % chord slopes** (TIMESAT 3/4 definition, which is what the
  TIMESAT 4 reference returns): LSLOPE = ``0.6 (P − L) / (t80_left − t20_left)``, RSLOPE =
  ``0.6 (P − R) / (t20_right − t80_right)``, both positive, value units per day, where the
  20 %/80 % levels are measured from the left (right) minimum as for SOS (EOS). The CLMS
  LSP 300 m product describes its slopes as the derivative *at* SOS/EOS instead; for a
  logistic limb the chord is ``1.11×`` that derivative at the 25 % level.
- TPROD = ∫ curve dt from SOSD to EOSD (value × days); SPROD = ∫ (curve − MINV) dt over the
  same interval.
- Days are day-of-year relative to 1 January of ``YEAR`` (1 January = 1; SOSD may be ≤ 0 for
  a season that starts in the previous year, EOSD > 365 for one that ends in the next).
  Dates are fractional (sub-day interpolation), values are physical units.

Nodata (``NODATA``): metrics of a season that does not exist; all bands including NUMSEASON
where the pixel has too few valid observations (``min_valid_fraction``). NUMSEASON is 0 where
the data are valid but no season reaches the minimum amplitude (e.g. a constant pixel).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import smoothing as smoothers
from .timeseries import daily_axis, days_since, fill_gaps

METRICS = ("SOSD", "SOSV", "LSLOPE", "EOSD", "EOSV", "RSLOPE", "LENGTH", "MINV", "MAXD",
           "MAXV", "AMPL", "TPROD", "SPROD")
N_SEASONS = 2
BAND_NAMES = tuple(f"S{s}_{m}" for s in range(1, N_SEASONS + 1) for m in METRICS) + (
    "NUMSEASON",)
N_BANDS = len(BAND_NAMES)
NODATA = -32768.0
_M = {name: i for i, name in enumerate(METRICS)}


@dataclass(frozen=True)
class PhenologyParams:
    """Season-detection and smoothing settings (defaults: HR-VPP v1 thresholds 0.25/0.15)."""

    start_threshold: float = 0.25
    end_threshold: float = 0.15
    min_amplitude: float = 0.05
    season_ratio: float = 0.2
    smoothing: str = "whittaker"
    lam: float = smoothers.DEFAULT_LAMBDA
    sg_half_window: float = smoothers.DEFAULT_SG_HALF_WINDOW
    sg_order: int = smoothers.DEFAULT_SG_ORDER
    min_valid_fraction: float = 0.2

    def validate(self) -> None:
        for name in ("start_threshold", "end_threshold"):
            v = getattr(self, name)
            if not 0.0 < v < 1.0:
                raise ValueError(f"{name} must be a fraction of the amplitude in (0, 1), got {v}")
        if self.min_amplitude < 0:
            raise ValueError("min_amplitude must be ≥ 0")
        if not 0.0 <= self.season_ratio < 1.0:
            raise ValueError("season_ratio must be in [0, 1)")
        if self.smoothing not in smoothers.SMOOTHERS:
            raise ValueError(f"smoothing must be one of {smoothers.SMOOTHERS}")


def year_length(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


class PhenologyKernel:
    """Phenology for one date grid and target year: ``kernel(values) -> (27, pixels)``.

    ``t_obs`` are observation times in days since 1 January of ``year`` (see
    :meth:`from_dates`). Build once per run (the smoothing operator is computed here) and call
    on every window; ``values`` is float ``(time, pixels)`` with NaN for masked observations.
    """

    def __init__(self, t_obs: np.ndarray, year: int,
                 params: PhenologyParams | None = None) -> None:
        self.params = params or PhenologyParams()
        self.params.validate()
        self.t_obs = np.asarray(t_obs, dtype=np.float64)
        if self.t_obs.size < 4:
            raise ValueError("at least 4 dates are needed to find a season")
        if np.any(np.diff(self.t_obs) <= 0):
            raise ValueError("observation dates must be strictly increasing")
        self.year = int(year)
        self.year_len = year_length(self.year)
        self.days = daily_axis(self.t_obs)
        p = self.params
        self.operator = smoothers.operator(p.smoothing, self.t_obs, self.days, lam=p.lam,
                                           half_window=p.sg_half_window, order=p.sg_order)
        self.min_valid = max(4, int(np.ceil(p.min_valid_fraction * self.t_obs.size)))

    @classmethod
    def from_dates(cls, dates: Sequence[dt.date], year: int,
                   params: PhenologyParams | None = None) -> PhenologyKernel:
        return cls(days_since(dates, dt.date(int(year), 1, 1)), year, params)

    @property
    def bytes_per_pixel(self) -> int:
        """Peak temporary bytes per pixel of one call (for the block runner's budget)."""
        return int(self.days.size * 4 * 6 + self.t_obs.size * 4 * 4)

    def curves(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Filled observations, daily curve ``(days, pixels)`` and valid-observation counts."""
        values = np.asarray(values, dtype=np.float32)
        if values.ndim == 1:
            values = values[:, None]
        filled, n_valid = fill_gaps(values, self.t_obs)
        ok = n_valid >= self.min_valid
        filled = np.where(ok[None, :], filled, 0.0).astype(np.float32)
        daily = self.operator @ filled
        return filled, daily, n_valid

    def __call__(self, values: np.ndarray) -> np.ndarray:
        _, daily, n_valid = self.curves(values)
        ok = n_valid >= self.min_valid
        out = extract_metrics(daily, self.days, self.year_len, self.params)
        out[:, ~ok] = NODATA
        return out


# -- season detection ------------------------------------------------------------------------
def _extrema(y: np.ndarray, eps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interior local extrema per pixel as padded ``(pixels, K)`` positions, values, is-max.

    Steps smaller than ``eps`` (per pixel: float round-off of the smoother) count as flat;
    plateaus count once (at their last day); flat steps inherit the previous step's sign.
    Missing slots have position -1.
    """
    n_t, n_px = y.shape
    dy = np.diff(y, axis=0)
    up = dy > eps
    down = dy < -eps
    del dy
    # forward-fill the sign of the last non-flat step with one running maximum: encode
    # (step index, sign) as 4*i+3 (up) / 4*i+1 (down), 0 before the first non-flat step
    itype = np.int16 if 4 * n_t < np.iinfo(np.int16).max else np.int32
    steps = np.arange(n_t - 1, dtype=itype)[:, None] * itype(4)
    code = np.where(up, steps + itype(3), np.where(down, steps + itype(1), itype(0)))
    np.maximum.accumulate(code, axis=0, out=code)
    last = code & itype(3)
    is_max = (last[:-1] == 3) & down[1:]
    is_min = (last[:-1] == 1) & up[1:]
    ext = (is_max | is_min).T  # (pixels, n_t - 2), row-major by pixel then time
    pix, pos = np.nonzero(ext)
    counts = np.bincount(pix, minlength=n_px)
    k = int(counts.max()) if counts.size else 0
    positions = np.full((n_px, max(k, N_SEASONS)), -1, dtype=np.int32)
    values = np.full((n_px, max(k, N_SEASONS)), np.nan, dtype=np.float32)
    kind = np.zeros((n_px, max(k, N_SEASONS)), dtype=bool)
    if pix.size:
        start = np.cumsum(counts) - counts
        rank = np.arange(pix.size) - start[pix]
        positions[pix, rank] = pos + 1
        values[pix, rank] = y[pos + 1, pix]
        kind[pix, rank] = is_max[pos, pix]
    return positions, values, kind


def _neighbours(alive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the previous/next alive slot of every slot (-1 / K when none)."""
    n_px, k = alive.shape
    ar = np.arange(k, dtype=np.int32)
    nxt = np.full((n_px, k), k, dtype=np.int32)
    rev = np.minimum.accumulate(np.where(alive, ar, k)[:, ::-1], axis=1)[:, ::-1]
    nxt[:, :-1] = rev[:, 1:]
    prv = np.full((n_px, k), -1, dtype=np.int32)
    fwd = np.maximum.accumulate(np.where(alive, ar, -1), axis=1)
    prv[:, 1:] = fwd[:, :-1]
    return prv, nxt


def _merge(values: np.ndarray, alive: np.ndarray, thr: np.ndarray) -> tuple[np.ndarray, ...]:
    """Remove trough/peak pairs smaller than ``thr`` (smallest first) until none is left.

    Each pass removes, in every pixel, all pairs of neighbouring extrema whose difference is
    below ``thr`` and is a local minimum of the pair differences (such pairs never overlap);
    removing a neighbouring (min, max) pair keeps the sequence alternating and keeps the more
    extreme of the surrounding values, so the surviving minimum between two surviving peaks is
    the lowest point between them.
    """
    n_px, k = values.shape
    vpad = np.concatenate([values, np.full((n_px, 1), np.inf, np.float32)], axis=1)
    rows = np.arange(n_px)[:, None]
    inf = np.float32(np.inf)
    while True:
        prv, nxt = _neighbours(alive)
        d = np.abs(vpad[rows, nxt] - values)
        d = np.where(alive & (nxt < k), d, inf)
        dpad = np.concatenate([d, np.full((n_px, 1), inf)], axis=1)
        d_next = dpad[rows, nxt]
        d_prev = np.where(prv >= 0, dpad[rows, np.maximum(prv, 0)], inf)
        sel = (d < thr[:, None]) & (d <= d_prev) & (d < d_next)
        if not sel.any():
            return alive, prv, nxt
        r, c = np.nonzero(sel)
        alive[r, c] = False
        alive[r, nxt[r, c]] = False


def _edge_minimum(y: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                  cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position and value of the minimum of ``y[lo:hi+1, pixel]`` for the given pixels."""
    if cols.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    t0, t1 = int(lo.min()), int(hi.max())
    seg = y[t0:t1 + 1, cols]
    tt = np.arange(t0, t1 + 1)[:, None]
    masked = np.where((tt >= lo) & (tt <= hi), seg, np.inf)
    pos = t0 + np.argmin(masked, axis=0)
    return pos, y[pos, cols]


def _first_up(y: np.ndarray, lo: np.ndarray, hi: np.ndarray, level: np.ndarray,
              cols: np.ndarray) -> np.ndarray:
    """Fractional index of the first upward crossing of ``level`` in ``(lo, hi]``."""
    if cols.size == 0:
        return np.zeros(0)
    t0, t1 = int(lo.min()) + 1, int(hi.max())
    seg = y[t0:t1 + 1, cols]
    tt = np.arange(t0, t1 + 1)[:, None]
    cond = (seg >= level) & (tt > lo) & (tt <= hi)
    i = t0 + np.argmax(cond, axis=0)
    i = np.clip(i, lo + 1, hi)
    ya = y[i - 1, cols].astype(np.float64)
    yb = y[i, cols].astype(np.float64)
    dy = yb - ya
    frac = np.where(dy > 0, (level - ya) / np.where(dy > 0, dy, 1.0), 1.0)
    return (i - 1) + np.clip(frac, 0.0, 1.0)


def _last_down(y: np.ndarray, lo: np.ndarray, hi: np.ndarray, level: np.ndarray,
               cols: np.ndarray) -> np.ndarray:
    """Fractional index of the last downward crossing of ``level`` in ``[lo, hi)``."""
    if cols.size == 0:
        return np.zeros(0)
    t0, t1 = int(lo.min()), int(hi.max()) - 1
    seg = y[t0:t1 + 1, cols]
    tt = np.arange(t0, t1 + 1)[:, None]
    cond = (seg >= level) & (tt >= lo) & (tt < hi)
    n = t1 - t0 + 1
    i = t0 + (n - 1 - np.argmax(cond[::-1], axis=0))
    i = np.clip(i, lo, hi - 1)
    ya = y[i, cols].astype(np.float64)
    yb = y[i + 1, cols].astype(np.float64)
    dy = ya - yb
    frac = np.where(dy > 0, (ya - level) / np.where(dy > 0, dy, 1.0), 0.0)
    return i + np.clip(frac, 0.0, 1.0)


def _integral(cum: np.ndarray, y: np.ndarray, ymin: np.ndarray, tidx: np.ndarray,
              cols: np.ndarray) -> np.ndarray:
    """∫ (y − ymin) of the piecewise-linear daily curve from index 0 to fractional ``tidx``."""
    n_t = y.shape[0]
    i = np.clip(np.floor(tidx).astype(np.int64), 0, n_t - 2)
    f = tidx - i
    y0 = y[i, cols].astype(np.float64) - ymin[cols]
    y1 = y[i + 1, cols].astype(np.float64) - ymin[cols]
    return cum[i, cols].astype(np.float64) + y0 * f + 0.5 * (y1 - y0) * f * f


def extract_metrics(y: np.ndarray, days: np.ndarray, year_len: int,
                    params: PhenologyParams) -> np.ndarray:
    """HR-VPP metrics of the seasons peaking in the target year from daily curves ``y``.

    ``y`` is ``(n_days, pixels)`` on the 1-day grid ``days`` (days since 1 January of the
    target year); returns float32 ``(27, pixels)`` in ``BAND_NAMES`` order.
    """
    y = np.asarray(y, dtype=np.float32)
    n_t, n_px = y.shape
    out = np.full((N_BANDS, n_px), NODATA, dtype=np.float32)
    out[-1] = 0.0
    if n_t < 3 or n_px == 0:
        return out
    ymax, ymin = np.nanmax(y, axis=0), np.nanmin(y, axis=0)
    rng = ymax - ymin
    eps = (1e-6 * (np.abs(ymax) + np.abs(ymin)) + 1e-5 * rng).astype(np.float32)
    positions, values, is_max = _extrema(y, eps)
    alive = positions >= 0
    thr = np.maximum(np.float32(params.min_amplitude),
                     np.float32(params.season_ratio) * rng).astype(np.float32)
    thr = np.maximum(thr, np.float32(1e-6))
    alive, prv, nxt = _merge(values, alive, thr)
    n_slots = positions.shape[1]
    rows = np.arange(n_px)[:, None]

    # candidate peaks and their neighbouring minima (slot indices, or edges)
    cand = alive & is_max
    peak_day = np.where(cand, days[0] + positions, np.nan)
    in_year = cand & (peak_day >= 0) & (peak_day < year_len)
    if not in_year.any():
        return out
    lpos = np.where(prv >= 0, positions[rows, np.maximum(prv, 0)], -1)
    lval = np.where(prv >= 0, values[rows, np.maximum(prv, 0)], np.nan)
    rpos = np.where(nxt < n_slots, positions[rows, np.minimum(nxt, n_slots - 1)], -1)
    rval = np.where(nxt < n_slots, values[rows, np.minimum(nxt, n_slots - 1)], np.nan)
    # peaks at the edge of the sequence: their minimum is the lowest point up to the series end
    r, c = np.nonzero(in_year & (prv < 0))
    pos, val = _edge_minimum(y, np.zeros(r.size, np.int64), positions[r, c], r)
    lpos[r, c], lval[r, c] = pos, val
    r, c = np.nonzero(in_year & (nxt >= n_slots))
    pos, val = _edge_minimum(y, positions[r, c], np.full(r.size, n_t - 1), r)
    rpos[r, c], rval[r, c] = pos, val

    # a truncated limb at the series start/end (curve still moving there) is not a season
    start_rising = (y[1] - y[0]) > 1e-4 * rng
    end_falling = (y[-2] - y[-1]) > 1e-4 * rng
    ok = in_year & ~((lpos == 0) & start_rising[:, None]) & ~(
        (rpos == n_t - 1) & end_falling[:, None])
    ok &= (values - lval >= thr[:, None]) & (values - rval >= thr[:, None])
    ampl = np.where(ok, values - 0.5 * (lval + rval), -np.inf)
    order = np.argsort(-ampl, axis=1, kind="stable")[:, :N_SEASONS]
    chosen_ok = np.take_along_axis(ok, order, axis=1)
    chosen_pos = np.where(chosen_ok, np.take_along_axis(positions, order, axis=1), n_t + 1)
    by_date = np.argsort(chosen_pos, axis=1, kind="stable")
    order = np.take_along_axis(order, by_date, axis=1)
    chosen_ok = np.take_along_axis(chosen_ok, by_date, axis=1)
    out[-1] = chosen_ok.sum(axis=1)

    # running integral of (y - ymin) in float32 (small magnitudes keep it exact enough)
    yrel = y - ymin
    cum = np.zeros((n_t, n_px), dtype=np.float32)
    np.cumsum(0.5 * (yrel[1:] + yrel[:-1]), axis=0, out=cum[1:])
    del yrel
    ps, pe = params.start_threshold, params.end_threshold
    for s in range(N_SEASONS):
        cols = np.nonzero(chosen_ok[:, s])[0]
        if cols.size == 0:
            continue
        k = order[cols, s]
        p_i = positions[cols, k].astype(np.int64)
        v_p = values[cols, k].astype(np.float64)
        l_i = lpos[cols, k].astype(np.int64)
        v_l = lval[cols, k].astype(np.float64)
        r_i = rpos[cols, k].astype(np.int64)
        v_r = rval[cols, k].astype(np.float64)
        a_l, a_r = v_p - v_l, v_p - v_r
        sos = _first_up(y, l_i, p_i, v_l + ps * a_l, cols)
        eos = _last_down(y, p_i, r_i, v_r + pe * a_r, cols)
        l20 = _first_up(y, l_i, p_i, v_l + 0.2 * a_l, cols)
        l80 = _first_up(y, l_i, p_i, v_l + 0.8 * a_l, cols)
        r80 = _last_down(y, p_i, r_i, v_r + 0.8 * a_r, cols)
        r20 = _last_down(y, p_i, r_i, v_r + 0.2 * a_r, cols)
        # sub-day peak position from the parabola through the peak day and its neighbours
        ym = y[np.maximum(p_i - 1, 0), cols].astype(np.float64)
        yp = y[np.minimum(p_i + 1, n_t - 1), cols].astype(np.float64)
        curv = ym - 2.0 * v_p + yp
        shift = np.where(curv < 0, 0.5 * (ym - yp) / np.where(curv < 0, curv, -1.0), 0.0)
        base = 0.5 * (v_l + v_r)
        tprod = (_integral(cum, y, ymin, eos, cols) - _integral(cum, y, ymin, sos, cols)
                 + ymin[cols] * (eos - sos))
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
            "MAXD": doy0 + p_i + np.clip(shift, -0.5, 0.5),
            "MAXV": v_p,
            "AMPL": v_p - base,
            "TPROD": tprod,
            "SPROD": tprod - base * (eos - sos),
        }
        for name, v in vals.items():
            out[band + _M[name], cols] = v
    return out


def compute(values: np.ndarray, dates: Sequence[dt.date], year: int,
            params: PhenologyParams | None = None) -> np.ndarray:
    """One-shot helper: ``values`` (time, pixels) with NaN for masked → ``(27, pixels)``."""
    return PhenologyKernel.from_dates(dates, year, params)(values)


def metrics_by_name(out: np.ndarray) -> dict[str, np.ndarray]:
    """``{"S1_SOSD": array, …, "NUMSEASON": array}`` view of a kernel result."""
    return {name: out[i] for i, name in enumerate(BAND_NAMES)}

