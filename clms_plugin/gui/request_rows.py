"""A data request as a Downloads row from the moment it is sent, in human words.

Why: the table used to stay empty for the whole server-side wait and then say "Request
finished: 10000000000: Finished_ok". Now a row appears at submit and walks through "Queued at
CLMS", "Being prepared by CLMS · 0:35", then (the same row, now a queue item) "Downloading
42 %", "Done" or "Failed: reason"; the raw task id lives in the tooltip only.

The posting and polling run in a QgsTask (:func:`start_request`) through the download layer's
public client (``DataRequestClient.post/poll/find_cdse_parent``) and queue (``add``); each
status crosses to the main thread as a queued Qt signal, never by touching widgets from
``run()``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from ..catalog import elsewhere
from ..download import datarequest
from ..download.queue import DownloadQueue, QueueItem, State
from .download_tasks import start_data_request
from .tasks import TaskRunner

_ids = itertools.count(1)


def tr(text: str) -> str:
    return QCoreApplication.translate("DownloadStates", text)


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class RequestRow:
    """A data request before its file is in the queue (then ``item_id`` takes over)."""

    title: str
    key: str = field(default_factory=lambda: f"request-{next(_ids)}")
    phase: str = "sending"  # sending, Queued, In_progress, failed, cancelled, done
    task_id: str = ""
    message: str = ""
    started: float = field(default_factory=time.monotonic)
    item_id: str = ""


def request_state(row: RequestRow, now: float | None = None) -> str:
    """The State cell of a request row."""
    elapsed = clock((now or time.monotonic()) - row.started)
    if row.phase == "sending":
        return tr("Sending request…")
    if row.phase == "Queued":
        return tr("Queued at CLMS")
    if row.phase == "In_progress":
        return tr("Being prepared by CLMS · %1").replace("%1", elapsed)
    if row.phase == "cancelled":
        return tr("Cancelled")
    if row.phase == "done":
        return tr("Ready, queued for download")
    return tr("Failed: %1").replace("%1", row.message or tr("unknown reason"))


def item_state(item: QueueItem) -> str:
    """The State cell of a queue item: what is happening, in words."""
    if item.state == State.RUNNING:
        if (item.meta or {}).get("phase") == "extracting":  # the queue unpacks off the GUI
            return tr("Extracting")
        frac = item.fraction
        if frac is not None:
            return tr("Downloading %1 %").replace("%1", str(int(100 * frac)))
        return tr("Downloading")
    if item.state == State.QUEUED:
        return tr("Waiting to download")
    if item.state == State.PAUSED:
        return tr("Paused")
    if item.state == State.DONE:
        return tr("Done")
    if item.state == State.CANCELLED:
        return tr("Cancelled")
    return tr("Failed: %1").replace("%1", item.error or tr("unknown reason"))


class RequestBridge(QObject):
    """Carries ``(row_key, changes)`` from the request task to the main thread."""

    changed = pyqtSignal(str, dict)


def start_request(runner: TaskRunner, client: datarequest.DataRequestClient,
                  entries: Sequence[datarequest.Entry], rules: dict, queue: DownloadQueue,
                  dest_dir: str | Path, row: RequestRow, emit: Callable[[str, dict], None],
                  on_done: Callable[[Any, BaseException | None], None],
                  poll_interval: float = 15.0):
    """Post, poll and queue the result in one QgsTask (``download_tasks.start_data_request``);
    ``emit(row.key, changes)`` reports every step to the row (call it through a queued
    signal: it runs on the worker thread)."""
    key = row.key
    reasons = {"Finished_nok": tr("CLMS could not prepare the data"),
               "Rejected": tr("CLMS rejected the request"),
               "Cancelled": tr("cancelled at CLMS")}

    def phase(changes: dict) -> None:
        if changes.get("phase") == "failed":  # the server's reason, else one in words
            status = changes.pop("status", "")
            changes["message"] = changes.get("message") or reasons.get(status, status)
        emit(key, changes)

    def done(result, error) -> None:
        if error is not None:
            emit(key, {"phase": "failed", "message": failure_text(error, row.title)})
        on_done(result, error)

    return start_data_request(
        runner, client, entries, rules, queue, dest_dir, done, poll_interval=poll_interval,
        title=row.title, on_phase=phase,
        task_name=tr("CLMS data request: %1").replace("%1", row.title))


def failure_text(error: BaseException, title: str = "") -> str:
    """A refusal in words: validation problems, "served elsewhere", or the server's text."""
    problems = getattr(error, "problems", None)
    if problems:
        return "; ".join(problems)
    if isinstance(error, datarequest.DataRequestRefused):
        where = elsewhere.for_refusal(str(error), title)
        if where is not None:
            return where.message
    return str(error) or type(error).__name__


class RequestRowsMixin:
    """Rows of :class:`RequestRow` in the Downloads table (mixin of the Downloads panel, which
    provides ``table``, ``queue``, ``requests``, ``_rows``, ``_row_for``, ``_set_cells``,
    ``_render``, ``fit_columns``, ``_update_buttons`` and the ``_clock`` timer)."""

    def _on_request_changed(self, key: str, changes: dict) -> None:
        row = self.requests.get(key)
        if row is None:
            return
        for name, value in changes.items():
            setattr(row, name, value)
        if row.item_id:
            index = self._rows.pop(key, None)
            if index is not None and row.item_id not in self._rows:
                self._rows[row.item_id] = index  # the queue item continues on the same row
            elif index is not None:  # the item made its own row first: drop this one
                self._drop_row(index)
            try:
                self._render(self.queue.get(row.item_id))
            except KeyError:
                pass
            return
        self._render_request(row)

    def _tick(self) -> None:
        active = [r for r in self.requests.values()
                  if not r.item_id and r.phase in ("sending", "Queued", "In_progress")]
        for row in active:
            self._render_request(row)
        if not active:
            self._clock.stop()

    def _render_request(self, row: RequestRow) -> None:
        index = self._row_for(row.key)
        state = request_state(row)
        tip = tr("CLMS task id: %1").replace("%1", row.task_id) if row.task_id else \
            tr("No CLMS task id yet")
        self._set_cells(index, row.key, [row.title, state, "", "", row.message],
                        [row.title, state + "\n" + tip])
        bar = self.table.cellWidget(index, 2)
        busy = row.phase in ("sending", "Queued", "In_progress")
        bar.setRange(0, 0 if busy else 1000)
        bar.setToolTip(state)
        self.fit_columns()
        self._update_buttons()

    def _drop_row(self, index: int) -> None:
        self.table.removeRow(index)
        self._rows = {k: (r - 1 if r > index else r) for k, r in self._rows.items()}

    def _adopt_request_row(self, item: QueueItem) -> None:
        """A result file continues on the row of the request that produced it."""
        tid = str(item.meta.get("task_id") or "")
        if not tid or item.id in self._rows:
            return
        for row in self.requests.values():
            if row.task_id == tid and row.key in self._rows and not row.item_id:
                row.item_id, row.phase = item.id, "done"
                self._rows[item.id] = self._rows.pop(row.key)
                return
