"""Issue 16 families, QGIS-free: identification, decoding, conversions, readers, summaries."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest
from _product_fixtures import (
    RASTER_CASES,
    write_egms_csv,
    write_water_level_json,
)

from clms_toolbox.clms_plugin.products import (
    egms,
    families,
    landcover,
    productivity,
    registry,
    water_level,
)
from clms_toolbox.clms_plugin.products.registry import identify


@pytest.mark.parametrize("case", RASTER_CASES, ids=[c.product for c in RASTER_CASES])
def test_identify_and_decode(case):
    match = identify(case.name)
    assert match is not None and match.product.id == case.product
    if case.start:
        assert match.date == case.start
    decoded = match.encoding.decode(np.array(case.dn, dtype=match.encoding.dtype))
    for got, want in zip(decoded.filled(np.nan).tolist(), case.physical):
        if want is None:
            assert np.isnan(got), (case.product, decoded)
        else:
            assert got == pytest.approx(want, rel=1e-5, abs=1e-6)


def test_every_new_family_has_sources_and_what_arrives():
    new = [p for p in registry.products() if p.info.get("sources")]
    assert len(new) >= 24
    for product in registry.products():
        rows = dict(families.describe(product))
        assert rows["Arrives as"] and rows["Encoding"], product.id
        if product.id.startswith("gsw"):
            continue  # JRC layers: not a CLMS catalogue family
        assert rows.get("Format"), product.id
        assert families.info(product).get("catalog"), product.id


@pytest.mark.parametrize(("title", "pid"), [
    ("Land Cover 2020 (raster 10 m), global, annual", "lcfm_lcm10"),
    ("CLC+ Backbone 2021 (raster 10 m), Europe, 3-yearly", "clcplus_backbone"),
    ("CLCplus LULUCF Instance 2018 - Present, (raster 100m), Europe, yearly", "clcplus_lulucf"),
    ("Tree Cover Density 2018 (raster 10 m and 100 m), Europe, 3-yearly", "hrl_tcd"),
    ("Urban Atlas Land Cover/Land Use 2018 (vector), Europe, 6-yearly", "urban_atlas"),
    ("European Ground Motion Service: Ortho (Level 3)", "egms"),
    ("Snow Water Equivalent 2006-present (raster 5 km), Northern Hemisphere, daily", "swe_5km"),
    ("Net Primary Production 2023-present (raster 300 m), global, 10-daily", "npp_300m"),
    ("Normalised Difference Vegetation Index 2020-present (raster 300 m), global, 10-daily",
     "ndvi_300m"),
])
def test_catalogue_titles_map_to_families(title, pid):
    product = families.match_dataset(title)
    assert product is not None and product.id == pid
    rows = dict(families.describe(product))
    assert rows["Resolution"] and rows["Format"]


def test_describe_says_encoding_and_unconfirmed():
    rows = dict(families.describe(registry.get("npp_300m")))
    assert "DN × 0.0005" in rows["Encoding"] and "gC/m²/day" in rows["Encoding"]
    assert "Not confirmed" in rows
    rows = dict(families.describe(registry.get("urban_atlas")))
    assert "code" in rows["Encoding"] and "urban_atlas" in rows["Encoding"]
    assert families.describe_dataset("Something unknown")[0][0] == "Arrives as"


def test_dmp_to_npp_and_gdmp_to_gpp():
    dmp = np.array([0.0, 22.222, 100.0, np.nan], dtype=np.float32)
    npp = productivity.dmp_to_npp(dmp)
    assert npp.dtype == np.float32
    assert npp[:3] == pytest.approx([0.0, 1.0, 4.5], rel=1e-4)
    assert np.isnan(npp[3])
    masked = np.ma.MaskedArray([10.0, 20.0], mask=[False, True])
    gpp = productivity.gdmp_to_gpp(masked)
    assert gpp.mask.tolist() == [False, True] and gpp[0] == pytest.approx(0.45)
    assert productivity.convert_physical(np.array([100.0]), "gdmp")[0] == pytest.approx(4.5)
    assert productivity.conversion_for("dmp").target == "npp_300m"
    assert productivity.factor(0.5) == pytest.approx(0.05)
    with pytest.raises(ValueError, match="DMP or GDMP"):
        productivity.conversion_for("ndvi_300m")
    with pytest.raises(ValueError):
        productivity.factor(0)


def test_egms_layout_and_series(tmp_path):
    path = write_egms_csv(tmp_path, level="L2b")
    header = egms.read_header(path)
    lay = egms.layout(header)
    assert (lay.x_field, lay.y_field, lay.crs) == ("longitude", "latitude", "EPSG:4326")
    assert lay.dates[0] == dt.date(2019, 1, 6) and len(lay.dates) == 76
    with open(path, encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    points = egms.series(row)
    assert points[0] == (dt.date(2019, 1, 6), pytest.approx(0.0, abs=0.02))
    assert points[-1][1] == pytest.approx(float(row[lay.date_fields[-1]]))
    l3 = egms.layout(egms.read_header(write_egms_csv(tmp_path, level="L3")))
    assert (l3.x_field, l3.crs) == ("easting", "EPSG:3035")
    with pytest.raises(ValueError, match="not an EGMS"):
        egms.layout(["a", "b"])
    classes = egms.velocity_classes([-20, -10, -5, -2, 2, 5, 10, 20])
    assert len(classes) == 9 and classes[4] == (-2.0, 2.0, "#1a9850")
    assert classes[0][2] == "#a50026" and classes[-1][2] == "#313695"


def test_egms_archive(tmp_path):
    import zipfile

    csv_path = write_egms_csv(tmp_path / "src", level="L3")
    archive = tmp_path / (csv_path.stem + ".zip")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(csv_path, f"sub/{csv_path.name}")
        zf.writestr(csv_path.stem + ".xml", "<metadata/>")
    out = egms.csv_in_archive(archive, tmp_path / "cache")
    assert out.parent == tmp_path / "cache" and out.read_text() == csv_path.read_text()


def test_water_level_json(tmp_path):
    path = write_water_level_json(tmp_path)
    (station,) = water_level.read(path)
    assert station.name == "Lake Test" and station.lon == pytest.approx(32.9)
    assert [o.when.date() for o in station.observations][:2] == [dt.date(2023, 1, 3),
                                                                  dt.date(2023, 1, 13)]
    assert station.observations[0].height == pytest.approx(1134.21)
    assert station.observations[0].uncertainty == pytest.approx(0.05)
    bad = tmp_path / "c_gls_WL_202301010000_Empty_ALTI_V2.2.0.json"
    bad.write_text('{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]},'
                   ' "properties": {}, "data": []}')
    with pytest.raises(ValueError, match="no water-level"):
        water_level.read(bad)


def test_water_level_csv(tmp_path):
    path = tmp_path / "wl.csv"
    path.write_text("lon;lat;datetime;height\n10.5;45.1;2023-02-01 10:00;12.5\n"
                    "10.5;45.1;2023-01-01;12.0\n")
    (station,) = water_level.read(path)
    assert [o.height for o in station.observations] == [12.0, 12.5]


@pytest.mark.parametrize(("name", "values", "legend"), [
    ("LCFM_LCM-10_V100_2021_N45E006_MAP.tif", {10, 20, 110}, "lcfm"),
    ("CLMS_CLCPLUS_RAS_S2023_R10m_E48N37_03035_V01_R00.tif", {1, 2, 10}, "clcplus_backbone"),
    ("CLMS_CLCPLUS_LULUCF_S2021_R100m_eu_03035_V01_R00.tif", {11, 25, 64}, "clcplus_lulucf"),
    ("unknown.tif", {11, 55, 64}, "clcplus_lulucf"),  # values only: LULUCF codes > 44
    ("unknown.tif", {1, 2, 3}, "corine_index"),  # unchanged: CORINE still wins
])
def test_legend_detection_new_legends(name, values, legend):
    assert landcover.detect_legend(name, values)[0] == legend


def test_legend_enums_append_without_renumbering():
    ipcc = landcover.ipcc_legend_enum()
    sdg = landcover.sdg_legend_enum()
    assert ipcc[:7] == landcover.LEGEND_ENUM and len(landcover.LEGEND_ENUM) == 7
    assert [k for k, _ in ipcc[7:]] == ["lcfm", "clcplus_backbone", "clcplus_lulucf"]
    assert sdg[7][0] == "unccd" and [k for k, _ in sdg[8:]] == [k for k, _ in ipcc[7:]]


@pytest.mark.parametrize("legend", ["lcfm", "clcplus_backbone", "clcplus_lulucf"])
@pytest.mark.parametrize(("target", "allowed"), [("ipcc", {1, 2, 3, 4, 5, 6, 255}),
                                                 ("unccd", {1, 2, 3, 4, 5, 6, 7, 255})])
def test_default_mappings_cover_every_code(legend, target, allowed):
    path = landcover.LEGENDS_DIR.parent / "mappings" / f"{legend}_{target}.csv"
    with path.open(encoding="utf-8") as fh:
        rows = {int(r["source_code"]): int(r[f"{target}_code"]) for r in csv.DictReader(fh)}
    leg = landcover.load_legend(legend)
    assert set(rows) == leg.codes
    assert set(rows.values()) <= allowed
    assert all(rows[c] == 255 for c in leg.nodata_codes)
    assert all(rows[c] != 255 for c in leg.valid_codes)
