"""CLMS service key → RS256 JWT → bearer token, and CDSE OIDC password grant (QGIS-free).

Why: every CLMS download endpoint needs ``Authorization: Bearer``. The token lives 3600 s and
expired tokens answer HTTP 401 ``invalid_token`` (clms_api.md §1.3). This module keeps the
token in memory only, refreshes it 5 minutes before expiry and, when the server still says
``invalid_token``, mints a new one and re-sends the request once. Secrets (private key,
JWT, token, password) never appear in ``repr``, logs or exception messages; the GUI keeps the
service key itself in the QGIS authentication database (``gui/auth_store.py``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from .errors import CatalogHTTPError, CatalogNetworkError, server_message_from
from .http import make_session

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
JWT_LIFETIME = 3600  # the CLMS maximum (FTW rejects more than a day; the docs say 1 h)
REFRESH_MARGIN = 300  # refresh 5 minutes before expiry
REQUIRED_KEY_FIELDS = ("client_id", "user_id", "token_uri", "private_key")
CDSE_TOKEN_URL = (
    "https://identity.dataspace.copernicus.eu/auth/realms/CDSE/protocol/openid-connect/token"
)


class AuthError(Exception):
    """Authentication failed. The message never contains key material or tokens."""


@dataclass(frozen=True)
class ServiceKey:
    """The JSON service key a user creates on land.copernicus.eu (profile → API tokens)."""

    client_id: str
    user_id: str
    token_uri: str
    private_key: str = field(repr=False)
    key_id: str = ""
    title: str = ""

    @classmethod
    def from_json(cls, text: str | bytes | dict[str, Any]) -> ServiceKey:
        """Parse and check a service key; errors name the missing field, never its value."""
        try:
            data = text if isinstance(text, dict) else json.loads(text)
        except ValueError:
            raise AuthError("the service key is not valid JSON; paste the whole file") from None
        if not isinstance(data, dict):
            raise AuthError("the service key must be a JSON object")
        missing = [k for k in REQUIRED_KEY_FIELDS if not data.get(k)]
        if missing:
            raise AuthError("the service key lacks: " + ", ".join(missing))
        if "PRIVATE KEY" not in str(data["private_key"]):
            raise AuthError("the service key's private_key is not a PEM private key")
        return cls(str(data["client_id"]), str(data["user_id"]), str(data["token_uri"]),
                   str(data["private_key"]), str(data.get("key_id") or ""),
                   str(data.get("title") or ""))

    def to_json(self) -> str:
        return json.dumps({"client_id": self.client_id, "user_id": self.user_id,
                           "token_uri": self.token_uri, "private_key": self.private_key,
                           "key_id": self.key_id, "title": self.title})

    def __str__(self) -> str:
        return f"CLMS service key '{self.title or self.client_id}'"


def make_jwt(key: ServiceKey, now: float | None = None, lifetime: int = JWT_LIFETIME) -> str:
    """RS256 assertion with the claims FTW verifies: iss, sub, aud, iat, exp (no nbf/scope)."""
    import jwt  # PyJWT; imported lazily so the plugin loads without it (deps.py reports it)

    now = int(time.time() if now is None else now)
    claims = {"iss": key.client_id, "sub": key.user_id, "aud": key.token_uri,
              "iat": now, "exp": now + int(lifetime)}
    try:
        token = jwt.encode(claims, key.private_key, algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise AuthError(f"cannot sign with the service key ({type(exc).__name__})") from None
    return token if isinstance(token, str) else token.decode("ascii")


class _BearerAuth:
    """Shared logic: cached token, early refresh, 401 invalid_token → refresh + resend once."""

    def __init__(self, session: requests.Session | None, clock: Callable[[], float]) -> None:
        self.session = session or make_session()
        self.clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()
        self.refresh_count = 0

    def __repr__(self) -> str:
        state = "valid" if self._token and self.clock() < self._expires else "none"
        return f"{type(self).__name__}(token={state})"

    def _fetch(self) -> tuple[str, float]:  # pragma: no cover - abstract
        raise NotImplementedError

    def token(self) -> str:
        """A bearer token valid for at least 5 more minutes (fetched if needed)."""
        with self._lock:
            if self._token is None or self.clock() >= self._expires - REFRESH_MARGIN:
                self._token, lifetime = self._fetch()
                self._expires = self.clock() + lifetime
                self.refresh_count += 1
            return self._token

    def invalidate(self) -> None:
        with self._lock:
            self._token = None
            self._expires = 0.0

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send with the bearer token; on 401 ``invalid_token`` refresh and re-send once."""
        extra = dict(kwargs.pop("headers", None) or {})
        for attempt in (0, 1):
            hdrs = {**extra, **self.headers()}
            try:
                resp = self.session.request(method, url, headers=hdrs, **kwargs)
            except requests.RequestException as exc:
                raise CatalogNetworkError(f"cannot reach the server ({type(exc).__name__})",
                                          url=url) from None
            if resp.status_code == 401 and attempt == 0 and _is_invalid_token(resp):
                self.invalidate()
                continue
            return resp
        return resp


