"""Synthetic monthly surface-water series with real product encodings (QGIS-free).

Why: the demo, the benchmark and the streaming tests need many monthly maps on one grid, named
and coded like the real products (JRC GSW monthly history 0/1/2, ``…_YYYY_MM.tif``; CLMS Water
Bodies 70/255/251/0, ``c_gls_WB100_YYYYMM010000_…``), without downloading gigabytes.

The scene: a lake whose radius follows a yearly cycle (wet season in spring) and that shrinks
from epoch 1 to epoch 2, a reservoir that appears in epoch 2, a river channel that only
floods in the wet months, and clouds (no data) that are much more frequent in winter — so
occurrence computed as a plain ratio and as the GSW mean of monthly ratios differ visibly.
For CLMS WB a sea strip (code 0) runs along the left edge. Deterministic for a given seed.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..clms_plugin.analysis.water.encodings import ENCODING_BINARY, ENCODING_CLMS_WB, ENCODING_GSW

PIXEL_DEG = 0.00025  # the GSW 30 m grid step
ORIGIN = (-59.85, 8.36)  # Guyana coast, as the GSW sample clip


def _file_name(encoding: int, year: int, month: int, prefix: str) -> str:
    if encoding == ENCODING_CLMS_WB:
        return f"c_gls_WB100_{year:04d}{month:02d}010000_GLOBE_S2_V1.0.1.tif"
    return f"{prefix}{year:04d}_{month:02d}.tif"


@lru_cache(maxsize=2)
def _scene(height: int, width: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Static parts of the scene (lake distance + per-pixel noise, river distance), cached:
    writing 240 months of a 10 Mpx grid must not recompute them 240 times."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    cy, cx = height * 0.5, width * 0.55
    dist = np.hypot((yy - cy) / max(height, 1), (xx - cx) / max(width, 1))
    dist += np.random.default_rng(seed).random((height, width), dtype=np.float32) * 0.04
    river = np.abs(yy - (height * 0.3 + 0.05 * height * np.sin(xx / max(width, 1) * 6.0)))
    dist.flags.writeable = False
    river.flags.writeable = False
    return dist, river


def monthly_state(
    height: int, width: int, year: int, month: int, epoch_shrink: float, seed: int
) -> np.ndarray:
    """States 0 no data / 1 not water / 2 water of one synthetic month (uint8)."""
    dist, river = _scene(height, width, seed)
    season = math.sin(2.0 * math.pi * (month - 2) / 12.0)  # wet peak in May
    radius = 0.25 - epoch_shrink + 0.06 * season
    rng = np.random.default_rng(seed * 100_003 + year * 13 + month)
    water = dist < radius
    if season > 0.3:
        water |= river < height * 0.02
    if epoch_shrink > 0:  # a reservoir filled in the later epoch: permanent gain
        water[int(height * 0.75):int(height * 0.9), int(width * 0.1):int(width * 0.25)] = True
    cloud_p = 0.45 if month in (12, 1, 2) else 0.08
    cloud = rng.random((height, width), dtype=np.float32) < cloud_p
    state = np.where(water, 2, 1).astype(np.uint8)
    state[cloud] = 0
    return state


def _encode(state: np.ndarray, encoding: int, sea: np.ndarray | None) -> np.ndarray:
    if encoding == ENCODING_GSW:
        return state
    if encoding == ENCODING_CLMS_WB:
        out = np.select([state == 2, state == 1], [70, 255], 251).astype(np.uint8)
        if sea is not None:
            out[sea] = 0
        return out
    if encoding == ENCODING_BINARY:
        out = np.where(state == 2, 1, 0).astype(np.uint8)
        out[state == 0] = 255
        return out
    raise ValueError(f"unknown encoding {encoding}")


def write_monthly_series(
    folder: str | Path,
    years: range | list[int],
    width: int = 256,
    height: int = 256,
    encoding: int = ENCODING_GSW,
    epoch_shrink: float = 0.0,
    seed: int = 1,
    prefix: str = "GSW_monthly_",
    months: tuple[int, ...] = tuple(range(1, 13)),
) -> list[str]:
    """Write one single-band Byte GeoTIFF per (year, month); return the paths in date order.

    ``epoch_shrink`` (0–0.2) shrinks the lake: write epoch 1 with 0 and epoch 2 with e.g. 0.14
    to get a visible occurrence loss. Files are tiled 256 × 256, LZW, EPSG:4326 on the GSW
    grid step, nodata declared as the encoding's no-data code (binary: 255).
    """
    import rasterio
    from rasterio.transform import from_origin

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    transform = from_origin(ORIGIN[0], ORIGIN[1], PIXEL_DEG, PIXEL_DEG)
    nodata = {ENCODING_GSW: 0, ENCODING_CLMS_WB: 251, ENCODING_BINARY: 255}[encoding]
    sea = None
    if encoding == ENCODING_CLMS_WB:
        sea = np.zeros((height, width), dtype=bool)
        sea[:, : max(1, width // 16)] = True
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": "uint8",
        "crs": "EPSG:4326", "transform": transform, "nodata": nodata, "compress": "lzw",
    }
    if width >= 256 and height >= 256:
        profile.update(tiled=True, blockxsize=256, blockysize=256)
    paths = []
    for year in years:
        for month in months:
            state = monthly_state(height, width, year, month, epoch_shrink, seed)
            path = folder / _file_name(encoding, year, month, prefix)
            with rasterio.open(path, "w", **profile) as ds:
                ds.write(_encode(state, encoding, sea), 1)
            paths.append(str(path))
    return paths


def write_demo_epochs(folder: str | Path, width: int = 256, height: int = 256,
                      encoding: int = ENCODING_GSW) -> tuple[list[str], list[str]]:
    """Two 3-year epochs (2000–2002 and 2018–2020) for the demo: a lake that shrinks."""
    folder = Path(folder)
    e1 = write_monthly_series(folder / "epoch1", range(2000, 2003), width, height, encoding, 0.0)
    e2 = write_monthly_series(folder / "epoch2", range(2018, 2021), width, height, encoding, 0.14)
    return e1, e2


def write_yearly_classes(folder: str | Path, shrink_by_year: dict[int, float],
                         width: int = 256, height: int = 256, seed: int = 1) -> list[str]:
    """GSW yearly classifications (0 no data, 1 not water, 2 seasonal, 3 permanent) derived
    from the synthetic months of each year (``water_encodings.yearly_class``), written as
    ``yearly_classification_YYYY.tif``; returns the paths in year order."""
    import rasterio
    from rasterio.transform import from_origin

    from ..clms_plugin.analysis.water.encodings import yearly_class

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": "uint8",
        "crs": "EPSG:4326", "transform": from_origin(ORIGIN[0], ORIGIN[1], PIXEL_DEG, PIXEL_DEG),
        "nodata": 255, "compress": "lzw",
    }
    paths = []
    for year in sorted(shrink_by_year):
        water = np.zeros((height, width), np.uint8)
        valid = np.zeros((height, width), np.uint8)
        for month in range(1, 13):
            state = monthly_state(height, width, year, month, shrink_by_year[year], seed)
            water += state == 2
            valid += state > 0
        path = folder / f"yearly_classification_{year}.tif"
        with rasterio.open(path, "w", **profile) as ds:
            ds.write(yearly_class(water, valid), 1)
        paths.append(str(path))
    return paths


def demo_surface_change_inputs(data_dir: str | Path, results_dir: str | Path,
                               size: int = 512) -> dict:
    """``qgis_process run clms:watersurfacechange -`` inputs for ``make demo``: two 3-year
    epochs of GSW-coded monthly maps generated under ``data_dir``."""
    e1, e2 = write_demo_epochs(Path(data_dir) / "water_monthly", size, size)
    results = Path(results_dir)
    return {
        "EPOCH1": e1, "EPOCH2": e2, "ENCODING": 0,
        "OCCURRENCE1": str(results / "water_occurrence_2000-2002.tif"),
        "OCCURRENCE2": str(results / "water_occurrence_2018-2020.tif"),
        "CHANGE": str(results / "water_occurrence_change.tif"),
        "SEASONALITY": str(results / "water_seasonality_2020.tif"),
        "RECURRENCE": str(results / "water_recurrence.tif"),
        "AREA_TABLE": str(results / "water_change_areas.csv"),
    }


def demo_transitions_inputs(data_dir: str | Path, results_dir: str | Path,
                            size: int = 512) -> dict:
    """``qgis_process run clms:watertransitions -`` inputs for ``make demo``: yearly classes
    2000, 2010, 2020 derived from the synthetic months (lake shrinking, reservoir in 2020)."""
    years = write_yearly_classes(Path(data_dir) / "water_yearly",
                                 {2000: 0.0, 2010: 0.07, 2020: 0.14}, size, size)
    results = Path(results_dir)
    return {
        "INPUT": years,
        "OUTPUT": str(results / "water_transitions_2000-2020.tif"),
        "AREA_TABLE": str(results / "water_transitions_areas.csv"),
    }
