"""Engine choices that keep peak memory flat and outputs written once (issue 18).

No timings and no RSS figures here (the bench measures those); these tests pin the
decisions the figures rest on: output tiles follow the windows, so no tile is half-written
and flushed; recycled windows give identical results.
"""

from __future__ import annotations

import numpy as np
import rasterio
from affine import Affine
from rasterio.windows import Window

from clms_toolbox.clms_plugin.analysis.engine import blocks
from clms_toolbox.clms_plugin.analysis.engine.windows import output_tile


def test_output_tile_follows_windows_narrower_than_512():
    # Deep stack: one 256² input block per window → 256² output tiles.
    wins = blocks.plan_windows(3_163, 3_163, (256, 256), 774, 85 * 1024 * 1024)
    assert {(int(w.height), int(w.width)) for w in wins[:3]} == {(256, 256)}
    assert output_tile(wins, 3_163, 3_163) == 256
    # 512-aligned strips (land cover) keep the default (None → 512).
    strips = blocks.plan_windows(10_000, 10_000, (512, 512), 10, 256 * 1024 * 1024)
    assert output_tile(strips, 10_000, 10_000) is None
    # Windows on no 256 boundary: nothing better than the default.
    odd = [Window(0, 0, 300, 300), Window(300, 0, 300, 300)]
    assert output_tile(odd, 600, 300) is None
    # Small rasters already get 256 tiles from creation_options.
    assert output_tile([Window(0, 0, 400, 400)], 400, 400) is None


def test_runner_writes_256_tiles_once_for_deep_stacks(tmp_path):
    rng = np.random.default_rng(3)
    paths = []
    for i in range(24):
        p = tmp_path / f"m{i:02d}.tif"
        with rasterio.open(p, "w", driver="GTiff", width=1_100, height=700, count=1,
                           dtype="uint8", crs="EPSG:4326", tiled=True, blockxsize=256,
                           blockysize=256, transform=Affine(0.01, 0, 0, 0, -0.01, 0)) as ds:
            ds.write(rng.integers(0, 3, (1, 700, 1_100), dtype=np.uint8))
        paths.append(str(p))

    def kernel(block):
        return {"o": (block["s"] == 2).sum(axis=0, dtype=np.uint8)[None]}

    expected = None
    for recycle in (False, True):
        out = tmp_path / f"o{int(recycle)}.tif"
        res = blocks.run({"s": paths}, kernel, {"o": blocks.OutputSpec(out, "uint8")},
                         memory_budget=24 * 256 * 256 * 3 * 3, threads=2, recycle=recycle)
        assert res.window_shape == (256, 256)
        with rasterio.open(out) as ds:
            assert ds.block_shapes[0] == (256, 256)
            got = ds.read(1)
        if expected is None:
            stack = []
            for p in paths:
                with rasterio.open(p) as src:
                    stack.append(src.read(1))
            expected = (np.stack(stack) == 2).sum(axis=0)
        np.testing.assert_array_equal(got, expected)
