"""Land cover → IPCC, land-use change and SDG 15.3.1 kernels on small grids and real samples."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.crs import CRS

from clms_toolbox.clms_plugin.analysis.engine import blocks, cellarea
from clms_toolbox.clms_plugin.analysis.landcover import ipcc, landuse_change
from clms_toolbox.clms_plugin.analysis.landcover import sdg as sdg1531
from clms_toolbox.clms_plugin.products import landcover

UTM = "EPSG:32630"


def _write(path, arr, *, crs=UTM, transform=None, nodata=None):
    arr = np.asarray(arr)
    transform = transform or Affine(100, 0, 500_000, 0, -100, 4_600_000)
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[1], height=arr.shape[0],
                       count=1, dtype=arr.dtype, crs=CRS.from_string(crs),
                       transform=transform, nodata=nodata) as ds:
        ds.write(arr, 1)
    return str(path)


def _read(path):
    with rasterio.open(path) as ds:
        return ds.read(1)


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _lc100(samples_dir, year):
    return str(next((samples_dir / "lc100").glob(f"*_{year}-*.tif")))


# -- reclassification ------------------------------------------------------------------------
def test_lc100_lut_unmapped_codes_and_nodata(tmp_path):
    lc = np.array([[111, 126, 20, 30], [40, 50, 60, 80], [90, 100, 0, 200], [99, 255, 112, 99]],
                  np.uint8)
    src = _write(tmp_path / "lc.tif", lc, nodata=255)
    table = tmp_path / "areas.csv"
    res = ipcc.landcover_to_ipcc(src, tmp_path / "ipcc.tif", legend="lc100", area_table=table)
    expect = np.array([[1, 1, 3, 3], [2, 5, 6, 4], [4, 6, 255, 255], [255, 255, 1, 255]])
    assert np.array_equal(_read(res.output), expect)
    assert res.unmapped == {99: 2}  # 0, 200 and the file nodata 255 are mapped to nodata
    rows = {int(r["ipcc_code"]): r for r in _csv(table)}
    assert rows[1]["category"] == "Forest land" and int(rows[1]["pixels"]) == 3
    assert float(rows[1]["area_ha"]) == pytest.approx(3.0)  # 100 m pixels = 1 ha
    assert int(rows[255]["pixels"]) == 5
    assert rows[1]["area_method"] == "projected pixel area in EPSG:32630"
    assert any("99: 2 px" in m for m in res.messages)


def test_profiles_and_mapping_override(tmp_path):
    lc = np.array([[20, 60, 121, 80]], np.uint8)
    src = _write(tmp_path / "lc.tif", lc)
    res = ipcc.landcover_to_ipcc(src, tmp_path / "a.tif", legend="lc100",
                                 profile_ids=["shrubs_other", "sparse_grassland"])
    assert _read(res.output).tolist() == [[6, 3, 1, 4]]
    mapping = tmp_path / "m.csv"
    mapping.write_text("source_code,ipcc_code\n121,3\n80,255\n")
    res = ipcc.landcover_to_ipcc(src, tmp_path / "b.tif", legend="lc100",
                                 mapping_csv=str(mapping))
    assert _read(res.output).tolist() == [[3, 6, 3, 255]]
    bad = tmp_path / "bad.csv"
    bad.write_text("source_code,ipcc_code\n20,7\n")
    with pytest.raises(ValueError, match="maps 20 to 7"):
        ipcc.landcover_to_ipcc(src, tmp_path / "c.tif", legend="lc100", mapping_csv=str(bad))
    assert not (tmp_path / "c.tif").exists()


def test_mask_counts_pixels_whose_centre_is_inside(tmp_path):
    lc = np.full((10, 10), 30, np.uint8)
    src = _write(tmp_path / "lc.tif", lc, transform=Affine(1, 0, 0, 0, -1, 10))
    # x from 0 to 4.6: the centres 0.5 … 4.5 are inside; column 5 is touched, centre 5.5 not.
    poly = {"type": "Polygon", "coordinates": [[(0, 0), (4.6, 0), (4.6, 10), (0, 10), (0, 0)]]}
    res = ipcc.landcover_to_ipcc(src, tmp_path / "m.tif", legend="lc100", mask_shapes=[poly])
    out = _read(res.output)
    assert (out[:, :5] == 3).all() and (out[:, 5:] == 255).all()
    assert res.pixels[3] == 50 and res.pixels[255] == 0


def test_float_raster_is_refused_with_the_input_named(tmp_path):
    src = _write(tmp_path / "f.tif", np.ones((3, 3), np.float32))
    with pytest.raises(ValueError, match="INPUT: f.tif holds float32"):
        ipcc.landcover_to_ipcc(src, tmp_path / "o.tif", legend="lc100")


def test_corine_code_and_index_tables_agree():
    code = ipcc.default_mapping("corine_code")
    index = ipcc.default_mapping("corine_index")
    legend = landcover.load_legend("corine_index")
    with open(landcover.LEGENDS_DIR / "corine_index.csv", encoding="utf-8") as fh:
        pairs = {int(r["code"]): int(r["clc_code"]) for r in csv.DictReader(fh) if r["clc_code"]}
    assert len(pairs) == 44
    for idx, clc in pairs.items():
        assert index[idx] == code[clc], (idx, clc)
    assert all(index[c] == 255 for c in legend.nodata_codes)


def test_corine_sample_matches_its_histogram(samples_dir, tmp_path):
    src = samples_dir / "corine" / "clc.tif"
    res = ipcc.landcover_to_ipcc(src, tmp_path / "clc.tif")
    assert res.legend == "corine_code" and res.unmapped == {}
    # Histogram of the README (3-digit CLC codes) pushed through the default table.
    hist = {111: 891, 112: 1214, 122: 885, 222: 6966, 223: 30600, 231: 955, 242: 11482,
            243: 10340, 244: 4870, 311: 17704, 312: 13492, 313: 4549, 321: 24941,
            322: 42939, 323: 114032, 324: 24595, 331: 777, 332: 464, 333: 38553, 512: 2881}
    table = ipcc.default_mapping("corine_code")
    expect = {c: 0 for c in ipcc.IPCC_CODES}
    for code, n in hist.items():
        expect[table[code]] += n
    assert {c: res.pixels[c] for c in ipcc.IPCC_CODES} == expect
    assert res.area_m2[1] == pytest.approx(expect[1] * 625.0)  # 25 m pixels
    assert "EPSG:3042" in res.area_method


# -- legends ---------------------------------------------------------------------------------
def test_legend_detection_by_name_and_values(samples_dir, tmp_path):
    assert landcover.detect_legend(_lc100(samples_dir, 2015))[0] == "lc100"
    wc = samples_dir / "worldcover" / "ESA_WorldCover_10m_2021_v200_N00E006_Map.tif"
    assert landcover.detect_legend(wc)[0] == "worldcover"
    assert landcover.detect_legend(samples_dir / "corine" / "clc.tif")[0] == "corine_code"
    assert landcover.detect_from_values({10, 30, 80, 95}) == "worldcover"
    assert landcover.detect_from_values({20, 30, 112, 126}) == "lc100"
    assert landcover.detect_from_values({1, 12, 23, 41, 48}) == "corine_index"
    assert landcover.detect_from_values({61, 130, 210}) == "cci"
    odd = _write(tmp_path / "odd.tif", np.array([[3, 7000]], np.uint16))
    with pytest.raises(ValueError, match="choose LEGEND"):
        landcover.detect_legend(odd)


# -- land-use change -------------------------------------------------------------------------
def test_change_matrix_codes_totals_and_labels(tmp_path):
    a = _write(tmp_path / "a.tif", np.array([[1, 1, 2, 3], [3, 255, 6, 5]], np.uint8), nodata=255)
    b = _write(tmp_path / "b.tif", np.array([[1, 2, 2, 2], [4, 1, 255, 5]], np.uint8), nodata=255)
    res = landuse_change.land_use_change(a, b, tmp_path / "c.tif", matrix_csv=tmp_path / "m.csv",
                                         transitions_csv=tmp_path / "t.csv")
    assert _read(res.output).tolist() == [[11, 12, 22, 32], [34, 255, 255, 55]]
    with open(tmp_path / "m.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Initial \\ final (ha)", "Forest land", "Cropland", "Grassland",
                       "Wetlands", "Settlements", "Other land", "No data", "Initial area",
                       "area_method"]
    body = {r[0]: r[1:] for r in rows[1:]}
    assert float(body["Forest land"][1]) == pytest.approx(1.0)     # 1 → 2, one 1-ha pixel
    assert float(body["Forest land"][7]) == pytest.approx(2.0)     # initial area of forest
    assert float(body["Final area"][1]) == pytest.approx(3.0)      # cropland at the end
    assert float(body["Net change"][1]) == pytest.approx(2.0)      # 3 − 1
    assert float(body["No data"][0]) == pytest.approx(1.0)         # 255 → 1
    assert "Area method" not in body  # a column, not a trailing row
    assert {r[-1] for r in rows[1:]} == {body["Forest land"][-1]}
    assert body["Forest land"][-1].startswith("projected")
    labels = {int(r["code"]): r["label"] for r in _csv(tmp_path / "t.csv")}
    assert labels == {11: "Forest land remaining forest land",
                      12: "Forest land converted to cropland",
                      22: "Cropland remaining cropland",
                      32: "Grassland converted to cropland",
                      34: "Grassland converted to wetlands",
                      55: "Settlements remaining settlements"}


def test_change_refuses_raw_land_cover_and_mismatched_grids(samples_dir, tmp_path):
    lc = _lc100(samples_dir, 2015)
    with pytest.raises(ValueError, match="INITIAL: .* not IPCC categories"):
        landuse_change.land_use_change(lc, lc, tmp_path / "x.tif")
    assert not (tmp_path / "x.tif").exists()
    a = _write(tmp_path / "a.tif", np.ones((4, 4), np.uint8))
    b = _write(tmp_path / "b.tif", np.ones((4, 4), np.uint8), crs="EPSG:3035")
    with pytest.raises(blocks.GridMismatchError) as err:
        landuse_change.land_use_change(a, b, tmp_path / "y.tif")
    assert "EPSG:32630" in str(err.value) and "EPSG:3035" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tif", "b.tif"]


def test_real_lc100_2015_2019_matches_reference_transitions(samples_dir, tmp_path):
    """README: only 7 px change; 20→90, 30→80, 30→90 are the only IPCC-level changes."""
    i15 = ipcc.landcover_to_ipcc(_lc100(samples_dir, 2015), tmp_path / "i15.tif")
    i19 = ipcc.landcover_to_ipcc(_lc100(samples_dir, 2019), tmp_path / "i19.tif")
    # README histograms: forest 111–126 and grassland 20+30 (2015).
    assert i15.pixels[1] == 10750 + 130 + 4743 + 555 + 7269 + 570 + 14 + 25830
    assert i15.pixels[3] == 3112 + 6074 and i19.pixels[4] == 1 + 2
    res = landuse_change.land_use_change(i15.output, i19.output, tmp_path / "c.tif",
                                         transitions_csv=tmp_path / "t.csv")
    rows = _csv(tmp_path / "t.csv")
    changed = [r for r in rows if r["initial"] != r["final"]]
    assert [(r["label"], int(r["pixels"])) for r in changed] == [
        ("Grassland converted to wetlands", 3)]
    assert sum(int(r["pixels"]) for r in rows) == 481 * 124
    # Sum of all cell areas == the ellipsoidal area of the clip's bounding quadrangle.
    with rasterio.open(i15.output) as ds:
        b = ds.bounds
    whole = cellarea.ellipsoidal_band_area_m2(b.bottom, b.top, b.right - b.left)
    assert res.area_m2.sum() == pytest.approx(float(whole), rel=1e-9)
    assert "ellipsoidal" in res.area_method


# -- SDG 15.3.1 ------------------------------------------------------------------------------
def test_sdg_default_matrix_cases(tmp_path):
    # UNCCD classes: grass→crop +1, crop→grass −1, tree→water 0, wetland→tree −1,
    # other→artificial −1, artificial→tree +1, tree→tree 0, nodata.
    a = np.array([[2, 3, 1, 4, 6, 5, 1, 0]], np.uint8)
    b = np.array([[3, 2, 7, 1, 5, 1, 1, 1]], np.uint8)
    pa = _write(tmp_path / "a.tif", a, nodata=0)
    pb = _write(tmp_path / "b.tif", b, nodata=0)
    res = sdg1531.sdg1531(pa, pb, tmp_path / "s.tif", legend="unccd",
                          summary_csv=tmp_path / "s.csv")
    assert _read(res.output).tolist() == [[1, -1, 0, -1, -1, 1, 0, -32768]]
    rows = {r["status"]: r for r in _csv(tmp_path / "s.csv")}
    assert int(rows["degraded"]["pixels"]) == 3 and int(rows["improved"]["pixels"]) == 2
    assert float(rows["degraded"]["percent"]) == pytest.approx(300 / 7, rel=1e-4)
    # Editable matrix: make grass→crop a degradation.
    m = sdg1531.DEFAULT_MATRIX.read_text().replace("2,1,0,1,", "2,1,0,-1,")
    (tmp_path / "m.csv").write_text(m)
    res = sdg1531.sdg1531(pa, pb, tmp_path / "s2.tif", legend="unccd",
                          matrix_csv=str(tmp_path / "m.csv"))
    assert _read(res.output)[0, 0] == -1
    (tmp_path / "bad.csv").write_text("initial\\final,1,2\n1,0,5\n2,0,0\n")
    with pytest.raises(ValueError, match="MATRIX: .* use -1, 0 or 1"):
        sdg1531.sdg1531(pa, pb, tmp_path / "s3.tif", legend="unccd",
                        matrix_csv=str(tmp_path / "bad.csv"))


def test_sdg_on_real_lc100(samples_dir, tmp_path):
    res = sdg1531.sdg1531(_lc100(samples_dir, 2015), _lc100(samples_dir, 2019),
                          tmp_path / "s.tif")
    # 20→90 (grassland→wetland) and 30→90 degrade; 30→80 (to water) is stable.
    assert res.pixels == {-1: 2, 0: 481 * 124 - 2, 1: 0}
    assert res.legends == ("lc100", "lc100")


# -- flat memory on the real WorldCover tile ---------------------------------------------------
_RSS_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from osgeo import gdal
    from clms_toolbox.clms_plugin.analysis.landcover import ipcc
    side = int(sys.argv[3])
    src = sys.argv[2]
    if side:
        src = sys.argv[4] + f"/wc_{side}.vrt"
        # Centred on São Tomé island, so both windows hold land, water and sea.
        win = [7600 - side // 2, 33000 - side // 2, side, side]
        gdal.Translate(src, sys.argv[2], format="VRT", srcWin=win)
    res = ipcc.landcover_to_ipcc(src, sys.argv[4] + f"/wc_{side}.tif", legend="worldcover",
                                 memory_budget=32 * 1024 * 1024)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across execve from the parent.
    hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
               if line.startswith("VmHWM:"))
    print(json.dumps({"rss_kib": hwm,
                      "pixels": res.pixels, "windows": res.windows}))
""")


