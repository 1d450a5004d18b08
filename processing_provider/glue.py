"""QGIS-side helpers the Processing base and the algorithms share.

Why a module apart from ``base``: these are small, stateless bridges between QGIS objects and
the QGIS-free core — layer → file path GDAL can open, mask polygons → GeoJSON, feedback →
callbacks, the output's QML sidecar applied on load, run-time knobs (threads, memory
budget) — and the base stays the one place that decides the order of things (resolve, guard,
run, commit).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputLayerDefinition,
    QgsProperty,
    QgsProviderRegistry,
    QgsRasterLayer,
)

#: Environment knob: memory budget of one run in MiB (default: the engine's 256 MiB).
MEMORY_BUDGET_ENV = "CLMS_MEMORY_BUDGET_MB"


def worker_threads() -> int:
    """Windows processed in parallel (the machine's cores, at most 4)."""
    return max(1, min(4, os.cpu_count() or 1))


def memory_budget() -> int:
    """Bytes one run may hold in windows; ``CLMS_MEMORY_BUDGET_MB`` lowers it on small machines
    (and lets tests cut a small raster into many windows)."""
    raw = os.environ.get(MEMORY_BUDGET_ENV, "").strip()
    try:
        mib = float(raw) if raw else 256.0
    except ValueError:
        mib = 256.0
    return max(1, int(mib * 1024 * 1024))


@dataclass(frozen=True)
class RasterSource:
    """A raster input resolved on the main thread: what the core opens and what guards check.

    ``path`` is the file on disk (for the output = input guard), ``uri`` what GDAL opens
    (the path itself, or a subdataset / ``/vsi`` URI), plus facts read from the layer.
    """

    path: str
    uri: str
    name: str
    band_count: int
    crs_valid: bool
    crs_authid: str


def decode_source(layer: QgsRasterLayer) -> tuple[str, str]:
    """(file path, GDAL URI) of a gdal-provider layer, via the provider's own URI decoder.

    Why not ``source().split("|")``: the decoder knows subdatasets (``NETCDF:"f.nc":VAR``),
    ``/vsizip/`` prefixes and options; a file name may itself contain "|".
    """
    source = layer.source()
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), source)
    path = parts.get("path") or source
    uri = f"{parts.get('vsiPrefix') or ''}{path}{parts.get('vsiSuffix') or ''}"
    if parts.get("layerName"):
        uri = source  # a subdataset (NETCDF:"f.nc":VAR, GPKG:f:table): GDAL's own string
    return path, uri


def sink_file(value, context: QgsProcessingContext) -> str:
    """The file a feature-sink (table) output will be written to, or "" for a memory or
    database sink: such a file takes part in the output = input checks, though QGIS writes it.
    """
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.valueAsString(context.expressionContext())[0]
    text = str(value or "")
    if not text or text.startswith(("memory:", "TEMPORARY_OUTPUT", "ogr:", "postgres")):
        return ""
    return text.split("|")[0]


