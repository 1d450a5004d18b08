"""Benchmark: local threads vs a two-worker dask cluster on the same data, and a scaling model.

Run: ``.venv/bin/python bench/bench_distributed.py [--quick]``

Jobs (synthetic, real product encodings): land cover → IPCC with its area table (LC100
Byte, 4000 × 3000 px; ``--quick`` 2000 × 1500) and phenology (CGLS NDVI 300 m DN stack,
108 dekads, 240 × 240 px; ``--quick`` 120 × 120). Each runs with the same memory budget
(so the same windows) on:

1. threads on this machine (``threads=2``);
2. a LocalCluster of 2 worker *processes* × 1 thread (warm: the core is shipped and the
   workers have imported it before the timed run).

From the cluster run it takes, per window, the worker's read + kernel seconds and the bytes
read by the worker and returned to the client; it replays the returned windows through
the runner with nothing to compute to get the client's serial cost per window (write +
compress + reduce). The model (README "Running on a dask cluster"):

    T(N) = T0 + max( W·c / (N·k) ,  W·(s + o) ,  W·b_out / BW_client ,  W·b_in / (N·BW_read) )

W windows, c worker seconds per window, N workers × k threads, s client seconds per
window, b_out bytes returned per window, BW_client the client's network bandwidth, b_in
bytes read per window, BW_read per-worker storage bandwidth, T0 the fixed cost (preflight,
job scatter, first task; measured as a whole one-window run of a tiny raster), o the
client's per-task overhead (submit + collect, measured with no-op tasks). The 2-worker
check compares T(2) with the measured cluster time on this machine (where the client shares
the cores with the workers, so the one-machine bound W·(c + s + o)/cores is added).
Then it predicts N-worker throughput for the issue's two jobs: HR-VPP phenology of France
at 10 m (5.5 Gpx × 108 dekads, uint16 in, 27 Float32 out) and LCFM 10 m land cover of
Europe (1e11 px, Byte in/out), with BW_client = 1.25 GB/s (10 Gb/s) and BW_read = 200 MB/s
per worker (object storage), scaling c and s per pixel from the measurements.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
plugins = Path(tempfile.mkdtemp(prefix="clms-bench-plugins-"))
(plugins / "clms_toolbox").symlink_to(ROOT, target_is_directory=True)
sys.path.insert(0, str(plugins))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import record  # noqa: E402

from clms_toolbox.clms_plugin.analysis.engine import blocks, executors  # noqa: E402
from clms_toolbox.clms_plugin.analysis.engine.dask_executor import DaskExecutor  # noqa: E402
from clms_toolbox.clms_plugin.analysis.landcover.ipcc import landcover_to_ipcc  # noqa: E402
from clms_toolbox.clms_plugin.analysis.phenology import driver, inputs  # noqa: E402
from clms_toolbox.devtools import landcover_synthetic as lcs  # noqa: E402
from clms_toolbox.devtools import phenology_synthetic as phs  # noqa: E402

BW_CLIENT = 1.25e9  # bytes/s: a 10 Gb/s link into the client
BW_READ = 200e6  # bytes/s per worker from object storage (COG range reads)
JOBS_AT_SCALE = {
    # name: (pixels, input bytes/px, output bytes/px, pixels per window at the default
    # 256 MiB budget: the 4 Mpx cap for land cover, ~390 B/px over 3 windows in flight)
    "phenology": (5.5e9, 108 * 2, 27 * 4, 0.2e6),  # HR-VPP France 10 m, 108 dekads uint16
    "landcover": (1e11, 1, 1, 4.0e6),  # LCFM Europe 10 m, one date, Byte -> Byte
}


def _quiet(_message: str) -> None:
    """Executor log sink for timed runs (the bench prints its own table)."""


class Replay:
    """An executor that yields stored results: times the client's write + reduce alone."""

    def __init__(self, stored: list) -> None:
        self.stored = stored

    def results(self, job, windows, canceled):  # noqa: ARG002 - the executor API
        for w, res in zip(windows, self.stored):
            yield w, job.client_block(w), res


class Recording(DaskExecutor):
    """The dask executor, keeping each window's results for :class:`Replay`."""

    def results(self, job, windows, canceled):
        self.kept = []
        for w, block, res in super().results(job, windows, canceled):
            self.kept.append(res)
            yield w, block, res


def job_landcover(folder: Path, quick: bool):
    w, h = (2000, 1500) if quick else (4000, 3000)
    src = lcs.write_lc100(folder / "lc.tif", w, h)

    def run(out: str, **kw):
        return landcover_to_ipcc(src, out, area_table=out + ".csv", **kw)
    return run, w * h


