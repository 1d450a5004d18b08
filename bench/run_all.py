"""Run every ``bench/bench_*.py`` in turn (``make bench``); extra args are passed through.

Why separate processes: each benchmark measures its own peak RSS, which a shared process
would pollute. Each bench's own workers report ``VmHWM``, not ``ru_maxrss``, which a child
inherits from its parent (``benchinfo.peak_rss_mib``). The CPU model and the load average
are printed before and after each bench: a ratio on shared cores means little without them.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import benchinfo


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    only = [a for a in argv if not a.startswith("-")]
    flags = [a for a in argv if a.startswith("-")]
    failures = 0
    print(benchinfo.machine_line(), flush=True)
    for script in sorted(here.glob("bench_*.py")):
        if only and not any(name in script.stem for name in only):
            continue
        print(f"\n=== {script.name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *flags])
        print(f"=== {script.name}: exit {code} in {time.perf_counter() - start:.1f} s; load "
              f"average {benchinfo.load_average()} ===")
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
