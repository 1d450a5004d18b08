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
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..clms_plugin.analysis import landcover as lc_domain
from ..clms_plugin.products import landcover
from .base import ClmsAlgorithm
from .glue import STYLES, polygon_mask, warn_without_crs, worker_threads

LEGENDS = [*landcover.LEGEND_ENUM, ("unccd", "Already UNCCD 7 classes (1 Tree-covered … "
                                              "7 Water body)")]


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
    SINGLE_BAND_INPUTS = (INITIAL, FINAL)
    OUTPUT_STYLES = {OUTPUT: STYLES / "sdg1531_landcover.qml"}

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INITIAL, self.tr("Initial land cover (baseline)")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.FINAL, self.tr("Final land cover (target year)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.LEGEND, self.tr("Legend of both rasters"),
            [self.tr(label) for _, label in LEGENDS], defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.MAPPING, self.tr("Mapping to UNCCD classes (CSV source_code,unccd_code)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.MATRIX, self.tr("Degradation matrix (CSV; default UNCCD matrix)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask polygons (only pixels whose centre is inside count)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Land-cover degradation (−1/0/1)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.SUMMARY, self.tr("Summary table"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))

    def shortHelpString(self) -> str:
        return self.tr(
            "The land-cover sub-indicator of SDG 15.3.1 (proportion of degraded land): both "
            "dates are aggregated to the 7 UNCCD classes (1 Tree-covered, 2 Grassland, "
            "3 Cropland, 4 Wetland, 5 Artificial, 6 Other land, 7 Water body) and each "
            "transition is looked up in the UNCCD default degradation matrix.\n\n"
            "OUTPUT: Int16, −1 degraded, 0 stable, 1 improved, −32768 no data.\n"
            "Default matrix (rows initial, columns final): any loss of tree cover, wetland "
            "loss and conversion to artificial land are degradation; Grassland → Cropland "
            "is an improvement and Cropland → Grassland a degradation; every transition to "
            "or from Water body is stable. MATRIX: an edited copy of resources/mappings/"
            "unccd_degradation_matrix.csv (header 'initial\\final,1,…,N', values −1/0/1).\n"
            "LEGEND: as in 'Land cover to IPCC land categories', plus 7 = the rasters "
            "already hold UNCCD classes. MAPPING: optional CSV 'source_code,unccd_code' "
            "overriding the default aggregation (required for a custom legend).\n"
            "SUMMARY: CSV status, pixels, area_ha, percent, area_method (ellipsoidal cell "
            "area on geographic CRS).\n\n"
            "Sources: UNCCD Good Practice Guidance for SDG 15.3.1 as implemented by "
            "Trends.Earth (land_cover_transition_matrix_unccd.json, ESA CCI → UNCCD "
            "nesting); the other legends are nested by analogy (resources/mappings).")

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        self.shapes = polygon_mask(self, parameters, self.MASK, context,
                                   self.layers[self.INITIAL][0])

    def run_core(self, parameters, context, feedback):
        legend_id = LEGENDS[self.parameterAsEnum(parameters, self.LEGEND, context)][0]
        return lc_domain.sdg1531(
            self.uri(self.INITIAL), self.uri(self.FINAL), self.out(self.OUTPUT),
            legend=legend_id, mapping_csv=self.files.get(self.MAPPING),
            matrix_csv=self.files.get(self.MATRIX), summary_csv=self.out(self.SUMMARY),
            mask_shapes=self.shapes, threads=worker_threads(), **self.core_kwargs(feedback))

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        for msg in result.messages:
            (feedback.pushWarning if "not in the mapping" in msg else feedback.pushInfo)(msg)
        for s, name in lc_domain.STATUS.items():
            feedback.pushInfo(self.tr("{0}: {1:.2f} ha ({2:.3f} %)").format(
                name, result.area_m2[s] / 1e4, result.percent(s)))
        warn_without_crs(self, feedback, getattr(result, "area_method", ""), self.SUMMARY)
        return {}
