"""QGIS-free core: download."""
