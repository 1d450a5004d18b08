"""Queue items: the live record the queue mutates and the frozen snapshot that crosses threads.

Why two classes: a worker thread updates progress several times a second; the GUI thread
renders. Handing the GUI the live object let it read an item half-updated (bytes of one moment,
total of another) and change it behind the queue's back. :class:`ItemSnapshot` is taken under
the queue's lock and cannot be changed (its ``meta`` is a read-only mapping). QGIS-free.
"""

from __future__ import annotations

import copy
import time
import uuid
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any


class State:
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    ACTIVE = (QUEUED, RUNNING)
    FINAL = (DONE, FAILED, CANCELLED)


@dataclass
class QueueItem:
    """One file to fetch (the queue's live record). ``meta`` carries display facts (dataset
    title, task id, link expiry) and the worker's results (``extracted`` files, ``phase``)."""

    url: str
    dest: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    title: str = ""
    expected_size: int | None = None
    checksum: str | None = None
    auth: str = ""
    state: str = State.QUEUED
    done_bytes: int = 0
    total_bytes: int | None = None
    rate: float = 0.0
    eta: float | None = None
    error: str = ""
    attempts: int = 0
    created: float = field(default_factory=time.time)
    finished: float | None = None
    bytes_received: int = 0  # bytes transferred over the network for this item, all sessions
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def fraction(self) -> float | None:
        if not self.total_bytes:
            return None
        return min(1.0, self.done_bytes / self.total_bytes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QueueItem:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    def snapshot(self) -> ItemSnapshot:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["meta"] = MappingProxyType(copy.deepcopy(self.meta))
        return ItemSnapshot(**values)


@dataclass(frozen=True)
class ItemSnapshot:
    """A read-only copy of a :class:`QueueItem` at one moment: what crosses threads."""

    url: str
    dest: str
    id: str
    title: str
    expected_size: int | None
    checksum: str | None
    auth: str
    state: str
    done_bytes: int
    total_bytes: int | None
    rate: float
    eta: float | None
    error: str
    attempts: int
    created: float
    finished: float | None
    bytes_received: int
    meta: MappingProxyType

    fraction = QueueItem.fraction
