"""One DATES grammar for every algorithm, through ``processing.run``.

Before issue 11, ``DATES=20190101`` worked for phenology and failed for water, ``2019-01`` the
other way round, and water ignored ``NETCDF_DIM_time``. Here the same mixed-form strings
(``YYYY-MM-DD``, ``YYYYMMDD``, ``YYYY-MM``; commas, semicolons, spaces, new lines) date the
inputs of clms:phenology, clms:watersurfacechange and clms:watertransitions, and give the
same outputs as the dates found in the file names.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
import rasterio

from clms_toolbox.devtools import phenology_synthetic as syn
from clms_toolbox.devtools import water_synthetic as ws

SEPARATORS = (", ", ";", "\n", " ", " ;\n")


def mixed(dates: list[dt.date]) -> str:
    """The dates in every form of the grammar, joined by every separator.

    A first-of-month date is written as ``YYYY-MM`` (the monthly form), others alternate
    between ``YYYYMMDD`` and ``YYYY-MM-DD``.
    """
    out = []
    for i, d in enumerate(dates):
        item = d.strftime("%Y-%m") if d.day == 1 else d.strftime("%Y%m%d" if i % 2 else "%Y-%m-%d")
        out.append(item + (SEPARATORS[i % len(SEPARATORS)] if i + 1 < len(dates) else ""))
    return "".join(out)


def test_mixed_string_uses_every_form():
    text = mixed([dt.date(2019, 1, 1), dt.date(2019, 1, 11), dt.date(2019, 1, 21),
                  dt.date(2019, 2, 1), dt.date(2019, 2, 11)])
    assert text == "2019-01, 20190111;2019-01-21\n2019-02 2019-02-11"


def _read_all(path) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read()


def _copies_without_dates(paths, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, p in enumerate(paths):
        target = folder / f"layer_{i:03d}.tif"
        target.write_bytes(Path(p).read_bytes())
        out.append(str(target))
    return out


@pytest.fixture(scope="module")
def ndvi(tmp_path_factory):
    root = tmp_path_factory.mktemp("dates-ndvi")
    paths = [str(p) for p in syn.write_ndvi300_stack(root / "named", 2018, 2020, (6, 8),
                                                     seed=7)]
    dates = [dt.date(int(Path(p).name[14:18]), int(Path(p).name[18:20]),
                     int(Path(p).name[20:22])) for p in paths]
    return paths, _copies_without_dates(paths, root / "plain"), dates


@pytest.fixture(scope="module")
def water(tmp_path_factory):
    root = tmp_path_factory.mktemp("dates-water")
    e1 = ws.write_monthly_series(root / "e1", [2000], 40, 30, months=(1, 2, 3, 4, 5, 6))
    e2 = ws.write_monthly_series(root / "e2", [2018], 40, 30, epoch_shrink=0.14,
                                 months=(1, 2, 3, 4, 5, 6))
    months = [dt.date(2000, m, 1) for m in range(1, 7)]
    return e1, e2, _copies_without_dates(e1, root / "plain"), months


def test_phenology_accepts_every_form(provider, ndvi, tmp_path):
    import processing

    named, plain, dates = ndvi
    base = {"PRODUCT": 2, "YEAR": 2019}
    ref = processing.run("clms:phenology", {**base, "INPUT": named,
                                            "OUTPUT": str(tmp_path / "names.tif")})
    text = mixed(dates)
    items = re.split(r"[,;\s]+", text)
    assert {len(t) for t in items} == {7, 8, 10}  # YYYY-MM, YYYYMMDD and YYYY-MM-DD items
    got = processing.run("clms:phenology", {**base, "INPUT": plain, "DATES": text,
                                            "OUTPUT": str(tmp_path / "dates.tif")})
    np.testing.assert_array_equal(_read_all(got["OUTPUT"]), _read_all(ref["OUTPUT"]))


def test_water_accepts_every_form(provider, water, tmp_path):
    import processing

    e1, e2, plain, months = water
    base = {"EPOCH2": e2, "ENCODING": 0, "OCCURRENCE1": "TEMPORARY_OUTPUT",
            "OCCURRENCE2": "TEMPORARY_OUTPUT"}
    ref = processing.run("clms:watersurfacechange", {**base, "EPOCH1": e1,
                                                     "CHANGE": str(tmp_path / "ref.tif")})
    # compact YYYYMMDD used to fail for water; mixed with YYYY-MM and every separator
    text = "20000101, 2000-02;20000301\n2000-04-01 2000-05 ;\n20000601"
    got = processing.run("clms:watersurfacechange", {**base, "EPOCH1": plain, "DATES1": text,
                                                     "CHANGE": str(tmp_path / "got.tif")})
    np.testing.assert_array_equal(_read_all(got["CHANGE"]), _read_all(ref["CHANGE"]))
    # the generator used for phenology above dates the water maps as well
    got2 = processing.run("clms:watersurfacechange", {
        **base, "EPOCH1": plain, "DATES1": mixed(months), "CHANGE": str(tmp_path / "g2.tif")})
    np.testing.assert_array_equal(_read_all(got2["CHANGE"]), _read_all(ref["CHANGE"]))


def test_water_transitions_monthly_dates_and_years(provider, water, tmp_path):
    import processing

    e1, _, plain, months = water
    base = {"INPUT_KIND": 1}
    ref = processing.run("clms:watertransitions", {**base, "INPUT": e1,
                                                   "OUTPUT": str(tmp_path / "ref.tif")})
    got = processing.run("clms:watertransitions", {**base, "INPUT": plain,
                                                   "DATES": mixed(months),
                                                   "OUTPUT": str(tmp_path / "got.tif")})
    np.testing.assert_array_equal(_read_all(got["OUTPUT"]), _read_all(ref["OUTPUT"]))


def test_years_parameter_grammar(provider, samples_dir, tmp_path):
    import processing

    yearly = sorted(str(p) for p in (samples_dir / "gsw").glob("yearly_classification_*.tif"))
    ref = processing.run("clms:watertransitions", {"INPUT": yearly, "INPUT_KIND": 0,
                                                   "OUTPUT": str(tmp_path / "ref.tif")})
    got = processing.run("clms:watertransitions", {"INPUT": yearly, "INPUT_KIND": 0,
                                                   "YEARS": "2000;\n2001-01-01",
                                                   "OUTPUT": str(tmp_path / "got.tif")})
    np.testing.assert_array_equal(_read_all(got["OUTPUT"]), _read_all(ref["OUTPUT"]))


@pytest.mark.parametrize(("alg", "parameter", "bad"), [
    ("clms:phenology", "DATES", "2019-02-30"),
    ("clms:watersurfacechange", "DATES1", "March"),
    ("clms:watertransitions", "YEARS", "MMI"),
])
def test_bad_item_names_parameter_and_item(provider, ndvi, water, samples_dir, alg, parameter,
                                           bad):
    import processing
    from qgis.core import QgsProcessingException

    named, _, dates = ndvi
    e1, e2, _, months = water
    yearly = sorted(str(p) for p in (samples_dir / "gsw").glob("yearly_classification_*.tif"))
    params = {
        "clms:phenology": {"INPUT": named, "PRODUCT": 2, "YEAR": 2019,
                           "DATES": mixed(dates[:-1]) + f"; {bad}"},
        "clms:watersurfacechange": {"EPOCH1": e1, "EPOCH2": e2, "ENCODING": 0,
                                    "DATES1": mixed(months[:-1]) + f"\n{bad}",
                                    "OCCURRENCE1": "TEMPORARY_OUTPUT",
                                    "OCCURRENCE2": "TEMPORARY_OUTPUT",
                                    "CHANGE": "TEMPORARY_OUTPUT"},
        "clms:watertransitions": {"INPUT": yearly, "INPUT_KIND": 0, "YEARS": f"2000 {bad}"},
    }[alg]
    params.setdefault("OUTPUT", "TEMPORARY_OUTPUT")
    with pytest.raises(QgsProcessingException, match=f"{parameter}: '{bad}' is not an ISO date"):
        processing.run(alg, params)


def test_water_reads_netcdf_dim_time(provider, water, tmp_path):
    """A multiband GeoTIFF copy of a NetCDF series keeps only ``NETCDF_DIM_time`` and the
    ``time#units`` of the dataset: water dates its bands from them."""
    import processing

    e1, e2, _, months = water
    with rasterio.open(e1[0]) as src:
        profile = {**src.profile, "count": len(e1)}
    stack = tmp_path / "wb_series.tif"
    with rasterio.open(stack, "w", **profile) as ds:
        ds.update_tags(**{"time#units": "days since 1970-01-01", "NETCDF_DIM_EXTRA": "{time}"})
        for b, (path, month) in enumerate(zip(e1, months), start=1):
            with rasterio.open(path) as src:
                ds.write(src.read(1), b)
            ds.update_tags(b, NETCDF_DIM_time=str((month - dt.date(1970, 1, 1)).days))
    base = {"EPOCH2": e2, "ENCODING": 0, "OCCURRENCE1": "TEMPORARY_OUTPUT",
            "OCCURRENCE2": "TEMPORARY_OUTPUT"}
    ref = processing.run("clms:watersurfacechange", {**base, "EPOCH1": e1,
                                                     "CHANGE": str(tmp_path / "ref.tif")})
    got = processing.run("clms:watersurfacechange", {**base, "EPOCH1": [str(stack)],
                                                     "CHANGE": str(tmp_path / "got.tif")})
    np.testing.assert_array_equal(_read_all(got["CHANGE"]), _read_all(ref["CHANGE"]))
