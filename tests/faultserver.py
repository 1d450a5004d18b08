"""A hostile loopback file server for the transfer tests (real HTTP on 127.0.0.1).

Files live in memory (``server.files[name] = bytes``; replacing the bytes changes the ETag and
Last-Modified, i.e. "the file changed on the server"). Each GET takes the next fault from
``server.faults`` (a list of tuples), else serves normally with ``Range``/``If-Range``:

- ``("drop", n)``          send n body bytes, then close the connection
- ``("stall", n)``         send n body bytes, then send nothing (until the server stops)
- ``("rate", bps)``        send the body at ``bps`` bytes per second (1 = one byte a second)
- ``("body", status, content_type, bytes)``   answer this instead of the file
- ``("nolength", n)``      no Content-Length, ``Connection: close``, n bytes, close
- ``("ignore_if_range",)`` honour ``Range`` even when ``If-Range`` no longer matches
- ``("status", code)``     an error status with a small JSON body
- ``("echo", code)``       an error page that echoes the request headers (credential leak)
- ``("hang",)``            read the request, never answer (until the server stops)

``server.log`` records path, Range, If-Range, Authorization, status and bytes sent per request.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:  # clients hang up on purpose
        pass


class FaultServer:
    def __init__(self, files: dict[str, bytes] | None = None, chunk: int = 64 * 1024) -> None:
        self.files: dict[str, bytes] = dict(files or {})
        self.faults: list[tuple] = []
        self.log: list[dict] = []
        self.chunk = chunk
        self.rate: float | None = None  # bytes/s for every request when set
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._versions: dict[str, float] = {}
        outer = self

        class Handler(_Handler):
            server_obj = outer

        self.httpd = _Httpd(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def etag(self, name: str) -> str:
        return '"' + hashlib.sha1(self.files[name]).hexdigest()[:16] + '"'

    def last_modified(self, name: str) -> str:
        key = self.etag(name)
        with self._lock:
            stamp = self._versions.setdefault(key, 1_600_000_000 + len(self._versions) * 3600)
        return email.utils.formatdate(stamp, usegmt=True)

    def next_fault(self) -> tuple:
        with self._lock:
            return self.faults.pop(0) if self.faults else ()

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_obj: FaultServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def _simple(self, status: int, ctype: str, body: bytes, entry: dict) -> None:
        entry["status"] = status
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        entry["sent"] = len(body)

    def do_GET(self) -> None:  # noqa: N802
        srv = self.server_obj
        name = urlparse(self.path).path.lstrip("/")
        fault = srv.next_fault()
        kind = fault[0] if fault else ""
        entry = {"path": name, "range": self.headers.get("Range"),
                 "if_range": self.headers.get("If-Range"),
                 "auth": self.headers.get("Authorization"), "status": None, "sent": 0,
                 "fault": kind}
        srv.log.append(entry)
        if kind == "hang":
            srv.stopping.wait(60)
            self.close_connection = True
            return
        if kind == "body":
            return self._simple(fault[1], fault[2], fault[3], entry)
        if kind == "status":
            body = json.dumps({"status": "error", "msg": f"injected {fault[1]}"}).encode()
            return self._simple(fault[1], "application/json", body, entry)
        if kind == "echo":
            echoed = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
            body = f"<html><body><h1>Forbidden</h1><pre>{self.requestline}\n{echoed}</pre>" \
                   "</body></html>"
            return self._simple(fault[1], "text/html", body.encode(), entry)
        data = srv.files.get(name)
        if data is None:
            return self._simple(404, "application/json", b'{"msg": "not found"}', entry)
        size, start, status = len(data), 0, 200
        rng, if_range = self.headers.get("Range"), self.headers.get("If-Range")
        validators = (srv.etag(name), srv.last_modified(name))
        honour = not if_range or if_range in validators or kind == "ignore_if_range"
        m = re.match(r"bytes=(\d+)-$", rng or "")
        if m and honour:
            start = int(m.group(1))
            if start >= size:
                entry["status"] = 416
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        entry["status"] = status
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        if kind == "nolength":
            self.send_header("Connection", "close")
        else:
            self.send_header("Content-Length", str(size - start))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", validators[0])
        self.send_header("Last-Modified", validators[1])
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.end_headers()
        limit = size - start
        if kind in ("drop", "stall", "nolength"):
            limit = min(limit, int(fault[1]))
        rate = fault[1] if kind == "rate" else srv.rate
        self._send(data[start:start + limit], rate, entry)
        if kind == "stall":
            while not srv.stopping.wait(0.05):
                pass
        if kind in ("drop", "nolength", "stall"):
            self.close_connection = True
            try:
                self.wfile.flush()
                self.connection.shutdown(2)
            except OSError:
                pass

    def _send(self, body: bytes, rate: float | None, entry: dict) -> None:
        srv = self.server_obj
        step = srv.chunk if not rate else max(1, min(srv.chunk, int(rate / 10) or 1))
        try:
            for pos in range(0, len(body), step):
                if srv.stopping.is_set():
                    return
                piece = body[pos:pos + step]
                self.wfile.write(piece)
                self.wfile.flush()
                entry["sent"] += len(piece)
                if rate:
                    time.sleep(len(piece) / rate)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
