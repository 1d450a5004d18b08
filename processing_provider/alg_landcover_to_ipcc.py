"""``clms:landcovertoipcc`` — land-cover classes → the six IPCC land categories, with areas.

Thin adapter: parameters → ``analysis.landcover.landcover_to_ipcc`` (LUT over the block
runner) → styled Byte raster + area table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
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

SOURCES_HELP = (
    "Sources: IPCC 2006 Guidelines Vol. 4 Ch. 3 (six land categories, Approaches 1–3); "
    "CGLS-LC100 v3.0.1, ESA WorldCover v100/v200, CORINE (EEA; raster index 1–44, 48 = "
    "nodata) and ESA CCI-LC / C3S legends; default correspondences follow the CCI-LC PUG "
    "IPCC table by analogy, UKCEH luc_track for CORINE and Trends.Earth for the UNCCD "
    "classes. Tables: resources/mappings/*.csv (editable)."
)


class LandcoverToIpccAlgorithm(ClmsAlgorithm):
    """Reclassify a land-cover raster to IPCC land categories (1–6, 255 nodata)."""

    ALG_ID = "landcovertoipcc"
    DISPLAY_NAME = "Land cover to IPCC land categories"

    INPUT = "INPUT"
    LEGEND = "LEGEND"
    MAPPING = "MAPPING"
    PROFILES = "PROFILES"
    MASK = "MASK"
    OUTPUT = "OUTPUT"
    AREA_TABLE = "AREA_TABLE"
    UNMAPPED = "UNMAPPED_PIXELS"
    SINGLE_BAND_INPUTS = (INPUT,)
    OUTPUT_STYLES = {OUTPUT: STYLES / "ipcc_categories.qml"}

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INPUT, self.tr("Land-cover raster")))
        self.addParameter(QgsProcessingParameterEnum(
            self.LEGEND, self.tr("Legend of the input"),
            [self.tr(label) for _, label in landcover.LEGEND_ENUM], defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.MAPPING, self.tr("Mapping table (CSV source_code,ipcc_code; overrides)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.PROFILES, self.tr("Alternative choices for contested classes"),
            [self.tr(label) for _, label in lc_domain.profiles()], allowMultiple=True,
            optional=True, defaultValue=[]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask polygons (only pixels whose centre is inside count)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("IPCC land categories")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.AREA_TABLE, self.tr("Area table"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(
            self.UNMAPPED, self.tr("Pixels whose code the mapping does not cover")))

    def shortHelpString(self) -> str:
        return self.tr(
            "Maps each land-cover class to one of the six IPCC land categories with a lookup "
            "table: 1 Forest land, 2 Cropland, 3 Grassland, 4 Wetlands, 5 Settlements, "
            "6 Other land; 255 = no data (Byte).\n\n"
            "LEGEND: 0 recognises CGLS-LC100, ESA WorldCover, CORINE (raster index 1–44 or "
            "3-digit codes) and ESA CCI / C3S from the file name, then from the values; "
            "6 = custom needs MAPPING.\n"
            "MAPPING: optional CSV 'source_code,ipcc_code' whose rows override the default "
            "mapping (or define it for a custom legend).\n"
            "PROFILES: documented alternatives for contested classes (shrubland → other land "
            "as in the CCI-LC PUG, open forest → grassland, sparse vegetation → grassland as "
            "in Trends.Earth, water excluded, …).\n"
            "Defaults: closed and open forest → Forest land; shrubs, herbaceous → Grassland; "
            "cropland → Cropland; urban → Settlements; bare, snow, moss → Other land; water "
            "and herbaceous wetland → Wetlands (IPCC counts lakes and rivers as wetlands); "
            "open sea and nodata → 255.\n"
            "Codes the mapping does not cover become no data, and the log lists them with "
            "their pixel counts.\n"
            "MASK: optional polygons; only pixels whose centre lies inside are written and "
            "counted.\n"
            "AREA_TABLE: CSV ipcc_code, category, pixels, area_ha, area_method. On a "
            "geographic CRS areas use the exact WGS84 ellipsoidal cell area per row; on a "
            "projected CRS the pixel area.\n\n" + SOURCES_HELP)

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        self.shapes = polygon_mask(self, parameters, self.MASK, context,
                                   self.layers[self.INPUT][0])

    def run_core(self, parameters, context, feedback):
        legend_id = landcover.LEGEND_ENUM[self.parameterAsEnum(parameters, self.LEGEND,
                                                               context)][0]
        profile_ids = [lc_domain.profiles()[i][0]
                       for i in self.parameterAsEnums(parameters, self.PROFILES, context)]
        return lc_domain.landcover_to_ipcc(
            self.uri(self.INPUT), self.out(self.OUTPUT), legend=legend_id,
            mapping_csv=self.files.get(self.MAPPING), profile_ids=profile_ids,
            mask_shapes=self.shapes, area_table=self.out(self.AREA_TABLE),
            threads=worker_threads(), **self.core_kwargs(feedback))

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        for msg in result.messages:
            (feedback.pushWarning if "not in the mapping" in msg else feedback.pushInfo)(msg)
        for code in (*lc_domain.IPCC_CODES, lc_domain.NODATA):
            feedback.pushInfo(self.tr("{0}: {1} px, {2:.2f} ha").format(
                lc_domain.IPCC_NAMES[code], result.pixels[code], result.area_m2[code] / 1e4))
        warn_without_crs(self, feedback, result.area_method, self.AREA_TABLE)
        return {self.UNMAPPED: sum(result.unmapped.values())}
