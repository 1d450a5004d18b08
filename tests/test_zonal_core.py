"""Zonal core (QGIS-free): exact coverage, statistics and class areas against hand computations.

Grids are tiny GeoTIFFs with 10 m cells (EPSG:3035) unless stated; every expected number below
is worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
import warnings

import numpy as np
import pytest
import rasterio
from affine import Affine

from clms_toolbox.clms_plugin.analysis.zonal import zonal_class_areas, zonal_time_series
from clms_toolbox.clms_plugin.analysis.zonal.coverage import ZonePieces
from clms_toolbox.clms_plugin.analysis.zonal.geometry import to_pixel_rings
from clms_toolbox.clms_plugin.analysis.zonal.stats import STATISTICS, weighted_quantiles

D = [dt.date(2020, 1, 1), dt.date(2020, 1, 11)]


def poly(*rings) -> bytes:
    """WKB Polygon (little endian) from rings of (x, y)."""
    out = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        out += struct.pack("<I", len(ring)) + np.asarray(ring, float).tobytes()
    return out


def multi(*polys: bytes) -> bytes:
    return struct.pack("<BII", 1, 6, len(polys)) + b"".join(polys)


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


T10 = Affine(10, 0, 0, 0, -10, 20)  # 2×2 cells of 10 m, top-left (0, 20)


def write(path, arr, transform=T10, crs="EPSG:3035", nodata=-1.0):
    arr = np.asarray(arr)
    arr = arr[None] if arr.ndim == 2 else arr
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[2], height=arr.shape[1],
                       count=arr.shape[0], dtype=arr.dtype, crs=crs, transform=transform,
                       nodata=nodata) as ds:
        ds.write(arr)
    return str(path)


def fractions(wkb, transform, shape, exact=True):
    pieces = ZonePieces([to_pixel_rings(wkb, transform)], exact=exact)
    cov = pieces.window(0, 0, *shape)
    grid = np.zeros(shape[0] * shape[1])
    grid[cov.pixel] = cov.fraction
    return grid.reshape(shape)


T1 = Affine(1, 0, 0, 0, -1, 4)  # 4×4 unit cells, top-left (0, 4)


def test_partial_cells_hole_and_subpixel_fractions():
    # square x 0.5–2.5, y 1.5–3.5 → rows 0.5–2.5: corners ¼, edges ½, centre 1
    f = fractions(poly(rect(0.5, 1.5, 2.5, 3.5)), T1, (4, 4))
    np.testing.assert_allclose(f[:3, :3], [[.25, .5, .25], [.5, 1, .5], [.25, .5, .25]])
    assert f.sum() == pytest.approx(4.0, abs=1e-12)
    # a hole of 0.5 × 0.5 in the centre cell leaves 0.75 there
    f = fractions(poly(rect(0.5, 1.5, 2.5, 3.5), rect(1.25, 2.25, 1.75, 2.75)), T1, (4, 4))
    assert f[1, 1] == pytest.approx(0.75) and f.sum() == pytest.approx(3.75)
    # a triangle inside one cell: ½·0.4·0.3 = 0.06 of cell (row 1, col 2)
    f = fractions(poly([(2.2, 2.2), (2.6, 2.2), (2.2, 2.5), (2.2, 2.2)]), T1, (4, 4))
    assert f[1, 2] == pytest.approx(0.06) and np.count_nonzero(f) == 1
    # clockwise ring and multipolygon parts add up
    cw = rect(0, 0, 1, 1)[::-1]
    f = fractions(multi(poly(cw), poly(rect(3, 3, 4, 4))), T1, (4, 4))
    assert f[3, 0] == 1 and f[0, 3] == 1 and f.sum() == pytest.approx(2.0)


def test_cell_centre_rule():
    f = fractions(poly(rect(0.6, 1.4, 2.4, 3.4)), T1, (4, 4), exact=False)
    # centres at 0.5, 1.5, 2.5 → only x 1.5 and y 2.5/… inside: col 1 & 2? x∈[0.6, 2.4]
    # holds centres 1.5 only; y∈[1.4, 3.4] holds centres 1.5, 2.5 (rows 2 and 1)
    assert f.sum() == 2 and f[1, 1] == 1 and f[2, 1] == 1


def test_coverage_sums_to_polygon_area_random_shapes():
    """Σ fractions = shoelace area for star polygons with holes, any window split."""
    rng = np.random.default_rng(3)
    transform = Affine(1, 0, 0, 0, -1, 50)
    for _ in range(20):
        cx, cy = rng.uniform(10, 40, 2)
        ang = np.sort(rng.uniform(0, 2 * np.pi, 40))
        rad = rng.uniform(3, 9, 40)
        outer = np.c_[cx + rad * np.cos(ang), cy + rad * np.sin(ang)]
        hole = np.c_[cx + 1.5 * np.cos(ang[::4]), cy + 1.5 * np.sin(ang[::4])]
        outer, hole = np.vstack([outer, outer[:1]]), np.vstack([hole, hole[:1]])

        def area(r):
            return 0.5 * abs(np.dot(r[:-1, 0], r[1:, 1]) - np.dot(r[1:, 0], r[:-1, 1]))

        pieces = ZonePieces([to_pixel_rings(poly(outer, hole), transform)])
        whole = pieces.window(0, 0, 50, 50).fraction.sum()
        split = sum(pieces.window(r, c, 7, 11).fraction.sum()
                    for r in range(0, 50, 7) for c in range(0, 50, 11))
        assert whole == pytest.approx(area(outer) - area(hole), rel=1e-12)
        assert split == pytest.approx(whole, rel=1e-12)


VALUES = np.array([[[1, 2], [3, 4]], [[1, 2], [-1, 4]]], dtype="float32")  # date 2: 3 → nodata


def test_statistics_exact_weighting_by_hand(tmp_path):
    path = write(tmp_path / "v.tif", VALUES)
    zone = poly(rect(5, 0, 20, 20))  # column 0 half covered (f = ½), column 1 fully
    res = zonal_time_series([path], D, [zone], ["z"], list(STATISTICS))
    v = {k: a[0] for k, a in res.values.items()}
    # date 1: weights ½, 1, ½, 1 on 1, 2, 3, 4 → mean 8/3, E[x²] 25/3, var 11/9
    assert v["mean"][0] == pytest.approx(8 / 3)
    assert v["std"][0] == pytest.approx(math.sqrt(11 / 9))
    assert (v["min"][0], v["max"][0]) == (1, 4)
    assert v["sum"][0] == pytest.approx(8.0) and v["count"][0] == pytest.approx(3.0)
    assert v["valid_fraction"][0] == pytest.approx(1.0)
    # weighted type 7: s = 0, 2.5, 5.5, 9; targets 4.5 / 0.9 / 8.1
    assert v["median"][0] == pytest.approx(2 + 2 / 3)
    assert v["p10"][0] == pytest.approx(1.36)
    assert v["p90"][0] == pytest.approx(3 + 2.6 / 3.5)
    # date 2: the ½-covered 3 is nodata → weights ½, 1, 1 on 1, 2, 4
    assert v["mean"][1] == pytest.approx(6.5 / 2.5)
    assert v["valid_fraction"][1] == pytest.approx(2.5 / 3)
    assert v["count"][1] == pytest.approx(2.5) and v["sum"][1] == pytest.approx(6.5)
    assert res.zone_area_m2[0] == pytest.approx(300.0)


def test_centre_weighting_and_min_valid_fraction(tmp_path):
    path = write(tmp_path / "v.tif", VALUES)
    zone = poly(rect(6, 0, 20, 20))  # centres of column 1 only (x = 15)
    res = zonal_time_series([path], D, [zone], [1], ["mean", "count", "median"], weighting=1)
    np.testing.assert_allclose(res.values["mean"][0], [3.0, 3.0])
    np.testing.assert_allclose(res.values["count"][0], [2.0, 2.0])
    np.testing.assert_allclose(res.values["median"][0], [3.0, 3.0])
    res = zonal_time_series([path], D, [poly(rect(5, 0, 20, 20))], [1],
                            ["mean", "valid_fraction"], min_valid_fraction=0.9)
    assert res.values["mean"][0, 0] == pytest.approx(8 / 3)
    assert np.isnan(res.values["mean"][0, 1])  # 0.833 < 0.9 → null, not a number
    assert res.values["valid_fraction"][0, 1] == pytest.approx(2.5 / 3)


def test_zone_on_nodata_outside_and_subpixel(tmp_path):
    arr = np.array([[-1, -1], [7, 9]], dtype="float32")
    path = write(tmp_path / "v.tif", arr)
    zones = [poly(rect(0, 10, 20, 20)),                 # top row: all nodata
             poly(rect(100, 100, 110, 110)),            # outside the raster
             poly([(12, 2), (16, 2), (12, 5), (12, 2)])]  # 6 m² inside the 9-cell
    res = zonal_time_series([path], D[:1], zones, ["a", "b", "c"],
                            ["mean", "min", "sum", "count", "valid_fraction"])
    v = res.values
    assert np.isnan(v["mean"][0, 0]) and np.isnan(v["min"][0, 0])
    assert v["valid_fraction"][0, 0] == 0 and v["count"][0, 0] == 0
    assert np.isnan(v["valid_fraction"][1, 0]) and res.zone_area_m2[1] == 0
    assert v["mean"][2, 0] == pytest.approx(9) and v["count"][2, 0] == pytest.approx(0.06)
    assert v["sum"][2, 0] == pytest.approx(0.54) and res.zone_area_m2[2] == pytest.approx(6)
    rows = list(res.long_rows(["mean"]))
    assert rows[0] == ["a", D[0], None] and rows[2][:2] == ["c", D[0]]


def test_geographic_grid_matches_geod_areas(tmp_path):
    """1° cells at 59–61°N: zone area and area-weighted mean vs pyproj.Geod (densified)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyproj import Geod
    geod = Geod(ellps="WGS84")
    transform = Affine(1, 0, 10, 0, -1, 62)  # rows: 62–61, 61–60, 60–59
    arr = np.array([[[0, 0, 0], [1, 1, 1], [3, 3, 3]]], dtype="float32")
    path = write(tmp_path / "g.tif", arr, transform, crs="EPSG:4326")
    x0, x1, y0, y1 = 10.5, 12.0, 59.0, 61.0

    def band_area(lat0, lat1):  # densified along parallels → the ellipsoidal quadrangle
        lon = np.linspace(x0, x1, 2001)
        lons = np.r_[lon, lon[::-1], x0]
        lats = np.r_[np.full(lon.size, lat0), np.full(lon.size, lat1), lat0]
        return abs(geod.polygon_area_perimeter(lons, lats)[0])

    res = zonal_time_series([path], D[:1], [poly(rect(x0, y0, x1, y1))], [0], ["mean"])
    a_top, a_bottom = band_area(60, 61), band_area(59, 60)
    assert res.zone_area_m2[0] == pytest.approx(a_top + a_bottom, rel=1e-6)
    expected = (1 * a_top + 3 * a_bottom) / (a_top + a_bottom)
    assert res.values["mean"][0, 0] == pytest.approx(expected, rel=1e-6)
    assert "ellipsoidal" in res.area_method


