"""Benchmark: clms:phenology kernel vs TIMESAT 4 and FuseTS/phenolopy on one generated stack.

Run: ``.venv/bin/python bench/bench_phenology.py [--quick]``

Data: a synthetic CGLS NDVI 300 m DN stack (uint8, flags 251–254 on 10 % of observations,
noise sd 0.02), 3 years of dekads (108 bands), one- and two-season pixels
(``clms_plugin/analysis/phenology_synthetic.py``); 1 000 × 1 000 px by default
(``--quick``: 300 × 300). Year analysed: the middle one.

Measured in the same run:

1. ours, streamed from the GeoTIFF by the block runner (Whittaker default smoothing), in a
   child process so its peak RSS is its own — for the full raster and for a 10× smaller one
   (peak RSS must stay flat);
2. TIMESAT 4 (``timesat.tsfprocess``, HR-VPP-like settings: smoothing-spline fit
   ``p_fitmethod=2``, ``p_smooth=1000``, cutoffs 0.25/0.15, ``p_seapar`` 0.5 (HRVPP2 crops)
   and 0 (all double seasons kept: the comparison run)) and
   FuseTS's phenolopy (``calc_phenometrics`` defaults, one season per call, on the middle
   year) on a pixel subset — both run in a throwaway venv under /tmp (TIMESAT is
   proprietary: never a dependency of the plugin, never redistributed); a peer that cannot
   be installed is skipped with a message;
3. agreement with TIMESAT on SOSD/EOSD/MAXD of the seasons peaking in the middle year
   (share of pixels within one dekad, median |Δ| days), and the threshold step alone:
   ``timesat.phenology`` fed our own smoothed daily curves must agree within 0.5 day;
4. where our time goes: a per-stage cProfile summary of a streamed run
   (``_phenology_profile.py``).

The CPU model and the load average are printed at the start and the end, and every
throughput also per CPU-second (process time): on a shared machine the wall-clock ratios
move with the neighbours' load, the per-CPU ones much less (ours counts all its threads,
GDAL's compression threads included). ``--workdir DIR`` keeps the stacks for the next run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIRST, LAST = 2018, 2020
YEAR = 2019


def _import_plugin():
    """Import the plugin package the way QGIS does (a plugins folder with a symlink)."""
    plugins = Path(tempfile.mkdtemp(prefix="clms-bench-plugins-"))
    (plugins / "clms_toolbox").symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(plugins))


_import_plugin()
from _phenology_peers import ensure_peer_venv, run_peer  # noqa: E402
from _record import record  # noqa: E402

from clms_toolbox.clms_plugin.analysis.phenology import kernel as ph  # noqa: E402
from clms_toolbox.devtools import phenology_synthetic as syn  # noqa: E402


# -- data --------------------------------------------------------------------------------------
def write_stack(path: Path, side: int, seed: int = 0) -> list[dt.date]:
    """108-band uint8 NDVI DN GeoTIFF of side × side px, written in row strips (flat memory)."""
    import rasterio
    from rasterio.transform import from_origin

    dates = syn.dekad_dates(FIRST, LAST)
    t = np.array([(d - dt.date(YEAR, 1, 1)).days for d in dates], dtype=float)
    strip = max(1, min(side, 200_000 // side))
    profile = dict(driver="GTiff", width=side, height=side, count=len(dates), dtype="uint8",
                   crs="EPSG:4326", transform=from_origin(-4, 41, 1 / 336, 1 / 336),
                   nodata=255, tiled=True, blockxsize=256, blockysize=256, interleave="pixel",
                   compress="zstd" if _has_zstd() else "lzw")
    with rasterio.open(path, "w", **profile) as ds:
        for i, row in enumerate(range(0, side, strip)):
            h = min(strip, side - row)
            cube, _ = syn.synthetic_cube(t, h * side, seed=seed + i, noise=0.02,
                                         flag_fraction=0.1, years=(-1, 0, 1))
            dn = syn.to_ndvi300_dn(cube, seed=seed + i).reshape(len(dates), h, side)
            ds.write(dn, window=rasterio.windows.Window(0, row, side, h))
        for b, d in enumerate(dates, start=1):
            ds.update_tags(b, DATE=d.isoformat())
    return dates


def _has_zstd() -> bool:
    from osgeo import gdal

    return "ZSTD" in (gdal.GetDriverByName("GTiff").GetMetadataItem("DMD_CREATIONOPTIONLIST")
                      or "")


def read_subset(path: Path, n: int) -> np.ndarray:
    """First ``n`` pixels (row-major) of the stack as DN (time, n)."""
    import rasterio

    with rasterio.open(path) as ds:
        rows = int(np.ceil(n / ds.width))
        dn = ds.read(window=rasterio.windows.Window(0, 0, ds.width, rows))
    return dn.reshape(dn.shape[0], -1)[:, :n]


def decode(dn: np.ndarray) -> np.ndarray:
    values = dn.astype(np.float32) * np.float32(syn.NDVI_SCALE) + np.float32(syn.NDVI_OFFSET)
    values[dn > 250] = np.nan
    return values


# -- ours, streamed in a child process -----------------------------------------------------------
_OURS_CHILD = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    from clms_toolbox.clms_plugin.analysis.phenology import inputs as pi
    from clms_toolbox.clms_plugin.analysis.phenology import driver as pr
    st = pi.resolve_stack([sys.argv[2]])
    enc, _ = pi.encoding_for(2, st.paths)
    t0 = time.perf_counter()
    c0 = time.process_time()
    budget = int(sys.argv[6]) * 1024 * 1024 if len(sys.argv) > 6 else None
    kw = {"memory_budget": budget} if budget else {}
    res = pr.run(st, int(sys.argv[4]), sys.argv[3], encoding=enc, threads=int(sys.argv[5]),
                 **kw)
    el = time.perf_counter() - t0
    cpu = time.process_time() - c0
    # VmHWM: this process's own peak (ru_maxrss would include the forking parent's)
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
    print(json.dumps({"seconds": el, "cpu": cpu, "windows": res.windows,
                      "rss_mb": int(hwm) / 1024}))
""")


