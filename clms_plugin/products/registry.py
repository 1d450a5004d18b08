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
import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..version import PLUGIN_ROOT

PRODUCTS_JSON = PLUGIN_ROOT / "resources" / "products" / "products.json"


@dataclass(frozen=True)
class Encoding:
    """How stored numbers (DN) map to physical values.

    ``physical = DN * scale + offset``; a DN equal to a flag or nodata value, or outside
    ``[valid_min, valid_max]`` (both in DN), is not a measurement and is masked.
    """

    kind: str = "continuous"  # "continuous" (colour ramp) or "classes" (legend)
    dtype: str = "uint8"
    scale: float = 1.0
    offset: float = 0.0
    valid_min: float | None = None
    valid_max: float | None = None
    flags: dict[int, str] = field(default_factory=dict)
    nodata: tuple[float, ...] = ()
    unit: str = ""
    legend: str | None = None
    ramp: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Encoding:
        return cls(
            kind=data.get("kind", "continuous"),
            dtype=data.get("dtype", "uint8"),
            scale=float(data.get("scale", 1.0)),
            offset=float(data.get("offset", 0.0)),
            valid_min=data.get("valid_min"),
            valid_max=data.get("valid_max"),
            flags={int(k): str(v) for k, v in data.get("flags", {}).items()},
            nodata=tuple(float(v) for v in data.get("nodata", ())),
            unit=data.get("unit", ""),
            legend=data.get("legend"),
            ramp=data.get("ramp"),
        )

    @property
    def is_scaled(self) -> bool:
        return self.scale != 1.0 or self.offset != 0.0

    @property
    def invalid_values(self) -> tuple[float, ...]:
        """Every DN that means "no measurement" (flags + nodata), sorted."""
        return tuple(sorted({float(v) for v in self.flags} | set(self.nodata)))

    def invalid_mask(self, dn: np.ndarray, extra_nodata: float | None = None) -> np.ndarray:
        """True where ``dn`` is a flag, nodata, NaN or outside the valid DN range."""
        mask = np.zeros(dn.shape, dtype=bool)
        values = list(self.invalid_values)
        if extra_nodata is not None and not np.isnan(extra_nodata):
            values.append(float(extra_nodata))
        for value in values:
            mask |= dn == value
        if np.issubdtype(dn.dtype, np.floating):
            mask |= np.isnan(dn)
        if self.valid_min is not None:
            mask |= dn < self.valid_min
        if self.valid_max is not None:
            mask |= dn > self.valid_max
        return mask

    def decode(self, dn: np.ndarray, extra_nodata: float | None = None) -> np.ma.MaskedArray:
        """DN → physical float32, masked where the DN is a flag/nodata/out of range.

        ``extra_nodata`` is the file's own declared nodata, honoured on top of the product's.
        """
        dn = np.asarray(dn)
        mask = self.invalid_mask(dn, extra_nodata)
        values = dn.astype(np.float32)
        if self.is_scaled:
            values = values * np.float32(self.scale) + np.float32(self.offset)
        return np.ma.MaskedArray(values, mask=mask)

    def decode_filled(
        self, dn: np.ndarray, fill: float = np.nan, extra_nodata: float | None = None
    ) -> np.ndarray:
        """As :meth:`decode` but a plain float32 array with ``fill`` where masked."""
        return self.decode(dn, extra_nodata).filled(np.float32(fill)).astype(np.float32)

    def physical_range(self) -> tuple[float, float] | None:
        """Physical value of ``valid_min``/``valid_max`` (for colour ramps), if declared."""
        if self.valid_min is None or self.valid_max is None:
            return None
        lo = self.valid_min * self.scale + self.offset
        hi = self.valid_max * self.scale + self.offset
        return (min(lo, hi), max(lo, hi))


