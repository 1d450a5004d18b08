"""Shared base for CLMS Processing algorithms.

Why: every algorithm is a thin adapter (parameters -> core kernel -> outputs); the repeated
parts — translation, grouping, help URL, turning layers into file paths the rasterio-based
core can stream, bridging feedback to the core's progress/cancel callbacks, and styling
outputs when Processing loads them — live here once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..clms_plugin.version import PLUGIN_ROOT
from .dask_setting import wrap_process_algorithm

HELP_URL = "https://github.com/clms-toolbox/clms_toolbox#processing-algorithms"


class ClmsAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``ALG_ID``, ``DISPLAY_NAME``, ``GROUP``, ``GROUP_ID``."""

    ALG_ID = ""
    DISPLAY_NAME = ""
    GROUP = "Land cover"
    GROUP_ID = "landcover"

    def __init_subclass__(cls, **kwargs) -> None:
        """Every algorithm runs its windows where the scheduler setting says (issue 15)."""
        super().__init_subclass__(**kwargs)
        wrap_process_algorithm(cls)

    # -- identity -----------------------------------------------------------------------------
    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self) -> str:
        return self.ALG_ID

    def displayName(self) -> str:  # noqa: N802
        return self.tr(self.DISPLAY_NAME)

    def group(self) -> str:
        return self.tr(self.GROUP)

    def groupId(self) -> str:  # noqa: N802
        return self.GROUP_ID

    def helpUrl(self) -> str:  # noqa: N802
        return HELP_URL

    def icon(self) -> QIcon:
        return QIcon(str(PLUGIN_ROOT / "resources" / "icons" / "clms.svg"))

    # -- helpers for subclasses ---------------------------------------------------------------
    def raster_path(self, layer: QgsRasterLayer | None, param_name: str) -> str:
        """File path GDAL/rasterio can open for ``layer``, or a clear error naming the input."""
        if layer is None or not layer.isValid():
            raise QgsProcessingException(
                self.tr(f"{param_name}: the raster layer is missing or invalid; choose a raster.")
            )
        if layer.providerType() != "gdal":
            raise QgsProcessingException(
                self.tr(
                    f"{param_name}: layer '{layer.name()}' comes from the '{layer.providerType()}'"
                    " provider; save it to a GeoTIFF first (Export > Save As)."
                )
            )
        return layer.source().split("|")[0]

    @staticmethod
    def progress_callback(feedback: QgsProcessingFeedback | None) -> Callable[[float], None]:
        """Bridge a 0–100 core progress callback to Processing feedback."""

        def _progress(percent: float) -> None:
            if feedback is not None:
                feedback.setProgress(float(percent))

        return _progress

    @staticmethod
    def cancel_callback(feedback: QgsProcessingFeedback | None) -> Callable[[], bool]:
        """Bridge the core's ``is_canceled()`` polling to Processing feedback."""

        def _cancelled() -> bool:
            return bool(feedback is not None and feedback.isCanceled())

        return _cancelled

    def style_on_load(self, context: QgsProcessingContext, output_path: str, qml: Path) -> None:
        """Apply a QML style when Processing loads ``output_path`` into the project."""
        if not context.willLoadLayerOnCompletion(output_path):
            return
        post = _QmlPostProcessor.create(str(qml))
        context.layerToLoadOnCompletionDetails(output_path).setPostProcessor(post)


class _QmlPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Post-processor that applies a QML style file; kept alive by a class-level registry."""

    _instances: list[_QmlPostProcessor] = []

    def __init__(self, qml: str) -> None:
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802, ARG002
        if isinstance(layer, QgsRasterLayer):
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()

    @classmethod
    def create(cls, qml: str) -> _QmlPostProcessor:
        inst = cls(qml)
        cls._instances.append(inst)
        return inst
