"""Phenology output layout and settings, shared by the kernel's modules (QGIS-free).

Why a module of its own: the band order (HR-VPP parameter list, two seasons + NUMSEASON),
the nodata value and the parameters are the contract between the kernel, the raster driver,
the profile plot and the Processing algorithm; none of them should import the numerics.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from . import smoothing as smoothers

METRICS = ("SOSD", "SOSV", "LSLOPE", "EOSD", "EOSV", "RSLOPE", "LENGTH", "MINV", "MAXD",
           "MAXV", "AMPL", "TPROD", "SPROD")
N_SEASONS = 2
BAND_NAMES = tuple(f"S{s}_{m}" for s in range(1, N_SEASONS + 1) for m in METRICS) + (
    "NUMSEASON",)
N_BANDS = len(BAND_NAMES)
NODATA = -32768.0
_M = {name: i for i, name in enumerate(METRICS)}


@dataclass(frozen=True)
class PhenologyParams:
    """Season-detection and smoothing settings (defaults: HR-VPP v1 thresholds 0.25/0.15)."""

    start_threshold: float = 0.25
    end_threshold: float = 0.15
    min_amplitude: float = 0.05
    season_ratio: float = 0.2
    smoothing: str = "whittaker"
    lam: float = smoothers.DEFAULT_LAMBDA
    sg_half_window: float = smoothers.DEFAULT_SG_HALF_WINDOW
    sg_order: int = smoothers.DEFAULT_SG_ORDER
    min_valid_fraction: float = 0.2

    def validate(self) -> None:
        for name in ("start_threshold", "end_threshold"):
            v = getattr(self, name)
            if not 0.0 < v < 1.0:
                raise ValueError(f"{name} must be a fraction of the amplitude in (0, 1), got {v}")
        if self.min_amplitude < 0:
            raise ValueError("min_amplitude must be ≥ 0")
        if not 0.0 <= self.season_ratio < 1.0:
            raise ValueError("season_ratio must be in [0, 1)")
        if self.smoothing not in smoothers.SMOOTHERS:
            raise ValueError(f"smoothing must be one of {smoothers.SMOOTHERS}")


def year_length(year: int) -> int:
    return 366 if calendar.isleap(year) else 365
