"""Loopback HTTP servers for the download tests and the download benchmark.

- :class:`FileServer` serves files with ``Range``/``If-Range``/``ETag`` and injects faults on
  request: drop the connection after N bytes, 429 with ``Retry-After``, 5xx, HTTP 200 with a
  JSON error body, ignore ``Range``, throttle. Every request is logged (range asked, bytes sent).
- :class:`ClmsStub` plays the CLMS portal API: a token endpoint that verifies the RS256 JWT with
  the public half of a test key and the claim rules, protected endpoints answering 401
  ``invalid_token`` when told to, and the data-request endpoints replaying the recorded shapes
  of ``../shared/clms-api`` through ``Queued → In_progress → Finished_ok`` (or ``_nok``,
  ``Rejected``).
Real sockets on 127.0.0.1, no mocks.
"""

from __future__ import annotations

import copy
import email.utils
import hashlib
import json
import os
import re
import secrets
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse


def _recorded_json(api_dir: Path, name: str):
    text = (api_dir / name).read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text.split("\r\n\r\n", 1)[1]
    return json.loads(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Base:
    def __init__(self, handler_cls) -> None:
        outer = self

        class Handler(handler_cls):
            server_obj = outer

            def log_message(self, *args):  # silence stderr
                pass

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# ------------------------------------------------------------------------------------------
# File server with Range and faults
# ------------------------------------------------------------------------------------------
class _FileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_obj: FileServer

    def do_HEAD(self):  # noqa: N802
        self._serve(head=True)

    def do_GET(self):  # noqa: N802
        self._serve(head=False)

    def _send_json(self, status: int, obj, extra: dict | None = None) -> None:
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        srv = self.server_obj
        name = urlparse(self.path).path.lstrip("/")
        if name == "__control":  # used by the benchmark when the server runs in a process
            q = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
            if "throttle" in q:
                srv.throttle = float(q["throttle"]) or None
            if "clear" in q:
                srv.log.clear()
            return self._send_json(200, {"log": srv.log, "throttle": srv.throttle})
        fault = srv.next_fault()
        entry = {"path": name, "range": self.headers.get("Range"), "status": None, "sent": 0,
                 "fault": fault}
        srv.log.append(entry)
        if fault and fault.startswith("status:"):
            code = int(fault.split(":")[1])
            extra = {}
            if len(fault.split(":")) > 2:
                extra["Retry-After"] = fault.split(":")[2]
            entry["status"] = code
            self._send_json(code, {"status": "error", "msg": f"injected {code}"}, extra)
            return
        if fault == "json_error":
            entry["status"] = 200
            self._send_json(200, {"status": "error",
                                  "msg": "There is no content between the selected dates"})
            return
        path = srv.files.get(name)
        if path is None:
            entry["status"] = 404
            self._send_json(404, {"status": "error", "msg": "not found"})
            return
        size = path.stat().st_size
        start, status = 0, 200
        rng = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if rng and fault != "ignore_range" and (not if_range or if_range == srv.etag(name)):
            m = re.match(r"bytes=(\d+)-(\d*)$", rng)
            if m:
                start = int(m.group(1))
                if start >= size:
                    entry["status"] = 416
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
        length = size - start
        entry["status"] = status
        self.send_response(status)
        self.send_header("Content-Type", "application/zip" if name.endswith(".zip")
                         else "application/octet-stream")
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", srv.etag(name))
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime,
                                                                 usegmt=True))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        if fault and fault.startswith("drop_after:"):
            self.send_header("Connection", "close")
        self.end_headers()
        if head:
            return
        limit = length
        if fault and fault.startswith("drop_after:"):
            limit = min(length, int(fault.split(":")[1]))
        with open(path, "rb") as fh:
            fh.seek(start)
            sent = 0
            chunk = srv.chunk
            try:
                if srv.throttle is None and limit == length:
                    sent = self._sendfile(fh, start, length)
                else:
                    while sent < limit:
                        data = fh.read(min(chunk, limit - sent))
                        if not data:
                            break
                        self.wfile.write(data)
                        sent += len(data)
                        if srv.throttle:
                            time.sleep(len(data) / srv.throttle)
            except (BrokenPipeError, ConnectionResetError):
                pass
            entry["sent"] = sent
        if limit < length:
            self.close_connection = True
            try:
                self.wfile.flush()
                self.connection.shutdown(2)
            except OSError:
                pass

    def _sendfile(self, fh, start: int, length: int) -> int:
        self.wfile.flush()
        sent = 0
        sock = self.connection
        while sent < length:
            n = os.sendfile(sock.fileno(), fh.fileno(), start + sent, min(8 << 20,
                                                                         length - sent))
            if n == 0:
                break
            sent += n
        return sent


