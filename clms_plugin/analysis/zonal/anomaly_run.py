"""Streaming driver of ``clms:anomaly``: series (+ reference statistics) → dated anomaly bands.

Why streamed: a 20-year dekadal series is 720 bands; the block runner shrinks the window as
the band count grows, so memory stays flat, and each window computes its normals for all
dates at once.

REFERENCE layout (long-term statistics products such as CGLS NDVI-LTS, one file per dekad
``…_1999-2019-MMDD_…`` holding mean, stdev, min, max and nobs): one raster per period of the
year (36 for dekads, 12 for months), ordered by the ``-MMDD`` of the file name when every name
has one (else in the given order); in each, the bands are found by their description (mean,
std/stdev, min, max, nobs — case-insensitive), else taken as bands 1–4 = mean, std, min, max.
Band scale/offset (GDAL metadata) are applied; ``nobs`` (when present) is the number of years
behind the statistics and is checked against ``min_years``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...products import styles
from ...products.registry import Encoding
from ..engine import blocks
from ..engine.describe import write_style
from ..engine.errors import InputError, ParameterError
from .anomaly import (
    METHODS,
    anomalies_from_reference,
    anomalies_from_series,
    n_periods,
    parse_reference_years,
    reference_sets,
)
from .driver import _input, _threads, decode_values

_MMDD = re.compile(r"-(\d{2})(\d{2})(?=[_.])")
_NAMES = {"mean": ("mean", "average", "avg"), "std": ("std", "stdev", "stddev", "sd"),
          "min": ("min", "minimum"), "max": ("max", "maximum"), "nobs": ("nobs", "count", "n")}


@dataclass(frozen=True)
class ReferenceLayout:
    """Which file and bands hold each period's statistics, and their scale/offset."""

    paths: tuple[str, ...]
    bands: tuple[tuple[int, ...], ...]  # per file: mean, std, min, max[, nobs]
    scales: tuple[tuple[float, ...], ...]
    offsets: tuple[tuple[float, ...], ...]
    has_nobs: bool


def reference_layout(paths: Sequence[str], period: int) -> ReferenceLayout:
    """Read the REFERENCE layout (see the module docstring); clear errors otherwise."""
    import rasterio

    if period == 2:
        raise ParameterError("PERIOD", "a REFERENCE product is per dekad or month; choose "
                             "PERIOD 0 or 1, or use REFERENCE_YEARS for a day-of-year window")
    need = n_periods(period)
    paths = [str(p) for p in paths]
    if len(paths) != need:
        raise ParameterError("REFERENCE", f"{len(paths)} raster(s) given; PERIOD needs one per "
                             f"period of the year ({need})")
    keys = [_MMDD.findall(Path(p).name) for p in paths]
    if all(keys):
        paths = [p for _, p in sorted(zip([k[-1] for k in keys], paths))]
    bands, scales, offsets, nobs = [], [], [], []
    for p in paths:
        with rasterio.open(p) as ds:
            desc = [(d or "").strip().lower() for d in ds.descriptions]
            found = {}
            for stat, names in _NAMES.items():
                hit = [i + 1 for i, d in enumerate(desc) if d in names or
                       any(d.endswith("_" + n) or d.startswith(n + "_") for n in names)]
                if hit:
                    found[stat] = hit[0]
            if all(s in found for s in ("mean", "std", "min", "max")):
                sel = [found[s] for s in ("mean", "std", "min", "max")]
            elif ds.count >= 4:
                sel = [1, 2, 3, 4]
            else:
                raise InputError("REFERENCE", f"'{Path(p).name}' has {ds.count} band(s); a "
                                 "long-term-statistics raster needs mean, std, min, max")
            if "nobs" in found:
                sel.append(found["nobs"])
            nobs.append("nobs" in found)
            bands.append(tuple(sel))
            scales.append(tuple(float(ds.scales[b - 1] or 1.0) for b in sel))
            offsets.append(tuple(float(ds.offsets[b - 1] or 0.0) for b in sel))
    has_nobs = all(nobs)
    if not has_nobs:
        bands = [b[:4] for b in bands]
        scales = [s[:4] for s in scales]
        offsets = [o[:4] for o in offsets]
    return ReferenceLayout(tuple(paths), tuple(bands), tuple(scales), tuple(offsets), has_nobs)


