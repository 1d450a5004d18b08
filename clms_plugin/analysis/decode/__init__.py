"""Product decoding: stored DNs → physical Float32 values, flags → nodata (QGIS-free).

The Processing algorithms import the public names below (``clms:decodeproduct`` the kernel,
it and the zonal algorithms the PRODUCT → encoding choice); the encodings themselves are
declared once in ``products/``.
"""

from .choice import product_encoding, recognised_encoding
from .product import DecodeResult, decode_product

__all__ = ["DecodeResult", "decode_product", "product_encoding", "recognised_encoding"]
