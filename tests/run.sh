#!/usr/bin/env bash
# Install what the tests need, once, then run every test: bash tests/run.sh [pytest options]
# Uses .venv (created if missing, reinstalled when a requirements file changes) and Debian's chromium and
# libzbar0 (installed with apt-get, as root, when missing).
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
# Debian packages: chromium for the browser tests, libzbar0 for pyzbar (decodes the QR codes).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libzbar0 >/dev/null 2>&1 || missing+=(libzbar0)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y "${missing[@]}"
fi
exec "$venv/bin/python" -m pytest "$@"
