"""Input checks the water algorithms run before streaming (QGIS-free).

Why: a floating-point raster (NDVI, an occurrence percentage, a resampled mask) given as a
water map has almost no value equal to a class code, so every pixel decodes to "no data" and
the run used to "succeed" with an all-nodata result. Float maps that do hold the codes (a
``clms:decodeproduct`` output of Water Bodies, a 0.0/1.0 mask) stay welcome.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..engine.errors import InputError

SAMPLE_SIDE = 256  # a decimated read of this many rows/columns per file
MAX_FILES = 12  # files sampled per input before giving up on finding a code


def _sample(path: str, band: int) -> tuple[np.ndarray | None, str]:
    import rasterio
    from rasterio.enums import Resampling

    with rasterio.open(path) as ds:
        dtype = ds.dtypes[band - 1]
        if not np.issubdtype(np.dtype(dtype), np.floating):
            return None, dtype
        shape = (min(ds.height, SAMPLE_SIDE), min(ds.width, SAMPLE_SIDE))
        return ds.read(band, out_shape=shape, resampling=Resampling.nearest), dtype


def require_codes(layers: Sequence[tuple[str, int]],
                  is_valid: Callable[[np.ndarray], np.ndarray], label: str,
                  codes_text: str) -> None:
    """Refuse floating-point water maps in which no sampled value is a valid code.

    ``layers``: (path, band) pairs of one parameter; ``is_valid`` maps values to True where
    they are a class code (water or not water) of the chosen encoding. Integer maps are not
    read at all (their codes are checked by the kernels, as before).
    """
    seen: set[tuple[str, int]] = set()
    sampled = 0
    first = None
    for path, band in layers:
        if (path, band) in seen:
            continue
        seen.add((path, band))
        values, dtype = _sample(path, band)
        if values is None:
            return  # integer input: nothing to fear
        first = first or (path, dtype)
        if np.any(is_valid(values)):
            return
        sampled += 1
        if sampled >= MAX_FILES:
            break
    if first is not None:
        raise InputError(label, (
            f"'{first[0]}' holds {first[1]} values and none of the sampled pixels is a code of "
            f"the chosen encoding ({codes_text}), so every pixel would be no data. Give the "
            "water classification itself (integer codes), or choose the matching encoding."))
