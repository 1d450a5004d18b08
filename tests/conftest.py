"""Shared fixtures.

The plugin is imported the way QGIS imports it: a scratch plugins folder holds a
``clms_toolbox`` link to this checkout and is put first on ``sys.path``; tests then import
``clms_toolbox.…``. Nothing imports the checkout by its own directory name.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLMS_SHARED", ROOT.parent / "shared")).resolve()
PLUGINS_DIR = Path(tempfile.mkdtemp(prefix="clms-plugins-"))
(PLUGINS_DIR / "clms_toolbox").symlink_to(ROOT, target_is_directory=True)
sys.path.insert(0, str(PLUGINS_DIR))


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001
    shutil.rmtree(PLUGINS_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout (the plugin folder itself)."""
    return ROOT


@pytest.fixture(scope="session")
def plugins_dir() -> Path:
    """Scratch plugins folder whose ``clms_toolbox`` entry links to the checkout."""
    return PLUGINS_DIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout (samples, recorded API responses, references)."""
    if not SHARED.is_dir():
        pytest.fail(f"shared folder not found at {SHARED}; set CLMS_SHARED to its path")
    return SHARED


@pytest.fixture(scope="session")
def samples_dir(shared_dir: Path) -> Path:
    return shared_dir / "samples"


@pytest.fixture(scope="session")
def clms_api_dir(shared_dir: Path) -> Path:
    return shared_dir / "clms-api"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Gitignored folder for test artefacts people look at (screenshots, reports)."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def provider(qgis_processing):  # noqa: ARG001 - fixture initialises Processing
    """The ``clms`` provider registered in the Processing registry for one test."""
    from qgis.core import QgsApplication

    from clms_toolbox.processing_provider.provider import ClmsProvider

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("clms")
    if existing is not None:
        yield existing
        return
    prov = ClmsProvider()
    assert registry.addProvider(prov)
    yield prov
    registry.removeProvider(prov)


def make_qgis_process_env(config_dir: Path, plugin_source: Path = ROOT) -> dict[str, str]:
    """Environment for ``qgis_process`` with a scratch profile that has the plugin enabled.

    Why a function as well as a fixture: the packaging test installs the *zip* into its own
    profile with the same steps.
    """
    import subprocess

    plugins = config_dir / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    target = plugins / "clms_toolbox"
    if not target.exists():
        target.symlink_to(plugin_source, target_is_directory=True)
    env = dict(os.environ)
    env.update({"QGIS_CUSTOM_CONFIG_PATH": str(config_dir), "QT_QPA_PLATFORM": "offscreen"})
    result = subprocess.run(
        ["qgis_process", "plugins", "enable", "clms_toolbox"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return env


@pytest.fixture(scope="session")
def qgis_process_env(tmp_path_factory) -> dict[str, str]:
    """Env for running ``qgis_process`` with the plugin enabled in a scratch profile."""
    return make_qgis_process_env(tmp_path_factory.mktemp("qgis-process-profile"))


def run_qgis_process(env: dict[str, str], alg_id: str, inputs: dict, timeout: int = 600) -> dict:
    """Run ``qgis_process run ALG -`` with JSON on stdin and return the parsed JSON answer."""
    import json
    import subprocess

    result = subprocess.run(
        ["qgis_process", "--json", "run", alg_id, "-"],
        input=json.dumps({"inputs": inputs}), env=env, capture_output=True, text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"qgis_process failed:\n{result.stdout}\n{result.stderr}"
    start = result.stdout.find("{")
    return json.loads(result.stdout[start:])


@pytest.fixture(scope="module")
def stub(clms_api_dir):
    """Loopback CLMS portal stand-in replaying the recorded API shapes (10 items a page)."""
    from _http_stub import ClmsStubServer

    with ClmsStubServer(clms_api_dir, page_size=10) as server:
        yield server


@pytest.fixture
def server(stub):
    """The stand-in, reset to the recorded dataset search before and after a test."""
    stub.clear()
    stub.state.search_source = "datasets"
    yield stub
    stub.clear()
