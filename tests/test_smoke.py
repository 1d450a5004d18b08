"""CI must never silently test the Debian 3.22 build."""

from qgis.core import Qgis


def test_qgis_is_340_or_newer():
    assert Qgis.QGIS_VERSION_INT >= 34000, Qgis.QGIS_VERSION


def test_core_is_qgis_free(plugins_dir):
    """Importing the core packages must not import qgis (they are reused outside QGIS)."""
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "import clms_toolbox.clms_plugin.catalog, clms_toolbox.clms_plugin.download\n"
        "import clms_toolbox.clms_plugin.products, clms_toolbox.clms_plugin.analysis\n"
        "import pkgutil, importlib\n"
        "for pkg in ('catalog', 'download', 'products', 'analysis'):\n"
        "    base = importlib.import_module('clms_toolbox.clms_plugin.' + pkg)\n"
        "    for m in pkgutil.walk_packages(base.__path__, base.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m == 'qgis' or m.startswith(('qgis.', 'PyQt'))]\n"
        "assert not bad, bad\n"
    ) % str(plugins_dir)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
