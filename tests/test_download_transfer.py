"""Resumable transfers against a real loopback file server with injected faults."""

from __future__ import annotations

import hashlib
import os

import pytest
from _download_stub import FileServer, make_random_file

from clms_toolbox.clms_plugin.download import transfer

SIZE = 3 * 1024 * 1024 + 123


@pytest.fixture
def source(tmp_path):
    src = tmp_path / "src" / "result.zip"
    src.parent.mkdir()
    digest = make_random_file(src, SIZE)
    return src, digest


@pytest.fixture
def server(source):
    with FileServer({"result.zip": source[0]}) as srv:
        yield srv


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def test_plain_download_verified_with_checksum(server, source, tmp_path):
    dest = tmp_path / "out" / "result.zip"
    seen = []
    res = transfer.download(f"{server.url}/result.zip", dest, checksum=f"sha256:{source[1]}",
                            progress=lambda p: seen.append((p.done, dest.exists())))
    assert res.size == SIZE and sha(dest) == source[1]
    assert not transfer.part_path(dest).exists()
    assert seen and not any(exists for _, exists in seen)  # never under the final name early
    assert seen[-1][0] == SIZE


def test_dropped_connections_resume_with_range(server, source, tmp_path):
    dest = tmp_path / "result.zip"
    server.faults.extend(["drop_after:500000", "drop_after:700000", "drop_after:1"])
    sleeps = Sleeps()
    states = []
    res = transfer.download(f"{server.url}/result.zip", dest, sleep=sleeps,
                            progress=lambda p: states.append((p.done, dest.exists())))
    assert sha(dest) == source[1]
    assert not any(exists for _, exists in states)
    ranges = [e["range"] for e in server.log]
    assert ranges == [None, "bytes=500000-", "bytes=1200000-", "bytes=1200001-"]
    sent = sum(e["sent"] for e in server.log)
    assert sent == SIZE  # no byte sent twice
    assert res.attempts == 4 and len(sleeps) == 3 and sleeps == sorted(sleeps)


def test_retry_after_429_and_5xx(server, source, tmp_path):
    dest = tmp_path / "result.zip"
    server.faults.extend(["status:429:7", "status:503:3", "status:500"])
    sleeps = Sleeps()
    transfer.download(f"{server.url}/result.zip", dest, sleep=sleeps, backoff=0.5)
    assert sha(dest) == source[1]
    assert sleeps[:2] == [7.0, 3.0]  # Retry-After honoured
    assert len(sleeps) == 3


def test_http_200_with_error_payload_is_reported(server, tmp_path):
    dest = tmp_path / "result.zip"
    server.faults.append("json_error")
    with pytest.raises(transfer.TransferError, match="no content between the selected dates"):
        transfer.download(f"{server.url}/result.zip", dest, sleep=Sleeps())
    assert not dest.exists()


def test_permanent_http_error_not_retried(server, tmp_path):
    with pytest.raises(transfer.TransferError) as err:
        transfer.download(f"{server.url}/missing.zip", tmp_path / "m.zip", sleep=Sleeps())
    assert err.value.status == 404 and not err.value.retryable
    assert len(server.log) == 1


def test_server_ignoring_range_restarts_cleanly(server, source, tmp_path):
    dest = tmp_path / "result.zip"
    server.faults.extend(["drop_after:1000000", "ignore_range"])
    transfer.download(f"{server.url}/result.zip", dest, sleep=Sleeps())
    assert sha(dest) == source[1]


def test_changed_source_is_not_spliced(server, source, tmp_path):
    dest = tmp_path / "result.zip"
    server.faults.append("drop_after:1000000")
    with pytest.raises(transfer.TransferError):
        transfer.download(f"{server.url}/result.zip", dest, sleep=Sleeps(), max_attempts=1)
    assert transfer.part_path(dest).stat().st_size == 1000000
    new_digest = make_random_file(source[0], SIZE, seed=99)  # the file changes on the server
    os.utime(source[0], ns=(1, 1))
    transfer.download(f"{server.url}/result.zip", dest, sleep=Sleeps())
    assert sha(dest) == new_digest
    assert server.log[-1]["status"] == 200  # If-Range failed → whole new file


def test_checksum_mismatch_never_lands(server, tmp_path):
    dest = tmp_path / "result.zip"
    with pytest.raises(transfer.ChecksumMismatch):
        transfer.download(f"{server.url}/result.zip", dest, checksum="sha256:" + "0" * 64,
                          sleep=Sleeps())
    assert not dest.exists() and not transfer.part_path(dest).exists()
    assert len(server.log) == 2  # one retry from scratch, then a clear failure


def test_expected_size_mismatch(server, tmp_path):
    with pytest.raises(transfer.ChecksumMismatch, match="announces"):
        transfer.download(f"{server.url}/result.zip", tmp_path / "r.zip",
                          expected_size=SIZE + 1, sleep=Sleeps())


def test_pause_keeps_part_and_cancel_deletes_it(source, tmp_path):
    with FileServer({"result.zip": source[0]}, throttle=4e6, chunk=64 * 1024) as srv:
        dest = tmp_path / "result.zip"
        flag = {"v": None}

        def progress(p):
            if p.done > 400_000:
                flag["v"] = "pause"

        with pytest.raises(transfer.TransferStopped):
            transfer.download(f"{srv.url}/result.zip", dest, progress=progress,
                              should_stop=lambda: flag["v"])
        kept = transfer.part_path(dest).stat().st_size
        assert 400_000 < kept < SIZE and not dest.exists()
        flag["v"] = None
        srv.throttle = None
        res = transfer.download(f"{srv.url}/result.zip", dest)
        assert res.resumed_from == kept and sha(dest) == source[1]
        dest2 = tmp_path / "second.zip"
        srv.throttle = 4e6
        flag["v"] = None

        def progress2(p):
            if p.done > 200_000:
                flag["v"] = "cancel"

        with pytest.raises(transfer.TransferStopped):
            transfer.download(f"{srv.url}/result.zip", dest2, progress=progress2,
                              should_stop=lambda: flag["v"])
        assert not transfer.part_path(dest2).exists() and not dest2.exists()


def test_checksum_forms():
    assert transfer.parse_checksum("1220" + "ab" * 32) == ("sha256", "ab" * 32)
    assert transfer.parse_checksum("d50110" + "cd" * 16) == ("md5", "cd" * 16)
    assert transfer.parse_checksum("MD5:ABC") == ("md5", "abc")
    assert transfer.retry_after_seconds("12", 1.0) == 12.0
    assert transfer.retry_after_seconds("junk", 1.5) == 1.5


def test_401_refreshes_token_and_resends_once(server, source, tmp_path):
    tokens = {"n": 0}

    def headers():
        return {"Authorization": f"Bearer token-{tokens['n']}"}

    def refresh():
        tokens["n"] += 1

    server.faults.append("status:401")
    dest = tmp_path / "a.zip"
    transfer.download(f"{server.url}/result.zip", dest, headers=headers, refresh_auth=refresh,
                      sleep=Sleeps())
    assert sha(dest) == source[1] and tokens["n"] == 1
    server.faults.extend(["status:401", "status:401"])
    with pytest.raises(transfer.TransferError) as err:
        transfer.download(f"{server.url}/result.zip", tmp_path / "b.zip", headers=headers,
                          refresh_auth=refresh, sleep=Sleeps())
    assert err.value.status == 401 and tokens["n"] == 2  # re-sent once only