def test_windows_do_not_change_results(tmp_path):
    rng = np.random.default_rng(5)
    arr = rng.random((3, 40, 50)).astype("float32")
    arr[rng.random(arr.shape) < 0.1] = -1
    path = write(tmp_path / "r.tif", arr, Affine(10, 0, 0, 0, -10, 400))
    zones = [poly(rect(13, 17, 377, 291)), poly(rect(101, 9, 133, 395)),
             poly(rect(250.5, 250.5, 251, 251))]
    one = zonal_time_series([path], D + [dt.date(2020, 1, 21)], zones, [1, 2, 3],
                            list(STATISTICS))
    many = zonal_time_series([path], D + [dt.date(2020, 1, 21)], zones, [1, 2, 3],
                             list(STATISTICS), memory_budget=4000, threads=2)
    assert many.windows > 3
    for name in STATISTICS:
        np.testing.assert_allclose(many.values[name], one.values[name], rtol=1e-9, atol=1e-12,
                                   equal_nan=True, err_msg=name)


def test_weighted_quantiles_equal_weights_match_numpy():
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    g = rng.integers(0, 4, 200)
    q = weighted_quantiles(g, x, np.full(200, 2.5), 5, [0.1, 0.5, 0.9])
    for k in range(4):
        np.testing.assert_allclose(q[:, k], np.percentile(x[g == k], [10, 50, 90]))
    assert np.isnan(q[:, 4]).all()


