"""Definition cases for the water kernels (JRC GSW, algorithms.md §3.1), hand-checked.

Each case is a 1×N "grid" whose pixels are independent scenarios; the expected numbers are
worked out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest

from clms_toolbox.clms_plugin.analysis.water.encodings import (
    ENCODING_BINARY,
    ENCODING_CLMS_WB,
    ENCODING_GSW,
    decode_monthly,
    water_and_valid,
    yearly_class,
)
from clms_toolbox.clms_plugin.analysis.water.occurrence import (
    CHANGE_NODATA,
    MonthlyAccumulator,
    change_classes,
    homologous_water_seen,
    round_half_away,
)
from clms_toolbox.clms_plugin.analysis.water.transitions import transitions

N, L, W = 0, 1, 2  # states: no data, not water (land), water


def _acc(series: dict[tuple[int, int, int], list[int]], reference_year=None, width=None):
    """series: (epoch, year, month) -> one state per pixel."""
    width = width or len(next(iter(series.values())))
    acc = MonthlyAccumulator((1, width), reference_year)
    for (epoch, year, month), states in sorted(series.items()):
        acc.add(epoch, year, month, [np.array([states], dtype=np.uint8)])
    return acc


def test_month_normalisation_trap():
    # Epoch 1: January seen 9 years, water every time; July seen once, dry.
    # Plain ratio = 9/10 = 90 %; GSW occurrence = mean(SWO_jan=1, SWO_jul=0) = 50 %.
    series = {(0, 2000 + y, 1): [W] for y in range(9)}
    series[(0, 2000, 7)] = [L]
    series.update({(1, 2010, 1): [W], (1, 2010, 7): [L]})
    res = _acc(series).finalize()
    assert res.occurrence1[0, 0] == 50
    assert res.occurrence2[0, 0] == 50
    assert res.change[0, 0] == 0


def test_change_uses_homologous_months_only():
    # Epoch 1: Jan water (SWO 1.0), Jul dry (0.0)  -> occurrence1 = 50
    # Epoch 2: Jan water 1 of 2 years (0.5), Mar water (1.0, no homologue) -> occurrence2 = 75
    # Change = Jan only: 0.5 - 1.0 = -50 %  (the naive occ2 - occ1 would say +25)
    series = {
        (0, 2000, 1): [W], (0, 2000, 7): [L],
        (1, 2010, 1): [W], (1, 2011, 1): [L], (1, 2010, 3): [W],
    }
    res = _acc(series).finalize()
    assert (res.occurrence1[0, 0], res.occurrence2[0, 0], res.change[0, 0]) == (50, 75, -50)
    assert res.homologous[0, 0] == 1


def test_no_homologous_months_and_all_nodata_pixels():
    # pixel 0: epoch 1 sees only January, epoch 2 only July -> occurrences valid, change nodata
    # pixel 1: no valid observation anywhere -> every layer nodata, area class 0 (not counted)
    series = {(0, 2000, 1): [W, N], (1, 2010, 7): [L, N]}
    acc = _acc(series, reference_year=2010)
    res = acc.finalize()
    assert res.occurrence1.tolist() == [[100, 255]]
    assert res.occurrence2.tolist() == [[0, 255]]
    assert res.change.tolist() == [[CHANGE_NODATA, CHANGE_NODATA]]
    assert res.seasonality.tolist() == [[0, 255]]
    assert res.recurrence.tolist() == [[100, 255]]
    assert change_classes(res, homologous_water_seen(acc)).tolist() == [[9, 0]]


def test_rounding_half_away_from_zero():
    # occurrence1 = mean(1/4, 0) = 12.5 % -> 13; change = mean(0 - 1/4, 0 - 0) = -12.5 -> -13
    series = {(0, 2000 + y, 1): [W if y == 0 else L] for y in range(4)}
    series[(0, 2000, 2)] = [L]
    series.update({(1, 2010, 1): [L], (1, 2010, 2): [L]})
    res = _acc(series).finalize()
    assert res.occurrence1[0, 0] == 13
    assert res.change[0, 0] == -13
    # float noise below 1e-6 is dropped before rounding: 2.4999999999 is a 2.5 in disguise
    values = np.array([0.5, 1.5, -0.5, 2.49, 2.4999999999])
    assert round_half_away(values).tolist() == [1, 2, -1, 2, 3]


def test_seasonality_counts_water_months_of_last_year_of_epoch2():
    # Reference year 2011 (last of epoch 2): water in Apr, May, Jun; Jul dry; Jan no data.
    series = {(1, 2010, m): [W] for m in range(1, 13)}  # earlier year does not count
    series.update({(1, 2011, 4): [W], (1, 2011, 5): [W], (1, 2011, 6): [W],
                   (1, 2011, 7): [L], (1, 2011, 1): [N], (0, 2000, 4): [W]})
    res = _acc(series, reference_year=2011).finalize()
    assert res.seasonality[0, 0] == 3


def test_recurrence_mean_over_months_with_water():
    # Jan: water 2 of 4 years (50 %), Jul: water 4 of 4 (100 %), Aug: never water (excluded)
    # -> recurrence = mean(50, 100) = 75. Pixel 1: valid but never water -> 0.
    series = {}
    for y in range(4):
        series[(0 if y < 2 else 1, 2000 + y, 1)] = [W if y % 2 == 0 else L, L]
        series[(0 if y < 2 else 1, 2000 + y, 7)] = [W, L]
        series[(0 if y < 2 else 1, 2000 + y, 8)] = [L, L]
    res = _acc(series).finalize()
    assert res.recurrence.tolist() == [[75, 0]]


def test_several_maps_per_month_count_as_observations():
    # 10-daily style: 3 maps in Jan 2000 (W, W, L) -> SWO_jan = 2/3 -> 67 %
    acc = MonthlyAccumulator((1, 1))
    acc.add(0, 2000, 1, [np.array([[s]], np.uint8) for s in (W, W, L)])
    acc.add(1, 2010, 1, [np.array([[W]], np.uint8)])
    res = acc.finalize()
    assert res.occurrence1[0, 0] == 67
    assert res.change[0, 0] == 33  # 100 - 66.67 = 33.3


def test_change_classes_permanent_loss_gain():
    # pixel 0 water -> dry (-100), pixel 1 dry -> water (+100), pixel 2 dry both (not water)
    series = {(0, 2000, 5): [W, L, L], (1, 2010, 5): [L, W, L]}
    acc = _acc(series)
    res = acc.finalize()
    assert res.change.tolist() == [[-100, 100, 0]]
    assert change_classes(res, homologous_water_seen(acc)).tolist() == [[1, 7, 8]]


def test_encodings():
    raw_clms = np.array([70, 255, 251, 0, 3], dtype=np.uint8)
    # sea (0) is excluded like no data; 255 is "no water", not nodata
    assert decode_monthly(raw_clms, ENCODING_CLMS_WB).tolist() == [W, L, N, N, N]
    assert decode_monthly(np.array([0, 1, 2, 3], np.uint8), ENCODING_GSW).tolist() == [
        N, L, W, N]
    assert decode_monthly(np.array([0, 1, 255], np.uint8), ENCODING_BINARY).tolist() == [
        L, W, N]
    assert decode_monthly(np.array([0.0, 1.0, np.nan, 0.5]), ENCODING_BINARY).tolist() == [
        L, W, N, N]
    with pytest.raises(ValueError, match="unknown water encoding"):
        decode_monthly(raw_clms, 7)


@pytest.mark.parametrize("encoding", [ENCODING_GSW, ENCODING_CLMS_WB, ENCODING_BINARY])
def test_fast_masks_equal_decoded_states_for_every_byte(encoding):
    raw = np.arange(256, dtype=np.uint8)
    water, valid = water_and_valid(raw, encoding)
    state = decode_monthly(raw, encoding)
    assert np.array_equal(water, state == W)
    assert np.array_equal(valid, state > 0)
    assert water.sum() == 1 and valid.sum() == 2


def test_clms_sea_pixels_are_excluded_from_occurrence():
    # pixel 0: sea every month -> nodata; pixel 1: sea in Jan, inland water in Feb -> Jan
    # excluded, occurrence = SWO_feb = 100 (not 50).
    acc = MonthlyAccumulator((1, 2))
    for epoch, year in ((0, 2020), (1, 2021)):
        acc.add(epoch, year, 1, [decode_monthly(np.array([[0, 0]], np.uint8), 1)])
        acc.add(epoch, year, 2, [decode_monthly(np.array([[0, 70]], np.uint8), 1)])
    res = acc.finalize()
    assert res.occurrence1.tolist() == [[255, 100]]
    assert res.change.tolist() == [[CHANGE_NODATA, 0]]


def test_yearly_class_from_monthly_counts():
    water = np.array([0, 0, 3, 12, 5])
    valid = np.array([0, 12, 12, 12, 5])
    assert yearly_class(water, valid).tolist() == [0, 1, 2, 3, 3]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([1, 1], 0), ([3, 3], 1), ([1, 3], 2), ([3, 1], 3), ([2, 2], 4), ([1, 2], 5),
        ([2, 1], 6), ([2, 3], 7), ([3, 2], 8),
        ([1, 3, 1], 9), ([1, 2, 1], 10), ([1, 2, 3, 2, 1], 9),  # P takes precedence over S
        ([0, 1, 3], 2),  # first year without data: gap-filled from the next year with data
        ([3, 2, 0], 8),  # last year without data: gap-filled from the previous one
        ([0, 3, 0], 1),  # one year with data compares it with itself
        ([0, 2, 255], 4),
        ([0, 0, 0], 255), ([255, 255, 7], 255),  # never any data -> nodata
        ([0, 1, 0, 2, 0], 5),
    ],
)
def test_transition_rules(years, expected):
    stack = np.array(years, dtype=np.uint8).reshape(len(years), 1, 1)
    assert transitions(stack)[0, 0] == expected


def test_counters_widen_beyond_255_maps_per_month():
    # 10-daily maps over decades can exceed 255 per calendar month: counters become uint16
    acc = MonthlyAccumulator((1, 1), max_count=300)
    maps = [np.array([[W if i < 200 else L]], np.uint8) for i in range(300)]
    acc.add(0, 2000, 1, maps)
    acc.add(1, 2010, 1, [np.array([[W]], np.uint8)])
    assert acc.valid.dtype == np.uint16 and int(acc.valid[0, 0, 0, 0]) == 300
    res = acc.finalize()
    assert res.occurrence1[0, 0] == 67  # 200 / 300
    assert res.change[0, 0] == 33
    assert MonthlyAccumulator((1, 1), max_count=12).valid.dtype == np.uint8
