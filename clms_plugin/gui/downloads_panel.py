"""The dock's "Downloads" tab: credentials, the persisted queue in human words, and actions.

Why: downloads outlive dialogs and QGIS sessions; one place shows every item — from the moment a
data request is sent ("Queued at CLMS", "Being prepared by CLMS · 0:35") through "Downloading
42 %" to "Done" or "Failed: reason" — with pause / resume / cancel, open folder and add to map.
Finished files are added to the map by default (setting ``add_finished_to_map``) with a
message-bar note naming the layers and an *Open folder* action. The queue is the core
:class:`~..download.queue.DownloadQueue`; its callbacks arrive on worker threads and are
re-emitted as a Qt signal, so widgets are touched on the main thread only. The tab stays usable
at 360 px: secondary actions live in a *More* menu, the title column takes the width.

Attach it to the dock with :func:`attach` (``dock.add_tab``).
"""

from __future__ import annotations

import time
from pathlib import Path

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..catalog import elsewhere
from ..catalog.http import make_session
from ..download import datarequest
from ..download.queue import DownloadQueue, QueueItem, State
from . import auth_store, settings
from .credentials_panel import CredentialsBox
from .download_tasks import TaskMirror
from .downloads_extra import DownloadsExtras, human_bytes, human_eta, make_table
from .request_dialog import RequestDialog
from .request_rows import (
    RequestBridge,
    RequestRow,
    RequestRowsMixin,
    failure_text,
    item_state,
    start_request,
)
from .tasks import TaskRunner

COLUMNS = ("Item", "State", "Progress", "Rate / ETA", "Message")
__all__ = ["COLUMNS", "DownloadsPanel", "RequestDialog", "attach", "human_bytes", "human_eta"]


def tr(text: str) -> str:
    return QCoreApplication.translate("DownloadsPanel", text)


class _Bridge(QObject):
    changed = pyqtSignal(object)


