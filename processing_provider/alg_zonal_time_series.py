"""``clms:zonaltimeseries`` — per-zone statistics of every date of a raster time series.

Thin adapter: layers, dates, product and zones are resolved in ``prepareAlgorithm`` (main
thread: zones transformed to the raster CRS there) → ``analysis.zonal.zonal_time_series``
(exact coverage fractions once per window, streaming per-zone partial sums) → long and wide
table sinks and an optional HTML report. Definitions live in ``clms_plugin/analysis/zonal``.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..clms_plugin.analysis.zonal.stats import STATISTICS
from .base import ClmsAlgorithm
from .table_sink import table_parameter, write_table
from .zonal_inputs import encoding_for, product_options, raster_paths, read_zones

WEIGHTING_LABELS = ("Exact: share of each cell inside the zone × cell area",
                    "Cell centre inside the zone (× cell area)")


class ZonalTimeSeriesAlgorithm(ClmsAlgorithm):
    """Mean/std/min/max/median/p10/p90/sum/count/valid share per zone and date."""

    ALG_ID = "zonaltimeseries"
    DISPLAY_NAME = "Zonal time series (statistics per zone and date)"
    GROUP = "Zonal statistics"
    GROUP_ID = "zonal"

    def shortHelpString(self) -> str:
        return self.tr(
            "Statistics of every zone for every date of a raster time series, e.g. the NDVI "
            "or FAPAR curve of each field or region.<br>"
            "<b>INPUT</b>: one multiband stack (a band per date) or one raster per date, on "
            "one grid. <b>DATES</b>: comma-separated ISO dates, else band metadata, else file "
            "names. <b>PRODUCT</b>: 0 auto (from the file name), 1 physical values, then the "
            "registry's products: stored numbers are decoded and flags masked first.<br>"
            "<b>ZONES</b>: polygons in any CRS (transformed to the raster's CRS); "
            "multipolygons, holes and polygons smaller than a cell are handled. "
            "<b>ZONE_FIELD</b> labels the rows (default: feature id).<br>"
            "<b>WEIGHTING</b> 0 exact: each cell weighs the share of its area inside the "
            "polygon (computed analytically, not by supersampling) × its area (WGS84 "
            "ellipsoidal on geographic grids); 1: cells whose centre is inside.<br>"
            "<b>STATISTICS</b>: mean and std (weighted, population std); min, max (cells "
            "touching the zone); median, p10, p90 (exact weighted quantiles, linear "
            "interpolation as numpy's default for equal weights; the values of zones that "
            "span several windows are held in memory, 4 bytes per cell and date, capped at "
            "1 GiB); sum = Σ share × value and count = Σ share (cell-equivalents, like "
            "exactextract); valid_fraction = weighted share of the zone with a valid value. "
            "All are exact; none is approximated.<br>"
            "<b>MIN_VALID_FRACTION</b>: below it a zone/date gets empty values (count and "
            "valid_fraction stay).<br>"
            "<b>OUTPUT</b>: zone, date, one column per statistic. <b>WIDE</b>: one row per "
            "zone, one column per date (first statistic). <b>REPORT</b>: HTML with the "
            "curves of up to 20 zones.")

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Time series (stack or one raster per date)"),
            QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterString(
            "DATES", self.tr("Dates, comma-separated ISO (else from metadata / file names)"),
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "PRODUCT", self.tr("Product (decoding)"), options=product_options(),
            defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "ZONES", self.tr("Zones (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "ZONE_FIELD", self.tr("Zone label field (default: feature id)"),
            parentLayerParameterName="ZONES", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "STATISTICS", self.tr("Statistics"), options=list(STATISTICS),
            allowMultiple=True, defaultValue=[0, 9]))
        self.addParameter(QgsProcessingParameterEnum(
            "WEIGHTING", self.tr("Cell weighting"),
            options=[self.tr(t) for t in WEIGHTING_LABELS], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_VALID_FRACTION", self.tr("Minimum valid fraction of a zone"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0, maxValue=1.0))
        self.addParameter(table_parameter("OUTPUT", self.tr("Zonal time series (long)")))
        self.addParameter(table_parameter("WIDE", self.tr("Zonal time series (wide)"),
                                          optional=True, create_by_default=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "REPORT", self.tr("Report (HTML)"), self.tr("HTML files (*.html)"),
            optional=True, createByDefault=False))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Resolve layers, dates and zones on the main thread. A problem is raised again
        from processAlgorithm, so processing.run reports its message, not a generic one."""
        try:
            self._job = self._prepare(parameters, context, feedback)
        except QgsProcessingException as exc:
            self._job = exc
        return True

    def _prepare(self, parameters, context, feedback) -> dict:
        from ..clms_plugin.analysis.phenology.inputs import resolve_stack

        paths, first = raster_paths(self, parameters, context)
        try:
            stack = resolve_stack(paths, self.parameterAsString(parameters, "DATES", context))
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from exc
        encoding, label = encoding_for(
            self.parameterAsEnum(parameters, "PRODUCT", context), stack.paths[0])
        wkbs, labels, kind = read_zones(self, parameters, context, first.crs(), feedback)
        stats = [STATISTICS[i] for i in self.parameterAsEnums(parameters, "STATISTICS", context)]
        if not stats:
            raise QgsProcessingException(self.tr("STATISTICS: choose at least one statistic"))
        return {"stack": stack, "encoding": encoding, "label": label, "wkbs": wkbs,
                     "labels": labels, "kind": kind, "stats": stats,
                     "weighting": self.parameterAsEnum(parameters, "WEIGHTING", context),
                     "min_valid": self.parameterAsDouble(parameters, "MIN_VALID_FRACTION",
                                                         context),
                     "name": first.name()}

    def processAlgorithm(self, parameters, context, feedback):
        from ..clms_plugin.analysis.engine import blocks
        from ..clms_plugin.analysis.engine.errors import ParameterError
        from ..clms_plugin.analysis.zonal import zonal_time_series

        job = self._job
        if isinstance(job, Exception):
            raise job
        stack = job["stack"]
        feedback.pushInfo(self.tr("{0} dates from {1}; {2} zones; decoding: {3}").format(
            len(stack.dates), stack.date_source, len(job["wkbs"]), job["label"]))
        try:
            result = zonal_time_series(
                stack.paths, stack.dates, job["wkbs"], job["labels"], job["stats"],
                weighting=job["weighting"], encoding=job["encoding"],
                min_valid_fraction=job["min_valid"],
                progress=self.progress_callback(feedback),
                is_canceled=self.cancel_callback(feedback))
        except blocks.Cancelled as exc:
            raise QgsProcessingException(self.tr("Cancelled: no output was written.")) from exc
        except (ParameterError, ValueError, FileNotFoundError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        outside = int((result.zone_area_m2 <= 0).sum())
        if outside:
            feedback.pushWarning(self.tr("{0} zone(s) have no cell in the raster: their rows "
                                         "are empty").format(outside))
        columns = [("zone", job["kind"]), ("date", "date")] + [(s, "float") for s in job["stats"]]
        answer = {"OUTPUT": write_table(self, parameters, "OUTPUT", context, columns,
                                        result.long_rows(job["stats"]), feedback)}
        wide_cols = [("zone", job["kind"])] + [(d.isoformat(), "float") for d in stack.dates]
        wide = write_table(self, parameters, "WIDE", context, wide_cols,
                           result.wide_rows(job["stats"][0]), feedback)
        if wide:
            answer["WIDE"] = wide
        report = self.parameterAsFileOutput(parameters, "REPORT", context)
        if report:
            from ..clms_plugin.analysis.zonal.report import report_html

            method = (f"Weighting: {WEIGHTING_LABELS[job['weighting']]}; cell areas: "
                      f"{result.area_method}; decoding: {job['label']}.")
            try:
                page = report_html(self.tr("Zonal time series — {0}").format(job["name"]),
                                   result.dates, result.labels, result.values, job["stats"],
                                   method)
            except ImportError as exc:
                raise QgsProcessingException(self.tr(
                    "REPORT: the charts need matplotlib ({0}); install python3-matplotlib or "
                    "leave REPORT empty").format(exc)) from exc
            Path(report).write_text(page, encoding="utf-8")
            answer["REPORT"] = report
        return answer
