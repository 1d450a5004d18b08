"""Tables as QGIS layers: one helper that writes core rows to a geometry-less feature sink.

Why: the QGIS-free core returns rows (lists of plain values); only the glue knows QGIS. A
``QgsProcessingParameterFeatureSink`` without geometry is how QGIS's own table outputs
(e.g. *Raster layer unique values report*) work: the user picks a temporary layer, CSV, XLSX,
GeoPackage or ODS by the file name, the table loads in the project, and the modeler can
chain it. Every column has one type, so numbers stay numbers in every format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QMetaType

# column kind -> (QMetaType, QGIS type name); QMetaType, not the deprecated QVariant types
_KINDS = {
    "int": (QMetaType.LongLong, "integer64"),
    "float": (QMetaType.Double, "double"),
    "str": (QMetaType.QString, "string"),
    "date": (QMetaType.QDate, "date"),
}


def table_parameter(name: str, description: str, optional: bool = False,
                    create_by_default: bool = True, temporary_by_default: bool = False
                    ) -> QgsProcessingParameterFeatureSink:
    """A table output (no geometry), as QGIS's own table-producing algorithms declare it;
    ``temporary_by_default``: a script that leaves it out still gets a temporary layer."""
    return QgsProcessingParameterFeatureSink(
        name, description, QgsProcessing.TypeVector,
        defaultValue=QgsProcessing.TEMPORARY_OUTPUT if temporary_by_default else None,
        optional=optional, createByDefault=create_by_default)


def table_fields(columns: Sequence[tuple[str, str]]) -> QgsFields:
    """QgsFields for ``[(name, kind)]`` with kind one of int, float, str, date."""
    fields = QgsFields()
    for name, kind in columns:
        if kind not in _KINDS:
            raise ValueError(f"column {name}: unknown kind {kind!r}")
        qtype, type_name = _KINDS[kind]
        fields.append(QgsField(name, qtype, type_name))
    return fields


def _value(kind: str, value: object) -> object:
    if value is None:
        return None
    if kind == "date" and isinstance(value, dt.date):
        return QDate(value.year, value.month, value.day)
    if kind == "int":
        return int(value)  # numpy ints become Python ints
    if kind == "float":
        return float(value)
    return value


def _target(value: object, context) -> str:
    """The file name a sink value points to ("" for a memory layer or a database)."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.valueAsString(context.expressionContext())[0]
    return str(value or "").split("|")[0]


def write_table(alg, parameters: dict, name: str, context, columns: Sequence[tuple[str, str]],
                rows: Iterable[Sequence[object]], feedback=None) -> str | None:
    """Write ``rows`` to the sink parameter ``name``; return its destination id (or None when
    the optional output was skipped). Raises a message naming the parameter on failure."""
    fields = table_fields(columns)
    layer_options = []
    if _target(parameters.get(name), context).lower().endswith(".csv"):
        # a .csvt beside the CSV declares each column's type: QGIS (and GDAL) then read a
        # column of zeros as numbers, not as booleans or text
        layer_options = ["CREATE_CSVT=YES", "STRING_QUOTING=IF_NEEDED"]
    sink, dest_id = alg.parameterAsSink(parameters, name, context, fields,
                                        QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem(),
                                        QgsFeatureSink.SinkFlags(), {}, [], layer_options)
    if sink is None:
        definition = alg.parameterDefinition(name)
        if definition is not None and \
                definition.flags() & QgsProcessingParameterDefinition.FlagOptional:
            return None  # the user skipped this optional table
        raise QgsProcessingException(
            alg.tr("{0}: cannot create the table output; choose another file name or format.")
            .format(name))
    kinds = [k for _, k in columns]
    for row in rows:
        if feedback is not None and feedback.isCanceled():
            break
        feat = QgsFeature(fields)
        feat.setAttributes([_value(k, v) for k, v in zip(kinds, row)])
        if not sink.addFeature(feat, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(
                alg.tr("{0}: writing a row failed: {1}").format(name, sink.lastError()))
    del sink  # flushes and closes file-based sinks
    return dest_id
