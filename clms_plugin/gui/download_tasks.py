"""QgsTask wrappers so downloads and data requests show in the QGIS task manager.

Why: the core queue (``download.queue``) runs transfers on its own threads so it also works
outside QGIS and survives restarts; users nevertheless expect running downloads in the task
manager (progress bar in the status bar, cancel button). :class:`DownloadTask` mirrors one queue
item there — its progress is the item's bytes, cancelling it cancels the item.
:func:`start_data_request` posts a CLMS data request and polls it in a task, then queues the
result file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from qgis.core import QgsApplication, QgsTask

from ..download import datarequest
from ..download.queue import DownloadQueue, State
from .tasks import TaskRunner


class DownloadTask(QgsTask):
    """Mirror of one queue item in the task manager (the bytes move on the queue's thread)."""

    def __init__(self, queue: DownloadQueue, item_id: str) -> None:
        item = queue.get(item_id)
        super().__init__(f"CLMS download: {item.title or Path(item.dest).name}",
                         QgsTask.CanCancel)
        self.queue = queue
        self.item_id = item_id
        self.final_state = ""

    def run(self) -> bool:  # worker thread: an exception escaping here aborts QGIS (PyQt)
        while True:
            try:
                item = self.queue.get(self.item_id)
            except KeyError:  # removed from the queue meanwhile: nothing left to mirror
                return False
            if self.isCanceled():
                self.queue.cancel(self.item_id)
                return False
            if item.fraction is not None:
                self.setProgress(100.0 * item.fraction)
            if item.state not in State.ACTIVE:
                self.final_state = item.state
                return item.state == State.DONE
            time.sleep(0.1)


class TaskMirror:
    """Creates a :class:`DownloadTask` for every item that starts running."""

    def __init__(self, queue: DownloadQueue) -> None:
        self.queue = queue
        self.tasks: dict[str, DownloadTask] = {}

    def item_changed(self, item) -> None:
        """Call on the main thread (the panel forwards the queue's callback through a signal)."""
        if item.state != State.RUNNING:
            return
        task = self.tasks.get(item.id)
        if task is not None:
            try:
                if task.status() in (QgsTask.Queued, QgsTask.OnHold, QgsTask.Running):
                    return
            except RuntimeError:  # deleted on the C++ side
                pass
        task = DownloadTask(self.queue, item.id)
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
) -> QgsTask:
    """Validate, post, poll (back-off) and queue the result zip, all in one QgsTask.

    ``on_done(task_statuses, error)`` runs on the main thread; validation problems and the
    server's refusal arrive as ``error`` (``ValidationError`` / ``DataRequestRefused``).
    """
    dest_dir = Path(dest_dir)
    uids = [e.dataset_uid for e in entries]

    def work(task: QgsTask) -> list[datarequest.TaskStatus]:
        import datetime as dt

        since = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        ids = client.post(entries, rules)
        if not ids:  # CDSE-backed: the parent task appears in the search list later
            for _ in range(40):
                parent = client.find_cdse_parent(uids, since)
                if parent is not None:
                    ids = [parent.task_id]
                    break
                if task.isCanceled():
                    return []
                time.sleep(poll_interval)
        finals = []
        for n, task_id in enumerate(ids):
            final = client.poll(task_id, interval=poll_interval,
                                is_canceled=task.isCanceled,
                                on_status=lambda s, n=n: task.setProgress(
                                    100.0 * (n + (0.5 if s.status == "In_progress" else 0.1))
                                    / len(ids)))
            finals.append(final)
            if final.status == "Finished_ok" and final.download_url:
                name = final.download_url.rstrip("/").rsplit("/", 1)[-1] or f"{task_id}.zip"
                queue.add(final.download_url, dest_dir / f"{task_id}_{name}",
                          expected_size=final.file_size, title=_title(final),
                          meta={"task_id": task_id,
                                "link_expires": final.link_expires.isoformat()
                                if final.link_expires else ""})
        return finals

    return runner.start("CLMS data request", work, on_done)


def _title(status: datarequest.TaskStatus) -> str:
    titles = [str(d.get("DatasetTitle") or d.get("DatasetID")) for d in status.datasets]
    return "; ".join(dict.fromkeys(titles)) or f"CLMS task {status.task_id}"
