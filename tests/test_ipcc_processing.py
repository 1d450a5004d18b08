"""The land-cover algorithms through processing.run, a .model3 and qgis_process (JSON stdin)."""

from __future__ import annotations

import csv

import numpy as np
import pytest
import rasterio
from affine import Affine
from conftest import run_qgis_process
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)


def _lc100(samples_dir, year):
    return str(next((samples_dir / "lc100").glob(f"*_{year}-*.tif")))


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_ipcc_then_change_through_processing_run(provider, samples_dir, tmp_path):
    import processing

    runs = {}
    for year in (2015, 2019):
        runs[year] = processing.run("clms:landcovertoipcc", {
            "INPUT": _lc100(samples_dir, year), "LEGEND": 0,
            "OUTPUT": str(tmp_path / f"ipcc{year}.tif"),
            "AREA_TABLE": str(tmp_path / f"areas{year}.csv")})
    assert runs[2015]["UNMAPPED_PIXELS"] == 0
    areas = {int(r["ipcc_code"]): r for r in _rows(tmp_path / "areas2015.csv")}
    assert areas[1]["category"] == "Forest land" and int(areas[1]["pixels"]) == 49861
    assert "ellipsoidal" in areas[1]["area_method"]
    res = processing.run("clms:landusechange", {
        "INITIAL": runs[2015]["OUTPUT"], "FINAL": runs[2019]["OUTPUT"],
        "OUTPUT": str(tmp_path / "change.tif"), "MATRIX": str(tmp_path / "matrix.csv"),
        "TRANSITIONS": str(tmp_path / "transitions.csv")})
    changed = [r for r in _rows(res["TRANSITIONS"]) if r["initial"] != r["final"]]
    assert [(r["label"], r["pixels"]) for r in changed] == [
        ("Grassland converted to wetlands", "3")]
    with rasterio.open(res["OUTPUT"]) as ds:
        assert int(np.count_nonzero(ds.read(1) == 34)) == 3
    sdg = processing.run("clms:sdg1531landcover", {
        "INITIAL": _lc100(samples_dir, 2015), "FINAL": _lc100(samples_dir, 2019), "LEGEND": 1,
        "OUTPUT": str(tmp_path / "sdg.tif"), "SUMMARY": str(tmp_path / "sdg.csv")})
    summary = {r["status"]: r for r in _rows(sdg["SUMMARY"])}
    assert summary["degraded"]["pixels"] == "2"


def test_algorithms_are_registered_with_batch_support_and_help(provider):
    from qgis.core import QgsApplication, QgsProcessingAlgorithm

    for alg_id in ("clms:landcovertoipcc", "clms:landusechange", "clms:sdg1531landcover"):
        alg = QgsApplication.processingRegistry().algorithmById(alg_id)
        assert alg is not None, alg_id
        assert alg.flags() & QgsProcessingAlgorithm.FlagSupportsBatch
        assert "Sources" in alg.shortHelpString()


def test_styles_load_with_category_names(qgis_app, tmp_path):
    path = tmp_path / "c.tif"
    with rasterio.open(path, "w", driver="GTiff", width=3, height=2, count=1, dtype="uint8",
                       crs="EPSG:3035", transform=Affine(100, 0, 0, 0, -100, 0),
                       nodata=255) as ds:
        ds.write(np.array([[1, 2, 3], [4, 5, 6]], np.uint8), 1)
    # the generated styles (one source of truth: resources/legends), as QML files
    from clms_toolbox.clms_plugin.analysis.landcover.landuse_change import _change_style
    from clms_toolbox.clms_plugin.products import styles

    layer = QgsRasterLayer(str(path), "c")
    (tmp_path / "ipcc.qml").write_text(styles.legend_qml("ipcc"))
    msg, ok = layer.loadNamedStyle(str(tmp_path / "ipcc.qml"))
    assert ok, msg
    labels = [c.label for c in layer.renderer().classes()]
    assert labels == ["Forest land", "Cropland", "Grassland", "Wetlands", "Settlements",
                      "Other land"]
    colours, names = _change_style()
    (tmp_path / "change.qml").write_text(styles.classes_qml(names, colours))
    msg, ok = layer.loadNamedStyle(str(tmp_path / "change.qml"))
    assert ok, msg
    classes = {c.value: c.label for c in layer.renderer().classes()}
    assert classes[12] == "Forest land converted to cropland" and len(classes) == 36


