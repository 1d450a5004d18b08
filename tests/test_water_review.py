"""Independent review cases of the water algorithms against algorithms.md §3 and DESIGN.md §6.

Written by the reviewer, not the author: every expected number below is worked out by hand
from the reference text (quoted in the comments), never computed by the plugin's code or by
``_water_reference``. Most cases go end to end through ``processing.run`` on tiny real
GeoTIFFs (a 1 × N row whose pixels are independent scenarios), so parameter names, output
dtypes and nodata values of the public contract are checked at the same time.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from clms_toolbox.clms_plugin.analysis.water.occurrence import MonthlyAccumulator
from clms_toolbox.clms_plugin.analysis.water.transitions import transitions

N, L, W = 0, 1, 2  # GSW monthly history: 0 no data, 1 not water, 2 water (§3.2)


def _write(path: Path, values, dtype="uint8", nodata=None) -> str:
    arr = np.asarray([values], dtype=dtype)
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(
        path, "w", driver="GTiff", width=arr.shape[1], height=1, count=1, dtype=dtype,
        crs="EPSG:4326", transform=from_origin(10.0, 45.0, 0.001, 0.001), nodata=nodata,
    ) as ds:
        ds.write(arr, 1)
    return str(path)


def _series(folder: Path, maps: list[tuple[str, list]], **kw) -> tuple[list[str], str]:
    """maps: [(ISO date, pixel values)] → (paths, DATES string)."""
    paths = [_write(folder / f"m{i:03d}.tif", v, **kw) for i, (_, v) in enumerate(maps)]
    return paths, ",".join(d for d, _ in maps)


def _read(path) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read(1)


def _run_change(tmp_path, e1, e2, encoding=0, extra=None, **kw):
    import processing

    p1, d1 = _series(tmp_path / "e1", e1, **kw)
    p2, d2 = _series(tmp_path / "e2", e2, **kw)
    params = {
        "EPOCH1": p1, "EPOCH2": p2, "DATES1": d1, "DATES2": d2, "ENCODING": encoding,
        "OCCURRENCE1": str(tmp_path / "occ1.tif"), "OCCURRENCE2": str(tmp_path / "occ2.tif"),
        "CHANGE": str(tmp_path / "change.tif"),
    }
    params.update(extra or {})
    out = processing.run("clms:watersurfacechange", params)
    return {k: _read(v) for k, v in out.items() if k != "AREA_TABLE" and v}


# -- occurrence and change ---------------------------------------------------------------


def test_output_types_and_nodata_follow_design_contract(provider, tmp_path):
    # DESIGN §6: OCCURRENCE1/2 Byte 0–100, 255 nodata; CHANGE Int16 −100…100, −32768 nodata.
    import processing

    p1, d1 = _series(tmp_path / "a", [("2000-01-01", [W, N])])
    p2, d2 = _series(tmp_path / "b", [("2010-01-01", [L, N])])
    out = processing.run("clms:watersurfacechange", {
        "EPOCH1": p1, "EPOCH2": p2, "DATES1": d1, "DATES2": d2, "ENCODING": 0,
        "OCCURRENCE1": str(tmp_path / "o1.tif"), "OCCURRENCE2": str(tmp_path / "o2.tif"),
        "CHANGE": str(tmp_path / "c.tif")})
    for key, dtype, nodata in (("OCCURRENCE1", "uint8", 255), ("OCCURRENCE2", "uint8", 255),
                               ("CHANGE", "int16", -32768)):
        with rasterio.open(out[key]) as ds:
            assert (ds.dtypes[0], ds.nodata) == (dtype, nodata)
    # pixel 0: water → not water = −100 %; pixel 1 never observed: nodata, not 0
    assert _read(out["OCCURRENCE1"]).tolist() == [[100, 255]]
    assert _read(out["OCCURRENCE2"]).tolist() == [[0, 255]]
    assert _read(out["CHANGE"]).tolist() == [[-100, -32768]]


def test_change_when_only_some_months_are_homologous(provider, tmp_path):
    # §3.1 "homologous pairs of months, i.e. the same calendar month with valid observations
    # in *both* epochs … the change intensity is the average of these differences".
    # Pixel 0: epoch 1 Jan W,W (SWO 1), Feb L (0), Mar W (1)  -> occ1 = 2/3 -> 67
    #          epoch 2 Jan W,L (0.5), Feb W (1), Apr W (1)    -> occ2 = 2.5/3 -> 83
    #          H = {Jan, Feb}: ((0.5 - 1) + (1 - 0)) / 2 = 0.25 -> +25
    #          (Mar and Apr have no partner; occ2 - occ1 would say +17.)
    # Pixel 1: as pixel 0 but epoch 1 January is no data in both years:
    #          occ1 = mean(Feb 0, Mar 1) = 50; H = {Feb} only: 1 - 0 = +100
    # Pixel 2: epoch 1 sees Mar only, epoch 2 sees Apr only -> no homologous month: nodata
    e1 = [("2000-01-01", [W, N, N]), ("2001-01-01", [W, N, N]),
          ("2000-02-01", [L, L, N]), ("2000-03-01", [W, W, W])]
    e2 = [("2010-01-01", [W, W, N]), ("2011-01-01", [L, L, N]),
          ("2010-02-01", [W, W, N]), ("2010-04-01", [W, W, L])]
    got = _run_change(tmp_path, e1, e2)
    assert got["OCCURRENCE1"].tolist() == [[67, 50, 100]]
    assert got["OCCURRENCE2"].tolist() == [[83, 83, 0]]
    assert got["CHANGE"].tolist() == [[25, 100, -32768]]


def test_occurrence_counts_every_observation_of_a_month(provider, tmp_path):
    # §3.1 "For each calendar month m, sum water detections (WD) and valid observations (VO)
    # over all years: SWO_m = ΣWD_m / ΣVO_m" — three 10-daily maps of Jan 2000 are three
    # observations. Jan: 2000 W, L, W + 2001 L -> 2 / 4 = 0.5; Jul 2000: W -> 1.
    # Occurrence = mean(0.5, 1) = 75 (per-year averaging would give mean(1/3, 1) = 67, the
    # plain ratio 3/5 = 60).
    # Epoch 2: Jan 2010 L -> 0; H = {Jan}: 0 - 0.5 = -50.
    e1 = [("2000-01-01", [W]), ("2000-01-11", [L]), ("2000-01-21", [W]),
          ("2001-01-01", [L]), ("2000-07-01", [W])]
    e2 = [("2010-01-01", [L])]
    got = _run_change(tmp_path, e1, e2)
    assert got["OCCURRENCE1"].tolist() == [[75]]
    assert got["CHANGE"].tolist() == [[-50]]


def test_months_never_observed_are_left_out_of_the_mean():
    # §3.1 "Months with ΣVO_m = 0 are excluded from the mean": water seen in March only,
    # the other 11 months never observed -> 100 %, not 100/12.
    acc = MonthlyAccumulator((1, 1))
    acc.add(0, 2000, 3, [np.array([[W]], np.uint8)])
    acc.add(1, 2010, 3, [np.array([[W]], np.uint8)])
    res = acc.finalize()
    assert (res.occurrence1[0, 0], res.occurrence2[0, 0], res.change[0, 0]) == (100, 100, 0)


# -- encodings -----------------------------------------------------------------------------


def test_clms_water_bodies_sea_nodata_and_other_values(provider, tmp_path):
    # §3.2: CLMS WB "0 Sea, 70 Inland water, 251 No data, 255 No water"; recoding "70 → 2,
    # 255 → 1, 251 → 0, 0 (sea) → 0 (excluded)". Files carry nodata=255 as some exports do:
    # 255 must still be "no water". Jan/Feb 2020 vs Jan/Feb 2021.
    # px0: 70,70 | 255,255   -> 100, 0, -100
    # px1: 255,255 | 255,255 -> 0, 0, 0
    # px2: sea always        -> 255, 255, nodata
    # px3: 251,251 | 70,70   -> 255, 100, nodata (no valid month in epoch 1)
    # px4: 70,0 | 255,70     -> e1 Jan only = 100; e2 mean(0, 1) = 50; H = {Jan}: 0 - 1 = -100
    # px5: 70,255 | 70,0     -> e1 50; e2 Jan only = 100; H = {Jan}: 1 - 1 = 0
    # px6: 100(?),70 | 70,70 -> undefined code = no data: e1 Feb only = 100; e2 100; H={Feb}: 0
    e1 = [("2020-01-01", [70, 255, 0, 251, 70, 70, 100]),
          ("2020-02-01", [70, 255, 0, 251, 0, 255, 70])]
    e2 = [("2021-01-01", [255, 255, 0, 70, 255, 70, 70]),
          ("2021-02-01", [255, 255, 0, 70, 70, 0, 70])]
    got = _run_change(tmp_path, e1, e2, encoding=1, nodata=255)
    assert got["OCCURRENCE1"].tolist() == [[100, 0, 255, 255, 100, 50, 100]]
    assert got["OCCURRENCE2"].tolist() == [[0, 0, 255, 100, 50, 100, 100]]
    assert got["CHANGE"].tolist() == [[-100, 0, -32768, -32768, -100, 0, 0]]


def test_binary_encoding_other_values_are_no_data(provider, tmp_path):
    # DESIGN §6 "2 binary 1/0": 1 water, 0 not water; 2, 255 … are not part of the coding.
    # px0: 1,0 | 0,0   -> e1 mean(1, 0) = 50; e2 0; change mean(-1, 0) = -50
    # px1: 2,1 | 1,255 -> e1 Feb only = 100; e2 Jan only = 100; no homologous month
    # px2: 255,255 | 0,1 -> e1 nodata; e2 50; change nodata
    # px3: 1,1 | 1,0   -> 100, 50, mean(0, -1) = -50
    e1 = [("2000-01-01", [1, 2, 255, 1]), ("2000-02-01", [0, 1, 255, 1])]
    e2 = [("2010-01-01", [0, 1, 0, 1]), ("2010-02-01", [0, 255, 1, 0])]
    got = _run_change(tmp_path, e1, e2, encoding=2)
    assert got["OCCURRENCE1"].tolist() == [[50, 100, 255, 100]]
    assert got["OCCURRENCE2"].tolist() == [[0, 100, 50, 50]]
    assert got["CHANGE"].tolist() == [[-50, -32768, -32768, -50]]


def test_binary_encoding_float_masks(provider, tmp_path):
    # Float32 masks: 1.0 water, 0.0 not water; NaN, -9999 and 0.5 are no data.
    # px0: 1.0,0.0 | 1.0,1.0 -> 50, 100, +50
    # px1: NaN,1.0 | -9999,1.0 -> Feb only: 100, 100, 0
    # px2: 0.5,NaN | 0.0,0.0 -> nodata, 0, nodata
    nan = float("nan")
    e1 = [("2000-01-01", [1.0, nan, 0.5]), ("2000-02-01", [0.0, 1.0, nan])]
    e2 = [("2010-01-01", [1.0, -9999.0, 0.0]), ("2010-02-01", [1.0, 1.0, 0.0])]
    got = _run_change(tmp_path, e1, e2, encoding=2, dtype="float32", nodata=-9999.0)
    assert got["OCCURRENCE1"].tolist() == [[50, 100, 255]]
    assert got["OCCURRENCE2"].tolist() == [[100, 100, 0]]
    assert got["CHANGE"].tolist() == [[50, 0, -32768]]


def test_gsw_encoding_unknown_codes_are_no_data(provider, tmp_path):
    # §3.2 GSW monthly history "0 No data, 1 Not water, 2 Water"; 3 or 255 are not water
    # counts. px0: 2,3 | 2,1 -> e1 Jan only 100; e2 50; H={Jan}: 0. px1: 255,1 | 2,2 -> 0, 100,
    # H={Feb}: +100.
    e1 = [("2000-01-01", [2, 255]), ("2000-02-01", [3, 1])]
    e2 = [("2010-01-01", [2, 2]), ("2010-02-01", [1, 2])]
    got = _run_change(tmp_path, e1, e2, encoding=0)
    assert got["OCCURRENCE1"].tolist() == [[100, 0]]
    assert got["OCCURRENCE2"].tolist() == [[50, 100]]
    assert got["CHANGE"].tolist() == [[0, 100]]


# -- seasonality and recurrence ------------------------------------------------------------


def _full_year(year: int, values_by_month) -> list[tuple[str, list]]:
    return [(f"{year}-{m:02d}-01", values_by_month(m)) for m in range(1, 13)]


def test_seasonality_boundaries_and_last_full_year(provider, tmp_path):
    # §3.1 "Seasonality: 'number of months water is present', 0–12, evaluated over a
    # reference year — the last full year of the record". Epoch 2 = all of 2010 + Jan–Mar
    # 2011 (a partial year): the reference year is 2010.
    # px0: water all 12 months of 2010                       -> 12
    # px1: observed every month of 2010, never water         -> 0
    # px2: water May–Sep 2010 (5 months), water Jan–Mar 2011 -> 5 (2011 is not the ref year)
    # px3: no data all 2010, water in 2011                   -> 255 (nothing valid in 2010)
    # px4: 2010 Jun has two maps (L then W) -> Jun counts once as a water month; plus Jul W -> 2
    def m2010(m):
        return [W, L, W if 5 <= m <= 9 else L, N, W if m == 7 else L]

    e2 = _full_year(2010, m2010) + [("2010-06-15", [W, L, L, N, W])]
    e2 += [(f"2011-{m:02d}-01", [W, W, W, W, W]) for m in (1, 2, 3)]
    e1 = [("2000-06-01", [W, W, W, W, W])]
    got = _run_change(tmp_path, e1, e2, extra={"SEASONALITY": str(tmp_path / "s.tif")})
    assert got["SEASONALITY"].tolist() == [[12, 0, 5, 255, 2]]
    with rasterio.open(tmp_path / "s.tif") as ds:
        assert (ds.dtypes[0], ds.nodata) == ("uint8", 255)


def test_seasonality_without_a_complete_year_uses_the_last_year(provider, tmp_path):
    # Only Jan and Jul are sampled: no year is complete, so the last year of epoch 2 (2011)
    # is the reference. px0: 2011 Jan W, Jul W -> 2; px1: 2011 Jan L, Jul W -> 1 (2010 had 2).
    e2 = [("2010-01-01", [L, W]), ("2010-07-01", [L, W]),
          ("2011-01-01", [W, L]), ("2011-07-01", [W, W])]
    e1 = [("2000-01-01", [L, L])]
    got = _run_change(tmp_path, e1, e2, extra={"SEASONALITY": str(tmp_path / "s.tif")})
    assert got["SEASONALITY"].tolist() == [[2, 1]]


def test_recurrence_by_hand(provider, tmp_path):
    # §3.1 "rec_m = 100 × (#years with water in month m) / (#years with valid obs in month m);
    # overall recurrence = mean of rec_m over the months in which water was ever detected".
    # px0: Jan observed 2000, 2001 (epoch 1), 2010 (epoch 2), water in 2001 only -> 33.3 %;
    #      Jun observed 2000, 2010, water both -> 100 %; Sep observed, never water -> left out.
    #      mean(33.3, 100) = 66.7 -> 67
    # px1: observed, never water -> 0; px2: never observed -> 255 nodata
    # px3: Jan 2000 has two maps (L, W): the year counts once, as a water year: Jan 1/3
    #      (2000 W, 2001 L, 2010 L); no other water month -> 33
    e1 = [("2000-01-01", [L, L, N, L]), ("2000-01-20", [L, L, N, W]),
          ("2001-01-01", [W, L, N, L]), ("2000-06-01", [W, L, N, L]),
          ("2000-09-01", [L, L, N, L])]
    e2 = [("2010-01-01", [L, L, N, L]), ("2010-06-01", [W, L, N, L])]
    got = _run_change(tmp_path, e1, e2, extra={"RECURRENCE": str(tmp_path / "r.tif")})
    assert got["RECURRENCE"].tolist() == [[67, 0, 255, 33]]


# -- transitions ---------------------------------------------------------------------------

# §3.1 table: first \ last -> code. N not water (1), S seasonal (2), P permanent (3).
GSW_TRANSITIONS = [
    (0, "No change / not water", (1, 1)), (1, "Permanent", (3, 3)),
    (2, "New permanent", (1, 3)), (3, "Lost permanent", (3, 1)), (4, "Seasonal", (2, 2)),
    (5, "New seasonal", (1, 2)), (6, "Lost seasonal", (2, 1)),
    (7, "Seasonal to permanent", (2, 3)), (8, "Permanent to seasonal", (3, 2)),
    (9, "Ephemeral permanent", None), (10, "Ephemeral seasonal", None),
]


def test_transition_codes_follow_the_published_numbering(provider, tmp_path):
    # One pixel per class, in code order 0..10, from three years 2000, 2001, 2002.
    import processing

    first, middle, last = [], [], []
    for code, _, pair in GSW_TRANSITIONS:
        if pair is not None:
            f, la = pair
            mid = f  # the middle year repeats the first: never decides 0–8
        else:
            f, la, mid = 1, 1, (3 if code == 9 else 2)
        first.append(f)
        middle.append(mid)
        last.append(la)
    # extra pixels: 11 = no data every year -> 255
    for col in (first, middle, last):
        col.append(0)
    paths = [_write(tmp_path / f"y{y}.tif", v) for y, v in
             ((2000, first), (2001, middle), (2002, last))]
    out = processing.run("clms:watertransitions", {
        "INPUT": paths, "YEARS": "2000,2001,2002", "OUTPUT": str(tmp_path / "t.tif"),
        "AREA_TABLE": str(tmp_path / "t.csv")})
    assert _read(out["OUTPUT"]).tolist() == [list(range(11)) + [255]]
    with rasterio.open(out["OUTPUT"]) as ds:
        assert (ds.dtypes[0], ds.nodata) == ("uint8", 255)
    with open(out["AREA_TABLE"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["code", "class", "pixels", "area_ha", "area_method"]
    assert [(int(r["code"]), r["class"].lower()) for r in rows] == [
        (code, name.lower()) for code, name, _ in GSW_TRANSITIONS]
    assert all(int(r["pixels"]) == 1 for r in rows)
    assert all(float(r["area_ha"]) > 0 for r in rows)


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        # first/last *valid* year (§3.1 "The plugin should expose 'first/last valid year'")
        ([0, 2, 3, 0], 7),  # S … P with no-data ends
        ([0, 0, 1, 3, 1, 0], 9),  # N, P between, N
        ([1, 0, 2, 0], 5),  # N … S: last valid year is the third
        ([0, 3, 0, 0], 1),  # one valid year compared with itself
        # ephemeral precedence (§3.1 "both P and S: take 9")
        ([1, 2, 3, 2, 1], 9),
        ([1, 2, 0, 2, 1], 10),
        ([1, 0, 0, 1], 0),  # never water in between -> 0, not ephemeral
        # ephemeral only applies to N … N
        ([2, 3, 2], 4), ([3, 1, 3], 1), ([1, 3, 2], 5),
    ],
)
def test_transition_rules_by_hand(years, expected):
    stack = np.array(years, dtype=np.uint8).reshape(len(years), 1, 1)
    assert int(transitions(stack)[0, 0]) == expected


def test_transitions_from_monthly_maps_use_months(provider, tmp_path):
    # §3.1 yearly classes: "Permanent = water in every month with a valid observation that
    # year; seasonal = water in some but not all".
    # px0: 2000 Jan W, Feb W, Mar no data -> permanent; 2001 Jan W, Feb L -> seasonal: 8
    # px1: 2000 all L -> not water; 2001 Jan no data, Feb W -> permanent: 2
    # px2: 2000 Jan L, Feb L; 2001 Jan L, Feb no data -> 0
    # px3: 2000 no data at all; 2001 Jan W, Feb W -> one valid year (P) with itself: 1
    # px4: 2000 Jan has two maps (W on the 1st, L on the 15th), Feb W, Mar W: every month of
    #      2000 had water -> permanent (a month is water if any map of it shows water, as for
    #      seasonality); 2001 Jan L, Feb L -> not water: 3 lost permanent (counting maps
    #      instead of months would make 2000 seasonal and give 6)
    import processing

    maps = [("2000-01-01", [W, L, L, N, W]), ("2000-01-15", [W, L, L, N, L]),
            ("2000-02-01", [W, L, L, N, W]), ("2000-03-01", [N, L, N, N, W]),
            ("2001-01-01", [W, N, L, W, L]), ("2001-02-01", [L, W, N, W, L])]
    paths, dates = _series(tmp_path / "m", maps)
    out = processing.run("clms:watertransitions", {
        "INPUT": paths, "INPUT_KIND": 1, "DATES": dates, "OUTPUT": str(tmp_path / "t.tif")})
    assert _read(out["OUTPUT"]).tolist() == [[8, 2, 0, 1, 3]]
