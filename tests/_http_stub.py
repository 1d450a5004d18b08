"""A threaded HTTP server on 127.0.0.1 that replays the recorded CLMS API shapes.

Why a real server and not mocks: the client's real stack (requests, urllib3 retries, sockets,
proxies) is what fails in the field, so tests drive it over loopback. The server replays the
recorded ``@search`` answer of ``shared/clms-api`` (25 real DataSets) across several pages with
the recorded ``batching`` shape (links on the recorded back-end host ``clms-prod.eea.europa.eu``,
as production does), the recorded dataset detail, the recorded prepackaged-files answer (as
published: not valid JSON), a minimal CDSE-like STAC API, and injectable faults.

Every request is recorded (method, path, ordered query pairs, headers) so tests can assert the
exact requests the client sends.
"""

from __future__ import annotations

import json
import re
import ssl
import struct
import threading
import time
import zlib
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

RECORDED_HOST = "https://clms-prod.eea.europa.eu"

# Full-object DataSet reconstructed in shared/reference/clms_api.md §1.5 (field names from the
# DataSet schema; values from that page). Used to exercise the details panel, because the
# recorded search answer only carries summary fields.
NDVI_FULL_OBJECT = {
    "@id": f"{RECORDED_HOST}/api/en/products/vegetation/"
    "normalised-difference-vegetation-index-v2-0-300m",
    "@type": "DataSet",
    "id": "normalised-difference-vegetation-index-v2-0-300m",
    "UID": "7caf242841a34d44a2818f683b111ea9",
    "title": "Normalised Difference Vegetation Index 2020-present (raster 300 m), global, "
    "10-daily – version 2",
    "description": "NDVI is an indicator of the greenness of the biomes.",
    "familyTitle": "Vegetation",
    "geographicBoundingBox": {"items": [
        {"north": "80", "south": "-60", "east": "180", "west": "-180"}]},
    "temporalExtentStart": "2020-07-01",
    "temporalExtentEnd": "",
    "qualitySpatialResolution_line": "300 m",
    "coordinateReferenceSystemList": ["EPSG:4326"],
    "characteristics_projection": "EPSG:4326",
    "update_frequency": "10-daily",
    "mapviewer_istimeseries": True,
    "download_limit_temporal_extent": 30,
    "dataset_download_information": {"items": [
        {"@id": "e5bd1ea3-0873-4abf-99ca-3a487aba0fc0", "name": "RASTER", "collection": "300m",
         "full_format": "Netcdf", "full_path": "", "full_source": "CDSE",
         "byoc_collection": "ab0e1e8e-508c-4faa-9b5b-c9c4734ef29e", "wekeo_choices": ""}]},
    "downloadable_files": {"items": []},
    "geonetwork_identifiers": {"items": [{"id": "f3e0a8b6-0000-4000-8000-000000000001",
                                          "type": "VITO"}]},
    "accessAndUseConstraints": {"content-type": "text/html",
                                "data": "<p>Free, full and open access &amp; use.</p>",
                                "encoding": "utf-8"},
    "citation": {"content-type": "text/html", "data": "<p>© European Union, CLMS</p>",
                 "encoding": "utf-8"},
    "image_field": "image",
}

STAC_ITEM = {
    "type": "Feature", "stac_version": "1.1.0", "stac_extensions": [],
    "collection": "clms_ndvi_global_300m_10daily_v2_cog",
    "id": "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1_cog",
    "bbox": [-180.0, -60.0, 180.0, 80.0],
    "geometry": {"type": "Polygon", "coordinates": [[[-180, -60], [180, -60], [180, 80],
                                                     [-180, 80], [-180, -60]]]},
    "properties": {"datetime": "2023-06-11T00:00:00Z", "start_datetime": "2023-06-11T00:00:00Z",
                   "end_datetime": "2023-06-20T23:59:59Z", "proj:code": "EPSG:4326", "gsd": 300},
    "links": [],
    "assets": {
        "ndvi300_ndvi": {
            "href": "s3://eodata/CLMS/bio-geophysical/vegetation_indices/ndvi_global_300m_10daily"
            "_v2/2023/06/11/c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1_cog/"
            "c_gls_NDVI300-NDVI_202306110000_GLOBE_OLCI_V2.0.1.tiff",
            "type": "image/tiff; application=geotiff; profile=cloud-optimized",
            "roles": ["data"], "raster:scale": 0.004, "raster:offset": -0.08, "nodata": 255,
            "data_type": "uint8", "file:size": 123456789, "file:checksum": "d50110abcd",
            "alternate": {"https": {"href": "https://download.dataspace.copernicus.eu/odata/v1/"
                                            "Products(x)/Nodes(a)/Nodes(b.tiff)/$value"}},
        },
        "thumbnail": {"href": "https://example.invalid/t.png", "type": "image/png",
                      "roles": ["thumbnail"]},
    },
}


