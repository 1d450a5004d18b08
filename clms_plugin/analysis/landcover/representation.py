"""IPCC land representation over many years: land remaining vs land converted (QGIS-free).

Why: a GHG inventory reports, for every year of its series, the area of each land category
split into "remaining" and "converted to" subcategories (CRF tables 4.A–4.F), and converted
land stays "converted" for a transition period (IPCC default 20 years). A two-date change
matrix cannot give that; tracking every pixel through the whole map series can (IPCC
Approach 3). The rules live in :mod:`.representation_state`; this module streams the maps
through them on the block engine and builds the per-year table.

Semantics (README "Land representation"; tests/test_landrep*.py):

* between two maps a pixel keeps the earlier map's category; a change first seen in map year
  k is a conversion dated k (``dating=MIDPOINT``: the middle of the years since the pixel was
  last mapped, rounded up; the new category then shows from that year);
* land in category c at the first map year is "c remaining c" unless ``history`` gives its
  years since conversion (band 1) and, optionally, its previous category (band 2);
* land converted from a to c in year y is "a converted to c" in years y … y+T−1 and "c
  remaining c" from y+T, unless it converts again (the new conversion starts its own period);
* a nodata map makes the pixel nodata from that year until it is mapped again; its last
  category and conversion are kept through the gap (a change across the gap is a conversion);
* report years after the last map carry the last state forward (periods keep ending); maps
  after the last report year are not used (midpoint dating looks at the next one only).

Streaming: each window reads its pixels of every map once and runs the state machine year by
year; tables add up per window (``AreaAccumulator``), so memory is flat in pixels and in the
number of maps and years. Public API: :func:`land_representation`, :func:`map_years`,
:func:`parse_report_years`, :class:`RepresentationResult`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio

from ...products import dates
from ..engine import blocks
from ..engine.areas import AreaAccumulator
from ..engine.errors import InputError, OutputError, ParameterError
from .ipcc import IPCC_CODES, IPCC_NAMES, NODATA, check_integer
from .landuse_change import transition_label
from .representation_kernel import History, window_tables
from .representation_state import FIRST_SEEN, MIDPOINT, NKEYS, NODATA_KEY, key_of

DATING_OPTIONS = ("Map year in which the change is first seen",
                  "Midpoint between the two map years")
CONVERSION_NODATA = 65535
COLUMNS = [("year", "int"), ("category", "str"), ("subcategory", "str"),
           ("from_category", "str"), ("pixels", "int"), ("area_ha", "float"),
           ("area_method", "str")]
MAX_TRANSITION_YEARS = 1000

# -- years -----------------------------------------------------------------------------------
def map_years(paths: Sequence[str], years_text: str = "") -> list[int]:
    """The year of each map (its band 1): the ``YEARS`` list, else band metadata, else the
    file name — the one dates grammar of ``products.dates``, one year per map."""
    if (years_text or "").strip():
        years = dates.parse_years(years_text, "YEARS")
        if len(years) != len(paths):
            raise ParameterError("YEARS", f"{len(years)} years given for {len(paths)} maps; "
                                 "give one year per INPUT layer, in layer order")
        return years
    years: list[int] = []
    missing: list[str] = []
    for path in paths:
        with dates.BandMetadata(path, "INPUT") as meta:
            year = meta.band_year(1)
        if year is None:
            year = dates.year_from_name(path)
        if year is None:
            missing.append(Path(path).name)
        years.append(year or 0)
    if missing:
        raise ParameterError("YEARS", f"cannot find the year of {', '.join(missing[:5])}: put "
                             "it in the file name (e.g. 'ipcc_2015.tif') or fill YEARS "
                             "(e.g. '2000,2006,2012')")
    return years


def parse_report_years(text: str) -> tuple[int, int] | None:
    """'2000-2024' (also '2000:2024', '2000..2024', '2000,2024' or one year) → (first, last)."""
    text = (text or "").strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})(?:\s*(?:-|:|\.\.|,|–)\s*(\d{4}))?", text)
    if not match:
        raise ParameterError("REPORT_YEARS", f"'{text}' is not a year range; write e.g. "
                             "'2000-2024' (or leave it empty for first to last map year)")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise ParameterError("REPORT_YEARS", f"the range {first}-{last} ends before it starts")
    return first, last


# -- labels and table rows -------------------------------------------------------------------
def key_labels(key: int) -> tuple[str, str, str]:
    """(category, subcategory, from_category) of a table key, in IPCC/CRF wording."""
    if key == NODATA_KEY:
        return IPCC_NAMES[NODATA], IPCC_NAMES[NODATA], ""
    c, f = key // 7 + 1, key % 7
    name = IPCC_NAMES[c]
    if f == 0:
        return name, transition_label(c, c), name
    if f == c:
        return name, f"Land converted to {name[0].lower()}{name[1:]}", "Unknown"
    return name, transition_label(f, c), IPCC_NAMES[f]


@dataclass
class RepresentationResult:
    """Per-year pixels and m² per class key (rows: ``years``; columns: keys 0–42)."""

    years: list[int]
    map_years: list[int]
    transition_years: int
    dating: int
    pixels: np.ndarray
    area_m2: np.ndarray
    area_method: str
    outputs: dict[str, str] = field(default_factory=dict)
    windows: int = 0

    def table_keys(self) -> list[int]:
        """Keys listed every year: all "remaining" rows, conversions seen in any report year
        (so each row is a complete time series), then no data."""
        seen = self.pixels.sum(axis=0) > 0
        keys = []
        for c in IPCC_CODES:
            keys.append(key_of(c, 0))
            keys += [key_of(c, f) for f in range(1, 7) if seen[key_of(c, f)]]
        return [*keys, NODATA_KEY]

    def rows(self) -> list[tuple]:
        """Rows of :data:`COLUMNS`: year, category, subcategory, from_category, pixels, ha."""
        out = []
        keys = self.table_keys()
        for i, year in enumerate(self.years):
            for k in keys:
                out.append((year, *key_labels(k), int(self.pixels[i, k]),
                            round(float(self.area_m2[i, k]) / 1e4, 6), self.area_method))
        return out

    def mapped_ha(self) -> np.ndarray:
        """Mapped (not nodata) area per report year: what each year's rows reconcile with."""
        return (self.area_m2.sum(axis=1) - self.area_m2[:, NODATA_KEY]) / 1e4


