"""Seasons at the ends of a short series: kept when observed, dropped when cut off (issue 11).

A one-year series (1 January – 31 December 2019) of a winter cereal greening up in February
and a summer catch crop: the first season's left minimum is the first date, where the curve
is already rising slowly, and the second season's right minimum is the last date, where it
is still sinking slowly. Both seasons are observed (each edge lies below the level at which
the season starts/ends, measured from the season's other minimum), so both are reported.
A series that starts mid-green-up (above that level) lost its season's start: dropped.

Profiles are piecewise linear with vertices on observation days and ``SMOOTHING none``, so
every expected crossing is exact (computed here by hand, not by the kernel).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from clms_toolbox.clms_plugin.analysis.phenology import kernel as ph
from clms_toolbox.devtools import phenology_synthetic as syn

YEAR = 2019
DAYS = [dt.date(YEAR, 1, 1) + dt.timedelta(days=i) for i in range(365)]
T = np.arange(365, dtype=float)  # days since 1 January 2019


def _run(knots, dates=DAYS, t=T, **kw) -> dict[str, float]:
    kd, kv = np.array(knots, float).T
    y = np.interp(t, kd, kv).astype(np.float32)[:, None]
    out = ph.compute(y, dates, YEAR, ph.PhenologyParams(**kw))
    return {k: float(v[0]) for k, v in ph.metrics_by_name(out).items()}


def _cross(x0, v0, x1, v1, level) -> float:
    return x0 + (level - v0) / (v1 - v0) * (x1 - x0)


# winter cereal: 0.30 on 1 January creeping up to 0.33 by 1 February (day 31), green-up to
# 0.80 on 1 May (day 120), harvest down to 0.25 on 15 July (day 195); catch crop up to 0.70
# on 15 September (day 257), then down to 0.29 on 31 December (day 364), still sinking.
TWO = [(0, .30), (31, .33), (120, .80), (195, .25), (257, .70), (364, .29)]


def test_one_year_two_seasons_both_reported():
    got = _run(TWO, smoothing="none")
    assert got["NUMSEASON"] == 2
    # season 1: base = the first value 0.30 (left edge), level 0.30 + 0.25 × 0.50 = 0.425
    sos1 = _cross(31, .33, 120, .80, .30 + .25 * .50)
    eos1 = _cross(120, .80, 195, .25, .25 + .15 * .55)
    assert got["S1_SOSD"] == pytest.approx(sos1 + 1, abs=0.02)
    assert got["S1_EOSD"] == pytest.approx(eos1 + 1, abs=0.02)
    assert got["S1_MAXD"] == pytest.approx(121, abs=0.5)
    assert got["S1_MINV"] == pytest.approx(0.5 * (.30 + .25), abs=1e-4)
    # season 2: right base = the last value 0.29 (right edge)
    sos2 = _cross(195, .25, 257, .70, .25 + .25 * .45)
    eos2 = _cross(257, .70, 364, .29, .29 + .15 * .41)
    assert got["S2_SOSD"] == pytest.approx(sos2 + 1, abs=0.02)
    assert got["S2_EOSD"] == pytest.approx(eos2 + 1, abs=0.02)
    assert got["S2_MAXD"] == pytest.approx(258, abs=0.5)


def test_one_year_two_seasons_dekads_whittaker():
    """The same crop calendar as CGLS dekads, default smoothing: still two seasons."""
    dates = syn.dekad_dates(YEAR, YEAR)
    t = np.array([(d - dt.date(YEAR, 1, 1)).days for d in dates], float)
    got = _run(TWO, dates, t)
    assert got["NUMSEASON"] == 2
    assert 40 < got["S1_SOSD"] < 80 and 230 < got["S2_MAXD"] < 290


def test_series_starting_mid_green_up_drops_that_season():
    # starts at 0.55, above 0.25 + 0.25 × (0.80 − 0.25) = 0.3875: the start is not observed
    cut = [(0, .55), (120, .80), (195, .25), (257, .70), (364, .29)]
    got = _run(cut, smoothing="none")
    assert got["NUMSEASON"] == 1
    assert got["S1_MAXD"] == pytest.approx(258, abs=0.5)  # the catch crop only
    # just below the level the first season is kept (the rule is the level, not the slope)
    kept = _run([(0, .38), (120, .80), (195, .25), (257, .70), (364, .29)], smoothing="none")
    assert kept["NUMSEASON"] == 2


def test_series_ending_mid_senescence_drops_that_season():
    # ends at 0.45, above 0.25 + 0.15 × (0.70 − 0.25) = 0.3175: the end is not observed
    cut = [(0, .30), (31, .33), (120, .80), (195, .25), (257, .70), (364, .45)]
    got = _run(cut, smoothing="none")
    assert got["NUMSEASON"] == 1
    assert got["S1_MAXD"] == pytest.approx(121, abs=0.5)


def test_flat_edges_are_unchanged():
    """An edge that is flat (the only case kept before) still gives the same season."""
    flat = [(0, .30), (40, .30), (120, .80), (195, .25), (257, .70), (330, .29), (364, .29)]
    got = _run(flat, smoothing="none")
    assert got["NUMSEASON"] == 2
    assert got["S1_SOSD"] == pytest.approx(_cross(40, .30, 120, .80, .425) + 1, abs=0.02)
