"""The Byte fast path of land cover → IPCC (pair LUT, packed per-row counts) and buffer
recycling in the block runner, checked against plain per-pixel numpy references."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.crs import CRS

from clms_toolbox.clms_plugin.analysis.engine import blocks, cellarea
from clms_toolbox.clms_plugin.analysis.landcover import ipcc

LC100 = np.array([0, 20, 30, 40, 50, 60, 70, 80, 90, 100, 111, 112, 113, 114, 115, 116, 121,
                  122, 123, 124, 125, 126, 200, 255], dtype=np.uint8)
UNMAPPED = np.array([7, 13], dtype=np.uint8)  # not LC100 codes


def _landscape(rng, h, w, patch):
    """Square class patches (runs, like real land cover) or, with patch=1, pure noise."""
    codes = np.concatenate([LC100, UNMAPPED])
    small = codes[rng.integers(0, codes.size, (h // patch + 1, w // patch + 1))]
    return np.repeat(np.repeat(small, patch, 0), patch, 1)[:h, :w].copy()


def _write(path, arr, *, geographic, nodata):
    t = (Affine(0.001, 0, 10, 0, -0.001, 60) if geographic
         else Affine(100, 0, 4_000_000, 0, -100, 3_000_000))
    crs = CRS.from_epsg(4326 if geographic else 3035)
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[1], height=arr.shape[0],
                       count=1, dtype=arr.dtype, crs=crs, transform=t, nodata=nodata,
                       tiled=True, blockxsize=64, blockysize=64) as ds:
        ds.write(arr, 1)
    return str(path)


@pytest.mark.parametrize(("h", "w", "patch", "geographic", "nodata"), [
    (301, 250, 9, True, 255),     # several windows, geographic rows, nodata code 255
    (130, 333, 1, True, 0),       # odd width, noise, nodata code 0 (mapped to 255)
    (257, 199, 16, False, None),  # odd width and height, projected CRS, no nodata
])
def test_byte_fast_path_matches_per_pixel_reference(tmp_path, h, w, patch, geographic, nodata):
    rng = np.random.default_rng(h * w)
    codes = _landscape(rng, h, w, patch)
    src = _write(tmp_path / "lc.tif", codes, geographic=geographic, nodata=nodata)
    # A small budget forces many windows of several shapes through the recycled buffers.
    res = ipcc.landcover_to_ipcc(src, tmp_path / "out.tif", legend="lc100", threads=2,
                                 memory_budget=200_000)
    assert res.windows > 4

    mapping = ipcc.default_mapping("lc100")
    table = np.full(256, ipcc.NODATA, dtype=np.uint8)
    for src_code, dst in mapping.items():
        table[src_code] = dst
    if nodata is not None:
        table[int(nodata)] = ipcc.NODATA
    expected = table[codes]
    with rasterio.open(res.output) as ds:
        np.testing.assert_array_equal(ds.read(1), expected)

    for code in (*ipcc.IPCC_CODES, ipcc.NODATA):
        assert res.pixels[code] == int(np.count_nonzero(expected == code)), code
    known = set(mapping) | ({int(nodata)} if nodata is not None else set())
    want_unmapped = {int(c): int(np.count_nonzero(codes == c))
                     for c in np.unique(codes) if int(c) not in known}
    assert res.unmapped == want_unmapped
    assert set(want_unmapped) == {7, 13}

    row_area = cellarea.cell_areas_m2(blocks.read_grid(src), 0, h)[0]
    for code in ipcc.IPCC_CODES:
        want = float(row_area @ np.count_nonzero(expected == code, axis=1))
        assert res.area_m2[code] == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("w", [1, 7, 8, 9, 2047, 2050])
def test_row_categories_counts_each_row_for_any_width(w):
    rng = np.random.default_rng(w)
    out = rng.choice(np.array([1, 2, 3, 4, 5, 6, 255], dtype=np.uint8), size=(5, w))
    kernel = ipcc.ByteKernel(np.full(257, 255, dtype=np.uint8), np.zeros(257, dtype=bool))
    for _ in range(2):  # the second call reuses the thread's scratch buffer
        got = kernel.row_categories(out)
        for j, code in enumerate((*ipcc.IPCC_CODES, ipcc.NODATA)):
            np.testing.assert_array_equal(got[:, j], np.count_nonzero(out == code, axis=1))


def test_recycled_buffers_give_the_same_rasters_as_fresh_ones(tmp_path):
    rng = np.random.default_rng(5)
    arr = rng.integers(0, 250, (203, 170), dtype=np.uint8)
    src = _write(tmp_path / "in.tif", arr, geographic=False, nodata=None)

    def kernel(block):
        out = block.buffer((1, block.height, block.width), np.uint16)
        np.multiply(block["a"], 3, out=out, dtype=np.uint16)
        return {"out": out, "_sum": int(block["a"].sum(dtype=np.int64))}

    sums = {}
    for recycle in (False, True):
        total = [0]
        run = blocks.run({"a": src}, kernel,
                         {"out": blocks.OutputSpec(tmp_path / f"o{recycle}.tif", "uint16")},
                         reduce=lambda _b, r, t=total: t.__setitem__(0, t[0] + r["_sum"]),
                         memory_budget=60_000, threads=2, recycle=recycle)
        assert run.windows > 4
        sums[recycle] = total[0]
        with rasterio.open(run.outputs["out"]) as ds:
            np.testing.assert_array_equal(ds.read(1), arr.astype(np.uint16) * 3)
    assert sums[True] == sums[False] == int(arr.sum(dtype=np.int64))
