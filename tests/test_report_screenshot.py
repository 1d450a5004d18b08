"""A screenshot of a REPORT as the user meets it: QGIS's Processing Results Viewer listing the
page and the page rendered (QtWebKit), 1366×768 under Xvfb — ``test-artifacts/`` (gitignored).

The report is the land-use change of the real LC100 2015 → 2019 sample clip (flow diagram,
heat map, matrix, method). ``devtools/report_shot.py`` also saves the whole page
(``*-page.png``) to check what lies below the fold.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.PyQt.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def _lc100(samples_dir: Path, year: int) -> str:
    return str(next((samples_dir / "lc100").glob(f"*_{year}-*.tif")))


def _distinct_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="needs Xvfb")
def test_landusechange_report_in_the_results_viewer(provider, samples_dir, tmp_path):  # noqa: ARG001
    import processing

    ipcc = {y: processing.run("clms:landcovertoipcc", {
        "INPUT": _lc100(samples_dir, y), "LEGEND": 0,
        "OUTPUT": str(tmp_path / f"ipcc_{y}.tif")})["OUTPUT"] for y in (2015, 2019)}
    report = tmp_path / "land_use_change_2015_2019.html"
    processing.run("clms:landusechange", {"INITIAL": ipcc[2015], "FINAL": ipcc[2019],
                                          "OUTPUT": str(tmp_path / "change.tif"),
                                          "REPORT": str(report)})
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report_landusechange_results_viewer.png"
    page = ARTIFACTS / "report_landusechange_results_viewer-page.png"
    for path in (shot, page):
        path.unlink(missing_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable,
         str(ROOT / "devtools" / "report_shot.py"), str(report), str(shot)],
        env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    assert _distinct_colours(image) > 20  # not blank: the chart's class colours are there
    full = QImage(str(page))
    assert full.height() > 1500  # charts, table and method below the fold
