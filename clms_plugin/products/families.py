"""What arrives for a product family, in words, before anything is downloaded (QGIS-free).

Why: the dock's details panel must tell the user, for every family, the format, resolution and
encoding of what a download will bring (a NetCDF of DN with flags, a GeoPackage styled by its
code field, an EGMS CSV of points with a displacement series …). The facts already live in the
registry (``products.registry``) and in ``resources/products/*.json``; this module ties a
catalogue dataset to a registry product (by title expressions declared as data under
``catalog``) and writes the summary rows.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from . import registry
from .registry import Encoding, Product

KNOWN_FAMILIES = registry.PRODUCTS_JSON.parent / "known_families.json"

_TEMPORAL = {"static": "single date", "yearly": "yearly", "monthly": "monthly",
             "dekad": "10-daily (dekads)", "daily": "daily", "hourly": "hourly"}
_KIND = {"raster": "raster layer, decoded (scale/offset, flags → nodata) and styled",
         "vector": "vector layer styled by its class-code field with the official colours",
         "points": "point layer (dated features / displacement series)"}


@cache
def _known() -> dict[str, dict[str, Any]]:
    if not KNOWN_FAMILIES.is_file():
        return {}
    return json.loads(KNOWN_FAMILIES.read_text(encoding="utf-8")).get("families", {})


def info(product: Product) -> dict[str, Any]:
    """The product's extra facts, completed from ``known_families.json`` for older entries."""
    merged = dict(_known().get(product.id, {}))
    merged.update(product.info)
    return merged


def match_dataset(title: str, text: str = "") -> Product | None:
    """The registry product a catalogue dataset is (first ``catalog`` expression that matches
    its title, then its title + ``text``), or ``None``."""
    for haystack in (title.lower(), f"{title} {text}".lower()):
        for product in registry.products():
            for expr in info(product).get("catalog", []):
                if re.search(expr, haystack, re.IGNORECASE):
                    return product
    return None


def encoding_text(enc: Encoding, product: Product | None = None) -> str:
    """One line: DN → physical rule, valid range, flags that become nodata, legend."""
    parts: list[str] = []
    if product is not None and product.kind == "vector":
        vec = info(product).get("vector", {})
        return (f"classes by field matching '{vec.get('code_field', '?')}' "
                f"({vec.get('level', '')}), legend {vec.get('legend', '?')}").replace(" ()", "")
    if product is not None and product.kind == "points":
        pts = info(product).get("points", {})
        return f"{pts.get('value_field', 'value')} in {pts.get('unit', enc.unit)}"
    if enc.kind == "classes":
        parts.append(f"classes, legend '{enc.legend}'" if enc.legend else "classes")
    else:
        unit = f" {enc.unit}" if enc.unit else ""
        if enc.is_scaled:
            parts.append(f"{enc.dtype} DN; physical = DN × {enc.scale:g} + {enc.offset:g}{unit}")
        else:
            parts.append(f"{enc.dtype} values{unit}")
    if enc.valid_min is not None and enc.valid_max is not None:
        parts.append(f"valid DN {enc.valid_min:g}–{enc.valid_max:g}")
    invalid = [f"{k:g}" if isinstance(k, float) else str(k) for k in enc.invalid_values]
    if invalid:
        parts.append("nodata/flags " + ", ".join(invalid[:8]) + (" …" if len(invalid) > 8
                                                                   else ""))
    return "; ".join(parts)


def describe(product: Product) -> list[tuple[str, str]]:
    """(label, value) rows for the details panel: what arrives and how it is read."""
    extra = info(product)
    rows = [
        ("Product", f"{product.title} [{product.id}]"),
        ("Arrives as", _KIND.get(product.kind, product.kind)),
        ("Format", str(extra.get("format", ""))),
        ("Resolution", str(extra.get("resolution", product.grid))),
        ("Encoding", encoding_text(product.encoding, product)),
        ("Dates", _TEMPORAL.get(product.temporal, product.temporal)),
    ]
    bands = [b for b in product.band_encodings if "*" not in b]
    if bands:
        rows.append(("Bands / layers", ", ".join(bands[:10])))
    unconfirmed = extra.get("unconfirmed", [])
    if unconfirmed:
        rows.append(("Not confirmed", "; ".join(str(u) for u in unconfirmed[:2])
                     + (" …" if len(unconfirmed) > 2 else "")))
    return [(label, value) for label, value in rows if value]


def describe_dataset(title: str, text: str = "") -> list[tuple[str, str]]:
    """:func:`describe` of the matching product, or one row saying the family is unknown."""
    product = match_dataset(title, text)
    if product is None:
        return [("Arrives as", "not a family the toolbox decodes yet: loaded with QGIS "
                               "defaults")]
    return describe(product)


def decodable() -> list[Product]:
    """Raster products in registry order: the list ``clms:decodeproduct`` should offer.

    Vector and point families come last in the registry (``vectors_points.json`` is the last
    extra file), so leaving them out does not renumber any raster entry.
    """
    return [p for p in registry.products() if p.kind == "raster"]


RASTER_SUFFIXES = (".tif", ".tiff", ".nc", ".img", ".jp2", ".vrt")


def loadable(paths: list) -> list:
    """The files of an extracted archive worth loading: rasters, plus the vector / point files
    the registry recognises (Urban Atlas GeoPackages, EGMS CSVs, water-level JSON …) — not
    their XML / QML / PDF companions."""
    out = []
    for path in paths:
        name = str(path)
        if name.lower().endswith(RASTER_SUFFIXES):
            out.append(path)
            continue
        match = registry.identify(name) if name.lower().endswith(
            (".gpkg", ".shp", ".csv", ".json", ".geojson", ".fgb", ".zip")) else None
        if match is not None and match.product.kind != "raster":
            out.append(path)
    return out
