"""SDG 15.3.1 land-cover sub-indicator: UNCCD 7 classes, degradation matrix, −1/0/+1 raster.

Why: the UNCCD reports land degradation from land-cover change with a fixed default matrix
(Trends.Earth ``land_cover_transition_matrix_unccd.json``; algorithms.md §1.5): both dates
are aggregated to 1 Tree-covered, 2 Grassland, 3 Cropland, 4 Wetland, 5 Artificial,
6 Other land, 7 Water body, then each transition is −1 degraded, 0 stable or +1 improved.
The matrix is a CSV (``resources/mappings/unccd_degradation_matrix.csv``) that users can
edit; an N×N matrix over codes 1..N is accepted with a matching custom mapping. QGIS-free.

Public API:
    load_matrix(path) -> (N+1, N+1) int16 table (row/col 0 = nodata)
    sdg1531(initial, final, output, ...) -> SdgResult
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import rasterio

from ...products import landcover, styles
from ..engine import blocks
from ..engine.areas import AreaAccumulator, row_area_sums, row_counts
from ..engine.errors import ParameterError
from ..engine.tables import Table, write_csv
from .ipcc import (
    MAPPINGS_DIR,
    NODATA,
    build_lut,
    check_integer,
    mask_window,
    resolve_mapping,
)

DEFAULT_MATRIX = MAPPINGS_DIR / "unccd_degradation_matrix.csv"
OUT_NODATA = -32768
# The 7 UNCCD classes, named by the legend CSV (resources/legends/unccd.csv), declared once.
UNCCD_NAMES: dict[int, str] = {c.code: c.name for c in landcover.load_legend("unccd").classes
                               if not c.nodata}
STATUS = {-1: "degraded", 0: "stable", 1: "improved"}


def load_matrix(path: str | os.PathLike | None = None) -> np.ndarray:
    """Read an N×N matrix (header row of final codes, first column initial codes).

    Returns an int16 table of shape (N+1, N+1) indexed by class code, with row/column 0
    holding nodata (−32768). Values must be −1, 0 or 1.
    """
    path = Path(path or DEFAULT_MATRIX)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].strip().startswith("#")]
    try:
        cols = [int(c) for c in rows[0][1:]]
        body = {int(r[0]): [int(float(v)) for v in r[1:]] for r in rows[1:]}
    except (ValueError, IndexError) as exc:
        raise ParameterError("MATRIX", f"{path}: expected a header 'initial\\final,1,2,…' "
                             f"and one row per initial class of -1/0/1 values ({exc})") from None
    n = max(cols + list(body))
    if sorted(cols) != list(range(1, n + 1)) or sorted(body) != list(range(1, n + 1)):
        raise ParameterError("MATRIX",
                             f"{path}: rows and columns must both list classes 1..{n}")
    table = np.full((n + 1, n + 1), OUT_NODATA, dtype=np.int16)
    for i, vals in body.items():
        if len(vals) != len(cols):
            raise ParameterError("MATRIX",
                                 f"{path}: row {i} has {len(vals)} values, expected {n}")
        for j, v in zip(cols, vals):
            if v not in (-1, 0, 1):
                raise ParameterError("MATRIX",
                                     f"{path}: row {i}, column {j} is {v}; use -1, 0 or 1")
            table[i, j] = v
    return table


@dataclass
class SdgResult:
    output: str | None
    legends: tuple[str, str]
    pixels: dict[int, int]
    area_m2: dict[int, float]
    unmapped: tuple[dict[int, int], dict[int, int]]
    area_method: str
    messages: list[str] = field(default_factory=list)

    def percent(self, status: int) -> float:
        total = sum(self.area_m2.values())
        return 100.0 * self.area_m2[status] / total if total else 0.0


def sdg1531(
    initial: str | os.PathLike,
    final: str | os.PathLike,
    output_path: str | os.PathLike | None,
    *,
    legend: str | None = None,
    mapping_csv: str | None = None,
    matrix_csv: str | None = None,
    summary_csv: str | os.PathLike | None = None,
    mask_shapes: Sequence[Any] | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    threads: int = 2,
    memory_budget: int = blocks.DEFAULT_BUDGET,
) -> SdgResult:
    """Degradation status from two land-cover rasters (same grid, each mapped to UNCCD)."""
    matrix = load_matrix(matrix_csv)
    n = matrix.shape[0] - 1
    luts, legends, reasons = [], [], []
    for path, label in ((initial, "INITIAL"), (final, "FINAL")):
        dtype = check_integer(path, label)
        if legend == "unccd":
            lid, reason = "unccd", "already UNCCD classes"
            mapping = {c: c for c in range(1, n + 1)}
            if mapping_csv:
                _, _, extra = resolve_mapping(str(path), "custom", mapping_csv, (), "unccd",
                                              label)
                mapping.update(extra)
        else:
            lid, reason, mapping = resolve_mapping(str(path), legend, mapping_csv, (), "unccd",
                                                   label)
        bad = {v for v in mapping.values() if v != NODATA and not 1 <= v <= n}
        if bad:
            # the matrix is at fault unless the user supplied the mapping and not the matrix
            culprit = "MAPPING" if mapping_csv and not matrix_csv else "MATRIX"
            raise ParameterError(culprit, f"target codes {sorted(bad)} of the mapping are not "
                                 f"in the {n}-class degradation matrix; give a matrix with "
                                 "these classes or a MAPPING onto its classes")
        with rasterio.open(path) as ds:
            nd = ds.nodata
        lut = build_lut({k: (0 if v == NODATA else v) for k, v in mapping.items()}, dtype, nd,
                        out_nodata=0)
        luts.append(lut)
        legends.append(lid)
        reasons.append(reason)
    lut_a, lut_b = luts
    flat = matrix.ravel()
    stride = n + 1
    status_index = {-1: 0, 0: 1, 1: 2}

    def kernel(block: blocks.Block) -> dict[str, Any]:
        ia = lut_a.indices(block["initial"][0])
        ib = lut_b.indices(block["final"][0])
        ca = lut_a.table[ia].astype(np.int32)
        cb = lut_b.table[ib].astype(np.int32)
        out = flat[ca * stride + cb]
        inside = mask_window(mask_shapes, block)
        if inside is not None:
            out[~inside] = OUT_NODATA
        cls = np.full(out.shape, 3, dtype=np.uint8)
        for v, k in status_index.items():
            cls[out == v] = k
        px, area = row_area_sums(cls, 4, block.cell_areas(), inside)
        ha = sum(c[0] for _, c in row_counts(ia, lut_a.size, inside, per_row=False))
        hb = sum(c[0] for _, c in row_counts(ib, lut_b.size, inside, per_row=False))
        return {"sdg": out[None], "_px": px, "_area": area, "_ha": ha, "_hb": hb}

    totals = AreaAccumulator(4)
    hist_a = np.zeros(lut_a.size, dtype=np.int64)
    hist_b = np.zeros(lut_b.size, dtype=np.int64)

    def reduce(_block: blocks.Block, res: dict[str, Any]) -> None:
        totals.add_totals(res["_px"], res["_area"])
        hist_a[:] += res["_ha"][: lut_a.size]
        hist_b[:] += res["_hb"][: lut_b.size]

    outputs = {}
    if output_path:
        outputs["sdg"] = blocks.OutputSpec(
            output_path, "int16", nodata=OUT_NODATA,
            predictor=1,  # class codes: no differencing (smaller and faster)
            descriptions=["SDG 15.3.1 land cover: -1 degraded, 0 stable, 1 improved"],
            tags={"CLMS_LEGEND": "sdg1531"},
            categories={c: n for c, n, _ in styles.legend_entries("sdg1531_status")},
            style=styles.legend_qml("sdg1531_status"))
    run = blocks.run({"initial": str(initial), "final": str(final)}, kernel, outputs,
                     reduce=reduce, progress=progress, is_canceled=is_canceled,
                     threads=threads, memory_budget=memory_budget, extra_bytes_per_pixel=40)

    def unmapped(lut: Any, hist: np.ndarray) -> dict[int, int]:
        out = {int(c): int(v) for c, v in enumerate(hist[:-1]) if v and not lut.mapped[c]}
        if hist[-1]:
            out[-1] = int(hist[-1])
        return out

    um = (unmapped(lut_a, hist_a), unmapped(lut_b, hist_b))
    pixels = {s: int(totals.pixels[k]) for s, k in status_index.items()}
    areas = {s: float(totals.area[k]) for s, k in status_index.items()}
    result = SdgResult(run.outputs.get("sdg"), (legends[0], legends[1]), pixels, areas, um,
                       run.area_method)
    for label, lid, reason, u in zip(("INITIAL", "FINAL"), legends, reasons, um):
        result.messages.append(f"{label}: legend {lid} ({reason}).")
        if u:
            listed = ", ".join(f"{c}: {v} px" for c, v in sorted(u.items()))
            result.messages.append(f"{label}: codes not in the mapping became no data: {listed}.")
    result.messages.append(f"Area method: {run.area_method}.")
    if summary_csv:
        write_summary(summary_csv, result)
    return result


def summary_table(result: SdgResult) -> Table:
    """``status,pixels,area_ha,percent,area_method`` (percent of the valid area)."""
    table = Table([("status", "str"), ("pixels", "int"), ("area_ha", "float"),
                   ("percent", "float"), ("area_method", "str")])
    for s in (-1, 0, 1):
        table.rows.append([STATUS[s], int(result.pixels[s]), float(result.area_m2[s] / 1e4),
                           float(result.percent(s)), result.area_method])
    return table


def write_summary(path: str | os.PathLike, result: SdgResult) -> str:
    """The summary as CSV (scripts without QGIS)."""
    return write_csv(path, summary_table(result))