@pytest.mark.slow
def test_worldcover_tile_runs_with_flat_memory(samples_dir, plugins_dir, tmp_path):
    """36 Mpx of the real tile vs 4 Mpx: same peak RSS (window budget 32 MiB)."""
    wc = samples_dir / "worldcover" / "ESA_WorldCover_10m_2021_v200_N00E006_Map.tif"
    script = tmp_path / "rss.py"
    script.write_text(_RSS_SCRIPT)
    runs = {}
    for side in (2000, 6000):
        out = subprocess.run([sys.executable, str(script), str(plugins_dir), str(wc), str(side),
                              str(tmp_path)], capture_output=True, text=True, timeout=240)
        assert out.returncode == 0, out.stderr
        runs[side] = json.loads(out.stdout.strip().splitlines()[-1])
    big = runs[6000]
    assert sum(big["pixels"].values()) == 6000 * 6000 and big["windows"] > 4
    with rasterio.open(tmp_path / "wc_6000.vrt") as ds:
        src = ds.read(1)
    forest = int(np.count_nonzero((src == 10) | (src == 95)))
    assert big["pixels"]["1"] == forest
    assert big["pixels"]["4"] == int(np.count_nonzero((src == 80) | (src == 90)))
    growth_mib = (big["rss_kib"] - runs[2000]["rss_kib"]) / 1024
    assert growth_mib < 48, runs  # 9× the pixels, (almost) the same peak memory


