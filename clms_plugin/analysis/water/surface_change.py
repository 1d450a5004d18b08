"""The surface-water run: monthly maps of two epochs streamed into occurrence, change,
seasonality and recurrence rasters and the change-class area table (QGIS-free).

Why apart from :mod:`.occurrence`: that module holds the JRC method (accumulators, change
classes, rounding); this one drives it over the block engine — window plan, outputs and their
styles, the area table.
"""

from __future__ import annotations

import os

from ...products import styles
from .dates import calendar_month_plan, month_groups
from .occurrence import (
    BYTES_PER_PIXEL,
    CHANGE_CLASSES,
    CHANGE_NODATA,
    OCC_NODATA,
    RECURRENCE_NODATA,
    SEASONALITY_NODATA,
    MonthlyAccumulator,
    change_classes,
    homologous_water_seen,
)

# -- streaming driver ------------------------------------------------------------------------
OUTPUT_SPECS = {
    # key: (dtype, nodata, description)
    "OCCURRENCE1": ("uint8", OCC_NODATA, "occurrence epoch 1 (%)"),
    "OCCURRENCE2": ("uint8", OCC_NODATA, "occurrence epoch 2 (%)"),
    "CHANGE": ("int16", CHANGE_NODATA, "occurrence change intensity, homologous months (%)"),
    "SEASONALITY": ("uint8", SEASONALITY_NODATA, "months with water in the reference year"),
    "RECURRENCE": ("uint8", RECURRENCE_NODATA, "recurrence (%)"),
}
# key: (registry ramp, unit) of the QML sidecar each output gets
OUTPUT_RAMPS = {
    "OCCURRENCE1": ("percent_water", "%"), "OCCURRENCE2": ("percent_water", "%"),
    "CHANGE": ("change", "%"), "SEASONALITY": ("months", "months"),
    "RECURRENCE": ("percent_water", "%"),
}


def seasonality_reference_year(bands) -> int:
    """Reference year of seasonality from the dated maps of epoch 2.

    "The last full year of the record" (algorithms.md §3.1): the latest calendar year whose
    12 calendar months all have at least one map. A partial last year (e.g. a series ending in
    June) would otherwise cap seasonality at 6 months. If no year is complete (e.g. only a
    few months sampled per year), the last year of epoch 2 is used.
    """
    months: dict[int, set[int]] = {}
    for band in bands:
        months.setdefault(band.year, set()).add(band.month)
    if not months:
        raise ValueError("EPOCH2 has no dated map")
    full = [y for y, ms in months.items() if len(ms) == 12]
    return max(full) if full else max(months)