def staged_sink(value, staged: str):
    """The sink parameter value with its file replaced by the staged name (options such as
    the file encoding kept)."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        copy = QgsProcessingOutputLayerDefinition(value)
        copy.sink = QgsProperty.fromValue(staged)
        return copy
    return staged


def rekey_layer_to_load(context: QgsProcessingContext, staged: str, final: str) -> None:
    """The table QGIS will load on completion is the final file, not the staged name."""
    layers = context.layersToLoadOnCompletion()
    key = next((k for k in layers if k.split("|")[0] == staged), None)
    if key is None:
        return
    details = layers.pop(key)
    layers[final + key[len(staged):]] = details
    context.setLayersToLoadOnCompletion(layers)


def raster_source(alg, layer: QgsRasterLayer | None, param: str) -> RasterSource:
    """Resolve one raster layer, or a message naming the parameter and the fix."""
    if layer is None or not layer.isValid():
        raise QgsProcessingException(alg.tr(
            "{0}: the raster layer is missing or invalid; choose a raster.").format(param))
    if layer.providerType() != "gdal":
        raise QgsProcessingException(alg.tr(
            "{0}: layer '{1}' comes from the '{2}' provider; save it to a GeoTIFF first "
            "(Export > Save As).").format(param, layer.name(), layer.providerType()))
    path, uri = decode_source(layer)
    crs = layer.crs()
    return RasterSource(path, uri, layer.name(), layer.bandCount(), crs.isValid(),
                        crs.authid())


def polygon_mask(alg, parameters: dict, name: str, context: QgsProcessingContext,
                 raster_layer: QgsRasterLayer) -> list | None:
    """GeoJSON geometries of the MASK polygons, reprojected to the raster's CRS (or None)."""
    source = alg.parameterAsSource(parameters, name, context)
    if source is None:
        return None
    request = QgsFeatureRequest().setDestinationCrs(raster_layer.crs(),
                                                    context.transformContext())
    shapes = []
    for feat in source.getFeatures(request):
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        shapes.append(json.loads(geom.asJson()))
    if not shapes:
        raise QgsProcessingException(alg.tr(
            "{0}: the polygon layer has no features; choose a layer with at least one "
            "polygon (or leave it empty to use the whole raster).").format(name))
    return shapes


def progress_callback(feedback: QgsProcessingFeedback | None) -> Callable[[float], None]:
    """Bridge a 0–100 core progress callback to Processing feedback."""

    def _progress(percent: float) -> None:
        if feedback is not None:
            feedback.setProgress(float(percent))

    return _progress


def cancel_callback(feedback: QgsProcessingFeedback | None) -> Callable[[], bool]:
    """Bridge the core's ``is_canceled()`` polling to Processing feedback."""

    def _cancelled() -> bool:
        return bool(feedback is not None and feedback.isCanceled())

    return _cancelled


def sidecar_style(output_path: str) -> Path | None:
    """The QML sidecar the core wrote beside a raster output (``<name>.qml``), if any.

    Why the sidecar and not a QML of our own: it is generated from the legends and ramps in
    ``resources/`` for this very output (bands, classes), and it is what QGIS applies when
    the file is opened from disk; the loaded layer then looks the same by every route.
    """
    path = Path(output_path)
    if path.suffix.lower() not in (".tif", ".tiff"):
        return None
    qml = path.with_suffix(".qml")
    return qml if qml.is_file() else None


def style_on_load(context: QgsProcessingContext, output_path: str, qml: Path) -> None:
    """Apply a QML style when Processing loads ``output_path`` into the project."""
    if not context.willLoadLayerOnCompletion(output_path):
        return
    details = context.layerToLoadOnCompletionDetails(output_path)
    if details.postProcessor() is not None:
        return  # the algorithm styles this layer itself (and reads the same sidecar)
    details.setPostProcessor(QmlPostProcessor.create(str(qml)))


class QmlPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Post-processor that applies a QML style file; kept alive by a class-level registry
    (Processing holds only a raw pointer)."""

    _instances: list[QmlPostProcessor] = []

    def __init__(self, qml: str) -> None:
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802, ARG002
        if isinstance(layer, QgsRasterLayer):
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()

    @classmethod
    def create(cls, qml: str) -> QmlPostProcessor:
        inst = cls(qml)
        cls._instances.append(inst)
        return inst


def warn_without_crs(alg, feedback: QgsProcessingFeedback, area_method: str,
                     *table_params: str) -> None:
    """Warn when areas were asked for but the grid has no CRS (they are then in squared
    transform units, e.g. 0.00 "ha" for a degree grid, instead of hectares)."""
    tables = getattr(alg, "table_outputs", {})
    asked = [p for p in table_params if alg.out(p) or p in tables]
    if asked and "no CRS" in (area_method or ""):
        feedback.pushWarning(alg.tr(
            "{0}: the input raster has no CRS, so its areas are pixel counts × the pixel size "
            "in the transform's units, not hectares. Assign the raster's CRS (Raster > "
            "Projections > Assign Projection) and run again.").format(", ".join(asked)))
