"""Screenshot of a report as a QGIS user sees it: the Processing Results Viewer listing it,
the page rendered by a web engine (QtWebKit, as QGIS's own HTML views), 1366×768.

Why a script of its own: the Results Viewer opens a report in the system browser, which a
test cannot drive; here the viewer (QGIS's own ``ResultsDock``, fed the way the algorithm
dialog feeds it) and a web view share one window. Run under Xvfb:

    xvfb-run -s "-screen 0 1366x768x24" python3 devtools/report_shot.py REPORT.html OUT.png
"""

from __future__ import annotations

import os
import sys
import time


def main(report: str, out: str, title: str = "Report (HTML: tables, chart, method)") -> int:
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer, QUrl
    from qgis.PyQt.QtWebKitWidgets import QWebView
    from qgis.PyQt.QtWidgets import QMainWindow

    app = QgsApplication([], True)
    app.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from processing.core.ProcessingResults import resultsList
    from processing.gui.ResultsDock import ResultsDock

    window = QMainWindow()
    window.setWindowTitle("CLMS Toolbox report — Processing Results Viewer")
    dock = ResultsDock()
    window.addDockWidget(Qt.LeftDockWidgetArea, dock)
    view = QWebView()
    window.setCentralWidget(view)
    window.setGeometry(0, 0, 1366, 768)
    resultsList.addResult(icon=app.getThemeIcon("/processingAlgorithm.svg"), name=title,
                          timestamp=time.localtime(), result=report)
    window.resizeDocks([dock], [330], Qt.Horizontal)
    window.show()
    loop = QEventLoop()
    view.loadFinished.connect(lambda _ok: QTimer.singleShot(500, loop.quit))
    QTimer.singleShot(15000, loop.quit)
    view.load(QUrl.fromLocalFile(report))
    loop.exec_()
    ok = window.grab().save(out)
    # the whole page too (beside OUT as *-page.png), to check what lies below the fold
    from qgis.PyQt.QtGui import QImage, QPainter

    frame = view.page().mainFrame()
    size = frame.contentsSize()
    view.page().setViewportSize(size)
    image = QImage(size, QImage.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    frame.render(painter)
    painter.end()
    ok = image.save(out.replace(".png", "-page.png")) and ok
    sys.stdout.flush()
    os._exit(0 if ok else 1)  # skip Qt teardown: widgets outliving QgsApplication crash it


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
