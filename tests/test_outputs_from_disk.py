"""Every raster output of the seven algorithms describes itself when opened from disk.

A fresh ``QgsRasterLayer`` on the output file (as the browser, drag and drop or a project on
another machine opens it — not the layer Processing loads) must wear the style of its QML
sidecar, generated from ``resources/``; class rasters also embed the colour table and the
category names (RAT) that gdalinfo and other GIS read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _alg_cases import make_case
from osgeo import gdal
from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer, QgsSingleBandPseudoColorRenderer

from clms_toolbox.clms_plugin.products import registry, styles


def _labels(layer: QgsRasterLayer) -> dict[int, str]:
    return {int(c.value): c.label for c in layer.renderer().classes()}


def _ramp(layer: QgsRasterLayer) -> list[tuple[float, str]]:
    items = layer.renderer().shader().rasterShaderFunction().colorRampItemList()
    return [(round(i.value, 4), i.color.name()) for i in items]


def _rat_names(path: str) -> dict[int, str]:
    ds = gdal.Open(path)
    rat = ds.GetRasterBand(1).GetDefaultRAT()
    assert rat is not None, f"{path}: no raster attribute table"
    return {rat.GetValueAsInt(i, 0): rat.GetValueAsString(i, 1) for i in range(rat.GetRowCount())}


def _run(alg_id: str, tmp_path: Path, **extra) -> dict:
    import processing

    case = make_case(alg_id, tmp_path)
    return processing.run(f"clms:{alg_id}", {**case.params, **extra})


def _fresh(path: str) -> QgsRasterLayer:
    assert Path(path).with_suffix(".qml").is_file(), f"no sidecar beside {path}"
    layer = QgsRasterLayer(path, "fresh from disk")
    assert layer.isValid()
    return layer


@pytest.mark.parametrize("alg_id, legend", [("landcovertoipcc", "ipcc"),
                                            ("watertransitions", "gsw_transitions"),
                                            ("sdg1531landcover", "sdg1531_status")])
def test_class_rasters_from_a_legend(provider, tmp_path, alg_id, legend):  # noqa: ARG001
    res = _run(alg_id, tmp_path)
    layer = _fresh(res["OUTPUT"])
    assert isinstance(layer.renderer(), QgsPalettedRasterRenderer)
    expected = {c: n for c, n, _ in styles.legend_entries(legend)}
    assert _labels(layer) == expected
    colours = {c.value: c.color.name() for c in layer.renderer().classes()}
    assert colours == {c: h for c, _, h in styles.legend_entries(legend)}
    names = _rat_names(res["OUTPUT"])
    assert all(names[c] == n for c, n in expected.items() if c in names)
    assert len(set(names) & set(expected)) >= len(expected) - 1  # gdalinfo lists the classes
    ds = gdal.Open(res["OUTPUT"])
    band = ds.GetRasterBand(1)
    if band.DataType == gdal.GDT_Byte:  # GeoTIFF colour tables exist for Byte/UInt16 only
        table = band.GetColorTable()
        assert table is not None
        first = min(expected)
        hexed = "#%02x%02x%02x" % table.GetColorEntry(first)[:3]
        assert hexed == dict((c, h) for c, _, h in styles.legend_entries(legend))[first]


def test_change_codes_from_disk(provider, tmp_path):  # noqa: ARG001
    res = _run("landusechange", tmp_path)
    layer = _fresh(res["OUTPUT"])
    labels = _labels(layer)
    assert len(labels) == 36
    assert labels[12] == "Forest land converted to cropland"
    assert labels[33] == "Grassland remaining grassland"
    names = _rat_names(res["OUTPUT"])
    assert names[12] == labels[12] and names[66] == "Other land remaining other land"
    ds = gdal.Open(res["OUTPUT"])  # keep the dataset alive while its band is used
    table = ds.GetRasterBand(1).GetColorTable()
    assert table is not None and table.GetColorEntry(12)[:3] != (0, 0, 0)


def test_water_ramps_from_disk(provider, tmp_path):  # noqa: ARG001
    out = tmp_path / "out"
    res = _run("watersurfacechange", tmp_path, SEASONALITY=str(out / "s.tif"),
               RECURRENCE=str(out / "r.tif"))
    ramps = {"OCCURRENCE1": "percent_water", "OCCURRENCE2": "percent_water",
             "CHANGE": "change", "SEASONALITY": "months", "RECURRENCE": "percent_water"}
    for key, ramp in ramps.items():
        layer = _fresh(res[key])
        assert isinstance(layer.renderer(), QgsSingleBandPseudoColorRenderer), key
        assert _ramp(layer) == [(round(v, 4), c) for v, c in registry.ramp(ramp)], key


def test_phenology_opens_on_sosd_with_every_band_name(provider, tmp_path):  # noqa: ARG001
    res = _run("phenology", tmp_path)
    layer = _fresh(res["OUTPUT"])
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    assert layer.bandName(renderer.inputBand()).endswith("S1_SOSD")
    assert layer.bandCount() == 27
    ds = gdal.Open(res["OUTPUT"])
    names = [ds.GetRasterBand(i).GetDescription() for i in range(1, 28)]
    assert names[0] == "S1_SOSD" and names[-1] == "NUMSEASON"
    assert [label for _, label in [(i.value, i.label) for i in
            renderer.shader().rasterShaderFunction().colorRampItemList()]][0] == "1 Jan"


def test_decoded_product_wears_the_loader_style(provider, tmp_path):  # noqa: ARG001
    res = _run("decodeproduct", tmp_path)
    layer = _fresh(res["OUTPUT"])
    assert isinstance(layer.renderer(), QgsSingleBandPseudoColorRenderer)
    enc = registry.get("ndvi_300m").encoding_for(None)
    assert _ramp(layer) == [(round(v, 4), c) for v, c in registry.ramp(enc.ramp)]
    # the dock's loader applies the very same renderer (one source of truth)
    from clms_toolbox.clms_plugin.gui import layers

    other = QgsRasterLayer(res["OUTPUT"], "loader")
    other.setRenderer(QgsPalettedRasterRenderer(other.dataProvider(), 1, []))
    layers.apply_style(other, enc)
    assert _ramp(other) == _ramp(layer)