# -- the run ---------------------------------------------------------------------------------
def _category_lut(nodata: float | None) -> np.ndarray:
    """Value → 1–6, 0 for no data (255 and the declared nodata), 7 for anything else."""
    lut = np.full(257, 7, dtype=np.uint8)
    lut[list(IPCC_CODES)] = IPCC_CODES
    lut[NODATA] = 0
    if nodata is not None and float(nodata).is_integer() and 0 <= nodata <= 255:
        lut[int(nodata)] = 0
    return lut


def _categories(values: np.ndarray, lut: np.ndarray, nodata: float | None,
                name: str) -> np.ndarray:
    """One map's window as 0 (no data) / 1–6, or InputError naming the bad values."""
    if values.dtype == np.uint8 and lut[0] == 7 and lut[255] == 0:
        # IPCC Byte maps (1–6, 255 no data): no lookup table (np.take casts each index to
        # intp, 4 ns/px): 255 → 0 by one multiply; a 0 or 7–254 is caught below.
        keep = values != NODATA
        cats = np.multiply(values, keep, dtype=np.uint8)
        if np.count_nonzero(cats) != np.count_nonzero(keep):  # a 0 value, not no data
            cats[values == 0] = 7
    elif values.dtype == np.uint8:
        cats = np.take(lut, values)
    else:
        idx = values.astype(np.int64)
        idx[(idx < 0) | (idx > 256)] = 256
        cats = lut[idx]
        if nodata is not None and not (float(nodata).is_integer() and 0 <= nodata <= 255):
            cats[values == nodata] = 0  # e.g. Int16 −32768: outside the LUT
    if int(cats.max(initial=0)) > 6:  # one SIMD reduction; the slow search only on error
        bad = cats > 6
        shown = ", ".join(str(v) for v in np.unique(values[bad])[:10].tolist())
        raise InputError("INPUT", f"{name} holds values ({shown}) that are not IPCC "
                         "categories 1–6 (255 = no data). Run clms:landcovertoipcc on it first.")
    return cats


