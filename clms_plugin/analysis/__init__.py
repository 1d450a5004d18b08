"""QGIS-free core: analysis."""
