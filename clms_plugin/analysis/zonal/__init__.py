"""Zonal domain: per-zone time series, class areas per zone, anomalies (QGIS-free).

Zones arrive as WKB polygons already in the raster's CRS; exact cell coverage fractions are
computed analytically (``coverage``), once per window, and reused for every date. The
Processing glue imports the public names below; other modules are implementation.
"""

from .anomaly import METHODS, PERIODS
from .classes import ClassAccumulator
from .driver import WEIGHTINGS, ZonalResult, zonal_class_areas, zonal_time_series
from .series import Series, dated_series
from .stats import QUANTILE_BUDGET, STATISTICS

__all__ = ["METHODS", "PERIODS", "QUANTILE_BUDGET", "STATISTICS", "WEIGHTINGS",
           "ClassAccumulator", "Series", "ZonalResult", "dated_series", "zonal_class_areas",
           "zonal_time_series"]
