"""Independent review cases for ``clms:phenology`` against the published definitions.

Written by the reviewer, not the author of the kernel: every expected value is derived here
from ``../shared/reference/algorithms.md`` §2 and DESIGN.md §6, never from the kernel.

Definitions checked (quoted from algorithms.md §2):
- SOS "time at which the fitted curve, rising from the **left minimum**, reaches a user
  fraction of the distance between the left minimum and the maximum"; EOS "the same on the
  right side from the **right minimum**" (§2.1), fractions START/END_THRESHOLD 0.25/0.15;
- "Base level: mean of the left and right minimum values"; "Amplitude: peak value − base
  level"; "Length: end − start"; "Large integral: ∫ of the fitted function from start to end";
  "Small integral: ∫ of (function − base level) from start to end"; "Left/right derivative
  (TIMESAT 3): ratio of the difference between the 20 % and 80 % levels and the corresponding
  time difference" (the slope definition the algorithm declares in its help);
- "a season belongs to year Y iff MAXD ∈ [1 Jan Y, 31 Dec Y] … Order S1/S2 by MAXD" (§2.4);
- SOSD may be negative (previous year), EOSD up to 730 (next year) — dates as day of year
  relative to 1 January of YEAR (§2.3, DESIGN §6). Day of year (DOY) is 1-based: 1 January of
  YEAR = 1, 31 December of the previous year = 0 (TIMESAT's YYYYDOY, made relative to the
  output year by ``p_hrvppformat``);
- NDVI 300 m DN: × 0.004 − 0.08, flags 251–255 masked (clms_api.md NDVI 300 m row, §2.4);
- "A pixel with no valid observations, or no detectable season, gets nodata" (§2.4).

Exact cases:
- piecewise-linear profiles whose vertices lie on observation dates: with SMOOTHING none the
  kernel's curve *is* that profile, so crossings, slopes and integrals have exact closed forms
  (computed here by hand-written piecewise-linear algebra); flagged observations are put on
  straight segments, where linear gap filling restores the profile exactly;
- the Beck double logistic of §2.5 sampled daily: crossings found by bisection on the analytic
  curve, integrals by composite Simpson on the analytic curve (independent of the kernel's
  daily grid). Tolerance 0.05 day: linear interpolation between daily samples of a curve with
  |f''| ≤ 2e-3/day² errs by < 0.01 day at these slopes.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from clms_toolbox.clms_plugin.analysis.phenology import kernel as ph

NODATA = -32768.0
NDVI_FMT = "c_gls_NDVI300_{:%Y%m%d}0000_GLOBE_OLCI_V2.0.1.tif"


# -- independent reference helpers ----------------------------------------------------------
def doy(date: dt.date, year: int) -> float:
    """Day of year of ``date`` relative to 1 January of ``year`` (1 January = 1)."""
    return float((date - dt.date(year, 1, 1)).days + 1)


def dekads(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        if d.day in (1, 11, 21):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def daily(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


class PiecewiseLinear:
    """A profile given by vertices (x, v); x in days (any origin)."""

    def __init__(self, xs, vs):
        self.x = np.asarray(xs, float)
        self.v = np.asarray(vs, float)

    def __call__(self, t):
        return np.interp(t, self.x, self.v)

    def up(self, level: float, after: float) -> float:
        """First time > ``after`` at which the profile rises through ``level``."""
        for i in range(len(self.x) - 1):
            x0, x1, v0, v1 = self.x[i], self.x[i + 1], self.v[i], self.v[i + 1]
            if x1 <= after or v1 <= v0:
                continue
            if v0 <= level <= v1:
                return x0 + (level - v0) / (v1 - v0) * (x1 - x0)
        raise AssertionError("no upward crossing")

    def down(self, level: float, before: float) -> float:
        """Last time < ``before`` at which the profile falls through ``level``."""
        for i in range(len(self.x) - 2, -1, -1):
            x0, x1, v0, v1 = self.x[i], self.x[i + 1], self.v[i], self.v[i + 1]
            if x0 >= before or v1 >= v0:
                continue
            if v1 <= level <= v0:
                return x0 + (v0 - level) / (v0 - v1) * (x1 - x0)
        raise AssertionError("no downward crossing")

    def integral(self, a: float, b: float) -> float:
        """Exact ∫_a^b (trapezoids between breakpoints are exact for a linear profile)."""
        pts = np.unique(np.concatenate([[a, b], self.x[(self.x > a) & (self.x < b)]]))
        y = self(pts)
        return float(np.sum(0.5 * (y[1:] + y[:-1]) * np.diff(pts)))


def season_reference(prof, left_min_t, peak_t, right_min_t, ps=0.25, pe=0.15, tprod=None):
    """TIMESAT seasonal-amplitude metrics of one season (times in the profile's days)."""
    vl, vp, vr = float(prof(left_min_t)), float(prof(peak_t)), float(prof(right_min_t))
    al, ar = vp - vl, vp - vr
    sos = prof.up(vl + ps * al, left_min_t)
    eos = prof.down(vr + pe * ar, right_min_t)
    l20, l80 = prof.up(vl + 0.2 * al, left_min_t), prof.up(vl + 0.8 * al, left_min_t)
    r80, r20 = prof.down(vr + 0.8 * ar, right_min_t), prof.down(vr + 0.2 * ar, right_min_t)
    base = 0.5 * (vl + vr)
    large = prof.integral(sos, eos) if tprod is None else tprod(sos, eos)
    return {
        "SOS": sos, "SOSV": vl + ps * al, "EOS": eos, "EOSV": vr + pe * ar,
        "LSLOPE": 0.6 * al / (l80 - l20), "RSLOPE": 0.6 * ar / (r20 - r80),
        "LENGTH": eos - sos, "MINV": base, "PEAK": peak_t, "MAXV": vp, "AMPL": vp - base,
        "TPROD": large, "SPROD": large - base * (eos - sos),
    }


def beck(t, mn, mx, sos, rsp, eos, rau):
    """Beck et al. 2006 double logistic (algorithms.md §2.5)."""
    t = np.asarray(t, float)
    return mn + (mx - mn) * (1 / (1 + np.exp(-rsp * (t - sos))) + 1 / (1 + np.exp(rau * (t - eos)))
                             - 1)


class Analytic:
    """An analytic curve with bisection crossings and Simpson integrals (reference only)."""

    def __init__(self, fun, t0, t1):
        self.fun, self.t0, self.t1 = fun, t0, t1

    def __call__(self, t):
        return self.fun(t)

    def _bisect(self, g, a, b):
        ga = g(a)
        for _ in range(200):
            m = 0.5 * (a + b)
            gm = g(m)
            if (gm >= 0) == (ga >= 0):
                a, ga = m, gm
            else:
                b = m
        return 0.5 * (a + b)

    def peak(self, a, b):
        """Maximum on [a, b] by golden-section search (unimodal there)."""
        g = (math.sqrt(5) - 1) / 2
        for _ in range(200):
            c, d = b - g * (b - a), a + g * (b - a)
            if self.fun(c) > self.fun(d):
                b = d
            else:
                a = c
        return 0.5 * (a + b)

    def minimum(self, a, b):
        g = (math.sqrt(5) - 1) / 2
        for _ in range(200):
            c, d = b - g * (b - a), a + g * (b - a)
            if self.fun(c) < self.fun(d):
                b = d
            else:
                a = c
        return 0.5 * (a + b)

    def up(self, level, after, peak):
        return self._bisect(lambda t: float(self.fun(t)) - level, after, peak)

    def down(self, level, before, peak):
        return self._bisect(lambda t: float(self.fun(t)) - level, peak, before)

    def integral(self, a, b, n=20000):
        x = np.linspace(a, b, n + 1)
        y = self.fun(x)
        h = (b - a) / n
        return float(h / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))


