"""Footprints on the map canvas: the selected dataset's extent and STAC item footprints.

Why: a bounding box in a text panel says little; the outline on the map tells at once whether a
dataset or an item covers the area of interest. Rubber bands are canvas items, not layers, so
nothing is added to the project and they vanish when the dock forgets them.
"""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsRubberBand
from qgis.PyQt.QtGui import QColor

try:  # QGIS >= 3.30
    from qgis.core import Qgis

    _POLYGON = Qgis.GeometryType.Polygon
except AttributeError:  # pragma: no cover - older QGIS
    from qgis.core import QgsWkbTypes

    _POLYGON = QgsWkbTypes.PolygonGeometry

WGS84 = "EPSG:4326"


def geometry_from_geojson(geojson: dict | None, bbox: list[float] | None = None
                          ) -> QgsGeometry | None:
    """A polygon from a GeoJSON geometry (Polygon/MultiPolygon), else from a bbox."""
    if geojson and geojson.get("type") in ("Polygon", "MultiPolygon"):
        polys = [geojson["coordinates"]] if geojson["type"] == "Polygon" \
            else geojson["coordinates"]
        parts = [[[QgsPointXY(float(x), float(y)) for x, y, *_ in ring] for ring in poly]
                 for poly in polys]
        geom = QgsGeometry.fromMultiPolygonXY(parts)
        if not geom.isEmpty():
            return geom
    if bbox and len(bbox) >= 4:
        return QgsGeometry.fromRect(QgsRectangle(bbox[0], bbox[1], bbox[-2], bbox[-1]))
    return None


class Footprints:
    """One set of outlines on a canvas (replace, clear); colours say dataset vs items."""

    def __init__(self, canvas: QgsMapCanvas | None, colour: str = "#e8590c") -> None:
        self.canvas = canvas
        self.colour = QColor(colour)
        self._bands: list[QgsRubberBand] = []

    def show(self, geometries: list[QgsGeometry]) -> int:
        """Replace the outlines with ``geometries`` (EPSG:4326); returns how many are drawn."""
        self.clear()
        if self.canvas is None:
            return 0
        crs = QgsCoordinateReferenceSystem(WGS84)
        fill = QColor(self.colour)
        fill.setAlpha(30)
        for geom in geometries:
            if geom is None or geom.isEmpty():
                continue
            band = QgsRubberBand(self.canvas, _POLYGON)
            band.setStrokeColor(self.colour)
            band.setFillColor(fill)
            band.setWidth(2)
            band.setToGeometry(geom, crs)
            band.show()
            self._bands.append(band)
        return len(self._bands)

    def count(self) -> int:
        return len(self._bands)

    def clear(self) -> None:
        for band in self._bands:
            try:
                band.reset(_POLYGON)
                if self.canvas is not None:
                    self.canvas.scene().removeItem(band)
            except RuntimeError:  # canvas already gone at unload
                pass
        self._bands = []
