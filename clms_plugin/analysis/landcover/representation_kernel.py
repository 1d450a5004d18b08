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

from ..engine.areas import row_area_sums
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


def _keys(obs: np.ndarray, origin: np.ndarray, active: np.ndarray,
          out: np.ndarray) -> np.ndarray:
    """Key 7·(c−1) + origin (in its converted period) or 7·(c−1), 42 where ``obs`` is 0.

    Uint8 arithmetic instead of a lookup table: ``np.take`` casts every index to intp
    (8 bytes a pixel) and cost 4 ns/px; these five passes cost ~1 ns/px. For ``obs`` = 0,
    0·7 − 7 wraps to 249 and 249 + origin ≤ 255, so the final minimum gives 42.
    """
    np.multiply(obs, np.uint8(7), out=out)
    out -= np.uint8(7)
    scratch = np.multiply(origin, active, dtype=np.uint8)
    out += scratch
    np.minimum(out, np.uint8(NODATA_KEY), out=out)
    return out


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


def _fast(maps, years, first, last, T, row_areas, history) -> WindowResult:
    n = last - first + 1
    px, area = np.zeros((n, NKEYS), np.int64), np.zeros((n, NKEYS))
    obs = maps(0)
    shape = obs.shape
    cat = obs.copy()                              # last mapped category, 0 = never
    conv = np.zeros(shape, np.uint16)
    origin = np.zeros(shape, np.uint8)
    if history is not None:
        st = PixelState(cat, obs > 0, conv, origin, np.zeros(shape, np.uint16))
        apply_history(st, years[0], history.since, history.valid, history.previous)
    used = [y for y in years if y <= last]
    code = np.empty(shape, np.uint8)
    active = np.empty(shape, bool)
    for k, year in enumerate(used):
        end = min(used[k + 1] - 1 if k + 1 < len(used) else last, last)
        lo = max(year, first)
        if lo <= end:
            # in its converted period in year lo ⇔ conv > lo − T (and conv > 0)
            np.greater(conv, max(lo - T, 0), out=active)
            keys = _keys(obs, origin, active, code)
            p0, a0 = row_area_sums(keys, NKEYS, row_areas)
            rows = slice(lo - first, end - first + 1)
            if end > lo:
                ending = np.flatnonzero(active & (conv <= end - T))
                ending = ending[keys.ravel()[ending] != NODATA_KEY]
                offset = conv.ravel()[ending].astype(np.int64) + T - lo
                add_endings(p0, a0, offset, keys.ravel()[ending],
                            row_areas[ending // shape[1]], px[rows], area[rows])
            else:
                px[rows] += p0
                area[rows] += a0
        if k + 1 < len(used):
            nxt = maps(k + 1)
            seen = nxt != 0
            change = (nxt != cat) & seen & (cat != 0)
            np.copyto(conv, np.uint16(used[k + 1]), where=change)
            np.copyto(origin, cat, where=change)
            np.copyto(cat, nxt, where=seen)
            obs = nxt
    return WindowResult(px, area, conv, origin, cat, obs != 0)


__all__ = ["History", "WindowResult", "window_tables"]
