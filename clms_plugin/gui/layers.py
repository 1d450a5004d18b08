"""Load a downloaded CLMS file so it lands ready to use: decoded, styled, described, dated.

Why: a raw CLMS file in QGIS shows DN 0–255 in grey, flags as data, no licence and no date.
Here the product registry (``products.registry``) decides everything once:

- decode: the GDAL provider applies band scale/offset itself (NetCDF ``scale_factor`` /
  ``add_offset``); when the file carries none but the product is scaled, a small VRT beside a
  cache copy declares them. Flags and out-of-range DN become user nodata ranges (in DN, which
  is what QGIS compares them with);
- NetCDF: the product's variable is opened as the subdataset; a missing CRS on a CGLS global
  file is set to the product grid's (EPSG:4326);
- style: class products get a paletted renderer from ``resources/legends`` (land cover, owned
  by ``products.landcover``) or the registry's water legends; continuous products a colour
  ramp (registry ``ramps``, physical units);
- metadata: title, abstract, licence, attribution, citation and links;
- a layer-tree group per product, and a fixed temporal range per layer so the Temporal
  Controller animates a series.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsAbstractMetadataBase,
    QgsCoordinateReferenceSystem,
    QgsDateTimeRange,
    QgsLayerMetadata,
    QgsLayerTreeGroup,
    QgsProject,
    QgsRasterLayer,
    QgsRasterRange,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime

from ..products import registry
from ..products.registry import Encoding, ProductMatch


class LayerLoadError(RuntimeError):
    """The file cannot be opened as a raster; the message names the file and what to do."""


# ------------------------------------------------------------------------------------------
# Opening
# ------------------------------------------------------------------------------------------
def raster_uri(path: str | os.PathLike) -> str:
    """The GDAL URI to open: the product variable's subdataset for NetCDF files."""
    try:
        return registry.netcdf_uri(path)
    except Exception as exc:  # noqa: BLE001 - rasterio/GDAL errors vary by driver
        raise LayerLoadError(f"QGIS cannot open '{path}' ({exc}); check the file is complete "
                             "(a finished download).") from exc


def _scaled_vrt(uri: str, enc: Encoding, cache_dir: Path) -> str:
    """A VRT declaring the product's scale/offset over ``uri`` (the file is not copied)."""
    from osgeo import gdal

    cache_dir.mkdir(parents=True, exist_ok=True)
    if uri.upper().startswith("NETCDF:"):  # NETCDF:"<file>":<var> → <file stem>_<var>
        file_part, var = uri[7:].rsplit(":", 1)
        stem = f"{Path(file_part.strip(chr(34))).stem}_{var}"
    else:
        stem = Path(uri).stem
    vrt = cache_dir / f"{stem}.clms.vrt"
    ds = gdal.Translate(str(vrt), uri, format="VRT")
    if ds is None:
        raise LayerLoadError(f"GDAL cannot read {uri}")
    for i in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(i)
        band.SetScale(enc.scale)
        band.SetOffset(enc.offset)
        if enc.unit:
            band.SetUnitType(enc.unit)
    ds = None  # flush the VRT
    return str(vrt)


def nodata_ranges(enc: Encoding) -> list[QgsRasterRange]:
    """Flags, nodata and everything outside the valid DN range, as DN ranges."""
    ranges = [QgsRasterRange(v, v) for v in enc.invalid_values]
    if enc.valid_min is not None:
        ranges.append(QgsRasterRange(float("-inf"), float(enc.valid_min),
                                     QgsRasterRange.BoundsType.IncludeMin))
    if enc.valid_max is not None:
        ranges.append(QgsRasterRange(float(enc.valid_max), float("inf"),
                                     QgsRasterRange.BoundsType.IncludeMax))
    return ranges


# ------------------------------------------------------------------------------------------
# Styling
# ------------------------------------------------------------------------------------------
def legend_classes(name: str) -> list[tuple[int, str, str]]:
    """[(code, label, colour)] for a legend id (one place: ``products.styles``)."""
    from ..products import styles

    return styles.legend_entries(name)


