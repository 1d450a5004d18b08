"""Load the plugin exactly as QGIS does and check that unload leaves nothing behind."""

from __future__ import annotations

import pytest
import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QAction, QDockWidget

from clms_toolbox.processing_provider.registry import ALGORITHM_MODULES, algorithm_classes


@pytest.fixture
def loaded_plugin(qgis_iface, plugins_dir, qgis_processing):
    """Load + start ``clms_toolbox`` through qgis.utils from the scratch plugins folder."""
    if str(plugins_dir) not in qgis.utils.plugin_paths:
        qgis.utils.plugin_paths.insert(0, str(plugins_dir))
    assert qgis.utils.loadPlugin("clms_toolbox")
    assert qgis.utils.startPlugin("clms_toolbox")
    yield qgis.utils.plugins["clms_toolbox"]
    if "clms_toolbox" in qgis.utils.active_plugins:
        qgis.utils.unloadPlugin("clms_toolbox")


def _clms_actions(iface) -> list[QAction]:
    return [a for a in iface.mainWindow().findChildren(QAction)
            if a.objectName() == "clmsToolboxToggleDock"]


def test_load_registers_provider_and_action(loaded_plugin, qgis_iface):
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("clms")
    assert provider is not None, "the clms provider is not registered"
    ids = {alg.id() for alg in provider.algorithms()}
    classes, problems = algorithm_classes()
    assert not problems, problems
    assert len(ids) == len(ALGORITHM_MODULES) == len(classes)
    assert all(alg_id.startswith("clms:") for alg_id in ids)
    assert loaded_plugin.action is not None
    assert loaded_plugin.action.isCheckable()


def test_action_toggles_dock(loaded_plugin, qgis_iface):
    action = loaded_plugin.action
    action.setChecked(True)
    dock = loaded_plugin.dock
    assert isinstance(dock, QDockWidget)
    assert dock.windowTitle() == "CLMS Toolbox"
    assert dock.objectName() == "ClmsToolboxDock"
    tabs = [dock.tabs.tabText(i) for i in range(dock.tabs.count())]
    assert tabs == ["Search", "Downloads"]
    assert loaded_plugin.downloads is not None
    action.setChecked(False)
    assert not dock.isVisible()


def test_unload_removes_everything(loaded_plugin, qgis_iface, qgis_app):
    plugin = loaded_plugin
    plugin.action.setChecked(True)
    dock = plugin.dock
    assert qgis.utils.unloadPlugin("clms_toolbox")
    qgis_app.processEvents()
    assert QgsApplication.processingRegistry().providerById("clms") is None
    assert plugin.action is None and plugin.dock is None and plugin.provider is None
    assert plugin.downloads is None
    assert "clms_toolbox" not in qgis.utils.active_plugins
    from qgis.PyQt import sip

    assert sip.isdeleted(dock) or dock.parent() is None


def test_reload_twice_is_clean(qgis_iface, plugins_dir, qgis_processing):
    """Plugin Reloader users load/unload repeatedly: no duplicate provider or action."""
    if str(plugins_dir) not in qgis.utils.plugin_paths:
        qgis.utils.plugin_paths.insert(0, str(plugins_dir))
    for _ in range(2):
        assert qgis.utils.loadPlugin("clms_toolbox")
        assert qgis.utils.startPlugin("clms_toolbox")
        providers = [p for p in QgsApplication.processingRegistry().providers() if p.id() == "clms"]
        assert len(providers) == 1
        assert qgis.utils.unloadPlugin("clms_toolbox")
    assert QgsApplication.processingRegistry().providerById("clms") is None


def test_missing_optional_dependency_message():
    from clms_toolbox.clms_plugin.deps import (
        OptionalDependency,
        missing_dependencies,
        missing_message,
    )

    fake = (OptionalDependency("no_such_module_xyz", "the imaginary feature", "pip install xyz"),)
    missing = missing_dependencies(fake)
    assert missing == list(fake)
    text = missing_message(missing)
    assert "the imaginary feature is off" in text and "pip install xyz" in text
