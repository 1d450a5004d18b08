"""Example product files for the demo, tests and docs: real names and encodings, synthetic
pixels (development only; not in the plugin zip)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np

from ..clms_plugin.products.registry import get, legend

EXAMPLE_NAMES = {
    "ndvi_300m": "c_gls_NDVI300_{date}0000_GLOBE_OLCI_V2.0.1.tif",
    "ndvi_1km": "c_gls_NDVI_{date}0000_GLOBE_PROBAV_V3.0.1.tif",
    "lai_300m": "c_gls_LAI300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "fapar_300m": "c_gls_FAPAR300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "fcover_300m": "c_gls_FCOVER300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "dmp": "c_gls_DMP300-RT0_{date}0000_GLOBE_OLCI_V1.1.2.tif",
    "wb_100m": "c_gls_WB100_{month}010000_GLOBE_S2_V1.0.1.tif",
    "lst": "c_gls_LST_{date}1200_GLOBE_GEO_V1.2.1.tif",
    "gsw_change": "change_10E_50Nv1_4_2021.tif",
    "gsw_occurrence": "occurrence_10E_50Nv1_4_2021.tif",
}


def write_example(folder: str | os.PathLike, product_id: str = "ndvi_300m",
                  date: dt.date = dt.date(2023, 6, 11), width: int = 120, height: int = 100,
                  seed: int = 0) -> Path:
    """Write a small GeoTIFF named and encoded like ``product_id`` (≈5 % flag pixels).

    Pixels are synthetic (a smooth field plus noise) so demos and tests need no download.
    """
    import rasterio
    from rasterio.transform import from_origin

    if product_id not in EXAMPLE_NAMES:
        raise KeyError(f"no example for '{product_id}'; choose one of {', '.join(EXAMPLE_NAMES)}")
    enc = get(product_id).encoding
    rng = np.random.default_rng(seed)
    lo = enc.valid_min if enc.valid_min is not None else 0
    hi = enc.valid_max if enc.valid_max is not None else 250
    if enc.kind == "classes":
        codes = [c for c, _, _ in (legend(enc.legend or "") or [(70, "", ""), (255, "", "")])]
        dn = rng.choice(codes, size=(height, width))
    else:
        yy, xx = np.mgrid[0:height, 0:width]
        field = 0.5 + 0.4 * np.sin(xx / 17.0) * np.cos(yy / 13.0)
        dn = lo + (hi - lo) * np.clip(field + rng.normal(0, 0.05, field.shape), 0, 1)
    invalid = list(enc.invalid_values)
    if invalid:
        mask = rng.random((height, width)) < 0.05
        dn = np.where(mask, rng.choice(invalid, size=(height, width)), dn)
    dtype = np.dtype(enc.dtype)
    name = EXAMPLE_NAMES[product_id].format(date=date.strftime("%Y%m%d"),
                                            month=date.strftime("%Y%m"))
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1,
                       dtype=dtype.name, crs="EPSG:4326",
                       transform=from_origin(4.0, 45.0, 1 / 336, 1 / 336)) as dst:
        dst.write(np.round(dn).astype(dtype), 1)
    return path
