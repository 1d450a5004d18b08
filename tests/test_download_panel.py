"""The Downloads tab with real widgets: queue progress, task manager mirror, add to map."""

from __future__ import annotations

import hashlib
import time
import zipfile

import numpy as np
import pytest
import rasterio
from _download_stub import FileServer, make_random_file
from rasterio.transform import from_origin


def spin(app, predicate, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return False


def ndvi_zip(folder):
    tif = folder / "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"
    dn = (np.arange(50 * 40) % 256).astype(np.uint8).reshape(40, 50)
    with rasterio.open(tif, "w", driver="GTiff", width=50, height=40, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(4, 45, 1 / 336, 1 / 336)) as dst:
        dst.write(dn, 1)
    inner = folder / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.write(tif, tif.name)
    outer = folder / "4050.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(inner, "Results/4050_NDVI.zip")
    return outer


@pytest.fixture
def panel_cls(qgis_app):
    from clms_toolbox.clms_plugin.gui.downloads_panel import DownloadsPanel

    return DownloadsPanel


def test_panel_downloads_extracts_and_adds_to_map(qgis_app, panel_cls, qgis_new_project,
                                                  tmp_path):
    from qgis.core import QgsApplication, QgsProject

    src = tmp_path / "srv"
    src.mkdir()
    big = src / "big.bin"
    digest = make_random_file(big, 3_000_000)
    outer = ndvi_zip(src)
    with FileServer({"big.bin": big, "results/4050.zip": outer}, throttle=3e6,
                    chunk=64 * 1024) as srv:
        panel = panel_cls(tmp_path / "state", tmp_path / "dl")
        seen_tasks = []
        QgsApplication.taskManager().taskAdded.connect(
            lambda tid: seen_tasks.append(QgsApplication.taskManager().task(tid).description()))
        big_item = panel.add(f"{srv.url}/big.bin", title="Big file")
        zip_item = panel.add(f"{srv.url}/results/4050.zip", title="NDVI result")
        panel.start()
        assert spin(qgis_app, lambda: "Downloading" in panel.row_text(big_item.id)[1])
        assert spin(qgis_app, lambda: "/s" in panel.row_text(big_item.id)[3])
        assert spin(qgis_app, lambda: big_item.state == "done" and zip_item.state == "done"
                    and zip_item.meta.get("extracted"), timeout=30)
        spin(qgis_app, lambda: False, timeout=0.3)
    assert "CLMS download: Big file" in seen_tasks
    assert hashlib.sha256((tmp_path / "dl" / "big.bin").read_bytes()).hexdigest() == digest
    row = panel.row_text(big_item.id)
    assert row[0] == "Big file" and row[1] == "Done"
    bar = panel.table.cellWidget(panel._rows[big_item.id], 2)
    assert bar.value() == 1000
    panel.select(zip_item.id)
    assert panel.buttons["map"].isEnabled() and not panel.buttons["pause"].isEnabled()
    loaded = panel.add_selected_to_map()
    assert len(loaded) == 1 and loaded[0].dataProvider().bandScale(1) == pytest.approx(0.004)
    group = QgsProject.instance().layerTreeRoot().findGroup("CGLS NDVI 300 m (10-daily)")
    # finished downloads are added to the map by default: the first layer came by itself
    assert group is not None and group.children()[0].layer().name() == loaded[0].name()
    assert loaded[0] in [c.layer() for c in group.children()]
    panel.shutdown()
    # a new panel on the same state folder shows the finished items again
    again = panel_cls(tmp_path / "state", tmp_path / "dl")
    assert sorted(i.title for i in again.queue.items()) == ["Big file", "NDVI result"]
    assert again.row_text(zip_item.id)[1] == "Done"


def test_panel_cancel_button(qgis_app, panel_cls, tmp_path):
    big = tmp_path / "big.bin"
    make_random_file(big, 4_000_000)
    with FileServer({"big.bin": big}, throttle=1e6, chunk=32 * 1024) as srv:
        panel = panel_cls(tmp_path / "state", tmp_path / "dl")
        item = panel.add(f"{srv.url}/big.bin")
        panel.start()
        assert spin(qgis_app, lambda: item.done_bytes > 100_000)
        panel.select(item.id)
        assert panel.buttons["cancel"].isEnabled()
        panel.buttons["cancel"].click()
        assert spin(qgis_app, lambda: panel.row_text(item.id)[1] == "Cancelled")
    assert not (tmp_path / "dl" / "big.bin").exists()
    assert not (tmp_path / "dl" / "big.bin.part").exists()
    panel.shutdown()


def _lc100_dataset(clms_api_dir):
    import json

    from clms_toolbox.clms_plugin.catalog.models import Dataset

    text = (clms_api_dir / "download-search-datasets.resp").read_text()
    items = json.loads(text.split("\n\n", 1)[1])["items"]
    raw = next(i for i in items if i["UID"] == "a8d945f0edd143a0a5240c28bafa23da")
    return Dataset.from_json(raw)


def test_request_dialog_builds_the_recorded_body(qgis_app, clms_api_dir):
    from qgis.core import QgsRectangle
    from qgis.PyQt.QtWidgets import QDialogButtonBox

    from clms_toolbox.clms_plugin.gui.downloads_panel import RequestDialog

    ds = _lc100_dataset(clms_api_dir)
    info = ds.download_information[0]
    dialog = RequestDialog(ds, info, QgsRectangle(2.354736328128108, 45.88264619696234,
                                                  4.639892578127501, 46.852958688910306))
    body = dialog.entry().to_json()
    assert body["BoundingBox"] == [2.354736, 46.852959, 4.639893, 45.882646]  # [W, N, E, S]
    assert body["DatasetID"] == ds.uid and body["DatasetDownloadInformationID"] == info.id
    assert body["OutputGCS"] == "EPSG:4326" and body["OutputFormat"] == "Geotiff"
    assert dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    dialog.use_nuts.setChecked(True)  # NUTS chosen but empty: no area → refused locally
    assert "NUTS" in dialog.problems.text()
    assert not dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    dialog.nuts.setText("ITC11")
    assert dialog.entry().to_json()["NUTS"] == "ITC11"
    assert dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()


def test_panel_request_polls_then_downloads(qgis_app, panel_cls, clms_api_dir, tmp_path):
    from _download_stub import ClmsStub

    from clms_toolbox.clms_plugin.catalog.auth import ClmsAuth, ServiceKey
    from clms_toolbox.clms_plugin.download.datarequest import CustomExtraction
    from clms_toolbox.clms_plugin.gui.details_panel import DownloadOption

    ds = _lc100_dataset(clms_api_dir)
    info = ds.download_information[0]
    outer = ndvi_zip(tmp_path)
    with ClmsStub(clms_api_dir) as api, FileServer({"results/4050.zip": outer}) as files:
        api.download_url = files.url + "/results/4050.zip"
        api.download_size = outer.stat().st_size
        panel = panel_cls(tmp_path / "state", tmp_path / "dl")
        panel.api_url = api.api_url
        panel.poll_interval = 0.05
        panel._clms = ClmsAuth(ServiceKey.from_json(api.new_key()))
        panel.start()
        option = DownloadOption("download_information", ds, info)
        # no area: refused before anything is posted, the problem is shown
        panel.request(option, entry=CustomExtraction(ds.uid, info.id, "Geotiff", "EPSG:4326"))
        assert spin(qgis_app, lambda: "Request failed" in panel.status_label.text())
        assert "choose an area" in panel.status_label.text() and api.posted == []
        entry = CustomExtraction(ds.uid, info.id, "Geotiff", "EPSG:4326", nuts="ITC11")
        panel.request(option, entry=entry)
        assert spin(qgis_app, lambda: any(i.meta.get("task_id") for i in panel.queue.items()),
                    timeout=30)
        items = panel.queue.items()
        assert len(items) == 1 and items[0].meta["link_expires"]
        assert spin(qgis_app, lambda: items[0].state == "done"
                    and items[0].meta.get("extracted"), timeout=30)
    assert [p.split("/")[-1] for p in items[0].meta["extracted"]] == [
        "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"]
    assert api.posted[0][0]["NUTS"] == "ITC11"
    panel.shutdown()


def test_attach_adds_downloads_tab_to_the_dock(qgis_app, qgis_iface, tmp_path):
    from clms_toolbox.clms_plugin.gui import downloads_panel
    from clms_toolbox.clms_plugin.gui.dock import ClmsDock

    dock = ClmsDock(qgis_iface, api_url="http://127.0.0.1:9/api", cache_dir=tmp_path / "cache",
                    auto_refresh=False)
    before = dock.tabs.count()
    panel = downloads_panel.attach(dock, state_dir=tmp_path / "state",
                                   download_dir=tmp_path / "dl")
    assert dock.tabs.count() == before + 1
    assert dock.tabs.tabText(before) == "Downloads"
    assert dock.tabs.widget(before) is panel
    assert panel.api_url == "http://127.0.0.1:9/api"
    assert dock.details_panel.receivers(dock.details_panel.downloadRequested) >= 1
    panel.shutdown()
    dock.shutdown()


def test_panel_gsw_tiles_and_cdse_asset_with_token(qgis_app, panel_cls, clms_api_dir, tmp_path):
    from _download_stub import ClmsStub

    from clms_toolbox.clms_plugin.catalog.auth import CdseAuth

    panel = panel_cls(tmp_path / "state", tmp_path / "dl")
    tiles = panel.add_gsw_tiles("occurrence", (-59.85, 8.3, -59.71, 8.37))
    assert [t.url.rsplit("/", 1)[-1] for t in tiles] == ["occurrence_60W_10Nv1_4_2021.tif"]
    panel.queue.cancel(tiles[0].id)
    src = tmp_path / "c_gls_NDVI300-NDVI_202306110000_GLOBE_OLCI_V2.0.1.tiff"
    make_random_file(src, 300_000)
    with ClmsStub(clms_api_dir) as api:
        # the stub's protected endpoints stand in for the CDSE download host: a bearer token
        # from the password grant is required, and it is attached at run time only
        user, password = api.cdse_user
        panel._cdse = CdseAuth(user, password, token_url=api.url + "/cdse-token")
        asset = {"href": api.api_url + "/@projections", "file:size": None}
        item = panel.add_stac_asset(asset, title="protected")
        item.auth = "cdse"
        panel.start()
        assert spin(qgis_app, lambda: item.state in ("done", "failed"))
        assert item.state == "done", item.error  # 401 without the token: it was attached
        assert api.requests[-1]["auth"] == f"Bearer {api.issued[-1]}"
    assert "Authorization" not in (tmp_path / "state" / "download_queue.json").read_text()
    panel.shutdown()


def test_panel_downloads_follow_the_qgis_proxy(qgis_app, panel_cls, tmp_path):
    """clms.test resolves only inside the proxy: the file arrives only if the proxy is used."""
    from _proxy_stub import ForwardProxy

    from clms_toolbox.clms_plugin.catalog.http import NetworkSettings

    src = tmp_path / "occurrence_60W_10Nv1_4_2021.tif"
    digest = make_random_file(src, 200_000)
    with FileServer({src.name: src}) as files, ForwardProxy() as proxy:
        port = files.url.rsplit(":", 1)[1]
        settings = NetworkSettings(proxies={"http": f"http://127.0.0.1:{proxy.port}"})
        panel = panel_cls(tmp_path / "state", tmp_path / "dl", network_settings=settings)
        item = panel.add(f"http://clms.test:{port}/{src.name}")
        panel.start()
        assert spin(qgis_app, lambda: item.state in ("done", "failed"))
    assert item.state == "done", item.error
    assert hashlib.sha256((tmp_path / "dl" / src.name).read_bytes()).hexdigest() == digest
    assert [r.target for r in proxy.log] == [f"http://clms.test:{port}/{src.name}"]
    panel.shutdown()
