"""Benchmark: land representation vs the naive way (``landusechange`` once per map pair).

Run: ``.venv/bin/python bench/bench_landrep.py [--quick] [--repeats N] [--keep]``

On a generated IPCC-category series (``devtools.landrep_synthetic``: Byte, tiled 512, LZW,
patchy conversions, clouds in the middle map) of 5 map years 2000, 2006, 2012, 2018, 2024 on
100 Mpx (9 Mpx with --quick), in ONE QGIS process, in turns round after round:

* ``clms:landrepresentation`` over the 25 report years 2000–2024 (table + CONVERSION_YEAR +
  PREVIOUS_CATEGORY rasters), the same with the table only, and with midpoint dating;
* the naive way: ``clms:landusechange`` on each of the 4 consecutive pairs (change raster +
  MATRIX + TRANSITIONS) — which still gives no per-year remaining/converted split.

Then peak RSS (VmHWM) of the core run in fresh child processes: the same series at a quarter
of the pixels, and at full size with 101 report years (2000–2100) and with 3 maps, to show
memory flat in pixels and in years. The CPU model and the load average (the 2 cores are
shared) are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from _record import record  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
YEARS = (2000, 2006, 2012, 2018, 2024)

_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from clms_toolbox.clms_plugin.analysis.landcover import land_representation
maps = json.loads(sys.argv[2])
last = int(sys.argv[3])
t = time.perf_counter()
res = land_representation([tuple(m) for m in maps], report_years=(maps[0][1], last),
                          conversion_year_path=sys.argv[4] + "_c.tif",
                          previous_category_path=sys.argv[4] + "_p.tif")
hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM:"))
print(json.dumps({"seconds": time.perf_counter() - t, "windows": res.windows,
                  "rss_mib": hwm / 1024, "years": len(res.years)}))
"""


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def _plugins_dir() -> Path:
    d = Path(tempfile.mkdtemp(prefix="clms-bench-plugins-"))
    (d / "clms_toolbox").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(d))
    return d


def _timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t, out


