"""Reviewer cases for the land-cover algorithms, hand-computed from the published definitions.

Every expected value below was typed from ``../shared/reference/algorithms.md`` §1 (tables
§1.3 (a)–(e), the UNCCD matrix of §1.5, the ellipsoidal cell area of §1.6), DESIGN.md §6 and
the LC100 histograms of ``../shared/samples/README.md`` — never computed by the code under
test. Cell areas are checked against pyproj's geodesic polygon area (GeographicLib), an
implementation independent of ``cellarea.py``. Runs go through ``processing.run`` on tiny
GeoTIFFs, as a user (or a model) would.
"""

from __future__ import annotations

import csv
import warnings

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.crs import CRS

from clms_toolbox.clms_plugin.analysis.engine import cellarea

UTM = "EPSG:32630"
HA_PIXELS = Affine(100, 0, 500_000, 0, -100, 4_600_000)  # 100 m pixels = 1 ha each

# -- published tables, typed by hand -------------------------------------------------------
# §1.3 (c) CGLS-LC100 → IPCC default.
LC100_IPCC = {0: 255, 20: 3, 30: 3, 40: 2, 50: 5, 60: 6, 70: 6, 80: 4, 90: 4, 100: 6,
              111: 1, 112: 1, 113: 1, 114: 1, 115: 1, 116: 1,
              121: 1, 122: 1, 123: 1, 124: 1, 125: 1, 126: 1, 200: 255, 255: 255}
# §1.3 (d) ESA WorldCover → IPCC default (0 = the file's nodata).
WORLDCOVER_IPCC = {0: 255, 10: 1, 20: 3, 30: 3, 40: 2, 50: 5, 60: 6, 70: 6, 80: 4, 90: 4,
                   95: 1, 100: 6}
# §1.2 CORINE index → code, and §1.3 (e) CORINE → IPCC default by code.
CLC_CODES = [111, 112, 121, 122, 123, 124, 131, 132, 133, 141, 142, 211, 212, 213, 221, 222,
             223, 231, 241, 242, 243, 244, 311, 312, 313, 321, 322, 323, 324, 331, 332, 333,
             334, 335, 411, 412, 421, 422, 423, 511, 512, 521, 522, 523]
CLC_IPCC = {111: 5, 112: 5, 121: 5, 122: 5, 123: 5, 124: 5, 131: 5, 132: 5, 133: 5,
            141: 5, 142: 5,
            211: 2, 212: 2, 213: 2, 221: 2, 222: 2, 223: 2,
            231: 3, 241: 2, 242: 2, 243: 3, 244: 1, 311: 1, 312: 1, 313: 1,
            321: 3, 322: 3, 323: 3, 324: 1, 331: 6, 332: 6, 333: 6, 334: 1, 335: 6,
            411: 4, 412: 4, 421: 4, 422: 4, 423: 4, 511: 4, 512: 4, 521: 4, 522: 4, 523: 255}
# §1.3 (b) ESA CCI → IPCC (CCI-LC PUG).
CCI_IPCC = {**{c: 2 for c in (10, 11, 12, 20, 30, 40)},
            **{c: 1 for c in (50, 60, 61, 62, 70, 71, 72, 80, 81, 82, 90, 100, 160, 170)},
            110: 3, 130: 3, 180: 4, 190: 5,
            **{c: 6 for c in (120, 121, 122, 140, 150, 151, 152, 153, 200, 201, 202, 210,
                              220)},
            0: 255}
# §1.3 (a) ESA CCI → UNCCD 7 classes (Trends.Earth nesting, exact).
CCI_UNCCD = {**{c: 1 for c in (50, 60, 61, 62, 70, 71, 72, 80, 81, 82, 90, 100)},
             **{c: 2 for c in (110, 120, 121, 122, 130, 140, 150, 151, 152, 153)},
             **{c: 3 for c in (10, 11, 12, 20, 30, 40)},
             **{c: 4 for c in (160, 170, 180)}, 190: 5,
             **{c: 6 for c in (200, 201, 202, 220)}, 210: 7}
# §1.5 UNCCD default degradation matrix, rows initial 1..7, columns final 1..7.
UNCCD_MATRIX = [
    [0, -1, -1, -1, -1, -1, 0],   # Tree-covered
    [1, 0, 1, -1, -1, -1, 0],     # Grassland
    [1, -1, 0, -1, -1, -1, 0],    # Cropland
    [-1, -1, -1, 0, -1, -1, 0],   # Wetland
    [1, 1, 1, 1, 0, 1, 0],        # Artificial
    [1, 1, 1, 1, -1, 0, 0],       # Other land
    [0, 0, 0, 0, 0, 0, 0],        # Water body
]
CATEGORY = ["Forest land", "Cropland", "Grassland", "Wetlands", "Settlements", "Other land"]
CATEGORY_LOWER = ["forest land", "cropland", "grassland", "wetlands", "settlements",
                  "other land"]


