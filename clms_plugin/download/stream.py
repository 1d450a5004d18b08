"""Reading an HTTP body without ever blocking the caller, and telling a file from an error page.

Why: a blocking ``read`` on a link that sends one byte a second (or none) holds the worker
for minutes: pause and cancel are not answered and a dead connection is not noticed. The
body is read and written on a helper thread (:class:`BodySink`); the transfer loop only
supervises, checking stop requests and the stall clock every :data:`POLL` seconds whatever the
network does. Aborting shuts the socket down, which wakes the reader.

Servers also answer HTTP 200 with an error page or a JSON error where a file is expected, and
the ``Content-Type`` is not to be trusted (``application/octet-stream`` JSON, ``text/html``
zips have both been seen): :func:`error_body` decides from the bytes. QGIS-free.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

POLL = 0.1  # seconds between stop/stall checks while waiting for the network
_EOF = b""


class Stalled(Exception):  # noqa: N818 - a network condition, reported like a drop
    """No byte arrived for the configured time."""


def call_interruptibly(fn: Callable[[], Any], should_stop: Callable[[], str | None] | None,
                       on_stop: Callable[[str], None]) -> Any:
    """Run ``fn()`` on a helper thread; poll ``should_stop`` while it runs.

    Why: ``session.get`` waits for the response headers (up to the stall timeout); a pause must
    not wait that long. On a stop request ``on_stop(reason)`` is called (it raises) and the
    helper is abandoned: when it returns, its response is closed.
    """
    box: dict[str, Any] = {}
    done = threading.Event()
    abandoned = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc
        done.set()
        if abandoned.is_set() and hasattr(box.get("value"), "close"):
            box["value"].close()

    threading.Thread(target=run, daemon=True, name="clms-http-call").start()
    while not done.wait(POLL):
        reason = should_stop() if should_stop is not None else None
        if reason:
            abandoned.set()
            if done.is_set() and hasattr(box.get("value"), "close"):
                box["value"].close()
            on_stop(reason)
    if "error" in box:
        raise box["error"]
    return box["value"]


def _socket_of(resp: Any) -> socket.socket | None:
    """The socket under a ``requests`` streaming response (urllib3 1.26/2.x internals)."""
    raw = getattr(resp, "raw", None)
    fp = getattr(raw, "_fp", None)
    for path in (("fp", "raw", "_sock"), ("sock",)):
        obj: Any = fp
        for name in path:
            obj = getattr(obj, name, None)
        if isinstance(obj, socket.socket):
            return obj
    conn = getattr(raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _read1(resp: Any, size: int) -> Callable[[], bytes]:
    """A read returning as soon as *some* bytes are there (not when ``size`` are).

    Why: a full ``read(256 KiB)`` at one byte a second returns after three days, so progress,
    stall detection and the reader's exit would all wait for it.
    """
    fp = getattr(getattr(resp, "raw", None), "_fp", None)
    if fp is not None and hasattr(fp, "read1"):
        return lambda: fp.read1(size)
    it = resp.iter_content(min(size, 1024))
    return lambda: next(it, _EOF)


class BodySink(threading.Thread):
    """Reads ``resp``'s body and writes it to ``fd`` on its own thread; the caller supervises.

    Why a thread that also writes: handing every chunk to the caller through a queue cost a
    fifth of the throughput at loopback speeds; here the hot loop is ``read1`` + ``write``,
    and the caller only looks at :attr:`received` / :attr:`last_byte` ten times a second.
    With ``sniff`` set, the first ``sniff`` bytes are held back and passed to ``judge``; a
    non-empty answer rejects the body (:attr:`rejected`) and nothing is written.
    """

    def __init__(self, resp: Any, fd: int, chunk_size: int, write: Callable[[int, bytes], Any],
                 sniff: int = 0, judge: Callable[[bytes], str | None] | None = None) -> None:
        super().__init__(daemon=True, name="clms-body")
        self._resp, self._fd, self._write = resp, fd, write
        self._read = _read1(resp, chunk_size)
        self._sniff, self._judge = sniff, judge
        self._closed = threading.Event()
        self.received = 0  # bytes written to fd
        self.last_byte = time.monotonic()
        self.eof = False
        self.read_error: BaseException | None = None
        self.write_error: BaseException | None = None
        self.rejected: tuple[str, bytes] | None = None  # (why, head) of an error payload

    def run(self) -> None:
        head = b"" if self._sniff else None
        try:
            while not self._closed.is_set():
                try:
                    data = self._read()
                except BaseException as exc:  # noqa: BLE001 - reported to the supervisor
                    self.read_error = exc
                    return
                self.last_byte = time.monotonic()
                if head is not None:
                    head += data
                    if data and len(head) < self._sniff:
                        continue
                    why = self._judge(head) if self._judge is not None else None
                    if why:
                        self.rejected = (why, head)
                        return
                    chunk, head = head, None
                else:
                    chunk = data
                if chunk and not self._closed.is_set():
                    try:
                        self._write(self._fd, chunk)
                    except BaseException as exc:  # noqa: BLE001 - reported to the supervisor
                        self.write_error = exc
                        return
                    self.received += len(chunk)
                if not data:
                    self.eof = True
                    return
        finally:
            self._closed.set()

    def abort(self, wait: float = 2.0) -> None:
        """Stop: wake a blocked ``recv`` by shutting the socket down, wait for the thread.

        After this returns no further byte is written, so the ``.part`` size is final.
        """
        self._closed.set()
        if self.is_alive():
            sock = _socket_of(self._resp)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.join(wait)


_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<title", b"<h1", b"<p>",
                b"<error", b"<?xml version")
_ERROR_WORDS = (b"error", b"status", b"message", b"msg", b"detail", b"exception", b"fault")


def _text_head(head: bytes) -> str | None:
    """The start of ``head`` as text, or None when it is binary (NUL bytes, not UTF-8)."""
    sample = head[:4096]
    if b"\0" in sample:
        return None
    for cut in range(4):  # a multi-byte character may be cut at the sample's end
        try:
            return sample[: len(sample) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def error_body(head: bytes, *, allow_text: bool = False) -> str | None:
    """Why ``head`` (the first bytes of a body) is an error payload, or None if it may be data.

    JSON objects (and lists of error objects), invalid JSON that starts like JSON, and HTML
    pages are errors whatever the ``Content-Type`` said; binary bytes never are.
    ``allow_text`` accepts any text (for GeoJSON or XML files the caller asked for).
    """
    if allow_text:
        return None
    text = _text_head(head)
    if text is None:
        return None
    stripped = text.lstrip("\ufeff \t\r\n")
    lower = stripped[:200].lower().encode()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(head.decode("utf-8", "replace"))
        except ValueError:
            return "invalid JSON"
        if isinstance(data, list):  # a list is data unless it lists error objects
            first = data[0] if data else None
            errorish = isinstance(first, dict) and any(
                k.lower() in ("error", "errors", "message", "msg", "detail") for k in first)
            return "a JSON error list" if errorish else None
        return "JSON"
    if lower.startswith(_HTML_STARTS) or (lower.startswith(b"<") and b"<html" in head[:2000]
                                         .lower()):
        return "an HTML page"
    if lower.startswith(b"<") and any(w in head[:2000].lower() for w in _ERROR_WORDS):
        return "an XML error"
    return None
