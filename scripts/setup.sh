#!/usr/bin/env bash
# Create .venv and install mtqa into it. --test adds the test tools and the browser for the HTML
# report tests (Debian's chromium; nothing is downloaded at test time).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  # torch first, by exact version: this machine kind carries its CPU wheel locally
  python -m pip install --quiet torch==2.13.0
  python -m pip install --quiet -e '.[test,neural]'
  if [ -f scripts/setup-browser.sh ]; then bash scripts/setup-browser.sh; fi
else
  python -m pip install --quiet -e .
fi
# An editable install leaves mtqa's modules uncompiled (a wheel install compiles them); with
# PYTHONDONTWRITEBYTECODE set Python would compile them again in every process it starts.
python -m compileall -q src/mtqa > /dev/null
