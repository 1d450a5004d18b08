"""Monthly water-map encodings → one common state coding (QGIS-free).

Why: the occurrence/change kernels must not care whether a month comes from the JRC Global
Surface Water monthly history, a CLMS Water Bodies map or a home-made binary mask. Every input
month is first decoded to the GSW monthly coding (algorithms.md §3.2):

    0 = no data (excluded from every statistic), 1 = not water, 2 = water

The source codings (GSW monthly history 0/1/2; CLMS Water Bodies 70 water, 255 no water, 251
no data, 0 sea recoded to no data; binary 1/0) and the state values are declared once, in
``resources/products/encodings.json`` (``products.encodings``), with the reasons (why sea is
no data; why 255 is a *class* of CLMS WB, so a file's own nodata tag must not mask it). This
module turns them into the lookup tables and comparisons of the kernels. Every value a coding
does not list is no data, so an unexpected code can never inflate a water count.
"""

from __future__ import annotations

import numpy as np

from ...products import encodings

STATE_NODATA = encodings.WATER_STATES["no_data"]
STATE_LAND = encodings.WATER_STATES["not_water"]
STATE_WATER = encodings.WATER_STATES["water"]

_CODINGS = encodings.water_codings()
ENCODING_GSW, ENCODING_CLMS_WB, ENCODING_BINARY = (
    [c.id for c in _CODINGS].index(i) for i in ("gsw_monthly", "clms_wb", "binary"))
ENCODING_LABELS = tuple(c.label for c in _CODINGS)
YEARLY = encodings.YEARLY_CLASSES  # GSW yearly classes: no_data, not_water, seasonal, permanent

# Per encoding: {source value: state}; every other value is STATE_NODATA.
_CODES: dict[int, dict[int, int]] = {i: c.states() for i, c in enumerate(_CODINGS)}


def _lut(encoding: int) -> np.ndarray:
    lut = np.zeros(256, dtype=np.uint8)
    for value, state in _CODES[encoding].items():
        if 0 <= value <= 255:
            lut[value] = state
    return lut


_LUTS = {enc: _lut(enc) for enc in _CODES}


def _byte_tests(encoding: int) -> tuple[tuple[int, ...], tuple[int, int] | None, tuple[int, ...]]:
    """Water codes, a [lo, hi] range equal to the valid codes (or None), other valid codes.

    Why: the occurrence kernel calls :func:`water_and_valid` once per month per window; one
    range test (binary: ``arr <= 1``; GSW: ``arr - 1 <= 1`` in wrapping uint8) is cheaper
    than a comparison per code plus a copy.
    """
    coding = _CODINGS[encoding]
    valid = sorted(set(coding.water) | set(coding.not_water))
    lo, hi = valid[0], valid[-1]
    use_range = valid == list(range(lo, hi + 1))  # lo > 0: one wrapped subtraction + test
    return coding.water, ((lo, hi) if use_range else None), coding.not_water


_BYTE_TESTS = {enc: _byte_tests(enc) for enc in _CODES}


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
    inner loop of the occurrence kernel (one call per calendar month per window, on the
    stack of that month's maps; any shape works).
    """
    arr = np.asarray(values)
    if arr.dtype != np.uint8:
        state = decode_monthly(arr, encoding)
        return state == STATE_WATER, state > 0
    water_codes, valid_range, not_water = _BYTE_TESTS[check_encoding(encoding)]
    water = arr == water_codes[0]
    for code in water_codes[1:]:
        water |= arr == code
    if valid_range is not None:
        lo, hi = valid_range
        if lo == 0:
            return water, arr <= hi
        # lo ≤ v ≤ hi as one unsigned test: v − lo wraps round below lo (2 passes, not 3).
        return water, np.subtract(arr, lo, dtype=np.uint8) <= hi - lo
    valid = water.copy()
    for code in not_water:
        valid |= arr == code
    return water, valid


def yearly_class(water_months: np.ndarray, valid_months: np.ndarray) -> np.ndarray:
    """GSW yearly class from the counts of water and valid months of one year.

    0 no data (no valid month), 1 not water (valid, never water), 2 seasonal (water in some
    but not all valid months), 3 permanent (water in every valid month) — GEE-GSW
    YearlyHistory ``waterClass`` (algorithms.md §3.1).
    """
    water = np.asarray(water_months)
    valid = np.asarray(valid_months)
    out = np.full(np.broadcast(water, valid).shape, YEARLY["no_data"], dtype=np.uint8)
    has = valid > 0
    out[has & (water == 0)] = YEARLY["not_water"]
    out[has & (water > 0) & (water < valid)] = YEARLY["seasonal"]
    out[has & (water > 0) & (water >= valid)] = YEARLY["permanent"]
    return out