def apply_style(layer: QgsRasterLayer, enc: Encoding) -> None:
    """Paletted renderer for classes, pseudo-colour ramp for continuous values.

    The renderer is the QML text :func:`products.styles.encoding_qml` generates — the very
    text of the sidecars beside Processing outputs — imported into the layer, so a
    downloaded product and a decoded output wear the same style (one source of truth).
    Only the renderer is taken from it; the layer's nodata ranges, metadata and temporal
    properties set by the loader stay.
    """
    from qgis.core import QgsMapLayer
    from qgis.PyQt.QtXml import QDomDocument

    from ..products import styles

    value_range = None
    if not (enc.kind == "classes" and enc.legend) and not enc.ramp and \
            enc.physical_range() is None:
        value_range = _band_range(layer)  # no ramp and no declared range: the data's own
    doc = QDomDocument("qgis")
    doc.setContent(styles.encoding_qml(enc, value_range=value_range))
    ok, message = layer.importNamedStyle(doc, QgsMapLayer.StyleCategory.Symbology)
    if not ok:
        raise LayerLoadError(f"cannot apply the generated style: {message}")


def _band_range(layer: QgsRasterLayer) -> tuple[float, float]:
    stats = layer.dataProvider().bandStatistics(1)
    return float(stats.minimumValue), float(stats.maximumValue)


# ------------------------------------------------------------------------------------------
# Metadata and time
# ------------------------------------------------------------------------------------------
def apply_metadata(layer: QgsRasterLayer, match: ProductMatch, source: str) -> None:
    product = match.product
    md = QgsLayerMetadata(layer.metadata())
    date = f" {match.date.isoformat()}" if match.date and product.is_time_series() else ""
    md.setTitle(f"{product.title}{date}")
    md.setIdentifier(match.name)
    md.setType("dataset")
    md.setAbstract(f"{product.abstract}\n\nEncoding: physical = DN × {match.encoding.scale:g}"
                   f" + {match.encoding.offset:g}"
                   + (f" ({match.encoding.unit})" if match.encoding.unit else "")
                   + ("; flags: " + ", ".join(f"{k} {v}" for k, v in match.encoding.flags.items())
                      if match.encoding.flags else "")
                   + f"\nSource file: {source}\nCitation: {match.citation()}")
    md.setLicenses([product.licence])
    md.setRights([match.attribution(), f"Citation: {match.citation()}"])
    md.setConstraints([QgsLayerMetadata.Constraint(product.licence, "license")])
    md.setKeywords({"CLMS": ["Copernicus", "CLMS", product.id]})
    if product.licence_url:
        link = QgsAbstractMetadataBase.Link("licence", "WWW:LINK", product.licence_url)
        md.setLinks([link])
    md.setHistory([f"Loaded by CLMS Toolbox from {Path(source).name}"])
    layer.setMetadata(md)
    server = layer.serverProperties()
    server.setAttribution(match.attribution())
    if product.licence_url:
        server.setAttributionUrl(product.licence_url)
    server.setAbstract(product.abstract)


def apply_temporal(layer: QgsRasterLayer, start: dt.date, end: dt.date) -> None:
    """Fixed range [start 00:00, end 23:59:59] UTC so the Temporal Controller animates it."""
    props = layer.temporalProperties()
    begin = QDateTime(QDate(start.year, start.month, start.day), QTime(0, 0, 0))
    finish = QDateTime(QDate(end.year, end.month, end.day), QTime(23, 59, 59))
    begin.setTimeSpec(1)  # Qt.UTC
    finish.setTimeSpec(1)
    props.setMode(Qgis.RasterTemporalMode.FixedTemporalRange)
    props.setFixedTemporalRange(QgsDateTimeRange(begin, finish))
    props.setIsActive(True)


def _qdt(value: dt.datetime) -> QDateTime:
    q = QDateTime(QDate(value.year, value.month, value.day),
                  QTime(value.hour, value.minute, value.second))
    q.setTimeSpec(1)  # Qt.UTC
    return q


def apply_band_times(layer: QgsRasterLayer,
                     ranges: list[tuple[dt.datetime, dt.datetime]]) -> bool:
    """Dates from a NetCDF time dimension: one band → a fixed range; several bands (GDAL maps
    the time axis to bands) → a range per band, so the Temporal Controller steps through
    the series inside one layer. False (nothing set) when the ranges do not fit the bands."""
    if not ranges or len(ranges) != layer.bandCount():
        return False
    props = layer.temporalProperties()
    if len(ranges) == 1:
        props.setMode(Qgis.RasterTemporalMode.FixedTemporalRange)
        props.setFixedTemporalRange(QgsDateTimeRange(_qdt(ranges[0][0]), _qdt(ranges[0][1])))
    else:
        props.setMode(Qgis.RasterTemporalMode.FixedRangePerBand)
        props.setFixedRangePerBand({i: QgsDateTimeRange(_qdt(a), _qdt(b))
                                    for i, (a, b) in enumerate(ranges, 1)})
    props.setIsActive(True)
    return True


