"""Catalogue requests follow QGIS's proxy settings (loopback forward proxy, ``clms.test``)."""

from __future__ import annotations

import base64
import socket
import time

import pytest
from _http_stub import ClmsStubServer, make_test_ca
from _proxy_stub import ForwardProxy
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest

from clms_toolbox.clms_plugin.catalog.errors import CatalogNetworkError
from clms_toolbox.clms_plugin.catalog.http import make_session
from clms_toolbox.clms_plugin.catalog.portal import PortalClient
from clms_toolbox.clms_plugin.gui import settings as keys
from clms_toolbox.clms_plugin.gui.dock import ClmsDock
from clms_toolbox.clms_plugin.gui.network import network_settings_from_qgis

PROXY_KEYS = (keys.QGIS_PROXY_ENABLED, keys.QGIS_PROXY_TYPE, keys.QGIS_PROXY_HOST,
              keys.QGIS_PROXY_PORT, keys.QGIS_PROXY_USER, keys.QGIS_PROXY_PASSWORD,
              keys.QGIS_PROXY_EXCLUDED, keys.QGIS_NO_PROXY, keys.QGIS_PROXY_AUTHCFG)


@pytest.fixture
def qgis_proxy(qgis_app):
    """Write QGIS proxy settings (as Options > Network does) and restore them afterwards."""
    s = QgsSettings()
    saved = {k: s.value(k) for k in PROXY_KEYS if s.contains(k)}

    def configure(**values) -> None:
        for k in PROXY_KEYS:
            s.remove(k)
        for k, v in values.items():
            s.setValue(k, v)

    yield configure
    for k in PROXY_KEYS:
        s.remove(k)
    for k, v in saved.items():
        s.setValue(k, v)


@pytest.fixture
def proxy():
    with ForwardProxy({"clms.test": "127.0.0.1"}) as p:
        yield p


def test_clms_test_does_not_resolve_without_the_proxy():
    with pytest.raises(OSError):
        socket.getaddrinfo("clms.test", 80)


def test_catalogue_goes_through_the_qgis_proxy(stub, proxy, qgis_proxy):
    stub.clear()
    qgis_proxy(**{keys.QGIS_PROXY_ENABLED: True, keys.QGIS_PROXY_TYPE: "HttpProxy",
                  keys.QGIS_PROXY_HOST: "127.0.0.1", keys.QGIS_PROXY_PORT: str(proxy.port),
                  keys.QGIS_PROXY_USER: "ana", keys.QGIS_PROXY_PASSWORD: "s3cret:/@"})
    net = network_settings_from_qgis()
    assert "s3cret" not in repr(net)
    api_url = f"http://clms.test:{stub.port}/api"
    result = PortalClient(make_session(net), api_url).search("clc")
    assert result.datasets and all("clc" in d.title.lower() for d in result.datasets)
    # every request went through the proxy, as absolute URIs to clms.test, with credentials
    assert proxy.log and all(r.target.startswith(f"http://clms.test:{stub.port}/api/@search?")
                             for r in proxy.log)
    expected = "Basic " + base64.b64encode(b"ana:s3cret:/@").decode()
    assert {r.proxy_authorization for r in proxy.log} == {expected}
    assert [r.host for r in stub.requests] == [f"clms.test:{stub.port}"] * len(proxy.log)


def test_without_proxy_the_host_is_unreachable(stub, qgis_proxy):
    qgis_proxy(**{keys.QGIS_PROXY_ENABLED: False})
    net = network_settings_from_qgis()
    assert net.proxies == {}
    client = PortalClient(make_session(net, retries=0), f"http://clms.test:{stub.port}/api")
    with pytest.raises(CatalogNetworkError) as info:
        client.search("clc")
    assert "clms.test" in info.value.url and "proxy" in info.value.hint


def test_excluded_urls_bypass_the_proxy(stub, proxy, qgis_proxy):
    stub.clear()
    qgis_proxy(**{keys.QGIS_PROXY_ENABLED: True, keys.QGIS_PROXY_TYPE: "HttpProxy",
                  keys.QGIS_PROXY_HOST: "127.0.0.1", keys.QGIS_PROXY_PORT: str(proxy.port),
                  keys.QGIS_PROXY_EXCLUDED: ["http://127.0.0.1"]})
    net = network_settings_from_qgis()
    PortalClient(make_session(net), stub.api_url).search("clc")
    assert stub.requests and proxy.log == []


def test_dock_search_uses_the_qgis_proxy(stub, proxy, qgis_proxy, qgis_iface, tmp_path):
    stub.clear()
    qgis_proxy(**{keys.QGIS_PROXY_ENABLED: True, keys.QGIS_PROXY_TYPE: "HttpProxy",
                  keys.QGIS_PROXY_HOST: "127.0.0.1", keys.QGIS_PROXY_PORT: str(proxy.port)})
    dock = ClmsDock(qgis_iface, None, api_url=f"http://clms.test:{stub.port}/api",
                    cache_dir=tmp_path, auto_refresh=False)
    try:
        QTest.keyClicks(dock.search_panel.text, "imperviousness")
        QTest.mouseClick(dock.search_panel.search_button, Qt.LeftButton)
        deadline = time.monotonic() + 15
        while dock.search_panel.proxy.rowCount() == 0 and time.monotonic() < deadline:
            QTest.qWait(20)
        assert dock.search_panel.proxy.rowCount() > 0, dock.search_panel.state.text()
        assert any("SearchableText=imperviousness" in r.target for r in proxy.log)
    finally:
        dock.shutdown()
        dock.deleteLater()


def test_https_through_proxy_tunnel_with_injected_ca_bundle(clms_api_dir, proxy, qgis_proxy,
                                                            tmp_path):
    """CONNECT tunnel via the QGIS proxy; TLS verified by the CA bundle set in the plugin
    settings (unknown to the default store), as behind a TLS-inspecting corporate proxy."""
    from qgis.core import QgsSettings

    ca, cert, key = make_test_ca(tmp_path / "tls", "clms.test")
    qgis_proxy(**{keys.QGIS_PROXY_ENABLED: True, keys.QGIS_PROXY_TYPE: "HttpProxy",
                  keys.QGIS_PROXY_HOST: "127.0.0.1", keys.QGIS_PROXY_PORT: str(proxy.port)})
    s = QgsSettings()
    with ClmsStubServer(clms_api_dir, page_size=10, tls=(str(cert), str(key))) as tls_stub:
        api_url = f"https://clms.test:{tls_stub.port}/api"
        # default trust store: the CA is unknown -> a typed TLS error naming the URL
        s.remove(keys.KEY_CA_BUNDLE, QgsSettings.Plugins)
        net = network_settings_from_qgis()
        assert net.verify != str(ca)  # default store (or REQUESTS_CA_BUNDLE)
        with pytest.raises(CatalogNetworkError) as info:
            PortalClient(make_session(net, retries=0), api_url).search("clc")
        assert "TLS certificate" in str(info.value) and api_url in info.value.url
        # the CA bundle chosen in the plugin settings is injected into the session
        s.setValue(keys.KEY_CA_BUNDLE, str(ca), QgsSettings.Plugins)
        try:
            net = network_settings_from_qgis()
            assert net.verify == str(ca)
            result = PortalClient(make_session(net), api_url).search("clc")
        finally:
            s.remove(keys.KEY_CA_BUNDLE, QgsSettings.Plugins)
        assert result.datasets and tls_stub.requests
    assert {r.method for r in proxy.log} == {"CONNECT"}
    assert all(r.target == f"clms.test:{tls_stub.port}" for r in proxy.log)
