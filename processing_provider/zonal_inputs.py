"""Glue shared by the zonal algorithms: zones → WKB in the raster CRS, the PRODUCT enum.

Why in the glue: only QGIS reads every vector format and knows every CRS transformation the
project configures. On the main thread (the base's ``prepare`` hook) each zone is
transformed to the raster's CRS with QgsCoordinateTransform, curves are segmentised, Z/M
dropped, and the core gets plain WKB bytes plus a label per zone.
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType

from ..clms_plugin.analysis.engine.errors import ParameterError
from ..clms_plugin.products import registry
from ..clms_plugin.products.dates import PARAMETER_HELP
from ..clms_plugin.products.encodings import product_encoding, recognised_encoding

AUTO_PHYSICAL = ("Auto (from the file name, else physical values)",
                 "Physical values (file nodata / NaN masked)")


def product_options() -> list[str]:
    """PRODUCT enum: 0 auto, 1 physical values, then the registry's products in registry
    order. A public contract: new products are appended to the registry, never inserted."""
    return list(AUTO_PHYSICAL) + [f"{p.title} ({p.id})" for p in registry.products()]


def encoding_for(choice: int, path: str) -> tuple[registry.Encoding | None, str]:
    """Encoding for the PRODUCT enum value (None = plain physical values) and a label; the
    choice itself is the decode domain's (``analysis.decode``), shared with decodeproduct."""
    if choice == 0:
        encoding, match = recognised_encoding(path)
        if encoding is None:
            return None, "physical values (no CLMS product recognised in the file name)"
        return encoding, f"{match.product.title} (from the file name)"
    if choice == 1:
        return None, "physical values"
    ids = registry.product_ids()
    if not 2 <= choice < len(ids) + 2:
        raise ParameterError("PRODUCT", f"{choice} is not one of 0…{len(ids) + 1}")
    encoding, _ = product_encoding(ids[choice - 2], path)
    return encoding, registry.get(ids[choice - 2]).title


def field_kind(source, field_name: str) -> str:
    """Table column kind of the zone label: int, float or str (feature id → int)."""
    if not field_name:
        return "int"
    idx = source.fields().lookupField(field_name)
    if idx < 0:
        raise ParameterError("ZONE_FIELD", f"no field '{field_name}' in ZONES")
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
    wkbs, labels, skipped, cancelled = [], [], 0, False
    for feature in source.getFeatures(QgsFeatureRequest()):
        if feedback is not None and feedback.isCanceled():
            cancelled = True  # the base answers with its cancel policy before any work
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
    if not wkbs and not cancelled:
        raise QgsProcessingException(alg.tr("ZONES: no polygon with a geometry"))
    return wkbs, labels, kind


WEIGHTING_LABELS = ("Exact: share of each cell inside the zone × cell area",
                    "Cell centre inside the zone (× cell area)")


def add_series_parameters(alg, input_title: str, product: bool = True) -> None:
    """INPUT, DATES (the one grammar's help) and PRODUCT, declared alike by the three."""
    alg.add(QgsProcessingParameterMultipleLayers("INPUT", input_title,
                                                 QgsProcessing.TypeRaster),
            alg.tr("One multiband stack (a band per date) or one raster per date, all on one "
                   "grid; files given in any order are sorted by their dates."))
    alg.add(QgsProcessingParameterString(
        "DATES", alg.tr("Dates, comma-separated ISO (else from metadata / file names)"),
        optional=True), alg.tr(PARAMETER_HELP))
    if product:
        alg.add(QgsProcessingParameterEnum(
            "PRODUCT", alg.tr("Product (decoding)"),
            options=[alg.tr(t) for t in product_options()], defaultValue=0),
            alg.tr("How stored numbers become physical values and which are flags: 0 the "
                   "product recognised in the file name (else physical values), 1 the values "
                   "as they are (file nodata and NaN masked), then a product of the registry."))


def add_zone_parameters(alg) -> None:
    """ZONES, ZONE_FIELD and WEIGHTING, declared alike by both zonal algorithms."""
    alg.add(QgsProcessingParameterFeatureSource(
        "ZONES", alg.tr("Zones (polygons)"), [QgsProcessing.TypeVectorPolygon]),
        alg.tr("Fields, municipalities, NUTS regions … in any CRS (transformed to the "
               "raster's CRS); multipolygons, holes and polygons smaller than a cell are "
               "handled."))
    alg.add(QgsProcessingParameterField(
        "ZONE_FIELD", alg.tr("Zone label field (default: feature id)"),
        parentLayerParameterName="ZONES", optional=True),
        alg.tr("The field whose value labels each zone's rows; empty: the feature id."))
    alg.add(QgsProcessingParameterEnum(
        "WEIGHTING", alg.tr("Cell weighting"),
        options=[alg.tr(t) for t in WEIGHTING_LABELS], defaultValue=0),
        alg.tr("0 exact: each cell weighs the share of its area inside the polygon × its "
               "area (WGS84 ellipsoidal on geographic grids); 1: cells whose centre is inside, "
               "× their area."))