def test_mask_layer_limits_counted_pixels(provider, samples_dir, tmp_path):
    import processing

    lc = _lc100(samples_dir, 2015)
    with rasterio.open(lc) as ds:
        b = ds.bounds
    mid = (b.left + b.right) / 2
    mask = QgsVectorLayer("Polygon?crs=EPSG:4326", "mask", "memory")
    feat = QgsFeature()
    feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(b.left, b.bottom, mid, b.top)))
    mask.dataProvider().addFeatures([feat])
    res = processing.run("clms:landcovertoipcc", {
        "INPUT": lc, "LEGEND": 1, "MASK": mask, "OUTPUT": str(tmp_path / "m.tif"),
        "AREA_TABLE": str(tmp_path / "m.csv")})
    with rasterio.open(res["OUTPUT"]) as ds:
        out = ds.read(1)
        col = int(round((mid - ds.bounds.left) / ds.res[0]))
    assert (out[:, col + 1:] == 255).all() and (out[:, : col - 1] != 255).all()
    counted = sum(int(r["pixels"]) for r in _rows(res["AREA_TABLE"]))
    assert counted == int(np.count_nonzero(out != 255))


def test_bad_inputs_raise_named_errors(provider, samples_dir, tmp_path):
    import processing

    flt = tmp_path / "ndvi.tif"
    with rasterio.open(flt, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32",
                       crs="EPSG:4326", transform=Affine(0.1, 0, 0, 0, -0.1, 0)) as ds:
        ds.write(np.zeros((1, 4, 4), np.float32))
    with pytest.raises(QgsProcessingException, match="INPUT.*float32"):
        processing.run("clms:landcovertoipcc", {"INPUT": str(flt), "LEGEND": 1,
                                                "OUTPUT": str(tmp_path / "x.tif")})
    with pytest.raises(QgsProcessingException, match="custom legend needs a MAPPING"):
        processing.run("clms:landcovertoipcc", {"INPUT": _lc100(samples_dir, 2015),
                                                "LEGEND": 6, "OUTPUT": str(tmp_path / "y.tif")})
    clc = str(samples_dir / "corine" / "clc.tif")
    with pytest.raises(QgsProcessingException, match="(?s)same grid.*EPSG:4326.*EPSG:3042"):
        processing.run("clms:sdg1531landcover", {
            "INITIAL": _lc100(samples_dir, 2015), "FINAL": clc, "LEGEND": 0,
            "OUTPUT": str(tmp_path / "z.tif")})
    with pytest.raises(QgsProcessingException, match="INITIAL: .*not IPCC categories"):
        processing.run("clms:landusechange", {
            "INITIAL": _lc100(samples_dir, 2015), "FINAL": _lc100(samples_dir, 2019),
            "OUTPUT": str(tmp_path / "w.tif"), "MATRIX": str(tmp_path / "w.csv")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ndvi.tif"]


def test_cancel_leaves_no_output(provider, samples_dir, tmp_path):
    import processing

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda _p: feedback.cancel())
    out = tmp_path / "cancelled.tif"
    with pytest.raises(QgsProcessingException, match="Cancelled: no output was written"):
        processing.run("clms:landcovertoipcc", {
            "INPUT": _lc100(samples_dir, 2015), "LEGEND": 1, "OUTPUT": str(out)},
            feedback=feedback)
    assert list(tmp_path.iterdir()) == []


def _model() -> QgsProcessingModelAlgorithm:
    """Two landcovertoipcc children feeding landusechange, as the graphical modeler saves it."""
    model = QgsProcessingModelAlgorithm("LC100 change", "CLMS tests")
    for name in ("initial_lc", "final_lc"):
        model.addModelParameter(QgsProcessingParameterRasterLayer(name, name),
                                QgsProcessingModelParameter(name))
    for cid, param in (("ipcc_a", "initial_lc"), ("ipcc_b", "final_lc")):
        child = QgsProcessingModelChildAlgorithm("clms:landcovertoipcc")
        child.setChildId(cid)
        child.addParameterSources("INPUT", [
            QgsProcessingModelChildParameterSource.fromModelParameter(param)])
        child.addParameterSources("LEGEND", [
            QgsProcessingModelChildParameterSource.fromStaticValue(0)])
        model.addChildAlgorithm(child)
    change = QgsProcessingModelChildAlgorithm("clms:landusechange")
    change.setChildId("change")
    change.addParameterSources("INITIAL", [
        QgsProcessingModelChildParameterSource.fromChildOutput("ipcc_a", "OUTPUT")])
    change.addParameterSources("FINAL", [
        QgsProcessingModelChildParameterSource.fromChildOutput("ipcc_b", "OUTPUT")])
    outputs = {}
    for out_name, label in (("MATRIX", "matrix"), ("TRANSITIONS", "transitions")):
        mo = QgsProcessingModelOutput(label)
        mo.setChildId("change")
        mo.setChildOutputName(out_name)
        outputs[label] = mo
    change.setModelOutputs(outputs)
    model.addChildAlgorithm(change)
    return model


def test_model3_chains_two_reclassifications_into_change(provider, samples_dir, tmp_path):
    import processing

    path = tmp_path / "lc_change.model3"
    assert _model().toFile(str(path))
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path))
    model.initAlgorithm()
    ok, problems = model.validate()
    assert ok, problems
    context = QgsProcessingContext()
    res = processing.run(model, {
        "initial_lc": _lc100(samples_dir, 2015), "final_lc": _lc100(samples_dir, 2019),
        "change:matrix": str(tmp_path / "matrix.csv"),
        "change:transitions": str(tmp_path / "transitions.csv")}, context=context)
    changed = [r for r in _rows(res["change:transitions"]) if r["initial"] != r["final"]]
    assert [r["code"] for r in changed] == ["34"]
    with open(res["change:matrix"], encoding="utf-8") as fh:
        rows = {r[0]: r[1:] for r in csv.reader(fh)}
    assert float(rows["Net change"][3]) > 0  # wetlands gained


