"""What a report's "Inputs" and "Sources" say: product, dates, citation and licence from the
registry — also for our own outputs, through the source file they carry as a tag."""

from __future__ import annotations

from clms_toolbox.clms_plugin.analysis import landcover as lc
from clms_toolbox.clms_plugin.analysis.engine.report import class_area_report
from clms_toolbox.clms_plugin.products import provenance


def _lc100(samples_dir, year):
    return str(next((samples_dir / "lc100").glob(f"*_{year}-*.tif")))


def test_a_product_file_names_its_citation_and_licence(samples_dir):
    facts = provenance.describe_input("INITIAL", _lc100(samples_dir, 2015))
    assert "LC100" in facts.product or "Land Cover" in facts.product
    assert facts.citation and facts.licence
    assert facts.dates.startswith("2015")


def test_our_ipcc_output_names_the_product_it_came_from(samples_dir, tmp_path):
    out = tmp_path / "ipcc.tif"
    lc.landcover_to_ipcc(_lc100(samples_dir, 2019), str(out), legend="lc100")
    facts = provenance.describe_input("FINAL", out)
    assert facts.name == "ipcc.tif"
    assert facts.citation and facts.licence and facts.dates.startswith("2019")
    assert "lc100" in facts.note and "made by CLMS Toolbox" in facts.note
    pairs = provenance.citations([facts, facts])
    assert pairs == [(facts.citation, facts.licence)]


def test_an_unknown_file_is_listed_by_name_only(tmp_path):
    facts = provenance.describe_input("INPUT", tmp_path / "my_map.tif")
    assert (facts.name, facts.product, facts.citation) == ("my_map.tif", "", "")


def test_class_area_page_leaves_the_method_column_to_the_method_section():
    classes = [(-1, "Degraded", "#d7191c"), (0, "Stable", "#ffffbf"), (1, "Improved", "#1a9641")]
    page = class_area_report(
        "SDG", classes, {-1: 1.0, 0: 5.0, 1: 2.0},
        ["status", "pixels", "area_ha", "percent", "area_method"],
        [["degraded", 1, 1.0, 12.5, "m"], ["stable", 5, 5.0, 62.5, "m"],
         ["improved", 2, 2.0, 25.0, "m"]],
        [("INITIAL", "a.tif")], [("Area method", "projected pixel area")]).render()
    assert "area_method" not in page and "projected pixel area" in page
    assert page.count("<svg") == 1 and "#d7191c" in page  # bars and swatches in map colours
