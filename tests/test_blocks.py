"""The block runner: windows under a memory budget, grid checks, atomic outputs, cancel."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.crs import CRS

from clms_toolbox.clms_plugin.analysis.engine import blocks


def _write(path, arr, *, crs="EPSG:4326", transform=None, nodata=None, tiled=False, block=256):
    arr = np.asarray(arr)
    if arr.ndim == 2:
        arr = arr[None]
    transform = transform or Affine(0.01, 0, 10, 0, -0.01, 60)
    opts = {"tiled": True, "blockxsize": block, "blockysize": block} if tiled else {}
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[2], height=arr.shape[1],
                       count=arr.shape[0], dtype=arr.dtype, crs=CRS.from_string(crs),
                       transform=transform, nodata=nodata, **opts) as ds:
        ds.write(arr)
    return str(path)


def test_plan_windows_respects_budget_and_block_alignment():
    # 10 000 × 8 000 raster, 512-row tiles, 30 bytes per pixel, 64 MiB budget.
    wins = blocks.plan_windows(10_000, 8_000, (512, 512), 30, 64 * 1024 * 1024)
    # A 512-row strip of full width (153 MB) does not fit: columns split on tile boundaries.
    assert all(int(w.row_off) % 512 == 0 and int(w.col_off) % 512 == 0 for w in wins)
    assert max(int(w.height) * int(w.width) for w in wins) * 30 <= 64 * 1024 * 1024
    assert sum(int(w.height) * int(w.width) for w in wins) == 10_000 * 8_000
    # With room for it, windows are full-width strips several tiles high …
    wide = blocks.plan_windows(2_000, 8_000, (512, 512), 2, 64 * 1024 * 1024)
    assert all(int(w.width) == 2_000 for w in wide)
    assert {int(w.height) for w in wide[:-1]} == {512 * (blocks.MAX_WINDOW_PX // (512 * 2_000))}
    assert int(wide[0].height) >= 1024
    # … but never above MAX_WINDOW_PX, so peak memory does not grow with the raster width.
    capped = blocks.plan_windows(10_000, 8_000, (512, 512), 2, 64 * 1024 * 1024)
    assert max(int(w.height) * int(w.width) for w in capped) <= blocks.MAX_WINDOW_PX
    wider = blocks.plan_windows(40_000, 8_000, (512, 512), 2, 64 * 1024 * 1024)
    assert max(int(w.height) * int(w.width) for w in wider) <= blocks.MAX_WINDOW_PX
    # One 1024² block over budget: windows stay one block high (the decoded block is reused
    # by the next window), never thin full-width slivers that re-decode every block.
    big = blocks.plan_windows(36_000, 4_096, (1024, 1024), 27, 4 * 1024 * 1024)
    assert {int(w.height) for w in big} == {1024}
    assert all(int(w.height) * int(w.width) * 27 <= 4 * 1024 * 1024 for w in big)
    # A stripped input (1-row blocks) still gets windows aligned to the 512-row output tiles.
    strips = blocks.plan_windows(3_000, 2_000, (1, 3_000), 2, 4 * 1024 * 1024)
    assert all(int(w.row_off) % 512 == 0 for w in strips)


def test_plan_windows_cuts_equal_pieces():
    # 1 000 px wide phenology stack, 256² blocks: 768 + 232 would fit, 512 + 488 balance the
    # threads' last windows with the same count and alignment.
    wins = blocks.plan_windows(1_000, 1_000, (256, 256), 388, 85 * 1024 * 1024)
    assert sorted({int(w.width) for w in wins}) == [488, 512]
    assert len(wins) == 8 and all(int(w.col_off) % 256 == 0 for w in wins)
    # Strips: 8 000 rows in 1 024-row strips stay 1 024 (8 pieces either way).
    strips = blocks.plan_windows(2_000, 8_000, (512, 512), 2, 64 * 1024 * 1024)
    assert {int(w.height) for w in strips[:-1]} == {1024}


def test_deep_time_stack_shrinks_window_height(tmp_path):
    one = _write(tmp_path / "one.tif", np.zeros((1, 1024, 1024), np.float32), tiled=True)
    deep = _write(tmp_path / "deep.tif", np.zeros((36, 1024, 1024), np.float32), tiled=True)
    budget = 16 * 1024 * 1024
    s1, g1, b1 = blocks.open_sources({"x": one})
    s36, g36, b36 = blocks.open_sources({"x": deep})
    out = {"o": blocks.OutputSpec(tmp_path / "o.tif", "float32")}
    w1 = blocks.plan_windows(1024, 1024, b1, blocks.bytes_per_pixel(s1, out), budget)
    w36 = blocks.plan_windows(1024, 1024, b36, blocks.bytes_per_pixel(s36, out), budget)
    assert w36[0].height < w1[0].height
    assert len(w36) > len(w1)
    bpp = blocks.bytes_per_pixel(s36, out)
    assert bpp == 36 * 5 + 4 + blocks.DEFAULT_EXTRA_BYTES
    assert all(int(w.height) * int(w.width) * bpp <= budget for w in w36)


def test_run_writes_kernel_result_and_reduces_every_pixel_once(tmp_path):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 5, (700, 900), dtype=np.uint8)
    src = _write(tmp_path / "a.tif", a, nodata=0, tiled=True)
    counts = np.zeros(256, np.int64)

    def kernel(block):
        x = block["a"][0]
        out = np.where(block.mask("a")[0], 255, x * 2).astype(np.uint8)
        return {"out": out[None]}

    def reduce(block, outs):
        counts[:] += np.bincount(outs["out"].ravel(), minlength=256)

    seen = []
    res = blocks.run({"a": src}, kernel,
                     {"out": blocks.OutputSpec(tmp_path / "out.tif", "uint8", nodata=255,
                                               descriptions=["doubled"])},
                     reduce=reduce, progress=seen.append, memory_budget=400_000, threads=2)
    assert res.windows > 1
    with rasterio.open(res.outputs["out"]) as ds:
        got = ds.read(1)
        assert ds.profile["tiled"] and ds.nodata == 255
        assert ds.descriptions == ("doubled",)
        assert ds.compression.name.upper() in ("ZSTD", "LZW")
        assert ds.tags(ns="IMAGE_STRUCTURE").get("PREDICTOR") == "2"  # integer default
    expect = np.where(a == 0, 255, a * 2)
    assert np.array_equal(got, expect)
    assert np.array_equal(counts, np.bincount(expect.ravel(), minlength=256))
    assert seen == sorted(seen) and seen[-1] == pytest.approx(100.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tif", "out.tif"]


def test_time_stack_of_single_band_files_and_band_selection(tmp_path):
    files = [_write(tmp_path / f"d{i}.tif", np.full((20, 30), i, np.int16)) for i in range(3)]
    multi = _write(tmp_path / "m.tif", np.stack([np.full((20, 30), 10 * i, np.int16)
                                                for i in range(4)]))
    got = {}

    def kernel(block):
        got["stack"] = block["stack"].shape
        got["sel"] = block["sel"][:, 0, 0].tolist()
        return {}

    blocks.run({"stack": files, "sel": blocks.RasterInput(multi, (2, 4))}, kernel)
    assert got == {"stack": (3, 20, 30), "sel": [10, 30]}


def test_grid_mismatch_names_both_grids(tmp_path):
    a = _write(tmp_path / "a.tif", np.zeros((10, 10), np.uint8))
    b = _write(tmp_path / "b.tif", np.zeros((10, 10), np.uint8),
               transform=Affine(0.01, 0, 10.005, 0, -0.01, 60))
    c = _write(tmp_path / "c.tif", np.zeros((10, 10), np.uint8), crs="EPSG:3035",
               transform=Affine(100, 0, 0, 0, -100, 0))
    with pytest.raises(blocks.GridMismatchError) as err:
        blocks.run({"a": a, "b": b}, lambda _blk: {})
    msg = str(err.value)
    assert "a.tif" in msg and "b.tif" in msg and "10.005" in msg
    with pytest.raises(blocks.GridMismatchError, match="EPSG:3035"):
        blocks.run({"a": a, "c": c}, lambda _blk: {})


def test_cancel_and_kernel_error_leave_no_file(tmp_path):
    src = _write(tmp_path / "a.tif", np.ones((600, 600), np.uint8), tiled=True)
    out_dir = tmp_path / "out"
    calls = {"n": 0}

    def cancel_after_two():
        calls["n"] += 1
        return calls["n"] > 2

    spec = {"o": blocks.OutputSpec(out_dir / "o.tif", "uint8")}
    with pytest.raises(blocks.Cancelled):
        blocks.run({"a": src}, lambda b: {"o": b["a"]}, spec, is_canceled=cancel_after_two,
                   memory_budget=100_000)
    assert list(out_dir.iterdir()) == []

    def bad(block):
        if block.row_off > 0:
            raise ZeroDivisionError("kernel bug")
        return {"o": block["a"]}

    with pytest.raises(ZeroDivisionError):
        blocks.run({"a": src}, bad, spec, memory_budget=100_000, threads=2)
    assert list(out_dir.iterdir()) == []


def test_colour_table_tags_and_cell_areas(tmp_path):
    src = _write(tmp_path / "a.tif", np.ones((5, 4), np.uint8),
                 transform=Affine(1.0, 0, 0, 0, -1.0, 80))
    spec = blocks.OutputSpec(tmp_path / "c.tif", "uint8", nodata=255,
                             colormap={1: (0, 100, 0), 2: (255, 0, 0)},
                             tags={"CLMS_LEGEND": "ipcc"}, predictor=1)
    rows = []
    res = blocks.run({"a": src}, lambda b: {"c": b["a"]}, {"c": spec},
                     reduce=lambda b, _o: rows.extend(b.cell_areas().tolist()))
    assert "ellipsoidal" in res.area_method
    assert len(rows) == 5 and rows[0] < rows[-1]
    with rasterio.open(res.outputs["c"]) as ds:
        assert ds.colormap(1)[1][:3] == (0, 100, 0)
        assert ds.tags()["CLMS_LEGEND"] == "ipcc"
        assert ds.tags(ns="IMAGE_STRUCTURE").get("PREDICTOR", "1") == "1"  # spec.predictor


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.tif"):
        blocks.run({"a": tmp_path / "nope.tif"}, lambda _b: {})
