"""``make package`` builds an installable zip; installing it in a scratch profile works."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from conftest import make_qgis_process_env


def _build(repo_root: Path) -> Path:
    result = subprocess.run(
        ["bash", "scripts/package.sh"], cwd=repo_root, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().split(" (")[0])


def test_package_layout(repo_root):
    archive = _build(repo_root)
    version = (repo_root / "metadata.txt").read_text().split("version=")[1].split()[0]
    assert archive.name == f"clms_toolbox-{version}.zip"
    assert archive.stat().st_size < 25 * 1024 * 1024
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert {n.split("/")[0] for n in names} == {"clms_toolbox"}
    for required in ("metadata.txt", "__init__.py", "LICENSE", "README.md", "CHANGELOG.md",
                     "resources/icons/clms.svg", "processing_provider/provider.py"):
        assert f"clms_toolbox/{required}" in names, required
    parts = [n.split("/")[1:] for n in names]
    assert not [p for p in parts if p and p[0] in ("tests", "bench", "scripts", ".ci", "Makefile")]
    assert not [n for n in names if any(seg.startswith(".") for seg in n.split("/"))]
    assert not [n for n in names if n.endswith((".pyc", "resources_rc.py"))]


def test_package_installs_and_loads(repo_root, tmp_path):
    archive = _build(repo_root)
    profile = tmp_path / "cfg"
    unpacked = tmp_path / "unzipped"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(unpacked)
    env = make_qgis_process_env(profile, unpacked / "clms_toolbox")
    result = subprocess.run(
        ["qgis_process", "--json", "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    providers = json.loads(result.stdout[result.stdout.find("{"):])["providers"]
    assert "clms" in providers
