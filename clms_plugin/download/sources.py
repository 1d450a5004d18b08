"""Direct sources: CDSE STAC assets and public files (JRC GSW tiles) → queue fields.

Why: not every CLMS product goes through a data request. Global products live on CDSE (STAC
assets with ``file:size``/``file:checksum`` and an HTTPS alternate that needs a CDSE token,
clms_api.md §2.2–2.3); JRC Global Surface Water tiles are public files named by their NW
corner. This turns each into the keyword arguments of :meth:`DownloadQueue.add`, so size and
checksum are verified and the right token is attached at run time. QGIS-free.
"""

from __future__ import annotations

import math
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

GSW_BASE = "https://storage.googleapis.com/global-surface-water/downloads2021"
GSW_LAYERS = ("occurrence", "change", "seasonality", "recurrence", "transitions", "extent")


def stac_asset_fields(asset: dict[str, Any], title: str = "") -> dict[str, Any]:
    """Queue fields for a STAC asset: the HTTPS href (alternate if the main one is s3://).

    Returns ``{"url", "name", "expected_size", "checksum", "auth", "title"}``; ``auth`` is
    ``"cdse"`` for CDSE download hosts (a bearer token is required there).
    """
    href = str(asset.get("href") or "")
    alt = ((asset.get("alternate") or {}).get("https") or {}).get("href")
    if not href.startswith(("http://", "https://")) and alt:
        href = str(alt)
    if not href.startswith(("http://", "https://")):
        raise ValueError(f"asset has no HTTP(S) link (href {href!r}); read it with GDAL /vsis3/ "
                         "and CDSE S3 keys instead")
    size = asset.get("file:size")
    host = urlparse(href).hostname or ""
    return {
        "url": href,
        "name": _asset_name(asset, href),
        "expected_size": int(size) if isinstance(size, (int, float)) and size > 0 else None,
        "checksum": asset.get("file:checksum") or None,
        "auth": "cdse" if host.endswith("dataspace.copernicus.eu") else "",
        "title": title or str(asset.get("title") or ""),
    }


def _asset_name(asset: dict[str, Any], href: str) -> str:
    """The file name: from the s3 href (CDSE OData links end in ``/$value``), else the URL."""
    for candidate in (str(asset.get("href") or ""), href):
        path = unquote(urlparse(candidate).path)
        if "Nodes(" in path:  # …/Nodes(<product>)/Nodes(<file>)/$value
            last = path.rsplit("Nodes(", 1)[1]
            return last.split(")", 1)[0]
        name = PurePosixPath(path).name
        if name and name != "$value":
            return name
    raise ValueError(f"cannot name a file for {href!r}")


def gsw_tile_name(layer: str, lon: float, lat: float) -> str:
    """JRC GSW v1.4 (2021) tile covering (lon, lat): 10°×10° tiles named by their NW corner.

    e.g. ``occurrence_60W_10Nv1_4_2021.tif`` covers 60°W–50°W, 0°–10°N.
    """
    if layer not in GSW_LAYERS:
        raise ValueError(f"unknown GSW layer '{layer}'; choose one of {', '.join(GSW_LAYERS)}")
    west = int(math.floor(lon / 10.0) * 10)
    north = int(math.floor(lat / 10.0) * 10 + 10)
    ew = f"{abs(west)}{'W' if west < 0 else 'E'}"
    ns = f"{abs(north)}{'S' if north < 0 else 'N'}"
    return f"{layer}_{ew}_{ns}v1_4_2021.tif"


def gsw_tiles(layer: str, bbox: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """Queue fields for every GSW tile of ``layer`` intersecting (xmin, ymin, xmax, ymax)."""
    xmin, ymin, xmax, ymax = bbox
    out = []
    eps = 1e-9
    for lon in range(int(math.floor(xmin / 10) * 10), int(math.ceil((xmax - eps) / 10) * 10),
                     10):
        for lat in range(int(math.floor(ymin / 10) * 10),
                         int(math.ceil((ymax - eps) / 10) * 10), 10):
            name = gsw_tile_name(layer, lon + 5, lat + 5)
            out.append({"url": f"{GSW_BASE}/{layer}/{name}", "name": name,
                        "expected_size": None, "checksum": None, "auth": "",
                        "title": f"JRC GSW {layer} {name.split('_', 1)[1][:-4]}"})
    return out
