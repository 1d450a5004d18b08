"""``clms:anomaly`` — anomalies of a time series against a long-term normal, one band per date.

Thin adapter: layers, dates, product and reference are resolved in ``prepareAlgorithm`` →
``analysis.zonal.anomaly_run.anomaly`` (block runner) → Float32 raster with dated bands and a
diverging-ramp ``.qml`` sidecar. Definitions live in ``clms_plugin/analysis/zonal/anomaly.py``.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from .base import ClmsAlgorithm
from .zonal_inputs import encoding_for, product_options, raster_paths

PERIOD_LABELS = ("Dekad (36 a year)", "Month", "Day-of-year window (± WINDOW_DAYS)")
METHOD_LABELS = ("z-score (x − mean) / std (sample std)", "Difference x − mean",
                 "Percent of mean 100·x / mean", "Condition index (VCI) 100·(x − min)/(max − min)")
# (min, centre, max) of the diverging ramp per METHOD; None = symmetric from the data
RAMP_RANGES = ((-3.0, 0.0, 3.0), None, (50.0, 100.0, 150.0), (0.0, 50.0, 100.0))
RAMP_COLOURS = ("#b2182b", "#f7f7f7", "#2166ac")


def diverging_qml(lo: float, mid: float, hi: float) -> str:
    """A minimal single-band pseudocolour style (red – white – blue) for band 1."""
    items = "".join(
        f'<item alpha="255" value="{v:.6g}" label="{v:.6g}" color="{c}"/>'
        for v, c in zip((lo, mid, hi), RAMP_COLOURS))
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version=\"3.40\">"
        "<pipe><rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" "
        f"classificationMin=\"{lo:.6g}\" classificationMax=\"{hi:.6g}\">"
        "<rastershader><colorrampshader colorRampType=\"INTERPOLATED\" "
        f"classificationMode=\"1\" clip=\"0\" minimumValue=\"{lo:.6g}\" "
        f"maximumValue=\"{hi:.6g}\">{items}</colorrampshader></rastershader>"
        "</rasterrenderer></pipe></qgis>")


class AnomalyAlgorithm(ClmsAlgorithm):
    """z-score, difference, percent of mean or VCI of every date against its period's normal."""

    ALG_ID = "anomaly"
    DISPLAY_NAME = "Anomalies against the long-term normal"
    GROUP = "Zonal statistics"
    GROUP_ID = "zonal"

    def shortHelpString(self) -> str:
        return self.tr(
            "How unusual each date of a series is compared with the normal of its period of "
            "the year.<br><b>INPUT</b>: one multiband stack or one raster per date; "
            "<b>DATES</b> optional (else metadata / file names); <b>PRODUCT</b> decodes "
            "stored numbers and masks flags (0 auto, 1 physical values, then the registry's "
            "products).<br><b>Normal</b>: from <b>REFERENCE</b> — a long-term-statistics "
            "product, one raster per dekad (36) or month (12) with bands mean, std/stdev, "
            "min, max (found by band description, else in that order) and optional nobs, "
            "ordered by the -MMDD of the file names (CGLS NDVI-LTS style), scale/offset "
            "applied — or from <b>REFERENCE_YEARS</b> (\"first-last\" of the input's own "
            "years, empty = all): every valid observation of those years in the same "
            "<b>PERIOD</b> (0 dekad: days 1–10, 11–20, 21–end; 1 month; 2 day of year "
            "± WINDOW_DAYS, across the year end).<br><b>METHOD</b>: 0 z-score "
            "(x − mean)/std with the sample std; 1 difference x − mean; 2 percent of mean "
            "100·x/mean; 3 condition index (VCI) 100·(x − min)/(max − min).<br>Nodata where "
            "x is nodata, where fewer than <b>MIN_YEARS</b> years hold a valid reference "
            "value, or where the denominator is 0.<br><b>OUTPUT</b>: Float32, one band per "
            "input date (band description = ISO date), NaN nodata, diverging colour ramp.")

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
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "REFERENCE", self.tr("Long-term statistics (one raster per period; optional)"),
            QgsProcessing.TypeRaster, optional=True))
        self.addParameter(QgsProcessingParameterString(
            "REFERENCE_YEARS", self.tr("Reference years of the input, first-last (empty = all)"),
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "PERIOD", self.tr("Period of the year"), options=[self.tr(t) for t in PERIOD_LABELS],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "WINDOW_DAYS", self.tr("Day-of-year half window (days)"),
            QgsProcessingParameterNumber.Integer, defaultValue=15, minValue=0, maxValue=183))
        self.addParameter(QgsProcessingParameterEnum(
            "METHOD", self.tr("Method"), options=[self.tr(t) for t in METHOD_LABELS],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_YEARS", self.tr("Minimum number of reference years"),
            QgsProcessingParameterNumber.Integer, defaultValue=3, minValue=1))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT", self.tr("Anomalies")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Resolve layers, dates and zones on the main thread. A problem is raised again
        from processAlgorithm, so processing.run reports its message, not a generic one."""
        try:
            self._job = self._prepare(parameters, context, feedback)
        except QgsProcessingException as exc:
            self._job = exc
        return True

    def _prepare(self, parameters, context, feedback) -> dict:  # noqa: ARG002
        from ..clms_plugin.analysis.phenology.inputs import resolve_stack

        paths, _ = raster_paths(self, parameters, context)
        try:
            stack = resolve_stack(paths, self.parameterAsString(parameters, "DATES", context))
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from exc
        encoding, label = encoding_for(
            self.parameterAsEnum(parameters, "PRODUCT", context), stack.paths[0])
        reference = []
        if self.parameterAsLayerList(parameters, "REFERENCE", context):
            reference, _ = raster_paths(self, parameters, context, "REFERENCE")
        return {"stack": stack, "encoding": encoding, "label": label,
                     "reference": reference,
                     "years": self.parameterAsString(parameters, "REFERENCE_YEARS", context),
                     "period": self.parameterAsEnum(parameters, "PERIOD", context),
                     "window": self.parameterAsInt(parameters, "WINDOW_DAYS", context),
                     "method": self.parameterAsEnum(parameters, "METHOD", context),
                     "min_years": self.parameterAsInt(parameters, "MIN_YEARS", context)}

    def processAlgorithm(self, parameters, context, feedback):
        from ..clms_plugin.analysis.engine import blocks
        from ..clms_plugin.analysis.engine.errors import ParameterError
        from ..clms_plugin.analysis.zonal.anomaly_run import anomaly

        job = self._job
        if isinstance(job, Exception):
            raise job
        stack = job["stack"]
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        feedback.pushInfo(self.tr("{0} dates from {1}; decoding: {2}; normal: {3}").format(
            len(stack.dates), stack.date_source, job["label"],
            "REFERENCE" if job["reference"] else
            self.tr("reference years {0}").format(job["years"] or self.tr("all"))))
        try:
            anomaly(stack.paths, stack.dates, output, method=job["method"],
                    period=job["period"], window_days=job["window"],
                    min_years=job["min_years"], reference_years=job["years"],
                    reference=job["reference"] or None, encoding=job["encoding"],
                    progress=self.progress_callback(feedback),
                    is_canceled=self.cancel_callback(feedback))
        except blocks.Cancelled as exc:
            raise QgsProcessingException(self.tr("Cancelled: no output was written.")) from exc
        except (ParameterError, ValueError, FileNotFoundError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        qml = Path(output).with_suffix(".qml")
        qml.write_text(diverging_qml(*self._ramp(output, job["method"])), encoding="utf-8")
        self.style_on_load(context, output, qml)
        return {"OUTPUT": output}

    @staticmethod
    def _ramp(path: str, method: int) -> tuple[float, float, float]:
        """Ramp range of METHOD; for differences ± the 98th percentile of |band 1|."""
        fixed = RAMP_RANGES[method]
        if fixed is not None:
            return fixed
        import numpy as np
        import rasterio

        with rasterio.open(path) as ds:
            step = max(1, max(ds.width, ds.height) // 1024)
            band = ds.read(1, out_shape=(max(1, ds.height // step), max(1, ds.width // step)))
        finite = np.abs(band[np.isfinite(band)])
        top = float(np.percentile(finite, 98)) if finite.size else 1.0
        top = top or 1.0
        return -top, 0.0, top
