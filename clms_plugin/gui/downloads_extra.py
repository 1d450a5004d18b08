"""The Downloads tab's second half: credentials, direct sources, finished files to the map.

Why a separate module: the panel file stays readable (≤ 400 lines); these methods share no
widgets' layout, only the panel's queue, credentials box and token providers.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QCoreApplication, Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
)

from ..catalog.http import make_session
from ..download.queue import QueueItem, State
from . import auth_store, layers
from .extent_tool import to_wgs84


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


def make_table(parent, columns, tr_fn) -> QTableWidget:
    """The queue table: no wrapping, titles take the width, the rest elide; rate and raw
    message columns hidden (their text is in tooltips) so the tab fits a 360 px dock."""
    table = QTableWidget(0, len(columns), parent)
    table.setObjectName("clmsDownloadsTable")
    table.setHorizontalHeaderLabels([tr_fn(c) for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.ElideRight)
    table.verticalHeader().hide()
    table.setMinimumHeight(60)
    header = table.horizontalHeader()
    header.setMinimumSectionSize(40)
    header.setSectionResizeMode(0, QHeaderView.Stretch)  # the title gets the space
    header.setSectionResizeMode(1, QHeaderView.Interactive)
    header.setSectionResizeMode(2, QHeaderView.Fixed)
    table.setColumnWidth(1, 150)
    table.setColumnWidth(2, 64)
    for col in (3, 4):
        table.setColumnHidden(col, True)
    return table


class DownloadsExtras:
    """Mixin for :class:`~.downloads_panel.DownloadsPanel` (uses its attributes)."""

    # -- finished files ----------------------------------------------------------------------
    def files_to_load(self, item: QueueItem) -> list[str]:
        extracted = item.meta.get("extracted")
        if extracted:
            return list(extracted)
        return [item.dest]

    def add_selected_to_map(self) -> list:
        item = self.selected()
        if item is None or item.state != State.DONE:
            return []
        return self.add_item_to_map(item)

    def add_item_to_map(self, item: QueueItem, announce: bool = False) -> list:
        """Load a finished item's rasters (decoded, styled, dated); with ``announce``, a
        message-bar note names the layers and offers *Open folder*."""
        try:
            loaded = layers.load_files(self.files_to_load(item),
                                       self.project or QgsProject.instance(),
                                       cache_dir=Path(item.dest).parent / ".clms")
        except layers.LayerLoadError as exc:
            if announce:
                self._notify(tr("%1 is downloaded but could not be added to the map: %2")
                             .replace("%1", item.title or Path(item.dest).name)
                             .replace("%2", str(exc)), Qgis.Warning, item)
            else:
                QMessageBox.warning(self, tr("CLMS Toolbox"), str(exc))
            return []
        if announce and loaded:
            names = ", ".join(lyr.name() for lyr in loaded)
            self._notify(tr("Added to the map: %1").replace("%1", names), Qgis.Success, item)
        self.layersAdded.emit(loaded)
        return loaded

    def _notify(self, text: str, level, item: QueueItem | None = None) -> None:
        self.status_label.setText(text)
        bar = self.message_bar
        if bar is None:
            return
        try:
            widget = bar.createMessage(tr("CLMS download"), text)
            if item is not None:
                button = QPushButton(tr("Open folder"), widget)
                button.setObjectName("clmsOpenFolderFromBar")
                button.clicked.connect(lambda: self.open_folder(item))
                widget.layout().addWidget(button)
            bar.pushWidget(widget, level, 10)
        except (AttributeError, RuntimeError, TypeError):
            pass

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or item.state in State.ACTIVE:
            return
        self.queue.remove(item.id)
        self._drop_row(self._rows.pop(item.id))
        self._update_buttons()

    def fit_columns(self) -> None:
        """State gets what its text needs (up to 55 %), the title the rest; no wrapping."""
        width = self.table.viewport().width()
        want = max(90, self.table.sizeHintForColumn(1) + 8)
        self.table.setColumnWidth(1, min(want, int(width * 0.55)))

    def open_folder(self, item: QueueItem | None = None) -> None:
        if item := item or self.selected():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(item.dest).parent)))

    # -- credentials -------------------------------------------------------------------------
    def _update_credentials(self) -> None:
        try:
            have = auth_store.has_credentials()
        except Exception:  # noqa: BLE001 - auth system unavailable: say so, keep working
            have = {"clms": False, "cdse": False, "s3": False}
        self.credentials.set_status(have["clms"], have["cdse"], have.get("s3", False))

    def import_service_key(self, text: str | None = None) -> bool:
        """From a file (or the pasted ``text``): check, store encrypted, keep a token provider,
        then continue the request that was waiting for it."""
        if not text:
            path, _ = QFileDialog.getOpenFileName(self, tr("CLMS service key"), "",
                                                  tr("JSON (*.json);;All files (*)"))
            if not path:
                return False
            text = Path(path).read_text(encoding="utf-8")
        try:
            key = auth_store.save_service_key(text)
        except Exception as exc:  # noqa: BLE001 - shown to the user; contains no secret
            self.credentials.expand(True)
            self.credentials.show_error(tr("This key was not stored: %1").replace(
                "%1", str(exc)))
            return False
        from ..catalog.auth import ClmsAuth

        self._clms = ClmsAuth(key, session=self._session())
        self.credentials.show_error("")
        self._update_credentials()
        self.credentials.expand(False)
        self.status_label.setText(tr("Service key stored in the QGIS authentication database."))
        pending, self._pending = self._pending, None
        if pending is not None:
            self.request(*pending)
        return True

    def _ask_pair(self, title: str, name_label: str, secret_label: str
                  ) -> tuple[str, str] | None:
        """Ask for a name and a secret (masked); None when the user cancels or leaves one
        empty."""
        name, ok = QInputDialog.getText(self, title, name_label)
        if not ok or not name.strip():
            return None
        secret, ok = QInputDialog.getText(self, title, secret_label, QLineEdit.Password)
        if not ok or not secret:
            return None
        return name, secret

    def set_cdse_account(self, username: str | None = None, password: str | None = None
                         ) -> bool:
        """Store the CDSE user name/password (OIDC token for CDSE STAC asset downloads)."""
        if username is None:
            pair = self._ask_pair(tr("CDSE account"), tr("User name (e-mail):"),
                                  tr("Password:"))
            if pair is None:
                return False
            username, password = pair
        try:
            auth_store.save_cdse(username.strip(), password)
        except Exception as exc:  # noqa: BLE001 - shown to the user; contains no secret
            QMessageBox.warning(self, tr("CLMS Toolbox"), str(exc))
            return False
        self._cdse = auth_store.cdse_auth(self._session(), self._cdse_token_url or None)
        self._update_credentials()
        return True

    def set_s3_keys(self, access: str | None = None, secret: str | None = None) -> bool:
        """Store CDSE S3 keys (collections whose ``auth:schemes`` name ``s3``)."""
        if access is None:
            pair = self._ask_pair(tr("CDSE S3 keys"), tr("Access key:"), tr("Secret key:"))
            if pair is None:
                return False
            access, secret = pair
        try:
            auth_store.save_s3_keys(access.strip(), secret)
        except Exception as exc:  # noqa: BLE001 - shown to the user; contains no secret
            QMessageBox.warning(self, tr("CLMS Toolbox"), str(exc))
            return False
        self._update_credentials()
        return True

    def remove_credentials(self) -> int:
        removed = auth_store.remove_credentials()
        self._clms = self._cdse = None
        self._update_credentials()
        return removed

    # -- direct sources ----------------------------------------------------------------------
    def add_stac_asset(self, asset: dict, title: str = "", auth: str | None = None,
                       token_url: str = "") -> QueueItem:
        """Queue a STAC asset (size and checksum verified). ``auth`` = "cdse" when the
        collection's ``auth:schemes`` ask for an OIDC token (``token_url`` from its discovery
        document); the CDSE account is asked for once and kept in the auth DB."""
        from ..download import sources

        fields = sources.stac_asset_fields(asset, title)
        if auth is not None:
            fields["auth"] = auth
        if fields["auth"] == "cdse":
            if token_url and token_url != self._cdse_token_url:
                self._cdse_token_url, self._cdse = token_url, None
            if self._cdse is None:
                self._cdse = auth_store.cdse_auth(self._session(), token_url or None)
            if self._cdse is None and not self.set_cdse_account():
                raise auth_store.CredentialStoreError("a CDSE account is needed for this file")
        item = self.add(fields["url"], fields["name"], expected_size=fields["expected_size"],
                        checksum=fields["checksum"], auth=fields["auth"], title=fields["title"])
        self.showRequested.emit()
        return item

    def add_gsw_tiles(self, layer: str, bbox: tuple[float, float, float, float]
                      ) -> list[QueueItem]:
        """Queue the public JRC GSW tiles of ``layer`` covering an EPSG:4326 box."""
        from ..download import sources

        return [self.add(t["url"], t["name"], title=t["title"])
                for t in sources.gsw_tiles(layer, bbox)]

    def map_extent_wgs84(self) -> QgsRectangle | None:
        if self.canvas is None:
            return None
        return to_wgs84(self.canvas.extent(), self.canvas.mapSettings().destinationCrs())

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