def _check(maps: Sequence[tuple[str, int]], history: str | None,
           report: tuple[int, int] | None) -> tuple[list[tuple[str, int]], int, int]:
    if not maps:
        raise ParameterError("INPUT", "no map given; give one IPCC-category raster per year")
    ordered = sorted(((str(p), int(y)) for p, y in maps), key=lambda t: t[1])
    for (pa, ya), (pb, yb) in zip(ordered, ordered[1:]):
        if ya == yb:
            raise ParameterError("YEARS", f"two maps have the year {ya}: {Path(pa).name} and "
                                 f"{Path(pb).name}")
    for path, _ in ordered:
        check_integer(path, "INPUT")
    first, last = report or (ordered[0][1], ordered[-1][1])
    if first < ordered[0][1]:
        raise ParameterError("REPORT_YEARS", f"the report starts in {first}, before the first "
                             f"map ({ordered[0][1]}): earlier categories are unknown")
    try:
        grid = blocks.open_sources({"INPUT": [p for p, _ in ordered]})[1]
    except (blocks.GridMismatchError, ValueError, FileNotFoundError) as exc:
        raise InputError("INPUT", str(exc)) from exc
    if history is not None and not grid.matches(blocks.read_grid(history)):
        raise InputError("HISTORY", f"not on the grid of the maps (no resampling is done): "
                         f"{blocks.read_grid(history).describe()} vs {grid.describe()}")
    return ordered, first, last


def _check_outputs(outputs: dict[str, str | os.PathLike | None], inputs: list[str]) -> None:
    """Outputs never destroy data: refuse an output on an input or two outputs on one path."""
    seen: dict[str, str] = {os.path.realpath(p): "INPUT" for p in inputs}
    for name, path in outputs.items():
        if not path:
            continue
        real = os.path.realpath(path)
        if real in seen:
            raise OutputError(name, f"{Path(path).name} is also {seen[real]}; choose another "
                              "file name (outputs never overwrite inputs or each other)")
        seen[real] = name


