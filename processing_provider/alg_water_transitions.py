"""clms:watertransitions — GSW transition classes from yearly water classifications.

Thin adapter: layers + years → ``analysis.water.run_transitions`` (streamed) →
styled class raster (embedded palette + QML legend) and an area table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..clms_plugin.analysis.water.encodings import ENCODING_LABELS
from .base import ClmsAlgorithm
from .glue import STYLES, warn_without_crs


class WaterTransitionsAlgorithm(ClmsAlgorithm):
    """First/last valid year → the 11 JRC GSW transition classes."""

    ALG_ID = "watertransitions"
    DISPLAY_NAME = "Surface water transitions (JRC GSW classes)"
    GROUP = "Water"
    GROUP_ID = "water"
    OUTPUT_STYLES = {"OUTPUT": STYLES / "water_transitions.qml"}
    LAYER_HINTS = {"INPUT": "add one yearly classification per year."}

    def shortHelpString(self) -> str:
        return self.tr(
            "Surface-water transitions between the first and the last year of a series of "
            "yearly water classifications, with the JRC Global Surface Water classes "
            "(Pekel et al. 2016).<br>"
            "<b>INPUT</b>: one layer per year (or bands of a stack), GSW yearly coding: 0 no "
            "data, 1 not water, 2 seasonal water, 3 permanent water (other values = no data). "
            "Years from YEARS (comma-separated, one per band), else band metadata, else file "
            "names (e.g. 'yearly_classification_2000'). All layers must share one grid.<br>"
            "Alternatively (INPUT_KIND ≥ 1) give monthly water maps: each year's class is "
            "derived from its months — permanent = water in every month with a valid "
            "observation that year, seasonal = in some but not all, not water = in none, no "
            "data = no valid month (several maps of one month: the month is water if any map "
            "shows water); dates from DATES, band metadata or file names as in "
            "clms:watersurfacechange.<br>"
            "<b>Rule</b>: first = class of the first year with data, last = class of the last "
            "year with data (a first/last year without data is gap-filled from the nearest "
            "year with data). 0 no change / not water, 1 permanent (P→P), 2 new permanent "
            "(N→P), 3 lost permanent (P→N), 4 seasonal (S→S), 5 new seasonal (N→S), 6 lost "
            "seasonal (S→N), 7 seasonal to permanent, 8 permanent to seasonal, 9 ephemeral "
            "permanent (N→N with a permanent year in between; takes precedence), 10 ephemeral "
            "seasonal (N→N with only seasonal years in between). 255 = no year with data.<br>"
            "<b>AREA_TABLE</b> (optional CSV code,class,pixels,area_ha), WGS84 ellipsoidal cell "
            "areas on geographic CRS.<br>"
            "Sources: Pekel et al. 2016; Google Earth Engine catalog JRC/GSW1_4 (transition "
            "codes and palette); GEE GSW tutorial part 4."
        )

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Yearly water classifications (one per year)"),
            QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterString(
            "YEARS", self.tr("Years, comma-separated (else from metadata/names)"),
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "INPUT_KIND", self.tr("Input layers are"),
            options=[self.tr("Yearly classes (GSW 0 no data, 1 not water, 2 seasonal, "
                             "3 permanent)")]
            + [self.tr("Monthly maps: {0}").format(label) for label in ENCODING_LABELS],
            defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterString(
            "DATES", self.tr("Dates of monthly maps, comma-separated ISO (monthly input only)"),
            optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT", self.tr("Water transitions")))
        self.addParameter(QgsProcessingParameterFileDestination(
            "AREA_TABLE", self.tr("Area table (CSV)"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))

    def run_core(self, parameters, context, feedback):
        import numpy as np

        from ..clms_plugin.analysis import water
        from ..clms_plugin.analysis.water.checks import require_codes
        from ..clms_plugin.analysis.water.encodings import decode_monthly

        paths = self.uris("INPUT")
        kind = self.parameterAsEnum(parameters, "INPUT_KIND", context)
        monthly = kind - 1 if kind >= 1 else None
        if monthly is None:
            years = water.dated_years(paths, self.parameterAsString(parameters, "YEARS",
                                                                    context))
        else:
            dates = self.parameterAsString(parameters, "DATES", context)
            years = [(b.path, b.band, b.year, b.month)
                     for b in water.dated_bands(paths, dates, "INPUT")]
        if monthly is None:
            require_codes([(t[0], t[1]) for t in years], lambda v: np.isin(v, (1, 2, 3)),
                          "INPUT", "GSW yearly classes 1 not water, 2 seasonal, 3 permanent")
        else:
            require_codes([(t[0], t[1]) for t in years],
                          lambda v: decode_monthly(v, monthly) > 0, "INPUT",
                          ENCODING_LABELS[monthly])
        feedback.pushInfo(self.tr("Years: {0}").format(
            ", ".join(str(y) for y in sorted({t[2] for t in years}))))
        return water.run_transitions(years, self.out("OUTPUT"), self.out("AREA_TABLE"),
                                     monthly_encoding=monthly, **self.core_kwargs(feedback))

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        feedback.pushInfo(self.tr("Areas: {0}").format(result["area_method"]))
        warn_without_crs(self, feedback, result["area_method"], "AREA_TABLE")
        return {}
