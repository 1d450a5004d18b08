"""The transfer layer never lies: a hostile loopback server (tests/faultserver.py) attacks it.

Stalls, one-byte-a-second links, error pages with any Content-Type, bodies without a length,
servers ignoring If-Range, stale .part files, unknown checksums, a full disk: the transfer
either produces the server's exact bytes under the final name or fails with a message.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest
from faultserver import FaultServer

from clms_toolbox.clms_plugin.download import fsutil, transfer

SIZE = 1_000_003
DATA = os.urandom(SIZE)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def server():
    with FaultServer({"f.bin": DATA}) as srv:
        yield srv


def fast(**kw):
    """Options for quick tests: tiny back-off, short stall clock."""
    return {"backoff": 0.01, "max_backoff": 0.05, "stall_timeout": 0.4, **kw}


def test_stall_retries_with_backoff_then_fails(server, tmp_path):
    server.faults.extend([("stall", 1000)] * 3)
    dest = tmp_path / "f.bin"
    t0 = time.monotonic()
    with pytest.raises(transfer.TransferError, match=r"gave up after 3 attempts \(last: no data "
                                                     r"for 0.4 s\)"):
        transfer.download(f"{server.url}/f.bin", dest, **fast(max_attempts=3))
    elapsed = time.monotonic() - t0
    assert 1.2 <= elapsed < 4.0, elapsed  # three stalls of 0.4 s, not three minutes
    assert [e["range"] for e in server.log] == [None, "bytes=1000-", "bytes=2000-"]
    assert not dest.exists() and transfer.part_path(dest).stat().st_size == 3000


def test_one_stall_then_resume_gives_the_exact_file(server, tmp_path):
    server.faults.append(("stall", 300_000))
    dest = tmp_path / "f.bin"
    res = transfer.download(f"{server.url}/f.bin", dest, **fast())
    assert dest.read_bytes() == DATA and res.attempts == 2
    assert server.log[1]["range"] == "bytes=300000-"
    assert server.log[1]["if_range"] == server.etag("f.bin")


def _run_in_thread(fn):
    box = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - inspected by the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


@pytest.mark.parametrize("reason", ["pause", "cancel"])
def test_pause_and_cancel_answer_within_a_second_at_one_byte_per_second(server, tmp_path,
                                                                        reason):
    server.rate = 1.0
    dest = tmp_path / "f.bin"
    flag = {"v": None}
    thread, box = _run_in_thread(lambda: transfer.download(
        f"{server.url}/f.bin", dest, should_stop=lambda: flag["v"]))
    deadline = time.monotonic() + 10
    while (not server.log or server.log[0]["sent"] < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.log and server.log[0]["sent"] >= 2  # bytes are trickling in
    t0 = time.monotonic()
    flag["v"] = reason
    thread.join(5)
    answered = time.monotonic() - t0
    assert not thread.is_alive() and answered < 1.0, answered
    assert isinstance(box.get("error"), transfer.TransferStopped)
    assert box["error"].reason == reason and not dest.exists()
    assert transfer.part_path(dest).exists() == (reason == "pause")


def test_pause_while_waiting_for_headers_is_answered_at_once(server, tmp_path):
    server.faults.append(("hang",))
    flag = {"v": None}
    thread, box = _run_in_thread(lambda: transfer.download(
        f"{server.url}/f.bin", tmp_path / "f.bin", should_stop=lambda: flag["v"]))
    deadline = time.monotonic() + 5
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    t0 = time.monotonic()
    flag["v"] = "cancel"
    thread.join(3)
    assert not thread.is_alive() and time.monotonic() - t0 < 1.0
    assert isinstance(box.get("error"), transfer.TransferStopped)


def test_server_that_never_answers_is_a_stall_too(server, tmp_path):
    server.faults.extend([("hang",), ("hang",)])
    with pytest.raises(transfer.TransferError, match=r"gave up after 2 attempts \(last: no "
                                                     r"answer within 0.4 s\)"):
        transfer.download(f"{server.url}/f.bin", tmp_path / "f.bin", **fast(max_attempts=2))


def test_text_files_are_files_when_their_name_says_so(tmp_path):
    collection = b'{"type": "FeatureCollection", "features": []}'
    with FaultServer({"aoi.geojson": collection, "aoi.bin": collection}) as srv:
        transfer.download(f"{srv.url}/aoi.geojson", tmp_path / "aoi.geojson", **fast())
        assert (tmp_path / "aoi.geojson").read_bytes() == collection
        with pytest.raises(transfer.TransferError, match="the server sent JSON"):
            transfer.download(f"{srv.url}/aoi.bin", tmp_path / "aoi.bin", **fast())


def test_pause_during_backoff_is_answered_at_once(server, tmp_path):
    server.faults.append(("status", 500))
    flag = {"v": None}
    thread, box = _run_in_thread(lambda: transfer.download(
        f"{server.url}/f.bin", tmp_path / "f.bin", backoff=30.0,
        should_stop=lambda: flag["v"]))
    deadline = time.monotonic() + 5
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    t0 = time.monotonic()
    flag["v"] = "pause"
    thread.join(3)
    assert not thread.is_alive() and time.monotonic() - t0 < 1.0
    assert isinstance(box.get("error"), transfer.TransferStopped)


@pytest.mark.parametrize("ctype, body, expected", [
    ("application/octet-stream", b'{"status": "error", "msg": "There is no content between '
                                 b'the selected dates"}', "no content between the selected"),
    ("application/zip", b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                        b"<body>upstream failed</body></html>", "an HTML page"),
    ("application/octet-stream", b'{"error": "quota exceeded, retry in', "invalid JSON"),
    ("image/tiff", b'[{"code": 7, "message": "expired link"}]', "expired link"),
])
def test_http_200_error_bodies_are_never_done(server, tmp_path, ctype, body, expected):
    server.faults.append(("body", 200, ctype, body))
    dest = tmp_path / "f.bin"
    with pytest.raises(transfer.TransferError, match="instead of the file") as err:
        transfer.download(f"{server.url}/f.bin", dest, **fast())
    assert expected in str(err.value)
    assert not dest.exists() and len(server.log) == 1


def test_small_file_ends_at_its_end_not_at_the_stall_clock(tmp_path):
    with FaultServer({"s.json": b'["EPSG:4326", "EPSG:3035"]', "t.bin": b"\x00\x01"}) as srv:
        for name in ("s.json", "t.bin"):
            t0 = time.monotonic()
            res = transfer.download(f"{srv.url}/{name}", tmp_path / name, stall_timeout=5)
            assert res.attempts == 1 and time.monotonic() - t0 < 1.0
            assert (tmp_path / name).read_bytes() == srv.files[name]


def test_binary_body_starting_like_text_is_kept(tmp_path):
    data = b"<" + os.urandom(5000)  # binary that happens to start with "<"
    with FaultServer({"x.bin": data}) as srv:
        transfer.download(f"{srv.url}/x.bin", tmp_path / "x.bin", **fast())
    assert (tmp_path / "x.bin").read_bytes() == data


def test_no_length_and_early_close_is_not_done(server, tmp_path):
    server.faults.append(("nolength", 250_000))
    dest = tmp_path / "f.bin"
    res = transfer.download(f"{server.url}/f.bin", dest, **fast())
    assert dest.read_bytes() == DATA and res.size == SIZE
    assert server.log[1]["range"] == "bytes=250000-"  # the end was questioned, not trusted


def test_no_length_complete_body_confirmed_by_range_probe(server, tmp_path):
    server.faults.append(("nolength", SIZE))
    dest = tmp_path / "f.bin"
    transfer.download(f"{server.url}/f.bin", dest, **fast())
    assert dest.read_bytes() == DATA
    assert [(e["range"], e["status"]) for e in server.log] == [(None, 200),
                                                               (f"bytes={SIZE}-", 416)]


def test_no_length_early_close_with_the_announced_size_resumes(server, tmp_path):
    server.faults.append(("nolength", 1000))
    dest = tmp_path / "f.bin"
    transfer.download(f"{server.url}/f.bin", dest, expected_size=SIZE, **fast())
    assert dest.read_bytes() == DATA and server.log[1]["range"] == "bytes=1000-"


def test_announced_size_is_checked(server, tmp_path):
    with pytest.raises(transfer.ChecksumMismatch, match="announces 1000003 bytes"):
        transfer.download(f"{server.url}/f.bin", tmp_path / "f.bin", expected_size=SIZE + 1,
                          **fast())
    assert not (tmp_path / "f.bin").exists()


def test_checksum_verified_and_mismatch_never_lands(server, tmp_path):
    transfer.download(f"{server.url}/f.bin", tmp_path / "ok.bin", checksum="sha256:" + sha(DATA))
    assert (tmp_path / "ok.bin").read_bytes() == DATA
    with pytest.raises(transfer.ChecksumMismatch):
        transfer.download(f"{server.url}/f.bin", tmp_path / "bad.bin",
                          checksum="md5:" + "0" * 32, **fast())
    assert not (tmp_path / "bad.bin").exists()
    assert not transfer.part_path(tmp_path / "bad.bin").exists()


@pytest.mark.parametrize("checksum, message", [
    ("crc32c:0a1b2c3d", "unknown checksum algorithm 'crc32c'"),
    ("b3:" + "ab" * 32, "unknown checksum algorithm 'b3'"),
    ("abc123", "cannot tell the algorithm"),
    ("sha256:not-hex", "not a hexadecimal digest"),
])
def test_unknown_checksum_fails_with_a_message_before_any_request(server, tmp_path, checksum,
                                                                  message):
    with pytest.raises(transfer.TransferError, match=message):
        transfer.download(f"{server.url}/f.bin", tmp_path / "f.bin", checksum=checksum)
    assert server.log == []


def test_multihash_checksums_are_understood():
    assert transfer.parse_checksum("1220" + "ab" * 32) == ("sha256", "ab" * 32)
    assert transfer.parse_checksum("d50110" + "cd" * 16) == ("md5", "cd" * 16)
    assert transfer.parse_checksum("1340" + "ef" * 64) == ("sha512", "ef" * 64)


def test_damaged_file_is_fetched_once_more_then_fails(server, tmp_path):
    calls = []

    def validate(path):
        calls.append(path.stat().st_size)
        raise ValueError("CRC of entry 'a.tif' does not match")

    dest = tmp_path / "f.bin"
    with pytest.raises(transfer.ChecksumMismatch, match="damaged: CRC of entry"):
        transfer.download(f"{server.url}/f.bin", dest, validate=validate, **fast())
    assert calls == [SIZE, SIZE] and len(server.log) == 2
    assert not dest.exists() and not transfer.part_path(dest).exists()


def test_server_ignoring_if_range_after_a_change_restarts_from_zero(server, tmp_path):
    server.faults.append(("drop", 400_000))
    dest = tmp_path / "f.bin"
    with pytest.raises(transfer.TransferError):
        transfer.download(f"{server.url}/f.bin", dest, **fast(max_attempts=1))
    assert transfer.part_path(dest).stat().st_size == 400_000
    new = os.urandom(SIZE + 10)
    server.files["f.bin"] = new  # the file changes on the server
    server.faults.append(("ignore_if_range",))  # ... and it answers 206 regardless
    transfer.download(f"{server.url}/f.bin", dest, **fast())
    assert dest.read_bytes() == new  # never DATA[:400000] + new[400000:]
    assert [(e["range"], e["status"]) for e in server.log[1:]] == [("bytes=400000-", 206),
                                                                   (None, 200)]


def test_stale_part_without_state_file_restarts(server, tmp_path):
    dest = tmp_path / "f.bin"
    transfer.part_path(dest).write_bytes(b"old bytes of another file" * 1000)
    (tmp_path / ".f.bin.part.json.4242.deadbeef.tmp").write_bytes(b"")  # killed mid-save
    transfer.download(f"{server.url}/f.bin", dest, **fast())
    assert dest.read_bytes() == DATA
    assert [e["range"] for e in server.log] == [None]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.bin"]


def test_disk_full_while_writing_fails_with_where_and_how_much(server, tmp_path, monkeypatch):
    real = fsutil.write_all
    budget = {"left": 300_000}

    def write_all(fd, data):
        if budget["left"] < len(data):
            raise OSError(28, "No space left on device")
        budget["left"] -= len(data)
        return real(fd, data)

    monkeypatch.setattr(fsutil, "write_all", write_all)
    dest = tmp_path / "dl" / "f.bin"
    with pytest.raises(transfer.TransferError) as err:
        transfer.download(f"{server.url}/f.bin", dest, **fast())
    kept = transfer.part_path(dest).stat().st_size
    assert 0 < kept <= 300_000 and not dest.exists()  # what arrived is kept for a resume
    assert str(err.value) == f"no space left on {dest.parent} (needs 1 MB)"
    assert len(server.log) == 1  # not retried: waiting does not free space


def test_disk_full_is_seen_before_the_first_byte(server, tmp_path, monkeypatch):
    monkeypatch.setattr(fsutil, "free_bytes", lambda _folder: 1000)
    dest = tmp_path / "f.bin"
    with pytest.raises(transfer.TransferError, match=r"no space left on .* \(needs 1 MB\)"):
        transfer.download(f"{server.url}/f.bin", dest, **fast())
    assert not dest.exists()


def test_error_page_echoing_credentials_is_scrubbed(server, tmp_path):
    server.faults.append(("echo", 403))
    secret = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZSJ9.sig-nature-xyz"
    with pytest.raises(transfer.TransferError) as err:
        transfer.download(f"{server.url}/f.bin?token=tok-secret-1", tmp_path / "f.bin",
                          headers={"Authorization": f"Bearer {secret}", "X-Api-Key": "k-123456"})
    text = str(err.value)
    assert "HTTP 403" in text and "Forbidden" in text
    assert server.log[0]["auth"] == f"Bearer {secret}"  # it was sent ... and echoed back
    for leaked in (secret, "sig-nature-xyz", "tok-secret-1", "k-123456"):
        assert leaked not in text
