"""GSW surface-water transition classes from yearly water classes (QGIS-free).

Definitions: JRC Global Surface Water "transitions" layer (GEE-GSW, GEE-TUT4, MAPME; decision
rules in algorithms.md §3.1). Input per year: the GSW yearly class 0 no data, 1 not water,
2 seasonal, 3 permanent (any other value = no data).

Rule used ("first/last valid year"): the *first* class is the one of the earliest year with
data, the *last* class the one of the latest year with data — a first or last year without
data is gap-filled from the nearest year that has data, as the published product does. Then:

    first \\ last   not water          seasonal   permanent
    not water      0 / 9 / 10 (*)     5 new S    2 new P
    seasonal       6 lost S           4 S        7 S → P
    permanent      3 lost P           8 P → S    1 P

(*) first and last not water: 9 ephemeral permanent if some year in between was permanent
water (takes precedence), else 10 ephemeral seasonal if some year was seasonal, else 0 (no
change / not water). A pixel with data in a single year compares that year with itself.
No year with data → 255 nodata.

The accumulator keeps four small per-pixel arrays, so the years are streamed one at a time
in chronological order; memory does not grow with the number of years.
"""

from __future__ import annotations

import numpy as np

from ...products import registry, styles
from ..engine.tables import Table, write_csv

TRANSITIONS_NODATA = 255

# Class names: the GSW transitions legend declared once in products (products.json).
TRANSITION_CLASSES: tuple[tuple[int, str], ...] = tuple(
    (code, name) for code, name, _ in registry.legend("gsw_transitions") or ())

# _TABLE[first, last] for classes 1 not water, 2 seasonal, 3 permanent (row/col 0 unused).
_TABLE = np.full((4, 4), TRANSITIONS_NODATA, dtype=np.uint8)
_TABLE[1, 1] = 0
_TABLE[1, 2] = 5
_TABLE[1, 3] = 2
_TABLE[2, 1] = 6
_TABLE[2, 2] = 4
_TABLE[2, 3] = 7
_TABLE[3, 1] = 3
_TABLE[3, 2] = 8
_TABLE[3, 3] = 1


def clean_yearly(values: np.ndarray) -> np.ndarray:
    """Yearly classes as uint8 0–3; any value outside 1–3 (nodata, NaN, 255…) becomes 0."""
    arr = np.asarray(values)
    out = np.zeros(arr.shape, dtype=np.uint8)
    for code in (1, 2, 3):
        out[arr == code] = code
    return out


class TransitionAccumulator:
    """Streams yearly classes (chronological order) into the GSW transition classes."""

    def __init__(self, shape: tuple[int, int]) -> None:
        self.shape = tuple(shape)
        self.first = np.zeros(self.shape, dtype=np.uint8)
        self.last = np.zeros(self.shape, dtype=np.uint8)
        self.any_permanent = np.zeros(self.shape, dtype=bool)
        self.any_seasonal = np.zeros(self.shape, dtype=bool)

    def add(self, yearly: np.ndarray) -> None:
        """Add the next year (raw values; see ``clean_yearly``)."""
        cls = clean_yearly(yearly)
        if cls.shape != self.shape:
            raise ValueError(f"year shape {cls.shape} differs from the window {self.shape}")
        has = cls > 0
        unset = self.first == 0
        self.first[unset & has] = cls[unset & has]
        self.last[has] = cls[has]
        self.any_permanent |= cls == 3
        self.any_seasonal |= cls == 2

    def finalize(self) -> np.ndarray:
        """Transition classes 0–10, 255 where no year had data (uint8)."""
        out = _TABLE[self.first, self.last]
        both_not_water = (self.first == 1) & (self.last == 1)
        out[both_not_water & self.any_seasonal] = 10
        out[both_not_water & self.any_permanent] = 9
        return out


def transitions(years: np.ndarray) -> np.ndarray:
    """Transition classes of a (years, rows, cols) stack in chronological order."""
    stack = np.asarray(years)
    acc = TransitionAccumulator(stack.shape[1:])
    for layer in stack:
        acc.add(layer)
    return acc.finalize()


# -- streaming driver ------------------------------------------------------------------------
def class_area_table(classes: tuple[tuple[int, str], ...], pixels: np.ndarray,
                     area_m2: np.ndarray, area_method: str) -> Table:
    """``code,class,pixels,area_ha,area_method``, one row per class (zero rows kept: a
    stable shape; the method column as in the land-cover tables)."""
    table = Table([("code", "int"), ("class", "str"), ("pixels", "int"), ("area_ha", "float"),
                   ("area_method", "str")])
    for code, label in classes:
        table.rows.append([code, label, int(pixels[code]), float(area_m2[code] / 1e4),
                           area_method])
    return table


def write_area_table(path: str, classes: tuple[tuple[int, str], ...], pixels: np.ndarray,
                     area_m2: np.ndarray, area_method: str) -> str:
    """The class area table as CSV (scripts without QGIS)."""
    return write_csv(path, class_area_table(classes, pixels, area_m2, area_method))


