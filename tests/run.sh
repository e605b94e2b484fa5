#!/usr/bin/env bash
# Install what the tests need, once, then run every test: bash tests/run.sh [pytest options]
# Uses .venv (created if missing, reinstalled when a requirements file or requirements.lock changes),
# Debian's chromium, libzbar0 and haproxy (installed with apt-get, as root, when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

install_requirements requirements-test.txt
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v haproxy > /dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
dpkg -s libzbar0 > /dev/null 2>&1 || missing+=(libzbar0)  # pyzbar decodes the QR codes
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y "${missing[@]}"
fi
exec "$VENV/bin/python" -m pytest "$@"