def analytic_season(curve: Analytic, lmin, peak, rmin, ps=0.25, pe=0.15):
    vl, vp, vr = float(curve(lmin)), float(curve(peak)), float(curve(rmin))
    al, ar = vp - vl, vp - vr
    sos = curve.up(vl + ps * al, lmin, peak)
    eos = curve.down(vr + pe * ar, rmin, peak)
    l20, l80 = curve.up(vl + 0.2 * al, lmin, peak), curve.up(vl + 0.8 * al, lmin, peak)
    r80, r20 = curve.down(vr + 0.8 * ar, rmin, peak), curve.down(vr + 0.2 * ar, rmin, peak)
    base = 0.5 * (vl + vr)
    large = curve.integral(sos, eos)
    return {
        "SOS": sos, "SOSV": vl + ps * al, "EOS": eos, "EOSV": vr + pe * ar,
        "LSLOPE": 0.6 * al / (l80 - l20), "RSLOPE": 0.6 * ar / (r20 - r80),
        "LENGTH": eos - sos, "MINV": base, "PEAK": peak, "MAXV": vp, "AMPL": vp - base,
        "TPROD": large, "SPROD": large - base * (eos - sos),
    }


# -- raster helpers --------------------------------------------------------------------------
def write_stack(path, cube: np.ndarray, dtype: str, nodata=None) -> str:
    n, h, w = cube.shape
    with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=n, dtype=dtype,
                       crs="EPSG:4326", transform=from_origin(10.0, 50.0, 1 / 336, 1 / 336),
                       nodata=nodata) as ds:
        ds.write(cube.astype(dtype))
    return str(path)


