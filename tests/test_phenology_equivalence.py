"""Rewritten phenology steps give what the steps they replace gave (random inputs, exact).

Why: the speed work on the season bookkeeping (packing the surviving extrema, picking the
two largest seasons without a sort) must not change any result; each rewrite is checked
here against the straightforward formulation it replaced, on random inputs with ties,
empty rows and ``-inf`` slots.
"""

from __future__ import annotations

import _phenology_legacy as legacy
import numpy as np
import pytest
from _phenology_legacy import _compact, _extrema, _merge, _neighbours

from clms_toolbox.clms_plugin.analysis.phenology import seasons
from clms_toolbox.clms_plugin.analysis.phenology.metrics import _top_two
from clms_toolbox.clms_plugin.analysis.phenology.timeseries import (
    fill_gaps,
    nonzero2d,
    running_along_time,
)


def _random_slots(rng: np.random.Generator, n_px: int, k: int) -> tuple[np.ndarray, ...]:
    positions = np.sort(rng.integers(1, 300, size=(n_px, k)), axis=1).astype(np.int32)
    values = rng.random((n_px, k)).astype(np.float32)
    is_max = rng.random((n_px, k)) < 0.5
    alive = rng.random((n_px, k)) < rng.random((n_px, 1))  # some rows empty, some full
    return positions, values, is_max, alive


@pytest.mark.parametrize("seed", range(5))
def test_compact_keeps_the_alive_sequence_and_its_neighbours(seed: int) -> None:
    rng = np.random.default_rng(seed)
    positions, values, is_max, alive = _random_slots(rng, 400, int(rng.integers(2, 40)))
    prv_old, nxt_old = _neighbours(alive)
    pos, val, kind, prv, nxt = _compact(positions, values, is_max, alive)
    k = pos.shape[1]
    for i in range(alive.shape[0]):
        idx = np.nonzero(alive[i])[0]
        n = idx.size
        assert np.array_equal(pos[i, :n], positions[i, idx]) and np.all(pos[i, n:] == -1)
        assert np.array_equal(val[i, :n], values[i, idx]) and np.array_equal(
            kind[i, :n], is_max[i, idx])
        # the neighbours of every alive slot point at the same extrema (or at none)
        for j, old in enumerate(idx):
            p_old, n_old = prv_old[i, old], nxt_old[i, old]
            assert (prv[i, j] < 0) == (p_old < 0)
            if p_old >= 0:
                assert pos[i, prv[i, j]] == positions[i, p_old]
            assert (nxt[i, j] >= k) == (n_old >= alive.shape[1])
            if n_old < alive.shape[1]:
                assert pos[i, nxt[i, j]] == positions[i, n_old]


@pytest.mark.parametrize("seed", range(5))
def test_top_two_matches_the_stable_descending_sort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_px, k = 2000, int(rng.integers(2, 20))
    ampl = rng.integers(0, 4, size=(n_px, k)).astype(np.float32)  # many ties
    ampl[rng.random((n_px, k)) < 0.6] = -np.inf  # rows with 0, 1, 2+ finite slots
    order, second_ok = _top_two(ampl)
    ref = np.argsort(-ampl, axis=1, kind="stable")[:, :2]
    finite = np.isfinite(np.take_along_axis(ampl, ref, axis=1))
    assert np.array_equal(finite[:, 1], second_ok)
    assert np.array_equal(order[finite[:, 0], 0], ref[finite[:, 0], 0])
    assert np.array_equal(order[second_ok, 1], ref[second_ok, 1])


def _random_curves(rng: np.random.Generator, n_px: int, n_t: int) -> np.ndarray:
    """Coarse curves with one to three seasons a year, noise and plateaus (as float32)."""
    t = np.arange(n_t)[:, None]
    per = rng.choice([90.0, 45.0, 30.0], size=n_px)
    y = 0.4 + 0.3 * np.sin(2 * np.pi * t / per + rng.random(n_px) * 6)
    y = y + rng.normal(0, rng.choice([0.0, 0.01, 0.05]), size=(n_t, n_px))
    y[:, rng.random(n_px) < 0.05] = 0.3  # constant pixels
    return np.round(y.astype(np.float32), rng.choice([2, 3, 6])).astype(np.float32)


