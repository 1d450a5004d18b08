"""``clms:sdg1531landcover`` — SDG 15.3.1 land-cover degradation (−1/0/+1) and summary.

Thin adapter over ``clms_plugin.analysis.landcover.sdg``: both dates → UNCCD 7 classes → default
(or user) degradation matrix → Int16 raster + summary table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..clms_plugin.analysis import landcover as lc_domain
from ..clms_plugin.analysis.engine import report as report_domain
from ..clms_plugin.products import landcover, styles
from . import reports
from .base import ClmsAlgorithm
from .glue import polygon_mask, warn_without_crs, worker_threads
from .table_sink import table_parameter

#: LEGEND: 0–6 as clms:landcovertoipcc, 7 already UNCCD, then 8 LCFM, 9 CLC+ Backbone,
#: 10 CLC+ LULUCF (appended, never renumbered)
LEGENDS = landcover.sdg_legend_enum()


class Sdg1531Algorithm(ClmsAlgorithm):
    """SDG 15.3.1 land-cover sub-indicator from two land-cover rasters."""

    ALG_ID = "sdg1531landcover"
    DISPLAY_NAME = "SDG 15.3.1 land-cover degradation"

    INITIAL = "INITIAL"
    FINAL = "FINAL"
    LEGEND = "LEGEND"
    MAPPING = "MAPPING"
    MATRIX = "MATRIX"
    MASK = "MASK"
    OUTPUT = "OUTPUT"
    SUMMARY = "SUMMARY"
    REPORT = reports.REPORT
    SINGLE_BAND_INPUTS = (INITIAL, FINAL)

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.add(QgsProcessingParameterRasterLayer(
            self.INITIAL, self.tr("Initial land cover (baseline)")),
            self.tr("Land cover of the baseline year."))
        self.add(QgsProcessingParameterRasterLayer(
            self.FINAL, self.tr("Final land cover (target year)")),
            self.tr("Land cover of the target year, on the same grid and with the same "
                    "legend as the baseline."))
        self.add(QgsProcessingParameterEnum(
            self.LEGEND, self.tr("Legend of both rasters"),
            [self.tr(label) for _, label in LEGENDS], defaultValue=0),
            self.tr("Which classification both rasters use; auto-detect reads the file name, "
                    "then the values. Choose 'Already UNCCD' when the rasters hold the 7 "
                    "UNCCD classes."))
        self.add(QgsProcessingParameterFile(
            self.MAPPING, self.tr("Mapping to UNCCD classes (CSV source_code,unccd_code)"),
            extension="csv", optional=True),
            self.tr("Optional CSV whose rows override the default aggregation of the legend "
                    "to the 7 UNCCD classes (required for a custom legend)."))
        self.add(QgsProcessingParameterFile(
            self.MATRIX, self.tr("Degradation matrix (CSV; default UNCCD matrix)"),
            extension="csv", optional=True),
            self.tr("Optional edited copy of the UNCCD degradation matrix (rows initial, "
                    "columns final, values −1, 0 or 1)."))
        self.add(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask polygons (only pixels whose centre is inside count)"),
            [QgsProcessing.TypeVectorPolygon], optional=True),
            self.tr("Optional area of interest: only pixels whose centre lies inside a "
                    "polygon are mapped and counted."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Land-cover degradation (−1/0/1)")),
            self.tr("Int16 raster: −1 degraded, 0 stable, 1 improved, −32768 no data."))
        self.add(table_parameter(self.SUMMARY, self.tr("Summary table"), optional=True,
                                 create_by_default=False),
                 self.tr("Optional table: area (pixels, hectares, percent of the valid area) "
                         "degraded, stable and improved."))
        self.addParameter(reports.report_parameter(self, self.tr(
            "Optional HTML page: areas degraded, stable and improved as a chart in the map's "
            "colours, the table and the method (legend, mapping, matrix, sources).")))

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("The land-cover sub-indicator of SDG 15.3.1 (proportion of degraded "
                    "land): where land cover changed for the worse, stayed, or improved "
                    "between a baseline and a target year."),
            self.tr("Two land-cover rasters on one grid with the same legend (LC100, "
                    "WorldCover, CORINE, ESA CCI, LCFM, CLC+, or already the 7 UNCCD "
                    "classes); optional mapping, degradation matrix and mask polygons."),
            self.tr("An Int16 raster −1 degraded / 0 stable / 1 improved (styled, with class "
                    "names); an optional summary table; an optional HTML report."),
            self.tr("Both dates are aggregated to the 7 UNCCD classes (1 Tree-covered, "
                    "2 Grassland, 3 Cropland, 4 Wetland, 5 Artificial, 6 Other land, 7 Water "
                    "body) and each transition is looked up in the degradation matrix. By "
                    "default any loss of tree cover, wetland loss and conversion to artificial "
                    "land are degradation; grassland → cropland is an improvement and "
                    "cropland → grassland a degradation; transitions to or from water are "
                    "stable. Areas use the ellipsoidal cell area on a geographic CRS."),
            self.tr("UNCCD Good Practice Guidance for SDG 15.3.1 as implemented by "
                    "Trends.Earth (land_cover_transition_matrix_unccd.json, ESA CCI → UNCCD "
                    "nesting); other legends are nested by analogy (resources/mappings)."))

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        self.shapes = polygon_mask(self, parameters, self.MASK, context,
                                   self.layers[self.INITIAL][0])

    def run_core(self, parameters, context, feedback):
        legend = LEGENDS[self.parameterAsEnum(parameters, self.LEGEND, context)]
        result = lc_domain.sdg1531(
            self.uri(self.INITIAL), self.uri(self.FINAL), self.out(self.OUTPUT),
            legend=legend[0], mapping_csv=self.files.get(self.MAPPING),
            matrix_csv=self.files.get(self.MATRIX), mask_shapes=self.shapes,
            threads=worker_threads(), **self.core_kwargs(feedback))
        table = lc_domain.summary_table(result)
        self.write_table(parameters, self.SUMMARY, context, table, feedback)
        if self.out(self.REPORT):
            self._report(result, table, legend[1])
        return result

    def _report(self, result, table, legend_label: str) -> None:
        classes = [(c, n, col) for c, n, col in styles.legend_entries("sdg1531_status")]
        names = {c: n for c, n, _ in classes}
        inputs, sources = reports.input_facts(self, (self.INITIAL, self.FINAL))
        method = [
            (self.tr("Legend"), self.tr("{0}; detected: {1}").format(
                legend_label, " / ".join(str(x) for x in result.legends))),
            (self.tr("Mapping to UNCCD"), self.files.get(self.MAPPING) or
             self.tr("default (resources/mappings)")),
            (self.tr("Degradation matrix"), self.files.get(self.MATRIX) or
             self.tr("UNCCD default")),
            (self.tr("Area method"), result.area_method),
            (self.tr("Mask"), self.tr("polygons (pixel centre inside)") if self.shapes
             else self.tr("none (whole raster)")),
            *((self.tr("Note"), m) for m in result.messages if "not in the mapping" in m),
        ]
        page = report_domain.class_area_report(
            self.tr("SDG 15.3.1 land-cover degradation"), classes,
            {s: result.area_m2[s] / 1e4 for s in names}, table.names(), table.rows,
            inputs, method, sources,
            chart_caption=self.tr("Area degraded, stable and improved (ha), coloured as the "
                                  "map."),
            subtitle=" → ".join(self.sources[n][0].name for n in (self.INITIAL, self.FINAL)))
        reports.write(self, page)

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        for msg in result.messages:
            (feedback.pushWarning if "not in the mapping" in msg else feedback.pushInfo)(msg)
        for s, name in lc_domain.STATUS.items():
            feedback.pushInfo(self.tr("{0}: {1:.2f} ha ({2:.3f} %)").format(
                name, result.area_m2[s] / 1e4, result.percent(s)))
        warn_without_crs(self, feedback, getattr(result, "area_method", ""), self.SUMMARY)
        return {}
