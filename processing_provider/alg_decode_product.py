"""``clms:decodeproduct`` — stored DN → physical Float32 values, flags → nodata.

Why: CLMS products store integers (NDVI 0–250 = −0.08…0.92, 251–255 flags; LAI DN/30; GSW
change DN−100 …). Analyses and map algebra need physical values with every flag masked. The
encoding comes from the product registry (``clms_plugin/products``), the same table the layer
loader and the other algorithms use; the pixels are streamed by the block runner.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from qgis.core import (
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBand,
    QgsProcessingParameterEnum,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)

from ..clms_plugin.analysis.engine import blocks
from ..clms_plugin.products import registry
from ..clms_plugin.products.registry import Encoding, ProductMatch
from .base import ClmsAlgorithm

NODATA = float("nan")


class DecodeProductAlgorithm(ClmsAlgorithm):
    """Decode a CLMS product raster band into physical Float32 values."""

    ALG_ID = "decodeproduct"
    DISPLAY_NAME = "Decode CLMS product (DN → physical values)"
    GROUP = "Products"
    GROUP_ID = "products"

    INPUT = "INPUT"
    PRODUCT = "PRODUCT"
    BAND = "BAND"
    OUTPUT = "OUTPUT"

    def _product_ids(self) -> list[str]:
        return registry.product_ids()

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Input raster")))
        options = [self.tr("Auto-detect from the file name")] + [
            f"{p.title} ({p.id})" for p in registry.products()
        ]
        self.addParameter(
            QgsProcessingParameterEnum(self.PRODUCT, self.tr("Product"), options, defaultValue=0)
        )
        self.addParameter(
            QgsProcessingParameterBand(
                self.BAND, self.tr("Band"), defaultValue=1, parentLayerParameterName=self.INPUT,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT, self.tr("Decoded (physical values, Float32)")
            )
        )

    def shortHelpString(self) -> str:
        ids = ", ".join(self._product_ids())
        return self.tr(
            "Turns the stored digital numbers (DN) of a CLMS product into physical values "
            "(physical = DN × scale + offset) as Float32, and sets every flag value (cloud, "
            "snow, sea, missing, not water …), the file's own nodata and every DN outside the "
            "product's valid range to nodata (NaN).\n\n"
            "INPUT: a product raster (GeoTIFF, COG or a NetCDF subdataset).\n"
            "PRODUCT: 0 = recognise the product from the file name (e.g. "
            "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc); otherwise pick it.\n"
            "BAND: band to decode (default 1).\n"
            "Class products (LC100, WorldCover, CORINE, Water Bodies, GSW transitions) keep "
            "their class codes; only their nodata/flag codes become nodata.\n"
            f"Known products: {ids}.\n"
            "When QGIS loads the output, it gets the product's colour ramp (physical units) or "
            "class legend, its licence/citation metadata and its date range.\n\n"
            "Sources: CLMS product user manuals as summarised in the CGLS colour maps "
            "(cgls/CGLS_colourmaps), CDSE collection documentation and the JRC GSW data "
            "users guide; the full table is resources/products/products.json."
        )

    @staticmethod
    def _vrt_for(uri: str) -> str:
        from osgeo import gdal
        from qgis.core import QgsProcessingUtils

        vrt = QgsProcessingUtils.generateTempFilename("clms_decode_input.vrt")
        ds = gdal.Translate(vrt, uri, format="VRT")
        if ds is None:
            raise QgsProcessingException(f"INPUT: GDAL cannot read {uri}")
        ds = None
        return vrt

    def checkParameterValues(self, parameters, context):
        """A CGLS NetCDF container path is valid input: its product variable is decoded."""
        raw = parameters.get(self.INPUT)
        if isinstance(raw, str) and raw.lower().endswith(registry.NETCDF_SUFFIXES):
            try:
                parameters = {**parameters, self.INPUT: registry.netcdf_uri(raw)}
            except Exception as exc:  # noqa: BLE001 - reported as a parameter problem
                return False, self.tr(f"INPUT: cannot open '{raw}' as NetCDF ({exc}).")
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        raw = parameters.get(self.INPUT)
        if (layer is None or not layer.isValid()) and isinstance(raw, str) and \
                raw.lower().endswith(registry.NETCDF_SUFFIXES):
            # a CGLS NetCDF holds several variables: open the product's one
            layer = QgsRasterLayer(registry.netcdf_uri(raw), Path(raw).stem, "gdal")
        path = self.raster_path(layer, self.INPUT)
        if layer.providerType() == "gdal" and layer.source().upper().startswith("NETCDF:"):
            path = layer.source()
        choice = self.parameterAsEnum(parameters, self.PRODUCT, context)
        band = self.parameterAsInt(parameters, self.BAND, context) or 1
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)

        if choice == 0:
            match = registry.identify(path)
            if match is None:
                raise QgsProcessingException(
                    self.tr(
                        f"INPUT: '{layer.name()}' is not a known CLMS product file name; "
                        "choose the product in PRODUCT instead of auto-detect."
                    )
                )
            product, encoding = match.product, match.encoding
        else:
            ids = self._product_ids()
            if not 1 <= choice <= len(ids):
                raise QgsProcessingException(self.tr("PRODUCT: choose a listed product."))
            product = registry.get(ids[choice - 1])
            match = registry.identify(path)
            band_token = match.band if match and match.product.id == product.id else None
            encoding = product.encoding_for(band_token)
        if band < 1 or band > layer.bandCount():
            raise QgsProcessingException(
                self.tr(f"BAND: '{layer.name()}' has {layer.bandCount()} band(s); pick 1.."
                        f"{layer.bandCount()}.")
            )
        feedback.pushInfo(
            f"Product: {product.title} ({product.id}); scale {encoding.scale:g}, offset "
            f"{encoding.offset:g}; nodata/flags: "
            + (", ".join(f"{v:g}" for v in encoding.invalid_values) or "none")
        )

        state = {"prescaled": None}

        def kernel(block):
            dn = block["src"][0]
            nd = block.nodata["src"]
            if np.issubdtype(dn.dtype, np.floating) and not np.issubdtype(
                np.dtype(encoding.dtype), np.floating
            ):
                # Sentinel Hub exports of CDSE products arrive with scale/offset applied:
                # keep the values, only mask NaN and the declared nodata.
                out = dn.astype(np.float32)
                if nd is not None:
                    out[dn == nd] = np.nan
                return {"out": out[None], "_prescaled": True}
            return {"out": encoding.decode_filled(dn, np.nan, extra_nodata=nd)[None]}

        def reduce(_block, res):
            # in reduce, not the kernel: a kernel may run on a dask worker (issue 15)
            if res.get("_prescaled"):
                state["prescaled"] = True

        unit = encoding.unit or ""
        spec = blocks.OutputSpec(
            out_path, "float32", nodata=NODATA,
            descriptions=[f"{product.id} {unit}".strip()],
            tags={"CLMS_PRODUCT": product.id, "UNITS": unit,
                  "CLMS_DECODED": "DN*%g+%g" % (encoding.scale, encoding.offset)},
        )
        read_path = path
        if not Path(path).exists():
            # a GDAL URI (NETCDF:"file":VAR): the block runner reads files, so give it a VRT
            read_path = self._vrt_for(path)
        try:
            blocks.run(
                {"src": blocks.RasterInput(read_path, (band,))}, kernel, {"out": spec},
                reduce=reduce,
                progress=self.progress_callback(feedback),
                is_canceled=self.cancel_callback(feedback),
            )
        except blocks.Cancelled:
            feedback.reportError(self.tr("Cancelled: no output was written."))
            return {}
        except (OSError, ValueError) as exc:
            raise QgsProcessingException(self.tr(f"INPUT: cannot decode '{path}': {exc}")) from exc
        if state["prescaled"]:
            feedback.pushWarning(
                self.tr("INPUT holds floating-point values: scale/offset were already applied; "
                        "only nodata was masked.")
            )
        if context.willLoadLayerOnCompletion(out_path):
            if match is None or match.product.id != product.id:
                match = ProductMatch(product, Path(path).name, None, None, None, {})
            post = DecodedStylePostProcessor.create(match, encoding, str(raw or path))
            context.layerToLoadOnCompletionDetails(out_path).setPostProcessor(post)
        return {self.OUTPUT: out_path}


class DecodedStylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles the decoded layer when Processing loads it: the same colour ramp (physical
    units) or class legend, metadata and date range as ``gui.layers`` gives a downloaded file,
    so both routes to a CLMS layer look identical. Instances are kept alive by a class list
    (Processing holds only a raw pointer)."""

    _instances: list[DecodedStylePostProcessor] = []

    def __init__(self, match: ProductMatch, encoding: Encoding, source: str) -> None:
        super().__init__()
        self.match, self.encoding, self.source = match, encoding, source

    @classmethod
    def create(cls, match: ProductMatch, encoding: Encoding, source: str
               ) -> DecodedStylePostProcessor:
        inst = cls(match, encoding, source)
        cls._instances.append(inst)
        return inst

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802, ARG002
        from ..clms_plugin.gui import layers

        if not isinstance(layer, QgsRasterLayer) or not layer.isValid():
            return
        layers.apply_style(layer, self.encoding)
        layers.apply_metadata(layer, self.match, self.source)
        if self.match.product.is_time_series() and self.match.date and self.match.end:
            layers.apply_temporal(layer, self.match.date, self.match.end)
        layer.triggerRepaint()
