"""``make demo``: the headless main job, end to end, on data this script generates itself.

It enables the plugin for ``qgis_process`` in a scratch profile (``demo-output/profile``),
generates realistic synthetic inputs with real product encodings, runs every ``clms``
algorithm the provider registers through ``qgis_process run … -`` (JSON on stdin, exactly
as a user script or CI would) and prints where the outputs and tables are.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _plugin_import_path(out: Path) -> None:
    """Import the plugin as ``clms_toolbox`` from a plugins folder linking to the checkout."""
    plugins = out / "profile" / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    link = plugins / "clms_toolbox"
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(plugins))


@dataclass
class Step:
    """One algorithm run: ``prepare(data_dir, results_dir)`` returns the qgis_process inputs."""

    alg_id: str
    title: str
    prepare: Callable[[Path, Path], dict]
    tables: tuple[str, ...] = ()


def _qgis_process(env: dict, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        ["qgis_process", *args], input=stdin, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"qgis_process {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _json(text: str) -> dict:
    return json.loads(text[text.find("{"):])


def _steps() -> list[Step]:
    from demo_steps import STEPS

    return STEPS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "demo-output")
    parser.add_argument("--size", type=int, default=2000, help="raster side in pixels")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    data, results = out / "data", out / "results"
    data.mkdir(parents=True)
    results.mkdir()
    _plugin_import_path(out)
    os.environ["CLMS_DEMO_SIZE"] = str(args.size)
    sys.path.insert(0, str(Path(__file__).resolve().parent))

    env = dict(os.environ)
    env.update({"QGIS_CUSTOM_CONFIG_PATH": str(out / "profile"), "QT_QPA_PLATFORM": "offscreen"})
    _qgis_process(env, "plugins", "enable", "clms_toolbox")
    providers = _json(_qgis_process(env, "--json", "list"))["providers"]
    if "clms" not in providers:
        raise SystemExit("the clms provider did not load in qgis_process")
    available = set(providers["clms"]["algorithms"])
    print(f"CLMS Toolbox provider loaded in qgis_process: {len(available)} algorithms")

    ran = 0
    reports: list[tuple[str, str]] = []
    for step in _steps():
        if step.alg_id not in available:
            print(f"- {step.alg_id}: not available in this build, skipped")
            continue
        inputs = step.prepare(data, results)
        start = time.perf_counter()
        answer = _json(_qgis_process(env, "--json", "run", step.alg_id, "-",
                                     stdin=json.dumps({"inputs": inputs})))
        took = time.perf_counter() - start
        ran += 1
        print(f"\n== {step.title} ({step.alg_id}, {took:.1f} s)")
        for key, value in sorted(answer.get("results", {}).items()):
            print(f"   {key}: {value}")
            if str(value).lower().endswith(".html") and Path(str(value)).is_file():
                reports.append((step.title, str(value)))
        for table in step.tables:
            path = Path(answer["results"].get(table) or "")
            if path.is_file():
                print(f"   --- {table} ({path.name}) ---")
                for line in path.read_text(encoding="utf-8").splitlines()[:12]:
                    print(f"   {line}")
    missing = sorted(available - {s.alg_id for s in _steps()})
    if missing:
        print(f"\nAlgorithms without a demo step: {', '.join(missing)}")
    if reports:
        print("\nReports (HTML: tables, charts, method; open in a browser, or run the "
              "algorithm from QGIS to see them in the Processing Results Viewer):")
        for title, path in reports:
            print(f"   {title}: {path}")
    print(f"\nDemo finished: {ran} algorithm runs; inputs in {data}, outputs in {results}")
    return 0 if ran else 1


if __name__ == "__main__":
    sys.exit(main())
