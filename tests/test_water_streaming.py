"""Water drivers on real files: dates, multiband stacks, windows, real GSW sample layers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import rasterio
from _water_reference import reference_surface_change

from clms_toolbox.clms_plugin.analysis.water.dates import dated_bands, dated_years
from clms_toolbox.clms_plugin.analysis.water.encodings import decode_monthly
from clms_toolbox.clms_plugin.analysis.water.surface_change import OUTPUT_SPECS, run_surface_change
from clms_toolbox.clms_plugin.analysis.water.transitions import TRANSITION_CLASSES
from clms_toolbox.clms_plugin.products.dates import date_from_name, date_from_text, parse_dates
from clms_toolbox.devtools import water_synthetic as ws


def _read(path):
    with rasterio.open(path) as ds:
        return ds.read(1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("c_gls_WB100_202003010000_GLOBE_S2_V1.0.1.nc", dt.date(2020, 3, 1)),
        ("c_gls_WB300_202107010000_GLOBE_S2_V2.0.1.tif", dt.date(2021, 7, 1)),
        ("c_gls_WB300_201905210000_GLOBE_PROBAV_V1.0.1.nc", dt.date(2019, 5, 21)),
        ("GSW_monthly_1999_11.tif", dt.date(1999, 11, 1)),
        ("2004_02.tif", dt.date(2004, 2, 1)),
        ("water_2018-06-15.tif", dt.date(2018, 6, 15)),
        ("mask_2018-06.tif", dt.date(2018, 6, 1)),
        ("yearly_classification_2000-0000280000-0000480000.tif", dt.date(2000, 1, 1)),
        ("lake_2001_13.tif", None),  # month 13 is not a date
        ("no_date_here.tif", None),
    ],
)
def test_dates_from_names(name, expected):
    assert date_from_name(name) == expected


def test_parse_dates_rejects_garbage():
    assert parse_dates("2020-01-05, 2020-02") == [dt.date(2020, 1, 5), dt.date(2020, 2, 1)]
    with pytest.raises(ValueError, match="DATES: 'March' is not an ISO date"):
        parse_dates("2020-01-01,March 2020")
    assert date_from_text("tile-0000280000-0000480000") is None


def _stack(path: Path, arrays, dates=None, descriptions=None, like=None):
    transform = rasterio.transform.from_origin(10, 50, 0.001, 0.001)
    if like:
        with rasterio.open(like) as ds:
            transform = ds.transform
    profile = {"driver": "GTiff", "width": arrays[0].shape[1], "height": arrays[0].shape[0],
               "count": len(arrays), "dtype": "uint8", "crs": "EPSG:4326",
               "transform": transform}
    with rasterio.open(path, "w", **profile) as ds:
        for i, arr in enumerate(arrays, start=1):
            ds.write(arr, i)
            if dates:
                ds.update_tags(i, DATE=dates[i - 1])
            if descriptions:
                ds.set_band_description(i, descriptions[i - 1])
    return str(path)


def test_multiband_stack_dates_from_band_metadata(tmp_path):
    a = np.ones((4, 5), np.uint8)
    tagged = _stack(tmp_path / "tagged.tif", [a, a, a], dates=["2001-01-01", "2001-02-01",
                                                                "2001-03-15"])
    described = _stack(tmp_path / "described.tif", [a, a], descriptions=["2002-07", "2002-08"])
    bands = dated_bands([tagged, described])
    assert [(Path(b.path).name, b.band, b.date) for b in bands] == [
        ("tagged.tif", 1, dt.date(2001, 1, 1)), ("tagged.tif", 2, dt.date(2001, 2, 1)),
        ("tagged.tif", 3, dt.date(2001, 3, 15)), ("described.tif", 1, dt.date(2002, 7, 1)),
        ("described.tif", 2, dt.date(2002, 8, 1))]
    # a multiband stack named like one month still needs a date per band
    named = _stack(tmp_path / "GSW_2003_04.tif", [a, a])
    with pytest.raises(ValueError, match=r"EPOCH2: cannot find the date of GSW_2003_04.tif"):
        dated_bands([named], what="EPOCH2")


def test_years_from_names_and_parameter(samples_dir, tmp_path):
    gsw = samples_dir / "gsw"
    paths = sorted(str(p) for p in gsw.glob("yearly_classification_*.tif"))
    assert [y for _, _, y in dated_years(paths)] == [2000, 2001]
    assert [y for _, _, y in dated_years(paths, "1990, 1991")] == [1990, 1991]
    with pytest.raises(ValueError, match="1 years given for 2 bands"):
        dated_years(paths, "1990")
    plain = _stack(tmp_path / "classes.tif", [np.ones((2, 2), np.uint8)])
    with pytest.raises(ValueError, match="cannot find the year of classes.tif"):
        dated_years([plain])


def test_stack_input_equals_single_files_and_windows_do_not_matter(tmp_path):
    """Same answer from single-band files, from a multiband stack with band dates, and with a
    memory budget so small that the runner needs dozens of windows."""
    e1 = ws.write_monthly_series(tmp_path / "e1", [2000, 2001], 70, 90)
    e2 = ws.write_monthly_series(tmp_path / "e2", [2015], 70, 90, epoch_shrink=0.14)
    b1, b2 = dated_bands(e1), dated_bands(e2)
    keys = list(OUTPUT_SPECS)
    full = run_surface_change(b1, b2, 0, {k: str(tmp_path / f"full_{k}.tif") for k in keys},
                              str(tmp_path / "full.csv"))
    tiny = run_surface_change(b1, b2, 0, {k: str(tmp_path / f"tiny_{k}.tif") for k in keys},
                              str(tmp_path / "tiny.csv"), memory_budget=200_000)
    assert full["windows"] == 1 and tiny["windows"] > 10
    stack = _stack(tmp_path / "epoch2_stack.tif", [_read(p) for p in e2],
                   dates=[b.date.isoformat() for b in b2], like=e2[0])
    stacked = run_surface_change(b1, dated_bands([stack]), 0,
                                 {k: str(tmp_path / f"stk_{k}.tif") for k in keys})
    for k in keys:
        ref = _read(full[k])
        assert np.array_equal(ref, _read(tiny[k])), k
        assert np.array_equal(ref, _read(stacked[k])), k
    assert Path(tmp_path / "full.csv").read_text() == Path(tmp_path / "tiny.csv").read_text()
    s1 = np.stack([decode_monthly(_read(p), 0) for p in e1])
    s2 = np.stack([decode_monthly(_read(p), 0) for p in e2])
    ref = reference_surface_change(s1, [(b.year, b.month) for b in b1], s2,
                                   [(b.year, b.month) for b in b2])
    for k in keys:
        assert np.array_equal(_read(full[k]), ref[k]), k
    # winter clouds make the plain ratio and the GSW mean of monthly ratios differ
    water = (s1 == 2).sum(0)
    valid = (s1 > 0).sum(0)
    plain = np.round(100 * water / np.maximum(valid, 1))
    assert (plain != _read(full["OCCURRENCE1"])).any()


def test_real_gsw_aggregated_layers_fit_our_codings(samples_dir, repo_root):
    """Plausibility: the published GSW occurrence/transitions clips use the value ranges our
    outputs use (occurrence 0–100 + 255, transitions 0–10 + 255) and every transition code
    present in the real clip has a legend entry in our QML style."""
    gsw = samples_dir / "gsw"
    occ = _read(gsw / "occurrence_60W_10Nv1_4_2021.tif")
    assert set(np.unique(occ)) <= set(range(101)) | {255}
    trans = _read(gsw / "transitions_60W_10Nv1_4_2021.tif")
    present = set(int(v) for v in np.unique(trans)) - {255}
    assert present <= {c for c, _ in TRANSITION_CLASSES} and len(present) == 10
    from clms_toolbox.clms_plugin.products import styles

    qml = styles.legend_qml("gsw_transitions")  # the style every transitions output gets
    for code in present:
        assert f'value="{code}"' in qml
    # where the real product says "permanent" (1), its occurrence is high; where it says
    # "not water" (0), occurrence is 0 — our encodings read the real layers consistently
    assert np.median(occ[trans == 1]) >= 90
    assert (occ[trans == 0] == 0).mean() > 0.95