def job_phenology(folder: Path, quick: bool):
    side = 120 if quick else 240
    path = folder / "ndvi.tif"
    phs.write_ndvi300_multiband(path, 2018, 2020, (side, side), seed=1)
    stack = inputs.resolve_stack([str(path)])

    def run(out: str, **kw):
        return driver.run(stack, 2019, out, **kw)
    return run, side * side


def measure(name: str, run, pixels: int, client, folder: Path, budget: int) -> dict:
    t = time.perf_counter()
    local = run(str(folder / f"{name}-local.tif"), threads=2, memory_budget=budget)
    t_local = time.perf_counter() - t
    ex = Recording(client, log=_quiet)
    with executors.use(ex):
        t = time.perf_counter()
        run(str(folder / f"{name}-dask.tif"), threads=2, memory_budget=budget)
        t_dask = time.perf_counter() - t
    stats = ex.stats
    with executors.use(Replay(ex.kept)):
        t = time.perf_counter()
        run(str(folder / f"{name}-replay.tif"), threads=2, memory_budget=budget)
        t_client = time.perf_counter() - t
    n = len(stats)
    c = sum(m["read_s"] + m["kernel_s"] for m in stats) / n
    return {"name": name, "pixels": pixels, "windows": n, "local_s": t_local,
            "dask_s": t_dask, "c": c, "s": t_client / n,
            "b_in": sum(m["in_bytes"] for m in stats) / n,
            "b_out": sum(m["out_bytes"] for m in stats) / n,
            "local_windows": getattr(local, "windows", n)}


def model(m: dict, n_workers: int, k: int = 1, t0: float = 0.0, cores: float | None = None,
          bw_client: float = BW_CLIENT, bw_read: float = BW_READ, windows: float | None = None
          ) -> float:
    """T(N) of the module docstring; ``cores`` adds the one-machine bound (workers and
    client share ``cores``: all the CPU work divided by them)."""
    w = m["windows"] if windows is None else windows
    terms = [w * m["c"] / (n_workers * k), w * (m["s"] + m["o"]), w * m["b_out"] / bw_client,
             w * m["b_in"] / (n_workers * bw_read)]
    if cores is not None:
        terms.append(w * (m["c"] + m["s"] + m["o"]) / cores)
    return t0 + max(terms)


