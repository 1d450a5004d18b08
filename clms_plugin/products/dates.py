"""The one dates module: which date (or year) each band of an input is (QGIS-free).

Why one module: phenology, water and every later time-series algorithm ask the same question,
and three grammars used to answer it differently (``DATES=20190101`` worked for phenology and
failed for water, ``2019-01`` the other way round, water ignored ``NETCDF_DIM_time``). The
precedence is the same for every algorithm:

1. the ``DATES``/``YEARS`` parameter, one item per band in layer and band order, in one
   grammar (:data:`GRAMMAR`): ``YYYY-MM-DD`` or ``YYYYMMDD`` (a day), ``YYYY-MM`` (a month,
   for monthly maps), ``YYYY`` (a year, for yearly maps); items separated by commas,
   semicolons, spaces or new lines. A period item stands for its first day.
2. band metadata: the CF/NetCDF time of the band (``NETCDF_DIM_<dim>`` with the dataset's
   ``<dim>#units`` "days since …", as GDAL exposes NetCDF and keeps in GeoTIFF copies), then a
   date-like GDAL tag (``DATE``, ``TIME_START`` …), then a date in the band description;
3. the file name, through the product registry (CLMS/GSW patterns declared once in
   ``products.json``), then generic ISO or compact dates in the name; only for single-band
   files, as one name cannot date several bands.

A parse error is a :class:`DateParseError` naming the parameter and the offending item; every
other problem is a :class:`~.errors.ParameterError` naming the parameter to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import registry
from .errors import ParameterError

GRAMMAR = "YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY"
# For the help of every DATES/YEARS parameter, so the glue describes the grammar in one way.
PARAMETER_HELP = (
    "One item per band, in layer and band order: YYYY-MM-DD or YYYYMMDD (a day), YYYY-MM (a "
    "month, for monthly maps) or YYYY (a year, for yearly maps), separated by commas, "
    "semicolons, spaces or new lines. Left empty, the dates come from the band metadata "
    "(NetCDF time, a DATE tag, a date in the band description), then from the file names.")
_SEPARATORS = re.compile(r"[,;\s]+")
# (regex, precision) of a parameter item; the whole item must match one of them.
_ITEM_FORMS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "day"),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "day"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "month"),
    (re.compile(r"(\d{4})"), "year"),
)
# Dates found inside free text (names, tags, descriptions), tried in this order. The compact
# form takes an optional hhmm (CGLS names: YYYYMMDDhhmm) but never a longer digit run.
_TEXT_FORMS: tuple[re.Pattern, ...] = (
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})-(\d{2})(?![\d-])"),
    re.compile(r"(?<!\d)(\d{4})_(\d{2})(?!\d)"),  # GSW monthly history exports: 2000_03
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:\d{4})?(?!\d)"),
)
_LONE_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_PLAUSIBLE_YEARS = range(1900, 2201)  # for guesses in free text, not for explicit items
DATE_TAGS = ("DATE", "DATETIME", "TIME_START", "START_DATE", "ACQUISITION_DATE", "TIME")
YEAR_TAGS = ("YEAR",) + DATE_TAGS


class DateParseError(ParameterError):
    """An item of a ``DATES``/``YEARS`` parameter that is not a date of :data:`GRAMMAR`."""

    def __init__(self, parameter: str, item: str, position: int, reason: str = "") -> None:
        why = f": {reason}" if reason else ""
        super().__init__(parameter, f"'{item}' is not an ISO date{why} (item {position}; write "
                                    f"{GRAMMAR}, separated by commas, semicolons or spaces)")
        self.item = item
        self.position = position


@dataclass(frozen=True)
class DateItem:
    """One parsed parameter item: the first day of the period and its precision."""

    date: dt.date
    precision: str  # "day" | "month" | "year"
    text: str


@dataclass(frozen=True)
class DatedBand:
    """Band ``band`` (1-based) of ``path``, observed on ``date``; ``source`` says how we know."""

    path: str
    band: int
    date: dt.date
    source: str = ""

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def month(self) -> int:
        return self.date.month


# -- the parameter grammar ------------------------------------------------------------------
def parse_items(text: str | None, parameter: str = "DATES") -> list[DateItem]:
    """Items of a ``DATES``/``YEARS`` value; ``DateParseError`` names the first bad one."""
    items = [t for t in _SEPARATORS.split(text or "") if t]
    out = []
    for position, item in enumerate(items, start=1):
        for pattern, precision in _ITEM_FORMS:
            m = pattern.fullmatch(item)
            if m is None:
                continue
            year, month, day = (int(g) for g in (m.groups() + ("1", "1"))[:3])
            try:
                out.append(DateItem(dt.date(year, month, day), precision, item))
            except ValueError as exc:  # month 13, 30 February, year 0
                raise DateParseError(parameter, item, position, str(exc)) from None
            break
        else:
            raise DateParseError(parameter, item, position)
    return out


def parse_dates(text: str | None, parameter: str = "DATES") -> list[dt.date]:
    """``DATES`` value → dates (a month or year item stands for its first day)."""
    return [item.date for item in parse_items(text, parameter)]


def parse_years(text: str | None, parameter: str = "YEARS") -> list[int]:
    """``YEARS`` value → years; any item of the grammar is accepted and gives its year."""
    return [item.date.year for item in parse_items(text, parameter)]


# -- dates in free text and file names ------------------------------------------------------
def _plausible(year: str, month: str, day: str | None = None) -> dt.date | None:
    try:
        found = dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return found if found.year in _PLAUSIBLE_YEARS else None


def date_from_text(text: str) -> dt.date | None:
    """First plausible date (1900–2200) in ``text`` (a name, tag or description), or None."""
    for pattern in _TEXT_FORMS:
        for match in pattern.finditer(text or ""):
            found = _plausible(*match.groups())
            if found is not None:
                return found
    return None


def year_from_text(text: str) -> int | None:
    """Year of the first date in ``text``, else the first lone plausible 4-digit year."""
    found = date_from_text(text)
    if found is not None:
        return found.year
    for match in _LONE_YEAR.finditer(text or ""):
        if int(match.group(1)) in _PLAUSIBLE_YEARS:
            return int(match.group(1))
    return None


def date_from_name(path: str) -> dt.date | None:
    """Date of a file from its name: the product registry first (its temporal products; a
    static product's year is a version, not an observation), then generic dates in the name."""
    try:
        match = registry.identify(path)
    except (OSError, ValueError):  # an unreadable user registry must not hide the name date
        match = None
    if match is not None and match.date is not None and match.product.temporal != "static":
        return match.date
    return date_from_text(Path(str(path)).name)


def year_from_name(path: str) -> int | None:
    """Year of a file from its name (registry date, else any date or lone year)."""
    found = date_from_name(path)
    return found.year if found else year_from_text(Path(str(path)).name)


# -- band metadata ---------------------------------------------------------------------------
def cf_band_date(band_tags: dict[str, str], dataset_tags: dict[str, str]) -> dt.date | None:
    """Date of a band from its CF time coordinate (``NETCDF_DIM_<dim>`` + ``<dim>#units``)."""
    found = registry.cf_band_time(band_tags, dataset_tags)
    return found.date() if found is not None else None


class BandMetadata:
    """Band count, tags and descriptions of one raster, read as cheaply as possible.

    Why: finding the dates opens every monthly map once; ``rasterio.open`` costs ~0.4 ms a
    file against ~0.07 ms for GDAL's own ``OpenEx`` (240 maps: 0.1 s vs 0.016 s, a sizeable
    share of a whole 1 Mpx water run). GDAL's bindings ship with QGIS; without them rasterio.
    """

    def __init__(self, path: str, parameter: str = "INPUT") -> None:
        self.path = str(path)
        try:
            from osgeo import gdal
        except ImportError:
            gdal = None
        self._rio = self._ds = None
        if gdal is None:
            import rasterio
            import rasterio.errors

            try:
                self._rio = rasterio.open(self.path)
            except rasterio.errors.RasterioIOError as exc:
                raise ParameterError(parameter, f"{self.path}: not a readable raster ({exc})") \
                    from None
            self.count = self._rio.count
            self.descriptions = tuple(self._rio.descriptions)
            return
        try:  # GDAL raises when exceptions are on (QGIS turns them on), else returns None
            self._ds = gdal.OpenEx(self.path, gdal.OF_RASTER)
        except RuntimeError as exc:
            raise ParameterError(parameter, f"{self.path}: not a readable raster ({exc})") \
                from None
        if self._ds is None:
            raise ParameterError(parameter, f"{self.path}: not a readable raster")
        self.count = self._ds.RasterCount
        self.descriptions = tuple(self._ds.GetRasterBand(b).GetDescription() or None
                                  for b in range(1, self.count + 1))

    def tags(self, band: int | None = None) -> dict[str, str]:
        """Tags of ``band`` (1-based), or of the dataset when ``band`` is None."""
        if self._rio is not None:
            return dict(self._rio.tags(band) if band else self._rio.tags())
        obj = self._ds.GetRasterBand(band) if band else self._ds
        return dict(obj.GetMetadata() or {})

    def _texts(self, band: int, keys: Sequence[str]) -> list[str]:
        # A single-band file's dataset tags describe its one band too (GDAL writes
        # `gdal_edit -mo YEAR=…` there); with several bands they would date them all alike.
        merged = {**self.tags(), **self.tags(band)} if self.count == 1 else self.tags(band)
        tags = {k.upper(): v for k, v in merged.items()}
        texts = [str(tags[k]) for k in keys if k in tags]
        if self.descriptions[band - 1]:
            texts.append(self.descriptions[band - 1])
        return texts

    def band_date(self, band: int) -> dt.date | None:
        """CF time, then a date-like tag, then the description; None when none holds one."""
        found = cf_band_date(self.tags(band), self.tags())
        if found is not None:
            return found
        for text in self._texts(band, DATE_TAGS):
            found = date_from_text(text)
            if found is not None:
                return found
        return None

    def band_year(self, band: int) -> int | None:
        """As :meth:`band_date`, for a year (a ``YEAR`` tag or a lone year is enough)."""
        found = cf_band_date(self.tags(band), self.tags())
        if found is not None:
            return found.year
        for text in self._texts(band, YEAR_TAGS):
            year = year_from_text(text)
            if year is not None:
                return year
        return None

    def close(self) -> None:
        if self._rio is not None:
            self._rio.close()
        self._rio = self._ds = None

    def __enter__(self) -> BandMetadata:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def band_count(path: str, parameter: str = "INPUT") -> int:
    """Number of bands of ``path`` (cheap: GDAL metadata only)."""
    with BandMetadata(path, parameter) as meta:
        return meta.count


# -- every band of the inputs with its date -------------------------------------------------
def _count_error(parameter: str, given: int, bands: int, what: str) -> ParameterError:
    few = "fewer" if given < bands else "more"
    return ParameterError(parameter, f"{given} {what} given for {bands} bands ({few} than bands);"
                                     f" give one {what[:-1]} per band, in layer and band order")


def _missing_error(input_parameter: str, parameter: str, missing: list[str],
                   what: str) -> ParameterError:
    shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
    return ParameterError(input_parameter, (
        f"cannot find the {what} of {shown}: give {parameter} (one item per band, in layer "
        f"order: {GRAMMAR}), tag the band (DATE=YYYY-MM-DD or a NetCDF time), or put the date "
        "in the file name (e.g. GSW '2000_03', CLMS 'c_gls_WB100_202003…', '…_2019-06-01')"))


def dated_bands(paths: Sequence[str], text: str | None = "", parameter: str = "DATES",
                input_parameter: str = "INPUT") -> list[DatedBand]:
    """Every band of ``paths`` with its date, by the precedence of the module docstring.

    ``parameter`` names the dates parameter and ``input_parameter`` the layers in messages.
    """
    explicit = parse_dates(text, parameter) if (text or "").strip() else None
    bands: list[tuple[str, int, dt.date | None, str]] = []
    for path in paths:
        with BandMetadata(path, input_parameter) as meta:
            for b in range(1, meta.count + 1):
                found, source = (None, f"{parameter} parameter") if explicit is not None \
                    else (meta.band_date(b), "band metadata")
                if explicit is None and found is None and meta.count == 1:
                    found, source = date_from_name(path), "file names"
                bands.append((str(path), b, found, source))
    if explicit is not None:
        if len(explicit) != len(bands):
            raise _count_error(parameter, len(explicit), len(bands), "dates")
        return [DatedBand(p, b, d, s) for (p, b, _, s), d in zip(bands, explicit)]
    missing = [f"{Path(p).name} (band {b})" for p, b, d, _ in bands if d is None]
    if missing:
        raise _missing_error(input_parameter, parameter, missing, "date")
    return [DatedBand(p, b, d, s) for p, b, d, s in bands]


def dated_years(paths: Sequence[str], text: str | None = "", parameter: str = "YEARS",
                input_parameter: str = "INPUT") -> list[DatedBand]:
    """Every band of ``paths`` with its year (``date`` is 1 January of it); as
    :func:`dated_bands`, but a ``YEAR`` tag or a lone year in a name is enough."""
    explicit = parse_years(text, parameter) if (text or "").strip() else None
    bands: list[tuple[str, int, int | None, str]] = []
    for path in paths:
        with BandMetadata(path, input_parameter) as meta:
            for b in range(1, meta.count + 1):
                year, source = (None, f"{parameter} parameter") if explicit is not None \
                    else (meta.band_year(b), "band metadata")
                if explicit is None and year is None and meta.count == 1:
                    year, source = year_from_name(path), "file names"
                bands.append((str(path), b, year, source))
    if explicit is not None:
        if len(explicit) != len(bands):
            raise _count_error(parameter, len(explicit), len(bands), "years")
        return [DatedBand(p, b, dt.date(y, 1, 1), s)
                for (p, b, _, s), y in zip(bands, explicit)]
    missing = [f"{Path(p).name} (band {b})" for p, b, y, _ in bands if y is None]
    if missing:
        raise _missing_error(input_parameter, parameter, missing, "year")
    return [DatedBand(p, b, dt.date(y, 1, 1), s) for p, b, y, s in bands]


def sources(bands: Sequence[DatedBand]) -> str:
    """How the dates were found, for the log: "band metadata", "file names" or both."""
    seen = list(dict.fromkeys(b.source for b in bands))
    return " and ".join(seen)


__all__ = ["GRAMMAR", "PARAMETER_HELP", "BandMetadata", "DateItem", "DateParseError",
           "DatedBand", "band_count", "cf_band_date", "date_from_name", "date_from_text",
           "dated_bands", "dated_years", "parse_dates", "parse_items", "parse_years", "sources",
           "year_from_name", "year_from_text"]
