"""The retry loop of one transfer (see :mod:`.transfer` for the guarantees it keeps).

Why separate: the loop holds a dozen pieces of state (offset, validators, back-off, attempts,
the sizes seen at unannounced ends); a class keeps them out of one 300-line function. QGIS-free.
"""

from __future__ import annotations

import os
import time
from typing import Any

import requests

from ..catalog.errors import server_message_from
from ..catalog.http import make_session
from . import fsutil
from .checks import file_digest, retry_after_seconds
from .stream import POLL, BodySink, Stalled, call_interruptibly, error_body
from .transfer_types import (
    ChecksumMismatch,
    Progress,
    Rate,
    TransferError,
    TransferResult,
    TransferStopped,
    meta_path,
    part_path,
    read_state,
    write_state,
)

SNIFF = 512  # bytes looked at before deciding whether a body is an error payload
_RETRY, _AGAIN = "retry", "again"  # retry after back-off / loop again at once


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


class TransferJob:
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
        for stale in self.dest.parent.glob(f".{self.meta_file.name}.*.tmp"):  # killed mid-save
            stale.unlink(missing_ok=True)
        self.meta = read_state(self.meta_file)
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
        except (requests.Timeout, requests.ConnectionError) as exc:
            # with retries=0 urllib3 wraps a read timeout in MaxRetryError -> ConnectionError
            self.last_error = (f"no answer within {self.stall_timeout:g} s"
                               if _timed_out(exc) else f"cannot connect ({type(exc).__name__})")
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
            # at most 4 KB of the error page, and a pause is answered while it trickles in
            body = call_interruptibly(lambda: _read_some(resp, 4096), self.should_stop,
                                      self._stop)
            text = server_message_from(body or b"", resp.headers.get("Content-Type", ""))
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
        write_state(self.meta_file, self.meta)
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
        write_state(self.meta_file, self.meta)
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
        full), an error payload and a stop request are raised. The bytes move on a
        :class:`BodySink` thread; this loop wakes every :data:`POLL` s to supervise it.
        """
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if offset else os.O_TRUNC)
        fd = os.open(self.part, flags, 0o644)
        sniff = SNIFF if offset == 0 and not self.allow_text else 0
        writeback = fsutil.Writeback(fd)
        sink = BodySink(resp, fd, self.chunk_size, writeback.write, sniff, error_body)
        rate, last_report = Rate(), 0.0
        discard = False  # delete the .part once its descriptor is closed (Windows needs that)
        try:
            writeback.start()
            sink.start()
            while sink.is_alive():
                sink.join(POLL)
                if writeback.error is not None:  # the disk lost data: receive no more
                    break
                reason = self.should_stop() if self.should_stop is not None else None
                if reason:
                    sink.abort()
                    writeback.close()
                    if writeback.error is not None:
                        break
                    os.fsync(fd)
                    discard = reason == "cancel"
                    raise TransferStopped(reason)
                now = time.monotonic()
                if sink.is_alive() and now - sink.last_byte > self.stall_timeout:
                    sink.abort()
                    writeback.close()
                    if writeback.error is not None:
                        break
                    return Stalled(f"no data for {self.stall_timeout:g} s")
                if self.progress is not None and sink.received and now - last_report >= 0.2:
                    last_report = now
                    done = offset + sink.received
                    r = rate.add(now, done)
                    eta = (total - done) / r if (total and r > 0) else None
                    self.progress(Progress(done, total, r, eta, offset))
            sink.abort()
            self.received += sink.received
            writeback.close()
            if writeback.error is not None:
                discard = True
                raise self._lost_write(writeback.error, total)
            self._raise_for_sink(sink, resp, total, offset)
            if not sink.eof:
                err = sink.read_error
                if isinstance(err, (TimeoutError, requests.Timeout)):
                    return Stalled(f"no data for {self.stall_timeout:g} s")  # socket clock
                return err or ConnectionError("the body ended without an end")
            try:
                os.fsync(fd)  # durable before the rename makes it final
            except OSError as exc:
                discard = True
                raise self._lost_write(exc, total) from None
        finally:
            sink.abort()
            writeback.close()  # before the fd goes: no flush of a reused descriptor
            os.close(fd)
            if discard:
                self._drop_part()
        if self.progress is not None:
            done = offset + sink.received
            self.progress(Progress(done, total, rate.add(time.monotonic(), done), 0.0, offset))
        return None

    def _lost_write(self, exc: OSError, total: int | None) -> OSError:
        """The error of a flush that failed: written bytes may be lost, so the caller drops
        the .part (the next attempt starts from zero); a full disk says where and how much."""
        if fsutil.is_no_space(exc):
            return TransferError(fsutil.no_space_message(self.part.parent, total), url=self.url)
        return exc

    def _raise_for_sink(self, sink: BodySink, resp: requests.Response, total: int | None,
                        offset: int) -> None:
        """An error payload or a failed write end the transfer with a message."""
        if sink.rejected is not None:
            why, head = sink.rejected
            message = server_message_from(head[:4000], resp.headers.get("Content-Type", "")) \
                or head[:300].decode("utf-8", "replace")
            raise TransferError(f"the server sent {why} instead of the file: {message}",
                                url=self.url, status=resp.status_code)
        exc = sink.write_error
        if exc is None:
            return
        if fsutil.is_no_space(exc):
            left = (total - offset - sink.received) if total else None  # unknown: no length
            raise TransferError(fsutil.no_space_message(self.part.parent, left),
                                url=self.url) from None
        raise exc

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
                self._drop_part()  # never keep bytes known to be wrong
                raise
            self.restarted_for_check = True
            self._truncate()
            self.meta = {"url": self.url}
            return False
        return True

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
            self._drop_part()
        raise TransferStopped(reason)

    def _drop_part(self) -> None:
        """Delete the .part and its state: the next attempt starts from zero."""
        for p in (self.part, self.meta_file):
            p.unlink(missing_ok=True)


def _read_some(resp: requests.Response, limit: int) -> bytes:
    """Up to ``limit`` bytes of an error body; a broken connection just ends it."""
    try:
        return resp.raw.read(limit, decode_content=True) or b""
    except Exception:  # noqa: BLE001 - the status already says what happened
        return b""


def _timed_out(exc: BaseException) -> bool:
    """Is this connection error, however wrapped, a read timeout (headers never came)?"""
    if isinstance(exc, requests.ReadTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return type(reason).__name__ == "ReadTimeoutError" or "read timed out" in str(exc).lower()
