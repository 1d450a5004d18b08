"""What a finished transfer is checked against: announced size, checksum, Retry-After.

Why separate: the checksum forms come from several sources (STAC ``file:checksum``
multihashes, ``algo:hex`` strings, bare hex) and an unknown form must be refused *before* a
download starts, with a message, instead of a ``ValueError`` from ``hashlib`` killing the
worker at the end of a 2 GB transfer. QGIS-free.
"""

from __future__ import annotations

import email.utils
import hashlib
import time
from pathlib import Path

MAX_RETRY_AFTER = 120.0
_READ = 1024 * 1024
# multihash codes (https://github.com/multiformats/multicodec): prefix -> (algorithm, hex digits)
_MULTIHASH = {"1114": ("sha1", 40), "1220": ("sha256", 64), "1340": ("sha512", 128),
              "d50110": ("md5", 32)}
_BY_LENGTH = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}


class UnknownChecksum(ValueError):  # noqa: N818 - names the condition
    """The checksum's algorithm cannot be determined or is not available here."""


def parse_checksum(checksum: str | None) -> tuple[str, str] | None:
    """``(algorithm, hex digest)`` from ``"sha256:<hex>"``, a multihash or a bare hex digest.

    Raises :class:`UnknownChecksum` for an algorithm this Python cannot compute or a form it
    cannot read, so the caller fails the item with that message instead of crashing later.
    """
    if not checksum:
        return None
    value = checksum.strip().lower()
    if ":" in value:
        algo, digest = value.split(":", 1)
        algo = algo.replace("-", "").strip()
    else:
        for prefix, (name, digits) in _MULTIHASH.items():
            if value.startswith(prefix) and len(value) == len(prefix) + digits:
                algo, digest = name, value[len(prefix):]
                break
        else:
            algo = _BY_LENGTH.get(len(value), "")
            digest = value
            if not algo:
                raise UnknownChecksum(f"cannot tell the algorithm of checksum {checksum!r} "
                                      f"({len(value)} characters)")
    if algo not in hashlib.algorithms_available:
        raise UnknownChecksum(f"unknown checksum algorithm {algo!r} (known: md5, sha1, "
                              "sha256, sha512, …)")
    if not digest or any(c not in "0123456789abcdef" for c in digest):
        raise UnknownChecksum(f"checksum {checksum!r} is not a hexadecimal digest")
    return algo, digest


def file_digest(path: Path, algo: str) -> str:
    h = hashlib.new(algo)
    with open(path, "rb") as fh:
        while chunk := fh.read(_READ):
            h.update(chunk)
    return h.hexdigest()


def retry_after_seconds(value: str | None, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or HTTP date), capped."""
    if not value:
        return default
    try:
        return max(0.0, min(float(value), MAX_RETRY_AFTER))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))
    except (TypeError, ValueError):
        return default
