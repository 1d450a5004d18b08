"""Monthly water-map encodings → one common state coding (QGIS-free).

Why: the occurrence/change kernels must not care whether a month comes from the JRC Global
Surface Water monthly history, a CLMS Water Bodies map or a home-made binary mask. Every input
month is first decoded to the GSW monthly coding (algorithms.md §3.2):

    0 = no data (excluded from every statistic), 1 = not water, 2 = water

Source codings:

* GSW monthly history ``water`` band: 0 no data, 1 not water, 2 water (GEE-GSW).
* CLMS Water Bodies 100 m / 300 m: 70 inland water, 255 no water, 251 no data, **0 sea**.
  Sea is recoded to *no data* (algorithms.md §3.2 "recoding CLMS WB"): the statistics are about
  inland surface water, and counting the open sea as "water 100 % of the time" would swamp
  every coastal table. 255 is a *class* here (no water), so a file that declares 255 as its
  nodata value must not be masked on it — the encoding, not the file's nodata tag, decides.
* Binary mask: 1 water, 0 not water, anything else no data.

Every value not listed is no data, so an unexpected code can never inflate a water count.
"""

from __future__ import annotations

import numpy as np

STATE_NODATA = 0
STATE_LAND = 1
STATE_WATER = 2

ENCODING_GSW = 0
ENCODING_CLMS_WB = 1
ENCODING_BINARY = 2

ENCODING_LABELS = (
    "JRC GSW monthly history (0 no data, 1 not water, 2 water)",
    "CLMS Water Bodies 100 m / 300 m (70 water, 255 no water, 251 no data, 0 sea = excluded)",
    "Binary mask (1 water, 0 not water)",
)

# Per encoding: {source value: state}; every other value is STATE_NODATA.
_CODES: dict[int, dict[int, int]] = {
    ENCODING_GSW: {0: STATE_NODATA, 1: STATE_LAND, 2: STATE_WATER},
    ENCODING_CLMS_WB: {70: STATE_WATER, 255: STATE_LAND, 251: STATE_NODATA, 0: STATE_NODATA},
    ENCODING_BINARY: {0: STATE_LAND, 1: STATE_WATER},
}


def _lut(encoding: int) -> np.ndarray:
    lut = np.zeros(256, dtype=np.uint8)
    for value, state in _CODES[encoding].items():
        lut[value] = state
    return lut


_LUTS = {enc: _lut(enc) for enc in _CODES}


def check_encoding(encoding: int) -> int:
    """Return ``encoding`` as an int or raise ``ValueError`` listing the valid choices."""
    enc = int(encoding)
    if enc not in _CODES:
        choices = ", ".join(f"{i} = {label}" for i, label in enumerate(ENCODING_LABELS))
        raise ValueError(f"unknown water encoding {encoding!r}; choose one of: {choices}")
    return enc


def decode_monthly(values: np.ndarray, encoding: int) -> np.ndarray:
    """Decode one month of raw values to states 0 no data / 1 not water / 2 water (uint8).

    Byte input goes through a 256-entry lookup table (one gather per pixel); any other dtype
    (Int16 exports, Float32 with NaN) is compared code by code, so non-integral or
    out-of-range values become no data.
    """
    enc = check_encoding(encoding)
    arr = np.asarray(values)
    if arr.dtype == np.uint8:
        return _LUTS[enc][arr]
    out = np.zeros(arr.shape, dtype=np.uint8)
    for value, state in _CODES[enc].items():
        if state != STATE_NODATA:
            out[arr == value] = state
    return out


def water_and_valid(values: np.ndarray, encoding: int) -> tuple[np.ndarray, np.ndarray]:
    """(is_water, is_valid) boolean masks of one month of raw values.

    Same meaning as ``decode_monthly`` (tested equal on all 256 byte values) but, for Byte
    input, two or three comparisons instead of a table gather + two comparisons: this is the
    inner loop of the occurrence kernel (one call per month per window).
    """
    arr = np.asarray(values)
    if arr.dtype != np.uint8:
        state = decode_monthly(arr, encoding)
        return state == STATE_WATER, state > 0
    enc = check_encoding(encoding)
    if enc == ENCODING_GSW:
        water = arr == 2
        return water, water | (arr == 1)
    if enc == ENCODING_CLMS_WB:
        water = arr == 70
        return water, water | (arr == 255)
    return arr == 1, arr <= 1


def yearly_class(water_months: np.ndarray, valid_months: np.ndarray) -> np.ndarray:
    """GSW yearly class from the counts of water and valid months of one year.

    0 no data (no valid month), 1 not water (valid, never water), 2 seasonal (water in some
    but not all valid months), 3 permanent (water in every valid month) — GEE-GSW
    YearlyHistory ``waterClass`` (algorithms.md §3.1).
    """
    water = np.asarray(water_months)
    valid = np.asarray(valid_months)
    out = np.zeros(np.broadcast(water, valid).shape, dtype=np.uint8)
    has = valid > 0
    out[has & (water == 0)] = 1
    out[has & (water > 0) & (water < valid)] = 2
    out[has & (water > 0) & (water >= valid)] = 3
    return out
