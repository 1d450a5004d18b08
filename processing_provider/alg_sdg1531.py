"""``clms:sdg1531landcover`` — SDG 15.3.1 land-cover degradation (−1/0/+1) and summary.

Thin adapter over ``clms_plugin.analysis.landcover.sdg``: both dates → UNCCD 7 classes → default
(or user) degradation matrix → Int16 raster + summary table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..clms_plugin.analysis import landcover as lc_domain
from ..clms_plugin.analysis.engine import blocks
from ..clms_plugin.products import landcover
from .alg_landcover_to_ipcc import STYLES, polygon_mask, raise_core_error, worker_threads
from .base import ClmsAlgorithm

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

    def processAlgorithm(self, parameters, context, feedback):
        a = self.parameterAsRasterLayer(parameters, self.INITIAL, context)
        b = self.parameterAsRasterLayer(parameters, self.FINAL, context)
        pa, pb = self.raster_path(a, self.INITIAL), self.raster_path(b, self.FINAL)
        legend_id = LEGENDS[self.parameterAsEnum(parameters, self.LEGEND, context)][0]
        mapping_csv = self.parameterAsFile(parameters, self.MAPPING, context) or None
        matrix_csv = self.parameterAsFile(parameters, self.MATRIX, context) or None
        shapes = polygon_mask(self, parameters, self.MASK, context, a)
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        summary = self.parameterAsFileOutput(parameters, self.SUMMARY, context) or None
        try:
            result = lc_domain.sdg1531(
                pa, pb, out_path, legend=legend_id, mapping_csv=mapping_csv,
                matrix_csv=matrix_csv, summary_csv=summary, mask_shapes=shapes,
                progress=self.progress_callback(feedback),
                is_canceled=self.cancel_callback(feedback), threads=worker_threads())
        except blocks.Cancelled:
            feedback.reportError(self.tr("Cancelled: no output was written."))
            return {}
        except blocks.GridMismatchError as exc:
            raise QgsProcessingException(self.tr(
                f"INITIAL and FINAL are not on the same grid: {exc}")) from exc
        except (OSError, ValueError, KeyError) as exc:
            text = str(exc)
            label = next((p for p in (self.MATRIX, self.MAPPING, self.FINAL)
                          if text.startswith(p)), self.INITIAL)
            raise_core_error(self, exc, label)
        for msg in result.messages:
            (feedback.pushWarning if "not in the mapping" in msg else feedback.pushInfo)(msg)
        for s, name in lc_domain.STATUS.items():
            feedback.pushInfo(f"{name}: {result.area_m2[s] / 1e4:.2f} ha "
                              f"({result.percent(s):.3f} %)")
        self.style_on_load(context, out_path, STYLES / "sdg1531_landcover.qml")
        return {self.OUTPUT: out_path, self.SUMMARY: summary}
