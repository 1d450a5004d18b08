"""The whole journey in real QGIS widgets (pytest-qgis, offscreen), on loopback stand-ins.

CLMS API: search → details (resolution, footprint) → *Download…* → the first-use credentials
box (explains the service key and the master password) → *Paste* the key → the request form
opens valid (map extent, km², dates on for a time series) → the Downloads row walks through
"Queued at CLMS" / "Being prepared by CLMS · m:ss" / "Downloading" / "Done" with the task id in
the tooltip → the layer is on the map and the message bar names it.

CDSE STAC: source switch → collections discovered → search the map extent → item footprints on
the canvas → asset *Download…* → OIDC token from the collection's auth:schemes → "Done" →
the layer is on the map.
"""

from __future__ import annotations

import json
import time

import pytest
import qgis.utils
from _download_stub import ClmsStub, FileServer
from _http_stub import NDVI_FULL_OBJECT, ClmsStubServer
from _stac_stub import NDVI, S3ONLY, StacStub
from test_auth_store import MASTER
from test_download_panel import ndvi_zip


def spin(app, predicate, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def stubs(clms_api_dir, tmp_path):
    outer = ndvi_zip(tmp_path)
    tif = tmp_path / "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"
    with ClmsStubServer(clms_api_dir, page_size=10) as catalog, ClmsStub(clms_api_dir) as api, \
            FileServer({"results/4050.zip": outer}) as files, StacStub(tif) as stac:
        api.download_url = files.url + "/results/4050.zip"
        api.download_size = outer.stat().st_size
        api.polls_to_finish = 4
        detail = catalog.state.details
        for path, obj in list(detail.items()):
            if obj.get("UID") == NDVI_FULL_OBJECT["UID"]:
                detail[path] = dict(obj, metadata_wms_url=stac.base + "/wms")
        yield catalog, api, stac


@pytest.fixture
def plugin(qgis_app, qgis_iface, plugins_dir, qgis_processing, stubs, tmp_path, monkeypatch,
           qgis_new_project):
    from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsRectangle, QgsSettings

    from clms_toolbox.clms_plugin.gui import auth_store, settings

    catalog, api, stac = stubs
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    am = QgsApplication.authManager()
    if not am.masterPasswordIsSet():
        assert am.setMasterPassword(MASTER, True)
    auth_store.remove_credentials()  # a first use: nothing stored
    qs = QgsSettings()
    keys = (settings.KEY_API_URL, settings.KEY_AUTO_REFRESH, settings.KEY_STAC_URL,
            settings.KEY_ADD_TO_MAP)
    saved = {k: qs.value(k, None, section=QgsSettings.Plugins) for k in keys}
    settings.set_api_url(catalog.api_url)
    settings.set_stac_url(stac.url)
    qs.setValue(settings.KEY_AUTO_REFRESH, False, section=QgsSettings.Plugins)
    qs.remove(settings.KEY_ADD_TO_MAP, section=QgsSettings.Plugins)  # the default: on
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    canvas.setExtent(QgsRectangle(4.0, 44.0, 6.0, 46.0))
    if str(plugins_dir) not in qgis.utils.plugin_paths:
        qgis.utils.plugin_paths.insert(0, str(plugins_dir))
    assert qgis.utils.loadPlugin("clms_toolbox") and qgis.utils.startPlugin("clms_toolbox")
    plug = qgis.utils.plugins["clms_toolbox"]
    plug.action.setChecked(True)
    plug.dock.setFloating(True)  # the test iface has no shown main window: show the dock itself
    plug.dock.resize(360, 760)
    plug.dock.show()
    plug.downloads.api_url = api.api_url  # data requests go to the download stand-in
    plug.downloads.poll_interval = 0.3
    yield plug
    for item in plug.downloads.queue.items():
        if item.state in ("queued", "running"):
            plug.downloads.queue.cancel(item.id)
    plug.downloads.queue.wait(5)
    for item in plug.downloads.queue.items():
        if item.state not in ("queued", "running"):
            plug.downloads.queue.remove(item.id)
    qgis.utils.unloadPlugin("clms_toolbox")
    auth_store.remove_credentials()
    for key, value in saved.items():
        if value is None:
            qs.remove(key, section=QgsSettings.Plugins)
        else:
            qs.setValue(key, value, section=QgsSettings.Plugins)


def test_clms_journey(qgis_app, plugin, stubs, qgis_iface):
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt, QTimer
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox

    from clms_toolbox.clms_plugin.gui.request_dialog import RequestDialog

    catalog, api, _stac = stubs
    dock, panel = plugin.dock, plugin.downloads
    hint = dock.minimumSizeHint()  # fits a laptop: ≤ 360 px wide, fits 768 px tall
    assert hint.width() <= 360 and hint.height() <= 620, hint
    sp, dp = dock.search_panel, dock.details_panel

    # search
    QTest.keyClicks(sp.text, "Normalised Difference Vegetation Index")
    QTest.mouseClick(sp.search_button, Qt.LeftButton)
    assert spin(qgis_app, lambda: sp.proxy.rowCount() > 0), sp.state.text()
    # details: the full record, footprint on the canvas, Download… enabled on the option
    assert sp.select_uid(NDVI_FULL_OBJECT["UID"])
    assert spin(qgis_app, lambda: dp.dataset is not None and dp.dataset.raw.get(
        "metadata_wms_url") and dp.state.isHidden())
    assert "300 m" in dp.body.toPlainText() and "EPSG:4326" in dp.body.toPlainText()
    assert dock.footprint.count() == 1
    assert dp.download_button.isEnabled() and dp.preview_button.isEnabled()

    # Download… without a key: the credentials box explains, inside the dock
    QTest.mouseClick(dp.download_button, Qt.LeftButton)
    assert dock.tabs.currentWidget() is panel and panel.credentials.expanded()
    text = panel.credentials.text.text()
    assert "service key" in text and "land.copernicus.eu" in text and "master password" in text

    seen = {}

    def user():  # answers the request form once it is up
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, RequestDialog) and not seen:
            seen["box"] = dialog.box()
            seen["ok"] = dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
            seen["area"] = dialog.area.text()
            seen["dates"] = dialog.start.isEnabled()
            seen["source"] = dialog.bbox_source.text()
            dialog.buttons.button(QDialogButtonBox.Ok).click()

    timer = QTimer()
    timer.timeout.connect(user)
    timer.start(20)
    QTest.mouseClick(panel.credentials.paste_button, Qt.LeftButton)  # shows the text box
    panel.credentials.paste.setPlainText(json.dumps(api.new_key()))
    QTest.mouseClick(panel.credentials.paste_button, Qt.LeftButton)  # stores, continues
    timer.stop()
    assert seen["ok"] and seen["dates"] and "map extent" in seen["source"]
    ext = qgis_iface.mapCanvas().extent()  # the canvas keeps its aspect ratio
    want = (ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum())
    assert seen["box"] == pytest.approx(want, abs=1e-6)
    assert "km²" in seen["area"] and "1,600,000 km²" in seen["area"]
    assert not panel.credentials.expanded() and "CLMS key: stored" in panel.cred_label.text()

    # the row is there at once and walks through human states
    key = next(iter(panel.requests))
    states = []

    def sample():
        rows = list(panel._rows)
        if rows:
            state = panel.row_text(rows[0])[1]
            if not states or states[-1] != state:
                states.append(state)
        return any(s == "Done" for s in states)

    assert spin(qgis_app, sample, timeout=30), states
    assert any(s.startswith("Being prepared by CLMS · 0:0") for s in states), states
    assert any(s == "Queued at CLMS" or s.startswith("Being prepared") for s in states)
    item_id = panel.requests[key].item_id
    assert panel.table.rowCount() == 1  # the file continued on the request's row
    assert "CLMS task id:" in panel.row_tooltip(item_id)
    assert not any(panel.requests[key].task_id in s for s in states)  # id: tooltip only
    assert api.posted[0][0]["BoundingBox"] == pytest.approx([want[0], want[3], want[2], want[1]])
    # the layer came to the map by itself, and the note names it
    assert spin(qgis_app, lambda: "Added to the map" in panel.status_label.text(), 10)
    names = [lyr.name() for lyr in QgsProject.instance().mapLayers().values()]
    assert any("NDVI" in n for n in names), names

    # preview layer from the dataset's WMS (time dimension → temporal)
    dock.tabs.setCurrentIndex(0)
    QTest.mouseClick(dp.preview_button, Qt.LeftButton)
    assert spin(qgis_app, lambda: "Preview layer added" in dp.state.text()
                or dp.state.property("state") == "error", 20), dp.state.text()
    assert "Temporal Controller" in dp.state.text(), dp.state.text()


