"""The dock's "Downloads" tab: the persisted queue with state, progress, and actions.

Why: downloads outlive dialogs and QGIS sessions; one place shows every item (state, bytes,
rate, ETA, error text verbatim) with cancel / pause / retry, open folder and add to map. The
queue is the core :class:`~..download.queue.DownloadQueue`, persisted in the profile; this
panel only displays it (queue callbacks arrive on worker threads and are re-emitted as a Qt
signal, so widgets are touched on the main thread only). Finished zips are extracted safely
and their rasters loaded through ``gui.layers`` (decoded, styled, dated).

Attach it to the dock with :func:`attach` (``dock.add_tab``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qgis.core import (
    QgsProject,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QCoreApplication, QDate, QObject, Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..catalog.http import make_session
from ..download import archive, datarequest
from ..download.queue import DownloadQueue, QueueItem, State
from . import auth_store, layers
from .download_tasks import TaskMirror, start_data_request
from .extent_tool import ExtentPicker, to_wgs84
from .tasks import TaskRunner

COLUMNS = ("Item", "State", "Progress", "Rate / ETA", "Message")


def tr(text: str) -> str:
    return QCoreApplication.translate("DownloadsPanel", text)


def human_bytes(n: float | None) -> str:
    if n is None:
        return "?"
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def human_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"


class _Bridge(QObject):
    changed = pyqtSignal(object)


class RequestDialog(QDialog):
    """Custom extraction form: area (map extent / NUTS), dates, format, CRS, layer.

    Problems found by :func:`datarequest.validate` (the server's own rules) are listed live and
    keep OK disabled, so a request is only posted when the server can accept it. With a map
    ``canvas``, "Draw on map" hides the form while the user drags a rectangle (see :meth:`run`).
    """

    DRAW = 2  # exec() result: the user asked to draw the area on the map

    def __init__(self, dataset, info, extent_wgs84: QgsRectangle | None = None,
                 conversion_table: dict | None = None, parent=None, canvas=None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.setObjectName("clmsRequestDialog")
        self.setWindowTitle(tr("Request: %1").replace("%1", dataset.title))
        self.dataset, self.info = dataset, info
        self.rules = datarequest.DatasetRules.from_dataset(
            dataset.raw or {"UID": dataset.uid}, info.id,
            projections=list(dict.fromkeys(list(datarequest.DEFAULT_PROJECTIONS)
                                           + [c for c in dataset.crs if c.startswith("EPSG:")])))
        if not dataset.raw:
            self.rules = datarequest.DatasetRules(
                dataset.uid, full_format=info.full_format or "Geotiff",
                full_source=info.full_source or "EEA", layers=tuple(info.layers),
                projections=self.rules.projections)
        self.table = conversion_table
        form = QFormLayout(self)
        self.use_bbox = QRadioButton(tr("Map extent / rectangle (EPSG:4326)"), self)
        self.use_nuts = QRadioButton(tr("NUTS or country code"), self)
        self.use_bbox.setChecked(True)
        self.bbox = []
        box_row = QHBoxLayout()
        for label, value, lo, hi in (("W", -180, -180, 180), ("S", -90, -90, 90),
                                     ("E", 180, -180, 180), ("N", 90, -90, 90)):
            spin = QDoubleSpinBox(self)
            spin.setDecimals(6)
            spin.setRange(lo, hi)
            spin.setValue(value)
            spin.setPrefix(f"{label} ")
            spin.valueChanged.connect(self._validate)
            box_row.addWidget(spin)
            self.bbox.append(spin)
        self.draw_button = QPushButton(tr("Draw on map"), self)
        self.draw_button.setObjectName("clmsRequestDraw")
        self.draw_button.setToolTip(tr("Drag a rectangle on the map canvas; it replaces the "
                                       "bounding box (converted to EPSG:4326)"))
        self.draw_button.setEnabled(canvas is not None)
        self.draw_button.clicked.connect(lambda: self.done(self.DRAW))
        box_row.addWidget(self.draw_button)
        if extent_wgs84 is not None:
            self.set_extent(extent_wgs84)
        self.nuts = QLineEdit(self)
        self.nuts.setPlaceholderText("e.g. ITC11, ES, EC")
        self.nuts.textChanged.connect(self._validate)
        self.use_time = QCheckBox(tr("Time filter"), self)
        self.use_time.setChecked(self.rules.is_time_series)
        self.start = QDateEdit(QDate.currentDate().addDays(-30), self)
        self.end = QDateEdit(QDate.currentDate(), self)
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.dateChanged.connect(self._validate)
        self.format = QComboBox(self)
        table = datarequest._normalise_table(conversion_table)
        self.format.addItems(list(table.get(self.rules.full_format, (self.rules.full_format,))))
        self.crs = QComboBox(self)
        self.crs.addItems(list(self.rules.projections))
        self.layer = QComboBox(self)
        self.layer.addItems(["ALL BANDS"] + list(self.rules.layers))
        self.layer.setEnabled(bool(self.rules.layers))
        self.problems = QLabel(self)
        self.problems.setObjectName("clmsRequestProblems")
        self.problems.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for w in (self.use_bbox, self.use_nuts, self.use_time):
            w.toggled.connect(self._validate)
        for w in (self.format, self.crs, self.layer):
            w.currentIndexChanged.connect(self._validate)
        form.addRow(self.use_bbox, box_row)
        form.addRow(self.use_nuts, self.nuts)
        form.addRow(self.use_time)
        form.addRow(tr("From"), self.start)
        form.addRow(tr("To"), self.end)
        form.addRow(tr("Output format"), self.format)
        form.addRow(tr("Output CRS"), self.crs)
        form.addRow(tr("Layer"), self.layer)
        form.addRow(self.problems)
        form.addRow(self.buttons)
        self._validate()

    def set_extent(self, rect: QgsRectangle) -> None:
        for spin, value in zip(self.bbox, (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(),
                                           rect.yMaximum())):
            spin.setValue(value)

    def run(self) -> bool:
        """Show the form modally; "Draw on map" closes it for one rectangle on the canvas
        (the form would block the canvas) and reopens it with the drawn box. True on OK."""
        while True:
            result = self.exec()
            if result != self.DRAW:
                return result == QDialog.Accepted
            rect = ExtentPicker(self.canvas, self).pick()
            if rect is not None:
                self.use_bbox.setChecked(True)
                self.set_extent(rect)

    def entry(self) -> datarequest.CustomExtraction:
        def day(w: QDateEdit) -> dt.date:
            d = w.date()
            return dt.date(d.year(), d.month(), d.day())

        timed = self.use_time.isChecked()
        return datarequest.CustomExtraction(
            self.dataset.uid, self.info.id, self.format.currentText(), self.crs.currentText(),
            bbox=tuple(s.value() for s in self.bbox) if self.use_bbox.isChecked() else None,
            nuts=self.nuts.text().strip() or None if self.use_nuts.isChecked() else None,
            start=day(self.start) if timed else None, end=day(self.end) if timed else None,
            layer=self.layer.currentText() if self.rules.layers else None)

    def _validate(self, *_args) -> list[str]:
        if not hasattr(self, "buttons"):  # signals fired while the form is being built
            return []
        problems = datarequest.validate([self.entry()], {self.dataset.uid: self.rules},
                                        self.table)
        self.problems.setText("\n".join(p.removeprefix("item 1: ") for p in problems))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(not problems)
        return problems


class DownloadsPanel(QWidget):
    """Table of queue items plus action buttons."""

    layersAdded = pyqtSignal(list)  # noqa: N815 - list of QgsRasterLayer

    def __init__(self, state_dir: str | Path, download_dir: str | Path, parent=None, *,
                 max_concurrent: int = 2, session_factory=None, project=None,
                 network_settings=None) -> None:
        super().__init__(parent)
        self.setObjectName("clmsDownloadsPanel")
        self.download_dir = Path(download_dir)
        self.project = project
        # QGIS proxy/CA settings, read on the main thread, used by every session we make
        self.network_settings = network_settings
        if session_factory is None and network_settings is not None:
            def session_factory():
                return make_session(network_settings, retries=0)
        self._bridge = _Bridge()
        self._bridge.changed.connect(self._on_item_changed, Qt.QueuedConnection)
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
        self._clms = None
        self._cdse = None
        self._rows: dict[str, int] = {}

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("clmsDownloadsTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label, slot in (("pause", tr("Pause"), self.pause_selected),
                                 ("resume", tr("Resume / Retry"), self.resume_selected),
                                 ("cancel", tr("Cancel"), self.cancel_selected),
                                 ("folder", tr("Open folder"), self.open_folder),
                                 ("map", tr("Add to map"), self.add_selected_to_map)):
            button = QPushButton(label, self)
            button.setObjectName(f"clmsDownloads_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        creds = QHBoxLayout()
        self.cred_label = QLabel(self)
        self.import_key_button = QPushButton(tr("Import CLMS service key…"), self)
        self.import_key_button.clicked.connect(self.import_service_key)
        self.cdse_button = QPushButton(tr("CDSE account…"), self)
        self.cdse_button.clicked.connect(self.set_cdse_account)
        self.remove_button = QPushButton(tr("Remove credentials"), self)
        self.remove_button.setObjectName("clmsRemoveCredentials")
        self.remove_button.clicked.connect(self.remove_credentials)
        creds.addWidget(self.cred_label, 1)
        creds.addWidget(self.import_key_button)
        creds.addWidget(self.cdse_button)
        creds.addWidget(self.remove_button)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("clmsDownloadsStatus")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(creds)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
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
        self.runner.shutdown()
        self.queue.stop(wait=True)
        self.mirror.cancel_all()

    # -- data requests -----------------------------------------------------------------------
    def _client(self) -> datarequest.DataRequestClient | None:
        if self._clms is None:
            try:
                self._clms = auth_store.clms_auth(self._session())
            except auth_store.CredentialStoreError as exc:
                QMessageBox.warning(self, tr("CLMS Toolbox"), str(exc))
                return None
        if self._clms is None and not self.import_service_key():
            return None
        return datarequest.DataRequestClient(self.api_url, self._clms)

    def map_extent_wgs84(self) -> QgsRectangle | None:
        if self.canvas is None:
            return None
        return to_wgs84(self.canvas.extent(), self.canvas.mapSettings().destinationCrs())

    def request(self, option, entry: datarequest.Entry | None = None):
        """Request a download for a details-panel ``DownloadOption`` (prepackaged or custom).

        Custom extractions open :class:`RequestDialog` unless ``entry`` is given. Returns the
        QgsTask that posts and polls, or ``None`` if the user gave up.
        """
        client = self._client()
        if client is None:
            return None
        if entry is None:
            if option.kind == "prepackaged_file":
                entry = datarequest.PrepackagedFile(option.dataset.uid, option.item.id)
            else:
                dialog = RequestDialog(option.dataset, option.item, self.map_extent_wgs84(),
                                       parent=self, canvas=self.canvas)
                if not dialog.run():
                    return None
                entry = dialog.entry()
        rules = {}
        if option.kind != "prepackaged_file":
            rules[option.dataset.uid] = datarequest.DatasetRules.from_dataset(
                option.dataset.raw or {"UID": option.dataset.uid}, option.item.id)
        self.status_label.setText(tr("Request for %1 sent…").replace("%1", option.dataset.title))
        return start_data_request(self.runner, client, [entry], rules, self.queue,
                                  self.download_dir, self._request_done,
                                  poll_interval=self.poll_interval)

    def _request_done(self, finals, error) -> None:
        if error is not None:
            # the server's refusal (or the validation problems) verbatim
            text = "\n".join(getattr(error, "problems", [])) or str(error)
            self.status_label.setText(tr("Request failed: %1").replace("%1", text))
            return
        states = ", ".join(f"{f.task_id}: {f.status}" + (f" ({f.message})" if f.message and
                                                          f.status != "Finished_ok" else "")
                           for f in finals or [])
        self.status_label.setText(tr("Request finished: %1").replace("%1", states))
        for item in self.queue.items():
            self._render(item)

    def _session(self):
        """A session honouring QGIS's proxy and CA settings (the project's one factory)."""
        return make_session(self.network_settings) if self.network_settings else None

    def _auth_headers(self, item: QueueItem) -> dict[str, str]:
        # worker thread: only the in-memory token providers are used here
        if item.auth == "clms" and self._clms is not None:
            return self._clms.headers()
        if item.auth == "cdse" and self._cdse is not None:
            return self._cdse.headers()
        return {}

    def _auth_refresh(self, item: QueueItem) -> None:
        provider = {"clms": self._clms, "cdse": self._cdse}.get(item.auth)
        if provider is not None:
            provider.invalidate()

    def _on_item_changed(self, item: QueueItem) -> None:
        self._render(item)
        self.mirror.item_changed(item)
        if item.state == State.DONE and not item.meta.get("extracted") and \
                Path(item.dest).suffix.lower() == ".zip":
            self._extract(item)

    def _extract(self, item: QueueItem) -> None:
        try:
            res = archive.extract(item.dest, Path(item.dest).with_suffix(""))
        except (archive.UnsafeArchiveError, OSError, ValueError) as exc:
            item.error = tr("Extraction refused: %1").replace("%1", str(exc))
        else:
            item.meta["extracted"] = [str(p) for p in res.rasters()]
        self.queue.save()
        self._render(item)

    # -- rendering ---------------------------------------------------------------------------
    def _render(self, item: QueueItem) -> None:
        row = self._rows.get(item.id)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self._rows[item.id] = row
            bar = QProgressBar(self.table)
            bar.setRange(0, 1000)
            self.table.setCellWidget(row, 2, bar)
        title = item.title or Path(item.dest).name
        cells = [title, tr(item.state),
                 None,
                 (f"{human_bytes(item.rate)}/s  {human_eta(item.eta)}"
                  if item.state == State.RUNNING else ""),
                 item.error or (tr("link expires %1").replace("%1", item.meta["link_expires"])
                                if item.meta.get("link_expires") and item.state != State.DONE
                                else "")]
        for col, text in enumerate(cells):
            if text is None:
                continue
            cell = self.table.item(row, col)
            if cell is None:
                cell = QTableWidgetItem()
                self.table.setItem(row, col, cell)
            cell.setText(text)
            if col == 0:
                cell.setData(Qt.UserRole, item.id)
                cell.setToolTip(item.dest)
        bar = self.table.cellWidget(row, 2)
        frac = item.fraction
        bar.setValue(int(1000 * frac) if frac is not None else 0)
        bar.setFormat(f"{human_bytes(item.done_bytes)} / {human_bytes(item.total_bytes)}")
        self._update_buttons()

    def row_text(self, item_id: str) -> list[str]:
        row = self._rows[item_id]
        return [self.table.item(row, c).text() if self.table.item(row, c) else ""
                for c in range(len(COLUMNS))]

    def selected(self) -> QueueItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        return self.queue.get(cell.data(Qt.UserRole)) if cell else None

    def select(self, item_id: str) -> None:
        self.table.selectRow(self._rows[item_id])

    def _update_buttons(self) -> None:
        item = self.selected()
        state = item.state if item else ""
        self.buttons["pause"].setEnabled(state in State.ACTIVE)
        self.buttons["resume"].setEnabled(state in (State.PAUSED, State.FAILED))
        self.buttons["cancel"].setEnabled(state in (State.QUEUED, State.RUNNING, State.PAUSED,
                                                    State.FAILED))
        self.buttons["folder"].setEnabled(item is not None)
        self.buttons["map"].setEnabled(state == State.DONE)

    # -- actions -----------------------------------------------------------------------------
    def pause_selected(self) -> None:
        if item := self.selected():
            self.queue.pause(item.id)

    def resume_selected(self) -> None:
        if item := self.selected():
            self.queue.resume(item.id)

    def cancel_selected(self) -> None:
        if item := self.selected():
            self.queue.cancel(item.id)

    def open_folder(self) -> None:
        if item := self.selected():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(item.dest).parent)))

    def files_to_load(self, item: QueueItem) -> list[str]:
        extracted = item.meta.get("extracted")
        if extracted:
            return list(extracted)
        return [item.dest]

    def add_selected_to_map(self) -> list:
        item = self.selected()
        if item is None or item.state != State.DONE:
            return []
        try:
            loaded = layers.load_files(self.files_to_load(item),
                                       self.project or QgsProject.instance(),
                                       cache_dir=Path(item.dest).parent / ".clms")
        except layers.LayerLoadError as exc:
            QMessageBox.warning(self, tr("CLMS Toolbox"), str(exc))
            return []
        self.layersAdded.emit(loaded)
        return loaded

    # -- credentials -------------------------------------------------------------------------
    def _update_credentials(self) -> None:
        try:
            have = auth_store.has_credentials()
        except Exception:  # noqa: BLE001 - auth system unavailable: say so, keep working
            have = {"clms": False, "cdse": False}
        self.cred_label.setText(
            tr("CLMS key: %1 · CDSE account: %2")
            .replace("%1", tr("stored") if have["clms"] else tr("none"))
            .replace("%2", tr("stored") if have["cdse"] else tr("none")))
        self.remove_button.setEnabled(have["clms"] or have["cdse"])

    def import_service_key(self, text: str | None = None) -> bool:
        """From a file picker (or ``text``): check, store encrypted, keep a token provider."""
        if text is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("CLMS service key"), "",
                                                  tr("JSON (*.json);;All files (*)"))
            if not path:
                text, ok = QInputDialog.getMultiLineText(self, tr("CLMS service key"),
                                                         tr("Paste the service key JSON:"))
                if not ok or not text.strip():
                    return False
            else:
                text = Path(path).read_text(encoding="utf-8")
        try:
            key = auth_store.save_service_key(text)
        except Exception as exc:  # noqa: BLE001 - shown to the user; contains no secret
            QMessageBox.warning(self, tr("CLMS Toolbox"), str(exc))
            return False
        from ..catalog.auth import ClmsAuth

        self._clms = ClmsAuth(key, session=self._session())
        self._update_credentials()
        return True

    def set_cdse_account(self, username: str | None = None, password: str | None = None
                         ) -> bool:
        """Store the CDSE user name/password (for CDSE STAC asset downloads)."""
        if username is None:
            username, ok = QInputDialog.getText(self, tr("CDSE account"), tr("User name (e-mail):"))
            if not ok or not username.strip():
                return False
            password, ok = QInputDialog.getText(self, tr("CDSE account"), tr("Password:"),
                                                QLineEdit.Password)
            if not ok or not password:
                return False
        try:
            auth_store.save_cdse(username.strip(), password)
        except Exception as exc:  # noqa: BLE001 - shown to the user; contains no secret
            QMessageBox.warning(self, tr("CLMS Toolbox"), str(exc))
            return False
        from ..catalog.auth import CdseAuth

        self._cdse = CdseAuth(username.strip(), password, session=self._session())
        self._update_credentials()
        return True

    # -- direct sources ----------------------------------------------------------------------
    def add_stac_asset(self, asset: dict, title: str = "") -> QueueItem:
        """Queue a CDSE STAC asset (size and checksum verified, CDSE token when needed)."""
        from ..download import sources

        fields = sources.stac_asset_fields(asset, title)
        if fields["auth"] == "cdse" and self._cdse is None:
            self._cdse = auth_store.cdse_auth(self._session())
            if self._cdse is None and not self.set_cdse_account():
                raise auth_store.CredentialStoreError("a CDSE account is needed for this file")
        return self.add(fields["url"], fields["name"], expected_size=fields["expected_size"],
                        checksum=fields["checksum"], auth=fields["auth"], title=fields["title"])

    def add_gsw_tiles(self, layer: str, bbox: tuple[float, float, float, float]
                      ) -> list[QueueItem]:
        """Queue the public JRC GSW tiles of ``layer`` covering an EPSG:4326 box."""
        from ..download import sources

        return [self.add(t["url"], t["name"], title=t["title"])
                for t in sources.gsw_tiles(layer, bbox)]

    def remove_credentials(self) -> int:
        removed = auth_store.remove_credentials()
        self._clms = self._cdse = None
        self._update_credentials()
        return removed


def attach(dock, state_dir: str | Path | None = None,
           download_dir: str | Path | None = None) -> DownloadsPanel:
    """Create the panel (queue persisted in the QGIS profile) and add it as a dock tab."""
    from . import settings

    base = settings.profile_dir()
    panel = DownloadsPanel(state_dir or base / "downloads",
                           download_dir or Path.home() / "CLMS downloads", dock,
                           network_settings=dock.network_settings())
    panel.api_url = dock.api_url
    iface = getattr(dock, "iface", None)
    panel.canvas = iface.mapCanvas() if iface is not None else None
    details = getattr(dock, "details_panel", None)
    if details is not None:
        details.downloadRequested.connect(panel.request)
    dock.add_tab(panel, tr("Downloads"))
    panel.start()
    return panel
