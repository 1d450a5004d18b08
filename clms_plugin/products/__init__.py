"""QGIS-free core: products."""
