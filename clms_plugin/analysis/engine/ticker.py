"""Progress and cancel inside a window, from any thread (QGIS-free).

Why: a window of a deep stack (hundreds of bands × hundreds of kpx) can take tens of seconds
in a kernel; polling only between windows left a user waiting 24 s for cancel and with no
progress before the first window was written. Kernels that work in pieces call
``block.checkpoint(pixels)`` between them; this object turns those calls into progress and
into a prompt :class:`Cancelled` in the thread that runs the kernel.

Threading: ``is_canceled``/``progress`` are the caller's callbacks (QGIS feedback objects
are meant to be polled from the thread that runs the algorithm), so only the runner's own
thread calls them — either from a checkpoint when the kernel runs in that thread, or from
:meth:`Ticker.poll` while it waits for a pool thread. Pool threads only read a flag.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Cancelled(RuntimeError):  # noqa: N818 - the name other modules catch
    """The run was cancelled; no output file was left behind."""


class Ticker:
    """Pixels done (whole windows written + pieces of windows in flight) and the cancel flag."""

    POLL_SECONDS = 0.1

    def __init__(self, total_px: float, progress: Callable[[float], None] | None,
                 is_canceled: Callable[[], bool] | None) -> None:
        self.total = max(1.0, float(total_px))
        self.progress = progress
        self.is_canceled = is_canceled or (lambda: False)
        self.owner = threading.get_ident()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.done = 0.0  # pixels of windows written
        self.partial = 0.0  # pixels checkpointed in windows not yet written
        self.reported = -1.0
        self.last_poll = 0.0

    def tick(self, pixels: float) -> float:
        """Count ``pixels`` of a window in flight; raise :class:`Cancelled` when cancelled.

        Returns the pixels counted, which the window gives back in :meth:`window_done`.
        """
        with self.lock:
            self.partial += pixels
        if threading.get_ident() == self.owner:
            self.poll(force=True)
        elif self.stop.is_set():
            raise Cancelled("cancelled by the user")
        return pixels

    def window_done(self, window_px: float, ticked: float) -> None:
        """A window was written: its pixels move from "in flight" to "done"."""
        with self.lock:
            self.partial -= ticked
            self.done += window_px
        self._report()

    def poll(self, force: bool = False) -> None:
        """From the runner's thread: check cancel, report progress (at most every 0.1 s)."""
        now = time.monotonic()
        if not force and now - self.last_poll < self.POLL_SECONDS:
            return
        self.last_poll = now
        if self.stop.is_set() or self.is_canceled():
            self.stop.set()
            raise Cancelled("cancelled by the user")
        self._report()

    def _report(self) -> None:
        if self.progress is None or threading.get_ident() != self.owner:
            return
        with self.lock:
            pct = min(100.0, 100.0 * (self.done + max(0.0, self.partial)) / self.total)
        if pct > self.reported:  # never backwards
            self.reported = pct
            self.progress(pct)
