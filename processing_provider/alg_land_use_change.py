"""``clms:landusechange`` — IPCC land-use change raster, Approach 2 matrix and transitions.

Thin adapter over ``analysis.landcover.landuse_change``: two IPCC-category rasters on one
grid (typically two ``clms:landcovertoipcc`` outputs) → ``10·initial + final`` Byte raster +
area matrix (ha) + tidy transitions table.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..clms_plugin.analysis import landcover as lc_domain
from ..clms_plugin.analysis.engine import blocks
from .alg_landcover_to_ipcc import STYLES, polygon_mask, raise_core_error, worker_threads
from .base import ClmsAlgorithm


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

    def processAlgorithm(self, parameters, context, feedback):
        a = self.parameterAsRasterLayer(parameters, self.INITIAL, context)
        b = self.parameterAsRasterLayer(parameters, self.FINAL, context)
        pa, pb = self.raster_path(a, self.INITIAL), self.raster_path(b, self.FINAL)
        shapes = polygon_mask(self, parameters, self.MASK, context, a)
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        matrix = self.parameterAsFileOutput(parameters, self.MATRIX, context) or None
        transitions = self.parameterAsFileOutput(parameters, self.TRANSITIONS, context) or None
        try:
            result = lc_domain.land_use_change(
                pa, pb, out_path, mask_shapes=shapes, matrix_csv=matrix,
                transitions_csv=transitions, labels=(self.INITIAL, self.FINAL),
                progress=self.progress_callback(feedback),
                is_canceled=self.cancel_callback(feedback), threads=worker_threads())
        except blocks.Cancelled:
            feedback.reportError(self.tr("Cancelled: no output was written."))
            return {}
        except blocks.GridMismatchError as exc:
            raise QgsProcessingException(self.tr(
                f"INITIAL and FINAL are not on the same grid: {exc}")) from exc
        except (OSError, ValueError) as exc:
            label = self.FINAL if str(exc).startswith(self.FINAL) else self.INITIAL
            raise_core_error(self, exc, label)
        ha = result.area_ha()
        for i, ci in enumerate(lc_domain.IPCC_CODES):
            for j, cj in enumerate(lc_domain.IPCC_CODES):
                if i != j and result.pixels[i, j]:
                    feedback.pushInfo(f"{lc_domain.transition_label(ci, cj)}: "
                                      f"{ha[i, j]:.2f} ha")
        feedback.pushInfo(f"Area method: {result.area_method}.")
        self.style_on_load(context, out_path, STYLES / "ipcc_change.qml")
        return {self.OUTPUT: out_path, self.MATRIX: matrix, self.TRANSITIONS: transitions}
