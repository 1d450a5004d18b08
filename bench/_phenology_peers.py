"""Peers of the phenology bench: TIMESAT 4 and FuseTS phenolopy in a throwaway venv.

Why apart from ``bench_phenology.py``: the peers run in their own interpreter (TIMESAT is
proprietary: never a dependency of the plugin, never redistributed; FuseTS pins an old numpy),
so this module only builds that venv and ships arrays to it through ``.npz`` files.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import numpy as np

PEER_VENV = Path(os.environ.get("CLMS_BENCH_VENV", "/tmp/clms-bench-phenology-venv"))


# -- peers in the throwaway venv ----------------------------------------------------------------
def ensure_peer_venv() -> Path | None:
    """Create the throwaway venv with timesat + fusets (no deps) + xarray/pandas/scipy."""
    py = PEER_VENV / "bin" / "python"
    if py.exists():
        return py
    print(f"# creating throwaway peer venv {PEER_VENV} (timesat is proprietary: bench only)")
    # Debian's python (the one QGIS uses) builds the venv; the plugin's venv stays untouched.
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(PEER_VENV)], check=True)
    pip = [str(PEER_VENV / "bin" / "pip"), "install", "-q"]
    for args in (["timesat==4.4.1"], ["--no-deps", "fusets==2.0.1"],
                 ["xarray", "pandas", "scipy", "numpy"]):
        r = subprocess.run(pip + args, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"# pip install {' '.join(args)} failed: {r.stderr.strip()[-300:]}")
    return py


_PEER_CHILD = textwrap.dedent("""
    import json, sys, time, importlib.util
    import numpy as np
    task, npz = sys.argv[1], sys.argv[2]
    d = np.load(npz)
    out = {}
    if task == "timesat":
        import timesat
        vi, w, tv, nyr = d["vi"], d["w"], d["tv"].astype("i4"), int(d["nyr"])
        seapar = float(d["seapar"])
        n = vi.shape[0]
        vi3 = np.ascontiguousarray(vi.reshape(1, n, -1).astype("f4"))
        qa3 = np.ascontiguousarray(w.reshape(1, n, -1).astype("f4"))
        outindex = np.arange(1, nyr * 365 + 1).astype("i4")
        lc = np.ones((1, n), dtype="i4")
        full = lambda v, t="i4": np.full(255, v, dtype=t)
        cut = np.zeros((255, 2)); cut[:, 0] = 0.25; cut[:, 1] = 0.15
        t0, c0 = time.perf_counter(), time.process_time()
        vpp, vppqa, ns, yfit, yfitqa, sf, tseq = timesat.tsfprocess(
            nyr, vi3, qa3, tv, lc, 1, full(1), outindex, 366, np.array([-0.08, 0.92]), 0,
            full(2), full(1000.0, "f8"), -9999.0, 45, 0, full(1), full(1.0, "f8"), full(1),
            cut, full(0.0, "f8"), full(0), 0, full(1), full(seapar, "f8"), full(1), full(0),
            full(0.5, "f8"), 1)
        out["seconds"] = time.perf_counter() - t0
        out["cpu"] = time.process_time() - c0
        np.save(sys.argv[3], vpp[0].astype("f8"))
    elif task == "timesat_phenology":
        import timesat
        y, nyr = d["y"], int(d["nyr"])
        t = np.arange(1, nyr * 365 + 1, dtype=float)
        res = np.full((y.shape[1], 2 * nyr, 13), -9999.0)
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(y.shape[1]):
            vpp, qa, nsy = timesat.phenology(t, y[:, i].astype(float), y[:, i].astype(float),
                                             2, 1, np.array([0.25, 0.15]), nyr, 365,
                                             int(d["yr0"]), -9999.0, 0, 2)
            res[i] = vpp.T
        out["seconds"] = time.perf_counter() - t0
        out["cpu"] = time.process_time() - c0
        np.save(sys.argv[3], res)
    elif task == "phenolopy":
        import pandas as pd, xarray as xr
        if not hasattr(np, "trapz"):  # numpy 2 removed trapz; phenolopy still calls it
            np.trapz = np.trapezoid
        import os  # fusets/__init__ needs openeo: load only its vendored phenolopy module
        origin = importlib.util.find_spec("fusets").origin
        spec = importlib.util.spec_from_file_location(
            "phenolopy", os.path.join(os.path.dirname(origin), "_phenolopy.py"))
        mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
        v, dates = d["v"], pd.to_datetime(d["dates"].astype(str))
        n = v.shape[1]
        da = xr.DataArray(v.reshape(len(dates), 1, n), dims=("time", "y", "x"),
                          coords={"time": dates, "y": [0], "x": np.arange(n)})
        import contextlib, io
        # median of three calls: one call takes ~0.06 s, too short for one timing to hold
        runs = []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            with contextlib.redirect_stdout(io.StringIO()):
                ds = mod.calc_phenometrics(da)
            runs.append((time.perf_counter() - t0, time.process_time() - c0))
        runs.sort()
        out["seconds"], out["cpu"] = runs[1]
        out["all_seconds"] = [r[0] for r in runs]
        np.save(sys.argv[3], np.stack([ds[k].values.ravel() for k in
                                       ("sos_times", "pos_times", "eos_times")]))
    print(json.dumps(out))
""")


def run_peer(py: Path, task: str, arrays: dict, workdir: Path,
             tag: str = "") -> tuple[dict, np.ndarray] | None:
    npz = workdir / f"{task}{tag}_in.npz"
    res = workdir / f"{task}{tag}_out.npy"
    np.savez(npz, **arrays)
    proc = subprocess.run([str(py), "-c", _PEER_CHILD, task, str(npz), str(res)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"# {task}: skipped ({proc.stderr.strip().splitlines()[-1] if proc.stderr else '?'})")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1]), np.load(res)
