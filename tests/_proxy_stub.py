"""A loopback HTTP forward proxy whose private host table is the only way to reach ``clms.test``.

Why: to prove that catalogue requests really follow QGIS's proxy settings, the target host must
be unreachable without the proxy. ``.test`` is a reserved TLD (RFC 2606) that never resolves;
this proxy maps it to 127.0.0.1 and records every request it forwards.
"""

from __future__ import annotations

import http.client
import select
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade", "proxy-connection"}


@dataclass
class ProxiedRequest:
    method: str
    target: str  # the absolute URI the client asked the proxy for
    proxy_authorization: str


class _ProxyHandler(BaseHTTPRequestHandler):
    hosts: dict[str, str]
    log: list[ProxiedRequest]
    lock: threading.Lock

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        with self.lock:
            self.log.append(ProxiedRequest("GET", self.path,
                                           self.headers.get("Proxy-Authorization", "")))
        parts = urlsplit(self.path)
        if parts.scheme != "http" or not parts.hostname:
            self.send_error(400, "absolute http:// URI expected (forward proxy)")
            return
        address = self.hosts.get(parts.hostname)
        if address is None:
            self.send_error(502, f"proxy stub cannot resolve {parts.hostname}")
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        conn = http.client.HTTPConnection(address, parts.port or 80, timeout=30)
        try:
            conn.request("GET", path, headers=headers)
            upstream = conn.getresponse()
            body = upstream.read()
        except OSError as exc:
            self.send_error(502, f"upstream failed: {exc}")
            return
        finally:
            conn.close()
        self.send_response(upstream.status)
        for key, value in upstream.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Via", "1.1 clms-proxy-stub")
        self.end_headers()
        self.wfile.write(body)


    def do_CONNECT(self) -> None:  # noqa: N802 - HTTPS through the proxy (a TLS tunnel)
        with self.lock:
            self.log.append(ProxiedRequest("CONNECT", self.path,
                                           self.headers.get("Proxy-Authorization", "")))
        host, _, port = self.path.rpartition(":")
        address = self.hosts.get(host)
        if address is None:
            self.send_error(502, f"proxy stub cannot resolve {host}")
            return
        try:
            upstream = socket.create_connection((address, int(port)), timeout=30)
        except OSError as exc:
            self.send_error(502, f"upstream failed: {exc}")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.close_connection = True
        client = self.connection
        try:
            while True:
                ready, _, _ = select.select([client, upstream], [], [], 30)
                if not ready:
                    break
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is client else client).sendall(data)
        except OSError:
            pass
        finally:
            upstream.close()


class ForwardProxy:
    def __init__(self, hosts: dict[str, str] | None = None) -> None:
        self.log: list[ProxiedRequest] = []
        handler = type("Handler", (_ProxyHandler,), {
            "hosts": dict(hosts or {"clms.test": "127.0.0.1"}),
            "log": self.log, "lock": threading.Lock()})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ForwardProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
