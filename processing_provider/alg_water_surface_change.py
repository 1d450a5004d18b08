"""clms:watersurfacechange — surface-water occurrence and its change between two epochs.

Thin adapter: layers + dates → ``analysis.water.run_surface_change`` (streamed by the block
runner) → styled rasters + an area table. Definitions live in ``analysis/water/occurrence.py``;
the glue (resolve, guard, stage, commit, cancel) is the base's.
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

RASTERS = ("OCCURRENCE1", "OCCURRENCE2", "CHANGE", "SEASONALITY", "RECURRENCE")


class WaterSurfaceChangeAlgorithm(ClmsAlgorithm):
    """Occurrence (epoch 1, epoch 2), change intensity, seasonality, recurrence (JRC GSW)."""

    ALG_ID = "watersurfacechange"
    DISPLAY_NAME = "Surface water occurrence change (JRC GSW method)"
    GROUP = "Water"
    GROUP_ID = "water"
    LAYER_HINTS = {"EPOCH1": "add one monthly water map per month.",
                   "EPOCH2": "add one monthly water map per month."}

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("How often surface water was present in two epochs, and how that "
                    "changed, following the JRC Global Surface Water definitions."),
            self.tr("One water map per month (or multiband stacks, one band per month) for "
                    "each epoch, all on one grid; their dates from DATES1/DATES2, band "
                    "metadata or file names (GSW 'YYYY_MM', CLMS 'c_gls_WB100_YYYYMM…'); the "
                    "encoding: GSW monthly history (0 no data, 1 not water, 2 water), CLMS "
                    "Water Bodies (70 water, 255 no water, 251 no data, 0 sea), or binary."),
            self.tr("Occurrence of each epoch (0–100 %), change intensity (−100…100 %), "
                    "optional seasonality (months with water in the last full year of epoch "
                    "2) and recurrence (%), all styled; an optional area table by change "
                    "class; an optional HTML report."),
            self.tr("Occurrence = the mean over calendar months of water detections / valid "
                    "observations (this removes the bias of seasons observed more often). "
                    "Change = the mean over homologous months (observed in both epochs) of "
                    "epoch 2 minus epoch 1 monthly occurrence; no homologous month → no data. "
                    "Recurrence: per calendar month, years with water / years observed, "
                    "averaged over the months where water was ever seen. Pixels without a "
                    "valid observation are no data, never 0; values are rounded half away "
                    "from zero. Areas use the WGS84 ellipsoidal cell area on a geographic "
                    "CRS."),
            self.tr("Pekel et al. 2016, Nature 540:418-422; JRC GSW Data Users Guide; Google "
                    "Earth Engine catalog JRC/GSW1_4; CLMS Water Bodies colour map."))

    def initAlgorithm(self, config=None):  # noqa: ARG002
        for epoch in ("1", "2"):
            self.add(QgsProcessingParameterMultipleLayers(
                f"EPOCH{epoch}", self.tr("Epoch {0}: monthly water maps").format(epoch),
                QgsProcessing.TypeRaster),
                self.tr("Monthly water maps of epoch {0}: one per month, several years; "
                        "all on one grid.").format(epoch))
        for epoch in ("1", "2"):
            self.add(QgsProcessingParameterString(
                f"DATES{epoch}",
                self.tr("Epoch {0} dates, comma-separated ISO (else from metadata/names)")
                .format(epoch), optional=True),
                self.tr("One ISO date per map or band, e.g. 2001-01-01, 2001-02-01; leave "
                        "empty to read them from band metadata or file names."))
        self.add(QgsProcessingParameterEnum(
            "ENCODING", self.tr("Encoding of the monthly maps"),
            options=[self.tr(label) for label in ENCODING_LABELS], defaultValue=0),
            self.tr("How the maps code water, not water and no data. The encoding decides, "
                    "not the file's nodata tag (255 is a class in CLMS Water Bodies)."))
        helps = {
            "OCCURRENCE1": self.tr("Byte 0–100 %: how often water was seen in epoch 1."),
            "OCCURRENCE2": self.tr("Byte 0–100 %: how often water was seen in epoch 2."),
            "CHANGE": self.tr("Int16 −100…100 %: occurrence change over homologous months."),
            "SEASONALITY": self.tr("Optional, Byte 0–12: months with water in the last full "
                                   "year of epoch 2."),
            "RECURRENCE": self.tr("Optional, Byte 0–100 %: how regularly water returns "
                                  "year after year."),
        }
        titles = {"OCCURRENCE1": self.tr("Occurrence epoch 1 (%)"),
                  "OCCURRENCE2": self.tr("Occurrence epoch 2 (%)"),
                  "CHANGE": self.tr("Occurrence change intensity (%)"),
                  "SEASONALITY": self.tr("Seasonality (months, last full year of epoch 2)"),
                  "RECURRENCE": self.tr("Recurrence (%)")}
        for key in RASTERS:
            optional = key in ("SEASONALITY", "RECURRENCE")
            self.add(QgsProcessingParameterRasterDestination(
                key, titles[key], optional=optional, createByDefault=not optional),
                helps[key])
        self.add(table_parameter("AREA_TABLE", self.tr("Area table"), optional=True,
                                 create_by_default=False),
                 self.tr("Optional table: pixels and hectares per change class (permanent "
                         "loss and gain, occurrence decrease and increase, not water, no "
                         "homologous months)."))
        self.addParameter(reports.report_parameter(self, self.tr(
            "Optional HTML page: areas by change class as a chart in the colours of the "
            "change map, the table and the method (inputs with dates, encoding, sources).")))

    def run_core(self, parameters, context, feedback):
        from ..clms_plugin.analysis import water
        from ..clms_plugin.analysis.water.checks import require_codes
        from ..clms_plugin.analysis.water.encodings import decode_monthly

        encoding = self.parameterAsEnum(parameters, "ENCODING", context)
        bands = {e: water.dated_bands(self.uris(f"EPOCH{e}"),
                                      self.parameterAsString(parameters, f"DATES{e}", context),
                                      f"EPOCH{e}")
                 for e in ("1", "2")}
        for e in ("1", "2"):
            months = sorted({b.month for b in bands[e]})
            feedback.pushInfo(self.tr("Epoch {0}: {1} maps, {2} … {3}, calendar months {4}")
                              .format(e, len(bands[e]), bands[e][0].date, bands[e][-1].date,
                                      months))
            require_codes([(b.path, b.band) for b in bands[e]],
                          lambda v: decode_monthly(v, encoding) > 0, f"EPOCH{e}",
                          ENCODING_LABELS[encoding])
        outputs = {key: self.out(key) for key in RASTERS if self.out(key)}
        want_areas = self.asked(parameters, "AREA_TABLE") or bool(self.out(reports.REPORT))
        result = water.run_surface_change(bands["1"], bands["2"], encoding, outputs,
                                          areas=want_areas, **self.core_kwargs(feedback))
        if result["table"] is not None:
            self.write_table(parameters, "AREA_TABLE", context, result["table"], feedback)
            if self.out(reports.REPORT):
                self._report(result, bands, ENCODING_LABELS[encoding])
        return result

    def _report(self, result, bands, encoding_label: str) -> None:
        from ..clms_plugin.analysis import water
        from ..clms_plugin.analysis.engine import report as report_domain

        colours = water.change_class_colours()
        classes = [(c, n, colours[c]) for c, n in water.CHANGE_CLASSES]
        spans = {f"EPOCH{e}": self.tr("{0} maps, {1} … {2}").format(
            len(bands[e]), bands[e][0].date, bands[e][-1].date) for e in ("1", "2")}
        inputs, sources = reports.input_facts(self, ("EPOCH1", "EPOCH2"))
        inputs = [*((k, v) for k, v in spans.items()), *inputs]  # dates first, then files
        method = [
            (self.tr("Encoding"), encoding_label),
            (self.tr("Definitions"), self.tr("JRC Global Surface Water (Pekel et al. 2016): "
                                             "monthly occurrence, change over homologous "
                                             "months")),
            (self.tr("Seasonality reference year"), result["reference_year"]),
            (self.tr("Area method"), result["area_method"]),
        ]
        page = report_domain.class_area_report(
            self.tr("Surface water occurrence change"), classes, result["area_ha"],
            result["table"].names(), result["table"].rows, inputs, method, sources,
            chart_caption=self.tr("Area by change class (ha), coloured as the change map."),
            subtitle=self.tr("epoch 1 {0} … {1} → epoch 2 {2} … {3}").format(
                bands["1"][0].date, bands["1"][-1].date, bands["2"][0].date,
                bands["2"][-1].date))
        reports.write(self, page)

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        feedback.pushInfo(self.tr("Seasonality reference year: {0}; areas: {1}").format(
            result["reference_year"], result["area_method"]))
        warn_without_crs(self, feedback, result["area_method"], "AREA_TABLE")
        return {}
