"""Tables written through the geometry-less feature sink keep one type per column."""

from __future__ import annotations

import datetime as dt

import pytest
from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

from clms_toolbox.processing_provider.table_sink import table_parameter, write_table

COLUMNS = [("zone", "str"), ("date", "date"), ("pixels", "int"), ("area_ha", "float")]
ROWS = [("a", dt.date(2020, 1, 1), 3, 1.5), ("b", dt.date(2020, 2, 1), 4, 2.25)]


class _TableAlg(QgsProcessingAlgorithm):
    def name(self):
        return "tabletest"

    def createInstance(self):
        return _TableAlg()

    def initAlgorithm(self, config=None):
        self.addParameter(table_parameter("OUTPUT", "Table"))
        self.addParameter(table_parameter("EXTRA", "Extra", optional=True,
                                          create_by_default=False))

    def processAlgorithm(self, parameters, context, feedback):
        return {"OUTPUT": write_table(self, parameters, "OUTPUT", context, COLUMNS, ROWS),
                "EXTRA": write_table(self, parameters, "EXTRA", context, COLUMNS, ROWS)}


@pytest.mark.parametrize("ext", ["csv", "xlsx", "gpkg", "ods"])
def test_every_format_reads_back_numbers(qgis_app, tmp_path, ext):
    alg = _TableAlg()
    alg.initAlgorithm()
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    out = tmp_path / f"t.{ext}"
    params = {"OUTPUT": str(out), "EXTRA": None}
    ok, _ = alg.prepare(params, context, feedback), None
    assert ok
    res = alg.runPrepared(params, context, feedback)
    assert res["EXTRA"] is None
    uri = str(out)
    if ext == "csv":
        uri = f"file://{out}?type=csv&detectTypes=yes&geomType=none"
        layer = QgsVectorLayer(uri, "t", "delimitedtext")
    else:
        layer = QgsVectorLayer(uri, "t", "ogr")
    assert layer.isValid()
    feats = list(layer.getFeatures())
    assert [f["zone"] for f in feats] == ["a", "b"]
    assert [int(f["pixels"]) for f in feats] == [3, 4]
    assert [float(f["area_ha"]) for f in feats] == [1.5, 2.25]
    idx = layer.fields().indexOf("area_ha")
    assert layer.fields().at(idx).isNumeric()
