"""The zonal algorithms through processing.run, qgis_process (JSON stdin) and .model3 chains.

Zones are given in Web Mercator while the rasters are EPSG:4326: a Mercator rectangle is an
exact lon/lat rectangle, so the glue's QgsCoordinateTransform result can be checked against a
direct core run with the rectangle's corners converted by the spherical Mercator formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import struct

import numpy as np
import pytest
import rasterio
from _models import add_decode_inputs
from conftest import run_qgis_process
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterRasterLayer,
    QgsVectorLayer,
)

from clms_toolbox.clms_plugin.analysis.phenology import inputs as pi
from clms_toolbox.clms_plugin.analysis.zonal import zonal_time_series
from clms_toolbox.clms_plugin.products import registry
from clms_toolbox.devtools import phenology_synthetic as syn

R = 6378137.0


def merc(lon: float, lat: float) -> tuple[float, float]:
    return (math.radians(lon) * R, R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def wkb(*rings) -> bytes:
    out = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        out += struct.pack("<I", len(ring)) + np.asarray(ring, float).tobytes()
    return out


def wkt(*rings, proj=merc) -> str:
    parts = ["(" + ", ".join(f"{x!r} {y!r}" for x, y in (proj(*p) for p in r)) + ")"
             for r in rings]
    return f"POLYGON({', '.join(parts)})"


@pytest.fixture(scope="module")
def ndvi_files(tmp_path_factory):
    paths = syn.write_ndvi300_stack(tmp_path_factory.mktemp("zonal-ndvi"), 2019, 2019,
                                    (24, 30), seed=4)
    return [str(p) for p in paths]


# lon/lat rings inside the NDVI grid (-4.0 … -3.911 E, 40.929 … 41.0 N)
FIELD_A = [rect(-3.9951, 40.9510, -3.9507, 40.9923), rect(-3.985, 40.96, -3.975, 40.97)]
FIELD_B = [rect(-3.9413, 40.9411, -3.9402, 40.9417)]  # smaller than one cell


def zones_layer(tmp_path=None):
    layer = QgsVectorLayer("Polygon?crs=EPSG:3857&field=name:string", "zones", "memory")
    feats = []
    for name, rings in (("A", FIELD_A), ("B", FIELD_B)):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt(*rings)))
        f["name"] = name
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def _rows(path):
    """CSV rows; OGR writes dates as YYYY/MM/DD: turn them into ISO for the comparisons."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        if r.get("date"):
            r["date"] = r["date"].replace("/", "-")
    return rows


def test_zonal_time_series_processing_run(provider, ndvi_files, tmp_path):
    import processing

    res = processing.run("clms:zonaltimeseries", {
        "INPUT": ndvi_files, "PRODUCT": 0, "ZONES": zones_layer(), "ZONE_FIELD": "name",
        "STATISTICS": [0, 2, 4, 9], "WEIGHTING": 0,
        "OUTPUT": str(tmp_path / "long.csv"), "WIDE": str(tmp_path / "wide.csv"),
        "REPORT": str(tmp_path / "report.html")})
    rows = _rows(res["OUTPUT"])
    assert list(rows[0]) == ["zone", "date", "mean", "min", "median", "valid_fraction"]
    assert len(rows) == 2 * 36 and rows[0]["zone"] == "A" and rows[0]["date"] == "2019-01-01"
    stack = pi.resolve_stack(ndvi_files)
    direct = zonal_time_series(stack.paths, stack.dates, [wkb(*FIELD_A), wkb(*FIELD_B)],
                               ["A", "B"], ["mean", "min", "median", "valid_fraction"],
                               encoding=registry.get("ndvi_300m").encoding)
    got = np.array([[float(r["mean"]) if r["mean"] else np.nan for r in rows
                     if r["zone"] == z] for z in "AB"])
    np.testing.assert_allclose(got, direct.values["mean"], rtol=1e-6, equal_nan=True)
    wide = _rows(res["WIDE"])
    assert list(wide[0])[:2] == ["zone", "2019-01-01"] and len(wide) == 2
    assert float(wide[0]["2019-01-01"]) == pytest.approx(float(rows[0]["mean"]))
    assert "<svg" in open(res["REPORT"], encoding="utf-8").read()


