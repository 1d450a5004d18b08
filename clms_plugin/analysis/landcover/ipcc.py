"""Land cover → IPCC land categories: mapping tables, the LUT kernel and area tables (QGIS-free).

Why a lookup table: a 256- or 65 536-entry LUT indexed by the class code is O(1) per pixel,
whereas QGIS "Reclassify by table" scans the table rows for every pixel (algorithms.md §1.6,
§4). Codes the mapping does not list become nodata (255), never 0, and are reported with
their pixel counts so a wrong legend choice is visible.

Coding (DESIGN.md §6): 1 Forest land, 2 Cropland, 3 Grassland, 4 Wetlands, 5 Settlements,
6 Other land, 255 nodata. Default mappings per legend and the alternative profiles for
contested classes are CSV files in ``resources/mappings/`` (see its README).

Public API:
    IPCC_NAMES, NODATA
    mapping_path(legend, target), load_mapping_csv(path, allowed), default_mapping(...)
    profiles() -> [(id, label)]
    build_lut(mapping, dtype) -> LUT
    ByteKernel(table, mapped): the Byte fast path (pair LUT, packed per-row counts)
    landcover_to_ipcc(input, output, ...) -> ReclassResult
    write_area_table(path, result)
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import rasterio

from ...products import landcover, styles
from ...version import PLUGIN_ROOT
from ..engine import blocks
from ..engine.areas import AreaAccumulator, row_area_sums, row_counts, weight_rows
from ..engine.tables import Table, write_csv
from .byte_kernel import ByteKernel
from .categories import IPCC_ALLOWED, IPCC_CODES, NODATA

MAPPINGS_DIR = PLUGIN_ROOT / "resources" / "mappings"
IPCC_NAMES: dict[int, str] = {c.code: c.name for c in landcover.load_legend("ipcc").classes}


# -- mapping tables --------------------------------------------------------------------------
def mapping_path(legend_id: str, target: str = "ipcc") -> Path:
    """``resources/mappings/<legend>_<target>.csv`` (target 'ipcc' or 'unccd')."""
    path = MAPPINGS_DIR / f"{legend_id}_{target}.csv"
    if not path.is_file():
        raise KeyError(f"no default {target.upper()} mapping for legend '{legend_id}'; "
                       "give a MAPPING table")
    return path


def load_mapping_csv(path: str | os.PathLike, allowed: set[int] | None = None,
                     label: str = "MAPPING") -> dict[int, int]:
    """Read ``source_code,target_code[,…]`` rows (header optional, '#' comments skipped).

    Raises ValueError naming the file, line and the allowed target codes.
    """
    allowed = IPCC_ALLOWED if allowed is None else allowed
    out: dict[int, int] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for lineno, row in enumerate(csv.reader(fh), start=1):
            if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
                continue
            try:
                src, dst = int(float(row[0])), int(float(row[1]))
            except (ValueError, IndexError):
                if lineno == 1 or not out:
                    continue  # header
                raise ValueError(f"{label} {path}: line {lineno} is not 'source_code,"
                                 f"target_code': {','.join(row)}") from None
            if dst not in allowed:
                raise ValueError(f"{label} {path}: line {lineno} maps {src} to {dst}; allowed "
                                 f"target codes are {sorted(allowed)}")
            out[src] = dst
    if not out:
        raise ValueError(f"{label} {path}: no 'source_code,target_code' rows found")
    return out


def profiles() -> list[tuple[str, str]]:
    """Alternative mapping profiles for contested classes: [(id, label)]."""
    with (MAPPINGS_DIR / "profiles.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["profile"], r["label"]) for r in csv.DictReader(fh)]


def profile_overrides(profile_id: str, legend_id: str) -> dict[int, int]:
    path = MAPPINGS_DIR / f"profile_{profile_id}.csv"
    if not path.is_file():
        raise KeyError(f"unknown mapping profile '{profile_id}'; known: "
                       f"{', '.join(p for p, _ in profiles())}")
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(r["source_code"]): int(r["ipcc_code"]) for r in csv.DictReader(fh)
                if r["legend"] == legend_id}


def default_mapping(legend_id: str, profile_ids: Iterable[str] = (),
                    target: str = "ipcc") -> dict[int, int]:
    """The default mapping of a legend with the chosen profiles applied on top, in order."""
    allowed = IPCC_ALLOWED if target == "ipcc" else set(range(1, 8)) | {NODATA}
    mapping = load_mapping_csv(mapping_path(legend_id, target), allowed)
    for pid in profile_ids:
        mapping.update(profile_overrides(pid, legend_id))
    return mapping


# -- LUT ---------------------------------------------------------------------------------------
@dataclass
class Lut:
    """``table[code]`` → target; the last entry is the 'out of range' sentinel (→ nodata)."""

    table: np.ndarray
    mapped: np.ndarray  # bool, True where the mapping (or input nodata) defines the code
    input_nodata: int | None

    @property
    def size(self) -> int:
        return int(self.table.size)

    def indices(self, codes: np.ndarray) -> np.ndarray:
        """Codes → LUT indices; values outside the table go to the sentinel slot."""
        if codes.dtype == np.int8:  # signed-byte class rasters: −126 is code 130 (§1.2)
            codes = codes.view(np.uint8)
        if codes.dtype == np.uint8 and self.size > 256:
            return codes
        if codes.dtype == np.uint16 and self.size > 65536:
            return codes
        last = self.size - 1
        if np.issubdtype(codes.dtype, np.signedinteger):
            bad = (codes < 0) | (codes >= last)
        else:
            bad = codes >= last
        if not bad.any():
            return codes
        return np.where(bad, last, codes)


def check_integer(path: str | os.PathLike, label: str) -> str:
    """dtype of band 1, or ValueError naming the input if it is not an integer class raster."""
    with rasterio.open(path) as ds:
        dtype = ds.dtypes[0]
        if ds.width == 0 or ds.height == 0:
            raise ValueError(f"{label}: {path} is empty (0 pixels)")
    if not np.issubdtype(np.dtype(dtype), np.integer):
        raise ValueError(f"{label}: {Path(path).name} holds {dtype} values; a land-cover class "
                         "raster must be integer (Byte/UInt16/…). Choose the classification "
                         "band or convert it with gdal_translate -ot Byte.")
    return dtype


def build_lut(mapping: Mapping[int, int], dtype: str, input_nodata: float | None = None,
              out_dtype: str = "uint8", out_nodata: int = NODATA) -> Lut:
    """LUT for integer ``dtype``; input nodata and unmapped codes → ``out_nodata``."""
    dt = np.dtype(dtype)
    if dt in (np.uint8, np.int8):  # int8 codes are read as uint8 (Lut.indices)
        size = 256 + 1
    elif dt == np.uint16:
        size = 65536 + 1
    else:
        top = max([k for k in mapping if k >= 0] + [255])
        if input_nodata is not None and 0 <= input_nodata < 1 << 20:
            top = max(top, int(input_nodata))
        size = top + 2
    table = np.full(size, out_nodata, dtype=out_dtype)
    mapped = np.zeros(size, dtype=bool)
    for src, dst in mapping.items():
        if 0 <= src < size - 1:
            table[src] = dst
            mapped[src] = True
    nd = None
    if input_nodata is not None and float(input_nodata).is_integer():
        nd = int(input_nodata)
        if dt == np.int8 and nd < 0:
            nd += 256
        if 0 <= nd < size - 1:
            table[nd] = out_nodata
            mapped[nd] = True
    return Lut(table, mapped, nd)


# -- masks and per-row area sums (shared by the land-cover kernels) --------------------------
def mask_window(shapes: Sequence[Any] | None, block: blocks.Block) -> np.ndarray | None:
    """True inside the polygons for this window (pixel centre inside), None if no mask."""
    if not shapes:
        return None
    from rasterio import features, windows

    transform = windows.transform(block.window, block.grid.transform)
    return features.rasterize(((g, 1) for g in shapes), out_shape=(block.height, block.width),
                              transform=transform, fill=0, dtype="uint8",
                              all_touched=False).astype(bool)


# -- the algorithm ---------------------------------------------------------------------------
@dataclass
class ReclassResult:
    output: str | None
    legend: str
    legend_reason: str
    pixels: dict[int, int]                 # ipcc code (incl. 255) -> pixels
    area_m2: dict[int, float]
    unmapped: dict[int, int]               # source code -> pixels that became nodata
    area_method: str
    windows: int
    messages: list[str] = field(default_factory=list)


def resolve_mapping(input_path: str, legend: str | None, mapping_csv: str | None,
                    profile_ids: Sequence[str] = (), target: str = "ipcc",
                    label: str = "INPUT") -> tuple[str, str, dict[int, int]]:
    """(legend id, reason, mapping) from the LEGEND choice, profiles and MAPPING overrides."""
    allowed = IPCC_ALLOWED if target == "ipcc" else set(range(1, 255)) | {NODATA}
    if legend in (None, "", "auto"):
        legend, reason = landcover.detect_legend(input_path)
    elif legend == "custom":
        reason = "custom legend (MAPPING table)"
        if not mapping_csv:
            raise ValueError(f"{label}: the custom legend needs a MAPPING table "
                             "(CSV 'source_code,target_code')")
    else:
        reason = "chosen by the user"
    mapping: dict[int, int] = {}
    if legend != "custom":
        mapping = default_mapping(legend, profile_ids, target)
    if mapping_csv:
        mapping.update(load_mapping_csv(mapping_csv, allowed))
    return legend, reason, mapping


def landcover_to_ipcc(
    input_path: str | os.PathLike,
    output_path: str | os.PathLike | None,
    *,
    legend: str | None = None,
    mapping_csv: str | None = None,
    profile_ids: Sequence[str] = (),
    mask_shapes: Sequence[Any] | None = None,
    area_table: str | os.PathLike | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    threads: int = 2,
    memory_budget: int = blocks.DEFAULT_BUDGET,
) -> ReclassResult:
    """Reclassify a land-cover raster to IPCC categories; optional area table CSV."""
    input_path = str(input_path)
    dtype = check_integer(input_path, "INPUT")
    legend_id, reason, mapping = resolve_mapping(input_path, legend, mapping_csv, profile_ids)
    with rasterio.open(input_path) as ds:
        nodata = ds.nodata
    lut = build_lut(mapping, dtype, nodata)
    size = lut.size
    # Declared nodata outside the LUT (uint32 4294967295, Int16 -32768) lands in the
    # sentinel slot: count it apart so it is not reported as an unmapped code.
    nd_outside = lut.input_nodata is not None and not 0 <= lut.input_nodata < size - 1
    cat_index = np.full(256, 6, dtype=np.uint8)  # IPCC code -> 0..5, nodata -> 6
    for i, c in enumerate(IPCC_CODES):
        cat_index[c] = i
    table, sentinel = lut.table, size - 1

    # Source code -> category index 0..5, 6 = nodata: lets one per-row histogram of the
    # source codes give both the unmapped-code counts and the category areas.
    code_to_cat = np.zeros((size, 7), dtype=np.int64)
    code_to_cat[np.arange(size), cat_index[table]] = 1

    byte_kernel = ByteKernel(table, lut.mapped) if size == 257 and not mask_shapes else None
    no_hist = np.zeros(size, dtype=np.int64)

    def byte_path(block: blocks.Block, codes: np.ndarray) -> dict[str, Any]:
        assert byte_kernel is not None
        out = byte_kernel.reclass(codes, block.buffer((1, *codes.shape), np.uint8))
        rows = byte_kernel.row_categories(out[0])
        px, area = weight_rows(rows, block.cell_areas())
        hist = byte_kernel.unmapped_hist(codes, int(px[6]))
        return {"ipcc": out, "_hist": no_hist if hist is None else hist, "_px": px,
                "_area": area, "_nd": 0}

    def kernel(block: blocks.Block) -> dict[str, Any]:
        codes = block["lc"][0]
        if byte_kernel is not None and codes.dtype in (np.uint8, np.int8):
            return byte_path(block, np.ascontiguousarray(codes).view(np.uint8))
        idx = lut.indices(codes)
        out = table[idx]
        inside = mask_window(mask_shapes, block)
        if inside is not None:
            out[~inside] = NODATA
        nd_px = 0
        if nd_outside:
            is_nd = codes == lut.input_nodata
            nd_px = int(np.count_nonzero(is_nd if inside is None else is_nd & inside))
        areas = block.cell_areas()
        uniform = float(areas.min()) == float(areas.max())
        hist = np.zeros(size, dtype=np.int64)
        px = np.zeros(7, dtype=np.int64)
        area = np.zeros(7, dtype=np.float64)
        if size <= 257:
            for r0, counts in row_counts(idx, size, inside, per_row=not uniform):
                hist += counts.sum(axis=0)
                cats = counts @ code_to_cat
                px += cats.sum(axis=0)
                area += (cats.sum(axis=0) * float(areas[0]) if uniform
                         else areas[r0:r0 + cats.shape[0]] @ cats)
        else:  # 16-bit codes: flat code histogram + per-row category areas
            for _, counts in row_counts(idx, size, inside, per_row=False):
                hist += counts[0]
            px, area = row_area_sums(cat_index[out], 7, areas, inside)
        return {"ipcc": out[None], "_hist": hist, "_px": px, "_area": area, "_nd": nd_px}

    hist_total = np.zeros(size, dtype=np.int64)
    totals = AreaAccumulator(7)
    nd_total = [0]

    def reduce(_block: blocks.Block, res: Mapping[str, Any]) -> None:
        nd_total[0] += res["_nd"]
        hist_total[: res["_hist"].size] += res["_hist"][:size]
        totals.add_totals(res["_px"], res["_area"])

    legend_ipcc = landcover.load_legend("ipcc")
    outputs = {}
    if output_path:
        outputs["ipcc"] = blocks.OutputSpec(
            output_path, "uint8", nodata=NODATA, descriptions=["IPCC land category"],
            predictor=1,  # class codes: no differencing (smaller and faster)
            colormap=legend_ipcc.colours(),
            categories={c: IPCC_NAMES[c] for c in IPCC_CODES},
            style=styles.legend_qml("ipcc"),
            tags={"CLMS_LEGEND": "ipcc", "CLMS_SOURCE_LEGEND": legend_id,
                  # the source file's name: a report names the product, dates and licence
                  "CLMS_SOURCE": Path(str(input_path)).name,
                  "CLMS_CODES": ",".join(f"{c.code} {c.name}" for c in legend_ipcc.classes)})
    run = blocks.run({"lc": input_path}, kernel, outputs, reduce=reduce, progress=progress,
                     is_canceled=is_canceled, threads=threads, memory_budget=memory_budget,
                     extra_bytes_per_pixel=8, recycle=True,
                     max_window_px=(blocks.BYTE_WINDOW_PX if byte_kernel is not None
                                    else blocks.MAX_WINDOW_PX),
                     # GDAL compression threads even beside our window threads: with one,
                     # the writing thread compressed every tile itself and the window
                     # threads waited for it (py-spy: 72 % of its time in ZSTD) — see
                     # CHANGELOG (issue 18) for the same-round ratios.
                     gdal_threads="ALL_CPUS")
    unmapped = {int(c): int(n) for c, n in enumerate(hist_total[:sentinel])
                if n and not lut.mapped[c]}
    if hist_total[sentinel] - nd_total[0]:
        unmapped[-1] = int(hist_total[sentinel] - nd_total[0])
    pixels = {c: int(totals.pixels[i]) for i, c in enumerate(IPCC_CODES)}
    pixels[NODATA] = int(totals.pixels[6])
    areas = {c: float(totals.area[i]) for i, c in enumerate(IPCC_CODES)}
    areas[NODATA] = float(totals.area[6])
    result = ReclassResult(run.outputs.get("ipcc"), legend_id, reason, pixels, areas,
                           unmapped, run.area_method, run.windows)
    result.messages.append(f"Legend: {legend_id} ({reason}); {len(mapping)} codes mapped.")
    if unmapped:
        listed = ", ".join(
            (f"{c}: {n} px" if c >= 0 else f"codes beyond the table: {n} px")
            for c, n in sorted(unmapped.items()))
        result.messages.append(f"Codes not in the mapping became no data (255): {listed}.")
    result.messages.append(f"Area method: {run.area_method}.")
    if area_table:
        write_area_table(area_table, result)
    return result


def ipcc_area_table(result: ReclassResult) -> Table:
    """``ipcc_code,category,pixels,area_ha,area_method`` (categories 1–6, then 255)."""
    table = Table([("ipcc_code", "int"), ("category", "str"), ("pixels", "int"),
                   ("area_ha", "float"), ("area_method", "str")])
    for code in (*IPCC_CODES, NODATA):
        table.rows.append([code, IPCC_NAMES[code], int(result.pixels[code]),
                           float(result.area_m2[code] / 1e4), result.area_method])
    return table


def write_area_table(path: str | os.PathLike, result: ReclassResult) -> str:
    """The area table as CSV (scripts without QGIS)."""
    return write_csv(path, ipcc_area_table(result))
