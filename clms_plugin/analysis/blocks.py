"""The block runner: stream rasters window by window through a pure-numpy kernel (QGIS-free).

Why: CLMS rasters range from a 50 kpx clip to a 1.3 Gpx WorldCover tile. Every algorithm of
the toolbox (land cover → IPCC, change matrices, phenology, water occurrence, decoding) reads
one or more rasters on one grid, applies numpy per pixel and writes rasters plus tables. This
module does the streaming once, so memory stays flat whatever the raster size and every
algorithm gets the same progress/cancel/atomic-output behaviour (DESIGN.md §5).

Usage::

    from clms_toolbox.clms_plugin.analysis import blocks

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

Callbacks
    ``progress(percent)`` and ``is_canceled()`` between windows; a cancel raises
    :class:`Cancelled` after the temporary files are gone. ``threads > 1`` reads and runs
    kernels in a thread pool (GDAL and numpy release the GIL); writes and ``reduce`` stay
    serial in window order, so reductions need no locks.
"""

from __future__ import annotations

import math
import os
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import numpy as np
import rasterio
from rasterio.windows import Window

from .cellarea import area_method, cell_areas_m2

DEFAULT_BUDGET = 256 * 1024 * 1024
DEFAULT_EXTRA_BYTES = 8  # room for a few kernel temporaries per pixel
MIB = 1024 * 1024


class GridMismatchError(ValueError):
    """Inputs do not share one grid; the message names both grids and files."""


class Cancelled(RuntimeError):  # noqa: N818 - the name other modules catch
    """The run was cancelled between windows; no output file was left behind."""


@dataclass(frozen=True)
class Grid:
    """CRS + transform + size: what must match for pixel-by-pixel work."""

    crs: Any
    transform: Any
    width: int
    height: int

    @classmethod
    def of(cls, ds: Any) -> Grid:
        return cls(ds.crs, ds.transform, ds.width, ds.height)

    def matches(self, other: Grid) -> bool:
        if (self.width, self.height) != (other.width, other.height):
            return False
        if (self.crs is None) != (other.crs is None):
            return False
        if self.crs is not None and self.crs != other.crs:
            return False
        return self.transform.almost_equals(other.transform, precision=1e-9 * max(
            1.0, abs(self.transform.a), abs(self.transform.e)))

    def describe(self) -> str:
        t = self.transform
        crs = "no CRS"
        if self.crs is not None:
            code = self.crs.to_epsg()
            crs = f"EPSG:{code}" if code else self.crs.to_string()[:60]
        return (f"{crs}, {self.width}×{self.height} px, origin ({t.c:.10g}, {t.f:.10g}), "
                f"pixel {t.a:.10g}×{t.e:.10g}")


@dataclass(frozen=True)
class RasterInput:
    """One raster file and, optionally, the 1-based bands to read (default: all)."""

    path: str
    bands: tuple[int, ...] | None = None


InputLike = Union[str, os.PathLike, RasterInput, Sequence[Union[str, os.PathLike]]]


@dataclass
class OutputSpec:
    """One output raster. ``colormap`` {value: (r, g, b[, a])} applies to Byte/UInt16 band 1.

    Class names are not written into the GeoTIFF: GDAL 3.6 does not read GTiff category
    names back from the PAM sidecar, so names travel in the QML style instead.
    """

    path: str | os.PathLike
    dtype: str = "uint8"
    count: int = 1
    nodata: float | int | None = None
    descriptions: Sequence[str] | None = None
    colormap: Mapping[int, Sequence[int]] | None = None
    tags: Mapping[str, str] | None = None
    predictor: int | None = None  # GTiff PREDICTOR; None = 2 for integers, 3 for floats


@dataclass
class RunResult:
    """What a run did: output paths, grid, window count and the area method for tables."""

    outputs: dict[str, str]
    grid: Grid
    windows: int
    window_shape: tuple[int, int]
    area_method: str
    compression: str


