"""One window of the land representation: maps in, per-year tables and final state out.

Why two paths: the rules (:mod:`.representation_state`) are written for clarity, one new
state per map and one count per report year; that is the reference, and the only way for
midpoint dating (pixels switch state between maps). With conversions dated to the map year,
nothing changes between maps except converted periods ending, so the fast path updates the
state in place, counts each map interval with one lookup-table pass and a sparse count of the
periods that end inside it, and avoids ``np.where`` copies (~4× less time per map on 100 Mpx).
Both return identical tables and rasters (tests/test_landrep_core.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..engine.areas import weight_rows
from ..engine.fastcount import PackedRows
from .representation_state import (
    FIRST_SEEN,
    NKEYS,
    NODATA_KEY,
    PixelState,
    add_endings,
    apply_history,
    count_years,
    in_effect,
    observe,
)


@dataclass
class History:
    """Years since conversion at the first map year (−1 = none) and the optional origin."""

    since: np.ndarray
    valid: np.ndarray
    previous: np.ndarray | None


@dataclass
class WindowResult:
    pixels: np.ndarray      # (years, NKEYS)
    area_m2: np.ndarray     # (years, NKEYS)
    conv: np.ndarray        # state in effect at the last report year
    origin: np.ndarray
    cat: np.ndarray
    valid: np.ndarray


def window_tables(maps: Callable[[int], np.ndarray], years: Sequence[int], first: int,
                  last: int, transition_years: int, row_areas: np.ndarray,
                  dating: int = FIRST_SEEN, history: History | None = None,
                  reference: bool = False) -> WindowResult:
    """Tables of report years ``first…last`` for one window; ``maps(k)`` gives map k as
    0 (no data) / 1–6, ``years`` the map years (ascending; maps after ``last`` are not
    read except the next one under midpoint dating)."""
    if dating == FIRST_SEEN and not reference:
        return _fast(maps, years, first, last, transition_years, row_areas, history)
    return _reference(maps, years, first, last, transition_years, row_areas, dating, history)


def _reference(maps, years, first, last, T, row_areas, dating, history) -> WindowResult:
    n = last - first + 1
    px, area = np.zeros((n, NKEYS), np.int64), np.zeros((n, NKEYS))
    obs0 = maps(0)
    cur, _ = observe(PixelState.empty(obs0.shape), obs0, years[0])
    if history is not None:
        apply_history(cur, years[0], history.since, history.valid, history.previous)
    final = cur
    for k, year in enumerate(years):
        if year > last:
            break
        nxt, start = (observe(cur, maps(k + 1), years[k + 1], dating)
                      if k + 1 < len(years) else (None, None))
        end = min(years[k + 1] - 1 if k + 1 < len(years) else last, last)
        lo = max(year, first)
        if lo <= end:
            count_years(cur, nxt, start, range(lo, end + 1), T, row_areas,
                        px[lo - first:end - first + 1], area[lo - first:end - first + 1])
        if year <= last <= end:
            final = in_effect(cur, nxt, start, last)
        if nxt is None:
            break
        cur = nxt
    return WindowResult(px, area, final.conv, final.origin, final.cat, final.valid)


def _value_rows(obs: np.ndarray, packed: PackedRows) -> np.ndarray:
    """(h, 7) per-row counts of the values 0 (no data) … 6 of one map.

    Packed per-row comparisons (~0.2 ns/px a value) instead of ``np.bincount``, which casts
    every pixel to intp (~4 ns/px). Done for the first map only; later maps update the
    counts from the few pixels that differ from the previous map.
    """
    h, w = obs.shape
    rows = np.zeros((h, 7), np.int64)
    for c in range(1, 7):
        rows[:, c] = packed.rows_equal(obs, c)
    rows[:, 0] = w - rows[:, 1:].sum(axis=1)
    return rows


def _remaining_counts(rows7: np.ndarray, row_areas: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Pixels and m² per key as if every mapped pixel were "remaining" (42 = no data)."""
    rows = np.zeros((rows7.shape[0], NKEYS), np.int64)
    rows[:, 0:NODATA_KEY:7] = rows7[:, 1:]
    rows[:, NODATA_KEY] = rows7[:, 0]
    return weight_rows(rows, row_areas)


def _fast(maps, years, first, last, T, row_areas, history) -> WindowResult:
    n = last - first + 1
    px, area = np.zeros((n, NKEYS), np.int64), np.zeros((n, NKEYS))
    obs = np.ascontiguousarray(maps(0))
    shape = h, w = obs.shape
    cat = obs.copy()                              # last mapped category, 0 = never
    conv = np.zeros(shape, np.uint16)
    origin = np.zeros(shape, np.uint8)
    seen = obs != 0
    if history is not None:
        st = PixelState(cat, seen, conv, origin, np.zeros(shape, np.uint16))
        apply_history(st, years[0], history.since, history.valid, history.previous)
    used = [y for y in years if y <= last]
    packed = PackedRows()
    rows7 = _value_rows(obs, packed)
    active = np.empty(shape, bool)
    flat_conv, flat_origin, flat_cat = conv.reshape(-1), origin.reshape(-1), cat.reshape(-1)
    for k, year in enumerate(used):
        end = min(used[k + 1] - 1 if k + 1 < len(used) else last, last)
        lo = max(year, first)
        if lo <= end:
            p0, a0 = _remaining_counts(rows7, row_areas)
            # mapped and in its converted period in year lo ⇔ conv > lo − T (conv > 0)
            np.greater(conv, max(lo - T, 0), out=active)
            active &= seen
            idx = np.flatnonzero(active)
            keys = (obs.reshape(-1)[idx].astype(np.int64) - 1) * 7 + flat_origin[idx]
            weights = row_areas[idx // w]
            for sign, key in ((1, keys), (-1, (keys // 7) * 7)):
                p0 += sign * np.bincount(key, minlength=NKEYS)
                a0 += sign * np.bincount(key, weights=weights, minlength=NKEYS)
            a0[p0 == 0] = 0.0
            rows = slice(lo - first, end - first + 1)
            ending = flat_conv[idx] <= end - T
            add_endings(p0, a0, flat_conv[idx][ending].astype(np.int64) + T - lo,
                        keys[ending], weights[ending], px[rows], area[rows])
        if k + 1 < len(used):
            # Only the pixels that differ from the previous map can change anything: a
            # pixel equal to it is either mapped (then its last category is that value
            # already) or nodata on both (then nothing moves).
            nxt = np.ascontiguousarray(maps(k + 1))
            pos, before, after = packed.differing(obs, nxt)
            r7 = (pos // w) * 7
            rows7 += (np.bincount(r7 + after, minlength=h * 7)
                      - np.bincount(r7 + before, minlength=h * 7)).reshape(h, 7)
            last_cat = flat_cat[pos]
            change = (after != 0) & (last_cat != 0) & (after != last_cat)
            moved = pos[change]
            flat_conv[moved] = used[k + 1]
            flat_origin[moved] = last_cat[change]
            mapped = after != 0
            flat_cat[pos[mapped]] = after[mapped]
            np.not_equal(nxt, 0, out=seen)
            obs = nxt
    return WindowResult(px, area, conv, origin, cat, seen.copy())


__all__ = ["History", "WindowResult", "window_tables"]
