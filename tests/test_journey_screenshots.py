"""Screenshots of the download journey in the real QGIS window at 1366×768 under Xvfb.

The ``qgis`` application starts in a scratch profile with the plugin enabled; a ``--code``
script drives the journey through the plugin's own widgets against loopback stand-ins (CLMS
catalogue, CLMS download API, file host, CDSE STAC with OIDC) and grabs the X screen at each
step into ``test-artifacts/journey_*.png`` (gitignored). People look at these pictures: the dock
must be readable and nothing clipped at laptop size.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from _download_stub import ClmsStub, FileServer
from _http_stub import NDVI_FULL_OBJECT, ClmsStubServer
from _stac_stub import NDVI, StacStub
from test_dock_screenshot import start_xvfb
from test_download_panel import ndvi_zip

STEPS = ("journey_1_details", "journey_2_first_use_key", "journey_3_request_form",
         "journey_4_being_prepared", "journey_5_done_on_map", "journey_6_stac_footprints",
         "journey_7_stac_done")

SCRIPT = r'''
import json, os, time
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox
from qgis.utils import iface, plugins

ENV = json.load(open(os.environ["CLMS_JOURNEY"]))
OUT = ENV["out"]
state = {"t0": time.monotonic(), "phase": "open", "phase_t": time.monotonic()}
report = {"shots": [], "states": []}

def shot(name):
    QApplication.processEvents()
    pix = QApplication.primaryScreen().grabWindow(0)
    report["shots"].append([name, bool(pix.save(os.path.join(OUT, name + ".png")))])

def finish(reason):
    report["reason"] = reason
    report["elapsed"] = time.monotonic() - state["t0"]
    with open(ENV["report"], "w") as fh:
        json.dump(report, fh)
    QApplication.instance().exit(0)

def go(phase):
    state["phase"], state["phase_t"] = phase, time.monotonic()

def answer_form():  # runs inside the modal form's event loop
    from clms_toolbox.clms_plugin.gui.request_dialog import RequestDialog
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, RequestDialog):
        return QTimer.singleShot(100, answer_form)
    dialog.move(iface.mainWindow().geometry().center() - dialog.rect().center())
    report["form_ok"] = dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    report["form_area"] = dialog.area.text()
    QTimer.singleShot(400, lambda: (shot("journey_3_request_form"),
                                    dialog.buttons.button(QDialogButtonBox.Ok).click()))

def tick():
    try:
        if time.monotonic() - state["t0"] > 140:
            return finish("timeout in phase " + state["phase"])
        plugin = plugins.get("clms_toolbox")
        if plugin is None:
            return QTimer.singleShot(200, tick)
        p = state["phase"]
        if p == "open":
            mw = iface.mainWindow()
            mw.setGeometry(QApplication.primaryScreen().availableGeometry())
            am = QgsApplication.authManager()
            am.setMasterPassword(ENV["master"], True)
            canvas = iface.mapCanvas()
            canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
            canvas.setExtent(QgsRectangle(-12.0, 35.0, 20.0, 56.0))
            plugin.action.setChecked(True)
            mw.resizeDocks([plugin.dock], [400], Qt.Horizontal)
            plugin.downloads.api_url = ENV["dr_url"]
            plugin.downloads.poll_interval = 0.5
            plugin.dock.stac_panel.stac_url = ENV["stac_url"]
            sp = plugin.dock.search_panel
            sp.text.setText("Vegetation Index")
            sp.search_button.click()
            go("results")
        dock, panel = plugin.dock, plugin.downloads
        sp, dp = dock.search_panel, dock.details_panel
        if p == "results" and sp.proxy.rowCount() > 0:
            sp.select_uid(ENV["uid"])
            go("details")
        elif p == "details" and dp.dataset is not None and dp.state.isHidden() \
                and time.monotonic() - state["phase_t"] > 1.5:
            report["details_body"] = dp.body.toPlainText()
            report["download_enabled"] = dp.download_button.isEnabled()
            shot("journey_1_details")
            dp.download_button.click()
            go("key")
        elif p == "key" and time.monotonic() - state["phase_t"] > 0.8:
            report["key_box"] = panel.credentials.expanded()
            panel.credentials.paste_button.click()
            panel.credentials.paste.setPlainText(ENV["key"][:160] + " …")
            shot("journey_2_first_use_key")
            panel.credentials.paste.setPlainText(ENV["key"])
            go("form")
            QTimer.singleShot(300, answer_form)
            panel.credentials.paste_button.click()  # stores the key; the form opens (modal)
        elif p == "form":
            rows = list(panel._rows)
            if rows:
                st = panel.row_text(rows[0])[1]
                if not report["states"] or report["states"][-1] != st:
                    report["states"].append(st)
                if st.startswith("Being prepared") and time.monotonic() - state["phase_t"] > 1.5:
                    shot("journey_4_being_prepared")
                    go("done")
        elif p == "done":
            rows = list(panel._rows)
            st = panel.row_text(rows[0])[1]
            if not report["states"] or report["states"][-1] != st:
                report["states"].append(st)
            if st == "Done" and "Added to the map" in panel.status_label.text():
                if time.monotonic() - state["phase_t"] > 0.5:
                    iface.mapCanvas().zoomToFullExtent()
                    layers = QgsProject.instance().mapLayers().values()
                    report["layers"] = [lyr.name() for lyr in layers]
                    QTimer.singleShot(1200, lambda: (shot("journey_5_done_on_map"),
                                                     go("stac")))
                    go("wait")
        elif p == "stac":
            iface.mapCanvas().setExtent(QgsRectangle(-12.0, 35.0, 20.0, 56.0))
            dock.tabs.setCurrentIndex(0)
            dock.source.setCurrentIndex(dock.source.findData("stac"))
            go("collections")
        elif p == "collections" and dock.stac_panel.collection.count() > 0:
            st = dock.stac_panel
            st.collection.setCurrentIndex(st.collection.findData(ENV["collection"]))
            st.date_from.setDate(st.date_from.date().fromString("2023-06-01", "yyyy-MM-dd"))
            st.date_to.setDate(st.date_to.date().fromString("2023-07-31", "yyyy-MM-dd"))
            st.search_button.click()
            go("items")
        elif p == "items" and dock.stac_panel.table.rowCount() > 0:
            st = dock.stac_panel
            st.table.selectRow(0)
            report["stac_state"] = st.state.text()
            report["footprints"] = st.footprints.count()
            QTimer.singleShot(1000, lambda: shot("journey_6_stac_footprints"))
            go("stac_download")
        elif p == "stac_download" and time.monotonic() - state["phase_t"] > 1.5:
            panel.set_cdse_account("alice@example.org", "secret")
            dock.stac_panel.download_button.click()
            go("stac_done")
        elif p == "stac_done":
            items = [i for i in panel.queue.items() if i.auth == "cdse"]
            if items and items[-1].state == "done" and "Added to the map" in \
                    panel.status_label.text():
                report["stac_row"] = panel.row_text(items[-1].id)
                QTimer.singleShot(1200, lambda: (shot("journey_7_stac_done"), finish("ok")))
                go("end")
            elif items and items[-1].state == "failed":
                report["stac_error"] = items[-1].error
                return finish("stac download failed")
        QTimer.singleShot(100, tick)
    except Exception as exc:
        import traceback
        report["error"] = traceback.format_exc()
        finish("error")

def watchdog():
    shot("journey_watchdog")
    finish("watchdog in phase " + state["phase"])

QTimer.singleShot(500, tick)
QTimer.singleShot(150000, watchdog)  # never hang, even inside a modal dialog
'''


@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("qgis")),
                    reason="needs Xvfb and the qgis application")
def test_journey_screenshots(clms_api_dir, artifacts_dir, tmp_path, repo_root, qgis_app):
    from qgis.PyQt.QtGui import QImage

    config = tmp_path / "qgis-config"
    plugins = config / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "clms_toolbox").symlink_to(repo_root, target_is_directory=True)
    ini = config / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[PythonPlugins]\nclms_toolbox=true\n\n[qgis]\ncheckVersion=false\n",
                   encoding="utf-8")
    script = tmp_path / "journey.py"
    script.write_text(SCRIPT, encoding="utf-8")
    for name in STEPS:
        (artifacts_dir / f"{name}.png").unlink(missing_ok=True)
    report_path = tmp_path / "report.json"
    outer = ndvi_zip(tmp_path)
    tif = tmp_path / "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"
    with ClmsStubServer(clms_api_dir, page_size=10) as catalog, ClmsStub(clms_api_dir) as api, \
            FileServer({"results/4050.zip": outer}) as files, StacStub(tif) as stac:
        api.download_url = files.url + "/results/4050.zip"
        api.download_size = outer.stat().st_size
        api.polls_to_finish = 8
        journey = tmp_path / "journey.json"
        journey.write_text(json.dumps({
            "out": str(artifacts_dir), "report": str(report_path), "master": "journey-master",
            "dr_url": api.api_url, "stac_url": stac.url, "key": json.dumps(api.new_key()),
            "uid": NDVI_FULL_OBJECT["UID"], "collection": NDVI}), encoding="utf-8")
        xvfb, display = start_xvfb(1366, 768)
        try:
            env = dict(os.environ)
            # the QGIS Python sees this venv's packages (pystac-client for the STAC source)
            site_dirs = [p for p in sys.path if p.endswith("site-packages") and ".venv" in p]
            env["PYTHONPATH"] = os.pathsep.join(site_dirs + [env.get("PYTHONPATH", "")])
            env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path),
                        "QGIS_CUSTOM_CONFIG_PATH": str(config),
                        "CLMS_API_URL": catalog.api_url, "CLMS_JOURNEY": str(journey)})
            result = subprocess.run(
                ["qgis", "--nologo", "--noversioncheck", "--code", str(script)],
                env=env, capture_output=True, text=True, timeout=200)
        finally:
            xvfb.terminate()
            xvfb.wait(10)

    assert report_path.exists(), result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    (artifacts_dir / "journey_report.json").write_text(json.dumps(report, indent=1))
    assert report["reason"] == "ok", (report["reason"], report.get("error"),
                                      report.get("stac_error"), report.get("states"))
    assert report["download_enabled"] and report["key_box"] and report["form_ok"]
    assert "km²" in report["form_area"]
    assert any(s.startswith("Being prepared by CLMS") for s in report["states"]), report
    assert report["states"][-1] == "Done"
    assert any("NDVI" in name for name in report["layers"])
    assert report["footprints"] == 12 and report["stac_row"][1] == "Done"
    for name in STEPS:
        image = QImage(str(artifacts_dir / f"{name}.png"))
        assert not image.isNull() and (image.width(), image.height()) == (1366, 768), name
