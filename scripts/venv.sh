# Sourced by run.sh, tests/run.sh and deploy/school.sh (bash): `install_requirements FILE` makes
# .venv once and installs FILE into it, pinned by requirements.lock, again only when FILE, the files
# it includes or the lock change. Works with Debian's and Ubuntu's externally managed Python and on
# macOS. Run from the repository root.

VENV=.venv
LOCK=requirements.lock

checksum() {
    if command -v sha256sum > /dev/null; then sha256sum; else shasum -a 256; fi
}

make_venv() {
    if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2> /dev/null; then
        echo "Python 3.11 or newer is needed as python3; this machine has: $(python3 --version 2>&1)" >&2
        exit 1
    fi
    if python3 -m venv "$VENV"; then
        return
    fi
    rm -rf "$VENV"  # Debian and Ubuntu leave a venv without pip when python3-venv is missing
    if command -v apt-get > /dev/null && [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv \
            || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv; }
        python3 -m venv "$VENV"
    else
        echo "python3 cannot make a virtual environment; on Debian or Ubuntu: sudo apt-get install python3-venv" >&2
        exit 1
    fi
}

install_requirements() {
    local requirements=$1
    local stamp="$VENV/$(basename "$requirements" .txt).sha256"
    local wanted
    wanted=$(cat requirements*.txt "$LOCK" | checksum)
    if [ ! -x "$VENV/bin/pip" ]; then
        make_venv
    fi
    if [ "$(cat "$stamp" 2> /dev/null)" != "$wanted" ]; then
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r "$requirements" -c "$LOCK"
        echo "$wanted" > "$stamp"
    fi
}
