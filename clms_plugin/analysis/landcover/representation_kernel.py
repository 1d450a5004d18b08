"""One window of the land representation: maps in, per-year tables and final state out.

Why two paths: the rules (:mod:`.representation_state`) are written for clarity — one new
state per map, one count per report year with midpoint switches per pixel; that is the
reference the tests check the fast path against (``reference=True``), not what runs.
Between two maps nothing changes but converted periods ending (and, with midpoint dating,
one switch year shared by every pixel mapped on both maps), so the fast path keeps one
state in place, updates it and the per-row category counts only where a map differs from
the previous one (``PackedRows.differing``), and counts each span between changes once
plus the sparse periods ending inside it (~4× less CPU per map than the reference, without
``np.bincount``/``np.where`` passes over every pixel). Both give identical tables and
rasters (tests/test_landrep_core.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..engine.areas import weight_rows
from ..engine.fastcount import PackedRows
from .representation_state import (
    FIRST_SEEN,
    MIDPOINT,
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
    if not reference:
        return _fast(maps, years, first, last, transition_years, row_areas, dating, history)
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


class _Fast:
    """The in-place state of one window and its counts (see the module docstring)."""

    def __init__(self, obs: np.ndarray, T: int, row_areas: np.ndarray, first: int,
                 px: np.ndarray, area: np.ndarray) -> None:
        self.obs = obs                            # category shown now, 0 = no data
        self.h, self.w = obs.shape
        self.cat = obs.copy()                     # last mapped category, 0 = never
        self.conv = np.zeros(obs.shape, np.uint16)
        self.origin = np.zeros(obs.shape, np.uint8)
        self.seen = obs != 0
        self.lastv: np.ndarray | None = None      # last mapped year of nodata pixels
        self.packed = PackedRows()
        self.rows7 = _value_rows(obs, self.packed)
        self.active = np.empty(obs.shape, bool)
        self.T, self.row_areas, self.first, self.px, self.area = T, row_areas, first, px, area

    def count(self, lo: int, end: int) -> None:
        """Add the tables of years lo … end (nothing changes in between but periods end)."""
        if lo > end:
            return
        p0, a0 = _remaining_counts(self.rows7, self.row_areas)
        # mapped and in its converted period in year lo ⇔ conv > lo − T (conv > 0)
        np.greater(self.conv, max(lo - self.T, 0), out=self.active)
        self.active &= self.seen
        idx = np.flatnonzero(self.active)
        conv = self.conv.reshape(-1)[idx]
        keys = (self.obs.reshape(-1)[idx].astype(np.int64) - 1) * 7 \
            + self.origin.reshape(-1)[idx]
        weights = self.row_areas[idx // self.w]
        for sign, key in ((1, keys), (-1, (keys // 7) * 7)):
            p0 += sign * np.bincount(key, minlength=NKEYS)
            a0 += sign * np.bincount(key, weights=weights, minlength=NKEYS)
        a0[p0 == 0] = 0.0
        rows = slice(lo - self.first, end - self.first + 1)
        ending = conv <= end - self.T
        add_endings(p0, a0, conv[ending].astype(np.int64) + self.T - lo, keys[ending],
                    weights[ending], self.px[rows], self.area[rows])

    def apply(self, pos: np.ndarray, before: np.ndarray, after: np.ndarray,
              dated: np.ndarray | int) -> None:
        """Pixels ``pos`` now show ``after`` (they showed ``before``); a conversion among
        them is dated ``dated`` (a year, or one year per pixel)."""
        r7 = (pos // self.w) * 7
        self.rows7 += (np.bincount(r7 + after, minlength=self.h * 7)
                       - np.bincount(r7 + before, minlength=self.h * 7)).reshape(self.h, 7)
        cat, conv = self.cat.reshape(-1), self.conv.reshape(-1)
        last_cat = cat[pos]
        change = (after != 0) & (last_cat != 0) & (after != last_cat)
        conv[pos[change]] = dated if np.isscalar(dated) else dated[change]
        self.origin.reshape(-1)[pos[change]] = last_cat[change]
        mapped = after != 0
        cat[pos[mapped]] = after[mapped]
        self.obs.reshape(-1)[pos] = after
        self.seen.reshape(-1)[pos] = mapped


def _fast(maps, years, first, last, T, row_areas, dating, history) -> WindowResult:
    """Map-year dating, or midpoint dating: a pixel mapped by map k and converted in map
    k+1 switches in year d = m_k + ⌈(m_k+1 − m_k)/2⌉, the same for all such pixels, so the
    interval splits in two; after a nodata gap the midpoint is per pixel but the switch
    still happens in m_k+1 (the pixel shows nodata until then)."""
    n = last - first + 1
    st = _Fast(np.array(maps(0), dtype=np.uint8, order="C"), T, row_areas, first,
               np.zeros((n, NKEYS), np.int64), np.zeros((n, NKEYS)))
    if history is not None:
        apply_history(PixelState(st.cat, st.seen, st.conv, st.origin, st.conv),
                      years[0], history.since, history.valid, history.previous)
    midpoint = dating == MIDPOINT
    if midpoint:
        st.lastv = np.zeros(st.obs.shape, np.uint16)
    for k, year in enumerate(years):
        if year > last:
            break
        nyear = years[k + 1] if k + 1 < len(years) else None
        end = min(nyear - 1 if nyear is not None else last, last)
        lo = max(year, first)
        if nyear is None or (nyear > last and not midpoint):
            st.count(lo, end)
            break
        nxt = np.ascontiguousarray(maps(k + 1))
        pos, before, after = st.packed.differing(st.obs, nxt)
        d = year + (nyear - year + 1) // 2 if midpoint else nyear
        if midpoint and d < nyear and d <= last:
            sw = (before != 0) & (after != 0) & (after != before)
            st.count(lo, min(d - 1, end))
            st.apply(pos[sw], before[sw], after[sw], d)
            st.count(max(d, lo), end)
            keep = ~sw
            pos, before, after = pos[keep], before[keep], after[keep]
        else:
            st.count(lo, end)
        if nyear > last:
            break
        dated: np.ndarray | int = nyear
        if midpoint:
            lastv = st.lastv.reshape(-1)
            gone = (before != 0) & (after == 0)
            lastv[pos[gone]] = year
            prev = np.where(before != 0, year, lastv[pos]).astype(np.int64)
            dated = prev + (nyear - prev + 1) // 2
        st.apply(pos, before, after, dated)
    return WindowResult(st.px, st.area, st.conv, st.origin, st.cat, st.seen.copy())


__all__ = ["History", "WindowResult", "window_tables"]
