"""The search dock with real widgets (QTest) against the loopback CLMS stand-in."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from _http_stub import NDVI_FULL_OBJECT, ClmsStubServer, Fault
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QLabel

from clms_toolbox.clms_plugin.gui.dock import ClmsDock


@pytest.fixture
def make_dock(qgis_app, qgis_iface, tmp_path):
    docks = []

    def make(api_url: str, cache_dir: Path | None = None) -> ClmsDock:
        dock = ClmsDock(qgis_iface, None, api_url=api_url,
                        cache_dir=cache_dir or tmp_path / "cache", auto_refresh=False)
        dock.resize(520, 800)
        dock.show()
        docks.append(dock)
        return dock

    yield make
    for dock in docks:
        dock.shutdown()
        wait_until(lambda d=dock: d.runner.running == 0, 10)
        dock.close()
        dock.deleteLater()


def wait_until(predicate, timeout: float = 15.0) -> bool:
    """Pump the Qt event loop (tasks finish through it) until ``predicate()`` or timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        QTest.qWait(20)
    return bool(predicate())


def titles(dock: ClmsDock) -> list[str]:
    proxy = dock.search_panel.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def run_search(dock: ClmsDock, text: str) -> None:
    sp = dock.search_panel
    sp.text.clear()
    QTest.keyClicks(sp.text, text)
    QTest.mouseClick(sp.search_button, Qt.LeftButton)


def click_row(dock: ClmsDock, row: int) -> None:
    view = dock.search_panel.view
    rect = view.visualRect(dock.search_panel.proxy.index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())


def test_type_search_select_and_details(server, make_dock):
    dock = make_dock(server.api_url)
    sp, dp = dock.search_panel, dock.details_panel
    assert dock.objectName() == "ClmsToolboxDock"
    assert sp.state.property("state") == "empty" and server.api_url in sp.state.text()
    assert sp.proxy.rowCount() == 0

    run_search(dock, "normalised")
    assert wait_until(lambda: sp.proxy.rowCount() > 0)
    assert titles(dock) == [NDVI_FULL_OBJECT["title"]]
    assert sp.count.text() == "1 dataset(s)"
    req = server.requests[0]
    assert req.path == "/api/@search" and req.params("SearchableText") == ["normalised"]

    click_row(dock, 0)
    assert wait_until(lambda: dp.dataset is not None and not dp.state.isVisible()
                      and dp.dataset.update_frequency == "10-daily")
    body = dp.body.toPlainText()
    assert dp.title.text() == NDVI_FULL_OBJECT["title"]
    for expected in ("300 m", "EPSG:4326", "2020-07-01 – …", "10-daily",
                     "Free, full and open access & use.", "© European Union, CLMS",
                     "Product page", "Metadata record"):
        assert expected in body, expected
    options = dp.download_options()
    assert [(o.kind, o.item.id) for o in options] == [
        ("download_information", "e5bd1ea3-0873-4abf-99ca-3a487aba0fc0")]
    assert options[0].dataset.uid == NDVI_FULL_OBJECT["UID"]
    # thumbnail fetched in the background and shown
    assert wait_until(lambda: dp.thumbnail.pixmap() is not None
                      and not dp.thumbnail.pixmap().isNull())
    paths = [r.path for r in server.requests]
    assert any(p.endswith("/@@images/image/preview") for p in paths)


def test_refresh_sort_filter_cache_and_offline(clms_api_dir, make_dock, qgis_iface, tmp_path):
    cache_dir = tmp_path / "profile-cache"
    with ClmsStubServer(clms_api_dir, page_size=10) as live:
        api_url = live.api_url
        dock = make_dock(api_url, cache_dir)
        QTest.mouseClick(dock.search_panel.refresh_button, Qt.LeftButton)
        sp = dock.search_panel
        assert wait_until(lambda: sp.proxy.rowCount() == 26)
        assert sorted(r.params("b_start") for r in live.requests) == [[], ["10"], ["20"]]
    assert list(cache_dir.glob("catalogue-*.json"))
    assert sp.count.text() == "26 dataset(s)"

    # sort by resolution: the finest first
    sp.view.sortByColumn(1, Qt.AscendingOrder)
    first = sp.proxy.index(0, 0).data(Qt.UserRole + 2)
    assert first.resolution_m == min(d.resolution_m for d in sp.model.datasets()
                                     if d.resolution_m)
    # product family filter
    sp.family.setCurrentIndex(sp.family.findData("Corine land cover"))
    assert titles(dock) and all(t.startswith(("CLC", "CHA")) for t in titles(dock))
    assert "of 26 found" in sp.count.text()
    sp.family.setCurrentIndex(0)
    # map extent filter: a canvas over Antarctica (in EPSG:3857) excludes the NDVI dataset
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    canvas.setExtent(QgsRectangle(0, -15_000_000, 1_000_000, -14_000_000))
    QTest.mouseClick(sp.extent, Qt.LeftButton)
    ext = dock.map_extent_4326()
    assert ext is not None and ext.north < -60
    assert NDVI_FULL_OBJECT["title"] not in titles(dock) and len(titles(dock)) == 25
    QTest.mouseClick(sp.extent, Qt.LeftButton)

    # the server is gone: a new dock opens instantly from the cache and works offline
    offline = make_dock(api_url, cache_dir)
    osp = offline.search_panel
    assert osp.proxy.rowCount() == 26
    assert "Cached catalogue: 26 datasets" in osp.state.text()
    run_search(offline, "imperviousness 2018")
    assert wait_until(lambda: osp.state.property("state") == "offline", 30)
    assert api_url in osp.state.text() and "proxy" in osp.state.text()
    found = titles(offline)  # searched locally: title/description words
    assert "High Resolution Layer Imperviousness Density 2018" in found
    assert 2 <= len(found) < 26 and all("Impervious" in t and "2018" in t for t in found)


