"""``clms:landrepresentation`` — IPCC land representation per year (remaining vs converted).

Thin adapter over ``analysis.landcover.land_representation``: a series of IPCC-category
rasters (typically ``clms:landcovertoipcc`` outputs) + their years → per-year table (a
geometry-less table sink), the year and origin of each pixel's last conversion (styled
rasters with ``.qml`` sidecars) and an optional HTML report. Layers are resolved to file
paths in ``prepareAlgorithm`` (main thread); ``processAlgorithm`` reads the years and runs the
core, so its typed errors ("YEARS: …") reach ``processing.run`` callers word for word.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsStyle,
)
from qgis.PyQt.QtGui import QColor

from ..clms_plugin.analysis import landcover as lc_domain
from ..clms_plugin.analysis.engine.describe import write_style
from ..clms_plugin.analysis.engine.tables import Table
from ..clms_plugin.products import styles
from .base import ClmsAlgorithm
from .glue import worker_threads
from .table_sink import table_parameter

HELP = (
    "Tracks every pixel through a series of IPCC land-category maps (1 Forest land, "
    "2 Cropland, 3 Grassland, 4 Wetlands, 5 Settlements, 6 Other land, 255 no data; e.g. "
    "outputs of 'Land cover to IPCC land categories') and reports, for every year, the area of "
    "each category split into 'remaining' and 'converted to' subcategories, as in the CRF "
    "tables 4.A–4.F (IPCC Approach 3).<br>"
    "<b>INPUT</b>: one raster per map year, on one grid. <b>YEARS</b>: comma-separated, one "
    "per layer in layer order (else from a YEAR/DATE tag or the file name, e.g. "
    "ipcc_2015.tif). Map years may be irregular (2000, 2006, 2012, 2018).<br>"
    "<b>Rules</b>: between two maps a pixel keeps the earlier map's category; a change first "
    "seen in map year k is a conversion dated k (CONVERSION_DATING 1: the midpoint of the "
    "years since the pixel was last mapped, rounded up — the new category then shows from "
    "that year). Land in category c at the first map year is 'c remaining c' (earlier "
    "history unknown) unless HISTORY gives its years since conversion (band 1; 0 = converted "
    "in the first map year) and optionally its previous category (band 2; without it the row "
    "is 'Land converted to c', from 'Unknown'); a pixel first mapped later starts as "
    "remaining too. Land converted from a to c in year y is 'a "
    "converted to c' in years y … y+T−1 and 'c remaining c' from y+T "
    "(T = TRANSITION_YEARS, IPCC default 20), unless it converts again (the new conversion "
    "starts its own period). A nodata map makes the pixel nodata from that year until it is "
    "mapped again (a 'No data' row); its last category and conversion are kept through the "
    "gap, so a change across the gap is a conversion.<br>"
    "<b>REPORT_YEARS</b>: 'first-last' (default: first to last map year); years after the "
    "last map carry its state forward (converted periods keep ending); maps after the range "
    "are not used.<br>"
    "<b>OUTPUT</b>: table year, category, subcategory, from_category, pixels, area_ha, "
    "area_method; every year lists all 'remaining' rows, every conversion seen in the range "
    "and 'No data', and its rows add up to the mapped area plus no data. "
    "<b>CONVERSION_YEAR</b>: year of each pixel's last conversion as of the last report year "
    "(0 = none; 65535 no data). <b>PREVIOUS_CATEGORY</b>: the category before it (0 = none "
    "or unknown; 255 no data). <b>REPORT</b>: HTML with a stacked-area chart of the "
    "subcategories and the table.<br>"
    "Areas: WGS84 ellipsoidal cell area per row on geographic CRS, pixel area on projected "
    "CRS.<br>Sources: IPCC 2006 Guidelines Vol. 4 Ch. 3 (§3.3.1 Approach 3, 20-year default "
    "transition period); UNFCCC CRF tables 4.A–4.F.")


class LandRepresentationAlgorithm(ClmsAlgorithm):
    """Land remaining / land converted per category and year, with the transition period."""

    ALG_ID = "landrepresentation"
    DISPLAY_NAME = "IPCC land representation (remaining / converted, per year)"

    INPUT, YEARS, TRANSITION_YEARS = "INPUT", "YEARS", "TRANSITION_YEARS"
    REPORT_YEARS, CONVERSION_DATING, HISTORY = "REPORT_YEARS", "CONVERSION_DATING", "HISTORY"
    OUTPUT, CONVERSION_YEAR = "OUTPUT", "CONVERSION_YEAR"
    PREVIOUS_CATEGORY, REPORT = "PREVIOUS_CATEGORY", "REPORT"
    LAYER_HINTS = {INPUT: "add one IPCC-category raster per map year."}

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, self.tr("IPCC land-category rasters (one per map year)"),
            QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterString(
            self.YEARS, self.tr("Map years, comma-separated (else from tags/file names)"),
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.TRANSITION_YEARS, self.tr("Transition period (years converted land stays "
                                           "'converted')"),
            QgsProcessingParameterNumber.Integer, 20, minValue=1,
            maxValue=lc_domain.MAX_TRANSITION_YEARS))
        self.addParameter(QgsProcessingParameterString(
            self.REPORT_YEARS, self.tr("Report years 'first-last' (default: first to last map "
                                       "year)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.CONVERSION_DATING, self.tr("Date a conversion to"),
            [self.tr(label) for label in lc_domain.DATING_OPTIONS], defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.HISTORY, self.tr("History at the first map year (band 1 years since "
                                  "conversion, optional band 2 previous category)"),
            optional=True))
        self.addParameter(table_parameter(self.OUTPUT, self.tr("Land representation table")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.CONVERSION_YEAR, self.tr("Year of the last conversion"), optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.PREVIOUS_CATEGORY, self.tr("Category before the last conversion"),
            optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report (HTML)"), self.tr("HTML files (*.html)"),
            optional=True, createByDefault=False))

    def shortHelpString(self) -> str:
        return self.tr(HELP)

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        """Main thread, after the base resolved the layers: remember paths and band counts."""
        self._paths = self.uris(self.INPUT)
        self._multiband = [layer.name() for layer in self.layers[self.INPUT]
                           if layer.bandCount() > 1]
        self._history = self.uri(self.HISTORY) if self.HISTORY in self.sources else None

    def run_core(self, parameters, context, feedback):
        # Years are read here, not in prepare: a ParameterError ("YEARS: …") then reaches
        # every caller word for word through the base.
        years = lc_domain.map_years(
            self._paths, self.parameterAsString(parameters, self.YEARS, context))
        report_years = lc_domain.parse_report_years(
            self.parameterAsString(parameters, self.REPORT_YEARS, context))
        maps = list(zip(self._paths, years))
        if self._multiband:
            feedback.pushWarning(self.tr("{0}: band 1 is used as the category band of {1}.")
                                 .format(self.INPUT, ", ".join(self._multiband)))
        feedback.pushInfo(self.tr("Map years: {0}").format(
            ", ".join(str(y) for _, y in sorted(maps, key=lambda m: m[1]))))
        conv, prev = self.out(self.CONVERSION_YEAR), self.out(self.PREVIOUS_CATEGORY)
        result = lc_domain.land_representation(
            maps, transition_years=self.parameterAsInt(parameters, self.TRANSITION_YEARS,
                                                       context),
            report_years=report_years,
            dating=self.parameterAsEnum(parameters, self.CONVERSION_DATING, context),
            history=self._history, conversion_year_path=conv, previous_category_path=prev,
            threads=worker_threads(), **self.core_kwargs(feedback))
        # staged like every other output: a failed run keeps the previous table
        self.write_table(parameters, self.OUTPUT, context,
                         Table(list(lc_domain.REPRESENTATION_COLUMNS), list(result.rows())),
                         feedback)
        if self.out(self.REPORT):
            names = [Path(p).name for p, _ in sorted(maps, key=lambda m: m[1])]
            lc_domain.write_representation_report(self.out(self.REPORT), result, names)
        # Sidecar styles beside the staged rasters: the base moves them with the rasters.
        if conv:
            conversion_year_style(conv, result.map_years[0], result.years[-1])
        if prev:
            write_style(prev, styles.paletted_qml(
                [(0, "No conversion (or origin unknown)", "#e1e1e1"),
                 *((c, f"From {n.lower()}", h) for c, n, h in styles.legend_entries("ipcc"))],
                comment="category before the last conversion"))
        return result

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        for year, mapped in zip(result.years, result.mapped_ha()):
            feedback.pushInfo(self.tr("{0}: mapped area {1:.2f} ha").format(year, mapped))
        feedback.pushInfo(self.tr("Area method: {0}.").format(result.area_method))
        return {}


def conversion_year_style(raster: str, first: int, last: int) -> Path:
    """Write ``<raster>.qml``: one colour per conversion year (Viridis), 0 = 'No conversion'.

    Why generated: the years depend on the run. Discrete classes, so every year reads off the
    legend; conversions before the first map year (from HISTORY) share its class. Written as
    text: building the renderer on a QgsRasterLayer made QGIS read the whole raster for
    statistics and leave a ``.aux.xml`` beside it.
    """
    ramp = QgsStyle.defaultStyle().colorRamp("Viridis")
    span = max(1, last - first)
    items = ['<item value="0" color="#e1e1e1" alpha="0" label="No conversion"/>']
    for year in range(first, last + 1):
        colour = ramp.color((year - first) / span) if ramp else QColor(68, 1, 84)
        label = f"≤ {year}" if year == first else str(year)
        items.append(f'<item value="{year}" color="{colour.name()}" alpha="255" '
                     f'label="{label}"/>')
    qml = Path(raster).with_suffix(".qml")
    qml.write_text(f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- clms:landrepresentation CONVERSION_YEAR: year of the last conversion (0 = none). -->
<qgis version="3.40" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1"
     classificationMin="0" classificationMax="{last}" nodataColor="">
      <rasterTransparency/>
      <rastershader>
        <colorrampshader colorRampType="DISCRETE" classificationMode="1" clip="0"
         minimumValue="0" maximumValue="{last}" labelPrecision="0">
          {chr(10).join(items)}
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
""", encoding="utf-8")
    return qml
