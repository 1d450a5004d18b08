"""Zone geometries from WKB: rings in pixel coordinates of a raster grid (QGIS-free).

Why WKB: the Processing glue transforms each feature to the raster CRS with
QgsCoordinateTransform (on the main thread) and hands the core plain bytes; the core then needs
neither QGIS nor shapely. Only what a polygon zone can be is read: Polygon, MultiPolygon and
GeometryCollections of them, 2D or with Z/M (ISO codes 1000/2000/3000 and EWKB flags), either
byte order. Curves must be segmentised by the caller.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from ..engine.errors import ParameterError


@dataclass(frozen=True)
class Ring:
    """One closed ring in pixel coordinates (x = column, y = row, rows grow southwards).

    ``hole`` is True for interior rings: their covered area is subtracted from the polygon.
    """

    x: np.ndarray
    y: np.ndarray
    hole: bool


def _read_polygons(buf: bytes, pos: int) -> tuple[list[list[np.ndarray]], int]:
    """Parse one WKB geometry at ``pos``; return polygons (lists of (n, 2) rings)."""
    order = "<" if buf[pos] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", buf, pos + 1)
    pos += 5
    has_z = bool(code & 0x80000000)
    has_m = bool(code & 0x40000000)
    if code & 0x20000000:  # EWKB SRID
        pos += 4
    code &= 0x0FFFFFFF
    iso = code // 1000
    code %= 1000
    if iso in (1, 3):
        has_z = True
    if iso in (2, 3):
        has_m = True
    dims = 2 + has_z + has_m
    if code == 3:  # Polygon
        (nrings,) = struct.unpack_from(order + "I", buf, pos)
        pos += 4
        rings = []
        for _ in range(nrings):
            (npts,) = struct.unpack_from(order + "I", buf, pos)
            pos += 4
            pts = np.frombuffer(buf, dtype=order + "f8", count=npts * dims, offset=pos)
            pos += 8 * npts * dims
            rings.append(pts.reshape(npts, dims)[:, :2].astype(np.float64))
        return [rings], pos
    if code in (6, 7):  # MultiPolygon, GeometryCollection
        (nparts,) = struct.unpack_from(order + "I", buf, pos)
        pos += 4
        polys: list[list[np.ndarray]] = []
        for _ in range(nparts):
            part, pos = _read_polygons(buf, pos)
            polys.extend(part)
        return polys, pos
    raise ParameterError("ZONES", f"geometry type {code} is not a polygon; give polygon zones")


def polygons_from_wkb(wkb: bytes) -> list[list[np.ndarray]]:
    """Polygons of a WKB (Multi)Polygon as lists of rings ``(n, 2)`` in CRS coordinates."""
    if not wkb:
        return []
    polys, _ = _read_polygons(bytes(wkb), 0)
    return polys


def to_pixel_rings(wkb: bytes, transform) -> list[Ring]:
    """Rings of one zone in pixel coordinates of a north-up ``transform`` (affine.Affine).

    Degenerate rings (fewer than 3 distinct points) are dropped; rings are closed if needed.
    """
    if transform.b != 0 or transform.d != 0:
        raise ParameterError("INPUT", "zonal statistics need a north-up raster (no rotation)")
    out: list[Ring] = []
    for poly in polygons_from_wkb(wkb):
        for i, pts in enumerate(poly):
            if len(pts) < 3:
                continue
            if not np.array_equal(pts[0], pts[-1]):
                pts = np.vstack([pts, pts[:1]])
            if len(pts) < 4:
                continue
            x = (pts[:, 0] - transform.c) / transform.a
            y = (pts[:, 1] - transform.f) / transform.e
            out.append(Ring(x, y, hole=i > 0))
    return out


__all__ = ["Ring", "polygons_from_wkb", "to_pixel_rings"]
