"""Inputs of the phenology algorithm: which band is which date, and how to decode it (QGIS-free).

Why a module: ``clms:phenology`` takes either one multiband stack (a band per date) or one
raster per date (e.g. 36 downloaded ``c_gls_NDVI300_YYYYMMDD…`` files). Dates come from
``products.dates`` (the one grammar and precedence: ``DATES`` parameter, band metadata incl.
NetCDF time, file names through the product registry). Decoding (DN → physical, flags →
masked) uses the encodings declared in ``products/``, so flags 251–255 of NDVI 300 m and the
PPI scaling are declared once. Every problem is a ``ParameterError`` (a ``ValueError``) whose
message names the parameter and the fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...products import dates, encodings, registry
from ...products.errors import ParameterError
from .timeseries import check_dates

# PRODUCT enum of clms:phenology: (short name, product/encoding id | "auto" | None for plain
# values). The numbers in the labels are generated from the declarations in ``products/``.
_PRODUCTS: tuple[tuple[str, str | None], ...] = (
    ("Auto (from file names, else physical values)", "auto"),
    ("Physical values (file nodata / NaN masked)", None),
    ("CGLS NDVI 300 m DN", "ndvi_300m"),
    ("CGLS NDVI 1 km DN", "ndvi_1km"),
    ("CGLS LAI 300 m DN", "lai_300m"),
    ("CGLS FAPAR 300 m DN", "fapar_300m"),
    ("CGLS FCOVER 300 m DN", "fcover_300m"),
    ("HR-VPP PPI", "hrvpp_ppi"),  # a named encoding of products (no file-name pattern yet)
)


def _label(name: str, pid: str | None) -> str:
    """``name (scale, flags)`` from the declared encoding; the bare name if a user registry
    (``CLMS_PRODUCTS_JSON``) lacks the product, so the module still imports."""
    if pid in (None, "auto"):
        return name
    try:
        return f"{name} ({encodings.describe(encodings.encoding(pid))})"
    except KeyError:
        return name


PRODUCT_CHOICES: tuple[tuple[str, str | None], ...] = tuple(
    (_label(name, pid), pid) for name, pid in _PRODUCTS)


@dataclass(frozen=True)
class StackInfo:
    """The time stack: files (one multiband or several single-band), dates, band count."""

    paths: tuple[str, ...]
    dates: tuple[dt.date, ...]
    date_source: str

    @property
    def multiband(self) -> bool:
        return len(self.paths) == 1


def resolve_stack(paths: Sequence[str], dates_text: str = "") -> StackInfo:
    """Pair every band of the input with a date; clear errors for every mismatch.

    The dates come from :func:`products.dates.dated_bands` (the grammar and precedence of
    every algorithm). Phenology adds its own rules: one multiband stack or single-band
    rasters only, files given in any order are sorted by their found dates, and the dates
    must be distinct and increasing.
    """
    paths = [str(p) for p in paths]
    if not paths:
        raise ParameterError("INPUT", "no raster given; add one multiband stack or one "
                                      "raster per date")
    if len(paths) > 1:
        for p in paths:
            n = dates.band_count(p)
            if n != 1:
                raise ParameterError("INPUT", f"'{Path(p).name}' has {n} bands; give either "
                                              "one multiband stack or one single-band raster "
                                              "per date")
    bands = dates.dated_bands(paths, dates_text, "DATES", "INPUT")
    explicit = bool((dates_text or "").strip())
    if len(paths) > 1 and not explicit:
        bands = sorted(bands, key=lambda b: b.date)  # file lists come in any order
    found = [b.date for b in bands]
    try:
        check_dates(found)
    except ValueError as exc:
        raise ParameterError("DATES" if explicit else "INPUT", str(exc)) from exc
    paths = [b.path for b in bands] if len(paths) > 1 else paths
    return StackInfo(tuple(paths), tuple(found),
                     "DATES parameter" if explicit else dates.sources(bands))


def encoding_for(product: int, paths: Sequence[str]) -> tuple[registry.Encoding | None, str]:
    """Encoding chosen by the PRODUCT enum (None = plain physical values) and its label."""
    if product < 0 or product >= len(PRODUCT_CHOICES):
        raise ParameterError("PRODUCT", f"{product} is not one of 0…{len(PRODUCT_CHOICES) - 1}")
    label, pid = PRODUCT_CHOICES[product]
    if pid == "auto":
        encoding, match = encodings.recognised_encoding(paths[0])
        if encoding is None:
            return None, "physical values (no CLMS product recognised in the file name)"
        return encoding, f"{match.product.title} (from the file name)"
    if pid is None:
        return None, label
    return encodings.encoding(pid), label


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
