"""Land-cover legends (codes, names, colours, nodata) and legend auto-detection (QGIS-free).

Why: the IPCC and SDG algorithms, the layer loader and the styles all need to know which
legend a land-cover raster uses (CGLS-LC100, ESA WorldCover, CORINE raster index or 3-digit
code, ESA CCI / C3S). The tables are data files in ``resources/legends/<id>.csv``
(``code,name,colour,nodata``) so users can read and extend them; this module loads them and
guesses the legend of a file from its name, then from the set of values it holds.

Public API (also used by ``products.registry`` for land-cover products):
    LEGEND_ENUM              Processing enum order of DESIGN.md §6 → legend id (or None)
    LEGEND_ENUM_ADDED        legends appended later; ipcc_legend_enum(), sdg_legend_enum()
    legend_ids()             ids of every legend file
    load_legend(id)          -> Legend (classes, colours, nodata codes)
    detect_legend(path)      -> (legend id, reason) from file name, then values
    detect_from_values(set)  -> legend id or None
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..version import PLUGIN_ROOT

LEGENDS_DIR = PLUGIN_ROOT / "resources" / "legends"

# Processing ``LEGEND`` enum of clms:landcovertoipcc / clms:sdg1531landcover (DESIGN.md §6).
LEGEND_ENUM: list[tuple[str | None, str]] = [
    (None, "Auto-detect (file name, then values)"),
    ("lc100", "CGLS-LC100 discrete classification"),
    ("worldcover", "ESA WorldCover"),
    ("corine_index", "CORINE raster index 1–44 (48 = nodata)"),
    ("corine_code", "CORINE 3-digit codes (111–523)"),
    ("cci", "ESA CCI / C3S land cover"),
    ("custom", "Custom (MAPPING table required)"),
]

# Legends added later (issue 16). They are appended after each algorithm's own enum, never
# inserted: ``clms:sdg1531landcover`` already has 7 = "already UNCCD", so appending them to
# LEGEND_ENUM itself would renumber that value. Use ``ipcc_legend_enum`` / ``sdg_legend_enum``.
LEGEND_ENUM_ADDED: list[tuple[str | None, str]] = [
    ("lcfm", "LCFM global land cover 10 m (LCM-10)"),
    ("clcplus_backbone", "CLC+ Backbone raster (11 classes)"),
    ("clcplus_lulucf", "CLC+ LULUCF instance (27 LULUCF sub-classes)"),
]


def unccd_enum_entry() -> tuple[str | None, str]:
    """The "already UNCCD" LEGEND entry, its class names read from ``unccd.csv``."""
    classes = [c for c in load_legend("unccd").classes if not c.nodata]
    first, last = classes[0], classes[-1]
    return ("unccd", f"Already UNCCD {len(classes)} classes ({first.code} {first.name} … "
                     f"{last.code} {last.name})")


def ipcc_legend_enum() -> list[tuple[str | None, str]]:
    """``LEGEND`` of clms:landcovertoipcc: 0–6 as DESIGN.md §6, then 7 LCFM, 8 CLC+ Backbone,
    9 CLC+ LULUCF."""
    return [*LEGEND_ENUM, *LEGEND_ENUM_ADDED]


def sdg_legend_enum() -> list[tuple[str | None, str]]:
    """``LEGEND`` of clms:sdg1531landcover: 0–6, 7 already UNCCD (unchanged), then 8 LCFM,
    9 CLC+ Backbone, 10 CLC+ LULUCF."""
    return [*LEGEND_ENUM, unccd_enum_entry(), *LEGEND_ENUM_ADDED]

# Name patterns, checked in order (case-insensitive).
_NAME_PATTERNS: list[tuple[str, str]] = [
    (r"worldcover", "worldcover"),
    (r"lc100|probav_lc100|discrete[-_]classification", "lc100"),
    (r"esacci-lc|c3s-lc|lccs|cci[-_]lc", "cci"),
    # before CORINE: "CLMS_CLCplus_…" would otherwise read as a CLC name
    (r"lcfm[-_]lcm|lcm[-_]?10", "lcfm"),
    (r"clc[-_]?plus.*lulucf|lulucf[-_]instance", "clcplus_lulucf"),
    (r"clc[-_]?plus", "clcplus_backbone"),
    (r"(^|[^a-z])(u\d{4}_)?clc\d{0,4}|corine", "corine"),
]


@dataclass(frozen=True)
class LegendClass:
    code: int
    name: str
    colour: str
    nodata: bool


@dataclass(frozen=True)
class Legend:
    id: str
    classes: tuple[LegendClass, ...]

    @property
    def codes(self) -> set[int]:
        return {c.code for c in self.classes}

    @property
    def valid_codes(self) -> set[int]:
        return {c.code for c in self.classes if not c.nodata}

    @property
    def nodata_codes(self) -> set[int]:
        return {c.code for c in self.classes if c.nodata}

    def name(self, code: int) -> str:
        for c in self.classes:
            if c.code == code:
                return c.name
        return f"code {code}"

    def colours(self) -> dict[int, tuple[int, int, int]]:
        """{code: (r, g, b)} for colour tables."""
        return {c.code: hex_to_rgb(c.colour) for c in self.classes}


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def legend_ids() -> list[str]:
    return sorted(p.stem for p in LEGENDS_DIR.glob("*.csv"))


@cache
def load_legend(legend_id: str) -> Legend:
    """Read ``resources/legends/<legend_id>.csv``; a clear error names the known ids."""
    path = LEGENDS_DIR / f"{legend_id}.csv"
    if not path.is_file():
        raise KeyError(f"unknown legend '{legend_id}'; known: {', '.join(legend_ids())}")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [LegendClass(int(r["code"]), r["name"], r["colour"],
                            r.get("nodata", "0").strip() in ("1", "yes", "true"))
                for r in csv.DictReader(fh)]
    return Legend(legend_id, tuple(rows))


def detect_from_name(path: str | os.PathLike) -> str | None:
    """Legend family from the file name: 'lc100', 'worldcover', 'cci', 'lcfm',
    'clcplus_lulucf', 'clcplus_backbone', 'corine' or None."""
    name = Path(path).name.lower()
    for pattern, legend in _NAME_PATTERNS:
        if re.search(pattern, name):
            return legend
    return None


def sample_values(path: str | os.PathLike, max_side: int = 1024) -> set[int]:
    """Distinct values of band 1 on a decimated read (uses overviews when present)."""
    import rasterio

    with rasterio.open(path) as ds:
        h = min(ds.height, max_side)
        w = min(ds.width, max_side)
        arr = ds.read(1, out_shape=(h, w))
        if not np.issubdtype(arr.dtype, np.integer):
            raise ValueError(f"{path}: band 1 is {arr.dtype}, not a class raster")
        if arr.dtype == np.int8:  # signed-byte class rasters: −126 is code 130
            arr = arr.view(np.uint8)
        nd = ds.nodata
        if nd is not None and arr.dtype == np.uint8 and nd < 0:
            nd += 256
    vals = set(np.unique(arr).tolist())
    if nd is not None:
        vals.discard(int(nd))
    return vals


def detect_from_values(values: set[int]) -> str | None:
    """The most specific legend whose codes contain every value (None if no legend fits)."""
    values = set(values)
    if not values:
        return None
    fits = []
    for lid in ("worldcover", "lc100", "corine_index", "corine_code", "cci"):
        leg = load_legend(lid)
        if values <= leg.codes:
            fits.append((len(leg.codes), lid))
    if not fits:  # the legends added later only when none of the first five fits, so
        # results for those stay as they were (CLC+ 1–11 would otherwise win over CORINE)
        for lid, _label in LEGEND_ENUM_ADDED:
            leg = load_legend(str(lid))
            if values <= leg.codes:
                fits.append((len(leg.codes), str(lid)))
    if not fits:
        return None
    return min(fits)[1]


def detect_legend(path: str | os.PathLike, values: set[int] | None = None) -> tuple[str, str]:
    """(legend id, how it was decided) for a land-cover raster; ValueError if unknown.

    The file name decides the family; CORINE is then split into raster index vs 3-digit code
    by its values, and a name that contradicts the values (e.g. 'lc100' with WorldCover-only
    codes) loses to the values.
    """
    family = detect_from_name(path)
    vals = values if values is not None else sample_values(path)
    if family == "corine":
        big = any(v > 100 for v in vals if v != 255)
        lid = "corine_code" if big else "corine_index"
        return lid, f"file name says CORINE; values {'≥ 111' if big else '≤ 50'} → {lid}"
    if family is not None and vals <= load_legend(family).codes:
        return family, "file name"
    by_values = detect_from_values(vals)
    if by_values is None:
        shown = ", ".join(str(v) for v in sorted(vals)[:12])
        raise ValueError(f"{Path(path).name}: cannot tell the land-cover legend (values: {shown}"
                         f"{' …' if len(vals) > 12 else ''}); choose LEGEND explicitly or give "
                         "a MAPPING table")
    return by_values, f"values fit the {by_values} legend"
