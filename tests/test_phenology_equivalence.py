"""Rewritten phenology steps give what the steps they replace gave (random inputs, exact).

Why: the speed work on the season bookkeeping (packing the surviving extrema, picking the
two largest seasons without a sort) must not change any result; each rewrite is checked
here against the straightforward formulation it replaced, on random inputs with ties,
empty rows and ``-inf`` slots.
"""

from __future__ import annotations

import numpy as np
import pytest

from clms_plugin.analysis.phenology.metrics import _top_two
from clms_plugin.analysis.phenology.seasons import _compact, _neighbours


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
