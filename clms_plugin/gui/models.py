"""Qt item model of datasets for the results view (sortable by title, resolution, period)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from ..catalog.models import Dataset

SORT_ROLE = Qt.UserRole + 1
DATASET_ROLE = Qt.UserRole + 2


def tr(text: str) -> str:
    return QCoreApplication.translate("DatasetTableModel", text)


class DatasetTableModel(QAbstractTableModel):
    COLUMNS = ("title", "resolution", "period", "family")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Dataset] = []
        self.mark_unknown_extent = False  # the map-extent filter keeps these: mark them

    def set_datasets(self, datasets: list[Dataset]) -> None:
        self.beginResetModel()
        self._rows = list(datasets)
        self.endResetModel()

    def datasets(self) -> list[Dataset]:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return (tr("Title"), tr("Resolution"), tr("Period"), tr("Family"))[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        ds = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == DATASET_ROLE:
            return ds
        if role == Qt.DisplayRole:
            if col == "title":
                return ("◌ " + ds.title) if self.mark_unknown_extent and ds.bbox is None \
                    else ds.title
            if col == "resolution":
                if ds.resolution:
                    return ds.resolution
                res = ds.resolution_m
                return f"{res:g} m" if res else ""
            if col == "period":
                return ds.period
            return ds.family
        if role == SORT_ROLE:
            if col == "resolution":
                res = ds.resolution_m
                return res if res is not None else float("inf")
            if col == "period":
                return ds.temporal_start or "9999"
            return (ds.title if col == "title" else ds.family).lower()
        if role == Qt.ToolTipRole and col == "title":
            note = tr("Extent unknown: kept by the map-extent filter.") + "\n" \
                if self.mark_unknown_extent and ds.bbox is None else ""
            return note + (ds.description[:400] or ds.title)
        return None
