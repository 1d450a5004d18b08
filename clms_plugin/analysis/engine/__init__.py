"""The block engine: streaming runner, grids, cell areas, area accumulator, tables (QGIS-free).

Domain packages (landcover, phenology, water) import from here and from ``products``; the
engine imports no domain.
"""
