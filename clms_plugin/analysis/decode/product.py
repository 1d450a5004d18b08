"""Stream one band of a product raster through its encoding into a Float32 raster (QGIS-free).

Why in the core: the decode kernel is pure numpy over the block runner, needed by
``clms:decodeproduct`` and usable from a script or a dask worker alike; only the choice of
the product (a Processing parameter) and the styling on load belong to the glue.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...products import productivity, styles
from ..engine import blocks
from ..engine.errors import InputError, ParameterError

NODATA = float("nan")


@dataclass
class DecodeResult:
    """What the run did; ``prescaled`` is True when the input already held physical values."""

    output: str
    prescaled: bool
    windows: int


def _vrt_for(uri: str, folder: str) -> str:
    """A VRT file for a GDAL URI (``NETCDF:"f.nc":VAR``): the block runner reads files."""
    from osgeo import gdal

    vrt = os.path.join(folder, "input.vrt")
    ds = gdal.Translate(vrt, uri, format="VRT")
    if ds is None:
        raise InputError("INPUT", f"GDAL cannot read {uri}")
    ds = None
    return vrt


def decode_product(source: str, band: int, output: str, encoding: Any, product_id: str, *,
                   convert: bool = False,
                   progress: Callable[[float], None] | None = None,
                   is_canceled: Callable[[], bool] | None = None,
                   memory_budget: int = blocks.DEFAULT_BUDGET) -> DecodeResult:
    """Decode band ``band`` of ``source`` (a file or a GDAL URI) with ``encoding`` into
    ``output`` (Float32, NaN nodata, product id and the applied formula as tags).

    A floating-point input of an integer product was exported with scale/offset already
    applied (Sentinel Hub exports of CDSE products): its values are kept and only NaN and the
    declared nodata are masked; ``DecodeResult.prescaled`` says so.

    ``convert``: DMP → NPP or GDMP → GPP (gC/m²/day, ``products.productivity``) after
    decoding; any other product is a ``CONVERT`` error. The output gets a QML sidecar from
    the same definitions as the dock's loader (``styles.encoding_qml``): the product's legend
    or its ramp in physical units (the target product's ramp after a conversion).
    """
    state = {"prescaled": False}
    multiplier, style_encoding, unit = None, encoding, encoding.unit or ""
    if convert:
        from ...products import registry

        try:
            conversion = productivity.conversion_for(product_id)
        except ValueError as exc:
            raise ParameterError("CONVERT", str(exc)) from None
        multiplier, unit = np.float32(conversion.factor), conversion.unit
        try:
            style_encoding = registry.get(conversion.target).encoding_for(None)
        except KeyError:
            style_encoding = encoding

    def kernel(block: blocks.Block) -> dict[str, np.ndarray]:
        dn = block["src"][0]
        nd = block.nodata["src"]
        if np.issubdtype(dn.dtype, np.floating) and not np.issubdtype(
            np.dtype(encoding.dtype), np.floating
        ):
            out = dn.astype(np.float32)
            if nd is not None:
                out[dn == nd] = np.nan
            prescaled = True
        else:
            out = encoding.decode_filled(dn, np.nan, extra_nodata=nd)
            prescaled = False
        if multiplier is not None:
            out = out * multiplier
        return {"out": out[None], "_prescaled": prescaled}

    def reduce(_block: blocks.Block, res: dict) -> None:
        # in reduce, not the kernel: a kernel may run in a dask worker process (issue 15)
        if res.get("_prescaled"):
            state["prescaled"] = True

    formula = "DN*%g+%g" % (encoding.scale, encoding.offset)
    if multiplier is not None:
        formula = f"({formula})*{float(multiplier):g}"
    spec = blocks.OutputSpec(
        output, "float32", nodata=NODATA, descriptions=[f"{product_id} {unit}".strip()],
        tags={"CLMS_PRODUCT": product_id, "UNITS": unit, "CLMS_DECODED": formula},
        style=styles.encoding_qml(style_encoding),
    )
    scratch = None
    try:
        read_path = source
        if not Path(source).exists():
            scratch = tempfile.mkdtemp(prefix="clms-decode-")
            read_path = _vrt_for(source, scratch)
        run = blocks.run({"src": blocks.RasterInput(read_path, (band,))}, kernel,
                         {"out": spec}, reduce=reduce, progress=progress,
                         is_canceled=is_canceled,
                         memory_budget=memory_budget)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return DecodeResult(run.outputs["out"], state["prescaled"], run.windows)
