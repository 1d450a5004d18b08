"""QgsTask wrappers so downloads and data requests show in the QGIS task manager.

Why: the core queue (``download.queue``) runs transfers on its own threads so it also works
outside QGIS and survives restarts; users nevertheless expect running downloads in the task
manager (progress bar in the status bar, cancel button). :class:`DownloadTask` mirrors one queue
item there — its progress is the item's bytes, cancelling it cancels the item.
:func:`start_data_request` posts a CLMS data request and polls it in a task, then queues the
result file.

Worker-side rules (an exception escaping ``run()`` aborts QGIS; a mirror stuck on "running"
lies): :meth:`DownloadTask.run` catches everything and reports it as the task's ``error``; it
reads the queue only through immutable snapshots (``DownloadQueue.snapshot``), never the live
record a download thread is updating. Extraction of finished zips is done by the queue on its
own worker thread, never in a Qt slot.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from qgis.core import QgsApplication, QgsTask

from ..download import datarequest
from ..download.queue import DownloadQueue, ItemSnapshot, State
from .tasks import TaskRunner


class DownloadTask(QgsTask):
    """Mirror of one queue item in the task manager (the bytes move on the queue's thread)."""

    def __init__(self, queue: DownloadQueue, item_id: str, poll: float = 0.1) -> None:
        item = queue.snapshot(item_id)
        super().__init__(f"CLMS download: {item.title or Path(item.dest).name}",
                         QgsTask.CanCancel)
        self.queue = queue
        self.item_id = item_id
        self.poll = poll
        self.final_state = ""
        self.error = ""  # why the mirror ended without the item being done

    def run(self) -> bool:  # worker thread: an exception escaping here aborts QGIS (PyQt)
        try:
            return self._follow()
        except BaseException as exc:  # noqa: BLE001 - nothing may escape run()
            self.error = f"{type(exc).__name__}: {exc}"
            return False

    def _follow(self) -> bool:
        while True:
            try:
                item = self.queue.snapshot(self.item_id)
            except KeyError:  # removed from the queue meanwhile: nothing left to mirror
                self.error = "removed from the download list"
                return False
            if self.isCanceled():
                self.queue.cancel(self.item_id)
                return False
            if item.fraction is not None:
                self.setProgress(100.0 * item.fraction)
            if item.state not in State.ACTIVE:
                self.final_state = item.state
                self.error = item.error
                return item.state == State.DONE
            time.sleep(self.poll)


class TaskMirror:
    """Creates a :class:`DownloadTask` for every item that starts running."""

    def __init__(self, queue: DownloadQueue) -> None:
        self.queue = queue
        self.tasks: dict[str, DownloadTask] = {}

    def item_changed(self, item: ItemSnapshot) -> None:
        """Call on the main thread (the panel forwards the queue's snapshot through a signal)."""
        if item.state != State.RUNNING:
            return
        task = self.tasks.get(item.id)
        if task is not None:
            try:
                if task.status() in (QgsTask.Queued, QgsTask.OnHold, QgsTask.Running):
                    return
            except RuntimeError:  # deleted on the C++ side
                pass
        try:
            task = DownloadTask(self.queue, item.id)
        except KeyError:  # removed between the signal and this slot
            return
        self.tasks[item.id] = task
        QgsApplication.taskManager().addTask(task)

    def cancel_all(self, wait_ms: int = 3000) -> None:
        """Cancel every mirror and wait (briefly: they poll every 0.1 s) until their ``run()``
        has returned. Unloading the plugin while a mirror still runs aborted QGIS."""
        tasks = list(self.tasks.values())
        for task in tasks:
            try:
                task.cancel()
            except RuntimeError:
                pass
        for task in tasks:
            try:
                task.waitForFinished(wait_ms)
            except RuntimeError:
                pass
        self.tasks.clear()


def start_data_request(
    runner: TaskRunner,
    client: datarequest.DataRequestClient,
    entries: Sequence[datarequest.Entry],
    rules: dict[str, datarequest.DatasetRules],
    queue: DownloadQueue,
    dest_dir: str | Path,
    on_done: Callable[[Any, BaseException | None], None],
    poll_interval: float = 15.0,
    title: str = "",
    on_phase: Callable[[dict], None] | None = None,
    task_name: str = "CLMS data request",
) -> QgsTask:
    """Validate, post, poll (back-off) and queue the result zip, all in one QgsTask.

    ``on_done(queue_items, error)`` runs on the main thread; validation problems and the
    server's refusal arrive as ``error`` (``ValidationError`` / ``DataRequestRefused``).
    ``on_phase(changes)`` reports each step of the first task ("Queued", "In_progress",
    "done" with the queue item, "failed" with the server's reason) from the worker thread:
    route it through a queued signal. The one implementation the dock and scripts share.
    """
    dest_dir = Path(dest_dir)
    uids = [e.dataset_uid for e in entries]
    phase = on_phase or (lambda _changes: None)

    def work(task: QgsTask) -> list:
        import datetime as dt

        since = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        ids = client.post(entries, rules)
        phase({"phase": "Queued"})
        if not ids:  # CDSE-backed: the parent task appears in the search list later
            for _ in range(40):
                parent = client.find_cdse_parent(uids, since)
                if parent is not None:
                    ids = [parent.task_id]
                    break
                if task.isCanceled():
                    return []
                time.sleep(poll_interval)
        items = []
        for n, task_id in enumerate(ids):
            def status(s, task_id=task_id, n=n) -> None:
                task.setProgress(100.0 * (n + (0.5 if s.status == "In_progress" else 0.1))
                                 / len(ids))
                if n == 0 and s.status in ("Queued", "In_progress"):
                    phase({"phase": s.status, "task_id": task_id})

            final = client.poll(task_id, interval=poll_interval, is_canceled=task.isCanceled,
                                on_status=status)
            if final.status == "Finished_ok" and final.download_url:
                # the path's last part: a signed link's query string never becomes a file name
                path = urlparse(final.download_url).path
                name = path.rstrip("/").rsplit("/", 1)[-1] or f"{task_id}.zip"
                item = queue.add(final.download_url, dest_dir / f"{task_id}_{name}",
                                 expected_size=final.file_size,
                                 title=title or _title(final),  # what the user asked for
                                 meta={"task_id": task_id,
                                       "link_expires": final.link_expires.isoformat()
                                       if final.link_expires else ""})
                items.append(item)
                if n == 0:
                    phase({"phase": "done", "item_id": item.id, "task_id": task_id})
            elif n == 0:
                if task.isCanceled():
                    phase({"phase": "cancelled", "task_id": task_id})
                else:
                    phase({"phase": "failed", "status": final.status,
                           "message": final.message, "task_id": task_id})
        return items

    return runner.start(task_name, work, on_done)


def _title(status: datarequest.TaskStatus) -> str:
    titles = [str(d.get("DatasetTitle") or d.get("DatasetID")) for d in status.datasets]
    return "; ".join(dict.fromkeys(t for t in titles if t and t != "None")) or \
        f"CLMS task {status.task_id}"
