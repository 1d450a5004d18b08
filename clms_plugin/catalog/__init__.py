"""QGIS-free core: catalog."""