def test_class_areas_reconcile_with_zone_area(tmp_path):
    cls = np.array([[[1, 2], [2, 255]], [[1, 1], [1, 1]]], dtype="uint8")
    path = write(tmp_path / "c.tif", cls, nodata=255)
    acc, method = zonal_class_areas([path], D, [poly(rect(5, 0, 20, 20))])
    rows = list(acc.rows(["z"], D, {1: "Forest land", 2: "Cropland"}, method))
    first = [r for r in rows if r[1] == D[0]]
    # ½ cell of class 1, 1½ cells of class 2, 1 cell of nodata (100 m² cells)
    assert [(r[2], r[3], round(r[4], 9), r[5]) for r in first] == [
        (1, "Forest land", 0.005, 0.25), (2, "Cropland", 0.015, 0.75),
        (None, "no data", 0.01, None)]
    assert sum(r[4] for r in first) == pytest.approx(acc.total[0] / 1e4)
    second = [r for r in rows if r[1] == D[1]]
    assert [(r[2], round(r[4], 9), r[5]) for r in second] == [(1, 0.03, 1.0)]


def test_quantile_memory_cap_is_a_clear_error(tmp_path):
    """Zones spanning windows keep their values for exact quantiles, within a stated cap."""
    from clms_toolbox.clms_plugin.analysis.engine.errors import ParameterError

    arr = np.random.default_rng(2).random((2, 40, 50)).astype("float32")
    path = write(tmp_path / "q.tif", arr, Affine(10, 0, 0, 0, -10, 400))
    with pytest.raises(ParameterError, match="STATISTICS: median/p10/p90"):
        zonal_time_series([path], D, [poly(rect(0, 0, 500, 400))], [1], ["median"],
                          memory_budget=4000, quantile_budget=1000)
    res = zonal_time_series([path], D, [poly(rect(0, 0, 500, 400))], [1], ["mean"],
                            memory_budget=4000)
    assert res.values["mean"][0, 0] == pytest.approx(float(arr[0].mean()), rel=1e-6)
