"""Local filtering of datasets (the dock's filters, also usable offline on the cache).

Why local: resolution, time range and extent are not reliable server-side filters (the portal
indexes resolution as strings and years as lists), and offline search must behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import BoundingBox, Dataset


@dataclass
class DatasetFilter:
    text: str = ""
    family: str = ""
    max_resolution_m: float | None = None
    start: str = ""  # ISO date; both or neither
    end: str = ""
    extent: BoundingBox | None = None  # EPSG:4326

    def matches(self, ds: Dataset) -> bool:
        if self.text:
            haystack = " ".join((ds.title, ds.description, ds.family, ds.id)).lower()
            if not all(word in haystack for word in self.text.lower().split()):
                return False
        if self.family and ds.family != self.family:
            return False
        if self.max_resolution_m is not None:
            res = ds.resolution_m
            if res is None or res > self.max_resolution_m * 1.0001:
                return False
        if self.start and self.end and not ds.overlaps_period(self.start, self.end):
            return False
        if self.extent is not None and ds.bbox is not None and not ds.bbox.intersects(self.extent):
            return False
        return True


def apply_filter(datasets: list[Dataset], flt: DatasetFilter) -> list[Dataset]:
    """Datasets passing ``flt``; a dataset without a bbox is kept for the extent filter
    (unknown coverage must not silently disappear)."""
    return [ds for ds in datasets if flt.matches(ds)]


def families(datasets: list[Dataset]) -> list[str]:
    return sorted({ds.family for ds in datasets if ds.family}, key=str.lower)
