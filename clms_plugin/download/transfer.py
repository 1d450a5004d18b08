"""One resumable HTTP transfer: ``.part`` file, ``Range`` resume, verification, atomic rename.

Why: CLMS results are zip files of hundreds of MB behind links that expire; connections drop
or stall, servers answer 429/503, some answer HTTP 200 with an error page instead of the file,
some ignore ``If-Range``. A transfer is *done* only when its bytes are the file the server
meant; anything else is retried or fails with a message that says why. QGIS-free.

Guarantees:
- bytes go to ``<dest>.part``; the final name appears only after the size (and checksum, and
  the caller's ``validate``, e.g. zip integrity) is verified, through ``os.replace``;
- a resume sends ``Range`` with ``If-Range`` (ETag or Last-Modified kept in
  ``<dest>.part.json``); a 206 whose validators or total differ from the stored ones (a server
  ignoring ``If-Range``) restarts from byte 0; a ``.part`` without its state file restarts;
- no byte for ``stall_timeout`` seconds counts as a dropped connection (retried with back-off,
  then *failed*); pause and cancel are answered within ~0.1 s whatever the link does;
- an error body (JSON, invalid JSON, HTML) is recognised from its bytes, not its Content-Type;
  a body without a length that ends early is never trusted: the end is confirmed by a Range
  probe (416) or by a second identical read;
- a full disk fails with "no space left on <folder> (needs N MB)"; the ``.part`` is kept.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from ..catalog.errors import server_message_from
from ..catalog.http import make_session
from . import fsutil
from .checks import (  # noqa: F401 - re-exported, callers use transfer.*
    UnknownChecksum,
    file_digest,
    parse_checksum,
    retry_after_seconds,
)
from .scrub import scrub
from .stream import POLL, BodyPump, Stalled, call_interruptibly, error_body

CHUNK = 256 * 1024  # small enough for live progress on slow links, big enough for speed
STALL_TIMEOUT = 60.0  # seconds without a byte before the connection is given up
SNIFF = 512  # bytes looked at before deciding whether a body is an error payload
_RETRY, _AGAIN = "retry", "again"  # retry after back-off / loop again at once


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


def _total_from_headers(resp: requests.Response, offset: int) -> int | None:
    cr = resp.headers.get("Content-Range", "")
    if cr and "/" in cr:
        tail = cr.rsplit("/", 1)[1].strip()
        if tail.isdigit():
            return int(tail)
    cl = resp.headers.get("Content-Length")
    if cl and cl.isdigit():
        return int(cl) + (offset if resp.status_code == 206 else 0)
    return None


class _Rate:
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


def download(
    url: str,
    dest: str | os.PathLike,
    *,
    session: requests.Session | None = None,
    headers: dict[str, str] | Callable[[], dict[str, str]] | None = None,
    expected_size: int | None = None,
    checksum: str | None = None,
    chunk_size: int = CHUNK,
    max_attempts: int = 8,
    backoff: float = 1.0,
    max_backoff: float = 60.0,
    timeout: tuple[float, float] = (10.0, STALL_TIMEOUT),
    stall_timeout: float | None = None,
    allow_text: bool = False,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], str | None] | None = None,
    sleep: Callable[[float], None] | None = None,
    refresh_auth: Callable[[], None] | None = None,
    validate: Callable[[Path], None] | None = None,
) -> TransferResult:
    """Download ``url`` to ``dest`` resuming from ``dest.part``; return what happened.

    ``headers`` may be a callable so a bearer token is fetched fresh on each attempt; on a 401
    ``refresh_auth()`` is called and the request re-sent once. ``should_stop()`` returning
    ``"pause"`` keeps the ``.part``, ``"cancel"`` deletes it; both raise
    :class:`TransferStopped`. ``stall_timeout`` defaults to ``timeout[1]`` (60 s).
    ``validate(part)`` may raise ``ValueError`` when the complete file is damaged (zip
    integrity): it is then fetched once more from zero, then the transfer fails.
    ``sleep`` (tests) replaces the stop-aware back-off wait. Raises :class:`TransferError`
    (and :class:`ChecksumMismatch`) with a message; never leaves a wrong file under ``dest``.
    """
    try:
        want = parse_checksum(checksum)
    except UnknownChecksum as exc:
        raise TransferError(str(exc), url=url) from None
    job = _Job(url, Path(dest), session, headers, expected_size, want, chunk_size,
               max_attempts, backoff, max_backoff, timeout[0],
               float(stall_timeout if stall_timeout is not None else timeout[1]),
               allow_text, progress, should_stop, sleep, refresh_auth, validate)
    try:
        return job.run()
    finally:
        if session is None:
            job.session.close()


class _Job:
    """The state of one :func:`download` call (kept out of one 200-line function)."""

    def __init__(self, url, dest, session, headers, expected_size, want, chunk_size,
                 max_attempts, backoff, max_backoff, connect_timeout, stall_timeout,
                 allow_text, progress, should_stop, sleep, refresh_auth, validate) -> None:
        self.url, self.dest = url, dest
        self.part, self.meta_file = part_path(dest), meta_path(dest)
        self.session = session or make_session(retries=0)
        self.headers, self.expected_size, self.want = headers, expected_size, want
        self.chunk_size, self.max_attempts = chunk_size, max_attempts
        self.backoff, self.max_backoff, self.delay = backoff, max_backoff, backoff
        self.connect_timeout, self.stall_timeout = connect_timeout, stall_timeout
        self.allow_text, self.progress, self.should_stop = allow_text, progress, should_stop
        self.sleep, self.refresh_auth, self.validate = sleep, refresh_auth, validate
        self.attempts = self.received = 0
        self.refreshed = self.restarted_for_check = False
        self.last_error = "none"
        self.meta: dict[str, Any] = {}

    # -- main loop -----------------------------------------------------------------------
    def run(self) -> TransferResult:
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        self.meta = _read_meta(self.meta_file)
        if self.part.exists() and (not self.meta or self.meta.get("url") != self.url):
            self._truncate()  # stale or foreign .part: its origin is unknown, never splice
            self.meta = {}
        start_size = self._offset()
        while True:
            self._check_stop()
            offset = self._offset()
            total = self.expected_size or self.meta.get("total")
            if total and offset > total:  # corrupt leftover: start again
                self._truncate()
                continue
            if total and offset == total:
                if self._verified(total):
                    os.replace(self.part, self.dest)
                    self.meta_file.unlink(missing_ok=True)
                    return TransferResult(self.dest, total, start_size, self.received,
                                          self.attempts)
                continue
            self.attempts += 1
            if self.attempts > self.max_attempts:
                raise TransferError(f"gave up after {self.max_attempts} attempts (last: "
                                    f"{self.last_error})", url=self.url, retryable=True)
            if self._attempt(offset) == _RETRY:
                self._wait(self.delay)
                self.delay = min(self.delay * 2, self.max_backoff)

    def _attempt(self, offset: int) -> str:
        """One request; returns _RETRY/_AGAIN or raises a permanent failure."""
        req = dict(self.headers() if callable(self.headers) else (self.headers or {}))
        req["Accept-Encoding"] = "identity"  # byte-exact ranges, no transparent gzip
        if offset:
            req["Range"] = f"bytes={offset}-"
            validator = self.meta.get("etag") or self.meta.get("last_modified")
            if validator:
                req["If-Range"] = validator
        try:
            resp = call_interruptibly(
                lambda: self.session.get(self.url, headers=req, stream=True,
                                         timeout=(self.connect_timeout, self.stall_timeout)),
                self.should_stop, self._stop)
        except requests.Timeout:
            self.last_error = f"no answer within {self.stall_timeout:g} s"
            return _RETRY
        except requests.ConnectionError as exc:
            self.last_error = f"cannot connect ({type(exc).__name__})"
            return _RETRY
        with resp:
            return self._handle(resp, offset)

    def _handle(self, resp: requests.Response, offset: int) -> str:
        status = resp.status_code
        if status in (429, 503) or status >= 500:
            self.last_error = f"HTTP {status}"
            if status in (429, 503):
                self._wait(retry_after_seconds(resp.headers.get("Retry-After"), self.delay))
                self.delay = min(self.delay * 2, self.max_backoff)
                return _AGAIN
            return _RETRY
        if status == 416:
            known = _total_from_headers(resp, 0)
            if offset and (known == offset or (known is None
                                               and offset in self.meta.get("eof_sizes", []))):
                self.meta["total"] = offset  # the file was complete: the loop verifies it
                return _AGAIN
            self._truncate()
            return _AGAIN
        if status == 401 and self.refresh_auth is not None and not self.refreshed:
            self.refreshed = True  # token expired meanwhile: new token, re-send once
            self.refresh_auth()
            return _AGAIN
        if status >= 400:
            text = server_message_from(resp.content[:2000], resp.headers.get("Content-Type", ""))
            raise TransferError(f"HTTP {status}: {text or resp.reason or 'error'}",
                                url=self.url, status=status, retryable=status in (408, 425))
        if status == 206 and offset and self._changed_since(resp):
            self._truncate()  # the server ignored If-Range: never splice two versions
            self.meta = {"url": self.url}
            self.last_error = "the file changed on the server; restarted from the beginning"
            return _AGAIN
        if status == 200 and offset:
            self._truncate()  # Range ignored or If-Range failed: the whole file follows
            offset = 0
        elif status == 206 and not resp.headers.get("Content-Range", "").startswith(
                f"bytes {offset}-"):
            self._truncate()
            return _AGAIN
        total = _total_from_headers(resp, offset)
        if self.expected_size and total and total != self.expected_size:
            raise ChecksumMismatch(f"the server announces {total} bytes, the request result "
                                   f"{self.expected_size}", url=self.url)
        total = total or self.expected_size
        self.meta.update({"url": self.url, "total": total, "etag": resp.headers.get("ETag"),
                          "last_modified": resp.headers.get("Last-Modified")})
        _write_meta(self.meta_file, self.meta)
        if total:
            self._require_space(total - offset)
        err = self._stream(resp, offset, total)
        if err is not None:  # dropped, cut or stalled: resume after a pause
            self.last_error = (str(err) if isinstance(err, Stalled)
                               else f"connection dropped ({type(err).__name__})")
            return _RETRY
        self.delay = self.backoff
        size = self._offset()
        if total is None and size == 0:
            self.last_error = "empty body"
            return _RETRY
        if total is None:
            return self._unannounced_end(resp, size)
        if size < total:  # body cut short without an error: resume
            self.last_error = "truncated body"
            return _RETRY
        return _AGAIN

    def _unannounced_end(self, resp: requests.Response, size: int) -> str:
        """A body without a length ended: trust it only if its end is known to be the end."""
        if "chunked" in resp.headers.get("Transfer-Encoding", "").lower():
            self.meta["total"] = size  # chunked coding has its own end marker: a clean end
            return _AGAIN
        sizes = self.meta.setdefault("eof_sizes", [])
        if size in sizes:
            self.meta["total"] = size  # two reads ended at the same byte
        else:
            sizes.append(size)
            self.last_error = "the server closed the connection without announcing a length"
        _write_meta(self.meta_file, self.meta)
        return _AGAIN  # the next request asks for bytes=<size>-: 416 confirms, 206 continues

    def _changed_since(self, resp: requests.Response) -> bool:
        """Do the 206's validators contradict the ones stored with the .part?"""
        for key, header in (("etag", "ETag"), ("last_modified", "Last-Modified")):
            old, new = self.meta.get(key), resp.headers.get(header)
            if old and new and old != new:
                return True
        old_total, new_total = self.meta.get("total"), _total_from_headers(resp, 0)
        return bool(old_total and new_total and old_total != new_total)

    # -- body ----------------------------------------------------------------------------
    def _stream(self, resp: requests.Response, offset: int, total: int | None
                ) -> BaseException | None:
        """Append the body to the .part; return the error that cut it, if any.

        Reading errors and stalls are returned (the caller retries); a failing write (disk
        full), an error payload and a stop request are raised.
        """
        pump = BodyPump(resp, self.chunk_size)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if offset else os.O_TRUNC)
        fd = os.open(self.part, flags, 0o644)
        written, rate, last_report = 0, _Rate(), 0.0
        head = b"" if offset == 0 and not self.allow_text else None
        ctype = resp.headers.get("Content-Type", "")
        last_byte = time.monotonic()
        try:
            while True:
                reason = self.should_stop() if self.should_stop is not None else None
                if reason:
                    pump.abort()
                    os.fsync(fd)
                    self._stop(reason)
                item = pump.get(POLL)
                now = time.monotonic()
                if item is None:
                    if now - last_byte > self.stall_timeout:
                        pump.abort()
                        return Stalled(f"no data for {self.stall_timeout:g} s")
                    continue
                if isinstance(item, (TimeoutError, requests.Timeout)):
                    return Stalled(f"no data for {self.stall_timeout:g} s")  # socket clock
                if isinstance(item, BaseException):
                    return item
                last_byte = now
                data: bytes = item
                at_end = not data
                if head is not None:  # decide from the first bytes whether this is the file
                    head += data
                    if not at_end and len(head) < SNIFF:
                        continue
                    why = error_body(head)
                    if why:
                        message = server_message_from(head[:4000], ctype) or \
                            head[:300].decode("utf-8", "replace")
                        raise TransferError(f"the server sent {why} instead of the file: "
                                            f"{message}", url=self.url, status=resp.status_code)
                    data, head = head, None
                if data:
                    self._write(fd, data, total, offset + written)
                    written += len(data)
                    self.received += len(data)
                if at_end:
                    break
                if self.progress is not None and (now - last_report >= 0.2
                                                  or written <= self.chunk_size):
                    last_report = now
                    done = offset + written
                    r = rate.add(now, done)
                    eta = (total - done) / r if (total and r > 0) else None
                    self.progress(Progress(done, total, r, eta, offset))
            os.fsync(fd)  # durable before the rename makes it final
        finally:
            os.close(fd)
            pump.abort()
        if self.progress is not None:
            done = offset + written
            self.progress(Progress(done, total, rate.add(time.monotonic(), done), 0.0, offset))
        return None

    # -- helpers -------------------------------------------------------------------------
    def _verified(self, total: int) -> bool:
        """Size, checksum and the caller's check; a failure restarts once, then raises."""
        try:
            size = self.part.stat().st_size
            if size != total:
                raise ChecksumMismatch(f"size {size} bytes, expected {total}", url=self.url)
            if self.want:
                algo, digest = self.want
                actual = file_digest(self.part, algo)
                if actual != digest:
                    raise ChecksumMismatch(f"{algo} {actual} does not match {digest}",
                                           url=self.url)
            if self.validate is not None:
                try:
                    self.validate(self.part)
                except ValueError as exc:
                    raise ChecksumMismatch(f"the file is damaged: {exc}", url=self.url) from None
        except ChecksumMismatch:
            if self.restarted_for_check:
                for p in (self.part, self.meta_file):  # never keep bytes known to be wrong
                    p.unlink(missing_ok=True)
                raise
            self.restarted_for_check = True
            self._truncate()
            self.meta = {"url": self.url}
            return False
        return True

    def _write(self, fd: int, data: bytes, total: int | None, done: int) -> None:
        try:
            fsutil.write_all(fd, data)
        except OSError as exc:
            if fsutil.is_no_space(exc):
                left = (total - done) if total else None  # unknown without a length
                raise TransferError(fsutil.no_space_message(self.part.parent, left),
                                    url=self.url) from None
            raise

    def _require_space(self, needed: int) -> None:
        try:
            fsutil.require_space(self.part.parent, needed)
        except fsutil.NoSpaceError as exc:
            raise TransferError(str(exc), url=self.url) from None

    def _offset(self) -> int:
        return self.part.stat().st_size if self.part.exists() else 0

    def _truncate(self) -> None:
        with open(self.part, "wb"):
            pass

    def _wait(self, seconds: float) -> None:
        """Back-off that still answers pause/cancel at once (tests inject ``sleep``)."""
        if self.sleep is not None:
            self.sleep(seconds)
            return
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self._check_stop()
            time.sleep(min(POLL, left))

    def _check_stop(self) -> None:
        reason = self.should_stop() if self.should_stop is not None else None
        if reason:
            self._stop(reason)

    def _stop(self, reason: str) -> None:
        if reason == "cancel":
            for p in (self.part, self.meta_file):
                p.unlink(missing_ok=True)
        raise TransferStopped(reason)


def _read_meta(meta_file: Path) -> dict[str, Any]:
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _write_meta(meta_file: Path, meta: dict[str, Any]) -> None:
    try:
        fsutil.atomic_write_bytes(meta_file, json.dumps(meta).encode("utf-8"))
    except fsutil.NoSpaceError as exc:
        raise TransferError(str(exc)) from None
