"""Real data: CropSAR NDVI of one field in 2019 against the published FuseTS phenology.

``cropsar_ndvi.nc``: 73 five-daily dates of 2019, 8-bit DN (255 = outside the field).
``phenology.nc``: the FuseTS/openEO phenology service's output for the same field (its
Phenolopy port: peak = series maximum, SOS/EOS by "first_of_slope", one season).

Measured agreement (Whittaker λ = 200, thresholds 0.25/0.15, DN decoded with the
NDVI 300 m scale; only days are compared, units do not matter):

- MAXD vs ``pos_times``: median |Δ| ≈ 6 days (≈ 0.3 day without smoothing) — both are the
  peak of the curve; FuseTS smooths differently and reports the day of the raw maximum.
- SOSD vs ``sos_times``: median |Δ| ≈ 36 days, EOSD vs ``eos_times``: ≈ 25 days. These are
  *different definitions*: first_of_slope picks the first day of steep greening (median day
  46), whereas the HR-VPP/TIMESAT SOS is where the curve has climbed 25 % of the way from
  the left minimum to the peak (median day ≈ 82), and EOS where it is back to 15 % above
  the right minimum (day ≈ 185, before FuseTS's day 206). The asserted bounds express that
  ordering, not a tuning to FuseTS.
"""

from __future__ import annotations

import numpy as np
import pytest
import rasterio

from clms_toolbox.clms_plugin.analysis.phenology import driver as pr
from clms_toolbox.clms_plugin.analysis.phenology import inputs as pi
from clms_toolbox.clms_plugin.analysis.phenology import kernel as ph


@pytest.fixture(scope="module")
def result(samples_dir, tmp_path_factory):
    path = samples_dir / "phenology" / "cropsar_ndvi.nc"
    st = pi.resolve_stack([str(path)])
    assert pi.check_year(st.dates, 2019)  # no buffer around 2019: a warning, not an error
    enc, _ = pi.encoding_for(2, st.paths)
    out = tmp_path_factory.mktemp("cropsar") / "phen.tif"
    pr.run(st, 2019, str(out), encoding=enc)
    with rasterio.open(out) as ds:
        ours = {d: ds.read(i + 1) for i, d in enumerate(ds.descriptions)}
    ref = {}
    for var in ("sos_times", "pos_times", "eos_times"):
        with rasterio.open(f"NETCDF:{samples_dir / 'phenology' / 'phenology.nc'}:{var}") as ds:
            ref[var] = ds.read(1)
    with rasterio.open(path) as ds:
        outside = (ds.read() == 255).all(axis=0)
    return ours, ref, outside


def test_mask_and_season_count(result):
    ours, ref, outside = result
    assert outside.sum() == 758 and np.isnan(ref["pos_times"])[outside].all()
    assert (ours["NUMSEASON"][outside] == ph.NODATA).all()  # 255 everywhere: no valid data
    inside = ~outside
    # a winter crop with a main season in spring in almost every field pixel
    assert np.mean(ours["NUMSEASON"][inside] >= 1) > 0.99


def test_agreement_with_published_fusets_phenology(result):
    ours, ref, outside = result
    valid = ~outside & np.isfinite(ref["pos_times"]) & (ours["S1_SOSD"] != ph.NODATA)
    assert valid.sum() > 2200
    d_peak = np.abs(ours["S1_MAXD"][valid] - ref["pos_times"][valid])
    d_sos = ours["S1_SOSD"][valid] - ref["sos_times"][valid]
    d_eos = ours["S1_EOSD"][valid] - ref["eos_times"][valid]
    summary = {"peak": np.median(d_peak), "sos": np.median(np.abs(d_sos)),
               "eos": np.median(np.abs(d_eos))}
    print("median |Δ| days vs FuseTS:", {k: round(float(v), 1) for k, v in summary.items()})
    assert summary["peak"] <= 10.0
    # HR-VPP SOS (25 % of the left amplitude) comes after first_of_slope's greening onset
    assert np.mean(d_sos > 0) > 0.9 and 20.0 <= summary["sos"] <= 50.0
    # HR-VPP EOS (15 % above the right minimum) comes before FuseTS's end of decline
    assert np.mean(d_eos < 0) > 0.8 and summary["eos"] <= 40.0
    # our own ordering and units: DOY of 2019, LENGTH consistent
    s1 = ours["S1_SOSD"][valid]
    assert np.allclose(ours["S1_LENGTH"][valid], ours["S1_EOSD"][valid] - s1, atol=1e-3)
    assert 30 < np.median(s1) < 120
