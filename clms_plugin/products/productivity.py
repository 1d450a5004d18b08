"""DMP → NPP and GDMP → GPP unit conversion (QGIS-free, pure numpy).

Why: CGLS NPP and GPP 300 m exist only from 2023, while (G)DMP series go back to 1999 (1 km)
and 2014 (300 m). (G)DMP is the same carbon flux expressed as dry-matter mass, so a user who
needs one NPP/GPP series over many years converts the older (G)DMP layers:

    NPP [gC m⁻² day⁻¹] = DMP [kg DM ha⁻¹ day⁻¹] × 0.1 [g m⁻² per kg ha⁻¹] × c

with ``c`` the carbon content of dry matter (default 0.45 gC/g DM, the value the CGLS DMP
algorithm uses to turn its carbon-based NPP into dry matter; one gC m⁻² day⁻¹ is then
22.22 kg DM ha⁻¹ day⁻¹). The same factor turns GDMP into GPP. The inputs must already be
physical (decoded) values: DMP DN × 0.01, GDMP DN × 0.02; nodata (NaN / masked) stays nodata.

Proposed ``clms:decodeproduct`` option (to be wired by the Processing owner):
``CONVERT`` enum, 0 "none" (default), 1 "DMP → NPP / GDMP → GPP (gC/m²/day)"; with 1 the
algorithm decodes as today, then calls :func:`convert_physical` with the identified product id;
a product that is neither DMP nor GDMP is an error naming the product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: gC per g dry matter used by the CGLS DMP / GDMP algorithms (0.45).
CARBON_FRACTION = 0.45
#: kg ha⁻¹ → g m⁻² (1 kg / 10 000 m² = 0.1 g m⁻²).
KG_HA_TO_G_M2 = 0.1


@dataclass(frozen=True)
class Conversion:
    """Which product a (G)DMP layer becomes, its unit and the multiplicative factor."""

    source: str  # registry product id: "dmp" or "gdmp"
    target: str  # "npp_300m" or "gpp_300m"
    factor: float
    unit: str = "gC/m²/day"

    @property
    def label(self) -> str:
        names = {"dmp": "DMP → NPP", "gdmp": "GDMP → GPP"}
        return f"{names.get(self.source, self.source)} (× {self.factor:g}, {self.unit})"


def factor(carbon_fraction: float = CARBON_FRACTION) -> float:
    """kg DM ha⁻¹ day⁻¹ → gC m⁻² day⁻¹ multiplier (0.045 with the default carbon fraction)."""
    if not 0 < carbon_fraction <= 1:
        raise ValueError(f"carbon fraction must be in (0, 1], got {carbon_fraction}")
    return KG_HA_TO_G_M2 * carbon_fraction


def conversion_for(product_id: str, carbon_fraction: float = CARBON_FRACTION) -> Conversion:
    """The conversion of a registry product id; ``ValueError`` for anything but DMP / GDMP."""
    targets = {"dmp": "npp_300m", "gdmp": "gpp_300m"}
    if product_id not in targets:
        raise ValueError(f"the NPP/GPP conversion applies to DMP or GDMP layers, not to "
                         f"'{product_id}'")
    return Conversion(product_id, targets[product_id], factor(carbon_fraction))


def dmp_to_npp(dmp: np.ndarray, carbon_fraction: float = CARBON_FRACTION) -> np.ndarray:
    """Physical DMP (kg DM/ha/day) → NPP (gC/m²/day), float32; NaN and masks are kept."""
    return _scale(dmp, factor(carbon_fraction))


def gdmp_to_gpp(gdmp: np.ndarray, carbon_fraction: float = CARBON_FRACTION) -> np.ndarray:
    """Physical GDMP (kg DM/ha/day) → GPP (gC/m²/day), float32; NaN and masks are kept."""
    return _scale(gdmp, factor(carbon_fraction))


def convert_physical(values: np.ndarray, product_id: str,
                     carbon_fraction: float = CARBON_FRACTION) -> np.ndarray:
    """Dispatch on the identified product id (what ``decodeproduct`` would call)."""
    return _scale(values, conversion_for(product_id, carbon_fraction).factor)


def _scale(values: np.ndarray, multiplier: float) -> np.ndarray:
    if isinstance(values, np.ma.MaskedArray):
        return (values.astype(np.float32) * np.float32(multiplier)).astype(np.float32)
    return np.asarray(values, dtype=np.float32) * np.float32(multiplier)
