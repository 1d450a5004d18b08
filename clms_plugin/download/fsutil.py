"""File-system helpers shared by transfers, the queue and archive extraction.

Why: "disk full" must be a clear, non-destructive failure everywhere: a state file written
half way must not replace the good one (nor leave a 0-byte temporary behind), and the user
must read *where* space is missing and *how much* is needed, not ``[Errno 28]``. All writes
go through :func:`write_all` so tests can simulate ``ENOSPC`` at one point. QGIS-free.
"""

from __future__ import annotations

import errno
import math
import os
import shutil
import threading
import uuid
from pathlib import Path

MB = 1024 * 1024
NO_SPACE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class NoSpaceError(OSError):
    """Not enough free space; ``str()`` is the message shown to the user."""

    def __init__(self, where: str | os.PathLike, needed: int | None) -> None:
        self.where = str(where)
        self.needed = needed
        super().__init__(errno.ENOSPC, no_space_message(where, needed))

    def __str__(self) -> str:
        return no_space_message(self.where, self.needed)


def no_space_message(where: str | os.PathLike, needed: int | None) -> str:
    need = f" (needs {max(1, math.ceil(needed / MB))} MB)" if needed else ""
    return f"no space left on {where}{need}"


def is_no_space(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS


def free_bytes(folder: str | os.PathLike) -> int:
    """Free bytes for an unprivileged writer on the file system holding ``folder``."""
    path = Path(folder)
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def require_space(folder: str | os.PathLike, needed: int, margin: int = 0) -> None:
    """Raise :class:`NoSpaceError` when ``needed`` (+ margin) bytes will not fit."""
    if needed > 0 and free_bytes(folder) < needed + margin:
        raise NoSpaceError(folder, needed)


def write_all(fd: int, data: bytes | memoryview) -> int:
    """``os.write`` until every byte is written (short writes happen near a full disk)."""
    view = memoryview(data)
    total = len(view)
    while len(view):
        n = os.write(fd, view)
        view = view[n:]
    return total


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` all-or-nothing: temp file, fsync, rename.

    On any failure (disk full) the temp file is removed and the old ``path`` stays intact.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if is_no_space(exc):
            raise NoSpaceError(path.parent, len(data)) from exc
        raise


class Writeback(threading.Thread):
    """Flushes a file to disk on its own thread while it is still being written.

    Why: a finished download is fsynced before it is renamed into place (a crash must never
    leave a complete-looking file with holes). Flushing 500 MB only at the end cost as much
    as receiving it (0.19 s of 0.38 s over loopback): the disk sat idle while the network
    worked, then the network while the disk worked. Flushing every ``every`` bytes as they
    arrive overlaps the two, and the final fsync finds little left to write.

    ``write(fd, data)`` is the writer's call (:func:`write_all`, then the count); the flush
    runs on this thread. A failed flush ends the thread and stays in :attr:`error` for the
    owner to act on (stop receiving, drop the file): on Linux the error of a lost
    write-back is reported once per file, so the final fsync would then succeed over
    missing data.
    """

    def __init__(self, fd: int, every: int = 16 * MB) -> None:
        super().__init__(daemon=True, name="clms-writeback")
        self.fd, self.every = fd, every
        self.error: OSError | None = None
        self._pending = 0
        self._wake = threading.Event()
        self._due = False
        self._closing = False
        self.flushes = 0

    def write(self, fd: int, data: bytes | memoryview) -> int:
        n = write_all(fd, data)
        self._pending += n
        if self._pending >= self.every:
            self._pending = 0
            self._due = True
            self._wake.set()
        return n

    def run(self) -> None:
        sync = getattr(os, "fdatasync", os.fsync)  # data + size (macOS, Windows: fsync)
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._due:  # an asked-for flush runs even when closing: its error counts
                self._due = False
                try:
                    sync(self.fd)
                    self.flushes += 1
                except OSError as exc:
                    self.error = exc
                    return
            if self._closing:
                return

    def close(self) -> None:
        """Stop the thread after the flush asked for last, if any; the fd stays open.

        The caller checks :attr:`error` afterwards."""
        self._closing = True
        self._wake.set()
        if self.is_alive():
            self.join()