def anomaly(paths: Sequence[str], dates: Sequence[dt.date], output: str, *,
            method: int = 0, period: int = 0, window_days: int = 15, min_years: int = 3,
            reference_years: str = "", reference: Sequence[str] | None = None,
            encoding: Encoding | None = None,
            progress: Callable[[float], None] | None = None,
            is_canceled: Callable[[], bool] | None = None, threads: int | None = None,
            memory_budget: int = blocks.DEFAULT_BUDGET) -> blocks.RunResult:
    """Write one Float32 anomaly band per input date (NaN nodata, ISO date descriptions)."""
    if method not in range(len(METHODS)):
        raise ParameterError("METHOD", f"{method} is not one of 0…{len(METHODS) - 1}")
    if period not in (0, 1, 2):
        raise ParameterError("PERIOD", f"{period} is not 0 (dekad), 1 (month) or 2 (window)")
    if min_years < 1:
        raise ParameterError("MIN_YEARS", "must be at least 1")
    dates = list(dates)
    inputs: dict[str, blocks.InputLike] = {"v": _input(paths)}
    layout = None
    if reference:
        layout = reference_layout(reference, period)
        inputs["ref"] = [blocks.RasterInput(p, b) for p, b in zip(layout.paths, layout.bands)]
        sets = None
    else:
        years = parse_reference_years(reference_years, dates)
        sets = reference_sets(dates, years, period, window_days)
    per = 5 if layout is not None and layout.has_nobs else 4

    def kernel(block: blocks.Block) -> dict:
        raw = block["v"]
        nd, h, w = raw.shape
        x = decode_values(raw.reshape(nd, -1), encoding, block.nodata["v"]).reshape(nd, h, w)
        if layout is None:
            out = anomalies_from_series(x, dates, sets, method, min_years)
        else:
            ref = block["ref"].astype(np.float64)
            ref[block.mask("ref")] = np.nan
            np_ = len(layout.paths)
            ref = ref.reshape(np_, per, h, w)
            sc = np.asarray(layout.scales)[:, :, None, None]
            of = np.asarray(layout.offsets)[:, :, None, None]
            ref = ref * sc + of
            nobs = ref[:, 4] if per == 5 else None
            out = anomalies_from_reference(x, dates, ref[:, :4], period, method, min_years,
                                           np.nan_to_num(nobs) if nobs is not None else None)
        return {"out": out}

    fixed = RAMP_RANGES[method]
    spec = blocks.OutputSpec(output, "float32", count=len(dates), nodata=float("nan"),
                             descriptions=[d.isoformat() for d in dates],
                             tags={"CLMS_ANOMALY_METHOD": METHODS[method],
                                   "CLMS_ANOMALY_PERIOD": ("dekad", "month",
                                                           f"doy±{window_days}")[period]},
                             style=anomaly_style(fixed) if fixed else None)
    extra = 8 * len(dates) * 3 + 64
    result = blocks.run(inputs, kernel, {"out": spec}, progress=progress,
                        is_canceled=is_canceled, threads=_threads(threads),
                        memory_budget=memory_budget, extra_bytes_per_pixel=extra)
    if fixed is None:  # a difference is in the input's units: ± the spread of the result
        top = spread(output)
        write_style(output, anomaly_style((-top, top)))
    return result


# (low, high) of the diverging ramp per METHOD, its middle the "normal" value (0 for the
# z-score and the difference, 100 % of the mean, VCI 50); None = ± the result's spread.
RAMP_RANGES: tuple[tuple[float, float] | None, ...] = ((-3.0, 3.0), None, (50.0, 150.0),
                                                       (0.0, 100.0))


def anomaly_style(value_range: tuple[float, float]) -> str:
    """The QML sidecar: the registry's diverging ``anomaly`` ramp stretched over the range
    (generated like every other style, so the colours live in ``products.json``)."""
    return styles.ramp_qml("anomaly", value_range=value_range)


def spread(path: str, percentile: float = 98.0, max_side: int = 1024) -> float:
    """The ``percentile`` of |band 1| on a subsampled read (1.0 when it has no value)."""
    import rasterio

    with rasterio.open(path) as ds:
        step = max(1, max(ds.width, ds.height) // max_side)
        band = ds.read(1, out_shape=(max(1, ds.height // step), max(1, ds.width // step)))
    finite = np.abs(band[np.isfinite(band)])
    top = float(np.percentile(finite, percentile)) if finite.size else 0.0
    return top or 1.0


__all__ = ["RAMP_RANGES", "ReferenceLayout", "anomaly", "anomaly_style", "reference_layout",
           "spread"]
