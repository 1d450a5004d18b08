"""NetCDF time dimension: dates come from the time variable, not only from the file name."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from clms_toolbox.clms_plugin.products import registry

CGLS_NAME = "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc"  # the name says 2023-06-11


def write_series_nc(path, days, units="days since 2023-07-01", h=12, w=16):
    """A CGLS-like NDVI NetCDF with a ``time`` axis of len(days) steps (scipy NetCDF-3)."""
    from scipy.io import netcdf_file

    f = netcdf_file(str(path), "w", version=1)
    f.createDimension("time", len(days))
    f.createDimension("lat", h)
    f.createDimension("lon", w)
    t = f.createVariable("time", "f8", ("time",))
    t[:] = days
    t.units, t.standard_name, t.axis = units, "time", "T"
    lat = f.createVariable("lat", "f8", ("lat",))
    lat[:] = 45 - (np.arange(h) + 0.5) / 336
    lat.units, lat.standard_name = "degrees_north", "latitude"
    lon = f.createVariable("lon", "f8", ("lon",))
    lon[:] = 4 + (np.arange(w) + 0.5) / 336
    lon.units, lon.standard_name = "degrees_east", "longitude"
    v = f.createVariable("NDVI", "b", ("time", "lat", "lon"))
    v[:] = (np.arange(len(days) * h * w) % 250).reshape(len(days), h, w).astype(np.int8)
    v._Unsigned = "true"
    v.scale_factor, v.add_offset = 0.004, -0.08
    q = f.createVariable("QFLAG", "b", ("time", "lat", "lon"))
    q[:] = np.zeros((len(days), h, w), np.int8)
    f.close()
    return path


def test_parse_cf_time_units():
    assert registry.parse_cf_time(10592, "days since 1990-01-01") == dt.datetime(2019, 1, 1)
    assert registry.parse_cf_time(36, "hours since 2020-02-28 12:00:00") == \
        dt.datetime(2020, 3, 1)
    assert registry.parse_cf_time(90, "seconds since 2000-01-01T00:00") == \
        dt.datetime(2000, 1, 1, 0, 1, 30)
    with pytest.raises(ValueError, match="calendar"):
        registry.parse_cf_time(1, "days since 2000-01-01", "360_day")
    with pytest.raises(ValueError, match="CF time unit"):
        registry.parse_cf_time(1, "metres")


def test_identify_takes_dates_from_the_time_variable(tmp_path):
    one = write_series_nc(tmp_path / CGLS_NAME, [0.0])  # time says 2023-07-01
    assert registry.identify(CGLS_NAME).date == dt.date(2023, 6, 11)  # bare name: the name
    match = registry.identify(one)
    assert match.product.id == "ndvi_300m"
    assert (match.date, match.end) == (dt.date(2023, 7, 1), dt.date(2023, 7, 10))
    uri = registry.netcdf_uri(one)
    assert uri.endswith(":NDVI") and registry.identify(uri).date == dt.date(2023, 7, 1)
    series_dir = tmp_path / "s"
    series_dir.mkdir()
    three = write_series_nc(series_dir / CGLS_NAME, [0.0, 10.0, 20.0])
    match = registry.identify(three)
    assert (match.date, match.end) == (dt.date(2023, 7, 1), dt.date(2023, 7, 31))
    assert registry.netcdf_time_ranges(three, "dekad")[1] == (
        dt.datetime(2023, 7, 11), dt.datetime(2023, 7, 20, 23, 59, 59))


def test_real_cropsar_series_has_73_dates(samples_dir):
    path = samples_dir / "phenology" / "cropsar_ndvi.nc"
    times = registry.netcdf_times(path)
    assert len(times) == 73
    assert times[0] == dt.datetime(2019, 1, 1) and times[-1] == dt.datetime(2019, 12, 27)
    assert {b - a for a, b in zip(times, times[1:])} == {dt.timedelta(days=5)}
    ranges = registry.netcdf_time_ranges(path)
    assert ranges[-1] == (dt.datetime(2019, 12, 27), dt.datetime(2019, 12, 31, 23, 59, 59))


def _band_ranges(layer):
    return {b: (r.begin().toString("yyyy-MM-ddTHH:mm:ss"), r.end().toString("yyyy-MM-ddTHH:mm:ss"))
            for b, r in layer.temporalProperties().fixedRangePerBand().items()}


def test_loaded_series_gets_a_range_per_band(qgis_app, samples_dir, tmp_path):
    from qgis.core import Qgis, QgsDateTimeRange
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime

    from clms_toolbox.clms_plugin.gui import layers

    real = layers.make_layer(samples_dir / "phenology" / "cropsar_ndvi.nc",
                             cache_dir=tmp_path / "cache")
    props = real.temporalProperties()
    assert props.isActive() and props.mode() == Qgis.RasterTemporalMode.FixedRangePerBand
    per_band = _band_ranges(real)
    assert len(per_band) == 73 == real.bandCount()
    assert per_band[1] == ("2019-01-01T00:00:00", "2019-01-05T23:59:59")
    assert per_band[73][0] == "2019-12-27T00:00:00"
    # the Temporal Controller's frame for 2019-03-03 shows the band of 2019-03-02 (band 13)
    frame = QgsDateTimeRange(QDateTime(QDate(2019, 3, 3), QTime(0, 0), 1),
                             QDateTime(QDate(2019, 3, 3), QTime(12, 0), 1))
    assert props.bandForTemporalRange(real, frame) == 13

    cgls = layers.make_layer(write_series_nc(tmp_path / CGLS_NAME, [0.0, 10.0, 20.0]),
                             cache_dir=tmp_path / "cache")
    assert cgls.temporalProperties().mode() == Qgis.RasterTemporalMode.FixedRangePerBand
    assert _band_ranges(cgls)[3] == ("2023-07-21T00:00:00", "2023-07-31T23:59:59")
    assert cgls.dataProvider().bandScale(1) == pytest.approx(0.004)


def test_single_step_file_dated_by_its_time_variable(qgis_app, tmp_path):
    from qgis.core import Qgis

    from clms_toolbox.clms_plugin.gui import layers

    layer = layers.make_layer(write_series_nc(tmp_path / CGLS_NAME, [10.0]),
                              cache_dir=tmp_path / "cache")
    props = layer.temporalProperties()
    assert props.mode() == Qgis.RasterTemporalMode.FixedTemporalRange
    rng = props.fixedTemporalRange()
    assert rng.begin().toString("yyyy-MM-dd") == "2023-07-11"
    assert rng.end().toString("yyyy-MM-dd") == "2023-07-20"
    assert "2023-07-11" in layer.name()
