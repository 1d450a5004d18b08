"""The CLMS Toolbox dock: catalogue search (CLMS portal or CDSE STAC), dataset details and
(added by the download helper) the download queue.

Why the dock owns the work and the panels stay dumb: one place decides which task runs, what
the user sees while it runs (loading), and what happens when it fails (offline with the cached
catalogue, or an error naming the URL, the status and a hint). Every network call runs in a
QgsTask; results reach widgets only in the task's ``finished()`` on the main thread.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
)
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..catalog.cache import CatalogCache, describe_age
from ..catalog.errors import CatalogCancelled, CatalogError, CatalogNetworkError
from ..catalog.filters import DatasetFilter, apply_filter, families
from ..catalog.http import NetworkSettings, make_session
from ..catalog.models import BoundingBox, Dataset
from ..catalog.portal import PortalClient, resolve_api_url
from . import settings
from .details_panel import DetailsPanel
from .dock_details import DetailsMixin
from .footprints import Footprints
from .network import network_settings_from_qgis
from .search_panel import SearchPanel
from .stac_panel import StacPanel
from .tasks import TaskRunner

STALE_AFTER_S = 7 * 86400  # an older cached catalogue is re-crawled in the background on open


def tr(text: str) -> str:
    return QCoreApplication.translate("ClmsDock", text)


def describe_error(error: BaseException) -> str:
    """User message for an error: what failed, URL, HTTP status, server text, and a hint."""
    if isinstance(error, CatalogError):
        parts = [error.message]
        if error.status is not None:
            parts.append(tr("HTTP status %1").replace("%1", str(error.status)))
        if error.url:
            parts.append(tr("URL: %1").replace("%1", error.url))
        if error.server_message:
            parts.append(tr("Server said: %1").replace("%1", error.server_message))
        hint = error.hint
        if hint:
            parts.append(tr("Hint: %1").replace("%1", hint))
        return "\n".join(parts)
    return f"{type(error).__name__}: {error}"


class ClmsDock(DetailsMixin, QDockWidget):
    """Dock with a QTabWidget; the "Search" tab is built here, others come via ``add_tab``."""

    datasetSelected = pyqtSignal(object)  # noqa: N815 - Dataset or None (full record if loaded)

    def __init__(
        self,
        iface,
        parent=None,
        *,
        api_url: str | None = None,
        cache_dir: str | Path | None = None,
        auto_refresh: bool | None = None,
    ) -> None:
        super().__init__(tr("CLMS Toolbox"), parent)
        self.iface = iface
        self.setObjectName("ClmsToolboxDock")
        self._api_url = resolve_api_url(api_url) if api_url else settings.api_url()
        self.cache = CatalogCache(cache_dir if cache_dir is not None else settings.cache_dir())
        self.runner = TaskRunner()
        self._base: list[Dataset] = []
        self._base_label = ""
        self._cached_count = 0
        self._cache_age = 0.0
        self._search_task = None
        self._details_task = None
        self._thumb_task = None
        self._last_error: BaseException | None = None

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("clmsTabs")
        search_tab = QWidget(self.tabs)
        search_tab.setObjectName("clmsSearchTab")
        self.source = QComboBox(search_tab)
        self.source.setObjectName("clmsSource")
        self.source.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(14)
        self.source.addItem(tr("CLMS catalogue (land.copernicus.eu)"), "clms")
        self.source.addItem(tr("Copernicus Data Space (STAC)"), "stac")
        self.sources = QStackedWidget(search_tab)
        splitter = QSplitter(Qt.Vertical, self.sources)
        self.search_panel = SearchPanel(splitter)
        self.details_panel = DetailsPanel(splitter)
        splitter.addWidget(self.search_panel)
        splitter.addWidget(self.details_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.sources.addWidget(splitter)
        self.stac_panel = StacPanel(self, self.sources)
        self.sources.addWidget(self.stac_panel)
        self.source.currentIndexChanged.connect(self._source_changed)
        box = QVBoxLayout(search_tab)
        box.setContentsMargins(0, 0, 0, 0)
        pick = QFormLayout()
        pick.setContentsMargins(4, 4, 4, 0)
        pick.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        pick.addRow(tr("Source"), self.source)
        box.addLayout(pick)
        box.addWidget(self.sources, 1)
        self.tabs.addTab(search_tab, tr("Search"))
        self.setWidget(self.tabs)
        self.footprint = Footprints(self._canvas())
        self.downloads = None
        self.details_panel.previewRequested.connect(self.add_preview)

        sp = self.search_panel
        sp.searchRequested.connect(self.search)
        sp.refreshRequested.connect(self.refresh_catalogue)
        sp.cancelRequested.connect(self.cancel_search)
        sp.filtersChanged.connect(self._apply_filters)
        sp.datasetSelected.connect(self._dataset_selected)
        canvas = self._canvas()
        if canvas is not None:
            canvas.extentsChanged.connect(self._extent_changed)

        self._load_cache()
        if auto_refresh is None:
            auto_refresh = settings.auto_refresh()
        if auto_refresh and (self._cached_count == 0 or self._cache_age > STALE_AFTER_S):
            QTimer.singleShot(0, self.refresh_catalogue)  # the cached list stays usable meanwhile

    # -- public API -------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return self._api_url

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a tab (the download helper adds "Downloads"); returns its index."""
        return self.tabs.addTab(widget, title)

    def attach_downloads(self, panel) -> None:
        """The Downloads tab (download helper): STAC assets go to its queue, notices to the bar."""
        self.downloads = panel
        self.stac_panel.downloads = panel
        panel.noticeRequested.connect(self.notify)

    def notify(self, text: str, level: int = 0) -> None:
        """A note in the QGIS message bar (the details banner without one)."""
        try:
            self.iface.messageBar().pushMessage(tr("CLMS Toolbox"), text, level, 10)
        except (AttributeError, RuntimeError, TypeError):
            self.details_panel.set_state("info", text)

    def _source_changed(self, index: int) -> None:
        self.sources.setCurrentIndex(index)
        if self.source.itemData(index) == "stac":
            self.footprint.clear()
            self.stac_panel.activate()

    def add_preview(self, ds: Dataset | None) -> None:
        """*Add preview layer*: the dataset's WMTS/WMS view service, read in a task."""
        if ds is None:
            return
        from .preview import add_preview

        def done(layer, message: str) -> None:
            self.details_panel.set_state("info" if layer is not None else "error", message)

        self.details_panel.set_state("loading", tr("Reading the view service…"))
        add_preview(self.runner, ds, self.network_settings(), done)

    def shutdown(self) -> None:
        """Cancel background work before the plugin unloads; late results are ignored."""
        self.runner.shutdown()
        self.stac_panel.shutdown()
        self.footprint.clear()
        canvas = self._canvas()
        if canvas is not None:
            try:
                canvas.extentsChanged.disconnect(self._extent_changed)
            except (TypeError, RuntimeError):
                pass

    def network_settings(self) -> NetworkSettings:
        """Read QGIS's network options now (main thread) for the next task."""
        return network_settings_from_qgis()

    # -- cache ------------------------------------------------------------------------------
    def _load_cache(self) -> None:
        cached = self.cache.load(self._api_url)
        if cached is None or not cached.datasets:
            self._set_base([], "")
            self.search_panel.set_state(
                "empty", tr("No local catalogue yet. Press Search (or Refresh catalogue) to "
                            "load it from %1.").replace("%1", self._api_url))
            return
        self._cached_count = len(cached.datasets)
        self._cache_age = cached.age_seconds
        self._set_base(cached.datasets, "cache")
        self.search_panel.set_state("info", tr(
            "Cached catalogue: %1 datasets, updated %2 ago.").replace(
            "%1", str(len(cached.datasets))).replace("%2", describe_age(cached.age_seconds)))

    def _set_base(self, datasets: list[Dataset], label: str) -> None:
        self._base = list(datasets)
        self._base_label = label
        self.search_panel.set_families(families(self._base))
        self._apply_filters()

    # -- search -----------------------------------------------------------------------------
    def search(self, text: str) -> None:
        """Full-text search on the portal (``SearchableText``); empty text shows the catalogue."""
        text = text.strip()
        if not text:
            if self._cached_count:
                self._load_cache()
            else:
                self.refresh_catalogue()
            return
        self._start_search(text)

    def refresh_catalogue(self) -> None:
        """Re-crawl the whole catalogue in the background and save it to the cache."""
        self._start_search("")

    def cancel_search(self) -> None:
        if self._search_task is not None:
            self._search_task.cancel()

    def _start_search(self, text: str) -> None:
        self.cancel_search()
        net = self.network_settings()
        api_url = self._api_url
        cache = self.cache

        def work(task):
            client = PortalClient(make_session(net), api_url)

            def progress(n: int, total: int | None) -> None:
                task.setProgress(min(99.0, 100.0 * n / total) if total else 0.0)

            result = client.search(text, cancelled=task.isCanceled, progress=progress)
            if not text:
                cache.save(api_url, result.raw_items)
            return result

        if text:
            message = tr("Searching %1 for “%2”…").replace("%1", api_url).replace("%2", text)
        else:
            message = tr("Loading the catalogue from %1…").replace("%1", api_url)
        self.search_panel.set_state("loading", message)
        self.search_panel.set_busy(True)
        description = tr("CLMS catalogue search") if text else tr("CLMS catalogue refresh")
        task = self.runner.start(description, work,
                                 lambda result, error: self._search_done(task, text, result, error))
        self._search_task = task

    def _search_done(self, task, text: str, result, error) -> None:
        if task is not self._search_task:
            return  # a newer search replaced this one
        self._search_task = None
        self.search_panel.set_busy(False)
        self._last_error = error
        if error is None:
            if not text:
                self._cached_count = len(result.datasets)
            self._set_base(result.datasets, "search" if text else "cache")
            if text:
                state = tr("%1 datasets found for “%2” at %3.").replace(
                    "%1", str(len(result.datasets))).replace("%2", text).replace(
                    "%3", self._api_url)
            else:
                state = tr("Catalogue updated: %1 datasets from %2.").replace(
                    "%1", str(len(result.datasets))).replace("%2", self._api_url)
            self.search_panel.set_state("info", state)
            if not result.datasets:
                self.search_panel.set_state("empty", tr(
                    "No dataset matches “%1” at %2. Try other words.").replace(
                    "%1", text).replace("%2", self._api_url))
            return
        if isinstance(error, CatalogCancelled):
            self.search_panel.set_state("info", tr("Search cancelled."))
            return
        detail = describe_error(error)
        cached = self.cache.load(self._api_url)
        if isinstance(error, CatalogNetworkError) and cached is not None and cached.datasets:
            self._cached_count = len(cached.datasets)
            datasets = cached.datasets
            if text:
                datasets = apply_filter(datasets, DatasetFilter(text=text))
            self._set_base(datasets, "cache")
            self.search_panel.set_state("offline", tr(
                "Offline: the catalogue could not be reached, showing the cached catalogue "
                "(%1 datasets, updated %2 ago), searched locally.").replace(
                "%1", str(len(cached.datasets))).replace(
                "%2", describe_age(cached.age_seconds)) + "\n" + detail)
            return
        self._set_base([], "")
        self.search_panel.set_state("error", tr("The search failed.") + "\n" + detail)

    # -- filters ----------------------------------------------------------------------------
    def _canvas(self):
        try:
            return self.iface.mapCanvas() if self.iface is not None else None
        except (AttributeError, RuntimeError):
            return None

    def map_extent_4326(self) -> BoundingBox | None:
        """The canvas extent in EPSG:4326 (clamped), or None without a usable canvas."""
        canvas = self._canvas()
        if canvas is None:
            return None
        extent = canvas.extent()
        if extent.isEmpty():
            return None
        source = canvas.mapSettings().destinationCrs()
        target = QgsCoordinateReferenceSystem("EPSG:4326")
        if source.isValid() and source != target:
            try:
                xform = QgsCoordinateTransform(source, target, QgsProject.instance())
                extent = xform.transformBoundingBox(extent)
            except Exception:  # noqa: BLE001 - QgsCsException: fall back to the whole world
                return None
        return BoundingBox(max(-180.0, extent.xMinimum()), max(-90.0, extent.yMinimum()),
                           min(180.0, extent.xMaximum()), min(90.0, extent.yMaximum()))

    def _extent_changed(self) -> None:
        if self.search_panel.extent.isChecked():
            self._apply_filters()

    def _apply_filters(self) -> None:
        sp = self.search_panel
        flt = sp.current_filter(self.map_extent_4326() if sp.extent.isChecked() else None)
        shown = apply_filter(self._base, flt)
        unknown = sum(1 for ds in shown if ds.bbox is None) if flt.extent is not None else 0
        sp.model.mark_unknown_extent = flt.extent is not None
        sp.set_results(shown, len(self._base))
        if unknown:
            sp.count.setText(sp.count.text() + " · " + tr(
                "%1 without a known extent are kept (marked ◌)").replace("%1", str(unknown)))
        if self._base and not shown:
            sp.count.setText(tr("0 of %1 datasets match the filters; widen them.").replace(
                "%1", str(len(self._base))))

    # -- misc -------------------------------------------------------------------------------
    def last_error(self) -> BaseException | None:
        return self._last_error

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.runner.cancel_all()
        super().closeEvent(event)


__all__ = ["ClmsDock", "describe_error"]
