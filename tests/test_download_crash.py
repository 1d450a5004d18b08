"""Process-level faults: kill -9 of the downloading process, and a real full disk (tmpfs)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faultserver import FaultServer

from clms_toolbox.clms_plugin.download import transfer

HERE = Path(__file__).resolve().parent
CHILD = HERE / "_transfer_child.py"


def test_kill_9_five_times_then_resume_is_byte_identical(tmp_path, plugins_dir):
    size = 4_000_000
    data = os.urandom(size)
    digest = hashlib.sha256(data).hexdigest()
    dest = tmp_path / "dl" / "result.bin"
    part = transfer.part_path(dest)
    opts = json.dumps({"checksum": f"sha256:{digest}", "backoff": 0.05})
    with FaultServer({"result.bin": data}) as srv:
        srv.rate = 2e6
        cmd = [sys.executable, str(CHILD), str(plugins_dir), f"{srv.url}/result.bin", str(dest),
               opts]
        sizes = []
        for _ in range(5):
            before = part.stat().st_size if part.exists() else 0
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            deadline = time.time() + 30
            while time.time() < deadline:
                if part.exists() and part.stat().st_size > before + 200_000:
                    break
                time.sleep(0.01)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert proc.returncode == -signal.SIGKILL
            assert not dest.exists()  # a partial file is never renamed into place
            assert transfer.meta_path(dest).exists()  # the .part keeps its state file
            sizes.append(part.stat().st_size)
        assert sizes == sorted(sizes) and len(set(sizes)) == 5 and sizes[-1] < size
        srv.rate = None
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stdout + out.stderr
        assert json.loads(out.stdout)["resumed_from"] == sizes[-1]
    assert dest.read_bytes() == data  # byte-identical after five kills
    assert not part.exists() and not transfer.meta_path(dest).exists()
    # every restart asked for exactly the bytes it did not have
    assert [e["range"] for e in srv.log] == [None] + [f"bytes={s}-" for s in sizes]
    resent = sum(e["sent"] for e in srv.log) - size
    print(f"5 kills: {resent} bytes sent twice (in flight when killed)")
    assert 0 <= resent <= 5 * 1024 * 1024


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs mount namespaces (root or userns)")
@pytest.mark.parametrize("announced", [True, False])
def test_real_full_disk_on_a_1_mb_tmpfs(tmp_path, plugins_dir, announced):
    """A 1 MB tmpfs, mounted in a private mount namespace, receives a 2 MB file."""
    data = os.urandom(2_000_000)
    mnt = tmp_path / "small"
    mnt.mkdir()
    with FaultServer({"f.bin": data}) as srv:
        if not announced:
            srv.faults.append(("nolength", len(data)))
        script = 'mount -t tmpfs -o size=1m tmpfs "$0" && exec "$@"'
        cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(mnt),
               sys.executable, str(CHILD), str(plugins_dir), f"{srv.url}/f.bin",
               str(mnt / "f.bin"), json.dumps({"backoff": 0.01, "max_attempts": 2})]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.returncode == 3, out.stdout + out.stderr
    result = json.loads(out.stdout)
    if announced:  # the length was announced: refused before the first byte
        assert result["error"] == f"no space left on {mnt} (needs 2 MB)"
        assert result["part_size"] is None  # not even an empty .part
    else:  # no length: the write itself fails; what fitted is kept for a resume
        assert result["error"] == f"no space left on {mnt}"
        assert 500_000 < result["part_size"] <= 1024 * 1024
    assert len(srv.log) == 1  # a full disk is not retried
