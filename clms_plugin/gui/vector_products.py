"""Vector and point CLMS products as ready layers: styled, described, dated.

Why a module of its own: the raster loader (``gui.layers``) decodes pixels; these families
need other QGIS objects — a categorized renderer on the class-code field (Urban Atlas, Riparian
Zones, Natura 2000, Coastal Zones), dated point features for the Temporal Controller (river and
lake water level) and a graduated velocity style with a time-series action (EGMS). The facts
(field expressions, legends, colour classes) come from ``products`` (QGIS-free).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from qgis.core import (
    Qgis,
    QgsAbstractMetadataBase,
    QgsAction,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsGraduatedSymbolRenderer,
    QgsLayerMetadata,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsPointXY,
    QgsRendererCategory,
    QgsRendererRange,
    QgsSymbol,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QMetaType, QTime
from qgis.PyQt.QtGui import QColor

from ..products import egms, families, vectors, water_level
from ..products.registry import ProductMatch

EGMS_ACTION = "Displacement time series (EGMS)"


class VectorLoadError(RuntimeError):
    """The file cannot be opened as the expected vector / point product."""


def make_layer(path: str | os.PathLike, match: ProductMatch,
               cache_dir: str | os.PathLike | None = None) -> QgsMapLayer:
    """A styled, described layer for a vector or point product file (not added to a project)."""
    reader = match.product.info.get("points", {}).get("reader")
    if match.product.kind == "vector":
        layer = polygon_layer(path, match)
    elif reader == "egms":
        layer = egms_layer(path, match, cache_dir)
    elif reader == "water_level":
        layer = water_level_layer(path, match, cache_dir)
    else:
        raise VectorLoadError(f"{match.product.id}: no loader for kind '{match.product.kind}'")
    apply_metadata(layer, match, str(path))
    return layer


# ------------------------------------------------------------------------------------------
# Polygons styled by class code
# ------------------------------------------------------------------------------------------
def _sublayers(path: str) -> list[tuple[str, list[str]]]:
    from osgeo import ogr

    ds = ogr.Open(path)
    if ds is None:
        raise VectorLoadError(f"QGIS cannot open '{path}' as a vector file; check the "
                              "download is complete.")
    out = []
    for i in range(ds.GetLayerCount()):
        lyr = ds.GetLayerByIndex(i)
        defn = lyr.GetLayerDefn()
        out.append((lyr.GetName(), [defn.GetFieldDefn(j).GetName()
                                    for j in range(defn.GetFieldCount())]))
    return out


def polygon_layer(path: str | os.PathLike, match: ProductMatch) -> QgsVectorLayer:
    """The product's polygon layer, categorized by its class-code field with official colours."""
    path = str(path)
    spec = vectors.spec(match.product)
    chosen = None
    for name, fields in _sublayers(path):
        if vectors.find_field(spec["code_field"], fields):
            chosen = (name, fields)
            break
    if chosen is None:
        raise VectorLoadError(f"{Path(path).name}: no layer has a class-code field matching "
                              f"'{spec['code_field']}'")
    layer = QgsVectorLayer(f"{path}|layername={chosen[0]}", Path(path).stem, "ogr")
    if not layer.isValid():
        raise VectorLoadError(f"QGIS cannot open layer '{chosen[0]}' of '{path}'")
    style = vectors.style_for(match.product, [f.name() for f in layer.fields()])
    layer.setRenderer(categorized_renderer(layer, style))
    layer.setName(f"{match.product.title} {match.year or ''}".strip())
    return layer


