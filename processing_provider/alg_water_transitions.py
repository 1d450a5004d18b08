"""clms:watertransitions — GSW transition classes from yearly water classifications.

Thin adapter: layers + years → ``analysis.water_transitions.run_transitions`` (streamed) →
styled class raster (embedded palette + QML legend) and an area table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..clms_plugin.analysis.water.encodings import ENCODING_LABELS
from ..clms_plugin.version import PLUGIN_ROOT
from .base import ClmsAlgorithm

STYLE = PLUGIN_ROOT / "resources" / "styles" / "water_transitions.qml"


class WaterTransitionsAlgorithm(ClmsAlgorithm):
    """First/last valid year → the 11 JRC GSW transition classes."""

    ALG_ID = "watertransitions"
    DISPLAY_NAME = "Surface water transitions (JRC GSW classes)"
    GROUP = "Water"
    GROUP_ID = "water"

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
            + [self.tr(f"Monthly maps: {label}") for label in ENCODING_LABELS],
            defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterString(
            "DATES", self.tr("Dates of monthly maps, comma-separated ISO (monthly input only)"),
            optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT", self.tr("Water transitions")))
        self.addParameter(QgsProcessingParameterFileDestination(
            "AREA_TABLE", self.tr("Area table (CSV)"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):
        from ..clms_plugin.analysis.engine import blocks
        from ..clms_plugin.analysis.water.dates import dated_bands, dated_years
        from ..clms_plugin.analysis.water.transitions import run_transitions

        layers = self.parameterAsLayerList(parameters, "INPUT", context)
        if not layers:
            raise QgsProcessingException(
                self.tr("INPUT: no raster layer given; add one yearly classification per year."))
        paths = [self.raster_path(layer, "INPUT") for layer in layers]
        output = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        table = self.parameterAsFileOutput(parameters, "AREA_TABLE", context) or None
        kind = self.parameterAsEnum(parameters, "INPUT_KIND", context)
        monthly = kind - 1 if kind >= 1 else None
        try:
            if monthly is None:
                years = dated_years(paths, self.parameterAsString(parameters, "YEARS", context))
            else:
                dates = self.parameterAsString(parameters, "DATES", context)
                years = [(b.path, b.band, b.year, b.month)
                         for b in dated_bands(paths, dates, "INPUT")]
            feedback.pushInfo(self.tr(
                "Years: " + ", ".join(str(y) for y in sorted({t[2] for t in years}))))
            result = run_transitions(
                years, output, table, progress=self.progress_callback(feedback),
                is_canceled=self.cancel_callback(feedback), monthly_encoding=monthly)
        except blocks.Cancelled as exc:
            raise QgsProcessingException(self.tr("Cancelled: no output was written.")) from exc
        except (ValueError, FileNotFoundError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(self.tr(f"Areas: {result['area_method']}"))
        self.style_on_load(context, output, STYLE)
        answer = {"OUTPUT": output}
        if table:
            answer["AREA_TABLE"] = table
        return answer