@pytest.mark.slow
def test_whole_worldcover_tile_matches_its_histogram(samples_dir, plugins_dir, tmp_path):
    """The complete 36 000 × 36 000 tile (1.3 Gpx) in a child process: README counts, < 400 MiB."""
    wc = samples_dir / "worldcover" / "ESA_WorldCover_10m_2021_v200_N00E006_Map.tif"
    script = tmp_path / "rss.py"
    script.write_text(_RSS_SCRIPT)
    out = subprocess.run([sys.executable, str(script), str(plugins_dir), str(wc), "0",
                          str(tmp_path)], capture_output=True, text=True, timeout=280)
    assert out.returncode == 0, out.stderr
    run = json.loads(out.stdout.strip().splitlines()[-1])
    # README histogram: 0:1131331361, 10:10819361, 20:778, 30:392489, 40:4672, 50:181604,
    # 60:124660, 80:153136048, 90:4390, 95:4637 — pushed through the default table.
    hist = {0: 1131331361, 10: 10819361, 20: 778, 30: 392489, 40: 4672, 50: 181604,
            60: 124660, 80: 153136048, 90: 4390, 95: 4637}
    table = ipcc.default_mapping("worldcover")
    expect = {str(c): 0 for c in (*ipcc.IPCC_CODES, ipcc.NODATA)}
    for code, n in hist.items():
        expect[str(table[code])] += n
    assert run["pixels"] == expect
    assert run["rss_kib"] / 1024 < 400
