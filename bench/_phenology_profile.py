"""Where a streamed phenology run spends its time, by stage (cProfile; part of the bench output).

Run by ``bench_phenology.py`` in a child process:
``python bench/_phenology_profile.py <plugins dir> <stack.tif> <year>``.

Why stages and not the raw profile: the question the bench answers is which step to attack
(reading, decoding, gap filling, the smoothing product, extrema and merging, minima,
threshold refinement, writing). Each stage is the cumulative time of the functions that
implement it; they do not nest into each other, so the shares add up (the remainder is the
season bookkeeping in ``metrics._metrics`` and the runner itself). One thread, so the
profile is not blurred by the pool.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("read window (GDAL decode)", ("runner.py:read",)),
    ("decode DN -> NDVI, flags", ("inputs.py:decode",)),
    ("gap filling", ("timeseries.py:fill_gaps",)),
    ("smoothing product (coarse curve, BLAS)", ("sampling.py:__init__",)),
    ("extrema + merging", ("seasons.py:_extrema", "seasons.py:_merge")),
    ("minima (edge/near)", ("seasons.py:_edge_minimum", "seasons.py:_lowest_either_side",
                            "seasons.py:_near_minimum")),
    ("threshold crossings + daily refinement",
     ("seasons.py:_first_up", "seasons.py:_last_down", "metrics.py:_refine_up",
      "metrics.py:_refine_down", "metrics.py:_refine_extreme", "metrics.py:_integral_between")),
    ("write 27 Float32 bands (GDAL compress)", ("writer.py:write", "writer.py:finish")),
)


def _cum(stats: pstats.Stats, keys: tuple[str, ...]) -> float:
    total = 0.0
    for (path, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        tag = f"{path.rsplit('/', 1)[-1]}:{name}"
        if tag in keys:
            total += row[3]
    return total


def main() -> None:
    plugins, stack, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.path.insert(0, plugins)
    from clms_toolbox.clms_plugin.analysis.phenology import driver, inputs

    st = inputs.resolve_stack([stack])
    enc, _ = inputs.encoding_for(2, st.paths)
    out = stack.replace(".tif", "_profiled.tif")
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    driver.run(st, year, out, encoding=enc, threads=1)
    prof.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    total = _cum(stats, ("driver.py:run",)) or wall
    inner = _cum(stats, ("metrics.py:_metrics",))
    print(f"profile (cProfile, 1 thread, streamed, {total:.1f} s incl. profiler overhead):")
    accounted = 0.0
    in_metrics = 0.0
    for label, keys in STAGES:
        t = _cum(stats, keys)
        accounted += t
        if keys[0].startswith(("seasons", "metrics")):
            in_metrics += t
        print(f"  {label:<42s} {t:6.2f} s {100 * t / total:5.1f} %")
    rest = max(0.0, inner - in_metrics)
    print(f"  {'season bookkeeping (metrics._metrics)':<42s} {rest:6.2f} s "
          f"{100 * rest / total:5.1f} %")
    other = max(0.0, total - accounted - rest)
    print(f"  {'other (runner, chunking, Python)':<42s} {other:6.2f} s "
          f"{100 * other / total:5.1f} %")


if __name__ == "__main__":
    main()
