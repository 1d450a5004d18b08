"""The .part is flushed to disk while the body arrives, and a failed flush fails the transfer.

Real HTTP over loopback (tests/faultserver.FaultServer), real files; only the flush call is
observed or made to fail, as a disk would.
"""

from __future__ import annotations

import errno
import os
import threading

import pytest
from faultserver import FaultServer

from clms_toolbox.clms_plugin.download import fsutil, transfer

SIZE = 3_000_017
DATA = os.urandom(SIZE)


@pytest.fixture
def server():
    with FaultServer({"f.bin": DATA}) as srv:
        yield srv


@pytest.fixture
def small_flushes(monkeypatch):
    """Background flushes every 256 KiB (the product flushes every 16 MiB)."""

    class Small(fsutil.Writeback):
        def __init__(self, fd: int) -> None:
            super().__init__(fd, every=256 * 1024)

    monkeypatch.setattr(fsutil, "Writeback", Small)


def _flush_spy(monkeypatch, fail_with: int | None = None) -> list[tuple[str, int]]:
    calls: list[tuple[str, int]] = []
    real = getattr(os, "fdatasync", os.fsync)

    def flush(fd: int) -> None:
        name = threading.current_thread().name
        calls.append((name, os.fstat(fd).st_size))
        if fail_with is not None and name == "clms-writeback":
            raise OSError(fail_with, os.strerror(fail_with))
        real(fd)

    monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", flush)
    return calls


def test_part_is_flushed_while_the_body_arrives(server, tmp_path, monkeypatch, small_flushes):
    calls = _flush_spy(monkeypatch)
    dest = tmp_path / "f.bin"
    transfer.download(f"{server.url}/f.bin", dest)
    assert dest.read_bytes() == DATA
    background = [size for name, size in calls if name == "clms-writeback"]
    assert background, "no flush ran while the body was arriving"
    assert min(background) < SIZE  # flushed before the last byte was written
    assert not transfer.part_path(dest).exists()


def test_failed_background_flush_fails_the_transfer(server, tmp_path, monkeypatch,
                                                    small_flushes):
    _flush_spy(monkeypatch, fail_with=errno.EIO)
    dest = tmp_path / "f.bin"
    with pytest.raises(OSError) as err:
        transfer.download(f"{server.url}/f.bin", dest)
    assert err.value.errno == errno.EIO
    assert not dest.exists()  # never renamed into place over bytes that may be lost


def test_no_space_at_flush_time_names_the_folder(server, tmp_path, monkeypatch, small_flushes):
    """Delayed allocation: the disk may only say "full" when the data is flushed."""
    _flush_spy(monkeypatch, fail_with=errno.ENOSPC)
    dest = tmp_path / "dl" / "f.bin"
    with pytest.raises(transfer.TransferError) as err:
        transfer.download(f"{server.url}/f.bin", dest)
    assert str(err.value).startswith(f"no space left on {dest.parent}")
    assert not dest.exists()


def test_failed_flush_stops_the_body_and_the_next_attempt_starts_over(server, tmp_path,
                                                                       monkeypatch,
                                                                       small_flushes):
    """Bytes the disk may have lost are never resumed from: the .part and its state go."""
    server.faults.append(("rate", 1_000_000))  # ~3 s for the body: the failure comes first
    calls = _flush_spy(monkeypatch, fail_with=errno.EIO)
    dest = tmp_path / "f.bin"
    with pytest.raises(OSError) as err:
        transfer.download(f"{server.url}/f.bin", dest, stall_timeout=5)
    assert err.value.errno == errno.EIO
    assert server.log[0]["sent"] < SIZE // 2  # stopped receiving, not read to the end
    assert not transfer.part_path(dest).exists() and list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    calls.clear()
    transfer.download(f"{server.url}/f.bin", dest)
    assert dest.read_bytes() == DATA and server.log[-1]["range"] is None


def test_failed_flush_is_not_hidden_by_a_stall(server, tmp_path, monkeypatch, small_flushes):
    server.faults.append(("stall", 1_000_000))
    _flush_spy(monkeypatch, fail_with=errno.EIO)
    dest = tmp_path / "f.bin"
    with pytest.raises(OSError) as err:
        transfer.download(f"{server.url}/f.bin", dest, stall_timeout=0.3, backoff=0.01)
    assert err.value.errno == errno.EIO
    assert len(server.log) == 1  # no retry resumes over the lost bytes
    assert not transfer.part_path(dest).exists()


def test_failed_final_fsync_drops_the_part(server, tmp_path, monkeypatch):
    real = os.fsync

    def fsync(fd: int) -> None:
        if os.fstat(fd).st_size == SIZE:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    dest = tmp_path / "f.bin"
    with pytest.raises(OSError):
        transfer.download(f"{server.url}/f.bin", dest)
    assert not dest.exists() and not transfer.part_path(dest).exists()


def test_writeback_flushes_what_was_asked_before_it_stops(tmp_path):
    """close() runs the flush asked for last and joins: nothing can reach a descriptor
    number reused later, and a flush's error is never skipped by closing early."""
    fd = os.open(tmp_path / "x.bin", os.O_WRONLY | os.O_CREAT, 0o644)
    wb = fsutil.Writeback(fd, every=10)
    wb.start()
    wb.write(fd, b"0123456789abc")
    wb.close()
    assert wb.flushes == 1 and wb.error is None and not wb.is_alive()
    os.close(fd)
    assert (tmp_path / "x.bin").read_bytes() == b"0123456789abc"