def _child_rss(plugins: Path, maps: list, last: int, out: str) -> dict:
    res = subprocess.run([sys.executable, "-c", _CHILD, str(plugins), json.dumps(maps),
                          str(last), out], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _series(write, folder: Path, side: int, years: tuple[int, ...]) -> list:
    """The generated series in ``folder`` (made once; a complete earlier one is reused)."""
    done = folder / "COMPLETE"
    if done.is_file():
        return [(str(folder / f"ipcc_{y}.tif"), y) for y in years]
    maps = write(folder, side, side, years)
    done.write_text("ok")
    return maps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="9 Mpx instead of 100 Mpx")
    ap.add_argument("--repeats", type=int, default=2, help="rounds (best is kept)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--data", type=Path, help="folder for the generated series, reused when "
                    "it already holds it (generation takes ~1 min per 100 Mpx map); kept")
    args, _ = ap.parse_known_args()  # run_all passes every bench the same flags
    side = 3000 if args.quick else 10000
    mpx = side * side / 1e6
    plugins = _plugins_dir()
    work = Path(tempfile.mkdtemp(prefix="clms-bench-landrep-"))
    from clms_toolbox.devtools.landrep_synthetic import write_ipcc_series

    print(f"# bench_landrep: {side}×{side} = {mpx:.0f} Mpx × {len(YEARS)} maps "
          f"{', '.join(map(str, YEARS))}; report {YEARS[0]}–{YEARS[-1]} "
          f"({YEARS[-1] - YEARS[0] + 1} years)")
    print(f"  CPU: {_cpu_model()}, {os.cpu_count()} cores; load average at start: {_load()}")
    data = args.data.resolve() if args.data else work
    t_gen, maps = _timed(_series, write_ipcc_series, data / f"full_{side}", side, YEARS)
    print(f"  series ready in {t_gen:.1f} s "
          f"({sum(os.path.getsize(p) for p, _ in maps) / 1e6:.1f} MB)")

    from qgis.core import QgsApplication

    qgs = QgsApplication([], False)
    qgs.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    import processing
    from processing.core.Processing import Processing

    from clms_toolbox.processing_provider.provider import ClmsProvider

    Processing.initialize()
    provider = ClmsProvider()  # keep the Python wrapper alive while the registry uses it
    QgsApplication.processingRegistry().addProvider(provider)
    paths = [p for p, _ in maps]
    base = {"INPUT": paths, "YEARS": ",".join(map(str, YEARS)), "TRANSITION_YEARS": 20,
            "REPORT_YEARS": f"{YEARS[0]}-{YEARS[-1]}", "OUTPUT": str(work / "rep.csv")}

    def ours() -> None:
        processing.run("clms:landrepresentation", {
            **base, "CONVERSION_YEAR": str(work / "conv.tif"),
            "PREVIOUS_CATEGORY": str(work / "prev.tif")})

    def ours_table() -> None:
        processing.run("clms:landrepresentation", {
            **base, "CONVERSION_YEAR": None, "PREVIOUS_CATEGORY": None})

    def ours_midpoint() -> None:
        processing.run("clms:landrepresentation", {
            **base, "CONVERSION_DATING": 1, "CONVERSION_YEAR": None,
            "PREVIOUS_CATEGORY": None})

    def naive() -> None:
        for i, (a, b) in enumerate(zip(paths, paths[1:])):
            processing.run("clms:landusechange", {
                "INITIAL": a, "FINAL": b, "OUTPUT": str(work / f"change{i}.tif"),
                "MATRIX": str(work / f"matrix{i}.csv"),
                "TRANSITIONS": str(work / f"transitions{i}.csv")})

    tasks = {"ours": ours, "ours_table": ours_table, "ours_midpoint": ours_midpoint,
             "naive": naive}
    times: dict[str, list[float]] = {k: [] for k in tasks}
    for _ in range(args.repeats):
        for k, fn in tasks.items():
            times[k].append(_timed(fn)[0])
    best = {k: min(v) for k, v in times.items()}

    def line(name: str, secs: float) -> str:
        return f"  {name:<58} {secs:7.2f} s  {mpx * len(YEARS) / secs:7.1f} map-Mpx/s"

    print(f"\n## Compute (processing.run; best of {args.repeats} rounds, tools in turns)")
    print(line("clms:landrepresentation (table + 2 rasters, 25 years)", best["ours"]))
    print(line("clms:landrepresentation (table only)", best["ours_table"]))
    print(line("clms:landrepresentation (table only, midpoint dating)",
               best["ours_midpoint"]))
    print(line("naive: clms:landusechange × 4 pairs (+MATRIX +TRANSITIONS)", best["naive"]))
    med = statistics.median(n / o for n, o in zip(times["naive"], times["ours"]))
    med_t = statistics.median(n / o for n, o in zip(times["naive"], times["ours_table"]))
    print("\n## Ratio naive / ours (> 1: ours faster)")
    print(f"  with rasters: {best['naive'] / best['ours']:.2f}× best/best, {med:.2f}× median "
          "of same-round ratios")
    print(f"  table only:   {best['naive'] / best['ours_table']:.2f}× best/best, "
          f"{med_t:.2f}× median")
    print(f"  load average after the timed rounds: {_load()}")
    record("landrep", "naive pairs / ours, table + rasters (median)", med)
    record("landrep", "naive pairs / ours, table only (median)", med_t)

    print("\n## Peak RSS of the core run (fresh child process each)")
    quarter = _series(write_ipcc_series, data / f"quarter_{side // 2}", side // 2, YEARS)
    runs = [("1/4 pixels, 5 maps, 25 years", quarter, YEARS[-1]),
            ("full, 5 maps, 25 years", maps, YEARS[-1]),
            ("full, 5 maps, 101 years (to 2100)", maps, 2100),
            ("full, 3 maps, 25 years", maps[::2], YEARS[-1])]
    for name, series, last in runs:
        r = _child_rss(plugins, [list(m) for m in series], last, str(work / "rss"))
        px = (side // 2) ** 2 if series is quarter else side * side
        print(f"  {name:<36} {px / 1e6:6.1f} Mpx: {r['rss_mib']:6.1f} MiB peak, "
              f"{r['seconds']:6.2f} s, {r['windows']} windows")
        record("landrep", f"peak RSS MiB, {name}", r["rss_mib"], unit=" MiB")
    print(f"  load average at the end: {_load()}")
    qgs.exitQgis()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(plugins, ignore_errors=True)


if __name__ == "__main__":
    main()
