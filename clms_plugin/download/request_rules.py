"""What the CLMS download tool accepts, checked before anything is sent (QGIS-free).

Why here and not in the client: the rules are the server's (clms.downloadtool ``post.py`` /
``validation.py``, clms_api.md §1.7) — ≤ 5 items, the format conversion table, the projection
list, a mandatory ``OutputGCS``, time filters and their day limits, bounding boxes as
``[W, N, E, S]``, the area limit measured as the server measures it — and the request form
uses them as the user types, long before :mod:`.datarequest` posts anything.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .scrub import scrub

MAX_ITEMS = 5
TERMINAL = ("Finished_ok", "Finished_nok", "Rejected", "Cancelled")
STATUSES = ("Queued", "In_progress") + TERMINAL
LINK_LIFETIME = dt.timedelta(hours=72)
DEFAULT_PROJECTIONS = ("EPSG:4326", "EPSG:3035", "EPSG:3857", "EPSG:4258")
# clms.downloadtool utils.FORMAT_CONVERSION_TABLE (the code is authoritative: vector → GML too)
_VECTOR = ("Shapefile", "GDB", "GPKG", "Geojson", "GML")
FORMAT_CONVERSION_TABLE: dict[str, tuple[str, ...]] = {
    "Geotiff": ("Geotiff",),
    "Netcdf": ("Netcdf", "Geotiff"),
    "Shapefile": _VECTOR, "GDB": _VECTOR, "GPKG": _VECTOR, "Geojson": _VECTOR,
    "WFS": _VECTOR + ("WFS",),
    "GML": ("GML",),
}
# Water Bodies 100 m v1 / 300 m v2: NetCDF output refused by the server (validation.is_special)
GEOTIFF_ONLY_UIDS = frozenset({"7df9bdf94fe94cb5919c11c9ef5cac65",
                               "0517fd1b7d944d8197a2eb5c13470db8"})
# Server area limit (clms.types download_limits.area_extent; clms_api.md §1.7, §1.11): a unitless
# number "similar to the Iberian Peninsula", compared with the product of the projected
# differences of the int-truncated bbox corners (downloadtool calculate_bounding_box_area).
AREA_LIMIT = 1_600_000_000_000


class DataRequestError(Exception):
    """Base class for data-request failures."""


class ValidationError(DataRequestError):
    """The request breaks server rules; ``problems`` lists every one, in plain language."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class DataRequestRefused(DataRequestError):  # noqa: N818 - names what the server did
    """The server refused; ``str()`` is its message verbatim, credentials removed."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(scrub(message))  # shown and logged: no credentials echoed back
        self.status = status


@dataclass(frozen=True)
class DatasetRules:
    """What the server checks about a dataset (fields of the DataSet object, §1.5)."""

    uid: str
    full_format: str = "Geotiff"
    full_source: str = "EEA"
    is_time_series: bool = False
    temporal_limit_days: int = 0
    layers: tuple[str, ...] = ()
    projections: tuple[str, ...] = DEFAULT_PROJECTIONS

    @classmethod
    def from_dataset(cls, dataset: dict[str, Any], info_id: str | None = None,
                     projections: Iterable[str] | None = None) -> DatasetRules:
        """From a portal DataSet JSON (``@search`` item or full object)."""
        items = (dataset.get("dataset_download_information") or {}).get("items") or []
        info = next((i for i in items if i.get("@id") == info_id), items[0] if items else {})
        fmt = info.get("full_format") or "Geotiff"
        if isinstance(fmt, dict):
            fmt = fmt.get("token") or fmt.get("title") or "Geotiff"
        return cls(
            uid=str(dataset.get("UID", "")),
            full_format=str(fmt),
            full_source=str(info.get("full_source") or "EEA"),
            is_time_series=bool(dataset.get("mapviewer_istimeseries")),
            temporal_limit_days=int(dataset.get("download_limit_temporal_extent") or 0),
            layers=tuple(info.get("layers") or ()),
            projections=tuple(projections or DEFAULT_PROJECTIONS),
        )


def bbox_wnes(xmin: float, ymin: float, xmax: float, ymax: float) -> list[float]:
    """A (xmin, ymin, xmax, ymax) EPSG:4326 box in the order the server reads: [W, N, E, S]."""
    return [float(xmin), float(ymax), float(xmax), float(ymin)]


# The server projects with pyproj.Proj(3587) = EPSG:3587, NAD83(NSRS2007) / Michigan Central:
# Lambert conformal conic 2SP on GRS80 (towgs84 0), metres. Reproduced here without pyproj
# (not in every QGIS install) with Snyder's formulas; tests compare it with QGIS/PROJ.
_GRS80_A = 6378137.0
_GRS80_E = math.sqrt(2 / 298.257222101 - (1 / 298.257222101) ** 2)
_LCC_LAT0, _LCC_LON0 = 43.3166666666667, -84.3666666666667
_LCC_LAT1, _LCC_LAT2 = 45.7, 44.1833333333333
_LCC_X0, _LCC_Y0 = 6000000.0, 0.0


def _lcc_m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_GRS80_E * math.sin(phi)) ** 2)


def _lcc_t(phi: float) -> float:
    es = _GRS80_E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - es) / (1 + es)) ** (_GRS80_E / 2)


def server_projection(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) in EPSG:3587 metres, the projection the server's area check uses."""
    p1, p2, p0 = (math.radians(v) for v in (_LCC_LAT1, _LCC_LAT2, _LCC_LAT0))
    n = (math.log(_lcc_m(p1)) - math.log(_lcc_m(p2))) / (math.log(_lcc_t(p1))
                                                         - math.log(_lcc_t(p2)))
    f = _lcc_m(p1) / (n * _lcc_t(p1) ** n)
    rho0 = _GRS80_A * f * _lcc_t(p0) ** n
    phi = math.radians(max(-89.999999, min(89.999999, lat)))
    rho = _GRS80_A * f * _lcc_t(phi) ** n
    dlon = (lon - _LCC_LON0 + 180.0) % 360.0 - 180.0  # PROJ wraps longitudes the same way
    theta = n * math.radians(dlon)
    return _LCC_X0 + rho * math.sin(theta), _LCC_Y0 + rho0 - rho * math.cos(theta)


