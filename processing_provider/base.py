"""The Processing base: parameters → core call → outputs, once for every CLMS algorithm.

Why: the seven algorithms used to repeat the glue, each a little differently — layers read on
the worker thread, paths cut out of ``source()`` at "|", four ways to handle a cancel, core
errors guessed into "INPUT" messages, outputs written straight to their final names (so the
input could be overwritten). The base now owns the order of a run:

``prepareAlgorithm`` (main thread)
    every raster/file input parameter is resolved to :class:`glue.RasterSource` /
    file paths (``self.sources``, ``self.layers``, ``self.files``); then the subclass's
    :meth:`prepare` hook (mask polygons, points: anything needing QGIS objects); then every
    destination parameter is resolved once and guarded by the QGIS-free
    :class:`~clms_plugin.analysis.engine.outputs.OutputSet` — output = input, two outputs on one
    path, non-GeoTIFF raster names and unwritable folders are refused before any work, with a
    message naming the parameter(s); dead runs' partial files in the folders are removed.
``processAlgorithm`` (worker thread)
    :meth:`run_core` calls the core with the *staged* (temporary) output paths
    (:meth:`out`); all outputs are then renamed together (or none: a failure or cancel removes
    every staged file); :meth:`report` logs and returns extra outputs; QML styles apply.

Cancel policy (one for all algorithms): the core polls ``feedback.isCanceled()`` between
windows; a cancelled run raises ``QgsProcessingException("Cancelled: no output was written.")``
— a failure, never a "success" without outputs, so models and ``qgis_process`` stop — and
leaves neither an output nor a temporary file.

A new algorithm gets all of this by subclassing, declaring its parameters in
``initAlgorithm`` and implementing ``run_core`` (and optionally ``prepare``/``report``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..clms_plugin.analysis.engine.errors import ParameterError
from ..clms_plugin.analysis.engine.outputs import OutputRequest, OutputSet
from ..clms_plugin.version import PLUGIN_ROOT
from . import glue
from .dask_setting import wrap_process_algorithm

HELP_URL = "https://github.com/clms-toolbox/clms_toolbox#processing-algorithms"


class ClmsAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``ALG_ID``, ``DISPLAY_NAME``, ``GROUP``, ``GROUP_ID`` and
    implement :meth:`run_core`; the class attributes below switch on shared input checks."""

    ALG_ID = ""
    DISPLAY_NAME = ""
    GROUP = "Land cover"
    GROUP_ID = "landcover"
    #: raster inputs of which only band 1 is read: more bands → a warning in the log
    SINGLE_BAND_INPUTS: tuple[str, ...] = ()
    #: QML file applied to a raster output when Processing loads it, *instead of* the
    #: output's own sidecar (``<name>.qml``, written by the core from ``resources/``), which
    #: is the default: one source of truth for the file opened from disk and the loaded layer
    OUTPUT_STYLES: dict[str, Path] = {}
    #: hint appended to "no raster layer given" for multiple-layer parameters
    LAYER_HINTS: dict[str, str] = {}

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

    # -- parameters and help -------------------------------------------------------------------
    def add(self, param, help_text: str = "", advanced: bool = False):
        """``addParameter`` with its own help (the tooltip in QGIS 3.40 dialogs); pass the
        text through ``self.tr`` at the call site so it is translatable."""
        if help_text:
            param.setHelp(help_text)
        if advanced:
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(param)
        return param

    def structured_help(self, what: str, inputs: str, outputs: str, method: str,
                        sources: str) -> str:
        """The algorithm help as QGIS's own: what it does, then short sections."""
        parts = [f"<p>{what}</p>"]
        for title, text in ((self.tr("Inputs"), inputs), (self.tr("Outputs"), outputs),
                            (self.tr("Method"), method), (self.tr("Sources"), sources)):
            if text:
                parts.append(f"<h3>{title}</h3><p>{text}</p>")
        return "".join(parts)

    # -- hooks for subclasses -----------------------------------------------------------------
    def resolve_layer(self, parameters: dict, name: str, context
                      ) -> QgsRasterLayer | None:
        """The layer of a single-raster parameter (override to accept e.g. NetCDF containers)."""
        return self.parameterAsRasterLayer(parameters, name, context)

    def prepare(self, parameters: dict, context, feedback) -> None:  # noqa: ARG002
        """Main-thread hook after the inputs are resolved (mask polygons, points, …)."""

    def run_core(self, parameters: dict, context, feedback) -> Any:  # noqa: ARG002
        """Call the QGIS-free core with ``self.uri(...)``/``self.out(...)``; return its result."""
        raise NotImplementedError

    def report(self, result: Any, parameters: dict, context, feedback) -> dict:  # noqa: ARG002
        """Log the result; return non-file outputs (numbers) for the answer."""
        return {}

    # -- what run_core uses --------------------------------------------------------------------
    def uri(self, name: str) -> str:
        """GDAL-openable URI of the single raster of parameter ``name``."""
        return self.sources[name][0].uri

    def uris(self, name: str) -> list[str]:
        return [s.uri for s in self.sources.get(name, [])]

    def out(self, name: str) -> str | None:
        """Staged (temporary) path the core must write output ``name`` to; None if not asked."""
        return self.output_set.staged.get(name)

    def asked(self, parameters: dict, name: str) -> bool:
        """Whether the user asked for output ``name`` (a staged file or a table sink)."""
        if self.out(name):
            return True
        value = parameters.get(name)
        return value is not None and value != ""

    def write_table(self, parameters: dict, name: str, context, table, feedback) -> None:
        """Write a core :class:`~clms_plugin.analysis.engine.tables.Table` to the table
        sink ``name`` (CSV, XLSX, GeoPackage, ODS or a memory layer, by the user's choice);
        its destination becomes the output value. A skipped optional table writes nothing.
        A file table is staged like every other output: a failed run leaves the old one."""
        from .table_sink import write_table

        staged = self.out(name)
        if staged:  # a file: QGIS writes the staged name; the base renames it with the rest
            parameters = {**parameters, name: glue.staged_sink(parameters.get(name), staged)}
        dest = write_table(self, parameters, name, context, table.columns, table.rows,
                           feedback)
        if dest is None:
            return
        if staged:
            dest = self.output_set.final[name]
            glue.rekey_layer_to_load(context, staged, dest)
        self.table_outputs[name] = dest

    def core_kwargs(self, feedback) -> dict[str, Any]:
        """progress / is_canceled / memory_budget for a core call."""
        return {"progress": glue.progress_callback(feedback),
                "is_canceled": glue.cancel_callback(feedback),
                "memory_budget": glue.memory_budget()}

    # -- compatibility for algorithms that still override processAlgorithm ----------------------
    def raster_path(self, layer: QgsRasterLayer | None, param_name: str) -> str:
        """GDAL URI of ``layer`` (prefer ``self.uri(name)``, resolved in prepareAlgorithm)."""
        return glue.raster_source(self, layer, param_name).uri

    progress_callback = staticmethod(glue.progress_callback)
    cancel_callback = staticmethod(glue.cancel_callback)

    def style_on_load(self, context, output_path: str, qml: Path) -> None:
        glue.style_on_load(context, output_path, qml)

    # -- the run ------------------------------------------------------------------------------
    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Resolve and guard on the main thread; a problem is raised by processAlgorithm.

        Why deferred: QGIS reports an exception from ``prepareAlgorithm`` only in the log and
        ``processing.run`` then raises a bare "There were errors executing the algorithm";
        raised first thing in ``processAlgorithm`` the same message reaches every caller,
        still before any work.
        """
        self.prepare_error: QgsProcessingException | None = None
        self.started = time.time()
        self.sources: dict[str, list[glue.RasterSource]] = {}
        self.layers: dict[str, list[QgsRasterLayer]] = {}
        self.files: dict[str, str] = {}
        self.table_outputs: dict[str, str] = {}
        self.output_set = OutputSet([], {})
        try:
            self._prepare(parameters, context, feedback)
        except QgsProcessingException as exc:
            self.prepare_error = exc
        except ParameterError as exc:  # a core helper called by a prepare hook
            self.prepare_error = QgsProcessingException(self.message(exc))
        return True

    def _prepare(self, parameters, context, feedback) -> None:
        for d in self.parameterDefinitions():
            name = d.name()
            if isinstance(d, QgsProcessingParameterRasterLayer):
                layer = self.resolve_layer(parameters, name, context)
                if layer is None and d.flags() & QgsProcessingParameterDefinition.FlagOptional:
                    continue
                self.layers[name] = [layer]
            elif isinstance(d, QgsProcessingParameterMultipleLayers) and \
                    d.layerType() == QgsProcessing.TypeRaster:
                layers = self.parameterAsLayerList(parameters, name, context)
                if not layers and d.flags() & QgsProcessingParameterDefinition.FlagOptional:
                    continue
                if not layers:
                    raise QgsProcessingException(self.tr(
                        "{0}: no raster layer given; {1}").format(
                            name, self.tr(self.LAYER_HINTS.get(name, "add at least one."))))
                self.layers[name] = layers
            elif isinstance(d, QgsProcessingParameterFile):
                path = self.parameterAsFile(parameters, name, context)
                if path:
                    self.files[name] = path
        for name, layers in self.layers.items():
            self.sources[name] = [glue.raster_source(self, lyr, name) for lyr in layers]
        self._check_inputs(feedback)
        self.prepare(parameters, context, feedback)
        self._guard_outputs(parameters, context, feedback)

    def _check_inputs(self, feedback) -> None:
        for name in self.SINGLE_BAND_INPUTS:
            for src in self.sources.get(name, []):
                if src.band_count > 1:
                    feedback.pushWarning(self.tr(
                        "{0} has {1} bands; only band 1 is used, the others are ignored."
                    ).format(name, src.band_count))

    def _guard_outputs(self, parameters, context, feedback) -> None:
        requests = []
        for d in self.destinationParameterDefinitions():
            name = d.name()
            value = parameters.get(name)
            optional = bool(d.flags() & QgsProcessingParameterDefinition.FlagOptional)
            if optional and (value is None or value == ""):
                continue
            if isinstance(d, QgsProcessingParameterRasterDestination):
                path, kind = self.parameterAsOutputLayer(parameters, name, context), "raster"
            elif isinstance(d, QgsProcessingParameterFileDestination):
                path, kind = self.parameterAsFileOutput(parameters, name, context), "file"
            elif isinstance(d, QgsProcessingParameterFeatureSink):
                path, kind = glue.sink_file(value, context), "sink"
            else:  # folders manage their own files
                continue
            if path:
                requests.append(OutputRequest(name, path, kind))
        inputs = {name: [s.path for s in srcs] for name, srcs in self.sources.items()}
        inputs.update({name: [path] for name, path in self.files.items()})
        try:
            self.output_set = OutputSet(requests, inputs, started=self.started)
        except ParameterError as exc:
            raise QgsProcessingException(self.message(exc)) from exc
        for path in self.output_set.clean_stale():
            feedback.pushInfo(self.tr("Removed a partial file left by an interrupted run: {0}")
                              .format(path))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from rasterio.errors import RasterioError

        from ..clms_plugin.analysis.engine.grid import GridMismatchError
        from ..clms_plugin.analysis.engine.runner import Cancelled

        if getattr(self, "prepare_error", None) is not None:
            raise self.prepare_error
        outputs = self.output_set
        try:
            if feedback is not None and feedback.isCanceled():
                raise Cancelled("cancelled before the start")
            result = self.run_core(parameters, context, feedback)
            if feedback is not None and feedback.isCanceled():
                raise Cancelled("cancelled by the user")
            produced = outputs.commit()
        except Cancelled as exc:
            outputs.abort()
            raise QgsProcessingException(self.tr("Cancelled: no output was written.")) from exc
        except QgsProcessingException:
            outputs.abort()
            raise
        except ParameterError as exc:
            outputs.abort()
            raise QgsProcessingException(self.message(exc)) from exc
        except GridMismatchError as exc:
            outputs.abort()
            names = list(self.sources)
            text = (self.tr("{0} and {1} are not on the same grid: {2}").format(
                ", ".join(names[:-1]), names[-1], exc) if len(names) > 1 else
                self.tr("{0}: the layers are not on the same grid: {1}").format(names[0], exc))
            raise QgsProcessingException(text) from exc
        except (OSError, ValueError, KeyError, RasterioError) as exc:
            outputs.abort()
            raise QgsProcessingException(self.core_message(exc)) from exc
        except BaseException:
            outputs.abort()
            raise
        answer: dict[str, Any] = dict(produced)
        answer.update(getattr(self, "table_outputs", {}))
        answer.update(self.report(result, parameters, context, feedback) or {})
        for name, path in produced.items():
            style = self.OUTPUT_STYLES.get(name) or glue.sidecar_style(path)
            if style is not None:
                glue.style_on_load(context, path, style)
        return answer

    # -- messages -----------------------------------------------------------------------------
    def message(self, exc: ParameterError) -> str:
        return self.tr("{0}: {1}").format(exc.parameter, exc.message)

    def core_message(self, exc: Exception) -> str:
        """A core error as "PARAMETER: message", naming the parameter the user must fix.

        Typed errors carry it; an OSError names a file, which is matched to an output or an
        input; older cores prefix the message with the parameter name.
        """
        text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        filename = getattr(exc, "filename", None)
        if filename:
            for name, staged in self.output_set.staged.items():
                if str(filename).startswith(staged):
                    return self.tr("{0}: cannot write '{1}': {2}").format(
                        name, self.output_set.final[name], exc.strerror or text)
            for name, srcs in self.sources.items():
                if any(str(filename) in (s.path, s.uri) for s in srcs):
                    return self.tr("{0}: cannot read '{1}': {2}").format(
                        name, filename, exc.strerror or text)
        for name, staged in self.output_set.staged.items():
            if staged in text:
                return self.tr("{0}: cannot write '{1}': {2}").format(
                    name, self.output_set.final[name], text.replace(staged, "…"))
        names = [d.name() for d in self.parameterDefinitions()]
        if any(text.startswith(n + ":") or text.startswith(n + " ") for n in names):
            return text
        default = next(iter(self.sources), "INPUT")
        return self.tr("{0}: {1}").format(default, text)


# The base's own processAlgorithm runs windows where the scheduler setting says (issue 15);
# __init_subclass__ covers subclasses that still override it.
wrap_process_algorithm(ClmsAlgorithm)