def read_bands(path) -> dict[str, np.ndarray]:
    with rasterio.open(path) as ds:
        assert ds.count == 27
        return {d: ds.read(i + 1).astype(np.float64) for i, d in enumerate(ds.descriptions)}


def run_alg(params: dict) -> dict[str, np.ndarray]:
    import processing

    out = processing.run("clms:phenology", params)
    return read_bands(out["OUTPUT"])


def check_season(got, prefix, ref, year_origin_day, rc, *, day_tol, val_tol=1e-5,
                 int_tol=1e-3, maxd_tol=0.5, slope_tol=2e-3):
    """Compare one season's 13 bands at pixel ``rc`` with a reference in profile days.

    ``year_origin_day`` is the profile day that is 1 January of YEAR (so DOY = t − it + 1).
    """
    r, c = rc

    def g(name):
        return got[f"{prefix}_{name}"][r, c]

    def to_doy(t):
        return t - year_origin_day + 1.0

    assert g("SOSD") == pytest.approx(to_doy(ref["SOS"]), abs=day_tol), "SOSD"
    assert g("EOSD") == pytest.approx(to_doy(ref["EOS"]), abs=day_tol), "EOSD"
    assert g("LENGTH") == pytest.approx(ref["LENGTH"], abs=2 * day_tol), "LENGTH"
    assert g("MAXD") == pytest.approx(to_doy(ref["PEAK"]), abs=maxd_tol), "MAXD"
    for name in ("SOSV", "EOSV", "MINV", "MAXV", "AMPL"):
        assert g(name) == pytest.approx(ref[name], abs=val_tol), name
    for name in ("LSLOPE", "RSLOPE"):
        assert g(name) == pytest.approx(ref[name], rel=slope_tol), name
    for name in ("TPROD", "SPROD"):
        assert g(name) == pytest.approx(ref[name], rel=int_tol), name


# -- case 1: NDVI 300 m DN dekads with flags, exact piecewise-linear seasons ------------------
SERIES = dekads(dt.date(2018, 7, 1), dt.date(2021, 6, 21))
T0 = dt.date(2018, 7, 1)


def tday(d: dt.date) -> float:
    return float((d - T0).days)


def dn(v: float) -> int:
    return int(round((v + 0.08) / 0.004))


# Pixel A (row 0, col 0): one asymmetric season, rising 2019-03-01 → peak 2019-06-01,
# falling to 2019-09-21, every dekad strictly inside both ramps flagged (251–254).
A_VERT = [(dt.date(2018, 7, 1), 70), (dt.date(2019, 3, 1), 70), (dt.date(2019, 6, 1), 220),
          (dt.date(2019, 9, 21), 70), (dt.date(2021, 6, 21), 70)]
# Pixel B (row 0, col 1): season peaking 2019-12-21, ending in 2020 (EOSD > 365 for 2019).
B_VERT = [(dt.date(2018, 7, 1), 80), (dt.date(2019, 10, 1), 80), (dt.date(2019, 12, 21), 200),
          (dt.date(2020, 3, 1), 80), (dt.date(2021, 6, 21), 80)]
# Pixel C (row 0, col 2): long rise from 2019-08-01 to a peak on 2020-01-11, fast fall to
# 2020-02-01: the season middle is in 2019 but the peak (and so the season) is 2020's.
C_VERT = [(dt.date(2018, 7, 1), 75), (dt.date(2019, 8, 1), 75), (dt.date(2020, 1, 11), 210),
          (dt.date(2020, 2, 1), 90), (dt.date(2021, 6, 21), 90)]
