"""With rasterio and pystac-client missing, the plugin still loads and says what is off."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
sys.path.insert(0, {plugins!r})
sys.path.append("/usr/share/qgis/python/plugins")
# Hide the optional libraries the way a bare QGIS install lacks them.
for name in ("rasterio", "pystac_client"):
    sys.modules[name] = None
from qgis.core import QgsApplication, QgsMessageLog
app = QgsApplication([], False)
app.initQgis()
messages = []
QgsApplication.messageLog().messageReceived.connect(
    lambda msg, tag, level: messages.append((tag, msg)))
from processing.core.Processing import Processing
Processing.initialize()
from clms_toolbox.clms_plugin.deps import missing_dependencies, missing_message
missing = [d.module for d in missing_dependencies()]
assert missing == ["rasterio", "pystac_client"], missing
from clms_toolbox.processing_provider.provider import ClmsProvider
provider = ClmsProvider()
assert QgsApplication.processingRegistry().addProvider(provider)
print("MISSING", missing)
print("ALGS", sorted(a.id() for a in provider.algorithms()))
print("MESSAGE", missing_message(missing_dependencies()).replace("\n", " | "))
"""


def test_plugin_loads_without_optional_libraries(plugins_dir, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(plugins=str(plugins_dir))],
        capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "MISSING ['rasterio', 'pystac_client']" in out
    assert "the Processing algorithms (raster analysis) and product decoding is off" in out
    assert "python3-rasterio" in out and "pip install pystac-client" in out
    # every algorithm of the provider reads rasters: none may be registered without rasterio
    # (three used to be, failing only on their first run)
    assert "ALGS []" in out, out
