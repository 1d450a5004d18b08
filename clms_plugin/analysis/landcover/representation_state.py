"""Per-pixel state machine of the IPCC land representation (pure numpy, QGIS-free).

Why a module of its own: the rules of issue 17 (what counts as a conversion, when it is dated,
when converted land becomes "remaining", what a nodata gap does) are the part a reviewer must
be able to check against the hand-computed tests; keeping them here, apart from the streaming
and the tables, makes them readable in one screen.

The state of a pixel after a map year is four small numbers: its category (last mapped value),
whether the latest map saw it, the year of its last conversion and the category before that
conversion. The land-representation class of a pixel in a year is then a function of that
state and the year only, so a window needs no per-year history: memory does not grow with the
number of maps or report years.

Class keys (0–42) index the table: ``7·(c−1) + f`` for category c (1–6), with f = 0 for
"c remaining c", f = a (1–6, a ≠ c) for "a converted to c", and f = c for "land converted to
c" whose origin is unknown (a ``HISTORY`` raster without a previous-category band);
:data:`NODATA_KEY` (42) is no data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..engine.areas import row_area_sums

NKEYS = 43
NODATA_KEY = 42
FIRST_SEEN, MIDPOINT = 0, 1  # CONVERSION_DATING enum order


def key_of(category: int, origin: int) -> int:
    """Table key of "origin converted to category" (origin 0: remaining, = category: unknown)."""
    return 7 * (category - 1) + origin


@dataclass
class PixelState:
    """State of every pixel of a window after the maps seen so far.

    ``cat`` last mapped category (0 = never mapped), ``valid`` mapped by the latest map,
    ``conv`` year of the last conversion (0 = none), ``origin`` category before it (0 = none,
    equal to ``cat`` when unknown), ``last`` year of the last valid observation.
    """

    cat: np.ndarray
    valid: np.ndarray
    conv: np.ndarray
    origin: np.ndarray
    last: np.ndarray
    _derived: tuple | None = field(default=None, repr=False)

    @classmethod
    def empty(cls, shape: tuple[int, int]) -> PixelState:
        return cls(np.zeros(shape, np.uint8), np.zeros(shape, bool), np.zeros(shape, np.uint16),
                   np.zeros(shape, np.uint8), np.zeros(shape, np.uint16))

    def derived(self, transition_years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(remaining key, converted key, expiry year) per pixel, computed once per state.

        A pixel converted in year y is "converted" while ``year < expiry = y + T``; pixels
        never converted get expiry 0, nodata pixels key 42 either way.
        """
        if self._derived is None:
            base = (self.cat.astype(np.uint8) - np.uint8(1)) * np.uint8(7)
            rem = np.where(self.valid, base, np.uint8(NODATA_KEY)).astype(np.uint8)
            conv_key = np.where(self.valid, base + self.origin, np.uint8(NODATA_KEY))
            expiry = np.where(self.valid & (self.conv > 0),
                              self.conv + np.uint16(transition_years), np.uint16(0))
            self._derived = (rem, conv_key.astype(np.uint8), expiry.astype(np.uint16))
        return self._derived

    def keys(self, year: int, transition_years: int) -> np.ndarray:
        """Class key of every pixel in ``year`` (uint8, 0–42)."""
        rem, conv_key, expiry = self.derived(transition_years)
        return np.where(expiry > year, conv_key, rem)


def apply_history(state: PixelState, first_year: int, since: np.ndarray,
                  since_valid: np.ndarray, previous: np.ndarray | None) -> None:
    """Years-since-conversion at the first map year → conversion year and origin (in place).

    Only pixels mapped in the first map year take a history; ``since`` ≥ 0 dates the
    conversion to ``first_year − since`` (0 = converted in the first map year). The origin is
    the optional previous-category band when it is 1–6 and differs, else unknown.
    """
    ok = state.valid & since_valid & (since >= 0) & (since < first_year)
    state.conv[ok] = (first_year - since[ok]).astype(np.uint16)
    origin = state.cat.copy()
    if previous is not None:
        good = (previous >= 1) & (previous <= 6) & (previous != state.cat)
        origin = np.where(good, previous, origin).astype(np.uint8)
    state.origin[ok] = origin[ok]
    state._derived = None


