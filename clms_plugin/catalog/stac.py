"""CDSE STAC client (pystac-client) for the CLMS collections on the Copernicus Data Space.

Facts (clms_api.md §2.2): ``https://stac.dataspace.copernicus.eu/v1``, anonymous search,
collections ``clms_*``; assets carry ``raster:scale``/``raster:offset``, ``nodata``,
``file:size``/``file:checksum`` and an ``alternate.https.href`` for OData downloads. The
session comes from the project's one factory, so the QGIS proxy applies here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests

from .errors import CatalogError, CatalogNetworkError, CatalogResponseError

DEFAULT_STAC_URL = "https://stac.dataspace.copernicus.eu/v1"
CLMS_PREFIX = "clms_"


@dataclass
class StacCollection:
    id: str
    title: str
    description: str = ""
    temporal: tuple[str | None, str | None] = (None, None)
    bbox: list[float] | None = None


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


@dataclass
class StacItem:
    id: str
    collection: str
    datetime: str
    bbox: list[float] | None
    assets: list[StacAsset]
    properties: dict = field(default_factory=dict, repr=False)

    def data_assets(self) -> list[StacAsset]:
        return [a for a in self.assets if "data" in a.roles]


def _band0(extra: dict) -> dict:
    bands = extra.get("raster:bands") or extra.get("bands") or []
    return bands[0] if isinstance(bands, list) and bands and isinstance(bands[0], dict) else {}


def asset_from(key: str, asset) -> StacAsset:  # noqa: ANN001 - pystac.Asset
    """Asset fields from STAC 1.1 (top-level) or 1.0 ``raster:bands[0]`` shapes."""
    extra = dict(asset.extra_fields or {})
    band = _band0(extra)

    def pick(name: str, short: str | None = None) -> Any:
        for src in (extra, band):
            for k in (name, short):
                if k and src.get(k) is not None:
                    return src[k]
        return None

    alt = extra.get("alternate") or {}
    https = alt.get("https", {}).get("href", "") if isinstance(alt, dict) else ""
    size = pick("file:size")
    return StacAsset(
        key=key,
        href=asset.href,
        https_href=https or (asset.href if asset.href.startswith("http") else ""),
        type=asset.media_type or "",
        roles=list(asset.roles or []),
        scale=_num(pick("raster:scale", "scale")),
        offset=_num(pick("raster:offset", "offset")),
        nodata=pick("nodata", "raster:nodata"),
        file_size=int(size) if isinstance(size, (int, float)) else None,
        checksum=str(pick("file:checksum") or ""),
    )


def _num(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


class StacClient:
    """List ``clms_*`` collections and search their items, through the project session."""

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

    def collections(self, prefix: str = CLMS_PREFIX) -> list[StacCollection]:
        try:
            out = []
            for col in self._open().get_collections():
                if not col.id.startswith(prefix):
                    continue
                interval = col.extent.temporal.intervals[0] if col.extent.temporal else [None, None]
                spatial = col.extent.spatial.bboxes[0] if col.extent.spatial else None
                out.append(StacCollection(
                    id=col.id, title=col.title or col.id, description=col.description or "",
                    temporal=tuple(d.isoformat() if d else None for d in interval),
                    bbox=list(spatial) if spatial else None,
                ))
            return out
        except CatalogError:
            raise
        except Exception as exc:
            raise _typed(exc, f"{self.url}/collections") from exc

    def search(
        self,
        collection: str,
        bbox: tuple[float, float, float, float] | None = None,
        datetime: str | None = None,
        max_items: int = 100,
        limit: int = 50,
    ) -> list[StacItem]:
        """Items of one collection intersecting ``bbox`` (EPSG:4326) within ``datetime``
        ("2023-06-01/2023-06-30")."""
        try:
            search = self._open().search(
                collections=[collection], bbox=bbox, datetime=datetime,
                max_items=max_items, limit=limit, method="GET",
            )
            items = []
            for item in search.items():
                items.append(StacItem(
                    id=item.id,
                    collection=item.collection_id or collection,
                    datetime=(item.datetime.isoformat() if item.datetime else
                              str(item.properties.get("start_datetime", ""))),
                    bbox=list(item.bbox) if item.bbox else None,
                    assets=[asset_from(k, a) for k, a in item.assets.items()],
                    properties=dict(item.properties),
                ))
            return items
        except CatalogError:
            raise
        except Exception as exc:
            raise _typed(exc, f"{self.url}/search") from exc


def _typed(exc: Exception, url: str) -> CatalogError:
    """pystac-client's APIError / requests errors as the project's typed errors."""
    if isinstance(exc, requests.RequestException):
        return CatalogNetworkError(f"Cannot reach the STAC API ({type(exc).__name__})", url=url)
    status = getattr(exc, "status_code", None)
    return CatalogResponseError(f"STAC API error: {str(exc)[:300]}", url=url, status=status)
