"""One place for the plugin's QgsSettings keys (Plugins section). Never secrets here.

Why one module: keys spelled in several files drift; and a reviewer can check at a glance
that no token, password or service key is ever written to QgsSettings.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsSettings

from ..catalog.portal import DEFAULT_API_URL, resolve_api_url
from ..catalog.stac import DEFAULT_STAC_URL

PREFIX = "clms_toolbox/"
KEY_API_URL = PREFIX + "api_url"
KEY_STAC_URL = PREFIX + "stac_url"
KEY_CA_BUNDLE = PREFIX + "ca_bundle"
KEY_TIMEOUT = PREFIX + "timeout_s"
KEY_AUTO_REFRESH = PREFIX + "auto_refresh_catalogue"
KEY_ADD_TO_MAP = PREFIX + "add_finished_to_map"
KEY_S3_ENDPOINT = PREFIX + "s3_endpoint"

# QGIS's own network options (Settings > Options > Network), read by gui/network.py.
QGIS_PROXY_ENABLED = "proxy/proxyEnabled"
QGIS_PROXY_TYPE = "proxy/proxyType"
QGIS_PROXY_HOST = "proxy/proxyHost"
QGIS_PROXY_PORT = "proxy/proxyPort"
QGIS_PROXY_USER = "proxy/proxyUser"
QGIS_PROXY_PASSWORD = "proxy/proxyPassword"  # written by QGIS itself; we only read it
QGIS_PROXY_AUTHCFG = "proxy/authcfg"
QGIS_PROXY_EXCLUDED = "proxy/proxyExcludedUrls"
QGIS_NO_PROXY = "proxy/noProxyUrls"
QGIS_NETWORK_TIMEOUT = "qgis/networkAndProxy/networkTimeout"


def _value(key: str, default=None):
    return QgsSettings().value(key, default, section=QgsSettings.Plugins)


def _set(key: str, value) -> None:
    QgsSettings().setValue(key, value, section=QgsSettings.Plugins)


def api_url() -> str:
    """The CLMS API base URL: env ``CLMS_API_URL`` > setting > default."""
    return resolve_api_url(str(_value(KEY_API_URL, DEFAULT_API_URL) or DEFAULT_API_URL))


def set_api_url(url: str) -> None:
    _set(KEY_API_URL, url.strip())


def stac_url() -> str:
    return str(_value(KEY_STAC_URL, DEFAULT_STAC_URL) or DEFAULT_STAC_URL).rstrip("/")


def ca_bundle() -> str:
    """User-chosen CA bundle path ("" = none)."""
    return str(_value(KEY_CA_BUNDLE, "") or "")


def timeout_s() -> float:
    """Read timeout: the plugin setting, else QGIS's own network timeout (ms), else 60 s."""
    try:
        value = _value(KEY_TIMEOUT, None)
        if value not in (None, ""):
            return float(value)
        qgis_ms = QgsSettings().value(QGIS_NETWORK_TIMEOUT, 60000)
        return max(5.0, float(qgis_ms) / 1000.0)
    except (TypeError, ValueError):
        return 60.0


def auto_refresh() -> bool:
    value = _value(KEY_AUTO_REFRESH, True)
    return value in (True, "true", "True", 1, "1")


def add_to_map() -> bool:
    """Add finished downloads to the map (default on: that is what most users want)."""
    value = _value(KEY_ADD_TO_MAP, True)
    return value in (True, "true", "True", 1, "1")


def set_add_to_map(on: bool) -> None:
    _set(KEY_ADD_TO_MAP, bool(on))


def s3_endpoint() -> str:
    """CDSE S3 endpoint for ``s3://eodata`` assets (``http://host:port`` turns TLS off)."""
    return str(_value(KEY_S3_ENDPOINT, "eodata.dataspace.copernicus.eu")
               or "eodata.dataspace.copernicus.eu")


def set_stac_url(url: str) -> None:
    _set(KEY_STAC_URL, url.strip())


def profile_dir() -> Path:
    """The plugin's folder inside the active QGIS profile (cache, exported CA bundle)."""
    path = Path(QgsApplication.qgisSettingsDirPath()) / "clms_toolbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    return profile_dir() / "cache"