def test_errors_name_the_parameter(provider, ndvi_files, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="DATES"):
        processing.run("clms:zonaltimeseries", {
            "INPUT": ndvi_files, "DATES": "2019-01-01", "ZONES": zones_layer(),
            "OUTPUT": str(tmp_path / "x.csv")})


def test_anomaly_processing_run(provider, ndvi_files, tmp_path):
    import processing

    res = processing.run("clms:anomaly", {
        "INPUT": ndvi_files[:12], "PRODUCT": 0, "PERIOD": 1, "METHOD": 1, "MIN_YEARS": 1,
        "OUTPUT": str(tmp_path / "anom.tif")})
    with rasterio.open(res["OUTPUT"]) as ds, rasterio.open(ndvi_files[0]) as src:
        assert ds.count == 12 and ds.descriptions[0] == "2019-01-01"
        jan = np.stack([registry.get("ndvi_300m").encoding.decode_filled(
            rasterio.open(p).read(1)) for p in ndvi_files[:3]])
        with np.errstate(invalid="ignore"):
            expected = jan[0] - np.nanmean(jan, axis=0)
        np.testing.assert_allclose(ds.read(1), expected, rtol=1e-5, atol=1e-6)
        assert src.shape == ds.shape
    qml = (tmp_path / "anom.qml").read_text(encoding="utf-8")  # the registry's diverging ramp
    assert all(colour in qml for _, colour in registry.ramp("anomaly"))


def test_qgis_process_zonal_time_series(qgis_process_env, ndvi_files, tmp_path):
    zones = tmp_path / "zones.geojson"
    zones.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": 7},
         "geometry": {"type": "Polygon", "coordinates": [FIELD_A[0]]}}]}))
    answer = run_qgis_process(qgis_process_env, "clms:zonaltimeseries", {
        "INPUT": ndvi_files[:6], "PRODUCT": 2 + registry.product_ids().index("ndvi_300m"),
        "ZONES": str(zones), "ZONE_FIELD": "id", "STATISTICS": [0, 1, 8],
        "OUTPUT": str(tmp_path / "ts.csv")})
    rows = _rows(answer["results"]["OUTPUT"])
    assert [r["zone"] for r in rows] == ["7"] * 6 and float(rows[0]["count"]) > 10


def _zonal_model() -> QgsProcessingModelAlgorithm:
    """decodeproduct ×3 → zonaltimeseries; landcovertoipcc → zonalclassareas."""
    model = QgsProcessingModelAlgorithm("zonal chain", "tests")
    names = ["n0", "n1", "n2"]
    add_decode_inputs(model, names)
    model.addModelParameter(QgsProcessingParameterFeatureSource("zones", "zones"),
                            QgsProcessingModelParameter("zones"))
    model.addModelParameter(QgsProcessingParameterRasterLayer("lc", "lc"),
                            QgsProcessingModelParameter("lc"))
    zts = QgsProcessingModelChildAlgorithm("clms:zonaltimeseries")
    zts.setChildId("zts")
    zts.addParameterSources("INPUT", [
        QgsProcessingModelChildParameterSource.fromChildOutput(f"decode_{n}", "OUTPUT")
        for n in names])
    ipcc = QgsProcessingModelChildAlgorithm("clms:landcovertoipcc")
    ipcc.setChildId("ipcc")
    ipcc.addParameterSources("INPUT", [
        QgsProcessingModelChildParameterSource.fromModelParameter("lc")])
    ipcc.addParameterSources("LEGEND", [QgsProcessingModelChildParameterSource.fromStaticValue(1)])
    areas = QgsProcessingModelChildAlgorithm("clms:zonalclassareas")
    areas.setChildId("areas")
    areas.addParameterSources("INPUT", [
        QgsProcessingModelChildParameterSource.fromChildOutput("ipcc", "OUTPUT")])
    static = {"zts": {"DATES": "2019-01-01,2019-01-11,2019-01-21", "PRODUCT": 1,
                      "STATISTICS": [0, 9]},
              "areas": {"DATES": "2019-01-01", "LEGEND": 0}}
    for child in (zts, areas):
        child.addParameterSources("ZONES", [
            QgsProcessingModelChildParameterSource.fromModelParameter("zones")])
        for key, value in static[child.childId()].items():
            child.addParameterSources(key, [
                QgsProcessingModelChildParameterSource.fromStaticValue(value)])
        out = QgsProcessingModelOutput(child.childId(), child.childId())
        out.setChildOutputName("OUTPUT")
        child.setModelOutputs({child.childId(): out})
    for child in (zts, ipcc, areas):
        model.addChildAlgorithm(child)
    return model


