"""``clms:decodeproduct`` — stored DN → physical Float32 values, flags → nodata.

Why: CLMS products store integers (NDVI 0–250 = −0.08…0.92, 251–255 flags; LAI DN/30; GSW
change DN−100 …). Analyses and map algebra need physical values with every flag masked. The
encoding comes from the product registry (``clms_plugin/products``), the same table the layer
loader and the other algorithms use; the pixels are streamed by the block runner.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBand,
    QgsProcessingParameterEnum,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
)

from ..clms_plugin.analysis.decode import decode_product
from ..clms_plugin.products import families, registry
from ..clms_plugin.products.encodings import product_encoding
from ..clms_plugin.products.registry import Encoding, ProductMatch
from . import glue
from .base import ClmsAlgorithm


class DecodeProductAlgorithm(ClmsAlgorithm):
    """Decode a CLMS product raster band into physical Float32 values."""

    ALG_ID = "decodeproduct"
    DISPLAY_NAME = "Decode CLMS product (DN → physical values)"
    GROUP = "Products"
    GROUP_ID = "products"

    INPUT = "INPUT"
    PRODUCT = "PRODUCT"
    BAND = "BAND"
    CONVERT = "CONVERT"
    OUTPUT = "OUTPUT"

    def _product_ids(self) -> list[str]:
        """PRODUCT 1… in registry order, raster products only (``families.decodable``):
        the vector/point families come last, so leaving them out renumbers nothing."""
        return [p.id for p in families.decodable()]

    def initAlgorithm(self, config=None):  # noqa: ARG002
        self.add(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Input raster")),
                 self.tr("A CLMS product raster as downloaded (GeoTIFF, COG or NetCDF)."))
        options = [self.tr("Auto-detect from the file name")] + [
            f"{p.title} ({p.id})" for p in families.decodable()
        ]
        self.add(QgsProcessingParameterEnum(self.PRODUCT, self.tr("Product"), options,
                                            defaultValue=0),
                 self.tr("Which product the raster is; auto-detect recognises CLMS file "
                         "names."))
        self.add(QgsProcessingParameterBand(
            self.BAND, self.tr("Band"), defaultValue=1, parentLayerParameterName=self.INPUT,
            optional=True), self.tr("The band to decode (default: the first)."))
        self.add(QgsProcessingParameterEnum(
            self.CONVERT, self.tr("Convert to another quantity"),
            [self.tr("None"), self.tr("DMP → NPP / GDMP → GPP (gC/m²/day)")],
            defaultValue=0, optional=True),
            self.tr("Optional: turn dry-matter productivity (DMP, GDMP) into carbon "
                    "productivity (NPP, GPP) with the CGLS carbon fraction 0.45, to extend "
                    "NPP/GPP series before 2023."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Decoded (physical values, Float32)")),
            self.tr("Float32 physical values; flags and no data become NaN. Styled with the "
                    "product's ramp or legend (a .qml sidecar)."))

    def shortHelpString(self) -> str:
        ids = ", ".join(self._product_ids())
        return self.structured_help(
            self.tr("Turns the stored digital numbers (DN) of a CLMS product into physical "
                    "values, with every flag and no-data value masked."),
            self.tr("A product raster (GeoTIFF, COG or a NetCDF file / subdataset), the "
                    "product (recognised from the file name, e.g. "
                    "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc, or chosen) and the "
                    "band. Known products: {0}.").format(ids),
            self.tr("A Float32 raster of physical values, NaN where the product has a flag "
                    "(cloud, snow, sea, missing, not water …), its nodata or a DN outside the "
                    "valid range; styled with the product's colour ramp or legend (a .qml "
                    "sidecar, the same style the download dock gives the product). Class "
                    "products keep their class codes."),
            self.tr("physical = DN × scale + offset, from the product registry. A "
                    "floating-point input already holds physical values: only no data is "
                    "masked. CONVERT = 1 turns DMP into NPP and GDMP into GPP (gC/m²/day, "
                    "× 0.1 × 0.45)."),
            self.tr("CLMS product user manuals as summarised in the CGLS colour maps, CDSE "
                    "collection documentation and the JRC GSW data users guide; the full "
                    "table is resources/products/products.json."))

    def checkParameterValues(self, parameters, context):
        """A CGLS NetCDF container path is valid input: its product variable is decoded."""
        raw = parameters.get(self.INPUT)
        if isinstance(raw, str) and raw.lower().endswith(registry.NETCDF_SUFFIXES):
            try:
                parameters = {**parameters, self.INPUT: registry.netcdf_uri(raw)}
            except Exception as exc:  # noqa: BLE001 - reported as a parameter problem
                return False, self.tr("INPUT: cannot open '{0}' as NetCDF ({1}).").format(
                    raw, exc)
        return super().checkParameterValues(parameters, context)

    def resolve_layer(self, parameters, name, context):
        """A CGLS NetCDF container holds several variables: open the product's one."""
        layer = self.parameterAsRasterLayer(parameters, name, context)
        raw = parameters.get(name)
        if (layer is None or not layer.isValid()) and isinstance(raw, str) and \
                raw.lower().endswith(registry.NETCDF_SUFFIXES):
            layer = QgsRasterLayer(registry.netcdf_uri(raw), Path(raw).stem, "gdal")
        return layer

    def prepare(self, parameters, context, feedback):  # noqa: ARG002
        """Pick the product and its encoding (main thread: the layer's name and bands)."""
        src = self.sources[self.INPUT][0]
        self.raw = parameters.get(self.INPUT)
        choice = self.parameterAsEnum(parameters, self.PRODUCT, context)
        self.band = self.parameterAsInt(parameters, self.BAND, context) or 1
        if choice == 0:
            match = registry.identify(src.uri)
            if match is None:
                raise QgsProcessingException(self.tr(
                    "INPUT: '{0}' is not a known CLMS product file name; choose the product in "
                    "PRODUCT instead of auto-detect.").format(src.name))
            product, encoding = match.product, match.encoding
        else:
            ids = self._product_ids()
            if not 1 <= choice <= len(ids):
                raise QgsProcessingException(self.tr("PRODUCT: choose a listed product."))
            product = registry.get(ids[choice - 1])
            encoding, match = product_encoding(product.id, src.uri)
        if self.band < 1 or self.band > src.band_count:
            raise QgsProcessingException(self.tr(
                "BAND: '{0}' has {1} band(s); pick 1..{1}.").format(src.name, src.band_count))
        self.product, self.encoding, self.match = product, encoding, match

    def run_core(self, parameters, context, feedback):  # noqa: ARG002
        enc = self.encoding
        feedback.pushInfo(self.tr("Product: {0} ({1}); scale {2:g}, offset {3:g}; "
                                  "nodata/flags: {4}").format(
            self.product.title, self.product.id, enc.scale, enc.offset,
            ", ".join(f"{v:g}" for v in enc.invalid_values) or "none"))
        convert = self.parameterAsEnum(parameters, self.CONVERT, context) == 1
        return decode_product(self.uri(self.INPUT), self.band, self.out(self.OUTPUT), enc,
                              self.product.id, convert=convert, **self.core_kwargs(feedback))

    def report(self, result, parameters, context, feedback):  # noqa: ARG002
        if result.prescaled:
            feedback.pushWarning(self.tr(
                "INPUT holds floating-point values: scale/offset were already applied; only "
                "nodata was masked."))
        out_path = self.output_set.final[self.OUTPUT]
        if context.willLoadLayerOnCompletion(out_path):
            match, src = self.match, self.sources[self.INPUT][0]
            if match is None or match.product.id != self.product.id:
                match = ProductMatch(self.product, Path(src.path).name, None, None, None, {})
            post = DecodedStylePostProcessor.create(match, self.encoding,
                                                    str(self.raw or src.uri),
                                                    glue.sidecar_style(out_path))
            context.layerToLoadOnCompletionDetails(out_path).setPostProcessor(post)
        return {}


class DecodedStylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles the decoded layer when Processing loads it: the same colour ramp (physical
    units) or class legend, metadata and date range as ``gui.layers`` gives a downloaded file,
    so both routes to a CLMS layer look identical. Instances are kept alive by a class list
    (Processing holds only a raw pointer)."""

    _instances: list[DecodedStylePostProcessor] = []

    def __init__(self, match: ProductMatch, encoding: Encoding, source: str,
                 sidecar: Path | None = None) -> None:
        super().__init__()
        self.match, self.encoding, self.source = match, encoding, source
        self.sidecar = sidecar

    @classmethod
    def create(cls, match: ProductMatch, encoding: Encoding, source: str,
               sidecar: Path | None = None) -> DecodedStylePostProcessor:
        inst = cls(match, encoding, source, sidecar)
        cls._instances.append(inst)
        return inst

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802, ARG002
        from ..clms_plugin.gui import layers

        if not isinstance(layer, QgsRasterLayer) or not layer.isValid():
            return
        if self.sidecar is not None:  # the output's own style, as opened from disk
            layer.loadNamedStyle(str(self.sidecar))
        else:
            layers.apply_style(layer, self.encoding)
        layers.apply_metadata(layer, self.match, self.source)
        if self.match.product.is_time_series() and self.match.date and self.match.end:
            layers.apply_temporal(layer, self.match.date, self.match.end)
        layer.triggerRepaint()
