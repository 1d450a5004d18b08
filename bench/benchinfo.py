"""What every bench prints besides its figures: the machine, its load, a profile summary.

Why: a ratio measured on 2 shared cores means little without the CPU model and how busy the
machine was (issue 18: targets must hold on "whatever machine of this kind runs them"), and
a speed figure without a profile does not say what to attack next. Also the one right way to
read a child's peak memory (:func:`peak_rss_mib`). Not a bench itself (``run_all.py`` runs
``bench_*.py`` only).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def cpu_model() -> str:
    """``Model name`` from lscpu (``/proc/cpuinfo`` if lscpu is missing), with core count."""
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines()
                      if line.startswith("Model name:")), "")
    except OSError:
        pass
    if not model:
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as fh:
                model = next((line.split(":", 1)[1].strip() for line in fh
                              if line.startswith("model name")), "")
        except OSError:
            model = "unknown CPU"
    return f"{model}, {os.cpu_count()} CPU(s)"


def load_average() -> str:
    """The 1/5/15-minute load averages (``os.getloadavg``), e.g. ``'1.02 0.80 0.51'``."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def machine_line(label: str = "machine") -> str:
    """One line for the bench output: CPU model, cores, load average now."""
    return f"{label}: {cpu_model()}; load average {load_average()} (1/5/15 min)"


def peak_rss_mib() -> float:
    """This process's own peak resident memory (``VmHWM``), in MiB.

    Why not ``resource.getrusage(RUSAGE_SELF).ru_maxrss``: Linux carries ``ru_maxrss`` over
    ``execve`` from the address space being replaced, i.e. from the *parent* that forked
    us. Measured here: a parent that touched 400 MiB then started a child → the child's
    ``ru_maxrss`` 433 MiB, its ``VmHWM`` 12 MiB. A bench whose parent has just generated a
    big input (or run an earlier bench) therefore reported the parent's peak as the child's
    (bench_water's "+67 % inside make bench, +9 % alone"). ``VmHWM`` belongs to the new
    address space only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def profile_phases(fn: Callable[[], Any], phases: Mapping[str, Sequence[str]],
                   top: int = 6) -> list[str]:
    """Run ``fn`` under cProfile and return printable lines: time per phase, then the top
    functions by own time.

    ``phases`` maps a phase label to function names, matched as suffixes of
    ``folder/file.py:function``; a phase's time is the sum of their cumulative times, so list
    functions that do not call one another. cProfile sees the calling thread only, so
    callers profile a single-threaded run.
    """
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    total = max(time.perf_counter() - start, 1e-9)
    entries = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    lines = [f"  profile (cProfile, 1 thread): {total:.2f} s in all"]
    for label, names in phases.items():
        cum = 0.0
        for (path, _line, func), v in entries.items():
            key = f"{os.path.basename(os.path.dirname(path))}/{os.path.basename(path)}:{func}"
            if any(key.endswith(n) for n in names):
                cum += v[3]
        lines.append(f"    {label:<34} {cum:6.2f} s  {100 * cum / total:5.1f} %")
    own = sorted(entries.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    lines.append("    top own time: " + "; ".join(
        f"{os.path.basename(p)}:{f} {v[2]:.2f} s" for (p, _l, f), v in own))
    return lines
