"""Which algorithms the provider registers.

Why a list of module names: an algorithm whose dependency (e.g. rasterio) is missing is
skipped with one log message instead of breaking the whole provider, and nothing that is not
implemented is ever registered.
"""

from __future__ import annotations

import importlib

# (module in this package, class name). Keep one algorithm per module.
ALGORITHM_MODULES: list[tuple[str, str]] = [
    ("alg_decode_product", "DecodeProductAlgorithm"),
    ("alg_water_surface_change", "WaterSurfaceChangeAlgorithm"),
    ("alg_water_transitions", "WaterTransitionsAlgorithm"),
    ("alg_landcover_to_ipcc", "LandcoverToIpccAlgorithm"),
    ("alg_land_use_change", "LandUseChangeAlgorithm"),
    ("alg_sdg1531", "Sdg1531Algorithm"),
    ("alg_phenology", "PhenologyAlgorithm"),
    ("alg_zonal_time_series", "ZonalTimeSeriesAlgorithm"),
    ("alg_zonal_class_areas", "ZonalClassAreasAlgorithm"),
    ("alg_anomaly", "AnomalyAlgorithm"),
]


def algorithm_classes() -> tuple[list[type], list[str]]:
    """Import each algorithm module; return the classes and messages for the ones that failed."""
    classes: list[type] = []
    problems: list[str] = []
    for module_name, class_name in ALGORITHM_MODULES:
        try:
            module = importlib.import_module(f".{module_name}", __package__)
            classes.append(getattr(module, class_name))
        except ImportError as exc:  # a missing optional library disables only this algorithm
            problems.append(f"CLMS algorithm '{module_name}' is off: {exc}")
    return classes, problems
