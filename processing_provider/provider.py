"""The ``clms`` Processing provider."""

from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..clms_plugin.version import PLUGIN_NAME, PLUGIN_ROOT, __version__
from . import dask_setting
from .registry import algorithm_classes


class ClmsProvider(QgsProcessingProvider):
    """Registers every implemented CLMS algorithm (ids are a public API: keep them stable)."""

    def id(self) -> str:  # noqa: A003 - QGIS API name
        return "clms"

    def name(self) -> str:
        return QCoreApplication.translate("ClmsProvider", "CLMS Toolbox")

    def longName(self) -> str:  # noqa: N802
        return f"{self.name()} {__version__}"

    def icon(self) -> QIcon:
        return QIcon(str(PLUGIN_ROOT / "resources" / "icons" / "clms.svg"))

    def svgIconPath(self) -> str:  # noqa: N802
        return str(PLUGIN_ROOT / "resources" / "icons" / "clms.svg")

    def versionInfo(self) -> str:  # noqa: N802
        return __version__

    def supportedOutputRasterLayerExtensions(self) -> list[str]:  # noqa: N802
        """The engine writes GeoTIFF only: offer no other raster format in the dialogs
        (a name with another extension is refused by the output guards)."""
        return ["tif"]

    def defaultRasterFileExtension(self) -> str:  # noqa: N802
        return "tif"

    def load(self) -> bool:
        """Register the provider's settings (the dask scheduler address), then algorithms."""
        dask_setting.register(self.name(), self.icon())
        return super().load()

    def unload(self) -> None:
        dask_setting.unregister()
        super().unload()

    def loadAlgorithms(self) -> None:  # noqa: N802
        classes, problems = algorithm_classes()
        for message in problems:
            QgsMessageLog.logMessage(message, PLUGIN_NAME, Qgis.Warning)
        for cls in classes:
            self.addAlgorithm(cls())
