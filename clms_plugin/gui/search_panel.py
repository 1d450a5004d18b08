"""Search half of the dock: query, filters, sortable results, count and state banner.

Pure widgets: it emits what the user asked for and shows what it is given; the dock owns the
tasks and the data. Keeping it dumb makes the states (loading, empty, offline, error) easy to
drive and test.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QDate, QSortFilterProxyModel, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..catalog.filters import DatasetFilter
from ..catalog.models import Dataset
from .models import DATASET_ROLE, SORT_ROLE, DatasetTableModel

STATE_STYLES = {
    "info": "",
    "loading": "color: palette(text); font-style: italic;",
    "empty": "color: #805b00;",
    "offline": "background: #fff4ce; color: #5c4400; padding: 4px; border-radius: 3px;",
    "error": "background: #fde7e9; color: #a4262c; padding: 4px; border-radius: 3px;",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("SearchPanel", text)


def resolution_choices() -> list[tuple[str, float | None]]:
    """(label, finest-allowed metres) for the resolution filter."""
    return [
        (tr("Any resolution"), None),
        (tr("10 m or finer"), 10.0),
        (tr("100 m or finer"), 100.0),
        (tr("300 m or finer"), 300.0),
        (tr("1 km or finer"), 1000.0),
    ]


class SearchPanel(QWidget):
    searchRequested = pyqtSignal(str)  # noqa: N815 - Qt naming
    refreshRequested = pyqtSignal()  # noqa: N815
    cancelRequested = pyqtSignal()  # noqa: N815
    filtersChanged = pyqtSignal()  # noqa: N815
    datasetSelected = pyqtSignal(object)  # noqa: N815 - Dataset or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)

        row = QHBoxLayout()
        self.text = QLineEdit(self)
        self.text.setObjectName("clmsSearchText")
        self.text.setPlaceholderText(tr("Search the CLMS catalogue (e.g. land cover, NDVI)"))
        self.text.setClearButtonEnabled(True)
        self.text.returnPressed.connect(self._emit_search)
        self.search_button = QPushButton(tr("Search"), self)
        self.search_button.setObjectName("clmsSearchButton")
        self.search_button.clicked.connect(self._emit_search)
        self.refresh_button = QPushButton(tr("Refresh"), self)
        self.refresh_button.setObjectName("clmsRefreshButton")
        self.refresh_button.setToolTip(
            tr("Download the whole catalogue again (kept for offline use)"))
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setObjectName("clmsCancelButton")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.cancel_button.hide()
        row.addWidget(self.text, 1)
        row.addWidget(self.search_button)
        row.addWidget(self.refresh_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

        form = QFormLayout()
        self.family = QComboBox(self)
        self.family.setObjectName("clmsFamilyFilter")
        self.family.addItem(tr("All product families"), "")
        self.family.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.family.setMinimumContentsLength(10)
        self.resolution = QComboBox(self)
        self.resolution.setObjectName("clmsResolutionFilter")
        for label, metres in resolution_choices():
            self.resolution.addItem(label, metres)
        self.time_enabled = QCheckBox(tr("Between"), self)
        self.time_enabled.setObjectName("clmsTimeFilter")
        self.date_from = QDateEdit(QDate(2015, 1, 1), self)
        self.date_to = QDateEdit(QDate.currentDate(), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._filters_changed)
        self.time_enabled.toggled.connect(self.date_from.setEnabled)
        self.time_enabled.toggled.connect(self.date_to.setEnabled)
        time_row = QHBoxLayout()  # one row when wide; the dates wrap under it when narrow
        time_row.setContentsMargins(0, 0, 0, 0)
        time_row.addWidget(self.date_from)
        time_row.addWidget(QLabel(tr("and"), self))
        time_row.addWidget(self.date_to)
        time_row.addStretch(1)
        self.extent = QCheckBox(tr("Intersects the map extent"), self)
        self.extent.setObjectName("clmsExtentFilter")
        form.addRow(tr("Family"), self.family)
        form.addRow(tr("Resolution"), self.resolution)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        form.addRow(tr("Time"), self.time_enabled)
        form.addRow("", time_row)
        form.addRow("", self.extent)
        layout.addLayout(form)
        for signal in (self.family.currentIndexChanged, self.resolution.currentIndexChanged,
                       self.time_enabled.toggled, self.extent.toggled):
            signal.connect(self._filters_changed)

        self.state = QLabel(self)
        self.state.setObjectName("clmsSearchState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("clmsSearchProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(6)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.state)
        layout.addWidget(self.progress)

        self.model = DatasetTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setObjectName("clmsResults")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        # the title gets the space; the other columns keep a modest width and elide
        header.setMinimumSectionSize(40)
        header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)  # clipped at the end only
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col, width in ((1, 70), (2, 100), (3, 80)):
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            self.view.setColumnWidth(col, width)
        self.view.setTextElideMode(Qt.ElideRight)
        self.view.setMinimumHeight(40)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.view, 1)

        self.count = QLabel(self)
        self.count.setObjectName("clmsResultCount")
        layout.addWidget(self.count)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Keep the title column the widest: the others get a share, never their full text."""
        super().resizeEvent(event)
        width = self.view.viewport().width()
        for col, share in ((1, 0.14), (2, 0.2), (3, 0.16)):
            self.view.setColumnWidth(col, max(44, int(width * share)))

    # -- outputs ----------------------------------------------------------------------------
    def _emit_search(self) -> None:
        self.searchRequested.emit(self.text.text().strip())

    def _filters_changed(self, *_args) -> None:
        self.filtersChanged.emit()

    def _current_changed(self, current, _previous) -> None:
        ds = current.data(DATASET_ROLE) if current.isValid() else None
        self.datasetSelected.emit(ds)

    def current_filter(self, extent=None) -> DatasetFilter:
        """The filter panel as a core DatasetFilter (``extent`` given by the dock)."""
        flt = DatasetFilter(family=self.family.currentData() or "",
                            max_resolution_m=self.resolution.currentData())
        if self.time_enabled.isChecked():
            flt.start = self.date_from.date().toString("yyyy-MM-dd")
            flt.end = self.date_to.date().toString("yyyy-MM-dd")
        if self.extent.isChecked():
            flt.extent = extent
        return flt

    # -- inputs -----------------------------------------------------------------------------
    def set_families(self, families: list[str]) -> None:
        current = self.family.currentData()
        self.family.blockSignals(True)
        self.family.clear()
        self.family.addItem(tr("All product families"), "")
        for fam in families:
            self.family.addItem(fam, fam)
        index = self.family.findData(current)
        self.family.setCurrentIndex(max(0, index))
        self.family.blockSignals(False)

    def set_results(self, datasets: list[Dataset], total_known: int | None = None) -> None:
        selected = self.selected_dataset()
        self.model.set_datasets(datasets)
        n = len(datasets)
        text = QCoreApplication.translate("SearchPanel", "%n dataset(s)", "", n)
        if total_known is not None and total_known != n:
            text += " " + tr("(of %1 found)").replace("%1", str(total_known))
        self.count.setText(text)
        if selected is not None:
            self.select_uid(selected.uid)

    def select_uid(self, uid: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            ds = index.data(DATASET_ROLE)
            if ds is not None and ds.uid == uid:
                self.view.setCurrentIndex(index)
                return True
        return False

    def selected_dataset(self) -> Dataset | None:
        index = self.view.currentIndex()
        return index.data(DATASET_ROLE) if index.isValid() else None

    def set_state(self, kind: str, message: str) -> None:
        """Show a state banner: info, loading, empty, offline or error."""
        self.state.setProperty("state", kind)
        self.state.setStyleSheet(STATE_STYLES.get(kind, ""))
        self.state.setText(message)
        self.state.setVisible(bool(message))

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.search_button.setEnabled(not busy)
        self.refresh_button.setEnabled(not busy)
