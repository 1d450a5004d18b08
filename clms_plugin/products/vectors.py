"""Vector products (Urban Atlas, Riparian Zones, Natura 2000, Coastal Zones): which field
holds the class code and how each code is named and coloured (QGIS-free).

Why: a GeoPackage of these products loads in QGIS with one colour; the official look comes from
styling by the class-code field (``code_2018``, ``CODE_1_18`` …) with the legend of the
nomenclature. The field name changes with the reference year, so it is found with the regular
expression declared in ``resources/products/vectors_points.json``; legends are CSVs in
``resources/legends`` (same format as the land-cover legends).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import landcover
from .registry import Product


@dataclass(frozen=True)
class VectorStyle:
    """How to style one layer: the field, its legend and the class rows (code, name, colour)."""

    field: str
    label_field: str | None
    legend: str
    classes: tuple[tuple[int, str, str], ...]
    nodata: frozenset[int]


def spec(product: Product) -> dict:
    vec = product.info.get("vector")
    if not vec:
        raise ValueError(f"'{product.id}' is not a vector product")
    return vec


def find_field(pattern: str, fields: Iterable[str]) -> str | None:
    """The field matching ``pattern`` (case-insensitive); the newest year wins when several
    do (``code_2012`` and ``code_2018`` in a change layer → ``code_2018``)."""
    rx = re.compile(pattern, re.IGNORECASE)
    hits = [f for f in fields if rx.match(f)]
    if not hits:
        return None

    def year(name: str) -> int:
        m = rx.match(name)
        yy = (m.groupdict().get("yy") if m else None) or "0"
        value = int(yy)
        return value + 2000 if len(yy) == 2 else value

    return max(hits, key=year)


def style_for(product: Product, fields: Iterable[str]) -> VectorStyle:
    """The style of a layer with ``fields``; ``ValueError`` naming the expected field."""
    fields = list(fields)
    vec = spec(product)
    field = find_field(vec["code_field"], fields)
    if field is None:
        raise ValueError(f"{product.title}: no class-code field matching "
                         f"'{vec['code_field']}' among {', '.join(fields)}")
    label = find_field(vec["label_field"], fields) if vec.get("label_field") else None
    legend = landcover.load_legend(vec["legend"])
    classes = tuple((c.code, c.name, c.colour) for c in legend.classes)
    return VectorStyle(field, label, vec["legend"], classes, frozenset(legend.nodata_codes))


def code_value(value: object) -> int | None:
    """A field value as an integer class code (``'11210'``, ``11210``, ``11210.0`` → 11210)."""
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None
