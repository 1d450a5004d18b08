"""Daily values of the smoothed curve on demand, for the few days the metrics need (QGIS-free).

Why: seasons are located on a coarse curve (every ``COARSE_STEP`` days, one BLAS product),
but minima, peaks and threshold crossings must be exact on the daily curve. A daily value is
one operator row times the pixel's observations; the rows are banded (a day depends only on
the observations near it), so a handful of days costs a few dozen multiply-adds per pixel
instead of a full daily product.
"""

from __future__ import annotations

import numpy as np

from .timeseries import clamp


def _banded(op: np.ndarray, rel: float = 1e-5) -> tuple[np.ndarray, np.ndarray]:
    """Each operator row as (first observation, fixed-width weights) without negligible tails.

    Why: a daily value depends on the observations near that day only (the Whittaker
    weights decay exponentially, Savitzky–Golay and linear rows are compact), so evaluating
    a daily value costs ``width`` instead of ``n_obs`` multiply-adds. Dropped weights are
    below ``rel`` × the row's largest weight.
    """
    mag = np.abs(op)
    keep = mag > rel * mag.max(axis=1, keepdims=True)
    n_obs = op.shape[1]
    first = np.argmax(keep, axis=1)
    last = n_obs - 1 - np.argmax(keep[:, ::-1], axis=1)
    width = int((last - first).max()) + 1
    start = np.clip(first, 0, n_obs - width)
    cols = start[:, None] + np.arange(width)
    return start.astype(np.int64), np.ascontiguousarray(np.take_along_axis(op, cols, axis=1))


class DayBlocks:
    """Operator rows of ``n`` consecutive days restricted to the observations they use.

    Why: refining a crossing or an extreme needs the daily curve on a few consecutive days
    of each pixel. Their banded rows all fall inside one column range, so the pixel's
    observations are gathered once per range (one contiguous run of ``width`` values) and
    multiplied with a precomputed ``(n, width)`` block, instead of one scattered gather per
    day and weight (2× fewer operations in the refinement, measured).
    """

    def __init__(self, op: np.ndarray, band_start: np.ndarray, band_width: int, n: int) -> None:
        n_days, n_obs = op.shape
        n = min(n, n_days)
        first_days = np.arange(n_days - n + 1)
        win = np.lib.stride_tricks.sliding_window_view(band_start, n)
        lo, hi = win.min(axis=1), win.max(axis=1) + band_width
        self.width = width = int(min(n_obs, (hi - lo).max()))
        self.n = n
        self.start = np.clip(lo, 0, n_obs - width)
        rows = first_days[:, None] + np.arange(n)  # (first day, n)
        cols = self.start[:, None, None] + np.arange(width)  # (first day, 1, width)
        self.weights = np.ascontiguousarray(op[rows[:, :, None], cols])


class BandedProduct:
    """``op @ x`` for a banded operator, as a few dense products over row groups.

    Why: two thirds of the coarse Whittaker operator are (flushed) zeros a few months away
    from the diagonal; grouping the rows and multiplying each group only with the
    observations its rows use halves the flops of the smoothing product (measured 2.0 →
    1.1 ms per 1 400-px chunk for 3 years of dekads), with the same float32 sums.
    """

    GROUPS = 8

    def __init__(self, op: np.ndarray) -> None:
        self.shape = op.shape
        nz = op != 0
        self.parts: list[tuple[int, int, int, int, np.ndarray]] = []
        bounds = np.linspace(0, op.shape[0], self.GROUPS + 1).astype(int)
        for r0, r1 in zip(bounds[:-1], bounds[1:]):
            if r1 <= r0:
                continue
            used = np.nonzero(nz[r0:r1].any(axis=0))[0]
            c0, c1 = (int(used[0]), int(used[-1]) + 1) if used.size else (0, 1)
            self.parts.append((r0, r1, c0, c1, np.ascontiguousarray(op[r0:r1, c0:c1])))

    def __matmul__(self, x: np.ndarray) -> np.ndarray:
        out = np.empty((self.shape[0], x.shape[1]), dtype=np.result_type(x, np.float32))
        for r0, r1, c0, c1, block in self.parts:
            np.matmul(block, x[c0:c1], out=out[r0:r1])
        return out


