#!/usr/bin/env bash
# Install what the browser tests (tests/test_browser.py) and bench/report.py need: Debian's
# chromium (/usr/bin/chromium) and playwright's Python package, which drives that binary through
# executable_path. Never `playwright install`: its browser downloads are not package registries.
# Idempotent: does nothing (and touches no network) when both are already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=${PYTHON:-python3}; fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup-browser: /usr/bin/chromium is missing and this is not root; run as root:" >&2
    echo "  apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi

if ! "$PY" -c "import playwright.sync_api" 2>/dev/null; then
  "$PY" -m pip install --quiet playwright
fi
