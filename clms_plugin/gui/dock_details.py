"""The dock's details half: load the full record, thumbnail and footprint of a selection.

Why a mixin: the dock file stays readable; these methods only use the dock's runner, details
panel, footprint and network settings, and follow its rule — network in tasks, widgets in the
callbacks.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

from ..catalog.errors import CatalogCancelled
from ..catalog.http import NetworkSettings, make_session
from ..catalog.models import Dataset
from ..catalog.portal import PortalClient
from .footprints import geometry_from_geojson


def tr(text: str) -> str:
    return QCoreApplication.translate("ClmsDock", text)


class DetailsMixin:
    """Mixin of :class:`~.dock.ClmsDock`."""

    # -- details ----------------------------------------------------------------------------
    def _dataset_selected(self, ds: Dataset | None) -> None:
        if self._details_task is not None:
            self._details_task.cancel()
        if self._thumb_task is not None:
            self._thumb_task.cancel()
        self.details_panel.show_dataset(ds, loading=ds is not None and bool(ds.url))
        self._draw_footprint(ds)
        self.datasetSelected.emit(ds)
        if ds is None or not ds.url:
            return
        net = self.network_settings()
        api_url = self._api_url

        def work(_task):
            return PortalClient(make_session(net), api_url).dataset(ds.url)

        task = self.runner.start(tr("CLMS dataset details"), work,
                                 lambda full, err: self._details_done(task, ds, full, err, net))
        self._details_task = task

    def _details_done(self, task, ds: Dataset, full, error, net) -> None:
        if task is not self._details_task:
            return
        self._details_task = None
        if self.details_panel.dataset is None or self.details_panel.dataset.uid != ds.uid:
            return
        if error is not None:
            if not isinstance(error, CatalogCancelled):
                self.details_panel.set_state("error", tr(
                    "Could not load the full record; showing the summary.") + "\n"
                    + _describe(error))
            return
        full = full.with_fallback(ds)  # the list entry knows resolution/CRS the record lacks
        self.details_panel.show_dataset(full)
        self.details_panel.set_state("", "")
        self._draw_footprint(full)
        self.datasetSelected.emit(full)
        if full.thumbnail_url:
            self._fetch_thumbnail(full, net)

    def _fetch_thumbnail(self, ds: Dataset, net: NetworkSettings) -> None:
        api_url = self._api_url

        def work(_task):
            return PortalClient(make_session(net), api_url).fetch_bytes(ds.thumbnail_url)

        task = self.runner.start(tr("CLMS thumbnail"), work,
                                 lambda data, err: self._thumb_done(task, ds, data, err))
        self._thumb_task = task

    def _thumb_done(self, task, ds: Dataset, data, error) -> None:
        if task is not self._thumb_task:
            return
        self._thumb_task = None
        if self.details_panel.dataset is None or self.details_panel.dataset.uid != ds.uid:
            return
        if error is None:
            self.details_panel.set_thumbnail(data)
        else:
            self.details_panel.thumbnail.setText(tr("no preview"))
            self.details_panel.thumbnail.setToolTip(_describe(error))

    def _draw_footprint(self, ds: Dataset | None) -> None:
        b = ds.bbox if ds is not None else None
        geom = geometry_from_geojson(None, [b.west, b.south, b.east, b.north]) if b else None
        self.footprint.show([geom] if geom is not None else [])



def _describe(error: BaseException) -> str:
    from .dock import describe_error

    return describe_error(error)
