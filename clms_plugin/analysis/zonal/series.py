"""Which band of the inputs is which date, for the zonal algorithms (QGIS-free).

Why here and not in the glue: the dates come from the one grammar in ``products.dates``
(``DATES`` parameter, band metadata, file names) like every other algorithm's; what the zonal
analyses add is small and belongs to them — files given in any order are put in date order, a
date may not appear twice (it names a column of the wide table and a band of the anomaly
raster), and class areas may run without dates (the date column then stays empty). The
result is what the block runner reads: one path, the paths, or one ``RasterInput`` per band.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ...products import dates
from ..engine import blocks
from ..engine.errors import ParameterError


@dataclass(frozen=True)
class Series:
    """The bands of a time series in date order, as the block runner reads them."""

    inputs: tuple[str | blocks.RasterInput, ...]
    dates: tuple[dt.date | None, ...]
    source: str        # "DATES parameter", "band metadata", "file names" or "none found"
    missing: str = ""  # why no date was found (dates optional only)

    @property
    def paths(self) -> list[str]:
        """Distinct files of the series, in reading order (for provenance and messages)."""
        return list(dict.fromkeys(getattr(i, "path", i) for i in self.inputs))


def _runner_inputs(paths: Sequence[str], bands: Sequence[dates.DatedBand]
                   ) -> tuple[str | blocks.RasterInput, ...]:
    """Whole files when the order of their bands is kept (fast: one read per file and
    window), else one ``RasterInput`` per band."""
    natural = [(str(p), b) for p in paths for b in range(1, 1 + sum(
        1 for x in bands if x.path == str(p)))]
    if [(b.path, b.band) for b in bands] == natural:
        return tuple(str(p) for p in paths)
    return tuple(blocks.RasterInput(b.path, (b.band,)) for b in bands)


def dated_series(paths: Sequence[str], text: str | None = "", *, required: bool = True,
                 band_count: int = 0, distinct: bool = True, parameter: str = "DATES",
                 input_parameter: str = "INPUT") -> Series:
    """Every band of ``paths`` with its date (``products.dates.dated_bands``), in date order
    when several files came without ``DATES``.

    ``required=False``: when no date can be found (and ``DATES`` is empty) the series keeps
    the given order with ``band_count`` dates ``None``; ``Series.missing`` says why.
    ``distinct``: two bands on one date are an error naming ``DATES`` (or the input).
    """
    paths = [str(p) for p in paths]
    if not paths:
        raise ParameterError(input_parameter, "no raster given; add one multiband stack or "
                                              "one raster per date")
    explicit = bool((text or "").strip())
    try:
        bands = dates.dated_bands(paths, text, parameter, input_parameter)
    except ParameterError as exc:
        if required or explicit or exc.parameter != input_parameter or band_count < 1:
            raise
        return Series(tuple(paths), (None,) * band_count, "none found", exc.message)
    if len(paths) > 1 and not explicit:
        bands = sorted(bands, key=lambda b: b.date)  # file lists come in any order
    if distinct:
        seen: dict[dt.date, int] = {}
        for i, band in enumerate(bands):
            if band.date in seen:
                raise ParameterError(parameter if explicit else input_parameter, (
                    f"{band.date.isoformat()} is the date of two bands (items {seen[band.date] + 1}"
                    f" and {i + 1}); give each band its own date"))
            seen[band.date] = i
    source = f"{parameter} parameter" if explicit else dates.sources(bands)
    return Series(_runner_inputs(paths, bands), tuple(b.date for b in bands), source)


__all__ = ["Series", "dated_series"]
