"""Stream a time stack through the phenology kernel, window by window (QGIS-free).

Why separate from the kernel: the kernel is pure numpy on ``(time, pixels)``; this module
adds the raster side — the block runner (whole time axis of one window in memory and nothing
more, progress, cancel, atomic output), decoding of product DNs, and the single-pixel
profile used by the algorithm's optional PROFILE output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ...products import styles
from ..engine import blocks
from ..engine.blas import single_thread_blas
from .inputs import StackInfo, decode
from .kernel import BAND_NAMES, N_BANDS, NODATA, PhenologyKernel, PhenologyParams
from .timeseries import days_since

# Bytes per window pixel beyond the raw input and the output the runner already counts:
# decoding and the kernel's temporaries live per chunk (``kernel.chunk_px`` pixels, ~22 MB
# for 3 years of dekads, a fixed cost per window in flight), so only small index arrays
# scale with the window. Smaller windows would be split against the 512-px output tiles,
# and GDAL then compresses partly written tiles more than once.
_STREAM_EXTRA_BYTES = 64


def _inputs(stack: StackInfo) -> dict[str, object]:
    if stack.multiband:
        return {"vi": stack.paths[0]}
    return {"vi": [blocks.RasterInput(p, (1,)) for p in stack.paths]}


def run(stack: StackInfo, year: int, output: str, *, params: PhenologyParams | None = None,
        encoding=None, progress: Callable[[float], None] | None = None,
        is_canceled: Callable[[], bool] | None = None,
        memory_budget: int = blocks.DEFAULT_BUDGET, threads: int = 1) -> blocks.RunResult:
    """Write the 27-band Float32 phenology raster for ``year`` to ``output``."""
    kernel = PhenologyKernel.from_dates(stack.dates, year, params)

    def work(block: blocks.Block) -> dict[str, np.ndarray]:
        raw = block["vi"]
        n_t, h, w = raw.shape
        flat = raw.reshape(n_t, h * w)
        out = np.empty((N_BANDS, h * w), dtype=np.float32)
        # decode one kernel chunk at a time: the float32 values never exist for the whole
        # window, so a window costs little more than its raw DNs and its output; between
        # chunks (a fraction of a second each) the runner reports progress and may cancel
        step = kernel.chunk_px
        for i in range(0, h * w, step):
            block.checkpoint()
            chunk = flat[:, i:i + step]
            out[:, i:i + step] = kernel(decode(chunk, encoding, block.nodata["vi"]))
            block.checkpoint(chunk.shape[1])
        return {"out": out.reshape(N_BANDS, h, w)}

    p = kernel.params
    tags = {
        "PHENOLOGY_YEAR": str(year),
        "DAY_CONVENTION": f"day of year relative to {year}-01-01 (1 January = 1)",
        "THRESHOLDS": f"start {p.start_threshold} end {p.end_threshold} of the amplitude "
                      "measured from the left/right minimum (TIMESAT seasonal amplitude; "
                      "minimum = nearest local minimum in the lowest 20 % of the limb, as "
                      "TIMESAT 4)",
        "SLOPES": "LSLOPE/RSLOPE: 20-80 % chord slopes, value units per day, positive",
        "SMOOTHING": p.smoothing + (f" lambda={p.lam}" if p.smoothing == "whittaker" else "")
        + (f" half_window={p.sg_half_window} order={p.sg_order}"
           if p.smoothing == "savgol" else ""),
        "DATES": ",".join(d.isoformat() for d in stack.dates),
    }
    # No predictor: per-pixel season metrics are not smooth in space, so the floating-point
    # predictor only costs time (1 Mpx × 27 bands, ZSTD 1: 0.50 → 0.26 CPU-s, 69.6 → 62.8 MB)
    spec = blocks.OutputSpec(output, "float32", count=N_BANDS, nodata=NODATA,
                             descriptions=BAND_NAMES, tags=tags, predictor=1,
                             # opens on the first season's start, a day-of-year ramp
                             style=styles.day_of_year_qml(BAND_NAMES.index("S1_SOSD") + 1))
    # the runner's threads are the parallelism: OpenBLAS threads spinning next to them
    # would only steal their CPU (see engine/blas.py)
    with single_thread_blas():
        return blocks.run(_inputs(stack), work, {"out": spec}, progress=progress,
                          is_canceled=is_canceled, memory_budget=memory_budget,
                          extra_bytes_per_pixel=_STREAM_EXTRA_BYTES, threads=threads)


@dataclass
class PixelProfile:
    """Everything the PROFILE plot shows for one pixel."""

    row: int
    col: int
    year: int
    dates: tuple[dt.date, ...]
    t_obs: np.ndarray  # days since 1 January of year
    raw: np.ndarray  # decoded observations, NaN where masked
    filled: np.ndarray  # after gap filling
    days: np.ndarray  # daily axis (days since 1 January of year)
    smoothed: np.ndarray  # daily curve
    metrics: dict[str, float]
    smoothing: str


def pixel_profile(stack: StackInfo, year: int, row: int, col: int, *,
                  params: PhenologyParams | None = None, encoding=None) -> PixelProfile:
    """Read one pixel's series and run the kernel on it (for the PROFILE output)."""
    import rasterio
    from rasterio.windows import Window

    win = Window(col, row, 1, 1)
    if stack.multiband:
        with rasterio.open(stack.paths[0]) as ds:
            raw = ds.read(window=win)[:, 0, 0]
            nodata = ds.nodatavals
    else:
        vals, nodata = [], []
        for p in stack.paths:
            with rasterio.open(p) as ds:
                vals.append(ds.read(1, window=win)[0, 0])
                nodata.append(ds.nodata)
        raw = np.array(vals)
    values = decode(raw[:, None], encoding, nodata)
    kernel = PhenologyKernel.from_dates(stack.dates, year, params)
    filled, daily, _ = kernel.curves(values)
    out = kernel(values)[:, 0]
    metrics = {name: float(out[i]) for i, name in enumerate(BAND_NAMES) if out[i] != NODATA}
    return PixelProfile(row, col, year, stack.dates, days_since(stack.dates, dt.date(year, 1, 1)),
                        values[:, 0], filled[:, 0], kernel.days, daily[:, 0], metrics,
                        kernel.params.smoothing)
