"""The download queue: a concurrency limit, per-item progress, pause/resume/cancel, persistence.

Why: a CLMS session produces several files (a data-request zip, STAC assets, GSW tiles); users
close QGIS while they download. The queue persists every item as JSON in a folder the caller
chooses (the QGIS profile in the plugin, a temp dir in tests), so a new process that opens the
same folder continues where the last one stopped — the bytes themselves are in the
``.part`` files of :mod:`.transfer`. QGIS-free; the GUI wraps it in QgsTasks.

No secrets are persisted: items name an ``auth`` kind (``"clms"``, ``"cdse"`` or ``""``) and the
caller supplies ``auth_headers(item) -> dict`` at run time from the in-memory token.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import transfer

STATE_FILE = "download_queue.json"


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
    """One file to fetch. ``meta`` carries display facts (dataset title, task id, link expiry)."""

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


class DownloadQueue:
    """Thread-based queue. ``start()`` runs items in the background, ``wait()`` joins them.

    Callbacks (``on_change(item)``) run on worker threads: the GUI re-emits them as Qt signals.
    """

    def __init__(
        self,
        state_dir: str | os.PathLike,
        *,
        max_concurrent: int = 2,
        session_factory: Callable[[], Any] | None = None,
        auth_headers: Callable[[QueueItem], dict[str, str]] | None = None,
        auth_refresh: Callable[[QueueItem], None] | None = None,
        on_change: Callable[[QueueItem], None] | None = None,
        transfer_options: dict[str, Any] | None = None,
    ) -> None:
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.max_concurrent = max(1, int(max_concurrent))
        self.session_factory = session_factory
        self.auth_headers = auth_headers
        self.auth_refresh = auth_refresh
        self.on_change = on_change
        self.transfer_options = dict(transfer_options or {})
        self._lock = threading.RLock()
        self._items: dict[str, QueueItem] = {}
        self._stop: dict[str, str] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._running = False
        self._last_save = 0.0
        self._load()

    # -- persistence ---------------------------------------------------------------------
    @property
    def state_file(self) -> Path:
        return self.state_dir / STATE_FILE

    def _load(self) -> None:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except ValueError:
            # A corrupt state file must not lose the downloads: keep it aside, start empty.
            os.replace(self.state_file, self.state_file.with_suffix(".corrupt.json"))
            return
        for raw in data.get("items", []):
            item = QueueItem.from_dict(raw)
            if item.state == State.RUNNING:  # the previous process died mid-transfer
                item.state = State.QUEUED
            part = transfer.part_path(Path(item.dest))
            if item.state not in State.FINAL and part.exists():
                item.done_bytes = part.stat().st_size
            self._items[item.id] = item

    def save(self) -> None:
        """Write the queue atomically (temp file + rename) so a crash never corrupts it."""
        with self._lock:
            payload = {"version": 1, "items": [asdict(i) for i in self._items.values()]}
            tmp = self.state_file.with_name(self.state_file.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(payload, indent=1), encoding="utf-8")
            os.replace(tmp, self.state_file)
            self._last_save = time.monotonic()

    # -- public API ----------------------------------------------------------------------
    def add(self, url: str, dest: str | os.PathLike, **fields: Any) -> QueueItem:
        """Queue a file; an item with the same destination that is not final is reused."""
        dest = str(Path(dest))
        with self._lock:
            for item in self._items.values():
                if item.dest == dest and item.state not in State.FINAL:
                    return item
            item = QueueItem(url=url, dest=dest, **fields)
            self._items[item.id] = item
            self.save()
        self._changed(item)
        if self._running:
            self._pump()
        return item

    def items(self) -> list[QueueItem]:
        with self._lock:
            return sorted(self._items.values(), key=lambda i: i.created)

    def get(self, item_id: str) -> QueueItem:
        return self._items[item_id]

    def remove(self, item_id: str) -> None:
        """Forget a finished/cancelled item (the file on disk stays)."""
        with self._lock:
            item = self._items[item_id]
            if item.state in State.ACTIVE:
                raise ValueError("cancel the download before removing it")
            del self._items[item_id]
            self.save()

    def start(self) -> None:
        self._running = True
        self._pump()

    def stop(self, wait: bool = True) -> None:
        """Pause everything running (kept as queued for the next session), e.g. at unload."""
        self._running = False
        with self._lock:
            for item_id in list(self._threads):
                self._stop[item_id] = "shutdown"
        if wait:
            self.wait()

    def pause(self, item_id: str) -> None:
        with self._lock:
            item = self._items[item_id]
            if item.state == State.RUNNING:
                self._stop[item_id] = "pause"
            elif item.state == State.QUEUED:
                item.state = State.PAUSED
                self.save()
                self._changed(item)

    def resume(self, item_id: str) -> None:
        with self._lock:
            item = self._items[item_id]
            if item.state in (State.PAUSED, State.FAILED):
                item.state = State.QUEUED
                item.error = ""
                self.save()
        self._changed(item)
        if self._running:
            self._pump()

    retry = resume

    def cancel(self, item_id: str) -> None:
        """Stop and delete the partial file; a finished file is left alone."""
        with self._lock:
            item = self._items[item_id]
            if item.state == State.RUNNING:
                self._stop[item_id] = "cancel"
                return
            if item.state in State.FINAL and item.state != State.FAILED:
                return
            item.state = State.CANCELLED
            for p in (transfer.part_path(Path(item.dest)),
                      Path(item.dest).with_name(Path(item.dest).name + ".part.json")):
                p.unlink(missing_ok=True)
            self.save()
        self._changed(item)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no item is running or queued (while started). True if all settled."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                threads = list(self._threads.values())
                pending = self._running and any(
                    i.state == State.QUEUED for i in self._items.values())
            if not threads and not pending:
                return True
            for t in threads:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                t.join(left)
            if deadline is not None and time.monotonic() >= deadline:
                return False
            if not threads:
                time.sleep(0.05)

    # -- workers -------------------------------------------------------------------------
    def _pump(self) -> None:
        with self._lock:
            if not self._running:
                return
            slots = self.max_concurrent - len(self._threads)
            for item in self.items():
                if slots <= 0:
                    break
                if item.state != State.QUEUED or item.id in self._threads:
                    continue
                item.state = State.RUNNING
                item.error = ""
                thread = threading.Thread(target=self._work, args=(item,), daemon=True,
                                          name=f"clms-download-{item.id}")
                self._threads[item.id] = thread
                slots -= 1
                thread.start()
            self.save()

    def _work(self, item: QueueItem) -> None:
        self._changed(item)
        session = self.session_factory() if self.session_factory else None

        def headers() -> dict[str, str]:
            return self.auth_headers(item) if (self.auth_headers and item.auth) else {}

        def progress(p: transfer.Progress) -> None:
            item.done_bytes, item.total_bytes = p.done, p.total
            item.rate, item.eta = p.rate, p.eta
            self._changed(item)
            if time.monotonic() - self._last_save > 1.0:
                self.save()

        def should_stop() -> str | None:
            reason = self._stop.get(item.id)
            if reason == "shutdown":
                return "pause"
            return reason

        expired = _link_expired(item)
        try:
            if expired:
                raise transfer.TransferError(
                    f"the download link expired at {expired} UTC (CLMS keeps result links "
                    "about 72 hours); request the data again")
            result = transfer.download(
                item.url, item.dest, session=session, headers=headers,
                expected_size=item.expected_size, checksum=item.checksum,
                progress=progress, should_stop=should_stop,
                refresh_auth=(lambda: self.auth_refresh(item))
                if (self.auth_refresh and item.auth) else None,
                **self.transfer_options,
            )
            item.state = State.DONE
            item.done_bytes = item.total_bytes = result.size
            item.bytes_received += result.bytes_received
            item.attempts += result.attempts
            item.rate, item.eta = 0.0, 0.0
            item.finished = time.time()
        except transfer.TransferStopped as stop:
            shutdown = self._stop.get(item.id) == "shutdown"
            if stop.reason == "cancel":
                item.state = State.CANCELLED
                item.done_bytes = 0
            else:
                item.state = State.QUEUED if shutdown else State.PAUSED
            item.rate, item.eta = 0.0, None
        except transfer.TransferError as exc:
            item.state = State.FAILED
            item.error = str(exc)
        except OSError as exc:  # disk full, permission denied …
            item.state = State.FAILED
            item.error = f"{type(exc).__name__}: {exc}"
        finally:
            if session is not None and hasattr(session, "close"):
                session.close()
            with self._lock:
                self._threads.pop(item.id, None)
                self._stop.pop(item.id, None)
                self.save()
        self._changed(item)
        self._pump()

    def _changed(self, item: QueueItem) -> None:
        if self.on_change is not None:
            try:
                self.on_change(item)
            except Exception:  # noqa: BLE001 - a GUI callback must not kill a download
                pass


def _link_expired(item: QueueItem) -> str:
    """The expiry (ISO, naive UTC) if ``meta['link_expires']`` is in the past, else ''."""
    import datetime as dt

    when = item.meta.get("link_expires")
    if not when:
        return ""
    try:
        expiry = dt.datetime.fromisoformat(str(when))
    except ValueError:
        return ""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if expiry.tzinfo is not None:
        expiry = expiry.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return expiry.isoformat(timespec="minutes") if now >= expiry else ""
