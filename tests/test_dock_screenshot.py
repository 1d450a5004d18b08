"""A real-window screenshot of QGIS with the CLMS dock open, under Xvfb.

The real ``qgis`` application starts in a scratch profile with the plugin enabled and
``CLMS_API_URL`` pointing at the loopback stand-in; a ``--code`` script opens the dock through
the plugin's own toolbar action, waits for the catalogue, selects a dataset, waits for its
details and thumbnail, then grabs the X screen. The picture lands in
``test-artifacts/clms_dock_qgis.png`` (gitignored) and must not be blank.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from _http_stub import NDVI_FULL_OBJECT, ClmsStubServer

STARTUP = r'''
import json, os, time
from qgis.PyQt.QtCore import QPoint, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface, plugins

OUT, REPORT, UID = os.environ["CLMS_SHOT"], os.environ["CLMS_REPORT"], os.environ["CLMS_UID"]
state = {"t0": time.monotonic(), "phase": "open"}
report = {}

def finish(reason):
    from qgis.core import QgsApplication
    report["reason"] = reason
    report["tasks"] = [(t.description(), int(t.status())) for t in
                       QgsApplication.taskManager().tasks()]
    shot = QApplication.primaryScreen().grabWindow(0)
    report["saved"] = bool(shot.save(OUT))
    with open(REPORT, "w") as fh:
        json.dump(report, fh)
    QApplication.instance().exit(0)

def tick():
    try:
        if time.monotonic() - state["t0"] > 45:
            return finish("timeout in phase " + state["phase"])
        plugin = plugins.get("clms_toolbox")
        if plugin is None:
            return QTimer.singleShot(200, tick)
        if state["phase"] == "open":
            mw = iface.mainWindow()
            mw.setGeometry(QApplication.primaryScreen().availableGeometry())  # no WM: no maximise
            plugin.action.setChecked(True)  # the user's click on the toolbar button
            mw.resizeDocks([plugin.dock], [620], Qt.Horizontal)
            state["phase"] = "catalogue"
        dock = plugin.dock
        sp, dp = dock.search_panel, dock.details_panel
        if state["phase"] == "catalogue" and sp.proxy.rowCount() > 0:
            report["rows"] = sp.proxy.rowCount()
            report["api_url"] = dock.api_url
            report["selected"] = sp.select_uid(UID)
            state["phase"] = "details"
        if state["phase"] == "details":
            pix = dp.thumbnail.pixmap()
            if dp.dataset is not None and pix is not None and not pix.isNull():
                report["title"] = dp.title.text()
                report["body"] = dp.body.toPlainText()
                report["count"] = sp.count.text()
                report["dock_visible"] = dock.isVisible()
                top_left = dock.mapToGlobal(QPoint(0, 0))
                report["dock_geometry"] = [top_left.x(), top_left.y(), dock.width(),
                                           dock.height()]
                return QTimer.singleShot(500, lambda: finish("ok"))
        QTimer.singleShot(100, tick)
    except Exception as exc:  # report, never hang QGIS
        report["error"] = repr(exc)
        finish("error")

QTimer.singleShot(500, tick)
'''


def start_xvfb(width: int = 1440, height: int = 900) -> tuple[subprocess.Popen, str]:
    """Xvfb on a free display number (``-displayfd`` lets the server pick it)."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        display = fh.readline().strip()
    if not display:
        proc.kill()
        raise RuntimeError("Xvfb did not report a display")
    return proc, f":{display}"


@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("qgis")),
                    reason="needs Xvfb and the qgis application")
def test_qgis_window_with_dock_screenshot(clms_api_dir, artifacts_dir, tmp_path, repo_root,
                                          qgis_app):
    from qgis.PyQt.QtGui import QImage

    config = tmp_path / "qgis-config"
    plugins = config / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "clms_toolbox").symlink_to(repo_root, target_is_directory=True)
    ini = config / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[PythonPlugins]\nclms_toolbox=true\n\n[qgis]\ncheckVersion=false\n",
                   encoding="utf-8")
    script = tmp_path / "startup.py"
    script.write_text(STARTUP, encoding="utf-8")
    shot = artifacts_dir / "clms_dock_qgis.png"
    shot.unlink(missing_ok=True)
    report_path = tmp_path / "report.json"

    with ClmsStubServer(clms_api_dir, page_size=10) as stub:
        xvfb, display = start_xvfb()
        try:
            env = dict(os.environ)
            env.update({
                "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                "QGIS_CUSTOM_CONFIG_PATH": str(config), "CLMS_API_URL": stub.api_url,
                "CLMS_SHOT": str(shot), "CLMS_REPORT": str(report_path),
                "CLMS_UID": NDVI_FULL_OBJECT["UID"],
            })
            result = subprocess.run(
                ["qgis", "--nologo", "--noversioncheck", "--code", str(script)],
                env=env, capture_output=True, text=True, timeout=150)
        finally:
            xvfb.terminate()
            xvfb.wait(10)
        paths = [r.path for r in stub.requests]

    assert report_path.exists(), result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["reason"] == "ok", report
    assert report["api_url"] == stub.api_url and report["rows"] == 26
    assert report["title"] == NDVI_FULL_OBJECT["title"] and "300 m" in report["body"]
    assert report["dock_visible"] and report["dock_geometry"][2] > 200
    assert "/api/@search" in paths and any(p.endswith("/preview") for p in paths)

    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 1024 and image.height() >= 700
    # non-blank: many distinct colours across a sampling grid, and the dock area is not flat
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 50, len(colours)
    x0, y0, w, h = report["dock_geometry"]
    dock_colours = {image.pixel(x, y) for x in range(max(0, x0), min(image.width(), x0 + w), 5)
                    for y in range(max(0, y0), min(image.height(), y0 + h), 5)}
    assert len(dock_colours) > 20, len(dock_colours)
