"""The Byte fast path of the land-use change (arithmetic codes, packed per-row cross-tab),
checked against a plain per-pixel numpy reference and against the general kernel."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.crs import CRS

from clms_toolbox.clms_plugin.analysis.engine import blocks, cellarea, fastcount
from clms_toolbox.clms_plugin.analysis.landcover import landuse_change

VALUES = np.array([1, 2, 3, 4, 5, 6, 255], dtype=np.uint8)


def _pair(rng, h, w, patch, change):
    """Initial map of square patches; final = initial with a fraction ``change`` redrawn."""
    small = VALUES[rng.integers(0, VALUES.size, (h // patch + 1, w // patch + 1))]
    a = np.repeat(np.repeat(small, patch, 0), patch, 1)[:h, :w].copy()
    b = a.copy()
    flip = rng.random((h, w)) < change
    b[flip] = VALUES[rng.integers(0, VALUES.size, int(flip.sum()))]
    return a, b


def _write(path, arr, *, geographic, nodata):
    t = (Affine(0.001, 0, 10, 0, -0.001, 60) if geographic
         else Affine(100, 0, 4_000_000, 0, -100, 3_000_000))
    crs = CRS.from_epsg(4326 if geographic else 3035)
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[1], height=arr.shape[0],
                       count=1, dtype=arr.dtype, crs=crs, transform=t, nodata=nodata,
                       tiled=True, blockxsize=64, blockysize=64) as ds:
        ds.write(arr, 1)
    return str(path)


def _reference(a, b, row_area, nodata):
    """Per-pixel numpy: category index 0..5, 6 = no data; code 10·i + j, 255 if either nd."""
    cat = np.full(256, 6, dtype=np.int64)
    cat[1:7] = np.arange(6)
    ci, cj = cat[a], cat[b]
    if nodata is not None:  # a declared nodata code is no data too
        ci[a == nodata], cj[b == nodata] = 6, 6
    out = np.where((ci < 6) & (cj < 6), 10 * (ci + 1) + (cj + 1), 255).astype(np.uint8)
    px = np.zeros((7, 7), dtype=np.int64)
    area = np.zeros((7, 7))
    for i in range(7):
        for j in range(7):
            per_row = np.count_nonzero((ci == i) & (cj == j), axis=1)
            px[i, j] = per_row.sum()
            area[i, j] = row_area @ per_row
    return out, px, area


def _everything(path):
    """A polygon around the whole raster: a MASK that keeps every pixel (general kernel)."""
    with rasterio.open(path) as ds:
        x0, y0, x1, y1 = ds.bounds
    ring = [(x0 - 1, y0 - 1), (x1 + 1, y0 - 1), (x1 + 1, y1 + 1), (x0 - 1, y1 + 1),
            (x0 - 1, y0 - 1)]
    return [{"type": "Polygon", "coordinates": [ring]}]


@pytest.mark.parametrize(("h", "w", "patch", "change", "geographic", "nodata"), [
    (301, 250, 9, 0.03, True, 255),     # many windows, geographic rows, rare change
    (130, 333, 1, 1.0, True, 255),      # odd width, noise, (almost) every pixel changes
    (257, 199, 16, 0.2, False, None),   # odd width and height, projected, no nodata
    (97, 1, 3, 0.3, True, 255),         # one-pixel-wide raster
    (40, 9, 2, 0.5, False, 255),        # width 9: one uint64 word plus one pixel
    (120, 140, 7, 0.1, True, 0),        # nodata 0 declared: the general kernel
])
def test_change_matches_per_pixel_reference(tmp_path, h, w, patch, change, geographic, nodata):
    rng = np.random.default_rng(h * w + int(change * 100))
    a, b = _pair(rng, h, w, patch, change)
    pa = _write(tmp_path / "a.tif", a, geographic=geographic, nodata=nodata)
    pb = _write(tmp_path / "b.tif", b, geographic=geographic, nodata=nodata)
    # A small budget forces many windows of several shapes through the recycled buffers.
    res = landuse_change.land_use_change(pa, pb, tmp_path / "chg.tif", threads=2,
                                         memory_budget=60_000)
    assert res.windows > 3 or h * w < 2000
    row_area = cellarea.cell_areas_m2(blocks.read_grid(pa), 0, h)[0]
    out, px, area = _reference(a, b, row_area, nodata)
    with rasterio.open(res.output) as ds:
        np.testing.assert_array_equal(ds.read(1), out)
    np.testing.assert_array_equal(res.pixels, px)
    np.testing.assert_allclose(res.area_m2, area, rtol=1e-12)


@pytest.mark.parametrize("geographic", [True, False])
def test_fast_path_tables_equal_the_general_kernel(tmp_path, geographic):
    """Same rasters through the fast path (no MASK) and the general kernel (a MASK that
    keeps every pixel): identical change raster, MATRIX and TRANSITIONS files."""
    a, b = _pair(np.random.default_rng(7), 420, 515, 11, 0.05)
    pa = _write(tmp_path / "a.tif", a, geographic=geographic, nodata=255)
    pb = _write(tmp_path / "b.tif", b, geographic=geographic, nodata=255)
    runs = {}
    for name, shapes in (("fast", None), ("general", _everything(pa))):
        runs[name] = landuse_change.land_use_change(
            pa, pb, tmp_path / f"{name}.tif", mask_shapes=shapes,
            matrix_csv=tmp_path / f"{name}_m.csv", transitions_csv=tmp_path / f"{name}_t.csv",
            threads=2, memory_budget=150_000)
    with rasterio.open(runs["fast"].output) as f, rasterio.open(runs["general"].output) as g:
        np.testing.assert_array_equal(f.read(1), g.read(1))
    np.testing.assert_array_equal(runs["fast"].pixels, runs["general"].pixels)
    np.testing.assert_allclose(runs["fast"].area_m2, runs["general"].area_m2, rtol=1e-12)
    for suffix in ("m", "t"):
        assert (tmp_path / f"fast_{suffix}.csv").read_text() == \
            (tmp_path / f"general_{suffix}.csv").read_text()


@pytest.mark.parametrize(("bad_a", "bad_b", "label", "named"), [
    ((3, 3), (7, 0), "FINAL", "(0, 7)"),       # changed pixels holding other values
    ((7, 0), (7, 0), "INITIAL", "(0, 7)"),     # same wrong value on both dates
    ((0, 2), (11, 2), "INITIAL", "(0)"),       # 10·0 + 11 would look like code 11
])
def test_invalid_values_are_named_as_by_the_general_kernel(tmp_path, bad_a, bad_b, label,
                                                           named):
    a, b = _pair(np.random.default_rng(3), 200, 150, 5, 0.1)
    a[150, 20:22], b[150, 20:22] = bad_a, bad_b  # in a late window
    pa = _write(tmp_path / "a.tif", a, geographic=True, nodata=255)
    pb = _write(tmp_path / "b.tif", b, geographic=True, nodata=255)
    messages = []
    for shapes in (None, _everything(pa)):
        with pytest.raises(ValueError, match="not IPCC") as err:
            landuse_change.land_use_change(pa, pb, tmp_path / "c.tif", mask_shapes=shapes,
                                           memory_budget=60_000)
        messages.append(str(err.value))
        assert not (tmp_path / "c.tif").exists()
    assert messages[0] == messages[1]
    assert messages[0].startswith(label) and f"values {named} " in messages[0]


@pytest.mark.parametrize("w", [1, 7, 8, 9, 2047, 2050])
def test_packed_rows_count_and_find_like_numpy(w):
    rng = np.random.default_rng(w)
    x = rng.integers(0, 4, (13, w), dtype=np.uint8)
    y = rng.integers(0, 4, (13, w), dtype=np.uint8)
    packed = fastcount.PackedRows()
    for code in range(4):
        np.testing.assert_array_equal(packed.rows_equal(x, code),
                                      np.count_nonzero(x == code, axis=1))
    packed.flag(np.not_equal, x, y)
    np.testing.assert_array_equal(packed.row_sums(), np.count_nonzero(x != y, axis=1))
    pos, xv, yv = packed.differing(x, y)
    want = np.flatnonzero(x != y)
    np.testing.assert_array_equal(pos, want)
    np.testing.assert_array_equal(xv, x.reshape(-1)[want])
    np.testing.assert_array_equal(yv, y.reshape(-1)[want])
    assert packed.differing(x, x)[0].size == 0


@pytest.mark.parametrize(("h", "w", "change"), [(64, 333, 0.05), (5, 8, 1.0), (31, 1, 0.5)])
def test_kernel_counts_every_pair_per_row(h, w, change):
    """The kernel itself (not a fallback) gives each row's pair counts and the codes."""
    a, b = _pair(np.random.default_rng(w), h, w, 4, change)
    kern = landuse_change.ChangeByteKernel()
    out, scratch = np.empty_like(a), np.empty_like(a)
    kern.change(a, b, out, scratch)
    counts = kern.row_pairs(a, b, out, scratch)
    assert counts is not None
    want_out, _, _ = _reference(a, b, np.ones(h), None)
    np.testing.assert_array_equal(out, want_out)
    cat = np.full(256, 6)
    cat[1:7] = np.arange(6)
    for i in range(7):
        for j in range(7):
            np.testing.assert_array_equal(
                counts[:, i * 8 + j], np.count_nonzero((cat[a] == i) & (cat[b] == j), axis=1))
    assert counts.sum() == h * w
    b[0, 0] = a[0, 0] = 9  # the same foreign value on both dates: refused, not counted
    kern.change(a, b, out, scratch)
    assert kern.row_pairs(a, b, out, scratch) is None


def test_window_in_bands_equals_the_whole_window():
    """Bands of rows (kept in L2) give the same codes and counts as one pass over the window;
    a foreign value in a later band still sends the window to the general kernel."""
    a, b = _pair(np.random.default_rng(11), 97, 1003, 4, 0.05)
    kern = landuse_change.ChangeByteKernel()
    kern.BAND_BYTES = 7 * 1003  # 7-row bands: 14 bands, the last one short
    out, scratch = np.empty_like(a), np.empty_like(a)
    counts = kern.window(a, b, out, scratch)
    ref_out, ref_scratch = np.empty_like(a), np.empty_like(a)
    kern.change(a, b, ref_out, ref_scratch)
    np.testing.assert_array_equal(out, ref_out)
    np.testing.assert_array_equal(counts, kern.row_pairs(a, b, ref_out, ref_scratch))
    b[90, 500] = a[90, 500] = 9
    assert kern.window(a, b, out, scratch) is None
