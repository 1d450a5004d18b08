"""Time-axis helpers for vegetation time series: gap filling and daily resampling (QGIS-free).

Why: phenology needs a gap-free series on a regular (daily) axis, but CLMS inputs are
irregular (dekads of 8-11 days, 5-daily S2, missing files) and carry flagged observations
(cloud, snow, missing). Everything here works on arrays shaped ``(time, pixels)`` and is
vectorised across pixels: the date axis is common to all pixels, so the daily resampling is
one matrix built once per date grid (see :mod:`.smoothing`) and only the masked-value filling
depends on the pixel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np


def days_since(dates: Sequence[dt.date], origin: dt.date) -> np.ndarray:
    """Whole days from ``origin`` to each date (float64, may be negative)."""
    return np.array([(d - origin).days for d in dates], dtype=np.float64)


def check_dates(dates: Sequence[dt.date]) -> None:
    """Raise ``ValueError`` naming the offending dates if they are unsorted or duplicated."""
    for i in range(1, len(dates)):
        if dates[i] == dates[i - 1]:
            raise ValueError(f"date {dates[i].isoformat()} appears twice (bands {i} and {i + 1});"
                             " each band must have its own date")
        if dates[i] < dates[i - 1]:
            raise ValueError(f"dates are not in time order: {dates[i - 1].isoformat()} (band {i})"
                             f" comes before {dates[i].isoformat()} (band {i + 1}); order the"
                             " bands/files by date")


def fill_gaps(values: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fill NaNs of ``values`` (time, pixels) by linear interpolation in time.

    Leading/trailing gaps take the nearest valid value (no extrapolated trends). Returns the
    filled array (float32) and the count of valid observations per pixel; pixels without any
    valid observation stay NaN. Vectorised: previous/next valid indices come from running
    maxima/minima of index arrays, so the cost is a few passes over the array.
    """
    values = np.asarray(values, dtype=np.float32)
    n_t = values.shape[0]
    valid = ~np.isnan(values)
    n_valid = valid.sum(axis=0)
    if n_t == 0 or valid.all():
        return values.copy(), n_valid
    idx = np.arange(n_t)[:, None]
    prev_i = np.where(valid, idx, -1)
    np.maximum.accumulate(prev_i, axis=0, out=prev_i)
    next_i = np.where(valid, idx, n_t)
    next_i = np.minimum.accumulate(next_i[::-1], axis=0)[::-1]
    has_prev = prev_i >= 0
    has_next = next_i < n_t
    p = np.clip(prev_i, 0, n_t - 1)
    q = np.clip(next_i, 0, n_t - 1)
    vp = np.take_along_axis(values, p, axis=0)
    vq = np.take_along_axis(values, q, axis=0)
    tp = t[p]
    tq = t[q]
    span = np.where(tq > tp, tq - tp, 1.0)
    w = np.where(tq > tp, (t[:, None] - tp) / span, 0.0).astype(np.float32)
    interp = vp + w * (vq - vp)
    out = np.where(valid, values,
                   np.where(has_prev & has_next, interp, np.where(has_prev, vp, vq)))
    return out.astype(np.float32, copy=False), n_valid


def daily_axis(t_obs: np.ndarray) -> np.ndarray:
    """Integer day grid covering the observation times ``t_obs`` (days, sorted)."""
    start = int(np.floor(t_obs[0]))
    stop = int(np.ceil(t_obs[-1]))
    return np.arange(start, stop + 1, dtype=np.float64)
