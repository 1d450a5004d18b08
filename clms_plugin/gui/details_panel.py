"""Details half of the dock: what a dataset is, its licence, and how it can be downloaded.

The download options (``dataset_download_information`` items and prepackaged files) are listed
as selectable items carrying a :class:`DownloadOption`; the download helper connects to
``downloadRequested``. A new user must *see* how to start a download, so there is a visible
*Download…* button (enabled when an option is selected), a small button on every option, a
context menu, and the old double-click. *Add preview layer* lets users look before they fetch
gigabytes (the dock decides which view service to add).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..catalog.models import Dataset, DownloadInformation, PrepackagedFile

OPTION_ROLE = Qt.UserRole + 10


def tr(text: str) -> str:
    return QCoreApplication.translate("DetailsPanel", text)


@dataclass
class DownloadOption:
    """What the user picked: a custom-extraction item or a prepackaged file of ``dataset``."""

    kind: str  # "download_information" or "prepackaged_file"
    dataset: Dataset
    item: DownloadInformation | PrepackagedFile


class DetailsPanel(QWidget):
    downloadRequested = pyqtSignal(object)  # noqa: N815 - DownloadOption
    previewRequested = pyqtSignal(object)  # noqa: N815 - Dataset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.dataset: Dataset | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("clmsDetailsTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("clmsThumbnail")
        self.thumbnail.setFixedSize(96, 64)  # small: the dock must fit a 768 px laptop screen
        self.thumbnail.setAlignment(Qt.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid palette(mid);")
        top.addWidget(self.title, 1)
        top.addWidget(self.thumbnail)
        layout.addLayout(top)
        self.state = QLabel(self)
        self.state.setObjectName("clmsDetailsState")
        self.state.setWordWrap(True)
        self.state.hide()
        layout.addWidget(self.state)
        self.body = QTextBrowser(self)
        self.body.setObjectName("clmsDetailsBody")
        self.body.setOpenExternalLinks(True)
        self.body.setMinimumHeight(36)
        layout.addWidget(self.body, 2)
        self.options = QTreeWidget(self)
        self.options.setObjectName("clmsDownloadOptions")
        self.options.setHeaderLabels([tr("Download options")])
        self.options.setMinimumHeight(36)
        self.options.setColumnCount(2)
        self.options.setHeaderLabels([tr("Download options"), ""])
        self.options.header().setStretchLastSection(False)
        self.options.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.options.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.options.itemDoubleClicked.connect(self._activated)
        self.options.currentItemChanged.connect(self._update_actions)
        self.options.setContextMenuPolicy(Qt.CustomContextMenu)
        self.options.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.options, 1)
        actions = QHBoxLayout()
        self.download_button = QPushButton(tr("Download…"), self)
        self.download_button.setObjectName("clmsDownloadButton")
        self.download_button.setToolTip(tr("Request or download the selected option "
                                           "(select one in the list above)"))
        self.download_button.clicked.connect(self.request_selected)
        self.preview_button = QPushButton(tr("Add preview layer"), self)
        self.preview_button.setObjectName("clmsPreviewButton")
        self.preview_button.setToolTip(tr("Add the dataset's view service (WMS/WMTS) to the map "
                                          "to look at it before downloading"))
        self.preview_button.clicked.connect(lambda: self.previewRequested.emit(self.dataset))
        actions.addWidget(self.download_button)
        actions.addWidget(self.preview_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.show_dataset(None)

    # -- display ----------------------------------------------------------------------------
    def show_dataset(self, ds: Dataset | None, loading: bool = False) -> None:
        self.dataset = ds
        self.options.clear()
        self._update_actions()
        if ds is None:
            self.title.setText(tr("Select a dataset to see its details"))
            self.body.clear()
            self.clear_thumbnail()
            self.set_state("", "")
            return
        self.title.setText(ds.title)
        self.body.setHtml(self._html(ds))
        self._fill_options(ds)
        self._update_actions()
        if loading:
            self.set_state("loading", tr("Loading the full record…"))

    def _row(self, label: str, value: str) -> str:
        if not value:
            value = "<i>" + html.escape(tr("not given")) + "</i>"
        else:
            value = html.escape(value).replace("\n", "<br>")
        return f"<tr><td valign='top'><b>{html.escape(label)}</b></td><td>{value}</td></tr>"

    def _html(self, ds: Dataset) -> str:
        rows = [
            self._row(tr("Resolution"), ds.resolution),
            self._row(tr("CRS"), ", ".join(ds.crs)),
            self._row(tr("Temporal extent"), ds.period),
            self._row(tr("Update frequency"), ds.update_frequency),
            self._row(tr("Family"), ds.family),
            self._row(tr("Licence"), ds.licence),
            self._row(tr("Citation"), ds.citation),
            self._row(tr("Dataset UID"), ds.uid),
        ]
        if ds.bbox is not None:
            b = ds.bbox
            rows.append(self._row(tr("Extent (EPSG:4326)"),
                                  f"W {b.west:g}, S {b.south:g}, E {b.east:g}, N {b.north:g}"))
        links = [f"<a href='{html.escape(ds.product_page)}'>{html.escape(tr('Product page'))}</a>"]
        for n, link in enumerate(ds.metadata_links, 1):
            label = tr("Metadata record") + (f" {n}" if len(ds.metadata_links) > 1 else "")
            links.append(f"<a href='{html.escape(link)}'>{html.escape(label)}</a>")
        from ..products.families import describe_dataset  # what arrives (issue 16)

        arrives = "".join(self._row(tr(k), v) for k, v in describe_dataset(ds.title))
        rows.append(f"<tr><td colspan='2'><b>{html.escape(tr('What arrives'))}</b></td></tr>"
                    + arrives)
        desc = html.escape(ds.description or tr("No description.")).replace("\n", "<br>")
        return (f"<p>{desc}</p><table cellspacing='2'>{''.join(rows)}</table>"
                f"<p>{' · '.join(links)}</p>")

    def _fill_options(self, ds: Dataset) -> None:
        children: list[QTreeWidgetItem] = []
        info_root = QTreeWidgetItem([tr("Custom extraction (%1)").replace(
            "%1", str(len(ds.download_information)))])
        for item in ds.download_information:
            child = QTreeWidgetItem([item.label])
            child.setToolTip(0, item.full_path or item.full_source)
            child.setData(0, OPTION_ROLE, DownloadOption("download_information", ds, item))
            info_root.addChild(child)
            children.append(child)
        files_root = QTreeWidgetItem([tr("Prepackaged files (%1)").replace(
            "%1", str(len(ds.prepackaged_files)))])
        for item in ds.prepackaged_files:
            child = QTreeWidgetItem([item.label])
            child.setToolTip(0, item.path)
            child.setData(0, OPTION_ROLE, DownloadOption("prepackaged_file", ds, item))
            files_root.addChild(child)
            children.append(child)
        self.options.addTopLevelItems([info_root, files_root])
        self.options.expandAll()
        for child in children:  # one small button per option: visible, no double-click needed
            button = QToolButton(self.options)
            button.setText(tr("Download…"))
            button.setAutoRaise(True)
            button.setToolTip(tr("Download this option"))
            option = child.data(0, OPTION_ROLE)
            button.clicked.connect(lambda _=False, o=option: self.downloadRequested.emit(o))
            self.options.setItemWidget(child, 1, button)
        if children:
            self.options.setCurrentItem(children[0])

    def set_state(self, kind: str, message: str) -> None:
        from .search_panel import STATE_STYLES

        self.state.setProperty("state", kind)
        self.state.setStyleSheet(STATE_STYLES.get(kind, ""))
        self.state.setText(message)
        self.state.setVisible(bool(message))

    def set_thumbnail(self, data: bytes) -> bool:
        pixmap = QPixmap()
        if not data or not pixmap.loadFromData(data):
            self.thumbnail.setText(tr("no preview"))
            return False
        self.thumbnail.setPixmap(pixmap.scaled(self.thumbnail.size(), Qt.KeepAspectRatio,
                                               Qt.SmoothTransformation))
        return True

    def clear_thumbnail(self) -> None:
        self.thumbnail.clear()
        self.thumbnail.setText("")

    # -- download hooks ---------------------------------------------------------------------
    def download_options(self) -> list[DownloadOption]:
        out = []
        for i in range(self.options.topLevelItemCount()):
            root = self.options.topLevelItem(i)
            out.extend(root.child(j).data(0, OPTION_ROLE) for j in range(root.childCount()))
        return out

    def selected_download_option(self) -> DownloadOption | None:
        item = self.options.currentItem()
        return item.data(0, OPTION_ROLE) if item is not None else None

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        option = item.data(0, OPTION_ROLE)
        if option is not None:
            self.downloadRequested.emit(option)

    def request_selected(self) -> None:
        """The *Download…* button: request the selected option."""
        option = self.selected_download_option()
        if option is not None:
            self.downloadRequested.emit(option)

    def _update_actions(self, *_args) -> None:
        self.download_button.setEnabled(self.selected_download_option() is not None)
        self.preview_button.setEnabled(bool(self.dataset is not None
                                            and preview_services(self.dataset)))

    def _context_menu(self, pos) -> None:
        item = self.options.itemAt(pos)
        option = item.data(0, OPTION_ROLE) if item is not None else None
        if option is None:
            return
        menu = QMenu(self.options)
        menu.addAction(tr("Download…"), lambda: self.downloadRequested.emit(option))
        menu.exec(self.options.viewport().mapToGlobal(pos))


def preview_services(ds: Dataset) -> list[str]:
    """The dataset's view-service URLs (portal fields ``metadata_wmts_url``,
    ``metadata_wms_url``, ``mapviewer_viewservice``), best first."""
    raw = ds.raw or {}
    out = []
    for key in ("metadata_wmts_url", "metadata_wms_url", "mapviewer_viewservice"):
        value = raw.get(key)
        value = value.get("url", "") if isinstance(value, dict) else value
        if isinstance(value, str) and value.strip().startswith("http"):
            out.append(value.strip())
    return out
