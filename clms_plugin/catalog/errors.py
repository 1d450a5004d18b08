"""Typed catalogue errors.

Why: the dock must tell the truth about failures ("which URL, what status, what did the server
say, what can I do"), and the download helper must tell a retryable network failure from a
server refusal. A bare ``requests`` exception carries neither in a stable shape.
"""

from __future__ import annotations

import json

MAX_MESSAGE_CHARS = 500


class CatalogError(Exception):
    """Base class: every catalogue failure names the URL and, when known, status and message."""

    hint = ""

    def __init__(
        self,
        message: str,
        *,
        url: str = "",
        status: int | None = None,
        server_message: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status
        self.server_message = server_message

    def __str__(self) -> str:
        parts = [self.message]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.url:
            parts.append(f"URL: {self.url}")
        if self.server_message:
            parts.append(f"server said: {self.server_message}")
        return " — ".join(parts)


class CatalogNetworkError(CatalogError):
    """The server could not be reached (DNS, refused, dropped connection, timeout, proxy)."""

    hint = "Check the network connection and the proxy settings (QGIS Options > Network)."


class CatalogTimeoutError(CatalogNetworkError):
    """The server did not answer within the configured timeout."""

    hint = "The server is slow or unreachable; try again later or raise the timeout."


class CatalogHTTPError(CatalogError):
    """The server answered with an HTTP error status (after retries for 429/5xx)."""

    @property
    def hint(self) -> str:  # type: ignore[override]
        if self.status in (401, 403):
            return "The server refused access; check the CLMS credentials or the API URL."
        if self.status == 404:
            return "The address was not found; check the API URL setting (or CLMS_API_URL)."
        if self.status == 429:
            return "The server is rate limiting requests; wait a moment and try again."
        if self.status is not None and self.status >= 500:
            return "The server had an internal problem; try again later."
        return "The request was refused by the server."


class CatalogResponseError(CatalogError):
    """The server answered 200 but the body is not the JSON shape expected."""

    hint = "The server sent an unexpected response; a proxy or captive portal may be in the way."


def server_message_from(body: bytes | str, content_type: str = "") -> str:
    """Extract a human message from an error body (Plone JSON ``message``/``error`` or text)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = text.strip()
    if not text:
        return ""
    if "json" in content_type or text[:1] in "{[":
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key in ("message", "msg", "error_description", "error", "detail", "type"):
                value = data.get(key)
                if isinstance(value, dict):
                    value = value.get("message") or value.get("type")
                if value:
                    return str(value)[:MAX_MESSAGE_CHARS]
    return " ".join(text.split())[:MAX_MESSAGE_CHARS]


class CatalogCancelled(CatalogError):  # noqa: N818 - a state, not an error
    """The caller cancelled the operation (between pages / requests)."""

    hint = ""
