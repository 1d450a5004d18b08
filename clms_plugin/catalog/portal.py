"""CLMS portal client (Plone REST API at land.copernicus.eu/api): search and dataset details.

Facts used (shared/reference/clms_api.md §1.4–1.5): ``GET @search?portal_type=DataSet`` with
repeatable ``metadata_fields``, 25 items per page by default, ``batching.next`` until absent;
catalogue indexes usable as filters; every dataset ``@id`` is its own JSON URL. No auth needed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import requests

from .errors import CatalogCancelled, CatalogResponseError
from .http import get, get_json
from .models import Dataset

DEFAULT_API_URL = "https://land.copernicus.eu/api"
ENV_API_URL = "CLMS_API_URL"
DEFAULT_PAGE_SIZE = 100
MAX_PAGES = 500  # a runaway ``next`` loop stops here (the real catalogue is a few pages)

# Summary fields the dock needs, so a crawl gives a usable offline catalogue without fetching
# every dataset. Non-catalogue fields work because CLMS falls back to getattr (clms_api §1.4).
SEARCH_FIELDS: tuple[str, ...] = (
    "UID",
    "id",
    "title",
    "description",
    "familyTitle",
    "dataset_full_format",
    "dataset_download_information",
    "downloadable_files",
    "geographicBoundingBox",
    "temporalExtentStart",
    "temporalExtentEnd",
    "qualitySpatialResolution_line",
    "coordinateReferenceSystemList",
    "update_frequency",
    "image_field",
)

# Catalogue indexes CLMS defines (TYPES catalog.xml) that ``search`` accepts as filters.
INDEX_FILTERS: frozenset[str] = frozenset({
    "geographic_coverage", "spatial_resolution", "temporal_extent",
    "dataset_geographical_classification", "update_frequency", "distribution_format_list",
    "coordinateReferenceSystemList", "gemet", "gemetInspireThemes", "keywords", "familyTitle",
    "component_title", "spatial_representation_type", "associated_products", "review_state",
    "UID", "path",
})


def resolve_api_url(setting: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """API base URL: ``CLMS_API_URL`` (stand-ins, tests) > the user setting > the default."""
    env = os.environ if environ is None else environ
    url = (env.get(ENV_API_URL) or setting or DEFAULT_API_URL).strip()
    return url.rstrip("/")


@dataclass
class SearchPage:
    url: str
    datasets: list[Dataset]
    total: int | None
    next_url: str | None


@dataclass
class SearchResult:
    """All pages of one search; ``url`` is the first request (for messages)."""

    url: str
    datasets: list[Dataset] = field(default_factory=list)
    total: int | None = None
    pages: int = 0
    raw_items: list[dict] = field(default_factory=list, repr=False)


class PortalClient:
    """Thin, synchronous client; run it in a background task, never on the GUI thread."""

    def __init__(
        self,
        session: requests.Session,
        api_url: str = DEFAULT_API_URL,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        self.session = session
        self.api_url = api_url.rstrip("/")
        self.page_size = page_size

    # -- URLs -------------------------------------------------------------------------------
    def rebase(self, url: str) -> str:
        """Point a server-made URL at our API base.

        Why: the recorded production answers carry the back-end host (``clms-prod.eea.europa.eu``)
        in ``@id`` and ``batching.next`` while clients talk to ``land.copernicus.eu``; behind a
        stand-in (``CLMS_API_URL``) the links must follow the stand-in too.
        """
        parts = urlsplit(url)
        base = urlsplit(self.api_url)
        if not parts.scheme or parts.netloc == base.netloc:
            return url
        marker = parts.path.find("/api/")
        if marker < 0 and parts.path.endswith("/api"):
            marker = len(parts.path) - 4
        if marker < 0:
            return url
        tail = parts.path[marker + 4:]
        rebased = self.api_url + tail
        return rebased + (f"?{parts.query}" if parts.query else "")

    def search_params(
        self,
        text: str = "",
        filters: Mapping[str, str | list[str]] | None = None,
        metadata_fields: tuple[str, ...] = SEARCH_FIELDS,
    ) -> list[tuple[str, str]]:
        """Query parameters of the first page (a list: ``metadata_fields`` repeats)."""
        params: list[tuple[str, str]] = [("portal_type", "DataSet")]
        if text.strip():
            params.append(("SearchableText", text.strip()))
        for key, value in (filters or {}).items():
            if key not in INDEX_FILTERS:
                known = sorted(INDEX_FILTERS)
                raise ValueError(f"unknown catalogue filter {key!r}; known: {known}")
            for v in value if isinstance(value, list) else [value]:
                params.append((key, str(v)))
        params.extend(("metadata_fields", f) for f in metadata_fields)
        params.append(("b_size", str(self.page_size)))
        return params

    # -- search -----------------------------------------------------------------------------
    def search_pages(
        self,
        text: str = "",
        filters: Mapping[str, str | list[str]] | None = None,
        metadata_fields: tuple[str, ...] = SEARCH_FIELDS,
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[SearchPage]:
        """Yield pages, following ``batching.next`` until it is absent (or repeats)."""
        url: str | None = f"{self.api_url}/@search"
        params: list[tuple[str, str]] | None = self.search_params(text, filters, metadata_fields)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            if url is None:
                return
            if cancelled is not None and cancelled():
                raise CatalogCancelled("Search cancelled", url=url)
            response_url, data = self._get_page(url, params)
            items = data.get("items")
            if not isinstance(items, list):
                raise CatalogResponseError("The search answer has no 'items' list",
                                           url=response_url)
            total = data.get("items_total")
            batching = data.get("batching") if isinstance(data.get("batching"), dict) else {}
            next_url = batching.get("next") or None
            if next_url:
                next_url = self.rebase(str(next_url))
                if next_url in seen or not items:
                    next_url = None
                else:
                    seen.add(next_url)
            datasets = [Dataset.from_json(i) for i in items if isinstance(i, dict)]
            yield SearchPage(response_url, datasets, total if isinstance(total, int) else None,
                             next_url)
            url, params = next_url, None

    def _get_page(self, url: str, params) -> tuple[str, dict]:
        response = get(self.session, url, params=params)
        try:
            data = response.json()
        except ValueError as exc:
            raise CatalogResponseError(f"The search answer is not valid JSON ({exc})",
                                       url=response.url, status=response.status_code) from exc
        if not isinstance(data, dict):
            raise CatalogResponseError("The search answer is not a JSON object", url=response.url)
        return response.url, data

    def search(
        self,
        text: str = "",
        filters: Mapping[str, str | list[str]] | None = None,
        metadata_fields: tuple[str, ...] = SEARCH_FIELDS,
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int | None], None] | None = None,
    ) -> SearchResult:
        """Every page of a search; ``progress(n_so_far, total)`` after each page."""
        result = SearchResult(url=f"{self.api_url}/@search")
        for page in self.search_pages(text, filters, metadata_fields, cancelled):
            result.pages += 1
            if result.pages == 1:
                result.url = page.url
            result.total = page.total if page.total is not None else result.total
            result.datasets.extend(page.datasets)
            result.raw_items.extend(d.raw for d in page.datasets)
            if progress is not None:
                progress(len(result.datasets), result.total)
        return result

    # -- details ----------------------------------------------------------------------------
    def dataset(self, url: str) -> Dataset:
        """Full dataset record from its own URL (all fields of clms_api §1.5)."""
        data = get_json(self.session, self.rebase(url))
        if not isinstance(data, dict) or not (data.get("UID") or data.get("@id")):
            raise CatalogResponseError("The dataset answer is not a DataSet object", url=url)
        return Dataset.from_json(data)

    def fetch_bytes(self, url: str, max_bytes: int = 5_000_000) -> bytes:
        """Small binary fetch (thumbnails); refuses bodies larger than ``max_bytes``."""
        response = get(self.session, self.rebase(url), stream=True,
                       headers={"Accept": "image/*,*/*;q=0.5"})
        chunks, size = [], 0
        for chunk in response.iter_content(65536):
            size += len(chunk)
            if size > max_bytes:
                response.close()
                raise CatalogResponseError(f"Body larger than {max_bytes} bytes", url=url)
            chunks.append(chunk)
        return b"".join(chunks)


def query_pairs(url: str) -> list[tuple[str, str]]:
    """Query parameters of a URL in order (tests and messages)."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)