class DownloadsPanel(RequestRowsMixin, DownloadsExtras, QWidget):
    """Credentials box, table of requests and queue items, action buttons."""

    layersAdded = pyqtSignal(list)  # noqa: N815 - list of QgsRasterLayer
    showRequested = pyqtSignal()  # noqa: N815 - bring this tab to the front
    noticeRequested = pyqtSignal(str, int)  # noqa: N815 - (text, Qgis level) for the message bar

    def __init__(self, state_dir: str | Path, download_dir: str | Path, parent=None, *,
                 max_concurrent: int = 2, session_factory=None, project=None,
                 network_settings=None) -> None:
        super().__init__(parent)
        self.setObjectName("clmsDownloadsPanel")
        self.download_dir = Path(download_dir)
        self.project = project
        self.network_settings = network_settings  # QGIS proxy/CA, read on the main thread
        if session_factory is None and network_settings is not None:
            def session_factory():
                return make_session(network_settings, retries=0)
        self._bridge = _Bridge()
        self._bridge.changed.connect(self._on_item_changed, Qt.QueuedConnection)
        self._requests_bridge = RequestBridge()
        self._requests_bridge.changed.connect(self._on_request_changed, Qt.QueuedConnection)
        self.queue = DownloadQueue(state_dir, max_concurrent=max_concurrent,
                                   session_factory=session_factory,
                                   auth_headers=self._auth_headers,
                                   auth_refresh=self._auth_refresh,
                                   on_change=self._bridge.changed.emit)
        self.mirror = TaskMirror(self.queue)
        self.runner = TaskRunner()
        self.api_url = ""
        self.poll_interval = 15.0
        self.canvas = None
        self.message_bar = None
        self._clms = None
        self._cdse = None
        self._cdse_token_url = ""
        self._pending: tuple | None = None  # a request waiting for the first service key
        self._rows: dict[str, int] = {}
        self.requests: dict[str, RequestRow] = {}
        self._announced: set[str] = set()

        self.credentials = CredentialsBox(self)
        self.cred_label = self.credentials.status
        self.credentials.importFileRequested.connect(self.import_service_key)
        self.credentials.keyPasted.connect(self.import_service_key)
        self.credentials.cdseRequested.connect(self.set_cdse_account)
        self.credentials.s3Requested.connect(self.set_s3_keys)
        self.credentials.removeRequested.connect(self.remove_credentials)

        self.table = make_table(self, COLUMNS, tr)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)

        self.buttons: dict = {}
        row = QHBoxLayout()
        for key, label, slot in (("pause", tr("Pause"), self.pause_selected),
                                 ("resume", tr("Resume"), self.resume_selected),
                                 ("cancel", tr("Cancel"), self.cancel_selected)):
            button = QPushButton(label, self)
            button.setObjectName(f"clmsDownloads_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("clmsDownloadsMore")
        self.more_button.setText(tr("More"))
        self.more_button.setPopupMode(QToolButton.InstantPopup)
        self.more_menu = QMenu(self.more_button)
        for key, label, slot in (("folder", tr("Open folder"), self.open_folder),
                                 ("map", tr("Add to map"), self.add_selected_to_map),
                                 ("remove", tr("Remove from list"), self.remove_selected)):
            action = self.more_menu.addAction(label, slot)
            action.setObjectName(f"clmsDownloads_{key}")
            self.buttons[key] = action
        self.more_menu.addSeparator()
        self.auto_map_action = self.more_menu.addAction(tr("Add finished downloads to the map"))
        self.auto_map_action.setCheckable(True)
        self.auto_map_action.setChecked(settings.add_to_map())
        self.auto_map_action.toggled.connect(settings.set_add_to_map)
        self.more_button.setMenu(self.more_menu)
        row.addWidget(self.more_button)
        row.addStretch(1)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("clmsDownloadsStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setOpenExternalLinks(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.credentials)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        self._clock = QTimer(self)  # "Being prepared by CLMS · 0:35" ticks
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        for item in self.queue.items():
            self._render(item)
        self._update_buttons()
        self._update_credentials()

    # -- queue -------------------------------------------------------------------------------
    def start(self) -> None:
        """Continue what the previous session left (queued or interrupted items).

        Token providers are made here, on the main thread, and only when an unfinished item
        needs them (reading the auth DB may ask for the master password).
        """
        needs = {i.auth for i in self.queue.items() if i.state not in State.FINAL and i.auth}
        try:
            if "clms" in needs and self._clms is None:
                self._clms = auth_store.clms_auth(self._session())
            if "cdse" in needs and self._cdse is None:
                self._cdse = auth_store.cdse_auth(self._session())
        except auth_store.CredentialStoreError:
            pass  # those items fail with HTTP 401, shown verbatim; the others proceed
        self.queue.start()

    def add(self, url: str, name: str | None = None, **fields) -> QueueItem:
        dest = self.download_dir / (name or url.rstrip("/").rsplit("/", 1)[-1].split("?")[0])
        item = self.queue.add(url, dest, **fields)
        self._render(item)
        return item

    def shutdown(self) -> None:
        """Pause running transfers (kept for the next session) and drop task mirrors."""
        self._clock.stop()
        self.runner.shutdown()
        self.queue.stop(wait=True)
        self.mirror.cancel_all()

    # -- data requests -----------------------------------------------------------------------
    def _client(self) -> datarequest.DataRequestClient | None:
        if self._clms is None and auth_store.has_credentials().get("clms"):
            try:  # may ask for the master password: the box said so beforehand
                self._clms = auth_store.clms_auth(self._session())
            except auth_store.CredentialStoreError as exc:
                self.credentials.expand(True)
                self.credentials.show_error(str(exc))
                return None
        if self._clms is None:
            return None
        return datarequest.DataRequestClient(self.api_url, self._clms)

    def request(self, option, entry: datarequest.Entry | None = None):
        """Request a download for a details-panel ``DownloadOption`` (prepackaged or custom).

        Without a stored key the credentials box opens in this tab and the request waits for
        it; options served elsewhere (WEkEO, moved to CDSE) get a message saying where. Custom
        extractions open :class:`RequestDialog` unless ``entry`` is given. Returns the QgsTask
        that posts and polls, or ``None``.
        """
        where = None
        if option.kind == "download_information":
            where = elsewhere.for_source(option.item.full_source, option.dataset.title,
                                         option.item.wekeo_choices)
        if where is not None:
            text = f"{where.message} <a href='{where.url}'>{where.url}</a>"
            self.status_label.setText(text)
            self.noticeRequested.emit(where.message, int(Qgis.Info))
            return None
        client = self._client()
        if client is None:
            self._pending = (option, entry)
            self.credentials.expand(True)
            self.showRequested.emit()
            return None
        if entry is None:
            if option.kind == "prepackaged_file":
                entry = datarequest.PrepackagedFile(option.dataset.uid, option.item.id)
            else:
                dialog = RequestDialog(option.dataset, option.item, self.map_extent_wgs84(),
                                       parent=self, canvas=self.canvas, project=self.project)
                if not dialog.run():
                    return None
                entry = dialog.entry()
        rules = {}
        if option.kind != "prepackaged_file":
            rules[option.dataset.uid] = datarequest.DatasetRules.from_dataset(
                option.dataset.raw or {"UID": option.dataset.uid}, option.item.id)
        row = RequestRow(option.dataset.title)
        self.requests[row.key] = row
        self._render_request(row)
        self.showRequested.emit()
        self.status_label.setText(tr("Request for %1 sent…").replace("%1", option.dataset.title))
        self._clock.start()
        return start_request(self.runner, client, [entry], rules, self.queue,
                             self.download_dir, row, self._requests_bridge.changed.emit,
                             self._request_done, poll_interval=self.poll_interval)

    def _request_done(self, items, error) -> None:
        if error is not None:
            self.status_label.setText(tr("Request failed: %1").replace(
                "%1", failure_text(error)))
            return
        if items and any(i.state != State.DONE for i in items):  # else a newer note stands
            self.status_label.setText(tr("CLMS prepared the data; downloading."))

    def _on_item_changed(self, item: QueueItem) -> None:
        self._render(item)
        self.mirror.item_changed(item)
        if item.state != State.DONE:
            return
        if item.id not in self._announced and (item.meta.get("extracted") or
                                               Path(item.dest).suffix.lower() != ".zip"):
            self._announced.add(item.id)
            if time.time() - (item.finished or 0) < 3600 and settings.add_to_map():
                self.add_item_to_map(item, announce=True)

    # -- rendering ---------------------------------------------------------------------------
    def _row_for(self, key: str) -> int:
        row = self._rows.get(key)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self._rows[key] = row
            bar = QProgressBar(self.table)
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
            bar.setFormat("")
            self.table.setCellWidget(row, 2, bar)
        return row

    def _set_cells(self, row: int, key: str, cells: list[str], tips: list[str]) -> None:
        for col, text in enumerate(cells):
            cell = self.table.item(row, col)
            if cell is None:
                cell = QTableWidgetItem()
                self.table.setItem(row, col, cell)
            cell.setText(text)
            cell.setToolTip(tips[col] if col < len(tips) else text)
            if col == 0:
                cell.setData(Qt.UserRole, key)

    def _render(self, item: QueueItem) -> None:
        self._adopt_request_row(item)
        index = self._row_for(item.id)
        title = item.title or Path(item.dest).name
        state = item_state(item)
        rate = (f"{human_bytes(item.rate)}/s  {human_eta(item.eta)}"
                if item.state == State.RUNNING else "")
        message = item.error or (tr("link expires %1").replace("%1", item.meta["link_expires"])
                                 if item.meta.get("link_expires") and item.state != State.DONE
                                 else "")
        details = [state, tr("File: %1").replace("%1", item.dest)]
        if item.meta.get("task_id"):
            details.append(tr("CLMS task id: %1").replace("%1", str(item.meta["task_id"])))
        if message:
            details.append(message)
        if getattr(self.queue, "save_error", ""):  # disk full: the list itself is not saved
            message = self.queue.save_error
            details.append(message)
        self._set_cells(index, item.id, [title, state, "", rate, message],
                        [item.dest, "\n".join(details), "", rate, message])
        bar = self.table.cellWidget(index, 2)
        bar.setRange(0, 1000)
        frac = item.fraction
        bar.setValue(int(1000 * frac) if frac is not None else 0)
        bar.setFormat(f"{int(100 * frac)} %" if frac is not None else "")
        bar.setToolTip(f"{human_bytes(item.done_bytes)} / {human_bytes(item.total_bytes)}"
                       + (f" · {rate}" if rate else ""))
        self.fit_columns()
        self._update_buttons()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_columns()

    def row_text(self, key: str) -> list[str]:
        row = self._rows[key]
        return [self.table.item(row, c).text() if self.table.item(row, c) else ""
                for c in range(len(COLUMNS))]

    def row_tooltip(self, key: str, col: int = 1) -> str:
        cell = self.table.item(self._rows[key], col)
        return cell.toolTip() if cell else ""

    def selected(self) -> QueueItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        try:
            return self.queue.get(cell.data(Qt.UserRole)) if cell else None
        except KeyError:  # a request row, not yet a queue item
            return None

    def select(self, key: str) -> None:
        self.table.selectRow(self._rows[key])

    def _update_buttons(self) -> None:
        item = self.selected()
        state = item.state if item else ""
        self.buttons["pause"].setEnabled(state in State.ACTIVE)
        self.buttons["resume"].setEnabled(state in (State.PAUSED, State.FAILED))
        self.buttons["cancel"].setEnabled(state in (State.QUEUED, State.RUNNING, State.PAUSED,
                                                    State.FAILED))
        self.buttons["folder"].setEnabled(item is not None)
        self.buttons["map"].setEnabled(state == State.DONE)
        self.buttons["remove"].setEnabled(state in State.FINAL or state == State.PAUSED)

    def _table_menu(self, pos) -> None:
        self._update_buttons()
        self.more_menu.exec(self.table.viewport().mapToGlobal(pos))



def attach(dock, state_dir: str | Path | None = None,
           download_dir: str | Path | None = None) -> DownloadsPanel:
    """Create the panel (queue persisted in the QGIS profile) and add it as a dock tab."""
    base = settings.profile_dir()
    panel = DownloadsPanel(state_dir or base / "downloads",
                           download_dir or Path.home() / "CLMS downloads", dock,
                           network_settings=dock.network_settings())
    panel.api_url = dock.api_url
    iface = getattr(dock, "iface", None)
    panel.canvas = iface.mapCanvas() if iface is not None else None
    try:
        panel.message_bar = iface.messageBar() if iface is not None else None
    except (AttributeError, RuntimeError):
        panel.message_bar = None
    details = getattr(dock, "details_panel", None)
    if details is not None:
        details.downloadRequested.connect(panel.request)
    index = dock.add_tab(panel, tr("Downloads"))
    panel.showRequested.connect(lambda: dock.tabs.setCurrentIndex(index))
    if hasattr(dock, "attach_downloads"):
        dock.attach_downloads(panel)
    panel.start()
    return panel
