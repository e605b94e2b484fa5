#!/usr/bin/env bash
# Install what the tests need, once, then run every test: bash tests/run.sh [pytest options]
# Uses .venv (created if missing, reinstalled when a requirements file changes) and Debian's chromium
# (installed with apt-get, as root, when /usr/bin/chromium is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
stamp=$venv/requirements.sha256
wanted=$(cat requirements.txt requirements-test.txt | sha256sum)
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
    echo "$wanted" > "$stamp"
fi
if [ ! -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y chromium
fi
exec "$venv/bin/python" -m pytest "$@"
