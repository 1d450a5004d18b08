"""Surface-water occurrence, occurrence change, seasonality and recurrence (QGIS-free).

Definitions: JRC Global Surface Water, Pekel et al. 2016 (algorithms.md §3.1).

* **Occurrence** of an epoch: for each calendar month m, ``SWO_m = ΣWD_m / ΣVO_m`` (water
  detections over valid observations, summed over all years of the epoch); occurrence = the
  **mean of the SWO_m** over the months with ΣVO_m > 0. Not the plain ratio ΣWD/ΣVO: the
  month-by-month normalisation removes the bias of seasons with more valid observations
  (e.g. a dry, cloud-free season seen 10× more often than the wet one).
* **Change intensity**: ``Δ = mean over homologous months m ∈ H of (SWO_m(epoch 2) −
  SWO_m(epoch 1))``; H = calendar months with valid observations in *both* epochs. Months seen
  in one epoch only do not count. No homologous month → no value (nodata).
* **Seasonality**: number of months with water in the reference year = the last year of epoch 2
  (0–12); no valid observation that year → nodata.
* **Recurrence**: ``rec_m = 100 × (#years with water in month m) / (#years with a valid
  observation in month m)`` over both epochs; recurrence = mean of rec_m over the months in which
  water was ever detected; 0 where water was never seen; nodata without any valid observation.

Streaming: the kernel never holds the months of the raster; it keeps per-window accumulators
of shape (epoch, calendar month, rows, cols) — the months of a window are read, decoded,
added and dropped. Rounding of the published integers is half away from zero (12.5 → 13,
−12.5 → −13) after removing float noise below 1e-6.

Public API: ``MonthlyAccumulator`` (add / finalize), ``change_classes`` (area-table classes),
``run_surface_change`` (file driver on the block runner ``blocks.run``: each window receives
the time stack of both epochs, which the kernel folds month by month into the accumulators).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .water_encodings import STATE_WATER

OCC_NODATA = 255
CHANGE_NODATA = -32768
SEASONALITY_NODATA = 255
RECURRENCE_NODATA = 255

# Bytes of working memory per pixel of a window (accumulators + float64 finalize temporaries);
# the driver sizes windows from it so peak memory stays under the budget.
BYTES_PER_PIXEL = 2 * 12 * 2 * 2 + 12 * 2 * 2 + 4 + 3 * 12 * 8 + 64


def round_half_away(x: np.ndarray) -> np.ndarray:
    """Round to the nearest integer, halves away from zero, ignoring float noise < 1e-6."""
    x = np.round(np.asarray(x, dtype=np.float64), 6)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


@dataclass
class SurfaceWaterResult:
    """Per-window outputs (already in their published integer codings)."""

    occurrence1: np.ndarray  # uint8 0–100, 255 nodata
    occurrence2: np.ndarray  # uint8 0–100, 255 nodata
    change: np.ndarray  # int16 −100…100, −32768 nodata
    seasonality: np.ndarray  # uint8 0–12, 255 nodata
    recurrence: np.ndarray  # uint8 0–100, 255 nodata
    homologous: np.ndarray  # uint8 number of homologous months (0–12)
    ever_valid: np.ndarray  # bool: at least one valid observation in either epoch


class MonthlyAccumulator:
    """Per-calendar-month water/valid counts of one window, for two epochs.

    ``add(epoch, year, month, states)`` takes every map of one (epoch, year, month) — usually a
    single monthly map, several for 10-daily products — as arrays of states 0/1/2
    (``water_encodings.decode_monthly``). Occurrence counts every map as one observation (the
    scene-level definition); recurrence and seasonality count the (year, month) once: water if
    any map of it shows water, valid if any map is valid.
    """

    def __init__(self, shape: tuple[int, int], reference_year: int | None = None) -> None:
        self.shape = tuple(shape)
        self.reference_year = reference_year
        self.water = np.zeros((2, 12) + self.shape, dtype=np.uint16)
        self.valid = np.zeros((2, 12) + self.shape, dtype=np.uint16)
        self.years_water = np.zeros((12,) + self.shape, dtype=np.uint16)
        self.years_valid = np.zeros((12,) + self.shape, dtype=np.uint16)
        self.season_months = np.zeros(self.shape, dtype=np.uint8)
        self.season_valid = np.zeros(self.shape, dtype=bool)

    def add(self, epoch: int, year: int, month: int, states: list[np.ndarray]) -> None:
        """Add the maps of one (epoch 0/1, year, month 1–12)."""
        if epoch not in (0, 1):
            raise ValueError(f"epoch must be 0 or 1, got {epoch}")
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1–12, got {month}")
        m = month - 1
        any_water = np.zeros(self.shape, dtype=bool)
        any_valid = np.zeros(self.shape, dtype=bool)
        for state in states:
            if state.shape != self.shape:
                raise ValueError(f"map shape {state.shape} differs from the window {self.shape}")
            is_water = state == STATE_WATER
            is_valid = state > 0
            self.water[epoch, m] += is_water
            self.valid[epoch, m] += is_valid
            any_water |= is_water
            any_valid |= is_valid
        self.years_water[m] += any_water
        self.years_valid[m] += any_valid
        if epoch == 1 and self.reference_year is not None and year == self.reference_year:
            self.season_months += any_water
            self.season_valid |= any_valid

    def finalize(self) -> SurfaceWaterResult:
        """Turn the counts into the published layers (see module docstring)."""
        swo = []
        has = []
        occ = []
        for e in (0, 1):
            valid = self.valid[e]
            has_m = valid > 0
            ratio = np.divide(
                self.water[e], valid, out=np.zeros(valid.shape, dtype=np.float64), where=has_m
            )
            n_months = has_m.sum(axis=0)
            mean = np.divide(
                ratio.sum(axis=0), n_months,
                out=np.zeros(self.shape, dtype=np.float64), where=n_months > 0,
            )
            o = round_half_away(100.0 * mean).astype(np.uint8)
            o[n_months == 0] = OCC_NODATA
            swo.append(ratio)
            has.append(has_m)
            occ.append(o)

        homologous = has[0] & has[1]
        n_h = homologous.sum(axis=0)
        diff = np.where(homologous, swo[1] - swo[0], 0.0).sum(axis=0)
        delta = np.divide(diff, n_h, out=np.zeros(self.shape, dtype=np.float64), where=n_h > 0)
        change = round_half_away(100.0 * delta).astype(np.int16)
        change[n_h == 0] = CHANGE_NODATA

        season = self.season_months.copy()
        season[~self.season_valid] = SEASONALITY_NODATA

        yv = self.years_valid
        yw = self.years_water
        rec_m = np.divide(yw, yv, out=np.zeros(yv.shape, dtype=np.float64), where=yv > 0)
        wet_months = yw > 0
        n_wet = wet_months.sum(axis=0)
        rec = np.divide(
            np.where(wet_months, rec_m, 0.0).sum(axis=0), n_wet,
            out=np.zeros(self.shape, dtype=np.float64), where=n_wet > 0,
        )
        recurrence = round_half_away(100.0 * rec).astype(np.uint8)
        ever_valid = (yv > 0).any(axis=0)
        recurrence[~ever_valid] = RECURRENCE_NODATA

        return SurfaceWaterResult(
            occurrence1=occ[0], occurrence2=occ[1], change=change, seasonality=season,
            recurrence=recurrence, homologous=n_h.astype(np.uint8), ever_valid=ever_valid,
        )


# Area-table classes of the change layer (code, label). "not water" = homologous months exist
# but water was never seen in them in either epoch; "no homologous months" = valid data in at
# least one epoch but no calendar month observed in both.
CHANGE_CLASSES: tuple[tuple[int, str], ...] = (
    (1, "permanent loss (change = -100 %)"),
    (2, "strong occurrence decrease (-99 to -50 %)"),
    (3, "occurrence decrease (-49 to -1 %)"),
    (4, "no change, water present (0 %)"),
    (5, "occurrence increase (1 to 49 %)"),
    (6, "strong occurrence increase (50 to 99 %)"),
    (7, "permanent gain (change = +100 %)"),
    (8, "not water in either epoch"),
    (9, "no homologous months"),
)


def change_classes(result: SurfaceWaterResult, water_seen: np.ndarray) -> np.ndarray:
    """Area-table class (1–9, 0 = no valid observation) of each pixel of a window.

    ``water_seen``: bool, water detected in a homologous month of either epoch.
    """
    c = result.change.astype(np.int32)
    has_change = result.change != CHANGE_NODATA
    out = np.zeros(c.shape, dtype=np.uint8)
    out[has_change & (c == -100)] = 1
    out[has_change & (c > -100) & (c <= -50)] = 2
    out[has_change & (c > -50) & (c < 0)] = 3
    out[has_change & (c == 0) & water_seen] = 4
    out[has_change & (c > 0) & (c < 50)] = 5
    out[has_change & (c >= 50) & (c < 100)] = 6
    out[has_change & (c == 100)] = 7
    out[has_change & (c == 0) & ~water_seen] = 8
    out[~has_change & result.ever_valid] = 9
    return out


def homologous_water_seen(acc: MonthlyAccumulator) -> np.ndarray:
    """True where water was detected in a homologous month of either epoch."""
    homologous = (acc.valid[0] > 0) & (acc.valid[1] > 0)
    seen = (acc.water[0] > 0) | (acc.water[1] > 0)
    return (homologous & seen).any(axis=0)


# -- streaming driver ------------------------------------------------------------------------
OUTPUT_SPECS = {
    # key: (dtype, nodata, description)
    "OCCURRENCE1": ("uint8", OCC_NODATA, "occurrence epoch 1 (%)"),
    "OCCURRENCE2": ("uint8", OCC_NODATA, "occurrence epoch 2 (%)"),
    "CHANGE": ("int16", CHANGE_NODATA, "occurrence change intensity, homologous months (%)"),
    "SEASONALITY": ("uint8", SEASONALITY_NODATA, "months with water in the reference year"),
    "RECURRENCE": ("uint8", RECURRENCE_NODATA, "recurrence (%)"),
}


def _groups(bands) -> list[tuple[int, int, list[int]]]:
    """(year, month, [band indexes]) for the dated bands of one epoch, chronological."""
    by_key: dict[tuple[int, int], list[int]] = {}
    for i, band in enumerate(bands):
        by_key.setdefault((band.year, band.month), []).append(i)
    return [(y, m, idx) for (y, m), idx in sorted(by_key.items())]


def run_surface_change(
    epoch1,
    epoch2,
    encoding: int,
    outputs: dict[str, str | None],
    area_table: str | None = None,
    progress=None,
    is_canceled=None,
    memory_budget: int | None = None,
    threads: int = 1,
) -> dict:
    """Stream two epochs of dated monthly maps into the occurrence/change layers.

    ``epoch1``/``epoch2``: lists of ``water_dates.DatedBand``. ``outputs``: {key: path or None}
    for the keys of ``OUTPUT_SPECS``; at least one path or ``area_table`` is needed. Windows
    are planned by the block runner with this kernel's working memory declared, so peak
    memory stays under ``memory_budget`` whatever the raster size and the number of months.
    Returns the output paths, the summed table and the reference year of seasonality.
    """
    from . import blocks
    from .water_encodings import check_encoding, decode_monthly
    from .water_transitions import _AreaCounter, write_area_table

    enc = check_encoding(encoding)
    if not epoch1 or not epoch2:
        raise ValueError("EPOCH1 and EPOCH2 each need at least one monthly water map")
    wanted = {k: v for k, v in outputs.items() if v}
    unknown = set(wanted) - set(OUTPUT_SPECS)
    if unknown:
        raise ValueError(f"unknown output(s) {sorted(unknown)}")
    if not wanted and not area_table:
        raise ValueError("nothing to compute: give at least one output or the area table")
    reference_year = max(b.year for b in epoch2)
    groups = (_groups(epoch1), _groups(epoch2))
    inputs = {
        "e1": [blocks.RasterInput(b.path, (b.band,)) for b in epoch1],
        "e2": [blocks.RasterInput(b.path, (b.band,)) for b in epoch2],
    }
    specs = {
        key: blocks.OutputSpec(path, OUTPUT_SPECS[key][0], nodata=OUTPUT_SPECS[key][1],
                               descriptions=[OUTPUT_SPECS[key][2]])
        for key, path in wanted.items()
    }
    counter = _AreaCounter(len(CHANGE_CLASSES) + 1)

    def kernel(block):
        stacks = (block["e1"], block["e2"])
        acc = MonthlyAccumulator((block.height, block.width), reference_year)
        for e in (0, 1):
            for year, month, idx in groups[e]:
                acc.add(e, year, month, [decode_monthly(stacks[e][i], enc) for i in idx])
        res = acc.finalize()
        out = {
            "OCCURRENCE1": res.occurrence1, "OCCURRENCE2": res.occurrence2,
            "CHANGE": res.change, "SEASONALITY": res.seasonality,
            "RECURRENCE": res.recurrence,
        }
        arrays = {k: out[k][None] for k in wanted}
        if area_table:
            arrays["_classes"] = change_classes(res, homologous_water_seen(acc))
        return arrays

    def reduce(block, res):
        if area_table:
            counter.add(res["_classes"], block.cell_areas())

    kwargs = {"memory_budget": memory_budget} if memory_budget else {}
    result = blocks.run(
        inputs, kernel, specs, reduce=reduce, progress=progress, is_canceled=is_canceled,
        extra_bytes_per_pixel=BYTES_PER_PIXEL, threads=threads, **kwargs,
    )
    table = None
    if area_table:
        table = write_area_table(area_table, CHANGE_CLASSES, counter.pixels, counter.area)
    return {
        **{k: result.outputs[k] for k in wanted}, "AREA_TABLE": table,
        "pixels": {c: int(counter.pixels[c]) for c, _ in CHANGE_CLASSES},
        "area_ha": {c: float(counter.area[c] / 1e4) for c, _ in CHANGE_CLASSES},
        "area_method": result.area_method, "reference_year": reference_year,
        "windows": result.windows,
    }
