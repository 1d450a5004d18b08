"""One area accumulator: pixel counts and areas per class, each row weighted by its cell area.

Why one place: land cover → IPCC, the change matrix, SDG 15.3.1 and both water algorithms all
report "pixels and hectares per class". Rows of a geographic grid differ in area (ellipsoidal
cell areas from :mod:`.cellarea`); rows of a projected grid are all equal, and one histogram
times one cell area is then both exact and cheaper. Kernels that already count per row (the
Byte fast path of the land-cover kernels) hand their row counts to :func:`weight_rows`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

CHUNK_PX = 1 << 18  # bincount in cache-sized pieces: ~15× faster than one huge call


def row_counts(classes: np.ndarray, nclasses: int, valid: np.ndarray | None = None,
               per_row: bool = True) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(row0, counts)`` for groups of rows of ``classes`` (small non-negative ints).

    ``counts`` is (rows, nclasses) when ``per_row`` (each row's histogram, so rows can be
    weighted by their cell area) or (1, nclasses) for the whole group. Working on groups of
    ~256 k pixels keeps numpy's temporaries in cache; pixels where ``valid`` is False are
    skipped.
    """
    h, w = classes.shape
    step = max(1, CHUNK_PX // max(1, w))
    for r0 in range(0, h, step):
        c = classes[r0:r0 + step]
        rows = c.shape[0]
        if per_row and rows > 1:
            key = c.astype(np.int32) + (np.arange(rows, dtype=np.int32) * nclasses)[:, None]
            nbins = rows * nclasses
        else:
            key, nbins = c, nclasses
        if valid is not None:
            key = key[valid[r0:r0 + step]]
        counts = np.bincount(key.ravel(), minlength=nbins)
        yield r0, counts.reshape(-1, nclasses)


def uniform_rows(row_areas: np.ndarray) -> bool:
    """True when every row has the same cell area (projected grid): one histogram suffices."""
    return bool(row_areas.size) and float(row_areas.min()) == float(row_areas.max())


def weight_rows(rows: np.ndarray, row_areas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pixels and m² per class from per-row counts ``rows`` (h, nclasses) of one window."""
    px = rows.sum(axis=0)
    if uniform_rows(row_areas):
        return px, px * float(row_areas[0])
    return px, row_areas @ rows


def row_area_sums(classes: np.ndarray, nclasses: int, row_areas: np.ndarray,
                  valid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pixel counts and areas (m²) per class index 0..nclasses-1 for one window."""
    uniform = uniform_rows(row_areas)
    px = np.zeros(nclasses, dtype=np.int64)
    area = np.zeros(nclasses, dtype=np.float64)
    for r0, counts in row_counts(classes, nclasses, valid, per_row=not uniform):
        px += counts.sum(axis=0)
        if uniform:
            area += counts.sum(axis=0) * float(row_areas[0])
        else:
            area += row_areas[r0:r0 + counts.shape[0]] @ counts
    return px, area


class AreaAccumulator:
    """Running totals of pixels and m² per class index 0..size-1 over the windows of a run.

    Used from ``reduce`` (serial, in window order), so it needs no lock. Codes ≥ ``size``
    (nodata, out-of-range) are skipped.
    """

    def __init__(self, size: int) -> None:
        self.size = int(size)
        self.pixels = np.zeros(self.size, dtype=np.int64)
        self.area = np.zeros(self.size, dtype=np.float64)

    def add(self, classes: np.ndarray, row_areas: np.ndarray,
            valid: np.ndarray | None = None) -> None:
        """Count a (h, w) window of class indices, each row weighted by ``row_areas[row]``."""
        keep = classes < self.size
        if valid is not None:
            keep &= valid
        if keep.all():
            keep = None
        idx = classes if classes.dtype.kind in "iu" else classes.astype(np.int64)
        px, area = row_area_sums(idx, self.size, row_areas, keep)
        self.add_totals(px, area)

    def add_totals(self, pixels: np.ndarray, area_m2: np.ndarray) -> None:
        """Add window totals computed in a pool thread (kernels that count per row)."""
        self.pixels += np.asarray(pixels, dtype=np.int64)[: self.size]
        self.area += np.asarray(area_m2, dtype=np.float64)[: self.size]

    def hectares(self) -> np.ndarray:
        return self.area / 1e4


__all__ = ["CHUNK_PX", "AreaAccumulator", "row_area_sums", "row_counts", "uniform_rows",
           "weight_rows"]
