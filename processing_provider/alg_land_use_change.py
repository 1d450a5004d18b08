"""``clms:landusechange`` — IPCC land-use change raster, Approach 2 matrix and transitions.

Thin adapter over ``analysis.landcover.landuse_change``: two IPCC-category rasters on one
grid (typically two ``clms:landcovertoipcc`` outputs) → ``10·initial + final`` Byte raster
(colour table, category names and QML sidecar written by the core) + the area matrix and the
tidy transitions as table layers + an optional HTML report (flow diagram, heat map, method).
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..clms_plugin.analysis import landcover as lc_domain
from ..clms_plugin.analysis.engine import report as report_domain
from ..clms_plugin.products import styles
from . import reports
from .base import ClmsAlgorithm
from .glue import polygon_mask, warn_without_crs, worker_threads
from .table_sink import table_parameter


class LandUseChangeAlgorithm(ClmsAlgorithm):
    """Cross-tabulate two IPCC land-category rasters into a land-use change matrix."""

    ALG_ID = "landusechange"
    DISPLAY_NAME = "IPCC land-use change matrix"

    INITIAL = "INITIAL"
    FINAL = "FINAL"
    MASK = "MASK"
    OUTPUT = "OUTPUT"
    MATRIX = "MATRIX"
    TRANSITIONS = "TRANSITIONS"
    REPORT = reports.REPORT
    SINGLE_BAND_INPUTS = (INITIAL, FINAL)

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.add(QgsProcessingParameterRasterLayer(
            self.INITIAL, self.tr("Initial IPCC land categories (1–6)")),
            self.tr("IPCC land categories of the earlier date (1 Forest land … 6 Other land, "
                    "255 no data), e.g. the output of 'Land cover to IPCC land categories'."))
        self.add(QgsProcessingParameterRasterLayer(
            self.FINAL, self.tr("Final IPCC land categories (1–6)")),
            self.tr("IPCC land categories of the later date, on the same grid as the "
                    "initial raster."))
        self.add(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask polygons (only pixels whose centre is inside count)"),
            [QgsProcessing.TypeVectorPolygon], optional=True),
            self.tr("Optional area of interest: only pixels whose centre lies inside a "
                    "polygon are mapped and counted."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Land-use change (10×initial + final)")),
            self.tr("Byte raster: 11 = forest land remaining forest land, 12 = forest land "
                    "converted to cropland, …; 255 where either date has no data."))
        self.add(table_parameter(self.MATRIX, self.tr("Change matrix (ha)"),
                                 temporary_by_default=True),
                 self.tr("Table: one row per initial category, one column per final "
                         "category (hectares), then the final area and the net change. "
                         "Save it as CSV, XLSX, GeoPackage or keep a temporary layer."))
        self.add(table_parameter(self.TRANSITIONS, self.tr("Transitions table"),
                                 optional=True, create_by_default=False),
                 self.tr("Optional table with one row per observed conversion: code, initial "
                         "and final category, IPCC wording, pixels and hectares."))
        self.addParameter(reports.report_parameter(self, self.tr(
            "Optional HTML page: flow diagram and heat map of the conversions in the map's "
            "colours, the matrix, and the method (inputs, area method, sources).")))

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("Compares two rasters of IPCC land categories and reports the land-use "
                    "change between them: a map of conversions and the IPCC Approach 2 "
                    "matrix in hectares."),
            self.tr("Two rasters of IPCC categories (1 Forest land, 2 Cropland, 3 Grassland, "
                    "4 Wetlands, 5 Settlements, 6 Other land, 255 no data) on the same grid, "
                    "e.g. two outputs of 'Land cover to IPCC land categories'; optional mask "
                    "polygons."),
            self.tr("A change raster coded 10 × initial + final (styled, with class names); "
                    "the change matrix and the transitions as tables (CSV, XLSX, GeoPackage "
                    "or a temporary layer; the area method is a column); an optional HTML "
                    "report with a flow diagram and a heat map."),
            self.tr("Pixels are cross-tabulated in one streaming pass. Areas use the exact "
                    "WGS84 ellipsoidal cell area per row on a geographic CRS, the pixel area "
                    "on a projected CRS. Rasters on different grids are refused (no silent "
                    "resampling); values other than 1–6 and 255 are refused. A two-date "
                    "comparison gives observed conversions, not the 20-year 'land converted "
                    "to' inventory sub-categories."),
            self.tr("IPCC 2006 Guidelines Vol. 4 Ch. 3 (§3.3.1, Approach 2 matrix); UNFCCC "
                    "CRF category names."))

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        self.shapes = polygon_mask(self, parameters, self.MASK, context,
                                   self.layers[self.INITIAL][0])

    def run_core(self, parameters, context, feedback):
        result = lc_domain.land_use_change(
            self.uri(self.INITIAL), self.uri(self.FINAL), self.out(self.OUTPUT),
            mask_shapes=self.shapes, labels=(self.INITIAL, self.FINAL),
            threads=worker_threads(), **self.core_kwargs(feedback))
        matrix = lc_domain.matrix_table(result)
        self.write_table(parameters, self.MATRIX, context, matrix, feedback)
        self.write_table(parameters, self.TRANSITIONS, context,
                         lc_domain.transitions_table(result), feedback)
        if self.out(self.REPORT):
            self._report(result, matrix)
        return result

    def _report(self, result, matrix) -> None:
        classes = styles.legend_entries("ipcc")
        inputs, sources = reports.input_facts(self, (self.INITIAL, self.FINAL))
        method = [
            (self.tr("Coding"), self.tr("10 × initial + final category; 255 no data")),
            (self.tr("Legend"), ", ".join(f"{c} {n}" for c, n, _ in classes)),
            (self.tr("Area method"), result.area_method),
            (self.tr("Mask"), self.tr("polygons (pixel centre inside)") if self.shapes
             else self.tr("none (whole raster)")),
            (self.tr("Guidance"), self.tr("IPCC 2006 Guidelines Vol. 4 Ch. 3, Approach 2")),
        ]
        page = report_domain.change_matrix_report(
            self.tr("IPCC land-use change"), result.area_ha()[:6, :6], classes,
            matrix.names(), matrix.rows, inputs, method, sources,
            subtitle=" → ".join(self.sources[n][0].name for n in (self.INITIAL, self.FINAL)))
        reports.write(self, page)

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        ha = result.area_ha()
        for i, ci in enumerate(lc_domain.IPCC_CODES):
            for j, cj in enumerate(lc_domain.IPCC_CODES):
                if i != j and result.pixels[i, j]:
                    feedback.pushInfo(self.tr("{0}: {1:.2f} ha").format(
                        lc_domain.transition_label(ci, cj), ha[i, j]))
        feedback.pushInfo(self.tr("Area method: {0}.").format(result.area_method))
        warn_without_crs(self, feedback, result.area_method, self.MATRIX, self.TRANSITIONS)
        return {}
