"""clms:watersurfacechange — surface-water occurrence and its change between two epochs.

Thin adapter: layers + dates → ``analysis.water.run_surface_change`` (streamed by the block
runner) → styled rasters + an area table. Definitions live in ``analysis/water/occurrence.py``;
the glue (resolve, guard, stage, commit, cancel) is the base's.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..clms_plugin.analysis.water.encodings import ENCODING_LABELS
from .base import ClmsAlgorithm
from .glue import STYLES, warn_without_crs

_STYLE = {
    "OCCURRENCE1": "water_occurrence.qml",
    "OCCURRENCE2": "water_occurrence.qml",
    "CHANGE": "water_change.qml",
    "SEASONALITY": "water_seasonality.qml",
    "RECURRENCE": "water_occurrence.qml",
}


class WaterSurfaceChangeAlgorithm(ClmsAlgorithm):
    """Occurrence (epoch 1, epoch 2), change intensity, seasonality, recurrence (JRC GSW)."""

    ALG_ID = "watersurfacechange"
    DISPLAY_NAME = "Surface water occurrence change (JRC GSW method)"
    GROUP = "Water"
    GROUP_ID = "water"
    OUTPUT_STYLES = {key: STYLES / qml for key, qml in _STYLE.items()}
    LAYER_HINTS = {"EPOCH1": "add one monthly water map per month.",
                   "EPOCH2": "add one monthly water map per month."}

    def shortHelpString(self) -> str:
        return self.tr(
            "Surface-water occurrence of two epochs and its change, following the JRC Global "
            "Surface Water definitions (Pekel et al. 2016, Nature 540:418-422).<br>"
            "<b>Inputs</b>: one water map per month (or multiband stacks, one band per "
            "month) for each epoch; dates from DATES1/DATES2 (comma-separated ISO dates, one "
            "per band), else band metadata (DATE tag or ISO band description), else file names "
            "(GSW 'YYYY_MM', CLMS 'c_gls_WB100_YYYYMM…', 'c_gls_WB300_…'). All maps must share "
            "one grid (no resampling).<br>"
            "<b>ENCODING</b>: GSW monthly history (0 no data, 1 not water, 2 water); CLMS Water "
            "Bodies (70 water, 255 no water, 251 no data, 0 sea — sea is excluded like no "
            "data); binary (1 water, 0 not water, anything else no data). The encoding, not "
            "the file's nodata tag, decides (255 is a class in CLMS Water Bodies).<br>"
            "<b>Occurrence</b> (0–100 %, 255 nodata): for each calendar month, water "
            "detections / valid observations over all years of the epoch (every map is one "
            "observation: several maps of one month all count); occurrence = the mean of these "
            "monthly ratios over the months with a valid observation (not the plain ratio: "
            "this removes the bias of seasons observed more often).<br>"
            "<b>Change</b> (−100…100 %, −32768 nodata): mean over homologous months (calendar "
            "months with valid observations in both epochs) of epoch 2 minus epoch 1 monthly "
            "occurrence (unrounded ratios); months seen in one epoch only do not count; no "
            "homologous month → nodata.<br>"
            "<b>Seasonality</b> (optional, 0–12, 255 nodata): months with water (any map of "
            "the month showing water) in the reference year = the last full year of epoch 2 "
            "(the last calendar year with maps for all 12 months; if no year is complete, the "
            "last year of epoch 2); no valid observation that year → nodata. "
            "<b>Recurrence</b> (optional, 0–100 %, 255 nodata): per calendar month, years with "
            "water / years observed (both epochs), averaged over the months where water was "
            "ever seen; 0 where observed but never water.<br>"
            "Pixels without any valid observation are nodata, never 0. Values are rounded "
            "half away from zero.<br>"
            "<b>AREA_TABLE</b> (optional CSV code,class,pixels,area_ha): permanent loss/gain, "
            "occurrence decrease/increase classes, not water, no homologous months; areas use "
            "the WGS84 ellipsoidal cell area on geographic CRS.<br>"
            "Sources: Pekel et al. 2016; JRC GSW Data Users Guide; Google Earth Engine catalog "
            "JRC/GSW1_4; CLMS Water Bodies colour map (codes)."
        )

    def initAlgorithm(self, config=None):  # noqa: ARG002
        for epoch in ("1", "2"):
            self.addParameter(QgsProcessingParameterMultipleLayers(
                f"EPOCH{epoch}", self.tr("Epoch {0}: monthly water maps").format(epoch),
                QgsProcessing.TypeRaster))
        for epoch in ("1", "2"):
            self.addParameter(QgsProcessingParameterString(
                f"DATES{epoch}",
                self.tr("Epoch {0} dates, comma-separated ISO (else from metadata/names)")
                .format(epoch),
                optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "ENCODING", self.tr("Encoding of the monthly maps"),
            options=[self.tr(label) for label in ENCODING_LABELS], defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OCCURRENCE1", self.tr("Occurrence epoch 1 (%)")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OCCURRENCE2", self.tr("Occurrence epoch 2 (%)")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "CHANGE", self.tr("Occurrence change intensity (%)")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "SEASONALITY", self.tr("Seasonality (months, last full year of epoch 2)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "RECURRENCE", self.tr("Recurrence (%)"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "AREA_TABLE", self.tr("Area table (CSV)"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))

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
        outputs = {key: self.out(key) for key in _STYLE if self.out(key)}
        return water.run_surface_change(bands["1"], bands["2"], encoding, outputs,
                                        self.out("AREA_TABLE"), **self.core_kwargs(feedback))

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        feedback.pushInfo(self.tr("Seasonality reference year: {0}; areas: {1}").format(
            result["reference_year"], result["area_method"]))
        warn_without_crs(self, feedback, result["area_method"], "AREA_TABLE")
        return {}