def run_surface_change(
    epoch1,
    epoch2,
    encoding: int,
    outputs: dict[str, str | None],
    area_table: str | None = None,
    progress=None,
    is_canceled=None,
    memory_budget: int | None = None,
    threads: int | None = None,
    gdal_threads: int | str = 1,
    areas: bool = False,
) -> dict:
    """Stream two epochs of dated monthly maps into the occurrence/change layers.

    ``epoch1``/``epoch2``: lists of ``water_dates.DatedBand``. ``outputs``: {key: path or None}
    for the keys of ``OUTPUT_SPECS``; at least one path or ``area_table`` is needed. Windows
    are planned by the block runner with this kernel's working memory declared, so peak
    memory stays under ``memory_budget`` whatever the raster size and the number of months.
    Returns the output paths, the summed table (``"table"``, also without a CSV when
    ``areas``) and the reference year of seasonality.

    ``gdal_threads`` defaults to 1: with hundreds of inputs open, GDAL's worker threads made
    peak RSS vary by up to +25 % between identical runs on a 10 Mpx grid (bench_water.py),
    while the three small outputs gain nothing measurable from parallel compression.
    """
    from ..engine import blocks
    from ..engine.areas import AreaAccumulator
    from ..engine.tables import write_csv
    from .encodings import check_encoding, water_and_valid
    from .transitions import class_area_table

    if threads is None:  # windows in parallel: decoding hundreds of monthly maps is the cost
        threads = max(1, min(2, os.cpu_count() or 1))
    enc = check_encoding(encoding)
    if not epoch1 or not epoch2:
        raise ValueError("EPOCH1 and EPOCH2 each need at least one monthly water map")
    wanted = {k: v for k, v in outputs.items() if v}
    unknown = set(wanted) - set(OUTPUT_SPECS)
    if unknown:
        raise ValueError(f"unknown output(s) {sorted(unknown)}")
    areas = bool(area_table) or areas
    if not wanted and not areas:
        raise ValueError("nothing to compute: give at least one output or the area table")
    reference_year = seasonality_reference_year(epoch2)
    groups = (month_groups(epoch1), month_groups(epoch2))
    per_month = [0] * 24
    years_per_month = [0] * 12  # recurrence counts (year, month) over both epochs
    for e in (0, 1):
        for _, month, idx in groups[e]:
            per_month[12 * e + month - 1] += len(idx)
            years_per_month[month - 1] += 1
    max_count = max(per_month + years_per_month)
    inputs = {
        "e1": [blocks.RasterInput(b.path, (b.band,)) for b in epoch1],
        "e2": [blocks.RasterInput(b.path, (b.band,)) for b in epoch2],
    }
    specs = {
        key: blocks.OutputSpec(path, OUTPUT_SPECS[key][0], nodata=OUTPUT_SPECS[key][1],
                               descriptions=[OUTPUT_SPECS[key][2]],
                               style=styles.ramp_qml(OUTPUT_RAMPS[key][0],
                                                     unit=OUTPUT_RAMPS[key][1]))
        for key, path in wanted.items()
    }
    counter = AreaAccumulator(len(CHANGE_CLASSES) + 1)
    plan = calendar_month_plan(groups, reference_year)

    def kernel(block):
        stacks = (block["e1"], block["e2"])
        acc = MonthlyAccumulator((block.height, block.width), reference_year, max_count)
        if plan is not None:
            for e, month, rows, ref_row in plan:
                acc.add_month_stack(e, month, stacks[e][rows], enc, ref_row)
        else:  # several maps in some (year, month): per-group "any" for recurrence
            for e in (0, 1):
                for year, month, idx in groups[e]:
                    acc.add_masks(e, year, month,
                                  [water_and_valid(stacks[e][i], enc) for i in idx])
        res = acc.finalize()
        out = {
            "OCCURRENCE1": res.occurrence1, "OCCURRENCE2": res.occurrence2,
            "CHANGE": res.change, "SEASONALITY": res.seasonality,
            "RECURRENCE": res.recurrence,
        }
        arrays = {k: out[k][None] for k in wanted}
        if areas:
            arrays["_classes"] = change_classes(res, homologous_water_seen(acc))
        return arrays

    def reduce(block, res):
        if areas:
            counter.add(res["_classes"], block.cell_areas())

    kwargs = {"memory_budget": memory_budget} if memory_budget else {}
    result = blocks.run(
        inputs, kernel, specs, reduce=reduce, progress=progress, is_canceled=is_canceled,
        extra_bytes_per_pixel=BYTES_PER_PIXEL, threads=threads, gdal_threads=gdal_threads,
        recycle=True, **kwargs,
    )
    rows = class_area_table(CHANGE_CLASSES, counter.pixels, counter.area,
                            result.area_method) if areas else None
    table = write_csv(area_table, rows) if area_table and rows else None
    return {
        **{k: result.outputs[k] for k in wanted}, "AREA_TABLE": table, "table": rows,
        "pixels": {c: int(counter.pixels[c]) for c, _ in CHANGE_CLASSES},
        "area_ha": {c: float(counter.area[c] / 1e4) for c, _ in CHANGE_CLASSES},
        "area_method": result.area_method, "reference_year": reference_year,
        "windows": result.windows,
    }
