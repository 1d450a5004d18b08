"""``clms:zonalclassareas`` — hectares of every class per zone and date.

Thin adapter: class rasters, dates, zones (transformed to the raster CRS in
``prepareAlgorithm``) → ``analysis.zonal.zonal_class_areas`` (exact coverage once per window)
→ one table sink. Class names come from ``analysis.zonal.legends``.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
)

from ..clms_plugin.analysis.zonal.legends import LEGEND_LABELS
from .alg_zonal_time_series import WEIGHTING_LABELS
from .base import ClmsAlgorithm
from .table_sink import table_parameter, write_table
from .zonal_inputs import raster_paths, read_zones

COLUMNS_AFTER_ZONE = [("date", "date"), ("class_code", "int"), ("class_name", "str"),
                      ("area_ha", "float"), ("share", "float"), ("area_method", "str")]


class ZonalClassAreasAlgorithm(ClmsAlgorithm):
    """Area (ha) and share of each class code inside each zone, per date."""

    ALG_ID = "zonalclassareas"
    DISPLAY_NAME = "Zonal class areas (hectares per class and zone)"
    GROUP = "Zonal statistics"
    GROUP_ID = "zonal"

    def shortHelpString(self) -> str:
        return self.tr(
            "Hectares of every class per zone (municipality, NUTS region, field) and date, "
            "from class rasters such as IPCC categories (clms:landcovertoipcc), LC100, "
            "WorldCover or CORINE.<br>"
            "<b>INPUT</b>: one class raster per date or one multiband stack on one grid; "
            "<b>DATES</b> optional (else band metadata / file names; when none is found the "
            "date column stays empty). <b>ZONES</b>: polygons in any CRS (transformed to "
            "the raster's CRS); <b>ZONE_FIELD</b> labels the rows (default: feature id). "
            "<b>WEIGHTING</b> 0 exact share of each cell × its area (WGS84 ellipsoidal on "
            "geographic grids), 1 cells whose centre is inside.<br>"
            "<b>LEGEND</b>: 0 auto (the raster's category names, a .qml sidecar, the legend "
            "recognised from the file name), 1 none, then IPCC, UNCCD, LC100, WorldCover, "
            "CORINE index, CORINE codes, ESA CCI.<br>"
            "<b>OUTPUT</b>: zone, date, class_code, class_name, area_ha, share (of the "
            "zone's mapped area), area_method. Nodata is its own row (empty class_code), so "
            "the rows of a zone and date add up to the zone's area inside the raster.")

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUT", self.tr("Class rasters (one per date, or a stack)"),
            QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterString(
            "DATES", self.tr("Dates, comma-separated ISO (else from metadata / file names)"),
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "ZONES", self.tr("Zones (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "ZONE_FIELD", self.tr("Zone label field (default: feature id)"),
            parentLayerParameterName="ZONES", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "WEIGHTING", self.tr("Cell weighting"),
            options=[self.tr(t) for t in WEIGHTING_LABELS], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            "LEGEND", self.tr("Class names"), options=[self.tr(t) for t in LEGEND_LABELS],
            defaultValue=0))
        self.addParameter(table_parameter("OUTPUT", self.tr("Class areas per zone")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Resolve layers, dates and zones on the main thread. A problem is raised again
        from processAlgorithm, so processing.run reports its message, not a generic one."""
        try:
            self._job = self._prepare(parameters, context, feedback)
        except QgsProcessingException as exc:
            self._job = exc
        return True

    def _prepare(self, parameters, context, feedback) -> dict:
        from ..clms_plugin.analysis.phenology.inputs import resolve_stack
        from ..clms_plugin.products.dates import band_count

        paths, first = raster_paths(self, parameters, context)
        dates_text = self.parameterAsString(parameters, "DATES", context)
        try:
            stack = resolve_stack(paths, dates_text)
            paths, dates = list(stack.paths), list(stack.dates)
        except ValueError as exc:
            if dates_text.strip():
                raise QgsProcessingException(str(exc)) from exc
            dates = [None] * (band_count(paths[0]) if len(paths) == 1 else len(paths))
            feedback.pushWarning(self.tr("No date found for the class rasters ({0}); the "
                                         "date column stays empty.").format(exc))
        wkbs, labels, kind = read_zones(self, parameters, context, first.crs(), feedback)
        return {"paths": paths, "dates": dates, "wkbs": wkbs, "labels": labels,
                     "kind": kind,
                     "weighting": self.parameterAsEnum(parameters, "WEIGHTING", context),
                     "legend": self.parameterAsEnum(parameters, "LEGEND", context)}

    def processAlgorithm(self, parameters, context, feedback):
        from ..clms_plugin.analysis.engine import blocks
        from ..clms_plugin.analysis.engine.errors import ParameterError
        from ..clms_plugin.analysis.zonal import zonal_class_areas
        from ..clms_plugin.analysis.zonal.legends import class_names

        job = self._job
        if isinstance(job, Exception):
            raise job
        try:
            names, source = class_names(job["legend"], job["paths"][0])
            acc, method = zonal_class_areas(
                job["paths"], job["dates"], job["wkbs"], weighting=job["weighting"],
                progress=self.progress_callback(feedback),
                is_canceled=self.cancel_callback(feedback))
        except blocks.Cancelled as exc:
            raise QgsProcessingException(self.tr("Cancelled: no output was written.")) from exc
        except (ParameterError, ValueError, FileNotFoundError) as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(self.tr("{0} zones, {1} date(s), {2} class(es); names: {3}").format(
            len(job["wkbs"]), len(job["dates"]), len(acc.by_code), source))
        columns = [("zone", job["kind"])] + COLUMNS_AFTER_ZONE
        rows = acc.rows(job["labels"], job["dates"], names, method)
        return {"OUTPUT": write_table(self, parameters, "OUTPUT", context, columns, rows,
                                      feedback)}
