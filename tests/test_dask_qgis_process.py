"""qgis_process on a separately started ``dask scheduler`` + ``dask worker`` (subprocesses)
chosen through ``CLMS_DASK_SCHEDULER``.

The worker runs Debian's /usr/bin/python3 in an empty folder with no path to this checkout:
it has numpy, rasterio and dask only, so the toolbox code it runs is the copy shipped at run
time. The scheduler's task stream proves the windows ran on that worker; the outputs equal
a local qgis_process run byte for byte and cell for cell.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from _dask_helpers import assert_same_outputs, distributed, window_tasks
from conftest import run_qgis_process

from clms_toolbox.devtools import landcover_synthetic as lcs

PYTHON = "/usr/bin/python3"  # not the venv: the worker must not see pytest's sys.path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """``dask scheduler`` and one ``dask worker`` process; yields (address, client)."""
    root = tmp_path_factory.mktemp("dask-pair")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CLMS_"))}
    address = f"tcp://127.0.0.1:{_free_port()}"
    procs = [subprocess.Popen(
        [PYTHON, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    procs.append(subprocess.Popen(
        [PYTHON, "-m", "distributed.cli.dask_worker", address, "--no-nanny",
         "--nthreads", "1", "--memory-limit", "600MiB", "--no-dashboard",
         "--local-directory", str(root / "worker")],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    client = None
    try:
        deadline = time.monotonic() + 30
        while client is None:
            try:
                client = distributed.Client(address, timeout=2, set_as_default=False)
            except OSError:
                if time.monotonic() > deadline:
                    raise
        client.wait_for_workers(1, timeout=30)
        yield address, client
    finally:
        if client is not None:
            client.close()
        for p in procs:  # no nanny: killing the worker process leaves nothing behind
            p.kill()
            p.wait(timeout=10)


def _run(env, out: Path, src: str) -> dict:
    out.mkdir()
    return run_qgis_process(env, "clms:landcovertoipcc", {
        "INPUT": src, "LEGEND": 0, "OUTPUT": str(out / "ipcc.tif"),
        "AREA_TABLE": str(out / "areas.csv")}, timeout=180)


def test_qgis_process_runs_windows_on_the_env_scheduler(qgis_process_env, scheduler,
                                                        tmp_path):
    address, client = scheduler
    # 2600 × 2100 px: two windows at the default budget (4 Mpx cap per window)
    src = lcs.write_lc100(tmp_path / "lc.tif", 2600, 2100)
    local = _run(qgis_process_env, tmp_path / "local", src)
    env = {**qgis_process_env, "CLMS_DASK_SCHEDULER": address}
    with distributed.get_task_stream(client) as stream:
        remote = _run(env, tmp_path / "remote", src)
    tasks = dict(window_tasks(stream.data))
    workers = set(client.scheduler_info()["workers"])
    assert len(tasks) >= 2 and set(tasks.values()) == workers, tasks
    compared = assert_same_outputs(local["results"], remote["results"])
    assert set(compared) == {"OUTPUT", "AREA_TABLE"}
    log = json.dumps(remote)
    assert f"windows on {address}, 1 workers" in log, log[:2000]
    where = client.run(lambda: __import__("sys").modules["clms_toolbox"].__file__)
    assert all("/clms-core-" in p for p in where.values()), where


def test_qgis_process_unreachable_scheduler_names_it(qgis_process_env, tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**qgis_process_env, "CLMS_DASK_SCHEDULER": address, "CLMS_DASK_TIMEOUT": "2"}
    src = lcs.write_lc100(tmp_path / "lc.tif", 64, 64)
    result = subprocess.run(
        ["qgis_process", "--json", "run", "clms:landcovertoipcc", "-"],
        input=json.dumps({"inputs": {"INPUT": src, "OUTPUT": str(tmp_path / "o.tif")}}),
        env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"scheduler at {address} cannot be reached" in result.stdout + result.stderr
    assert not (tmp_path / "o.tif").exists()
