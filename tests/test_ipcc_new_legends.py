"""LCFM, CLC+ Backbone and CLC+ LULUCF through clms:landcovertoipcc and clms:sdg1531landcover
with LEGEND 0 (auto-detect): the default mapping CSVs are found from the file name alone."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

CASES = [
    # (file name, codes in the raster, expected IPCC codes, expected UNCCD codes)
    ("LCFM_LCM-10_V100_2021_N45E006_MAP.tif", [10, 40, 90, 100, 254],
     [1, 2, 5, 4, 255], [1, 3, 5, 7, 255]),
    ("CLMS_CLCPLUS_RAS_S2023_R10m_E48N37_03035_V01_R00.tif", [2, 7, 1, 10, 255],
     [1, 2, 5, 4, 255], [1, 3, 5, 7, 255]),
    ("CLMS_CLCPLUS_LULUCF_S2021_R100m_eu_03035_V01_R00.tif", [21, 33, 44, 12, 254],
     [1, 2, 3, 5, 255], [1, 3, 2, 5, 255]),
]


def _write(folder, name, codes):
    arr = np.tile(np.array(codes, dtype=np.uint8), (4, 2))
    path = folder / name
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[1], height=arr.shape[0],
                       count=1, dtype="uint8", crs="EPSG:3035",
                       transform=from_origin(4_000_000, 3_000_000, 100, 100)) as dst:
        dst.write(arr, 1)
    return path


@pytest.mark.parametrize(("name", "codes", "ipcc", "unccd"), CASES,
                         ids=["lcfm", "clcplus_backbone", "clcplus_lulucf"])
def test_auto_detected_default_mappings(provider, tmp_path, name, codes, ipcc, unccd):
    import processing

    src = _write(tmp_path, name, codes)
    out = tmp_path / "ipcc.tif"
    processing.run("clms:landcovertoipcc", {"INPUT": str(src), "LEGEND": 0,
                                             "OUTPUT": str(out)})
    with rasterio.open(out) as ds:
        assert ds.read(1)[0, : len(codes)].tolist() == ipcc
    (tmp_path / "b").mkdir()
    final = _write(tmp_path / "b", name, codes)
    res = processing.run("clms:sdg1531landcover", {
        "INITIAL": str(src), "FINAL": str(final), "LEGEND": 0,
        "OUTPUT": str(tmp_path / "sdg.tif")})
    with rasterio.open(res["OUTPUT"]) as ds:
        status = ds.read(1)[0, : len(codes)].tolist()
    valid = [u != 255 for u in unccd]
    assert all(s == 0 for s, v in zip(status, valid) if v)  # same classes: stable