def transfer_vs_tile(client, folder: Path, reps: int = 5) -> tuple[float, float]:
    """ms per MB (median of ``reps``): gathering a raw 4 Mpx Byte window from a worker vs
    decoding the same window written as a ZSTD GeoTIFF (what assembling worker-written
    tiles would add on the client before its own encode)."""
    import statistics

    import numpy as np
    import rasterio

    rng = np.random.default_rng(0)  # class-raster-like: runs of a few codes
    arr = np.repeat(rng.integers(1, 8, 2048 * 2048 // 16, dtype=np.uint8), 16)
    arr = arr.reshape(1, 2048, 2048)
    mb = arr.nbytes / 1e6
    fut = client.scatter(arr, direct=True)
    raw = []
    for _ in range(reps):
        t = time.perf_counter()
        client.gather(fut)
        raw.append((time.perf_counter() - t) / mb * 1e3)
    opts = blocks.creation_options("uint8", 2048, 2048, threads=1)
    path = folder / "tile.tif"
    with rasterio.open(path, "w", width=2048, height=2048, count=1, dtype="uint8", **opts) as d:
        d.write(arr)
    tile = []
    for _ in range(reps):
        t = time.perf_counter()
        with rasterio.open(path) as d:
            d.read()
        tile.append((time.perf_counter() - t) / mb * 1e3)
    return statistics.median(raw), statistics.median(tile)


def task_overhead(client, n: int = 200, in_flight: int = 4) -> float:
    """Seconds per no-op task submitted and collected in order, ``in_flight`` at a time, as
    the executor does: the client-side cost of a window beyond writing it."""
    from collections import deque

    from clms_toolbox.clms_plugin.analysis.engine import remote

    pending: deque = deque()
    t = time.perf_counter()
    for i in range(n):
        pending.append(client.submit(remote.core_location, f"x{i}", pure=False))
        if len(pending) >= in_flight:
            pending.popleft().result()
    while pending:
        pending.popleft().result()
    return (time.perf_counter() - t) / n


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    from distributed import Client, LocalCluster

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          f"(1 min) at start")
    with tempfile.TemporaryDirectory(prefix="clms-bench-dask-") as tmp:
        folder = Path(tmp)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               memory_limit="1GiB", dashboard_address=None, silence_logs=40)
        client = Client(cluster, set_as_default=False)
        try:
            lc_run, lc_px = job_landcover(folder, args.quick)
            ph_run, ph_px = job_phenology(folder, args.quick)
            # warm-up: ship the core and import it on the workers; measure the fixed cost
            with executors.use(DaskExecutor(client, log=_quiet)):
                lc_run(str(folder / "warm.tif"), memory_budget=64 << 20)
                # T0: a whole one-window run of a 64 × 64 raster (open, plan, preflight,
                # job scatter, first task, write, rename) minus nothing: per-run costs
                tiny = lcs.write_lc100(folder / "tiny.tif", 64, 64)
                t0s = []
                for _ in range(3):
                    t = time.perf_counter()
                    landcover_to_ipcc(tiny, str(folder / "tiny-out.tif"))
                    t0s.append(time.perf_counter() - t)
                t0 = sorted(t0s)[1]
            # budgets giving ~10-30 windows (phenology: ~390 B/px in a window)
            results = [measure("landcover", lc_run, lc_px, client, folder, 24 << 20),
                       measure("phenology", ph_run, ph_px, client, folder, 3 << 20)]
            raw, tile = transfer_vs_tile(client, folder)
            overhead = task_overhead(client)
            for m in results:
                m["o"] = overhead
        finally:
            client.close()
            cluster.close()
    print(f"fixed cost per run T0 (a one-window run of 64 × 64 px, median of 3): "
          f"{t0 * 1e3:.0f} ms; per-task overhead o (submit + collect, 4 in flight): "
          f"{overhead * 1e3:.1f} ms")
    print(f"client cost per MB: gather a raw window {raw:.2f} ms/MB; decode a ZSTD tile "
          f"{tile:.2f} ms/MB (worker-written tiles would add this to the client's encode)")
    print()
    hdr = (f"{'job':<10} {'Mpx':>6} {'win':>4} {'threads s':>9} {'2 workers s':>11} "
           f"{'ratio':>6} {'c ms/win':>8} {'s ms/win':>8} {'in MB/win':>9} "
           f"{'out MB/win':>10} {'model 2w s':>10}")
    print(hdr)
    for m in results:
        pred = model(m, 2, t0=t0, cores=os.cpu_count() or 2)
        print(f"{m['name']:<10} {m['pixels'] / 1e6:>6.2f} {m['windows']:>4} "
              f"{m['local_s']:>9.2f} {m['dask_s']:>11.2f} {m['dask_s'] / m['local_s']:>6.2f} "
              f"{m['c'] * 1e3:>8.1f} {m['s'] * 1e3:>8.1f} {m['b_in'] / 1e6:>9.2f} "
              f"{m['b_out'] / 1e6:>10.2f} {pred:>10.2f}")
        record("distributed", f"2 workers / threads time ({m['name']})",
               m["dask_s"] / m["local_s"], higher_is_better=False)
        record("distributed", f"model error 2 workers, % ({m['name']})",
               100 * (pred / m["dask_s"] - 1), higher_is_better=False)
    print("\n2-worker check: 'model 2w s' is T(2) from the measured c, s, bytes and T0 plus "
          "the one-machine bound W·(c+s)/cores; compare it with '2 workers s'. "
          f"Load average now {os.getloadavg()[0]:.1f}.")
    print(f"\nprediction at scale (BW_client {BW_CLIENT / 1e9:.2f} GB/s, BW_read "
          f"{BW_READ / 1e6:.0f} MB/s per worker, 1 thread per worker):")
    for m in results:
        px, b_in, b_out, px_win = JOBS_AT_SCALE[m["name"]]
        per_px = m["pixels"] / m["windows"]  # measured window size
        scaled = dict(m, c=m["c"] / per_px * px_win, s=m["s"] / per_px * px_win,
                      b_in=b_in * px_win, b_out=b_out * px_win)
        windows = px / px_win
        row = []
        for n in (1, 2, 8, 32, 128):
            t = model(scaled, n, windows=windows)
            row.append(f"N={n}: {t / 3600:.1f} h ({px / t / 1e6:.2f} Mpx/s)")
        limit = max((windows * (scaled["s"] + scaled["o"]), "client write + task overhead"),
                    (windows * scaled["b_out"] / BW_CLIENT, "client network"))
        n_star = windows * scaled["c"] / limit[0]
        print(f"  {m['name']:<10} {px:.2g} px, {windows:.0f} windows: " + "; ".join(row)
              + f"; ceiling {limit[1]} at {px / limit[0] / 1e6:.2f} Mpx/s, reached at "
              f"N ≈ {n_star:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
