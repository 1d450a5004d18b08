"""River and lake water level (satellite altimetry) files → station + dated records.

Why QGIS-free: the loader turns each observation into a dated point feature (so the Temporal
Controller can animate it and the attribute table is the series), and scripts want the same
parsed series. The CGLS files are one JSON per station: a GeoJSON Feature (point geometry,
station properties) with a ``data`` list of observations; a CSV with ``datetime,height[,
uncertainty]`` columns (and ``lon,lat`` columns) is read too. Field names are matched loosely
because they changed across versions (see ``resources/products/vectors_points.json``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HEIGHT_KEYS = ("water_surface_height_above_reference_datum", "water_surface_height", "height",
                "wse", "orthometric_height_of_water_surface_at_reference_position")
_UNC_KEYS = ("water_surface_height_uncertainty", "uncertainty", "height_uncertainty", "wse_u")
_TIME_KEYS = ("datetime", "date", "time_str", "time")


@dataclass(frozen=True)
class Observation:
    when: dt.datetime
    height: float
    uncertainty: float | None = None


@dataclass
class Station:
    """One virtual station: where it is, what it is, and its observations in time order."""

    name: str
    lon: float
    lat: float
    properties: dict[str, Any] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)


def parse_time(value: Any) -> dt.datetime:
    """``2023/01/05 12:30``, ``2023-01-05T12:30:00Z``, ``2023-01-05`` → naive UTC datetime."""
    text = str(value).strip().replace("/", "-").replace("T", " ").rstrip("Z")
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", text)
    if not m:
        raise ValueError(f"not a date/time: {value!r}")
    parts = [int(p) if p else 0 for p in m.groups()]
    return dt.datetime(*parts[:6])


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lower = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        if key in lower and lower[key] not in (None, ""):
            return lower[key]
    return None


def _observation(record: dict[str, Any]) -> Observation | None:
    when, height = _first(record, _TIME_KEYS), _first(record, _HEIGHT_KEYS)
    if when is None or height is None:
        return None
    try:
        value = float(height)
        unc = _first(record, _UNC_KEYS)
        return Observation(parse_time(when), value, float(unc) if unc is not None else None)
    except ValueError:
        return None


def read_json(path: str | os.PathLike) -> list[Station]:
    """Stations of a GeoJSON Feature / FeatureCollection with per-station ``data`` lists."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    features = doc.get("features", [doc]) if isinstance(doc, dict) else []
    stations = []
    for feat in features:
        coords = (feat.get("geometry") or {}).get("coordinates") or [None, None]
        props = dict(feat.get("properties") or {})
        name = str(_first(props, ("name", "station", "lake", "river", "resource",
                                  "identifier")) or Path(path).stem)
        obs = [o for o in (_observation(r) for r in feat.get("data", []) or []) if o]
        stations.append(Station(name, float(coords[0]), float(coords[1]), props,
                                sorted(obs, key=lambda o: o.when)))
    return stations


def read_csv(path: str | os.PathLike) -> list[Station]:
    """One station per distinct (lon, lat) of a ``lon,lat,datetime,height…`` CSV."""
    stations: dict[tuple[float, float], Station] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        for row in csv.DictReader(fh, dialect=dialect):
            lon = _first(row, ("lon", "longitude", "x"))
            lat = _first(row, ("lat", "latitude", "y"))
            obs = _observation(row)
            if lon is None or lat is None or obs is None:
                continue
            key = (float(lon), float(lat))
            name = str(_first(row, ("name", "station")) or Path(path).stem)
            stations.setdefault(key, Station(name, *key)).observations.append(obs)
    for st in stations.values():
        st.observations.sort(key=lambda o: o.when)
    return list(stations.values())


def read(path: str | os.PathLike) -> list[Station]:
    """Stations of a water-level file (JSON / GeoJSON, else CSV); ``ValueError`` if none."""
    suffix = Path(path).suffix.lower()
    stations = read_json(path) if suffix in (".json", ".geojson") else read_csv(path)
    if not any(st.observations for st in stations):
        raise ValueError(f"{Path(path).name}: no water-level observations found (expected a "
                         "'data' list with datetime and water-surface height)")
    return stations
