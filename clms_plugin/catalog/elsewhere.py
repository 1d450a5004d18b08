"""Datasets the CLMS download API does not deliver itself, and where to get them instead.

Why: the CLMS → WEkEO/CDSE migration (clms_api.md §1.10, §1.11, §5) means some download options
are answered with a WEkEO HDA query, a refusal ("this dataset is not an EEA dataset … query a
specific endpoint"), or nothing at all. A user must read *where* the data lives and how to get
it, not a raw server sentence or a silent failure. QGIS-free so the CLI can say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

WEKEO_URL = "https://wekeo.copernicus.eu"
CDSE_BROWSER_URL = "https://browser.dataspace.copernicus.eu"
# full_source values the data-request API answers with a WEkEO HDA query, never a file
# (clms_api.md §1.10 ``WEKEO``). Other sources are posted; a refusal that says "served
# elsewhere" is turned into words by :func:`for_refusal` (the API's answer decides).
_WEKEO = ("WEKEO",)
_MOVED_TO_CDSE = ("LEGACY",)  # removed from the API: the data moved to CDSE (§5, XC 1.3.0)
# phrases of server refusals that mean "not through this API" (recorded full_dataset_nok.resp,
# clms_api.md §1.7 FULL_NOT_EEA, §1.11 migration)
_REFUSALS = ("not an eea dataset", "specific endpoint", "wekeo", "cdse", "auxiliary api")


@dataclass(frozen=True)
class Elsewhere:
    """Where a dataset is served and how to get it, in words and one link."""

    host: str  # "WEkEO" or "CDSE"
    message: str
    url: str


def for_source(full_source: str, dataset_title: str = "", wekeo_id: str = "") -> Elsewhere | None:
    """What to tell the user about a download option served elsewhere (None = CLMS API)."""
    source = (full_source or "").strip().upper()
    name = dataset_title or "This dataset"
    if source in _WEKEO:
        ident = f" (WEkEO dataset id {wekeo_id})" if wekeo_id else ""
        return Elsewhere("WEkEO", f"{name} is served on WEkEO{ident}, not through the CLMS "
                         "download API. Get it with the WEkEO Harmonised Data Access (HDA) "
                         f"web viewer or API at {WEKEO_URL} (free account).", WEKEO_URL)
    if source in _MOVED_TO_CDSE:
        return Elsewhere("CDSE", f"{name} has moved to the Copernicus Data Space Ecosystem. "
                         "Find it in the \"Copernicus Data Space (STAC)\" source of the Search "
                         f"tab, or in the Copernicus Browser at {CDSE_BROWSER_URL}.",
                         CDSE_BROWSER_URL)
    return None


def for_refusal(server_message: str, dataset_title: str = "") -> Elsewhere | None:
    """Turn a refusal that means "not served here" into where to go; None for other refusals."""
    text = (server_message or "").lower()
    if not any(p in text for p in _REFUSALS):
        return None
    if "wekeo" in text:
        return for_source("WEKEO", dataset_title)
    name = dataset_title or "This dataset"
    return Elsewhere("CDSE", f"{name} is not delivered by the CLMS download API (the server "
                     f"said: “{server_message.strip()}”). CLMS global and migrated datasets are "
                     "on the Copernicus Data Space Ecosystem: use the \"Copernicus Data Space "
                     f"(STAC)\" source of the Search tab, or {CDSE_BROWSER_URL}; European "
                     f"datasets moving to WEkEO are at {WEKEO_URL}.", CDSE_BROWSER_URL)
