"""Dates of monthly water maps and years of yearly classes, for the water algorithms (QGIS-free).

Why a module: the occurrence statistics group maps by calendar month and the transitions by
year, so every band must carry a date. The grammar and the precedence (``DATES``/``YEARS``
parameter → band metadata incl. NetCDF time → file name through the product registry) are
the ones of every algorithm, in :mod:`clms_plugin.products.dates`; this module only keeps the
names the Processing glue calls and the water parameter names (``EPOCH1`` → ``DATES1``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...products import dates
from ...products.dates import DatedBand


def dated_bands(paths: Sequence[str], dates_text: str | None = "", what: str = "EPOCH",
                dates_parameter: str | None = None) -> list[DatedBand]:
    """Every band of ``paths`` with its date; ``what`` names the input parameter.

    The dates parameter defaults to the one that goes with the input: ``EPOCH1`` → ``DATES1``,
    ``EPOCH2`` → ``DATES2``, anything else → ``DATES``. Raises ``ParameterError`` (a
    ``ValueError``) naming the parameter to fix.
    """
    if dates_parameter is None:
        dates_parameter = "DATES" + what[len("EPOCH"):] if what.startswith("EPOCH") else "DATES"
    return dates.dated_bands(paths, dates_text, dates_parameter, what)


def dated_years(paths: Sequence[str], years_text: str | None = "",
                what: str = "INPUT") -> list[tuple[str, int, int]]:
    """(path, band, year) for every band of ``paths``: ``YEARS`` list, else metadata/name."""
    return [(b.path, b.band, b.year) for b in dates.dated_years(paths, years_text, "YEARS", what)]


__all__ = ["DatedBand", "dated_bands", "dated_years"]
