"""CDSE assets that exist only on S3 (``s3://eodata/…``), read in place with GDAL ``/vsis3/``.

Why: a collection whose ``auth:schemes`` name only ``s3`` offers no HTTPS link to queue; GDAL
reads cloud-optimised GeoTIFFs in place with range requests (clms_api.md §2.3, item 2), which
is also the fastest way to look at one. The CDSE S3 keys come from the QGIS authentication
database and are handed to GDAL as *path-specific* options for the bucket only, in memory,
never written to settings. The first read (the file header) runs in a QgsTask so the GUI never
waits on the network; the layer is made on the main thread afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from . import layers, settings
from .tasks import TaskRunner


def tr(text: str) -> str:
    return QCoreApplication.translate("S3Layers", text)


def vsi_path(href: str) -> str:
    """``s3://bucket/key`` → ``/vsis3/bucket/key``."""
    if not href.startswith("s3://"):
        raise ValueError(f"not an s3:// link: {href}")
    return "/vsis3/" + href[len("s3://"):]


def configure(href: str, access_key: str, secret_key: str, endpoint: str) -> str:
    """Give GDAL the keys and endpoint for this bucket only; returns the /vsis3/ path."""
    from osgeo import gdal

    path = vsi_path(href)
    bucket = "/".join(path.split("/")[:3])  # /vsis3/<bucket>
    https = not endpoint.startswith("http://")
    host = endpoint.split("://", 1)[-1].rstrip("/")
    for key, value in (("AWS_ACCESS_KEY_ID", access_key), ("AWS_SECRET_ACCESS_KEY", secret_key),
                       ("AWS_S3_ENDPOINT", host), ("AWS_HTTPS", "YES" if https else "NO"),
                       ("AWS_VIRTUAL_HOSTING", "FALSE"), ("AWS_REGION", "default")):
        gdal.SetPathSpecificOption(bucket, key, value)
    return path


def add_in_place(runner: TaskRunner, href: str, keys: tuple[str, str],
                 on_done: Callable[[list, str], None], project: QgsProject | None = None,
                 endpoint: str | None = None) -> None:
    """Open the asset in a task (warms GDAL's cache), then add it decoded and styled."""
    path = configure(href, keys[0], keys[1], endpoint or settings.s3_endpoint())

    def work(_task):
        from osgeo import gdal

        ds = gdal.Open(path)
        if ds is None:
            raise RuntimeError(gdal.GetLastErrorMsg() or f"GDAL cannot open {path}")
        return ds.RasterXSize, ds.RasterYSize

    def done(_size, error) -> None:
        if error is not None:
            on_done([], tr("Could not read %1 in place: %2").replace("%1", href).replace(
                "%2", str(error)))
            return
        try:
            loaded = layers.load_files([path], project or QgsProject.instance(),
                                       cache_dir=settings.cache_dir() / "s3")
        except layers.LayerLoadError as exc:
            on_done([], str(exc))
            return
        on_done(loaded, tr("Added to the map (read in place from S3): %1").replace(
            "%1", ", ".join(lyr.name() for lyr in loaded)))

    runner.start(tr("CDSE S3 asset"), work, done)
