"""Layers land ready: decoded, styled, described and dated (real QGIS objects)."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin


@pytest.fixture
def layers_mod(qgis_app):
    from clms_toolbox.clms_plugin.gui import layers

    return layers


def write_ndvi(folder, date="20230611"):
    dn = np.arange(80 * 60, dtype=np.int64).reshape(60, 80) % 256
    dn = dn.astype(np.uint8)
    path = folder / f"c_gls_NDVI300_{date}0000_GLOBE_OLCI_V2.0.1.tif"
    with rasterio.open(path, "w", driver="GTiff", width=80, height=60, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(4.0, 45.0, 1 / 336, 1 / 336),
                       ) as dst:
        dst.write(dn, 1)
    return path


def test_ndvi_layer_decoded_styled_dated(layers_mod, tmp_path):
    from qgis.core import Qgis, QgsPointXY, QgsSingleBandPseudoColorRenderer

    path = write_ndvi(tmp_path)
    layer = layers_mod.make_layer(path)
    prov = layer.dataProvider()
    assert layer.isValid()
    assert prov.bandScale(1) == pytest.approx(0.004)
    assert prov.bandOffset(1) == pytest.approx(-0.08)
    # DN 125 (col 45, row 1: 80 + 45) → 0.42; DN 253 (row 3, col 13) is a flag → nodata
    x0, y0, res = 4.0, 45.0, 1 / 336
    value, ok = prov.sample(QgsPointXY(x0 + 45.5 * res, y0 - 1.5 * res), 1)
    assert ok and value == pytest.approx(0.42, abs=1e-6)
    flag_dn = 253
    row, col = divmod(flag_dn, 80)
    value, ok = prov.sample(QgsPointXY(x0 + (col + 0.5) * res, y0 - (row + 0.5) * res), 1)
    assert np.isnan(value)
    ranges = prov.userNoDataValues(1)
    assert {(r.min(), r.max()) for r in ranges} >= {(251.0, 251.0), (255.0, 255.0)}
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    assert renderer.classificationMin() == pytest.approx(-0.08)
    assert renderer.classificationMax() == pytest.approx(0.92)
    md = layer.metadata()
    assert md.title() == "CGLS NDVI 300 m (10-daily) 2023-06-11"
    assert "land.copernicus.eu" in md.links()[0].url
    assert any("Copernicus Land Monitoring Service" in r for r in md.rights())
    assert md.licenses() and "Copernicus" in md.licenses()[0]
    assert "DN × 0.004 + -0.08" in md.abstract()
    assert layer.serverProperties().attribution().startswith("Copernicus Service information 2023")
    tp = layer.temporalProperties()
    assert tp.isActive() and tp.mode() == Qgis.RasterTemporalMode.FixedTemporalRange
    rng = tp.fixedTemporalRange()
    assert rng.begin().date().toString("yyyy-MM-dd") == "2023-06-11"
    assert rng.end().date().toString("yyyy-MM-dd") == "2023-06-20"


def test_lc100_class_layer(layers_mod, samples_dir):
    from qgis.core import QgsPalettedRasterRenderer

    path = next((samples_dir / "lc100").glob("*2019-nrt*.tif"))
    layer = layers_mod.make_layer(path, cache_dir=None)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    classes = {c.value: (c.label, c.color.name()) for c in renderer.classes()}
    assert classes[126] == ("Open forest, unknown", "#648c00") or classes[126][1] == "#648c00"
    assert classes[20][1] == "#ffbb22" and 0 not in classes and 255 not in classes
    prov = layer.dataProvider()
    assert prov.bandScale(1) == 1.0
    assert {(r.min(), r.max()) for r in prov.userNoDataValues(1)} >= {(0.0, 0.0),
                                                                      (255.0, 255.0)}
    md = layer.metadata()
    assert md.title() == "CGLS Global Land Cover 100 m (LC100, Collection 3) 2019-01-01"
    assert any("zenodo.3939050" in r for r in md.rights())
    tp = layer.temporalProperties()
    assert tp.isActive()
    assert tp.fixedTemporalRange().end().date().toString("yyyy-MM-dd") == "2019-12-31"
    # the source file is untouched: no sidecar written next to the shared sample
    assert not (path.parent / ".clms").exists()


def test_group_per_product_and_series_order(layers_mod, qgis_new_project, samples_dir,
                                            tmp_path):
    from qgis.core import QgsProject

    paths = [write_ndvi(tmp_path, d) for d in ("20230601", "20230621", "20230611")]
    paths.append(samples_dir / "gsw" / "transitions_60W_10Nv1_4_2021.tif")
    project = QgsProject.instance()
    loaded = layers_mod.load_files(paths, project, cache_dir=tmp_path / "cache")
    assert len(loaded) == 4
    root = project.layerTreeRoot()
    ndvi = root.findGroup("CGLS NDVI 300 m (10-daily)")
    gsw = root.findGroup("JRC Global Surface Water transitions")
    assert ndvi is not None and gsw is not None
    assert [n.name() for n in ndvi.children()] == [
        "NDVI 300M 2023-06-21", "NDVI 300M 2023-06-11", "NDVI 300M 2023-06-01"]
    gsw_layer = gsw.children()[0].layer()
    colours = {c.value: c.color.name() for c in gsw_layer.renderer().classes()}
    assert colours[2] == "#21b14c" and 255 not in colours


def test_unreadable_file_is_a_clear_error(layers_mod, tmp_path):
    bad = tmp_path / "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"
    bad.write_bytes(b"II*\0truncated")
    with pytest.raises(layers_mod.LayerLoadError, match="complete"):
        layers_mod.make_layer(bad)


def test_netcdf_product_variable_and_crs(layers_mod, tmp_path):
    from _download_netcdf import write_ndvi_nc
    from qgis.core import QgsPointXY

    path = tmp_path / "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc"
    write_ndvi_nc(path)
    layer = layers_mod.make_layer(path)
    assert layer.source().endswith(":NDVI")  # the product variable, not QFLAG
    assert layer.crs().authid() == "EPSG:4326"
    prov = layer.dataProvider()
    assert prov.bandScale(1) == pytest.approx(0.004)
    res = 1 / 336
    value, ok = prov.sample(QgsPointXY(4 + 5.5 * res, 45 - 0.5 * res), 1)  # DN 5
    assert value == pytest.approx(5 * 0.004 - 0.08, abs=1e-6)
    value, _ = prov.sample(QgsPointXY(4 + 12.5 * res, 45 - 6.5 * res), 1)  # DN 252 (cloud)
    assert np.isnan(value)
    assert not (tmp_path / ".clms").exists()  # scale came from the file: no VRT needed