def test_model3_chains_decode_and_ipcc_into_zonal(provider, ndvi_files, samples_dir, tmp_path):
    import processing

    path = tmp_path / "zonal_chain.model3"
    assert _zonal_model().toFile(str(path))
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path))
    ok, problems = model.validate()
    assert ok, problems
    lc = str(next((samples_dir / "lc100").glob("*_2019-*.tif")))
    with rasterio.open(lc) as ds:  # zones over the LC100 clip: its western half
        b = ds.bounds
    lc_zone = QgsVectorLayer("Polygon?crs=EPSG:4326", "lc zones", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt(wkt(rect(b.left, b.bottom, (b.left + b.right) / 2,
                                               b.top), proj=lambda x, y: (x, y))))
    lc_zone.dataProvider().addFeatures([f])
    res = processing.run(model, {
        "n0": ndvi_files[0], "n1": ndvi_files[1], "n2": ndvi_files[2], "lc": lc,
        "zones": zones_layer(), "zts": str(tmp_path / "zts.csv"),
        "areas": str(tmp_path / "areas.csv")})
    direct = processing.run("clms:zonaltimeseries", {
        "INPUT": ndvi_files[:3], "PRODUCT": 0, "ZONES": zones_layer(),
        "STATISTICS": [0, 9], "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    means = [f["mean"] for f in direct.getFeatures()]
    chained = [float(r["mean"]) if r["mean"] else None for r in _rows(res["zts"])]
    np.testing.assert_allclose([m for m in chained if m is not None],
                               [m for m in means if m is not None], rtol=1e-6)
    # the same model with zones over the land cover: IPCC names and areas reconcile
    res = processing.run(model, {
        "n0": ndvi_files[0], "n1": ndvi_files[1], "n2": ndvi_files[2], "lc": lc,
        "zones": lc_zone, "zts": str(tmp_path / "zts2.csv"),
        "areas": str(tmp_path / "areas2.csv")})
    rows = _rows(res["areas"])
    names = {r["class_name"] for r in rows}
    assert "Forest land" in names and all(r["date"] == "2019-01-01" for r in rows)
    shares = sum(float(r["share"]) for r in rows if r["share"])
    assert shares == pytest.approx(1.0)
    assert "ellipsoidal" in rows[0]["area_method"]
    total = sum(float(r["area_ha"]) for r in rows)
    with rasterio.open(lc) as ds:  # half the clip's columns, ellipsoidal cell areas per row
        from clms_toolbox.clms_plugin.analysis.engine.cellarea import cell_areas_m2

        areas, _ = cell_areas_m2(ds, 0, ds.height)
        expected = areas.sum() * ds.width / 2 / 1e4
    assert total == pytest.approx(expected, rel=1e-9)
    assert dt.date.fromisoformat(rows[0]["date"]).year == 2019
