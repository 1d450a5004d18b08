"""NetCDF files and CF time: which dates the bands of a NetCDF product hold (QGIS-free).

Why apart from the registry: reading CF time (``NETCDF_DIM_time`` with its ``units`` and
``calendar``) is used by the registry (a product's period), the one dates module (band dates
for every algorithm) and the dock's loader (band times for the Temporal Controller); it is a
format concern, not a product fact. The registry re-exports these names.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache

from .registry import ProductMatch, _identify_name, _netcdf_file, _period

NETCDF_SUFFIXES = (".nc", ".nc4", ".netcdf")
_TIME_UNITS = {"day": 86400.0, "hour": 3600.0, "minute": 60.0, "second": 1.0}
_CF_CALENDARS = ("", "standard", "gregorian", "proleptic_gregorian")


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


