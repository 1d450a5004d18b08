"""Input rasters and their grid: what must match for pixel-by-pixel work (QGIS-free).

Why a module of its own: the runner, the Processing glue (grid checks before a run) and the
executors all need the same notion of "one grid" and the same readable mismatch message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import numpy as np
import rasterio


class GridMismatchError(ValueError):
    """Inputs do not share one grid; the message names both grids and files."""


@dataclass(frozen=True)
class Grid:
    """CRS + transform + size: what must match for pixel-by-pixel work."""

    crs: Any
    transform: Any
    width: int
    height: int

    @classmethod
    def of(cls, ds: Any) -> Grid:
        return cls(ds.crs, ds.transform, ds.width, ds.height)

    def matches(self, other: Grid) -> bool:
        if (self.width, self.height) != (other.width, other.height):
            return False
        if (self.crs is None) != (other.crs is None):
            return False
        if self.crs is not None and self.crs != other.crs:
            return False
        return self.transform.almost_equals(other.transform, precision=1e-9 * max(
            1.0, abs(self.transform.a), abs(self.transform.e)))

    def describe(self) -> str:
        t = self.transform
        crs = "no CRS"
        if self.crs is not None:
            code = self.crs.to_epsg()
            crs = f"EPSG:{code}" if code else self.crs.to_string()[:60]
        return (f"{crs}, {self.width}×{self.height} px, origin ({t.c:.10g}, {t.f:.10g}), "
                f"pixel {t.a:.10g}×{t.e:.10g}")


@dataclass(frozen=True)
class RasterInput:
    """One raster file and, optionally, the 1-based bands to read (default: all)."""

    path: str
    bands: tuple[int, ...] | None = None


InputLike = Union[str, os.PathLike, RasterInput, Sequence[Union[str, os.PathLike]]]


@dataclass
class _Source:
    name: str
    parts: list[tuple[str, tuple[int, ...]]]  # (path, bands) stacked in order
    dtype: str
    nodata: list[float | None]
    count: int



def _normalise(name: str, spec: InputLike) -> list[tuple[str, tuple[int, ...] | None]]:
    if isinstance(spec, RasterInput):
        return [(str(spec.path), spec.bands)]
    if isinstance(spec, (str, os.PathLike)):
        return [(str(spec), None)]
    parts = [(str(p.path), p.bands) if isinstance(p, RasterInput) else (str(p), None)
             for p in spec]
    if not parts:
        raise ValueError(f"input '{name}' is an empty list of rasters")
    return parts


def open_sources(inputs: Mapping[str, InputLike]) -> tuple[dict[str, _Source], Grid, Any]:
    """Check every input against the first one's grid; return sources, grid, block shape."""
    sources, grid, block_shape, handles = _open_checked(inputs)
    for ds in handles.values():
        ds.close()
    return sources, grid, block_shape


def _open_checked(inputs: Mapping[str, InputLike]
                  ) -> tuple[dict[str, _Source], Grid, Any, dict[str, Any]]:
    """:func:`open_sources` that also returns the open datasets, keyed by path.

    Why: with hundreds of monthly inputs, opening every file costs ~0.4 ms; the reader of the
    first thread reuses these handles instead of opening everything a second time.
    """
    handles: dict[str, Any] = {}
    try:
        return (*_check_inputs(inputs, handles), handles)
    except BaseException:
        for ds in handles.values():
            ds.close()
        raise


def _check_inputs(inputs: Mapping[str, InputLike], handles: dict[str, Any]
                  ) -> tuple[dict[str, _Source], Grid, Any]:
    if not inputs:
        raise ValueError("the block runner needs at least one input raster")
    sources: dict[str, _Source] = {}
    grid: Grid | None = None
    first_path = ""
    block_shape = (256, 256)
    for name, spec in inputs.items():
        parts = []
        nodatas: list[float | None] = []
        dtype = None
        for path, bands in _normalise(name, spec):
            # GDAL virtual file systems (/vsis3/, /vsicurl/, /vsimem/) have no local path
            if not path.startswith("/vsi") and not Path(path).exists():
                raise FileNotFoundError(f"input '{name}': file not found: {path}")
            ds = handles.get(path)
            if ds is None:
                try:
                    ds = rasterio.open(path)
                except rasterio.errors.RasterioIOError as exc:
                    raise ValueError(
                        f"input '{name}': not a readable raster: {path} ({exc})") from exc
                handles[path] = ds
            g = Grid.of(ds)
            if grid is None:
                grid, first_path = g, path
                block_shape = ds.block_shapes[0]
            elif not grid.matches(g):
                raise GridMismatchError(
                    f"rasters are not on one grid (no resampling is done):\n"
                    f"  {first_path}: {grid.describe()}\n  {path}: {g.describe()}\n"
                    "Warp one onto the other's grid first (e.g. gdalwarp or QGIS "
                    "'Align rasters') and run again.")
            bsel = tuple(bands) if bands else tuple(range(1, ds.count + 1))
            for b in bsel:
                if b < 1 or b > ds.count:
                    raise ValueError(f"input '{name}': {path} has {ds.count} band(s), "
                                     f"band {b} was asked for")
            dts = {ds.dtypes[b - 1] for b in bsel}
            if dtype is None:
                dtype = ds.dtypes[bsel[0] - 1]
            dts.add(dtype)
            if len(dts) > 1:
                dtype = str(np.result_type(*dts))
            nodatas.extend(ds.nodatavals[b - 1] for b in bsel)
            parts.append((path, bsel))
        sources[name] = _Source(name, parts, str(dtype), nodatas, len(nodatas))
    assert grid is not None
    return sources, grid, block_shape



def read_grid(path: str | os.PathLike) -> Grid:
    """The grid of one raster file (for callers that check grids before a run)."""
    with rasterio.open(path) as ds:
        return Grid.of(ds)

