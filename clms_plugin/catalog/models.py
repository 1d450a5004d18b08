"""Typed catalogue models, tolerant to the shapes the real CLMS portal sends.

Why tolerant: the recorded ``@search`` response (shared/clms-api, samples README #10) shows
``dataset_full_format`` as null, a string or absent, ``full_format`` as a string, a
``{"token","title"}`` object or null, ``full_source`` missing, ``name`` with trailing blanks,
and placeholder items whose path and source are empty. One odd dataset must never hide the rest
of the catalogue, so parsing never raises on a missing or odd field.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field
from typing import Any

EEA_RECORD = "https://sdi.eea.europa.eu/catalogue/copernicus/api/records/{id}/formatters/xml?approved=true"
VITO_RECORD = (
    "https://globalland.vito.be/geonetwork/srv/api/records/{id}/formatters/xml?approved=true"
)


def text_of(value: Any) -> str:
    """A plain string from a str / None / ``{"token","title"}`` / RichText ``{"data"}`` value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for key in ("token", "title", "data", "label", "value"):
            if value.get(key):
                return text_of(value[key])
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (text_of(v) for v in value) if t)
    return str(value).strip()


def strip_html(value: Any) -> str:
    """RichText (``{"data": "<p>…</p>"}`` or a string) as plain text for the details panel."""
    raw = text_of(value)
    raw = re.sub(r"<\s*(br|/p|/li|/div)\s*/?>", "\n", raw, flags=re.I)
    raw = re.sub(r"<[^>]+>", "", raw)
    lines = [" ".join(line.split()) for line in html.unescape(raw).splitlines()]
    return "\n".join(line for line in lines if line)


def _items(container: Any) -> list[dict]:
    """``{"items": [...]}`` or a bare list, keeping only dict entries."""
    if isinstance(container, dict):
        container = container.get("items")
    if not isinstance(container, list):
        return []
    return [item for item in container if isinstance(item, dict)]


_RES_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(km|m|deg|°|degrees?)?", re.I)


def resolution_metres(text: str) -> float | None:
    """Finest resolution in metres from text like "100 m", "300 m, 1 km", "0.0089 deg"."""
    best: float | None = None
    for number, unit in _RES_RE.findall(text or ""):
        value = float(number.replace(",", "."))
        unit = (unit or "m").lower()
        if unit == "km":
            value *= 1000.0
        elif unit.startswith("deg") or unit == "°":
            value *= 111_320.0  # at the equator; good enough to rank and filter
        if value <= 0:
            continue
        best = value if best is None else min(best, value)
    return best


@dataclass
class DownloadInformation:
    """One ``dataset_download_information`` item (a custom-extraction option of a dataset)."""

    id: str
    name: str = ""
    collection: str = ""
    full_format: str = ""
    full_path: str = ""
    full_source: str = ""
    wekeo_choices: str = ""
    layers: list[str] = field(default_factory=list)
    byoc_collection: str = ""

    @classmethod
    def from_json(cls, data: dict) -> DownloadInformation | None:
        """None for placeholders (no path and no source) and items without an id."""
        ident = text_of(data.get("@id"))
        path = text_of(data.get("full_path"))
        source = text_of(data.get("full_source"))
        if not ident or (not path and not source):
            return None
        layers = data.get("layers") or []
        return cls(
            id=ident,
            name=text_of(data.get("name")),
            collection=text_of(data.get("collection")),
            full_format=text_of(data.get("full_format")),
            full_path=path,
            full_source=source,
            wekeo_choices=text_of(data.get("wekeo_choices")),
            layers=[text_of(x) for x in layers] if isinstance(layers, list) else [],
            byoc_collection=text_of(data.get("byoc_collection")),
        )

    @property
    def label(self) -> str:
        bits = [self.name or "?", self.collection, self.full_format, self.full_source]
        return " · ".join(b for b in bits if b)


@dataclass
class PrepackagedFile:
    """One ``downloadable_files`` item (a ready-made file, requested by its ``@id``)."""

    id: str
    title: str = ""
    file: str = ""
    area: str = ""
    format: str = ""
    path: str = ""
    resolution: str = ""
    size: str = ""
    source: str = ""
    type: str = ""
    version: str = ""
    year: str = ""
    projection: str = ""

    @classmethod
    def from_json(cls, data: dict) -> PrepackagedFile | None:
        """None for the placeholder items global datasets carry (empty path and source)."""
        ident = text_of(data.get("@id"))
        path = text_of(data.get("path"))
        source = text_of(data.get("source"))
        if not ident or (not path and not source):
            return None
        return cls(
            id=ident,
            path=path,
            source=source,
            **{k: text_of(data.get(k)) for k in (
                "title", "file", "area", "format", "resolution", "size", "type", "version",
                "year", "projection")},
        )

    @property
    def label(self) -> str:
        basename = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        name = self.title or self.file or self.area or basename
        bits = [name, self.format, self.resolution, self.year]
        return " · ".join(b for b in bits if b)


@dataclass
class BoundingBox:
    west: float
    south: float
    east: float
    north: float

    def intersects(self, other: BoundingBox) -> bool:
        return not (
            self.east < other.west or other.east < self.west
            or self.north < other.south or other.north < self.south
        )


def _float(value: Any) -> float | None:
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


def union_bbox(container: Any) -> BoundingBox | None:
    """Union of ``geographicBoundingBox.items[]`` (north/south/east/west as strings)."""
    boxes = []
    for item in _items(container):
        vals = [_float(item.get(k)) for k in ("west", "south", "east", "north")]
        if None not in vals:
            boxes.append(vals)
    if not boxes:
        return None
    return BoundingBox(
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )


def _family_from_url(url: str) -> str:
    match = re.search(r"/products/([^/]+)/", url or "")
    if not match:
        return ""
    return match.group(1).replace("-", " ").strip().capitalize()


_YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


@dataclass
class Dataset:
    """A CLMS DataSet as the dock and the download helper need it; ``raw`` keeps the JSON."""

    uid: str
    url: str
    title: str
    id: str = ""
    description: str = ""
    family: str = ""
    resolution: str = ""
    crs: list[str] = field(default_factory=list)
    temporal_start: str = ""
    temporal_end: str = ""
    update_frequency: str = ""
    licence: str = ""
    citation: str = ""
    full_format: str = ""
    bbox: BoundingBox | None = None
    download_information: list[DownloadInformation] = field(default_factory=list)
    prepackaged_files: list[PrepackagedFile] = field(default_factory=list)
    metadata_links: list[str] = field(default_factory=list)
    thumbnail_url: str = ""
    raw: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: dict) -> Dataset:
        url = text_of(data.get("@id"))
        title = text_of(data.get("title"))
        info = [DownloadInformation.from_json(i) for i in
                _items(data.get("dataset_download_information"))]
        files = [PrepackagedFile.from_json(i) for i in _items(data.get("downloadable_files"))]
        crs = data.get("coordinateReferenceSystemList") or []
        if isinstance(crs, str):
            crs = [crs]
        crs_list = [text_of(c) for c in crs if text_of(c)] if isinstance(crs, list) else []
        if not crs_list and data.get("characteristics_projection"):
            proj = text_of(data["characteristics_projection"])
            crs_list = [p.strip() for p in re.split(r"[/,;]", proj) if p.strip()]
        start = text_of(data.get("temporalExtentStart"))
        end = text_of(data.get("temporalExtentEnd"))
        if not start:
            years = _YEAR_RE.findall(text_of(data.get("temporalCoverage")) or title)
            if years:
                start, end = f"{min(years)}-01-01", f"{max(years)}-12-31"
        links = []
        for rec in _items(data.get("geonetwork_identifiers")):
            rid = text_of(rec.get("id"))
            if rid:
                tmpl = VITO_RECORD if text_of(rec.get("type")).upper() == "VITO" else EEA_RECORD
                links.append(tmpl.format(id=rid))
        return cls(
            uid=text_of(data.get("UID")),
            url=url,
            title=title or text_of(data.get("id")) or url,
            id=text_of(data.get("id")) or url.rstrip("/").rsplit("/", 1)[-1],
            description=strip_html(data.get("description")),
            family=text_of(data.get("familyTitle")) or _family_from_url(url),
            resolution=text_of(data.get("qualitySpatialResolution_line"))
            or text_of(data.get("characteristics_spatial_resolution")),
            crs=crs_list,
            temporal_start=start,
            temporal_end=end,
            update_frequency=text_of(data.get("update_frequency"))
            or text_of(data.get("updateFrequency")),
            licence=strip_html(data.get("accessAndUseConstraints"))
            or text_of(data.get("accessAndUseLimitationPublic_line")),
            citation=strip_html(data.get("citation")),
            full_format=text_of(data.get("dataset_full_format")),
            bbox=union_bbox(data.get("geographicBoundingBox")),
            download_information=[i for i in info if i is not None],
            prepackaged_files=[f for f in files if f is not None],
            metadata_links=links,
            thumbnail_url=_thumbnail(data, url),
            raw=data,
        )

    @property
    def resolution_m(self) -> float | None:
        if self.resolution:
            return resolution_metres(self.resolution)
        for info in self.download_information:  # "100m" collections on older shapes
            value = resolution_metres(info.collection)
            if value:
                return value
        return None

    @property
    def period(self) -> str:
        if not self.temporal_start and not self.temporal_end:
            return ""
        return f"{self.temporal_start[:10]} – {self.temporal_end[:10] or '…'}"

    @property
    def product_page(self) -> str:
        """The human page: the API URL without its ``/api`` segment."""
        return re.sub(r"/api(?=/)", "", self.url, count=1)

    def overlaps_period(self, start: str, end: str) -> bool:
        """True if the dataset's temporal extent meets [start, end] (ISO dates); unknown = True."""
        if not self.temporal_start:
            return True
        ds_end = self.temporal_end[:10] or "9999-12-31"
        return self.temporal_start[:10] <= end and start <= ds_end

    def with_fallback(self, entry: Dataset) -> Dataset:
        """This (full) record with gaps filled from the search-list ``entry`` of the same
        dataset: the full object sometimes lacks resolution, CRS or extent that the list
        entry carries, and the details must not say "not given" for what the list showed."""
        from dataclasses import replace

        changes: dict[str, Any] = {}
        for name in ("resolution", "crs", "temporal_start", "temporal_end", "family",
                     "bbox", "full_format", "update_frequency"):
            if not getattr(self, name) and getattr(entry, name):
                changes[name] = getattr(entry, name)
        if entry.raw and self.raw is not entry.raw:
            merged = dict(entry.raw)
            merged.update({k: v for k, v in self.raw.items() if v not in (None, "", [], {})})
            changes["raw"] = merged
        return replace(self, **changes) if changes else self

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("raw", None)
        return data


def _thumbnail(data: dict, url: str) -> str:
    image = data.get("image")
    if isinstance(image, dict):
        scales = image.get("scales")
        if isinstance(scales, dict):
            for scale in ("preview", "mini", "large"):
                entry = scales.get(scale)
                if isinstance(entry, dict) and entry.get("download"):
                    return str(entry["download"])
        if image.get("download"):
            return str(image["download"])
    if data.get("image_field") and url:
        return f"{url.rstrip('/')}/@@images/{data['image_field']}/preview"
    return ""
