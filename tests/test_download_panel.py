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
        assert spin(qgis_app, lambda: "running" in panel.row_text(big_item.id)[1])
        assert spin(qgis_app, lambda: "/s" in panel.row_text(big_item.id)[3])
        assert spin(qgis_app, lambda: big_item.state == "done" and zip_item.state == "done"
                    and zip_item.meta.get("extracted"), timeout=30)
        spin(qgis_app, lambda: False, timeout=0.3)
    assert "CLMS download: Big file" in seen_tasks
    assert hashlib.sha256((tmp_path / "dl" / "big.bin").read_bytes()).hexdigest() == digest
    row = panel.row_text(big_item.id)
    assert row[0] == "Big file" and row[1] == "done"
    bar = panel.table.cellWidget(panel._rows[big_item.id], 2)
    assert bar.value() == 1000
    panel.select(zip_item.id)
    assert panel.buttons["map"].isEnabled() and not panel.buttons["pause"].isEnabled()
    loaded = panel.add_selected_to_map()
    assert len(loaded) == 1 and loaded[0].dataProvider().bandScale(1) == pytest.approx(0.004)
    group = QgsProject.instance().layerTreeRoot().findGroup("CGLS NDVI 300 m (10-daily)")
    assert group is not None and group.children()[0].layer() is loaded[0]
    panel.shutdown()
    # a new panel on the same state folder shows the finished items again
    again = panel_cls(tmp_path / "state", tmp_path / "dl")
    assert sorted(i.title for i in again.queue.items()) == ["Big file", "NDVI result"]
    assert again.row_text(zip_item.id)[1] == "done"


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
        assert spin(qgis_app, lambda: panel.row_text(item.id)[1] == "cancelled")
    assert not (tmp_path / "dl" / "big.bin").exists()
    assert not (tmp_path / "dl" / "big.bin.part").exists()
    panel.shutdown()