# Pixel D (row 1, col 0): two seasons in 2019, the second on a raised trough; S1 must be the
# earlier peak even though the later one is larger.
D_VERT = [(dt.date(2018, 7, 1), 70), (dt.date(2019, 2, 1), 70), (dt.date(2019, 4, 1), 170),
          (dt.date(2019, 6, 1), 110), (dt.date(2019, 8, 1), 230), (dt.date(2019, 10, 21), 60),
          (dt.date(2021, 6, 21), 60)]


def _profile(vertices) -> PiecewiseLinear:
    return PiecewiseLinear([tday(d) for d, _ in vertices], [v * 0.004 - 0.08 for _, v in vertices])


def _dn_series(vertices, flag_ramps: bool) -> np.ndarray:
    prof = PiecewiseLinear([tday(d) for d, _ in vertices], [float(v) for _, v in vertices])
    vdates = {d for d, _ in vertices}
    out = []
    flags = [251, 252, 253, 254]
    for i, d in enumerate(SERIES):
        v = float(prof(tday(d)))
        j = int(np.searchsorted(prof.x, tday(d)))
        on_ramp = d not in vdates and 0 < j < len(prof.x) and prof.v[j - 1] != prof.v[j]
        if flag_ramps and on_ramp:
            out.append(flags[i % 4])
        else:
            assert d in vdates or abs(v - round(v)) < 1e-9 or on_ramp
            out.append(int(round(v)))
    return np.array(out)


@pytest.fixture(scope="module")
def ndvi_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-ndvi")
    cube = np.zeros((len(SERIES), 2, 3), dtype=np.uint8)
    cube[:, 0, 0] = _dn_series(A_VERT, flag_ramps=True)
    cube[:, 0, 1] = _dn_series(B_VERT, flag_ramps=True)
    cube[:, 0, 2] = _dn_series(C_VERT, flag_ramps=True)
    cube[:, 1, 0] = _dn_series(D_VERT, flag_ramps=True)
    cube[:, 1, 1] = 252  # every observation cloudy
    cube[:, 1, 2] = 100  # constant, valid: no season
    cube[5::7, 1, 2] = 255  # plus some background flags
    paths = []
    for i, d in enumerate(SERIES):
        paths.append(write_stack(folder / NDVI_FMT.format(d), cube[i:i + 1], "uint8"))
    return paths


def test_ramps_are_really_flagged(ndvi_files):
    """The exact cases only work if the ramp dekads carry flags (else they prove nothing)."""
    a = _dn_series(A_VERT, flag_ramps=True)
    assert set(np.unique(a[a > 250])) == {251, 252, 253, 254}
    assert (a > 250).sum() >= 15


