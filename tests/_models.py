"""Helpers to build graphical-modeler models in tests (the same shape a user draws)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelParameter,
    QgsProcessingParameterRasterLayer,
)


def add_decode_inputs(model: QgsProcessingModelAlgorithm, names: list[str]) -> None:
    """One raster input per name, each feeding a ``clms:decodeproduct`` child ``decode_<name>``
    (product auto-detected from the file name)."""
    for name in names:
        model.addModelParameter(QgsProcessingParameterRasterLayer(name, name),
                                QgsProcessingModelParameter(name))
        child = QgsProcessingModelChildAlgorithm("clms:decodeproduct")
        child.setChildId(f"decode_{name}")
        child.addParameterSources("INPUT", [
            QgsProcessingModelChildParameterSource.fromModelParameter(name)])
        child.addParameterSources("PRODUCT", [
            QgsProcessingModelChildParameterSource.fromStaticValue(0)])
        model.addChildAlgorithm(child)
