"""Bridge from QGIS's network options to the core session factory.

Why: users set their (corporate) proxy once, in QGIS Options > Network; a plugin that ignores it
is the most common complaint about download plugins. This module reads those options (and the
CA certificates the user added to QGIS) on the main thread and turns them into the core's
:class:`NetworkSettings`; worker tasks then call ``make_session(settings)``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsNetworkAccessManager, QgsSettings
from qgis.PyQt.QtNetwork import QNetworkProxy

from ..catalog.http import NetworkSettings, make_session
from . import settings as keys

_HTTP_TYPES = {"HttpProxy", "HttpCachingProxy", "FtpCachingProxy"}


def _bool(value) -> bool:
    return value in (True, "true", "True", 1, "1")


def _credentials(s: QgsSettings) -> tuple[str, str]:
    """Proxy user/password from QGIS: an auth config if set, else the plain settings."""
    authcfg = str(s.value(keys.QGIS_PROXY_AUTHCFG, "") or "")
    if authcfg:
        cfg = QgsAuthMethodConfig()
        if QgsApplication.authManager().loadAuthenticationConfig(authcfg, cfg, True):
            return cfg.config("username", ""), cfg.config("password", "")
    return (str(s.value(keys.QGIS_PROXY_USER, "") or ""),
            str(s.value(keys.QGIS_PROXY_PASSWORD, "") or ""))


def _proxy_url(scheme: str, host: str, port: int, user: str, password: str) -> str:
    auth = ""
    if user:
        auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "") + "@"
    return f"{scheme}://{auth}{host}:{port}"


def _list(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split("|")
    return tuple(str(v).strip() for v in (value or []) if str(v).strip())


def proxies_from_qgis() -> tuple[dict[str, str] | None, tuple[str, ...]]:
    """``(proxies, no_proxy_prefixes)`` per QGIS settings.

    * proxy disabled → ``{}`` (direct; QGIS does not use a proxy either);
    * ``DefaultProxy`` ("use system proxy") → ``None``: the environment decides;
    * HTTP/caching proxy → ``{"http": url, "https": url}``; SOCKS5 → ``socks5h://``.
    """
    s = QgsSettings()
    excludes = _list(s.value(keys.QGIS_PROXY_EXCLUDED, [])) + _list(s.value(keys.QGIS_NO_PROXY, []))
    if s.contains(keys.QGIS_PROXY_ENABLED):
        if not _bool(s.value(keys.QGIS_PROXY_ENABLED, False)):
            return {}, excludes
        ptype = str(s.value(keys.QGIS_PROXY_TYPE, "DefaultProxy") or "DefaultProxy")
        host = str(s.value(keys.QGIS_PROXY_HOST, "") or "").strip()
        try:
            port = int(s.value(keys.QGIS_PROXY_PORT, 0) or 0)
        except (TypeError, ValueError):
            port = 0
        if ptype == "DefaultProxy" or not host:
            return None, excludes
        user, password = _credentials(s)
        scheme = "socks5h" if ptype == "Socks5Proxy" else "http"
        url = _proxy_url(scheme, host, port or (1080 if scheme == "socks5h" else 8080), user,
                         password)
        return {"http": url, "https": url}, excludes
    # Never configured in this profile: follow what the network manager was set up with.
    proxy = QgsNetworkAccessManager.instance().fallbackProxy()
    if proxy.type() == QNetworkProxy.HttpProxy and proxy.hostName():
        url = _proxy_url("http", proxy.hostName(), proxy.port(), proxy.user(), proxy.password())
        return {"http": url, "https": url}, excludes
    return None, excludes


def ca_bundle_from_qgis() -> str | bool:
    """CA bundle: the plugin setting, else REQUESTS_CA_BUNDLE, else the CAs the user added to
    QGIS's certificate manager (exported once to the profile), else the default store."""
    chosen = keys.ca_bundle()
    if chosen and Path(chosen).is_file():
        return chosen
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        if os.environ.get(var) and Path(os.environ[var]).is_file():
            return os.environ[var]
    manager = QgsApplication.authManager()
    try:
        has_extra = bool(manager.databaseCaCerts()) or bool(manager.extraFileCAs())
    except (AttributeError, RuntimeError):
        has_extra = False
    if has_extra:
        pem = bytes(manager.trustedCaCertsPemText())
        target = keys.profile_dir() / "qgis-ca-bundle.pem"
        if not target.exists() or target.read_bytes() != pem:
            target.write_bytes(pem)
        return str(target)
    return True


def network_settings_from_qgis() -> NetworkSettings:
    """Read on the main thread; hand the result to tasks (QgsSettings is not for workers)."""
    proxies, excludes = proxies_from_qgis()
    timeout = keys.timeout_s()
    return NetworkSettings(
        proxies=proxies,
        verify=ca_bundle_from_qgis(),
        timeout=(min(10.0, timeout), timeout),
        no_proxy_prefixes=excludes,
    )


def qgis_session():
    """A session following QGIS's network options (convenience for the main thread)."""
    return make_session(network_settings_from_qgis())