def test_ndvi300_dekads_with_flags_year_2019(provider, ndvi_files, tmp_path):  # noqa: ARG001
    got = run_alg({"INPUT": list(reversed(ndvi_files)), "PRODUCT": 2, "YEAR": 2019,
                   "SMOOTHING": 0, "OUTPUT": str(tmp_path / "p2019.tif")})
    y0 = tday(dt.date(2019, 1, 1))
    # A: one season, exact (flags on the ramps were masked and re-filled linearly)
    a = _profile(A_VERT)
    ref = season_reference(a, tday(dt.date(2019, 3, 1)), tday(dt.date(2019, 6, 1)),
                           tday(dt.date(2019, 9, 21)))
    assert got["NUMSEASON"][0, 0] == 1
    check_season(got, "S1", ref, y0, (0, 0), day_tol=1e-3)
    assert (got["S2_SOSD"][0, 0], got["S2_TPROD"][0, 0]) == (NODATA, NODATA)
    # by hand: SOS level 0.2 + 0.25·0.6 = 0.35 reached a quarter of the way up the ramp
    sos_doy = doy(dt.date(2019, 3, 1), 2019) + 0.25 * 92
    assert got["S1_SOSD"][0, 0] == pytest.approx(sos_doy, abs=1e-3)
    assert got["S1_SOSV"][0, 0] == pytest.approx(0.35, abs=1e-5)
    assert got["S1_LSLOPE"][0, 0] == pytest.approx(0.6 / 92, rel=1e-3)
    assert got["S1_RSLOPE"][0, 0] == pytest.approx(0.6 / 112, rel=1e-3)

    # B: peak 2019-12-21 (DOY 355) → 2019's season, EOS in 2020 → EOSD > 365
    b = _profile(B_VERT)
    ref = season_reference(b, tday(dt.date(2019, 10, 1)), tday(dt.date(2019, 12, 21)),
                           tday(dt.date(2020, 3, 1)))
    assert got["NUMSEASON"][0, 1] == 1
    check_season(got, "S1", ref, y0, (0, 1), day_tol=1e-3)
    assert got["S1_EOSD"][0, 1] > 365
    assert got["S1_MAXD"][0, 1] == pytest.approx(355, abs=0.5)

    # C: peak on 2020-01-11 → not a 2019 season (attribution by the peak, not the middle)
    assert got["NUMSEASON"][0, 2] == 0
    assert got["S1_SOSD"][0, 2] == NODATA

    # D: two seasons; S1 = earlier peak; the second season's left minimum is the trough
    d = _profile(D_VERT)
    s1 = season_reference(d, tday(dt.date(2019, 2, 1)), tday(dt.date(2019, 4, 1)),
                          tday(dt.date(2019, 6, 1)))
    s2 = season_reference(d, tday(dt.date(2019, 6, 1)), tday(dt.date(2019, 8, 1)),
                          tday(dt.date(2019, 10, 21)))
    assert got["NUMSEASON"][1, 0] == 2
    check_season(got, "S1", s1, y0, (1, 0), day_tol=1e-3)
    check_season(got, "S2", s2, y0, (1, 0), day_tol=1e-3)
    # the S2 start level is measured from the trough (0.36), not from the series minimum
    assert got["S2_SOSV"][1, 0] == pytest.approx(0.36 + 0.25 * (0.84 - 0.36), abs=1e-5)
    assert got["S2_MINV"][1, 0] == pytest.approx(0.5 * (0.36 + 0.16), abs=1e-5)

    # all-flag pixel: nodata everywhere, NUMSEASON included
    for name, band in got.items():
        assert band[1, 1] == NODATA, name
    # constant valid pixel: no season
    assert got["NUMSEASON"][1, 2] == 0
    assert all(got[n][1, 2] == NODATA for n in ph.BAND_NAMES[:-1])


def test_ndvi300_dekads_year_2020_negative_sosd(provider, ndvi_files, tmp_path):  # noqa: ARG001
    got = run_alg({"INPUT": ndvi_files, "PRODUCT": 0, "YEAR": 2020, "SMOOTHING": 0,
                   "OUTPUT": str(tmp_path / "p2020.tif")})
    y0 = tday(dt.date(2020, 1, 1))
    c = _profile(C_VERT)
    ref = season_reference(c, tday(dt.date(2019, 8, 1)), tday(dt.date(2020, 1, 11)),
                           tday(dt.date(2020, 2, 1)))
    assert got["NUMSEASON"][0, 2] == 1
    check_season(got, "S1", ref, y0, (0, 2), day_tol=1e-3)
    assert got["S1_SOSD"][0, 2] < 0  # the season started in 2019
    assert got["S1_MAXD"][0, 2] == pytest.approx(11, abs=0.5)
    # by hand: left minimum 0.22 (DN 75), peak 0.76 (DN 210): level 0.355 after 1/4 of the
    # 163-day ramp from 2019-08-01 (DOY −152 relative to 2020)
    assert got["S1_SOSD"][0, 2] == pytest.approx(-152 + 0.25 * 163, abs=1e-3)
    # the right minimum is 0.28 (DN 90), not the left one: EOS level 0.28 + 0.15·0.48
    assert got["S1_EOSV"][0, 2] == pytest.approx(0.28 + 0.15 * 0.48, abs=1e-5)
    assert got["S1_MINV"][0, 2] == pytest.approx(0.25, abs=1e-5)
    # seasons of 2019 are not 2020's
    for rc in ((0, 0), (0, 1), (1, 0), (1, 2)):
        assert got["NUMSEASON"][rc] == 0, rc


