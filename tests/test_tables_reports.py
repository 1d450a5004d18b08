"""Tables are QGIS layers, reports are pages with charts, enums are append-only.

- ``landusechange`` MATRIX as CSV, XLSX and GeoPackage: every data cell reads back as a
  number (no trailing "Area method" row turning a column into text);
- a ``.model3`` chains the change matrix into QGIS's own table algorithm;
- REPORT pages of the four change algorithms contain their charts and are declared as HTML
  outputs (listed by the Processing Results Viewer);
- LEGEND / PRODUCT / CONVERT enums keep their numbering.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from _alg_cases import _write, make_case
from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingOutputHtml,
    QgsProcessingParameterRasterLayer,
    QgsVectorLayer,
)

CATEGORIES = ["Forest land", "Cropland", "Grassland", "Wetlands", "Settlements", "Other land",
              "No data"]


def _ipcc(path: Path, data: list[list[int]]) -> str:
    """IPCC categories on a 100 m grid (1 ha pixels)."""
    import rasterio
    from rasterio.transform import from_origin

    arr = np.array(data, np.uint8)
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[1], height=arr.shape[0],
                       count=1, dtype="uint8", crs="EPSG:3035", nodata=255,
                       transform=from_origin(4000000, 3000000, 100, 100)) as ds:
        ds.write(arr, 1)
    return str(path)


def _change_inputs(tmp_path: Path) -> tuple[str, str]:
    return (_ipcc(tmp_path / "a.tif", [[1, 1, 1, 2], [3, 3, 255, 6]]),
            _ipcc(tmp_path / "b.tif", [[1, 2, 2, 2], [1, 3, 4, 255]]))


def _layer(path: str) -> QgsVectorLayer:
    if path.endswith(".csv"):
        uri = f"file://{path}?type=csv&detectTypes=yes&geomType=none"
        return QgsVectorLayer(uri, "m", "delimitedtext")
    return QgsVectorLayer(path, "m", "ogr")


@pytest.mark.parametrize("ext", ["csv", "xlsx", "gpkg"])
def test_matrix_cells_read_back_as_numbers(provider, tmp_path, ext):  # noqa: ARG001
    import processing

    a, b = _change_inputs(tmp_path)
    res = processing.run("clms:landusechange", {
        "INITIAL": a, "FINAL": b, "OUTPUT": str(tmp_path / "c.tif"),
        "MATRIX": str(tmp_path / f"m.{ext}")})
    assert res["MATRIX"].split("|")[0] == str(tmp_path / f"m.{ext}")
    layer = _layer(str(tmp_path / f"m.{ext}"))
    assert layer.isValid()
    fields = layer.fields()
    for name in [*CATEGORIES, "Initial area"]:
        assert fields.field(name).isNumeric(), (ext, name, fields.field(name).typeName())
    feats = list(layer.getFeatures())
    first = "Initial \\ final (ha)"  # a GeoPackage adds an fid column: read by name
    assert [f[first] for f in feats] == [*CATEGORIES, "Final area", "Net change"]
    for f in feats:
        for name in CATEGORIES:
            assert isinstance(f[name], (int, float)), (ext, f[first], name, f[name])
    rows = {f[first]: f for f in feats}
    # 1 ha pixels (100 m): forest → cropland twice, the matrix total 8 ha
    assert rows["Forest land"]["Cropland"] == pytest.approx(2.0)
    assert rows["Final area"]["Initial area"] == pytest.approx(8.0)
    assert {f["area_method"] for f in feats} == {feats[0]["area_method"]}
    if ext == "csv":  # a script passing "m.csv" still gets a plain CSV
        with open(tmp_path / "m.csv", encoding="utf-8", newline="") as fh:
            lines = list(csv.reader(fh))
        assert lines[0][1:8] == CATEGORIES and len(lines) == 10
        for line in lines[1:]:
            [float(v) for v in line[1:8]]  # every category cell is a number


def _model() -> QgsProcessingModelAlgorithm:
    """INITIAL, FINAL → clms:landusechange → its TRANSITIONS → qgis:statisticsbycategories
    (area statistics per initial category)."""
    model = QgsProcessingModelAlgorithm("change areas by category", "clms tests")
    for name in ("initial", "final"):
        model.addModelParameter(QgsProcessingParameterRasterLayer(name, name),
                                QgsProcessingModelParameter(name))
    change = QgsProcessingModelChildAlgorithm("clms:landusechange")
    change.setChildId("change")
    change.addParameterSources("INITIAL", [
        QgsProcessingModelChildParameterSource.fromModelParameter("initial")])
    change.addParameterSources("FINAL", [
        QgsProcessingModelChildParameterSource.fromModelParameter("final")])
    change.addParameterSources("TRANSITIONS", [
        QgsProcessingModelChildParameterSource.fromStaticValue("TEMPORARY_OUTPUT")])
    model.addChildAlgorithm(change)
    stats = QgsProcessingModelChildAlgorithm("qgis:statisticsbycategories")
    stats.setChildId("stats")
    stats.addParameterSources("INPUT", [
        QgsProcessingModelChildParameterSource.fromChildOutput("change", "TRANSITIONS")])
    stats.addParameterSources("VALUES_FIELD_NAME", [
        QgsProcessingModelChildParameterSource.fromStaticValue("area_ha")])
    stats.addParameterSources("CATEGORIES_FIELD_NAME", [
        QgsProcessingModelChildParameterSource.fromStaticValue(["initial"])])
    out = QgsProcessingModelOutput("by_category")
    out.setChildId("stats")
    out.setChildOutputName("OUTPUT")
    stats.setModelOutputs({"by_category": out})
    model.addChildAlgorithm(stats)
    return model


def test_model3_chains_the_transitions_into_a_qgis_table_algorithm(provider, tmp_path):
    import processing

    assert QgsApplication.processingRegistry().algorithmById("qgis:statisticsbycategories")
    path = tmp_path / "change_stats.model3"
    assert _model().toFile(str(path))
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path))
    ok, problems = model.validate()
    assert ok, problems
    a, b = _change_inputs(tmp_path)
    res = processing.run(model, {"initial": a, "final": b,
                                 "stats:by_category": str(tmp_path / "stats.csv")})
    layer = _layer(res["stats:by_category"])
    assert layer.isValid()
    sums = {f["initial"]: float(f["sum"]) for f in layer.getFeatures()}
    # the statistics are numbers because the transitions' area_ha column is numeric
    assert sums == {"Forest land": pytest.approx(3.0), "Cropland": pytest.approx(1.0),
                    "Grassland": pytest.approx(2.0)}


REPORT_CASES = {
    "landusechange": ("Conversions between categories", 2),
    "sdg1531landcover": ("Areas by class", 1),
    "watersurfacechange": ("Areas by class", 1),
    "watertransitions": ("Areas by class", 1),
}


@pytest.mark.parametrize("alg_id", sorted(REPORT_CASES))
def test_report_pages_hold_charts_tables_and_method(provider, tmp_path, alg_id):  # noqa: ARG001
    import processing

    alg = QgsApplication.processingRegistry().algorithmById(f"clms:{alg_id}")
    assert isinstance(alg.outputDefinition("REPORT"), QgsProcessingOutputHtml)  # Results Viewer
    case = make_case(alg_id, tmp_path)
    report = tmp_path / "out" / f"{alg_id}.html"
    res = processing.run(f"clms:{alg_id}", {**case.params, "REPORT": str(report)})
    assert res["REPORT"] == str(report)
    text = report.read_text(encoding="utf-8")
    heading, charts = REPORT_CASES[alg_id]
    assert heading in text
    assert text.count("<svg") == charts
    assert "<table>" in text and "Area method" in text and "Inputs" in text
    # nothing runs and nothing is fetched from the internet (SVG namespaces are not fetches)
    assert "<script" not in text
    assert 'src="http' not in text and 'href="http' not in text
    assert not list(report.parent.glob(".*clms-partial*"))


def test_landusechange_report_colours_like_the_map(provider, tmp_path):  # noqa: ARG001
    import processing

    from clms_toolbox.clms_plugin.products import styles

    a, b = _change_inputs(tmp_path)
    report = tmp_path / "r.html"
    processing.run("clms:landusechange", {"INITIAL": a, "FINAL": b, "REPORT": str(report),
                                          "OUTPUT": str(tmp_path / "c.tif")})
    text = report.read_text(encoding="utf-8").lower()
    for _, _, colour in styles.legend_entries("ipcc")[:3]:  # categories present in the data
        assert colour.lower() in text


def test_legend_and_product_enums_are_append_only(provider):  # noqa: ARG001
    from clms_toolbox.clms_plugin.products import families, landcover, registry

    reg = QgsApplication.processingRegistry()
    ipcc = reg.algorithmById("clms:landcovertoipcc").parameterDefinition("LEGEND").options()
    assert ipcc == [label for _, label in landcover.ipcc_legend_enum()]
    assert "lcfm" in ipcc[7].lower() and "backbone" in ipcc[8].lower() and \
        "lulucf" in ipcc[9].lower()
    sdg = reg.algorithmById("clms:sdg1531landcover").parameterDefinition("LEGEND").options()
    assert sdg == [label for _, label in landcover.sdg_legend_enum()]
    assert "unccd" in sdg[7].lower() and "lcfm" in sdg[8].lower()
    products = reg.algorithmById("clms:decodeproduct").parameterDefinition("PRODUCT").options()
    ids = [p.id for p in families.decodable()]
    assert products[1:] == [f"{p.title} ({p.id})" for p in families.decodable()]
    # registry order, vector families only left out at the end: nothing renumbered
    assert registry.product_ids()[:len(ids)] == ids
    convert = reg.algorithmById("clms:decodeproduct").parameterDefinition("CONVERT").options()
    assert len(convert) == 2 and "npp" in convert[1].lower()


def test_convert_dmp_to_npp(provider, tmp_path):  # noqa: ARG001
    import processing
    import rasterio
    from qgis.core import QgsProcessingException

    dn = np.array([[100, 2000], [-2, 500]], dtype=np.int16)
    src = _write(tmp_path / "c_gls_DMP300-RT0_202001100000_GLOBE_OLCI_V1.1.2.tif", dn,
                 dtype="int16")
    plain = processing.run("clms:decodeproduct", {"INPUT": src, "OUTPUT":
                                                  str(tmp_path / "dmp.tif")})
    npp = processing.run("clms:decodeproduct", {"INPUT": src, "CONVERT": 1,
                                                "OUTPUT": str(tmp_path / "npp.tif")})
    with rasterio.open(plain["OUTPUT"]) as p, rasterio.open(npp["OUTPUT"]) as n:
        a, b = p.read(1), n.read(1)
        assert "gC" in n.tags()["UNITS"]
    assert np.isnan(b[1, 0]) and np.isnan(a[1, 0])  # the sea flag stays nodata
    np.testing.assert_allclose(b[0], a[0] * 0.045, rtol=1e-6)
    assert a[0, 0] == pytest.approx(1.0)
    ndvi = make_case("decodeproduct", tmp_path / "ndvi")
    with pytest.raises(QgsProcessingException, match="^CONVERT: .*DMP or GDMP"):
        processing.run("clms:decodeproduct", {**ndvi.params, "CONVERT": 1})


@pytest.mark.parametrize("alg_id", ["landcovertoipcc", "landusechange", "sdg1531landcover",
                                    "watersurfacechange", "watertransitions", "decodeproduct",
                                    "phenology", "zonaltimeseries", "zonalclassareas",
                                    "anomaly"])
def test_every_parameter_has_help_in_words(provider, alg_id):  # noqa: ARG001
    alg = QgsApplication.processingRegistry().algorithmById(f"clms:{alg_id}")
    for d in alg.parameterDefinitions():
        text = d.help()
        assert len(text) > 20, (alg_id, d.name())
        assert d.name() not in text.split()[:1], (alg_id, d.name(), text)
    help_text = alg.shortHelpString()
    for section in ("<h3>Inputs</h3>", "<h3>Outputs</h3>", "<h3>Method</h3>", "<h3>Sources</h3>"):
        assert section in help_text, (alg_id, section)


def test_the_table_loads_in_the_project_from_its_final_file(provider, tmp_path,
                                                            qgis_new_project):  # noqa: ARG001
    """Written under a staged name, loaded from the final one (as the dialog loads it)."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    a, b = _change_inputs(tmp_path)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    processing.runAndLoadResults("clms:landusechange", {
        "INITIAL": a, "FINAL": b, "OUTPUT": str(tmp_path / "c.tif"),
        "MATRIX": str(tmp_path / "m.gpkg")}, context=context, feedback=QgsProcessingFeedback())
    tables = [lyr for lyr in QgsProject.instance().mapLayers().values()
              if lyr.source().startswith(str(tmp_path / "m.gpkg"))]
    assert len(tables) == 1 and tables[0].isValid() and tables[0].featureCount() == 9
    assert not [p for p in tmp_path.iterdir() if "clms-partial" in p.name]
