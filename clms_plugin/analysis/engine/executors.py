"""Where the windows of a run are computed: the executor seam of the block runner (QGIS-free).

Why a seam: the runner's contract (windows planned from the memory budget, writes and
``reduce`` serial in window order on the caller) does not depend on *where* a window's read
and kernel run. The thread pool on this machine is one executor; a dask.distributed cluster
(:mod:`.dask_executor`) is another. Both yield ``(window, block, results)`` in window order,
so outputs and reductions (float sums included) are bit-identical whichever ran the windows.

Choosing one without touching any algorithm: :func:`use` sets the executor for the calls to
``blocks.run`` made inside a ``with`` block (the Processing glue does this around every
algorithm), and the environment variable ``CLMS_DASK_SCHEDULER`` sends every run of a script
to that scheduler. Nothing here imports dask: a machine without it runs on threads.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib.util
import logging
import os
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # no numpy/rasterio at import: the provider imports this without them
    from rasterio.windows import Window

ENV_VAR = "CLMS_DASK_SCHEDULER"
POLL_SECONDS = 0.1  # how often a waiting executor lets the runner poll cancel and progress
INSTALL_HINT = ("dask.distributed is not installed: apt install python3-distributed "
                "(Debian/Ubuntu) or pip install distributed")

log = logging.getLogger(__name__)

Results = Mapping[str, Any]  # output arrays (numpy) and partial reductions


@dataclass
class WindowJob:
    """Everything an executor needs to compute the windows of one run.

    ``work`` computes one window here (thread reader, recycled buffers); ``sources``,
    ``grid``, ``kernel`` and ``output_keys`` let a remote executor rebuild the same work on a
    machine that has only the inputs' paths. ``client_block`` makes the array-less block that
    ``reduce`` receives for a window computed elsewhere (``reduce`` reads only ``res`` and
    the block's window, grid and cell areas).
    """

    sources: Mapping[str, Any]
    grid: Any
    kernel: Callable[[Any], Results] | None
    output_keys: tuple[str, ...]
    work: Callable[[Window], tuple[Any, Results]]
    client_block: Callable[[Window], Any]


class Executor(Protocol):
    """Computes a run's windows; yields them in window order; stops early when cancelled."""

    def results(self, job: WindowJob, windows: Sequence[Window],
                canceled: Callable[[], bool]) -> Iterator[tuple[Window, Any, Results]]:
        ...


class ThreadExecutor:
    """Windows on a local thread pool (GDAL and numpy release the GIL), ``threads + 1`` in
    flight so the next window reads while the caller writes; ``threads == 1`` runs inline."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = max(1, int(threads))

    def results(self, job: WindowJob, windows: Sequence[Window],
                canceled: Callable[[], bool]) -> Iterator[tuple[Window, Any, Results]]:
        if self.threads == 1:
            for w in windows:
                if canceled():
                    return
                block, res = job.work(w)
                yield w, block, res
            return
        in_flight = self.threads + 1
        pool = ThreadPoolExecutor(max_workers=self.threads)
        pending: deque[tuple[Window, Future]] = deque()
        it = iter(windows)
        try:
            while True:
                while len(pending) < in_flight:
                    w = next(it, None)
                    if w is None:
                        break
                    pending.append((w, pool.submit(job.work, w)))
                if not pending or canceled():
                    return
                w, fut = pending.popleft()
                while True:  # wait, polling cancel and progress meanwhile (see ticker.py)
                    try:
                        block, res = fut.result(timeout=POLL_SECONDS)
                        break
                    except FutureTimeout:
                        if canceled():
                            return
                yield w, block, res
        finally:
            for _, fut in pending:
                fut.cancel()
            pool.shutdown(wait=True)


_CURRENT: contextvars.ContextVar[Executor | None] = contextvars.ContextVar(
    "clms_executor", default=None)


@contextlib.contextmanager
def use(executor: Executor | None) -> Iterator[Executor | None]:
    """Run the ``blocks.run`` calls inside the ``with`` block on ``executor``.

    ``None`` means "this machine" (threads), also when ``CLMS_DASK_SCHEDULER`` is set: the
    caller has already decided (the Processing glue resolves the variable itself).
    """
    token = _CURRENT.set(executor if executor is not None else _LOCAL)
    try:
        yield executor
    finally:
        _CURRENT.reset(token)


class _Local:
    """Marker: an explicit "run here" set by :func:`use`, so the env variable is not read."""


_LOCAL: Any = _Local()


def current() -> Executor | None:
    """The executor chosen for this context: :func:`use`, else ``CLMS_DASK_SCHEDULER``, else
    None (the runner's thread pool)."""
    chosen = _CURRENT.get()
    if chosen is _LOCAL:
        return None
    if chosen is not None:
        return chosen
    address = os.environ.get(ENV_VAR, "").strip()
    if not address:
        return None
    return connect(address, log=log.info)


def dask_available() -> bool:
    """True if ``distributed`` can be imported (the setting and the env variable need it)."""
    return importlib.util.find_spec("distributed") is not None


def resolve_address(setting: str | None) -> str:
    """The scheduler address to use: ``CLMS_DASK_SCHEDULER`` overrides the setting; empty
    means this machine."""
    env = os.environ.get(ENV_VAR, "").strip()
    return env or (setting or "").strip()


def connect(address: str, log: Callable[[str], None] | None = None) -> Executor:
    """A :class:`~.dask_executor.DaskExecutor` on the scheduler at ``address``.

    Raises :class:`~.dask_executor.ClusterError` naming the address when it cannot be
    reached (before any window is read) and ``ImportError`` with the install hint without
    dask.
    """
    if not dask_available():
        raise ImportError(f"{ENV_VAR}/scheduler address {address!r} set, but {INSTALL_HINT}")
    from .dask_executor import DaskExecutor

    return DaskExecutor(address, log=log)


__all__ = ["ENV_VAR", "INSTALL_HINT", "Executor", "ThreadExecutor", "WindowJob", "connect",
           "current", "dask_available", "resolve_address", "use"]
