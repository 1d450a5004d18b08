"""A CGLS-like NDVI 300 m NetCDF (NDVI + QFLAG variables, uint8 via _Unsigned, scale/offset).

Written with scipy's NetCDF-3 writer (no netCDF4 library needed); GDAL reads it like the real
files: two subdatasets, band scale 0.004 / offset −0.08, lat/lon grid on EPSG:4326.
"""

from __future__ import annotations

import numpy as np


def write_ndvi_nc(path, h: int = 30, w: int = 40) -> np.ndarray:
    from scipy.io import netcdf_file

    f = netcdf_file(str(path), "w", version=1)
    f.createDimension("time", 1)
    f.createDimension("lat", h)
    f.createDimension("lon", w)
    t = f.createVariable("time", "f8", ("time",))
    t[:] = [0]
    t.units = "days since 2023-06-11"
    lat = f.createVariable("lat", "f8", ("lat",))
    lat[:] = 45 - (np.arange(h) + 0.5) / 336
    lat.units, lat.standard_name = "degrees_north", "latitude"
    lon = f.createVariable("lon", "f8", ("lon",))
    lon[:] = 4 + (np.arange(w) + 0.5) / 336
    lon.units, lon.standard_name = "degrees_east", "longitude"
    dn = (np.arange(h * w) % 256).reshape(1, h, w).astype(np.uint8)
    v = f.createVariable("NDVI", "b", ("time", "lat", "lon"))
    v[:] = dn.view(np.int8)
    v._Unsigned = "true"
    v.scale_factor = 0.004
    v.add_offset = -0.08
    q = f.createVariable("QFLAG", "b", ("time", "lat", "lon"))
    q[:] = np.zeros_like(dn).view(np.int8)
    f.close()
    return dn[0]
