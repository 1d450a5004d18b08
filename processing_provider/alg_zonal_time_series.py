"""``clms:zonaltimeseries`` — per-zone statistics of every date of a raster time series.

Thin adapter on the Processing base: the zones are read and transformed to the raster's CRS
in the ``prepare`` hook (main thread); ``run_core`` finds the dates (``products.dates``, via
``analysis.zonal.dated_series``), calls ``analysis.zonal.zonal_time_series`` (exact coverage
fractions once per window, streaming per-zone partial sums) and hands the long and wide
tables to ``write_table`` and the report page to ``reports.write`` (all staged).
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
)

from ..clms_plugin.analysis.engine.tables import Table
from ..clms_plugin.analysis.zonal.stats import STATISTICS
from . import reports
from .base import ClmsAlgorithm
from .table_sink import table_parameter
from .zonal_inputs import (
    WEIGHTING_LABELS,
    add_series_parameters,
    add_zone_parameters,
    encoding_for,
    read_zones,
)


class ZonalTimeSeriesAlgorithm(ClmsAlgorithm):
    """Mean/std/min/max/median/p10/p90/sum/count/valid share per zone and date."""

    ALG_ID = "zonaltimeseries"
    DISPLAY_NAME = "Zonal time series (statistics per zone and date)"
    GROUP = "Zonal statistics"
    GROUP_ID = "zonal"
    LAYER_HINTS = {"INPUT": "add one multiband stack or one raster per date."}

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("Statistics of every zone for every date of a raster time series, e.g. "
                    "the NDVI or FAPAR curve of each field or region."),
            self.tr("INPUT: one multiband stack (a band per date) or one raster per date, on "
                    "one grid; DATES, else band metadata, else file names. PRODUCT: 0 auto "
                    "(from the file name), 1 physical values, then the registry's products: "
                    "stored numbers are decoded and flags masked first. ZONES: polygons in "
                    "any CRS; ZONE_FIELD labels the rows (default: feature id)."),
            self.tr("OUTPUT: zone, date, one column per statistic. WIDE: one row per zone, "
                    "one column per date (first statistic). REPORT: HTML with the curves of "
                    "up to 20 zones."),
            self.tr("WEIGHTING 0 exact: each cell weighs the share of its area inside the "
                    "polygon (computed analytically, not by supersampling) × its area (WGS84 "
                    "ellipsoidal on geographic grids); 1: cells whose centre is inside. "
                    "mean and std (weighted, population std); min, max (cells touching the "
                    "zone); median, p10, p90 (exact weighted quantiles, linear interpolation "
                    "as numpy's default for equal weights; the values of zones that span "
                    "several windows are held in memory, 4 bytes per cell and date, capped at "
                    "1 GiB); sum = Σ share × value and count = Σ share (cell-equivalents, "
                    "like exactextract); valid_fraction = weighted share of the zone with a "
                    "valid value. All are exact; none is approximated. Below "
                    "MIN_VALID_FRACTION a zone/date gets empty values (count and "
                    "valid_fraction stay)."),
            self.tr("exactextract (coverage fractions, weighted quantiles); CLMS product "
                    "user manuals for the encodings (resources/products/products.json)."))

    def initAlgorithm(self, config=None):  # noqa: ARG002
        add_series_parameters(self, self.tr("Time series (stack or one raster per date)"))
        add_zone_parameters(self)
        self.add(QgsProcessingParameterEnum(
            "STATISTICS", self.tr("Statistics"), options=list(STATISTICS),
            allowMultiple=True, defaultValue=[0, 9]),
            self.tr("Columns of the table, in this order: 0 mean, 1 std, 2 min, 3 max, "
                    "4 median, 5 p10, 6 p90, 7 sum, 8 count, 9 valid_fraction."))
        self.add(QgsProcessingParameterNumber(
            "MIN_VALID_FRACTION", self.tr("Minimum valid fraction of a zone"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0, maxValue=1.0),
            self.tr("Below this weighted share of valid cells a zone/date gets empty values "
                    "instead of a number (count and valid_fraction stay)."))
        self.add(table_parameter("OUTPUT", self.tr("Zonal time series (long)")),
                 self.tr("One row per zone and date: zone, date, one column per statistic."))
        self.add(table_parameter("WIDE", self.tr("Zonal time series (wide)"), optional=True,
                                 create_by_default=False),
                 self.tr("Optional: one row per zone, one column per date, holding the first "
                         "statistic."))
        self.addParameter(reports.report_parameter(self, self.tr(
            "Optional HTML page: the curves of up to 20 zones, their table, the inputs and "
            "the method.")))

    def prepare(self, parameters, context, feedback):
        """Main thread: the zones as WKB in the raster's CRS, their labels and label kind."""
        layer = self.layers["INPUT"][0]
        self.layer_name = layer.name()
        self.zones = read_zones(self, parameters, context, layer.crs(), feedback)

    def run_core(self, parameters, context, feedback):
        from ..clms_plugin.analysis import zonal
        from ..clms_plugin.analysis.engine.errors import ParameterError

        series = zonal.dated_series(self.uris("INPUT"),
                                    self.parameterAsString(parameters, "DATES", context))
        encoding, label = encoding_for(self.parameterAsEnum(parameters, "PRODUCT", context),
                                       series.paths[0])
        stats = [STATISTICS[i] for i in self.parameterAsEnums(parameters, "STATISTICS", context)]
        if not stats:
            raise ParameterError("STATISTICS", "choose at least one statistic")
        wkbs, labels, kind = self.zones
        weighting = self.parameterAsEnum(parameters, "WEIGHTING", context)
        feedback.pushInfo(self.tr("{0} dates from {1}; {2} zones; decoding: {3}").format(
            len(series.dates), series.source, len(wkbs), label))
        result = zonal.zonal_time_series(
            list(series.inputs), series.dates, wkbs, labels, stats, weighting=weighting,
            encoding=encoding,
            min_valid_fraction=self.parameterAsDouble(parameters, "MIN_VALID_FRACTION", context),
            **self.core_kwargs(feedback))
        columns = [("zone", kind), ("date", "date")] + [(s, "float") for s in stats]
        self.write_table(parameters, "OUTPUT", context,
                         Table(columns, list(result.long_rows(stats))), feedback)
        if self.asked(parameters, "WIDE"):
            wide = [("zone", kind)] + [(d.isoformat(), "float") for d in series.dates]
            self.write_table(parameters, "WIDE", context,
                             Table(wide, list(result.wide_rows(stats[0]))), feedback)
        if self.out(reports.REPORT):
            self._report(result, stats, weighting, label)
        return result

    def _report(self, result, stats: list[str], weighting: int, decoding: str) -> None:
        from ..clms_plugin.analysis.zonal.report import time_series_report

        inputs, sources = reports.input_facts(self, ("INPUT",))
        inputs = [("DATES", self.tr("{0} dates, {1} … {2}").format(
            len(result.dates), result.dates[0], result.dates[-1])), *inputs,
            ("ZONES", self.tr("{0} zones").format(len(result.labels)))]
        method = [(self.tr("Weighting"), self.tr(WEIGHTING_LABELS[weighting])),
                  (self.tr("Cell areas"), result.area_method),
                  (self.tr("Decoding"), decoding),
                  (self.tr("Statistics"), ", ".join(stats))]
        page = time_series_report(self.tr("Zonal time series — {0}").format(self.layer_name),
                                  result, stats, inputs, method, sources)
        reports.write(self, page)

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        outside = int((result.zone_area_m2 <= 0).sum())
        if outside:
            feedback.pushWarning(self.tr("{0} zone(s) have no cell in the raster: their rows "
                                         "are empty").format(outside))
        return {}