def land_representation(
    maps: Sequence[tuple[str, int]],
    *,
    transition_years: int = 20,
    report_years: tuple[int, int] | None = None,
    dating: int = FIRST_SEEN,
    history: str | os.PathLike | None = None,
    conversion_year_path: str | os.PathLike | None = None,
    previous_category_path: str | os.PathLike | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    threads: int = 2,
    memory_budget: int = blocks.DEFAULT_BUDGET,
) -> RepresentationResult:
    """Track every pixel through ``maps`` [(path, year)] and tabulate each report year."""
    if not 1 <= int(transition_years) <= MAX_TRANSITION_YEARS:
        raise ParameterError("TRANSITION_YEARS", f"{transition_years} is not between 1 and "
                             f"{MAX_TRANSITION_YEARS}")
    if dating not in (FIRST_SEEN, MIDPOINT):
        raise ParameterError("CONVERSION_DATING", f"unknown option {dating}")
    T = int(transition_years)
    hist = str(history) if history else None
    ordered, first, last = _check(maps, hist, report_years)
    _check_outputs({"CONVERSION_YEAR": conversion_year_path,
                    "PREVIOUS_CATEGORY": previous_category_path},
                   [p for p, _ in ordered] + ([hist] if hist else []))
    # Maps after the last report year cannot change it, except the next one under midpoint
    # dating (its conversions may be dated back into the report range).
    used = [m for m in ordered if m[1] <= last]
    if dating == MIDPOINT and len(used) < len(ordered):
        used.append(ordered[len(used)])
    years = [y for _, y in used]
    report = list(range(first, last + 1))
    nodatas = []
    for path, _ in used:
        with rasterio.open(path) as ds:
            nodatas.append(ds.nodata)
    luts = [_category_lut(nd) for nd in nodatas]
    names = [Path(p).name for p, _ in used]

    def kernel(block: blocks.Block) -> dict:
        stack = block["maps"]
        history_arrays = None
        if hist is not None:
            h = block["history"]
            since = h[0].astype(np.float64)
            ok = ~block.mask("history")[0] & np.isfinite(since)
            history_arrays = History(np.rint(np.where(ok, since, -1)).astype(np.int64), ok,
                                     h[1].astype(np.int64) if h.shape[0] > 1 else None)
        win = window_tables(
            lambda k: _categories(stack[k], luts[k], nodatas[k], names[k]), years, first,
            last, T, block.cell_areas(), dating, history_arrays)
        res: dict = {"_px": win.pixels, "_area": win.area_m2}
        # Arithmetic, not np.where (~5× slower per pixel): x | (invalid · all-ones bits).
        invalid = ~win.valid
        if conversion_year_path:
            res["conv"] = win.conv | np.multiply(invalid, np.uint16(CONVERSION_NODATA),
                                                 dtype=np.uint16)
        if previous_category_path:
            # the origin when known (never-converted pixels have origin 0; unknown = cat)
            prev = np.multiply(win.origin, win.origin != win.cat, dtype=np.uint8)
            res["prev"] = prev | np.multiply(invalid, np.uint8(NODATA), dtype=np.uint8)
        return res

    totals = AreaAccumulator(len(report) * NKEYS)

    def reduce(_block: blocks.Block, res: dict) -> None:
        totals.add_totals(res["_px"].ravel(), res["_area"].ravel())

    # Band 1 of each map (a multiband file would shift the stack); HISTORY bands 1 and 2.
    inputs: dict = {"maps": [blocks.RasterInput(p, (1,)) for p, _ in used]}
    if hist is not None:
        with rasterio.open(hist) as ds:
            inputs["history"] = blocks.RasterInput(hist, (1, 2) if ds.count > 1 else (1,))
    outputs = _output_specs(conversion_year_path, previous_category_path, T, dating, last)
    run = blocks.run(inputs, kernel, outputs, reduce=reduce, progress=progress,
                     is_canceled=is_canceled, threads=threads, memory_budget=memory_budget,
                     extra_bytes_per_pixel=64, recycle=True,
                     gdal_threads=1 if threads > 1 else "ALL_CPUS")
    return RepresentationResult(report, years, T, dating,
                                totals.pixels.reshape(len(report), NKEYS),
                                totals.area.reshape(len(report), NKEYS), run.area_method,
                                dict(run.outputs), run.windows)


def _output_specs(conv_path: str | os.PathLike | None, prev_path: str | os.PathLike | None,
                  T: int, dating: int, last: int) -> dict[str, blocks.OutputSpec]:
    """Self-describing rasters: band description, tags, and the IPCC palette on categories."""
    from ...products import landcover

    tags = {"CLMS_TRANSITION_YEARS": str(T), "CLMS_CONVERSION_DATING": DATING_OPTIONS[dating],
            "CLMS_STATE_YEAR": str(last)}
    out = {}
    if conv_path:
        out["conv"] = blocks.OutputSpec(
            conv_path, "uint16", nodata=CONVERSION_NODATA,
            predictor=1,  # patches of equal years, like class codes: no differencing
            descriptions=[f"Year of the last conversion as of {last} (0 = none)"],
            tags={**tags, "CLMS_LEGEND": "conversion_year"})
    if prev_path:
        colours = {0: (220, 220, 220, 255), **{c: (*rgb, 255) for c, rgb in
                                              landcover.load_legend("ipcc").colours().items()
                                              if c in IPCC_CODES}}
        out["prev"] = blocks.OutputSpec(
            prev_path, "uint8", nodata=NODATA, colormap=colours, predictor=1,
            descriptions=[f"Category before the last conversion as of {last} (0 = none)"],
            tags={**tags, "CLMS_LEGEND": "ipcc_previous_category"})
    return out


__all__ = ["COLUMNS", "DATING_OPTIONS", "FIRST_SEEN", "MAX_TRANSITION_YEARS", "MIDPOINT",
           "RepresentationResult",
           "key_labels", "land_representation", "map_years", "parse_report_years",
           ]
