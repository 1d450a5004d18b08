"""``clms:landusechange`` — IPCC land-use change raster, Approach 2 matrix and transitions.

Thin adapter over ``analysis.landcover.landuse_change``: two IPCC-category rasters on one
grid (typically two ``clms:landcovertoipcc`` outputs) → ``10·initial + final`` Byte raster +
area matrix (ha) + tidy transitions table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..clms_plugin.analysis import landcover as lc_domain
from .base import ClmsAlgorithm
from .glue import STYLES, polygon_mask, warn_without_crs, worker_threads


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
    SINGLE_BAND_INPUTS = (INITIAL, FINAL)
    OUTPUT_STYLES = {OUTPUT: STYLES / "ipcc_change.qml"}

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.INITIAL, self.tr("Initial IPCC land categories (1–6)")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.FINAL, self.tr("Final IPCC land categories (1–6)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.MASK, self.tr("Mask polygons (only pixels whose centre is inside count)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Land-use change (10×initial + final)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.MATRIX, self.tr("Change matrix (ha)"), self.tr("CSV files (*.csv)"),
            defaultValue=QgsProcessing.TEMPORARY_OUTPUT))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.TRANSITIONS, self.tr("Transitions table"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))

    def shortHelpString(self) -> str:
        return self.tr(
            "Compares two rasters of IPCC land categories (1 Forest land, 2 Cropland, "
            "3 Grassland, 4 Wetlands, 5 Settlements, 6 Other land, 255 no data), e.g. two "
            "outputs of 'Land cover to IPCC land categories', on the same grid.\n\n"
            "OUTPUT: Byte raster 10 × initial + final (11 = forest land remaining forest land, "
            "12 = forest land converted to cropland, …), 255 where either date is no data.\n"
            "MATRIX: the IPCC Approach 2 land-use change matrix in hectares: rows = initial "
            "category, columns = final category, in the order Forest land, Cropland, "
            "Grassland, Wetlands, Settlements, Other land, No data; row totals (Initial "
            "area), column totals (Final area) and net change (final − initial).\n"
            "TRANSITIONS: tidy CSV code, initial, final, label, pixels, area_ha, area_method "
            "with IPCC wording ('Forest land remaining forest land', 'Grassland converted to "
            "cropland').\n"
            "A two-date map comparison gives observed conversions, not the 20-year "
            "'land converted to' inventory sub-categories.\n"
            "Rasters on different grids or CRS are refused with both grids named: no silent "
            "resampling. Values other than 1–6/255 are refused (run the reclassification "
            "first).\n"
            "MASK: optional polygons; only pixels whose centre lies inside count.\n"
            "Areas: exact WGS84 ellipsoidal cell area per row on geographic CRS, pixel area "
            "on projected CRS.\n\n"
            "Sources: IPCC 2006 Guidelines Vol. 4 Ch. 3 (§3.3.1 Approach 2 matrix) and the "
            "UNFCCC CRF category names.")

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        self.shapes = polygon_mask(self, parameters, self.MASK, context,
                                   self.layers[self.INITIAL][0])

    def run_core(self, parameters, context, feedback):  # noqa: ARG002
        return lc_domain.land_use_change(
            self.uri(self.INITIAL), self.uri(self.FINAL), self.out(self.OUTPUT),
            mask_shapes=self.shapes, matrix_csv=self.out(self.MATRIX),
            transitions_csv=self.out(self.TRANSITIONS), labels=(self.INITIAL, self.FINAL),
            threads=worker_threads(), **self.core_kwargs(feedback))

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
