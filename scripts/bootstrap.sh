#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: system packages when missing, the
# virtual environment in .venv with pinned packages, compiled translations. Safe and fast to re-run.
#   scripts/bootstrap.sh          what the demo needs
#   scripts/bootstrap.sh --test   plus PostgreSQL and Chromium for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# WeasyPrint renders PDFs with Pango; Noto fonts shape Arabic and Ethiopic in PDFs.
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || missing+=(fonts-noto-core)
if [ "$want_test" = 1 ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.lock-installed
if [ ! -f "$stamp" ] || ! cmp -s requirements/lock.txt "$stamp"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
  cp requirements/lock.txt "$stamp"
fi

# Compile translation catalogues when a .po is newer than its .mo.
for po in locale/*/LC_MESSAGES/*.po; do
  [ -e "$po" ] || continue
  mo="${po%.po}.mo"
  if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
    msgfmt --check-format -o "$mo" "$po"
  fi
done
mkdir -p var
