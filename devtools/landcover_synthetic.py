"""Synthetic but realistic LC100-coded landscapes for two years (demo, benchmark, tests).

Why: the real LC100 clips are 60 kpx; benchmarks and the demo need 100 Mpx–1 Gpx rasters
whose class patches look and compress like real land cover (contiguous patches with smooth
borders, not uniform noise, which compresses and branches unrealistically). Two smooth value
noise fields (a coarse and a finer octave, bilinear between lattice points) are thresholded
into LC100 classes at realistic proportions; a third field picks the forest type; the second
year converts a few percent of the land along a separate change field (deforestation to
cropland, cropland abandonment to grassland, urban growth, regrowth of open forest).
Written window by window, so memory stays flat at any size. QGIS-free.

Public API:
    write_lc100_pair(dir, width, height, ...) -> (path_year1, path_year2)
    write_lc100(path, width, height, year_index, ...) -> path
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.crs import CRS
from rasterio.windows import Window

# (LC100 code, share of the landscape) in field order: low values → first entries.
CLASSES = [(80, 0.04), (90, 0.03), (40, 0.22), (50, 0.04), (30, 0.15), (20, 0.10),
           (60, 0.02), (1, 0.40)]  # 1 = forest, split by FOREST_TYPES
FOREST_TYPES = [112, 114, 115, 116, 122, 124, 126]

# LC100 colour table (official palette), for files that open readable.
LC100_COLOURS = {20: (255, 187, 34), 30: (255, 255, 76), 40: (240, 150, 255), 50: (250, 0, 0),
                 60: (180, 180, 180), 80: (0, 50, 200), 90: (0, 150, 160), 112: (0, 153, 0),
                 114: (0, 204, 0), 115: (78, 117, 31), 116: (0, 120, 0), 122: (141, 180, 0),
                 124: (160, 220, 0), 126: (100, 140, 0)}


def _lattice(rng: np.random.Generator, width: int, height: int, cell: int) -> np.ndarray:
    return rng.random((height // cell + 3, width // cell + 3), dtype=np.float32)


def _sample(lattice: np.ndarray, cell: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Bilinear value noise at pixel rows × cols (smoothstep-eased)."""
    fy, fx = rows / cell, cols / cell
    y0, x0 = fy.astype(np.int64), fx.astype(np.int64)
    ty, tx = fy - y0, fx - x0
    ty = (ty * ty * (3 - 2 * ty)).astype(np.float32)[:, None]
    tx = (tx * tx * (3 - 2 * tx)).astype(np.float32)[None, :]
    a = lattice[np.ix_(y0, x0)]
    b = lattice[np.ix_(y0, x0 + 1)]
    c = lattice[np.ix_(y0 + 1, x0)]
    d = lattice[np.ix_(y0 + 1, x0 + 1)]
    top = a + (b - a) * tx
    return top + ((c + (d - c) * tx) - top) * ty


class _Landscape:
    def __init__(self, width: int, height: int, seed: int, patch: int) -> None:
        rng = np.random.default_rng(seed)
        self.patch = patch
        self.fine = max(8, patch // 6)
        self.l_main = _lattice(rng, width, height, patch)
        self.l_fine = _lattice(rng, width, height, self.fine)
        self.finer = max(4, patch // 40)
        self.l_finer = _lattice(rng, width, height, self.finer)
        self.l_type = _lattice(rng, width, height, patch // 2 or 1)
        self.l_change = _lattice(rng, width, height, patch)
        # Thresholds at the field's empirical quantiles give the wanted class shares.
        probe = self._field(np.arange(0, height, 7.0), np.arange(0, width, 7.0))
        shares = np.cumsum([s for _, s in CLASSES])[:-1]
        self.cuts = np.quantile(probe, shares).astype(np.float32)
        self.codes = np.array([c for c, _ in CLASSES], dtype=np.uint8)
        self.ftypes = np.array(FOREST_TYPES, dtype=np.uint8)

    def _field(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Three octaves: patches, their lobes, and ragged borders."""
        return (_sample(self.l_main, self.patch, r, c)
                + 0.35 * _sample(self.l_fine, self.fine, r, c)
                + 0.12 * _sample(self.l_finer, self.finer, r, c))

    def window(self, row0: int, rows: int, col0: int, cols: int, year: int) -> np.ndarray:
        r = np.arange(row0, row0 + rows, dtype=np.float64)
        c = np.arange(col0, col0 + cols, dtype=np.float64)
        field = self._field(r, c)
        out = self.codes[np.searchsorted(self.cuts, field)]
        forest, crop0, grass0 = out == 1, out == 40, out == 30
        t = _sample(self.l_type, self.patch // 2 or 1, r, c)
        ft = self.ftypes[np.minimum((t * len(FOREST_TYPES)).astype(np.int64),
                                    len(FOREST_TYPES) - 1)]
        out[forest] = ft[forest]
        if year > 0:
            ch = _sample(self.l_change, self.patch, r, c)
            hot = ch > 0.93 - 0.02 * (year - 1)
            out[hot & forest] = 40                          # deforestation → cropland
            out[hot & crop0] = 30                           # abandonment → herbaceous
            out[(ch < 0.1) & (crop0 | grass0)] = 50         # urban growth
            out[(ch > 0.85) & (ch < 0.88) & grass0] = 126   # regrowth → open forest
        return out


def write_lc100(path: str | os.PathLike, width: int, height: int, year_index: int = 0, *,
                seed: int = 2015, patch: int = 400, rows_per_write: int = 512,
                compress: str = "LZW",
                transform: Affine | None = None, crs: str = "EPSG:4326") -> str:
    """One LC100-coded Byte GeoTIFF (tiled 512, ``compress``), nodata 255, LC100 palette."""
    land = _Landscape(width, height, seed, patch)
    transform = transform or Affine(1 / 1008, 0, 10.0, 0, -1 / 1008, 50.0)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    profile = {"driver": "GTiff", "width": width, "height": height, "count": 1,
               "dtype": "uint8", "crs": CRS.from_string(crs), "transform": transform,
               "nodata": 255, "tiled": True, "blockxsize": 512, "blockysize": 512,
               "compress": compress}
    with rasterio.open(path, "w", **profile) as ds:
        ds.write_colormap(1, LC100_COLOURS)
        for row in range(0, height, rows_per_write):
            h = min(rows_per_write, height - row)
            ds.write(land.window(row, h, 0, width, year_index)[None], window=Window(0, row,
                                                                                    width, h))
    return str(path)


def write_lc100_pair(folder: str | os.PathLike, width: int = 2000, height: int = 1500, *,
                     years: tuple[int, int] = (2015, 2019), **kwargs) -> tuple[str, str]:
    """Two years of the same landscape with LC100-style file names; returns both paths."""
    folder = Path(folder)
    paths = []
    for i, year in enumerate(years):
        name = (f"X010N50_PROBAV_LC100_global_v3.0.1_{year}-synthetic_"
                "Discrete-Classification-map_EPSG-4326.tif")
        paths.append(write_lc100(folder / name, width, height, i * (year - years[0]), **kwargs))
    return paths[0], paths[1]


if __name__ == "__main__":  # python clms_plugin/analysis/synthetic.py OUT_DIR [WIDTH HEIGHT]
    import sys

    if len(sys.argv) not in (2, 4):
        sys.exit("usage: synthetic.py OUT_DIR [WIDTH HEIGHT]")
    size = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) == 4 else (2000, 1500)
    for p in write_lc100_pair(sys.argv[1], *size):
        print(p)
