"""The dask.distributed executor: a run's windows as tasks on a cluster (QGIS-free).

Each window is one task (:func:`.remote.run_window`): the worker opens the inputs itself,
reads its window, runs the kernel and returns the output windows plus the partial
reductions. The client (this process) writes the outputs and calls ``reduce`` in window
order, exactly as with threads, so files and tables are identical to a local run.

Why the client writes (and workers do not write tiles to a shared folder for the client to
assemble): every output is *one* tiled, compressed GeoTIFF. Assembling worker tiles means
the client decodes each tile and encodes it again — the same encode the client does now,
plus a decode, plus a shared *writable* folder every worker and the client must mount.
Measured on this 2-core machine (bench/bench_distributed.py, 4 runs, busy cores): gathering
a raw 4 Mpx Byte window from a worker costs the client 1.5–1.7 ms/MB; decoding that window
from a ZSTD GeoTIFF 3.2–11 ms/MB. So tiles would cost the client more, not less, and its
limit — the encode (phenology: ~12–28 MB/s of 27 Float32 bands) — stays either way.

Tasks in flight are bounded (twice the cluster's threads, at least 2, and no more than
``CLMS_DASK_CLIENT_BYTES`` — 512 MiB — of returned windows), so the client's memory stays
flat whatever the raster size and the cluster size; cancel cancels the pending
futures; a worker that dies loses only its running windows, which the scheduler runs again
elsewhere (windows are pure functions of the inputs, so the output does not change).
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import itertools
import logging
import os
import platform
import sys
import threading
from collections import ChainMap, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

import cloudpickle
from distributed import Client
from distributed.scheduler import KilledWorker
from rasterio.windows import Window

from . import dask_core, remote
from .executors import Results, WindowJob

CONNECT_TIMEOUT_S = float(os.environ.get("CLMS_DASK_TIMEOUT", "10"))
PACKAGE = __name__.split(".")[0]
_log = logging.getLogger(__name__)
_CLIENTS: dict[str, Client] = {}
_CORE: dict[str, bytes] = {}
_RUNS = itertools.count(1)
WINDOW_RETRIES = 3  # resubmissions of a window whose result was lost with its worker
# Results the client may hold at once (finished windows waiting for their turn): with a
# hundred 4-thread workers, "twice the threads" of 20 MB phenology windows would be 16 GB.
CLIENT_BYTES = int(os.environ.get("CLMS_DASK_CLIENT_BYTES", str(512 * 1024 * 1024)))


class ClusterError(RuntimeError):
    """The cluster cannot run this job; the message names the address, worker or input."""


def _reduce_local(_obj: Any) -> tuple[Any, tuple]:
    return threading.local, ()


def _reduce_lock(_obj: Any) -> tuple[Any, tuple]:
    return threading.Lock, ()


class _Pickler(cloudpickle.CloudPickler):
    """cloudpickle that sends per-thread scratch (``threading.local``) and locks as fresh,
    empty ones: kernels keep scratch buffers in them, which are per-process state anyway."""

    dispatch_table = ChainMap({type(threading.local()): _reduce_local,
                               type(threading.Lock()): _reduce_lock},
                              cloudpickle.CloudPickler.dispatch_table, copyreg.dispatch_table)


def dumps(obj: Any) -> bytes:
    """Pickle a job for the workers. Functions of the Processing glue (which the workers
    cannot import: it needs QGIS) go by value; the core goes by reference (shipped)."""
    glue = sys.modules.get(f"{PACKAGE}.processing_provider")
    if glue is not None:
        cloudpickle.register_pickle_by_value(glue)
    buf = io.BytesIO()
    _Pickler(buf, protocol=5).dump(obj)
    return buf.getvalue()


def get_client(address: str, timeout: float = CONNECT_TIMEOUT_S) -> Client:
    """A connected client for ``address`` (one per process and address, reused)."""
    client = _CLIENTS.get(address)
    if client is not None and client.status == "running":
        return client
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            f"the dask scheduler at {address} cannot be reached ({exc}); check the address "
            "(CLMS_DASK_SCHEDULER or Processing ▸ Options ▸ Providers ▸ CLMS Toolbox ▸ "
            "Dask scheduler address) and that the scheduler is running") from exc
    _CLIENTS[address] = client
    return client


def core_zip() -> bytes:
    """The QGIS-free core of this installation, zipped (built once per process)."""
    data = _CORE.get(PACKAGE)
    if data is None:
        root = Path(sys.modules[PACKAGE].__file__ or "").resolve().parent
        data = _CORE[PACKAGE] = dask_core.build_core_zip(root, PACKAGE)
    return data


class DaskExecutor:
    """Windows as tasks on the dask scheduler at ``address`` (or an existing ``Client``)."""

    def __init__(self, address: str | Client, log: Callable[[str], None] | None = None,
                 in_flight: int | None = None, client_bytes: int = CLIENT_BYTES) -> None:
        self.client = get_client(address) if isinstance(address, str) else address
        self.address = str(self.client.scheduler.address)
        self.log = log or _log.info
        self.in_flight = in_flight
        self.client_bytes = client_bytes
        self.max_pending = 0  # most windows in flight during the last run
        self.last_in_flight = 0  # the in-flight bound at the end of the last run
        self.stats: list[dict[str, Any]] = []  # one per window of the last run (meta)
        self.keys: list[str] = []  # the task keys of the last run's windows

    # -- before the first window --------------------------------------------------------------
    def workers(self) -> dict[str, Any]:
        return dict(self.client.scheduler_info().get("workers", {}))

    def ship_core(self) -> None:
        """Register the core-upload plugin unless this scheduler already has this version."""
        plugin = dask_core.CoreUpload(core_zip(), PACKAGE)
        cloudpickle.register_pickle_by_value(dask_core)
        if getattr(self.client, "_clms_core_digest", None) != plugin.digest:
            self.client.register_worker_plugin(plugin, name=dask_core.PLUGIN_NAME)
            self.client._clms_core_digest = plugin.digest  # type: ignore[attr-defined]

    def preflight(self, paths: Sequence[str]) -> dict[str, Any]:
        """Workers present, core shipped, every worker can open every input — or an error
        naming the worker and the input."""
        if not self.workers():
            try:
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                raise ClusterError(f"the dask scheduler at {self.address} has no workers"
                                   ) from exc
        # Kernels are pickled by value (bytecode): a worker on another Python minor version
        # would fail with an obscure unpickling error, so name it first.
        here = platform.python_version_tuple()[:2]
        other = {w: v for w, v in self.client.run(platform.python_version).items()
                 if tuple(v.split(".")[:2]) != here}
        if other:
            raise ClusterError(
                f"workers of {self.address} run another Python than this one "
                f"({'.'.join(here)}): " + ", ".join(f"{w} {v}" for w, v in sorted(other.items()))
                + "; the workers need the same Python minor version as QGIS")
        self.ship_core()
        answers = self.client.run(remote.check_inputs, list(paths))
        bad = [(w, p, why) for w, fails in sorted(answers.items()) for p, why in fails]
        if bad:
            shown = "; ".join(f"worker {w} cannot open {p} ({why})" for w, p, why in bad[:5])
            more = f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""
            raise ClusterError(
                f"inputs not readable on the cluster {self.address}: {shown}{more}. Workers "
                "need the same path (a shared folder) or a GDAL URL such as /vsis3/ or "
                "/vsicurl/.")
        return self.workers()

    # -- the run ------------------------------------------------------------------------------
    def results(self, job: WindowJob, windows: Sequence[Window],
                canceled: Callable[[], bool]) -> Iterator[tuple[Window, Any, Results]]:
        paths = sorted({p for s in job.sources.values() for p, _ in s.parts})
        workers = self.preflight(paths)
        threads = sum(int(w.get("nthreads", 1)) for w in workers.values()) or 1
        self.log(f"{len(windows)} windows on {self.address}, {len(workers)} workers "
                 f"({threads} threads)")
        payload = dumps(remote.RemoteJob(job.kernel, job.sources, job.grid, job.output_keys))
        token = hashlib.sha1(payload).hexdigest()
        box = {"job": self.client.scatter([payload], broadcast=True, hash=False)[0]}
        in_flight = self.in_flight or max(2, 2 * threads)
        prefix = f"clms-window-{token[:8]}-{next(_RUNS)}"
        self.stats, self.keys, self.max_pending = [], [], 0

        def submit(i: int, w: Window, attempt: int = 0) -> Any:
            if box["job"].status != "finished":  # every copy of the job was on dead workers
                box["job"] = self.client.scatter([payload], broadcast=True, hash=False)[0]
            key = f"{prefix}-{i}" + (f"-r{attempt}" if attempt else "")
            self.keys.append(key)
            return self.client.submit(
                remote.run_window, token, box["job"],
                (int(w.col_off), int(w.row_off), int(w.width), int(w.height)),
                key=key, pure=False)

        pending: deque[list[Any]] = deque()  # [index, window, future, attempt]
        todo = iter(enumerate(windows))
        try:
            while True:
                while len(pending) < in_flight:
                    self.max_pending = max(self.max_pending, len(pending) + 1)
                    nxt = next(todo, None)
                    if nxt is None:
                        break
                    pending.append([nxt[0], nxt[1], submit(*nxt), 0])
                if not pending:
                    break
                head = pending[0]
                got = self._wait(head, canceled, submit)
                if got is None:
                    return
                res, meta = got
                pending.popleft()
                head[2].release()
                meta.update(window=head[0], out_bytes=sum(int(getattr(v, "nbytes", 0))
                                                          for v in res.values()))
                # bound the client's memory by what a window actually returns
                in_flight = min(in_flight, max(2, self.client_bytes // max(1, meta["out_bytes"])))
                self.last_in_flight = in_flight
                self.stats.append(meta)
                yield head[1], job.client_block(head[1]), res
            self._summary()
        finally:
            if pending:
                self.client.cancel([p[2] for p in pending])
            box["job"].release()

    def _wait(self, head: list[Any], canceled: Callable[[], bool],
              submit: Callable[..., Any]) -> tuple[dict, dict] | None:
        """The head window's result; None on cancel. A window whose result was lost with a
        dying worker (distributed 2022.12 then reports the future as cancelled) is submitted
        again — windows are pure, so the rerun gives the same bytes."""
        while True:  # poll so a cancel does not wait for a slow window
            if canceled():
                return None
            try:  # not distributed.wait(): that uses the *default* client
                return head[2].result(timeout=0.25)
            except TimeoutError:
                continue
            except CancelledError:
                if canceled() or head[3] >= WINDOW_RETRIES:
                    raise
                head[3] += 1
                _log.warning("window %s lost with a worker; submitting it again", head[0])
                head[2] = submit(head[0], head[1], head[3])
            except KilledWorker as exc:
                raise ClusterError(
                    f"window {head[0]} killed {exc.args[-1] if exc.args else 'its'} worker(s) "
                    f"on {self.address} several times (out of memory? give the workers more "
                    "memory or run with a smaller memory budget)") from exc

    def _summary(self) -> None:
        per: dict[str, int] = {}
        for m in self.stats:
            per[m["worker"]] = per.get(m["worker"], 0) + 1
        mb = sum(m["in_bytes"] + m["out_bytes"] for m in self.stats) / 1e6
        cpu = sum(m["read_s"] + m["kernel_s"] for m in self.stats)
        self.log("windows per worker: " + ", ".join(f"{w} {n}" for w, n in sorted(per.items()))
                 + f"; {cpu:.1f} s read+kernel on the workers, {mb:.1f} MB read and returned")


__all__ = ["ClusterError", "DaskExecutor", "core_zip", "dumps", "get_client"]