def split_http(path: Path) -> tuple[str, str]:
    """Recorded ``.resp`` files are raw HTTP: headers, blank line, body."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    return head, body


def recorded_items(clms_api_dir: Path) -> list[dict]:
    _, body = split_http(clms_api_dir / "download-search-datasets.resp")
    return json.loads(body)["items"]


def repaired_prepackaged_items(clms_api_dir: Path) -> list[dict]:
    """The published prepackaged answer with its mangled escapes repaired.

    As published, Windows paths like ``raster\\u2018_clc…`` (also u2012, u2006, u2000) were
    unescaped once, leaving a backslash before a non-ASCII character (an invalid JSON escape).
    Restoring ``\\\\uXXXX`` gives the server's real text.
    """
    _, body = split_http(clms_api_dir / "download-search-dataset-prepackaged.resp")
    fixed = re.sub(r"\\([^\x00-\x7f])", lambda m: "\\\\u%04x" % ord(m.group(1)), body)
    return json.loads(fixed)["items"]


def tiny_png(width: int = 64, height: int = 40) -> bytes:
    """A small, non-uniform RGB PNG (a thumbnail stand-in) built with zlib only."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes(((x * 4) % 256, (y * 6) % 256, 120))
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(
            ">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    host: str = ""
    t: float = field(default_factory=time.monotonic)  # arrival time

    def params(self, key: str) -> list[str]:
        return [v for k, v in self.query if k == key]


@dataclass
class Fault:
    kind: str  # "status", "retry_after", "slow", "drop", "badjson"
    status: int = 500
    seconds: float = 0.0
    body: str = ""


@dataclass
class StubState:
    items: list[dict]
    details: dict[str, dict]
    prepackaged_items: list[dict]
    prepackaged_raw: str
    page_size: int = 10
    search_source: str = "datasets"  # or "prepackaged", "prepackaged-raw"
    requests: list[RecordedRequest] = field(default_factory=list)
    faults: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server_version = "ClmsStub/1.0"
    state: StubState  # set on the subclass made per server

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    # -- plumbing ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str = "application/json",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data, status: int = 200) -> None:
        self._send(status, json.dumps(data).encode("utf-8"))

    def _route(self, path: str) -> str:
        if path.endswith("/@search"):
            return "search"
        if "/@@images/" in path:
            return "image"
        if path.startswith("/stac"):
            return "stac"
        return "detail"

    def _apply_fault(self, route: str) -> bool:
        """Return True when the fault fully answered (or dropped) the request."""
        with self.state.lock:
            queue = self.state.faults.get(route)
            fault = queue.popleft() if queue else None
        if fault is None:
            return False
        if fault.kind == "slow":
            time.sleep(fault.seconds)
            return False
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if fault.kind == "retry_after":
            self._send(fault.status, b'{"message": "Too many requests"}',
                       extra={"Retry-After": str(int(fault.seconds))})
            return True
        if fault.kind == "badjson":
            self._send(200, b"<html>captive portal</html>{not json")
            return True
        body = fault.body or json.dumps({"type": "InternalError", "message": "Boom from stub"})
        self._send(fault.status, body.encode("utf-8"))
        return True

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qsl(parts.query, keep_blank_values=True)
        rec = RecordedRequest("GET", path, query, dict(self.headers.items()),
                              self.headers.get("Host", ""))
        with self.state.lock:
            self.state.requests.append(rec)
        route = self._route(path)
        if self._apply_fault(route):
            return
        if route == "search":
            self._search(path, query)
        elif route == "image":
            self._send(200, tiny_png(), "image/png")
        elif route == "stac":
            self._stac(path, query)
        else:
            detail = self.state.details.get(path)
            if detail is None:
                self._json({"type": "NotFound", "message": "Resource not found"}, 404)
            else:
                self._json(detail)

    # -- @search ----------------------------------------------------------------------------
    def _search(self, path: str, query: list[tuple[str, str]]) -> None:
        st = self.state
        if st.search_source == "prepackaged-raw":
            self._send(200, st.prepackaged_raw.encode("utf-8"))
            return
        items = st.prepackaged_items if st.search_source == "prepackaged" else st.items
        q = dict(query)
        text = q.get("SearchableText", "").lower().split()
        if text:
            items = [i for i in items if all(w in str(i.get("title", "")).lower() for w in text)]
        start = int(q.get("b_start", 0))
        size = int(q.get("b_size", 25))
        size = min(size, st.page_size)  # the stand-in pages more often than asked
        page = items[start:start + size]
        rest = [(k, v) for k, v in query if k != "b_start"]

        def link(b: int) -> str:
            return f"{RECORDED_HOST}{path}?" + urlencode([("b_start", str(b))] + rest)

        body = {"@id": f"{RECORDED_HOST}{path}?" + urlencode(query), "items": page,
                "items_total": len(items)}
        if len(items) > size:
            last = ((len(items) - 1) // size) * size
            batching = {"@id": body["@id"], "first": link(0), "last": link(last)}
            if start + size < len(items):
                batching["next"] = link(start + size)
            if start > 0:
                batching["prev"] = link(max(0, start - size))
            body["batching"] = batching
        self._json(body)

    # -- STAC -------------------------------------------------------------------------------
    def _stac(self, path: str, query: list[tuple[str, str]]) -> None:
        base = f"http://{self.headers.get('Host')}/stac"
        if path in ("/stac", "/stac/"):
            self._json({
                "type": "Catalog", "id": "cdse-stub", "stac_version": "1.1.0",
                "description": "stub", "conformsTo": [
                    "https://api.stacspec.org/v1.0.0/core",
                    "https://api.stacspec.org/v1.0.0/collections",
                    "https://api.stacspec.org/v1.0.0/item-search"],
                "links": [
                    {"rel": "self", "href": base}, {"rel": "root", "href": base},
                    {"rel": "data", "href": f"{base}/collections"},
                    {"rel": "search", "href": f"{base}/search", "method": "GET",
                     "type": "application/geo+json"}]})
        elif path == "/stac/collections":
            cols = []
            for cid in ("clms_ndvi_global_300m_10daily_v2_cog", "sentinel-2-l2a",
                        "clms_lc_global_100m_yearly_v3_cog"):
                cols.append({
                    "type": "Collection", "id": cid, "stac_version": "1.1.0",
                    "description": cid, "title": cid.upper(), "license": "other",
                    "extent": {"spatial": {"bbox": [[-180, -60, 180, 80]]},
                               "temporal": {"interval": [["2020-07-01T00:00:00Z", None]]}},
                    "links": [{"rel": "self", "href": f"{base}/collections/{cid}"}]})
            self._json({"collections": cols, "links": []})
        elif path == "/stac/search":
            self._json({"type": "FeatureCollection", "features": [STAC_ITEM], "links": []})
        else:
            self._json({"code": "NotFound"}, 404)


class ClmsStubServer:
    """Loopback stand-in for ``land.copernicus.eu/api`` (+ ``/stac``); use as a context."""

    def __init__(self, clms_api_dir: Path, page_size: int = 10,
                 tls: tuple[str, str] | None = None) -> None:
        items = recorded_items(clms_api_dir) + [NDVI_FULL_OBJECT]
        details = {urlsplit(i["@id"]).path: i for i in items}
        _, detail_body = split_http(clms_api_dir / "download-search-datasets_colletion.resp")
        recorded_detail = json.loads(detail_body)
        details[urlsplit(recorded_detail["@id"]).path] = recorded_detail
        _, raw = split_http(clms_api_dir / "download-search-dataset-prepackaged.resp")
        self.state = StubState(
            items=items, details=details,
            prepackaged_items=repaired_prepackaged_items(clms_api_dir),
            prepackaged_raw=raw, page_size=page_size,
        )
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # (certfile, keyfile): serve HTTPS
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> ClmsStubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> ClmsStubServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- helpers ----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.state.lock:
            return list(self.state.requests)

    def clear(self) -> None:
        with self.state.lock:
            self.state.requests.clear()
            self.state.faults.clear()

    def fail_next(self, route: str, fault: Fault, times: int = 1) -> None:
        """Queue ``fault`` for the next ``times`` requests of ``route``
        ("search", "detail", "image", "stac")."""
        with self.state.lock:
            for _ in range(times):
                self.state.faults[route].append(fault)


def make_test_ca(folder: Path, hostname: str = "clms.test") -> tuple[Path, Path, Path]:
    """A throw-away CA and a server certificate for ``hostname``: (ca.pem, cert.pem, key.pem).

    Why: proves that the CA bundle injected by the caller is what verifies TLS (the default
    store does not know this CA), as with a corporate TLS-inspecting proxy.
    """
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CLMS test CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                            crl_sign=True, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                              critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths
