"""clms:landrepresentation through processing.run, a .model3 and qgis_process (JSON stdin)."""

from __future__ import annotations

import csv

import numpy as np
import pytest
import rasterio
from affine import Affine
from conftest import run_qgis_process
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)

F, C, G, ND = 1, 2, 3, 255


def _write(path, values):
    arr = np.asarray(values, dtype=np.uint8).reshape(1, 1, -1)
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[2], height=1, count=1,
                       dtype="uint8", crs="EPSG:3035", nodata=255,
                       transform=Affine(100, 0, 4_000_000, 0, -100, 3_000_000)) as ds:
        ds.write(arr)
    return str(path)


def _series(tmp_path):
    """Pixels: stable forest, cropland → forest in 2006, forest → nodata 2012 → cropland."""
    return [_write(tmp_path / f"ipcc_{y}.tif", v) for y, v in
            ((2000, [F, C, F]), (2006, [F, F, F]), (2012, [F, F, ND]), (2018, [F, F, C]))]


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_processing_run_table_rasters_report_and_styles(provider, tmp_path):
    import processing

    res = processing.run("clms:landrepresentation", {
        "INPUT": _series(tmp_path), "TRANSITION_YEARS": 10, "REPORT_YEARS": "2004-2020",
        "OUTPUT": str(tmp_path / "rep.csv"), "CONVERSION_YEAR": str(tmp_path / "conv.tif"),
        "PREVIOUS_CATEGORY": str(tmp_path / "prev.tif"),
        "REPORT": str(tmp_path / "rep.html")})
    rows = _rows(res["OUTPUT"])
    assert list(rows[0]) == ["year", "category", "subcategory", "from_category", "pixels",
                             "area_ha", "area_method"]
    got = {(int(r["year"]), r["subcategory"]): int(r["pixels"]) for r in rows}
    # cropland → forest land in 2006, T = 10: converted 2006–2015, remaining from 2016
    assert got[(2005, "Cropland converted to forest land")] == 0
    assert got[(2006, "Cropland converted to forest land")] == 1
    assert got[(2015, "Cropland converted to forest land")] == 1
    assert got[(2016, "Cropland converted to forest land")] == 0
    assert got[(2016, "Forest land remaining forest land")] == 2
    assert got[(2012, "No data")] == 1 and got[(2018, "No data")] == 0
    assert got[(2018, "Forest land converted to cropland")] == 1
    for year in range(2004, 2021):
        assert sum(int(r["pixels"]) for r in rows if int(r["year"]) == year) == 3
        assert sum(float(r["area_ha"]) for r in rows if int(r["year"]) == year) == \
            pytest.approx(3.0)
    with rasterio.open(res["CONVERSION_YEAR"]) as a, rasterio.open(res["PREVIOUS_CATEGORY"]) as b:
        assert a.read(1)[0].tolist() == [0, 2006, 2018]
        assert b.read(1)[0].tolist() == [0, C, F]
        assert a.dtypes[0] == "uint16" and b.colormap(1)[1][:3] == (0x1b, 0x7a, 0x2e)
    conv = QgsRasterLayer(res["CONVERSION_YEAR"], "c")  # picks up the .qml sidecar
    assert conv.renderer().type() == "singlebandpseudocolor"
    labels = [item.label for item in conv.renderer().shader().rasterShaderFunction()
              .colorRampItemList()]
    assert labels[0] == "No conversion" and labels[1] == "≤ 2000" and labels[-1] == "2020"
    prev = QgsRasterLayer(res["PREVIOUS_CATEGORY"], "p")
    assert [c.label for c in prev.renderer().classes()][:2] == [
        "No conversion (or origin unknown)", "From forest land"]
    html = open(res["REPORT"], encoding="utf-8").read()
    assert "<svg" in html and "2004–2020" in html


def test_errors_name_the_parameter(provider, tmp_path):
    import processing

    paths = _series(tmp_path)
    unnamed = _write(tmp_path / "map.tif", [F, F, F])
    with pytest.raises(QgsProcessingException, match="YEARS: cannot find the year of map.tif"):
        processing.run("clms:landrepresentation", {
            "INPUT": [paths[0], unnamed], "OUTPUT": str(tmp_path / "x.csv")})
    with pytest.raises(QgsProcessingException, match="REPORT_YEARS: the report starts in 1990"):
        processing.run("clms:landrepresentation", {
            "INPUT": paths, "REPORT_YEARS": "1990-2000", "OUTPUT": str(tmp_path / "x.csv")})
    lc = _write(tmp_path / "lc_2024.tif", [40, 40, 40])
    with pytest.raises(QgsProcessingException, match=r"INPUT: lc_2024.tif holds values \(40\)"):
        processing.run("clms:landrepresentation", {
            "INPUT": [*paths, lc], "OUTPUT": str(tmp_path / "x.csv"),
            "CONVERSION_YEAR": str(tmp_path / "x.tif")})
    assert not (tmp_path / "x.tif").exists() and not (tmp_path / "x.csv").exists()


def _lc100(samples_dir, year):
    return str(next((samples_dir / "lc100").glob(f"*_{year}-*.tif")))


def _model() -> QgsProcessingModelAlgorithm:
    """Two landcovertoipcc children feeding landrepresentation, as the modeler saves it."""
    model = QgsProcessingModelAlgorithm("LC100 representation", "CLMS tests")
    for name in ("lc_2015", "lc_2019"):
        model.addModelParameter(QgsProcessingParameterRasterLayer(name, name),
                                QgsProcessingModelParameter(name))
    for cid, param in (("ipcc_a", "lc_2015"), ("ipcc_b", "lc_2019")):
        child = QgsProcessingModelChildAlgorithm("clms:landcovertoipcc")
        child.setChildId(cid)
        child.addParameterSources("INPUT", [
            QgsProcessingModelChildParameterSource.fromModelParameter(param)])
        child.addParameterSources("LEGEND", [
            QgsProcessingModelChildParameterSource.fromStaticValue(0)])
        model.addChildAlgorithm(child)
    rep = QgsProcessingModelChildAlgorithm("clms:landrepresentation")
    rep.setChildId("rep")
    rep.addParameterSources("INPUT", [
        QgsProcessingModelChildParameterSource.fromChildOutput("ipcc_a", "OUTPUT"),
        QgsProcessingModelChildParameterSource.fromChildOutput("ipcc_b", "OUTPUT")])
    rep.addParameterSources("YEARS", [
        QgsProcessingModelChildParameterSource.fromStaticValue("2015,2019")])
    rep.addParameterSources("REPORT_YEARS", [
        QgsProcessingModelChildParameterSource.fromStaticValue("2015-2020")])
    out = QgsProcessingModelOutput("table")
    out.setChildId("rep")
    out.setChildOutputName("OUTPUT")
    rep.setModelOutputs({"table": out})
    model.addChildAlgorithm(rep)
    return model


def test_model3_chains_two_reclassifications_into_representation(provider, samples_dir,
                                                                tmp_path):
    import processing

    path = tmp_path / "lc_representation.model3"
    assert _model().toFile(str(path))
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path))
    model.initAlgorithm()
    ok, problems = model.validate()
    assert ok, problems
    res = processing.run(model, {
        "lc_2015": _lc100(samples_dir, 2015), "lc_2019": _lc100(samples_dir, 2019),
        "rep:table": str(tmp_path / "table.csv")}, context=QgsProcessingContext())
    rows = _rows(res["rep:table"])
    converted = {(r["year"], r["subcategory"]): int(r["pixels"]) for r in rows
                 if "converted" in r["subcategory"]}
    # the 2015 → 2019 LC100 clip changes 3 pixels from grassland to wetlands (see the
    # landusechange test): converted from 2019, carried forward to 2020
    assert converted == {("2015", "Grassland converted to wetlands"): 0,
                         ("2016", "Grassland converted to wetlands"): 0,
                         ("2017", "Grassland converted to wetlands"): 0,
                         ("2018", "Grassland converted to wetlands"): 0,
                         ("2019", "Grassland converted to wetlands"): 3,
                         ("2020", "Grassland converted to wetlands"): 3}
    forest = {r["year"]: int(r["pixels"]) for r in rows
              if r["subcategory"] == "Forest land remaining forest land"}
    assert forest["2015"] == 49861  # the landcovertoipcc area table's forest pixels
    assert "ellipsoidal" in rows[0]["area_method"]


@pytest.mark.slow
def test_qgis_process_json_stdin(qgis_process_env, tmp_path):
    paths = _series(tmp_path)
    answer = run_qgis_process(qgis_process_env, "clms:landrepresentation", {
        "INPUT": paths, "TRANSITION_YEARS": 1, "CONVERSION_DATING": 1,
        "OUTPUT": str(tmp_path / "t.csv"), "CONVERSION_YEAR": str(tmp_path / "c.tif")})
    assert answer["results"]["OUTPUT"] == str(tmp_path / "t.csv")
    got = {(int(r["year"]), r["subcategory"]): int(r["pixels"]) for r in _rows(tmp_path / "t.csv")}
    # midpoint dating: 2000 → 2006 dated 2003; T = 1: converted in 2003 only
    assert got[(2003, "Cropland converted to forest land")] == 1
    assert got[(2004, "Cropland converted to forest land")] == 0
    assert got[(2002, "Cropland remaining cropland")] == 1
    with rasterio.open(tmp_path / "c.tif") as ds:
        assert ds.read(1)[0].tolist() == [0, 2003, 2012]


def test_cancel_leaves_no_output(provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda _p: feedback.cancel())
    # the house cancel policy: a cancelled run fails and leaves nothing
    with pytest.raises(QgsProcessingException, match="Cancelled: no output was written"):
        processing.run("clms:landrepresentation", {
            "INPUT": _series(tmp_path), "OUTPUT": str(tmp_path / "t.csv"),
            "CONVERSION_YEAR": str(tmp_path / "c.tif"),
            "PREVIOUS_CATEGORY": str(tmp_path / "p.tif")}, feedback=feedback)
    # (QGIS may leave statistics in .aux.xml beside the inputs it loaded)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".aux.xml")) == [
        "ipcc_2000.tif", "ipcc_2006.tif", "ipcc_2012.tif", "ipcc_2018.tif"]


def test_registered_with_the_contract_parameters(provider):
    from qgis.core import QgsApplication, QgsProcessingAlgorithm

    alg = QgsApplication.processingRegistry().algorithmById("clms:landrepresentation")
    assert alg is not None and alg.flags() & QgsProcessingAlgorithm.FlagSupportsBatch
    names = [p.name() for p in alg.parameterDefinitions()]
    assert names == ["INPUT", "YEARS", "TRANSITION_YEARS", "REPORT_YEARS", "CONVERSION_DATING",
                     "HISTORY", "OUTPUT", "CONVERSION_YEAR", "PREVIOUS_CATEGORY", "REPORT"]
    assert alg.parameterDefinition("TRANSITION_YEARS").defaultValue() == 20
    assert alg.parameterDefinition("CONVERSION_DATING").options()[1].startswith("Midpoint")
    assert "y+T−1" in alg.shortHelpString() and "Sources" in alg.shortHelpString()
