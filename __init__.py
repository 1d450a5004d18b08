"""CLMS Toolbox QGIS plugin package (installed as the folder ``clms_toolbox``).

Only ``classFactory`` lives here and it imports lazily, so that the QGIS-free core
(``clms_plugin.catalog``, ``download``, ``products``, ``analysis``) can be imported by plain
Python, tests and ``qgis_process`` without pulling in the GUI.
"""


def classFactory(iface):  # noqa: N802 - QGIS entry-point name
    """Return the plugin instance QGIS asks for when it loads the plugin."""
    from .clms_plugin.plugin import ClmsToolboxPlugin

    return ClmsToolboxPlugin(iface)
