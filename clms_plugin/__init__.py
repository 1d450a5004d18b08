"""CLMS Toolbox: everything except the Processing algorithms.

``catalog``, ``download``, ``products`` and ``analysis`` are QGIS-free; ``gui`` and
``plugin`` are the QGIS glue.
"""

from .version import PLUGIN_NAME, __version__

__all__ = ["PLUGIN_NAME", "__version__"]
