"""QGIS entry points: initGui / initProcessing / unload.

Why a separate class from the package ``__init__``: QGIS calls ``classFactory`` at startup for
every enabled plugin, and keeping the heavy imports here keeps that call cheap.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .deps import missing_dependencies, missing_message
from .version import PLUGIN_NAME, PLUGIN_ROOT

ICON_PATH = str(PLUGIN_ROOT / "resources" / "icons" / "clms.svg")
MENU = "&CLMS Toolbox"


def tr(text: str) -> str:
    """Translate through Qt so strings show up for translators."""
    return QCoreApplication.translate("ClmsToolbox", text)


class ClmsToolboxPlugin:
    """Owns the dock, the toolbar/menu action and the Processing provider."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider = None
        self.action: QAction | None = None
        self.dock = None
        self.downloads = None
        self.translator = None

    # -- Processing -------------------------------------------------------------------------
    def initProcessing(self) -> None:  # noqa: N802 - QGIS API name
        """Register the ``clms`` provider (also called by qgis_process without a GUI)."""
        from ..processing_provider.provider import ClmsProvider

        if self.provider is None:
            self.provider = ClmsProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    # -- GUI --------------------------------------------------------------------------------
    def initGui(self) -> None:  # noqa: N802 - QGIS API name
        """Add the toggle action to the menu and toolbar, create the dock, register Processing."""
        from .gui.i18n import install_translator

        self.translator = install_translator()
        self.initProcessing()
        # pystac-client is only needed by the STAC source: it says so itself, once, when opened
        missing = [d for d in missing_dependencies() if d.module != "pystac_client"]
        if missing:
            message = missing_message(missing)
            QgsMessageLog.logMessage(message, PLUGIN_NAME, Qgis.Warning)
            bar = self.iface.messageBar() if self.iface is not None else None
            if bar is not None:
                bar.pushMessage(PLUGIN_NAME, message.splitlines()[1], Qgis.Warning, 15)

        self.action = QAction(QIcon(ICON_PATH), tr("CLMS Toolbox"), self.iface.mainWindow())
        self.action.setObjectName("clmsToolboxToggleDock")
        self.action.setCheckable(True)
        self.action.setToolTip(tr("Show or hide the CLMS Toolbox dock (catalogue and downloads)"))
        self.action.toggled.connect(self._toggle_dock)
        self.iface.addPluginToRasterMenu(MENU, self.action)
        self.iface.addToolBarIcon(self.action)

    def _ensure_dock(self):
        if self.dock is None:
            from .gui.dock import ClmsDock
            from .gui.downloads_panel import attach

            self.dock = ClmsDock(self.iface, self.iface.mainWindow())
            self.downloads = attach(self.dock)
            self.dock.visibilityChanged.connect(self._dock_visibility_changed)
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        return self.dock

    def _toggle_dock(self, checked: bool) -> None:
        dock = self._ensure_dock()
        dock.setVisible(checked)

    def _dock_visibility_changed(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.blockSignals(True)
            self.action.setChecked(visible)
            self.action.blockSignals(False)

    def unload(self) -> None:
        """Remove everything initGui/initProcessing added, so a reload leaves nothing behind."""
        if self.dock is not None:
            try:
                self.dock.visibilityChanged.disconnect(self._dock_visibility_changed)
            except TypeError:
                pass
            if self.downloads is not None:
                self.downloads.shutdown()
                self.downloads = None
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        if self.action is not None:
            try:
                self.action.toggled.disconnect(self._toggle_dock)
            except TypeError:
                pass
            self.iface.removePluginRasterMenu(MENU, self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
