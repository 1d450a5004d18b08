"""The Downloads tab inside the real dock, wired by plugin.py, driven like a user.

The plugin is loaded through ``qgis.utils`` (as QGIS does), the dock opened by its action, the
CLMS API and the file host are loopback stubs. A double-click on a custom-extraction option in
the details panel opens the request dialog; the user picks a NUTS code and OK; the request is
posted, polled to ``Finished_ok``, downloaded and extracted into the Downloads tab's queue.
"""

from __future__ import annotations

import json
import time

import pytest
import qgis.utils
from _download_stub import ClmsStub, FileServer
from test_auth_store import MASTER
from test_download_panel import _lc100_dataset, ndvi_zip


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
    with ClmsStub(clms_api_dir) as api, FileServer({"results/4050.zip": outer}) as files:
        api.download_url = files.url + "/results/4050.zip"
        api.download_size = outer.stat().st_size
        api.polls_to_finish = 2
        yield api


@pytest.fixture
def plugin(qgis_app, qgis_iface, plugins_dir, qgis_processing, stubs, tmp_path, monkeypatch):
    """The plugin loaded by qgis.utils, pointed at the stub API through its own settings."""
    from qgis.core import QgsApplication, QgsSettings

    from clms_toolbox.clms_plugin.gui import auth_store, settings

    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # attach() downloads to ~/CLMS downloads
    am = QgsApplication.authManager()
    if not am.masterPasswordIsSet():
        assert am.setMasterPassword(MASTER, True)
    qs = QgsSettings()
    saved = {k: qs.value(k, None, section=QgsSettings.Plugins)
             for k in (settings.KEY_API_URL, settings.KEY_AUTO_REFRESH)}
    settings.set_api_url(stubs.api_url)
    qs.setValue(settings.KEY_AUTO_REFRESH, False, section=QgsSettings.Plugins)
    if str(plugins_dir) not in qgis.utils.plugin_paths:
        qgis.utils.plugin_paths.insert(0, str(plugins_dir))
    assert qgis.utils.loadPlugin("clms_toolbox") and qgis.utils.startPlugin("clms_toolbox")
    plug = qgis.utils.plugins["clms_toolbox"]
    yield plug
    if plug.downloads is not None:  # leave the scratch profile's queue as we found it
        for item in plug.downloads.queue.items():
            if item.meta.get("task_id") or str(tmp_path) in str(item.dest):
                plug.downloads.queue.remove(item.id)
    qgis.utils.unloadPlugin("clms_toolbox")
    auth_store.remove_credentials()
    for key, value in saved.items():
        if value is None:
            qs.remove(key, section=QgsSettings.Plugins)
        else:
            qs.setValue(key, value, section=QgsSettings.Plugins)


def test_details_double_click_requests_and_downloads_in_the_dock_tab(qgis_app, plugin, stubs,
                                                                     clms_api_dir, tmp_path):
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox

    from clms_toolbox.clms_plugin.gui.downloads_panel import DownloadsPanel, RequestDialog

    plugin.action.setChecked(True)
    dock = plugin.dock
    panel = plugin.downloads
    assert isinstance(panel, DownloadsPanel) and panel.api_url == stubs.api_url
    dock.tabs.setCurrentIndex(dock.tabs.indexOf(panel))
    assert dock.tabs.tabText(dock.tabs.currentIndex()) == "Downloads"
    panel.poll_interval = 0.05  # the stub finishes after two polls; do not wait 15 s each
    assert panel.import_service_key(json.dumps(stubs.new_key()))  # into the QGIS auth DB
    assert "CLMS" in panel.cred_label.text()

    ds = _lc100_dataset(clms_api_dir)
    dock.details_panel.show_dataset(ds)
    root = dock.details_panel.options.topLevelItem(0)
    option_item = root.child(0)
    seen = []

    def user():  # answers the modal request dialog once it is up
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, RequestDialog) and not seen:
            seen.append(dialog.draw_button.isEnabled())  # the map canvas is wired in
            dialog.use_nuts.setChecked(True)
            dialog.nuts.setText("ITC11")
            dialog.buttons.button(QDialogButtonBox.Ok).click()

    timer = QTimer()
    timer.timeout.connect(user)
    timer.start(20)
    dock.details_panel.options.itemDoubleClicked.emit(option_item, 0)  # the user's double-click
    timer.stop()
    assert seen == [True]
    assert spin(qgis_app, lambda: any(i.meta.get("task_id") for i in panel.queue.items()),
                timeout=20), \
        panel.status_label.text()
    assert stubs.posted[0][0]["NUTS"] == "ITC11"
    assert stubs.posted[0][0]["DatasetID"] == ds.uid
    items = [i for i in panel.queue.items() if i.meta.get("task_id")]
    assert len(items) == 1
    item = items[0]
    assert spin(qgis_app, lambda: item.state == "done" and item.meta.get("extracted"),
                timeout=20)
    assert str(item.dest).startswith(str(tmp_path / "home" / "CLMS downloads"))
    assert spin(qgis_app, lambda: panel.row_text(item.id)[1] == "Done", timeout=5), \
        panel.row_text(item.id)
    assert [p.rsplit("/", 1)[-1] for p in item.meta["extracted"]] == [
        "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"]


def test_mirror_task_survives_its_item_being_removed(qgis_app, tmp_path):
    """The task-manager mirror polls the queue; an item removed meanwhile (e.g. on plugin
    unload) must end the task quietly: an exception escaping run() aborts QGIS."""
    from clms_toolbox.clms_plugin.download.queue import DownloadQueue
    from clms_toolbox.clms_plugin.gui.download_tasks import DownloadTask

    queue = DownloadQueue(tmp_path / "state")
    item = queue.add("http://127.0.0.1:9/x.zip", tmp_path / "x.zip")
    queue.cancel(item.id)
    task = DownloadTask(queue, item.id)
    queue.remove(item.id)
    assert task.run() is False
