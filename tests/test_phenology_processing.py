"""clms:phenology through processing.run, qgis_process (JSON stdin) and a .model3.

Inputs are real files written with the real CGLS NDVI 300 m naming and DN encoding
(``phenology_synthetic.write_ndvi300_stack``: 2018–2020 dekads, one- and two-season pixels,
noise, 10 % flags 251–254).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import rasterio
from _models import add_decode_inputs
from conftest import run_qgis_process

from clms_toolbox.clms_plugin.analysis.phenology import inputs as pi
from clms_toolbox.clms_plugin.analysis.phenology import kernel as ph
from clms_toolbox.clms_plugin.products.dates import date_from_name
from clms_toolbox.devtools import phenology_synthetic as syn


@pytest.fixture(scope="module")
def ndvi_files(tmp_path_factory):
    paths = syn.write_ndvi300_stack(tmp_path_factory.mktemp("ndvi-proc"), 2018, 2020, (16, 20),
                                    seed=11)
    return [str(p) for p in paths]


def _read(path) -> dict[str, np.ndarray]:
    with rasterio.open(path) as ds:
        return {d: ds.read(i + 1) for i, d in enumerate(ds.descriptions)}


def _direct(paths, year=2019, **kw) -> dict[str, np.ndarray]:
    st = pi.resolve_stack(paths)
    enc, _ = pi.encoding_for(2, st.paths)
    raw = np.stack([rasterio.open(p).read(1) for p in st.paths])
    values = pi.decode(raw.reshape(len(st.paths), -1), enc)
    out = ph.compute(values, st.dates, year, ph.PhenologyParams(**kw))
    return ph.metrics_by_name(out.reshape(27, *raw.shape[1:]))


def test_processing_run_with_profile(provider, ndvi_files, tmp_path):
    import processing

    alg = provider.algorithm("phenology")
    assert alg.group() == "Vegetation" and alg.groupId() == "vegetation"
    assert "20–80 % chord" in alg.shortHelpString()
    # centre of pixel row 5, column 7 of the grid (origin -4, 41; 1/336°)
    x, y = -4.0 + 7.5 / 336, 41.0 - 5.5 / 336
    out = processing.run("clms:phenology", {
        "INPUT": list(reversed(ndvi_files)), "PRODUCT": 0, "YEAR": 2019,
        "OUTPUT": str(tmp_path / "phen.tif"), "PROFILE": str(tmp_path / "profile.html"),
        "PROFILE_POINT": f"{x},{y} [EPSG:4326]"})
    got = _read(out["OUTPUT"])
    assert list(got) == list(ph.BAND_NAMES)
    ref = _direct(ndvi_files)
    for name in ph.BAND_NAMES:
        np.testing.assert_allclose(got[name], ref[name], rtol=1e-5, atol=5e-3, err_msg=name)
    assert set(np.unique(got["NUMSEASON"])) == {1.0, 2.0}
    page = Path(out["PROFILE"]).read_text(encoding="utf-8")
    assert "row 5, column 7" in page and "<svg" in page
    assert f"{got['S1_SOSD'][5, 7]:.4g}" in page


def test_parameters_reach_the_kernel(provider, ndvi_files, tmp_path):
    import processing

    out = processing.run("clms:phenology", {
        "INPUT": ndvi_files, "PRODUCT": 2, "YEAR": 0, "START_THRESHOLD": 0.5,
        "END_THRESHOLD": 0.5, "SMOOTHING": 2, "SG_WINDOW": 25, "OUTPUT": str(tmp_path / "p.tif")})
    got = _read(out["OUTPUT"])
    ref = _direct(ndvi_files, start_threshold=0.5, end_threshold=0.5, smoothing="savgol",
                  sg_half_window=25)
    np.testing.assert_allclose(got["S1_SOSD"], ref["S1_SOSD"], rtol=1e-5, atol=5e-3)
    default = _direct(ndvi_files)
    assert np.nanmedian(got["S1_SOSD"] - default["S1_SOSD"]) > 5  # 50 % comes later than 25 %


def test_clear_errors(provider, ndvi_files, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    base = {"INPUT": ndvi_files[:5], "OUTPUT": str(tmp_path / "e.tif")}
    with pytest.raises(QgsProcessingException, match="fewer than bands"):
        processing.run("clms:phenology", {**base, "DATES": "2018-01-01,2018-01-11"})
    with pytest.raises(QgsProcessingException, match="not in time order"):
        processing.run("clms:phenology", {
            **base, "DATES": "2018-01-01,2018-01-21,2018-01-11,2018-02-01,2018-02-11"})
    with pytest.raises(QgsProcessingException, match="appears twice"):
        processing.run("clms:phenology", {
            **base, "DATES": "2018-01-01,2018-01-11,2018-01-11,2018-02-01,2018-02-11"})
    with pytest.raises(QgsProcessingException, match="YEAR 2019 is not covered"):
        processing.run("clms:phenology", {**base, "YEAR": 2019})
    other = tmp_path / "c_gls_NDVI300_202101010000_GLOBE_OLCI_V2.0.1.tif"
    with rasterio.open(other, "w", driver="GTiff", width=3, height=3, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=rasterio.transform.from_origin(0, 1, .1, .1)
                       ) as ds:
        ds.write(np.zeros((1, 3, 3), np.uint8))
    with pytest.raises(QgsProcessingException, match="not on one grid"):
        processing.run("clms:phenology", {"INPUT": ndvi_files + [str(other)], "YEAR": 2019,
                                          "OUTPUT": str(tmp_path / "g.tif")})
    assert not (tmp_path / "g.tif").exists()


def test_cancel_leaves_no_output(provider, ndvi_files, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    target = tmp_path / "cancelled.tif"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("clms:phenology", {"INPUT": ndvi_files, "OUTPUT": str(target)},
                       feedback=feedback)
    assert not target.exists() and not list(tmp_path.glob("*.tif"))


def test_qgis_process_json(qgis_process_env, ndvi_files, tmp_path):
    answer = run_qgis_process(qgis_process_env, "clms:phenology", {
        "INPUT": ndvi_files, "YEAR": 2019, "SMOOTHING": 1,
        "OUTPUT": str(tmp_path / "qp.tif")})
    got = _read(answer["results"]["OUTPUT"])
    ref = _direct(ndvi_files)
    np.testing.assert_allclose(got["S1_MAXD"], ref["S1_MAXD"], rtol=1e-5, atol=5e-3)


def test_model_chains_decodeproduct_into_phenology(provider, ndvi_files, tmp_path):
    """.model3: monthly clms:decodeproduct children (NDVI DN → Float32, flags → NaN) feed
    clms:phenology (PRODUCT = physical values, DATES given since decoded files lose their
    names); saved, reloaded and run like the graphical modeler does."""
    import processing
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
    )

    picked = [p for p in ndvi_files if "01" == Path(p).name[20:22]]  # 1st of each month
    picked = [p for p in picked if "20180701" <= Path(p).name[14:22] <= "20200601"]
    dates = [date_from_name(p) for p in picked]
    assert len(picked) == 24 and dates[0] == dt.date(2018, 7, 1)
    model = QgsProcessingModelAlgorithm("phenology chain", "tests")
    names = [f"m{i:02d}" for i in range(len(picked))]
    add_decode_inputs(model, names)
    phen = QgsProcessingModelChildAlgorithm("clms:phenology")
    phen.setChildId("phenology")
    phen.addParameterSources("INPUT", [
        QgsProcessingModelChildParameterSource.fromChildOutput(f"decode_{n}", "OUTPUT")
        for n in names])
    static = {"DATES": ",".join(d.isoformat() for d in dates), "PRODUCT": 1, "YEAR": 2019}
    for key, value in static.items():
        phen.addParameterSources(key, [QgsProcessingModelChildParameterSource.fromStaticValue(
            value)])
    out = QgsProcessingModelOutput("phenology", "phenology")
    out.setChildOutputName("OUTPUT")
    phen.setModelOutputs({"phenology": out})
    model.addChildAlgorithm(phen)
    path = tmp_path / "phenology_chain.model3"
    assert model.toFile(str(path))
    loaded = QgsProcessingModelAlgorithm()
    assert loaded.fromFile(str(path))
    result = processing.run(loaded, {**dict(zip(names, picked)),
                                     "phenology": str(tmp_path / "m_phen.tif")})
    got = _read(result["phenology"])
    direct = _read(processing.run("clms:phenology", {
        "INPUT": picked, "PRODUCT": 2, "YEAR": 2019, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"])
    for name in ("S1_SOSD", "S1_MAXD", "S1_EOSD", "NUMSEASON"):
        np.testing.assert_allclose(got[name], direct[name], rtol=1e-5, atol=5e-3, err_msg=name)
    assert (got["NUMSEASON"] >= 1).all()
