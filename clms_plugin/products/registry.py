"""Product registry: which CLMS product a file is, its date, and how to decode its pixels.

Why one registry: the layer loader, ``clms:decodeproduct``, the phenology and water algorithms
all need the same facts (file-name patterns, DN → physical scale/offset, valid range, flag
values that must become nodata, legends or colour ramps, licence and citation). They are
declared once, as data, in ``resources/products/products.json`` plus every other
``resources/products/*.json`` (one file per family group, read in name order after
``products.json``; users can point ``CLMS_PRODUCTS_JSON`` at their own main file, and
``CLMS_PRODUCTS_DIR`` at a folder of extra files) and read here. QGIS-free.

Typical use::

    match = identify("c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc")
    match.product.id        # "ndvi_300m"
    match.date, match.end   # 2023-06-11, 2023-06-20
    values = match.encoding.decode(dn_array)   # float32 masked array, flags masked
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..version import PLUGIN_ROOT

PRODUCTS_JSON = PLUGIN_ROOT / "resources" / "products" / "products.json"


from .product_models import Encoding, Product, ProductMatch  # noqa: E402 - re-exported

# ------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------
_KNOWN_KEYS = {"id", "title", "abstract", "citation", "licence", "temporal", "grid", "patterns",
               "encoding", "band_encodings"}


def _registry_paths() -> tuple[str, ...]:
    """The main registry file, then the extra family files (name order).

    Why several files: each family group (land cover, bio-geophysical, vector, ground motion)
    keeps its encodings and their sources together, and ``products.json`` stays as it was.
    """
    override = os.environ.get("CLMS_PRODUCTS_JSON")
    main = Path(override) if override else PRODUCTS_JSON
    folder = Path(os.environ.get("CLMS_PRODUCTS_DIR") or PRODUCTS_JSON.parent)
    # the main file lists the extra files in a fixed order (product order = enum order of
    # clms:decodeproduct: new files are appended there, never inserted); others follow sorted
    listed = _listed_extra(str(PRODUCTS_JSON), PRODUCTS_JSON.stat().st_mtime)
    found = sorted(p.name for p in folder.glob("*.json") if p.name != PRODUCTS_JSON.name)
    names = [n for n in listed if n in found] + [n for n in found if n not in listed]
    return (str(main), *(str(folder / n) for n in names))


@lru_cache(maxsize=4)
def _listed_extra(path: str, _mtime: float) -> tuple[str, ...]:
    return tuple(json.loads(Path(path).read_text(encoding="utf-8")).get("extra_files", []))


def _registry_path() -> Path:
    return Path(_registry_paths()[0])


def _product(entry: dict[str, Any], licences: dict[str, Any]) -> Product:
    lic = licences.get(entry.get("licence", ""), {})
    primary = Encoding.from_dict(entry.get("encoding", {}))
    bands: dict[str, Encoding] = {}
    for band, enc in entry.get("band_encodings", {}).items():
        bands[band] = primary if enc == "default" else Encoding.from_dict(enc)
    return Product(
        id=entry["id"],
        title=entry["title"],
        abstract=entry.get("abstract", ""),
        citation=entry.get("citation", ""),
        licence=lic.get("licence", entry.get("licence", "")),
        licence_url=lic.get("licence_url", ""),
        attribution=lic.get("attribution", ""),
        temporal=entry.get("temporal", "static"),
        grid=entry.get("grid", ""),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]),
        encoding=primary,
        band_encodings=bands,
        info={k: v for k, v in entry.items() if k not in _KNOWN_KEYS},
    )


@lru_cache(maxsize=4)
def _load(paths: tuple[str, ...]) -> tuple[dict[str, Product], dict[str, Any]]:
    files = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    licences: dict[str, Any] = {}
    extras: dict[str, Any] = {"ramps": {}, "legends": {}}
    for data in files:  # licences, ramps and legends are shared across files
        licences.update(data.get("licences", {}))
        extras["ramps"].update(data.get("ramps", {}))
        extras["legends"].update(data.get("legends", {}))
    products: dict[str, Product] = {}
    for path, data in zip(paths, files):
        for entry in data.get("products", []):
            if entry["id"] in products:
                raise ValueError(f"{path}: product id '{entry['id']}' is declared twice")
            products[entry["id"]] = _product(entry, licences)
    return products, extras


def products() -> list[Product]:
    """All products, in registry order (most specific patterns first)."""
    return list(_load(_registry_paths())[0].values())


def product_ids() -> list[str]:
    return [p.id for p in products()]


def get(product_id: str) -> Product:
    """The product with this id; ``KeyError`` naming the known ids otherwise."""
    table = _load(_registry_paths())[0]
    try:
        return table[product_id]
    except KeyError:
        raise KeyError(
            f"unknown CLMS product '{product_id}'; known: {', '.join(table)}"
        ) from None


def ramp(name: str) -> list[tuple[float, str]]:
    """Colour ramp stops ``[(physical value, '#rrggbb'), …]`` declared in the registry."""
    stops = _load(_registry_paths())[1]["ramps"].get(name)
    if stops is None:
        raise KeyError(f"unknown colour ramp '{name}'")
    return [(float(v), str(c)) for v, c in stops]


def legend(name: str) -> list[tuple[int, str, str]] | None:
    """Class legend ``[(code, label, '#rrggbb'), …]`` kept in the registry (water products).

    Land-cover legends live in ``resources/legends/`` (``products.landcover``); this returns
    ``None`` for them so callers look there.
    """
    table = _load(_registry_paths())[1]["legends"].get(name)
    if table is None:
        return None
    return [(int(c), str(label), str(colour)) for c, label, colour in table["classes"]]


# ------------------------------------------------------------------------------------------
# Identification
# ------------------------------------------------------------------------------------------
def _dekad(day: dt.date) -> tuple[dt.date, dt.date]:
    """The dekad (1-10, 11-20, 21-end of month) a name's date belongs to.

    NDVI names carry the first day (01/11/21); BioPar LAI/FAPAR/FCOVER/DMP names carry the
    last day (10/20/28-31): both land in the same dekad.
    """
    last = calendar.monthrange(day.year, day.month)[1]
    if day.day <= 10:
        return day.replace(day=1), day.replace(day=10)
    if day.day <= 20:
        return day.replace(day=11), day.replace(day=20)
    return day.replace(day=21), day.replace(day=last)


def _month_end(start: dt.date) -> dt.date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _dates(groups: dict[str, str], temporal: str) -> tuple[dt.date | None, dt.date | None]:
    """Start and end date of the period a file covers, from the name's date tokens.

    Raises ``ValueError`` for impossible dates (month 13): then the name is not this product.
    """
    if groups.get("date"):
        s = groups["date"]
        start = dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    elif groups.get("yyyymm"):
        s = groups["yyyymm"]
        start = dt.date(int(s[:4]), int(s[4:6]), 1)
    elif groups.get("year") and groups.get("month"):
        start = dt.date(int(groups["year"]), int(groups["month"]), 1)
    elif groups.get("year"):
        start = dt.date(int(groups["year"]), 1, 1)
    else:
        return None, None
    if temporal == "dekad":
        return _dekad(start)
    if temporal == "monthly":
        return start, _month_end(start)
    if temporal in ("yearly", "static"):
        return start, dt.date(start.year, 12, 31)
    return start, start


def identify(path: str | os.PathLike) -> ProductMatch | None:
    """Which product a file (path or bare name) is, with its date range; ``None`` if unknown.

    For an existing NetCDF file (or ``NETCDF:"file":VAR`` URI) whose variable has a CF time
    dimension, the dates come from the time values (first step's period start, last step's
    period end), not from the name: the file knows better than a renamed copy.
    """
    match = _identify_name(path)
    if match is None:
        return None
    times = netcdf_times(path)
    if times:
        first, _ = _period(times[0].date(), match.product.temporal)
        _, last = _period(times[-1].date(), match.product.temporal)
        match = ProductMatch(match.product, match.name, first, last, match.band, match.groups)
    return match


def _period(day: dt.date, temporal: str) -> tuple[dt.date, dt.date]:
    start, end = _dates({"date": day.strftime("%Y%m%d")}, temporal)
    return start or day, end or day


def _netcdf_file(path: str) -> str:
    """``NETCDF:"file":VAR`` → ``file``; anything else unchanged."""
    if path.upper().startswith("NETCDF:"):
        return path[7:].rsplit(":", 1)[0].strip('"')
    return path


def _identify_name(path: str | os.PathLike) -> ProductMatch | None:
    name = Path(_netcdf_file(os.fspath(path))).name
    for product in products():
        for pattern in product.patterns:
            m = pattern.search(name)
            if not m:
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            try:
                start, end = _dates(groups, product.temporal)
            except ValueError:
                continue
            band = groups.get("band")
            return ProductMatch(product, name, start, end, band, groups)
    return None


def identify_or_raise(path: str | os.PathLike) -> ProductMatch:
    """As :func:`identify` but a ``ValueError`` telling the user what to do."""
    match = identify(path)
    if match is None:
        raise ValueError(
            f"'{Path(os.fspath(path)).name}' does not match any known CLMS product file name; "
            "choose the product explicitly (known: " + ", ".join(product_ids()) + ")"
        )
    return match


# NetCDF / CF time lives in its own module; these names stay importable from here.
from .netcdf_time import (  # noqa: E402
    NETCDF_SUFFIXES,
    cf_band_time,
    cf_time_dimensions,
    netcdf_time_ranges,
    netcdf_times,
    netcdf_uri,
    parse_cf_time,
    variable_candidates,
)

__all__ = [
    "NETCDF_SUFFIXES", "Encoding", "Product", "ProductMatch", "cf_band_time",
    "cf_time_dimensions", "get", "identify", "identify_or_raise", "legend", "netcdf_time_ranges",
    "netcdf_times", "netcdf_uri", "parse_cf_time", "product_ids", "products", "ramp",
    "variable_candidates",
]
