#!/usr/bin/env bash
# `make bench`: our API against a bare Flask app, nginx and Datasette, on loopback; see bench/bench.py.
# Installs what it needs if missing (wrk and nginx from Debian, Datasette in bench/.venv-datasette),
# then runs bench/bench.py, which prints the tables and writes bench/RESULTS.md.
# Tunables: BENCH_DURATION (s per load, 5), BENCH_ROUNDS (3), BENCH_CONNECTIONS (16), WORKERS (2).
# Where a varied request's time goes, in process: .venv/bin/python bench/profile_varied.py.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/gunicorn ] || [ ! -f data/treaties.db ]; then
    echo "bench: needs .venv and data/treaties.db: run it as 'make bench'" >&2
    exit 2
fi

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    echo "bench: installing wrk and nginx (Debian packages)"
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench: wrk or nginx missing and not root: install them (apt-get install wrk nginx)" >&2
        exit 2
    fi
    apt-get update -qq && apt-get install -y -qq wrk nginx >/dev/null
fi

if [ ! -x bench/.venv-datasette/bin/datasette ]; then
    echo "bench: installing Datasette 0.65.5 into bench/.venv-datasette"
    python3 -m venv bench/.venv-datasette
    bench/.venv-datasette/bin/pip install --quiet --disable-pip-version-check datasette==0.65.5
fi

BENCH_TMP="$(mktemp -d /tmp/treaty-bench.XXXXXX)"
export BENCH_TMP
BENCH_PID=""
cleanup() {
    local rc=$?
    # bench.py stops what it started when it ends or is sent TERM; the pid list catches anything left
    # should it have been killed outright.
    if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
        kill -TERM "$BENCH_PID" 2>/dev/null || true
        for _ in $(seq 150); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$BENCH_PID" 2>/dev/null || true
    fi
    if [ -f "$BENCH_TMP/pids" ]; then
        while read -r pid; do
            kill -TERM -- "-$pid" 2>/dev/null || true
        done <"$BENCH_TMP/pids"
        sleep 0.5
        while read -r pid; do
            kill -KILL -- "-$pid" 2>/dev/null || true
        done <"$BENCH_TMP/pids"
    fi
    rm -rf "$BENCH_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# In the background and waited for, so that a signal to this script is handled at once (bash runs traps
# only between commands, and `wait` is interruptible).
.venv/bin/python bench/bench.py &
BENCH_PID=$!
wait "$BENCH_PID"