# -- case 2: Beck double logistic sampled daily, one multiband stack with DATES --------------
DAILY = daily(dt.date(2018, 7, 1), dt.date(2020, 6, 30))
TD = np.array([(d - dt.date(2019, 1, 1)).days for d in DAILY], float)  # days since 1 Jan 2019
BECK1 = (0.15, 0.85, 110.0, 0.12, 270.0, 0.09)  # well separated limbs


def _two_bumps(t):
    return (beck(t, 0.2, 0.7, 60.0, 0.15, 130.0, 0.12)
            + beck(t, 0.0, 0.45, 200.0, 0.1, 290.0, 0.1))


@pytest.fixture(scope="module")
def beck_stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-beck")
    cube = np.full((len(DAILY), 1, 3), np.nan, dtype=np.float32)
    cube[:, 0, 0] = beck(TD, *BECK1)
    cube[:, 0, 1] = _two_bumps(TD)
    cube[:, 0, 2] = 0.3 + 0.02 * np.exp(-0.5 * ((TD - 180) / 30) ** 2)  # bump < MIN_AMPLITUDE
    cube[::3, 0, 0] = -999.0  # every third day masked via the file's nodata
    path = write_stack(folder / "stack.tif", cube, "float32", nodata=-999.0)
    return path, ",".join(d.isoformat() for d in DAILY)


def test_beck_daily_processing_run(provider, beck_stack, tmp_path):  # noqa: ARG001
    path, dates = beck_stack
    got = run_alg({"INPUT": [path], "DATES": dates, "PRODUCT": 1, "YEAR": 2019,
                   "SMOOTHING": 0, "OUTPUT": str(tmp_path / "beck.tif")})
    # pixel 0: one season; minima at the series ends, peak by golden section
    one = Analytic(lambda t: beck(t, *BECK1), TD[0], TD[-1])
    pk = one.peak(110, 270)
    ref = analytic_season(one, one.minimum(TD[0], pk), pk, one.minimum(pk, TD[-1]))
    assert got["NUMSEASON"][0, 0] == 1
    # every third day is masked and refilled linearly (chords over 3 days): crossings within
    # 0.05 day, the 20–80 % chord slope within 0.5 %, integrals within 0.1 %
    check_season(got, "S1", ref, 0.0, (0, 0), day_tol=0.05, val_tol=2e-4, int_tol=1e-3,
                 slope_tol=5e-3)
    # §2.5 closed form (coupling negligible for these limbs): DOY = t + 1
    mn, mx, sos, rsp, eos, rau = BECK1
    assert got["S1_SOSD"][0, 0] == pytest.approx(sos + math.log(1 / 3) / rsp + 1, abs=0.1)
    assert got["S1_EOSD"][0, 0] == pytest.approx(eos + math.log(0.85 / 0.15) / rau + 1,
                                                 abs=0.1)

    # pixel 1: two seasons, each from its own minima (the trough between them)
    two = Analytic(_two_bumps, TD[0], TD[-1])
    p1, p2 = two.peak(0, 165), two.peak(165, 400)
    trough = two.minimum(p1, p2)
    s1 = analytic_season(two, two.minimum(TD[0], p1), p1, trough)
    s2 = analytic_season(two, trough, p2, two.minimum(p2, TD[-1]))
    assert got["NUMSEASON"][0, 1] == 2
    check_season(got, "S1", s1, 0.0, (0, 1), day_tol=0.05, val_tol=1e-4, int_tol=1e-3)
    check_season(got, "S2", s2, 0.0, (0, 1), day_tol=0.05, val_tol=1e-4, int_tol=1e-3)

    # pixel 2: amplitude 0.02 < MIN_AMPLITUDE 0.05 → valid data, no season
    assert got["NUMSEASON"][0, 2] == 0
    assert got["S1_SOSD"][0, 2] == NODATA


def test_half_thresholds_hit_the_inflection_points(provider, beck_stack, tmp_path):  # noqa: ARG001
    """§2.5: p = 0.5 gives the logistic inflection points sos and eos exactly."""
    path, dates = beck_stack
    got = run_alg({"INPUT": [path], "DATES": dates, "PRODUCT": 1, "YEAR": 2019,
                   "SMOOTHING": 0, "START_THRESHOLD": 0.5, "END_THRESHOLD": 0.5,
                   "OUTPUT": str(tmp_path / "half.tif")})
    _, _, sos, _, eos, _ = BECK1
    assert got["S1_SOSD"][0, 0] == pytest.approx(sos + 1, abs=0.05)
    assert got["S1_EOSD"][0, 0] == pytest.approx(eos + 1, abs=0.05)


