"""clms:watersurfacechange and clms:watertransitions through Processing, qgis_process and a model.

Inputs are real files: synthetic monthly series written with real product encodings and names
(``water_synthetic``), and the real JRC GSW yearly classifications 2000/2001 in
``../shared/samples/gsw``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import rasterio
from _models import add_decode_inputs
from _water_reference import reference_surface_change, reference_transitions
from conftest import run_qgis_process

from clms_toolbox.clms_plugin.analysis.water.encodings import ENCODING_CLMS_WB, decode_monthly
from clms_toolbox.devtools import water_synthetic as ws

YEARLY = ("yearly_classification_2000-0000280000-0000480000.tif",
          "yearly_classification_2001-0000280000-0000480000.tif")


def _read(path) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read(1)


def _csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """Two GSW-coded epochs of monthly maps, 2 + 2 years, 96 × 80 px."""
    root = tmp_path_factory.mktemp("water-series")
    e1 = ws.write_monthly_series(root / "e1", range(2000, 2002), 96, 80, epoch_shrink=0.0)
    e2 = ws.write_monthly_series(root / "e2", range(2018, 2020), 96, 80, epoch_shrink=0.14)
    return e1, e2


def _states(paths, encoding=0):
    return np.stack([decode_monthly(_read(p), encoding) for p in paths])


def test_surface_change_processing_run(provider, series, tmp_path):
    import processing

    e1, e2 = series
    params = {
        "EPOCH1": e1, "EPOCH2": e2, "ENCODING": 0,
        "OCCURRENCE1": str(tmp_path / "occ1.tif"), "OCCURRENCE2": str(tmp_path / "occ2.tif"),
        "CHANGE": str(tmp_path / "change.tif"), "SEASONALITY": str(tmp_path / "season.tif"),
        "RECURRENCE": str(tmp_path / "rec.tif"), "AREA_TABLE": str(tmp_path / "areas.csv"),
    }
    out = processing.run("clms:watersurfacechange", params)
    dates1 = [(int(Path(p).stem[-7:-3]), int(Path(p).stem[-2:])) for p in e1]
    dates2 = [(int(Path(p).stem[-7:-3]), int(Path(p).stem[-2:])) for p in e2]
    ref = reference_surface_change(_states(e1), dates1, _states(e2), dates2)
    assert np.array_equal(_read(out["OCCURRENCE1"]), ref["OCCURRENCE1"])
    assert np.array_equal(_read(out["OCCURRENCE2"]), ref["OCCURRENCE2"])
    assert np.array_equal(_read(out["CHANGE"]), ref["CHANGE"])
    assert np.array_equal(_read(out["SEASONALITY"]), ref["SEASONALITY"])
    assert np.array_equal(_read(out["RECURRENCE"]), ref["RECURRENCE"])
    change = _read(out["CHANGE"])
    assert (change == -100).any() and (change == 100).any()  # shrinking lake, new reservoir
    with rasterio.open(out["CHANGE"]) as ds:
        assert ds.dtypes[0] == "int16" and ds.nodata == -32768
    with rasterio.open(out["OCCURRENCE1"]) as ds:
        assert ds.dtypes[0] == "uint8" and ds.nodata == 255
    rows = {int(r["code"]): r for r in _csv(out["AREA_TABLE"])}
    assert int(rows[1]["pixels"]) == int((change == -100).sum())
    assert int(rows[7]["pixels"]) == int((change == 100).sum())
    assert sum(int(r["pixels"]) for r in rows.values()) == int((ref["ANY_VALID"]).sum())
    # 30 m cells at 8.36° N: about 0.0756 ha each
    ha = float(rows[1]["area_ha"]) / int(rows[1]["pixels"])
    assert 0.074 < ha < 0.077


def test_surface_change_clms_wb_names_and_sea(provider, tmp_path):
    import processing

    e1 = ws.write_monthly_series(tmp_path / "e1", [2020], 64, 48, ENCODING_CLMS_WB, 0.0)
    e2 = ws.write_monthly_series(tmp_path / "e2", [2021], 64, 48, ENCODING_CLMS_WB, 0.14)
    assert Path(e1[0]).name.startswith("c_gls_WB100_202001")
    out = processing.run("clms:watersurfacechange", {
        "EPOCH1": e1, "EPOCH2": e2, "ENCODING": 1, "OCCURRENCE1": "TEMPORARY_OUTPUT",
        "OCCURRENCE2": "TEMPORARY_OUTPUT", "CHANGE": str(tmp_path / "change.tif"),
    })
    occ = _read(out["OCCURRENCE1"])
    sea = _read(e1[0]) == 0
    assert sea.any() and (occ[sea] == 255).all()  # sea: excluded, not 100 % water
    assert (occ[~sea] != 255).all()
    assert (_read(out["CHANGE"])[sea] == -32768).all()


def test_dates_parameter_and_bad_dates(provider, series, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    e1, e2 = series
    plain = tmp_path / "plain"
    plain.mkdir()
    renamed = []
    for i, p in enumerate(e1[:3]):  # copy without a date in the name
        target = plain / f"map_{'abc'[i]}.tif"
        target.write_bytes(Path(p).read_bytes())
        renamed.append(str(target))
    base = {"EPOCH2": e2[:3], "ENCODING": 0, "OCCURRENCE1": "TEMPORARY_OUTPUT",
            "OCCURRENCE2": "TEMPORARY_OUTPUT", "CHANGE": "TEMPORARY_OUTPUT"}
    with pytest.raises(QgsProcessingException, match="map_a.tif"):
        processing.run("clms:watersurfacechange", {**base, "EPOCH1": renamed})
    out = processing.run("clms:watersurfacechange", {
        **base, "EPOCH1": renamed, "DATES1": "2000-01-01,2000-02-01,2000-03"})
    ref = processing.run("clms:watersurfacechange", {**base, "EPOCH1": e1[:3]})
    assert np.array_equal(_read(out["CHANGE"]), _read(ref["CHANGE"]))
    with pytest.raises(QgsProcessingException, match="2 dates given for 3 bands"):
        processing.run("clms:watersurfacechange", {
            **base, "EPOCH1": renamed, "DATES1": "2000-01-01,2000-02-01"})


def test_grid_mismatch_is_a_clear_error(provider, series, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    e1, _ = series
    other = ws.write_monthly_series(tmp_path / "other", [2019], 50, 40, months=(1,))
    with pytest.raises(QgsProcessingException, match="not on one grid"):
        processing.run("clms:watersurfacechange", {
            "EPOCH1": e1[:2], "EPOCH2": other, "ENCODING": 0,
            "OCCURRENCE1": "TEMPORARY_OUTPUT", "OCCURRENCE2": "TEMPORARY_OUTPUT",
            "CHANGE": "TEMPORARY_OUTPUT"})


def test_cancel_leaves_no_output(provider, series, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    e1, e2 = series
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    target = tmp_path / "cancelled.tif"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("clms:watersurfacechange", {
            "EPOCH1": e1, "EPOCH2": e2, "ENCODING": 0, "OCCURRENCE1": str(target),
            "OCCURRENCE2": "TEMPORARY_OUTPUT", "CHANGE": "TEMPORARY_OUTPUT"},
            feedback=feedback)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tif"]


def test_transitions_on_real_gsw_yearly(provider, samples_dir, tmp_path):
    import processing

    paths = [str(samples_dir / "gsw" / name) for name in YEARLY]
    out = processing.run("clms:watertransitions", {
        "INPUT": paths, "OUTPUT": str(tmp_path / "trans.tif"),
        "AREA_TABLE": str(tmp_path / "trans.csv")})
    got = _read(out["OUTPUT"])
    ref = reference_transitions(np.stack([_read(p) for p in paths]))
    assert np.array_equal(got, ref)
    counts = {int(k): int(v) for k, v in zip(*np.unique(got, return_counts=True))}
    # Hand-checked from the 2000×2001 cross-tabulation of the two sample files:
    # (0,0) 34128, (0,2) 1039, (0,3) 400, (1,0) 15, (1,2) 76, (1,3) 92, (2,0) 548,
    # (2,2) 2531, (2,3) 1607, (3,0) 248, (3,2) 856, (3,3) 743, (255,255) 83147.
    # A year without data (0) is gap-filled from the other year, which is then compared
    # with itself: permanent = 743 + 400 + 248, seasonal = 2531 + 1039 + 548.
    assert counts == {0: 15, 1: 1391, 2: 92, 4: 4118, 5: 76, 7: 1607, 8: 856,
                      255: 34128 + 83147}
    y0, y1 = (_read(p) for p in paths)
    gap = (y0 == 0) & (y1 == 3)
    assert gap.any() and (got[gap] == 1).all()
    rows = _csv(out["AREA_TABLE"])
    assert [r["code"] for r in rows] == [str(c) for c in range(11)]
    assert rows[1]["class"] == "Permanent"
    assert sum(int(r["pixels"]) for r in rows) == int((got != 255).sum())
    with rasterio.open(out["OUTPUT"]) as ds:
        assert ds.colormap(1)[2][:3] == (0x21, 0xB1, 0x4C)  # JRC palette: new permanent
        assert ds.nodata == 255


def test_transitions_style_loaded(provider, samples_dir, tmp_path, qgis_new_project):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    paths = [str(samples_dir / "gsw" / name) for name in YEARLY]
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    processing.runAndLoadResults("clms:watertransitions", {
        "INPUT": paths, "OUTPUT": str(tmp_path / "styled.tif")},
        context=context, feedback=QgsProcessingFeedback())
    layers = [lyr for lyr in QgsProject.instance().mapLayers().values()
              if lyr.source().endswith("styled.tif")]
    assert layers
    renderer = layers[0].renderer()
    assert renderer.type() == "paletted"
    labels = [c.label for c in renderer.classes()]
    assert "New permanent" in labels and len(labels) == 11  # generated from the registry


def test_qgis_process_json(qgis_process_env, series, tmp_path):
    e1, e2 = series
    answer = run_qgis_process(qgis_process_env, "clms:watersurfacechange", {
        "EPOCH1": e1, "EPOCH2": e2, "ENCODING": 0,
        "OCCURRENCE1": str(tmp_path / "o1.tif"), "OCCURRENCE2": str(tmp_path / "o2.tif"),
        "CHANGE": str(tmp_path / "c.tif"), "AREA_TABLE": str(tmp_path / "a.csv")})
    results = answer["results"]
    assert Path(results["CHANGE"]).exists() and Path(results["AREA_TABLE"]).exists()
    assert (_read(results["CHANGE"]) == -100).any()


def test_model_chains_decodeproduct_into_watersurfacechange(provider, tmp_path):
    """.model3: four clms:decodeproduct children (CLMS WB DN → Float32, flag 251 → NaN) feed
    clms:watersurfacechange; saved to disk, reloaded and run like the graphical modeler does.
    """
    import processing
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
    )

    e1 = ws.write_monthly_series(tmp_path / "e1", [2020], 40, 32, ENCODING_CLMS_WB, 0.0,
                                 months=(4, 5))
    e2 = ws.write_monthly_series(tmp_path / "e2", [2021], 40, 32, ENCODING_CLMS_WB, 0.14,
                                 months=(4, 5))
    model = QgsProcessingModelAlgorithm("water chain", "tests")
    names = ["apr1", "may1", "apr2", "may2"]
    add_decode_inputs(model, names)
    change = QgsProcessingModelChildAlgorithm("clms:watersurfacechange")
    change.setChildId("change")
    for epoch, pair in (("1", names[:2]), ("2", names[2:])):
        change.addParameterSources(f"EPOCH{epoch}", [
            QgsProcessingModelChildParameterSource.fromChildOutput(f"decode_{n}", "OUTPUT")
            for n in pair])
    change.addParameterSources("DATES1", [
        QgsProcessingModelChildParameterSource.fromStaticValue("2020-04,2020-05")])
    change.addParameterSources("DATES2", [
        QgsProcessingModelChildParameterSource.fromStaticValue("2021-04,2021-05")])
    change.addParameterSources("ENCODING", [
        QgsProcessingModelChildParameterSource.fromStaticValue(1)])
    outputs = {}
    for key in ("OCCURRENCE1", "OCCURRENCE2", "CHANGE"):
        out = QgsProcessingModelOutput(key.lower(), key.lower())
        out.setChildOutputName(key)
        outputs[key.lower()] = out
    change.setModelOutputs(outputs)
    model.addChildAlgorithm(change)
    path = tmp_path / "water_chain.model3"
    assert model.toFile(str(path))
    loaded = QgsProcessingModelAlgorithm()
    assert loaded.fromFile(str(path))
    result = processing.run(loaded, {
        **dict(zip(names, e1 + e2)),
        "occurrence1": str(tmp_path / "m_o1.tif"),
        "occurrence2": str(tmp_path / "m_o2.tif"),
        "change": str(tmp_path / "m_c.tif"),
    })
    direct = processing.run("clms:watersurfacechange", {
        "EPOCH1": e1, "EPOCH2": e2, "ENCODING": 1, "OCCURRENCE1": "TEMPORARY_OUTPUT",
        "OCCURRENCE2": "TEMPORARY_OUTPUT", "CHANGE": "TEMPORARY_OUTPUT"})
    for key in ("OCCURRENCE1", "OCCURRENCE2", "CHANGE"):
        assert np.array_equal(_read(result[key.lower()]), _read(direct[key])), key
    assert (_read(direct["CHANGE"]) == -100).any()


def test_demo_inputs_run_and_reservoir_is_new_permanent(provider, tmp_path):
    """The make-demo inputs work as given; the synthetic reservoir (rows 75–90 %, cols
    10–25 %, dry in 2000, filled from 2010) comes out as class 2 'new permanent', exactly."""
    import processing

    data, results = tmp_path / "data", tmp_path / "results"
    results.mkdir()
    inputs = ws.demo_transitions_inputs(data, results, size=80)
    out = processing.run("clms:watertransitions", inputs)
    got = _read(out["OUTPUT"])
    reservoir = np.zeros_like(got, dtype=bool)
    reservoir[60:72, 8:20] = True
    assert (got[reservoir] == 2).all()
    assert (got[~reservoir] != 2).all()
    rows = {int(r["code"]): int(r["pixels"]) for r in _csv(out["AREA_TABLE"])}
    assert rows[2] == 144
    sc = ws.demo_surface_change_inputs(data, results, size=48)
    out = processing.run("clms:watersurfacechange", sc)
    assert Path(out["SEASONALITY"]).exists() and Path(out["AREA_TABLE"]).exists()
    assert (_read(out["CHANGE"])[36:43, 4:12] == 100).all()  # reservoir: +100 %


def test_change_and_occurrence_styles_loaded(provider, series, tmp_path, qgis_new_project):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    e1, e2 = series
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    processing.runAndLoadResults("clms:watersurfacechange", {
        "EPOCH1": e1, "EPOCH2": e2, "ENCODING": 0,
        "OCCURRENCE1": str(tmp_path / "so1.tif"), "OCCURRENCE2": str(tmp_path / "so2.tif"),
        "CHANGE": str(tmp_path / "sc.tif")}, context=context, feedback=QgsProcessingFeedback())
    layers = {Path(lyr.source()).name: lyr for lyr in QgsProject.instance().mapLayers().values()}
    change = layers["sc.tif"].renderer()
    assert change.type() == "singlebandpseudocolor"
    assert (change.classificationMin(), change.classificationMax()) == (-100, 100)
    # one source of truth: the loaded layer wears the registry ramp, as the sidecar does
    from clms_toolbox.clms_plugin.products import registry

    items = change.shader().rasterShaderFunction().colorRampItemList()
    assert [(i.value, i.color.name()) for i in items] == registry.ramp("change")
    assert items[0].label == "-100 %"
    occ = layers["so1.tif"].renderer()
    assert (occ.classificationMin(), occ.classificationMax()) == (0, 100)
    assert occ.shader().rasterShaderFunction().colorRampItemList()[-1].color.name() == \
        registry.ramp("percent_water")[-1][1]


def test_transitions_from_monthly_maps_equal_yearly_classes(provider, tmp_path):
    """INPUT_KIND 1 (monthly GSW maps) derives each year's class from its months: same
    transitions as writing the yearly classes first (write_yearly_classes) and using them."""
    import processing

    months = (ws.write_monthly_series(tmp_path / "m", [2000], 40, 30, epoch_shrink=0.0)
              + ws.write_monthly_series(tmp_path / "m", [2010], 40, 30, epoch_shrink=0.14))
    yearly = ws.write_yearly_classes(tmp_path / "y", {2000: 0.0, 2010: 0.14}, 40, 30)
    a = processing.run("clms:watertransitions", {
        "INPUT": months, "INPUT_KIND": 1, "OUTPUT": "TEMPORARY_OUTPUT"})
    b = processing.run("clms:watertransitions", {"INPUT": yearly, "OUTPUT": "TEMPORARY_OUTPUT"})
    got = _read(a["OUTPUT"])
    assert np.array_equal(got, _read(b["OUTPUT"]))
    assert {1, 2, 3} <= set(np.unique(got).tolist())  # lake kept, reservoir new, shore lost


def test_transitions_cancel_and_duplicate_years(provider, samples_dir, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    paths = [str(samples_dir / "gsw" / name) for name in YEARLY]
    with pytest.raises(QgsProcessingException, match=r"several layers for year\(s\) \[2000\]"):
        processing.run("clms:watertransitions", {
            "INPUT": paths, "YEARS": "2000,2000", "OUTPUT": "TEMPORARY_OUTPUT"})
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("clms:watertransitions", {
            "INPUT": paths, "OUTPUT": str(tmp_path / "t.tif"),
            "AREA_TABLE": str(tmp_path / "t.csv")}, feedback=feedback)
    assert list(tmp_path.iterdir()) == []
