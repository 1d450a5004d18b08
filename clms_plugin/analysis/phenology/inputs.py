"""Inputs of the phenology algorithm: which band is which date, and how to decode it (QGIS-free).

Why a module: ``clms:phenology`` takes either one multiband stack (a band per date) or one
raster per date (e.g. 36 downloaded ``c_gls_NDVI300_YYYYMMDD…`` files). Dates come, in this
order, from the ``DATES`` parameter, from band metadata (NetCDF ``time`` dimension values with
their CF units, a ``DATE``-like band tag, an ISO date as band description), and from file names
through the product registry (``products/registry.py``). Decoding (DN → physical, flags →
masked) uses the registry's encodings, so flags 251–255 of NDVI 300 m are declared once.
Every problem is a ``ValueError`` whose message names the input and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...products import registry
from .timeseries import check_dates

# PRODUCT enum of clms:phenology: (label, registry product id | None for plain values)
PRODUCT_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Auto (from file names, else physical values)", "auto"),
    ("Physical values (file nodata / NaN masked)", None),
    ("CGLS NDVI 300 m DN (×0.004 − 0.08, flags 251–255)", "ndvi_300m"),
    ("CGLS NDVI 1 km DN (×0.004 − 0.08, flags 251–255)", "ndvi_1km"),
    ("CGLS LAI 300 m DN (/30, 211/255 nodata)", "lai_300m"),
    ("CGLS FAPAR 300 m DN (/250, 236/255 nodata)", "fapar_300m"),
    ("CGLS FCOVER 300 m DN (/250, 251/255 nodata)", "fcover_300m"),
    ("HR-VPP PPI (×0.0001, 65535 nodata)", "ppi"),
)
# HR-VPP PPI is not (yet) in the product registry: PPI stored ×10 000 as UInt16, 65535
# nodata [recollection — verify against the HR-VPP PUM]. To be unified with products/.
PPI_ENCODING = registry.Encoding(dtype="uint16", scale=0.0001, offset=0.0, valid_min=0,
                                 valid_max=65534, nodata=(65535.0,), unit="PPI")

_ISO = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_DATE_TAGS = ("DATE", "DATETIME", "TIME_START", "START_DATE", "ACQUISITION_DATE", "TIME")
_UNITS = re.compile(r"^\s*(days|hours|minutes|seconds)\s+since\s+(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class StackInfo:
    """The time stack: files (one multiband or several single-band), dates, band count."""

    paths: tuple[str, ...]
    dates: tuple[dt.date, ...]
    date_source: str

    @property
    def multiband(self) -> bool:
        return len(self.paths) == 1


def parse_dates_text(text: str) -> list[dt.date]:
    """Comma/space-separated ISO dates (``2019-01-01`` or ``20190101``)."""
    out = []
    for token in re.split(r"[,;\s]+", text.strip()):
        if not token:
            continue
        m = _ISO.fullmatch(token.strip())
        try:
            if not m:
                raise ValueError
            out.append(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError as exc:
            raise ValueError(f"DATES: '{token}' is not an ISO date (YYYY-MM-DD)") from exc
    return out


def _cf_date(value: str, units: str) -> dt.date | None:
    m = _UNITS.match(units or "")
    if not m:
        return None
    try:
        origin = dt.datetime(int(m[2]), int(m[3]), int(m[4]))
        delta = dt.timedelta(**{m[1]: float(value)})
    except (ValueError, OverflowError):
        return None
    return (origin + delta).date()


def band_dates(path: str) -> list[dt.date] | None:
    """Dates of every band of ``path`` from its metadata, or None when any band has none."""
    import rasterio

    with rasterio.open(path) as ds:
        glob = ds.tags()
        found: list[dt.date] = []
        for b in range(1, ds.count + 1):
            tags = ds.tags(b)
            date = None
            for key, value in tags.items():
                if key.startswith("NETCDF_DIM_") and key != "NETCDF_DIM_EXTRA":
                    dim = key[len("NETCDF_DIM_"):]
                    date = _cf_date(value, glob.get(f"{dim}#units", ""))
                    if date:
                        break
            if date is None:
                for key, value in tags.items():
                    if key.upper() in _DATE_TAGS:
                        m = _ISO.search(value)
                        if m:
                            date = dt.date(int(m[1]), int(m[2]), int(m[3]))
                            break
            if date is None and ds.descriptions[b - 1]:
                m = _ISO.search(ds.descriptions[b - 1])
                if m:
                    try:
                        date = dt.date(int(m[1]), int(m[2]), int(m[3]))
                    except ValueError:
                        date = None
            if date is None:
                return None
            found.append(date)
    return found


def name_date(path: str) -> dt.date | None:
    """Date of a file from its name: the product registry first, then any YYYYMMDD."""
    match = registry.identify(path)
    if match is not None and match.date is not None:
        return match.date
    m = _ISO.search(Path(path).name)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def band_count(path: str) -> int:
    import rasterio

    with rasterio.open(path) as ds:
        return ds.count


def resolve_stack(paths: Sequence[str], dates_text: str = "") -> StackInfo:
    """Pair every band of the input with a date; clear errors for every mismatch."""
    paths = [str(p) for p in paths]
    if not paths:
        raise ValueError("INPUT: no raster given; add one multiband stack or one raster per date")
    if len(paths) == 1:
        n_bands = band_count(paths[0])
        what = f"'{Path(paths[0]).name}' has {n_bands} band(s)"
    else:
        for p in paths:
            if band_count(p) != 1:
                raise ValueError(
                    f"INPUT: '{Path(p).name}' has {band_count(p)} bands; give either one "
                    "multiband stack or one single-band raster per date")
        n_bands = len(paths)
        what = f"{n_bands} rasters were given"
    if dates_text and dates_text.strip():
        dates = parse_dates_text(dates_text)
        source = "DATES parameter"
    elif len(paths) == 1:
        found = band_dates(paths[0])
        if found is None:
            raise ValueError(
                f"INPUT: no date found in the band metadata of '{Path(paths[0]).name}'; give "
                "DATES (comma-separated ISO dates, one per band)")
        dates, source = found, "band metadata"
    else:
        dates = []
        for p in paths:
            d = name_date(p)
            if d is None:
                raise ValueError(
                    f"INPUT: no date in the file name '{Path(p).name}'; give DATES "
                    "(comma-separated ISO dates, one per raster)")
            dates.append(d)
        source = "file names"
        order = sorted(range(len(paths)), key=lambda i: dates[i])
        paths = [paths[i] for i in order]  # file lists come in any order: sort by name date
        dates = [dates[i] for i in order]
    if len(dates) != n_bands:
        few = "fewer" if len(dates) < n_bands else "more"
        raise ValueError(f"DATES: {len(dates)} dates ({few} than bands) but {what}; give one "
                         "date per band, in band order")
    try:
        check_dates(dates)
    except ValueError as exc:
        raise ValueError(f"{'DATES' if source == 'DATES parameter' else 'INPUT'}: {exc}") from exc
    return StackInfo(tuple(paths), tuple(dates), source)


def encoding_for(product: int, paths: Sequence[str]) -> tuple[registry.Encoding | None, str]:
    """Encoding chosen by the PRODUCT enum (None = plain physical values) and its label."""
    if product < 0 or product >= len(PRODUCT_CHOICES):
        raise ValueError(f"PRODUCT: {product} is not one of 0…{len(PRODUCT_CHOICES) - 1}")
    label, pid = PRODUCT_CHOICES[product]
    if pid == "auto":
        match = registry.identify(paths[0])
        if match is None or match.encoding.kind != "continuous":
            return None, "physical values (no CLMS product recognised in the file name)"
        return match.encoding, f"{match.product.title} (from the file name)"
    if pid is None:
        return None, label
    if pid == "ppi":
        return PPI_ENCODING, label
    return registry.get(pid).encoding, label


def decode(raw: np.ndarray, encoding: registry.Encoding | None,
           file_nodata: Sequence[float | None] | float | None = None) -> np.ndarray:
    """Raw band values → float32 physical values with NaN where masked.

    ``file_nodata`` is the file's declared nodata (per band or one value); it is honoured on
    top of the product's flags.
    """
    raw = np.asarray(raw)
    nd = file_nodata
    if isinstance(nd, (list, tuple)):
        nd = {v for v in nd if v is not None}
        nd = nd.pop() if len(nd) == 1 else None
    if encoding is None:
        values = raw.astype(np.float32)
        if nd is not None and not np.isnan(nd):
            values[raw == nd] = np.nan
        return values
    return encoding.decode_filled(raw, np.nan, nd)


def year_coverage(dates: Sequence[dt.date], year: int) -> tuple[int, int]:
    """Days of data before 1 January and after 31 December of ``year`` (negative = missing)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (start - dates[0]).days, (dates[-1] - end).days


def check_year(dates: Sequence[dt.date], year: int, tolerance_days: int = 31) -> list[str]:
    """Raise if the series does not cover ``year``; return warnings about a short buffer."""
    before, after = year_coverage(dates, year)
    span = f"{dates[0].isoformat()} … {dates[-1].isoformat()}"
    if before < -tolerance_days or after < -tolerance_days:
        raise ValueError(
            f"YEAR {year} is not covered by the series ({span}); choose a year inside it, or "
            f"add dates from about {year - 1}-07-01 to {year + 1}-06-30 (the year plus a "
            "half-year buffer on each side)")
    warnings = []
    if before < 90 or after < 90:
        warnings.append(
            f"The series ({span}) has less than 3 months of buffer around {year}: seasons "
            "whose trough lies outside the series cannot be measured (TIMESAT/HR-VPP use a "
            "buffer of about half a year on each side).")
    return warnings


def default_year(dates: Sequence[dt.date]) -> int:
    """The year holding the middle of the series (used when YEAR is 0)."""
    mid = dates[0] + (dates[-1] - dates[0]) / 2
    return mid.year