def test_year_after_shifts_days_by_the_year_length(provider, tmp_path):  # noqa: ARG001
    """The same season seen from YEAR and from YEAR+1 (a leap year in between).

    A season peaking in 2020 (leap) is reported for 2020; the identical series shifted by
    one year (2021) must give the same day numbers — while its absolute dates differ by 366
    days, the 1-January-relative days must not.
    """
    res = {}
    for year in (2020, 2021):
        dates = daily(dt.date(year - 1, 7, 1), dt.date(year + 1, 6, 30))
        t = np.array([(d - dt.date(year, 1, 1)).days for d in dates], float)
        cube = beck(t, *BECK1).astype(np.float32)[:, None, None]
        path = write_stack(tmp_path / f"s{year}.tif", cube, "float32")
        got = run_alg({"INPUT": [path], "DATES": ",".join(d.isoformat() for d in dates),
                       "PRODUCT": 1, "YEAR": year, "SMOOTHING": 0,
                       "OUTPUT": str(tmp_path / f"o{year}.tif")})
        res[year] = got
    for name in ("S1_SOSD", "S1_EOSD", "S1_MAXD", "S1_LENGTH"):
        assert res[2020][name][0, 0] == pytest.approx(res[2021][name][0, 0], abs=1e-3), name
    _, _, sos, rsp, _, _ = BECK1
    assert res[2020]["S1_SOSD"][0, 0] == pytest.approx(sos + math.log(1 / 3) / rsp + 1, abs=0.1)


def test_smoothers_do_not_move_a_clean_symmetric_season(provider, tmp_path):  # noqa: ARG001
    """Issue 5: smoothing must not shift a clean symmetric season's SOS/EOS by > 1 day.

    Clean symmetric Beck season sampled every 5 days; the reference is the unsmoothed run on
    the same samples (so only the smoother's effect is measured).
    """
    dates = [dt.date(2018, 7, 1) + dt.timedelta(days=5 * i) for i in range(146)]
    t = np.array([(d - dt.date(2019, 1, 1)).days for d in dates], float)
    cube = beck(t, 0.2, 0.8, 120.0, 0.08, 250.0, 0.08).astype(np.float32)[:, None, None]
    path = write_stack(tmp_path / "sym.tif", cube, "float32")
    text = ",".join(d.isoformat() for d in dates)
    runs = {}
    for sm in (0, 1, 2):
        runs[sm] = run_alg({"INPUT": [path], "DATES": text, "PRODUCT": 1, "YEAR": 2019,
                            "SMOOTHING": sm, "OUTPUT": str(tmp_path / f"sm{sm}.tif")})
    for sm in (1, 2):
        for name in ("S1_SOSD", "S1_EOSD"):
            assert abs(runs[sm][name][0, 0] - runs[0][name][0, 0]) <= 1.0, (sm, name)


# -- case 3: kernel API, exact piecewise-linear daily profiles -------------------------------
def _kernel(prof_dates, vertices, year, **kw) -> dict[str, float]:
    t0 = prof_dates[0]
    prof = PiecewiseLinear([(d - t0).days for d, _ in vertices], [v for _, v in vertices])
    y = prof(np.array([(d - t0).days for d in prof_dates], float)).astype(np.float32)
    out = ph.metrics_by_name(ph.compute(y[:, None], prof_dates, year,
                                        ph.PhenologyParams(smoothing="none", **kw)))
    return {k: float(v[0]) for k, v in out.items()}, prof, t0


