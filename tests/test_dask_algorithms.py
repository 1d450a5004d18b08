"""Every raster algorithm on a LocalCluster of worker processes gives the local run's bytes.

Each algorithm runs through ``processing.run`` twice on the same small inputs, with a small
memory budget so there are several windows: once here (threads), once with
``CLMS_DASK_SCHEDULER`` pointing at a two-process LocalCluster. Raster outputs are compared
pixel for pixel with tags, nodata, descriptions and colours; tables cell for cell. The
scheduler's task stream proves the windows ran on the workers (and on both of them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _dask_helpers import (
    assert_same_outputs,
    distributed,
    force_small_windows,
    read_table,
    start_cluster,
    window_tasks,
)

from clms_toolbox.devtools import landcover_synthetic as lcs
from clms_toolbox.devtools import phenology_synthetic as phs
from clms_toolbox.devtools import water_synthetic as ws

BUDGET = 400_000  # bytes: a few windows on these small rasters
# per algorithm, so that each small raster has a handful of windows (not hundreds)
BUDGETS = {"clms:landcovertoipcc": 6_000_000, "clms:landusechange": 6_000_000,
           "clms:sdg1531landcover": 12_000_000, "clms:phenology": 400_000,
           "clms:watersurfacechange": 2_000_000, "clms:watertransitions": 60_000,
           "clms:decodeproduct": 6_000, "clms:landrepresentation": 6_000_000,
           "clms:zonaltimeseries": 400_000, "clms:zonalclassareas": 18_000_000,
           "clms:anomaly": 2_000_000}


@pytest.fixture(scope="module")
def cluster():
    cluster, client = start_cluster()
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("dask-data")
    lc = lcs.write_lc100_pair(root / "lc", 700, 520)
    ndvi = [str(p) for p in phs.write_ndvi300_stack(root / "ndvi", 2018, 2020, (40, 36),
                                                    seed=3)]
    e1 = ws.write_monthly_series(root / "e1", range(2000, 2002), 120, 96, epoch_shrink=0.0)
    e2 = ws.write_monthly_series(root / "e2", range(2018, 2020), 120, 96, epoch_shrink=0.14)
    yearly = ws.write_yearly_classes(root / "yearly", {2000: 0.0, 2005: 0.1, 2010: 0.2},
                                     120, 96)
    return {"lc": lc, "ndvi": ndvi, "e1": e1, "e2": e2, "yearly": yearly,
            "ndvi_zones": _zones(root / "ndvi_zones.geojson", ndvi[0]),
            "lc_zones": _zones(root / "lc_zones.geojson", lc[0])}


def _zones(path: Path, raster: str) -> str:
    """Three polygons over ``raster`` in its CRS: two overlapping, one with a hole, with
    edges off the cell lines (partial cells on every window edge)."""
    import json

    import rasterio

    with rasterio.open(raster) as ds:
        b = ds.bounds

    def ring(f0: float, f1: float, g0: float, g1: float) -> list[list[float]]:
        x0, x1 = b.left + f0 * (b.right - b.left), b.left + f1 * (b.right - b.left)
        y0, y1 = b.bottom + g0 * (b.top - b.bottom), b.bottom + g1 * (b.top - b.bottom)
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]

    shapes = {"north": [ring(0.03, 0.97, 0.51, 0.93)],
              "south": [ring(0.11, 0.83, 0.07, 0.61), ring(0.3, 0.4, 0.2, 0.3)],
              "tiny": [ring(0.501, 0.503, 0.501, 0.503)]}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": k},
         "geometry": {"type": "Polygon", "coordinates": v}} for k, v in shapes.items()]}))
    return str(path)


def _cases(data: dict[str, Any], out: Path, ipcc: tuple[str, str]) -> dict[str, dict]:
    lc = data["lc"]
    return {
        "clms:landcovertoipcc": {
            "INPUT": lc[0], "LEGEND": 0, "OUTPUT": str(out / "ipcc.tif"),
            "AREA_TABLE": str(out / "ipcc.csv")},
        "clms:landusechange": {
            "INITIAL": ipcc[0], "FINAL": ipcc[1], "OUTPUT": str(out / "change.tif"),
            "MATRIX": str(out / "matrix.csv"), "TRANSITIONS": str(out / "transitions.csv")},
        "clms:sdg1531landcover": {
            "INITIAL": lc[0], "FINAL": lc[1], "LEGEND": 1, "OUTPUT": str(out / "sdg.tif"),
            "SUMMARY": str(out / "sdg.csv")},
        "clms:phenology": {
            "INPUT": data["ndvi"], "PRODUCT": 0, "YEAR": 2019,
            "OUTPUT": str(out / "phen.tif")},
        "clms:watersurfacechange": {
            "EPOCH1": data["e1"], "EPOCH2": data["e2"], "ENCODING": 0,
            "OCCURRENCE1": str(out / "occ1.tif"), "OCCURRENCE2": str(out / "occ2.tif"),
            "CHANGE": str(out / "wchange.tif"), "SEASONALITY": str(out / "season.tif"),
            "RECURRENCE": str(out / "rec.tif"), "AREA_TABLE": str(out / "water.csv")},
        "clms:watertransitions": {
            "INPUT": data["yearly"], "OUTPUT": str(out / "trans.tif"),
            "AREA_TABLE": str(out / "trans.csv")},
        "clms:decodeproduct": {
            "INPUT": data["ndvi"][10], "PRODUCT": 0, "OUTPUT": str(out / "decoded.tif")},
        "clms:landrepresentation": {
            "INPUT": list(ipcc), "YEARS": "2015,2019", "TRANSITION_YEARS": 3,
            "OUTPUT": str(out / "representation.csv"),
            "CONVERSION_YEAR": str(out / "conv_year.tif"),
            "PREVIOUS_CATEGORY": str(out / "prev_cat.tif")},
        "clms:zonaltimeseries": {
            "INPUT": data["ndvi"], "PRODUCT": 0, "ZONES": data["ndvi_zones"],
            "ZONE_FIELD": "name", "STATISTICS": list(range(10)), "WEIGHTING": 0,
            "OUTPUT": str(out / "zonal_ts.csv"), "WIDE": str(out / "zonal_wide.csv")},
        "clms:zonalclassareas": {
            "INPUT": list(ipcc), "DATES": "2015,2019", "ZONES": data["lc_zones"],
            "ZONE_FIELD": "name", "LEGEND": 0, "OUTPUT": str(out / "zonal_areas.csv")},
        "clms:anomaly": {
            "INPUT": data["ndvi"], "PRODUCT": 0, "PERIOD": 0, "METHOD": 0, "MIN_YEARS": 2,
            "OUTPUT": str(out / "anomaly.tif")},
    }


def _ipcc_pair(data: dict[str, Any], folder: Path) -> tuple[str, str]:
    import processing

    folder.mkdir(exist_ok=True)
    return tuple(processing.run("clms:landcovertoipcc", {  # type: ignore[return-value]
        "INPUT": p, "LEGEND": 0, "OUTPUT": str(folder / f"ipcc{i}.tif")})["OUTPUT"]
        for i, p in enumerate(data["lc"]))


def test_every_algorithm_identical_on_the_cluster(provider, cluster, data, tmp_path,
                                                  monkeypatch):
    import processing
    from qgis.core import QgsProcessingFeedback

    monkeypatch.delenv("CLMS_DASK_SCHEDULER", raising=False)
    budget = {"now": BUDGET}
    windows = force_small_windows(monkeypatch, budget)
    ipcc = _ipcc_pair(data, tmp_path / "ipcc-inputs")
    local_dir, remote_dir = tmp_path / "local", tmp_path / "remote"
    local_dir.mkdir()
    remote_dir.mkdir()

    def run_all(folder: Path, **kwargs: Any) -> dict[str, Any]:
        out = {}
        for alg, params in _cases(data, folder, ipcc).items():
            budget["now"] = BUDGETS[alg]
            out[alg] = processing.run(alg, params, **kwargs)
        return out

    local = run_all(local_dir)
    local_windows = list(windows[2:])

    address = cluster.scheduler.address
    monkeypatch.setenv("CLMS_DASK_SCHEDULER", address)
    windows.clear()
    logs: list[str] = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info: str) -> None:  # noqa: N802 - QGIS API
            logs.append(info)
            super().pushInfo(info)

    with distributed.get_task_stream(cluster) as stream:
        remote = run_all(remote_dir, feedback=Feedback())
    assert windows == local_windows  # same window plan, so same writes and float sums
    assert all(3 <= n <= 40 for n in windows), str(windows)

    compared = {alg: assert_same_outputs(local[alg], remote[alg]) for alg in local}
    assert all(compared.values()), compared
    assert set(compared["clms:landusechange"]) == {"OUTPUT", "MATRIX", "TRANSITIONS"}
    assert set(compared["clms:landrepresentation"]) == {
        "OUTPUT", "CONVERSION_YEAR", "PREVIOUS_CATEGORY"}
    assert set(compared["clms:zonaltimeseries"]) == {"OUTPUT", "WIDE"}
    assert set(compared["clms:zonalclassareas"]) == {"OUTPUT"}
    assert set(compared["clms:anomaly"]) == {"OUTPUT"}
    # the tables hold numbers, not only empty cells: the comparison compares something
    zonal = [r for r in read_table(local["clms:zonaltimeseries"]["OUTPUT"])[1:] if r[2]]
    assert len(zonal) >= 2 * len(data["ndvi"]), "zonal means missing"

    tasks = dict(window_tasks(stream.data))
    assert len(tasks) == sum(windows)  # every window was a task on the cluster …
    workers = set(cluster.scheduler_info()["workers"])
    assert set(tasks.values()) == workers  # … and both workers computed some
    # the log says where each run went
    ran = [m for m in logs if f"windows on {address}, 2 workers" in m]
    assert len(ran) == len(windows), logs


def test_core_is_shipped_not_imported_from_the_checkout(cluster, data, tmp_path):
    """The workers import the package from the uploaded copy in their own folder."""
    from clms_toolbox.clms_plugin.analysis.engine import executors, remote
    from clms_toolbox.clms_plugin.analysis.engine.dask_executor import DaskExecutor
    from clms_toolbox.clms_plugin.analysis.landcover.ipcc import landcover_to_ipcc

    ex = DaskExecutor(cluster)
    with executors.use(ex):
        res = landcover_to_ipcc(data["lc"][0], tmp_path / "o.tif", memory_budget=BUDGET)
    assert res.windows == len(ex.stats) > 2
    where = cluster.run(remote.core_location, "clms_toolbox")
    assert len(where) == 2
    for path in where.values():
        assert "/clms-core-" in path and path.endswith("clms_toolbox/__init__.py"), where
