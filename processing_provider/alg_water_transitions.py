"""clms:watertransitions — GSW transition classes from yearly water classifications.

Thin adapter: layers + years → ``analysis.water.run_transitions`` (streamed) →
styled class raster (embedded palette + QML legend) and an area table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..clms_plugin.analysis.water.encodings import ENCODING_LABELS
from . import reports
from .base import ClmsAlgorithm
from .glue import warn_without_crs
from .table_sink import table_parameter


class WaterTransitionsAlgorithm(ClmsAlgorithm):
    """First/last valid year → the 11 JRC GSW transition classes."""

    ALG_ID = "watertransitions"
    DISPLAY_NAME = "Surface water transitions (JRC GSW classes)"
    GROUP = "Water"
    GROUP_ID = "water"
    LAYER_HINTS = {"INPUT": "add one yearly classification per year."}

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("How surface water changed between the first and the last year of a "
                    "series, in the JRC Global Surface Water transition classes."),
            self.tr("One yearly water classification per year (GSW coding 0 no data, 1 not "
                    "water, 2 seasonal, 3 permanent), or monthly water maps from which each "
                    "year's class is derived; years from YEARS, band metadata or file names; "
                    "all layers on one grid."),
            self.tr("A Byte raster of transition classes 0–10 (255 no data), styled with "
                    "the JRC palette and class names; an optional area table; an optional "
                    "HTML report."),
            self.tr("First = the class of the first year with data, last = of the last year "
                    "with data. 0 no change / not water, 1 permanent, 2 new permanent, 3 lost "
                    "permanent, 4 seasonal, 5 new seasonal, 6 lost seasonal, 7 seasonal to "
                    "permanent, 8 permanent to seasonal, 9 ephemeral permanent, 10 ephemeral "
                    "seasonal. From monthly maps: permanent = water in every month with a "
                    "valid observation that year, seasonal = in some, not water = in none. "
                    "Areas use the WGS84 ellipsoidal cell area on a geographic CRS."),
            self.tr("Pekel et al. 2016; Google Earth Engine catalog JRC/GSW1_4 (transition "
                    "codes and palette); GEE GSW tutorial part 4."))

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.add(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Yearly water classifications (one per year)"),
            QgsProcessing.TypeRaster),
            self.tr("One layer per year (or the bands of a stack); monthly maps when the "
                    "input kind says so."))
        self.add(QgsProcessingParameterString(
            "YEARS", self.tr("Years, comma-separated (else from metadata/names)"),
            optional=True),
            self.tr("One year per layer or band, e.g. 1990, 2000, 2020; leave empty to read "
                    "them from band metadata or file names."))
        self.add(QgsProcessingParameterEnum(
            "INPUT_KIND", self.tr("Input layers are"),
            options=[self.tr("Yearly classes (GSW 0 no data, 1 not water, 2 seasonal, "
                             "3 permanent)")]
            + [self.tr("Monthly maps: {0}").format(label) for label in ENCODING_LABELS],
            defaultValue=0, optional=True),
            self.tr("Yearly classifications, or monthly water maps in one of the encodings "
                    "(each year's class is then derived from its months)."))
        self.add(QgsProcessingParameterString(
            "DATES", self.tr("Dates of monthly maps, comma-separated ISO (monthly input only)"),
            optional=True),
            self.tr("For monthly maps: one ISO date per map or band; leave empty to read them "
                    "from band metadata or file names."))
        self.add(QgsProcessingParameterRasterDestination(
            "OUTPUT", self.tr("Water transitions")),
            self.tr("Byte raster of the 11 GSW transition classes, 255 no data."))
        self.add(table_parameter("AREA_TABLE", self.tr("Area table"), optional=True,
                                 create_by_default=False),
                 self.tr("Optional table: pixels and hectares per transition class."))
        self.addParameter(reports.report_parameter(self, self.tr(
            "Optional HTML page: areas by transition class as a chart in the JRC colours, "
            "the table and the method (inputs with years, sources).")))

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
        result = water.run_transitions(years, self.out("OUTPUT"), None,
                                       monthly_encoding=monthly, **self.core_kwargs(feedback))
        self.write_table(parameters, "AREA_TABLE", context, result["table"], feedback)
        if self.out(reports.REPORT):
            kind_label = (self.tr("yearly classes") if monthly is None else
                          self.tr("monthly maps: {0}").format(ENCODING_LABELS[monthly]))
            self._report(result, kind_label)
        return result

    def _report(self, result, kind_label: str) -> None:
        from ..clms_plugin.analysis.engine import report as report_domain
        from ..clms_plugin.products import styles

        classes = styles.legend_entries("gsw_transitions")
        years = result["years"]
        span = self.tr("{0} years, {1} … {2}").format(len(years), years[0], years[-1])
        inputs, sources = reports.input_facts(self, ("INPUT",))
        inputs = [("YEARS", span), *inputs]
        method = [
            (self.tr("Input kind"), kind_label),
            (self.tr("Rule"), self.tr("class of the first year with data → class of the "
                                      "last year with data; ephemeral classes from the "
                                      "years in between")),
            (self.tr("Area method"), result["area_method"]),
        ]
        table = result["table"]
        page = report_domain.class_area_report(
            self.tr("Surface water transitions"), classes, result["area_ha"], table.names(),
            table.rows, inputs, method, sources, skip_empty=False,
            chart_caption=self.tr("Area by transition class (ha), in the JRC colours of the "
                                  "map."),
            subtitle=span)
        reports.write(self, page)

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        feedback.pushInfo(self.tr("Areas: {0}").format(result["area_method"]))
        warn_without_crs(self, feedback, result["area_method"], "AREA_TABLE")
        return {}
