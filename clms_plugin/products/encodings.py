"""Encodings chosen by an algorithm rather than by a file name, and water state codings (QGIS-free).

Why here: a product's encoding is declared once in ``products/`` and used by the loader, the
decoder and the algorithms alike (DESIGN.md §2). Most encodings belong to a product of the
registry (``products.json``, found by file name). Two kinds do not: a named DN encoding an
algorithm's ``PRODUCT`` enum may pick although no file-name pattern exists yet (HR-VPP PPI),
and the codings of monthly water maps (GSW, CLMS Water Bodies, a binary mask) that the water
algorithms decode to one state coding. Both are data in ``resources/products/encodings.json``,
read here, so the domain code holds no code value of its own.

Public API:
    encoding(id)            -> Encoding: a registry product's primary encoding or a named one
    product_encoding(id, path) -> (Encoding, match): a product chosen in a PRODUCT enum, with
                               the encoding of the file's own band when the name is that product
    recognised_encoding(path)  -> (Encoding | None, match): the product recognised by name
    named_encoding(name)    -> Encoding of ``encodings.json``
    describe(encoding)      -> short text for enum labels ("/250 − 0.08, flags 251–255")
    WATER_STATES, YEARLY_CLASSES: {"water": 2, …}
    water_codings()         -> (WaterCoding, …) in the Processing ``ENCODING`` enum order
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import registry

ENCODINGS_JSON = registry.PRODUCTS_JSON.parent / "encodings.json"


@cache
def _data() -> dict[str, Any]:
    return json.loads(ENCODINGS_JSON.read_text(encoding="utf-8"))


def named_encoding(name: str) -> registry.Encoding:
    """The named encoding ``name`` of ``encodings.json``; ``KeyError`` naming the known ones."""
    table = _data()["encodings"]
    if name not in table:
        raise KeyError(f"unknown named encoding '{name}'; known: {', '.join(table)}")
    return registry.Encoding.from_dict(table[name])


def encoding(encoding_id: str) -> registry.Encoding:
    """A registry product's primary encoding, else a named encoding, by id."""
    try:
        return registry.get(encoding_id).encoding
    except KeyError:
        if encoding_id in _data()["encodings"]:
            return named_encoding(encoding_id)
        raise KeyError(f"unknown product or encoding '{encoding_id}'") from None


def product_encoding(product_id: str, path: str
                     ) -> tuple[registry.Encoding, registry.ProductMatch | None]:
    """The encoding of product ``product_id`` for the file ``path`` and the name match.

    Why one function: ``decodeproduct`` and the zonal algorithms turn a PRODUCT choice into an
    encoding, and the rule has a subtlety — a product whose bands differ (a file-name band
    token such as ``LAI``/``RMSE``) decodes with the encoding of the file's own band when the
    file *is* that product, else with the product's primary encoding.
    """
    product = registry.get(product_id)
    match = registry.identify(path)
    band = match.band if match is not None and match.product.id == product.id else None
    return product.encoding_for(band), match


def recognised_encoding(path: str, continuous_only: bool = True
                        ) -> tuple[registry.Encoding | None, registry.ProductMatch | None]:
    """The encoding of the product recognised in the file name ("auto" in a PRODUCT enum):
    None when no product is recognised, or when ``continuous_only`` and it holds classes."""
    match = registry.identify(path)
    if match is None or (continuous_only and match.encoding.kind != "continuous"):
        return None, match
    return match.encoding, match


def _number(value: float) -> str:
    return f"{value:g}"


def _runs(values: list[int]) -> str:
    """[251, 252, 253, 255] → "251–253, 255"."""
    parts, start = [], None
    for i, v in enumerate(values):
        if start is None:
            start = v
        if i + 1 == len(values) or values[i + 1] != v + 1:
            parts.append(str(start) if start == v else f"{start}–{v}")
            start = None
    return ", ".join(parts)


def describe(enc: registry.Encoding) -> str:
    """Scale, offset and masked values in a few characters, for enum labels and logs.

    Why generated: a label that repeats the numbers by hand drifts from the declaration.
    """
    linear = ""
    if enc.scale != 1.0:
        inverse = 1.0 / enc.scale
        linear = (f"/{round(inverse)}" if abs(inverse - round(inverse)) < 1e-3 * inverse
                  else f"×{_number(enc.scale)}")
    if enc.offset:
        linear = f"{linear} {'−' if enc.offset < 0 else '+'} {_number(abs(enc.offset))}".strip()
    parts = [linear] if linear else []
    flags = sorted(int(v) for v in enc.flags)
    if flags:
        parts.append(f"flags {_runs(flags)}")
    nodata = sorted(int(v) for v in enc.nodata)
    if nodata:
        parts.append(f"{_runs(nodata)} nodata")
    return ", ".join(parts)


# -- water ------------------------------------------------------------------------------------
def _states(key: str) -> dict[str, int]:
    return {k: int(v) for k, v in _data()["water_states"][key].items() if not k.startswith("_")}


WATER_STATES: dict[str, int] = _states("states")
YEARLY_CLASSES: dict[str, int] = _states("yearly_classes")


@dataclass(frozen=True)
class WaterCoding:
    """How one kind of monthly water map codes water, not water and no data.

    Every value not listed in ``water`` or ``not_water`` is no data (``no_data`` only
    documents the known ones, e.g. CLMS WB 0 = sea, excluded from inland-water statistics).
    """

    id: str
    label: str
    product: str | None
    water: tuple[int, ...]
    not_water: tuple[int, ...]
    no_data: dict[int, str]

    def states(self) -> dict[int, int]:
        """{source value: state} for every value that is not no data."""
        out = {v: WATER_STATES["not_water"] for v in self.not_water}
        out.update({v: WATER_STATES["water"] for v in self.water})
        return out


@cache
def water_codings() -> tuple[WaterCoding, ...]:
    """The monthly water codings, in the order of the Processing ``ENCODING`` enum."""
    return tuple(
        WaterCoding(c["id"], c["label"], c.get("product"), tuple(int(v) for v in c["water"]),
                    tuple(int(v) for v in c["not_water"]),
                    {int(k): str(v) for k, v in c.get("no_data", {}).items()})
        for c in _data()["water_states"]["monthly_codings"])


__all__ = ["ENCODINGS_JSON", "WATER_STATES", "YEARLY_CLASSES", "WaterCoding", "describe",
           "encoding", "named_encoding", "water_codings"]
