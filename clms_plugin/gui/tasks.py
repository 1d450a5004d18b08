"""QgsTask wrapper for the dock's network work.

Why: every network call must run off the GUI thread, and QGIS's rules for tasks are easy to
break: an exception escaping ``run()`` is lost (or worse), and widgets may only be touched on
the main thread. :class:`FunctionTask` runs a plain function in ``run()``, keeps any exception
as data, and hands ``(result, error)`` to a callback from ``finished()`` (main thread).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask

from ..catalog.errors import CatalogCancelled

LOG_TAG = "CLMS Toolbox"


class FunctionTask(QgsTask):
    """Run ``fn(task)`` in a worker; call ``on_done(result, error)`` on the main thread.

    ``fn`` must only use data copied in beforehand (no QObjects); it may call
    ``task.isCanceled()`` and ``task.setProgress()``.
    """

    def __init__(
        self,
        description: str,
        fn: Callable[[QgsTask], Any],
        on_done: Callable[[Any, BaseException | None], None],
    ) -> None:
        super().__init__(description, QgsTask.CanCancel)
        self._fn = fn
        self._on_done = on_done
        self.result_value: Any = None
        self.error: BaseException | None = None

    def run(self) -> bool:  # worker thread: never raise, never touch widgets
        try:
            self.result_value = self._fn(self)
            return not self.isCanceled()
        except CatalogCancelled as exc:
            self.error = exc
            return False
        except BaseException as exc:  # noqa: BLE001 - nothing may escape run()
            self.error = exc
            QgsMessageLog.logMessage(
                f"{self.description()}: {type(exc).__name__}: {exc}\n"
                + "".join(traceback.format_exception(exc))[-2000:],
                LOG_TAG, Qgis.Warning,
            )
            return False

    def finished(self, result: bool) -> None:  # main thread
        if not result and self.error is None:
            self.error = CatalogCancelled("Cancelled")
        try:
            self._on_done(self.result_value, self.error)
        except Exception as exc:  # noqa: BLE001 - a GUI bug must not kill the task manager
            QgsMessageLog.logMessage(f"{self.description()} callback failed: {exc}", LOG_TAG,
                                     Qgis.Critical)


class TaskRunner:
    """Keeps Python references to running tasks (QGIS owns the C++ side) and cancels them."""

    def __init__(self) -> None:
        self._tasks: set[FunctionTask] = set()
        self.alive = True

    def start(self, description: str, fn: Callable[[QgsTask], Any],
              on_done: Callable[[Any, BaseException | None], None]) -> FunctionTask:
        def done(result: Any, error: BaseException | None) -> None:
            self._tasks.discard(task)
            if self.alive:
                on_done(result, error)

        task = FunctionTask(description, fn, done)
        self._tasks.add(task)
        QgsApplication.taskManager().addTask(task)
        return task

    @property
    def running(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            try:
                task.cancel()
            except RuntimeError:  # C++ object already gone
                self._tasks.discard(task)

    def shutdown(self) -> None:
        self.alive = False
        self.cancel_all()
