"""The block runner: stream rasters window by window through a pure-numpy kernel (QGIS-free).

Why: CLMS rasters range from a 50 kpx clip to a 1.3 Gpx WorldCover tile. Every algorithm of
the toolbox (land cover → IPCC, change matrices, phenology, water occurrence, decoding) reads
one or more rasters on one grid, applies numpy per pixel and writes rasters plus tables. This
module does the streaming once, so memory stays flat whatever the raster size and every
algorithm gets the same progress/cancel/atomic-output behaviour (DESIGN.md §5).

Usage::

    from clms_toolbox.clms_plugin.analysis.engine import blocks

    def kernel(block):                       # pure numpy, no I/O
        lc = block["lc"][0]                  # (h, w) band 1 of input "lc"
        return {"out": lut[lc][None]}        # (bands, h, w) per output key

    result = blocks.run(
        {"lc": "in.tif"},                    # name -> path | RasterInput | [paths] (time stack)
        kernel,
        outputs={"out": blocks.OutputSpec("out.tif", "uint8", nodata=255)},
        reduce=lambda block, outs: ...,      # optional, serial, in window order
        progress=lambda pct: ..., is_canceled=lambda: False,
    )

Inputs
    ``inputs`` maps a name to a path, a :class:`RasterInput` (path + optional 1-based band
    list) or a list of paths (a time stack of single-band files, stacked along axis 0). All
    must share one grid (CRS, transform, size) or :class:`GridMismatchError` names both.

Windows
    Aligned to the first input's internal blocks (and to the output tiles), grouped so that
    the bytes of every input band + mask + every output band + ``extra_bytes_per_pixel`` stay
    under ``memory_budget`` (default 256 MiB; divided among windows in flight when threaded).
    Callers with a deep time axis need nothing special: the band count of each input enters
    the per-pixel cost, so window height shrinks automatically; kernels that allocate large
    temporaries declare them with ``extra_bytes_per_pixel``.

Block
    ``block[name]`` → raw ndarray (bands, h, w); ``block.mask(name)`` → bool (bands, h, w),
    True where the value is the input's nodata (or NaN); ``block.masked(name)`` →
    ``np.ma.MaskedArray``; ``block.nodata[name]``; ``block.window`` (rasterio Window);
    ``block.row_off``/``block.col_off`` (global offsets); ``block.grid``;
    ``block.cell_areas()`` → per-row m² for this window (ellipsoidal on geographic CRS).

Outputs
    :class:`OutputSpec` (path, dtype, count, nodata, band descriptions, colour table,
    metadata tags, predictor). Written as tiled (512/256) GeoTIFF, ZSTD + predictor (LZW if the GDAL
    build lacks ZSTD), GDAL compression threads, to a hidden temporary name in the target
    folder, renamed on success, deleted on error or cancel.

Kernel results
    ``kernel(block)`` returns ``{key: array}``: every key of ``outputs`` (shape (count, h, w)
    or (h, w) for one band) plus, optionally, other keys holding per-window partial
    reductions (histograms, cross-tabs) computed in the pool threads; ``reduce(block,
    results)`` then only adds them up, serially and in window order.

Recycling (opt-in, ``recycle=True``)
    Window arrays of the inputs, and output buffers a kernel takes from
    ``block.buffer(shape, dtype)``, go back to a small pool once the window is written and
    reduced, and are handed to a later window of the same shape. Why: a run allocates and
    frees a few MiB per window; glibc then serves them from fragmenting arenas, so the peak
    RSS crept up with the window count (+9 to +14 % from 100 Mpx to 1 Gpx) and fresh pages
    cost page faults. With recycling the arrays live as long as the run and the footprint
    is the same at any raster size. The contract: neither the kernel's results nor
    ``reduce`` may keep a reference to a block array or a lent buffer after ``reduce``
    returns (copy what must outlive the window).

Executors (where windows run; :mod:`.executors`)
    Threads on this machine by default; a dask.distributed cluster when ``executor=`` or
    :func:`executors.use` says so, or ``CLMS_DASK_SCHEDULER`` is set. A kernel may therefore
    run in another process: it must be picklable (numpy, plain data, objects of the core; no
    open datasets, no QGIS objects) and must not write to closure state — side information
    goes back as a result key and is gathered in ``reduce`` (which always runs here).

Callbacks
    ``progress(percent)`` and ``is_canceled()`` between windows and, while a window is in
    a kernel, every 0.1 s (always from the caller's thread); a kernel that works in pieces
    calls ``block.checkpoint(pixels)`` between them, which counts progress and raises
    :class:`Cancelled` in the kernel's thread soon after a cancel (engine/ticker.py). A
    cancel raises :class:`Cancelled` after the temporary files are gone. ``threads > 1``
    reads and runs kernels in a thread pool (GDAL and numpy release the GIL); writes and
    ``reduce`` stay serial in window order, so reductions need no locks.
"""

from __future__ import annotations

from .cellarea import cell_areas_m2
from .grid import Grid, GridMismatchError, InputLike, RasterInput, open_sources, read_grid
from .runner import DEFAULT_BUDGET, DEFAULT_EXTRA_BYTES, Block, Cancelled, RunResult, run
from .windows import (
    BYTE_WINDOW_PX,
    MAX_WINDOW_PX,
    bytes_per_pixel,
    gdal_cache_bytes,
    plan_windows,
)
from .writer import OutputSpec, creation_options, zstd_available

__all__ = [
    "BYTE_WINDOW_PX", "DEFAULT_BUDGET", "DEFAULT_EXTRA_BYTES", "MAX_WINDOW_PX", "Block",
    "Cancelled", "Grid",
    "GridMismatchError", "InputLike", "OutputSpec", "RasterInput", "RunResult",
    "bytes_per_pixel", "cell_areas_m2", "creation_options", "gdal_cache_bytes", "open_sources",
    "plan_windows", "read_grid", "run", "zstd_available",
]
