"""``clms:landcovertoipcc`` — land-cover classes → the six IPCC land categories, with areas.

Thin adapter: parameters → ``analysis.landcover.landcover_to_ipcc`` (LUT over the block
runner) → styled Byte raster + area table. ``polygon_mask`` is shared with the other
land-cover algorithms.
"""

from __future__ import annotations

import json
import os

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputNumber,
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
from ..clms_plugin.version import PLUGIN_ROOT
from .base import ClmsAlgorithm

STYLES = PLUGIN_ROOT / "resources" / "styles"

SOURCES_HELP = (
    "Sources: IPCC 2006 Guidelines Vol. 4 Ch. 3 (six land categories, Approaches 1–3); "
    "CGLS-LC100 v3.0.1, ESA WorldCover v100/v200, CORINE (EEA; raster index 1–44, 48 = "
    "nodata) and ESA CCI-LC / C3S legends; default correspondences follow the CCI-LC PUG "
    "IPCC table by analogy, UKCEH luc_track for CORINE and Trends.Earth for the UNCCD "
    "classes. Tables: resources/mappings/*.csv (editable)."
)


def worker_threads() -> int:
    """Windows processed in parallel (the machine's cores, at most 4)."""
    return max(1, min(4, os.cpu_count() or 1))


def polygon_mask(alg: ClmsAlgorithm, parameters: dict, name: str,
                 context: QgsProcessingContext, raster_layer) -> list | None:
    """GeoJSON geometries of the MASK polygons, reprojected to the raster's CRS (or None)."""
    source = alg.parameterAsSource(parameters, name, context)
    if source is None:
        return None
    request = QgsFeatureRequest().setDestinationCrs(raster_layer.crs(),
                                                    context.transformContext())
    shapes = []
    for feat in source.getFeatures(request):
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        shapes.append(json.loads(geom.asJson()))
    if not shapes:
        raise QgsProcessingException(alg.tr(
            f"{name}: the polygon layer has no features; choose a layer with at least one "
            "polygon (or leave it empty to use the whole raster)."))
    return shapes


def raise_core_error(alg: ClmsAlgorithm, exc: Exception, label: str) -> None:
    """Core errors → QgsProcessingException naming the input and the fix."""
    if isinstance(exc, blocks.GridMismatchError):
        raise QgsProcessingException(alg.tr(f"{label}: {exc}")) from exc
    raise QgsProcessingException(alg.tr(str(exc) if label in str(exc) else f"{label}: {exc}")) \
        from exc


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

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        path = self.raster_path(layer, self.INPUT)
        if layer.bandCount() != 1:
            feedback.pushWarning(self.tr(
                f"INPUT has {layer.bandCount()} bands; band 1 is used as the class band."))
        legend_id = landcover.LEGEND_ENUM[self.parameterAsEnum(parameters, self.LEGEND,
                                                               context)][0]
        mapping_csv = self.parameterAsFile(parameters, self.MAPPING, context) or None
        profile_ids = [lc_domain.profiles()[i][0]
                       for i in self.parameterAsEnums(parameters, self.PROFILES, context)]
        shapes = polygon_mask(self, parameters, self.MASK, context, layer)
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        table = self.parameterAsFileOutput(parameters, self.AREA_TABLE, context) or None
        try:
            result = lc_domain.landcover_to_ipcc(
                path, out_path, legend=legend_id, mapping_csv=mapping_csv,
                profile_ids=profile_ids, mask_shapes=shapes, area_table=table,
                progress=self.progress_callback(feedback),
                is_canceled=self.cancel_callback(feedback), threads=worker_threads())
        except blocks.Cancelled:
            feedback.reportError(self.tr("Cancelled: no output was written."))
            return {}
        except (OSError, ValueError, KeyError) as exc:
            raise_core_error(self, exc, self.INPUT if "MAPPING" not in str(exc)
                             else self.MAPPING)
        for msg in result.messages:
            (feedback.pushWarning if "not in the mapping" in msg else feedback.pushInfo)(msg)
        for code in (*lc_domain.IPCC_CODES, lc_domain.NODATA):
            feedback.pushInfo(f"{lc_domain.IPCC_NAMES[code]}: {result.pixels[code]} px, "
                              f"{result.area_m2[code] / 1e4:.2f} ha")
        self.style_on_load(context, out_path, STYLES / "ipcc_categories.qml")
        return {self.OUTPUT: out_path, self.AREA_TABLE: table,
                self.UNMAPPED: sum(result.unmapped.values())}
