"""What a report says about its inputs: file, product, dates, citation and licence (QGIS-free).

Why here: the product registry knows every CLMS file-name pattern, its dates, citation and
licence; a report's "Method" section must name them exactly as the layer loader does. Our own
outputs (e.g. IPCC rasters made by ``clms:landcovertoipcc``) are not products, but they carry
the legend they came from as GeoTIFF tags, which are reported instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFacts:
    """One input as a report lists it."""

    parameter: str
    name: str
    product: str = ""
    dates: str = ""
    citation: str = ""
    licence: str = ""
    note: str = ""

    def line(self) -> str:
        parts = [self.name]
        if self.product:
            parts.append(self.product)
        if self.dates:
            parts.append(self.dates)
        if self.note:
            parts.append(self.note)
        return " — ".join(parts)


def _tags(path: str) -> dict[str, str]:
    try:
        from osgeo import gdal

        ds = gdal.Open(path)
        return dict(ds.GetMetadata() or {}) if ds is not None else {}
    except Exception:  # noqa: BLE001 - a report never fails on a metadata read
        return {}


def describe_input(parameter: str, path: str | os.PathLike, dates: str = "") -> InputFacts:
    """Facts about one input file: the registry's product (title, date range, citation,
    licence) when the name matches one, else the legend tags our own outputs carry."""
    from . import registry

    name = Path(os.fspath(path)).name
    try:
        match = registry.identify(path)
    except Exception:  # noqa: BLE001 - an unreadable NetCDF time axis: name only
        match = None
    if match is not None:
        span = ""
        if match.date:
            span = match.date.isoformat()
            if match.end and match.end != match.date:
                span += f" … {match.end.isoformat()}"
        lic = match.product.licence + (f" ({match.product.licence_url})"
                                       if match.product.licence_url else "")
        return InputFacts(parameter, name, match.product.title, dates or span,
                          match.citation(), lic)
    tags = _tags(os.fspath(path))
    note = ""
    if tags.get("CLMS_SOURCE_LEGEND"):
        note = f"made by CLMS Toolbox from a '{tags['CLMS_SOURCE_LEGEND']}' land-cover legend"
    elif tags.get("CLMS_LEGEND"):
        note = f"legend '{tags['CLMS_LEGEND']}'"
    source = tags.get("CLMS_SOURCE")
    if source:  # our own output: the product it was made from
        origin = describe_input(parameter, source)
        if origin.product:
            return InputFacts(parameter, name, origin.product, dates or origin.dates,
                              origin.citation, origin.licence,
                              f"{note or 'made by CLMS Toolbox'} ({source})")
        note = f"{note or 'made by CLMS Toolbox'} from {source}"
    return InputFacts(parameter, name, dates=dates, note=note)


def input_facts(inputs: dict[str, list[str]], dates: dict[str, str] | None = None
                ) -> list[InputFacts]:
    """:func:`describe_input` for every file of every input parameter, in order."""
    dates = dates or {}
    return [describe_input(p, path, dates.get(p, "")) for p, paths in inputs.items()
            for path in paths]


def citations(facts: list[InputFacts]) -> list[tuple[str, str]]:
    """Distinct (citation, licence) pairs of the products among ``facts``."""
    seen: list[tuple[str, str]] = []
    for f in facts:
        pair = (f.citation, f.licence)
        if (f.citation or f.licence) and pair not in seen:
            seen.append(pair)
    return seen
