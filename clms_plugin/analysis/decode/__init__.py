"""Product decoding: stored DNs → physical Float32 values, flags → nodata (QGIS-free).

The Processing algorithm ``clms:decodeproduct`` imports the public names below; the encodings
themselves are declared once in ``products/``.
"""

from .product import DecodeResult, decode_product

__all__ = ["DecodeResult", "decode_product"]
