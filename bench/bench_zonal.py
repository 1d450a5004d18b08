"""Benchmark: clms:zonaltimeseries core vs exactextract vs QGIS native:zonalstatisticsfb.

Generated data: a 10 Mpx (3163 × 3163, 100 m, EPSG:3035) Int16 stack of 36 dates (a smooth
field + noise, 5 % nodata), and two zone sets in the raster CRS: 1,000 jittered 32-gons tiling
the raster, and 10,000 small random 12-gons (radius 1–8 cells, many sub-cell edges).
``--quick``: 1024 × 1024 × 12 dates, 100 / 1,000 zones.

Peers, each in its own subprocess (own peak RSS, ``ru_maxrss``):

* ours — ``analysis.zonal.zonal_time_series`` (mean, exact coverage × cell area);
* exactextract — ``exact_extract(stack, zones, "mean")`` (pip wheels of exactextract,
  rasterio and fiona with their own GDAL), installed in a throwaway venv outside the
  repository (``--ee-venv``, default ``$TMPDIR/clms-bench-exactextract``), never a dependency
  of the plugin;
* QGIS ``native:zonalstatisticsfb`` run once per date (mean), as a user would loop it
  (``--fb-dates`` limits the loop; the time is then scaled to all dates and says so).

Printed: CPU model, load average, seconds, ratios, peak RSS, the agreement of the means with
exactextract (max relative difference; target 1e-6), and peak RSS of ours with 12 vs 120 dates
(the 120 "dates" re-read the 36-band file; target within +10 %).
Run: ``.venv/bin/python bench/bench_zonal.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = "zonal"
# Peak RSS = VmHWM of the process's own memory map. Not ru_maxrss: Linux carries the parent's
# high-water mark across fork+exec into ru_maxrss, so every child reported the bench's own
# peak (1.1 GB after generating the stack).
HWM = "int([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
EE_SCRIPT = r"""
import json, resource, sys, time
import numpy as np
from exactextract import exact_extract
stack, zones, out = sys.argv[1:4]
t = time.perf_counter()
df = exact_extract(stack, zones, "mean", output="pandas")
sec = time.perf_counter() - t
cols = [c for c in df.columns if c.endswith("mean")]
cols.sort(key=lambda c: int(c.split("_")[1]) if c.count("_") >= 2 else 0)
np.save(out, df[cols].to_numpy(dtype="float64"))
print(json.dumps({"seconds": sec, "rss": HWM}))
""".replace("HWM", HWM)
FB_SCRIPT = r"""
import json, resource, sys, time
import numpy as np
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False); app.initQgis()
sys.path.append('/usr/share/qgis/python/plugins')
import processing
from processing.core.Processing import Processing
from qgis.analysis import QgsNativeAlgorithms
Processing.initialize(); QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
stack, zones, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
layer = QgsVectorLayer(zones, "zones", "ogr")
means, t = [], time.perf_counter()
for band in range(1, n + 1):
    res = processing.run("native:zonalstatisticsfb", {"INPUT": layer, "INPUT_RASTER": stack,
        "RASTER_BAND": band, "COLUMN_PREFIX": "z_", "STATISTICS": [2],
        "OUTPUT": "TEMPORARY_OUTPUT"})
    means.append([f["z_mean"] for f in res["OUTPUT"].getFeatures()])
sec = time.perf_counter() - t
np.save(out, np.array(means, dtype="float64").T)
print(json.dumps({"seconds": sec, "rss": HWM}))
""".replace("HWM", HWM)


def vm_hwm_kib() -> int:
    """Peak RSS (KiB) of this process's memory map (see ``HWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1])
    return 0


def _import_plugin() -> None:
    plugins = Path(tempfile.gettempdir()) / "clms-bench-plugins"
    plugins.mkdir(exist_ok=True)
    link = plugins / "clms_toolbox"
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(plugins))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


# -- data ------------------------------------------------------------------------------------
def make_stack(path: Path, side: int, dates: int) -> None:
    import rasterio
    from rasterio.transform import from_origin

    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:side, 0:side].astype(np.float32) / side
    with rasterio.open(path, "w", driver="GTiff", width=side, height=side, count=dates,
                       dtype="int16", crs="EPSG:3035", nodata=-32768, tiled=True,
                       blockxsize=256, blockysize=256, compress="zstd",
                       transform=from_origin(4000000.0, 3000000.0, 100.0, 100.0)) as ds:
        for d in range(dates):
            phase = 2 * np.pi * d / max(dates, 1)
            field = 4000 + 3000 * np.sin(6 * xx + phase) * np.cos(4 * yy - phase)
            band = (field + rng.normal(0, 300, field.shape)).astype(np.int16)
            band[rng.random(band.shape) < 0.05] = -32768
            ds.write(band, d + 1)