@dataclass(frozen=True)
class Product:
    """One product family: identity, file-name patterns, encodings, licence and citation."""

    id: str
    title: str
    abstract: str
    citation: str
    licence: str
    licence_url: str
    attribution: str
    temporal: str  # static | yearly | monthly | dekad | daily | hourly
    grid: str
    patterns: tuple[re.Pattern, ...]
    encoding: Encoding
    band_encodings: dict[str, Encoding]
    # What arrives (format, resolution, kind raster/vector/points, sources, unconfirmed …):
    # every other key of the JSON entry, read by ``products.families`` and the loaders.
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def kind(self) -> str:
        """"raster" (default), "vector" (styled polygons) or "points" (EGMS, water level)."""
        return str(self.info.get("kind", "raster"))

    def encoding_for(self, band: str | None) -> Encoding:
        """The encoding of ``band`` (a file-name band token), else the primary one."""
        if not band:
            return self.encoding
        if band in self.band_encodings:
            return self.band_encodings[band]
        for key, enc in self.band_encodings.items():
            if "*" in key and fnmatch.fnmatchcase(band, key):
                return enc
        return self.encoding

    def is_time_series(self) -> bool:
        return self.temporal not in ("static",)


@dataclass(frozen=True)
class ProductMatch:
    """Result of :func:`identify`: the product, the file's date range and name tokens."""

    product: Product
    name: str
    date: dt.date | None
    end: dt.date | None
    band: str | None
    groups: dict[str, str]

    @property
    def encoding(self) -> Encoding:
        return self.product.encoding_for(self.band)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def attribution(self) -> str:
        year = str(self.year) if self.year else ""
        return self.product.attribution.replace("{year}", year).replace("  ", " ")

    def citation(self) -> str:
        return (
            self.product.citation.replace("{year}", str(self.year or ""))
            .replace("{version}", self.groups.get("version") or "")
        )


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


NETCDF_SUFFIXES = (".nc", ".nc4", ".netcdf")
_TIME_UNITS = {"day": 86400.0, "hour": 3600.0, "minute": 60.0, "second": 1.0}
_CF_CALENDARS = ("", "standard", "gregorian", "proleptic_gregorian")


def _netcdf_file(path: str) -> str:
    """``NETCDF:"file":VAR`` → ``file``; anything else unchanged."""
    if path.upper().startswith("NETCDF:"):
        return path[7:].rsplit(":", 1)[0].strip('"')
    return path


def parse_cf_time(value: float, units: str, cal: str = "") -> dt.datetime:
    """A CF time value (``<unit>s since <date>[ <time>]``) as a naive UTC datetime.

    Only the standard/proleptic Gregorian calendars (what CLMS and openEO write); others
    (360_day, noleap …) raise ``ValueError`` rather than give wrong dates.
    """
    if cal.lower() not in _CF_CALENDARS:
        raise ValueError(f"unsupported CF calendar '{cal}'")
    m = re.match(r"\s*(\w+?)s?\s+since\s+(\d{1,4}-\d{1,2}-\d{1,2})(?:[T ](\d{1,2}:\d{2}"
                 r"(?::\d{2}(?:\.\d*)?)?))?", units)
    if not m or m.group(1).lower() not in _TIME_UNITS:
        raise ValueError(f"not a CF time unit: '{units}'")
    y, mo, d = (int(v) for v in m.group(2).split("-"))
    base = dt.datetime(y, mo, d)
    if m.group(3):
        parts = m.group(3).split(":")
        base += dt.timedelta(hours=int(parts[0]), minutes=int(parts[1]),
                             seconds=float(parts[2]) if len(parts) > 2 else 0.0)
    return base + dt.timedelta(seconds=float(value) * _TIME_UNITS[m.group(1).lower()])


def netcdf_times(path: str | os.PathLike) -> list[dt.datetime]:
    """The time of each band of a NetCDF variable (GDAL maps the time axis to bands), in band
    order; ``[]`` when ``path`` is not an existing NetCDF or has no CF time dimension."""
    path = os.fspath(path)
    file = _netcdf_file(path)
    if not file.lower().endswith(NETCDF_SUFFIXES) or not os.path.isfile(file):
        return []
    return list(_netcdf_times_cached(path, os.path.getmtime(file)))


