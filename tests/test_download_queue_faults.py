"""The queue never lies either: workers survive, zips are verified and extracted off the
caller's thread, the GUI gets immutable snapshots, the state file survives a full disk."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import threading
import zipfile

import pytest
from faultserver import FaultServer

from clms_toolbox.clms_plugin.download import fsutil, transfer
from clms_toolbox.clms_plugin.download.queue import DownloadQueue, ItemSnapshot, State

FAST = {"backoff": 0.01, "max_backoff": 0.05, "stall_timeout": 0.5, "max_attempts": 3}


def zip_bytes(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def run(queue: DownloadQueue, timeout: float = 30) -> None:
    queue.start()
    assert queue.wait(timeout=timeout)


def test_unknown_checksum_fails_the_item_and_the_worker_goes_on(tmp_path):
    with FaultServer({"a.bin": b"A" * 1000, "b.bin": b"B" * 1000}) as srv:
        queue = DownloadQueue(tmp_path / "state", max_concurrent=1, transfer_options=FAST)
        bad = queue.add(f"{srv.url}/a.bin", tmp_path / "a.bin", checksum="crc32c:0a1b2c3d")
        good = queue.add(f"{srv.url}/b.bin", tmp_path / "b.bin")
        run(queue)
    assert bad.state == State.FAILED
    assert bad.error == "unknown checksum algorithm 'crc32c' (known: md5, sha1, sha256, " \
                        "sha512, …)"
    assert good.state == State.DONE and (tmp_path / "b.bin").read_bytes() == b"B" * 1000


def test_any_exception_in_a_worker_marks_the_item_failed(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(transfer, "download", boom)
    queue = DownloadQueue(tmp_path / "state", max_concurrent=1)
    items = [queue.add(f"http://127.0.0.1:9/{n}.bin", tmp_path / f"{n}.bin") for n in range(3)]
    run(queue, timeout=10)
    assert [i.state for i in items] == [State.FAILED] * 3  # the same thread pool went on
    assert items[0].error == "RuntimeError: something nobody expected"
    saved = json.loads(queue.state_file.read_text())
    assert [i["state"] for i in saved["items"]] == ["failed"] * 3


def test_on_change_receives_immutable_snapshots(tmp_path):
    seen: list[ItemSnapshot] = []
    with FaultServer({"f.bin": os.urandom(300_000)}) as srv:
        queue = DownloadQueue(tmp_path / "state", on_change=seen.append, transfer_options=FAST)
        queue.add(f"{srv.url}/f.bin", tmp_path / "f.bin", meta={"task_id": "7"})
        run(queue)
    assert seen and all(isinstance(s, ItemSnapshot) for s in seen)
    assert [s.state for s in seen][0] == State.QUEUED and seen[-1].state == State.DONE
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen[-1].state = State.FAILED
    with pytest.raises(TypeError):
        seen[-1].meta["task_id"] = "changed"
    assert queue.snapshot(seen[-1].id).meta["task_id"] == "7"
    assert seen[-1].fraction == 1.0


def test_html_page_named_zip_is_failed_not_done(tmp_path):
    page = b"\x1f" + b"<html>" * 100  # binary-looking start: only the zip check can tell
    with FaultServer({"r.zip": page}) as srv:
        queue = DownloadQueue(tmp_path / "state", transfer_options=FAST)
        item = queue.add(f"{srv.url}/r.zip", tmp_path / "r.zip")
        run(queue)
    assert item.state == State.FAILED
    assert "the file is damaged: r.zip.part is not a readable zip archive" in item.error
    assert not (tmp_path / "r.zip").exists() and not (tmp_path / "r").exists()
    assert len(srv.log) == 2  # fetched once more from zero, then refused


def test_zip_is_extracted_on_the_worker_thread(tmp_path, monkeypatch):
    from clms_toolbox.clms_plugin.download import archive

    threads = []
    real = archive.extract

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(archive, "extract", spy)
    data = zip_bytes([("Results/in.zip", zip_bytes([("x/c_gls_NDVI300.tif", b"II*\0data")]))])
    with FaultServer({"4050.zip": data}) as srv:
        queue = DownloadQueue(tmp_path / "state", transfer_options=FAST)
        item = queue.add(f"{srv.url}/4050.zip", tmp_path / "dl" / "4050.zip")
        run(queue)
    assert item.state == State.DONE, item.error
    assert threads and threads[0].startswith("clms-download-")
    assert item.meta["extracted"] == [str(tmp_path / "dl" / "4050" / "Results" / "in" / "x" /
                                          "c_gls_NDVI300.tif")]
    assert item.meta["extracted_to"] == str(tmp_path / "dl" / "4050")
    assert "phase" not in item.meta


def test_refused_archive_fails_keeps_the_zip_and_retry_only_extracts(tmp_path):
    data = zip_bytes([("a.tif", b"1"), ("A.tif", b"2")])
    with FaultServer({"c.zip": data}) as srv:
        queue = DownloadQueue(tmp_path / "state", transfer_options=FAST)
        item = queue.add(f"{srv.url}/c.zip", tmp_path / "c.zip")
        run(queue)
        assert item.state == State.FAILED
        assert item.error.startswith("extraction refused: archive holds 'a.tif' and 'A.tif'")
        assert (tmp_path / "c.zip").read_bytes() == data and not (tmp_path / "c").exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["c.zip", "state"]
        (tmp_path / "c").mkdir()  # still refused, now for the folder in the way
        (tmp_path / "c" / "mine.txt").write_text("x")
        queue.retry(item.id)
        assert queue.wait(10)
        assert item.state == State.FAILED and "already exists; move or rename" in item.error
        assert len(srv.log) == 1  # the retry did not download again


def test_state_save_on_a_full_disk_keeps_the_old_file(tmp_path, monkeypatch):
    queue = DownloadQueue(tmp_path / "state")
    queue.add("http://127.0.0.1:9/a.bin", tmp_path / "a.bin", title="first")
    before = queue.state_file.read_bytes()
    real = fsutil.write_all
    written = []

    def full(fd, data):
        written.append(real(fd, bytes(data[:100])))  # a few bytes land, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil, "write_all", full)
    item = queue.add("http://127.0.0.1:9/b.bin", tmp_path / "b.bin", title="second")
    assert written and queue.save() is False
    assert queue.save_error.startswith(f"the download list could not be saved: no space left "
                                       f"on {tmp_path / 'state'} (needs 1 MB)")
    assert sorted(p.name for p in (tmp_path / "state").iterdir()) == ["download_queue.json"]
    assert queue.state_file.read_bytes() == before  # no temp file, no truncated state
    monkeypatch.setattr(fsutil, "write_all", real)
    assert queue.save() is True and queue.save_error == ""
    assert [i["title"] for i in json.loads(queue.state_file.read_text())["items"]] == [
        "first", "second"] and item.title == "second"


def test_server_error_text_is_scrubbed_before_it_is_stored(tmp_path):
    token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl"
    with FaultServer({"f.bin": b"x" * 100}) as srv:
        srv.faults.append(("echo", 403))
        queue = DownloadQueue(tmp_path / "state", transfer_options=FAST,
                              auth_headers=lambda _item: {"Authorization": f"Bearer {token}"})
        item = queue.add(f"{srv.url}/f.bin", tmp_path / "f.bin", auth="clms")
        run(queue)
    assert srv.log[0]["auth"] == f"Bearer {token}"
    assert item.state == State.FAILED and "HTTP 403" in item.error
    state_text = queue.state_file.read_text()
    assert token not in item.error and token not in state_text
    assert "[removed]" in state_text


def test_old_state_with_a_leaked_token_is_scrubbed_on_load(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "download_queue.json").write_text(json.dumps({"version": 1, "items": [
        {"url": "http://x/a.zip", "dest": str(tmp_path / "a.zip"), "state": "failed",
         "error": "HTTP 401: Authorization: Bearer abcdefghijklmnop1234 rejected"}]}))
    (state / ".download_queue.json.123.abcd.tmp").write_bytes(b"")  # a crash mid-save
    queue = DownloadQueue(state)
    assert "abcdefghijklmnop1234" not in queue.items()[0].error
    assert sorted(p.name for p in state.iterdir()) == ["download_queue.json"]


def test_queue_pause_answers_within_a_second_at_one_byte_per_second(tmp_path):
    import time

    with FaultServer({"f.bin": os.urandom(10_000)}) as srv:
        srv.rate = 1.0
        queue = DownloadQueue(tmp_path / "state")
        item = queue.add(f"{srv.url}/f.bin", tmp_path / "f.bin")
        queue.start()
        deadline = time.monotonic() + 10
        while (not srv.log or srv.log[0]["sent"] < 2) and time.monotonic() < deadline:
            time.sleep(0.02)
        t0 = time.monotonic()
        queue.pause(item.id)
        while item.state == State.RUNNING and time.monotonic() - t0 < 5:
            time.sleep(0.01)
        answered = time.monotonic() - t0
        print(f"queue pause answered in {answered * 1000:.0f} ms at 1 B/s")
        assert item.state == State.PAUSED and answered < 1.0
        srv.rate = None
        queue.resume(item.id)
        assert queue.wait(10) and item.state == State.DONE
        assert (tmp_path / "f.bin").read_bytes() == srv.files["f.bin"]


@pytest.mark.parametrize("request_, expected", [("cancel", State.CANCELLED),
                                                ("pause", State.PAUSED)])
def test_stop_during_extraction_leaves_no_half_folder(tmp_path, monkeypatch, request_, expected):
    from clms_toolbox.clms_plugin.download import archive

    real = archive.extract
    started = threading.Event()

    def slow_extract(src, target, *, should_stop, **kw):
        def stop():
            started.set()
            while not should_stop():
                threading.Event().wait(0.01)
            return True

        return real(src, target, should_stop=stop, **kw)

    monkeypatch.setattr(archive, "extract", slow_extract)
    data = zip_bytes([(f"f{n}.tif", os.urandom(2 << 20)) for n in range(2)])
    with FaultServer({"e.zip": data}) as srv:
        queue = DownloadQueue(tmp_path / "state")
        item = queue.add(f"{srv.url}/e.zip", tmp_path / "e.zip")
        queue.start()
        assert started.wait(10)
        assert item.meta.get("phase") == "extracting" and item.state == State.RUNNING
        getattr(queue, request_)(item.id)
        assert queue.wait(10)
    assert item.state == expected and "extracted" not in item.meta
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.zip", "state"]  # zip kept
    if expected == State.PAUSED:
        monkeypatch.setattr(archive, "extract", real)
        queue.resume(item.id)
        queue.start()
        assert queue.wait(10) and item.state == State.DONE
        assert len(srv.log) == 1 and len(item.meta["extracted"]) == 2


def test_disk_full_fails_the_item_with_the_message_and_the_state_stays_valid(tmp_path,
                                                                             monkeypatch):
    real = fsutil.write_all

    def full_for_parts(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".part"):
            raise OSError(28, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(fsutil, "write_all", full_for_parts)
    with FaultServer({"big.bin": os.urandom(3_000_000)}) as srv:
        queue = DownloadQueue(tmp_path / "state", transfer_options=FAST)
        item = queue.add(f"{srv.url}/big.bin", tmp_path / "dl" / "big.bin")
        run(queue)
    assert item.state == State.FAILED
    assert item.error == f"no space left on {tmp_path / 'dl'} (needs 3 MB)"
    saved = json.loads(queue.state_file.read_text())
    assert saved["items"][0]["error"] == item.error
    assert sorted(p.name for p in (tmp_path / "state").iterdir()) == ["download_queue.json"]


def test_failure_descriptions():
    from clms_toolbox.clms_plugin.download.queue import describe

    assert describe(OSError(28, "No space left on device", "/data/dl/x.tif")) == \
        "no space left on /data/dl"
    assert describe(OSError(28, "No space left on device")) == "no space left on the disk"
    assert describe(ValueError("bad")) == "ValueError: bad"
    assert describe(transfer.TransferError("HTTP 404: gone")) == "HTTP 404: gone"
