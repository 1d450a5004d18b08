"""Run every ``bench/bench_*.py`` in turn (``make bench``); extra args are passed through.

Why separate processes: each benchmark measures its own peak RSS, which a shared process
would pollute. ``--repeat N`` runs the whole set N times in a row and prints, for every
figure the benches ``record``, the median and the range over the runs and whether its target
held in every run (a figure counts when it holds in three consecutive runs).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import cpu_model, load  # noqa: E402


def _run_once(scripts: list[Path], flags: list[str], results: Path) -> int:
    failures = 0
    env = dict(os.environ, CLMS_BENCH_RESULTS=str(results))
    for script in scripts:
        print(f"\n=== {script.name} (load {load()}) ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *flags], env=env)
        print(f"=== {script.name}: exit {code} in {time.perf_counter() - start:.1f} s ===")
        failures += code != 0
    return failures


def _summary(files: list[Path]) -> list[str]:
    runs: dict[tuple[str, str], list[dict]] = {}
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            runs.setdefault((r["bench"], r["metric"]), []).append(r)
    lines = [f"{'bench':<14} {'figure':<44} {'median':>9} {'range':>19} {'target':>9}  held",
             "-" * 108]
    for (bench, metric), rs in sorted(runs.items()):
        values = [r["value"] for r in rs]
        target = rs[0]["target"]
        held = "—" if target is None else (
            f"{sum(bool(r['met']) for r in rs)}/{len(rs)}")
        sign = "" if target is None else ("≥" if rs[0]["higher_is_better"] else "≤")
        tgt = "" if target is None else f"{sign}{target:g}"
        lines.append(f"{bench:<14} {metric:<44} {statistics.median(values):>9.4g} "
                     f"{min(values):>9.4g}–{max(values):<9.4g} {tgt:>9}  {held}")
    return lines


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    repeat = 1
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    only = [a for a in argv if not a.startswith("-")]
    flags = [a for a in argv if a.startswith("-")]
    scripts = [s for s in sorted(here.glob("bench_*.py"))
               if not only or any(name in s.stem for name in only)]
    print(f"CPU: {cpu_model()}; {os.cpu_count()} logical CPUs; load {load()}", flush=True)
    out_dir = here / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    files, failures = [], 0
    for k in range(repeat):
        if repeat > 1:
            print(f"\n##### run {k + 1} of {repeat} #####", flush=True)
        results = out_dir / f"figures-{stamp}-run{k + 1}.jsonl"
        results.write_text("", encoding="utf-8")
        failures += _run_once(scripts, flags, results)
        files.append(results)
    table = _summary(files)
    print(f"\nFigures over {repeat} run(s) — CPU: {cpu_model()}")
    print("\n".join(table))
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"CPU: {cpu_model()}\nruns: {repeat}\n" + "\n".join(table) + "\n")
    os.replace(tmp, out_dir / f"summary-{stamp}.txt")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