def server_area(bbox: tuple[float, float, float, float]) -> float:
    """The number the server compares with :data:`AREA_LIMIT` for an (xmin, ymin, xmax, ymax)
    EPSG:4326 box: corners truncated to whole degrees (``int()``), projected, differences
    multiplied, exactly as on the server (so decimals below a whole degree do not count)."""
    west, north, east, south = (int(v) for v in bbox_wnes(*bbox))
    x1, y1 = server_projection(west, north)
    x2, y2 = server_projection(east, south)
    return abs(x2 - x1) * abs(y2 - y1)


def to_epoch_ms(day: dt.date | dt.datetime) -> int:
    """Dates go to the server as milliseconds since the epoch, UTC."""
    if not isinstance(day, dt.datetime):
        day = dt.datetime(day.year, day.month, day.day)
    if day.tzinfo is None:
        day = day.replace(tzinfo=dt.timezone.utc)
    return int(day.timestamp() * 1000)


@dataclass
class CustomExtraction:
    """A custom extraction: area (bbox or NUTS) and/or time filter, format and CRS."""

    dataset_uid: str
    download_info_id: str
    output_format: str
    output_gcs: str | None
    bbox: tuple[float, float, float, float] | None = None  # xmin, ymin, xmax, ymax (EPSG:4326)
    nuts: str | None = None
    start: dt.date | dt.datetime | None = None
    end: dt.date | dt.datetime | None = None
    layer: str | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"DatasetID": self.dataset_uid,
                                "DatasetDownloadInformationID": self.download_info_id,
                                "OutputFormat": self.output_format}
        if self.output_gcs:
            body["OutputGCS"] = self.output_gcs
        if self.bbox is not None:
            body["BoundingBox"] = bbox_wnes(*self.bbox)
        if self.nuts:
            body["NUTS"] = self.nuts
        if self.start is not None or self.end is not None:
            body["TemporalFilter"] = {"StartDate": to_epoch_ms(self.start) if self.start else None,
                                      "EndDate": to_epoch_ms(self.end) if self.end else None}
        if self.layer:
            body["Layer"] = self.layer
        return body


@dataclass
class PrepackagedFile:
    """A prepackaged file (``downloadable_files.items[].@id``): no format/CRS/area allowed."""

    dataset_uid: str
    file_id: str

    def to_json(self) -> dict[str, Any]:
        return {"DatasetID": self.dataset_uid, "FileID": self.file_id}


Entry = CustomExtraction | PrepackagedFile


