"""One resumable HTTP transfer: ``.part`` file, ``Range`` resume, verification, atomic rename.

Why: CLMS results are zip files of hundreds of MB behind links that expire; connections drop,
servers answer 429/503, and some answer HTTP 200 with a JSON error instead of the file. A
transfer must never leave a half file under the final name, must resume where it stopped
(after a dropped connection *or* a QGIS restart: the ``.part`` file is the state), and must
say clearly why it failed. QGIS-free.

Guarantees:
- bytes go to ``<dest>.part``; the final name appears only after the size (and checksum,
  when the source gives one) is verified, through ``os.replace`` (atomic on one filesystem);
- a resume sends ``Range: bytes=<part size>-`` with ``If-Range`` (ETag or Last-Modified
  remembered in ``<dest>.part.json``) so a changed file restarts from zero instead of
  splicing two versions; a server that ignores ``Range`` (200) restarts the file;
- 429/503 honour ``Retry-After`` (seconds or HTTP date, capped); other 5xx, dropped
  connections and truncated bodies are retried with exponential back-off; other 4xx and
  error payloads (HTTP 200 with JSON/HTML where a file is expected) fail with the server's text.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
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

CHUNK = 256 * 1024  # small enough for live progress on slow links, big enough for speed
MAX_RETRY_AFTER = 120.0
ERROR_CONTENT_TYPES = ("application/json", "text/html", "text/plain", "application/problem+json")


class TransferError(Exception):
    """A transfer failed; ``retryable`` says whether trying again later may help."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None,
                 retryable: bool = False) -> None:
        super().__init__(message)
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


@dataclass
class Progress:
    """Bytes so far (including a resumed prefix), total if known, rate (B/s) and ETA (s)."""

    done: int
    total: int | None
    rate: float
    eta: float | None
    resumed_from: int = 0


@dataclass
class TransferResult:
    path: Path
    size: int
    resumed_from: int  # bytes already on disk when this call started
    bytes_received: int  # bytes actually transferred by this call (across attempts)
    attempts: int


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _meta_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part.json")


def parse_checksum(checksum: str | None) -> tuple[str, str] | None:
    """``"sha256:<hex>"``/``"md5:<hex>"`` or a bare hex (length picks the algorithm).

    STAC ``file:checksum`` multihashes (``1220…`` SHA-256, ``d50110…`` MD5) are understood too.
    """
    if not checksum:
        return None
    value = checksum.strip().lower()
    if ":" in value:
        algo, digest = value.split(":", 1)
        return algo.replace("-", ""), digest
    if value.startswith("1220") and len(value) == 68:
        return "sha256", value[4:]
    if value.startswith("d50110") and len(value) == 38:
        return "md5", value[6:]
    return {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}.get(len(value), "sha256"), value


def file_digest(path: Path, algo: str) -> str:
    h = hashlib.new(algo)
    with open(path, "rb") as fh:
        while chunk := fh.read(4 * CHUNK):
            h.update(chunk)
    return h.hexdigest()


