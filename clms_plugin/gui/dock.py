"""The CLMS Toolbox dock: catalogue search, dataset details and the download queue."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("ClmsDock", text)


class ClmsDock(QDockWidget):
    """Dock widget shell; the catalogue and download panels are added to its layout."""

    def __init__(self, iface, parent=None) -> None:
        super().__init__(tr("CLMS Toolbox"), parent)
        self.iface = iface
        self.setObjectName("ClmsToolboxDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(tr("Copernicus Land Monitoring Service"), body))
        self.setWidget(body)

    def shutdown(self) -> None:
        """Cancel background work owned by the dock before the plugin unloads."""
