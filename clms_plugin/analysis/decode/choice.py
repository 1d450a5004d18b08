"""Which encoding decodes a file, for a product chosen by id or recognised by its name.

Why one function: ``clms:decodeproduct`` and the zonal algorithms (``zonaltimeseries``,
``anomaly``) both turn a PRODUCT choice into an encoding, and the rule has a subtlety — a
product whose bands differ (a file-name band token such as ``LAI``/``RMSE``) is decoded with
the encoding of the file's own band when the file *is* that product. Declared once here, on
top of the registry, so the algorithms differ only in their enum's labels.
"""

from __future__ import annotations

from ...products import registry
from ...products.registry import Encoding, ProductMatch


def product_encoding(product_id: str, path: str) -> tuple[Encoding, ProductMatch | None]:
    """The encoding of product ``product_id`` for the file ``path`` (its band's encoding
    when the file name is recognised as that product) and the name match, if any."""
    product = registry.get(product_id)
    match = registry.identify(path)
    band = match.band if match is not None and match.product.id == product.id else None
    return product.encoding_for(band), match


def recognised_encoding(path: str, continuous_only: bool = True
                        ) -> tuple[Encoding | None, ProductMatch | None]:
    """The encoding of the product recognised in the file name (None when no product is
    recognised, or when ``continuous_only`` and the product holds classes)."""
    match = registry.identify(path)
    if match is None or (continuous_only and match.encoding.kind != "continuous"):
        return None, match
    return match.encoding, match


__all__ = ["product_encoding", "recognised_encoding"]
