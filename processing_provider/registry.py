"""Which algorithms the provider registers.

Why a list of module names with their required libraries: an algorithm whose dependency
(e.g. rasterio) is missing is not registered at all — checked *before* importing its module,
because several modules import their core lazily and would otherwise register and then fail
on the first run — with one log message instead of breaking the whole provider; nothing that
is not implemented is ever registered.
"""

from __future__ import annotations

import importlib

from ..clms_plugin.deps import has_module

RASTER = ("rasterio",)

# (module in this package, class name, Python modules it needs). One algorithm per module.
ALGORITHM_MODULES: list[tuple[str, str, tuple[str, ...]]] = [
    ("alg_decode_product", "DecodeProductAlgorithm", RASTER),
    ("alg_water_surface_change", "WaterSurfaceChangeAlgorithm", RASTER),
    ("alg_water_transitions", "WaterTransitionsAlgorithm", RASTER),
    ("alg_landcover_to_ipcc", "LandcoverToIpccAlgorithm", RASTER),
    ("alg_land_use_change", "LandUseChangeAlgorithm", RASTER),
    ("alg_sdg1531", "Sdg1531Algorithm", RASTER),
    ("alg_phenology", "PhenologyAlgorithm", RASTER),
    ("alg_land_representation", "LandRepresentationAlgorithm", RASTER),
    ("alg_zonal_time_series", "ZonalTimeSeriesAlgorithm", RASTER),
    ("alg_zonal_class_areas", "ZonalClassAreasAlgorithm", RASTER),
    ("alg_anomaly", "AnomalyAlgorithm", RASTER),
]


def algorithm_classes() -> tuple[list[type], list[str]]:
    """Import each algorithm module whose libraries are present; return the classes and one
    message per algorithm left out."""
    classes: list[type] = []
    problems: list[str] = []
    for entry in ALGORITHM_MODULES:
        module_name, class_name = entry[0], entry[1]
        requires = entry[2] if len(entry) > 2 else ()
        absent = [m for m in requires if not has_module(m)]
        if absent:
            problems.append(f"CLMS algorithm '{module_name}' is off: "
                            f"{', '.join(absent)} is not installed")
            continue
        try:
            module = importlib.import_module(f".{module_name}", __package__)
            classes.append(getattr(module, class_name))
        except ImportError as exc:  # a missing optional library disables only this algorithm
            problems.append(f"CLMS algorithm '{module_name}' is off: {exc}")
    return classes, problems