def categorized_renderer(layer: QgsVectorLayer, style: vectors.VectorStyle
                         ) -> QgsCategorizedSymbolRenderer:
    """One category per code present in the layer, in nomenclature order, official colours;
    a code the legend does not know gets grey and says so."""
    idx = layer.fields().indexOf(style.field)
    is_text = layer.fields().at(idx).type() == QMetaType.Type.QString
    present = {vectors.code_value(v): v for v in layer.uniqueValues(idx)}
    present.pop(None, None)
    known = {code: (name, colour) for code, name, colour in style.classes}
    order = [c for c, _, _ in style.classes if c in present]
    order += sorted(c for c in present if c not in known)
    categories = []
    for code in order:
        name, colour = known.get(code, (f"code {code} (not in the legend)", "#9e9e9e"))
        symbol = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#5a5a5a",
                                             "outline_width": "0.1"})
        value = str(present[code]) if is_text else present[code]
        categories.append(QgsRendererCategory(value, symbol, f"{code} {name}"))
    return QgsCategorizedSymbolRenderer(style.field, categories)


# ------------------------------------------------------------------------------------------
# Points: water level (dated features) and EGMS (velocity + series)
# ------------------------------------------------------------------------------------------
def _qdatetime(value) -> QDateTime:
    q = QDateTime(QDate(value.year, value.month, value.day),
                  QTime(value.hour, value.minute, value.second))
    q.setTimeSpec(1)  # Qt.UTC
    return q


def water_level_layer(path: str | os.PathLike, match: ProductMatch,
                      cache_dir: str | os.PathLike | None = None) -> QgsVectorLayer:
    """One point per observation with its date: the Temporal Controller steps through the
    series; the attribute table is the series (station, date, height, uncertainty).

    The points are written to a GeoPackage in the cache folder (``.clms`` beside the file by
    default), so a saved project keeps them — a memory layer would come back empty.
    """
    try:
        stations = water_level.read(path)
    except ValueError as exc:
        raise VectorLoadError(str(exc)) from exc
    layer = QgsVectorLayer("Point?crs=EPSG:4326", Path(path).stem, "memory")
    prov = layer.dataProvider()
    prov.addAttributes([QgsField("station", QMetaType.Type.QString),
                        QgsField("date", QMetaType.Type.QDateTime),
                        QgsField("height_m", QMetaType.Type.Double),
                        QgsField("uncertainty_m", QMetaType.Type.Double)])
    layer.updateFields()
    feats = []
    for st in stations:
        geom = QgsGeometry.fromPointXY(QgsPointXY(st.lon, st.lat))
        for obs in st.observations:
            feat = QgsFeature(layer.fields())
            feat.setGeometry(geom)
            feat.setAttributes([st.name, _qdatetime(obs.when), obs.height, obs.uncertainty])
            feats.append(feat)
    prov.addFeatures(feats)
    layer.updateExtents()
    layer = _persist(layer, Path(cache_dir) if cache_dir else Path(path).parent / ".clms",
                     Path(path).stem)
    props = layer.temporalProperties()
    props.setMode(Qgis.VectorTemporalMode.FeatureDateTimeInstantFromField)
    props.setStartField("date")
    props.setIsActive(True)
    symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "#0064c8",
                                           "outline_color": "#ffffff", "size": "3"})
    layer.renderer().setSymbol(symbol)
    layer.setName(f"{match.product.title} – {stations[0].name}")
    return layer