def transition_colours() -> dict[int, tuple[int, int, int]] | None:
    """JRC palette of the transition classes from the product registry (embedded in the
    GeoTIFF so any GIS shows the classes in the official colours)."""
    from ...products.registry import legend

    table = legend("gsw_transitions")
    if not table:
        return None
    return {code: tuple(int(hx[i:i + 2], 16) for i in (1, 3, 5)) for code, _, hx in table}


def run_transitions(
    layers: list[tuple],
    output: str,
    area_table: str | None = None,
    progress=None,
    is_canceled=None,
    memory_budget: int | None = None,
    monthly_encoding: int | None = None,
) -> dict:
    """Stream yearly classes ``[(path, band, year), …]`` into a transition raster (+ CSV).

    Years are sorted chronologically; a repeated year is an error (which one would be
    "first"?). With ``monthly_encoding`` (``water_encodings.ENCODING_*``) the layers are
    monthly water maps ``(path, band, year, month)`` instead, several per year: each year's
    class is derived on the fly from its months (``water_encodings.yearly_class``;
    algorithms.md §3.1 "permanent = water in every month with a valid observation that year;
    seasonal = water in some but not all"). A calendar month is valid if any of its maps is
    valid and water if any of them shows water — the month rule of seasonality and
    recurrence — so several 10-daily maps of one month count as one month. (Without a month,
    each map counts as one month.) Returns ``{"OUTPUT": path, "AREA_TABLE": path|None,
    "pixels": {code: n}, "area_method": str, "years": [...]}``.
    """
    from ..engine import blocks
    from ..engine.areas import AreaAccumulator
    from .encodings import check_encoding, water_and_valid, yearly_class

    if not layers:
        raise ValueError("INPUT: give at least one yearly water classification")
    years = [t[2] for t in layers]
    if monthly_encoding is None:
        dupes = sorted({y for y in years if years.count(y) > 1})
        if dupes:
            raise ValueError(f"INPUT: several layers for year(s) {dupes}; give one per year")
    else:
        monthly_encoding = check_encoding(monthly_encoding)
    ordered = sorted(layers, key=lambda t: t[2])
    year_list = sorted(set(years))
    # per year, its months, each with the indexes of its maps (monthly input only)
    groups: list[list[list[int]]] = []
    for y in year_list:
        by_month: dict[object, list[int]] = {}
        for i, t in enumerate(ordered):
            if t[2] == y:
                by_month.setdefault(t[3] if len(t) > 3 else ("map", i), []).append(i)
        groups.append(list(by_month.values()))
    stack = [blocks.RasterInput(t[0], (t[1],)) for t in ordered]
    counter = AreaAccumulator(len(TRANSITION_CLASSES))

    def kernel(block):
        arr = block["years"]
        acc = TransitionAccumulator(arr.shape[1:])
        if monthly_encoding is None:
            for layer in arr:
                acc.add(layer)
        else:
            for year_months in groups:
                water = np.zeros(arr.shape[1:], np.uint16)
                valid = np.zeros(arr.shape[1:], np.uint16)
                for idx in year_months:
                    month_water, month_valid = water_and_valid(arr[idx[0]], monthly_encoding)
                    for i in idx[1:]:
                        more_water, more_valid = water_and_valid(arr[i], monthly_encoding)
                        month_water = month_water | more_water
                        month_valid = month_valid | more_valid
                    water += month_water
                    valid += month_valid
                acc.add(yearly_class(water, valid))
        return {"out": acc.finalize()[None]}

    def reduce(block, res):
        counter.add(res["out"][0], block.cell_areas())

    kwargs = {"memory_budget": memory_budget} if memory_budget else {}
    result = blocks.run(
        {"years": stack}, kernel,
        {"out": blocks.OutputSpec(
            output, "uint8", nodata=TRANSITIONS_NODATA,
            descriptions=[f"GSW transitions {year_list[0]}-{year_list[-1]}"],
            colormap=transition_colours(),
            categories={c: n for c, n in TRANSITION_CLASSES},
            style=styles.legend_qml("gsw_transitions"),
        )},
        reduce=reduce, progress=progress, is_canceled=is_canceled,
        extra_bytes_per_pixel=8, **kwargs,
    )
    rows = class_area_table(TRANSITION_CLASSES, counter.pixels, counter.area,
                            result.area_method)
    table = write_csv(area_table, rows) if area_table else None
    return {
        "OUTPUT": result.outputs["out"], "AREA_TABLE": table, "table": rows,
        "pixels": {c: int(counter.pixels[c]) for c, _ in TRANSITION_CLASSES},
        "area_ha": {c: float(counter.area[c] / 1e4) for c, _ in TRANSITION_CLASSES},
        "area_method": result.area_method, "years": year_list,
    }