def make_zones(path: Path, side: int, n: int, small: bool) -> None:
    """GeoPackage of ``n`` polygons in EPSG:3035 (grid origin 4000000, 3000000; 100 m)."""
    from osgeo import ogr, osr

    rng = np.random.default_rng(1 if small else 2)
    x0, y0, cell = 4000000.0, 3000000.0, 100.0
    rings = []
    if small:
        cx, cy = rng.uniform(10, side - 10, (2, n))
        for i in range(n):
            # angles 30° apart ± jitter: star-shaped around the centre, so the ring is simple
            ang = (np.arange(12) + rng.uniform(0, 0.8, 12)) * (2 * np.pi / 12)
            rad = rng.uniform(1, 8) * rng.uniform(0.6, 1.0, 12)
            rings.append(np.c_[cx[i] + rad * np.cos(ang), cy[i] + rad * np.sin(ang)])
    else:
        nx = int(round(np.sqrt(n * 1.0)))
        ny = n // nx
        wx, wy = side / nx, side / ny
        for j in range(ny):
            for i in range(nx):
                t = np.linspace(0, 1, 9)[:-1]
                sides = [np.c_[i + t, np.full(8, j)], np.c_[np.full(8, i + 1), j + t],
                         np.c_[i + 1 - t, np.full(8, j + 1)], np.c_[np.full(8, i), j + 1 - t]]
                pts = np.vstack(sides) * [wx, wy]
                pts += rng.uniform(-0.04, 0.04, pts.shape) * [wx, wy]  # keeps the rings simple
                rings.append(np.clip(pts, 0.01, side - 0.01))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3035)
    drv = ogr.GetDriverByName("GPKG")
    if path.exists():
        path.unlink()
    ds = drv.CreateDataSource(str(path))
    lyr = ds.CreateLayer("zones", srs, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("zid", ogr.OFTInteger))
    lyr.StartTransaction()
    for k, r in enumerate(rings):
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for px, py in np.vstack([r, r[:1]]):
            ring.AddPoint_2D(x0 + px * cell, y0 - py * cell)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("zid", k)
        feat.SetGeometry(poly)
        lyr.CreateFeature(feat)
    lyr.CommitTransaction()
    ds = None


# -- workers ---------------------------------------------------------------------------------
def worker_ours(stack: str, zones: str, out: str, n_dates: int, repeat: int) -> None:
    import datetime as dt

    from osgeo import ogr

    _import_plugin()
    from clms_toolbox.clms_plugin.analysis.engine.blocks import RasterInput
    from clms_toolbox.clms_plugin.analysis.zonal import zonal_time_series

    ds = ogr.Open(zones)
    lyr = ds.GetLayer(0)
    wkbs = [bytes(f.GetGeometryRef().ExportToWkb()) for f in lyr]
    t = time.perf_counter()
    import rasterio

    with rasterio.open(stack) as src:
        count = src.count
    del repeat  # the band list below repeats the file's bands as often as needed
    bands = [1 + i % count for i in range(n_dates)]
    parts = [RasterInput(stack, tuple(bands[i:i + count])) for i in range(0, n_dates, count)]
    dates = [dt.date(2000, 1, 1) + dt.timedelta(days=10 * i) for i in range(n_dates)]
    res = zonal_time_series(parts, dates, wkbs, list(range(len(wkbs))), ["mean"])
    sec = time.perf_counter() - t
    np.save(out, res.values["mean"])
    print(json.dumps({"seconds": sec, "windows": res.windows, "rss": vm_hwm_kib()}))


def _run(cmd: list[str]) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed:\n{proc.stdout[-2000:]}\n"
                           f"{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ensure_ee_venv(venv: Path) -> Path | None:
    py = venv / "bin" / "python"
    if not py.exists():
        print(f"creating the throwaway exactextract venv {venv} (pip) …", flush=True)
        subprocess.run(["python3", "-m", "venv", str(venv)], check=False)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "exactextract", "numpy",
                        "pandas", "rasterio", "fiona"], check=False)
    ok = subprocess.run([str(py), "-c", "import exactextract, pandas, rasterio, fiona"],
                        capture_output=True).returncode == 0 if py.exists() else False
    return py if ok else None


def rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    both = np.isfinite(a) & np.isfinite(b)
    if not both.any():
        return float("nan")
    den = np.maximum(np.abs(b[both]), 1e-12)
    return float(np.max(np.abs(a[both] - b[both]) / den))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "clms-bench-zonal")
    p.add_argument("--ee-venv", type=Path,
                   default=Path(tempfile.gettempdir()) / "clms-bench-exactextract")
    # The QGIS loop costs the same per date (one zonalstatisticsfb run each), so 6 dates
    # measured and scaled to 36 give its time in a sixth of the wait; 0 runs all dates.
    p.add_argument("--fb-dates", type=int, default=6, help="dates for the QGIS loop (0 = all)")
    p.add_argument("--skip-qgis", action="store_true")
    p.add_argument("--skip-exactextract", action="store_true")
    p.add_argument("--rss-only", action="store_true", help="only the 12 vs 120 dates RSS check")
    p.add_argument("--worker", nargs=5, metavar=("STACK", "ZONES", "OUT", "DATES", "REPEAT"),
                   help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        s, z, o, n, r = args.worker
        worker_ours(s, z, o, int(n), int(r))
        return 0
    side, dates, sets = (1024, 12, ((100, False), (1000, True))) if args.quick else \
        (3163, 36, ((1000, False), (10000, True)))
    work = args.workdir / ("quick" if args.quick else "full")
    work.mkdir(parents=True, exist_ok=True)
    print(f"CPU: {cpu_model()}; {os.cpu_count()} logical CPUs; load average before: "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    stack = work / f"stack_{side}_{dates}.tif"
    if not stack.exists():
        t = time.perf_counter()
        make_stack(stack, side, dates)
        print(f"generated {stack.name} in {time.perf_counter() - t:.1f} s")
    ee = None if args.skip_exactextract else ensure_ee_venv(args.ee_venv)
    if ee is None and not args.skip_exactextract:
        print("exactextract unavailable (no network?): its columns are skipped")
    me = [sys.executable, str(Path(__file__).resolve()), "--worker"]
    for n, small in (() if args.rss_only else sets):
        zones = work / f"zones_{n}{'_small' if small else ''}.gpkg"
        if not zones.exists():
            make_zones(zones, side, n, small)
        label = f"{n:,} {'small ' if small else ''}polygons, {side * side / 1e6:.1f} Mpx × " \
                f"{dates} dates"
        # the figures' names (≤ 44 characters: run_all's summary column)
        short = f"{n // 1000}k" if n >= 1000 else str(n)
        short = f"{short}{' small' if small else ''} zones"
        print(f"\n== {label} ==")
        ours = _run(me + [str(stack), str(zones), str(work / "ours.npy"), str(dates), "1"])
        print(f"ours          {ours['seconds']:8.2f} s   peak RSS {ours['rss'] / 1024:7.0f} MiB"
              f"   ({ours['windows']} windows)")
        mine = np.load(work / "ours.npy")
        if ee is not None:
            res = _run([str(ee), "-c", EE_SCRIPT, str(stack), str(zones), str(work / "ee.npy")])
            theirs = np.load(work / "ee.npy")
            print(f"exactextract  {res['seconds']:8.2f} s   peak RSS {res['rss'] / 1024:7.0f} MiB"
                  f"   ours is {res['seconds'] / ours['seconds']:.2f}× exactextract")
            agreement = rel_diff(mine, theirs)
            print(f"  means vs exactextract: max relative difference "
                  f"{agreement:.2e} over {np.isfinite(theirs).sum()} zone·dates")
            record(BENCH, f"x exactextract ({short})", res["seconds"] / ours["seconds"],
                   target=1.0)
            record(BENCH, f"rel. diff vs exactextract ({short})", agreement,
                   target=1e-6, higher_is_better=False)
        if not args.skip_qgis:
            nfb = args.fb_dates or dates
            res = _run([sys.executable, "-c", FB_SCRIPT, str(stack), str(zones),
                        str(work / "fb.npy"), str(nfb)])
            scaled = res["seconds"] * dates / nfb
            note = "" if nfb == dates else f" (measured {nfb} dates, scaled ×{dates / nfb:.1f})"
            print(f"zonalstatsfb  {scaled:8.2f} s   peak RSS {res['rss'] / 1024:7.0f} MiB"
                  f"   ours is {scaled / ours['seconds']:.1f}× the loop{note}")
            record(BENCH, f"x zonalstatisticsfb loop ({short})", scaled / ours["seconds"],
                   target=20.0)
            fb = np.load(work / "fb.npy")
            print(f"  means vs zonalstatisticsfb (cell-centre rule): max relative difference "
                  f"{rel_diff(mine[:, :nfb], fb):.2e}")
    zones = work / f"zones_{sets[0][0]}.gpkg"
    if not zones.exists():
        make_zones(zones, side, sets[0][0], False)
    rss = {}
    for n in (12, 120):
        res = _run(me + [str(stack), str(zones), str(work / "rss.npy"), str(n),
                         str(n // dates)])
        rss[n] = res["rss"] / 1024
    growth = 100 * (rss[120] / rss[12] - 1)
    print(f"\npeak RSS of ours, {sets[0][0]:,} zones: 12 dates {rss[12]:.0f} MiB, 120 dates "
          f"{rss[120]:.0f} MiB ({growth:+.1f} %; target ≤ +10 %)")
    record(BENCH, "peak RSS growth 12 → 120 dates", growth, target=10.0,
           higher_is_better=False, unit=" %")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