def run_ours_streamed(stack: Path, out: Path, threads: int, budget_mib: int = 0) -> dict:
    plugins = sys.path[0]
    extra = [str(budget_mib)] if budget_mib else []
    proc = subprocess.run([sys.executable, "-c", _OURS_CHILD, plugins, str(stack), str(out),
                           str(YEAR), str(threads), *extra], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    """CPU model, core count and load: figures from a shared machine must say so."""
    model = "?"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((ln.split(":", 1)[1].strip() for ln in out.splitlines()
                      if ln.startswith("Model name")), "?")
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"CPU {model}, {os.cpu_count()} cores, load average (1/5/15 min) {load}"


def profile_summary(stack: Path) -> None:
    """Stage shares of a streamed run (cProfile in a child process, see _phenology_profile)."""
    proc = subprocess.run([sys.executable, str(HERE / "_phenology_profile.py"), sys.path[0],
                           str(stack), str(YEAR)], capture_output=True, text=True)
    print(proc.stdout.rstrip() if proc.returncode == 0 else
          f"# profile failed: {proc.stderr.strip()[-300:]}")


# -- comparison ---------------------------------------------------------------------------------
def timesat_seasons(vpp: np.ndarray, nyr: int) -> dict[str, np.ndarray]:
    """SOSD/EOSD/MAXD (DOY of YEAR) of TIMESAT's seasons of the middle year, (pixels, 2).

    ``vpp`` is (pixels, 26·nyr) with days counted from 1 January of the first year (day 1);
    slots are (year, season) × 13 parameters in TIMESAT_VPP order.
    """
    n = vpp.shape[0]
    v = vpp.reshape(n, nyr, 2, 13)[:, YEAR - FIRST]
    offset = (dt.date(YEAR, 1, 1) - dt.date(FIRST, 1, 1)).days
    out = {}
    for name, idx in (("SOSD", 0), ("EOSD", 3), ("MAXD", 8)):
        x = v[:, :, idx].astype(float)
        out[name] = np.where(x == -9999.0, np.nan, x - offset)
    return out


def agreement(ours: dict, ref: dict) -> dict[str, tuple[float, float, int]]:
    """Per metric: share within 10 days, median |Δ|, pixels compared (matched seasons)."""
    res = {}
    for name in ("SOSD", "EOSD", "MAXD"):
        a = np.stack([ours[f"S1_{name}"], ours[f"S2_{name}"]], 1).astype(float)
        a[a == ph.NODATA] = np.nan
        b = ref[name]
        # match seasons by peak date: compare each of our seasons to TIMESAT's nearest peak
        ma = np.stack([ours["S1_MAXD"], ours["S2_MAXD"]], 1).astype(float)
        ma[ma == ph.NODATA] = np.nan
        diffs = []
        for s in range(2):
            dist = np.abs(ma[:, s:s + 1] - ref["MAXD"])
            dist = np.where(np.isnan(dist), np.inf, dist)
            j = np.argmin(dist, axis=1)
            ok = np.isfinite(dist[np.arange(len(j)), j]) & np.isfinite(a[:, s])
            diffs.append(np.abs(a[ok, s] - b[np.nonzero(ok)[0], j[ok]]))
        d = np.concatenate(diffs)
        d = d[np.isfinite(d)]
        res[name] = (float(np.mean(d <= 10.0)) if d.size else float("nan"),
                     float(np.median(d)) if d.size else float("nan"), int(d.size))
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="300×300 px, 1 000 peer pixels")
    ap.add_argument("--side", type=int, help="raster side in pixels (default 1000)")
    ap.add_argument("--peer-pixels", type=int, help="pixels for TIMESAT/phenolopy")
    ap.add_argument("--workdir", help="keep the stacks here and reuse them (iterating)")
    args = ap.parse_args()
    side = args.side or (300 if args.quick else 1000)
    n_peer = args.peer_pixels or (1000 if args.quick else 4000)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="clms-bench-phenology-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# phenology benchmark: {side}×{side} px × 108 dekads ({FIRST}–{LAST}), year {YEAR}")
    print(f"# machine: {machine()}")
    t0 = time.perf_counter()
    big = work / f"stack_big_{side}.tif"
    small_side = max(32, int(round(side / np.sqrt(10))))
    small = work / f"stack_small_{small_side}.tif"
    dates = syn.dekad_dates(FIRST, LAST)
    for path, n, seed in ((big, side, 0), (small, small_side, 99)):
        if not path.exists():  # written under a temporary name: a reused stack is whole
            part = path.with_name(path.stem + ".part.tif")
            write_stack(part, n, seed)
            part.rename(path)
    print(f"# stacks ready in {time.perf_counter() - t0:.1f} s ({work})")

    cores = os.cpu_count() or 1
    px_big = side * side
    r_one = run_ours_streamed(big, work / "out_big1.tif", 1)
    print(f"ours (streamed GeoTIFF→GeoTIFF, Whittaker, 1 thread): {px_big:,} px in "
          f"{r_one['seconds']:.1f} s = {px_big / r_one['seconds']:,.0f} px/s, peak RSS "
          f"{r_one['rss_mb']:.0f} MB")
    r_big = run_ours_streamed(big, work / "out_big.tif", cores)
    r_small = run_ours_streamed(small, work / "out_small.tif", cores)
    ours_pxs = px_big / r_big["seconds"]
    print(f"ours (streamed, {cores} threads like TIMESAT's OpenMP): {px_big:,} px in "
          f"{r_big['seconds']:.1f} s = {ours_pxs:,.0f} px/s ({r_big['cpu']:.1f} CPU-s = "
          f"{px_big / r_big['cpu']:,.0f} px per CPU-s), {r_big['windows']} windows, peak "
          f"RSS {r_big['rss_mb']:.0f} MB")
    print(f"ours on a 10× smaller raster ({small_side}²): peak RSS {r_small['rss_mb']:.0f} MB "
          f"→ RSS ratio big/small {r_big['rss_mb'] / r_small['rss_mb']:.2f} (the small raster "
          "fits in fewer windows than the budget allows, so it needs less)")
    # Flatness proper: with one fixed budget small enough that both rasters span several
    # windows, peak RSS must not depend on the raster size.
    fb_big = run_ours_streamed(big, work / "out_big_fb.tif", cores, 48)
    fb_small = run_ours_streamed(small, work / "out_small_fb.tif", cores, 48)
    print(f"flatness at a 48 MiB budget: {side}² → peak RSS {fb_big['rss_mb']:.0f} MB "
          f"({fb_big['windows']} windows), {small_side}² → {fb_small['rss_mb']:.0f} MB "
          f"({fb_small['windows']} windows): ratio {fb_big['rss_mb'] / fb_small['rss_mb']:.2f} "
          "(target ≈ 1)")

    # in-memory kernel on the peer subset (same pixels the peers get)
    dn = read_subset(big, n_peer)
    values = decode(dn)
    kernel = ph.PhenologyKernel.from_dates(dates, YEAR)
    # warm-up: the operator blocks of the daily refinement are built on first use (once per
    # run, amortised over a whole raster when streamed; 4 000 px would mostly time them)
    kernel(values[:, :64])
    t0 = time.perf_counter()
    ours_out = ph.metrics_by_name(kernel(values))
    ours_sub_s = time.perf_counter() - t0
    print(f"ours (in-memory kernel, {n_peer} px): {n_peer / ours_sub_s:,.0f} px/s")
    lam1000 = ph.metrics_by_name(ph.PhenologyKernel.from_dates(
        dates, YEAR, ph.PhenologyParams(lam=1000.0))(values))

    py = ensure_peer_venv()
    tv = np.array([d.year * 1000 + d.timetuple().tm_yday for d in dates], dtype="i4")
    nyr = LAST - FIRST + 1
    if py is not None:
        base = {"vi": np.nan_to_num(values.T, nan=-0.08),
                "w": (~np.isnan(values.T)).astype("f4"), "tv": tv, "nyr": nyr}
        # p_seapar: 0.5 is HRVPP2's crop setting; it keeps only ~1/3 of the stack's
        # double-season pixels, 0 keeps them all (as many as the generator made)
        for seapar in (0.5, 0.0):
            ts = run_peer(py, "timesat", {**base, "seapar": seapar}, work, f"_{seapar}")
            if ts is None:
                break
            info, vpp = ts
            ts_pxs = n_peer / info["seconds"]
            ref = timesat_seasons(vpp, nyr)
            ns_ts = np.sum(np.isfinite(ref["MAXD"]), axis=1)
            print(f"TIMESAT 4.4.1 tsfprocess (spline p_smooth 1000, p_seapar {seapar}, {n_peer} "
                  f"px): {ts_pxs:,.0f} px/s ({n_peer / info['cpu']:,.0f} px per CPU-s); "
                  f"two-season pixels {np.mean(ns_ts == 2):.1%} "
                  f"(ours {np.mean(ours_out['NUMSEASON'] == 2):.1%}); season count equal "
                  f"{np.mean(ns_ts == ours_out['NUMSEASON']):.1%}")
            if seapar:
                continue
            ts_cpu_ratio = px_big / r_big['cpu'] / (n_peer / info['cpu'])
            print(f"speed ratio ours/TIMESAT: streamed {ours_pxs / ts_pxs:.1f}×, kernel "
                  f"{n_peer / ours_sub_s / ts_pxs:.1f}× (target ≥ 10×); per CPU-s "
                  f"{ts_cpu_ratio:.1f}×")
            record("phenology", "x TIMESAT (streamed)", ours_pxs / ts_pxs, target=10)
            record("phenology", "x TIMESAT per CPU-s", ts_cpu_ratio)
            for label, out in (("default λ=200", ours_out), ("λ=1000", lam1000)):
                agree = agreement(out, ref)
                for name, (share, med, n) in agree.items():
                    print(f"agreement with TIMESAT ({label}) {name}: {100 * share:.1f} % within "
                          f"one dekad, median |Δ| {med:.2f} d ({n} seasons)")
                    if label.startswith("λ=1000"):
                        record("phenology", f"agreement {name} within one dekad, λ=1000",
                               100 * share, target=99, unit=" %")
        # threshold step alone on our daily curves (whole calendar years only)
        m = min(n_peer, 2000)
        _, daily, _ = kernel.curves(values[:, :m])
        start = int((dt.date(FIRST, 1, 1) - dt.date(YEAR, 1, 1)).days - kernel.days[0])
        yd = daily[start:start + nyr * 365]
        tp = run_peer(py, "timesat_phenology", {"y": yd, "nyr": nyr, "yr0": FIRST}, work)
        if tp is not None:
            info, res = tp
            # res: (pixels, 2·nyr, 13), dates relative to each year's 1 January (day 1)
            offset = 0
            ref = {}
            for name, idx in (("SOSD", 0), ("EOSD", 3), ("MAXD", 8)):
                x = res[:, 2 * (YEAR - FIRST):2 * (YEAR - FIRST) + 2, idx] - offset
                ref[name] = np.where(res[:, 2 * (YEAR - FIRST):2 * (YEAR - FIRST) + 2, idx]
                                     == -9999.0, np.nan, x)
            sub = {k: v[:m] for k, v in ours_out.items()}
            ag = agreement(sub, ref)
            for name in ("SOSD", "EOSD"):
                share, med, n = ag[name]
                print(f"threshold step only (timesat.phenology on our daily curves) {name}: "
                      f"median |Δ| {med:.3f} d ({n} seasons) (target ≤ 0.5 d)")
                record("phenology", f"threshold step {name} median |Δ| vs timesat.phenology",
                       med, target=0.5, higher_is_better=False, unit=" d")
        fz = run_peer(py, "phenolopy", {"v": values[36:72], "dates": np.array(
            [d.isoformat() for d in dates[36:72]])}, work)
        if fz is not None:
            info, res = fz
            fz_pxs = n_peer / info["seconds"]
            fz_cpu = n_peer / info["cpu"]
            print(f"FuseTS 2.0.1 phenolopy (one season, one year, {n_peer} px): "
                  f"{fz_pxs:,.0f} px/s ({fz_cpu:,.0f} px per CPU-s); ratio ours/phenolopy "
                  f"{ours_pxs / fz_pxs:.1f}× streamed (target ≥ 2×), per CPU-s "
                  f"{px_big / r_big['cpu'] / fz_cpu:.2f}× (ours uses {cores} threads)")
            record("phenology", "x FuseTS phenolopy (streamed)", ours_pxs / fz_pxs, target=2)
            record("phenology", "x FuseTS phenolopy per CPU-s", px_big / r_big['cpu'] / fz_cpu)
    profile_summary(small)
    print(f"# machine at the end: {machine()}")
    print(f"bench peak RSS (parent): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