# ------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------
def group_for(project: QgsProject, title: str) -> QgsLayerTreeGroup:
    root = project.layerTreeRoot()
    group = root.findGroup(title)
    return group if group is not None else root.addGroup(title)


def make_layer(path: str | os.PathLike, *, product_id: str | None = None,
               cache_dir: str | os.PathLike | None = None) -> QgsRasterLayer:
    """A decoded, styled, described QgsRasterLayer for ``path`` (not added to a project)."""
    path = str(path)
    match = registry.identify(path)
    if product_id and (match is None or match.product.id != product_id):
        product = registry.get(product_id)
        match = ProductMatch(product, Path(path).name, None, None, None, {})
    if match is not None and match.product.kind != "raster":  # vectors, EGMS, water level
        from .vector_products import make_layer as make_vector_layer

        return make_vector_layer(path, match, cache_dir)
    uri = raster_uri(path)
    layer = QgsRasterLayer(uri, Path(path).stem, "gdal")
    if not layer.isValid():
        raise LayerLoadError(f"QGIS cannot open '{path}' as a raster; check the file is "
                             "complete (a finished download) and a GDAL format.")
    if match is None:  # unknown product: QGIS defaults, only the file's own time axis
        apply_band_times(layer, registry.netcdf_time_ranges(path))
        return layer
    enc = match.encoding
    provider = layer.dataProvider()
    stored_float = _stored_as_float(uri)  # e.g. CDSE exports with scale/offset already applied
    if enc.is_scaled and provider.bandScale(1) == 1.0 and provider.bandOffset(1) == 0.0 and \
            not stored_float:
        cache = Path(cache_dir) if cache_dir else Path(path).parent / ".clms"
        vrt = _scaled_vrt(uri, enc, cache)
        layer = QgsRasterLayer(vrt, Path(path).stem, "gdal")
        provider = layer.dataProvider()
    if not layer.crs().isValid() and match.product.grid.startswith("EPSG:4326"):
        layer.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    if not stored_float or not enc.is_scaled:  # ranges are in stored DN (= physical if unscaled)
        provider.setUserNoDataValue(1, nodata_ranges(enc))
    apply_style(layer, enc)
    apply_metadata(layer, match, path)
    # dates from the NetCDF time variable first, else from the name
    timed = apply_band_times(layer, registry.netcdf_time_ranges(path, match.product.temporal))
    if not timed and match.product.is_time_series() and match.date and match.end:
        apply_temporal(layer, match.date, match.end)
    layer.setName(_layer_name(match))
    return layer


def _stored_as_float(uri: str) -> bool:
    from osgeo import gdal

    ds = gdal.Open(uri)
    if ds is None:
        return False
    dtype = ds.GetRasterBand(1).DataType
    return dtype in (gdal.GDT_Float32, gdal.GDT_Float64)


def _layer_name(match: ProductMatch) -> str:
    label = match.product.id.replace("_", " ").upper()
    if match.band and match.band not in ("Discrete-Classification", "Map"):
        label += f" {match.band}"
    if match.date and match.product.is_time_series():
        return f"{label} {match.date.isoformat()}"
    return label


def load_files(paths: Iterable[str | os.PathLike], project: QgsProject | None = None, *,
               cache_dir: str | os.PathLike | None = None) -> list[QgsRasterLayer]:
    """Load files into ``project`` (default: the current one), one group per product,
    layers of a series in date order (newest on top, as QGIS draws the top layer)."""
    project = project or QgsProject.instance()
    layers = [make_layer(p, cache_dir=cache_dir) for p in paths]
    def key(layer: QgsRasterLayer) -> tuple[str, str]:
        match = registry.identify(layer.metadata().identifier() or layer.source())
        return (match.date.isoformat() if match and match.date else "", layer.name())

    for layer in sorted(layers, key=key, reverse=True):
        match = registry.identify(layer.metadata().identifier() or layer.source())
        title = match.product.title if match else "CLMS downloads"
        project.addMapLayer(layer, False)
        group_for(project, title).addLayer(layer)
    return layers
