"""Install the plugin's Qt translator for the user's QGIS locale.

Why: strings go through ``tr()``; the ``.qm`` files are built from ``i18n/*.ts`` at package
time (never committed), and a missing translation must simply fall back to English.
"""

from __future__ import annotations

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from ..version import PLUGIN_ROOT


def install_translator() -> QTranslator | None:
    """Load ``i18n/clms_toolbox_<ll>.qm`` for the QGIS UI locale if it exists."""
    locale = str(QgsSettings().value("locale/userLocale", "en") or "en")[:2]
    qm = PLUGIN_ROOT / "i18n" / f"clms_toolbox_{locale}.qm"
    if not qm.exists():
        return None
    translator = QTranslator()
    if translator.load(str(qm)):
        QCoreApplication.installTranslator(translator)
        return translator
    return None
