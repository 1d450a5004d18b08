"""Loopback stand-in for the CDSE STAC API, its OIDC token endpoint, OData asset downloads and
a WMS view service — real sockets on 127.0.0.1, replaying realistic shapes.

Where each shape comes from (public documentation and the project's reference notes):

- Landing page, ``/collections``, ``/search`` (GET, ``limit`` default 10 on CDSE, max 1000 —
  CDSE forum thread 4875 "Problem with items per page in STAC API search request"); STAC 1.1.0
  (CDSE STAC documentation, documentation.dataspace.copernicus.eu/APIs/STAC.html).
- Paging: ``page`` parameter in the ``next`` link; ``(page-1)*limit`` may not exceed 10,000, else
  HTTP 422 with a FastAPI/pydantic ``detail`` list ("Input should be less than or equal to
  10000") — CDSE Catalogue API release notes, "parameters' limits [2024-11-12]".
- Collection JSON: ``title``, ``description``, ``extent``, ``keywords``, ``license``, links
  ``license`` → https://land.copernicus.eu/en/data-policy and ``about``; ``auth:schemes`` with
  ``s3`` and ``oidc`` (``openIdConnect`` + ``openIdConnectUrl`` of the CDSE realm) —
  shared/reference/clms_api.md §2.2 (stored STAC pages of ``clms_*`` collections).
- Item / asset: ``properties`` (``datetime``, ``start_datetime``, ``end_datetime``,
  ``processing:version``, ``proj:code``, ``gsd``), asset ``href`` ``s3://eodata/CLMS/…``,
  ``type`` ``image/tiff; application=geotiff; profile=cloud-optimized``, ``roles: ["data"]``,
  ``raster:scale``, ``raster:offset``, ``nodata``, ``file:size``, ``file:checksum`` (MD5
  multihash ``d50110…``), ``alternate.https.href`` = ``…/odata/v1/Products(<uuid>)/Nodes(<product>)
  /Nodes(<file>)/$value``, ``auth:refs`` — clms_api.md §2.2 item/asset structure and §2.3.
- Token: OIDC password grant, ``client_id=cdse-public``, JSON ``access_token``/``expires_in``
  (CDSE Token documentation, clms_api.md §2.3); the discovery document names the
  ``token_endpoint`` (OpenID Connect Discovery 1.0). Asset downloads without a bearer → 401.
- Ids of collections are *test data* here (``clms_…_cog`` pattern of §2.2, one non-CLMS
  collection to check the filter, one renamed "s1-s2" id as in §5) — the plugin never names them.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

NDVI = "clms_ndvi_global_300m_10daily_v2_cog"
HUGE = "clms_hr-wsi_wds_europe_60m_daily_s1-s2_v1"
OTHER = "sentinel-2-l2a"
S3ONLY = "clms_lcm_global_10m_yearly_v1_cog"  # test data: a collection whose scheme is S3 only
TOKEN = "stub-access-token-0123456789"
CAP = 10_000


def _collection(base: str, cid: str, title: str, keywords: list[str], clms: bool = True) -> dict:
    data = {
        "type": "Collection", "stac_version": "1.1.0", "id": cid, "title": title,
        "description": f"{title} (loopback stand-in)", "license": "other",
        "keywords": keywords,
        "extent": {"spatial": {"bbox": [[-180.0, -60.0, 180.0, 80.0]]},
                   "temporal": {"interval": [["2020-07-01T00:00:00Z", None]]}},
        "links": [{"rel": "self", "href": f"{base}/collections/{cid}"},
                  {"rel": "items", "href": f"{base}/collections/{cid}/items"}],
    }
    if clms:
        data["links"] += [{"rel": "license", "href": "https://land.copernicus.eu/en/data-policy"},
                          {"rel": "about", "href": "https://land.copernicus.eu/en/products"}]
        data["auth:schemes"] = {
            "s3": {"type": "s3"},
            "oidc": {"type": "openIdConnect",
                     "openIdConnectUrl": f"{base}/auth/realms/CDSE/.well-known/"
                                         "openid-configuration"}}
    return data


class StacStub:
    """``with StacStub(tif_path) as stac: stac.url …`` — NDVI items whose asset is ``tif_path``."""

    def __init__(self, asset_file: Path, n_items: int = 12, huge_matched: int = 25_000) -> None:
        self.asset_bytes = Path(asset_file).read_bytes()
        self.n_items = n_items
        self.huge_matched = huge_matched
        self.requests: list[tuple[str, str, dict]] = []
        self.s3_auth: list[str] = []
        self.s3_names: set[str] = set()  # file names of S3 assets handed out in items
        self.tokens_issued = 0
        outer = self

        class Handler(_Handler):
            stub = outer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> StacStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- shapes ---------------------------------------------------------------------------------
    def collections(self) -> list[dict]:
        u = self.url
        return [_collection(u, NDVI, "Normalised Difference Vegetation Index 2020-present "
                            "(raster 300 m), global, 10-daily – version 2 (COG)",
                            ["CLMS", "Copernicus Land Monitoring Service", "vegetation"]),
                _collection(u, HUGE, "Water and Snow Detection (S1+S2), Europe, daily",
                            ["Copernicus Land Monitoring Service", "snow"]),
                _collection(u, OTHER, "Sentinel-2 Level-2A", ["sentinel"], clms=False),
                dict(_collection(u, S3ONLY, "Land Cover 10 m, global, yearly (S3 only)",
                                 ["Copernicus Land Monitoring Service"]),
                     **{"auth:schemes": {"s3": {"type": "s3"}}})]

    def item(self, cid: str, n: int) -> dict:
        day = 1 + (n % 3) * 10
        month = 6 + n // 3
        date = f"2023{month:02d}{day:02d}"
        product = f"c_gls_NDVI300_{date}0000_GLOBE_OLCI_V2.0.1_cog"
        name = f"c_gls_NDVI300-NDVI_{date}0000_GLOBE_OLCI_V2.0.1.tiff"
        pid = uuid.uuid5(uuid.NAMESPACE_URL, product)
        west = -10.0 + n
        md5 = hashlib.md5(self.asset_bytes).hexdigest()
        item = {
            "type": "Feature", "stac_version": "1.1.0", "collection": cid, "id": product,
            "bbox": [west, 40.0, west + 5.0, 45.0],
            "geometry": {"type": "Polygon", "coordinates": [[[west, 40.0], [west + 5.0, 40.0],
                                                             [west + 5.0, 45.0], [west, 45.0],
                                                             [west, 40.0]]]},
            "properties": {"datetime": f"{date[:4]}-{date[4:6]}-{date[6:]}T00:00:00Z",
                           "start_datetime": f"{date[:4]}-{date[4:6]}-{date[6:]}T00:00:00Z",
                           "end_datetime": f"{date[:4]}-{date[4:6]}-{date[6:]}T23:59:59Z",
                           "processing:version": "V2.0.1", "proj:code": "EPSG:4326",
                           "gsd": 300},
            "assets": {
                "ndvi300_ndvi": {
                    "href": f"s3://eodata/CLMS/bio-geophysical/vegetation_indices/"
                            f"ndvi_global_300m_10daily_v2/{date[:4]}/{date[4:6]}/{date[6:]}/"
                            f"{product}/{name}",
                    "type": "image/tiff; application=geotiff; profile=cloud-optimized",
                    "roles": ["data"], "raster:scale": 0.004, "raster:offset": -0.08,
                    "nodata": 255, "data_type": "uint8", "file:size": len(self.asset_bytes),
                    "file:checksum": "d50110" + md5, "auth:refs": ["s3"],
                    "alternate": {"https": {
                        "href": f"{self.base}/odata/v1/Products({pid})/Nodes({product})/"
                                f"Nodes({name})/$value", "auth:refs": ["oidc"]}}},
                "thumbnail": {"href": f"{self.base}/thumb/{product}.png", "type": "image/png",
                              "roles": ["thumbnail"]}},
            "links": [{"rel": "collection", "href": f"{self.url}/collections/{cid}"}],
        }
        if cid == S3ONLY:  # read in place with S3 keys: no HTTPS alternate
            del item["assets"]["ndvi300_ndvi"]["alternate"]
            self.s3_names.add(name)
        return item


class _Handler(BaseHTTPRequestHandler):
    stub: StacStub

    def log_message(self, *args) -> None:
        pass

    def _json(self, obj, status: int = 200, ctype: str = "application/json") -> None:
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        self.stub.requests.append(("POST", url.path, form))
        if url.path.endswith("/protocol/openid-connect/token"):
            ok = (form.get("grant_type") == ["password"] and form.get("client_id") ==
                  ["cdse-public"] and form.get("username") and form.get("password"))
            if not ok:
                return self._json({"error": "invalid_grant"}, 401)
            self.stub.tokens_issued += 1
            return self._json({"access_token": TOKEN, "expires_in": 600,
                               "token_type": "Bearer"})
        self._json({"detail": "Not Found"}, 404)

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.stub.requests.append(("GET", url.path, q))
        s, path = self.stub, url.path
        if path in ("/v1", "/v1/"):
            return self._json({
                "type": "Catalog", "id": "cdse-stac", "stac_version": "1.1.0",
                "description": "Copernicus Data Space Ecosystem STAC (loopback)",
                "conformsTo": ["https://api.stacspec.org/v1.0.0/core",
                               "https://api.stacspec.org/v1.0.0/collections",
                               "https://api.stacspec.org/v1.0.0/item-search",
                               "https://api.stacspec.org/v1.0.0/ogcapi-features"],
                "links": [{"rel": "self", "href": s.url}, {"rel": "root", "href": s.url},
                          {"rel": "data", "href": f"{s.url}/collections"},
                          {"rel": "search", "href": f"{s.url}/search", "method": "GET",
                           "type": "application/geo+json"},
                          {"rel": "search", "href": f"{s.url}/search", "method": "POST",
                           "type": "application/geo+json"}]})
        if path == "/v1/conformance":
            return self._json({"conformsTo": ["https://api.stacspec.org/v1.0.0/core"]})
        if path == "/v1/collections":
            return self._json({"collections": s.collections(),
                               "links": [{"rel": "self", "href": f"{s.url}/collections"}]})
        if path == "/v1/search":
            return self._search(q)
        if path.endswith("/.well-known/openid-configuration"):
            return self._json({"issuer": f"{s.base}/auth/realms/CDSE",
                               "token_endpoint": f"{s.base}/auth/realms/CDSE/protocol/"
                                                 "openid-connect/token"})
        if path.startswith("/odata/v1/Products("):
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self._json({"detail": "Unauthorized"}, 401)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(s.asset_bytes)))
            self.end_headers()
            self.wfile.write(s.asset_bytes)
            return None
        if path == "/wms":
            return self._wms(q)
        if path.startswith("/eodata/"):
            return self._s3(head=False)
        self._json({"detail": "Not Found"}, 404)

    def do_HEAD(self) -> None:  # noqa: N802
        if urlparse(self.path).path.startswith("/eodata/"):
            return self._s3(head=True)
        self.send_response(404)
        self.end_headers()
        return None

    def _s3(self, head: bool) -> None:
        """Path-style S3 GET/HEAD with Range (what GDAL /vsis3/ sends); the signature's
        access key is recorded, a request without one is refused like S3 does (403)."""
        s = self.stub
        auth = self.headers.get("Authorization", "")
        s.s3_auth.append(auth)
        if "Credential=" not in auth:
            body = b"<Error><Code>AccessDenied</Code></Error>"
            self.send_response(403)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return
        data = s.asset_bytes
        q = parse_qs(urlparse(self.path).query)
        if urlparse(self.path).path.rstrip("/") == "/eodata" and "prefix" in q:
            # ListObjects (GDAL lists the folder before opening): the file is there
            prefix = q["prefix"][0]
            body = ("<?xml version='1.0' encoding='UTF-8'?><ListBucketResult><Name>eodata</Name>"
                    f"<Prefix>{prefix}</Prefix><IsTruncated>false</IsTruncated>"
                    + "".join(f"<Contents><Key>{prefix}{n}</Key><Size>{len(data)}</Size>"
                              "<LastModified>2023-06-22T08:12:00.000Z</LastModified></Contents>"
                              for n in sorted(s.s3_names))
                    + "</ListBucketResult>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return
        start, end = 0, len(data) - 1
        rng = self.headers.get("Range", "")
        if rng.startswith("bytes="):
            a, _, b = rng[6:].partition("-")
            start, end = int(a), min(int(b) if b else len(data) - 1, len(data) - 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "image/tiff")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("ETag", '"stub-etag"')
        self.end_headers()
        if not head:
            self.wfile.write(data[start:end + 1])

    def _search(self, q: dict) -> None:
        s = self.stub
        cid = q.get("collections", "").split(",")[0]
        limit = int(q.get("limit", 10))
        page = int(q.get("page", 1))
        if (page - 1) * limit > CAP:
            return self._json({"detail": [{"type": "less_than_equal", "loc": ["query", "page"],
                                           "msg": "Input should be less than or equal to 10000",
                                           "input": str((page - 1) * limit),
                                           "ctx": {"le": CAP}}]}, 422)
        total = s.huge_matched if cid == HUGE else s.n_items
        start = (page - 1) * limit
        feats = [s.item(cid, (start + i) % 12) for i in range(min(limit, max(0, total - start)))]
        links = [{"rel": "self", "href": f"{s.url}/search?{self._qs(q)}", "method": "GET"}]
        if start + len(feats) < total:
            nxt = dict(q, page=str(page + 1))
            links.append({"rel": "next", "href": f"{s.url}/search?{self._qs(nxt)}",
                          "method": "GET", "type": "application/geo+json"})
        self._json({"type": "FeatureCollection", "features": feats, "links": links,
                    "numberMatched": total, "numberReturned": len(feats)},
                   ctype="application/geo+json")

    @staticmethod
    def _qs(q: dict) -> str:
        from urllib.parse import urlencode

        return urlencode(q)

    def _wms(self, q: dict) -> None:
        req = {k.upper(): v for k, v in q.items()}.get("REQUEST", "").lower()
        if req == "getcapabilities":
            body = WMS_CAPABILITIES.replace("{URL}", f"{self.stub.base}/wms").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        from _http_stub import tiny_png

        body = tiny_png(256, 256)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# WMS 1.3.0 capabilities with a time dimension (OGC 06-042, Annex C: <Dimension name="time">)
WMS_CAPABILITIES = """<?xml version="1.0" encoding="UTF-8"?>
<WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms"
  xmlns:xlink="http://www.w3.org/1999/xlink">
 <Service><Name>WMS</Name><Title>NDVI view service (loopback)</Title>
  <OnlineResource xlink:href="{URL}"/></Service>
 <Capability>
  <Request>
   <GetCapabilities><Format>text/xml</Format><DCPType><HTTP><Get>
    <OnlineResource xlink:href="{URL}?"/></Get></HTTP></DCPType></GetCapabilities>
   <GetMap><Format>image/png</Format><DCPType><HTTP><Get>
    <OnlineResource xlink:href="{URL}?"/></Get></HTTP></DCPType></GetMap>
  </Request>
  <Exception><Format>XML</Format></Exception>
  <Layer><Title>CLMS</Title><CRS>EPSG:4326</CRS><CRS>EPSG:3857</CRS>
   <EX_GeographicBoundingBox><westBoundLongitude>-180</westBoundLongitude>
    <eastBoundLongitude>180</eastBoundLongitude><southBoundLatitude>-60</southBoundLatitude>
    <northBoundLatitude>80</northBoundLatitude></EX_GeographicBoundingBox>
   <Layer queryable="0"><Name>NDVI300</Name><Title>NDVI 300 m</Title>
    <CRS>EPSG:4326</CRS>
    <EX_GeographicBoundingBox><westBoundLongitude>-180</westBoundLongitude>
     <eastBoundLongitude>180</eastBoundLongitude><southBoundLatitude>-60</southBoundLatitude>
     <northBoundLatitude>80</northBoundLatitude></EX_GeographicBoundingBox>
    <BoundingBox CRS="EPSG:4326" minx="-60" miny="-180" maxx="80" maxy="180"/>
    <Dimension name="time" units="ISO8601"
     default="2023-06-21">2023-06-01/2023-06-21/P10D</Dimension>
   </Layer>
  </Layer>
 </Capability>
</WMS_Capabilities>
"""
