"""Plugin version, read once from metadata.txt so there is a single source of truth."""

from __future__ import annotations

import configparser
from pathlib import Path

PLUGIN_NAME = "CLMS Toolbox"
PLUGIN_FOLDER = "clms_toolbox"
PLUGIN_ROOT = Path(__file__).resolve().parent.parent


def _read_version() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PLUGIN_ROOT / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version", fallback="0.0.0")


__version__ = _read_version()
USER_AGENT = f"CLMS-Toolbox-QGIS/{__version__}"
