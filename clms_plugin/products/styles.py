"""QGIS layer styles (QML) generated from the legends and ramps in ``resources/`` (QGIS-free).

Why generated: one source of truth. The class colours and names live in the legend CSVs
(``resources/legends``) and the product registry (``legends``/``ramps`` in
``resources/products``); the QML sidecar written next to every output, the Processing
post-processor and the dock's loader all come from :func:`legend_qml` / :func:`ramp_qml`,
so a colour changed in a CSV changes everywhere. A sidecar ``<name>.qml`` beside a raster is
QGIS's default style for that file: it applies whichever way the file is opened (browser,
drag and drop, a project, another machine).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

_HEAD = ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<!-- {comment} -->\n"
         '<qgis version="3.40.0-Bratislava" styleCategories="AllStyleCategories">\n'
         "  <pipe>\n")
_TAIL = ('    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>\n'
         '    <huesaturation saturation="0" grayscaleMode="0" invertColors="0"'
         ' colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128"'
         ' colorizeStrength="100"/>\n'
         '    <rasterresampler maxOversampling="2"/>\n'
         "  </pipe>\n  <blendMode>0</blendMode>\n</qgis>\n")
_MINMAX = ("      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent>"
           "<statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower>"
           "<cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor>"
           "</minMaxOrigin>\n")


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def paletted_qml(classes: Sequence[tuple[int, str, str]], band: int = 1,
                 comment: str = "paletted classes") -> str:
    """A paletted renderer: one entry per ``(code, label, #rrggbb)``."""
    entries = "".join(
        f'        <paletteEntry value="{int(code)}" color="{_attr(colour)}" alpha="255"'
        f' label="{_attr(label)}"/>\n' for code, label, colour in classes)
    return (_HEAD.format(comment=html.escape(comment)) +
            f'    <rasterrenderer type="paletted" band="{int(band)}" opacity="1"'
            ' alphaBand="-1" nodataColor="">\n      <rasterTransparency/>\n' + _MINMAX +
            f"      <colorPalette>\n{entries}      </colorPalette>\n"
            '      <colorramp name="[source]" type="randomcolors"/>\n'
            "    </rasterrenderer>\n" + _TAIL)


def pseudocolor_qml(stops: Sequence[tuple[float, str, str]], band: int = 1,
                    comment: str = "continuous values", discrete: bool = False) -> str:
    """A single-band pseudo-colour renderer over ``(value, #rrggbb, label)`` stops."""
    lo, hi = float(stops[0][0]), float(stops[-1][0])
    kind = "DISCRETE" if discrete else "INTERPOLATED"
    items = "".join(
        f'          <item alpha="255" value="{float(v):.10g}" label="{_attr(label)}"'
        f' color="{_attr(colour)}"/>\n' for v, colour, label in stops)
    return (_HEAD.format(comment=html.escape(comment)) +
            f'    <rasterrenderer type="singlebandpseudocolor" band="{int(band)}" opacity="1"'
            f' alphaBand="-1" classificationMin="{lo:.10g}" classificationMax="{hi:.10g}"'
            ' nodataColor="">\n      <rasterTransparency/>\n' + _MINMAX +
            "      <rastershader>\n"
            f'        <colorrampshader colorRampType="{kind}" classificationMode="1"'
            f' clip="0" minimumValue="{lo:.10g}" maximumValue="{hi:.10g}"'
            ' labelPrecision="2">\n' + items +
            "        </colorrampshader>\n      </rastershader>\n    </rasterrenderer>\n" + _TAIL)


def legend_entries(legend_id: str) -> list[tuple[int, str, str]]:
    """``[(code, name, colour)]`` of a legend: land-cover CSVs first, then the registry."""
    from . import landcover, registry

    try:
        legend = landcover.load_legend(legend_id)
    except KeyError:
        table = registry.legend(legend_id)
        if table is None:
            raise KeyError(f"unknown legend '{legend_id}'") from None
        return [(int(c), str(n), str(h)) for c, n, h in table]
    return [(c.code, c.name, c.colour) for c in legend.classes if not c.nodata]


def legend_qml(legend_id: str, band: int = 1, exclude: Sequence[int] = ()) -> str:
    """Paletted QML for a legend id (codes in ``exclude``, e.g. nodata, left out)."""
    skip = {int(c) for c in exclude}
    return paletted_qml([e for e in legend_entries(legend_id) if e[0] not in skip], band,
                        comment=f"legend {legend_id}; generated from resources/")


def ramp_qml(ramp_id: str, band: int = 1, unit: str = "",
             labels: Sequence[str] | None = None,
             value_range: tuple[float, float] | None = None) -> str:
    """Pseudo-colour QML for a registry ramp; labels default to the stop values + unit.

    ``value_range`` (lo, hi) stretches the ramp's stops linearly onto it: a ramp declared on
    a normalised axis (the diverging ``anomaly`` ramp, −1…1) then serves outputs whose range
    depends on the run (z-scores ±3, percent of mean 50…150, a difference ± its spread).
    """
    from . import registry

    stops = registry.ramp(ramp_id)
    if not stops:
        raise KeyError(f"unknown ramp '{ramp_id}'")
    if value_range is not None:
        first, last = stops[0][0], stops[-1][0]
        lo, hi = (float(v) for v in value_range)
        span = (last - first) or 1.0
        stops = [(lo + (v - first) / span * (hi - lo), c) for v, c in stops]
    suffix = f" {unit}" if unit else ""
    names = list(labels) if labels else [f"{v:g}{suffix}" for v, _ in stops]
    return pseudocolor_qml([(v, c, n) for (v, c), n in zip(stops, names)], band,
                           comment=f"ramp {ramp_id}; generated from resources/")


def classes_qml(names: dict[int, str], colours: dict[int, tuple[int, ...]], band: int = 1,
                comment: str = "classes") -> str:
    """Paletted QML from ``{code: name}`` and ``{code: (r, g, b)}`` (codes without a colour
    are grey), for class rasters whose legend is computed (e.g. change codes)."""
    def hexed(rgb: tuple[int, ...] | None) -> str:
        r, g, b = (list(rgb) if rgb else [128, 128, 128])[:3]
        return f"#{int(r):02x}{int(g):02x}{int(b):02x}"

    return paletted_qml([(c, names[c], hexed(colours.get(c))) for c in sorted(names)], band,
                        comment=comment)


def encoding_qml(encoding, band: int = 1, value_range: tuple[float, float] | None = None) -> str:
    """QML for a product encoding: its legend (flags left out) or its ramp in physical units;
    without a ramp, a grey ramp over ``value_range`` (or the encoding's physical range)."""
    if encoding.kind == "classes" and encoding.legend:
        return legend_qml(encoding.legend, band, exclude=encoding.invalid_values)
    if encoding.ramp:
        return ramp_qml(encoding.ramp, band, encoding.unit)
    lo, hi = value_range or encoding.physical_range() or (0.0, 1.0)
    unit = f" {encoding.unit}" if encoding.unit else ""
    return pseudocolor_qml([(lo, "#000000", f"{lo:g}{unit}"), (hi, "#ffffff", f"{hi:g}{unit}")],
                           band, comment="grey ramp")


def day_of_year_qml(band: int) -> str:
    """Pseudo-colour QML for a phenology date band (day of year of the season's year):
    winter blue → spring green → summer yellow → autumn brown, labelled by month."""
    stops = [(1, "#2c7bb6", "1 Jan"), (91, "#1a9641", "1 Apr"), (182, "#ffffbf", "1 Jul"),
             (274, "#fdae61", "1 Oct"), (366, "#8c510a", "31 Dec")]
    return pseudocolor_qml(stops, band, comment="phenology date band, day of year")
