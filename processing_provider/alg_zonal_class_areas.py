"""``clms:zonalclassareas`` — hectares of every class per zone and date.

Thin adapter on the Processing base: zones read and transformed to the raster CRS in the
``prepare`` hook (main thread); ``run_core`` finds the dates (optional, ``products.dates``
via ``analysis.zonal.dated_series``), calls ``analysis.zonal.zonal_class_areas`` (exact
coverage once per window) and hands the table to ``write_table`` (staged). Class names come
from ``analysis.zonal.legends``.
"""

from __future__ import annotations

from qgis.core import QgsProcessingParameterEnum

from ..clms_plugin.analysis.engine.tables import Table
from ..clms_plugin.analysis.zonal.legends import LEGEND_LABELS
from .base import ClmsAlgorithm
from .glue import warn_without_crs
from .table_sink import table_parameter
from .zonal_inputs import add_series_parameters, add_zone_parameters, read_zones

COLUMNS_AFTER_ZONE = [("date", "date"), ("class_code", "int"), ("class_name", "str"),
                      ("area_ha", "float"), ("share", "float"), ("area_method", "str")]


class ZonalClassAreasAlgorithm(ClmsAlgorithm):
    """Area (ha) and share of each class code inside each zone, per date."""

    ALG_ID = "zonalclassareas"
    DISPLAY_NAME = "Zonal class areas (hectares per class and zone)"
    GROUP = "Zonal statistics"
    GROUP_ID = "zonal"
    LAYER_HINTS = {"INPUT": "add one class raster per date or one multiband stack."}

    def shortHelpString(self) -> str:
        return self.structured_help(
            self.tr("Hectares of every class per zone (municipality, NUTS region, field) and "
                    "date, from class rasters such as IPCC categories "
                    "(clms:landcovertoipcc), LC100, WorldCover or CORINE."),
            self.tr("INPUT: one class raster per date or one multiband stack on one grid; "
                    "DATES optional (else band metadata / file names; when none is found the "
                    "date column stays empty). ZONES: polygons in any CRS (transformed to the "
                    "raster's CRS); ZONE_FIELD labels the rows (default: feature id). "
                    "LEGEND: 0 auto (the raster's category names, a .qml sidecar, the legend "
                    "recognised from the file name), 1 none, then IPCC, UNCCD, LC100, "
                    "WorldCover, CORINE index, CORINE codes, ESA CCI."),
            self.tr("OUTPUT: zone, date, class_code, class_name, area_ha, share (of the "
                    "zone's mapped area), area_method. Nodata is its own row (empty "
                    "class_code), so the rows of a zone and date add up to the zone's area "
                    "inside the raster."),
            self.tr("WEIGHTING 0: the exact share of each cell inside the polygon × its area "
                    "(WGS84 ellipsoidal on geographic grids); 1: cells whose centre is "
                    "inside."),
            self.tr("Legends: resources/legends (IPCC 2006 Vol. 4, UNCCD, CGLS-LC100, ESA "
                    "WorldCover, CORINE, ESA CCI)."))

    def initAlgorithm(self, config=None):  # noqa: ARG002
        add_series_parameters(self, self.tr("Class rasters (one per date, or a stack)"),
                              product=False)
        add_zone_parameters(self)
        self.add(QgsProcessingParameterEnum(
            "LEGEND", self.tr("Class names"), options=[self.tr(t) for t in LEGEND_LABELS],
            defaultValue=0),
            self.tr("Where the class_name column comes from: 0 auto (the raster's category "
                    "names, its CLMS_LEGEND tag, a .qml sidecar, the legend recognised from "
                    "the file name), 1 none (codes only), then a named legend."))
        self.add(table_parameter("OUTPUT", self.tr("Class areas per zone")),
                 self.tr("zone, date, class_code, class_name, area_ha, share, area_method; "
                         "nodata as its own row."))

    def prepare(self, parameters, context, feedback):
        """Main thread: the zones as WKB in the raster's CRS, their labels and label kind."""
        self.band_total = sum(s.band_count for s in self.sources["INPUT"])
        self.zones = read_zones(self, parameters, context, self.layers["INPUT"][0].crs(),
                                feedback)

    def run_core(self, parameters, context, feedback):
        from ..clms_plugin.analysis import zonal
        from ..clms_plugin.analysis.zonal.legends import class_names

        series = zonal.dated_series(self.uris("INPUT"),
                                    self.parameterAsString(parameters, "DATES", context),
                                    required=False, band_count=self.band_total,
                                    distinct=False)
        if series.missing:
            feedback.pushWarning(self.tr("No date found for the class rasters ({0}); the "
                                         "date column stays empty.").format(series.missing))
        wkbs, labels, kind = self.zones
        names, source = class_names(self.parameterAsEnum(parameters, "LEGEND", context),
                                    series.paths[0])
        acc, method = zonal.zonal_class_areas(
            list(series.inputs), series.dates, wkbs,
            weighting=self.parameterAsEnum(parameters, "WEIGHTING", context),
            **self.core_kwargs(feedback))
        feedback.pushInfo(self.tr("{0} zones, {1} date(s), {2} class(es); names: {3}").format(
            len(wkbs), len(series.dates), len(acc.by_code), source))
        rows = list(acc.rows(labels, series.dates, names, method))
        self.write_table(parameters, "OUTPUT", context,
                         Table([("zone", kind)] + COLUMNS_AFTER_ZONE, rows), feedback)
        return method

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        feedback.pushInfo(self.tr("Areas: {0}").format(result))
        warn_without_crs(self, feedback, result, "OUTPUT")
        return {}
