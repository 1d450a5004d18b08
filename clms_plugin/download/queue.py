"""The download queue: a concurrency limit, per-item progress, pause/resume/cancel, persistence.

Why: a CLMS session produces several files (a data-request zip, STAC assets, GSW tiles); users
close QGIS while they download. The queue persists every item as JSON in a folder the caller
chooses (the QGIS profile in the plugin, a temp dir in tests), so a new process that opens the
same folder continues where the last one stopped — the bytes themselves are in the ``.part``
files of :mod:`.transfer`. QGIS-free; the GUI wraps it in QgsTasks.

Rules that keep the queue honest:
- a worker thread never dies: whatever it raises, the item ends *failed* with the message;
- a ``.zip`` is *done* only after its integrity was checked before the rename and it was
  extracted (on the worker thread, never the GUI's) into ``<dest without .zip>/``;
- ``on_change`` receives an immutable :class:`ItemSnapshot`, never the live record, so the
  GUI thread cannot read an item half-updated by a worker or change it behind the queue;
- the state file is replaced atomically; on a full disk the previous one stays intact;
- no secrets are persisted: items name an ``auth`` kind (``"clms"``, ``"cdse"`` or ``""``),
  the caller supplies ``auth_headers(item)`` at run time, and error texts are scrubbed.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import archive, fsutil, transfer
from .queue_items import ItemSnapshot, QueueItem, State
from .scrub import scrub

STATE_FILE = "download_queue.json"
__all__ = ["STATE_FILE", "DownloadQueue", "ItemSnapshot", "QueueItem", "State", "describe"]


class DownloadQueue:
    """Thread-based queue. ``start()`` runs items in the background, ``wait()`` joins them.

    Callbacks (``on_change(snapshot)``) run on worker threads: the GUI re-emits them as Qt
    signals. ``extract_archives`` (default on) unpacks finished ``.zip`` files on the worker.
    """

    def __init__(
        self,
        state_dir: str | os.PathLike,
        *,
        max_concurrent: int = 2,
        session_factory: Callable[[], Any] | None = None,
        auth_headers: Callable[[QueueItem], dict[str, str]] | None = None,
        auth_refresh: Callable[[QueueItem], None] | None = None,
        on_change: Callable[[ItemSnapshot], None] | None = None,
        transfer_options: dict[str, Any] | None = None,
        extract_archives: bool = True,
    ) -> None:
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.max_concurrent = max(1, int(max_concurrent))
        self.session_factory = session_factory
        self.auth_headers = auth_headers
        self.auth_refresh = auth_refresh
        self.on_change = on_change
        self.transfer_options = dict(transfer_options or {})
        self.extract_archives = extract_archives
        self.save_error = ""  # why the last save failed ("" when it worked)
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
        for stale in self.state_dir.glob(f".{STATE_FILE}.*.tmp"):  # a crash mid-save
            stale.unlink(missing_ok=True)
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
            item.error = scrub(item.error)  # files written by older versions
            if item.state == State.RUNNING:  # the previous process died mid-transfer
                item.state = State.QUEUED
            part = transfer.part_path(Path(item.dest))
            if item.state not in State.FINAL and part.exists():
                item.done_bytes = part.stat().st_size
            self._items[item.id] = item

    def save(self) -> bool:
        """Write the queue atomically; on failure (disk full) keep the old file, return False.

        Never raises: it runs in worker threads, which must not die of a full disk.
        """
        with self._lock:
            payload = {"version": 1, "items": [asdict(i) for i in self._items.values()]}
            try:
                fsutil.atomic_write_bytes(self.state_file,
                                          json.dumps(payload, indent=1).encode("utf-8"))
            except OSError as exc:
                self.save_error = f"the download list could not be saved: {exc}"
                return False
            self.save_error = ""
            self._last_save = time.monotonic()
            return True

    # -- public API ----------------------------------------------------------------------
    def add(self, url: str, dest: str | os.PathLike, **values: Any) -> QueueItem:
        """Queue a file; an item with the same destination that is not final is reused."""
        dest = str(Path(dest))
        with self._lock:
            for item in self._items.values():
                if item.dest == dest and item.state not in State.FINAL:
                    return item
            item = QueueItem(url=url, dest=dest, **values)
            self._items[item.id] = item
            self.save()
        self._changed(item)
        if self._running:
            self._pump()
        return item

    def items(self) -> list[QueueItem]:
        """The live records (read them on one thread only; prefer :meth:`snapshots`)."""
        with self._lock:
            return sorted(self._items.values(), key=lambda i: i.created)

    def get(self, item_id: str) -> QueueItem:
        return self._items[item_id]

    def snapshot(self, item_id: str) -> ItemSnapshot:
        """A consistent read-only copy, safe to hand to another thread (KeyError if gone)."""
        with self._lock:
            return self._items[item_id].snapshot()

    def snapshots(self) -> list[ItemSnapshot]:
        with self._lock:
            return [i.snapshot() for i in self.items()]

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
                return
            if item.state != State.QUEUED:
                return
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
            for p in (transfer.part_path(Path(item.dest)), transfer.meta_path(Path(item.dest))):
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

    def _update(self, item: QueueItem, **values: Any) -> None:
        """Change fields together under the lock, then publish one snapshot."""
        with self._lock:
            for key, value in values.items():
                setattr(item, key, value)
        self._changed(item)

    def _work(self, item: QueueItem) -> None:
        """The worker thread's body: nothing raised in here may escape (it would kill it)."""
        try:
            self._changed(item)
            self._run(item)
            outcome: dict[str, Any] = {"state": State.DONE, "rate": 0.0, "eta": 0.0,
                                       "finished": time.time()}
        except (transfer.TransferStopped, archive.ExtractionStopped) as stop:
            reason = self._stop.get(item.id) or getattr(stop, "reason", "") or "pause"
            outcome = {"rate": 0.0, "eta": None,
                       "state": {"cancel": State.CANCELLED, "shutdown": State.QUEUED}.get(
                           reason, State.PAUSED)}
            if reason == "cancel" and not item.meta.get("downloaded"):
                outcome["done_bytes"] = 0
        except BaseException as exc:  # noqa: BLE001 - the worker must survive anything
            outcome = {"state": State.FAILED, "error": scrub(describe(exc)), "rate": 0.0,
                       "eta": None}
        with self._lock:
            for key, value in outcome.items():
                setattr(item, key, value)
            item.meta.pop("phase", None)
            self._threads.pop(item.id, None)
            self._stop.pop(item.id, None)
            self.save()
        self._changed(item)
        try:
            self._pump()
        except Exception:  # noqa: BLE001 - starting the next item must not kill this thread
            pass

    def _run(self, item: QueueItem) -> None:
        """Download (unless a previous run did), then extract a zip; raise on any failure."""
        dest = Path(item.dest)
        is_zip = dest.suffix.lower() == ".zip"
        expired = _link_expired(item)
        if not (item.meta.get("downloaded") and dest.exists()):
            if expired:
                raise transfer.TransferError(
                    f"the download link expired at {expired} UTC (CLMS keeps result links "
                    "about 72 hours); request the data again")
            self._download(item, validate=archive.test_integrity if is_zip else None)
        if is_zip and self.extract_archives and not item.meta.get("extracted"):
            self._extract(item, dest)

    def _download(self, item: QueueItem, validate: Callable[[Path], None] | None) -> None:
        session = self.session_factory() if self.session_factory else None

        def headers() -> dict[str, str]:
            return self.auth_headers(item) if (self.auth_headers and item.auth) else {}

        def progress(p: transfer.Progress) -> None:
            self._update(item, done_bytes=p.done, total_bytes=p.total, rate=p.rate, eta=p.eta)
            if time.monotonic() - self._last_save > 1.0:
                self.save()

        try:
            result = transfer.download(
                item.url, item.dest, session=session, headers=headers,
                expected_size=item.expected_size, checksum=item.checksum,
                progress=progress, should_stop=self._should_stop(item), validate=validate,
                refresh_auth=(lambda: self.auth_refresh(item))
                if (self.auth_refresh and item.auth) else None,
                **self.transfer_options,
            )
        finally:
            if session is not None and hasattr(session, "close"):
                session.close()
        with self._lock:
            item.done_bytes = item.total_bytes = result.size
            item.bytes_received += result.bytes_received
            item.attempts += result.attempts
            item.meta["downloaded"] = True
            self.save()

    def _extract(self, item: QueueItem, dest: Path) -> None:
        """Unpack on this (worker) thread; ``meta['extracted']`` lists what to add to the map."""
        self._update(item, meta={**item.meta, "phase": "extracting"}, rate=0.0, eta=None)
        stop = self._should_stop(item)
        try:
            res = archive.extract(dest, dest.with_suffix(""), should_stop=lambda: bool(stop()))
        except archive.ArchiveError as exc:
            raise ExtractionFailed(f"extraction refused: {exc}") from None
        files = [str(p) for p in res.loadable()] or [str(res.target)]
        with self._lock:
            item.meta = {**item.meta, "extracted": files, "extracted_to": str(res.target)}

    def _should_stop(self, item: QueueItem) -> Callable[[], str | None]:
        def should_stop() -> str | None:
            reason = self._stop.get(item.id)
            return "pause" if reason == "shutdown" else reason

        return should_stop

    def _changed(self, item: QueueItem) -> None:
        if self.on_change is None:
            return
        try:
            with self._lock:
                snap = item.snapshot()
            self.on_change(snap)
        except Exception:  # noqa: BLE001 - a GUI callback must not kill a download
            pass


class ExtractionFailed(Exception):  # noqa: N818 - the message is the point
    """The archive was downloaded but not extracted; ``str()`` says why."""


def describe(exc: BaseException) -> str:
    """The message shown for a failure: ours verbatim, anything else with its type."""
    if isinstance(exc, (transfer.TransferError, ExtractionFailed, fsutil.NoSpaceError)):
        return str(exc)
    if fsutil.is_no_space(exc):
        name = getattr(exc, "filename", None)
        return fsutil.no_space_message(Path(str(name)).parent if name else "the disk", None)
    return f"{type(exc).__name__}: {exc}"


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
