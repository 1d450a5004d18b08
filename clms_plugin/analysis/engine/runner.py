"""The block runner itself: windows read, run through a kernel, written and reduced."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import rasterio
from rasterio.windows import Window

from .cellarea import area_method, cell_areas_m2
from .executors import Executor, ThreadExecutor, WindowJob
from .executors import current as current_executor
from .grid import Grid, InputLike, _open_checked, _Source
from .heap import release_free_heap
from .ticker import Cancelled, Ticker
from .windows import (
    DEFAULT_EXTRA_BYTES,
    MAX_WINDOW_PX,
    bytes_per_pixel,
    gdal_cache_bytes,
    output_tile,
    plan_windows,
)
from .writer import OutputSpec, _Writer

DEFAULT_BUDGET = 256 * 1024 * 1024

__all__ = ["DEFAULT_BUDGET", "Block", "Cancelled", "RunResult", "run"]


@dataclass
class RunResult:
    """What a run did: output paths, grid, window count and the area method for tables."""

    outputs: dict[str, str]
    grid: Grid
    windows: int
    window_shape: tuple[int, int]
    area_method: str
    compression: str


class Block:
    """One window of every input, handed to the kernel."""

    def __init__(self, arrays: dict[str, np.ndarray], sources: dict[str, _Source],
                 window: Window, grid: Grid, pool: _Pool | None = None,
                 ticker: Ticker | None = None) -> None:
        self._arrays = arrays
        self._pool = pool
        self._ticker = ticker
        self._ticked = 0.0
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

    def checkpoint(self, pixels: int = 0) -> None:
        """Between pieces of a long kernel: count ``pixels`` of this window as done for the
        progress bar, and raise :class:`Cancelled` if the run was cancelled meanwhile.

        Why: a kernel that needs seconds per window (phenology on a deep stack) otherwise
        delays cancel and the first progress report by a whole window.
        """
        if self._ticker is not None:
            self._ticked += self._ticker.tick(pixels)

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

    def reserve(self, sources: Mapping[str, _Source], sets: int) -> None:
        """Allocate and touch ``sets`` window arrays of every input before the first window.

        Why: with ``threads`` workers and one finished window in the writer's hands, up to
        ``threads + 1`` windows hold their inputs at once, but how often that happens depends
        on timing. Grown on demand, the pool reached its last set only in long runs: the
        water bench's 10 Mpx run (169 windows) peaked a set of 2 × 7.9 MiB above the 1 Mpx
        run (16 windows), a growth made by the window count, not the raster. Reserved up
        front, the peak is that of the plan (budget, bands) at any raster size.
        """
        for s in sources.values():
            size = s.count * np.dtype(s.dtype).itemsize * self.max_px
            for _ in range(sets):
                buf = np.empty(size, dtype=np.uint8)
                buf[::4096] = 0  # one write per page: resident now, not in the middle
                self.free.setdefault(size, []).append(buf)

    def put(self, view: np.ndarray) -> None:
        with self.lock:
            buf = self.owner.pop(id(view), None)
            if buf is not None:
                self.free.setdefault(buf.size, []).append(buf)


SHARED_HANDLES_MIN_FILES = 8
READ_PIECE_BYTES = 8 * 1024 * 1024


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
        self.block_width = 256
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

    def read(self, window: Window,
             check: Callable[[], None] | None = None) -> dict[str, np.ndarray]:
        """Read every input's window; ``check()`` runs after every ~``READ_PIECE_BYTES``.

        Why pieces: a window of a deep stack is tens of MB, and de-interleaving a
        pixel-interleaved 365-band GeoTIFF runs at ~50 MB/s, so one read call could delay a
        cancel by a second. Wide reads are split into column pieces aligned to the input's
        blocks (each block is still decoded once) and ``check`` may raise between them.
        """
        h = self._handles()
        out = {}
        done = 0
        hgt, wid = int(window.height), int(window.width)
        for name, s in self.sources.items():
            shape = (s.count, hgt, wid)
            arr = (self.pool.get(shape, s.dtype) if self.pool is not None
                   else np.empty(shape, dtype=s.dtype))
            item = np.dtype(s.dtype).itemsize
            i = 0
            for path, bands in s.parts:
                nb = len(bands)
                step = wid
                if check is not None and nb * item * hgt * wid > READ_PIECE_BYTES:
                    bw = self.block_width
                    step = max(bw, READ_PIECE_BYTES // (nb * item * hgt) // bw * bw)
                for c0 in range(0, wid, step):
                    c1 = min(wid, c0 + step)
                    win = Window(window.col_off + c0, window.row_off, c1 - c0, hgt)
                    # Straight into the window array: no temporary, no second copy.
                    if self.shared is not None:
                        with self.locks[path]:
                            h[path].read(list(bands), window=win, out=arr[i:i + nb, :, c0:c1])
                    else:
                        h[path].read(list(bands), window=win, out=arr[i:i + nb, :, c0:c1])
                    done += nb * item * hgt * (c1 - c0)
                    if check is not None and done >= READ_PIECE_BYTES:
                        check()
                        done = 0
                i += nb
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
        recycle: bool = False,
        executor: Executor | None = None,
        max_window_px: int = MAX_WINDOW_PX) -> RunResult:
    """Stream ``inputs`` through ``kernel`` and ``reduce``; write ``outputs`` atomically.

    See the module docstring for the contract. Raises :class:`GridMismatchError`,
    :class:`Cancelled`, ``FileNotFoundError``/``ValueError`` for unreadable inputs, and
    re-raises any kernel error after deleting the temporary outputs. ``executor`` says where
    windows are computed (default: :func:`.executors.current`, else threads on this machine);
    the window plan, writes and ``reduce`` order do not depend on it. ``max_window_px`` caps
    a window's pixels below what the budget allows (see ``windows.plan_windows``).
    """
    outputs = dict(outputs or {})
    sources, grid, block_shape, handles = _open_checked(inputs)
    reader = _Reader(sources, None, handles)  # owns the handles from here on
    reader.block_width = max(1, int(block_shape[1]))
    try:
        threads = max(1, int(threads))
        in_flight = threads + 1 if threads > 1 else 1
        bpp = bytes_per_pixel(sources, outputs, extra_bytes_per_pixel)
        windows = plan_windows(grid.width, grid.height, block_shape, bpp,
                               max(1, memory_budget // in_flight),
                               max_window_px=max_window_px)
        total_px = float(grid.width * grid.height) or 1.0
        cache = gdal_cache_bytes(outputs, windows, in_flight, memory_budget)
        tile = output_tile(windows, grid.width, grid.height)
        buffers = _Pool(max(int(w.width * w.height) for w in windows)) \
            if recycle and windows else None
        if buffers is not None:
            buffers.reserve(sources, in_flight)
        reader.pool = buffers
    except BaseException:
        reader.close()
        raise
    writers: list[_Writer] = []
    ticker = Ticker(total_px, progress, is_canceled)

    def work(window: Window) -> tuple[Block, dict[str, np.ndarray]]:
        block = Block(reader.read(window, lambda: ticker.tick(0)), sources, window, grid,
                      buffers, ticker)
        res = dict(kernel(block)) if kernel is not None else {}
        missing = set(outputs) - set(res)
        if missing:
            raise ValueError(f"kernel returned no array for output(s) {sorted(missing)}")
        return block, res

    def canceled() -> bool:
        """For executors, while they wait for a window: polls cancel (raising Cancelled)
        and reports progress, from this thread (see ticker.py)."""
        ticker.poll()
        return False

    # No GDAL_NUM_THREADS for reading: GDAL 3.6's multi-threaded tile decoding deadlocks when
    # the block cache flushes a dirty output tile (itself compressed by worker threads) from
    # inside a decode job (seen with gdb). Compression threads on write (NUM_THREADS creation
    # option) and our own window pool give the parallelism instead.
    # In bytes: rasterio hands the value to GDALSetCacheMax64 (a small number means bytes).
    with rasterio.Env(GDAL_CACHEMAX=int(cache)):
        try:
            ticker.poll(force=True)  # cancelled before the start; progress 0 %
            for key, spec in outputs.items():
                writers.append(_Writer(key, spec, grid, gdal_threads, tile))
            ex = executor if executor is not None else current_executor()
            if ex is None:
                ex = ThreadExecutor(threads)
            job = WindowJob(sources, grid, kernel, tuple(outputs), work,
                            lambda w: Block({}, sources, w, grid))
            stream = ex.results(job, windows, canceled)
            try:
                done = 0
                for w, block, res in stream:
                    ticker.poll(force=True)
                    for wr in writers:
                        wr.write(np.asarray(res[wr.key]), w)
                    if reduce is not None:
                        reduce(block, res)
                    del res
                    block._release()
                    done += 1
                    ticker.window_done(float(w.width * w.height), block._ticked)
                ticker.poll(force=True)
                if done < len(windows):  # the executor stopped early: a cancel
                    raise Cancelled("cancelled by the user")
            finally:
                stream.close()  # a pool is shut down / futures cancelled before handles close
                reader.close()
            paths = {wr.key: wr.finish() for wr in writers}
        except BaseException:
            for wr in writers:
                wr.abort()
            raise
    # The windows' arrays and the recycled buffers are garbage now: hand the freed heap back,
    # so the next run in this process (QGIS) does not start from a fragmented one (heap.py).
    buffers = reader.pool = None
    release_free_heap()
    first = windows[0] if windows else Window(0, 0, 0, 0)
    comp = writers[0].opts["compress"] if writers else ""
    return RunResult(paths, grid, len(windows), (int(first.height), int(first.width)),
                     area_method(grid), comp)