@pytest.mark.slow
def test_qgis_process_json_stdin(qgis_process_env, samples_dir, tmp_path):
    answer = run_qgis_process(qgis_process_env, "clms:landcovertoipcc", {
        "INPUT": _lc100(samples_dir, 2019), "LEGEND": 1, "PROFILES": [0],
        "OUTPUT": str(tmp_path / "ipcc.tif"), "AREA_TABLE": str(tmp_path / "a.csv")})
    assert answer["results"]["OUTPUT"] == str(tmp_path / "ipcc.tif")
    rows = {int(r["ipcc_code"]): int(r["pixels"]) for r in _rows(tmp_path / "a.csv")}
    # Profile 0 = shrubland → other land: the 3111 shrub pixels of 2019 move to code 6.
    assert rows[6] == 3111 and rows[3] == 6072


def test_change_matrix_defaults_to_a_temporary_file(provider, samples_dir, tmp_path):
    """Scripts that only ask for the raster still get the matrix (a temporary table layer
    with numeric category columns)."""
    import processing

    ipcc = {year: processing.run("clms:landcovertoipcc", {
        "INPUT": _lc100(samples_dir, year), "LEGEND": 1,
        "OUTPUT": str(tmp_path / f"i{year}.tif")})["OUTPUT"] for year in (2015, 2019)}
    res = processing.run("clms:landusechange", {
        "INITIAL": ipcc[2015], "FINAL": ipcc[2019], "OUTPUT": str(tmp_path / "c.tif")})
    layer = res["MATRIX"]  # processing.run hands over the temporary layer itself
    assert layer.isValid() and layer.fields().names()[1] == "Forest land"
    assert layer.fields().field("Forest land").isNumeric()
    feats = list(layer.getFeatures())
    assert feats[2][0] == "Grassland" and isinstance(feats[2]["Forest land"], float)