@pytest.mark.parametrize("seed", range(6))
def test_packed_merge_removes_the_same_pairs_as_the_mask_merge(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = _random_curves(rng, 1500, 272)
    ymax, ymin = y.max(axis=0), y.min(axis=0)
    rng_y = ymax - ymin
    eps = (1e-6 * (np.abs(ymax) + np.abs(ymin)) + 1e-4 * rng_y).astype(np.float32)
    thr = np.maximum(np.maximum(np.float32(rng.choice([0.0, 0.05])),
                                np.float32(rng.choice([0.0, 0.2, 0.5])) * rng_y),
                     np.float32(1e-6)).astype(np.float32)
    positions, values, is_max = seasons._extrema(y, eps)
    alive = _merge(values.copy(), positions >= 0, thr)
    ref = _compact(positions, values, is_max, alive)
    got = seasons._merge(positions.copy(), values.copy(), is_max.copy(), thr)
    for a, b in zip(got, ref):
        assert a.shape == b.shape
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", range(6))
def test_extrema_without_the_running_sign_on_steady_pixels(seed: int) -> None:
    """Pixels without flat steps skip the forward-filled sign: same extrema as before."""
    rng = np.random.default_rng(seed)
    y = _random_curves(rng, 1500, 272)
    for every in (7, 2, 1):  # plateaus in few, half or all pixels (both code paths)
        y[100:110, ::every] = y[100, ::every]
        ymax, ymin = y.max(axis=0), y.min(axis=0)
        eps = (1e-6 * (np.abs(ymax) + np.abs(ymin)) + 1e-4 * (ymax - ymin)).astype(np.float32)
        for a, b in zip(seasons._extrema(y, eps), _extrema(y, eps)):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("shape", [(0, 5), (5, 0), (1, 1), (37, 271), (1470, 38)])
def test_nonzero2d_is_numpy_nonzero(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    for density in (0.0, 0.1, 0.9, 1.0):
        mask = rng.random(shape) < density
        for got, ref in zip(nonzero2d(mask), np.nonzero(mask)):
            np.testing.assert_array_equal(got, ref)
        mask_t = np.ascontiguousarray(mask.T)
        for got, ref in zip(nonzero2d(mask_t), np.nonzero(mask_t)):
            np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("seed", range(6))
def test_pixel_major_segment_scans_match_the_time_major_ones(seed: int) -> None:
    """Minima, peaks, base minima and crossings on (pixels, nodes) segments: same nodes."""
    rng = np.random.default_rng(seed)
    n_t, n_px = 272, 800
    y = _random_curves(rng, n_px, n_t)
    cols = np.sort(rng.choice(n_px, 500, replace=False))
    lo = rng.integers(0, 150, cols.size)
    hi = lo + rng.integers(2, 120, cols.size)
    hi = np.minimum(hi, n_t - 1)
    mid = (lo + hi) // 2
    new = seasons.Segment(np.ascontiguousarray(y.T), lo.min(), hi.max(), cols)
    old = legacy.Segment(y, lo.min(), hi.max(), cols)
    for largest in (False, True):
        for a, b in zip(seasons._edge_minimum(new, lo, hi, largest),
                        legacy._edge_minimum(old, lo, hi, largest)):
            np.testing.assert_array_equal(a, b)
    for left in (True, False):
        np.testing.assert_array_equal(seasons._near_minimum(new, lo, mid, left),
                                      legacy._near_minimum(old, lo, mid, left))
    levels = [(new.at(lo) + f * (new.at(mid) - new.at(lo))).astype(np.float32)
              for f in (0.25, 0.2, 0.8)]
    for a, b in zip(seasons._first_up(new, lo, mid, levels),
                    legacy._first_up(old, lo, mid, levels)):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(seasons._last_down(new, mid, hi, levels),
                    legacy._last_down(old, mid, hi, levels)):
        np.testing.assert_array_equal(a, b)
    keep = rng.random(cols.size) < 0.5
    np.testing.assert_array_equal(new.subset(keep).at(lo[keep]), old.subset(keep).at(lo[keep]))


@pytest.mark.parametrize("seed", range(6))
def test_both_minima_from_one_reduceat_match_two_argmin_scans(seed: int) -> None:
    """Order keys give the nodes of argmin (first on ties) on both sides of a split node,
    with negative values, signed zeros, plateaus and single-node ranges."""
    rng = np.random.default_rng(seed)
    n_t, n_px = 272, 900
    y = _random_curves(rng, n_px, n_t) - np.float32(rng.choice([0.0, 0.4, 1.0]))
    y[rng.random(y.shape) < 0.02] = np.float32(-0.0)
    y[rng.random(y.shape) < 0.02] = np.float32(0.0)
    cols = np.sort(rng.choice(n_px, 600, replace=False))
    lo = rng.integers(0, 120, cols.size)
    mid = lo + rng.integers(0, 80, cols.size)
    hi = np.minimum(mid + rng.integers(0, 90, cols.size), n_t - 1)
    mid = np.minimum(mid, hi)
    hi[-1] = n_t - 1  # the last range ends with the array
    for t0, t1 in ((lo.min(), hi.max()), (0, n_t - 1)):
        seg = seasons.Segment(np.ascontiguousarray(y.T), t0, t1, cols)
        left, right = seasons._lowest_either_side(seg, lo, mid, hi)
        np.testing.assert_array_equal(left, seasons._edge_minimum(seg, lo, mid)[0])
        np.testing.assert_array_equal(right, seasons._edge_minimum(seg, mid, hi)[0])
        keep = rng.random(cols.size) < 0.5
        sub = seg.subset(keep)
        left, right = seasons._lowest_either_side(sub, lo[keep], mid[keep], hi[keep])
        np.testing.assert_array_equal(left, seasons._edge_minimum(sub, lo[keep], mid[keep])[0])


@pytest.mark.parametrize("seed", range(4))
def test_gap_filling_with_flat_indices_matches_the_2d_indexing(seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.integers(5, 12, 108)).astype(float)
    v = rng.random((108, 700)).astype(np.float32)
    v[rng.random(v.shape) < rng.choice([0.05, 0.3, 0.9])] = np.nan
    v[:, :5] = np.nan  # pixels without any valid observation
    v[:10, 5:9] = np.nan  # leading gaps
    v[-7:, 9:12] = np.nan  # trailing gaps
    for layout in (v, np.asfortranarray(v)):
        got, n_got = fill_gaps(layout, t)
        ref, n_ref = legacy.fill_gaps(v, t)
        np.testing.assert_array_equal(got, ref)
        np.testing.assert_array_equal(n_got, n_ref)


@pytest.mark.parametrize("n_t", [1, 2, 3, 107, 108, 128, 129, 271])
def test_running_along_time_is_numpy_accumulate(n_t: int) -> None:
    rng = np.random.default_rng(n_t)
    a = rng.integers(-300, 300, (n_t, 257)).astype(np.int16)
    for op in (np.maximum, np.minimum):
        fwd = a.copy()
        running_along_time(fwd, op)
        np.testing.assert_array_equal(fwd, op.accumulate(a, axis=0))
        back = a.copy()
        running_along_time(back, op, backwards=True)
        np.testing.assert_array_equal(back, op.accumulate(a[::-1], axis=0)[::-1])


@pytest.mark.parametrize("seed", range(6))
def test_flat_runs_give_the_running_sign_extrema(seed: int) -> None:
    """Walking back over flat runs (long ones through the fallback) = the running sign."""
    rng = np.random.default_rng(seed)
    n_s, n_px = 271, 900
    sign = rng.choice([-1, 0, 1], size=(n_s, n_px), p=[0.45, 0.1, 0.45])
    sign[:, :50] = 0  # constant pixels
    sign[:40, 50:100] = 0  # long leading runs
    sign[100:100 + int(rng.integers(17, 60)), 100:130] = 0  # runs beyond MAX_RUN_WALK
    sign[200:203, 130:160] = 0
    up, down = sign > 0, sign < 0
    got = seasons._flat_extrema(up, down)
    ref = seasons._running_sign_extrema(up, down)
    for a, b in zip(got, ref):
        np.testing.assert_array_equal(a, b)


def test_gap_filling_walks_short_gaps_and_runs_long_ones() -> None:
    """Short gaps (walked) and gaps longer than MAX_GAP_WALK (running indices) in one
    array, leading, trailing, interior and empty pixels: the same fill as the legacy."""
    rng = np.random.default_rng(42)
    t = np.cumsum(rng.integers(5, 12, 108)).astype(float)
    v = rng.random((108, 400)).astype(np.float32)
    v[rng.random(v.shape) < 0.1] = np.nan  # short gaps everywhere
    v[30:55, 10:60] = np.nan  # 25-observation snow seasons
    v[:20, 60:70] = np.nan  # long leading gaps
    v[-30:, 70:80] = np.nan  # long trailing gaps
    v[:, 80:85] = np.nan  # empty pixels
    v[:, 85] = np.nan
    v[50, 85] = 0.5  # a single valid observation
    got, n_got = fill_gaps(v, t)
    ref, n_ref = legacy.fill_gaps(v, t)
    np.testing.assert_array_equal(got, ref)
    np.testing.assert_array_equal(n_got, n_ref)
