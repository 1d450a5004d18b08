"""Local JSON catalogue cache, so the dock opens instantly and works offline.

Why raw JSON and not the models: the models may grow fields; re-parsing the raw items with the
current code keeps old caches useful. The folder is the caller's (the GUI passes the QGIS
profile folder); one file per API URL so a stand-in never pollutes the real catalogue.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .models import Dataset

CACHE_VERSION = 1


@dataclass
class CachedCatalog:
    api_url: str
    saved_at: float
    datasets: list[Dataset]

    @property
    def age_seconds(self) -> float:
        return max(0.0, time.time() - self.saved_at)


def describe_age(seconds: float) -> str:
    """Short English age ("3 min", "2 h", "5 days"); the GUI wraps it in tr()."""
    if seconds < 90:
        return f"{int(seconds)} s"
    if seconds < 5400:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


class CatalogCache:
    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)

    def path_for(self, api_url: str) -> Path:
        digest = hashlib.sha1(api_url.rstrip("/").encode("utf-8")).hexdigest()[:12]
        return self.folder / f"catalogue-{digest}.json"

    def save(self, api_url: str, raw_items: list[dict], saved_at: float | None = None) -> Path:
        """Write atomically (temp file + rename) so a crash never leaves a torn cache."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(api_url)
        payload = {
            "version": CACHE_VERSION,
            "api_url": api_url.rstrip("/"),
            "saved_at": time.time() if saved_at is None else saved_at,
            "items": raw_items,
        }
        fd, tmp = tempfile.mkstemp(prefix=".catalogue-", suffix=".part", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def load(self, api_url: str) -> CachedCatalog | None:
        """The cached catalogue, or None if absent, unreadable or of another version."""
        path = self.path_for(api_url)
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(payload, dict) or payload.get("version") != CACHE_VERSION:
            return None
        items = payload.get("items")
        if not isinstance(items, list):
            return None
        return CachedCatalog(
            api_url=str(payload.get("api_url", api_url)),
            saved_at=float(payload.get("saved_at", 0.0)),
            datasets=[Dataset.from_json(i) for i in items if isinstance(i, dict)],
        )
