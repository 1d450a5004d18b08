"""``clms:anomaly`` — anomalies of a time series against a long-term normal, one band per date.

Thin adapter on the Processing base: ``run_core`` finds the dates (``products.dates`` via
``analysis.zonal.dated_series``) and the PRODUCT encoding, then
``analysis.zonal.anomaly_run.anomaly`` (block runner) writes the Float32 raster with dated
bands and its diverging-ramp ``.qml`` sidecar (``products.styles``) to the staged output.
Definitions live in ``clms_plugin/analysis/zonal/anomaly.py``.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from .base import ClmsAlgorithm
from .zonal_inputs import add_series_parameters, encoding_for

PERIOD_LABELS = ("Dekad (36 a year)", "Month", "Day-of-year window (± WINDOW_DAYS)")
METHOD_LABELS = ("z-score (x − mean) / std (sample std)", "Difference x − mean",
                 "Percent of mean 100·x / mean", "Condition index (VCI) 100·(x − min)/(max − min)")


class AnomalyAlgorithm(ClmsAlgorithm):
    """z-score, difference, percent of mean or VCI of every date against its period's normal."""

    ALG_ID = "anomaly"
    DISPLAY_NAME = "Anomalies against the long-term normal"
    GROUP = "Zonal statistics"
    GROUP_ID = "zonal"
    LAYER_HINTS = {"INPUT": "add one multiband stack or one raster per date."}

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("How unusual each date of a series is compared with the normal of its "
                    "period of the year."),
            self.tr("INPUT: one multiband stack or one raster per date; DATES optional (else "
                    "metadata / file names); PRODUCT decodes stored numbers and masks flags "
                    "(0 auto, 1 physical values, then the registry's products). The normal: "
                    "from REFERENCE — a long-term-statistics product, one raster per dekad "
                    "(36) or month (12) with bands mean, std/stdev, min, max (found by band "
                    "description, else in that order) and optional nobs, ordered by the -MMDD "
                    "of the file names (CGLS NDVI-LTS style), scale/offset applied — or from "
                    "REFERENCE_YEARS (\"first-last\" of the input's own years, empty = all)."),
            self.tr("OUTPUT: Float32, one band per input date (band description = ISO date), "
                    "NaN nodata, styled with a diverging colour ramp (a .qml sidecar)."),
            self.tr("Every valid observation of the reference years in the same PERIOD (0 "
                    "dekad: days 1–10, 11–20, 21–end; 1 month; 2 day of year ± WINDOW_DAYS, "
                    "across the year end). METHOD: 0 z-score (x − mean)/std with the sample "
                    "std; 1 difference x − mean; 2 percent of mean 100·x/mean; 3 condition "
                    "index (VCI) 100·(x − min)/(max − min). Nodata where x is nodata, where "
                    "fewer than MIN_YEARS years hold a valid reference value, or where the "
                    "denominator is 0."),
            self.tr("Kogan 1995 (vegetation condition index); CGLS NDVI long-term statistics "
                    "product user manual."))

    def initAlgorithm(self, config=None):  # noqa: ARG002
        add_series_parameters(self, self.tr("Time series (stack or one raster per date)"))
        self.add(QgsProcessingParameterMultipleLayers(
            "REFERENCE", self.tr("Long-term statistics (one raster per period; optional)"),
            QgsProcessing.TypeRaster, optional=True),
            self.tr("A long-term-statistics product: one raster per dekad (36) or month (12) "
                    "with bands mean, std, min, max (and optionally nobs). Empty: the normal "
                    "is computed from REFERENCE_YEARS of the input."))
        self.add(QgsProcessingParameterString(
            "REFERENCE_YEARS", self.tr("Reference years of the input, first-last (empty = all)"),
            optional=True),
            self.tr("e.g. 2001-2020: the input's years the normal is computed from; empty: "
                    "every year of the input."))
        self.add(QgsProcessingParameterEnum(
            "PERIOD", self.tr("Period of the year"), options=[self.tr(t) for t in PERIOD_LABELS],
            defaultValue=0),
            self.tr("Which observations share a normal: the same dekad, the same month, or "
                    "days of the year within ± WINDOW_DAYS."))
        self.add(QgsProcessingParameterNumber(
            "WINDOW_DAYS", self.tr("Day-of-year half window (days)"),
            QgsProcessingParameterNumber.Integer, defaultValue=15, minValue=0, maxValue=183),
            self.tr("Half width of the day-of-year window (PERIOD 2 only)."))
        self.add(QgsProcessingParameterEnum(
            "METHOD", self.tr("Method"), options=[self.tr(t) for t in METHOD_LABELS],
            defaultValue=0),
            self.tr("How a value is compared with its normal."))
        self.add(QgsProcessingParameterNumber(
            "MIN_YEARS", self.tr("Minimum number of reference years"),
            QgsProcessingParameterNumber.Integer, defaultValue=3, minValue=1),
            self.tr("Periods with fewer years of valid reference values get nodata."))
        self.add(QgsProcessingParameterRasterDestination(
            "OUTPUT", self.tr("Anomalies")),
            self.tr("Float32, one band per input date named by its ISO date; NaN nodata; a "
                    "diverging colour ramp."))

    def run_core(self, parameters, context, feedback):
        from ..clms_plugin.analysis import zonal
        from ..clms_plugin.analysis.zonal.anomaly_run import anomaly

        series = zonal.dated_series(self.uris("INPUT"),
                                    self.parameterAsString(parameters, "DATES", context))
        encoding, label = encoding_for(self.parameterAsEnum(parameters, "PRODUCT", context),
                                       series.paths[0])
        reference = self.uris("REFERENCE")
        years = self.parameterAsString(parameters, "REFERENCE_YEARS", context)
        feedback.pushInfo(self.tr("{0} dates from {1}; decoding: {2}; normal: {3}").format(
            len(series.dates), series.source, label,
            "REFERENCE" if reference else
            self.tr("reference years {0}").format(years or self.tr("all"))))
        return anomaly(list(series.inputs), series.dates, self.out("OUTPUT"),
                       method=self.parameterAsEnum(parameters, "METHOD", context),
                       period=self.parameterAsEnum(parameters, "PERIOD", context),
                       window_days=self.parameterAsInt(parameters, "WINDOW_DAYS", context),
                       min_years=self.parameterAsInt(parameters, "MIN_YEARS", context),
                       reference_years=years, reference=reference or None, encoding=encoding,
                       **self.core_kwargs(feedback))

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        feedback.pushInfo(self.tr("{0} window(s)").format(result.windows))
        return {}
