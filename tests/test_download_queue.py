"""The download queue: concurrency limit, progress, pause/resume/cancel, restart resumes."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from _download_stub import FileServer, make_random_file

from clms_toolbox.clms_plugin.download import transfer
from clms_toolbox.clms_plugin.download.queue import DownloadQueue, State

HERE = Path(__file__).resolve().parent


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_concurrency_limit_progress_and_persisted_state(tmp_path):
    files, digests = {}, {}
    for n in range(4):
        p = tmp_path / "src" / f"f{n}.bin"
        p.parent.mkdir(exist_ok=True)
        digests[p.name] = make_random_file(p, 1_500_000 + n, seed=n)
        files[p.name] = p
    with FileServer(files, throttle=3e6, chunk=32 * 1024) as srv:
        running_max = {"n": 0}
        lock = threading.Lock()
        progress_seen = []

        def on_change(item):
            with lock:
                running = sum(i.state == State.RUNNING for i in queue.items())
                running_max["n"] = max(running_max["n"], running)
                if item.state == State.RUNNING and item.total_bytes:
                    progress_seen.append((item.done_bytes, item.total_bytes, item.rate))

        queue = DownloadQueue(tmp_path / "state", max_concurrent=2, on_change=on_change)
        for name in files:
            queue.add(f"{srv.url}/{name}", tmp_path / "dl" / name,
                      checksum=f"sha256:{digests[name]}", title=name)
        assert queue.add(f"{srv.url}/f0.bin", tmp_path / "dl" / "f0.bin").title == "f0.bin"
        queue.start()
        assert queue.wait(timeout=60)
    assert running_max["n"] == 2
    assert all(i.state == State.DONE for i in queue.items())
    for name in files:
        assert sha(tmp_path / "dl" / name) == digests[name]
    assert any(0 < d < t and r > 0 for d, t, r in progress_seen), progress_seen[:20]
    saved = json.loads((tmp_path / "state" / "download_queue.json").read_text())
    assert [i["state"] for i in saved["items"]] == ["done"] * 4
    assert "Authorization" not in json.dumps(saved)


def test_pause_resume_cancel(tmp_path):
    src = tmp_path / "big.bin"
    digest = make_random_file(src, 2_000_000)
    with FileServer({"big.bin": src}, throttle=2e6, chunk=32 * 1024) as srv:
        queue = DownloadQueue(tmp_path / "state", max_concurrent=1)
        item = queue.add(f"{srv.url}/big.bin", tmp_path / "a.bin")
        other = queue.add(f"{srv.url}/big.bin", tmp_path / "b.bin")
        queue.start()
        deadline = time.time() + 20
        while item.done_bytes < 300_000 and time.time() < deadline:
            time.sleep(0.02)
        queue.pause(item.id)
        deadline = time.time() + 10
        while item.state != State.PAUSED and time.time() < deadline:
            time.sleep(0.02)
        assert item.state == State.PAUSED
        kept = transfer.part_path(tmp_path / "a.bin").stat().st_size
        assert 300_000 <= kept < 2_000_000
        # the free slot went to the next item; cancel it while it runs
        deadline = time.time() + 10
        while other.state != State.RUNNING and time.time() < deadline:
            time.sleep(0.02)
        queue.cancel(other.id)
        srv.throttle = None
        queue.resume(item.id)
        assert queue.wait(timeout=30)
        assert item.state == State.DONE and sha(tmp_path / "a.bin") == digest
        assert other.state == State.CANCELLED
        assert not (tmp_path / "b.bin").exists()
        assert not transfer.part_path(tmp_path / "b.bin").exists()
        resumed = [e for e in srv.log if e["path"] == "big.bin" and e["range"]]
        assert resumed and resumed[-1]["range"] == f"bytes={kept}-"


def test_restart_in_new_process_continues(tmp_path, plugins_dir):
    """Kill the worker process N times mid-transfer; each restart reloads the queue."""
    size = 4_000_000
    src = tmp_path / "result.bin"
    digest = make_random_file(src, size)
    state = tmp_path / "state"
    dest = tmp_path / "dl" / "result.bin"
    part = transfer.part_path(dest)
    with FileServer({"result.bin": src}, throttle=4e6, chunk=64 * 1024) as srv:
        srv.faults.append("drop_after:300000")  # plus one dropped connection
        cmd = [sys.executable, str(HERE / "_download_worker.py"), str(plugins_dir), str(state),
               f"{srv.url}/result.bin", str(dest), digest]
        sizes = []
        for _ in range(3):
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            start = part.stat().st_size if part.exists() else 0
            deadline = time.time() + 30
            while time.time() < deadline:
                if part.exists() and part.stat().st_size > start + 500_000:
                    break
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert not dest.exists()  # a partial file is never renamed into place
            sizes.append(part.stat().st_size)
            saved = json.loads((state / "download_queue.json").read_text())
            assert saved["items"][0]["state"] in ("running", "queued")
        assert sizes == sorted(sizes) and sizes[-1] < size
        srv.throttle = None
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "STATES done" in out.stdout
    assert sha(dest) == digest
    assert not part.exists()
    sent = sum(e["sent"] for e in srv.log)
    # every restart resumed: at most one chunk in flight is re-sent per interruption
    # (3 kills + 1 dropped connection)
    assert size <= sent <= size + 4 * transfer.CHUNK, sent
    assert sum(1 for e in srv.log if e["range"]) >= 4


def test_corrupt_state_file_is_set_aside(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "download_queue.json").write_text("{not json")
    queue = DownloadQueue(state)
    assert queue.items() == []
    assert (state / "download_queue.corrupt.json").exists()
    os.remove(state / "download_queue.corrupt.json")


def test_expired_link_is_reported_without_a_request(tmp_path):
    with FileServer({}) as srv:
        queue = DownloadQueue(tmp_path / "state")
        item = queue.add(f"{srv.url}/results/1.zip", tmp_path / "1.zip",
                         meta={"link_expires": "2022-10-02T13:11:39"})
        fresh = queue.add(f"{srv.url}/results/2.zip", tmp_path / "2.zip",
                          meta={"link_expires": "2999-01-01T00:00:00"})
        queue.start()
        assert queue.wait(10)
    assert item.state == State.FAILED and "expired at 2022-10-02T13:11" in item.error
    assert fresh.state == State.FAILED and "HTTP 404" in fresh.error  # tried, server said 404
    assert [e["path"] for e in srv.log] == ["results/2.zip"]
