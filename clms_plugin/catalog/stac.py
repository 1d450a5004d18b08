"""CDSE STAC client (pystac-client) for the CLMS collections on the Copernicus Data Space.

Facts (clms_api.md §2.2, §5): ``https://stac.dataspace.copernicus.eu/v1`` (STAC 1.1), anonymous
search; collection ids are still being renamed, so they are *discovered* from ``/collections``
(never written in code); collections declare ``auth:schemes`` (S3 keys and/or an OpenID Connect
token) that asset downloads need; paging stops at 10,000 skipped results (``(page-1)*limit``,
HTTP 422 beyond, CDSE release notes 2024-11-12), which a search must *say* rather than end
silently. Assets carry ``raster:scale``/``raster:offset``, ``nodata``,
``file:size``/``file:checksum`` and an ``alternate.https.href`` for OData downloads. The session
comes from the project's one factory, so the QGIS proxy applies here too. QGIS-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests

from .errors import CatalogError, CatalogNetworkError, CatalogResponseError

DEFAULT_STAC_URL = "https://stac.dataspace.copernicus.eu/v1"
SKIP_CAP = 10_000  # the API refuses to skip more results than this (HTTP 422)
_CLMS_MARKERS = ("clms", "copernicus land monitoring", "land.copernicus.eu")


@dataclass
class StacCollection:
    id: str
    title: str
    description: str = ""
    temporal: tuple[str | None, str | None] = (None, None)
    bbox: list[float] | None = None
    auth_schemes: dict[str, dict] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)

    @property
    def auth_kinds(self) -> list[str]:
        """The scheme types a download may need: ``"s3"`` and/or ``"oidc"`` (ordered)."""
        kinds = []
        for scheme in self.auth_schemes.values():
            kind = {"s3": "s3", "openidconnect": "oidc", "oauth2": "oidc"}.get(
                str(scheme.get("type", "")).lower())
            if kind and kind not in kinds:
                kinds.append(kind)
        return kinds

    @property
    def oidc_discovery_url(self) -> str:
        for scheme in self.auth_schemes.values():
            if str(scheme.get("type", "")).lower() == "openidconnect":
                return str(scheme.get("openIdConnectUrl") or "")
        return ""


@dataclass
class StacAsset:
    key: str
    href: str
    https_href: str = ""
    type: str = ""
    roles: list[str] = field(default_factory=list)
    scale: float | None = None
    offset: float | None = None
    nodata: Any = None
    file_size: int | None = None
    checksum: str = ""
    title: str = ""
    raw: dict = field(default_factory=dict, repr=False)


@dataclass
class StacItem:
    id: str
    collection: str
    datetime: str
    bbox: list[float] | None
    assets: list[StacAsset]
    properties: dict = field(default_factory=dict, repr=False)
    geometry: dict | None = field(default=None, repr=False)

    def data_assets(self) -> list[StacAsset]:
        return [a for a in self.assets if "data" in a.roles]


@dataclass
class StacPage:
    """One page of a search: items, how to get the next page, and whether paging is capped."""

    items: list[StacItem]
    next_link: dict | None = None  # the STAC "next" link (href, method, body), if any
    matched: int | None = None  # numberMatched when the server says it
    skipped_after: int = 0  # results before the *next* page
    capped: bool = False  # more results exist but the API will not page past SKIP_CAP


def is_clms_collection(data: dict) -> bool:
    """A CLMS collection, judged from what it says of itself (id prefix, keywords, providers,
    licence link), never from a list of ids: CDSE keeps renaming them."""
    text = " ".join([
        str(data.get("id", "")), str(data.get("title", "")),
        " ".join(str(k) for k in data.get("keywords") or []),
        " ".join(str(p.get("name", "")) + " " + str(p.get("url", ""))
                 for p in data.get("providers") or [] if isinstance(p, dict)),
        " ".join(str(link.get("href", "")) for link in data.get("links") or []
                 if isinstance(link, dict) and link.get("rel") in ("license", "about")),
    ]).lower()
    return str(data.get("id", "")).lower().startswith("clms") or any(
        marker in text for marker in _CLMS_MARKERS[1:])


def collection_from(data: dict) -> StacCollection:
    extent = data.get("extent") or {}
    intervals = ((extent.get("temporal") or {}).get("interval") or [[None, None]])
    bboxes = ((extent.get("spatial") or {}).get("bbox") or [None])
    interval = intervals[0] if intervals and isinstance(intervals[0], list) else [None, None]
    schemes = data.get("auth:schemes") or {}
    return StacCollection(
        id=str(data.get("id", "")),
        title=str(data.get("title") or data.get("id", "")),
        description=str(data.get("description") or ""),
        temporal=(interval[0] if interval else None,
                  interval[1] if len(interval) > 1 else None),
        bbox=list(bboxes[0]) if bboxes and bboxes[0] else None,
        auth_schemes={k: v for k, v in schemes.items() if isinstance(v, dict)},
        keywords=[str(k) for k in data.get("keywords") or []],
    )


def _band0(extra: dict) -> dict:
    bands = extra.get("raster:bands") or extra.get("bands") or []
    return bands[0] if isinstance(bands, list) and bands and isinstance(bands[0], dict) else {}


def asset_from(key: str, data: dict) -> StacAsset:
    """Asset fields from STAC 1.1 (top-level) or 1.0 ``raster:bands[0]`` shapes."""
    band = _band0(data)

    def pick(name: str, short: str | None = None) -> Any:
        for src in (data, band):
            for k in (name, short):
                if k and src.get(k) is not None:
                    return src[k]
        return None

    href = str(data.get("href") or "")
    alt = data.get("alternate") or {}
    https = alt.get("https", {}).get("href", "") if isinstance(alt, dict) else ""
    size = pick("file:size")
    return StacAsset(
        key=key,
        href=href,
        https_href=https or (href if href.startswith("http") else ""),
        type=str(data.get("type") or ""),
        roles=list(data.get("roles") or []),
        scale=_num(pick("raster:scale", "scale")),
        offset=_num(pick("raster:offset", "offset")),
        nodata=pick("nodata", "raster:nodata"),
        file_size=int(size) if isinstance(size, (int, float)) else None,
        checksum=str(pick("file:checksum") or ""),
        title=str(data.get("title") or ""),
        raw=dict(data),
    )


def item_from(data: dict, collection: str = "") -> StacItem:
    props = dict(data.get("properties") or {})
    return StacItem(
        id=str(data.get("id", "")),
        collection=str(data.get("collection") or collection),
        datetime=str(props.get("datetime") or props.get("start_datetime") or ""),
        bbox=list(data["bbox"]) if data.get("bbox") else None,
        assets=[asset_from(k, a) for k, a in (data.get("assets") or {}).items()
                if isinstance(a, dict)],
        properties=props,
        geometry=data.get("geometry") if isinstance(data.get("geometry"), dict) else None,
    )


def _num(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _next_link(page: dict) -> dict | None:
    for link in page.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return link
    return None


def _is_skip_refusal(exc: Exception) -> bool:
    text = str(exc)
    return getattr(exc, "status_code", None) == 422 or (
        "less than or equal to 10000" in text or "10000" in text and "422" in text)


class StacClient:
    """Discover CLMS collections and page through item searches, through the project session."""

    def __init__(self, session: requests.Session, url: str = DEFAULT_STAC_URL) -> None:
        self.url = url.rstrip("/")
        self.session = session
        self._client = None

    def _open(self):
        if self._client is None:
            from pystac_client import Client
            from pystac_client.stac_api_io import StacApiIO

            io = StacApiIO(timeout=getattr(self.session, "default_timeout", None))
            io.session = self.session  # the factory's session: proxy, CA, retries, UA
            try:
                self._client = Client.open(self.url, stac_io=io)
            except CatalogError:
                raise
            except Exception as exc:  # pystac-client wraps requests errors in APIError
                raise _typed(exc, self.url) from exc
        return self._client

    def collections(self, clms_only: bool = True) -> list[StacCollection]:
        """Collections from ``/collections`` (all pages); CLMS ones unless ``clms_only``."""
        try:
            out = []
            client = self._open()
            for data in client._stac_io.get_pages(f"{self.url}/collections"):
                for col in data.get("collections") or []:
                    if isinstance(col, dict) and (not clms_only or is_clms_collection(col)):
                        out.append(collection_from(col))
            return out  # in the server's order
        except CatalogError:
            raise
        except Exception as exc:
            raise _typed(exc, f"{self.url}/collections") from exc

    def search_page(
        self,
        collection: str,
        bbox: tuple[float, float, float, float] | None = None,
        datetime: str | None = None,
        limit: int = 50,
        next_link: dict | None = None,
        skipped: int = 0,
    ) -> StacPage:
        """One page of items of ``collection`` intersecting ``bbox`` (EPSG:4326) within
        ``datetime`` ("2023-06-01/2023-06-30"); pass the previous page's ``next_link`` and
        ``skipped_after`` to continue. A next page beyond :data:`SKIP_CAP` is not requested:
        the page comes back ``capped``."""
        try:
            client = self._open()
            if next_link is None:
                search = client.search(collections=[collection], bbox=bbox, datetime=datetime,
                                       limit=limit, method="GET")
                page = next(iter(search.pages_as_dicts()), {"features": []})
            else:
                page = client._stac_io.read_json(
                    next_link["href"], method=next_link.get("method", "GET"),
                    parameters=next_link.get("body"))
        except CatalogError:
            raise
        except Exception as exc:
            if next_link is not None and _is_skip_refusal(exc):
                return StacPage([], None, None, skipped, capped=True)
            raise _typed(exc, f"{self.url}/search") from exc
        items = [item_from(f, collection) for f in page.get("features") or []
                 if isinstance(f, dict)]
        after = skipped + len(items)
        link = _next_link(page)
        matched = page.get("numberMatched")
        if matched is None:
            matched = (page.get("context") or {}).get("matched")
        capped = link is not None and after >= SKIP_CAP
        return StacPage(items, None if capped else link,
                        int(matched) if isinstance(matched, (int, float)) else None,
                        after, capped)

    def search(self, collection: str, bbox=None, datetime: str | None = None,
               max_items: int = 100, limit: int = 50) -> list[StacItem]:
        """Up to ``max_items`` items (pages followed), for scripts and the CLI."""
        items: list[StacItem] = []
        page = self.search_page(collection, bbox, datetime, limit)
        items.extend(page.items)
        while page.next_link and len(items) < max_items:
            page = self.search_page(collection, bbox, datetime, limit, page.next_link,
                                    page.skipped_after)
            items.extend(page.items)
        return items[:max_items]


def _typed(exc: Exception, url: str) -> CatalogError:
    """pystac-client's APIError / requests errors as the project's typed errors."""
    if isinstance(exc, requests.RequestException):
        return CatalogNetworkError(f"Cannot reach the STAC API ({type(exc).__name__})", url=url)
    status = getattr(exc, "status_code", None)
    return CatalogResponseError(f"STAC API error: {str(exc)[:300]}", url=url, status=status)
