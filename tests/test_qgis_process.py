"""The provider is visible to ``qgis_process`` once the plugin is enabled in a profile."""

from __future__ import annotations

import json
import subprocess

from clms_toolbox.processing_provider.registry import ALGORITHM_MODULES


def test_qgis_process_lists_provider(qgis_process_env):
    result = subprocess.run(
        ["qgis_process", "--json", "list"], env=qgis_process_env,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout[result.stdout.find("{"):])
    providers = listing["providers"]
    assert "clms" in providers, sorted(providers)
    clms = providers["clms"]
    assert clms["name"] == "CLMS Toolbox"
    assert len(clms["algorithms"]) == len(ALGORITHM_MODULES)
    assert all(alg_id.startswith("clms:") for alg_id in clms["algorithms"])


def test_qgis_process_reports_plugin_enabled(qgis_process_env):
    result = subprocess.run(
        ["qgis_process", "plugins"], env=qgis_process_env,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "* clms_toolbox" in result.stdout
