"""The custom-extraction form: area, time, format, CRS, layer — opened *valid*.

Why this shape: a form that opens with an impossible box (the empty canvas's null extent) and a
disabled OK leaves new users stuck. The area defaults to the canvas extent in EPSG:4326 when it
is a real one, else the dataset's extent, else an empty box the user must draw; *Extent from
layer* uses any project layer; the box's area and the server's limit are shown in km²; the date
fields follow the time-filter switch; a NUTS code is completed and checked against the known
codes. Problems found by :func:`datarequest.validate` (the server's own rules) are listed live
and keep OK disabled, so a request is only posted when the server can accept it.
"""

from __future__ import annotations

import datetime as dt
import math

from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QCoreApplication, QDate, Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QRadioButton,
    QToolButton,
)

from ..catalog import nuts
from ..download import datarequest
from .extent_tool import ExtentPicker, to_wgs84

AUTHALIC_RADIUS_KM = 6371.0072  # WGS84 authalic sphere: equal-area, good to ~0.1 %


def tr(text: str) -> str:
    return QCoreApplication.translate("RequestDialog", text)


def box_area_km2(west: float, south: float, east: float, north: float) -> float:
    """Area of a lon/lat box on the WGS84 authalic sphere (km²)."""
    if east <= west or north <= south:
        return 0.0
    lat = math.radians
    return (AUTHALIC_RADIUS_KM ** 2 * math.radians(east - west)
            * abs(math.sin(lat(north)) - math.sin(lat(south))))


def usable_extent(rect: QgsRectangle | None) -> QgsRectangle | None:
    """``rect`` if it is a real EPSG:4326 box (not null/empty, west < east, inside the world)."""
    if rect is None or rect.isNull() or rect.isEmpty():
        return None
    w, s, e, n = rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90) or any(map(math.isnan, (w, s, e, n))):
        return None
    return rect


def fit_to_limit(rect: QgsRectangle) -> QgsRectangle:
    """``rect`` if the server accepts its size, else the largest box of the same shape around
    its centre that it accepts (bisection on the server's own measure)."""
    box = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
    if datarequest.server_area(box) <= datarequest.AREA_LIMIT:
        return rect
    cx, cy = rect.center().x(), rect.center().y()
    hw, hh = rect.width() / 2, rect.height() / 2

    def scaled(f: float) -> tuple[float, float, float, float]:
        # rounded inwards to the form's 6 decimals: what is checked is what is shown and sent
        return (math.ceil(max(-180.0, cx - f * hw) * 1e6) / 1e6,
                math.ceil(max(-90.0, cy - f * hh) * 1e6) / 1e6,
                math.floor(min(180.0, cx + f * hw) * 1e6) / 1e6,
                math.floor(min(90.0, cy + f * hh) * 1e6) / 1e6)

    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if datarequest.server_area(scaled(mid)) <= datarequest.AREA_LIMIT:
            lo = mid
        else:
            hi = mid
    return QgsRectangle(*scaled(lo))


def fmt_km2(value: float) -> str:
    return f"{value:,.0f} km²" if value >= 10 else f"{value:.2f} km²"


