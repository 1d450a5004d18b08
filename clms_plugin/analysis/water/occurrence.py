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
* **Seasonality**: number of months with water in the reference year (0–12); no valid
  observation that year → nodata. The reference says "the last full year of the record"
  (algorithms.md §3.1), so the reference year is the last calendar year of epoch 2 that has
  maps for all 12 calendar months; when no year of epoch 2 is complete, the last year of
  epoch 2 (``seasonality_reference_year``). A month counts as water when any map of it shows
  water.
* **Recurrence**: ``rec_m = 100 × (#years with water in month m) / (#years with a valid
  observation in month m)`` over both epochs; recurrence = mean of rec_m over the months in which
  water was ever detected; 0 where water was never seen; nodata without any valid observation.

Streaming: the kernel never holds the months of the raster; it keeps per-window accumulators
of shape (epoch, calendar month, rows, cols) — the months of a window are read, decoded,
added and dropped. Rounding of the published integers is half away from zero (12.5 → 13,
−12.5 → −13) after removing float noise below 1e-6.

Public API: ``MonthlyAccumulator`` (add / add_month_stack / finalize), ``change_classes``
(area-table classes), ``run_surface_change`` (file driver on the block runner ``blocks.run``:
each window receives the time stack of both epochs, which the kernel folds calendar month by
calendar month into the accumulators).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .encodings import STATE_WATER

OCC_NODATA = 255
CHANGE_NODATA = -32768
SEASONALITY_NODATA = 255
RECURRENCE_NODATA = 255

# Bytes of working memory per pixel of a window (accumulators + float64 finalize temporaries);
# the driver sizes windows from it so peak memory stays under the budget.
BYTES_PER_PIXEL = 2 * 12 * 2 * 2 + 12 * 2 * 2 + 2 + 12 * 8 + 48


