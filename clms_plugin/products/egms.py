"""EGMS point products (L2a, L2b, L3): CSV layout, coordinates and displacement series.

Why QGIS-free: the layer loader, the time-series plot and any script need the same facts —
which columns hold the coordinates (latitude/longitude in EPSG:4326 when present, else
easting/northing in EPSG:3035), which hold the velocity, and which are acquisition dates
(``YYYYMMDD`` headers, displacement in mm). The published archives are zip files holding
one CSV (plus XML metadata); :func:`csv_in_archive` finds it.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATE_COLUMN = re.compile(r"^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$")
VELOCITY = "mean_velocity"
#: Columns of the published CSVs in order (L2a/L2b; L3 has no lat/lon, LOS or coherence),
#: then one column per acquisition date. Used by test fixtures and the docs.
L2_COLUMNS = ("pid", "mp_type", "latitude", "longitude", "easting", "northing", "height",
              "height_wgs84", "line_of_sight", "track_angle", "incidence_angle", "rmse",
              "temporal_coherence", "amplitude_dispersion", "spatial_coherence", "mean_velocity",
              "mean_velocity_std", "acceleration", "acceleration_std", "seasonality",
              "seasonality_std")
L3_COLUMNS = ("pid", "easting", "northing", "height", "rmse", "mean_velocity",
              "mean_velocity_std", "acceleration", "acceleration_std", "seasonality",
              "seasonality_std")


@dataclass(frozen=True)
class Layout:
    """Where things are in one EGMS CSV header."""

    x_field: str
    y_field: str
    crs: str
    id_field: str
    velocity_field: str
    date_fields: tuple[str, ...]

    @property
    def dates(self) -> list[dt.date]:
        return [parse_date(f) for f in self.date_fields]


def parse_date(column: str) -> dt.date:
    """``"20180110"`` → 2018-01-10 (``ValueError`` for anything else)."""
    if not DATE_COLUMN.match(column):
        raise ValueError(f"not a YYYYMMDD column: {column!r}")
    return dt.date(int(column[:4]), int(column[4:6]), int(column[6:8]))


def layout(header: Sequence[str]) -> Layout:
    """Coordinates, id, velocity and date columns of a header; ``ValueError`` if not EGMS."""
    lower = {h.strip().lower(): h.strip() for h in header}
    if "latitude" in lower and "longitude" in lower:
        x, y, crs = lower["longitude"], lower["latitude"], "EPSG:4326"
    elif "easting" in lower and "northing" in lower:
        x, y, crs = lower["easting"], lower["northing"], "EPSG:3035"
    else:
        raise ValueError("not an EGMS CSV: no latitude/longitude or easting/northing columns")
    if VELOCITY not in lower:
        raise ValueError("not an EGMS CSV: no mean_velocity column")
    dates = tuple(h.strip() for h in header if DATE_COLUMN.match(h.strip()))
    return Layout(x, y, crs, lower.get("pid", ""), lower[VELOCITY], dates)


def read_header(path: str | os.PathLike) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def csv_in_archive(archive: str | os.PathLike, folder: str | os.PathLike) -> Path:
    """Extract the (first) CSV of an EGMS zip into ``folder`` and return its path.

    Only the CSV's base name is used, so a member path cannot leave ``folder``.
    """
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.namelist() if m.lower().endswith(".csv")]
        if not members:
            raise ValueError(f"{Path(archive).name}: no CSV inside the EGMS archive")
        target = Path(folder) / Path(members[0]).name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            tmp = target.with_suffix(".csv.part")
            with zf.open(members[0]) as src, open(tmp, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            tmp.replace(target)
    return target


def series(attributes: Mapping[str, Any], date_fields: Sequence[str] | None = None
           ) -> list[tuple[dt.date, float]]:
    """(date, displacement mm) of one point, in date order; empty / non-numeric cells skipped.

    ``attributes`` is a feature's field → value map (a QGIS feature's ``attributeMap()`` or a
    ``csv.DictReader`` row); ``date_fields`` defaults to every YYYYMMDD key.
    """
    keys = date_fields if date_fields is not None else [
        k for k in attributes if DATE_COLUMN.match(str(k))]
    out = []
    for key in keys:
        value = attributes.get(key)
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if number != number:  # NaN
            continue
        out.append((parse_date(str(key)), number))
    return sorted(out)


def velocity_classes(bounds: Sequence[float]) -> list[tuple[float, float, str]]:
    """Diverging classes ``(low, high, '#rrggbb')`` from sorted inner bounds (mm/year).

    Negative (away from the satellite / subsidence) in reds, positive in blues, the class
    around zero green; the outer classes are open-ended (±1000 mm/year).
    """
    reds = ["#a50026", "#d73027", "#f46d43", "#fdae61"]
    blues = ["#abd9e9", "#74add1", "#4575b4", "#313695"]
    edges = [-1000.0, *[float(b) for b in bounds], 1000.0]
    n = len(edges) - 1
    centre = n // 2
    out = []
    for i in range(n):
        if i == centre:
            colour = "#1a9850"
        elif i < centre:
            colour = reds[max(0, len(reds) - centre + i)]
        else:
            colour = blues[min(len(blues) - 1, i - centre - 1)]
        out.append((edges[i], edges[i + 1], colour))
    return out