class FileServer(_Base):
    """Serve ``files`` ({name: path}); ``faults`` is a queue of per-GET fault specs:
    ``"drop_after:N"``, ``"status:429:2"`` (code[:Retry-After]), ``"status:503"``,
    ``"json_error"``, ``"ignore_range"``, or ``None`` (normal)."""

    def __init__(self, files: dict[str, Path] | None = None, throttle: float | None = None,
                 chunk: int = 256 * 1024) -> None:
        super().__init__(_FileHandler)
        self.files = dict(files or {})
        self.faults: deque = deque()
        self.log: list[dict] = []
        self.throttle = throttle
        self.chunk = chunk
        self._etags: dict[str, str] = {}
        self._lock = threading.Lock()

    def next_fault(self):
        with self._lock:
            return self.faults.popleft() if self.faults else None

    def etag(self, name: str) -> str:
        path = self.files[name]
        st = path.stat()
        return f'"{st.st_size:x}-{int(st.st_mtime_ns):x}"'


def make_random_file(path: Path, size: int, seed: int = 1) -> str:
    """Write ``size`` pseudo-random bytes; return their SHA-256."""
    import numpy as np

    rng = np.random.default_rng(seed)
    h = hashlib.sha256()
    with open(path, "wb") as fh:
        left = size
        while left:
            n = min(left, 8 << 20)
            block = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
            fh.write(block)
            h.update(block)
            left -= n
    return h.hexdigest()


