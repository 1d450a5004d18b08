"""Synthetic IPCC-category map series for the land-representation demo, bench and tests.

Why: ``clms:landrepresentation`` needs several years of IPCC maps (1–6, 255 no data) whose
changes behave like real ones — contiguous patches that convert, some converting again or
back, and cloud-like nodata blobs in one year — at sizes from a demo clip to 100 Mpx. Smooth
value noise (bilinear between lattice points) gives the patches; a "change" field decides
when a patch converts: pixels whose change value passes a falling threshold convert at that
map, so the converted area grows through the series and each pixel's history is consistent.
Written window by window (flat memory). QGIS-free.

Public API:
    write_ipcc_series(folder, width, height, years, ...) -> [(path, year)]
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.windows import Window

# base categories by field quantile: forest, cropland, grassland, wetlands, settlements, other
SHARES = [(1, 0.38), (2, 0.25), (3, 0.22), (4, 0.06), (5, 0.05), (6, 0.04)]
FIRST_CHANGE = {1: 2, 2: 3, 3: 5, 4: 3, 5: 5, 6: 3}   # deforestation, abandonment, sprawl…
SECOND_CHANGE = {2: 1, 3: 1, 5: 5, 1: 1, 4: 4, 6: 6}  # later: back to forest / regrowth


def _lattice(rng: np.random.Generator, width: int, height: int, cell: int) -> np.ndarray:
    return rng.random((height // cell + 3, width // cell + 3), dtype=np.float32)


def _sample(lattice: np.ndarray, cell: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    fy, fx = rows / cell, cols / cell
    y0, x0 = fy.astype(np.int64), fx.astype(np.int64)
    ty = ((fy - y0) ** 2 * (3 - 2 * (fy - y0))).astype(np.float32)[:, None]
    tx = ((fx - x0) ** 2 * (3 - 2 * (fx - x0))).astype(np.float32)[None, :]
    a, b = lattice[np.ix_(y0, x0)], lattice[np.ix_(y0, x0 + 1)]
    c, d = lattice[np.ix_(y0 + 1, x0)], lattice[np.ix_(y0 + 1, x0 + 1)]
    top = a + (b - a) * tx
    return top + ((c + (d - c) * tx) - top) * ty


class _Series:
    def __init__(self, width: int, height: int, seed: int, patch: int, nmaps: int) -> None:
        rng = np.random.default_rng(seed)
        self.patch, self.fine = patch, max(4, patch // 8)
        self.l_base = _lattice(rng, width, height, patch)
        self.l_fine = _lattice(rng, width, height, self.fine)
        self.l_change = _lattice(rng, width, height, self.fine)
        self.l_cloud = _lattice(rng, width, height, patch)
        probe = self._base(np.arange(0, height, 7.0), np.arange(0, width, 7.0))
        self.cuts = np.quantile(probe, np.cumsum([s for _, s in SHARES])[:-1]).astype(np.float32)
        self.codes = np.array([c for c, _ in SHARES], np.uint8)
        self.first = np.array([FIRST_CHANGE.get(i, i) for i in range(7)], np.uint8)
        self.second = np.array([SECOND_CHANGE.get(i, i) for i in range(7)], np.uint8)
        self.nmaps = nmaps

    def _base(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        return (_sample(self.l_base, self.patch, r, c)
                + 0.25 * _sample(self.l_fine, self.fine, r, c))

    def window(self, row0: int, rows: int, width: int, k: int) -> np.ndarray:
        r = np.arange(row0, row0 + rows, dtype=np.float64)
        c = np.arange(0, width, dtype=np.float64)
        out = self.codes[np.searchsorted(self.cuts, self._base(r, c))]
        ch = _sample(self.l_change, self.fine, r, c)
        # a few % of the land converts per map; the oldest conversions convert again
        first = ch > 1.0 - 0.05 * k
        second = ch > 1.0 - 0.012 * k
        out = np.where(second, self.second[self.first[out]],
                       np.where(first, self.first[out], out))
        if self.nmaps > 2 and k == self.nmaps // 2:  # clouds in the middle map
            cloud = _sample(self.l_cloud, self.patch, r, c) > 0.95
            out[cloud] = 255
        return out.astype(np.uint8)


def write_ipcc_series(folder: str | os.PathLike, width: int, height: int,
                      years: tuple[int, ...] = (2000, 2006, 2012, 2018), *, seed: int = 17,
                      patch: int = 300, rows_per_write: int = 512,
                      crs: str = "EPSG:3035") -> list[tuple[str, int]]:
    """One Byte GeoTIFF per year (``ipcc_<year>.tif``, YEAR tag, tiled 512, LZW, 255 nodata);
    100 m pixels on EPSG:3035 by default, so one pixel is one hectare."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    series = _Series(width, height, seed, patch, len(years))
    transform = Affine(100, 0, 4_000_000, 0, -100, 3_000_000) if crs == "EPSG:3035" \
        else Affine(1 / 1008, 0, 10.0, 0, -1 / 1008, 50.0)
    out = []
    for k, year in enumerate(years):
        path = folder / f"ipcc_{year}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1,
                           dtype="uint8", crs=crs, transform=transform, nodata=255, tiled=True,
                           blockxsize=512, blockysize=512, compress="LZW") as ds:
            ds.update_tags(YEAR=str(year))
            for row in range(0, height, rows_per_write):
                h = min(rows_per_write, height - row)
                ds.write(series.window(row, h, width, k)[None], window=Window(0, row, width, h))
        out.append((str(path), year))
    return out
