"""``make demo`` keeps working: every registered algorithm has a demo step and runs."""

from __future__ import annotations

import csv
import subprocess
import sys

import rasterio

from clms_toolbox.processing_provider.registry import ALGORITHM_MODULES


def test_demo_runs_every_algorithm(repo_root, tmp_path):
    out = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, str(repo_root / "scripts" / "demo.py"), "--out", str(out),
         "--size", "320"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Algorithms without a demo step" not in result.stdout, result.stdout
    assert "not available in this build" not in result.stdout, result.stdout
    assert f"provider loaded in qgis_process: {len(ALGORITHM_MODULES)} algorithms" in result.stdout
    results = out / "results"
    with rasterio.open(results / "land_use_change_2015_2019.tif") as ds:
        assert ds.dtypes[0] == "uint8" and ds.nodata == 255
    with open(results / "land_use_change_matrix.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][1:7] == ["Forest land", "Cropland", "Grassland", "Wetlands", "Settlements",
                            "Other land"]
    # the reports are written and their paths printed (make demo tells where they are)
    for name in ("land_use_change_report.html", "sdg1531_report.html",
                 "water_surface_change_report.html", "water_transitions_report.html"):
        page = results / name
        assert page.is_file() and "<svg" in page.read_text(encoding="utf-8"), name
        assert str(page) in result.stdout.split("Reports (HTML")[-1], name
    # tables keep one type per column: no trailing "Area method" row
    assert all(r[0] != "Area method" for r in rows) and rows[0][-1] == "area_method"
    # land representation on the generated 4-map series: one block of rows per year 2000–2024
    with open(results / "land_representation.csv", newline="", encoding="utf-8") as fh:
        rep = list(csv.DictReader(fh))
    assert sorted({int(r["year"]) for r in rep}) == list(range(2000, 2025))
    assert any("converted to" in r["subcategory"] and int(r["pixels"]) for r in rep)
    assert "<svg" in (results / "land_representation.html").read_text(encoding="utf-8")
    with open(results / "zonal_ipcc_areas.csv", newline="", encoding="utf-8") as fh:
        areas = list(csv.DictReader(fh))
    assert {"Forest land", "Cropland"} <= {r["class_name"] for r in areas}
    with open(results / "zonal_ndvi_long.csv", newline="", encoding="utf-8") as fh:
        series = list(csv.DictReader(fh))
    assert {r["zone"] for r in series} == {"R00", "R01", "R10", "R11", "tiny field"}
    with rasterio.open(results / "ndvi_zscore_2018_2020.tif") as ds:
        assert ds.count == 108 and ds.descriptions[0] == "2018-01-01"
