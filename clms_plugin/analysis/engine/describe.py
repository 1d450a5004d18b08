"""Outputs that describe themselves: category names and a style travel with the raster.

Why: a class raster opened from disk (the browser, drag and drop, gdalinfo, another GIS)
must show its classes, not 256 entries labelled 0…255. The colour table is written into the
GeoTIFF by the writer; category names go into a raster attribute table (value, class name,
colour), which GDAL keeps in the ``.aux.xml`` beside a GeoTIFF and QGIS, ArcGIS and gdalinfo
read back. (GDAL 3.6 writes plain GTiff category names to the same sidecar but does not read
them back, so the RAT is the form that survives.) The QML sidecar is QGIS's default style.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from .outputs import atomic_text


def embed_categories(path: str | os.PathLike, categories: Mapping[int, str],
                     colours: Mapping[int, Sequence[int]] | None = None, band: int = 1) -> None:
    """Attach a thematic raster attribute table (Value, Class[, R, G, B]) to ``band``."""
    from osgeo import gdal

    gdal.UseExceptions()
    ds = gdal.Open(str(path), gdal.GA_Update)
    try:
        rat = gdal.RasterAttributeTable()
        rat.SetTableType(gdal.GRTT_THEMATIC)
        rat.CreateColumn("Value", gdal.GFT_Integer, gdal.GFU_MinMax)
        rat.CreateColumn("Class", gdal.GFT_String, gdal.GFU_Name)
        with_rgb = bool(colours)
        if with_rgb:
            for name, usage in (("Red", gdal.GFU_Red), ("Green", gdal.GFU_Green),
                                ("Blue", gdal.GFU_Blue)):
                rat.CreateColumn(name, gdal.GFT_Integer, usage)
        for row, code in enumerate(sorted(categories)):
            rat.SetValueAsInt(row, 0, int(code))
            rat.SetValueAsString(row, 1, str(categories[code]))
            if with_rgb:
                rgb = list((colours or {}).get(code, (0, 0, 0)))[:3]
                for k, value in enumerate(rgb):
                    rat.SetValueAsInt(row, 2 + k, int(value))
        ds.GetRasterBand(band).SetDefaultRAT(rat)
    finally:
        ds = None  # noqa: F841 - closing the dataset writes the .aux.xml


def write_style(path: str | os.PathLike, qml: str) -> str:
    """Write ``qml`` as ``<stem>.qml`` beside ``path`` (QGIS's default style for the file)."""
    target = Path(path).with_suffix(".qml")
    with atomic_text(target) as fh:
        fh.write(qml)
    return str(target)
