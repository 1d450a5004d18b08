"""The ONE HTTP session factory of the project.

Why a single factory: the most common complaint about download plugins is "it ignores my
proxy". Every HTTP call (catalogue, STAC, thumbnails, downloads) goes through a session made
here, so the proxy, CA bundle, timeouts, retry policy and User-Agent are decided in one place.
The core never reads QGIS settings: the GUI layer builds a :class:`NetworkSettings` from QGIS's
network options and passes it in (``gui/network.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..version import USER_AGENT
from .errors import (
    CatalogHTTPError,
    CatalogNetworkError,
    CatalogResponseError,
    CatalogTimeoutError,
    server_message_from,
)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_TIMEOUT = (10.0, 60.0)  # (connect, read) seconds
MAX_RETRY_AFTER = 60.0  # never sleep longer than this on a server's Retry-After


@dataclass
class NetworkSettings:
    """What the caller (the QGIS bridge, a CLI, a test) decides about the network.

    ``proxies``: ``None`` lets ``requests`` use the environment (HTTP(S)_PROXY); a dict such as
    ``{"http": url, "https": url}`` forces those proxies and ignores the environment; ``{}``
    forces a direct connection. ``verify``: ``True``, ``False`` or a CA bundle path.
    """

    proxies: dict[str, str] | None = None
    verify: str | bool = True
    retries: int = 3
    backoff: float = 0.5
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    user_agent: str = USER_AGENT
    extra_headers: dict[str, str] = field(default_factory=dict)
    no_proxy_prefixes: tuple[str, ...] = ()  # URL prefixes that bypass ``proxies``

    def __repr__(self) -> str:
        # Proxy URLs may embed credentials: never print them.
        proxies = None if self.proxies is None else {k: "<set>" for k in self.proxies}
        return (
            f"NetworkSettings(proxies={proxies}, verify={self.verify!r}, retries={self.retries}, "
            f"timeout={self.timeout})"
        )


class _CappedRetry(Retry):
    """urllib3 Retry that honours Retry-After but never sleeps longer than MAX_RETRY_AFTER."""

    def get_retry_after(self, response):  # noqa: ANN001 - urllib3 signature
        value = super().get_retry_after(response)
        if value is None:
            return None
        return min(float(value), MAX_RETRY_AFTER)


class ClmsSession(requests.Session):
    """A requests Session that applies the factory's default timeout to every request."""

    default_timeout: tuple[float, float] = DEFAULT_TIMEOUT
    no_proxy_prefixes: tuple[str, ...] = ()

    def request(self, method, url, **kwargs):  # noqa: ANN001, ANN201 - requests signature
        kwargs.setdefault("timeout", self.default_timeout)
        if self.no_proxy_prefixes and str(url).startswith(self.no_proxy_prefixes):
            # None values remove the session's proxy for this request (requests merge rule).
            kwargs.setdefault("proxies", {"http": None, "https": None})
        return super().request(method, url, **kwargs)


def make_session(
    settings: NetworkSettings | None = None,
    *,
    proxies: dict[str, str] | None = None,
    verify: str | bool | None = None,
    retries: int | None = None,
    timeout: tuple[float, float] | float | None = None,
) -> ClmsSession:
    """Build a session: retries with back-off on 429/5xx (honouring Retry-After), timeouts,
    User-Agent, and the caller's proxies/CA bundle. Keyword arguments override ``settings``.

    POST is not retried (a data request must not be submitted twice); GET/HEAD/PUT/DELETE are.
    """
    s = settings or NetworkSettings()
    if proxies is not None:
        s = _replace(s, proxies=proxies)
    if verify is not None:
        s = _replace(s, verify=verify)
    if retries is not None:
        s = _replace(s, retries=retries)
    if timeout is not None:
        t = (float(timeout), float(timeout)) if isinstance(timeout, (int, float)) else timeout
        s = _replace(s, timeout=tuple(t))

    session = ClmsSession()
    session.default_timeout = s.timeout
    session.no_proxy_prefixes = tuple(p for p in s.no_proxy_prefixes if p)
    retry = _CappedRetry(
        total=s.retries,
        connect=s.retries,
        read=s.retries,
        status=s.retries,
        backoff_factor=s.backoff,
        status_forcelist=sorted(RETRY_STATUSES),
        allowed_methods=frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = s.user_agent
    session.headers["Accept"] = "application/json"
    session.headers.update(s.extra_headers)
    session.verify = s.verify
    if s.proxies is not None:
        # Explicit proxies (from QGIS): requests would otherwise let HTTP(S)_PROXY from the
        # environment override the session's proxies.
        session.trust_env = False
        session.proxies = dict(s.proxies)
    return session


def _replace(s: NetworkSettings, **changes: Any) -> NetworkSettings:
    from dataclasses import replace

    return replace(s, **changes)


def get_json(session: requests.Session, url: str, params: Any = None) -> Any:
    """GET ``url`` and return its JSON, turning every failure into a typed CatalogError."""
    response = get(session, url, params=params)
    try:
        return json.loads(response.content.decode(response.encoding or "utf-8", "replace"))
    except ValueError as exc:
        raise CatalogResponseError(
            f"The response is not valid JSON ({exc})",
            url=response.url,
            status=response.status_code,
            server_message=server_message_from(response.content[:300]),
        ) from exc


def get(session: requests.Session, url: str, params: Any = None, **kwargs: Any):
    """GET with typed errors (network, timeout, HTTP status with the server's message)."""
    try:
        response = session.get(url, params=params, **kwargs)
    except requests.Timeout as exc:
        raise CatalogTimeoutError("The server did not answer in time", url=url) from exc
    except requests.exceptions.RetryError as exc:  # retries exhausted without a response
        raise CatalogNetworkError(f"Retries exhausted ({_reason(exc)})", url=url) from exc
    except requests.exceptions.ProxyError as exc:
        raise CatalogNetworkError(f"The proxy refused the connection ({_reason(exc)})",
                                  url=url) from exc
    except requests.exceptions.SSLError as exc:
        raise CatalogNetworkError(f"TLS certificate problem ({_reason(exc)})", url=url) from exc
    except requests.RequestException as exc:
        if "Timeout" in _reason(exc).split(":", 1)[0]:  # read timeout after exhausted retries
            raise CatalogTimeoutError(f"The server did not answer in time ({_reason(exc)})",
                                      url=url) from exc
        raise CatalogNetworkError(f"Cannot reach the server ({_reason(exc)})", url=url) from exc
    if response.status_code >= 400:
        raise CatalogHTTPError(
            "The server answered with an error",
            url=response.url,
            status=response.status_code,
            server_message=server_message_from(
                response.content, response.headers.get("Content-Type", "")
            ),
        )
    return response


def _reason(exc: BaseException) -> str:
    """The innermost, short reason of a requests/urllib3 exception chain."""
    inner: BaseException = exc
    while True:
        args = getattr(inner, "args", ())
        nested = getattr(inner, "reason", None)
        if nested is None and args and isinstance(args[0], BaseException):
            nested = args[0]
        if nested is None or nested is inner or not isinstance(nested, BaseException):
            break
        inner = nested
    text = re.sub(r"<[^<>]*object at 0x[0-9a-f]+>:?\s*", "", str(inner))  # urllib3 reprs
    return f"{type(inner).__name__}: {text}"[:300]
