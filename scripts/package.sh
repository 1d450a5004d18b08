#!/usr/bin/env bash
# Build dist/clms_toolbox-<version>.zip: one top folder clms_toolbox/, committed files only
# (git archive, so nothing generated or local sneaks in), without tests, bench, scripts,
# CI files or dotfiles; translations compiled to .qm when lrelease is available.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VERSION="$(sed -n 's/^version=//p' metadata.txt)"
OUT="$ROOT/dist/clms_toolbox-$VERSION.zip"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$ROOT/dist"
# Working tree (tracked + untracked, not ignored) so a package can be tried before a commit.
git ls-files --cached --others --exclude-standard -z \
  | grep -zvE '^(tests/|bench/|scripts/|devtools/|docs/|\.ci/|\.|.*/\.|Makefile$|pyproject\.toml$)' \
  | while IFS= read -r -d '' f; do
      [ -f "$f" ] || continue
      mkdir -p "$STAGE/clms_toolbox/$(dirname "$f")"
      cp -p "$f" "$STAGE/clms_toolbox/$f"
    done
if command -v lrelease >/dev/null 2>&1; then
  for ts in "$STAGE"/clms_toolbox/i18n/*.ts; do
    [ -e "$ts" ] && lrelease -silent "$ts" -qm "${ts%.ts}.qm" >/dev/null 2>&1 || true
  done
fi
rm -f "$OUT.tmp"
(cd "$STAGE" && zip -qr -X "$OUT.tmp" clms_toolbox)
mv -f "$OUT.tmp" "$OUT"
SIZE=$(stat -c %s "$OUT")
if [ "$SIZE" -gt $((25 * 1024 * 1024)) ]; then
  echo "package is $SIZE bytes, over the 25 MB plugin-repository limit" >&2
  exit 1
fi
echo "$OUT ($SIZE bytes)"
