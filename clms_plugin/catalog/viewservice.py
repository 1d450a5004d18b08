"""Read a dataset's view service (WMS or WMTS GetCapabilities) to build a preview layer.

Why: users want to *look* before they fetch gigabytes; the portal names a view service per
dataset (``metadata_wmts_url`` / ``metadata_wms_url`` / ``mapviewer_viewservice``, clms_api.md
§1.5, §5) but not the layer name, the tile matrix set or whether it has a time dimension — the
capabilities document says those. Parsing is plain XML (QGIS-free); the GUI turns the result
into a QGIS WMS/WMTS layer URI.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


@dataclass
class ServiceLayer:
    kind: str  # "wms" or "wmts"
    url: str  # the service endpoint (without request parameters)
    name: str
    title: str = ""
    formats: list[str] = field(default_factory=list)
    crs: list[str] = field(default_factory=list)
    tile_matrix_sets: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    time_extent: str = ""  # the time dimension's values ("" = not temporal)
    time_default: str = ""

    @property
    def temporal(self) -> bool:
        return bool(self.time_extent or self.time_default)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(elem, name: str):
    return [c for c in elem if _local(c.tag) == name]


def _text(elem, name: str) -> str:
    for c in elem:
        if _local(c.tag) == name and c.text:
            return c.text.strip()
    return ""


def base_url(url: str) -> str:
    """The endpoint without OGC request parameters (SERVICE, REQUEST, VERSION)."""
    parts = urlsplit(url)
    keep = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in ("service", "request", "version")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(keep), ""))


def capabilities_url(url: str) -> str:
    """The GetCapabilities URL of a view-service link (WMTS if the link says so)."""
    kind = "WMTS" if "wmts" in url.lower() else "WMS"
    base = base_url(url)
    sep = "&" if urlsplit(base).query else "?"
    return f"{base}{sep}SERVICE={kind}&REQUEST=GetCapabilities"


def parse_capabilities(xml: bytes | str, url: str) -> list[ServiceLayer]:
    """Named layers of a WMS (1.1.1/1.3.0) or WMTS 1.0.0 capabilities document."""
    root = ET.fromstring(xml)
    if _local(root.tag) == "Capabilities" and any(_local(c.tag) == "Contents" for c in root):
        return _wmts_layers(root, url)
    return _wms_layers(root, url)


def _wmts_layers(root, url: str) -> list[ServiceLayer]:
    contents = next(c for c in root if _local(c.tag) == "Contents")
    out = []
    for layer in _children(contents, "Layer"):
        time_extent = time_default = ""
        for dim in _children(layer, "Dimension"):
            if _text(dim, "Identifier").lower() == "time":
                time_default = _text(dim, "Default")
                time_extent = ",".join(v.text.strip() for v in _children(dim, "Value") if v.text)
        out.append(ServiceLayer(
            "wmts", base_url(url), _text(layer, "Identifier"), _text(layer, "Title"),
            formats=[f.text.strip() for f in _children(layer, "Format") if f.text],
            tile_matrix_sets=[_text(link, "TileMatrixSet")
                              for link in _children(layer, "TileMatrixSetLink")],
            styles=[_text(s, "Identifier") for s in _children(layer, "Style")],
            time_extent=time_extent, time_default=time_default))
    return [layer for layer in out if layer.name]


def _wms_layers(root, url: str) -> list[ServiceLayer]:
    formats: list[str] = []
    for elem in root.iter():
        if _local(elem.tag) == "GetMap":
            formats = [f.text.strip() for f in _children(elem, "Format") if f.text]
            break
    out = []

    def walk(layer, inherited_crs: list[str], inherited_time: tuple[str, str]) -> None:
        crs = inherited_crs + [c.text.strip() for c in layer
                               if _local(c.tag) in ("CRS", "SRS") and c.text]
        time = inherited_time
        for dim in layer:
            if _local(dim.tag) in ("Dimension", "Extent") and dim.get("name", "").lower() == "time":
                time = ((dim.text or "").strip() or time[0], dim.get("default", "") or time[1])
        name = _text(layer, "Name")
        if name:
            out.append(ServiceLayer("wms", base_url(url), name, _text(layer, "Title"),
                                    formats=formats, crs=crs, time_extent=time[0],
                                    time_default=time[1]))
        for child in _children(layer, "Layer"):
            walk(child, crs, time)

    for capability in _children(root, "Capability"):
        for layer in _children(capability, "Layer"):
            walk(layer, [], ("", ""))
    return out
