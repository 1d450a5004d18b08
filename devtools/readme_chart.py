"""The chart image of the README: the land-use change flow diagram of the demo landscape.

Why a script: the picture in the README must be what the plugin draws (``analysis.engine.report``
charts, the map's IPCC colours), regenerated in one command when the charts change:

    QT_QPA_PLATFORM=offscreen python3 devtools/readme_chart.py docs/land_use_change_flow.png
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main(out: str, size: int = 600) -> int:
    from qgis.PyQt.QtCore import QEventLoop, Qt
    from qgis.PyQt.QtGui import QImage, QPainter
    from qgis.PyQt.QtWebKitWidgets import QWebPage
    from qgis.PyQt.QtWidgets import QApplication

    from clms_toolbox.clms_plugin.analysis import landcover as lc
    from clms_toolbox.clms_plugin.analysis.engine.report import flow_chart
    from clms_toolbox.clms_plugin.products import styles
    from clms_toolbox.devtools import landcover_synthetic as synthetic

    app = QApplication.instance() or QApplication([])  # QtWebKit needs one
    with tempfile.TemporaryDirectory() as tmp:
        first, last = synthetic.write_lc100_pair(Path(tmp) / "lc100", size, size * 3 // 4)
        ipcc = []
        for year, path in ((2015, first), (2019, last)):
            target = str(Path(tmp) / f"ipcc_{year}.tif")
            lc.landcover_to_ipcc(path, target, legend="lc100")
            ipcc.append(target)
        result = lc.land_use_change(ipcc[0], ipcc[1], None)
    classes = styles.legend_entries("ipcc")
    svg = flow_chart(result.area_ha()[:6, :6], [n for _, n, _ in classes],
                     [c for _, _, c in classes],
                     title="IPCC land-use change 2015 → 2019 (demo landscape, ha)")
    # QtWebKit lays out matplotlib's SVG text as a browser does (QtSvg does not)
    page = QWebPage()
    done: list[bool] = []
    page.loadFinished.connect(done.append)
    page.mainFrame().setHtml(f"<html><body style='margin:0;background:white'>{svg}"
                             "</body></html>")
    deadline = time.monotonic() + 20
    while not done and time.monotonic() < deadline:  # may finish before a loop would start
        app.processEvents(QEventLoop.AllEvents, 100)
    frame = page.mainFrame()
    page.setViewportSize(frame.contentsSize())
    image = QImage(frame.contentsSize(), QImage.Format_RGB32)
    image.fill(Qt.white)
    painter = QPainter(image)
    frame.render(painter)
    painter.end()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return 0 if image.save(out) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
