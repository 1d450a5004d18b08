"""Independent, whole-array reference of the GSW water formulas for the tests.

Written straight from algorithms.md §3.1 with plain numpy on full (time, rows, cols) stacks —
no accumulators, no windows — so the streamed implementation is checked against a second,
differently structured computation of the same definitions.
"""

from __future__ import annotations

import numpy as np


def _half_away(x):
    x = np.round(x, 6)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def _monthly(states, months):
    """Per calendar month: water count, valid count -> (12, h, w) each."""
    months = np.asarray(months)
    water = np.stack([(states[months == m] == 2).sum(0) for m in range(1, 13)])
    valid = np.stack([(states[months == m] > 0).sum(0) for m in range(1, 13)])
    return water, valid


def reference_surface_change(s1, dates1, s2, dates2):
    """s1/s2: (t, h, w) states 0/1/2; dates: [(year, month)] per map (one map per month)."""
    out = {}
    ratios = []
    for key, states, dates in (("OCCURRENCE1", s1, dates1), ("OCCURRENCE2", s2, dates2)):
        water, valid = _monthly(states, [m for _, m in dates])
        with np.errstate(invalid="ignore", divide="ignore"):
            swo = water / valid  # NaN where the month was never observed
        ratios.append(swo)
        with np.errstate(invalid="ignore"):
            occ = np.nanmean(swo, axis=0)
        o = np.where(np.isnan(occ), 255, _half_away(100 * np.nan_to_num(occ)))
        out[key] = o.astype(np.uint8)
    diff = ratios[1] - ratios[0]  # NaN unless both epochs observed the month
    with np.errstate(invalid="ignore"):
        delta = np.nanmean(diff, axis=0)
    out["CHANGE"] = np.where(np.isnan(delta), -32768,
                             _half_away(100 * np.nan_to_num(delta))).astype(np.int16)
    # "the last full year of the record" (§3.1): last year of epoch 2 with all 12 months
    # present, else (no complete year) the last year of epoch 2
    full = [y for y in {y for y, _ in dates2} if len({m for yy, m in dates2 if yy == y}) == 12]
    ref_year = max(full) if full else max(y for y, _ in dates2)
    idx = [i for i, (y, _) in enumerate(dates2) if y == ref_year]
    ref = s2[idx]
    season = (ref == 2).sum(0)
    out["SEASONALITY"] = np.where((ref > 0).any(0), season, 255).astype(np.uint8)
    allstates = np.concatenate([s1, s2])
    water, valid = _monthly(allstates, [m for _, m in dates1] + [m for _, m in dates2])
    with np.errstate(invalid="ignore", divide="ignore"):
        rec_m = np.where(water > 0, water / valid, np.nan)
        wet = (water > 0).sum(0)
        rec = np.where(wet > 0, np.nansum(rec_m, axis=0) / np.maximum(wet, 1), np.nan)
    any_valid = (allstates > 0).any(0)
    rec = np.where(np.isnan(rec), 0, _half_away(100 * np.nan_to_num(rec)))
    out["RECURRENCE"] = np.where(any_valid, rec, 255).astype(np.uint8)
    out["ANY_VALID"] = any_valid
    return out


def reference_transitions(years):
    """(n, h, w) yearly classes -> transition codes, by explicit per-pixel loops of the rules."""
    n, h, w = years.shape
    table = {(1, 1): 0, (3, 3): 1, (1, 3): 2, (3, 1): 3, (2, 2): 4, (1, 2): 5, (2, 1): 6,
             (2, 3): 7, (3, 2): 8}
    out = np.full((h, w), 255, dtype=np.uint8)
    for r in range(h):
        for c in range(w):
            seq = [int(v) for v in years[:, r, c] if int(v) in (1, 2, 3)]
            if not seq:
                continue
            code = table[(seq[0], seq[-1])]
            if code == 0 and 3 in seq:
                code = 9
            elif code == 0 and 2 in seq:
                code = 10
            out[r, c] = code
    return out
