"""QGIS-free core: products (registry of file-name patterns, dates, encodings, legends)."""

from .registry import Encoding, Product, ProductMatch, get, identify, products

__all__ = ["Encoding", "Product", "ProductMatch", "get", "identify", "products"]
