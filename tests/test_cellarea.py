"""Ellipsoidal cell areas: formula vs an independent numerical integration and known totals."""

from __future__ import annotations

import math

import numpy as np
from affine import Affine
from rasterio.crs import CRS

from clms_toolbox.clms_plugin.analysis.engine import cellarea

A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)


def _integrated_area(lat1: float, lat2: float, dlon: float, n: int = 20001) -> float:
    """∫∫ M(φ)·N(φ)·cosφ dφ dλ by Simpson's rule: independent of the q(φ) closed form."""
    phi = np.linspace(math.radians(lat1), math.radians(lat2), n)
    w = 1 - E2 * np.sin(phi) ** 2
    m = A * (1 - E2) / w**1.5
    nn = A / np.sqrt(w)
    f = m * nn * np.cos(phi)
    h = (phi[-1] - phi[0]) / (n - 1)
    simpson = h / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())
    return simpson * math.radians(dlon)


def test_whole_globe_matches_wgs84_total():
    total = cellarea.ellipsoidal_band_area_m2(-90.0, 90.0, 360.0)
    assert abs(float(total) / 1e6 - 510_065_621.7) < 1.0


def test_high_latitude_cells_match_integration_and_beat_sphere_by_half_percent():
    # 0.5° rows between 70° and 72° N, 0.5° wide, on EPSG:4326.
    grid = (CRS.from_epsg(4326), Affine(0.5, 0, 10.0, 0, -0.5, 72.0))
    areas, method = cellarea.cell_areas_m2(grid, 0, 4)
    assert "ellipsoidal" in method
    for i, a in enumerate(areas):
        top = 72.0 - 0.5 * i
        ref = _integrated_area(top - 0.5, top, 0.5)
        assert abs(a - ref) / ref < 1e-9
        # A sphere of the mean radius R1 = (2a+b)/3 (the usual "6371 km" shortcut).
        r = (2 * A + A * (1 - F)) / 3
        sphere = r * r * math.radians(0.5) * (
            math.sin(math.radians(top)) - math.sin(math.radians(top - 0.5)))
        assert abs(sphere - a) / a > 0.005
    # Rows shrink poleward.
    assert np.all(np.diff(areas) > 0)  # row 0 is the northernmost


def test_lc100_pixel_area_near_equator_is_about_one_hectare():
    # LC100 grid (1/1008°) at 18.6° N: ~ 110.3 km per degree of latitude → ~1.03 ha.
    grid = (CRS.from_epsg(4326), Affine(1 / 1008, 0, -71.8, 0, -1 / 1008, 18.7))
    areas, _ = cellarea.cell_areas_m2(grid, 0, 1)
    ref = _integrated_area(18.7 - 1 / 1008, 18.7, 1 / 1008, n=101)
    assert abs(areas[0] - ref) / ref < 1e-7
    assert 10_000 < areas[0] < 11_500


def test_projected_grid_uses_pixel_area():
    grid = (CRS.from_epsg(3035), Affine(100, 0, 4e6, 0, -100, 3e6))
    areas, method = cellarea.cell_areas_m2(grid, 10, 3)
    assert np.all(areas == 10_000.0)
    assert "EPSG:3035" in method and "projected" in method