def test_error_state_names_url_status_and_hint(server, make_dock):
    server.fail_next("search", Fault("status", 404, body='{"message": "No such catalogue"}'))
    dock = make_dock(server.api_url)
    run_search(dock, "clc")
    sp = dock.search_panel
    assert wait_until(lambda: sp.state.property("state") == "error")
    text = sp.state.text()
    assert "HTTP status 404" in text
    assert f"{server.api_url}/@search?portal_type=DataSet&SearchableText=clc" in text
    assert "No such catalogue" in text and "Hint:" in text and "CLMS_API_URL" in text
    assert sp.proxy.rowCount() == 0 and sp.state.isVisible()


def test_event_loop_keeps_running_during_slow_response(server, make_dock):
    server.fail_next("search", Fault("slow", seconds=3.0))
    dock = make_dock(server.api_url)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    started = time.monotonic()
    run_search(dock, "clc")
    sp = dock.search_panel
    # loading state is visible while the request is in flight
    assert sp.state.property("state") == "loading" and not sp.progress.isHidden()
    assert not sp.search_button.isEnabled()
    assert wait_until(lambda: sp.proxy.rowCount() > 0, 20)
    elapsed = time.monotonic() - started
    timer.stop()
    assert elapsed >= 2.9  # the stub really held the answer for 3 s
    during = [t for t in ticks if t - started < 2.9]
    # the GUI thread kept serving its timer through the slow answer (not blocked for 3 s)
    assert len(during) >= 20
    assert max(b - a for a, b in zip(during, during[1:])) < 1.0
    assert sp.search_button.isEnabled() and sp.progress.isHidden()


def test_shutdown_cancels_and_ignores_late_results(server, make_dock):
    server.fail_next("search", Fault("slow", seconds=1.0))
    dock = make_dock(server.api_url)
    run_search(dock, "clc")
    assert dock.runner.running == 1
    dock.shutdown()
    assert wait_until(lambda: dock.runner.running == 0, 10)
    assert dock.search_panel.proxy.rowCount() == 0  # the late answer did not reach widgets


def test_tabs_and_add_tab(server, make_dock):
    dock = make_dock(server.api_url)
    assert dock.tabs.tabText(0) == "Search"
    index = dock.add_tab(QLabel("downloads"), "Downloads")
    assert index == 1 and dock.tabs.count() == 2 and dock.tabs.tabText(1) == "Downloads"


def test_translation_source_lists_dock_strings(repo_root):
    ts = (repo_root / "i18n" / "clms_toolbox_en.ts").read_text(encoding="utf-8")
    for context, text in (("ClmsDock", "Search"),
                          ("SearchPanel", "Intersects the map extent"),
                          ("DetailsPanel", "Download options"),
                          ("SearchPanel", "Refresh")):
        assert f"<name>{context}</name>" in ts
        assert f"<source>{text}</source>" in ts


def test_empty_result_and_details_error_states(server, make_dock):
    dock = make_dock(server.api_url)
    sp, dp = dock.search_panel, dock.details_panel
    run_search(dock, "zzzz-no-such-dataset")
    assert wait_until(lambda: sp.state.property("state") == "empty")
    assert "zzzz-no-such-dataset" in sp.state.text() and server.api_url in sp.state.text()
    assert sp.count.text() == "0 dataset(s)"

    run_search(dock, "clc 2018")
    assert wait_until(lambda: sp.proxy.rowCount() == 2)  # CLC 2018, ENI CLC Pilot 2018
    server.fail_next("detail", Fault("status", 503), times=4)
    assert sp.select_uid("0407d497d3c44bcd93ce8fd5bf78596a")
    assert wait_until(lambda: dp.state.property("state") == "error", 20)
    assert "HTTP status 503" in dp.state.text() and "/api/en/products/" in dp.state.text()
    # the summary from the search stays visible, with its download options
    assert dp.title.text() == "CLC 2018"
    options = dp.download_options()
    assert options and {o.kind for o in options} == {"download_information"}


def test_stale_cache_opens_instantly_then_refreshes_in_background(server, qgis_iface, tmp_path,
                                                                  clms_api_dir):
    from _http_stub import recorded_items

    from clms_toolbox.clms_plugin.catalog.cache import CatalogCache

    CatalogCache(tmp_path).save(server.api_url, recorded_items(clms_api_dir)[:5],
                                saved_at=time.time() - 30 * 86400)
    dock = ClmsDock(qgis_iface, None, api_url=server.api_url, cache_dir=tmp_path,
                    auto_refresh=True)
    try:
        sp = dock.search_panel
        assert sp.proxy.rowCount() == 5  # usable at once, from the cache
        assert "30 days ago" in sp.state.text()
        assert wait_until(lambda: sp.proxy.rowCount() == 26)
        assert "Catalogue updated: 26 datasets" in sp.state.text()
        assert len(CatalogCache(tmp_path).load(server.api_url).datasets) == 26
    finally:
        dock.shutdown()
        dock.deleteLater()