def _persist(layer: QgsVectorLayer, folder: Path, stem: str) -> QgsVectorLayer:
    """``layer`` copied to ``folder/stem.gpkg`` (replaced if present) and reopened."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}.gpkg"
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = stem
    err = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(target), QgsCoordinateTransformContext(), options)
    if err[0] != QgsVectorFileWriter.WriterError.NoError:
        raise VectorLoadError(f"cannot write {target}: {err[1]}")
    saved = QgsVectorLayer(f"{target}|layername={stem}", stem, "ogr")
    if not saved.isValid():
        raise VectorLoadError(f"cannot reopen {target}")
    return saved


def egms_uri(csv_path: str, layout: egms.Layout) -> str:
    """Delimited-text URI: the file stays on disk, QGIS indexes it (EGMS files are large)."""
    url = "file://" + quote(Path(csv_path).resolve().as_posix())
    return (f"{url}?type=csv&delimiter=,&detectTypes=yes&xField={layout.x_field}"
            f"&yField={layout.y_field}&crs={layout.crs}&spatialIndex=yes&subsetIndex=no"
            "&watchFile=no")


def egms_layer(path: str | os.PathLike, match: ProductMatch,
               cache_dir: str | os.PathLike | None = None) -> QgsVectorLayer:
    """EGMS points styled by mean velocity (diverging mm/year) with a time-series action."""
    path = str(path)
    if path.lower().endswith(".zip"):
        folder = Path(cache_dir) if cache_dir else Path(path).parent / ".clms"
        path = str(egms.csv_in_archive(path, folder))
    try:
        lay = egms.layout(egms.read_header(path))
    except (ValueError, StopIteration, UnicodeDecodeError) as exc:
        raise VectorLoadError(f"{Path(path).name}: {exc}") from exc
    layer = QgsVectorLayer(egms_uri(path, lay), Path(path).stem, "delimitedtext")
    if not layer.isValid():
        raise VectorLoadError(f"QGIS cannot read '{path}' as an EGMS CSV")
    bounds = match.product.info.get("points", {}).get("classes", [-20, -10, -5, -2, 2, 5,
                                                                      10, 20])
    layer.setRenderer(velocity_renderer(lay.velocity_field, bounds))
    add_series_action(layer)
    level = match.groups.get("level", "")
    layer.setName(f"EGMS {level} {match.groups.get('band', '')} mean velocity".replace(
        "  ", " ").strip())
    layer.setCustomProperty("clms/egms_dates", ",".join(lay.date_fields))
    return layer


def velocity_renderer(field: str, bounds: list[float]) -> QgsGraduatedSymbolRenderer:
    ranges = []
    for lo, hi, colour in egms.velocity_classes(bounds):
        symbol = QgsSymbol.defaultSymbol(Qgis.GeometryType.Point)
        symbol.setColor(QColor(colour))
        symbol.setSize(1.6)
        symbol.symbolLayer(0).setStrokeStyle(0)  # Qt.NoPen: dense points stay readable
        lo_txt = "< " if lo <= -1000 else f"{lo:g} … "
        label = f"{lo_txt}{hi:g} mm/year" if hi < 1000 else f"> {lo:g} mm/year"
        ranges.append(QgsRendererRange(lo, hi, symbol, label))
    renderer = QgsGraduatedSymbolRenderer(field, ranges)
    renderer.setClassAttribute(field)
    return renderer


def add_series_action(layer: QgsVectorLayer) -> QgsAction:
    """An action in the identify results / feature form that plots the clicked point."""
    command = ("from clms_toolbox.clms_plugin.gui import egms_plot\n"
               "egms_plot.show_feature('[% @layer_id %]', [% $id %])")
    action = QgsAction(Qgis.AttributeActionType.GenericPython, EGMS_ACTION, command, "", False,
                       "", {"Feature", "Canvas"})
    layer.actions().addAction(action)
    return action


# ------------------------------------------------------------------------------------------
def apply_metadata(layer: QgsMapLayer, match: ProductMatch, source: str) -> None:
    """Title, abstract (with what the layer holds), licence, attribution and citation."""
    product = match.product
    md = QgsLayerMetadata(layer.metadata())
    md.setTitle(layer.name())
    md.setIdentifier(match.name)
    md.setType("dataset")
    enc = families.encoding_text(match.encoding, product)
    citation = match.citation().replace("{level}", match.groups.get("level", ""))
    md.setAbstract(f"{product.abstract}\n\nContent: {enc}\nSource file: {source}\n"
                   f"Citation: {citation}")
    md.setLicenses([product.licence])
    md.setRights([match.attribution(), f"Citation: {citation}"])
    md.setKeywords({"CLMS": ["Copernicus", "CLMS", product.id]})
    if product.licence_url:
        md.setLinks([QgsAbstractMetadataBase.Link("licence", "WWW:LINK", product.licence_url)])
    md.setHistory([f"Loaded by CLMS Toolbox from {Path(source).name}"])
    layer.setMetadata(md)
    server = layer.serverProperties()
    server.setAttribution(match.attribution())
    if product.licence_url:
        server.setAttributionUrl(product.licence_url)