def round_half_away(x: np.ndarray) -> np.ndarray:
    """Round to the nearest integer, halves away from zero, ignoring float noise < 1e-6.

    The operations of ``sign(r) * floor(|r| + 0.5)`` with ``r = np.round(x, 6)`` (which is
    ``rint(x * 1e6) / 1e6``), done in place: the same values, 3× faster (it runs four
    times per window).
    """
    y = np.multiply(np.asarray(x, dtype=np.float64), 1e6)
    np.rint(y, out=y)
    np.true_divide(y, 1e6, out=y)
    a = np.abs(y)
    a += 0.5
    np.floor(a, out=a)
    return np.copysign(a, y, out=a)


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

    def __init__(self, shape: tuple[int, int], reference_year: int | None = None,
                 max_count: int = 65535) -> None:
        """``max_count``: most maps any (epoch, calendar month) will receive, and most
        (year, month) groups of one calendar month over both epochs (recurrence counters);
        ≤ 255 lets the counters be bytes (half the memory traffic of the inner loop)."""
        self.shape = tuple(shape)
        self.reference_year = reference_year
        if max_count > 65535:
            raise ValueError(f"at most 65535 maps per calendar month, got {max_count}")
        dtype = np.uint8 if max_count <= 255 else np.uint16
        self.water = np.zeros((2, 12) + self.shape, dtype=dtype)
        self.valid = np.zeros((2, 12) + self.shape, dtype=dtype)
        self.years_water = np.zeros((12,) + self.shape, dtype=dtype)
        self.years_valid = np.zeros((12,) + self.shape, dtype=dtype)
        self.season_months = np.zeros(self.shape, dtype=np.uint8)
        self.season_valid = np.zeros(self.shape, dtype=bool)

    def add(self, epoch: int, year: int, month: int, states: list[np.ndarray]) -> None:
        """Add the maps of one (epoch 0/1, year, month 1–12) given as states 0/1/2."""
        self.add_masks(epoch, year, month,
                       [(state == STATE_WATER, state > 0) for state in states])

    def add_masks(self, epoch: int, year: int, month: int,
                  masks: list[tuple[np.ndarray, np.ndarray]]) -> None:
        """As ``add`` with (is_water, is_valid) boolean pairs (the fast path of the driver)."""
        if epoch not in (0, 1):
            raise ValueError(f"epoch must be 0 or 1, got {epoch}")
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1–12, got {month}")
        m = month - 1
        any_water = any_valid = None
        for is_water, is_valid in masks:
            if is_water.shape != self.shape:
                raise ValueError(
                    f"map shape {is_water.shape} differs from the window {self.shape}")
            self.water[epoch, m] += is_water.view(np.uint8)
            self.valid[epoch, m] += is_valid.view(np.uint8)
            if any_water is None:  # the usual single map per month: no extra copies
                any_water, any_valid = is_water, is_valid
            else:
                any_water = any_water | is_water
                any_valid = any_valid | is_valid
        if any_water is None:
            return
        self.years_water[m] += any_water.view(np.uint8)
        self.years_valid[m] += any_valid.view(np.uint8)
        if epoch == 1 and self.reference_year is not None and year == self.reference_year:
            self.season_months += any_water
            self.season_valid |= any_valid

    def add_month_stack(self, epoch: int, month: int, maps: np.ndarray, encoding: int,
                        reference_row: int | None = None) -> None:
        """Add the raw maps (k, rows, cols) of one calendar month, one map per year.

        The same counts as ``k`` calls of ``add`` with one map each, in a few passes over
        the whole stack (a strided view of the window is fine) instead of ~8 small passes
        and a dozen numpy calls per map (7.6 → 6.7 ms of CPU per 65 536-px window of the
        water bench, 2 × 120 months). One map per (year, month) makes the year counters of
        recurrence equal to the map counts. ``reference_row``: the row of the seasonality
        reference year, if any.
        """
        from .encodings import water_and_valid

        m = month - 1
        is_water, is_valid = water_and_valid(maps, encoding)
        dt = self.water.dtype
        w = np.add.reduce(is_water.view(np.uint8), axis=0, dtype=dt)
        v = np.add.reduce(is_valid.view(np.uint8), axis=0, dtype=dt)
        self.water[epoch, m] += w
        self.valid[epoch, m] += v
        self.years_water[m] += w
        self.years_valid[m] += v
        if reference_row is not None:
            self.season_months += is_water[reference_row]
            self.season_valid |= is_valid[reference_row]

    def finalize(self) -> SurfaceWaterResult:
        """Turn the counts into the published layers (see module docstring).

        Loops over the 12 calendar months with (rows, cols) float64 running sums, so the
        finalize step needs a few 2-D arrays, not (12, rows, cols) cubes. No masked ufuncs
        (``where=``) and no ``np.where``: water is 0 wherever valid is, so ``w / max(v, 1)``
        is the ratio where observed and 0 elsewhere, and a difference times the homologous
        mask is that difference or 0 — the same float64 operations on the pixels that
        count, bit for bit. Masked ufuncs cost ~3 ns/px (9.5 → 7.4 ms of CPU per 65 536-px
        window of the water bench; 4× on scattered masks), and finalize was the largest
        kernel share of the bench's profile.
        """
        shape = self.shape
        occ_sum = [np.zeros(shape), np.zeros(shape)]
        occ_n = [np.zeros(shape, np.uint8), np.zeros(shape, np.uint8)]
        diff_sum = np.zeros(shape)
        n_h = np.zeros(shape, np.uint8)
        rec_sum = np.zeros(shape)
        n_wet = np.zeros(shape, np.uint8)
        ratio = [np.empty(shape), np.empty(shape)]
        has = [np.empty(shape, bool), np.empty(shape, bool)]
        flag = np.empty(shape, bool)
        den = np.empty(shape, self.valid.dtype)
        tmp = np.empty(shape)
        for m in range(12):
            for e in (0, 1):
                valid = self.valid[e, m]
                np.greater(valid, 0, out=has[e])
                np.maximum(valid, 1, out=den)
                np.true_divide(self.water[e, m], den, out=ratio[e])
                occ_sum[e] += ratio[e]
                occ_n[e] += has[e].view(np.uint8)
            np.logical_and(has[0], has[1], out=flag)  # homologous month
            np.subtract(ratio[1], ratio[0], out=tmp)
            diff_sum += np.multiply(tmp, flag, out=tmp)
            n_h += flag.view(np.uint8)
            np.maximum(self.years_valid[m], 1, out=den)
            rec_sum += np.true_divide(self.years_water[m], den, out=tmp)
            n_wet += np.greater(self.years_water[m], 0, out=flag).view(np.uint8)

        def percent(total: np.ndarray, count: np.ndarray) -> np.ndarray:
            np.maximum(count, 1, out=den)
            np.true_divide(total, den, out=tmp)
            return round_half_away(np.multiply(tmp, 100.0, out=tmp))

        occ = []
        for e in (0, 1):
            o = percent(occ_sum[e], occ_n[e]).astype(np.uint8)
            o[occ_n[e] == 0] = OCC_NODATA
            occ.append(o)

        change = percent(diff_sum, n_h).astype(np.int16)
        change[n_h == 0] = CHANGE_NODATA

        season = self.season_months.copy()
        season[~self.season_valid] = SEASONALITY_NODATA

        recurrence = percent(rec_sum, n_wet).astype(np.uint8)
        ever_valid = (occ_n[0] > 0) | (occ_n[1] > 0)
        recurrence[~ever_valid] = RECURRENCE_NODATA

        return SurfaceWaterResult(
            occurrence1=occ[0], occurrence2=occ[1], change=change, seasonality=season,
            recurrence=recurrence, homologous=n_h, ever_valid=ever_valid,
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


def change_class_colours() -> dict[int, str]:
    """Colour of each area-table class: the ``change`` ramp of the CHANGE raster (red loss →
    black no change → green gain) at the class's middle value; greys for 8 and 9."""
    from ...products import registry

    stops = registry.ramp("change") or [(-100.0, "#ff0000"), (0.0, "#000000"),
                                        (100.0, "#00ff00")]
    values = np.array([v for v, _ in stops], dtype=float)
    rgb = np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for _, h in stops], dtype=float)
    middle = {1: -100, 2: -75, 3: -25, 4: 0, 5: 25, 6: 75, 7: 100}
    colours = {}
    for code, v in middle.items():
        r, g, b = (int(round(np.interp(v, values, rgb[:, k]))) for k in range(3))
        colours[code] = f"#{r:02x}{g:02x}{b:02x}"
    colours.update({8: "#e0e0e0", 9: "#9e9e9e"})
    return colours


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
    seen = np.zeros(acc.shape, dtype=bool)
    for m in range(12):
        homologous = (acc.valid[0, m] > 0) & (acc.valid[1, m] > 0)
        seen |= homologous & ((acc.water[0, m] > 0) | (acc.water[1, m] > 0))
    return seen
