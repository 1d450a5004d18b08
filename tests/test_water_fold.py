"""The calendar-month fold of the occurrence kernel equals the map-by-map accumulation.

``add_month_stack`` (whole stack of one calendar month, one map per year) replaced ~24
calls per window of ``add_masks``; every layer must stay identical, whatever the band order
and the coding, and the per-group path must still serve several maps per (year, month).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from clms_toolbox.clms_plugin.analysis.water.dates import calendar_month_plan, month_groups
from clms_toolbox.clms_plugin.analysis.water.encodings import (
    ENCODING_BINARY,
    ENCODING_CLMS_WB,
    ENCODING_GSW,
    water_and_valid,
)
from clms_toolbox.clms_plugin.analysis.water.occurrence import (
    MonthlyAccumulator,
    round_half_away,
)
from clms_toolbox.clms_plugin.products.dates import DatedBand

LAYERS = ("occurrence1", "occurrence2", "change", "seasonality", "recurrence", "homologous",
          "ever_valid")
CODES = {ENCODING_GSW: [0, 1, 2, 3, 200], ENCODING_CLMS_WB: [0, 70, 255, 251, 3],
         ENCODING_BINARY: [0, 1, 255, 2]}


def _bands(years: range, order: list[int] | None = None) -> list[DatedBand]:
    bands = [DatedBand(f"m{y}_{m}.tif", 1, dt.date(y, m, 1)) for y in years
             for m in range(1, 13) if not (y == years[-1] and m > 9)]  # a partial last year
    return bands if order is None else [bands[i] for i in order]


@pytest.mark.parametrize("encoding", [ENCODING_GSW, ENCODING_CLMS_WB, ENCODING_BINARY])
@pytest.mark.parametrize("shuffle", [False, True])
def test_month_stack_fold_equals_map_by_map(encoding, shuffle):
    rng = np.random.default_rng(7 + encoding)
    n1, n2 = len(_bands(range(2000, 2004))), len(_bands(range(2010, 2015)))
    order = [list(rng.permutation(n)) if shuffle else None for n in (n1, n2)]
    epochs = (_bands(range(2000, 2004), order[0]), _bands(range(2010, 2015), order[1]))
    codes = np.array(CODES[encoding], np.uint8)
    stacks = [codes[rng.integers(0, codes.size, (len(b), 9, 11))] for b in epochs]
    groups = (month_groups(epochs[0]), month_groups(epochs[1]))
    plan = calendar_month_plan(groups, 2013)
    assert plan is not None
    assert any(isinstance(rows, slice) for _, _, rows, _ in plan) != shuffle
    fast = MonthlyAccumulator((9, 11), 2013, 255)
    for e, month, rows, ref in plan:
        fast.add_month_stack(e, month, stacks[e][rows], encoding, ref)
    slow = MonthlyAccumulator((9, 11), 2013, 255)
    for e in (0, 1):
        for year, month, idx in groups[e]:
            slow.add_masks(e, year, month, [water_and_valid(stacks[e][i], encoding) for i in idx])
    a, b = fast.finalize(), slow.finalize()
    for name in LAYERS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert (a.seasonality != 255).any()


def test_several_maps_per_month_have_no_stack_plan():
    bands = [DatedBand("a.tif", 1, dt.date(2000, 1, 1)),
             DatedBand("a.tif", 2, dt.date(2000, 1, 11))]
    assert calendar_month_plan((month_groups(bands), month_groups(bands)), 2000) is None


def test_round_half_away_values_unchanged():
    x = np.concatenate([np.arange(-20000, 20001) / 200.0, [12.4999999, 12.5000004, -0.0]])
    r = np.round(x, 6)
    np.testing.assert_array_equal(round_half_away(x), np.sign(r) * np.floor(np.abs(r) + 0.5))
