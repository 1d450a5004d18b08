"""Anomaly kernels and driver on a small hand-computed series (QGIS-free)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
import rasterio
from affine import Affine

from clms_toolbox.clms_plugin.analysis.engine.errors import ParameterError
from clms_toolbox.clms_plugin.analysis.zonal.anomaly import dekad_of, reference_sets
from clms_toolbox.clms_plugin.analysis.zonal.anomaly_run import anomaly

T = Affine(0.1, 0, 0, 0, -0.1, 1)
YEARS = (2001, 2002, 2003, 2004)
# pixel (0, 0): 1 January = 1, 2, 3, 6; 11 January = 10, 10, nodata, 12; pixel (0, 1): all nodata
DATES = [dt.date(y, 1, d) for y in YEARS for d in (1, 11)]
X = np.array([1, 10, 2, 10, 3, -1, 6, 12], dtype="float32")


def _series(tmp_path):
    arr = np.full((len(DATES), 1, 2), -1, dtype="float32")
    arr[:, 0, 0] = X
    path = tmp_path / "series.tif"
    with rasterio.open(path, "w", driver="GTiff", width=2, height=1, count=len(DATES),
                       dtype="float32", crs="EPSG:4326", transform=T, nodata=-1) as ds:
        ds.write(arr)
    return str(path)


def _run(tmp_path, name="a.tif", **kw):
    out = str(tmp_path / name)
    anomaly([_series(tmp_path)], DATES, out, **kw)
    with rasterio.open(out) as ds:
        assert list(ds.descriptions) == [d.isoformat() for d in DATES]
        return ds.read()[:, 0, 0], ds.read()[:, 0, 1]


def test_methods_against_hand_computation(tmp_path):
    z, empty = _run(tmp_path, method=0)
    # 1 January 2004: reference {1, 2, 3, 6}: mean 3, sample std sqrt(14/3)
    assert z[6] == pytest.approx(3 / math.sqrt(14 / 3), rel=1e-6)
    # 11 January: {10, 10, 12} (2003 is nodata): mean 32/3, sample std sqrt(4/3)
    assert z[7] == pytest.approx((12 - 32 / 3) / math.sqrt(4 / 3), rel=1e-6)
    assert np.isnan(z[5]) and np.isnan(empty).all()
    diff, _ = _run(tmp_path, "d.tif", method=1)
    assert diff[6] == pytest.approx(3.0) and diff[0] == pytest.approx(-2.0)
    pct, _ = _run(tmp_path, "p.tif", method=2)
    assert pct[6] == pytest.approx(200.0) and pct[2] == pytest.approx(200 / 3)
    vci, _ = _run(tmp_path, "v.tif", method=3)
    assert vci[6] == pytest.approx(100.0) and vci[2] == pytest.approx(20.0)
    assert vci[0] == pytest.approx(0.0)


def test_reference_years_min_years_and_month_period(tmp_path):
    z, _ = _run(tmp_path, method=0, reference_years="2001-2003")
    assert z[6] == pytest.approx(4.0)  # normal of 2001–2003 = {1, 2, 3}: mean 2, std 1
    z, _ = _run(tmp_path, "m.tif", method=0, min_years=4)
    assert np.isfinite(z[6]) and np.isnan(z[7])  # 11 January has 3 valid years only
    diff, _ = _run(tmp_path, "mo.tif", method=1, period=1)
    # one normal for January: {1, 10, 2, 10, 3, 6, 12}, mean 44/7
    assert diff[0] == pytest.approx(1 - 44 / 7, rel=1e-6)
    with pytest.raises(ParameterError, match="REFERENCE_YEARS"):
        _run(tmp_path, "x.tif", reference_years="2010-2012")


def test_day_of_year_window_crosses_the_year_end():
    dates = [dt.date(2001, 12, 30), dt.date(2002, 1, 2), dt.date(2002, 6, 1),
             dt.date(2002, 12, 29)]
    sets = reference_sets(dates, (2001, 2002), 2, 5)
    assert sets[0].tolist() == [0, 1, 3] and sets[2].tolist() == [2]
    assert dekad_of(dt.date(2002, 2, 21)) == 5 and dekad_of(dt.date(2002, 2, 28)) == 5


def test_reference_product_layout(tmp_path):
    """36 LTS-like files given shuffled; bands found by description; nobs checked."""
    refs = []
    for p in range(36):
        month, dekad = divmod(p, 3)
        path = tmp_path / f"c_gls_NDVI-LTS_1999-2019-{month + 1:02d}{1 + 10 * dekad:02d}_X.tif"
        bands = np.array([[[p]], [[2.0]], [[0.0]], [[100.0]], [[2.0]]], dtype="float32")
        order = [4, 3, 0, 1, 2]  # nobs, max, mean, stdev, min
        with rasterio.open(path, "w", driver="GTiff", width=2, height=1, count=5,
                           dtype="float32", crs="EPSG:4326", transform=T, nodata=-1) as ds:
            ds.write(np.repeat(bands[order], 2, axis=2))
            for i, name in enumerate(["nobs", "max", "mean", "stdev", "min"]):
                ds.set_band_description(i + 1, name)
        refs.append(str(path))
    refs = refs[::-1]
    series = _series(tmp_path)
    out = str(tmp_path / "r.tif")
    anomaly([series], DATES, out, method=0, reference=refs, min_years=2)
    with rasterio.open(out) as ds:
        z = ds.read()[:, 0, 0]
    assert z[1] == pytest.approx((10 - 1) / 2)  # 11 January → dekad 1: mean 1, std 2
    assert z[0] == pytest.approx(0.5)  # 1 January → dekad 0: mean 0
    anomaly([series], DATES, out, method=0, reference=refs, min_years=3)
    with rasterio.open(out) as ds:
        assert np.isnan(ds.read()).all()  # nobs 2 < MIN_YEARS 3
    with pytest.raises(ParameterError, match="REFERENCE"):
        anomaly([series], DATES, out, reference=refs[:12], period=0)
