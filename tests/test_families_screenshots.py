"""Screenshots (Xvfb, 1366×768, xcb) of a styled vector product, EGMS points and the plot.

They land in ``test-artifacts/`` (gitignored) for people to look at; the test checks that each
picture is not blank: the Urban Atlas colours, the EGMS velocity reds/blues and the plot's line
colour must be on screen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _has(image, colour: str, min_pixels: int = 30) -> bool:
    from qgis.PyQt.QtGui import QColor

    target = QColor(colour)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - target.red()) + abs(c.green() - target.green()) + \
                    abs(c.blue() - target.blue()) < 12:
                count += 1
                if count >= min_pixels:
                    return True
    return False


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run")
def test_screenshots_under_xvfb(artifacts_dir, tmp_path, qgis_app):
    from qgis.PyQt.QtGui import QImage

    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable,
         str(HERE / "_families_shots.py"), str(artifacts_dir), str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((artifacts_dir / "families_shots.json").read_text())
    assert report["plot_points"] == 76
    ua = QImage(str(artifacts_dir / "families_urban_atlas.png"))
    assert (ua.width(), ua.height()) == (1366, 768)
    assert _has(ua, "#800000") and _has(ua, "#8cdc00")  # continuous urban, green urban
    pts = QImage(str(artifacts_dir / "families_egms_points.png"))
    assert _has(pts, "#a50026", 10) and _has(pts, "#313695", 10)
    plot = QImage(str(artifacts_dir / "families_egms_plot.png"))
    assert _has(plot, "#1f5fa8", 40)