def _is_invalid_token(resp: requests.Response) -> bool:
    if "invalid_token" in resp.headers.get("WWW-Authenticate", ""):
        return True
    try:
        return resp.json().get("error") == "invalid_token"
    except (ValueError, AttributeError):
        return False


def _token_response(resp: requests.Response, what: str) -> tuple[str, float]:
    if resp.status_code != 200:
        message = server_message_from(resp.content[:2000], resp.headers.get("Content-Type", ""))
        raise AuthError(f"{what} refused the credentials (HTTP {resp.status_code}: {message})")
    try:
        data = resp.json()
        token = str(data["access_token"])
    except (ValueError, KeyError, TypeError):
        raise AuthError(f"{what} answered without an access_token") from None
    return token, float(data.get("expires_in") or JWT_LIFETIME)


class ClmsAuth(_BearerAuth):
    """Bearer tokens for the CLMS portal API from a :class:`ServiceKey`."""

    def __init__(self, key: ServiceKey, session: requests.Session | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(session, clock)
        self.key = key

    def _fetch(self) -> tuple[str, float]:
        assertion = make_jwt(self.key)  # real wall-clock time: the server checks iat/exp
        try:
            # The token endpoint must not receive an Authorization header (clms_api.md A1).
            resp = self.session.post(
                self.key.token_uri,
                data={"grant_type": JWT_GRANT, "assertion": assertion},
                headers={"Accept": "application/json"},
            )
        except requests.RequestException as exc:
            raise AuthError(f"cannot reach the CLMS token endpoint ({type(exc).__name__})") \
                from None
        return _token_response(resp, "the CLMS token endpoint")


class CdseAuth(_BearerAuth):
    """Bearer tokens for CDSE downloads (OIDC password grant, client ``cdse-public``)."""

    def __init__(self, username: str, password: str, *, token_url: str = CDSE_TOKEN_URL,
                 totp: str | None = None, session: requests.Session | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(session, clock)
        self.username = username
        self._password = password
        self._totp = totp
        self.token_url = token_url

    def _fetch(self) -> tuple[str, float]:
        form = {"grant_type": "password", "client_id": "cdse-public",
                "username": self.username, "password": self._password}
        if self._totp:
            form["totp"] = self._totp
        try:
            resp = self.session.post(self.token_url, data=form,
                                     headers={"Accept": "application/json"})
        except requests.RequestException as exc:
            raise AuthError(f"cannot reach the CDSE identity server ({type(exc).__name__})") \
                from None
        return _token_response(resp, "the CDSE identity server")


def raise_for_status(resp: requests.Response) -> requests.Response:
    """Typed error with the server's message verbatim (no request headers, so no token)."""
    if resp.status_code >= 400:
        raise CatalogHTTPError(
            "The server answered with an error", url=resp.url, status=resp.status_code,
            server_message=server_message_from(resp.content, resp.headers.get("Content-Type",
                                                                                "")))
    return resp
