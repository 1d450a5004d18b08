"""Draw a rectangle on the map canvas and get it back in EPSG:4326 (data-request areas).

Why its own file: the request dialog must not know about map tools. :class:`ExtentPicker`
borrows the canvas for one rectangle (QGIS's own ``QgsMapToolExtent`` rubber band), converts
the result from the canvas CRS to EPSG:4326 (what the CLMS API reads, clms_api.md §1.7) and
gives the canvas back its previous map tool, whether the user finished, switched tools or the
pick was cancelled.
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsRectangle,
)
from qgis.gui import QgsMapCanvas, QgsMapToolExtent
from qgis.PyQt.QtCore import QEventLoop, QObject, pyqtSignal

WGS84 = "EPSG:4326"


def to_wgs84(rect: QgsRectangle, crs: QgsCoordinateReferenceSystem,
             project: QgsProject | None = None) -> QgsRectangle:
    """``rect`` (in ``crs``) as an EPSG:4326 bounding box (densified edges, so a projected
    rectangle's curved sides are fully inside the result)."""
    wgs84 = QgsCoordinateReferenceSystem(WGS84)
    if not crs.isValid() or crs == wgs84:
        return QgsRectangle(rect)
    transform = QgsCoordinateTransform(crs, wgs84, project or QgsProject.instance())
    return transform.transformBoundingBox(rect)


class ExtentPicker(QObject):
    """One rectangle drawn on ``canvas``; emits :attr:`picked` (EPSG:4326) or :attr:`cancelled`."""

    picked = pyqtSignal(QgsRectangle)
    cancelled = pyqtSignal()

    def __init__(self, canvas: QgsMapCanvas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.tool = QgsMapToolExtent(canvas)
        self.tool.extentChanged.connect(self._on_extent)
        self.tool.deactivated.connect(self._on_deactivated)
        self._previous = None
        self._active = False
        self.result: QgsRectangle | None = None

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        """Make the rectangle tool current, remembering the tool it replaces."""
        self.result = None
        current = self.canvas.mapTool()
        self._previous = current if current is not self.tool else self._previous
        self._active = True
        self.tool.clearRubberBand()
        self.canvas.setMapTool(self.tool)

    def cancel(self) -> None:
        """Stop without a rectangle (the previous tool comes back)."""
        if self._active:
            self._finish()
            self.cancelled.emit()

    def pick(self) -> QgsRectangle | None:
        """Start and wait (the event loop keeps running) until a rectangle is drawn or the
        pick is cancelled; the EPSG:4326 rectangle or ``None``."""
        loop = QEventLoop()
        self.picked.connect(loop.quit)
        self.cancelled.connect(loop.quit)
        self.start()
        if self._active:
            loop.exec()
        self.picked.disconnect(loop.quit)
        self.cancelled.disconnect(loop.quit)
        return self.result

    def _on_extent(self, rect: QgsRectangle) -> None:
        if not self._active or rect.isEmpty():
            return  # a click without a drag: keep waiting for a real rectangle
        crs = self.canvas.mapSettings().destinationCrs()
        self.result = to_wgs84(rect, crs)
        self._finish()
        self.picked.emit(self.result)

    def _on_deactivated(self) -> None:
        # the user chose another map tool while we waited: give up quietly
        if self._active:
            self._active = False
            self._previous = None
            self.tool.clearRubberBand()
            self.cancelled.emit()

    def _finish(self) -> None:
        self._active = False
        self.tool.clearRubberBand()
        previous, self._previous = self._previous, None
        if previous is not None:
            self.canvas.setMapTool(previous)
        else:
            self.canvas.unsetMapTool(self.tool)
