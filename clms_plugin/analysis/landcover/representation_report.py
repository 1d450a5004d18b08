"""HTML report of a land representation: stacked-area chart and the per-year table.

Built on the shared report package (``analysis.engine.report``: one page builder, matplotlib SVG
charts), so it looks like every other CLMS report: inline SVG, no script, no network — what an
inventory team attaches to its QA/QC files.
"""

from __future__ import annotations

import os

import numpy as np

from ..engine.report import Report, stacked_area, write_report
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


def _series(result: RepresentationResult) -> list[tuple[str, np.ndarray, str]]:
    """(label, hectares per year, colour): remaining and converted per category; converted
    land in a paler shade of its category's colour."""
    from ...products import landcover

    colours = landcover.load_legend("ipcc").colours()
    ha = result.area_m2 / 1e4
    out = []
    for c in IPCC_CODES:
        name = IPCC_NAMES[c]
        r, g, b = colours[c]
        pale = tuple(int(v + (255 - v) * 0.55) for v in (r, g, b))
        rem = ha[:, key_of(c, 0)]
        conv = ha[:, [key_of(c, f) for f in range(1, 7)]].sum(axis=1)
        out.append((f"{name} remaining", rem, "#%02x%02x%02x" % (r, g, b)))
        out.append((f"Land converted to {name[0].lower()}{name[1:]}", conv,
                    "#%02x%02x%02x" % pale))
    out.append(("No data", ha[:, NODATA_KEY], "#bdbdbd"))
    return [s for s in out if s[1].any()]


def report_page(result: RepresentationResult, map_names: list[str] | None = None) -> Report:
    """The report: method facts, the chart, the per-year table, the rules."""
    first, last = result.years[0], result.years[-1]
    names = map_names or []
    maps = ", ".join(f"{y}" + (f" ({n})" if n else "") for y, n in
                     zip(result.map_years, names + [""] * len(result.map_years)))
    page = Report(f"IPCC land representation {first}–{last}",
                  subtitle="clms:landrepresentation")
    page.facts([("Maps", maps), ("Transition period", f"{result.transition_years} years"),
                ("Conversion dating", DATING_OPTIONS[result.dating]),
                ("Areas", result.area_method)])
    series = _series(result)
    if series:
        page.figure(stacked_area(result.years, {n: v for n, v, _ in series},
                                 {n: c for n, _, c in series},
                                 title=f"Land representation, transition period "
                                       f"{result.transition_years} years"),
                    caption="Area of each subcategory per year (ha).")
    ha = result.area_m2 / 1e4
    rows = [(*key_labels(k), *(float(v) for v in ha[:, k])) for k in result.table_keys()]
    rows.append(("Mapped area", "", "", *(float(v) for v in result.mapped_ha())))
    rows.append(("Total incl. no data", "", "", *(float(v) for v in ha.sum(axis=1))))
    page.heading("Area per subcategory (ha)")
    page.table(["Category", "Subcategory", "From", *map(str, result.years)], rows)
    page.heading("Method")
    for rule in SEMANTICS:
        page.paragraph(rule)
    page.paragraph("IPCC 2006 Guidelines Vol. 4 Ch. 3 (Approach 3, spatially explicit "
                   "land-use conversion data; 20-year default transition period); UNFCCC CRF "
                   "tables 4.A–4.F.")
    return page


def write_representation_report(path: str | os.PathLike, result: RepresentationResult,
                                map_names: list[str] | None = None) -> str:
    """Write the report atomically (temporary name, then renamed)."""
    return write_report(path, report_page(result, map_names))


__all__ = ["report_page", "write_representation_report"]
