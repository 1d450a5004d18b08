"""Dates, decoding, year coverage and streaming of phenology inputs (real files, no QGIS)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from clms_toolbox.clms_plugin.analysis.engine import blocks
from clms_toolbox.clms_plugin.analysis.phenology import driver as pr
from clms_toolbox.clms_plugin.analysis.phenology import inputs as pi
from clms_toolbox.clms_plugin.analysis.phenology import kernel as ph
from clms_toolbox.clms_plugin.analysis.phenology.profile import profile_html
from clms_toolbox.devtools import phenology_synthetic as syn


@pytest.fixture(scope="module")
def ndvi_files(tmp_path_factory):
    """108 dekadal c_gls_NDVI300 files 2018–2020, 24 × 20 px, noise and 10 % flags."""
    return syn.write_ndvi300_stack(tmp_path_factory.mktemp("ndvi"), 2018, 2020, (20, 24),
                                   seed=4)


def _stack(path, n, dates=None, descriptions=None):
    data = np.full((n, 4, 5), 100, np.uint8)
    with rasterio.open(path, "w", driver="GTiff", width=5, height=4, count=n, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(0, 1, 0.1, 0.1)) as ds:
        ds.write(data)
        for i in range(n):
            if descriptions:
                ds.set_band_description(i + 1, descriptions[i])
            if dates:
                ds.update_tags(i + 1, DATE=dates[i])
    return str(path)


def test_dates_text(tmp_path):
    """The DATES parameter goes through the one grammar of products.dates."""
    stack = _stack(tmp_path / "s.tif", 3)
    assert pi.resolve_stack([stack], "2019-01-01, 20190111 2019-01-21").dates == (
        dt.date(2019, 1, 1), dt.date(2019, 1, 11), dt.date(2019, 1, 21))
    with pytest.raises(ValueError, match="DATES: 'Jan' is not an ISO date"):
        pi.resolve_stack([stack], "2019-01-01,Jan 5")


def test_dates_from_netcdf_time(samples_dir):
    st = pi.resolve_stack([str(samples_dir / "phenology" / "cropsar_ndvi.nc")])
    assert st.date_source == "band metadata"
    assert len(st.dates) == 73
    assert st.dates[0] == dt.date(2019, 1, 1) and st.dates[-1] == dt.date(2019, 12, 27)
    assert all((b - a).days == 5 for a, b in zip(st.dates, st.dates[1:]))


def test_dates_from_band_tags_and_descriptions(tmp_path):
    tagged = _stack(tmp_path / "t.tif", 4, dates=["2019-01-01", "2019-02-01", "2019-03-01",
                                                   "2019-04-01"])
    assert pi.resolve_stack([tagged]).dates[1] == dt.date(2019, 2, 1)
    described = _stack(tmp_path / "d.tif", 4, descriptions=[
        "NDVI 2019-01-05", "NDVI 2019-02-05", "NDVI 2019-03-05", "NDVI 2019-04-05"])
    assert pi.resolve_stack([described]).dates[3] == dt.date(2019, 4, 5)
    plain = _stack(tmp_path / "p.tif", 4)
    with pytest.raises(ValueError, match="give DATES"):
        pi.resolve_stack([plain])


def test_dates_from_file_names_in_any_order(ndvi_files):
    shuffled = [str(p) for p in reversed(ndvi_files)]
    st = pi.resolve_stack(shuffled)
    assert st.date_source == "file names"
    assert st.dates[0] == dt.date(2018, 1, 1) and st.dates[-1] == dt.date(2020, 12, 21)
    assert st.paths[0].endswith("c_gls_NDVI300_201801010000_GLOBE_OLCI_V2.0.1.tif")
    enc, label = pi.encoding_for(0, st.paths)
    assert enc is not None and 252 in enc.flags and "NDVI" in label


def test_date_errors(tmp_path, ndvi_files):
    stack = _stack(tmp_path / "s.tif", 5)
    with pytest.raises(ValueError, match="fewer than bands"):
        pi.resolve_stack([stack], "2019-01-01,2019-02-01")
    with pytest.raises(ValueError, match="not in time order"):
        pi.resolve_stack([stack], "2019-01-01,2019-03-01,2019-02-01,2019-04-01,2019-05-01")
    with pytest.raises(ValueError, match="appears twice"):
        pi.resolve_stack([stack], "2019-01-01,2019-02-01,2019-02-01,2019-04-01,2019-05-01")
    with pytest.raises(ValueError, match="has 5 bands"):
        pi.resolve_stack([stack, str(ndvi_files[0])])


def test_year_coverage():
    dates = syn.dekad_dates(2018, 2020)
    assert pi.check_year(dates, 2019) == []
    assert pi.check_year(dates, 2018)  # no buffer before 2018: a warning
    with pytest.raises(ValueError, match="YEAR 2022 is not covered"):
        pi.check_year(dates, 2022)
    assert pi.default_year(dates) == 2019


def test_stream_ndvi_files_matches_in_memory_kernel(ndvi_files, tmp_path):
    st = pi.resolve_stack([str(p) for p in ndvi_files])
    enc, _ = pi.encoding_for(2, st.paths)
    out_path = tmp_path / "phen.tif"
    calls = []
    # a tiny budget forces several windows: results must not depend on the windowing
    res = pr.run(st, 2019, str(out_path), encoding=enc, progress=calls.append,
                 memory_budget=60_000)
    assert res.windows > 1 and calls[-1] == pytest.approx(100.0)
    with rasterio.open(out_path) as ds:
        assert ds.count == 27 and ds.dtypes[0] == "float32" and ds.nodata == ph.NODATA
        assert ds.descriptions == ph.BAND_NAMES
        assert ds.tags()["PHENOLOGY_YEAR"] == "2019"
        got = ds.read()
    raw = np.stack([rasterio.open(p).read(1) for p in st.paths])
    values = pi.decode(raw.reshape(len(st.paths), -1), enc)
    direct = ph.compute(values, st.dates, 2019).reshape(27, 20, 24)
    np.testing.assert_allclose(got, direct, rtol=1e-5, atol=5e-3)
    assert set(np.unique(got[-1])) <= {1.0, 2.0}


def test_stream_cancel_leaves_nothing(ndvi_files, tmp_path):
    st = pi.resolve_stack([str(p) for p in ndvi_files])
    with pytest.raises(blocks.Cancelled):
        pr.run(st, 2019, str(tmp_path / "c.tif"), is_canceled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_mixed_grids_are_refused(ndvi_files, tmp_path):
    other = tmp_path / "c_gls_NDVI300_202101010000_GLOBE_OLCI_V2.0.1.tif"
    _stack(other, 1)
    st = pi.resolve_stack([str(p) for p in ndvi_files] + [str(other)])
    with pytest.raises(blocks.GridMismatchError, match="not on one grid"):
        pr.run(st, 2019, str(tmp_path / "m.tif"))


def test_profile_html(ndvi_files, tmp_path):
    st = pi.resolve_stack([str(p) for p in ndvi_files])
    enc, _ = pi.encoding_for(2, st.paths)
    prof = pr.pixel_profile(st, 2019, 3, 4, encoding=enc)
    assert np.isnan(prof.raw).any() and not np.isnan(prof.filled).any()
    assert prof.smoothed.size == prof.days.size
    assert "S1_SOSD" in prof.metrics and prof.metrics["NUMSEASON"] >= 1
    page = profile_html(prof)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "S1 SOS" in page
    assert "S1 peak" in page and "S1 EOS" in page
    (tmp_path / "p.html").write_text(page, encoding="utf-8")


def test_multiband_stack_with_date_tags(tmp_path):
    """The demo/bench stack: one GeoTIFF, a band per dekad, dates from band tags."""
    path = tmp_path / "ndvi_stack.tif"
    dates = syn.write_ndvi300_multiband(path, 2018, 2020, (12, 10), seed=3)
    st = pi.resolve_stack([str(path)])
    assert st.multiband and st.date_source == "band metadata" and list(st.dates) == dates
    enc, _ = pi.encoding_for(2, st.paths)
    pr.run(st, 2019, str(tmp_path / "out.tif"), encoding=enc, threads=2)
    with rasterio.open(tmp_path / "out.tif") as ds:
        numseason = ds.read(27)
    assert set(np.unique(numseason)) <= {1.0, 2.0}