def test_three_peaks_keep_the_two_largest_ordered_by_peak_date():
    """§2.4: "if more peaks fall in Y, keep the two with the largest amplitude. Order S1/S2
    by MAXD" — amplitudes 0.2 (Mar), 0.5 (Jun), 0.35 (Oct): S1 = June, S2 = October."""
    d = dt.date
    dates = daily(d(2018, 7, 1), d(2020, 6, 30))
    verts = [(d(2018, 7, 1), 0.2), (d(2019, 2, 1), 0.2), (d(2019, 3, 11), 0.4),
             (d(2019, 4, 20), 0.2), (d(2019, 6, 10), 0.7), (d(2019, 8, 1), 0.2),
             (d(2019, 10, 5), 0.55), (d(2019, 12, 1), 0.2), (d(2020, 6, 30), 0.2)]
    got, prof, t0 = _kernel(dates, verts, 2019)
    assert got["NUMSEASON"] == 2
    y0 = (d(2019, 1, 1) - t0).days

    def tt(x):
        return float((x - t0).days)

    s1 = season_reference(prof, tt(d(2019, 4, 20)), tt(d(2019, 6, 10)), tt(d(2019, 8, 1)))
    s2 = season_reference(prof, tt(d(2019, 8, 1)), tt(d(2019, 10, 5)), tt(d(2019, 12, 1)))
    for prefix, ref in (("S1", s1), ("S2", s2)):
        assert got[f"{prefix}_SOSD"] == pytest.approx(ref["SOS"] - y0 + 1, abs=1e-3)
        assert got[f"{prefix}_EOSD"] == pytest.approx(ref["EOS"] - y0 + 1, abs=1e-3)
        assert got[f"{prefix}_MAXD"] == pytest.approx(ref["PEAK"] - y0 + 1, abs=0.5)
        assert got[f"{prefix}_AMPL"] == pytest.approx(ref["AMPL"], abs=1e-5)
        assert got[f"{prefix}_TPROD"] == pytest.approx(ref["TPROD"], rel=1e-4)
        assert got[f"{prefix}_SPROD"] == pytest.approx(ref["SPROD"], rel=1e-4)


def test_leap_year_season_ending_next_year_counts_366_days():
    """EOSD of a 2020 (leap) season ending in 2021: days from 1 January 2020, so
    31 December 2020 = 366 and 10 January 2021 = 376 (DESIGN §6: EOSD up to 730)."""
    d = dt.date
    dates = daily(d(2019, 7, 1), d(2021, 6, 30))
    verts = [(d(2019, 7, 1), 0.3), (d(2020, 9, 1), 0.3), (d(2020, 11, 30), 0.7),
             (d(2021, 1, 30), 0.3), (d(2021, 6, 30), 0.3)]
    got, _, _ = _kernel(dates, verts, 2020)
    assert got["NUMSEASON"] == 1
    # EOS level 0.3 + 0.15·0.4 = 0.36: 85 % of the way down the 61-day fall from 30 November
    eos = doy(d(2020, 11, 30), 2020) + 0.85 * 61
    assert doy(d(2020, 12, 31), 2020) == 366
    assert got["S1_EOSD"] == pytest.approx(eos, abs=1e-3)
    assert got["S1_EOSD"] > 366
    # SOS: 25 % of the way up the 90-day rise from 1 September 2020 (DOY 245 in a leap year)
    assert got["S1_SOSD"] == pytest.approx(245 + 0.25 * 90, abs=1e-3)
    assert got["S1_MAXD"] == pytest.approx(335, abs=0.5)


@pytest.mark.parametrize("peak", [dt.date(2019, 12, 31), dt.date(2020, 1, 1),
                                  dt.date(2020, 1, 2)])
def test_season_peaking_at_new_year_belongs_to_exactly_one_year(peak):
    """§2.4: "a season belongs to year Y iff MAXD ∈ [1 Jan Y, 31 Dec Y]" — so every season
    whose peak lies in the series belongs to exactly one year, whatever day the peak is on."""
    first = dt.date(2018, 7, 1)
    dates = [first + dt.timedelta(days=i) for i in range((dt.date(2021, 6, 30) - first).days + 1)]
    t = np.array([(d - peak).days for d in dates], float)
    y = np.interp(t, [-900, -60, 0, 60, 900], [0.2, 0.2, 0.8, 0.2, 0.2]).astype(np.float32)
    found = {}
    for year in (2019, 2020):
        out = ph.metrics_by_name(ph.compute(y[:, None], dates, year,
                                            ph.PhenologyParams(smoothing="none")))
        found[year] = (int(out["NUMSEASON"][0]), float(out["S1_MAXD"][0]))
    owner = peak.year
    other = 2019 if owner == 2020 else 2020
    assert found[owner] == (1, pytest.approx((peak - dt.date(owner, 1, 1)).days + 1, abs=0.5))
    assert found[other][0] == 0