def observe(state: PixelState, obs: np.ndarray, year: int,
            dating: int = FIRST_SEEN) -> tuple[PixelState, np.ndarray | None]:
    """The state after the map of ``year`` (``obs``: 0 = no data, 1–6) and when it applies.

    A conversion is a mapped category that differs from the pixel's last mapped category
    (nodata maps in between do not break the comparison). It is dated to ``year``, or with
    ``MIDPOINT`` to the middle of the years since the last valid observation (rounded up, so
    it always falls after that observation). Returns ``(new_state, start)``: ``start`` is
    None when every pixel switches to the new state in ``year``; else a uint16 array of the
    year each pixel switches (earlier than ``year`` only for a midpoint-dated conversion of a
    pixel mapped by the previous map — after a nodata gap the pixel stays nodata until
    ``year``, whatever the conversion date).
    """
    obs = obs.astype(np.uint8, copy=False)
    seen = obs > 0
    change = seen & (state.cat > 0) & (obs != state.cat)
    when = np.uint16(year)
    early = None
    if dating == MIDPOINT and change.any():
        last = state.last.astype(np.int32)
        mid = (last + (year - last + 1) // 2).astype(np.uint16)
        when = np.where(change, mid, np.uint16(year))
        early = change & state.valid & (mid < year)
    new = PixelState(
        cat=np.where(seen, obs, state.cat).astype(np.uint8),
        valid=seen,
        conv=np.where(change, when, state.conv).astype(np.uint16),
        origin=np.where(change, state.cat, state.origin).astype(np.uint8),
        last=np.where(seen, np.uint16(year), state.last).astype(np.uint16),
    )
    start = None
    if early is not None and early.any():
        start = np.where(early, when, np.uint16(year)).astype(np.uint16)
    return new, start


def in_effect(cur: PixelState, nxt: PixelState | None, start: np.ndarray | None,
              year: int) -> PixelState:
    """The state each pixel shows in ``year``: ``cur``, or ``nxt`` where it started already."""
    if nxt is None or start is None:
        return cur
    sw = start <= year
    if not sw.any():
        return cur
    return PixelState(*(np.where(sw, b, a) for a, b in zip(
        (cur.cat, cur.valid, cur.conv, cur.origin, cur.last),
        (nxt.cat, nxt.valid, nxt.conv, nxt.origin, nxt.last))))


def count_years(cur: PixelState, nxt: PixelState | None, start: np.ndarray | None,
                years: range, transition_years: int, row_areas: np.ndarray,
                px: np.ndarray, area: np.ndarray) -> None:
    """Add pixels and m² per class key for each year of ``years`` (rows of ``px``/``area``).

    Why two paths: with every pixel on ``cur`` for the whole interval, a class changes only
    when a converted period ends, so one dense count of the first year plus a sparse count of
    the pixels whose period ends inside the interval gives every year (cost per map interval,
    not per year). Pixels switching state mid-interval (midpoint dating) take the per-year
    path, which is also the reference the tests compare the fast path with.
    """
    if not len(years):
        return
    if start is not None and bool((start <= years[-1]).any()):
        for i, year in enumerate(years):
            keys = in_effect(cur, nxt, start, year).keys(year, transition_years)
            p, a = row_area_sums(keys, NKEYS, row_areas)
            px[i] += p
            area[i] += a
        return
    y0, n = years[0], len(years)
    rem, conv_key, expiry = cur.derived(transition_years)
    keys = np.where(expiry > y0, conv_key, rem)
    p0, a0 = row_area_sums(keys, NKEYS, row_areas)
    idx = np.flatnonzero((expiry > y0) & (expiry <= years[-1])) if n > 1 else None
    if idx is None or not idx.size:
        px[:n] += p0
        area[:n] += a0
        return
    add_endings(p0, a0, expiry.ravel()[idx].astype(np.int64) - y0, conv_key.ravel()[idx],
                row_areas[idx // expiry.shape[1]], px, area)


def add_endings(p0: np.ndarray, a0: np.ndarray, offset: np.ndarray, moved: np.ndarray,
                weights: np.ndarray, px: np.ndarray, area: np.ndarray) -> None:
    """Rows of ``px``/``area`` for years y0, y0+1, …: the first year's counts ``p0``/``a0``
    with each pixel whose converted period ends at ``y0 + offset`` (1 … n−1) moved from its
    key ``moved`` to the "remaining" key of its category from that year on."""
    n = px.shape[0]
    code = offset * NKEYS + moved.astype(np.int64)
    mp = np.cumsum(np.bincount(code, minlength=n * NKEYS).reshape(n, NKEYS), axis=0)
    ma = np.cumsum(np.bincount(code, weights=weights, minlength=n * NKEYS)
                   .reshape(n, NKEYS), axis=0)                 # ended by year y0 + i
    to_rem = (np.arange(NKEYS) // 7) * 7
    to_rem[NODATA_KEY] = NODATA_KEY
    for i in range(n):
        lp, la = p0 - mp[i], a0 - ma[i]
        np.add.at(lp, to_rem, mp[i])
        np.add.at(la, to_rem, ma[i])
        la[lp == 0] = 0.0  # no pixel left: no rounding residue (−1e−15 ha) in the table
        px[i] += lp
        area[i] += la


__all__ = ["FIRST_SEEN", "MIDPOINT", "NKEYS", "NODATA_KEY", "PixelState", "add_endings",
           "apply_history",
           "count_years", "in_effect", "key_of", "observe"]
