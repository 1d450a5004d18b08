"""Per-row cell areas for area tables (QGIS-free).

Why a module of its own: every table the toolbox writes (IPCC areas, change matrices, water
transitions) multiplies pixel counts by a cell area, and on EPSG:4326 that area shrinks with
latitude. A spherical or planar shortcut is wrong by more than 0.5 % at high latitude, so the
exact WGS84 ellipsoidal formula lives here, once.

On a geographic CRS the area of a cell between latitudes φ1 < φ2 with width Δλ (radians) is
``A = ½·b²·Δλ·[q(φ2) − q(φ1)]`` with
``q(φ) = sinφ/(1−e²sin²φ) + 1/(2e)·ln((1+e·sinφ)/(1−e·sinφ))`` (the authalic-latitude
integral; algorithms.md §1.6). The whole globe gives 510 065 621.7 km². On a projected CRS the
cell area is the pixel area ``|a·e|`` of the affine transform in CRS units² (metres assumed;
exact for equal-area projections such as EPSG:3035, planar for conformal ones such as UTM).

Public API:
    cell_areas_m2(grid, row_start, row_count) -> (areas per row [m²], method string)
    area_method(grid) -> method string only
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

WGS84_A = 6378137.0
WGS84_F = 1.0 / 298.257223563
WGS84_B = WGS84_A * (1.0 - WGS84_F)
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
WGS84_E = math.sqrt(WGS84_E2)

METHOD_ELLIPSOIDAL = "WGS84 ellipsoidal cell area (authalic latitude), per row"
METHOD_PLANAR = "projected pixel area"


def _q(phi: np.ndarray) -> np.ndarray:
    s = np.sin(phi)
    e = WGS84_E
    return s / (1.0 - WGS84_E2 * s * s) + (1.0 / (2.0 * e)) * np.log((1.0 + e * s) / (1.0 - e * s))


def ellipsoidal_band_area_m2(lat1_deg: Any, lat2_deg: Any, dlon_deg: float) -> np.ndarray:
    """Area (m²) of the WGS84 quadrangle between two latitudes spanning ``dlon_deg`` degrees."""
    p1 = np.radians(np.asarray(lat1_deg, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2_deg, dtype=np.float64))
    return 0.5 * WGS84_B**2 * math.radians(abs(dlon_deg)) * np.abs(_q(p2) - _q(p1))


def _grid_parts(grid: Any) -> tuple[Any, Any]:
    """Accept a ``blocks.Grid``, a rasterio dataset or a ``(crs, transform)`` pair."""
    if isinstance(grid, tuple):
        return grid[0], grid[1]
    return grid.crs, grid.transform


def _is_geographic(crs: Any) -> bool:
    if crs is None:
        return False
    return bool(getattr(crs, "is_geographic", False))


def area_method(grid: Any) -> str:
    """The human-readable method name written into the "area method" column of tables."""
    crs, _ = _grid_parts(grid)
    if _is_geographic(crs):
        return METHOD_ELLIPSOIDAL
    if crs is None:
        return f"{METHOD_PLANAR} (no CRS: units of the transform)"
    code = crs.to_epsg() if hasattr(crs, "to_epsg") else None
    name = f"EPSG:{code}" if code else "the raster CRS"
    return f"{METHOD_PLANAR} in {name}"


def cell_areas_m2(grid: Any, row_start: int, row_count: int) -> tuple[np.ndarray, str]:
    """Cell area for each of ``row_count`` rows starting at global row ``row_start``.

    Returns a float64 array of length ``row_count`` (m² per cell of that row) and the method
    string. Rotated transforms are refused: their cells are not lat/lon quadrangles.
    """
    crs, transform = _grid_parts(grid)
    if transform.b != 0 or transform.d != 0:
        raise ValueError("cell areas need a north-up grid (the transform is rotated)")
    if _is_geographic(crs):
        rows = np.arange(row_start, row_start + row_count, dtype=np.float64)
        top = transform.f + transform.e * rows
        bottom = top + transform.e
        top = np.clip(top, -90.0, 90.0)
        bottom = np.clip(bottom, -90.0, 90.0)
        return ellipsoidal_band_area_m2(bottom, top, transform.a), area_method(grid)
    pixel = abs(transform.a * transform.e)
    return np.full(row_count, pixel, dtype=np.float64), area_method(grid)
