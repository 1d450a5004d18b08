"""Optional-dependency check run at plugin load.

Why: QGIS installs differ (Debian, OSGeo4W, macOS bundles) and a missing Python library must
switch off only the feature that needs it, with one message that says how to fix it, instead
of an ImportError that stops the whole plugin from loading.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class OptionalDependency:
    """A Python module some feature needs, and how users install it."""

    module: str
    feature: str
    install: str


OPTIONAL_DEPENDENCIES: tuple[OptionalDependency, ...] = (
    OptionalDependency(
        "rasterio",
        "the Processing algorithms (raster analysis) and product decoding",
        "Debian/Ubuntu: sudo apt install python3-rasterio; OSGeo4W: install the "
        "python3-rasterio package; macOS: pip install rasterio in the QGIS Python",
    ),
    OptionalDependency(
        "pystac_client",
        "the CDSE STAC catalogue (CLMS collections on the Copernicus Data Space)",
        "pip install pystac-client (in the Python that runs QGIS)",
    ),
    OptionalDependency(
        "jwt",
        "signing in with a CLMS service key",
        "Debian/Ubuntu: sudo apt install python3-jwt; elsewhere: pip install pyjwt cryptography",
    ),
)


def missing_dependencies(
    deps: tuple[OptionalDependency, ...] = OPTIONAL_DEPENDENCIES,
) -> list[OptionalDependency]:
    """Return the optional dependencies whose module cannot be found (without importing it)."""
    return [dep for dep in deps if importlib.util.find_spec(dep.module) is None]


def has_module(module: str) -> bool:
    """True when ``module`` is importable; used to decide which algorithms to register."""
    return importlib.util.find_spec(module) is not None


def missing_message(missing: list[OptionalDependency]) -> str:
    """One human message naming each disabled feature and its install command."""
    lines = ["CLMS Toolbox: some features are switched off because a Python library is missing."]
    for dep in missing:
        lines.append(f"- '{dep.module}' is missing: {dep.feature} is off. Install: {dep.install}")
    return "\n".join(lines)
