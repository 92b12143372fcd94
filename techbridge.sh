#!/usr/bin/env bash
# TechBridge's two everyday commands, on a fresh machine with Python 3.11+ (and npm):
#   ./techbridge.sh demo   install, migrate, load the demo data and serve it
#   ./techbridge.sh test   install, then run the whole test suite on SQLite and PostgreSQL
set -euo pipefail
cd "$(dirname "$0")"

VENV="${TECHBRIDGE_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

install() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -m venv "$VENV"
    fi
    # Reinstall only when the dependency list changed.
    local stamp="$VENV/.techbridge-$(sha1sum pyproject.toml | cut -c1-12)"
    if [ ! -f "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
        touch "$stamp"
    fi
    if command -v npm >/dev/null 2>&1; then
        if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
            npm ci --no-audit --no-fund --loglevel=error
        fi
    else
        echo "warning: npm not found; pages will be served without Tabler, htmx and ECharts" >&2
    fi
}

case "${1:-}" in
    demo)
        shift
        install
        export TECHBRIDGE_DEMO=1
        exec "$VENV/bin/techbridge" demo "$@"
        ;;
    test)
        shift
        install
        exec "$VENV/bin/python" -m techbridge.testing.run_all "$@"
        ;;
    *)
        echo "usage: $0 demo [--port N] [--reset] | test [pytest args...]" >&2
        exit 2
        ;;
esac
