"""The "Copernicus Data Space (STAC)" source of the Search tab.

Why: the global CLMS products now live on CDSE, whose STAC catalogue the portal search cannot
browse. Collections are discovered from ``/collections`` of the configured STAC API (plugin
setting, default ``https://stac.dataspace.copernicus.eu/v1``; never a list of ids in code),
items are searched by the map extent and a time range one page at a time (the API will not skip
more than 10,000 results — the panel says so when a search hits that), item footprints are drawn
on the canvas, and chosen assets go into the same resumable download queue, authenticated as the
collection's ``auth:schemes`` say (an OIDC token from the CDSE account; S3 keys for ``s3://``
only assets), with credentials in the QGIS authentication database. All network work runs in
QgsTasks; results reach widgets in ``finished()`` only.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QDate, Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..catalog.http import get_json, make_session
from ..catalog.stac import SKIP_CAP, StacClient, StacCollection, StacItem, StacPage
from ..deps import has_module
from . import settings
from .downloads_extra import human_bytes
from .footprints import Footprints, geometry_from_geojson
from .search_panel import STATE_STYLES
from .tasks import TaskRunner

PAGE_SIZE = 50
_warned_missing = False  # "pystac-client is missing" is said once per session, when needed


def tr(text: str) -> str:
    return QCoreApplication.translate("StacPanel", text)


class StacPanel(QWidget):
    """Collections, search by map extent and dates, paged items, assets to the queue."""

    def __init__(self, dock, parent=None, *, stac_url: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clmsStacPanel")
        self.dock = dock
        self.stac_url = (stac_url or settings.stac_url()).rstrip("/")
        self.runner = TaskRunner()
        self.downloads = None  # the Downloads panel, set by the dock when it is attached
        self.collections: list[StacCollection] = []
        self.items: list[StacItem] = []
        self.last_page: StacPage | None = None
        self._query: tuple = ()
        self._token_urls: dict[str, str] = {}
        self.footprints = Footprints(dock._canvas(), "#1971c2")
        self.selected_footprint = Footprints(dock._canvas(), "#e8590c")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.collection = QComboBox(self)
        self.collection.setObjectName("clmsStacCollection")
        self.collection.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.collection.setMinimumContentsLength(10)
        self.reload_button = QPushButton(tr("Reload"), self)
        self.reload_button.setToolTip(tr("Read the collections again from the STAC API"))
        self.reload_button.clicked.connect(self.load_collections)
        form.addRow(tr("Collection"), self.collection)
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1), self)
        self.date_to = QDateEdit(QDate.currentDate(), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(tr("From"), self.date_from)
        form.addRow(tr("To"), self.date_to)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.search_button = QPushButton(tr("Search"), self)
        self.search_button.setToolTip(tr("Search items in the map extent and the dates"))
        self.search_button.setObjectName("clmsStacSearch")
        self.search_button.clicked.connect(self.search)
        self.more_button = QPushButton(tr("Load more"), self)
        self.more_button.setObjectName("clmsStacMore")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setEnabled(False)
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        layout.addLayout(buttons)
        self.state = QLabel(self)
        self.state.setObjectName("clmsStacState")
        self.state.setWordWrap(True)
        self.state.setOpenExternalLinks(True)
        layout.addWidget(self.state)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("clmsStacItems")
        self.table.setHorizontalHeaderLabels([tr("Item"), tr("Date")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._item_selected)
        self.table.setMinimumHeight(40)
        layout.addWidget(self.table, 2)
        self.assets = QListWidget(self)
        self.assets.setObjectName("clmsStacAssets")
        self.assets.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.assets.itemSelectionChanged.connect(self._update_buttons)
        self.assets.setMinimumHeight(36)
        layout.addWidget(self.assets, 1)
        self.download_button = QPushButton(tr("Download…"), self)
        self.download_button.setObjectName("clmsStacDownload")
        self.download_button.setToolTip(tr("Queue the selected assets in the Downloads tab"))
        self.download_button.clicked.connect(self.download_selected)
        self.download_button.setEnabled(False)
        layout.addWidget(self.download_button)

    # -- state ----------------------------------------------------------------------------------
    def set_state(self, kind: str, message: str) -> None:
        self.state.setProperty("state", kind)
        self.state.setStyleSheet(STATE_STYLES.get(kind, ""))
        self.state.setText(message)

    def activate(self) -> None:
        """Called when the user switches to this source: needs pystac-client; say so once."""
        global _warned_missing
        if not has_module("pystac_client"):
            message = tr("The Copernicus Data Space (STAC) source needs the Python library "
                         "pystac-client. Install it in the Python that runs QGIS: "
                         "pip install pystac-client")
            self.set_state("error", message)
            self.search_button.setEnabled(False)
            if not _warned_missing:
                _warned_missing = True
                self.dock.notify(message, 1)
            return
        if not self.collections and self.collection.count() == 0:
            self.load_collections()

    # -- collections ----------------------------------------------------------------------------
    def load_collections(self) -> None:
        net = self.dock.network_settings()
        url = self.stac_url

        def work(_task):
            return StacClient(make_session(net), url).collections()

        self.set_state("loading", tr("Reading the collections of %1…").replace("%1", url))
        self.runner.start(tr("CDSE STAC collections"), work, self._collections_done)

    def _collections_done(self, cols, error) -> None:
        if error is not None:
            from .dock import describe_error

            self.set_state("error", tr("Could not read the collections.") + "\n"
                           + describe_error(error))
            return
        self.collections = cols
        self.collection.clear()
        for col in cols:
            self.collection.addItem(col.title, col.id)
            self.collection.setItemData(self.collection.count() - 1,
                                        f"{col.id}\n{col.description[:300]}", Qt.ToolTipRole)
        self.set_state("info", tr("%1 CLMS collections at %2.").replace(
            "%1", str(len(cols))).replace("%2", self.stac_url) if cols else tr(
            "No CLMS collection found at %1.").replace("%1", self.stac_url))

    def current_collection(self) -> StacCollection | None:
        cid = self.collection.currentData()
        return next((c for c in self.collections if c.id == cid), None)

    # -- search ---------------------------------------------------------------------------------
    def search(self) -> None:
        col = self.current_collection()
        if col is None:
            self.set_state("empty", tr("Choose a collection first."))
            return
        box = self.dock.map_extent_4326()
        bbox = (box.west, box.south, box.east, box.north) if box is not None else None
        period = (f"{self.date_from.date().toString('yyyy-MM-dd')}T00:00:00Z/"
                  f"{self.date_to.date().toString('yyyy-MM-dd')}T23:59:59Z")
        self._query = (col.id, bbox, period)
        self.items = []
        self.table.setRowCount(0)
        self.assets.clear()
        self._fetch(None, 0)

    def load_more(self) -> None:
        if self.last_page is not None and self.last_page.next_link:
            self._fetch(self.last_page.next_link, self.last_page.skipped_after)

    def _fetch(self, next_link, skipped: int) -> None:
        net = self.dock.network_settings()
        url = self.stac_url
        cid, bbox, period = self._query
        col = self.current_collection()
        discovery = col.oidc_discovery_url if col else ""
        known = dict(self._token_urls)

        def work(_task):
            session = make_session(net)
            page = StacClient(session, url).search_page(cid, bbox, period, PAGE_SIZE,
                                                        next_link, skipped)
            token_url = known.get(discovery, "")
            if discovery and not token_url:
                try:  # where the OIDC token comes from (collection's auth:schemes)
                    token_url = str(get_json(session, discovery).get("token_endpoint", ""))
                except Exception:  # noqa: BLE001 - the CDSE default is used instead
                    token_url = ""
            return page, token_url

        self.search_button.setEnabled(False)
        self.more_button.setEnabled(False)
        self.set_state("loading", tr("Searching %1…").replace("%1", cid))
        self.runner.start(tr("CDSE STAC search"), work,
                          lambda result, error: self._page_done(discovery, result, error))

    def _page_done(self, discovery: str, result, error) -> None:
        self.search_button.setEnabled(True)
        if error is not None:
            from .dock import describe_error

            self.set_state("error", tr("The STAC search failed.") + "\n" + describe_error(error))
            return
        page, token_url = result
        if token_url:
            self._token_urls[discovery] = token_url
        self.last_page = page
        for item in page.items:
            self._add_row(item)
        self.items.extend(page.items)
        self.footprints.show([geometry_from_geojson(i.geometry, i.bbox) for i in self.items])
        self.more_button.setEnabled(page.next_link is not None)
        shown = len(self.items)
        if page.matched is not None:
            text = tr("%1 of %2 items shown (footprints on the map).").replace(
                "%1", str(shown)).replace("%2", str(page.matched))
        else:
            text = tr("%1 items shown (footprints on the map).").replace("%1", str(shown))
        if page.capped:
            self.set_state("offline", text + " " + tr(
                "The STAC API does not page past %1 results: narrow the map extent or the "
                "dates to see the rest.").replace("%1", f"{SKIP_CAP:,}"))
        elif not self.items:
            self.set_state("empty", tr("No item in this extent and period; widen them."))
        else:
            self.set_state("info", text)

    def _add_row(self, item: StacItem) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(item.id)
        name.setToolTip(item.id)
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, QTableWidgetItem(item.datetime[:10]))

    def selected_item(self) -> StacItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _item_selected(self) -> None:
        item = self.selected_item()
        self.assets.clear()
        if item is None:
            self.selected_footprint.clear()
            self._update_buttons()
            return
        self.selected_footprint.show([geometry_from_geojson(item.geometry, item.bbox)])
        for asset in item.data_assets() or item.assets:
            size = f" · {human_bytes(asset.file_size)}" if asset.file_size else ""
            entry = QListWidgetItem(f"{asset.key}{size}")
            entry.setToolTip(asset.https_href or asset.href)
            entry.setData(Qt.UserRole, asset.key)
            self.assets.addItem(entry)
        if self.assets.count():
            self.assets.item(0).setSelected(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.download_button.setEnabled(bool(self.assets.selectedItems())
                                        and self.selected_item() is not None)

    # -- download -------------------------------------------------------------------------------
    def download_selected(self) -> list:
        """Queue the selected assets; auth as the collection's ``auth:schemes`` say."""
        item = self.selected_item()
        col = self.current_collection()
        if item is None or self.downloads is None:
            return []
        keys = {e.data(Qt.UserRole) for e in self.assets.selectedItems()}
        kinds = col.auth_kinds if col else []
        token_url = self._token_urls.get(col.oidc_discovery_url, "") if col else ""
        queued, problems, notes = [], [], []
        for asset in item.assets:
            if asset.key not in keys:
                continue
            if not asset.https_href:
                text, started = self._read_in_place(asset, "s3" in kinds)
                (notes if started else problems).append(text)
                continue
            auth = "cdse" if "oidc" in kinds else ""
            try:
                queued.append(self.downloads.add_stac_asset(
                    asset.raw, f"{item.id} · {asset.key}", auth=auth, token_url=token_url))
            except Exception as exc:  # noqa: BLE001 - e.g. no CDSE account given
                problems.append(f"{asset.key}: {exc}")
        text = tr("%1 file(s) queued in the Downloads tab.").replace("%1", str(len(queued)))
        lines = ([text] if queued or not notes else []) + notes + problems
        kind = "error" if problems and not (queued or notes) else (
            "loading" if notes else "info")
        self.set_state(kind, "\n".join(lines))
        return queued

    def _read_in_place(self, asset, s3_scheme: bool) -> tuple[str, bool]:
        """An S3-only asset: add it as a layer read in place with the stored S3 keys."""
        from . import auth_store
        from .s3_layers import add_in_place

        if not (s3_scheme and asset.href.startswith("s3://")):
            return tr("%1 has no HTTP(S) link to download (%2).").replace(
                "%1", asset.key).replace("%2", asset.href), False
        try:
            keys = auth_store.load_s3_keys()
            if keys is None and self.downloads is not None and self.downloads.set_s3_keys():
                keys = auth_store.load_s3_keys()
        except auth_store.CredentialStoreError as exc:
            return str(exc), False
        if keys is None:
            return tr("%1 is only on S3: store CDSE S3 keys (Credentials ▸ CDSE S3 keys) to "
                      "read it in place.").replace("%1", asset.key), False

        def done(loaded, message: str) -> None:
            self.set_state("info" if loaded else "error", message)

        add_in_place(self.runner, asset.href, keys, done)
        return tr("%1 is only on S3: reading it in place…").replace("%1", asset.key), True

    def shutdown(self) -> None:
        self.runner.shutdown()
        self.footprints.clear()
        self.selected_footprint.clear()
