"""Displacement time series of one EGMS point: a plot window, a map tool and the entry point of
the layer action shown in the identify results.

Why painted with QPainter: the plot needs a line, dots, a zero line and date / mm axes — a
few dozen lines of drawing — and QtCharts / matplotlib are not guaranteed in every QGIS
install. The series comes from the feature's ``YYYYMMDD`` attributes (``products.egms``).
"""

from __future__ import annotations

import datetime as dt
import math

from qgis.core import QgsFeature, QgsMapLayer, QgsProject, QgsVectorLayer
from qgis.gui import QgsMapCanvas, QgsMapToolIdentifyFeature
from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from qgis.PyQt.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ..products import egms

_OPEN: dict[str, SeriesDialog] = {}


def _nice_step(span: float, target: int = 6) -> float:
    raw = span / max(target, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for mult in (1, 2, 2.5, 5, 10):
        if mult * power >= raw:
            return mult * power
    return 10 * power


def date_ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """x-axis ticks: 1 January over several years, the 1st of months over a few months,
    else about six evenly spaced days."""
    span = (last - first).days
    if span > 2 * 365:
        days = [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)]
        return [(d, str(d.year)) for d in days if first <= d <= last]
    if span > 75:
        step = max(1, round(span / 30.4 / 6))
        out, y, m = [], first.year, first.month
        while dt.date(y, m, 1) <= last:
            if dt.date(y, m, 1) >= first and (m - 1) % step == 0:
                out.append((dt.date(y, m, 1), f"{y}-{m:02d}"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    step = max(1, span // 6)
    return [(first + dt.timedelta(days=k), (first + dt.timedelta(days=k)).isoformat())
            for k in range(0, span + 1, step)]


class SeriesPlot(QWidget):
    """Line + dots of (date, value) pairs with labelled axes."""

    MARGIN = (64, 30, 20, 44)  # left, top, right, bottom

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clmsEgmsPlot")
        self.points: list[tuple[dt.date, float]] = []
        self.title = ""
        self.unit = "mm"
        self.setMinimumSize(420, 260)
        self.setAutoFillBackground(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(640, 360)

    def set_series(self, points: list[tuple[dt.date, float]], title: str = "",
                   unit: str = "mm") -> None:
        self.points, self.title, self.unit = list(points), title, unit
        self.update()

    # -- geometry ---------------------------------------------------------------------------
    def _ranges(self) -> tuple[float, float, float, float]:
        xs = [d.toordinal() for d, _ in self.points]
        ys = [v for _, v in self.points] + [0.0]
        x0, x1 = min(xs), max(xs)
        if x0 == x1:
            x0, x1 = x0 - 1, x1 + 1
        step = _nice_step(max(ys) - min(ys) or 1.0)
        return x0, x1, math.floor(min(ys) / step) * step, math.ceil(max(ys) / step) * step

    def to_screen(self, day: dt.date, value: float) -> QPointF:
        """Widget coordinates of a data point (also used by tests)."""
        left, top, right, bottom = self.MARGIN
        x0, x1, y0, y1 = self._ranges()
        w = self.width() - left - right
        h = self.height() - top - bottom
        x = left + (day.toordinal() - x0) / (x1 - x0) * w
        y = top + (y1 - value) / ((y1 - y0) or 1.0) * h
        return QPointF(x, y)

    # -- drawing ----------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        left, top, right, bottom = self.MARGIN
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        painter.setPen(QPen(QColor("#202020")))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(0, 4, self.width(), top - 6), Qt.AlignCenter, self.title)
        painter.setFont(self.font())
        if not self.points:
            painter.drawText(plot, Qt.AlignCenter, "No displacement values for this point")
            painter.end()
            return
        x0, x1, y0, y1 = self._ranges()
        step = _nice_step(y1 - y0 or 1.0)
        grid = QPen(QColor("#dddddd"))
        value = y0
        while value <= y1 + step / 2:  # horizontal grid + y labels
            y = self.to_screen(self.points[0][0], value).y()
            painter.setPen(QPen(QColor("#888888"), 1.2) if abs(value) < 1e-9 else grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QPen(QColor("#202020")))
            painter.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignRight | Qt.AlignVCenter,
                             f"{value:g}")
            value += step
        first, last = dt.date.fromordinal(x0), dt.date.fromordinal(x1)
        for day, label in date_ticks(first, last):
            x = self.to_screen(day, y0).x()
            painter.setPen(grid)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(QPen(QColor("#202020")))
            painter.drawText(QRectF(x - 40, plot.bottom() + 4, 80, 16), Qt.AlignCenter,
                             label)
        painter.drawRect(plot)
        painter.drawText(QRectF(0, self.height() - 18, self.width(), 16), Qt.AlignCenter,
                         "date")
        painter.save()
        painter.translate(12, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-80, -10, 160, 20), Qt.AlignCenter,
                         f"displacement ({self.unit})")
        painter.restore()
        path = QPainterPath()
        for i, (day, val) in enumerate(self.points):
            p = self.to_screen(day, val)
            path.moveTo(p) if i == 0 else path.lineTo(p)
        painter.setPen(QPen(QColor("#1f5fa8"), 1.6))
        painter.drawPath(path)
        painter.setBrush(QColor("#1f5fa8"))
        for day, val in self.points:
            painter.drawEllipse(self.to_screen(day, val), 2.5, 2.5)
        painter.end()


class SeriesDialog(QDialog):
    """A non-modal window with the plot and the point's key figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clmsEgmsSeriesDialog")
        self.setWindowTitle("EGMS displacement time series")
        layout = QVBoxLayout(self)
        self.info = QLabel(self)
        self.info.setObjectName("clmsEgmsSeriesInfo")
        self.plot = SeriesPlot(self)
        layout.addWidget(self.info)
        layout.addWidget(self.plot, 1)
        self.resize(680, 420)

    def show_feature(self, layer: QgsVectorLayer, feature: QgsFeature) -> None:
        names = layer.fields().names()
        attrs = dict(zip(names, feature.attributes()))
        points = egms.series(attrs)
        pid = attrs.get("pid", feature.id())
        velocity = attrs.get(egms.VELOCITY)
        self.plot.set_series(points, f"EGMS point {pid}")
        extra = f" · mean velocity {float(velocity):.2f} mm/year" if velocity not in (
            None, "") else ""
        self.info.setText(f"{layer.name()} · point {pid}{extra} · {len(points)} acquisitions")


def show_feature(layer_id: str, fid: int, parent: QWidget | None = None) -> SeriesDialog:
    """Entry point of the layer action: plot feature ``fid`` of layer ``layer_id``."""
    layer = QgsProject.instance().mapLayer(layer_id)
    if not isinstance(layer, QgsVectorLayer):
        raise ValueError(f"no vector layer with id {layer_id}")
    feature = layer.getFeature(int(fid))
    if parent is None:
        try:
            from qgis.utils import iface

            parent = iface.mainWindow() if iface is not None else None
        except ImportError:  # pragma: no cover - outside QGIS
            parent = None
    dialog = _OPEN.get(layer_id)
    if dialog is None:
        dialog = SeriesDialog(parent)
        _OPEN[layer_id] = dialog
        dialog.finished.connect(lambda _r: _OPEN.pop(layer_id, None))
    dialog.show_feature(layer, feature)
    dialog.show()
    dialog.raise_()
    return dialog


class EgmsPointTool(QgsMapToolIdentifyFeature):
    """Map tool: click an EGMS point to see its displacement series."""

    def __init__(self, canvas: QgsMapCanvas, layer: QgsMapLayer) -> None:
        super().__init__(canvas, layer)
        self.layer = layer
        self.dialog: SeriesDialog | None = None
        self.featureIdentified.connect(self._identified)

    def _identified(self, feature: QgsFeature) -> None:
        self.dialog = show_feature(self.layer.id(), feature.id(), self.canvas().window())
