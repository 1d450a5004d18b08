"""clms:decodeproduct through processing.run on NDVI-300-style and real GSW/LC100 files."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from clms_toolbox.devtools import product_examples


def write_ndvi300(folder, name="c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"):
    """A small GeoTIFF with the real NDVI 300 m DN encoding (0-250 values, 251-255 flags)."""
    rng = np.random.default_rng(7)
    dn = rng.integers(0, 251, size=(60, 80), dtype=np.uint8)
    dn[0, :5] = [251, 252, 253, 254, 255]
    path = folder / name
    with rasterio.open(path, "w", driver="GTiff", width=80, height=60, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(4.0, 45.0, 1 / 336, 1 / 336),
                       nodata=255) as dst:
        dst.write(dn, 1)
    return path, dn


@pytest.fixture
def processing_mod(qgis_processing, provider):
    import processing

    return processing


def test_decode_ndvi_auto(processing_mod, tmp_path):
    src, dn = write_ndvi300(tmp_path)
    out = tmp_path / "ndvi.tif"
    res = processing_mod.run("clms:decodeproduct", {"INPUT": str(src), "PRODUCT": 0,
                                                     "OUTPUT": str(out)})
    assert res["OUTPUT"] == str(out)
    with rasterio.open(out) as ds:
        assert ds.dtypes[0] == "float32"
        assert np.isnan(ds.nodata)
        arr = ds.read(1)
        assert ds.tags()["CLMS_PRODUCT"] == "ndvi_300m"
    flags = dn > 250
    assert np.isnan(arr[flags]).all() and flags.sum() >= 5
    np.testing.assert_allclose(arr[~flags], dn[~flags] * 0.004 - 0.08, atol=1e-6)


def test_decode_explicit_product_and_unknown_name(processing_mod, tmp_path):
    from qgis.core import QgsProcessingException

    src, dn = write_ndvi300(tmp_path, name="my_field.tif")
    with pytest.raises(QgsProcessingException, match="choose the product"):
        processing_mod.run("clms:decodeproduct", {"INPUT": str(src), "PRODUCT": 0,
                                                   "OUTPUT": str(tmp_path / "x.tif")})
    assert not (tmp_path / "x.tif").exists()
    from clms_toolbox.clms_plugin.products import registry

    idx = registry.product_ids().index("lai_300m") + 1
    out = tmp_path / "lai.tif"
    processing_mod.run("clms:decodeproduct", {"INPUT": str(src), "PRODUCT": idx,
                                               "OUTPUT": str(out)})
    with rasterio.open(out) as ds:
        arr = ds.read(1)
    valid = dn <= 210
    np.testing.assert_allclose(arr[valid], dn[valid] * 0.0333333, rtol=1e-5)
    assert np.isnan(arr[~valid]).all()


def test_decode_real_gsw_change(processing_mod, samples_dir, tmp_path):
    out = tmp_path / "change.tif"
    processing_mod.run("clms:decodeproduct", {
        "INPUT": str(samples_dir / "gsw" / "change-0000360000-0000480000.tif"),
        "PRODUCT": 0, "OUTPUT": str(out)})
    with rasterio.open(out) as ds:
        arr = ds.read(1)
    assert int(np.isnan(arr).sum()) == 2405          # 253 "not water"
    assert int((arr == 100).sum()) == 13846           # DN 200 = +100 %
    assert np.nanmin(arr) == 46.0


def test_decode_via_qgis_process(qgis_process_env, tmp_path):
    from conftest import run_qgis_process


    src = product_examples.write_example(tmp_path, "lai_300m")
    out = tmp_path / "lai_decoded.tif"
    answer = run_qgis_process(qgis_process_env, "clms:decodeproduct",
                              {"INPUT": str(src), "PRODUCT": 0, "OUTPUT": str(out)})
    assert answer["results"]["OUTPUT"] == str(out)
    with rasterio.open(src) as s, rasterio.open(out) as d:
        dn, val = s.read(1), d.read(1)
    valid = dn <= 210
    np.testing.assert_allclose(val[valid], dn[valid] / 30.0, rtol=1e-4)
    assert np.isnan(val[~valid]).all() and (~valid).sum() > 0


def test_decode_netcdf_container_path(processing_mod, tmp_path):
    from _download_netcdf import write_ndvi_nc

    src = tmp_path / "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc"
    dn = write_ndvi_nc(src)
    out = tmp_path / "ndvi_nc.tif"
    processing_mod.run("clms:decodeproduct", {"INPUT": str(src), "PRODUCT": 0,
                                               "OUTPUT": str(out)})
    with rasterio.open(out) as ds:
        arr = ds.read(1)
        assert ds.crs is None or ds.crs.to_epsg() in (None, 4326)
    flags = dn > 250
    np.testing.assert_allclose(arr[~flags], dn[~flags] * 0.004 - 0.08, atol=1e-6)
    assert np.isnan(arr[flags]).all()


def test_cancelled_run_leaves_no_output(processing_mod, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    src, _ = write_ndvi300(tmp_path)
    out = tmp_path / "cancelled.tif"
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancelled: no output was written"):
        processing_mod.run("clms:decodeproduct", {"INPUT": str(src), "PRODUCT": 0,
                                                   "OUTPUT": str(out)}, feedback=feedback)
    assert not out.exists()
    left = {p.name for p in tmp_path.iterdir() if not p.name.endswith(".aux.xml")}
    assert left == {src.name}  # no temporary left either (QGIS may write the .aux.xml)
