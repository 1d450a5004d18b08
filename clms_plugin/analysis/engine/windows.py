"""Window planning: how a grid is cut into windows that fit a memory budget (QGIS-free)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from rasterio.windows import Window

from .writer import OutputSpec

DEFAULT_EXTRA_BYTES = 8  # room for a few kernel temporaries per pixel

MIB = 1024 * 1024


def bytes_per_pixel(sources: Mapping[str, Any], outputs: Mapping[str, OutputSpec],
                    extra_bytes_per_pixel: int = DEFAULT_EXTRA_BYTES) -> int:
    """Bytes one pixel costs in a window: every input band (+ its mask) and output band."""
    total = extra_bytes_per_pixel
    for s in sources.values():
        total += s.count * (np.dtype(s.dtype).itemsize + 1)
    for o in outputs.values():
        total += o.count * np.dtype(o.dtype).itemsize
    return max(1, total)


def gdal_cache_bytes(outputs: Mapping[str, OutputSpec], windows: Sequence[Window],
                     in_flight: int, memory_budget: int) -> int:
    """GDAL block-cache size for one run.

    Why not a fixed small cache: output tiles stay dirty in the cache until GDAL flushes them,
    and when one window's output is bigger than the cache, the next window's *read* has to
    compress and write those tiles first (measured: 4.1 s of a 23 s phenology run with 27
    Float32 bands). The cache therefore holds the outputs of the windows in flight; inputs
    need nothing (windows are aligned to their blocks and each block is read once). It never
    goes below 16 MiB nor above half the memory budget, so peak memory still does not depend
    on the raster size.
    """
    out_bpp = sum(o.count * np.dtype(o.dtype).itemsize for o in outputs.values())
    largest = max((int(w.width * w.height) for w in windows), default=0)
    wanted = (in_flight + 1) * out_bpp * largest
    return int(max(16 * MIB, min(memory_budget // 2, wanted)))


def output_tile(windows: Sequence[Window], width: int, height: int) -> int | None:
    """Output tile size every window edge falls on (512, else 256), or None for the default.

    Why: when windows are narrower than an output tile (a deep time stack leaves one 256²
    input block per window), each 512² tile is written by several windows. Between them the
    window's input blocks pass through the GDAL block cache and push the half-written tile
    out: GDAL compresses and writes it, then reads, decodes and rewrites it. Measured on the
    water bench (240 monthly maps, 10 Mpx, 256² windows): output files 1.5× their tile bytes
    (dead space of the rewritten tiles) and the decode/encode churn in the heap. With tiles
    the size of the windows every tile is written once, whole.
    """
    if min(width, height) < 512:
        return None  # creation_options already uses 256 here
    for tile in (512, 256):
        if all((w.col_off % tile == 0 and w.row_off % tile == 0
                and (w.width % tile == 0 or w.col_off + w.width == width)
                and (w.height % tile == 0 or w.row_off + w.height == height))
               for w in windows):
            return tile if tile != 512 else None
    return None


MAX_WINDOW_PX = 2 * 1024 * 1024
# Byte class rasters through a table (land cover → IPCC, land-use change): their kernels
# work in cache-sized pieces, so a window is only a unit of I/O and bookkeeping, and
# full-width strips one tile high (10 000 px: 5.1 Mpx) beat 2 Mpx column pieces —
# 100 Mpx LC100, 2 threads, median of 6: reclassification 0.192 → 0.173 s, change
# 0.274 → 0.251 s (issue 18). Still a fixed cap: peak memory does not follow the width.
BYTE_WINDOW_PX = 6 * 1024 * 1024


def _balanced(extent: int, size: int, step: int) -> int:
    """The smallest multiple of ``step`` (≤ ``size``) that cuts ``extent`` into as many
    pieces as ``size`` does.

    Why: the largest size that fits leaves a thin last piece (1 000 px in 768 + 232), and the
    last windows of a run then finish at very different times: one thread idles while the
    other computes a big window (phenology, 2 threads: ~0.3 s of an 8 s run). Equal pieces
    (512 + 488) keep the same window count, memory bound and alignment.
    """
    pieces = math.ceil(extent / max(1, size))
    return min(size, math.ceil(math.ceil(extent / pieces) / step) * step)


def plan_windows(width: int, height: int, block_shape: tuple[int, int], bpp: int,
                 budget: int, out_tile: int = 512,
                 max_window_px: int = MAX_WINDOW_PX) -> list[Window]:
    """Windows covering the grid, aligned to input blocks (and output tiles when it fits).

    Full-width strips are preferred (every output tile row is then written exactly once);
    the strip height is the largest multiple of the alignment step that fits ``budget``.
    Only when one step of full width does not fit are columns split too; when even one
    input block does not fit, windows stay one block high and split the block's columns.
    """
    bh, bw = max(1, int(block_shape[0])), max(1, int(block_shape[1]))
    # Windows beyond ~2 Mpx gain no speed (numpy temporaries leave the cache) and would make
    # the peak memory depend on the raster's width; the cap keeps it the same at any size.
    # 2 rather than 4 Mpx (issue 18): land cover 100 Mpx on 2 loaded cores, median same-round
    # copy/ours 1.17 → 1.26, 1.18 → 1.20, 1.25 → 1.29 (ZSTD threads on/off), less memory.
    max_px = max(1, min(budget // bpp, max_window_px))
    win_h = win_w = 0
    # Aligned steps first: input blocks and output tiles, then input blocks alone.
    for step_h, step_w in ((math.lcm(bh, out_tile), math.lcm(bw, out_tile)), (bh, bw)):
        step_h, step_w = min(step_h, height), min(step_w, width)
        if step_h * width <= max_px:  # full-width strips, as many steps high as fit
            win_h = _balanced(height, min(height, step_h * max(1, max_px // (step_h * width))),
                              step_h)
            win_w = width
            break
        if step_h * step_w <= max_px:  # split columns on aligned boundaries
            win_h = step_h
            win_w = _balanced(width, min(width, (max_px // step_h) // step_w * step_w), step_w)
            break
    if not win_h:
        # One input block is over budget: windows one block high, split across columns, so
        # consecutive windows reuse the block GDAL just decoded (cached). Thin full-width
        # row slivers would re-decode every block of the row many times (a 1024² DEFLATE
        # tile read 11 rows at a time made a 1.3 Gpx run 35× slower).
        win_h = min(bh, height, max_px)
        win_w = max(1, min(width, max_px // win_h))
    windows = []
    for row in range(0, height, win_h):
        h = min(win_h, height - row)
        for col in range(0, width, win_w):
            windows.append(Window(col, row, min(win_w, width - col), h))
    return windows

