"""The IPCC land categories as codes (one place: every land-cover module reads them here)."""

NODATA = 255
IPCC_CODES = (1, 2, 3, 4, 5, 6)
IPCC_ALLOWED = set(IPCC_CODES) | {NODATA}

__all__ = ["IPCC_ALLOWED", "IPCC_CODES", "NODATA"]
