#!/usr/bin/env bash
# Start QGIS desktop with the plugin enabled in a scratch profile (for a person with a display).
# The profile lives in .qgis-dev-profile/ so your own QGIS profile is never touched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CFG="${CLMS_QGIS_PROFILE:-$ROOT/.qgis-dev-profile}"
PLUGINS="$CFG/profiles/default/python/plugins"
mkdir -p "$PLUGINS" "$CFG/profiles/default/QGIS"
ln -sfn "$ROOT" "$PLUGINS/clms_toolbox"
INI="$CFG/profiles/default/QGIS/QGIS3.ini"
if ! grep -qs "clms_toolbox=true" "$INI"; then
  printf '[PythonPlugins]\nclms_toolbox=true\n' >> "$INI"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: run this from a desktop session (or use 'xvfb-run make qgis')." >&2
  exit 1
fi
unset QT_QPA_PLATFORM
exec qgis --profiles-path "$CFG" --profile default "$@"