# ------------------------------------------------------------------------------------------
# CLMS portal API stub
# ------------------------------------------------------------------------------------------
class _ApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_obj: ClmsStub

    def _reply(self, status: int, obj=None, headers: dict | None = None) -> None:
        body = b"" if obj is None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):  # noqa: N802
        self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def do_DELETE(self):  # noqa: N802
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        srv = self.server_obj
        url = urlparse(self.path)
        body = self._body()
        srv.requests.append({"method": method, "path": url.path,
                             "auth": self.headers.get("Authorization")})
        if url.path == "/@@oauth2-token":
            return self._token(method, body)
        if url.path == "/cdse-token":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if form.get("grant_type") != "password" or form.get("client_id") != "cdse-public":
                return self._reply(400, {"error": "unsupported_grant_type"})
            if (form.get("username"), form.get("password")) != srv.cdse_user:
                return self._reply(401, {"error": "invalid_grant",
                                         "error_description": "Invalid user credentials"})
            tok = secrets.token_hex(16)
            with srv.lock:
                srv.tokens.add(tok)
                srv.issued.append(tok)
            return self._reply(200, {"access_token": tok, "expires_in": 600,
                                     "refresh_token": "unused", "token_type": "Bearer"})
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        with srv.lock:
            valid = token in srv.tokens
            if valid and srv.expire_next > 0:
                srv.expire_next -= 1
                srv.tokens.discard(token)
                valid = False
        if not valid:
            return self._reply(401, {"error": "invalid_token",
                                     "error_description": "Access token expired"},
                               {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        ep = url.path.rsplit("/", 1)[-1]
        handler = getattr(self, "_ep_" + ep.lstrip("@").replace("-", "_"), None)
        if handler is None:
            return self._reply(404, {"status": "error", "msg": "not found"})
        return handler(method, q, body)

    # -- token ---------------------------------------------------------------------------
    def _token(self, method: str, body: bytes) -> None:
        import jwt

        srv = self.server_obj
        if method != "POST":
            return self._reply(405, {"error": "invalid_request", "error_description":
                                     "POST only"})
        if self.headers.get("Authorization"):
            return self._reply(400, {"error": "invalid_request",
                                     "error_description": "Authorization header not allowed"})
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self._reply(400, {"error": "invalid_request", "error_description":
                                     "Only grant type urn:ietf:params:oauth:grant-type:"
                                     "jwt-bearer is supported"})
        assertion = form.get("assertion")
        if not assertion:
            return self._reply(400, {"error": "invalid_request",
                                     "error_description": "Missing 'assertion'"})
        try:
            claims = jwt.decode(assertion, srv.public_key_pem, algorithms=["RS256"],
                                audience=srv.token_uri,
                                options={"require": ["exp", "iat", "iss", "sub", "aud"]})
        except jwt.PyJWTError as exc:
            srv.token_errors.append(type(exc).__name__)
            return self._reply(400, {"error": "invalid_grant",
                                     "error_description": f"JWT invalid: {type(exc).__name__}"})
        now = time.time()
        problems = []
        if claims["iss"] != srv.client_id or claims["sub"] != srv.user_id:
            problems.append("No associated key found")
        if claims["exp"] - now > 86400:
            problems.append("JWT expiration is more than a day in the future")
        if abs(now - claims["iat"]) > 3600:
            problems.append("JWT iat out of range")
        if "nbf" in claims or "scope" in claims:
            problems.append("nbf/scope claims not supported")
        if problems:
            srv.token_errors.append(problems[0])
            return self._reply(400, {"error": "invalid_grant",
                                     "error_description": problems[0]})
        tok = secrets.token_hex(16)
        with srv.lock:
            srv.tokens.add(tok)
            srv.issued.append(tok)
        return self._reply(200, {"access_token": tok, "expires_in": srv.expires_in,
                                 "token_type": "Bearer"})

    # -- download tool -------------------------------------------------------------------
    def _ep_format_conversion_table(self, method, q, body):
        return self._reply(200, self.server_obj.conversion_table)

    def _ep_projections(self, method, q, body):
        return self._reply(200, self.server_obj.projections)

    def _ep_datarequest_post(self, method, q, body):
        srv = self.server_obj
        try:
            data = json.loads(body)
        except ValueError:
            return self._reply(400, {"status": "error", "msg": "Error, body is not valid"})
        datasets = data.get("Datasets") or []
        if len(datasets) > 5:
            return self._reply(400, {"status": "error", "msg": "The download queue can only "
                                     "process 5 items at a time. Please try again with fewer "
                                     "items."})
        for d in datasets:
            if "FileID" not in d and not d.get("OutputGCS"):
                return self._reply(400, {"status": "error",
                                         "msg": "The OutputGCS parameter is mandatory."})
            if "FileID" not in d and not any(k in d for k in ("BoundingBox", "NUTS",
                                                              "TemporalFilter")):
                return self._reply(400, srv.full_dataset_nok)
            if d.get("DatasetID") in srv.cdse_uids:
                srv.pending_cdse.append(d)
                continue
        srv.posted.append(datasets)
        ids = []
        for d in datasets:
            if d.get("DatasetID") in srv.cdse_uids:
                continue
            tid = str(10_000_000_000 + len(srv.tasks))
            srv.tasks[tid] = {"entries": [d], "polls": 0, "outcome": srv.next_outcome,
                              "registered": time.strftime("%Y-%m-%dT%H:%M:%S.000000",
                                                          time.gmtime())}
            ids.append({"TaskID": tid})
        if srv.pending_cdse:  # parent created asynchronously, visible only in search
            tid = str(20_000_000_000 + len(srv.tasks))
            srv.tasks[tid] = {"entries": list(srv.pending_cdse), "polls": 0,
                              "outcome": srv.next_outcome, "cdse": True,
                              "registered": time.strftime("%Y-%m-%dT%H:%M:%S.000000",
                                                          time.gmtime())}
            srv.pending_cdse.clear()
        return self._reply(201, {"ErrorTaskIds": [], "TaskIds": ids})

    def _task_json(self, tid: str, advance: bool) -> dict:
        srv = self.server_obj
        task = srv.tasks[tid]
        if advance:
            task["polls"] += 1
        doc = copy.deepcopy(srv.finished_template)
        doc["Datasets"] = [dict(doc["Datasets"][0], **{k: v for k, v in e.items()
                                                       if k != "BoundingBox"})
                           for e in task["entries"]]
        doc["RegistrationDateTime"] = task["registered"]
        if task.get("cdse"):
            doc["cdse_task_role"] = "parent"
        polls = task["polls"]
        state = task.get("forced") or ("Queued" if polls <= 1 else "In_progress"
                                       if polls <= srv.polls_to_finish else task["outcome"])
        doc["Status"] = state
        if state in ("Queued", "In_progress", "Cancelled", "Rejected", "Finished_nok"):
            for k in ("DownloadURL", "FileSize", "FMETaskId"):
                doc.pop(k, None)
            if state in ("Queued", "In_progress"):
                doc.pop("FinalizationDateTime", None)
                doc["Message"] = ""
            else:
                doc["FinalizationDateTime"] = time.strftime("%Y-%m-%dT%H:%M:%S.000000",
                                                            time.gmtime())
                doc["Message"] = {"Finished_nok": "FME job failed",
                                  "Rejected": "Failed to create batches in CDSE.",
                                  "Cancelled": ""}[state]
        else:
            doc["DownloadURL"] = srv.download_url
            doc["FileSize"] = srv.download_size
            doc["FinalizationDateTime"] = time.strftime("%Y-%m-%dT%H:%M:%S.000000",
                                                        time.gmtime())
        return doc

    def _ep_datarequest_status_get(self, method, q, body):
        tid = q.get("TaskID")
        if not tid:
            return self._reply(400, {"status": "error", "msg": "Error, TaskID not defined"})
        if tid not in self.server_obj.tasks:
            return self._reply(404, {"status": "error", "msg": "Error, the task does not exist"})
        return self._reply(200, self._task_json(tid, advance=True))

    def _ep_datarequest_search(self, method, q, body):
        srv = self.server_obj
        out = {tid: self._task_json(tid, advance=False) for tid in srv.tasks}
        out["99999999999"] = dict(self._task_json(next(iter(srv.tasks)), False),
                                  cdse_task_role="child", Status="QUEUED") if srv.tasks else {}
        if not out["99999999999"]:
            del out["99999999999"]
        status = q.get("status")
        if status:
            out = {k: v for k, v in out.items() if v.get("Status") == status}
        return self._reply(200, out)

    def _ep_datarequest_delete(self, method, q, body):
        srv = self.server_obj
        tid = str(json.loads(body or b"{}").get("TaskID", ""))
        if tid not in srv.tasks:
            return self._reply(403, {"status": "error", "msg": "Error, TaskID not registered"})
        srv.tasks[tid]["forced"] = "Cancelled"
        return self._reply(204)


class ClmsStub(_Base):
    """The CLMS API on loopback; :meth:`new_key` makes a service key it trusts."""

    def __init__(self, api_dir: Path, expires_in: int = 3600) -> None:
        super().__init__(_ApiHandler)
        self.public_key_pem = b""
        self.client_id = self.user_id = ""
        self.expires_in = expires_in
        self.lock = threading.Lock()
        self.tokens: set[str] = set()
        self.issued: list[str] = []
        self.token_errors: list[str] = []
        self.expire_next = 0
        self.requests: list[dict] = []
        self.tasks: dict[str, dict] = {}
        self.posted: list = []
        self.pending_cdse: list = []
        self.cdse_uids: set[str] = set()
        self.next_outcome = "Finished_ok"
        self.cdse_user = ("alice@example.org", secrets.token_urlsafe(12))
        self.polls_to_finish = 3
        self.download_url = ""
        self.download_size = 0
        self.conversion_table = _recorded_json(api_dir, "download-available-conversions.resp")
        self.projections = _recorded_json(api_dir, "download-available-projections.resp")
        self.finished_template = _recorded_json(api_dir, "download-request-download-status.resp")
        self.full_dataset_nok = _recorded_json(
            api_dir, "download-request-download-full_dataset_nok.resp")

    def new_key(self) -> dict:
        """Generate a throwaway service key for this server and trust its public half."""
        key_json, self.public_key_pem = make_service_key(self.token_uri)
        self.client_id, self.user_id = key_json["client_id"], key_json["user_id"]
        return key_json

    @property
    def token_uri(self) -> str:
        return self.url + "/@@oauth2-token"

    @property
    def api_url(self) -> str:
        return self.url + "/api"


def make_service_key(token_uri: str) -> tuple[dict, bytes]:
    """A throwaway RSA service key (JSON dict) and its public half (PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption()).decode()
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    key_json = {"client_id": secrets.token_hex(16), "ip_range": None,
                "issued": "2026-11-24T10:00:00.000000", "key_id": secrets.token_hex(16),
                "private_key": private_pem, "title": "test key", "token_uri": token_uri,
                "user_id": "n0001test"}
    return key_json, public_pem


if __name__ == "__main__":  # python _download_stub.py <file>: serve it until killed
    import sys

    target = Path(sys.argv[1])
    with FileServer({target.name: target}) as server:
        print(server.url, flush=True)
        threading.Event().wait()
