"""Dates of monthly water maps and years of yearly classes, for the water algorithms (QGIS-free).

Why a module: the occurrence statistics group maps by calendar month and the transitions by
year, so every band must carry a date. The grammar and the precedence (``DATES``/``YEARS``
parameter → band metadata incl. NetCDF time → file name through the product registry) are
the ones of every algorithm, in :mod:`clms_plugin.products.dates`; this module only keeps the
names the Processing glue calls and the water parameter names (``EPOCH1`` → ``DATES1``),
and groups dated bands by (year, month) and by calendar month for the occurrence kernel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Union

import numpy as np

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


def month_groups(bands: Sequence[DatedBand]) -> list[tuple[int, int, list[int]]]:
    """(year, month, [band indexes]) for the dated bands of one epoch, chronological."""
    by_key: dict[tuple[int, int], list[int]] = {}
    for i, band in enumerate(bands):
        by_key.setdefault((band.year, band.month), []).append(i)
    return [(y, m, idx) for (y, m), idx in sorted(by_key.items())]


MonthPlan = list[tuple[int, int, Any, Union[int, None]]]


def calendar_month_plan(groups: Sequence[list[tuple[int, int, list[int]]]],
                        reference_year: int) -> MonthPlan | None:
    """(epoch, month, rows, reference row) per calendar month for ``add_month_stack``; None
    when some (year, month) has several maps (10-daily products).

    ``rows`` is a slice when the month's maps are evenly spaced in the stack (the usual
    chronological series: every 12th band), so the kernel works on a view, not a copy.
    """
    if any(len(idx) != 1 for g in groups for _, _, idx in g):
        return None
    plan = []
    for e in (0, 1):
        for month in range(1, 13):
            rows = [(year, idx[0]) for year, mo, idx in groups[e] if mo == month]
            if not rows:
                continue
            bands = [b for _, b in rows]
            steps = {b - a for a, b in zip(bands, bands[1:])}
            sel: Any = np.array(bands)
            if len(bands) == 1:
                sel = slice(bands[0], bands[0] + 1)
            elif len(steps) == 1 and min(steps) > 0:
                sel = slice(bands[0], bands[-1] + 1, steps.pop())
            ref = next((i for i, (year, _) in enumerate(rows) if year == reference_year), None)
            plan.append((e, month, sel, ref if e == 1 else None))
    return plan


__all__ = ["DatedBand", "calendar_month_plan", "dated_bands", "dated_years", "month_groups"]
