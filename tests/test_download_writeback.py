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


def test_writeback_stops_before_the_file_is_closed(tmp_path):
    """close() joins the thread: no flush can reach a descriptor number reused later."""
    fd = os.open(tmp_path / "x.bin", os.O_WRONLY | os.O_CREAT, 0o644)
    wb = fsutil.Writeback(fd, every=10)
    wb.start()
    wb.write(fd, b"0123456789abc")
    wb.close()
    assert not wb.is_alive()
    os.close(fd)
    assert (tmp_path / "x.bin").read_bytes() == b"0123456789abc"
    wb.finish()  # no error: nothing raised
