"""IPCC land-use change between two dates: change raster, Approach 2 matrix, tidy transitions.

Why: a GHG inventory reports "X remaining X" and "X converted to Y" areas (IPCC 2006 Vol. 4
Ch. 3; algorithms.md §1.1, §1.5). Coding each pixel as ``10·initial + final`` (11…66, 255
nodata) keeps the raster readable ("21" = cropland converted to forest land), and the area
matrix is cross-tabulated in the same streaming pass, with ellipsoidal cell areas on
geographic grids. QGIS-free.

Public API:
    transition_label(i, j) -> "Forest land converted to cropland"
    land_use_change(initial, final, output, ...) -> ChangeResult
    matrix_table(result), transitions_table(result) -> Table (rows for a table sink)
    write_matrix(path, result), write_transitions(path, result) (CSV without QGIS)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import rasterio

from ...products import styles
from ..engine import blocks
from ..engine.areas import CHUNK_PX, AreaAccumulator, row_area_sums
from ..engine.fastcount import PackedRows
from ..engine.tables import Table, write_csv
from .ipcc import (
    IPCC_CODES,
    IPCC_NAMES,
    NODATA,
    check_integer,
    mask_window,
)

NCAT = 8  # 0..5 IPCC categories, 6 no data, 7 invalid value
ORDER = [*IPCC_CODES, NODATA]  # matrix order: Forest … Other land, then No data


def transition_label(initial: int, final: int) -> str:
    """IPCC wording, sentence case: 'Forest land remaining forest land', 'X converted to y'."""
    a, b = IPCC_NAMES[initial], IPCC_NAMES[final]
    verb = "remaining" if initial == final else "converted to"
    return f"{a} {verb} {b[0].lower()}{b[1:]}"


@dataclass
class ChangeResult:
    output: str | None
    pixels: np.ndarray   # (7, 7) int64, rows initial, cols final, order ORDER
    area_m2: np.ndarray  # (7, 7) float64
    area_method: str
    windows: int

    def area_ha(self) -> np.ndarray:
        return self.area_m2 / 1e4


def _category_lut(nodata: float | None) -> np.ndarray:
    """Code → 0..5 for IPCC 1..6, 6 for 255/nodata, 7 for anything else (invalid)."""
    lut = np.full(65536 + 1, 7, dtype=np.uint8)
    for i, c in enumerate(IPCC_CODES):
        lut[c] = i
    lut[NODATA] = 6
    if nodata is not None and float(nodata).is_integer() and 0 <= nodata <= 65535:
        lut[int(nodata)] = 6
    return lut


def _indices(codes: np.ndarray) -> np.ndarray:
    if codes.dtype in (np.uint8, np.uint16):
        return codes
    bad = (codes < 0) | (codes > 65535)
    return np.where(bad, 65536, codes) if bad.any() else codes


class ChangeByteKernel:
    """Change codes and per-row cross-tab of two Byte rasters holding 1–6/255 only.

    Why: the general kernel costs ~4 ns/px (two LUT gathers with intp casts, the output LUT
    and a ``bincount`` that stalls on runs of equal codes); with both inputs already IPCC
    coded the work is arithmetic and a few SIMD passes (~0.5 ns/px):

    * validity falls out of the counts (``row_pairs``); a window holding another value goes
      to the general kernel, which names the offending values exactly as before;
    * output: ``max(10·a + b, a | b)``: for valid values ``a | b`` is ≤ 7 unless one of them
      is 255 (then it is 255), and ``10·a + b`` ≥ 11;
    * cross-tab per row: the six diagonal cells (``out == 11·k``) by packed comparisons;
      the changed pixels (``a != b``, rare between two dates) are found by scanning uint64
      words of the comparison (``fastcount``) and only they go through a category LUT and
      ``bincount``;
      the no-data-on-both-dates cell is what remains of the row.

    Counts and output equal the general kernel's (exact integers, same codes).
    """

    def __init__(self) -> None:
        self.cat = np.full(256, 7, dtype=np.uint8)
        for i, c in enumerate(IPCC_CODES):
            self.cat[c] = i
        self.cat[NODATA] = 6
        self.packed = PackedRows()

    BAND_BYTES = 1 << 19  # rows per piece: ~512 KiB of each array, so every pass stays in L2

    def window(self, a: np.ndarray, b: np.ndarray, out: np.ndarray,
               scratch: np.ndarray) -> np.ndarray | None:
        """:meth:`change` and :meth:`row_pairs` of a whole window, band of rows by band.

        Why bands: the output takes four passes and the counts seven more; over a window of
        several MB each pass came from RAM. On bands of ~512 KiB the eleven passes re-read
        L2 (one 512 × 10 000 window of the bench's LC100 pair, 5 % changed: 11.4 → 8.5 ms).
        """
        h, w = a.shape
        step = max(1, self.BAND_BYTES // max(1, w))
        counts = np.empty((h, NCAT * NCAT), dtype=np.int64)
        for r0 in range(0, h, step):
            rows = slice(r0, r0 + step)
            self.change(a[rows], b[rows], out[rows], scratch[rows])
            part = self.row_pairs(a[rows], b[rows], out[rows], scratch[rows])
            if part is None:
                return None
            counts[rows] = part
        return counts

    def change(self, a: np.ndarray, b: np.ndarray, out: np.ndarray,
               scratch: np.ndarray) -> np.ndarray:
        """``10·a + b`` (255 where either is 255) into ``out``, exact for valid inputs."""
        np.bitwise_or(a, b, out=scratch)
        np.multiply(a, np.uint8(10), out=out)
        np.add(out, b, out=out)
        np.maximum(out, scratch, out=out)
        return out

    def row_pairs(self, a: np.ndarray, b: np.ndarray, out: np.ndarray,
                  scratch: np.ndarray) -> np.ndarray | None:
        """(h, 64) int64 per-row pixel counts of each pair code ``8·cat(a) + cat(b)``, or
        None when a value is not 1–6/255 (the caller then runs the general kernel).

        Validity needs no pass of its own: a changed pixel's values go through ``cat``
        (7 = invalid); an unchanged pixel is counted on the diagonal only if its value is
        1–6 (for a == b = v, ``out`` is 11·k only when v = k), so the rest of each row must
        equal its count of 255 on both dates (``a & b == 255``).
        """
        h, w = a.shape
        npair = NCAT * NCAT
        counts = np.zeros((h, npair), dtype=np.int64)
        pos, va, vb = self.packed.differing(a, b)
        if pos.size:
            ca, cb = np.take(self.cat, va), np.take(self.cat, vb)  # take: 1.5× fancy index
            if int(ca.max()) == 7 or int(cb.max()) == 7:
                return None
            key = (pos // w) * npair + ca.astype(np.intp) * NCAT + cb
            counts += np.bincount(key, minlength=h * npair).reshape(h, npair)
        for i, code in enumerate(IPCC_CODES):
            counts[:, i * NCAT + i] = self.packed.rows_equal(out, 11 * code)
        rest = w - counts.sum(axis=1)
        np.bitwise_and(a, b, out=scratch)
        if not np.array_equal(rest, self.packed.rows_equal(scratch, NODATA)):
            return None
        counts[:, 6 * NCAT + 6] = rest
        return counts


def land_use_change(
    initial: str | os.PathLike,
    final: str | os.PathLike,
    output_path: str | os.PathLike | None,
    *,
    mask_shapes: Sequence[Any] | None = None,
    matrix_csv: str | os.PathLike | None = None,
    transitions_csv: str | os.PathLike | None = None,
    labels: tuple[str, str] = ("INITIAL", "FINAL"),
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    threads: int = 2,
    memory_budget: int = blocks.DEFAULT_BUDGET,
) -> ChangeResult:
    """Cross-tabulate two IPCC-category rasters on one grid (GridMismatchError otherwise)."""
    for path, label in zip((initial, final), labels):
        check_integer(path, label)
    with rasterio.open(initial) as a, rasterio.open(final) as b:
        lut_a, lut_b = _category_lut(a.nodata), _category_lut(b.nodata)
    out_lut = np.full(NCAT * NCAT, NODATA, dtype=np.uint8)
    for i in range(6):
        for j in range(6):
            out_lut[i * NCAT + j] = 10 * (i + 1) + (j + 1)

    fast = None
    with rasterio.open(initial) as a, rasterio.open(final) as b:
        if (not mask_shapes and a.dtypes[0] == b.dtypes[0] == "uint8"
                and a.nodata in (None, NODATA) and b.nodata in (None, NODATA)):
            fast = ChangeByteKernel()

    def fast_kernel(block: blocks.Block) -> dict[str, Any]:
        assert fast is not None
        a = np.ascontiguousarray(block["initial"][0])
        b = np.ascontiguousarray(block["final"][0])
        scratch = block.buffer(a.shape, np.uint8)
        out = block.buffer((1, *a.shape), np.uint8)
        counts = fast.window(a, b, out[0], scratch)
        if counts is None:
            return kernel(block)  # names the values that are not IPCC categories
        px = counts.sum(axis=0)
        areas = block.cell_areas()
        if float(areas.min()) == float(areas.max()):
            area = px * float(areas[0])
        else:  # geographic: each row weighted by its own cell area
            area = areas @ counts
        return {"change": out, "_px": px, "_area": area, "_bad": (None, None)}

    def kernel(block: blocks.Block) -> dict[str, Any]:
        a, b = block["initial"][0], block["final"][0]
        inside = mask_window(mask_shapes, block)
        areas = block.cell_areas()
        out = np.empty(a.shape, dtype=np.uint8)
        px = np.zeros(NCAT * NCAT, dtype=np.int64)
        area = np.zeros(NCAT * NCAT, dtype=np.float64)
        bad_a, bad_b = set(), set()
        # Row groups of ~256 k px keep every temporary in cache (one pass per group).
        step = max(1, CHUNK_PX // max(1, a.shape[1]))
        for r0 in range(0, a.shape[0], step):
            rows = slice(r0, r0 + step)
            ci = lut_a[_indices(a[rows])]
            cj = lut_b[_indices(b[rows])]
            pair = ci * np.uint8(NCAT) + cj
            o = out_lut[pair]
            valid = None if inside is None else inside[rows]
            if valid is not None:
                o[~valid] = NODATA
            out[rows] = o
            p, ar = row_area_sums(pair, NCAT * NCAT, areas[rows], valid)
            px += p
            area += ar
            if p.reshape(NCAT, NCAT)[7].any():
                bad_a.update(np.unique(a[rows][ci == 7]).tolist())
            if p.reshape(NCAT, NCAT)[:, 7].any():
                bad_b.update(np.unique(b[rows][cj == 7]).tolist())
        return {"change": out[None], "_px": px, "_area": area,
                "_bad": (sorted(bad_a) or None, sorted(bad_b) or None)}

    totals = AreaAccumulator(NCAT * NCAT)

    def reduce(_block: blocks.Block, res: dict[str, Any]) -> None:
        for bad, label, path in zip(res["_bad"], labels, (initial, final)):
            if bad is not None:
                shown = ", ".join(str(v) for v in bad[:10])
                raise ValueError(
                    f"{label}: {Path(path).name} holds values ({shown}) that are not IPCC "
                    "categories 1–6 (255 = no data). Run clms:landcovertoipcc on it first.")
        totals.add_totals(res["_px"], res["_area"])

    outputs = {}
    if output_path:
        colours, names = _change_style()
        outputs["change"] = blocks.OutputSpec(
            output_path, "uint8", nodata=NODATA, colormap=colours, categories=names,
            style=styles.classes_qml(names, colours, comment="IPCC land-use change"),
            predictor=1,  # class codes: no differencing (smaller and faster)
            descriptions=["IPCC land-use change (10*initial+final)"],
            tags={"CLMS_LEGEND": "ipcc_change", "CLMS_CODES": ";".join(
                f"{k} {v}" for k, v in names.items())})
    run = blocks.run({"initial": str(initial), "final": str(final)},
                     kernel if fast is None else fast_kernel, outputs,
                     reduce=reduce, progress=progress, is_canceled=is_canceled,
                     threads=threads, memory_budget=memory_budget,
                     # The same on both paths: the same windows, so a refused input names the
                     # same values (those of the first window holding any) on either path.
                     # Window-sized arrays are the output, the fast path's scratch and a
                     # mask (≤ 3 B/px; the general kernel's temporaries live per row group of
                     # CHUNK_PX): 8 lets a 10 000-px raster run in full-width strips (20
                     # windows, not 40) like the reclassification.
                     extra_bytes_per_pixel=8, recycle=True,
                     max_window_px=blocks.BYTE_WINDOW_PX,  # Byte classes (windows.py)
                     # As landcovertoipcc: with our window threads busy, GDAL compression
                     # threads would only oversubscribe the cores.
                     gdal_threads=1 if threads > 1 else "ALL_CPUS")
    px = totals.pixels.reshape(NCAT, NCAT)[:7, :7]
    area = totals.area.reshape(NCAT, NCAT)[:7, :7]
    result = ChangeResult(run.outputs.get("change"), px.copy(), area.copy(), run.area_method,
                          run.windows)
    if matrix_csv:
        write_matrix(matrix_csv, result)
    if transitions_csv:
        write_transitions(transitions_csv, result)
    return result


def _change_style() -> tuple[dict[int, tuple[int, int, int]], dict[int, str]]:
    """Colour per change code: final category colour, paler when unchanged."""
    from ...products import landcover

    base = landcover.load_legend("ipcc").colours()
    colours, names = {}, {}
    for i in IPCC_CODES:
        for j in IPCC_CODES:
            r, g, b = base[j]
            if i == j:
                r, g, b = (int(v + (255 - v) * 0.55) for v in (r, g, b))
            colours[10 * i + j] = (r, g, b)
            names[10 * i + j] = transition_label(i, j)
    return colours, names


def _names() -> list[str]:
    return [IPCC_NAMES[c] for c in ORDER]


MATRIX_FIRST = "Initial \\ final (ha)"


def matrix_table(result: ChangeResult) -> Table:
    """IPCC Approach 2 matrix (ha): rows initial, columns final, totals and net change.

    One row per initial category, then "Final area" and "Net change"; every category
    column is a number (the net change of the total is empty); the area method is a column.
    """
    ha = result.area_ha()
    names = _names()
    table = Table([(MATRIX_FIRST, "str"), *((n, "float") for n in names),
                   ("Initial area", "float"), ("area_method", "str")])
    for i, name in enumerate(names):
        table.rows.append([name, *(float(v) for v in ha[i]), float(ha[i].sum()),
                           result.area_method])
    final_area, initial_area = ha.sum(axis=0), ha.sum(axis=1)
    table.rows.append(["Final area", *(float(v) for v in final_area), float(ha.sum()),
                       result.area_method])
    table.rows.append(["Net change", *(float(v) for v in final_area - initial_area), None,
                       result.area_method])
    return table


def transitions_table(result: ChangeResult) -> Table:
    """Tidy ``code,initial,final,label,pixels,area_ha,area_method`` (observed pairs)."""
    table = Table([("code", "int"), ("initial", "str"), ("final", "str"), ("label", "str"),
                   ("pixels", "int"), ("area_ha", "float"), ("area_method", "str")])
    for i, ci in enumerate(IPCC_CODES):
        for j, cj in enumerate(IPCC_CODES):
            n = int(result.pixels[i, j])
            if n:
                table.rows.append([10 * ci + cj, IPCC_NAMES[ci], IPCC_NAMES[cj],
                                   transition_label(ci, cj), n,
                                   float(result.area_m2[i, j] / 1e4), result.area_method])
    return table


def write_matrix(path: str | os.PathLike, result: ChangeResult) -> str:
    """The matrix as CSV (scripts without QGIS)."""
    return write_csv(path, matrix_table(result))


def write_transitions(path: str | os.PathLike, result: ChangeResult) -> str:
    """The transitions as CSV (scripts without QGIS)."""
    return write_csv(path, transitions_table(result))
