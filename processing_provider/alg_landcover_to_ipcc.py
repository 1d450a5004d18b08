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
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..clms_plugin.analysis import landcover as lc_domain
from ..clms_plugin.products import landcover
from .base import ClmsAlgorithm
from .glue import polygon_mask, warn_without_crs, worker_threads
from .table_sink import table_parameter

#: LEGEND: 0–6 as DESIGN.md §6, then 7 LCFM, 8 CLC+ Backbone, 9 CLC+ LULUCF (appended)
LEGENDS = landcover.ipcc_legend_enum()



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

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.add(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Land-cover raster")),
                 self.tr("A land-cover classification (CGLS-LC100, ESA WorldCover, CORINE, "
                         "ESA CCI / C3S, LCFM, CLC+ or a custom legend)."))
        self.add(QgsProcessingParameterEnum(
            self.LEGEND, self.tr("Legend of the input"),
            [self.tr(label) for _, label in LEGENDS], defaultValue=0),
            self.tr("Which classification the raster uses; auto-detect reads the file name, "
                    "then the values. A custom legend needs a mapping table."))
        self.add(QgsProcessingParameterFile(
            self.MAPPING, self.tr("Mapping table (CSV source_code,ipcc_code; overrides)"),
            extension="csv", optional=True),
            self.tr("Optional CSV whose rows override the default correspondence of a class "
                    "to an IPCC category (or define it for a custom legend)."))
        self.add(QgsProcessingParameterEnum(
            self.PROFILES, self.tr("Alternative choices for contested classes"),
            [self.tr(label) for _, label in lc_domain.profiles()], allowMultiple=True,
            optional=True, defaultValue=[]),
            self.tr("Documented alternatives, e.g. shrubland counted as other land, open "
                    "forest as grassland, water left out."))
        self.add(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask polygons (only pixels whose centre is inside count)"),
            [QgsProcessing.TypeVectorPolygon], optional=True),
            self.tr("Optional area of interest: only pixels whose centre lies inside a "
                    "polygon are written and counted."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("IPCC land categories")),
            self.tr("Byte raster: 1 Forest land, 2 Cropland, 3 Grassland, 4 Wetlands, "
                    "5 Settlements, 6 Other land, 255 no data (styled, with class names)."))
        self.add(table_parameter(self.AREA_TABLE, self.tr("Area table"), optional=True,
                                 create_by_default=False),
                 self.tr("Optional table: pixels and hectares per IPCC category, with the "
                         "area method."))
        self.addOutput(QgsProcessingOutputNumber(
            self.UNMAPPED, self.tr("Pixels whose code the mapping does not cover")))

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("Maps each land-cover class to one of the six IPCC land categories and "
                    "measures their areas."),
            self.tr("A land-cover raster and its legend (recognised from the file name or "
                    "values, or chosen); an optional mapping table, alternative profiles and "
                    "mask polygons."),
            self.tr("A Byte raster of IPCC categories (1 Forest land, 2 Cropland, 3 Grassland, "
                    "4 Wetlands, 5 Settlements, 6 Other land, 255 no data), styled and with "
                    "class names; an optional area table (CSV, XLSX, GeoPackage or a "
                    "temporary layer)."),
            self.tr("A lookup table per legend: closed and open forest → Forest land; shrubs "
                    "and herbaceous → Grassland; cropland → Cropland; urban → Settlements; "
                    "bare, snow, moss → Other land; water and herbaceous wetland → Wetlands "
                    "(IPCC counts lakes and rivers as wetlands); open sea and no data → 255. "
                    "Codes the mapping does not cover become no data and are listed in the "
                    "log. Areas use the exact WGS84 ellipsoidal cell area on a geographic CRS, "
                    "the pixel area on a projected CRS."),
            self.tr("IPCC 2006 Guidelines Vol. 4 Ch. 3 (six land categories); CGLS-LC100 "
                    "v3.0.1, ESA WorldCover v100/v200, CORINE (EEA), ESA CCI-LC / C3S, LCFM "
                    "and CLC+ legends; correspondences follow the CCI-LC PUG IPCC table by "
                    "analogy, UKCEH luc_track for CORINE and Trends.Earth for the UNCCD "
                    "classes. Tables: resources/mappings/*.csv (editable)."))

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        self.shapes = polygon_mask(self, parameters, self.MASK, context,
                                   self.layers[self.INPUT][0])

    def run_core(self, parameters, context, feedback):
        legend_id = LEGENDS[self.parameterAsEnum(parameters, self.LEGEND, context)][0]
        profile_ids = [lc_domain.profiles()[i][0]
                       for i in self.parameterAsEnums(parameters, self.PROFILES, context)]
        result = lc_domain.landcover_to_ipcc(
            self.uri(self.INPUT), self.out(self.OUTPUT), legend=legend_id,
            mapping_csv=self.files.get(self.MAPPING), profile_ids=profile_ids,
            mask_shapes=self.shapes, threads=worker_threads(), **self.core_kwargs(feedback))
        self.write_table(parameters, self.AREA_TABLE, context,
                         lc_domain.ipcc_area_table(result), feedback)
        return result

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        for msg in result.messages:
            (feedback.pushWarning if "not in the mapping" in msg else feedback.pushInfo)(msg)
        for code in (*lc_domain.IPCC_CODES, lc_domain.NODATA):
            feedback.pushInfo(self.tr("{0}: {1} px, {2:.2f} ha").format(
                lc_domain.IPCC_NAMES[code], result.pixels[code], result.area_m2[code] / 1e4))
        warn_without_crs(self, feedback, result.area_method, self.AREA_TABLE)
        return {self.UNMAPPED: sum(result.unmapped.values())}