def validate(entries: Sequence[Entry], rules: dict[str, DatasetRules],
             conversion_table: dict[str, Any] | None = None) -> list[str]:
    """Every rule the server would break, as messages (empty list = valid)."""
    problems: list[str] = []
    if not entries:
        return ["choose at least one dataset or file"]
    if len(entries) > MAX_ITEMS:
        problems.append(f"{len(entries)} items: the server accepts at most {MAX_ITEMS} per "
                        "request; split the request")
    table = _normalise_table(conversion_table)
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        key = repr(entry.to_json())
        if key in seen:
            problems.append(f"item {n}: the same item is requested twice")
        seen.add(key)
        if isinstance(entry, PrepackagedFile):
            if not entry.dataset_uid or not entry.file_id:
                problems.append(f"item {n}: a prepackaged file needs DatasetID and FileID")
            continue
        problems.extend(f"item {n}: {p}" for p in _check_custom(entry, rules.get(entry.dataset_uid),
                                                                 table))
    return problems


def _normalise_table(table: dict[str, Any] | None) -> dict[str, tuple[str, ...]]:
    if not table:
        return FORMAT_CONVERSION_TABLE
    out: dict[str, tuple[str, ...]] = {}
    for src, targets in table.items():
        if isinstance(targets, dict):
            out[src] = tuple(k for k, ok in targets.items() if ok)
        else:
            out[src] = tuple(targets)
    return out


def _check_custom(e: CustomExtraction, rule: DatasetRules | None,
                  table: dict[str, tuple[str, ...]]) -> list[str]:
    p: list[str] = []
    if not e.dataset_uid:
        p.append("DatasetID is not defined")
    if not e.download_info_id:
        p.append("DatasetDownloadInformationID is not defined")
    if not e.output_gcs:
        p.append("an output CRS (OutputGCS) is mandatory")
    elif rule is not None and e.output_gcs not in rule.projections:
        p.append(f"output CRS {e.output_gcs} is not offered for this dataset "
                 f"(choose one of {', '.join(rule.projections)})")
    if e.output_format not in table:
        p.append(f"output format '{e.output_format}' is not valid "
                 f"(valid: {', '.join(sorted(table))})")
    elif rule is not None:
        if e.output_format not in table.get(rule.full_format, ()):
            p.append(f"'{rule.full_format}' cannot be converted to '{e.output_format}' "
                     f"(possible: {', '.join(table.get(rule.full_format, ())) or 'none'})")
        if rule.uid in GEOTIFF_ONLY_UIDS and e.output_format != "Geotiff":
            p.append("this Water Bodies dataset can only be delivered as Geotiff")
    if e.bbox is not None and e.nuts:
        p.append("give either a bounding box or a NUTS code, not both")
    if e.bbox is not None:
        xmin, ymin, xmax, ymax = e.bbox
        if not (-180 <= xmin < xmax <= 180 and -90 <= ymin < ymax <= 90):
            p.append("the bounding box must be EPSG:4326 degrees with west < east and "
                     "south < north")
        elif server_area(e.bbox) > AREA_LIMIT:
            p.append(f"the bounding box is too big: the server's area limit is {AREA_LIMIT} "
                     f"(about the Iberian Peninsula; this box counts {server_area(e.bbox):.4g}); "
                     "draw a smaller box, split it into several requests, or use a NUTS code "
                     "or the prepackaged files")
    has_time = e.start is not None or e.end is not None
    if has_time:
        if e.start is None or e.end is None:
            p.append("the time filter needs both a start and an end date")
        else:
            start, end = _as_dt(e.start), _as_dt(e.end)
            if start > end:
                p.append("the time filter starts after it ends")
            elif rule is not None and rule.temporal_limit_days > 0 and \
                    (end - start).days > rule.temporal_limit_days:
                p.append(f"the time range is {(end - start).days} days; this time series "
                         f"allows at most {rule.temporal_limit_days} days per request")
        if rule is not None and rule.temporal_limit_days <= 0 and not rule.is_time_series:
            p.append("this dataset does not accept a time filter")
    elif rule is not None and rule.is_time_series:
        p.append("this dataset is a time series: a start and end date are mandatory")
    if e.bbox is None and not e.nuts and not has_time:
        p.append("choose an area (bounding box or NUTS) — to get the full dataset use its "
                 "prepackaged files")
    elif e.bbox is None and not e.nuts and rule is not None and rule.full_source != "EEA":
        p.append("this dataset needs an area of interest (bounding box or NUTS)")
    if rule is not None and e.layer and rule.layers and e.layer not in rule.layers \
            and e.layer != "ALL BANDS":
        p.append(f"layer '{e.layer}' is not one of {', '.join(rule.layers)}")
    return p


def _as_dt(day: dt.date | dt.datetime) -> dt.datetime:
    return day if isinstance(day, dt.datetime) else dt.datetime(day.year, day.month, day.day)
