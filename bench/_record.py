"""One way for every benchmark to report a figure, so ``run_all.py --repeat 3`` can give the
median and range of each over consecutive runs (a figure counts when it holds in all three).

A bench calls ``record("phenology", "x TIMESAT", 11.2, target=10)``; the figure is appended to
the JSON-lines file named by ``CLMS_BENCH_RESULTS`` (set by run_all.py; without it, nothing is
written and the bench's own printout is all there is).
"""

from __future__ import annotations

import json
import os


def record(bench: str, metric: str, value: float, target: float | None = None,
           higher_is_better: bool = True, unit: str = "") -> None:
    """Append one figure; ``target`` with ``higher_is_better`` says whether it is met."""
    path = os.environ.get("CLMS_BENCH_RESULTS")
    met = None
    if target is not None:
        met = value >= target if higher_is_better else value <= target
    print(f"[figure] {bench}: {metric} = {value:.4g}{unit}"
          + ("" if target is None else f" (target {'≥' if higher_is_better else '≤'} "
             f"{target:g}{unit}: {'met' if met else 'NOT met'})"), flush=True)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"bench": bench, "metric": metric, "value": float(value),
                             "target": target, "higher_is_better": higher_is_better,
                             "unit": unit, "met": met}) + "\n")


def cpu_model() -> str:
    """The CPU model as lscpu names it (one place: benchinfo)."""
    from benchinfo import cpu_model as _cpu

    return _cpu()


def load() -> str:
    """Load averages (1, 5, 15 min): a figure on a busy machine says so."""
    from benchinfo import load_average

    return load_average()