@lru_cache(maxsize=256)
def _netcdf_times_cached(path: str, _mtime: float) -> tuple[dt.datetime, ...]:
    import warnings

    import rasterio

    uri = path if path.upper().startswith("NETCDF:") else netcdf_uri(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with rasterio.open(uri) as ds:
                tags = ds.tags()
                band_tags = [ds.tags(b) for b in range(1, ds.count + 1)]
    except Exception:  # noqa: BLE001 - unreadable files simply have no known times
        return ()
    times = [cf_band_time(bt, tags) for bt in band_tags]
    return tuple(times) if times and all(t is not None for t in times) else ()


def cf_time_dimensions(tags: dict[str, str], band_tags: dict[str, str] | None = None
                       ) -> list[str]:
    """Names of the CF time dimensions among a raster's extra NetCDF dimensions.

    GDAL lists them in the dataset tag ``NETCDF_DIM_EXTRA`` (kept in GeoTIFF copies); without
    it the band's ``NETCDF_DIM_<dim>`` keys are used. A time dimension has ``<unit>s since``
    units and is the T axis (``axis``, ``standard_name`` or its name says so).
    """
    dims = [d for d in tags.get("NETCDF_DIM_EXTRA", "").strip("{}").split(",") if d]
    if not dims and band_tags:
        dims = [k[len("NETCDF_DIM_"):] for k in band_tags
                if k.startswith("NETCDF_DIM_") and k != "NETCDF_DIM_EXTRA"]
    return [dim for dim in dims if "since" in tags.get(f"{dim}#units", "") and (
        tags.get(f"{dim}#axis", "").upper() == "T"
        or tags.get(f"{dim}#standard_name", "") == "time" or dim.lower() in ("time", "t"))]


def cf_band_time(band_tags: dict[str, str], tags: dict[str, str]) -> dt.datetime | None:
    """Time of one band from its ``NETCDF_DIM_<time>`` value and the dataset's CF units and
    calendar; None when the band has none or it cannot be read safely (other calendars)."""
    for dim in cf_time_dimensions(tags, band_tags):
        try:
            return parse_cf_time(float(band_tags[f"NETCDF_DIM_{dim}"]), tags[f"{dim}#units"],
                                 tags.get(f"{dim}#calendar", ""))
        except (KeyError, ValueError, OverflowError):
            return None
    return None


def netcdf_time_ranges(path: str | os.PathLike, temporal: str | None = None
                       ) -> list[tuple[dt.datetime, dt.datetime]]:
    """[start, end] of each band of a time-dimensioned NetCDF (band order).

    With a product ``temporal`` ("dekad", "monthly" …) each step covers its period; without,
    a step lasts until the next one starts (the last as long as the one before), minus 1 s.
    """
    times = netcdf_times(path)
    if not times:
        return []
    if temporal and temporal not in ("static", "daily"):
        out = []
        for t in times:
            start, end = _period(t.date(), temporal)
            out.append((dt.datetime.combine(start, dt.time()),
                        dt.datetime.combine(end, dt.time(23, 59, 59))))
        return out
    second = dt.timedelta(seconds=1)
    day = dt.timedelta(days=1)
    steps = [b - a for a, b in zip(times, times[1:])]
    last = steps[-1] if steps else day
    return [(t, t + (steps[i] if i < len(steps) else last) - second)
            for i, t in enumerate(times)]


def variable_candidates(match: ProductMatch | None) -> list[str]:
    """NetCDF variable names to try for a match: the band token, then the product family."""
    if match is None:
        return []
    names = [match.band] if match.band else []
    names += [str(v) for v in match.product.info.get("variables", [])]  # e.g. LWQ, LSWT
    family = match.product.id.split("_")[0].upper()  # ndvi_300m → NDVI, wb_100m → WB
    return [n for n in names + [family, family.lower()] if n]


def netcdf_uri(path: str | os.PathLike) -> str:
    """GDAL URI of the product's variable in a NetCDF file (``NETCDF:"file":VAR``).

    CGLS NetCDF files hold several variables (NDVI, NOBS, QFLAG …): GDAL cannot open the
    container as a raster. Returns ``path`` unchanged for other files or a single variable.
    """
    import warnings

    import rasterio

    path = os.fspath(path)
    if not path.lower().endswith(NETCDF_SUFFIXES):
        return path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with rasterio.open(path) as ds:
            subs = list(ds.subdatasets)
    names = [uri.rsplit(":", 1)[-1] for uri in subs]  # rasterio lists netcdf:<path>:<var>
    if not names:
        return path
    chosen = names[0]
    for wanted in variable_candidates(_identify_name(path)):
        if wanted in names:
            chosen = wanted
            break
    return f'NETCDF:"{path}":{chosen}'  # the form GDAL, rasterio and QGIS all accept


# ------------------------------------------------------------------------------------------
# Example files (demo, tests, docs): real names and encodings, synthetic pixels
# ------------------------------------------------------------------------------------------
EXAMPLE_NAMES = {
    "ndvi_300m": "c_gls_NDVI300_{date}0000_GLOBE_OLCI_V2.0.1.tif",
    "ndvi_1km": "c_gls_NDVI_{date}0000_GLOBE_PROBAV_V3.0.1.tif",
    "lai_300m": "c_gls_LAI300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "fapar_300m": "c_gls_FAPAR300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "fcover_300m": "c_gls_FCOVER300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "dmp": "c_gls_DMP300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "wb_100m": "c_gls_WB100_{month}010000_GLOBE_S2_V1.0.1.tif",
    "lst": "c_gls_LST_{date}1200_GLOBE_GEO_V1.2.1.tif",
    "gsw_change": "change_10E_50Nv1_4_2021.tif",
    "gsw_occurrence": "occurrence_10E_50Nv1_4_2021.tif",
}


def write_example(folder: str | os.PathLike, product_id: str = "ndvi_300m",
                  date: dt.date = dt.date(2023, 6, 11), width: int = 120, height: int = 100,
                  seed: int = 0) -> Path:
    """Write a small GeoTIFF named and encoded like ``product_id`` (≈5 % flag pixels).

    Pixels are synthetic (a smooth field plus noise) so demos and tests need no download.
    """
    import rasterio
    from rasterio.transform import from_origin

    if product_id not in EXAMPLE_NAMES:
        raise KeyError(f"no example for '{product_id}'; choose one of {', '.join(EXAMPLE_NAMES)}")
    enc = get(product_id).encoding
    rng = np.random.default_rng(seed)
    lo = enc.valid_min if enc.valid_min is not None else 0
    hi = enc.valid_max if enc.valid_max is not None else 250
    if enc.kind == "classes":
        codes = [c for c, _, _ in (legend(enc.legend or "") or [(70, "", ""), (255, "", "")])]
        dn = rng.choice(codes, size=(height, width))
    else:
        yy, xx = np.mgrid[0:height, 0:width]
        field = 0.5 + 0.4 * np.sin(xx / 17.0) * np.cos(yy / 13.0)
        dn = lo + (hi - lo) * np.clip(field + rng.normal(0, 0.05, field.shape), 0, 1)
    invalid = list(enc.invalid_values)
    if invalid:
        mask = rng.random((height, width)) < 0.05
        dn = np.where(mask, rng.choice(invalid, size=(height, width)), dn)
    dtype = np.dtype(enc.dtype)
    name = EXAMPLE_NAMES[product_id].format(date=date.strftime("%Y%m%d"),
                                            month=date.strftime("%Y%m"))
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1,
                       dtype=dtype.name, crs="EPSG:4326",
                       transform=from_origin(4.0, 45.0, 1 / 336, 1 / 336)) as dst:
        dst.write(np.round(dn).astype(dtype), 1)
    return path