def test_stac_journey(qgis_app, plugin, stubs):
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    _catalog, _api, stac = stubs
    dock, panel = plugin.dock, plugin.downloads
    sp = dock.stac_panel
    dock.source.setCurrentIndex(dock.source.findData("stac"))
    assert spin(qgis_app, lambda: sp.collection.count() == 3), sp.state.text()
    sp.collection.setCurrentIndex(sp.collection.findData(NDVI))
    sp.date_from.setDate(sp.date_from.date().fromString("2023-06-01", "yyyy-MM-dd"))
    sp.date_to.setDate(sp.date_to.date().fromString("2023-07-31", "yyyy-MM-dd"))
    assert spin(qgis_app, lambda: sp.search_button.isVisible() and sp.search_button.isEnabled())
    QTest.mouseClick(sp.search_button, Qt.LeftButton)
    assert spin(qgis_app, lambda: sp.table.rowCount() == 12), sp.state.text()
    assert "12 of 12" in sp.state.text() and sp.footprints.count() == 12
    search = [r for r in stac.requests if r[1] == "/v1/search"][0][2]
    assert search["bbox"].split(",")[1] == "44.0" and search["datetime"].startswith("2023-06-01")
    sp.table.selectRow(0)
    assert sp.assets.count() == 1 and sp.download_button.isEnabled()
    assert panel.set_cdse_account("alice@example.org", "secret")  # Credentials ▸ CDSE account
    QTest.mouseClick(sp.download_button, Qt.LeftButton)
    assert dock.tabs.currentWidget() is panel
    item = [i for i in panel.queue.items() if i.auth == "cdse"][-1]
    assert spin(qgis_app, lambda: panel.row_text(item.id)[1] == "Done", 20), \
        (panel.row_text(item.id), item.error)
    assert stac.tokens_issued == 1  # the token came from the collection's OIDC scheme
    assert spin(qgis_app, lambda: "Added to the map" in panel.status_label.text(), 10)
    names = [lyr.name() for lyr in QgsProject.instance().mapLayers().values()]
    assert any("NDVI" in n for n in names), names


def test_served_elsewhere_and_failed_rows(qgis_app, plugin, stubs):
    """A WEkEO option says where to get the data (nothing is posted); a refused request keeps
    its row as "Failed: reason"."""
    from clms_toolbox.clms_plugin.catalog.models import Dataset, DownloadInformation
    from clms_toolbox.clms_plugin.gui.details_panel import DownloadOption

    _catalog, api, _stac = stubs
    panel = plugin.downloads
    ds = Dataset(uid="wekeo-uid", url="", title="Snow cover")
    info = DownloadInformation(id="i1", name="RASTER", full_source="WEKEO")
    assert panel.request(DownloadOption("download_information", ds, info)) is None
    assert "WEkEO" in panel.status_label.text() and api.posted == []

    from clms_toolbox.clms_plugin.catalog.auth import ClmsAuth, ServiceKey
    from clms_toolbox.clms_plugin.download.datarequest import CustomExtraction

    panel._clms = ClmsAuth(ServiceKey.from_json(api.new_key()))
    eea = DownloadInformation(id="i2", name="RASTER", full_source="EEA", full_format="Geotiff")
    panel.request(DownloadOption("download_information", Dataset("u2", "", "CLC"), eea),
                  entry=CustomExtraction("u2", "i2", "Geotiff", "EPSG:4326"))  # no area
    key = list(panel.requests)[-1]
    assert spin(qgis_app, lambda: panel.row_text(key)[1].startswith("Failed: "))
    assert "area" in panel.row_text(key)[1] and api.posted == []


def test_extent_filter_keeps_and_marks_unknown_extent(qgis_app, plugin):
    from clms_toolbox.clms_plugin.catalog.models import BoundingBox, Dataset

    dock = plugin.dock
    known = Dataset(uid="k", url="", title="Known", bbox=BoundingBox(4, 44, 6, 46))
    unknown = Dataset(uid="u", url="", title="Unknown")
    far = Dataset(uid="f", url="", title="Far", bbox=BoundingBox(100, 10, 110, 20))
    dock._set_base([known, unknown, far], "search")
    dock.search_panel.extent.setChecked(True)
    shown = [dock.search_panel.proxy.index(r, 0).data()
             for r in range(dock.search_panel.proxy.rowCount())]
    assert sorted(shown) == ["Known", "◌ Unknown"], shown
    assert "without a known extent" in dock.search_panel.count.text()


def test_stac_source_says_once_when_pystac_client_is_missing(qgis_app, plugin, monkeypatch):
    from clms_toolbox.clms_plugin.gui import stac_panel

    notes = []
    monkeypatch.setattr(stac_panel, "has_module", lambda _name: False)
    monkeypatch.setattr(stac_panel, "_warned_missing", False)
    monkeypatch.setattr(plugin.dock, "notify", lambda text, _level=0: notes.append(text))
    dock = plugin.dock
    for _ in range(2):
        dock.source.setCurrentIndex(dock.source.findData("stac"))
        dock.source.setCurrentIndex(dock.source.findData("clms"))
    assert len(notes) == 1 and "pip install pystac-client" in notes[0]
    assert "pystac-client" in dock.stac_panel.state.text()
    assert not dock.stac_panel.search_button.isEnabled()


def test_stac_s3_only_asset_is_read_in_place(qgis_app, plugin, stubs):
    """A collection whose auth:schemes name only S3: the asset is read in place through GDAL
    /vsis3/ with the CDSE S3 keys from the auth DB (signed requests), and styled on the map."""
    from qgis.core import QgsProject, QgsSettings
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    from clms_toolbox.clms_plugin.gui import settings

    _catalog, _api, stac = stubs
    QgsSettings().setValue(settings.KEY_S3_ENDPOINT, stac.base, section=QgsSettings.Plugins)
    try:
        dock, panel = plugin.dock, plugin.downloads
        sp = dock.stac_panel
        dock.source.setCurrentIndex(dock.source.findData("stac"))
        assert spin(qgis_app, lambda: sp.collection.count() == 3), sp.state.text()
        sp.collection.setCurrentIndex(sp.collection.findData(S3ONLY))
        assert sp.current_collection().auth_kinds == ["s3"]
        sp.date_from.setDate(sp.date_from.date().fromString("2023-06-01", "yyyy-MM-dd"))
        sp.date_to.setDate(sp.date_to.date().fromString("2023-07-31", "yyyy-MM-dd"))
        assert spin(qgis_app, lambda: sp.search_button.isVisible())
        QTest.mouseClick(sp.search_button, Qt.LeftButton)
        assert spin(qgis_app, lambda: sp.table.rowCount() > 0), sp.state.text()
        sp.table.selectRow(0)
        assert panel.set_s3_keys("ACCESSKEY123", "secret-key")  # Credentials ▸ CDSE S3 keys
        QTest.mouseClick(sp.download_button, Qt.LeftButton)
        assert spin(qgis_app, lambda: "read in place from S3" in sp.state.text()
                    or sp.state.property("state") == "error", 20), sp.state.text()
        assert "read in place from S3" in sp.state.text(), sp.state.text()
        assert any("Credential=ACCESSKEY123/" in a for a in stac.s3_auth)
        sources = [lyr.source() for lyr in QgsProject.instance().mapLayers().values()]
        assert any("/vsis3/eodata/" in src or src.endswith(".vrt") for src in sources), sources
    finally:
        QgsSettings().remove(settings.KEY_S3_ENDPOINT, section=QgsSettings.Plugins)


def test_stac_panel_says_when_paging_hits_the_cap(qgis_app, plugin):
    from clms_toolbox.clms_plugin.catalog.stac import StacPage

    sp = plugin.dock.stac_panel
    sp._page_done("", (StacPage([], None, 25_000, 10_000, capped=True), ""), None)
    assert "10,000" in sp.state.text() and not sp.more_button.isEnabled()


def test_extent_from_layer_and_wmts_preview_uri(qgis_app, plugin, clms_api_dir):
    from qgis.core import QgsProject, QgsVectorLayer
    from test_download_panel import _lc100_dataset

    from clms_toolbox.clms_plugin.catalog.viewservice import ServiceLayer
    from clms_toolbox.clms_plugin.gui.preview import layer_uri
    from clms_toolbox.clms_plugin.gui.request_dialog import RequestDialog

    lyr = QgsVectorLayer("Polygon?crs=EPSG:3857", "aoi", "memory")
    from qgis.core import QgsFeature, QgsGeometry, QgsRectangle

    feat = QgsFeature()
    feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(445277, 5465442, 667916, 5621521)))
    lyr.dataProvider().addFeatures([feat])
    lyr.updateExtents()
    QgsProject.instance().addMapLayer(lyr)
    ds = _lc100_dataset(clms_api_dir)
    dialog = RequestDialog(ds, ds.download_information[0], None)
    assert dialog.extent_from_layer(lyr)
    w, s, e, n = dialog.box()
    assert (round(w, 1), round(e, 1)) == (4.0, 6.0) and 43.9 < s < 44.1 and 44.9 < n < 45.1
    assert "aoi" in dialog.bbox_source.text()
    wmts = ServiceLayer("wmts", "https://h/wmts", "LC", formats=["image/png"],
                        tile_matrix_sets=["EPSG:3857"], styles=["default"],
                        time_default="2019-01-01")
    uri = layer_uri(wmts)
    assert "tileMatrixSet=EPSG:3857" in uri and "layers=LC" in uri
    assert "tileDimensions=time%3D2019-01-01" in uri and "SERVICE%3DWMTS" in uri
