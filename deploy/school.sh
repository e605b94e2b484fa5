#!/usr/bin/env bash
# Serve the lessons to a whole school from one machine: N Streamlit replicas on 127.0.0.1 behind
# HAProxy, which keeps each browser on its own replica with a cookie.
#
#   bash deploy/school.sh N [streamlit options]     e.g. bash deploy/school.sh 4
#
# Students open http://<this machine>:8501. Stop everything with Ctrl-C (or SIGTERM to this script).
# Environment: PORT (8501) and BIND (every interface) for HAProxy; FIRST_PORT (8601): replica i
# listens on 127.0.0.1:FIRST_PORT+i-1; RUN_DIR (a new temporary directory): HAProxy's config and
# socket, each replica's log and PID file; PYTHON: a Python with the requirements installed (by
# default .venv, made and filled as run.sh does). Installs Debian's haproxy with apt-get (as root)
# when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=${1:?usage: bash deploy/school.sh N [streamlit options]}
shift
PORT=${PORT:-8501}
BIND=${BIND:-}
FIRST_PORT=${FIRST_PORT:-8601}
RUN_DIR=${RUN_DIR:-$(mktemp -d)}
mkdir -p "$RUN_DIR"

if [ -z "${PYTHON:-}" ]; then
    source scripts/venv.sh
    install_requirements requirements.txt
    PYTHON=$VENV/bin/python
fi
if ! command -v haproxy > /dev/null && [ ! -x /usr/sbin/haproxy ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y haproxy
fi
export PATH=$PATH:/usr/sbin
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}  # see run.sh

children=()
stop() {
    trap - EXIT INT TERM
    kill "${children[@]}" 2> /dev/null || true
    wait || true
}
trap stop EXIT INT TERM

config=$RUN_DIR/haproxy.cfg
cp deploy/haproxy.cfg "$config"
for ((i = 1; i <= replicas; i++)); do
    port=$((FIRST_PORT + i - 1))
    "$PYTHON" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
        --server.port "$port" "$@" > "$RUN_DIR/replica$i.log" 2>&1 &
    children+=($!)
    echo $! > "$RUN_DIR/replica$i.pid"
    echo "    server replica$i 127.0.0.1:$port cookie replica$i" >> "$config"
    echo "replica$i: 127.0.0.1:$port, PID $!, log $RUN_DIR/replica$i.log"
done

export HAPROXY_BIND=$BIND HAPROXY_PORT=$PORT HAPROXY_RUN_DIR=$RUN_DIR
haproxy -c -q -f "$config"
haproxy -db -f "$config" &
haproxy=$!
children+=("$haproxy")
echo "$haproxy" > "$RUN_DIR/haproxy.pid"
echo "HAProxy: ${BIND:-*}:$PORT, PID $haproxy, config $config"
wait "$haproxy"
