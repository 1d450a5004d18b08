"""Class names for ``clms:zonalclassareas`` (QGIS-free).

Why: a table of "code 3: 1234 ha" is useless to a reader; the names come from where the
toolbox already keeps them. ``LEGEND`` 0 (auto) tries, in order: the raster's GDAL category
names, its ``CLMS_LEGEND`` tag (written by the toolbox's class outputs, e.g.
``landcovertoipcc``), the palette labels of a ``.qml`` sidecar, the land-cover legend
recognised from the file name (``products.landcover``), the registry legend of a recognised
product (water classes); else the codes stay unnamed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ...products import landcover, registry
from ..engine.errors import ParameterError

# LEGEND enum after 0 auto and 1 none; append only (DESIGN.md §6: never renumber).
LEGEND_IDS: tuple[str, ...] = ("ipcc", "unccd", "lc100", "worldcover", "corine_index",
                               "corine_code", "cci")
LEGEND_LABELS: tuple[str, ...] = (
    "Auto (raster category names, .qml sidecar, file name)", "None (codes only)",
    "IPCC land categories (1–6)", "UNCCD 7 classes", "CGLS-LC100", "ESA WorldCover",
    "CORINE raster index 1–44", "CORINE 3-digit codes", "ESA CCI / C3S land cover")


def _gdal_names(path: str) -> dict[int, str]:
    try:
        from osgeo import gdal
    except ImportError:
        return {}
    ds = gdal.Open(path)
    if ds is None:
        return {}
    names = ds.GetRasterBand(1).GetCategoryNames() or []
    return {i: n for i, n in enumerate(names) if n}


def _qml_names(path: str) -> dict[int, str]:
    qml = Path(path).with_suffix(".qml")
    if not qml.is_file():
        return {}
    try:
        root = ET.parse(qml).getroot()
    except ET.ParseError:
        return {}
    out = {}
    for tag in ("paletteEntry", "item"):
        for el in root.iter(tag):
            try:
                out[int(float(el.get("value", "")))] = el.get("label") or ""
            except ValueError:
                continue
    return {k: v for k, v in out.items() if v}


def _tag_names(path: str) -> dict[int, str]:
    import rasterio

    with rasterio.open(path) as ds:
        legend_id = ds.tags().get("CLMS_LEGEND", "")
    if legend_id and legend_id in landcover.legend_ids():
        return _legend(legend_id)
    return {}


def _legend(legend_id: str) -> dict[int, str]:
    return {c.code: c.name for c in landcover.load_legend(legend_id).classes}


def class_names(choice: int, path: str) -> tuple[dict[int, str], str]:
    """{code: name} for ``LEGEND`` ``choice`` and where the names came from."""
    if choice == 1:
        return {}, "none"
    if choice >= 2:
        idx = choice - 2
        if idx >= len(LEGEND_IDS):
            raise ParameterError("LEGEND", f"{choice} is not one of 0…{len(LEGEND_IDS) + 1}")
        return _legend(LEGEND_IDS[idx]), LEGEND_IDS[idx]
    for reader, what in ((_gdal_names, "raster category names"),
                         (_tag_names, "CLMS_LEGEND tag"),
                         (_qml_names, ".qml sidecar")):
        names = reader(path)
        if names:
            return names, what
    family = landcover.detect_from_name(path)
    if family == "corine":
        family = "corine_code" if max(landcover.sample_values(path) or {0}) > 100 \
            else "corine_index"
    if family:
        return _legend(family), f"{family} (from the file name)"
    match = registry.identify(path)
    if match is not None and match.encoding.legend:
        table = registry.legend(match.encoding.legend)
        if table:
            return {c: label for c, label, _ in table}, f"{match.product.id} (registry)"
    return {}, "none found"


__all__ = ["LEGEND_IDS", "LEGEND_LABELS", "class_names"]