class _OperatorSampler:
    """Coarse curve + exact daily values on demand, from the operators and observations."""

    def __init__(self, kernel, filled: np.ndarray) -> None:
        self.step = kernel.COARSE_STEP
        self.n_days = kernel.operator.shape[0]
        self.kernel = kernel
        self.cum = kernel.cum_operator
        self.coarse = kernel.coarse_product @ filled
        self.filled_t = np.ascontiguousarray(filled.T)
        self._runs: dict[int, np.ndarray] = {}
        self._filled64: np.ndarray | None = None

    def span(self, first: np.ndarray, n: int, cols: np.ndarray) -> np.ndarray:
        """Daily curve at day indices ``first + 0 … n-1`` (clamped to the series), ``(m, n)``."""
        blocks = self.kernel.day_blocks(n)
        d0 = clamp(first, 0, self.n_days - blocks.n)
        # each pixel's run of ``width`` observations: two index arrays into a sliding-window
        # view copy whole runs (20 % faster than one flat index per value); the view is
        # made once per width (sliding_window_view itself costs ~25 µs of Python)
        runs = self._runs.get(blocks.width)
        if runs is None:
            runs = np.lib.stride_tricks.sliding_window_view(self.filled_t, blocks.width, axis=1)
            self._runs[blocks.width] = runs
        obs = runs[cols, blocks.start[d0]]
        # float32 products and sum (as the coarse BLAS product): ~1e-7 relative, i.e. a
        # crossing moves by ~1e-4 day at most
        vals = np.einsum("mdw,mw->md", np.take(blocks.weights, d0, axis=0), obs)
        if blocks.n == n and np.array_equal(d0, first):
            return vals.astype(np.float64)
        idx = clamp(first[:, None] + np.arange(n), 0, self.n_days - 1) - d0[:, None]
        return np.take_along_axis(vals, idx, axis=1).astype(np.float64)

    def integral_between(self, ia: np.ndarray, ib: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """∫ of the daily curve from day index ``ia`` to ``ib`` (trapezoids), pixels ``cols``."""
        ia = clamp(ia, 0, self.n_days - 1)
        ib = clamp(ib, 0, self.n_days - 1)
        if self._filled64 is None:  # once per chunk: both seasons' integrals read it
            self._filled64 = self.filled_t.astype(np.float64)
        weights = np.take(self.cum, ib, axis=0)
        weights -= np.take(self.cum, ia, axis=0)
        return np.einsum("mt,mt->m", weights, np.take(self._filled64, cols, axis=0))


class _ArraySampler:
    """The same interface for a daily curve already in memory (``extract_metrics``)."""

    def __init__(self, y: np.ndarray, step: int = 1) -> None:
        self.step = step
        self.n_days = y.shape[0]
        self.y = y
        self.coarse = y[::step]
        cum = np.zeros(y.shape, dtype=np.float64)
        np.cumsum(0.5 * (y[1:].astype(np.float64) + y[:-1]), axis=0, out=cum[1:])
        self.cum = cum

    def span(self, first: np.ndarray, n: int, cols: np.ndarray) -> np.ndarray:
        idx = clamp(first[:, None] + np.arange(n), 0, self.n_days - 1)
        return self.y[idx, cols[:, None]].astype(np.float64)

    def integral_between(self, ia: np.ndarray, ib: np.ndarray, cols: np.ndarray) -> np.ndarray:
        last = self.n_days - 1
        return self.cum[clamp(ib, 0, last), cols] - self.cum[clamp(ia, 0, last), cols]
