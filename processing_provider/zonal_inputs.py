"""Glue shared by the zonal algorithms: zones → WKB in the raster CRS, stacks, PRODUCT enum.

Why in the glue: only QGIS reads every vector format and knows every CRS transformation the
project configures. On the main thread (``prepareAlgorithm``) each zone is transformed to the
raster's CRS with QgsCoordinateTransform, curves are segmentised, Z/M dropped, and the core
gets plain WKB bytes plus a label per zone.
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType

from ..clms_plugin.products import registry

AUTO_PHYSICAL = ("Auto (from the file name, else physical values)",
                 "Physical values (file nodata / NaN masked)")


def product_options() -> list[str]:
    """PRODUCT enum: 0 auto, 1 physical values, then the registry's products (in order)."""
    return list(AUTO_PHYSICAL) + [f"{p.title} ({p.id})" for p in registry.products()]


def encoding_for(choice: int, path: str) -> tuple[registry.Encoding | None, str]:
    """Encoding for the PRODUCT enum value (None = plain physical values) and a label."""
    if choice == 0:
        match = registry.identify(path)
        if match is None or match.encoding.kind != "continuous":
            return None, "physical values (no CLMS product recognised in the file name)"
        return match.encoding, f"{match.product.title} (from the file name)"
    if choice == 1:
        return None, "physical values"
    products = registry.products()
    if not 2 <= choice < len(products) + 2:
        raise QgsProcessingException(f"PRODUCT: {choice} is not one of 0…{len(products) + 1}")
    product = products[choice - 2]
    match = registry.identify(path)
    band = match.band if match and match.product.id == product.id else None
    return product.encoding_for(band), product.title


def field_kind(source, field_name: str) -> str:
    """Table column kind of the zone label: int, float or str (feature id → int)."""
    if not field_name:
        return "int"
    idx = source.fields().lookupField(field_name)
    if idx < 0:
        raise QgsProcessingException(f"ZONE_FIELD: no field '{field_name}' in ZONES")
    meta = source.fields().at(idx).type()
    if meta in (QMetaType.Int, QMetaType.LongLong, QMetaType.UInt, QMetaType.ULongLong):
        return "int"
    if meta == QMetaType.Double:
        return "float"
    return "str"


def read_zones(alg, parameters, context, raster_crs, feedback
               ) -> tuple[list[bytes], list[object], str]:
    """Every polygon of ZONES as WKB in ``raster_crs``, its label and the label's kind."""
    source = alg.parameterAsSource(parameters, "ZONES", context)
    if source is None:
        raise QgsProcessingException(alg.tr("ZONES: the polygon layer is missing or invalid"))
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PolygonGeometry:
        raise QgsProcessingException(alg.tr("ZONES: give a polygon layer"))
    field = alg.parameterAsString(parameters, "ZONE_FIELD", context)
    kind = field_kind(source, field)
    transform = QgsCoordinateTransform(source.sourceCrs(), raster_crs,
                                       context.transformContext())
    wkbs, labels, skipped = [], [], 0
    for feature in source.getFeatures(QgsFeatureRequest()):
        if feedback is not None and feedback.isCanceled():
            break
        geom = QgsGeometry(feature.geometry())
        if geom.isNull() or geom.isEmpty():
            skipped += 1
            continue
        if not transform.isShortCircuited():
            # keep edges that are straight in the zones' CRS (a parallel, a UTM line) close
            # to their true course in the raster's CRS: no segment longer than 1/256 of
            # the feature's extent is transformed as a straight line
            box = geom.boundingBox()
            step = max(box.width(), box.height()) / 256.0
            if step > 0:
                geom = geom.densifyByDistance(step)
            try:
                geom.transform(transform)
            except Exception as exc:  # noqa: BLE001 - QgsCsException: name the zone
                raise QgsProcessingException(alg.tr(
                    "ZONES: feature {0} cannot be transformed to the raster CRS ({1})")
                    .format(feature.id(), exc)) from exc
        if QgsWkbTypes.isCurvedType(geom.wkbType()):
            geom.convertToStraightSegment()
        abstract = geom.get()
        abstract.dropZValue()
        abstract.dropMValue()
        wkbs.append(bytes(geom.asWkb()))
        value = feature[field] if field else feature.id()
        labels.append(None if value is None or value == "" or str(value) == "NULL" else value)
    if skipped and feedback is not None:
        feedback.pushWarning(alg.tr("ZONES: {0} feature(s) without geometry skipped")
                             .format(skipped))
    if not wkbs:
        raise QgsProcessingException(alg.tr("ZONES: no polygon with a geometry"))
    return wkbs, labels, kind


def raster_paths(alg, parameters, context, name: str = "INPUT"):
    """(paths, first layer) of a multiple-raster parameter; clear error when empty."""
    layers = alg.parameterAsLayerList(parameters, name, context)
    if not layers:
        raise QgsProcessingException(alg.tr(
            "{0}: no raster layer given; add one multiband stack or one raster per date")
            .format(name))
    return [alg.raster_path(layer, name) for layer in layers], layers[0]
