"""The one dates module (products.dates): grammar, band metadata, file names (no QGIS)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from clms_toolbox.clms_plugin.analysis.engine.errors import ParameterError
from clms_toolbox.clms_plugin.analysis.phenology.inputs import resolve_stack
from clms_toolbox.clms_plugin.analysis.water.dates import dated_bands as water_dated_bands
from clms_toolbox.clms_plugin.analysis.water.dates import dated_years as water_dated_years
from clms_toolbox.clms_plugin.products import dates

D = dt.date


# -- grammar ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected", "precision"), [
    ("2019-03-21", D(2019, 3, 21), "day"),
    ("20190321", D(2019, 3, 21), "day"),
    ("2019-3-1", D(2019, 3, 1), "day"),
    ("2019-03", D(2019, 3, 1), "month"),
    ("2019", D(2019, 1, 1), "year"),
])
def test_each_form(text, expected, precision):
    (item,) = dates.parse_items(text)
    assert (item.date, item.precision, item.text) == (expected, precision, text)


def test_mixed_separators_and_forms():
    text = " 2019-01-01,20190111;2019-02\n2019 \t2019-12-31;;\r\n"
    assert dates.parse_dates(text) == [D(2019, 1, 1), D(2019, 1, 11), D(2019, 2, 1),
                                       D(2019, 1, 1), D(2019, 12, 31)]
    assert dates.parse_years("2000\n2001-06-30; 2002-07") == [2000, 2001, 2002]
    assert dates.parse_dates("") == [] and dates.parse_dates(None) == []


@pytest.mark.parametrize(("text", "item", "position"), [
    ("2019-01-01,Jan", "Jan", 2),
    ("2019-01-01 2019-13-01", "2019-13-01", 2),  # month 13
    ("20190230", "20190230", 1),  # 30 February
    ("2019-01-01;201901", "201901", 2),  # YYYYMM is not a form: ambiguous
    ("2019-01-01T00:00", "2019-01-01T00:00", 1),
    ("19", "19", 1),
    ("2019/01/01", "2019/01/01", 1),
])
def test_errors_name_parameter_and_item(text, item, position):
    with pytest.raises(dates.DateParseError) as info:
        dates.parse_dates(text, "DATES2")
    err = info.value
    assert (err.parameter, err.item, err.position) == ("DATES2", item, position)
    assert str(err).startswith(f"DATES2: '{item}' is not an ISO date")
    assert f"item {position}" in str(err) and dates.GRAMMAR in str(err)
    # one error type for the glue, whichever layer raised it
    assert isinstance(err, ParameterError) and isinstance(err, ValueError)


def test_years_error_names_years():
    with pytest.raises(ParameterError, match=r"^YEARS: 'MMXX' is not an ISO date"):
        dates.parse_years("2019,MMXX")


# -- free text and file names through the registry ------------------------------------------
@pytest.mark.parametrize(("name", "expected"), [
    ("c_gls_NDVI300_201901110000_GLOBE_OLCI_V2.0.1.tif", D(2019, 1, 11)),  # registry, dekad
    ("c_gls_LAI300-RT0_201901200000_GLOBE_OLCI_V1.1.2.tif", D(2019, 1, 11)),  # dekad start
    ("c_gls_WB100_202003010000_GLOBE_S2_V1.0.1.nc", D(2020, 3, 1)),
    ("GSW_monthly_1999_11.tif", D(1999, 11, 1)),
    ("c_gls_WB100_202003010000.tif", D(2020, 3, 1)),  # renamed: generic YYYYMMDDhhmm
    ("ndvi_20190105.tif", D(2019, 1, 5)),
    ("mask_2018-06.tif", D(2018, 6, 1)),
    ("occurrence_10E_50Nv1_4_2021.tif", None),  # static product: 2021 is a version year
    ("tile-0000280000-0000480000.tif", None),
    ("lake_2001_13.tif", None),
])
def test_dates_from_names(name, expected):
    assert dates.date_from_name(name) == expected


def test_years_from_text_and_names():
    assert dates.year_from_text("classes 2016 v2") == 2016
    assert dates.year_from_text("tile 0000280000") is None
    assert dates.year_from_name("yearly_classification_2000-0000280000-0000480000.tif") == 2000
    assert dates.year_from_name("lc_1850.tif") is None  # implausible year in a name


# -- band metadata ---------------------------------------------------------------------------
def _raster(path: Path, n: int, band_tags=None, descriptions=None, tags=None) -> str:
    with rasterio.open(path, "w", driver="GTiff", width=3, height=2, count=n, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(0, 1, 0.1, 0.1)) as ds:
        ds.write(np.ones((n, 2, 3), np.uint8))
        if tags:
            ds.update_tags(**tags)
        for b in range(1, n + 1):
            if band_tags:
                ds.update_tags(b, **band_tags[b - 1])
            if descriptions:
                ds.set_band_description(b, descriptions[b - 1])
    return str(path)


NC_TAGS = {"time#units": "days since 1970-01-01 00:00:00", "time#calendar": "gregorian",
           "NETCDF_DIM_EXTRA": "{time}"}


def test_netcdf_dim_time_dates_every_band(tmp_path):
    days = [(D(2020, m, 1) - D(1970, 1, 1)).days for m in (1, 2, 3)]
    path = _raster(tmp_path / "GSW_2005_07.tif", 3,  # the name must not win over metadata
                   band_tags=[{"NETCDF_DIM_time": str(d)} for d in days], tags=NC_TAGS)
    bands = dates.dated_bands([path])
    assert [b.date for b in bands] == [D(2020, 1, 1), D(2020, 2, 1), D(2020, 3, 1)]
    assert dates.sources(bands) == "band metadata"
    # the same through the water and phenology entry points the Processing glue calls
    assert [b.month for b in water_dated_bands([path], what="EPOCH1")] == [1, 2, 3]
    assert resolve_stack([path]).dates == (D(2020, 1, 1), D(2020, 2, 1), D(2020, 3, 1))
    assert [y for _, _, y in water_dated_years([path])] == [2020, 2020, 2020]


def test_netcdf_hours_units_and_unknown_calendar(tmp_path):
    hours = _raster(tmp_path / "h.tif", 1, band_tags=[{"NETCDF_DIM_time": "36"}],
                    tags={"time#units": "hours since 2021-06-30 12:00:00"})
    assert dates.dated_bands([hours])[0].date == D(2021, 7, 2)
    noleap = _raster(tmp_path / "n.tif", 1, band_tags=[{"NETCDF_DIM_time": "10"}],
                     tags={"time#units": "days since 2021-01-01", "time#calendar": "360_day"})
    with pytest.raises(ParameterError, match=r"^INPUT: cannot find the date of n.tif"):
        dates.dated_bands([noleap])  # never a wrong date from an unsupported calendar


def test_real_netcdf_time_for_water(samples_dir):
    """The CropSAR sample (73 five-daily steps of 2019, CF time): water used to ignore it."""
    bands = water_dated_bands([str(samples_dir / "phenology" / "cropsar_ndvi.nc")], "", "EPOCH1")
    assert len(bands) == 73 and bands[0].date == D(2019, 1, 1)
    assert bands[-1].date == D(2019, 12, 27) and {b.source for b in bands} == {"band metadata"}


def test_tags_then_descriptions_then_names(tmp_path):
    tagged = _raster(tmp_path / "t.tif", 2, band_tags=[{"DATE": "20190105"},
                                                        {"time_start": "2019-02-05T10:00Z"}])
    described = _raster(tmp_path / "d.tif", 1, descriptions=["water 2019-03"])
    named = _raster(tmp_path / "c_gls_NDVI300_201904010000_GLOBE_OLCI_V2.0.1.tif", 1)
    bands = dates.dated_bands([tagged, described, named])
    assert [b.date for b in bands] == [D(2019, 1, 5), D(2019, 2, 5), D(2019, 3, 1),
                                       D(2019, 4, 1)]
    assert [b.source for b in bands] == ["band metadata"] * 3 + ["file names"]
    assert dates.sources(bands) == "band metadata and file names"
    year_tagged = _raster(tmp_path / "y.tif", 1, band_tags=[{"YEAR": "2016"}])
    assert dates.dated_years([year_tagged])[0].year == 2016


def test_explicit_list_wins_and_counts_are_checked(tmp_path):
    tagged = _raster(tmp_path / "t.tif", 2, band_tags=[{"DATE": "2019-01-05"}] * 2)
    got = dates.dated_bands([tagged], "2001-01\n2001-02", "DATES1", "EPOCH1")
    assert [b.date for b in got] == [D(2001, 1, 1), D(2001, 2, 1)]
    assert {b.source for b in got} == {"DATES1 parameter"}
    with pytest.raises(ParameterError, match=r"^DATES1: 1 dates given for 2 bands \(fewer"):
        dates.dated_bands([tagged], "2001-01", "DATES1", "EPOCH1")
    with pytest.raises(ParameterError, match=r"^YEARS: 3 years given for 2 bands \(more"):
        dates.dated_years([tagged], "2000 2001 2002")
    with pytest.raises(ParameterError, match=r"^DATES1: 'x' is not an ISO date") as info:
        water_dated_bands([tagged], "2001-01,x", "EPOCH1")  # water: EPOCH1 → DATES1
    assert info.value.parameter == "DATES1"


def test_one_name_cannot_date_several_bands(tmp_path):
    stack = _raster(tmp_path / "ndvi_2019-01-01.tif", 2)
    with pytest.raises(ParameterError) as info:
        dates.dated_bands([stack], "", "DATES2", "EPOCH2")
    assert info.value.parameter == "EPOCH2"
    assert "ndvi_2019-01-01.tif (band 1), ndvi_2019-01-01.tif (band 2)" in str(info.value)
    assert "give DATES2" in str(info.value)


def test_unreadable_input_names_the_input_parameter(tmp_path):
    bogus = tmp_path / "not_a_raster.tif"
    bogus.write_text("hello", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"^EPOCH2: .*not_a_raster.tif: not a readable"):
        water_dated_bands([str(bogus)], "", "EPOCH2")
