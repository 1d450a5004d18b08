"""Synthetic vegetation time series with known phenology (tests, benchmark, demo; QGIS-free).

Why: exact phenology answers exist only for analytic curves. The Beck et al. (2006) double
logistic ``y(t) = mn + (mx − mn)·[1/(1+e^(−rsp(t−sos))) + 1/(1+e^(rau(t−eos))) − 1]`` has
closed-form threshold crossings when the two limbs are well separated
(``t_start(p) = sos + ln(p/(1−p))/rsp``, ``t_end(p) = eos + ln((1−p)/p)/rau``;
``../shared/reference/algorithms.md`` §2.5). This module builds such series — one or two
seasons a year, optional noise and CGLS NDVI 300 m flags — as arrays or as a folder of
``c_gls_NDVI300_<YYYYMMDD>0000_GLOBE_OLCI_V2.0.1.tif`` files (real product naming and DN
encoding: NDVI = DN × 0.004 − 0.08, flags 251–255) so the whole chain including date parsing
and decoding can be exercised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np

NDVI_SCALE, NDVI_OFFSET = 0.004, -0.08


def beck(t: np.ndarray, mn: float, mx: float, sos: float, rsp: float, eos: float,
         rau: float) -> np.ndarray:
    """Beck double logistic evaluated at ``t`` (days)."""
    t = np.asarray(t, dtype=np.float64)
    return mn + (mx - mn) * (1.0 / (1.0 + np.exp(-rsp * (t - sos)))
                             + 1.0 / (1.0 + np.exp(rau * (t - eos))) - 1.0)


def dekad_dates(first_year: int, last_year: int) -> list[dt.date]:
    """Dekad start dates (1st, 11th, 21st of each month), as in CGLS NDVI file names."""
    return [dt.date(y, m, d) for y in range(first_year, last_year + 1) for m in range(1, 13)
            for d in (1, 11, 21)]


def seasonal_series(t: np.ndarray, seasons: Sequence[tuple[float, float, float, float]],
                    mn: float = 0.2, mx: float = 0.8) -> np.ndarray:
    """Sum of Beck seasons ``(sos, rsp, eos, rau)`` above a common base ``mn`` at times ``t``."""
    y = np.full(np.shape(t), mn, dtype=np.float64)
    for sos, rsp, eos, rau in seasons:
        y += beck(t, mn, mx, sos, rsp, eos, rau) - mn
    return y


def synthetic_cube(t: np.ndarray, n_pixels: int, *, seed: int = 0, noise: float = 0.0,
                   flag_fraction: float = 0.0, two_season_fraction: float = 0.3,
                   years: Sequence[int] = (0,)) -> tuple[np.ndarray, np.ndarray]:
    """NDVI cube ``(time, pixels)`` (NaN where flagged) and a per-pixel "two seasons" flag.

    ``t`` are days since 1 January of the middle year; every pixel has a season each year in
    ``years`` (offsets in years from that middle year), with pixel-random timing (±20 days)
    and slopes; a share of pixels gets a second (spring + autumn) season each year. Gaussian
    noise of sd ``noise`` is added and ``flag_fraction`` of observations are flagged.
    """
    rng = np.random.default_rng(seed)
    t = np.asarray(t, dtype=np.float64)[:, None]
    shift = rng.uniform(-20, 20, n_pixels)
    rsp = rng.uniform(0.06, 0.12, n_pixels)
    rau = rng.uniform(0.05, 0.10, n_pixels)
    mn = rng.uniform(0.15, 0.25, n_pixels)
    mx = rng.uniform(0.65, 0.85, n_pixels)
    two = rng.random(n_pixels) < two_season_fraction
    y = np.repeat(mn[None, :], t.shape[0], axis=0)
    for yoff in years:
        off = 365.25 * yoff
        one_s, one_e = 120 + shift + off, 200 + shift + off
        y += np.where(two, 0.0, beck(t, mn, mx, one_s, rsp, one_e, rau) - mn)
        s1 = beck(t, mn, mx, 60 + shift + off, rsp, 125 + shift + off, rau) - mn
        s2 = 0.8 * (beck(t, mn, mx, 220 + shift + off, rsp, 285 + shift + off, rau) - mn)
        y += np.where(two, s1 + s2, 0.0)
    if noise:
        y = y + rng.normal(0.0, noise, y.shape)
    if flag_fraction:
        y[rng.random(y.shape) < flag_fraction] = np.nan
    return y.astype(np.float32), two


def to_ndvi300_dn(values: np.ndarray, seed: int = 0) -> np.ndarray:
    """Encode NDVI as CGLS NDVI 300 m DN (uint8); NaN becomes a random flag 251–254."""
    rng = np.random.default_rng(seed)
    dn = np.clip(np.rint((np.nan_to_num(values) - NDVI_OFFSET) / NDVI_SCALE), 0, 250)
    flags = rng.integers(251, 255, size=np.shape(values))
    return np.where(np.isnan(values), flags, dn).astype(np.uint8)


def write_ndvi300_stack(folder: str | Path, first_year: int = 2018, last_year: int = 2020,
                        shape: tuple[int, int] = (64, 64), *, seed: int = 0,
                        noise: float = 0.02, flag_fraction: float = 0.1) -> list[Path]:
    """Write one ``c_gls_NDVI300_…tif`` per dekad of ``first_year..last_year`` (uint8 DN).

    The grid is a real-looking NDVI 300 m grid (EPSG:4326, 1/336° pixels) in Spain; the
    middle year carries the reference seasons (see :func:`synthetic_cube`), every year has
    seasons so the middle year has a buffer on both sides. Returns the file paths in date
    order. Needs rasterio.
    """
    import rasterio
    from rasterio.transform import from_origin

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dates = dekad_dates(first_year, last_year)
    mid = (first_year + last_year) // 2
    t = np.array([(d - dt.date(mid, 1, 1)).days for d in dates], dtype=np.float64)
    h, w = shape
    years = range(first_year - mid, last_year - mid + 1)
    cube, _ = synthetic_cube(t, h * w, seed=seed, noise=noise, flag_fraction=flag_fraction,
                             years=years)
    dn = to_ndvi300_dn(cube, seed=seed + 1).reshape(len(dates), h, w)
    transform = from_origin(-4.0, 41.0, 1 / 336, 1 / 336)
    paths = []
    for i, d in enumerate(dates):
        path = folder / f"c_gls_NDVI300_{d:%Y%m%d}0000_GLOBE_OLCI_V2.0.1.tif"
        with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=1,
                           dtype="uint8", crs="EPSG:4326", transform=transform, nodata=255,
                           tiled=True, blockxsize=256 if w >= 256 else 16 * (w // 16 or 1),
                           blockysize=256 if h >= 256 else 16 * (h // 16 or 1),
                           compress="deflate") as ds:
            ds.write(dn[i], 1)
        paths.append(path)
    return paths


def write_ndvi300_multiband(path: str | Path, first_year: int = 2018, last_year: int = 2020,
                            shape: tuple[int, int] = (200, 200), *, seed: int = 0,
                            noise: float = 0.02, flag_fraction: float = 0.1) -> list[dt.date]:
    """One multiband uint8 NDVI 300 m DN GeoTIFF, a band per dekad with a ``DATE`` tag.

    Written in row strips, so memory stays flat whatever ``shape`` (used by the benchmark at
    1 000 × 1 000 px and by the demo). Returns the band dates. Needs rasterio.
    """
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    dates = dekad_dates(first_year, last_year)
    mid = (first_year + last_year) // 2
    t = np.array([(d - dt.date(mid, 1, 1)).days for d in dates], dtype=np.float64)
    h, w = shape
    years = range(first_year - mid, last_year - mid + 1)
    strip = max(1, min(h, 200_000 // max(w, 1)))
    tile = 256 if min(h, w) >= 256 else 16 * max(1, min(h, w) // 16)
    with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=len(dates),
                       dtype="uint8", crs="EPSG:4326",
                       transform=from_origin(-4.0, 41.0, 1 / 336, 1 / 336), nodata=255,
                       tiled=True, blockxsize=tile, blockysize=tile, compress="deflate",
                       interleave="pixel") as ds:
        for i, row in enumerate(range(0, h, strip)):
            n = min(strip, h - row)
            cube, _ = synthetic_cube(t, n * w, seed=seed + i, noise=noise,
                                     flag_fraction=flag_fraction, years=years)
            dn = to_ndvi300_dn(cube, seed=seed + i).reshape(len(dates), n, w)
            ds.write(dn, window=Window(0, row, w, n))
        for b, d in enumerate(dates, start=1):
            ds.update_tags(b, DATE=d.isoformat())
            ds.set_band_description(b, f"NDVI {d.isoformat()}")
    return dates
