"""One resumable HTTP transfer: ``.part`` file, ``Range`` resume, verification, atomic rename.

Why: CLMS results are zip files of hundreds of MB behind links that expire; connections drop
or stall, servers answer 429/503, some answer HTTP 200 with an error page instead of the file,
some ignore ``If-Range``. A transfer is *done* only when its bytes are the file the server
meant; anything else is retried or fails with a message that says why. QGIS-free.

Guarantees:
- bytes go to ``<dest>.part``; the final name appears only after the size (and checksum, and
  the caller's ``validate``, e.g. zip integrity) is verified, through ``os.replace``;
- a resume sends ``Range`` with ``If-Range`` (ETag or Last-Modified kept in
  ``<dest>.part.json``); a 206 whose validators or total differ from the stored ones (a server
  ignoring ``If-Range``) restarts from byte 0; a ``.part`` without its state file restarts;
- no byte for ``stall_timeout`` seconds counts as a dropped connection (retried with back-off,
  then *failed*); pause and cancel are answered within ~0.1 s whatever the link does;
- an error body (JSON, invalid JSON, HTML) is recognised from its bytes, not its Content-Type;
  a body without a length that ends early is never trusted: the end is confirmed by a Range
  probe (416) or by a second identical read;
- a full disk fails with "no space left on <folder> (needs N MB)"; the ``.part`` is kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import requests

from .checks import (  # noqa: F401 - re-exported, callers use transfer.*
    UnknownChecksum,
    file_digest,
    parse_checksum,
    retry_after_seconds,
)
from .transfer_job import TransferJob
from .transfer_types import (  # noqa: F401 - re-exported, callers use transfer.*
    CHUNK,
    STALL_TIMEOUT,
    TEXT_SUFFIXES,
    ChecksumMismatch,
    Progress,
    TransferError,
    TransferResult,
    TransferStopped,
    _meta_path,
    meta_path,
    part_path,
)


def download(
    url: str,
    dest: str | os.PathLike,
    *,
    session: requests.Session | None = None,
    headers: dict[str, str] | Callable[[], dict[str, str]] | None = None,
    expected_size: int | None = None,
    checksum: str | None = None,
    chunk_size: int = CHUNK,
    max_attempts: int = 8,
    backoff: float = 1.0,
    max_backoff: float = 60.0,
    timeout: tuple[float, float] = (10.0, STALL_TIMEOUT),
    stall_timeout: float | None = None,
    allow_text: bool | None = None,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], str | None] | None = None,
    sleep: Callable[[float], None] | None = None,
    refresh_auth: Callable[[], None] | None = None,
    validate: Callable[[Path], None] | None = None,
) -> TransferResult:
    """Download ``url`` to ``dest`` resuming from ``dest.part``; return what happened.

    ``headers`` may be a callable so a bearer token is fetched fresh on each attempt; on a 401
    ``refresh_auth()`` is called and the request re-sent once. ``should_stop()`` returning
    ``"pause"`` keeps the ``.part``, ``"cancel"`` deletes it; both raise
    :class:`TransferStopped`. ``stall_timeout`` defaults to ``timeout[1]`` (60 s).
    ``validate(part)`` may raise ``ValueError`` when the complete file is damaged (zip
    integrity): it is then fetched once more from zero, then the transfer fails.
    ``allow_text`` (default: by the file name, see :data:`TEXT_SUFFIXES`) accepts a JSON or
    HTML body as the file. ``sleep`` (tests) replaces the stop-aware back-off wait.
    Raises :class:`TransferError` (and :class:`ChecksumMismatch`) with a message; never
    leaves a wrong file under ``dest``.
    """
    try:
        want = parse_checksum(checksum)
    except UnknownChecksum as exc:
        raise TransferError(str(exc), url=url) from None
    if allow_text is None:
        allow_text = Path(dest).suffix.lower() in TEXT_SUFFIXES
    job = TransferJob(url, Path(dest), session, headers, expected_size, want, chunk_size,
                      max_attempts, backoff, max_backoff, timeout[0],
                      float(stall_timeout if stall_timeout is not None else timeout[1]),
                      allow_text, progress, should_stop, sleep, refresh_auth, validate)
    try:
        return job.run()
    finally:
        if session is None:
            job.session.close()
