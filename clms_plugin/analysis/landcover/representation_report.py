"""HTML report of a land representation: stacked-area chart (matplotlib SVG) and wide table.

Why self-contained: an inventory team attaches the report to its QA/QC files, so the chart is
inline SVG (no image files beside the HTML, no JavaScript, no network). Why local to this
domain for now: the shared report/chart infrastructure is being built elsewhere; this helper
is small on purpose so it can be swapped for it. QGIS-free; without matplotlib the report is
written without the chart and says so.
"""

from __future__ import annotations

import html
import io
import os
import tempfile
from pathlib import Path

import numpy as np

from .ipcc import IPCC_CODES, IPCC_NAMES
from .representation import DATING_OPTIONS, RepresentationResult, key_labels
from .representation_state import NODATA_KEY, key_of

SEMANTICS = (
    "Between two maps a pixel keeps the earlier map's category; a change first seen in a map "
    "year is a conversion dated to that year (or, with midpoint dating, to the middle of the "
    "years since the pixel was last mapped).",
    "Land in a category at the first map year counts as remaining (its earlier history is "
    "unknown) unless a HISTORY raster gives its years since conversion.",
    "Land converted from a to c in year y is 'a converted to c' in years y … y+T−1 and 'c "
    "remaining c' from y+T, unless it converts again.",
    "A nodata map makes the pixel nodata from that year until it is mapped again (own row).",
)


def _series(result: RepresentationResult) -> list[tuple[str, np.ndarray, str, float]]:
    """(label, hectares per year, colour, alpha): remaining and converted per category."""
    from ...products import landcover

    colours = landcover.load_legend("ipcc").colours()
    ha = result.area_m2 / 1e4
    out = []
    for c in IPCC_CODES:
        name = IPCC_NAMES[c]
        hexcol = "#%02x%02x%02x" % colours[c]
        rem = ha[:, key_of(c, 0)]
        conv = ha[:, [key_of(c, f) for f in range(1, 7)]].sum(axis=1)
        out.append((f"{name} remaining", rem, hexcol, 1.0))
        out.append((f"Land converted to {name[0].lower()}{name[1:]}", conv, hexcol, 0.45))
    out.append(("No data", ha[:, NODATA_KEY], "#000000", 0.15))
    return [s for s in out if s[1].any()]


def stacked_area_svg(result: RepresentationResult) -> str | None:
    """The chart as an SVG string, or None when matplotlib is not installed."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    series = _series(result)
    fig = Figure(figsize=(9.5, 4.8))
    ax = fig.subplots()
    years = np.asarray(result.years)
    if series:
        polys = ax.stackplot(years, *[s[1] for s in series], labels=[s[0] for s in series],
                             colors=[s[2] for s in series], edgecolor="white", linewidth=0.3)
        for poly, (_, _, _, alpha) in zip(polys, series):
            poly.set_alpha(alpha)
            if alpha < 1:
                poly.set_hatch("///")
    ax.set_xlim(years[0], years[-1] if len(years) > 1 else years[0] + 1)
    ax.set_xlabel("Year")
    ax.set_ylabel("Area (ha)")
    ax.set_title(f"IPCC land representation, transition period {result.transition_years} "
                 "years")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.find("<svg"):]


def report_html(result: RepresentationResult, map_names: list[str] | None = None) -> str:
    """The whole report page (UTF-8 HTML string)."""
    e = html.escape
    keys = result.table_keys()
    ha = result.area_m2 / 1e4
    head = "".join(f"<th>{y}</th>" for y in result.years)
    body = []
    for k in keys:
        cat, sub, frm = key_labels(k)
        cells = "".join(f"<td>{v:,.2f}</td>" for v in ha[:, k])
        body.append(f"<tr><td>{e(cat)}</td><td>{e(sub)}</td><td>{e(frm)}</td>{cells}</tr>")
    mapped = "".join(f"<td><b>{v:,.2f}</b></td>" for v in result.mapped_ha())
    total = "".join(f"<td>{v:,.2f}</td>" for v in ha.sum(axis=1))
    body.append(f"<tr class='tot'><td colspan='3'>Mapped area</td>{mapped}</tr>")
    body.append(f"<tr class='tot'><td colspan='3'>Total incl. no data</td>{total}</tr>")
    svg = stacked_area_svg(result)
    chart = svg if svg else "<p><i>Chart unavailable: matplotlib is not installed.</i></p>"
    names = map_names or []
    maps = ", ".join(f"{y}" + (f" ({e(n)})" if n else "") for y, n in
                     zip(result.map_years, names + [""] * len(result.map_years)))
    notes = "".join(f"<li>{e(s)}</li>" for s in SEMANTICS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>IPCC land representation {result.years[0]}–{result.years[-1]}</title>
<style>body{{font-family:sans-serif;margin:1.5em;color:#222}}
table{{border-collapse:collapse;font-size:12px}}td,th{{border:1px solid #ccc;padding:2px 6px}}
td:nth-child(n+4){{text-align:right}}tr.tot td{{background:#f3f3f3}}</style></head><body>
<h1>IPCC land representation {result.years[0]}–{result.years[-1]}</h1>
<p>Maps: {maps}.<br>Transition period: {result.transition_years} years. Conversion dating:
{e(DATING_OPTIONS[result.dating])}.<br>Areas: {e(result.area_method)}.</p>
{chart}
<h2>Area per subcategory (ha)</h2>
<table><tr><th>Category</th><th>Subcategory</th><th>From</th>{head}</tr>
{''.join(body)}</table>
<h2>Method</h2><ul>{notes}</ul>
<p>IPCC 2006 Guidelines Vol. 4 Ch. 3 (Approach 3, spatially explicit land-use conversion
data; 20-year default transition period); UNFCCC CRF tables 4.A–4.F.</p>
</body></html>
"""


def write_representation_report(path: str | os.PathLike, result: RepresentationResult,
                                 map_names: list[str] | None = None) -> str:
    """Write the report atomically (temporary name, then renamed)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(report_html(result, map_names))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return str(target)


__all__ = ["report_html", "stacked_area_svg", "write_representation_report"]
