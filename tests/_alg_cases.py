"""Small inputs for every CLMS algorithm, so one test can run all seven the same way.

Each case writes its inputs into a folder and returns an :class:`AlgCase`: the algorithm id,
the parameters (outputs included, all under ``out/``), which parameters are input files and
which are outputs. Sizes are parameters: the guard tests use a few pixels, the cancel tests a
raster cut into many windows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

ALG_IDS = ("decodeproduct", "watersurfacechange", "watertransitions", "landcovertoipcc",
           "landusechange", "sdg1531landcover", "phenology", "landrepresentation",
           "zonaltimeseries", "zonalclassareas", "anomaly")
#: algorithms with one output only (no pair of outputs to put on one path)
SINGLE_OUTPUT = ("decodeproduct", "zonalclassareas", "anomaly")


@dataclass
class AlgCase:
    alg_id: str
    params: dict
    inputs: dict[str, list[str]]  # parameter -> input files
    outputs: list[str]  # output parameters set in params
    out_dir: Path = field(default_factory=Path)

    def input_file(self) -> tuple[str, str]:
        name, paths = next(iter(self.inputs.items()))
        return name, paths[0]


def _write(path: Path, data: np.ndarray, dtype: str = "uint8", nodata=None,
           crs: str | None = "EPSG:4326", tags: list[dict] | None = None) -> str:
    data = data if data.ndim == 3 else data[None]
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1],
                       count=data.shape[0], dtype=dtype, crs=crs, nodata=nodata,
                       transform=from_origin(10.0, 50.0, 0.001, 0.001)) as ds:
        ds.write(data.astype(dtype))
        for i, t in enumerate(tags or [], start=1):
            ds.update_tags(i, **t)
    return str(path)


def _classes(shape: tuple[int, int], codes: list[int], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.asarray(codes)[rng.integers(0, len(codes), size=shape)]


def make_case(alg_id: str, folder: Path, size: int = 8, bands: int = 36) -> AlgCase:
    """Inputs under ``folder/in``, outputs planned under ``folder/out``."""
    inp, out = folder / "in", folder / "out"
    inp.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    shape = (size, size)
    if alg_id == "decodeproduct":
        src = _write(inp / "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif",
                     _classes(shape, list(range(0, 256)), 1), nodata=255)
        return AlgCase(alg_id, {"INPUT": src, "PRODUCT": 0, "OUTPUT": str(out / "d.tif")},
                       {"INPUT": [src]}, ["OUTPUT"], out)
    if alg_id == "watersurfacechange":
        e1 = [_write(inp / f"gsw_2000_{m:02d}.tif", _classes(shape, [0, 1, 2], m)) for m in (1, 2)]
        e2 = [_write(inp / f"gsw_2010_{m:02d}.tif", _classes(shape, [0, 1, 2], 10 + m))
              for m in (1, 2)]
        params = {"EPOCH1": e1, "EPOCH2": e2, "DATES1": "2000-01-01,2000-02-01",
                  "DATES2": "2010-01-01,2010-02-01", "ENCODING": 0,
                  "OCCURRENCE1": str(out / "o1.tif"), "OCCURRENCE2": str(out / "o2.tif"),
                  "CHANGE": str(out / "ch.tif"), "AREA_TABLE": str(out / "areas.csv")}
        return AlgCase(alg_id, params, {"EPOCH1": e1, "EPOCH2": e2},
                       ["OCCURRENCE1", "OCCURRENCE2", "CHANGE", "AREA_TABLE"], out)
    if alg_id == "watertransitions":
        years = [_write(inp / f"yearly_classification_{y}.tif", _classes(shape, [0, 1, 2, 3], y))
                 for y in (2000, 2010)]
        params = {"INPUT": years, "YEARS": "2000,2010", "OUTPUT": str(out / "t.tif"),
                  "AREA_TABLE": str(out / "t.csv")}
        return AlgCase(alg_id, params, {"INPUT": years}, ["OUTPUT", "AREA_TABLE"], out)
    if alg_id == "landcovertoipcc":
        src = _write(inp / "lc.tif", _classes(shape, [20, 30, 40, 50, 60, 80, 111], 3))
        params = {"INPUT": src, "LEGEND": 1, "OUTPUT": str(out / "ipcc.tif"),
                  "AREA_TABLE": str(out / "ipcc.csv")}
        return AlgCase(alg_id, params, {"INPUT": [src]}, ["OUTPUT", "AREA_TABLE"], out)
    if alg_id == "landusechange":
        a = _write(inp / "ipcc_a.tif", _classes(shape, [1, 2, 3, 4, 5, 6], 4))
        b = _write(inp / "ipcc_b.tif", _classes(shape, [1, 2, 3, 4, 5, 6], 5))
        params = {"INITIAL": a, "FINAL": b, "OUTPUT": str(out / "luc.tif"),
                  "MATRIX": str(out / "matrix.csv"), "TRANSITIONS": str(out / "tr.csv")}
        return AlgCase(alg_id, params, {"INITIAL": [a], "FINAL": [b]},
                       ["OUTPUT", "MATRIX", "TRANSITIONS"], out)
    if alg_id == "sdg1531landcover":
        from clms_toolbox.clms_plugin.products import landcover

        a = _write(inp / "unccd_a.tif", _classes(shape, [1, 2, 3, 4, 5, 6, 7], 6))
        b = _write(inp / "unccd_b.tif", _classes(shape, [1, 2, 3, 4, 5, 6, 7], 7))
        params = {"INITIAL": a, "FINAL": b, "LEGEND": len(landcover.LEGEND_ENUM),
                  "OUTPUT": str(out / "sdg.tif"), "SUMMARY": str(out / "sdg.csv")}
        return AlgCase(alg_id, params, {"INITIAL": [a], "FINAL": [b]}, ["OUTPUT", "SUMMARY"],
                       out)
    if alg_id == "phenology":
        start = dt.date(2018, 1, 1)
        step = max(1, (3 * 365) // bands)
        dates = [start + dt.timedelta(days=step * i) for i in range(bands)]
        t = np.array([(d - dt.date(2019, 1, 1)).days for d in dates], dtype=float)
        ndvi = 0.2 + 0.5 * np.exp(-(((t % 365) - 180) / 50.0) ** 2)
        rng = np.random.default_rng(8)
        cube = ndvi[:, None, None] + rng.normal(0, 0.01, size=(bands, *shape))
        dn = np.clip(np.rint((cube + 0.08) / 0.004), 0, 250)
        src = _write(inp / "ndvi_stack.tif", dn, nodata=255)
        params = {"INPUT": [src], "DATES": ",".join(d.isoformat() for d in dates),
                  "PRODUCT": 2, "YEAR": 2019, "OUTPUT": str(out / "phen.tif"),
                  "PROFILE": str(out / "profile.html")}
        return AlgCase(alg_id, params, {"INPUT": [src]}, ["OUTPUT", "PROFILE"], out)
    if alg_id == "landrepresentation":
        maps = [_write(inp / f"ipcc_{y}.tif", _classes(shape, [1, 2, 3, 4, 5, 6], y))
                for y in (2000, 2006, 2012)]
        params = {"INPUT": maps, "YEARS": "2000,2006,2012", "OUTPUT": str(out / "rep.csv"),
                  "CONVERSION_YEAR": str(out / "conv.tif"),
                  "PREVIOUS_CATEGORY": str(out / "prev.tif"), "REPORT": str(out / "rep.html")}
        return AlgCase(alg_id, params, {"INPUT": maps},
                       ["OUTPUT", "CONVERSION_YEAR", "PREVIOUS_CATEGORY", "REPORT"], out)
    if alg_id in ("zonaltimeseries", "anomaly"):
        rng = np.random.default_rng(9)
        stack = _write(inp / "series.tif", rng.uniform(0.1, 0.9, size=(3, *shape)),
                       dtype="float32")
        dates = "2019-01-05,2020-01-05,2021-01-05"
        if alg_id == "anomaly":
            params = {"INPUT": [stack], "DATES": dates, "PRODUCT": 1, "PERIOD": 1,
                      "METHOD": 1, "MIN_YEARS": 1, "OUTPUT": str(out / "anom.tif")}
            return AlgCase(alg_id, params, {"INPUT": [stack]}, ["OUTPUT"], out)
        params = {"INPUT": [stack], "DATES": dates, "PRODUCT": 1, "ZONES": _zones(inp, size),
                  "STATISTICS": [0, 4, 9], "OUTPUT": str(out / "ts.csv"),
                  "WIDE": str(out / "wide.csv"), "REPORT": str(out / "ts.html")}
        return AlgCase(alg_id, params, {"INPUT": [stack]}, ["OUTPUT", "WIDE", "REPORT"], out)
    if alg_id == "zonalclassareas":
        maps = [_write(inp / f"ipcc_{y}.tif", _classes(shape, [1, 2, 3, 4, 5, 6], y))
                for y in (2000, 2010)]
        params = {"INPUT": maps, "DATES": "2000,2010", "ZONES": _zones(inp, size),
                  "LEGEND": 2, "OUTPUT": str(out / "areas.csv")}
        return AlgCase(alg_id, params, {"INPUT": maps}, ["OUTPUT"], out)
    raise KeyError(alg_id)


def _zones(folder: Path, size: int) -> str:
    """Two polygons in the grid of :func:`_write` (lon 10.0…, lat …50.0), one with a hole."""
    import json

    span = size * 0.001

    def ring(f0: float, f1: float) -> list[list[float]]:
        x0, x1, y0, y1 = 10.0 + f0 * span, 10.0 + f1 * span, 50.0 - f1 * span, 50.0 - f0 * span
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]

    features = [{"type": "Feature", "properties": {"name": name},
                 "geometry": {"type": "Polygon", "coordinates": rings}}
                for name, rings in (("a", [ring(0.1, 0.6), ring(0.3, 0.4)]),
                                    ("b", [ring(0.55, 0.95)]))]
    path = folder / "zones.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def write_float(path: Path, size: int = 8, value: float = 0.37) -> str:
    """A Float32 raster of non-integral values (an NDVI, a percentage …)."""
    return _write(path, np.full((size, size), value, np.float32), dtype="float32")
