"""Anomalies of a time series against a long-term normal (QGIS-free, numpy kernels).

Why here: "how unusual is this dekad compared with the normal" is the zonal analyses'
companion — its rasters feed ``zonaltimeseries`` in a model. The normal of each period of the
year (dekad, month, or a ± ``window_days`` day-of-year window) is either computed from the
reference years of the input series itself or read from a long-term-statistics product.

Definitions (per pixel; observations masked as nodata are ignored):

- reference set of a date = every observation of the reference years whose period equals the
  date's period (dekad 1–36: days 1–10, 11–20, 21–end of each month; month 1–12) or whose
  day of year is within ± ``window_days`` (circular over the year end);
- mean, sample standard deviation (ddof = 1), min and max of that set; the number of
  reference years = distinct years with at least one valid observation in the set;
- methods: 0 z-score (x − mean)/std; 1 difference x − mean; 2 percent of mean 100·x/mean;
  3 condition index (VCI) 100·(x − min)/(max − min);
- nodata where x is nodata, the reference years are fewer than ``min_years``, or the
  denominator is 0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import numpy as np

from ..engine.errors import ParameterError

PERIODS = ("dekad", "month", "doy_window")
METHODS = ("zscore", "difference", "percent_of_mean", "vci")
REF_STATS = ("mean", "std", "min", "max")


def dekad_of(date: dt.date) -> int:
    """0-based dekad of the year (0…35)."""
    return (date.month - 1) * 3 + min(2, (date.day - 1) // 10)


def period_of(date: dt.date, period: int) -> int:
    """0-based period index of ``date`` for PERIOD 0 (dekad) or 1 (month)."""
    return dekad_of(date) if period == 0 else date.month - 1


def n_periods(period: int) -> int:
    return 36 if period == 0 else 12


def parse_reference_years(text: str, dates: Sequence[dt.date]) -> tuple[int, int]:
    """``"2001-2020"`` → (2001, 2020); empty → the years of the series."""
    text = (text or "").strip()
    if not text:
        return min(d.year for d in dates), max(d.year for d in dates)
    m = re.fullmatch(r"(\d{4})\s*[-–/:]\s*(\d{4})", text) or re.fullmatch(r"(\d{4})", text)
    if not m:
        raise ParameterError("REFERENCE_YEARS", f"'{text}' is not 'first-last' (e.g. 2001-2020)")
    first, last = int(m[1]), int(m[m.lastindex])
    if first > last:
        raise ParameterError("REFERENCE_YEARS", f"{first} is after {last}")
    if not any(first <= d.year <= last for d in dates):
        raise ParameterError("REFERENCE_YEARS", f"no input date lies in {first}–{last}")
    return first, last


def _circular_doy_distance(a: int, b: int) -> int:
    d = abs(a - b) % 366
    return min(d, 366 - d)


def reference_sets(dates: Sequence[dt.date], years: tuple[int, int], period: int,
                   window_days: int) -> list[np.ndarray]:
    """For each input date, the indices of the reference observations of its normal."""
    ref = [i for i, d in enumerate(dates) if years[0] <= d.year <= years[1]]
    out = []
    for d in dates:
        if period == 2:
            doy = d.timetuple().tm_yday
            sel = [i for i in ref
                   if _circular_doy_distance(dates[i].timetuple().tm_yday, doy) <= window_days]
        else:
            p = period_of(d, period)
            sel = [i for i in ref if period_of(dates[i], period) == p]
        out.append(np.asarray(sel, dtype=np.int64))
    return out


def normal_from_series(x: np.ndarray, idx: np.ndarray, years: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """mean, sample std, min, max and reference-year count of ``x[idx]`` per pixel.

    ``x`` is (dates, h, w) float32 with NaN for nodata; ``years`` the year of every date.
    """
    shape = x.shape[1:]
    if idx.size == 0:
        nan = np.full(shape, np.nan, np.float32)
        return nan, nan, nan, nan, np.zeros(shape, np.int32)
    sub = x[idx].astype(np.float64)
    valid = ~np.isnan(sub)
    n = valid.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        total = np.where(valid, sub, 0.0).sum(axis=0)
        mean = total / n
        dev = np.where(valid, sub - mean, 0.0)
        std = np.sqrt((dev * dev).sum(axis=0) / (n - 1))
    std[n < 2] = np.nan
    mn = np.where(valid, sub, np.inf).min(axis=0)
    mx = np.where(valid, sub, -np.inf).max(axis=0)
    mn[n == 0], mx[n == 0] = np.nan, np.nan
    yrs = years[idx]
    count = np.zeros(shape, np.int32)
    for y in np.unique(yrs):
        count += valid[yrs == y].any(axis=0)
    return mean, std, mn, mx, count


def apply_method(x: np.ndarray, mean, std, mn, mx, count, method: int,
                 min_years: int) -> np.ndarray:
    """Anomaly of one date (h, w) by METHOD; NaN where undefined."""
    x = x.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == 0:
            out = (x - mean) / std
        elif method == 1:
            out = x - mean
        elif method == 2:
            out = 100.0 * x / mean
        elif method == 3:
            out = 100.0 * (x - mn) / (mx - mn)
        else:
            raise ParameterError("METHOD", f"{method} is not one of 0…{len(METHODS) - 1}")
    out[~np.isfinite(out) | (count < min_years)] = np.nan
    return out.astype(np.float32)


def anomalies_from_series(x: np.ndarray, dates: Sequence[dt.date], sets: Sequence[np.ndarray],
                          method: int, min_years: int) -> np.ndarray:
    """Kernel for REFERENCE_YEARS: (dates, h, w) → (dates, h, w) float32 anomalies.

    Dates sharing one reference set (every date of a dekad/month) share one normal.
    """
    years = np.asarray([d.year for d in dates])
    out = np.empty(x.shape, np.float32)
    cache: dict[bytes, tuple] = {}
    for i, idx in enumerate(sets):
        key = idx.tobytes()
        if key not in cache:
            cache.clear()  # consecutive dates share sets; keep one normal in memory
            cache[key] = normal_from_series(x, idx, years)
        out[i] = apply_method(x[i], *cache[key], method, min_years)
    return out


def anomalies_from_reference(x: np.ndarray, dates: Sequence[dt.date], ref: np.ndarray,
                             period: int, method: int, min_years: int,
                             nobs: np.ndarray | None = None) -> np.ndarray:
    """Kernel for REFERENCE: ``ref`` is (periods, 4, h, w) mean/std/min/max (NaN = nodata);
    ``nobs`` (periods, h, w) the years behind each statistic when the product gives it."""
    out = np.empty(x.shape, np.float32)
    for i, d in enumerate(dates):
        p = period_of(d, period)
        mean, std, mn, mx = (ref[p, k].astype(np.float64) for k in range(4))
        count = nobs[p] if nobs is not None else np.full(x.shape[1:], min_years)
        count = np.where(np.isnan(mean), 0, count)
        out[i] = apply_method(x[i], mean, std, mn, mx, count, method, min_years)
    return out


__all__ = ["METHODS", "PERIODS", "REF_STATS", "anomalies_from_reference",
           "anomalies_from_series", "apply_method", "dekad_of", "n_periods",
           "normal_from_series", "parse_reference_years", "period_of", "reference_sets"]
