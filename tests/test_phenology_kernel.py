"""Phenology kernel against exact double-logistic answers (no QGIS, no files).

Tolerances:
- daily samples, no smoothing: the kernel interpolates linearly between days; for these
  curves (|f''| ≤ 1e-3 /day²) the crossing error is < 0.01 day, so 0.05 day is asserted;
  integrals use trapezoids on the daily grid (error ≤ |f'|/12 per season ≈ 1e-3): 0.05.
- dekadal DN input: sampling every 10 days (linear gap filling of a convex limb moves the
  crossing by up to ~1 day), DN quantisation 0.004 NDVI (≈ 0.4 day at slope 0.01/day) and
  10 % flagged dekads (a 20-day gap at SOS can cost several days): median ≤ 1.5 days,
  95th percentile ≤ 5 days.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from _phenology_exact import closed_form, dense_reference

from clms_toolbox.clms_plugin.analysis.phenology import inputs as pi
from clms_toolbox.clms_plugin.analysis.phenology import kernel as ph
from clms_toolbox.clms_plugin.products import registry
from clms_toolbox.devtools import phenology_synthetic as syn

ORIGIN = dt.date(2019, 1, 1)


def daily_dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def t_of(dates) -> np.ndarray:
    return np.array([(d - ORIGIN).days for d in dates], dtype=float)


def run(values, dates, year=2019, **kw) -> dict[str, np.ndarray]:
    return ph.metrics_by_name(ph.compute(np.asarray(values, np.float32), dates, year,
                                         ph.PhenologyParams(**kw)))


DAILY = daily_dates(dt.date(2018, 7, 1), dt.date(2020, 6, 30))


def test_band_names_follow_hrvpp_order():
    assert ph.BAND_NAMES[:13] == tuple(f"S1_{m}" for m in (
        "SOSD", "SOSV", "LSLOPE", "EOSD", "EOSV", "RSLOPE", "LENGTH", "MINV", "MAXD", "MAXV",
        "AMPL", "TPROD", "SPROD"))
    assert ph.BAND_NAMES[13] == "S2_SOSD" and ph.BAND_NAMES[-1] == "NUMSEASON"
    assert len(ph.BAND_NAMES) == 27


def test_one_season_daily_matches_dense_reference_in_every_metric():
    def fun(t):
        return syn.beck(t, 0.2, 0.8, 120, 0.08, 260, 0.06)  # limbs overlap: coupled peak

    out = run(fun(t_of(DAILY))[:, None], DAILY, smoothing="none")
    ref = dense_reference(fun, -180, 545)
    assert out["NUMSEASON"][0] == 1
    for name, value in ref.items():
        tol = 0.05 if name in ("SOSD", "EOSD", "MAXD", "LENGTH", "TPROD", "SPROD") else 2e-4
        assert out[f"S1_{name}"][0] == pytest.approx(value, abs=tol), name
    assert (out["S2_SOSD"] == ph.NODATA).all()


def test_one_season_closed_form_and_slope_definition():
    """Well-separated limbs: SOS/EOS from §2.5 closed forms; slopes are 20–80 % chords."""
    sos, rsp, eos, rau = 100.0, 0.1, 280.0, 0.08
    y = syn.beck(t_of(DAILY), 0.1, 0.7, sos, rsp, eos, rau)
    out = run(y[:, None], DAILY, smoothing="none")
    exp_sos, exp_eos = closed_form(sos, rsp, eos, rau)
    assert out["S1_SOSD"][0] == pytest.approx(exp_sos, abs=0.05)
    assert out["S1_EOSD"][0] == pytest.approx(exp_eos, abs=0.05)
    assert out["S1_AMPL"][0] == pytest.approx(0.6, abs=1e-3)
    assert out["S1_MINV"][0] == pytest.approx(0.1, abs=1e-4)
    assert out["S1_SOSV"][0] == pytest.approx(0.1 + 0.25 * 0.6, abs=1e-3)
    assert out["S1_EOSV"][0] == pytest.approx(0.1 + 0.15 * 0.6, abs=1e-3)
    # chord between the 20 % and 80 % crossings: 0.6·A / (2·ln 4 / r)
    assert out["S1_LSLOPE"][0] == pytest.approx(0.6 * 0.6 * rsp / (2 * np.log(4)), rel=2e-3)
    assert out["S1_RSLOPE"][0] == pytest.approx(0.6 * 0.6 * rau / (2 * np.log(4)), rel=2e-3)
    assert out["S1_RSLOPE"][0] > 0


def test_two_seasons_ordered_by_peak():
    seasons = [(60, 0.1, 140, 0.1), (210, 0.09, 300, 0.08)]

    def fun(t):
        return syn.seasonal_series(t, seasons, mn=0.15, mx=0.75)

    out = run(fun(t_of(DAILY))[:, None], DAILY, smoothing="none")
    assert out["NUMSEASON"][0] == 2
    # the trough between the peaks splits the series into the two seasons' domains
    tt = np.arange(100, 260, 0.001)
    trough = tt[np.argmin(fun(tt))]
    for s, (t0, t1) in enumerate(((-180, trough), (trough, 545)), start=1):
        ref = dense_reference(fun, t0, t1)
        for name in ("SOSD", "EOSD", "MAXD", "TPROD"):
            assert out[f"S{s}_{name}"][0] == pytest.approx(ref[name], abs=0.05), (s, name)
        for name in ("MINV", "AMPL", "LSLOPE", "RSLOPE"):
            assert out[f"S{s}_{name}"][0] == pytest.approx(ref[name], abs=2e-4), (s, name)
    assert out["S1_MAXD"][0] < out["S2_MAXD"][0]


def test_season_crossing_the_year_boundary_belongs_to_the_year_of_its_peak():
    # peak around 24 December 2019; ends in 2020 (limbs overlap: dense reference)
    sos, rsp, eos, rau = 320.0, 0.1, 400.0, 0.1

    def fun(t):
        return syn.beck(t, 0.2, 0.8, sos, rsp, eos, rau)

    y = fun(t_of(DAILY))
    out19 = run(y[:, None], DAILY, 2019, smoothing="none")
    ref = dense_reference(fun, -180, 545)
    assert out19["NUMSEASON"][0] == 1
    for name in ("SOSD", "EOSD", "MAXD"):
        assert out19[f"S1_{name}"][0] == pytest.approx(ref[name], abs=0.05), name
    assert ref["EOSD"] > 366
    assert 355 < out19["S1_MAXD"][0] < 366
    out20 = run(y[:, None], DAILY, 2020, smoothing="none")
    assert out20["NUMSEASON"][0] == 0  # same season is not counted again in 2020
    # a season peaking on 5 January 2020 starts in 2019: SOSD ≤ 0 relative to 2020
    y2 = syn.beck(t_of(DAILY), 0.2, 0.8, 330.0, 0.1, 420.0, 0.1)
    out = run(y2[:, None], DAILY, 2020, smoothing="none")
    ref = dense_reference(lambda t: syn.beck(t, 0.2, 0.8, 330.0, 0.1, 420.0, 0.1), -180, 545)
    assert out["NUMSEASON"][0] == 1
    # 2019 has 365 days: day-of-year relative to 2020 = day relative to 2019 − 365
    assert out["S1_SOSD"][0] == pytest.approx(ref["SOSD"] - 365, abs=0.05)
    assert out["S1_SOSD"][0] <= 0


def test_dekadal_dn_input_with_flags():
    dates = syn.dekad_dates(2018, 2020)
    t = t_of(dates)
    rng = np.random.default_rng(3)
    n = 400
    sos, eos = rng.uniform(90, 130, n), rng.uniform(240, 290, n)
    rsp, rau = rng.uniform(0.06, 0.12, n), rng.uniform(0.05, 0.1, n)
    y = np.stack([syn.seasonal_series(t, [(sos[i] + o, rsp[i], eos[i] + o, rau[i])
                                          for o in (-365, 0, 365)]) for i in range(n)], 1)
    y[rng.random(y.shape) < 0.1] = np.nan
    dn = syn.to_ndvi300_dn(y)
    assert set(np.unique(dn[np.isnan(y)])) <= {251, 252, 253, 254}
    values = pi.decode(dn, registry.get("ndvi_300m").encoding)
    assert np.isnan(values).sum() == np.isnan(y).sum()
    out = run(values, dates)
    exp_sos, exp_eos = closed_form(sos, rsp, eos, rau)
    assert (out["NUMSEASON"] == 1).all()
    for got, exp in ((out["S1_SOSD"], exp_sos), (out["S1_EOSD"], exp_eos)):
        err = np.abs(got - exp)
        assert np.median(err) <= 1.5 and np.percentile(err, 95) <= 5.0, np.percentile(err, 95)


def test_all_flag_and_constant_pixels():
    dates = syn.dekad_dates(2018, 2020)
    vals = np.full((len(dates), 3), np.nan, np.float32)
    vals[:, 1] = 0.4  # constant: valid data, no season
    vals[:, 2] = 0.4
    vals[::2, 2] = np.nan  # constant with half the dekads flagged
    out = ph.compute(vals, dates, 2019)
    assert (out[:, 0] == ph.NODATA).all()  # no valid data: everything nodata
    for px in (1, 2):
        assert out[-1, px] == 0
        assert (out[:-1, px] == ph.NODATA).all()


def test_too_few_valid_observations_is_nodata():
    dates = syn.dekad_dates(2018, 2020)
    y = syn.seasonal_series(t_of(dates), [(110, 0.1, 250, 0.08)])[:, None].astype(np.float32)
    y[5:] = np.nan  # 5 of 108 valid < 20 %
    assert (ph.compute(y, dates, 2019)[:, 0] == ph.NODATA).all()


def test_minimum_amplitude():
    y = syn.beck(t_of(DAILY), 0.3, 0.34, 110, 0.1, 250, 0.1)[:, None]
    assert run(y, DAILY, min_amplitude=0.05)["NUMSEASON"][0] == 0
    assert run(y, DAILY, min_amplitude=0.02)["NUMSEASON"][0] == 1


@pytest.mark.parametrize("smoothing", ["whittaker", "savgol"])
def test_smoothing_keeps_clean_symmetric_season_within_a_day(smoothing):
    dates = [dt.date(2018, 7, 1) + dt.timedelta(days=5 * i) for i in range(147)]  # 5-daily
    y = syn.beck(t_of(dates), 0.2, 0.8, 110, 0.08, 250, 0.08)[:, None]
    raw = run(y, dates, smoothing="none")
    smooth = run(y, dates, smoothing=smoothing)
    ref = run(syn.beck(t_of(DAILY), 0.2, 0.8, 110, 0.08, 250, 0.08)[:, None], DAILY,
              smoothing="none")
    for key in ("S1_SOSD", "S1_EOSD"):
        assert abs(smooth[key][0] - raw[key][0]) <= 1.0, key
        assert abs(smooth[key][0] - ref[key][0]) <= 1.0, key
    # the peak may move a little more (a quadratic fit of a logistic top): 1.5 days
    assert abs(smooth["S1_MAXD"][0] - ref["S1_MAXD"][0]) <= 1.5


def test_irregular_dates_and_vectorisation_equals_per_pixel():
    rng = np.random.default_rng(7)
    gaps = rng.integers(3, 17, size=120)
    dates = [dt.date(2018, 6, 1) + dt.timedelta(days=int(d)) for d in np.cumsum(gaps)]
    dates = [d for d in dates if d <= dt.date(2020, 7, 1)]
    t = t_of(dates)
    cube, two = syn.synthetic_cube(t, 60, seed=2, noise=0.01, flag_fraction=0.1,
                                   years=(-1, 0, 1))
    kernel = ph.PhenologyKernel.from_dates(dates, 2019)
    whole = kernel(cube)
    single = np.stack([kernel(cube[:, i:i + 1])[:, 0] for i in range(cube.shape[1])], 1)
    # identical up to float32 round-off (BLAS takes another path for one column)
    np.testing.assert_allclose(whole, single, rtol=1e-5, atol=5e-3)
    # noisy one- and two-season pixels are counted right
    assert np.mean(whole[-1] == np.where(two, 2, 1)) >= 0.95


def test_noisy_cube_season_counts():
    dates = syn.dekad_dates(2018, 2020)
    cube, two = syn.synthetic_cube(t_of(dates), 3000, seed=5, noise=0.02, flag_fraction=0.1,
                                   years=(-1, 0, 1))
    out = ph.compute(cube, dates, 2019)
    assert np.mean(out[-1] == np.where(two, 2, 1)) >= 0.98
    ok = out[-1] >= 1
    assert np.all(out[ph.BAND_NAMES.index("S1_SOSD"), ok] < out[ph.BAND_NAMES.index("S1_MAXD"),
                                                                   ok])
    assert np.all(out[ph.BAND_NAMES.index("S1_MAXD"), ok] < out[ph.BAND_NAMES.index("S1_EOSD"),
                                                                   ok])


def test_invalid_parameters():
    with pytest.raises(ValueError, match="start_threshold"):
        ph.PhenologyParams(start_threshold=1.5).validate()
    with pytest.raises(ValueError, match="smoothing"):
        ph.PhenologyParams(smoothing="spline").validate()
    with pytest.raises(ValueError, match="increasing"):
        ph.PhenologyKernel(np.array([0.0, 10, 10, 20, 30]), 2019)


def _yearly_knots(knots, dates) -> np.ndarray:
    """Piecewise-linear curve through (day of year index, value) knots, repeated every year."""
    t = t_of(dates)
    kd, kv = np.array(knots, float).T
    return np.interp(np.mod(t, 365.0), kd, kv)


@pytest.mark.parametrize("case", ["foot_trough", "deep_foot_trough", "dip_on_limb", "plain"])
def test_left_minimum_is_the_nearest_low_local_minimum(case):
    """The TIMESAT 4 base rule, on curves where it decides SOS (probed with timesat.phenology).

    Rise 0.2 → 0.8 from day index 100 to 200, fall back by 300; SOS at 25 %:
    - foot_trough: a lower trough (0.1) at day 60 and a shallow local minimum 0.2 at day 100
      (14 % of the rise from 0.1): the nearer one is the base → SOS at 125 (TIMESAT: 125.0);
    - deep_foot_trough: the trough at 60 is 0.0, so 0.2 is 25 % up the rise, above the 20 %
      band: the base is the deep trough → level 0.2, reached at day 100 (TIMESAT: 79.05 on
      its own curve, where the level is crossed first on the way up to the day-80 bump);
    - dip_on_limb: a 0.01 dip down to 0.352 (25 % of the rise) is not a base → SOS 125
      (TIMESAT ignores such a dip at 23 %, takes one at 15 %);
    - plain: no local minimum but the foot → SOS 125.
    """
    knots = {
        "foot_trough": [(0, .2), (60, .1), (80, .21), (100, .2), (200, .8), (300, .2), (365, .2)],
        "deep_foot_trough": [(0, .2), (60, .0), (80, .21), (100, .2), (200, .8), (300, .2),
                             (365, .2)],
        "dip_on_limb": [(0, .2), (100, .2), (127, .362), (130, .352), (133, .38), (200, .8),
                        (300, .2), (365, .2)],
        "plain": [(0, .2), (100, .2), (200, .8), (300, .2), (365, .2)],
    }[case]
    y = _yearly_knots(knots, DAILY)
    out = run(y[:, None], DAILY, smoothing="none")
    assert out["NUMSEASON"][0] == 1
    if case == "deep_foot_trough":
        # level 0 + 0.25 × 0.8 = 0.2: first reached on the way up to the bump (day 60→80)
        expected_sos, expected_l = 60 + 20 * 0.2 / 0.21, 0.0
    else:
        expected_sos, expected_l = 125.0, 0.2
    assert out["S1_SOSD"][0] == pytest.approx(expected_sos + 1, abs=0.02)
    assert out["S1_SOSV"][0] == pytest.approx(expected_l + 0.25 * (0.8 - expected_l), abs=1e-4)