class RequestDialog(QDialog):
    """Custom extraction form; with a map ``canvas``, *Draw on map* hides the form while the
    user drags a rectangle (see :meth:`run`)."""

    DRAW = 2  # exec() result: the user asked to draw the area on the map

    def __init__(self, dataset, info, extent_wgs84: QgsRectangle | None = None,
                 conversion_table: dict | None = None, parent=None, canvas=None,
                 project: QgsProject | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.project = project or QgsProject.instance()
        self.setObjectName("clmsRequestDialog")
        self.setWindowTitle(tr("Request: %1").replace("%1", dataset.title))
        self.dataset, self.info = dataset, info
        self.rules = datarequest.DatasetRules.from_dataset(
            dataset.raw or {"UID": dataset.uid}, info.id,
            projections=list(dict.fromkeys(list(datarequest.DEFAULT_PROJECTIONS)
                                           + [c for c in dataset.crs if c.startswith("EPSG:")])))
        if not dataset.raw:
            self.rules = datarequest.DatasetRules(
                dataset.uid, full_format=info.full_format or "Geotiff",
                full_source=info.full_source or "EEA", layers=tuple(info.layers),
                projections=self.rules.projections)
        self.table = conversion_table
        self.setMinimumWidth(480)  # wide enough that the wrapped notes keep their lines
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.use_bbox = QRadioButton(tr("Rectangle (EPSG:4326)"), self)
        self.use_nuts = QRadioButton(tr("NUTS or country code"), self)
        self.use_bbox.setChecked(True)
        self.bbox: list[QDoubleSpinBox] = []
        grid = QGridLayout()
        for n, (label, lo, hi) in enumerate((("W", -180, 180), ("S", -90, 90),
                                             ("E", -180, 180), ("N", -90, 90))):
            spin = QDoubleSpinBox(self)
            spin.setDecimals(6)
            spin.setRange(lo, hi)
            spin.setValue(0.0)
            spin.setPrefix(f"{label} ")
            spin.valueChanged.connect(self._validate)
            grid.addWidget(spin, n // 2, n % 2)
            self.bbox.append(spin)
        self.bbox_source = QLabel(self)
        self.bbox_source.setObjectName("clmsRequestBoxSource")
        self.bbox_source.setWordWrap(True)
        tools = QHBoxLayout()
        self.draw_button = QPushButton(tr("Draw on map"), self)
        self.draw_button.setObjectName("clmsRequestDraw")
        self.draw_button.setToolTip(tr("Drag a rectangle on the map canvas; it replaces the "
                                       "bounding box (converted to EPSG:4326)"))
        self.draw_button.setEnabled(canvas is not None)
        self.draw_button.clicked.connect(lambda: self.done(self.DRAW))
        self.layer_button = QToolButton(self)
        self.layer_button.setObjectName("clmsRequestFromLayer")
        self.layer_button.setText(tr("Extent from layer"))
        self.layer_button.setPopupMode(QToolButton.InstantPopup)
        self.layer_menu = QMenu(self.layer_button)
        self.layer_menu.aboutToShow.connect(self._fill_layer_menu)
        self.layer_button.setMenu(self.layer_menu)
        tools.addWidget(self.draw_button)
        tools.addWidget(self.layer_button)
        tools.addStretch(1)
        self.area = QLabel(self)
        self.area.setObjectName("clmsRequestArea")
        self.area.setWordWrap(True)
        self.nuts = QLineEdit(self)
        self.nuts.setObjectName("clmsRequestNuts")
        self.nuts.setPlaceholderText(tr("e.g. ITC11, ES, EC"))
        codes = nuts.known_codes()
        completer = QCompleter([f"{c} — {name}" for c, name in codes.items()], self)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        completer.activated.connect(lambda text: self.nuts.setText(text.split(" — ")[0]))
        self.nuts.setCompleter(completer)
        self.nuts.textChanged.connect(self._validate)
        self.nuts.textEdited.connect(lambda _t: self.use_nuts.setChecked(True))
        self.use_time = QCheckBox(tr("Time filter"), self)
        self.use_time.setObjectName("clmsRequestTime")
        self.use_time.setChecked(self.rules.is_time_series)
        self.start = QDateEdit(QDate.currentDate().addDays(-30), self)
        self.end = QDateEdit(QDate.currentDate(), self)
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.dateChanged.connect(self._validate)
        self.use_time.toggled.connect(self._time_toggled)
        self.format = QComboBox(self)
        table = datarequest._normalise_table(conversion_table)
        self.format.addItems(list(table.get(self.rules.full_format, (self.rules.full_format,))))
        self.crs = QComboBox(self)
        self.crs.addItems(list(self.rules.projections))
        self.layer = QComboBox(self)
        self.layer.addItems(["ALL BANDS"] + list(self.rules.layers))
        self.layer.setEnabled(bool(self.rules.layers))
        self.problems = QLabel(self)
        self.problems.setObjectName("clmsRequestProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a4262c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText(tr("Request"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for w in (self.use_bbox, self.use_nuts):
            w.toggled.connect(self._validate)
        for w in (self.format, self.crs, self.layer):
            w.currentIndexChanged.connect(self._validate)
        form.addRow(self.use_bbox)
        form.addRow(grid)
        form.addRow(tools)
        form.addRow(self.bbox_source)
        form.addRow(self.area)
        form.addRow(self.use_nuts, self.nuts)
        form.addRow(self.use_time)
        form.addRow(tr("From"), self.start)
        form.addRow(tr("To"), self.end)
        form.addRow(tr("Output format"), self.format)
        form.addRow(tr("Output CRS"), self.crs)
        form.addRow(tr("Layer"), self.layer)
        form.addRow(self.problems)
        form.addRow(self.buttons)
        self._prefill(extent_wgs84)
        self._time_toggled(self.use_time.isChecked())
        self._validate()
        self.resize(520, self.sizeHint().height())

    # -- area ---------------------------------------------------------------------------------
    def _prefill(self, canvas_extent: QgsRectangle | None) -> None:
        """Canvas extent if real, else the dataset's extent, else an empty box to draw."""
        rect = usable_extent(canvas_extent)
        if rect is not None:
            fitted = fit_to_limit(rect)
            if fitted is rect:
                self.set_extent(rect, tr("From the map extent."))
            else:
                self.set_extent(fitted, tr("From the map extent, reduced around its centre "
                                           "to the largest box the server accepts. Draw or "
                                           "pick another area if you need a different one."))
            return
        b = self.dataset.bbox
        rect = usable_extent(QgsRectangle(b.west, b.south, b.east, b.north)) if b else None
        if rect is not None:
            self.set_extent(fit_to_limit(rect), tr(
                "From the dataset's extent (the map shows no usable area), reduced to what "
                "the server accepts if needed. Draw or pick your own area."))
            return
        self.bbox_source.setText(tr("No area yet: draw a rectangle on the map, take the extent "
                                    "of a layer, or type the box."))

    def set_extent(self, rect: QgsRectangle, source: str = "") -> None:
        for spin, value in zip(self.bbox, (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(),
                                           rect.yMaximum())):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.use_bbox.setChecked(True)
        if source:
            self.bbox_source.setText(source)
        self._validate()

    def _fill_layer_menu(self) -> None:
        self.layer_menu.clear()
        layers = sorted(self.project.mapLayers().values(), key=lambda lyr: lyr.name().lower())
        if not layers:
            self.layer_menu.addAction(tr("No layer in the project")).setEnabled(False)
        for lyr in layers:
            self.layer_menu.addAction(lyr.name(), lambda lyr=lyr: self.extent_from_layer(lyr))

    def extent_from_layer(self, layer) -> bool:
        rect = usable_extent(to_wgs84(layer.extent(), layer.crs())
                             if layer.crs().isValid() else None)
        if rect is None:
            self.bbox_source.setText(tr("The layer %1 has no usable extent.").replace(
                "%1", layer.name()))
            return False
        self.set_extent(rect, tr("From the extent of layer %1.").replace("%1", layer.name()))
        return True

    def box(self) -> tuple[float, float, float, float]:
        return tuple(s.value() for s in self.bbox)  # type: ignore[return-value]

    def _time_toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self._validate()

    def run(self) -> bool:
        """Show the form modally; "Draw on map" closes it for one rectangle on the canvas
        (the form would block the canvas) and reopens it with the drawn box. True on OK."""
        while True:
            result = self.exec()
            if result != self.DRAW:
                return result == QDialog.Accepted
            rect = ExtentPicker(self.canvas, self).pick()
            if rect is not None:
                self.set_extent(rect, tr("Drawn on the map."))

    def entry(self) -> datarequest.CustomExtraction:
        def day(w: QDateEdit) -> dt.date:
            d = w.date()
            return dt.date(d.year(), d.month(), d.day())

        timed = self.use_time.isChecked()
        return datarequest.CustomExtraction(
            self.dataset.uid, self.info.id, self.format.currentText(), self.crs.currentText(),
            bbox=self.box() if self.use_bbox.isChecked() else None,
            nuts=self.nuts.text().strip().upper() or None if self.use_nuts.isChecked() else None,
            start=day(self.start) if timed else None, end=day(self.end) if timed else None,
            layer=self.layer.currentText() if self.rules.layers else None)

    def _area_text(self) -> str:
        w, s, e, n = self.box()
        if not (w < e and s < n):
            return ""
        limit_km2 = datarequest.AREA_LIMIT / 1e6
        server_km2 = datarequest.server_area((w, s, e, n)) / 1e6
        return tr("Box: %1 · server limit %2 (its measure of this box: %3)").replace(
                  "%1", fmt_km2(
                      box_area_km2(w, s, e, n))).replace("%2", fmt_km2(limit_km2)).replace(
                      "%3", fmt_km2(server_km2))

    def _validate(self, *_args) -> list[str]:
        if not hasattr(self, "buttons"):  # signals fired while the form is being built
            return []
        self.area.setText(self._area_text() if self.use_bbox.isChecked() else "")
        entry = self.entry()
        problems = []
        if self.use_nuts.isChecked():
            problem = nuts.check(self.nuts.text())
            if problem:
                problems.append(problem)
            entry.nuts = entry.nuts if not problem else None
        for p in datarequest.validate([entry], {self.dataset.uid: self.rules}, self.table):
            p = p.removeprefix("item 1: ")
            if p.startswith("the bounding box is too big"):
                w, s, e, n = self.box()
                p = tr("the box is too big for one request (server measure %1, limit %2): "
                       "draw a smaller box, split it, or use a NUTS code or the prepackaged "
                       "files").replace("%1", fmt_km2(datarequest.server_area((w, s, e, n)) / 1e6)
                                        ).replace("%2", fmt_km2(datarequest.AREA_LIMIT / 1e6))
            if not (problems and p.startswith("choose an area")):
                problems.append(p)
        self.problems.setText("\n".join("• " + p for p in problems))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(not problems)
        return problems


def wgs84_of(rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> QgsRectangle | None:
    """A canvas/layer rectangle as a usable EPSG:4326 box, or None."""
    try:
        return usable_extent(to_wgs84(rect, crs))
    except Exception:  # noqa: BLE001 - QgsCsException on odd CRSs: no default
        return None
