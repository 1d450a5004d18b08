"""Faults on the cluster: a killed worker, an input a worker cannot open, an unreachable
scheduler, a cancel. QGIS-free: the core's functions with an explicit executor."""

from __future__ import annotations

import os
import signal
import socket
import time

import numpy as np
import pytest
from _dask_helpers import assert_same_outputs, start_cluster

from clms_toolbox.clms_plugin.analysis.engine import blocks, executors
from clms_toolbox.clms_plugin.analysis.landcover.ipcc import landcover_to_ipcc
from clms_toolbox.devtools import landcover_synthetic as lcs

BUDGET = 1_500_000


@pytest.fixture(scope="module")
def cluster():
    cluster, client = start_cluster()
    yield cluster, client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def landcover(tmp_path_factory) -> str:
    return lcs.write_lc100(tmp_path_factory.mktemp("faults") / "lc.tif", 900, 700)


def _windows_left(scheduler, wait_s: float = 5.0) -> list[str]:
    """Window tasks the scheduler still holds once released/cancelled futures are gone."""
    deadline = time.monotonic() + wait_s
    while True:
        left = [k for k in scheduler.tasks if str(k).startswith("clms-window")]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def _ipcc(path: str, out, **kw):
    return landcover_to_ipcc(path, out, area_table=str(out) + ".csv", memory_budget=BUDGET,
                             **kw)


def test_killed_worker_windows_rerun_elsewhere_output_identical(cluster, landcover,
                                                                tmp_path):
    from clms_toolbox.clms_plugin.analysis.engine.dask_executor import DaskExecutor

    lc, client = cluster
    local = _ipcc(landcover, tmp_path / "local.tif")
    assert local.windows >= 8
    pids = client.run(os.getpid)
    victim, victim_pid = sorted(pids.items())[0]
    killed = []

    def progress(_pct: float) -> None:
        # after the first window (the runner also reports 0 % before any window is sent):
        # every other window is still to come
        if not killed and _pct > 0:
            os.kill(victim_pid, signal.SIGKILL)
            killed.append(time.monotonic())

    ex = DaskExecutor(client)
    with executors.use(ex):
        remote = _ipcc(landcover, tmp_path / "remote.tif", progress=progress)
    assert killed
    assert remote.windows == local.windows == len(ex.stats)
    assert remote.pixels == local.pixels and remote.area_m2 == local.area_m2
    assert_same_outputs({"o": str(tmp_path / "local.tif"), "t": str(tmp_path / "local.tif.csv")},
                        {"o": str(tmp_path / "remote.tif"), "t": str(tmp_path / "remote.tif.csv")})
    # the scheduler saw the worker go, and some window was computed twice (rerun elsewhere)
    assert victim not in lc.scheduler.workers
    assert any(msg.get("action") == "remove-worker" for _, msg in lc.scheduler.get_events(victim))
    window_of = {k: int(k.split("-")[4]) for k in ex.keys}  # clms-window-TOKEN-RUN-I[-rN]
    runs: dict[int, int] = {}
    for key, _start, finish, *_ in lc.scheduler.transition_log:
        if key in window_of and finish == "processing":
            runs[window_of[key]] = runs.get(window_of[key], 0) + 1
    assert sorted(runs) == list(range(local.windows))
    assert max(runs.values()) >= 2, runs
    assert not _windows_left(lc.scheduler)


def test_worker_that_cannot_open_an_input_is_named(cluster, tmp_path):
    """A /vsimem/ file exists only in this process: the workers must say so, by name."""
    import rasterio
    from rasterio.io import MemoryFile

    from clms_toolbox.clms_plugin.analysis.engine.dask_executor import (
        ClusterError,
        DaskExecutor,
    )

    _, client = cluster
    client.wait_for_workers(2, timeout=30)  # a worker killed by another test is back
    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=64, height=64, count=1, dtype="uint8") as ds:
            ds.write(np.ones((1, 64, 64), np.uint8))
        with rasterio.open(mem.name) as ds:  # readable here
            assert ds.read(1).sum() == 64 * 64
        out = tmp_path / "never.tif"
        with pytest.raises(ClusterError) as err:
            blocks.run({"a": mem.name}, lambda b: {"o": b["a"]},
                       {"o": blocks.OutputSpec(out)}, executor=DaskExecutor(client))
    msg = str(err.value)
    for worker in client.scheduler_info()["workers"]:
        assert f"worker {worker} cannot open {mem.name}" in msg
    assert not out.exists() and not list(tmp_path.iterdir())


def test_unreachable_scheduler_is_a_clear_error_naming_it():
    from clms_toolbox.clms_plugin.analysis.engine.dask_executor import ClusterError, get_client

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    t0 = time.monotonic()
    with pytest.raises(ClusterError, match=f"scheduler at {address} cannot be reached"):
        get_client(address, timeout=1.5)
    assert time.monotonic() - t0 < 10


def test_cancel_cancels_the_futures_and_leaves_no_output(cluster, landcover, tmp_path):
    from clms_toolbox.clms_plugin.analysis.engine.dask_executor import DaskExecutor

    lc, client = cluster
    done = []
    ex = DaskExecutor(client)
    with executors.use(ex), pytest.raises(blocks.Cancelled):
        _ipcc(landcover, tmp_path / "c.tif", progress=done.append,
              is_canceled=lambda: len(done) >= 2)
    assert len(done) == 2
    assert not list(tmp_path.iterdir())
    assert not _windows_left(lc.scheduler)


def test_workers_on_another_python_are_named(cluster, monkeypatch):
    """Kernels travel as bytecode: a Python minor-version mismatch is refused by name."""
    import platform

    from clms_toolbox.clms_plugin.analysis.engine.dask_executor import (
        ClusterError,
        DaskExecutor,
    )

    _, client = cluster
    client.wait_for_workers(2, timeout=30)
    real = platform.python_version()
    monkeypatch.setattr(platform, "python_version_tuple", lambda: ("3", "99", "0"))
    with pytest.raises(ClusterError, match=r"another Python than this one \(3\.99\)") as err:
        DaskExecutor(client).preflight([])
    for worker in client.scheduler_info()["workers"]:
        assert f"{worker} {real}" in str(err.value)


def test_windows_in_flight_bounded_by_client_memory(cluster, landcover, tmp_path):
    """Twice the cluster's threads by default; fewer when windows return many bytes."""
    from clms_toolbox.clms_plugin.analysis.engine.dask_executor import DaskExecutor

    _, client = cluster
    client.wait_for_workers(2, timeout=30)
    roomy = DaskExecutor(client)
    with executors.use(roomy):
        _ipcc(landcover, tmp_path / "a.tif")
    assert roomy.last_in_flight == 4 and roomy.max_pending == 4
    tight = DaskExecutor(client, client_bytes=1)
    with executors.use(tight):
        _ipcc(landcover, tmp_path / "b.tif")
    assert tight.last_in_flight == 2