@dataclass
class _Source:
    name: str
    parts: list[tuple[str, tuple[int, ...]]]  # (path, bands) stacked in order
    dtype: str
    nodata: list[float | None]
    count: int


class Block:
    """One window of every input, handed to the kernel."""

    def __init__(self, arrays: dict[str, np.ndarray], sources: dict[str, _Source],
                 window: Window, grid: Grid, pool: _Pool | None = None) -> None:
        self._arrays = arrays
        self._pool = pool
        self._lent: list[np.ndarray] = []
        self._sources = sources
        self.window = window
        self.grid = grid
        self.row_off = int(window.row_off)
        self.col_off = int(window.col_off)
        self.height = int(window.height)
        self.width = int(window.width)
        self.nodata = {k: (s.nodata[0] if len(set(map(repr, s.nodata))) == 1 else s.nodata)
                       for k, s in sources.items()}

    def __getitem__(self, name: str) -> np.ndarray:
        return self._arrays[name]

    def __contains__(self, name: str) -> bool:
        return name in self._arrays

    def keys(self) -> Iterator[str]:
        return iter(self._arrays)

    def mask(self, name: str) -> np.ndarray:
        """True where a band's value is its nodata (or NaN for floats)."""
        arr = self._arrays[name]
        src = self._sources[name]
        out = np.zeros(arr.shape, dtype=bool)
        for i, nd in enumerate(src.nodata):
            band = arr[i]
            if np.issubdtype(arr.dtype, np.floating):
                out[i] = np.isnan(band)
                if nd is not None and not math.isnan(nd):
                    out[i] |= band == nd
            elif nd is not None and not (isinstance(nd, float) and math.isnan(nd)):
                out[i] = band == nd
        return out

    def masked(self, name: str) -> np.ma.MaskedArray:
        return np.ma.MaskedArray(self._arrays[name], mask=self.mask(name))

    def cell_areas(self) -> np.ndarray:
        """Cell area (m²) of each row of this window, shape (h,)."""
        return cell_areas_m2(self.grid, self.row_off, self.height)[0]

    def buffer(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        """An uninitialised array for a kernel output, recycled after this window when the
        run recycles (see the module docstring), else a plain ``np.empty``."""
        if self._pool is None:
            return np.empty(shape, dtype=dtype)
        arr = self._pool.get(shape, dtype)
        self._lent.append(arr)
        return arr

    def _release(self) -> None:
        """Give the window's arrays back to the pool (the runner calls it after reduce)."""
        if self._pool is not None:
            for arr in (*self._arrays.values(), *self._lent):
                self._pool.put(arr)
            self._arrays, self._lent = {}, []


# -- inputs ----------------------------------------------------------------------------------
def _normalise(name: str, spec: InputLike) -> list[tuple[str, tuple[int, ...] | None]]:
    if isinstance(spec, RasterInput):
        return [(str(spec.path), spec.bands)]
    if isinstance(spec, (str, os.PathLike)):
        return [(str(spec), None)]
    parts = [(str(p.path), p.bands) if isinstance(p, RasterInput) else (str(p), None)
             for p in spec]
    if not parts:
        raise ValueError(f"input '{name}' is an empty list of rasters")
    return parts


def open_sources(inputs: Mapping[str, InputLike]) -> tuple[dict[str, _Source], Grid, Any]:
    """Check every input against the first one's grid; return sources, grid, block shape."""
    sources, grid, block_shape, handles = _open_checked(inputs)
    for ds in handles.values():
        ds.close()
    return sources, grid, block_shape


def _open_checked(inputs: Mapping[str, InputLike]
                  ) -> tuple[dict[str, _Source], Grid, Any, dict[str, Any]]:
    """:func:`open_sources` that also returns the open datasets, keyed by path.

    Why: with hundreds of monthly inputs, opening every file costs ~0.4 ms; the reader of the
    first thread reuses these handles instead of opening everything a second time.
    """
    handles: dict[str, Any] = {}
    try:
        return (*_check_inputs(inputs, handles), handles)
    except BaseException:
        for ds in handles.values():
            ds.close()
        raise


def _check_inputs(inputs: Mapping[str, InputLike], handles: dict[str, Any]
                  ) -> tuple[dict[str, _Source], Grid, Any]:
    if not inputs:
        raise ValueError("the block runner needs at least one input raster")
    sources: dict[str, _Source] = {}
    grid: Grid | None = None
    first_path = ""
    block_shape = (256, 256)
    for name, spec in inputs.items():
        parts = []
        nodatas: list[float | None] = []
        dtype = None
        for path, bands in _normalise(name, spec):
            if not Path(path).exists():
                raise FileNotFoundError(f"input '{name}': file not found: {path}")
            ds = handles.get(path)
            if ds is None:
                try:
                    ds = rasterio.open(path)
                except rasterio.errors.RasterioIOError as exc:
                    raise ValueError(
                        f"input '{name}': not a readable raster: {path} ({exc})") from exc
                handles[path] = ds
            g = Grid.of(ds)
            if grid is None:
                grid, first_path = g, path
                block_shape = ds.block_shapes[0]
            elif not grid.matches(g):
                raise GridMismatchError(
                    f"rasters are not on one grid (no resampling is done):\n"
                    f"  {first_path}: {grid.describe()}\n  {path}: {g.describe()}\n"
                    "Warp one onto the other's grid first (e.g. gdalwarp or QGIS "
                    "'Align rasters') and run again.")
            bsel = tuple(bands) if bands else tuple(range(1, ds.count + 1))
            for b in bsel:
                if b < 1 or b > ds.count:
                    raise ValueError(f"input '{name}': {path} has {ds.count} band(s), "
                                     f"band {b} was asked for")
            dts = {ds.dtypes[b - 1] for b in bsel}
            if dtype is None:
                dtype = ds.dtypes[bsel[0] - 1]
            dts.add(dtype)
            if len(dts) > 1:
                dtype = str(np.result_type(*dts))
            nodatas.extend(ds.nodatavals[b - 1] for b in bsel)
            parts.append((path, bsel))
        sources[name] = _Source(name, parts, str(dtype), nodatas, len(nodatas))
    assert grid is not None
    return sources, grid, block_shape


# -- window planning -------------------------------------------------------------------------
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


MAX_WINDOW_PX = 4 * 1024 * 1024


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
    # Windows beyond ~4 Mpx gain no speed (numpy temporaries leave the cache) and would make
    # the peak memory depend on the raster's width; the cap keeps it the same at any size.
    max_px = max(1, min(budget // bpp, max_window_px))
    win_h = win_w = 0
    # Aligned steps first: input blocks and output tiles, then input blocks alone.
    for step_h, step_w in ((math.lcm(bh, out_tile), math.lcm(bw, out_tile)), (bh, bw)):
        step_h, step_w = min(step_h, height), min(step_w, width)
        if step_h * width <= max_px:  # full-width strips, as many steps high as fit
            win_h = min(height, step_h * max(1, max_px // (step_h * width)))
            win_w = width
            break
        if step_h * step_w <= max_px:  # split columns on aligned boundaries
            win_h = step_h
            win_w = min(width, (max_px // step_h) // step_w * step_w)
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


# -- outputs ---------------------------------------------------------------------------------
_ZSTD: bool | None = None


def zstd_available() -> bool:
    global _ZSTD
    if _ZSTD is None:
        try:
            from osgeo import gdal

            opts = gdal.GetDriverByName("GTiff").GetMetadataItem("DMD_CREATIONOPTIONLIST") or ""
            _ZSTD = "ZSTD" in opts
        except ImportError:
            _ZSTD = True  # GDAL >= 2.3 builds almost always have it; a failure falls back below
    return _ZSTD


def creation_options(dtype: str, width: int, height: int, threads: int | str = "ALL_CPUS",
                     compress: str | None = None, predictor: int | None = None
                     ) -> dict[str, Any]:
    """GTiff creation options used by the runner (also used by the bench's raw copy).

    Predictor: 3 for floats, 2 for integers, unless the output says otherwise — class rasters
    pass 1, because differencing category codes makes ZSTD output larger and slower
    (measured: 5.5 vs 4.9 MB and +6 % time on 100 Mpx of LC100 patches).
    """
    comp = compress or ("ZSTD" if zstd_available() else "LZW")
    tile = 512 if min(width, height) >= 512 else 256
    if predictor is None:
        predictor = 3 if np.issubdtype(np.dtype(dtype), np.floating) else 2
    opts: dict[str, Any] = {
        "driver": "GTiff", "tiled": True, "blockxsize": tile, "blockysize": tile,
        "compress": comp, "predictor": predictor, "num_threads": str(threads),
        "bigtiff": "IF_SAFER", "interleave": "band",
    }
    if comp == "ZSTD":
        opts["zstd_level"] = 1
    return opts


def _tmp_path(final: Path) -> Path:
    return final.with_name(f".{final.stem}.{uuid.uuid4().hex[:8]}.part.tif")


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".aux.xml")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


class _Writer:
    def __init__(self, key: str, spec: OutputSpec, grid: Grid, threads: int) -> None:
        self.key = key
        self.spec = spec
        self.final = Path(spec.path)
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = _tmp_path(self.final)
        self.opts = creation_options(spec.dtype, grid.width, grid.height, threads,
                                     predictor=spec.predictor)
        self.ds = rasterio.open(self.tmp, "w", width=grid.width, height=grid.height,
                                count=spec.count, dtype=spec.dtype, crs=grid.crs,
                                transform=grid.transform, nodata=spec.nodata, **self.opts)
        if spec.descriptions:
            for i, d in enumerate(spec.descriptions[: spec.count], start=1):
                self.ds.set_band_description(i, d)
        if spec.colormap and np.dtype(spec.dtype) in (np.dtype("uint8"), np.dtype("uint16")):
            self.ds.write_colormap(1, {int(k): tuple(v) for k, v in spec.colormap.items()})
        if spec.tags:
            self.ds.update_tags(**spec.tags)

    def write(self, arr: np.ndarray, window: Window) -> None:
        expect = (self.spec.count, int(window.height), int(window.width))
        if arr.ndim == 2 and self.spec.count == 1:
            arr = arr[None]
        if arr.shape != expect:
            raise ValueError(f"kernel output '{self.key}' has shape {arr.shape}, "
                             f"expected {expect}")
        self.ds.write(arr.astype(self.spec.dtype, copy=False), window=window)

    def finish(self) -> str:
        self.ds.close()
        os.replace(self.tmp, self.final)
        aux = Path(str(self.tmp) + ".aux.xml")
        if aux.exists():
            os.replace(aux, Path(str(self.final) + ".aux.xml"))
        return str(self.final)

    def abort(self) -> None:
        try:
            if not self.ds.closed:
                self.ds.close()
        except Exception:  # noqa: BLE001 - cleanup must not mask the original error
            pass
        _remove(self.tmp)


# -- the run ---------------------------------------------------------------------------------
class _Pool:
    """Recycled flat buffers, each big enough for the largest window at its bytes/pixel.

    Sized by capacity, not by shape: windows come in up to four shapes (edge rows and
    columns), and a shape-keyed pool would keep a set of arrays per shape alive.
    """

    def __init__(self, max_window_px: int) -> None:
        self.max_px = max(1, int(max_window_px))
        self.free: dict[int, list[np.ndarray]] = {}
        self.owner: dict[int, np.ndarray] = {}  # id(view) -> its flat buffer
        self.lock = threading.Lock()

    def get(self, shape: Sequence[int], dtype: Any) -> np.ndarray:
        shape = tuple(int(n) for n in shape)
        dt = np.dtype(dtype)
        px = max(1, math.prod(shape[-2:]))
        nbytes = math.prod(shape) * dt.itemsize
        size = max(nbytes, -(-nbytes // px) * self.max_px)
        with self.lock:
            stack = self.free.get(size)
            buf = stack.pop() if stack else None
        if buf is None:
            buf = np.empty(size, dtype=np.uint8)
        view = buf[:nbytes].view(dt).reshape(shape)
        with self.lock:
            self.owner[id(view)] = buf
        return view

    def put(self, view: np.ndarray) -> None:
        with self.lock:
            buf = self.owner.pop(id(view), None)
            if buf is not None:
                self.free.setdefault(buf.size, []).append(buf)


SHARED_HANDLES_MIN_FILES = 8


class _Reader:
    """Open datasets for the reading threads (a rasterio handle is not thread-safe).

    Few files (one land-cover raster): each thread opens its own handles, so two threads
    decode the same file in parallel. Many files (a stack of monthly maps): the threads share
    the handles the grid check opened, one lock per file — they still decode different files
    at the same time, and nobody re-opens hundreds of files (~0.4 ms each in rasterio).
    """

    def __init__(self, sources: Mapping[str, _Source], pool: _Pool | None = None,
                 spare: dict[str, Any] | None = None) -> None:
        self.sources = sources
        self.pool = pool
        self.local = threading.local()
        self.lock = threading.Lock()
        self.spare = spare  # handles opened by the grid check, for the first thread only
        self.all: list[Any] = list(spare.values()) if spare else []
        paths = {path for s in sources.values() for path, _ in s.parts}
        self.shared: dict[str, Any] | None = None
        self.locks: dict[str, threading.Lock] = {}
        if spare is not None and len(paths) >= SHARED_HANDLES_MIN_FILES \
                and paths <= set(spare):
            self.shared, self.spare = dict(spare), None
            self.locks = {path: threading.Lock() for path in paths}

    def _handles(self) -> dict[str, Any]:
        if self.shared is not None:
            return self.shared
        h = getattr(self.local, "h", None)
        if h is None:
            with self.lock:
                h, self.spare = (self.spare or {}), None
            for s in self.sources.values():
                for path, _ in s.parts:
                    if path not in h:
                        h[path] = rasterio.open(path)
                        with self.lock:
                            self.all.append(h[path])
            self.local.h = h
        return h

    def read(self, window: Window) -> dict[str, np.ndarray]:
        h = self._handles()
        out = {}
        for name, s in self.sources.items():
            shape = (s.count, int(window.height), int(window.width))
            arr = (self.pool.get(shape, s.dtype) if self.pool is not None
                   else np.empty(shape, dtype=s.dtype))
            i = 0
            for path, bands in s.parts:
                # Straight into the window array: no temporary, no second copy.
                if self.shared is not None:
                    with self.locks[path]:
                        h[path].read(list(bands), window=window, out=arr[i:i + len(bands)])
                else:
                    h[path].read(list(bands), window=window, out=arr[i:i + len(bands)])
                i += len(bands)
            out[name] = arr
        return out

    def close(self) -> None:
        for ds in self.all:
            ds.close()


def run(inputs: Mapping[str, InputLike],
        kernel: Callable[[Block], Mapping[str, np.ndarray]] | None,
        outputs: Mapping[str, OutputSpec] | None = None,
        *,
        reduce: Callable[[Block, Mapping[str, np.ndarray]], None] | None = None,
        progress: Callable[[float], None] | None = None,
        is_canceled: Callable[[], bool] | None = None,
        memory_budget: int = DEFAULT_BUDGET,
        extra_bytes_per_pixel: int = DEFAULT_EXTRA_BYTES,
        threads: int = 1,
        gdal_threads: int | str = "ALL_CPUS",
        recycle: bool = False) -> RunResult:
    """Stream ``inputs`` through ``kernel`` and ``reduce``; write ``outputs`` atomically.

    See the module docstring for the contract. Raises :class:`GridMismatchError`,
    :class:`Cancelled`, ``FileNotFoundError``/``ValueError`` for unreadable inputs, and
    re-raises any kernel error after deleting the temporary outputs.
    """
    outputs = dict(outputs or {})
    sources, grid, block_shape, handles = _open_checked(inputs)
    reader = _Reader(sources, None, handles)  # owns the handles from here on
    try:
        threads = max(1, int(threads))
        in_flight = threads + 1 if threads > 1 else 1
        bpp = bytes_per_pixel(sources, outputs, extra_bytes_per_pixel)
        windows = plan_windows(grid.width, grid.height, block_shape, bpp,
                               max(1, memory_budget // in_flight))
        total_px = float(grid.width * grid.height) or 1.0
        cache = gdal_cache_bytes(outputs, windows, in_flight, memory_budget)
        buffers = _Pool(max(int(w.width * w.height) for w in windows)) \
            if recycle and windows else None
        reader.pool = buffers
    except BaseException:
        reader.close()
        raise
    writers: list[_Writer] = []
    canceled = is_canceled or (lambda: False)

    def work(window: Window) -> tuple[Block, dict[str, np.ndarray]]:
        block = Block(reader.read(window), sources, window, grid, buffers)
        res = dict(kernel(block)) if kernel is not None else {}
        missing = set(outputs) - set(res)
        if missing:
            raise ValueError(f"kernel returned no array for output(s) {sorted(missing)}")
        return block, res

    done_px = 0.0
    # No GDAL_NUM_THREADS for reading: GDAL 3.6's multi-threaded tile decoding deadlocks when
    # the block cache flushes a dirty output tile (itself compressed by worker threads) from
    # inside a decode job (seen with gdb). Compression threads on write (NUM_THREADS creation
    # option) and our own window pool give the parallelism instead.
    # In bytes: rasterio hands the value to GDALSetCacheMax64 (a small number means bytes).
    with rasterio.Env(GDAL_CACHEMAX=int(cache)):
        try:
            for key, spec in outputs.items():
                writers.append(_Writer(key, spec, grid, gdal_threads))
            pool = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None
            pending: deque[tuple[Window, Future | None]] = deque()
            it = iter(windows)
            try:
                while True:
                    while pool is not None and len(pending) < in_flight:
                        w = next(it, None)
                        if w is None:
                            break
                        pending.append((w, pool.submit(work, w)))
                    if pool is None:
                        w = next(it, None)
                        if w is not None:
                            pending.append((w, None))
                    if not pending:
                        break
                    if canceled():
                        raise Cancelled("cancelled by the user")
                    w, fut = pending.popleft()
                    block, res = fut.result() if fut is not None else work(w)
                    for wr in writers:
                        wr.write(np.asarray(res[wr.key]), w)
                    if reduce is not None:
                        reduce(block, res)
                    del res
                    block._release()
                    done_px += float(w.width * w.height)
                    if progress is not None:
                        progress(100.0 * done_px / total_px)
                if canceled():
                    raise Cancelled("cancelled by the user")
            finally:
                if pool is not None:
                    for _, fut in pending:
                        if fut is not None:
                            fut.cancel()
                    pool.shutdown(wait=True)
                reader.close()
            paths = {wr.key: wr.finish() for wr in writers}
        except BaseException:
            for wr in writers:
                wr.abort()
            raise
    first = windows[0] if windows else Window(0, 0, 0, 0)
    comp = writers[0].opts["compress"] if writers else ""
    return RunResult(paths, grid, len(windows), (int(first.height), int(first.width)),
                     area_method(grid), comp)


def read_grid(path: str | os.PathLike) -> Grid:
    """The grid of one raster file (for callers that check grids before a run)."""
    with rasterio.open(path) as ds:
        return Grid.of(ds)


__all__ = [
    "Block", "Cancelled", "Grid", "GridMismatchError", "OutputSpec", "RasterInput",
    "RunResult", "bytes_per_pixel", "cell_areas_m2", "creation_options", "open_sources",
    "plan_windows", "read_grid", "run",
]
