#!/usr/bin/env bash
# Idempotent environment setup for CLMS Toolbox on Debian 12 (bookworm), run as root.
#
# Why: QGIS 3.40 LTR only exists in bookworm-backports (plain bookworm ships 3.22), rasterio
# must come from Debian so it links the same libgdal as QGIS, and the venv must see PyQGIS
# (--system-site-packages). A second run on a ready machine only checks and exits.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CLMS_VENV:-$ROOT/.venv}"
STAMP="$VENV/.clms-setup-stamp"
PIP_PKGS=(pytest-qgis==5.0.2 pystac-client ruff pytest-timeout)
APT_PKGS=(python3-rasterio gdal-bin python3-requests python3-jwt python3-cryptography
          python3-numpy python3-venv python3-pip xvfb xauth zip unzip python3-xarray
          python3-psutil qttools5-dev-tools python3-matplotlib
          python3-dask python3-distributed)
# dask/distributed from Debian (2022.12.1, supports Python 3.11): the cluster executor
# (issue 15) needs only Client/LocalCluster/futures, all present in that release, and Debian's
# build shares numpy/cloudpickle/tornado with the rest of the system; no pip wheel needed.
QGIS_PKGS=(qgis python3-qgis qgis-providers)

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

log() { printf '[setup] %s\n' "$*"; }

qgis_ok() {
  /usr/bin/python3 - <<'PY' 2>/dev/null
import sys
from qgis.core import Qgis
sys.exit(0 if Qgis.QGIS_VERSION_INT >= 34000 else 1)
PY
}

apt_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

# 1. apt: bookworm-backports source, QGIS 3.40 and Debian-shipped Python libs.
if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "adding bookworm-backports apt source"
  echo "deb http://deb.debian.org/debian bookworm-backports main" \
    | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
  NEED_UPDATE=1
fi
MISSING="$(apt_missing "${APT_PKGS[@]}")"
if ! qgis_ok || [ -n "$MISSING" ] || [ -n "$(apt_missing "${QGIS_PKGS[@]}")" ]; then
  log "installing apt packages"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports "${QGIS_PKGS[@]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${APT_PKGS[@]}"
fi
qgis_ok || { echo "QGIS >= 3.40 is not importable from /usr/bin/python3" >&2; exit 1; }

# 2. venv from Debian's python, seeing system site-packages (PyQGIS, rasterio).
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
WANT="$(printf '%s\n' "${PIP_PKGS[@]}")"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  log "pip installing: ${PIP_PKGS[*]}"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${PIP_PKGS[@]}"
  printf '%s' "$WANT" > "$STAMP"
fi
log "ready: $("$VENV/bin/python" -c 'from qgis.core import Qgis; print("QGIS", Qgis.QGIS_VERSION)')"