def retry_after_seconds(value: str | None, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or HTTP date), capped."""
    if not value:
        return default
    try:
        return max(0.0, min(float(value), MAX_RETRY_AFTER))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))
    except (TypeError, ValueError):
        return default


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
    timeout: tuple[float, float] = (10.0, 60.0),
    allow_text: bool = False,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], str | None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    refresh_auth: Callable[[], None] | None = None,
) -> TransferResult:
    """Download ``url`` to ``dest`` resuming from ``dest.part``; return what happened.

    ``headers`` may be a callable so a bearer token is fetched fresh on each attempt; on a
    401 ``refresh_auth()`` (e.g. ``auth.invalidate``) is called and the request re-sent once.
    ``should_stop()`` returning ``"pause"`` keeps the ``.part`` file, ``"cancel"`` deletes it;
    both raise :class:`TransferStopped`. Raises :class:`TransferError` when retries are
    exhausted or the failure is permanent, :class:`ChecksumMismatch` when verification fails.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part, meta_file = part_path(dest), _meta_path(dest)
    own_session = session is None
    session = session or make_session(retries=0)
    want = parse_checksum(checksum)
    meta = _read_meta(meta_file)
    if meta.get("url") not in (None, url) and part.exists():
        _truncate(part)  # another source wrote this .part: never splice two files
        meta = {}
    start_size = part.stat().st_size if part.exists() else 0
    received = 0
    attempts = 0
    restarted_for_checksum = False
    delay = backoff
    last_error = "none"
    refreshed = False
    try:
        while True:
            _check_stop(should_stop, part, meta_file)
            offset = part.stat().st_size if part.exists() else 0
            total = expected_size or meta.get("total")
            if total and offset > total:  # corrupt leftover: start again
                _truncate(part)
                offset = 0
            if total and offset == total:
                try:
                    _verify(part, total, want, url)
                except ChecksumMismatch:
                    if restarted_for_checksum:
                        for p in (part, meta_file):  # never keep bytes known to be wrong
                            p.unlink(missing_ok=True)
                        raise
                    restarted_for_checksum = True
                    _truncate(part)
                    continue
                return _finish(part, meta_file, dest, total, start_size, received, attempts)
            attempts += 1
            if attempts > max_attempts:
                raise TransferError(
                    f"gave up after {max_attempts} attempts (last: {last_error})", url=url,
                    retryable=True)

            req_headers = dict(headers() if callable(headers) else (headers or {}))
            if offset:
                req_headers["Range"] = f"bytes={offset}-"
                validator = meta.get("etag") or meta.get("last_modified")
                if validator:
                    req_headers["If-Range"] = validator
            try:
                resp = session.get(url, headers=req_headers, stream=True, timeout=timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last_error = f"cannot connect ({type(exc).__name__})"
                sleep(delay)
                delay = min(delay * 2, max_backoff)
                continue
            with resp:
                status = resp.status_code
                if status in (429, 503):
                    last_error = f"HTTP {status}"
                    sleep(retry_after_seconds(resp.headers.get("Retry-After"), delay))
                    delay = min(delay * 2, max_backoff)
                    continue
                if status >= 500:
                    last_error = f"HTTP {status}"
                    sleep(delay)
                    delay = min(delay * 2, max_backoff)
                    continue
                if status == 416:
                    total_416 = _total_from_headers(resp, 0)
                    if total_416 is not None and offset == total_416:
                        meta["total"] = total_416
                        continue  # loop verifies and finishes
                    _truncate(part)
                    continue
                if status == 401 and refresh_auth is not None and not refreshed:
                    refreshed = True  # token expired meanwhile: new token, re-send once
                    refresh_auth()
                    continue
                if status >= 400:
                    raise TransferError(
                        f"HTTP {status}: "
                        + (server_message_from(resp.content[:2000],
                                               resp.headers.get("Content-Type", ""))
                           or resp.reason or "error"),
                        url=url, status=status, retryable=status in (408, 425))
                ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
                prefix = b""
                if not allow_text and ctype in ERROR_CONTENT_TYPES:
                    prefix = resp.raw.read(64 * 1024, decode_content=True) or b""
                    if _looks_like_error(prefix):
                        raise TransferError(
                            "the server sent an error instead of the file: "
                            + (server_message_from(prefix, ctype)
                               or prefix[:300].decode("utf-8", "replace")),
                            url=url, status=status)
                if status == 200 and offset:
                    _truncate(part)  # Range ignored or If-Range failed: whole file follows
                    offset = 0
                elif status == 206:
                    cr = resp.headers.get("Content-Range", "")
                    if not cr.startswith(f"bytes {offset}-"):
                        _truncate(part)
                        continue
                new_total = _total_from_headers(resp, offset)
                if expected_size and new_total and new_total != expected_size:
                    raise ChecksumMismatch(
                        f"the server announces {new_total} bytes, the catalogue {expected_size}",
                        url=url)
                meta.update({
                    "url": url, "total": new_total or expected_size,
                    "etag": resp.headers.get("ETag"),
                    "last_modified": resp.headers.get("Last-Modified"),
                })
                _write_meta(meta_file, meta)
                total = meta["total"]
                got = _stream(resp, part, offset, total, chunk_size, progress, should_stop,
                              meta_file, start_size, prefix)
                received += got[0]
                if got[1] is not None:  # dropped/truncated: resume after a pause
                    last_error = f"connection dropped ({type(got[1]).__name__})"
                    sleep(delay)
                    delay = min(delay * 2, max_backoff)
                    continue
                delay = backoff
                size = part.stat().st_size
                if total is None:
                    meta["total"] = total = size  # no length announced: trust a clean EOF
                if size < total:  # body cut short without an exception: resume
                    last_error = "truncated body"
                    sleep(delay)
                    continue
    finally:
        if own_session:
            session.close()


def _looks_like_error(head: bytes) -> bool:
    """A JSON object or an HTML page where a data file was expected."""
    text = head.lstrip()[:1]
    if text == b"<":
        return True
    if text == b"{":
        try:
            obj = json.loads(head.decode("utf-8", "replace"))
        except ValueError:
            return b'"error' in head[:2000] or b'"status"' in head[:2000]
        return isinstance(obj, dict)
    return False


_READ_ERRORS = (requests.exceptions.ChunkedEncodingError, requests.ConnectionError,
                requests.Timeout, http.client.HTTPException, ConnectionError, TimeoutError)


def _reader(resp, chunk_size: int) -> Callable[[], bytes | memoryview]:
    """A function returning the next piece of the body (empty at the end).

    Fast path: ``readinto`` one reused buffer from the underlying ``http.client`` response —
    no allocation per chunk, which keeps large downloads at curl's speed. Falls back to
    ``iter_content`` when the body is content-encoded (gzip) or the internals differ.
    """
    fp = getattr(resp.raw, "_fp", None)
    if fp is not None and hasattr(fp, "readinto") and not resp.headers.get("Content-Encoding"):
        view = memoryview(bytearray(chunk_size))

        def read_fast() -> memoryview:
            n = fp.readinto(view)
            return view[:n]

        return read_fast
    it = resp.iter_content(chunk_size)
    return lambda: next(it, b"")


def _stream(resp, part: Path, offset: int, total: int | None, chunk_size: int,
            progress, should_stop, meta_file: Path, resumed_from: int, prefix: bytes = b""
            ) -> tuple[int, BaseException | None]:
    """Append the body to ``part``; return (bytes written, the error that cut it, if any).

    Only reading errors count as a cut connection; a failing write (disk full) propagates.
    """
    written = 0
    rate = _Rate()
    last_report = 0.0
    mode = "ab" if offset else "wb"
    read = _reader(resp, chunk_size)
    with open(part, mode) as fh:
        if prefix:
            fh.write(prefix)
            written += len(prefix)
        while True:
            try:
                chunk = read()
            except _READ_ERRORS as exc:
                fh.flush()
                return written, exc
            if not len(chunk):
                break
            fh.write(chunk)
            written += len(chunk)
            now = time.monotonic()
            if progress is not None and (now - last_report >= 0.2 or written <= chunk_size):
                last_report = now
                done = offset + written
                r = rate.add(now, done)
                eta = (total - done) / r if (total and r > 0) else None
                progress(Progress(done, total, r, eta, resumed_from))
            if should_stop is not None:
                reason = should_stop()
                if reason:
                    fh.flush()
                    os.fsync(fh.fileno())
                    fh.close()
                    _check_stop(lambda r=reason: r, part, meta_file)
        fh.flush()
        os.fsync(fh.fileno())  # durable before the rename makes it final
    if progress is not None:
        done = offset + written
        progress(Progress(done, total, rate.add(time.monotonic(), done), 0.0, resumed_from))
    return written, None


def _check_stop(should_stop, part: Path, meta_file: Path) -> None:
    if should_stop is None:
        return
    reason = should_stop()
    if not reason:
        return
    if reason == "cancel":
        for p in (part, meta_file):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
    raise TransferStopped(reason)


def _verify(part: Path, total: int, want: tuple[str, str] | None, url: str) -> None:
    size = part.stat().st_size
    if size != total:
        raise ChecksumMismatch(f"size {size} bytes, expected {total}", url=url)
    if want:
        algo, digest = want
        actual = file_digest(part, algo)
        if actual != digest:
            raise ChecksumMismatch(f"{algo} {actual} does not match {digest}", url=url)


def _finish(part: Path, meta_file: Path, dest: Path, size: int, start: int, received: int,
            attempts: int) -> TransferResult:
    os.replace(part, dest)
    try:
        meta_file.unlink()
    except FileNotFoundError:
        pass
    return TransferResult(dest, size, start, received, attempts)


def _truncate(part: Path) -> None:
    with open(part, "wb"):
        pass


def _read_meta(meta_file: Path) -> dict[str, Any]:
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta


def _write_meta(meta_file: Path, meta: dict[str, Any]) -> None:
    tmp = meta_file.with_name(meta_file.name + ".tmp")
    tmp.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(tmp, meta_file)
