"""Worker side of the dask executor: one window per task (numpy + rasterio only, QGIS-free).

Why the worker opens the inputs itself: shipping input windows from the client would make
the client's disk and network the bottleneck of the whole cluster; each worker reads its
own windows from a shared path or a GDAL virtual file system URL (``/vsis3/``,
``/vsicurl/``), which :func:`check_inputs` verifies on every worker before the first window.

A run's kernel, sources and grid travel once per worker as one pickled payload (a
broadcast dask future); :func:`load_job` unpickles it once per worker process and keeps the
last few jobs with their open datasets (one set per worker thread), so a window costs its
read and kernel only.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import rasterio
from rasterio.windows import Window

from .runner import Block, _Reader

KEEP_JOBS = 4  # recent runs (several clients may share a worker); older ones are dropped


@dataclass
class RemoteJob:
    """What the client sends once per run (pickled with cloudpickle)."""

    kernel: Any
    sources: Any
    grid: Any
    output_keys: tuple[str, ...]


_JOBS: OrderedDict[str, tuple[RemoteJob, _Reader]] = OrderedDict()
_LOCK = threading.Lock()


def load_job(token: str, payload: bytes) -> tuple[RemoteJob, _Reader]:
    """The unpickled job ``token`` and its reader (per-thread dataset handles)."""
    with _LOCK:
        hit = _JOBS.get(token)
        if hit is not None:
            _JOBS.move_to_end(token)
            return hit
        job = pickle.loads(payload)
        entry = (job, _Reader(job.sources))
        _JOBS[token] = entry
        while len(_JOBS) > KEEP_JOBS:
            # dropped, not closed: a thread may still be reading a window of that job; its
            # datasets close when the last reference (a thread's handle dict) goes away
            _JOBS.popitem(last=False)
        return entry


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


def run_window(token: str, payload: bytes, window: Sequence[int]
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read one window (col, row, width, height), run the kernel, return its results and
    where/how long it ran (the client writes and reduces; the bench models from ``meta``)."""
    t0 = time.perf_counter()
    job, reader = load_job(token, payload)
    w = Window(*window)
    arrays = reader.read(w)
    t1 = time.perf_counter()
    block = Block(arrays, job.sources, w, job.grid)
    res = dict(job.kernel(block)) if job.kernel is not None else {}
    missing = set(job.output_keys) - set(res)
    if missing:
        raise ValueError(f"kernel returned no array for output(s) {sorted(missing)}")
    t2 = time.perf_counter()
    meta = {"worker": _worker_address(), "read_s": t1 - t0, "kernel_s": t2 - t1,
            "in_bytes": sum(int(a.nbytes) for a in arrays.values())}
    return res, meta


def check_inputs(paths: Sequence[str]) -> list[tuple[str, str]]:
    """``(path, reason)`` for each input this worker cannot open and read one pixel of."""
    failures = []
    for path in paths:
        try:
            with rasterio.open(path) as ds:
                ds.read(1, window=Window(0, 0, 1, 1))
        except Exception as exc:  # noqa: BLE001 - every failure is reported by name
            failures.append((path, f"{type(exc).__name__}: {exc}"))
    return failures


def core_location(package: str) -> str:
    """Where this worker imported the package from (tests check it is the shipped copy)."""
    import sys

    return str(getattr(sys.modules.get(package), "__file__", ""))
