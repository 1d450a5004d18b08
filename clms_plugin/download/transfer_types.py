"""Types shared by the transfer modules: errors, progress, result, ``.part`` file names.

Why a module of its own: :mod:`.transfer` (the public entry) and :mod:`.transfer_job` (the
retry loop) both need them, and the queue and the GUI catch these errors by class. QGIS-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fsutil
from .scrub import scrub

CHUNK = 256 * 1024  # small enough for live progress on slow links, big enough for speed
STALL_TIMEOUT = 60.0  # seconds without a byte before the connection is given up
# files that are text themselves: a JSON or HTML body is then the file, not an error page
TEXT_SUFFIXES = (".json", ".geojson", ".xml", ".gml", ".kml", ".html", ".htm", ".txt", ".csv",
                 ".qml", ".sld", ".vrt", ".md")


class TransferError(Exception):
    """A transfer failed; ``retryable`` says whether trying again later may help.

    The message is scrubbed of credentials: it is stored in the queue state and shown.
    """

    def __init__(self, message: str, *, url: str = "", status: int | None = None,
                 retryable: bool = False) -> None:
        super().__init__(scrub(message))
        self.url = url
        self.status = status
        self.retryable = retryable


class ChecksumMismatch(TransferError):  # noqa: N818 - domain name
    """The downloaded bytes do not match the size or checksum the source announced."""


class TransferStopped(Exception):  # noqa: N818 - a state, not an error
    """The caller asked to stop: ``reason`` is ``"pause"`` (keep .part) or ``"cancel"``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Progress:
    """Bytes so far (including a resumed prefix), total if known, rate (B/s) and ETA (s)."""

    done: int
    total: int | None
    rate: float
    eta: float | None
    resumed_from: int = 0


@dataclass(frozen=True)
class TransferResult:
    path: Path
    size: int
    resumed_from: int  # bytes already on disk when this call started
    bytes_received: int  # bytes actually transferred by this call (across attempts)
    attempts: int


def part_path(dest: Path) -> Path:
    return Path(dest).with_name(Path(dest).name + ".part")


def meta_path(dest: Path) -> Path:
    return Path(dest).with_name(Path(dest).name + ".part.json")


_meta_path = meta_path  # old private name


class Rate:
    """Rate over a sliding window of a few seconds, so the ETA does not jump."""

    def __init__(self, window: float = 3.0) -> None:
        self.window = window
        self.samples: list[tuple[float, int]] = []

    def add(self, now: float, done: int) -> float:
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > self.window:
            self.samples.pop(0)
        t0, d0 = self.samples[0]
        return (done - d0) / (now - t0) if now > t0 else 0.0


def read_state(meta_file: Path) -> dict[str, Any]:
    """The ``.part.json`` state of an unfinished download ({} when missing or damaged)."""
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def write_state(meta_file: Path, meta: dict[str, Any]) -> None:
    """Save the state all-or-nothing; a full disk is a :class:`TransferError` saying where."""
    try:
        fsutil.atomic_write_bytes(meta_file, json.dumps(meta).encode("utf-8"))
    except fsutil.NoSpaceError as exc:
        raise TransferError(str(exc)) from None
