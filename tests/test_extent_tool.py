"""Drawing a data-request rectangle on a real QgsMapCanvas with real mouse events."""

from __future__ import annotations

import math

import pytest
from test_download_panel import _lc100_dataset


@pytest.fixture
def canvas(qgis_app):
    """A shown 400×300 canvas in EPSG:3857 over the Pyrenees, with the Pan tool current."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
    from qgis.gui import QgsMapCanvas, QgsMapToolPan

    c = QgsMapCanvas()
    c.resize(400, 300)
    c.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    c.show()
    c.setExtent(QgsRectangle(0, 5_000_000, 400_000, 5_300_000))  # 1000 m per pixel
    c.refresh()
    qgis_app.processEvents()
    pan = QgsMapToolPan(c)
    c.setMapTool(pan)
    c.pan_tool = pan
    yield c
    c.hide()
    c.deleteLater()


def drag(app, canvas, start, end):
    """Press, move (button held) and release on the canvas viewport, like a user."""
    from qgis.PyQt.QtCore import QEvent, QPoint, QPointF, Qt
    from qgis.PyQt.QtGui import QMouseEvent

    view = canvas.viewport()
    for kind, pos, buttons in ((QEvent.MouseButtonPress, start, Qt.LeftButton),
                               (QEvent.MouseMove, ((start[0] + end[0]) // 2,
                                                   (start[1] + end[1]) // 2), Qt.LeftButton),
                               (QEvent.MouseMove, end, Qt.LeftButton),
                               (QEvent.MouseButtonRelease, end, Qt.NoButton)):
        p = QPointF(QPoint(*pos))
        event = QMouseEvent(kind, p, view.mapToGlobal(p.toPoint()), Qt.LeftButton, buttons,
                            Qt.NoModifier)
        app.sendEvent(view, event)
        app.processEvents()


def expected_wgs84(canvas, start, end):
    """The same two pixels through the canvas's own transform, then PROJ to EPSG:4326."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsProject,
        QgsRectangle,
    )

    m2p = canvas.getCoordinateTransform()
    a, b = m2p.toMapCoordinates(*start), m2p.toMapCoordinates(*end)
    tr = QgsCoordinateTransform(canvas.mapSettings().destinationCrs(),
                                QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    return tr.transformBoundingBox(QgsRectangle(a, b))


def test_picker_returns_the_dragged_rectangle_in_wgs84(qgis_app, canvas):
    from clms_toolbox.clms_plugin.gui.extent_tool import ExtentPicker

    picker = ExtentPicker(canvas)
    got = []
    picker.picked.connect(got.append)
    picker.start()
    assert canvas.mapTool() is picker.tool
    drag(qgis_app, canvas, (100, 50), (300, 250))
    assert len(got) == 1
    rect = got[0]
    want = expected_wgs84(canvas, (100, 50), (300, 250))
    # independent of PROJ: pixel → map metres from the canvas extent, then spherical Mercator
    ext, mupp = canvas.extent(), canvas.mapUnitsPerPixel()
    for px, got_lon in ((100, rect.xMinimum()), (300, rect.xMaximum())):
        x = ext.xMinimum() + px * mupp
        assert got_lon == pytest.approx(math.degrees(x / 6378137.0), abs=1e-3)
    for g, w in zip((rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()),
                    (want.xMinimum(), want.yMinimum(), want.xMaximum(), want.yMaximum())):
        assert g == pytest.approx(w, abs=1e-9)
    assert 40.0 < rect.yMinimum() < rect.yMaximum() < 43.0  # Pyrenees latitudes
    assert canvas.mapTool() is canvas.pan_tool  # previous tool restored


def test_picker_cancel_and_tool_switch_restore_or_release(qgis_app, canvas):
    from qgis.gui import QgsMapToolZoom

    from clms_toolbox.clms_plugin.gui.extent_tool import ExtentPicker

    picker = ExtentPicker(canvas)
    cancelled = []
    picker.cancelled.connect(lambda: cancelled.append(1))
    picker.start()
    drag(qgis_app, canvas, (120, 80), (120, 80))  # a click, no rectangle: keep waiting
    assert picker.active and canvas.mapTool() is picker.tool
    picker.cancel()
    assert cancelled == [1] and canvas.mapTool() is canvas.pan_tool
    picker.start()
    zoom = QgsMapToolZoom(canvas, False)
    canvas.setMapTool(zoom)  # the user picked another tool meanwhile
    assert cancelled == [1, 1] and not picker.active and canvas.mapTool() is zoom


def test_request_dialog_draw_on_map_fills_the_bbox(qgis_app, canvas, clms_api_dir):
    from qgis.core import QgsRectangle
    from qgis.gui import QgsMapToolExtent
    from qgis.PyQt.QtCore import QTimer

    from clms_toolbox.clms_plugin.gui.downloads_panel import RequestDialog

    ds = _lc100_dataset(clms_api_dir)
    dialog = RequestDialog(ds, ds.download_information[0], QgsRectangle(-5, 40, -4, 41),
                           canvas=canvas)
    assert dialog.draw_button.isEnabled()
    steps = []

    def script():  # what a user does, each step once the UI is ready for it
        if not steps and dialog.isVisible():
            steps.append("draw")
            dialog.draw_button.click()
        elif steps == ["draw"] and isinstance(canvas.mapTool(), QgsMapToolExtent):
            steps.append("drag")
            assert not dialog.isVisible()  # the form makes room for the canvas
            drag(qgis_app, canvas, (50, 100), (350, 200))
        elif steps == ["draw", "drag"] and dialog.isVisible():
            steps.append("ok")
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(script)
    timer.start(20)
    QTimer.singleShot(15000, dialog.reject)  # never hang the suite
    accepted = dialog.run()
    timer.stop()
    assert steps == ["draw", "drag", "ok"] and accepted
    want = expected_wgs84(canvas, (50, 100), (350, 200))
    body = dialog.entry().to_json()
    assert body["BoundingBox"] == [round(want.xMinimum(), 6), round(want.yMaximum(), 6),
                                   round(want.xMaximum(), 6), round(want.yMinimum(), 6)]
    assert canvas.mapTool() is canvas.pan_tool


def test_request_form_opens_valid_on_a_world_map(qgis_app, clms_api_dir):
    """A canvas showing the world must not open the form with an impossible box: the box is
    the largest the server accepts around the map centre, and OK is enabled."""
    from qgis.core import QgsRectangle
    from qgis.PyQt.QtWidgets import QDialogButtonBox
    from test_download_panel import _lc100_dataset

    from clms_toolbox.clms_plugin.download import datarequest
    from clms_toolbox.clms_plugin.gui.request_dialog import RequestDialog

    ds = _lc100_dataset(clms_api_dir)
    dialog = RequestDialog(ds, ds.download_information[0], QgsRectangle(-180, -90, 180, 90))
    assert dialog.buttons.button(QDialogButtonBox.Ok).isEnabled(), dialog.problems.text()
    assert datarequest.server_area(dialog.box()) <= datarequest.AREA_LIMIT
    assert "reduced" in dialog.bbox_source.text() and "km²" in dialog.area.text()
    # an empty canvas (null extent) falls back to the dataset's extent
    null = RequestDialog(ds, ds.download_information[0], QgsRectangle())
    assert "dataset" in null.bbox_source.text() or "No area" in null.bbox_source.text()
    assert not null.start.isEnabled() or null.use_time.isChecked()
