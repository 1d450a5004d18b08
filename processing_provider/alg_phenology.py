"""``clms:phenology`` — vegetation phenology metrics (HR-VPP / TIMESAT definitions).

Thin adapter: layers + dates + product → ``analysis.phenology.run`` (the vectorised kernel
streamed by the block runner) → one 27-band Float32 raster (13 metrics × 2 seasons +
NUMSEASON) and an optional HTML profile of one pixel. Definitions live in
``clms_plugin/analysis/phenology/kernel.py``.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterPoint,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..clms_plugin.analysis.phenology.inputs import PRODUCT_CHOICES
from .base import ClmsAlgorithm

SMOOTHING_CHOICES = (("none", "None (linear interpolation)"),
                     ("whittaker", "Whittaker (λ, 2nd differences)"),
                     ("savgol", "Savitzky–Golay (local polynomial)"))


class PhenologyAlgorithm(ClmsAlgorithm):
    """Start/end/peak of season, length, amplitude, productivity for up to two seasons."""

    ALG_ID = "phenology"
    DISPLAY_NAME = "Vegetation phenology metrics (HR-VPP definitions)"
    GROUP = "Vegetation"
    GROUP_ID = "vegetation"
    LAYER_HINTS = {"INPUT": "add one multiband stack or one raster per date."}

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("Per-pixel phenology of a vegetation time series with the TIMESAT / CLMS "
                    "HR-VPP definitions: start, end and peak of up to two seasons of a year, "
                    "their length, amplitude and productivity."),
            self.tr("One multiband stack (a band per date) or one raster per date (NDVI, PPI, "
                    "LAI, FAPAR, FCOVER), all on one grid, with about half a year of buffer "
                    "on each side of YEAR. Dates from DATES, band metadata (NetCDF time, "
                    "DATE tag, ISO band description) or file names; irregular spacing is "
                    "fine. PRODUCT decodes DNs (NDVI 300 m/1 km ×0.004−0.08 with flags "
                    "251–255 masked; LAI /30; FAPAR/FCOVER /250; HR-VPP PPI ×0.0001)."),
            self.tr("A 27-band Float32 raster: 13 metrics for season 1 and season 2 (SOSD, "
                    "SOSV, EOSD, EOSV, LSLOPE, RSLOPE, LENGTH, MINV, MAXD, MAXV, AMPL, TPROD, "
                    "SPROD), then NUMSEASON; it opens on S1_SOSD with a day-of-year ramp. "
                    "Days are days of YEAR (1 January = 1; ≤ 0 the previous year, > 365 the "
                    "next), values in physical units, −32768 where there is no such season. "
                    "PROFILE: an optional HTML plot of the pixel at PROFILE_POINT."),
            self.tr("Masked observations are filled by linear interpolation in time, then "
                    "smoothed to a daily curve (Whittaker or Savitzky–Golay). Seasons are "
                    "peaks separated by troughs deeper than max(MIN_AMPLITUDE, SEASON_RATIO × "
                    "the pixel's range); a season belongs to YEAR if its peak lies in YEAR "
                    "(two largest amplitudes kept, S1 = the earlier). SOS/EOS are the first/"
                    "last days the curve reaches START_THRESHOLD/END_THRESHOLD of the "
                    "amplitude above the left/right minimum (TIMESAT seasonal amplitude); "
                    "slopes are 20–80 % chords; TPROD = ∫ curve from SOS to EOS, SPROD = ∫ "
                    "(curve − MINV). Everything is no data where fewer than 20 % of the "
                    "observations are valid."),
            self.tr("Jönsson & Eklundh 2004 (TIMESAT); TIMESAT-CLI parameters (cutoffs "
                    "0.25/0.15); CLMS HR-VPP parameter list; Eilers 2003 (Whittaker); Beck et "
                    "al. 2006."))

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.add(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Vegetation time series (stack or one raster per date)"),
            QgsProcessing.TypeRaster),
            self.tr("NDVI, PPI, LAI, FAPAR or FCOVER: one multiband stack (a band per date) "
                    "or one raster per date, all on one grid, with about half a year of "
                    "buffer on each side of the year."))
        self.add(QgsProcessingParameterString(
            "DATES", self.tr("Dates, comma-separated ISO (else from metadata / file names)"),
            optional=True),
            self.tr("One ISO date per band or file, e.g. 2020-01-01, 2020-01-11; leave empty "
                    "to read them from band metadata or file names."))
        self.add(QgsProcessingParameterEnum(
            "PRODUCT", self.tr("Product (decoding)"),
            options=[self.tr(label) for label, _ in PRODUCT_CHOICES], defaultValue=0),
            self.tr("How stored numbers become physical values and which are flags; "
                    "auto-detect reads the file names."))
        self.add(QgsProcessingParameterNumber(
            "YEAR", self.tr("Year (0 = the year in the middle of the series)"),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0, maxValue=2200),
            self.tr("Seasons whose peak lies in this year are reported; dates are days of "
                    "this year."))
        self.add(QgsProcessingParameterNumber(
            "START_THRESHOLD", self.tr("Start of season: fraction of the left amplitude"),
            QgsProcessingParameterNumber.Double, defaultValue=0.25, minValue=0.01,
            maxValue=0.99),
            self.tr("The season starts when the curve has risen by this share of the "
                    "amplitude above the left minimum (HR-VPP: 0.25)."))
        self.add(QgsProcessingParameterNumber(
            "END_THRESHOLD", self.tr("End of season: fraction of the right amplitude"),
            QgsProcessingParameterNumber.Double, defaultValue=0.15, minValue=0.01,
            maxValue=0.99),
            self.tr("The season ends when the curve has fallen to this share of the "
                    "amplitude above the right minimum (HR-VPP: 0.15)."))
        self.add(QgsProcessingParameterEnum(
            "SMOOTHING", self.tr("Smoothing"),
            options=[self.tr(label) for _, label in SMOOTHING_CHOICES], defaultValue=1),
            self.tr("How the gap-filled series becomes a daily curve."))
        self.add(QgsProcessingParameterNumber(
            "MIN_AMPLITUDE", self.tr("Minimum season amplitude (physical units)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.05, minValue=0.0),
            self.tr("Smaller bumps of the curve are not counted as seasons."))
        self.add(QgsProcessingParameterPoint(
            "PROFILE_POINT", self.tr("Point for the profile plot"), optional=True),
            self.tr("Click a field on the map: the profile plot shows the series and the "
                    "detected season of the pixel there (else of the centre pixel)."))
        self.add(QgsProcessingParameterNumber(
            "SEASON_RATIO", self.tr("Minimum trough depth as a share of the pixel's range"),
            QgsProcessingParameterNumber.Double, defaultValue=0.2, minValue=0.0,
            maxValue=0.99),
            self.tr("Two peaks are separate seasons only if the trough between them is at "
                    "least this deep."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            "WHITTAKER_LAMBDA", self.tr("Whittaker λ (days²)"),
            QgsProcessingParameterNumber.Double, defaultValue=200.0, minValue=0.01),
            self.tr("Larger values give a smoother curve."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            "SG_WINDOW", self.tr("Savitzky–Golay half window (days)"),
            QgsProcessingParameterNumber.Double, defaultValue=30.0, minValue=1.0),
            self.tr("Days on each side fitted by the local polynomial."), advanced=True)
        self.add(QgsProcessingParameterNumber(
            "SG_ORDER", self.tr("Savitzky–Golay polynomial order"),
            QgsProcessingParameterNumber.Integer, defaultValue=2, minValue=1, maxValue=4),
            self.tr("Order of the local polynomial."), advanced=True)
        self.add(QgsProcessingParameterRasterDestination(
            "OUTPUT", self.tr("Phenology metrics")),
            self.tr("27 bands (13 metrics for two seasons, then NUMSEASON), named; opens on "
                    "S1_SOSD with a day-of-year ramp."))
        self.add(QgsProcessingParameterFileDestination(
            "PROFILE", self.tr("Profile plot at the point (HTML)"),
            self.tr("HTML files (*.html)"), optional=True, createByDefault=False),
            self.tr("Optional HTML page: raw, filled and smoothed series of one pixel with "
                    "start, peak and end of season marked."))

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        """The profile point, in the input's CRS (layers are main-thread objects)."""
        layer = self.layers["INPUT"][0]
        self.layer_name = layer.name()
        self.point = None
        if parameters.get("PROFILE_POINT"):
            crs = layer.crs() if layer.crs().isValid() else QgsCoordinateReferenceSystem()
            pt = self.parameterAsPoint(parameters, "PROFILE_POINT", context, crs)
            self.point = (pt.x(), pt.y())

    def run_core(self, parameters, context, feedback):
        from ..clms_plugin.analysis import phenology as phenology_domain
        from ..clms_plugin.analysis.phenology.inputs import (
            check_year,
            default_year,
            encoding_for,
        )

        stack = phenology_domain.resolve_stack(
            self.uris("INPUT"), self.parameterAsString(parameters, "DATES", context))
        year = self.parameterAsInt(parameters, "YEAR", context) or default_year(stack.dates)
        for warning in check_year(stack.dates, year):
            feedback.pushWarning(warning)
        encoding, label = encoding_for(self.parameterAsEnum(parameters, "PRODUCT", context),
                                       stack.paths)
        params = phenology_domain.PhenologyParams(
            start_threshold=self.parameterAsDouble(parameters, "START_THRESHOLD", context),
            end_threshold=self.parameterAsDouble(parameters, "END_THRESHOLD", context),
            min_amplitude=self.parameterAsDouble(parameters, "MIN_AMPLITUDE", context),
            season_ratio=self.parameterAsDouble(parameters, "SEASON_RATIO", context),
            smoothing=SMOOTHING_CHOICES[
                self.parameterAsEnum(parameters, "SMOOTHING", context)][0],
            lam=self.parameterAsDouble(parameters, "WHITTAKER_LAMBDA", context),
            sg_half_window=self.parameterAsDouble(parameters, "SG_WINDOW", context),
            sg_order=self.parameterAsInt(parameters, "SG_ORDER", context),
        )
        params.validate()
        feedback.pushInfo(self.tr(
            "{0} dates from {1}: {2} … {3}; year {4}; decoding: {5}; smoothing: {6}").format(
                len(stack.dates), stack.date_source, stack.dates[0], stack.dates[-1], year,
                label, params.smoothing))
        result = phenology_domain.run(stack, year, self.out("OUTPUT"), params=params,
                                      encoding=encoding,
                                      **self.core_kwargs(feedback))
        if self.out("PROFILE"):
            self._profile(stack, year, params, encoding, self.out("PROFILE"), feedback)
        return result

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        feedback.pushInfo(self.tr("{0} window(s) of {1}×{2} px").format(
            result.windows, result.window_shape[0], result.window_shape[1]))
        return {}

    def _profile(self, stack, year, params, encoding, path, feedback) -> None:
        """Write the HTML profile of the pixel under PROFILE_POINT (else the centre pixel)."""
        import rasterio

        from ..clms_plugin.analysis import phenology as phenology_domain

        with rasterio.open(stack.paths[0]) as ds:
            height, width = ds.height, ds.width
            row, col = height // 2, width // 2
            if self.point is not None:
                row, col = ds.index(*self.point)
                if not (0 <= row < height and 0 <= col < width):
                    raise QgsProcessingException(self.tr(
                        "PROFILE_POINT ({0:.6g}, {1:.6g}) lies outside the input raster; pick "
                        "a point on the layer.").format(*self.point))
        prof = phenology_domain.pixel_profile(stack, year, int(row), int(col), params=params,
                                              encoding=encoding)
        title = self.tr("Phenology profile — {0}").format(self.layer_name)
        Path(path).write_text(phenology_domain.profile_html(prof, title), encoding="utf-8")
        feedback.pushInfo(self.tr("Profile of pixel row {0}, column {1} written").format(
            row, col))
