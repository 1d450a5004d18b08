"""One BLAS thread while kernels run in the block runner's threads (QGIS-free, best effort).

Why: numpy's OpenBLAS starts its own threads for every product above a small size and lets
them spin-wait after each call. A kernel that multiplies a small matrix per pixel chunk (the
phenology smoothing product, ~1 ms) then burns the other core in spinning threads, which
steal the CPU the runner's second worker needs: measured 31 instead of 24 CPU-s for the
same 1 Mpx phenology run. The runner already parallelises across windows, so BLAS should use
one thread meanwhile.

How: OpenBLAS exports ``openblas_set_num_threads``/``openblas_get_num_threads`` (64-bit
builds of numpy's wheels add a suffix). The loaded libraries are found in
``/proc/self/maps`` (Linux) or by their usual names; anything else (MKL, Accelerate, no
BLAS) is left alone. The limit is process-wide, so it is held by a counter: the first
caller sets it, the last restores the previous value.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_SUFFIXES = ("", "64_", "_64")
_lock = threading.Lock()
_depth = 0
_saved: list[tuple[object, object, int]] = []
_libs: list[tuple[object, object]] | None = None


def _openblas() -> list[tuple[object, object]]:
    """(set, get) function pairs of every loaded OpenBLAS (empty when none is found)."""
    global _libs
    if _libs is not None:
        return _libs
    paths: set[str] = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as fh:
            paths = set(re.findall(r"(/\S*openblas\S*\.(?:so|dylib|dll)\S*)", fh.read()))
    except OSError:
        pass
    found, seen = [], set()
    for path in sorted(paths) or ["libopenblas.so.0"]:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in ("openblas", "scipy_openblas"):
            for suffix in _SUFFIXES:
                set_fn = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                get_fn = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                if set_fn is None or get_fn is None:
                    continue
                addr = ctypes.cast(set_fn, ctypes.c_void_p).value
                if addr in seen:  # libblas.so.3 and libopenblas are often one library
                    continue
                seen.add(addr)
                set_fn.argtypes, get_fn.restype = [ctypes.c_int], ctypes.c_int
                found.append((set_fn, get_fn))
    _libs = found
    return found


@contextmanager
def single_thread_blas() -> Iterator[None]:
    """Run the block with one BLAS thread (re-entrant, thread-safe)."""
    global _depth
    with _lock:
        if _depth == 0:
            _saved.clear()
            for set_fn, get_fn in _openblas():
                try:
                    _saved.append((set_fn, get_fn, int(get_fn())))  # type: ignore[operator]
                    set_fn(1)  # type: ignore[operator]
                except (OSError, ValueError):
                    pass
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                for set_fn, _get_fn, n in reversed(_saved):
                    set_fn(n)  # type: ignore[operator]
                _saved.clear()