# -- helpers ---------------------------------------------------------------------------------
def _write(path, arr, *, crs=UTM, transform=HA_PIXELS, nodata=None, dtype=None):
    arr = np.asarray(arr, dtype=dtype) if dtype else np.asarray(arr)
    if arr.ndim == 1:
        arr = arr[None, :]
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[1], height=arr.shape[0],
                       count=1, dtype=arr.dtype, crs=CRS.from_string(crs),
                       transform=transform, nodata=nodata) as ds:
        ds.write(arr, 1)
    return str(path)


def _read(path):
    with rasterio.open(path) as ds:
        return ds.read(1)


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _ipcc(tmp_path, src, legend, name="out", **extra):
    import processing

    params = {"INPUT": src, "LEGEND": legend, "OUTPUT": str(tmp_path / f"{name}.tif"),
              "AREA_TABLE": str(tmp_path / f"{name}.csv"), **extra}
    return processing.run("clms:landcovertoipcc", params)


def _lc100(samples_dir, year):
    return str(next((samples_dir / "lc100").glob(f"*_{year}-*.tif")))


def _geod_cell_m2(lat1, lat2, lon1, lon2, n=200):
    """Area of a lat/lon quadrangle from GeographicLib, edges densified along the parallels."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyproj import Geod
    geod = Geod(ellps="WGS84")
    lons = np.linspace(lon1, lon2, n)
    area, _ = geod.polygon_area_perimeter(np.concatenate([lons, lons[::-1]]),
                                          np.concatenate([np.full(n, lat1), np.full(n, lat2)]))
    return abs(area)


# -- §1.3 default mappings, every row, through processing.run --------------------------------
def test_lc100_every_default_row_and_unmapped_code(provider, tmp_path):
    codes = [*LC100_IPCC, 99, 99]  # 99 is no LC100 code → nodata, reported
    src = _write(tmp_path / "lc.tif", np.array(codes, np.uint8), nodata=255)
    res = _ipcc(tmp_path, src, 1)
    assert _read(res["OUTPUT"]).tolist() == [[*LC100_IPCC.values(), 255, 255]]
    assert res["UNMAPPED_PIXELS"] == 2
    with rasterio.open(res["OUTPUT"]) as ds:  # DESIGN.md §6: Byte, 255 nodata
        assert ds.dtypes[0] == "uint8" and ds.nodata == 255
    table = {int(r["ipcc_code"]): r for r in _rows(res["AREA_TABLE"])}
    assert list(table) == [1, 2, 3, 4, 5, 6, 255]
    assert [r["category"] for c, r in table.items() if c != 255] == CATEGORY
    # Hand count of table (c): 12 forest, 1 crop, 2 grass, 2 wetland, 1 urban, 3 other,
    # nodata 0/200/255 + the two 99s; 100 m pixels = 1 ha.
    expected = {1: 12, 2: 1, 3: 2, 4: 2, 5: 1, 6: 3, 255: 5}
    assert {c: int(r["pixels"]) for c, r in table.items()} == expected
    assert {c: float(r["area_ha"]) for c, r in table.items()} == pytest.approx(expected)


def test_log_lists_unmapped_codes_with_pixel_counts(provider, tmp_path):
    """Issue 4: codes the mapping does not cover → nodata, and the log lists them with counts."""
    import processing
    from qgis.core import QgsProcessingFeedback

    src = _write(tmp_path / "lc.tif", np.array([[20, 99, 99], [7, 99, 40]], np.uint8),
                 nodata=255)
    feedback = QgsProcessingFeedback()
    res = processing.run("clms:landcovertoipcc", {
        "INPUT": src, "LEGEND": 1, "OUTPUT": str(tmp_path / "o.tif")}, feedback=feedback)
    assert res["UNMAPPED_PIXELS"] == 4
    log = feedback.textLog()
    assert "7: 1 px" in log and "99: 3 px" in log


def test_worldcover_every_default_row(provider, tmp_path):
    src = _write(tmp_path / "wc.tif", np.array(list(WORLDCOVER_IPCC), np.uint8), nodata=0)
    res = _ipcc(tmp_path, src, 2)
    assert _read(res["OUTPUT"]).tolist() == [list(WORLDCOVER_IPCC.values())]
    assert res["UNMAPPED_PIXELS"] == 0


def test_corine_index_every_row_and_nodata_codes(provider, tmp_path):
    # §1.2: index = 1-based position of the code; 48 = NODATA; 49, 50, 255 also nodata.
    index = [*range(1, 45), 48, 49, 50, 255]
    expected = [CLC_IPCC[CLC_CODES[i - 1]] for i in range(1, 45)] + [255] * 4
    src = _write(tmp_path / "clc_index.tif", np.array(index, np.uint8))
    res = _ipcc(tmp_path, src, 3)
    assert _read(res["OUTPUT"]).tolist() == [expected]
    assert res["UNMAPPED_PIXELS"] == 0


def test_corine_three_digit_codes_every_row(provider, tmp_path):
    src = _write(tmp_path / "clc_code.tif", np.array(CLC_CODES, np.uint16))
    res = _ipcc(tmp_path, src, 4)
    assert _read(res["OUTPUT"]).tolist() == [[CLC_IPCC[c] for c in CLC_CODES]]
    assert res["UNMAPPED_PIXELS"] == 0


def test_cci_every_default_row(provider, tmp_path):
    src = _write(tmp_path / "cci.tif", np.array(list(CCI_IPCC), np.uint8))
    res = _ipcc(tmp_path, src, 5)
    assert _read(res["OUTPUT"]).tolist() == [list(CCI_IPCC.values())]
    assert res["UNMAPPED_PIXELS"] == 0


# -- LEGEND enum, MAPPING override semantics, custom legend ----------------------------------
def test_legend_enum_order_matches_the_contract(provider):
    from qgis.core import QgsApplication

    reg = QgsApplication.processingRegistry()
    opts = reg.algorithmById("clms:landcovertoipcc").parameterDefinition("LEGEND").options()
    assert len(opts) == 10
    # DESIGN.md §6: 0 auto, 1 LC100, 2 WorldCover, 3 CORINE index, 4 CORINE codes, 5 CCI,
    # 6 custom, then appended 7 LCFM, 8 CLC+ Backbone, 9 CLC+ LULUCF; sdg1531landcover: the
    # first seven, 7 = already UNCCD (unchanged), then 8 LCFM, 9 CLC+ Backbone, 10 LULUCF.
    for i, words in enumerate([("auto",), ("lc100",), ("worldcover",), ("corine", "index"),
                               ("corine", "3-digit"), ("cci",), ("custom",), ("lcfm",),
                               ("clc+", "backbone"), ("clc+", "lulucf")]):
        assert all(w in opts[i].lower() for w in words), (i, opts[i])
    sdg = reg.algorithmById("clms:sdg1531landcover").parameterDefinition("LEGEND").options()
    assert sdg[:7] == opts[:7] and "unccd" in sdg[7].lower()
    assert sdg[8:] == opts[7:] and len(sdg) == 11


def test_mapping_rows_override_the_default_others_stay(provider, tmp_path):
    src = _write(tmp_path / "lc.tif", np.array([20, 30, 126, 80], np.uint8), nodata=255)
    mapping = tmp_path / "m.csv"
    mapping.write_text("source_code,ipcc_code\n20,6\n126,255\n")
    res = _ipcc(tmp_path, src, 1, MAPPING=str(mapping))
    # 20 → 6 and 126 → 255 overridden; 30 → 3 and 80 → 4 keep the table (c) defaults.
    assert _read(res["OUTPUT"]).tolist() == [[6, 3, 255, 4]]


def test_custom_legend_uses_only_the_mapping_and_unmapped_become_nodata(provider, tmp_path):
    from qgis.core import QgsProcessingException

    src = _write(tmp_path / "x.tif", np.array([[1, 2, 3], [7, 1, 2]], np.uint8))
    mapping = tmp_path / "m.csv"
    mapping.write_text("1,1\n2,3\n")
    res = _ipcc(tmp_path, src, 6, MAPPING=str(mapping))
    assert _read(res["OUTPUT"]).tolist() == [[1, 3, 255], [255, 1, 3]]
    assert res["UNMAPPED_PIXELS"] == 2
    with pytest.raises(QgsProcessingException, match="MAPPING"):
        _ipcc(tmp_path, src, 6, name="nomap")


def test_mapping_target_outside_ipcc_codes_is_refused(provider, tmp_path):
    from qgis.core import QgsProcessingException

    src = _write(tmp_path / "lc.tif", np.array([20, 30], np.uint8), nodata=255)
    mapping = tmp_path / "m.csv"
    mapping.write_text("20,7\n")
    with pytest.raises(QgsProcessingException, match="MAPPING"):
        _ipcc(tmp_path, src, 1, MAPPING=str(mapping))
    assert not (tmp_path / "out.tif").exists()


def test_profiles_apply_documented_alternatives_and_mapping_wins(provider, tmp_path):
    from clms_toolbox.clms_plugin.analysis.landcover import ipcc

    ids = [p for p, _ in ipcc.profiles()]
    src = _write(tmp_path / "lc.tif", np.array([20, 121, 80, 60, 90, 30], np.uint8), nodata=255)
    # §1.3 (c) alternatives: shrubs → Other land; open forest → Grassland; water excluded;
    # sparse → Grassland; herbaceous wetland → Grassland. 30 has no alternative.
    res = _ipcc(tmp_path, src, 1, name="p1", PROFILES=[
        ids.index(p) for p in ("shrubs_other", "open_forest_grassland", "water_excluded",
                               "sparse_grassland", "wetland_grassland")])
    assert _read(res["OUTPUT"]).tolist() == [[6, 3, 255, 3, 3, 3]]
    mapping = tmp_path / "m.csv"
    mapping.write_text("20,1\n")
    res = _ipcc(tmp_path, src, 1, name="p2", MAPPING=str(mapping),
                PROFILES=[ids.index("shrubs_other")])
    assert _read(res["OUTPUT"])[0, 0] == 1  # MAPPING rows override the profile
    wc = _write(tmp_path / "wc.tif", np.array([95, 20], np.uint8), nodata=0)
    res = _ipcc(tmp_path, wc, 2, name="p3", PROFILES=[ids.index("flooded_trees_wetlands"),
                                                      ids.index("shrubs_forest")])
    assert _read(res["OUTPUT"]).tolist() == [[4, 1]]  # §1.3 (d) alternatives for 95 and 20


@pytest.mark.parametrize(("name", "values", "dtype", "expected"), [
    ("W080N20_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_EPSG-4326.tif",
     [20, 126, 80, 200], np.uint8, [3, 1, 4, 255]),
    ("ESA_WorldCover_10m_2021_v200_N00E006_Map.tif", [10, 20, 95, 100], np.uint8, [1, 3, 1, 6]),
    ("U2018_CLC2018_V2020_20u1.tif", [1, 12, 23, 48], np.uint8, [5, 2, 1, 255]),
    ("clc2018_codes.tif", [111, 211, 311, 523], np.uint16, [5, 2, 1, 255]),
    ("ESACCI-LC-L4-LCCS-Map-300m-P1Y-2015-v2.0.7.tif", [10, 50, 120, 210], np.uint8,
     [2, 1, 6, 6]),
    ("landcover.tif", [111, 126, 20, 30], np.uint8, [1, 1, 3, 3]),
    ("landcover.tif", [10, 95, 30, 80], np.uint8, [1, 1, 3, 4]),
])
def test_auto_detection_from_name_then_values(provider, tmp_path, name, values, dtype,
                                              expected):
    src = _write(tmp_path / name, np.array(values, dtype))
    res = _ipcc(tmp_path, src, 0)
    assert _read(res["OUTPUT"]).tolist() == [expected]
    assert res["UNMAPPED_PIXELS"] == 0


# -- §1.6 ellipsoidal cell area vs GeographicLib ---------------------------------------------
@pytest.mark.parametrize("lat", [0.0, 18.6, 45.0, 60.0, -60.0, 80.0, 89.5])
def test_cell_area_matches_geodesic_polygon_area(lat):
    res = 1 / 1008  # the LC100 grid step
    transform = Affine(res, 0, 10.0, 0, -res, lat + 3 * res)
    areas, method = cellarea.cell_areas_m2((CRS.from_epsg(4326), transform), 0, 3)
    for k in range(3):
        top = lat + 3 * res - k * res
        assert areas[k] == pytest.approx(_geod_cell_m2(top - res, top, 10.0, 10.0 + res),
                                         rel=2e-6)
    assert "ellipsoidal" in method.lower()


def test_area_table_on_epsg4326_at_70n_uses_ellipsoidal_rows(provider, tmp_path):
    t = Affine(0.01, 0, 10.0, 0, -0.01, 70.02)
    src = _write(tmp_path / "lc.tif", np.array([[111, 111, 40], [30, 30, 30]], np.uint8),
                 crs="EPSG:4326", transform=t, nodata=255)
    res = _ipcc(tmp_path, src, 1)
    top = _geod_cell_m2(70.01, 70.02, 10.0, 10.01) / 1e4
    bottom = _geod_cell_m2(70.00, 70.01, 10.0, 10.01) / 1e4
    table = {int(r["ipcc_code"]): r for r in _rows(res["AREA_TABLE"])}
    # Table precision is 4 decimals of a hectare.
    assert float(table[1]["area_ha"]) == pytest.approx(2 * top, abs=2e-4)
    assert float(table[2]["area_ha"]) == pytest.approx(top, abs=2e-4)
    assert float(table[3]["area_ha"]) == pytest.approx(3 * bottom, abs=2e-4)
    assert "ellipsoidal" in table[1]["area_method"].lower()


def test_area_sums_across_many_windows_match_geodesic_bands(tmp_path):
    """Row offsets across windows: 2 000 rows at 60–62° N in 16-row tiles, tiny memory budget."""
    from clms_toolbox.clms_plugin.analysis.landcover import ipcc

    res_deg = 0.001
    arr = np.full((2000, 16), 111, np.uint8)
    arr[1000:] = 40  # southern half cropland
    path = tmp_path / "tall.tif"
    with rasterio.open(path, "w", driver="GTiff", width=16, height=2000, count=1,
                       dtype="uint8", crs=CRS.from_epsg(4326), nodata=255, tiled=True,
                       blockxsize=16, blockysize=16,
                       transform=Affine(res_deg, 0, 5.0, 0, -res_deg, 62.0)) as ds:
        ds.write(arr, 1)
    out = ipcc.landcover_to_ipcc(path, tmp_path / "o.tif", legend="lc100",
                                 memory_budget=64 * 1024, threads=2)
    assert out.windows > 10
    forest = _geod_cell_m2(61.0, 62.0, 5.0, 5.016, n=400)
    crop = _geod_cell_m2(60.0, 61.0, 5.0, 5.016, n=400)
    assert out.area_m2[1] == pytest.approx(forest, rel=1e-6)
    assert out.area_m2[2] == pytest.approx(crop, rel=1e-6)
    assert out.pixels[1] == out.pixels[2] == 16000


# -- landusechange: codes, Approach 2 matrix layout, labels ----------------------------------
def test_change_matrix_layout_totals_and_net_change(provider, tmp_path):
    import processing

    a = _write(tmp_path / "a.tif", np.array([[1, 1, 1, 2], [3, 3, 255, 6]], np.uint8), nodata=255)
    b = _write(tmp_path / "b.tif", np.array([[1, 2, 2, 2], [1, 3, 4, 255]], np.uint8), nodata=255)
    res = processing.run("clms:landusechange", {
        "INITIAL": a, "FINAL": b, "OUTPUT": str(tmp_path / "c.tif"),
        "MATRIX": str(tmp_path / "m.csv"), "TRANSITIONS": str(tmp_path / "t.csv")})
    assert _read(res["OUTPUT"]).tolist() == [[11, 12, 12, 22], [31, 33, 255, 255]]
    with rasterio.open(res["OUTPUT"]) as ds:  # DESIGN.md §6: Byte 10*initial+final, 255
        assert ds.dtypes[0] == "uint8" and ds.nodata == 255
    with open(res["MATRIX"], encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh)]
    names = [*CATEGORY, "No data"]
    assert rows[0][1:] == [*names, "Initial area", "area_method"]
    # no trailing "Area method" row: the method is a column, every category column numeric
    assert [r[0] for r in rows[1:]] == [*names, "Final area", "Net change"]
    assert len({r[-1] for r in rows[1:]}) == 1 and "pixel area" in rows[1][-1]
    body = {r[0]: [float(v) if v else None for v in r[1:9]] for r in rows[1:10]}
    # Hand cross-tabulation (1 ha pixels): rows initial, columns final, last = Initial area.
    assert body["Forest land"] == [1, 2, 0, 0, 0, 0, 0, 3]
    assert body["Cropland"] == [0, 1, 0, 0, 0, 0, 0, 1]
    assert body["Grassland"] == [1, 0, 1, 0, 0, 0, 0, 2]
    assert body["Wetlands"] == [0] * 8
    assert body["Settlements"] == [0] * 8
    assert body["Other land"] == [0, 0, 0, 0, 0, 0, 1, 1]
    assert body["No data"] == [0, 0, 0, 1, 0, 0, 0, 1]
    assert body["Final area"] == [2, 3, 1, 1, 0, 0, 1, 8]
    assert body["Net change"][:7] == [-1, 2, -1, 1, 0, -1, 0]
    tr = _rows(res["TRANSITIONS"])
    assert list(tr[0])[:6] == ["code", "initial", "final", "label", "pixels", "area_ha"]
    assert [(int(r["code"]), r["initial"], r["final"], int(r["pixels"]), float(r["area_ha"]))
            for r in tr] == [(11, "Forest land", "Forest land", 1, 1.0),
                             (12, "Forest land", "Cropland", 2, 2.0),
                             (22, "Cropland", "Cropland", 1, 1.0),
                             (31, "Grassland", "Forest land", 1, 1.0),
                             (33, "Grassland", "Grassland", 1, 1.0)]


def test_all_36_transition_codes_and_labels(provider, tmp_path):
    import processing

    initial = np.repeat(np.arange(1, 7, dtype=np.uint8)[:, None], 6, axis=1)
    a = _write(tmp_path / "a.tif", initial, nodata=255)
    b = _write(tmp_path / "b.tif", initial.T.copy(), nodata=255)
    res = processing.run("clms:landusechange", {
        "INITIAL": a, "FINAL": b, "OUTPUT": str(tmp_path / "c.tif"),
        "MATRIX": str(tmp_path / "m.csv"), "TRANSITIONS": str(tmp_path / "t.csv")})
    assert _read(res["OUTPUT"]).tolist() == [[10 * i + j for j in range(1, 7)]
                                             for i in range(1, 7)]
    labels = {int(r["code"]): r["label"] for r in _rows(res["TRANSITIONS"])}
    expected = {}
    for i in range(6):
        for j in range(6):
            verb = "remaining" if i == j else "converted to"
            expected[10 * (i + 1) + j + 1] = f"{CATEGORY[i]} {verb} {CATEGORY_LOWER[j]}"
    assert labels == expected
    assert labels[11] == "Forest land remaining forest land"
    assert labels[32] == "Grassland converted to cropland"
    assert labels[21] == "Cropland converted to forest land"


def test_real_lc100_2015_2019_every_transition_through_processing(provider, samples_dir,
                                                                  tmp_path):
    """README §2 histograms + 7 changed px → the full IPCC transition table, by hand."""
    import processing

    outs = {}
    for year in (2015, 2019):
        outs[year] = _ipcc(tmp_path, _lc100(samples_dir, year), 1, name=f"i{year}")["OUTPUT"]
    res = processing.run("clms:landusechange", {
        "INITIAL": outs[2015], "FINAL": outs[2019], "OUTPUT": str(tmp_path / "c.tif"),
        "MATRIX": str(tmp_path / "m.csv"), "TRANSITIONS": str(tmp_path / "t.csv")})
    # Forest 2015 = 10750+130+4743+555+7269+570+14+25830 = 49861; the forest-type changes
    # (122→126, 124→122, 126→116, 126→122) stay forest. Grassland 2015 = 3112+6074 = 9186,
    # of which 20→90, 30→80, 30→90 (3 px) become wetlands. Cropland 491, urban 106.
    got = {int(r["code"]): int(r["pixels"]) for r in _rows(res["TRANSITIONS"])}
    assert got == {11: 49861, 22: 491, 33: 9183, 34: 3, 55: 106}
    # The whole matrix area equals the geodesic area of the clip's bounding quadrangle.
    with rasterio.open(outs[2015]) as ds:
        bd = ds.bounds
    whole_ha = _geod_cell_m2(bd.bottom, bd.top, bd.left, bd.right, n=2000) / 1e4
    total = sum(float(r["area_ha"]) for r in _rows(res["TRANSITIONS"]))
    assert total == pytest.approx(whole_ha, rel=1e-6)
    sdg = processing.run("clms:sdg1531landcover", {
        "INITIAL": _lc100(samples_dir, 2015), "FINAL": _lc100(samples_dir, 2019), "LEGEND": 1,
        "OUTPUT": str(tmp_path / "s.tif"), "SUMMARY": str(tmp_path / "s.csv")})
    # UNCCD: 20→90 and 30→90 are grassland→wetland (−1); 30→80 is grassland→water (0).
    summary = {r["status"]: int(r["pixels"]) for r in _rows(sdg["SUMMARY"])}
    assert summary == {"degraded": 2, "stable": 59644 - 2, "improved": 0}


# -- sdg1531landcover: the UNCCD matrix cell by cell and the CCI nesting ----------------------
def test_sdg_default_matrix_all_49_cells(provider, tmp_path):
    import processing

    # Row i = initial class i (1..7), column j = final class j; a last row/column of 0
    # (no UNCCD class) must give nodata −32768.
    initial = np.repeat(np.arange(0, 8, dtype=np.uint8)[1:, None], 7, axis=1)
    initial = np.vstack([np.hstack([initial, np.full((7, 1), 1, np.uint8)]),
                         np.zeros((1, 8), np.uint8)])
    final = np.vstack([np.hstack([initial[:7, :7].T, np.zeros((7, 1), np.uint8)]),
                       np.full((1, 8), 1, np.uint8)])
    a = _write(tmp_path / "a.tif", initial)
    b = _write(tmp_path / "b.tif", final)
    res = processing.run("clms:sdg1531landcover", {
        "INITIAL": a, "FINAL": b, "LEGEND": 7, "OUTPUT": str(tmp_path / "s.tif"),
        "SUMMARY": str(tmp_path / "s.csv")})
    out = _read(res["OUTPUT"])
    assert out[:7, :7].tolist() == UNCCD_MATRIX
    assert out[:, 7].tolist() == [-32768] * 8 and out[7].tolist() == [-32768] * 8
    with rasterio.open(res["OUTPUT"]) as ds:
        assert ds.dtypes[0] == "int16" and ds.nodata == -32768
    # Hand count of §1.5: 18 degraded, 19 stable, 12 improved (of 49 valid 1 ha pixels).
    summary = {r["status"]: r for r in _rows(res["SUMMARY"])}
    assert [int(summary[s]["pixels"]) for s in ("degraded", "stable", "improved")] == [18, 19, 12]
    assert float(summary["degraded"]["area_ha"]) == pytest.approx(18.0)
    assert float(summary["degraded"]["percent"]) == pytest.approx(100 * 18 / 49, abs=1e-3)
    assert float(summary["improved"]["percent"]) == pytest.approx(100 * 12 / 49, abs=1e-3)


def test_sdg_cci_nesting_to_unccd_classes(provider, tmp_path):
    """Table (a): every CCI code against four finals whose statuses identify its class."""
    import processing

    codes = list(CCI_UNCCD)
    finals = [50, 10, 130, 190]  # Tree-covered, Cropland, Grassland, Artificial
    a = _write(tmp_path / "a.tif", np.array([codes] * 4, np.uint8))
    b = _write(tmp_path / "b.tif",
               np.array([[f] * len(codes) for f in finals], np.uint8))
    res = processing.run("clms:sdg1531landcover", {
        "INITIAL": a, "FINAL": b, "LEGEND": 5, "OUTPUT": str(tmp_path / "s.tif")})
    expected = [[UNCCD_MATRIX[CCI_UNCCD[c] - 1][CCI_UNCCD[f] - 1] for c in codes]
                for f in finals]
    assert _read(res["OUTPUT"]).tolist() == expected


def test_sdg_cci_no_data_code_zero_is_nodata(provider, tmp_path):
    import processing

    a = _write(tmp_path / "a.tif", np.array([0, 50, 10], np.uint8))
    b = _write(tmp_path / "b.tif", np.array([50, 0, 130], np.uint8))
    res = processing.run("clms:sdg1531landcover", {
        "INITIAL": a, "FINAL": b, "LEGEND": 5, "OUTPUT": str(tmp_path / "s.tif")})
    # 0 = No data (both dates); Cropland → Grassland is degradation (§1.5 note).
    assert _read(res["OUTPUT"]).tolist() == [[-32768, -32768, -1]]


def test_sdg_custom_mapping_and_three_class_matrix(provider, tmp_path):
    """§1.5: 'The plugin should accept an editable 7×7 (or N×N) table'."""
    import processing

    matrix = tmp_path / "m.csv"
    matrix.write_text("initial\\final,1,2,3\n1,0,-1,-1\n2,1,0,-1\n3,1,1,0\n")
    mapping = tmp_path / "map.csv"
    mapping.write_text("10,1\n20,2\n30,3\n")
    a = _write(tmp_path / "a.tif", np.array([10, 20, 30, 10, 99], np.uint8))
    b = _write(tmp_path / "b.tif", np.array([20, 10, 10, 30, 10], np.uint8))
    res = processing.run("clms:sdg1531landcover", {
        "INITIAL": a, "FINAL": b, "LEGEND": 6, "MAPPING": str(mapping),
        "MATRIX": str(matrix), "OUTPUT": str(tmp_path / "s.tif"),
        "SUMMARY": str(tmp_path / "s.csv")})
    # 1→2 −1, 2→1 +1, 3→1 +1, 1→3 −1; 99 is unmapped → nodata.
    assert _read(res["OUTPUT"]).tolist() == [[-1, 1, 1, -1, -32768]]
    summary = {r["status"]: r for r in _rows(res["SUMMARY"])}
    assert float(summary["degraded"]["percent"]) == pytest.approx(50.0, abs=1e-3)


def test_sdg_edited_default_matrix_changes_one_cell(provider, tmp_path):
    import processing

    edited = [row[:] for row in UNCCD_MATRIX]
    edited[1][2] = -1  # Grassland → Cropland made a degradation
    matrix = tmp_path / "m.csv"
    matrix.write_text("initial\\final,1,2,3,4,5,6,7\n" + "".join(
        f"{i + 1}," + ",".join(str(v) for v in row) + "\n" for i, row in enumerate(edited)))
    a = _write(tmp_path / "a.tif", np.array([2, 3, 1], np.uint8))
    b = _write(tmp_path / "b.tif", np.array([3, 2, 7], np.uint8))
    res = processing.run("clms:sdg1531landcover", {
        "INITIAL": a, "FINAL": b, "LEGEND": 7, "MATRIX": str(matrix),
        "OUTPUT": str(tmp_path / "s.tif")})
    assert _read(res["OUTPUT"]).tolist() == [[-1, -1, 0]]


def test_mask_counts_pixel_centres_inside_for_change_and_sdg(provider, tmp_path):
    """Triangle u + v ≤ 390 m over 100 m pixels: centres (50+100c, 50+100r) inside iff c+r ≤ 2."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    x0, y0 = 500_000, 4_600_000
    mask = QgsVectorLayer(f"Polygon?crs={UTM}", "mask", "memory")
    feat = QgsFeature()
    feat.setGeometry(QgsGeometry.fromPolygonXY([[QgsPointXY(x0, y0), QgsPointXY(x0 + 390, y0),
                                                 QgsPointXY(x0, y0 - 390), QgsPointXY(x0, y0)]]))
    mask.dataProvider().addFeatures([feat])
    inside = np.add.outer(np.arange(4), np.arange(4)) <= 2  # 6 pixels
    a = _write(tmp_path / "a.tif", np.full((4, 4), 3, np.uint8), nodata=255)
    b = _write(tmp_path / "b.tif", np.full((4, 4), 2, np.uint8), nodata=255)
    res = processing.run("clms:landusechange", {
        "INITIAL": a, "FINAL": b, "MASK": mask, "OUTPUT": str(tmp_path / "c.tif"),
        "MATRIX": str(tmp_path / "m.csv"), "TRANSITIONS": str(tmp_path / "t.csv")})
    assert (_read(res["OUTPUT"]) == np.where(inside, 32, 255)).all()
    assert [(r["label"], int(r["pixels"]), float(r["area_ha"]))
            for r in _rows(res["TRANSITIONS"])] == [("Grassland converted to cropland", 6, 6.0)]
    # UNCCD: Tree-covered (1) → Grassland (2) is degradation.
    a = _write(tmp_path / "ua.tif", np.full((4, 4), 1, np.uint8))
    b = _write(tmp_path / "ub.tif", np.full((4, 4), 2, np.uint8))
    res = processing.run("clms:sdg1531landcover", {
        "INITIAL": a, "FINAL": b, "LEGEND": 7, "MASK": mask, "OUTPUT": str(tmp_path / "s.tif"),
        "SUMMARY": str(tmp_path / "s.csv")})
    assert (_read(res["OUTPUT"]) == np.where(inside, -1, -32768)).all()
    summary = {r["status"]: r for r in _rows(res["SUMMARY"])}
    assert int(summary["degraded"]["pixels"]) == 6
    assert float(summary["degraded"]["percent"]) == pytest.approx(100.0)


