"""Helpers shared by the dask tests: a local cluster of worker processes, small windows,
and output comparison (rasters: pixels, tags, nodata, descriptions, colours; tables: cells)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")

WINDOW_PREFIX = "clms-window-"


def start_cluster() -> tuple[Any, Any]:
    """Two worker *processes* with one thread each and a small memory limit."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, memory_limit="600MiB",
        dashboard_address=None, silence_logs=40)
    return cluster, distributed.Client(cluster, set_as_default=False)


def force_small_windows(monkeypatch: pytest.MonkeyPatch, budget: int | dict[str, int]
                        ) -> list[int]:
    """Make every ``blocks.run`` plan windows for ``budget`` bytes (so small test rasters
    still have several windows); returns the list the window count of each run goes to.
    A dict budget is read at each call (``budget["now"]``), so a test can change it."""
    from clms_toolbox.clms_plugin.analysis.engine import blocks

    counts: list[int] = []
    original = blocks.run

    def run(*args: Any, **kwargs: Any) -> Any:
        kwargs["memory_budget"] = budget["now"] if isinstance(budget, dict) else budget
        result = original(*args, **kwargs)
        counts.append(result.windows)
        return result

    monkeypatch.setattr(blocks, "run", run)
    return counts


def read_raster(path: str | Path) -> dict[str, Any]:
    with rasterio.open(path) as ds:
        cmap = None
        if ds.count >= 1 and ds.dtypes[0] in ("uint8", "uint16"):
            try:
                cmap = ds.colormap(1)
            except ValueError:
                cmap = None
        return {"pixels": ds.read(), "tags": ds.tags(), "nodata": ds.nodata,
                "dtypes": ds.dtypes, "descriptions": ds.descriptions, "colormap": cmap,
                "band_tags": [ds.tags(i + 1) for i in range(ds.count)],
                "crs": ds.crs, "transform": ds.transform}


def read_table(path: str | Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def assert_same_outputs(local: dict[str, Any], remote: dict[str, Any]) -> list[str]:
    """Every raster output equal byte for byte (pixels incl. NaN positions, tags, nodata,
    descriptions, colours), every table cell for cell. Returns the keys compared."""
    compared = []
    for key, value in local.items():
        if not isinstance(value, str):
            assert value == remote.get(key), f"{key}: {value!r} != {remote.get(key)!r}"
            continue
        if not Path(value).is_file():
            continue
        other = remote[key]
        if value.endswith((".tif", ".tiff")):
            a, b = read_raster(value), read_raster(other)
            assert a["pixels"].dtype == b["pixels"].dtype, key
            assert a["pixels"].tobytes() == b["pixels"].tobytes(), f"{key}: pixels differ"
            for field in ("tags", "nodata", "dtypes", "descriptions", "colormap",
                          "band_tags", "crs", "transform"):
                if field == "nodata" and a[field] is not None and np.isnan(a[field]):
                    assert np.isnan(b[field]), key
                    continue
                assert a[field] == b[field], f"{key}: {field} differs"
        else:
            assert read_table(value) == read_table(other), f"{key}: table differs"
        compared.append(key)
    return compared


def window_tasks(task_stream: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """``(key, worker)`` of the window tasks the scheduler recorded."""
    for t in task_stream:
        key = t.get("key", "")
        if isinstance(key, str) and key.startswith(WINDOW_PREFIX):
            yield key, t.get("worker", "")
