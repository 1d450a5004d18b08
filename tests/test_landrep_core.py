"""Land representation (issue 17), hand-computed: one pixel per story, expected year by year.

Every raster is one row of 100 m pixels on EPSG:3035, so one pixel is exactly 1 ha and the
expected table is a count of the stories below. Each story lists, by hand, the subcategory
its pixel must show in every report year; nothing here re-implements the rules.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
import rasterio
from affine import Affine

from clms_toolbox.clms_plugin.analysis.engine.errors import ParameterError
from clms_toolbox.clms_plugin.analysis.landcover import representation as rep

F, C, G, S, ND = 1, 2, 3, 5, 255
FR, CR, GR = ("Forest land remaining forest land", "Cropland remaining cropland",
              "Grassland remaining grassland")


def _write(path, values, count=1, dtype="uint8", nodata=255, tags=None):
    arr = np.asarray(values).reshape(count, 1, -1)
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[2], height=1, count=count,
                       dtype=dtype, crs="EPSG:3035", nodata=nodata,
                       transform=Affine(100, 0, 4_000_000, 0, -100, 3_000_000)) as ds:
        ds.write(arr.astype(dtype))
        if tags:
            ds.update_tags(**tags)
    return str(path)


def _maps(tmp_path, years, columns):
    """``columns``: one tuple of categories per pixel (one value per map year)."""
    table = np.array(columns, dtype=np.uint8).T  # (maps, pixels)
    return [(_write(tmp_path / f"m{y}.tif", table[i]), y) for i, y in enumerate(years)]


def _expected(stories, years):
    """Counter {(year, subcategory): pixels} from per-pixel stories [(first, last, label)]."""
    out = Counter()
    for story in stories:
        for first, last, label in story:
            for y in range(first, last + 1):
                if y in years:
                    out[(y, label)] += 1
    return out


def _table(result):
    got = Counter()
    for year, _cat, sub, _frm, px, ha, _m in result.rows():
        assert ha == pytest.approx(px)  # 1 ha pixels
        if px:
            got[(year, sub)] += px
    return got


def _run(tmp_path, years, columns, **kw):
    res = rep.land_representation(_maps(tmp_path, years, columns),
                                  conversion_year_path=tmp_path / "conv.tif",
                                  previous_category_path=tmp_path / "prev.tif", **kw)
    with rasterio.open(tmp_path / "conv.tif") as a, rasterio.open(tmp_path / "prev.tif") as b:
        return res, a.read(1)[0].tolist(), b.read(1)[0].tolist()


def test_once_twice_back_gaps_and_totals(tmp_path):
    years = (2000, 2006, 2012, 2018)
    columns = [
        (F, F, F, F),    # 0 stable
        (C, F, F, F),    # 1 converted once
        (F, C, G, G),    # 2 converted twice
        (F, C, F, F),    # 3 converted back
        (F, ND, F, F),   # 4 nodata gap, no change
        (F, ND, C, C),   # 5 change across a nodata gap
        (ND, G, G, G),   # 6 not mapped in the first map year
    ]
    res, conv, prev = _run(tmp_path, years, columns)
    stories = [
        [(2000, 2018, FR)],
        [(2000, 2005, CR), (2006, 2018, "Cropland converted to forest land")],
        [(2000, 2005, FR), (2006, 2011, "Forest land converted to cropland"),
         (2012, 2018, "Cropland converted to grassland")],
        [(2000, 2005, FR), (2006, 2011, "Forest land converted to cropland"),
         (2012, 2018, "Cropland converted to forest land")],
        [(2000, 2005, FR), (2006, 2011, "No data"), (2012, 2018, FR)],
        [(2000, 2005, FR), (2006, 2011, "No data"),
         (2012, 2018, "Forest land converted to cropland")],
        [(2000, 2005, "No data"), (2006, 2018, GR)],
    ]
    assert res.years == list(range(2000, 2019))
    assert _table(res) == _expected(stories, set(res.years))
    assert conv == [0, 2006, 2012, 2012, 0, 2012, 0]
    assert prev == [0, C, C, C, 0, F, 0]
    # every year: the rows add up to the grid, and without "No data" to the mapped area
    per_year = Counter()
    for year, _c, _s, _f, px, _ha, method in res.rows():
        per_year[year] += px
        assert method.startswith("projected pixel area")
    assert set(per_year.values()) == {7}
    mapped = {y: 7 - sum(1 for col in range(7) if _nodata_in(stories[col], y)) for y in
              res.years}
    assert res.mapped_ha().tolist() == pytest.approx([mapped[y] for y in res.years])
    assert mapped[2000] == 6 and mapped[2006] == 5 and mapped[2012] == 7


def _nodata_in(story, year):
    return any(a <= year <= b and label == "No data" for a, b, label in story)


def test_transition_period_ends_inside_the_report_range(tmp_path):
    """Converted 2006 with T = 20: converted 2006–2025, remaining from 2026; the last map
    (2018) is carried forward to 2030."""
    res, conv, _ = _run(tmp_path, (2000, 2006, 2018), [(C, F, F), (G, G, S)],
                        report_years=(2004, 2030))
    stories = [
        [(2004, 2005, CR), (2006, 2025, "Cropland converted to forest land"),
         (2026, 2030, FR)],
        [(2004, 2017, GR), (2018, 2030, "Grassland converted to settlements")],
    ]
    assert res.years[0] == 2004 and res.years[-1] == 2030
    assert _table(res) == _expected(stories, set(res.years))
    assert conv == [2006, 2018]


@pytest.mark.parametrize("T, stories", [
    (1, [[(2000, 2000, CR), (2001, 2001, "Cropland converted to forest land"),
          (2002, 2013, FR)],
         [(2000, 2004, FR), (2005, 2005, "Forest land converted to grassland"),
          (2006, 2012, GR), (2013, 2013, "Grassland converted to forest land")]]),
    (20, [[(2000, 2000, CR), (2001, 2013, "Cropland converted to forest land")],
          [(2000, 2004, FR), (2005, 2012, "Forest land converted to grassland"),
           (2013, 2013, "Grassland converted to forest land")]]),
])
def test_irregular_map_years_and_transition_years(tmp_path, T, stories):
    res, conv, prev = _run(tmp_path, (2000, 2001, 2005, 2013), [(C, F, F, F), (F, F, G, F)],
                           transition_years=T)
    assert _table(res) == _expected(stories, set(res.years))
    assert conv == [2001, 2013] and prev == [C, G]


def test_midpoint_dating(tmp_path):
    """2000 → 2006: dated 2003 (the new category shows from 2003); 2000 → 2005: 2003 too
    (2.5 rounds up); across a gap the pixel stays nodata until mapped, the period still
    counts from the midpoint (2000 → 2012 via a nodata 2006: dated 2006, T = 8 → 2006–2013)."""
    res, conv, prev = _run(tmp_path, (2000, 2006, 2012, 2018),
                           [(F, C, C, C), (F, ND, C, C), (G, G, G, F)],
                           dating=rep.MIDPOINT, transition_years=8)
    stories = [
        [(2000, 2002, FR), (2003, 2010, "Forest land converted to cropland"), (2011, 2018, CR)],
        [(2000, 2005, FR), (2006, 2011, "No data"),
         (2012, 2013, "Forest land converted to cropland"), (2014, 2018, CR)],
        [(2000, 2014, GR), (2015, 2018, "Grassland converted to forest land")],
    ]
    assert _table(res) == _expected(stories, set(res.years))
    assert conv == [2003, 2006, 2015] and prev == [F, F, G]
    res5, conv5, _ = _run(tmp_path, (2000, 2005), [(F, C)], dating=rep.MIDPOINT)
    assert conv5 == [2003]


def test_midpoint_looks_one_map_past_the_report_range(tmp_path):
    """Report to 2010, next map 2012: the change seen in 2012 is dated 2009, inside."""
    res, conv, _ = _run(tmp_path, (2000, 2006, 2012), [(F, F, C)], dating=rep.MIDPOINT,
                        report_years=(2000, 2010))
    assert _table(res) == _expected([[(2000, 2008, FR), (2009, 2010,
                                                         "Forest land converted to cropland")]],
                                    set(res.years))
    assert conv == [2009]
    res, conv, _ = _run(tmp_path, (2000, 2006, 2012), [(F, F, C)], report_years=(2000, 2010))
    assert conv == [0]  # first-seen dating: 2012 is outside the range, so not used


def test_history_raster(tmp_path):
    """Years since conversion at the first map year (band 1) and the previous category
    (band 2): 15 years before 2000 from cropland → converted 1985–2004; 3 years, origin
    unknown → "Land converted to forest land" 1997–2016; nodata history → remaining."""
    maps = _maps(tmp_path, (2000, 2010), [(F, F), (F, F), (F, F), (G, G)])
    hist = _write(tmp_path / "hist.tif", [[15, 3, -1, 0], [C, 0, 0, F]], count=2,
                  dtype="int16", nodata=-1)
    res = rep.land_representation(maps, history=hist, report_years=(2000, 2020),
                                  conversion_year_path=tmp_path / "c.tif",
                                  previous_category_path=tmp_path / "p.tif")
    stories = [
        [(2000, 2004, "Cropland converted to forest land"), (2005, 2020, FR)],
        [(2000, 2016, "Land converted to forest land"), (2017, 2020, FR)],
        [(2000, 2020, FR)],
        [(2000, 2019, "Forest land converted to grassland"), (2020, 2020, GR)],
    ]
    assert _table(res) == _expected(stories, set(res.years))
    unknown = [r for r in res.rows() if r[2] == "Land converted to forest land"]
    assert {r[3] for r in unknown} == {"Unknown"}
    with rasterio.open(tmp_path / "c.tif") as a, rasterio.open(tmp_path / "p.tif") as b:
        assert a.read(1)[0].tolist() == [1985, 1997, 0, 2000]
        assert b.read(1)[0].tolist() == [C, 0, 0, F]


def test_geographic_grid_rows_weighted_by_cell_area(tmp_path):
    """Two rows at very different latitudes: each year's areas sum to the grid's area."""
    from clms_toolbox.clms_plugin.analysis.engine.cellarea import cell_areas_m2

    t = Affine(0.5, 0, 10, 0, -30, 60)  # rows 60→30°N and 30→0°N
    paths = []
    for y, vals in ((2000, [[F, C], [G, G]]), (2010, [[C, C], [G, ND]])):
        p = tmp_path / f"g{y}.tif"
        with rasterio.open(p, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8",
                           crs="EPSG:4326", transform=t, nodata=255) as ds:
            ds.write(np.array(vals, np.uint8), 1)
        paths.append((str(p), y))
    res = rep.land_representation(paths)
    rows_m2, method = cell_areas_m2((rasterio.crs.CRS.from_epsg(4326), t), 0, 2)
    assert "ellipsoidal" in method and res.area_method == method
    total = 2 * rows_m2.sum() / 1e4
    by_year = Counter()
    for year, _c, sub, _f, _px, ha, _m in res.rows():
        by_year[year] += ha
        if year == 2010 and sub == "Forest land converted to cropland":
            assert ha == pytest.approx(rows_m2[0] / 1e4)
    assert all(v == pytest.approx(total) for v in by_year.values())
    assert res.mapped_ha()[-1] == pytest.approx(total - rows_m2[1] / 1e4)


def test_years_from_names_tags_and_list(tmp_path):
    a = _write(tmp_path / "ipcc_2015.tif", [F])
    b = _write(tmp_path / "second.tif", [F], tags={"YEAR": "2019"})
    assert rep.map_years([a, b]) == [2015, 2019]
    assert rep.map_years([a, b], "2001, 2002") == [2001, 2002]
    c = _write(tmp_path / "noyear.tif", [F])
    with pytest.raises(ParameterError, match="YEARS: cannot find the year of noyear.tif"):
        rep.map_years([a, c])
    with pytest.raises(ParameterError, match="YEARS: 1 years given for 2 maps"):
        rep.map_years([a, b], "2001")
    assert rep.parse_report_years("2000-2024") == (2000, 2024)
    assert rep.parse_report_years(" 2000 : 2003 ") == (2000, 2003)
    assert rep.parse_report_years("") is None
    with pytest.raises(ParameterError, match="REPORT_YEARS"):
        rep.parse_report_years("2024-2000")


def test_refusals_name_the_parameter(tmp_path):
    maps = _maps(tmp_path, (2000, 2006), [(F, C)])
    with pytest.raises(ParameterError, match="REPORT_YEARS: the report starts in 1999"):
        rep.land_representation(maps, report_years=(1999, 2006))
    with pytest.raises(ParameterError, match="YEARS: two maps have the year 2000"):
        rep.land_representation([(maps[0][0], 2000), (maps[1][0], 2000)])
    with pytest.raises(ParameterError, match="TRANSITION_YEARS"):
        rep.land_representation(maps, transition_years=0)
    bad = _write(tmp_path / "lc100_2010.tif", [40])
    with pytest.raises(ParameterError, match=r"INPUT: lc100_2010.tif holds values \(40\)"):
        rep.land_representation([*maps, (bad, 2010)], conversion_year_path=tmp_path / "x.tif")
    assert not (tmp_path / "x.tif").exists()
    other = tmp_path / "other.tif"
    with rasterio.open(other, "w", driver="GTiff", width=2, height=1, count=1, dtype="uint8",
                       crs="EPSG:3035", transform=Affine(100, 0, 0, 0, -100, 0)) as ds:
        ds.write(np.ones((1, 1, 2), np.uint8))
    with pytest.raises(ParameterError, match="HISTORY: not on the grid"):
        rep.land_representation(maps, history=str(other))


@pytest.mark.parametrize("T", [1, 4, 20])
def test_fast_interval_count_equals_year_by_year(T):
    """The per-interval count (dense first year + ending periods) equals counting every year
    on random series with gaps, on rows of different cell areas; expiry on a map year
    included (T = 4 with maps 4 years apart)."""
    from clms_toolbox.clms_plugin.analysis.engine.areas import row_area_sums
    from clms_toolbox.clms_plugin.analysis.landcover import representation_state as st

    rng = np.random.default_rng(T)
    years = [1990, 1994, 1998, 2005, 2006, 2013]
    shape = (7, 300)
    areas = rng.uniform(1, 2, shape[0])
    state, _ = st.observe(st.PixelState.empty(shape), rng.integers(0, 7, shape), years[0])
    for k in range(1, len(years)):
        span = range(years[k - 1], years[k] + 6)
        fast_px = np.zeros((len(span), st.NKEYS), np.int64)
        fast_a = np.zeros((len(span), st.NKEYS))
        st.count_years(state, None, None, span, T, areas, fast_px, fast_a)
        for i, y in enumerate(span):
            p, a = row_area_sums(state.keys(y, T), st.NKEYS, areas)
            assert (fast_px[i] == p).all(), (k, y)
            np.testing.assert_allclose(fast_a[i], a, rtol=1e-12, atol=1e-9)
        obs = np.where(rng.random(shape) < 0.15, 0, np.where(rng.random(shape) < 0.3,
                                                             rng.integers(1, 7, shape),
                                                             state.cat))
        state, _ = st.observe(state, obs, years[k])
    assert (state.conv > 0).sum() > 100


def test_report_has_the_stacked_area_chart_and_the_table(tmp_path):
    maps = _maps(tmp_path, (2000, 2006), [(C, F), (F, F), (F, ND)])
    res = rep.land_representation(maps)
    from clms_toolbox.clms_plugin.analysis.landcover import write_representation_report

    out = write_representation_report(tmp_path / "r.html", res, ["a.tif", "b.tif"])
    text = open(out, encoding="utf-8").read()
    assert "<svg" in text and "Cropland converted to forest land" in text
    assert "Land converted to forest land" in text  # the chart legend's aggregate
    assert text.count("<th>200") == 7 and "2000 (a.tif), 2006 (b.tif)" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("dating", [rep.FIRST_SEEN, rep.MIDPOINT])
@pytest.mark.parametrize("T, first, last, with_history", [
    (20, 1990, 2013, False), (4, 1993, 2020, True), (1, 1990, 2005, True),
    (3, 1991, 2016, True), (7, 2006, 2006, False), (2, 1992, 2010, False)])
def test_fast_window_path_equals_the_reference_rules(T, first, last, with_history, dating):
    """Random series with nodata gaps, report ranges starting mid-interval and ending before
    or after the last map, with and without HISTORY, both datings: the in-place fast path
    gives the same tables and final state as the one-state-per-map reference."""
    from clms_toolbox.clms_plugin.analysis.landcover import representation_kernel as rk

    rng = np.random.default_rng(T * 7 + first)
    years = [1990, 1994, 1998, 2005, 2006, 2013]
    shape = (9, 200)
    cats = [rng.integers(0, 7, shape).astype(np.uint8)]
    for _ in years[1:]:
        keep = rng.random(shape) < 0.7
        nxt = np.where(keep, cats[-1], rng.integers(0, 7, shape)).astype(np.uint8)
        cats.append(nxt)
    hist = None
    if with_history:
        since = rng.integers(-1, 40, shape)
        hist = rk.History(since, since >= 0, rng.integers(0, 7, shape))
    areas = rng.uniform(1, 2, shape[0])
    args = (lambda k: cats[k].copy(), years, first, last, T, areas)
    fast = rk.window_tables(*args, dating=dating, history=hist)
    ref = rk.window_tables(*args, dating=dating, history=hist, reference=True)
    assert (fast.pixels == ref.pixels).all()
    np.testing.assert_allclose(fast.area_m2, ref.area_m2, rtol=1e-12, atol=1e-9)
    for name in ("conv", "valid", "cat"):
        assert (getattr(fast, name) == getattr(ref, name)).all(), name
    live = ref.conv > 0
    assert (fast.origin[live] == ref.origin[live]).all()
    assert (fast.pixels.sum(axis=1) == shape[0] * shape[1]).all()
    assert fast.pixels[:, :42].sum() > 0 and live.sum() > 50


@pytest.mark.parametrize("dtype, nodata, values, bad", [
    ("uint8", 255, [1, 0, 255], "0"), ("uint8", 255, [6, 7, 200], "7, 200"),
    ("uint8", None, [1, 2, 254], "254"), ("uint8", 0, [1, 0, 255, 9], "9"),
    ("int16", -1, [1, -1, 300], "300")])
def test_values_other_than_categories_are_refused(tmp_path, dtype, nodata, values, bad):
    ok = _write(tmp_path / "a_2000.tif", [1] * len(values))
    odd = _write(tmp_path / "b_2010.tif", values, dtype=dtype, nodata=nodata)
    with pytest.raises(ParameterError, match=rf"INPUT: b_2010.tif holds values \({bad}\)"):
        rep.land_representation([(ok, 2000), (odd, 2010)])


def test_declared_nodata_and_255_are_both_no_data(tmp_path):
    a = _write(tmp_path / "a.tif", [1, 1, 1])
    b = _write(tmp_path / "b.tif", [0, 255, 2], nodata=0)
    c = _write(tmp_path / "c.tif", [-9, 255, 2], dtype="int16", nodata=-9)
    res = rep.land_representation([(a, 2000), (b, 2001), (c, 2002)])
    assert res.pixels[1:, 42].tolist() == [2, 2]


def test_band_one_of_a_multiband_map(tmp_path):
    """A 2-band map contributes band 1 only (band 2 must not shift the time stack)."""
    a = _write(tmp_path / "a.tif", [[C, F], [9, 9]], count=2)
    b = _write(tmp_path / "b.tif", [F, F])
    res = rep.land_representation([(a, 2000), (b, 2001)])
    assert res.pixels[1, rep.key_of(1, C)] == 1 and res.pixels[1, 0] == 1


def test_outputs_never_overwrite_inputs_or_each_other(tmp_path):
    maps = _maps(tmp_path, (2000, 2006), [(F, C)])
    with pytest.raises(ParameterError, match="CONVERSION_YEAR: m2000.tif is also INPUT"):
        rep.land_representation(maps, conversion_year_path=maps[0][0])
    with pytest.raises(ParameterError, match="PREVIOUS_CATEGORY: x.tif is also CONVERSION_YEAR"):
        rep.land_representation(maps, conversion_year_path=tmp_path / "x.tif",
                                previous_category_path=tmp_path / "x.tif")
    with rasterio.open(maps[0][0]) as ds:
        assert ds.read(1).tolist() == [[F]]