@pytest.mark.parametrize("legend", [5, 0])
def test_cci_signed_byte_codes_are_read_as_uint8(provider, tmp_path, legend):
    """§1.2: codes above 127 printed as negatives (−126 = 130) must be read as uint8."""
    name = "ESACCI-LC-L4-LCCS-Map-300m-P1Y-2015-v2.0.7.tif"
    # 10 crop, 50 tree, 130 (−126) grassland, 190 (−66) urban, 210 (−46) water → Other.
    src = _write(tmp_path / name, np.array([10, 50, -126, -66, -46], np.int8))
    res = _ipcc(tmp_path, src, legend)
    assert _read(res["OUTPUT"]).tolist() == [[2, 1, 3, 5, 6]]
    assert res["UNMAPPED_PIXELS"] == 0
@pytest.mark.parametrize(("dtype", "nodata", "legend", "codes", "expected"), [
    # clc.tif of the samples: uint32, nodata 4294967295, 3-digit codes.
    (np.uint32, 4294967295, 4, [311, 211, 999999], [1, 2, 255]),
    # LC100 exported as Int16 with nodata -32768 (GEE-style export).
    (np.int16, -32768, 1, [126, 40, 99], [1, 2, 255]),
])
def test_declared_nodata_outside_the_lut_is_not_counted_as_unmapped(
        provider, tmp_path, dtype, nodata, legend, codes, expected):
    """§1.6/issue: 'codes the mapping does not cover' are reported; declared nodata is not one."""
    src = _write(tmp_path / "lc.tif", np.array([*codes, nodata], dtype), nodata=nodata)
    res = _ipcc(tmp_path, src, legend)
    assert _read(res["OUTPUT"]).tolist() == [[*expected, 255]]
    assert res["UNMAPPED_PIXELS"] == 1  # only the unlisted code, not the nodata pixel


