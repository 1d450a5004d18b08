"""The steps of ``make demo``, in order; each generates its inputs and names its outputs.

Why data generated here: the demo must run on a fresh clone with no download, on inputs with
real product encodings and file names (LC100 classes, NDVI 300 m DN with flags, GSW monthly
water), so every algorithm is exercised the way a user would call it.
"""

from __future__ import annotations

import os
from pathlib import Path

from demo import Step

from clms_toolbox.devtools import landcover_synthetic as synthetic
from clms_toolbox.devtools import landrep_synthetic, phenology_synthetic, product_examples
from clms_toolbox.devtools import water_synthetic as water

SIZE = int(os.environ.get("CLMS_DEMO_SIZE", "2000"))
_LC: dict[int, str] = {}


def _landcover(data: Path) -> dict[int, str]:
    """The synthetic LC100 landscape for 2015 and 2019 (patches, not noise), made once."""
    if not _LC:
        first, last = synthetic.write_lc100_pair(data / "lc100", SIZE, SIZE * 3 // 4)
        _LC.update({2015: first, 2019: last})
    return _LC


def _ipcc(year: int):
    def prepare(data: Path, results: Path) -> dict:
        return {
            "INPUT": _landcover(data)[year], "LEGEND": 0,
            "OUTPUT": str(results / f"ipcc_{year}.tif"),
            "AREA_TABLE": str(results / f"ipcc_{year}_areas.csv"),
        }
    return prepare


def _change(data: Path, results: Path) -> dict:  # noqa: ARG001 - Step signature
    return {
        "INITIAL": str(results / "ipcc_2015.tif"), "FINAL": str(results / "ipcc_2019.tif"),
        "OUTPUT": str(results / "land_use_change_2015_2019.tif"),
        "MATRIX": str(results / "land_use_change_matrix.csv"),
        "TRANSITIONS": str(results / "land_use_transitions.csv"),
        "REPORT": str(results / "land_use_change_report.html"),
    }


def _sdg(data: Path, results: Path) -> dict:
    lc = _landcover(data)
    return {
        "INITIAL": lc[2015], "FINAL": lc[2019], "LEGEND": 1,
        "OUTPUT": str(results / "sdg1531_2015_2019.tif"),
        "SUMMARY": str(results / "sdg1531_summary.csv"),
        "REPORT": str(results / "sdg1531_report.html"),
    }


def _representation(data: Path, results: Path) -> dict:
    """Four IPCC maps six years apart (clouds in 2012), reported every year 2000–2024."""
    maps = landrep_synthetic.write_ipcc_series(data / "ipcc_series", SIZE // 2, SIZE // 2,
                                               (2000, 2006, 2012, 2018))
    return {
        "INPUT": [p for p, _ in maps], "YEARS": ",".join(str(y) for _, y in maps),
        "TRANSITION_YEARS": 20, "REPORT_YEARS": "2000-2024", "CONVERSION_DATING": 0,
        "OUTPUT": str(results / "land_representation.csv"),
        "CONVERSION_YEAR": str(results / "conversion_year.tif"),
        "PREVIOUS_CATEGORY": str(results / "previous_category.tif"),
        "REPORT": str(results / "land_representation.html"),
    }


def _decode(data: Path, results: Path) -> dict:
    src = product_examples.write_example(data / "ndvi300", "ndvi_300m", width=SIZE // 4,
                                         height=SIZE // 5)
    return {"INPUT": str(src), "PRODUCT": 0, "OUTPUT": str(results / "ndvi300_decoded.tif")}


def _phenology(data: Path, results: Path) -> dict:
    """Three years of dekadal NDVI 300 m DN files (flags included); metrics for 2019."""
    side = max(32, SIZE // 8)
    files = phenology_synthetic.write_ndvi300_stack(data / "ndvi300_dekads", 2018, 2020,
                                                    shape=(side, side))
    return {
        "INPUT": [str(f) for f in files], "PRODUCT": 0, "YEAR": 2019,
        "START_THRESHOLD": 0.25, "END_THRESHOLD": 0.15, "SMOOTHING": 1,
        "OUTPUT": str(results / "phenology_2019.tif"),
    }


def _zones(raster: str, path: Path) -> str:
    """GeoJSON (EPSG:4326) over ``raster``: 2 × 2 quadrants as "regions", one with a hole, and a
    field smaller than a cell — the shapes zonal statistics must get right."""
    import json

    import rasterio
    from rasterio.warp import transform_bounds

    with rasterio.open(raster) as ds:
        left, bottom, right, top = transform_bounds(ds.crs, "EPSG:4326", *ds.bounds)
        cell = abs(ds.transform.a)
    mx, my = (left + right) / 2, (bottom + top) / 2

    def ring(x0, y0, x1, y1):
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]

    feats = []
    for i, (x0, x1) in enumerate(((left, mx), (mx, right))):
        for j, (y0, y1) in enumerate(((bottom, my), (my, top))):
            rings = [ring(x0, y0, x1, y1)]
            if i == j == 0:
                dx, dy = (x1 - x0) / 4, (y1 - y0) / 4
                rings.append(ring(x0 + dx, y0 + dy, x1 - dx, y1 - dy))
            feats.append({"type": "Feature", "properties": {"region": f"R{i}{j}"},
                          "geometry": {"type": "Polygon", "coordinates": rings}})
    feats.append({"type": "Feature", "properties": {"region": "tiny field"},
                  "geometry": {"type": "Polygon", "coordinates": [
                      ring(mx + cell * 0.2, my + cell * 0.2, mx + cell * 0.7, my + cell * 0.6)]}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}),
                    encoding="utf-8")
    return str(path)


def _ndvi_dekads(data: Path) -> list[str]:
    """The NDVI 300 m dekads of the phenology step (generated here if it did not run)."""
    files = sorted((data / "ndvi300_dekads").glob("c_gls_NDVI300_*.tif"))
    if not files:
        side = max(32, SIZE // 8)
        files = phenology_synthetic.write_ndvi300_stack(data / "ndvi300_dekads", 2018, 2020,
                                                        shape=(side, side))
    return [str(f) for f in files]


def _zonal_ts(data: Path, results: Path) -> dict:
    files = _ndvi_dekads(data)
    return {
        "INPUT": files, "PRODUCT": 0, "ZONES": _zones(files[0], data / "zones_ndvi.geojson"),
        "ZONE_FIELD": "region", "STATISTICS": [0, 1, 4, 9], "WEIGHTING": 0,
        "MIN_VALID_FRACTION": 0.2, "OUTPUT": str(results / "zonal_ndvi_long.csv"),
        "WIDE": str(results / "zonal_ndvi_wide.csv"),
        "REPORT": str(results / "zonal_ndvi_report.html"),
    }


def _zonal_classes(data: Path, results: Path) -> dict:
    ipcc = [str(results / "ipcc_2015.tif"), str(results / "ipcc_2019.tif")]
    return {
        "INPUT": ipcc, "DATES": "2015-01-01,2019-01-01",
        "ZONES": _zones(ipcc[0], data / "zones_lc.geojson"), "ZONE_FIELD": "region",
        "WEIGHTING": 0, "LEGEND": 0, "OUTPUT": str(results / "zonal_ipcc_areas.csv"),
    }


def _anomaly(data: Path, results: Path) -> dict:
    return {
        "INPUT": _ndvi_dekads(data), "PRODUCT": 0, "REFERENCE_YEARS": "2018-2020",
        "PERIOD": 0, "METHOD": 0, "MIN_YEARS": 3,
        "OUTPUT": str(results / "ndvi_zscore_2018_2020.tif"),
    }


STEPS: list[Step] = [
    Step("clms:landcovertoipcc", "LC100 2015 → IPCC land categories", _ipcc(2015),
         tables=("AREA_TABLE",)),
    Step("clms:landcovertoipcc", "LC100 2019 → IPCC land categories", _ipcc(2019),
         tables=("AREA_TABLE",)),
    Step("clms:landusechange", "Land-use change matrix 2015 → 2019 (IPCC Approach 2)", _change,
         tables=("MATRIX", "TRANSITIONS")),
    Step("clms:sdg1531landcover", "SDG 15.3.1 land-cover sub-indicator 2015 → 2019", _sdg,
         tables=("SUMMARY",)),
    Step("clms:landrepresentation", "IPCC land representation 2000–2024 (4 maps, T = 20)",
         _representation, tables=("OUTPUT",)),
    Step("clms:decodeproduct", "NDVI 300 m DN → physical NDVI (flags → nodata)", _decode),
    Step("clms:watersurfacechange", "Surface-water occurrence change 2000–2002 → 2018–2020",
         lambda d, r: {**water.demo_surface_change_inputs(d, r, SIZE // 2),
                       "REPORT": str(r / "water_surface_change_report.html")},
         tables=("AREA_TABLE",)),
    Step("clms:watertransitions", "Surface-water transitions 2000 → 2010 → 2020",
         lambda d, r: {**water.demo_transitions_inputs(d, r, SIZE // 2),
                       "REPORT": str(r / "water_transitions_report.html")},
         tables=("AREA_TABLE",)),
    Step("clms:phenology", "Phenology 2019 from 3 years of dekadal NDVI 300 m", _phenology),
    Step("clms:zonaltimeseries", "NDVI curve of 4 regions and a sub-cell field (exact coverage)",
         _zonal_ts, tables=("OUTPUT", "WIDE")),
    Step("clms:zonalclassareas", "Hectares of each IPCC category per region, 2015 and 2019",
         _zonal_classes, tables=("OUTPUT",)),
    Step("clms:anomaly", "NDVI z-scores per dekad against 2018–2020", _anomaly),
]
