"""Phenology domain: TIMESAT-style season metrics from a vegetation-index stack (QGIS-free).

The Processing glue imports the public names below; other modules are implementation.
"""

from .driver import PixelProfile, pixel_profile, run
from .inputs import PRODUCT_CHOICES, resolve_stack
from .kernel import BAND_NAMES, METRICS, N_SEASONS, PhenologyParams
from .profile import profile_html

__all__ = ["BAND_NAMES", "METRICS", "N_SEASONS", "PRODUCT_CHOICES", "PhenologyParams",
           "PixelProfile", "pixel_profile", "profile_html", "resolve_stack", "run"]
