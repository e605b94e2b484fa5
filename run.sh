#!/usr/bin/env bash
# Install the app's requirements into .venv, once, then start it: bash run.sh [streamlit options]
# e.g. bash run.sh --server.port 8080. Works on a fresh Debian or Ubuntu (as root it installs
# python3-venv with apt-get when missing) and on macOS.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh

install_requirements requirements.txt
# Two malloc arenas instead of eight per core: the server's threads otherwise each keep freed
# picture buffers in their own arena, and the process never shrinks.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
exec "$VENV/bin/python" -m streamlit run app.py "$@"
