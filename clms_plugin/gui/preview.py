"""*Add preview layer*: the dataset's view service (WMTS/WMS) as a map layer, temporal if the
service has a time dimension.

Why: the EEA's own plugin lets users look before they fetch; without it users download
gigabytes to find the wrong product. The capabilities are read in a QgsTask (network off the GUI
thread), the layer is made on the main thread from what they say (layer name, tile matrix set,
time dimension) and wired to the Temporal Controller when the service is temporal.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from qgis.core import QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QCoreApplication

from ..catalog.http import NetworkSettings, get, make_session
from ..catalog.models import Dataset
from ..catalog.viewservice import ServiceLayer, capabilities_url, parse_capabilities
from .details_panel import preview_services
from .tasks import TaskRunner


def tr(text: str) -> str:
    return QCoreApplication.translate("Preview", text)


def layer_uri(layer: ServiceLayer) -> str:
    """The QGIS ``wms`` provider URI for a WMS or WMTS layer (WMS-T when temporal)."""
    fmt = next((f for f in layer.formats if "png" in f), layer.formats[0] if layer.formats
               else "image/png")
    parts = ["contextualWMSLegend=0", f"format={fmt}", f"layers={layer.name}",
             f"styles={layer.styles[0] if layer.styles else ''}"]
    if layer.kind == "wmts":
        tms = layer.tile_matrix_sets[0] if layer.tile_matrix_sets else ""
        parts += ["crs=EPSG:3857", f"tileMatrixSet={tms}", "dpiMode=7"]
        if layer.temporal:
            parts.append("tileDimensions=" + quote(f"time={layer.time_default or ''}"))
        parts.append("url=" + quote(capabilities_url(layer.url).replace(
            "SERVICE=WMS", "SERVICE=WMTS"), safe=":/"))
    else:
        crs = "EPSG:3857" if "EPSG:3857" in layer.crs else (layer.crs[0] if layer.crs
                                                            else "EPSG:4326")
        parts.append(f"crs={crs}")
        if layer.temporal:
            parts += ["type=wmst", "allowTemporalUpdates=true", "temporalSource=provider",
                      "timeDimensionExtent=" + quote(layer.time_extent or layer.time_default)]
        parts.append("url=" + quote(layer.url, safe=":/?="))
    return "&".join(parts)


def make_layer(ds: Dataset, layer: ServiceLayer) -> QgsRasterLayer:
    name = tr("%1 (preview)").replace("%1", ds.title)
    raster = QgsRasterLayer(layer_uri(layer), name, "wms")
    if layer.temporal and raster.isValid():
        props = raster.temporalProperties()
        props.setIsActive(True)
    return raster


def add_preview(runner: TaskRunner, ds: Dataset, net: NetworkSettings,
                on_done: Callable[[QgsRasterLayer | None, str], None],
                project: QgsProject | None = None) -> bool:
    """Read the capabilities of the first usable view service in a task, then add the layer;
    ``on_done(layer, message)`` on the main thread (layer None with the reason on failure)."""
    urls = preview_services(ds)
    if not urls:
        on_done(None, tr("This dataset names no view service (WMS/WMTS)."))
        return False

    def work(_task):
        session = make_session(net)
        problems = []
        for url in urls:
            try:
                resp = get(session, capabilities_url(url))
                layers = parse_capabilities(resp.content, url)
            except Exception as exc:  # noqa: BLE001 - try the next service, report all
                problems.append(f"{url}: {exc}")
                continue
            if layers:
                return layers[0], problems
            problems.append(f"{url}: no named layer in the capabilities")
        return None, problems

    def done(result, error) -> None:
        if error is not None:
            on_done(None, str(error))
            return
        layer, problems = result
        if layer is None:
            on_done(None, "\n".join(problems))
            return
        raster = make_layer(ds, layer)
        if not raster.isValid():
            on_done(None, tr("QGIS could not open the view service %1: %2").replace(
                "%1", layer.url).replace("%2", raster.error().summary()))
            return
        (project or QgsProject.instance()).addMapLayer(raster)
        note = tr(" (time-enabled: use the Temporal Controller)") if layer.temporal else ""
        on_done(raster, tr("Preview layer added: %1").replace("%1", raster.name()) + note)

    runner.start(tr("CLMS preview layer"), work, done)
    return True
