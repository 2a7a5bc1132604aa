#!/usr/bin/env bash
# `make soak`: 60 s of wrk (-t2 -c64) over a mix of URLs against our app under gunicorn (as `make run`:
# gunicorn.conf.py, 2 threaded workers), on 127.0.0.1; 20 s in, one worker is killed with SIGKILL.
# Then, with a second instance started side by side (its own port, its own copy of the database, no
# control socket shared), bench/soak_clients.py runs the hostile scenarios: slow clients against the
# first instance (/healthz every half second within 1 s), oversized and malformed requests, and the
# second instance's database file removed and overwritten while its workers are killed. Last, the
# second instance is stopped with SIGTERM and the first must still answer.
#
# Reports socket errors, non-2xx/3xx split into expected (the 404 and 400 URLs) and unexpected, worker
# RSS at boot, after a warm-up and at the end, and whether gunicorn replaced the killed worker.
# Exits non-zero on any unexpected status, on socket errors beyond the killed worker's open connections
# (wrk keeps its connections alive: each one the killed worker held may see one error), if the worker
# was not replaced, or if a hostile scenario fails.
# Tunables: SOAK_DURATION (60), SOAK_KILL_AT (20), SOAK_CONNECTIONS (64), WORKERS (2),
# SOAK_SLOW_DURATION (60, the slow-client scenario).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${SOAK_DURATION:-60}"
KILL_AT="${SOAK_KILL_AT:-20}"
CONNECTIONS="${SOAK_CONNECTIONS:-64}"
WORKERS="${WORKERS:-2}"
ALLOWED_PER_KILL="$CONNECTIONS"

if [ ! -x .venv/bin/gunicorn ] || [ ! -f data/treaties.db ]; then
    echo "soak: needs .venv and data/treaties.db: run it as 'make soak'" >&2
    exit 2
fi
if ! command -v wrk >/dev/null; then
    echo "soak: installing wrk (Debian package)"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

TMP="$(mktemp -d /tmp/treaty-soak.XXXXXX)"
MASTER=""
SECOND=""
WRK=""
SLEEPER=""
cleanup() {
    local rc=$?
    if [ -n "$SLEEPER" ]; then kill -TERM "$SLEEPER" 2>/dev/null || true; fi
    if [ -n "$WRK" ]; then kill -TERM "$WRK" 2>/dev/null || true; fi
    if [ -n "$SECOND" ]; then kill -TERM -- "-$SECOND" 2>/dev/null || true; fi
    if [ -n "$MASTER" ]; then
        kill -TERM -- "-$MASTER" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$MASTER" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$MASTER" 2>/dev/null || true
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

PORT="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"

workers() {  # the master's children, from /proc
    local children="/proc/$MASTER/task/$MASTER/children" pid
    if [ -r "$children" ]; then
        tr ' ' '\n' <"$children" | grep . | sort -n || true
        return
    fi
    for pid in /proc/[0-9]*; do
        pid="${pid#/proc/}"
        # /proc/PID/stat: "pid (comm) state ppid ...", comm may hold spaces: read after the last ")".
        if [ "$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $2}')" = "$MASTER" ]; then echo "$pid"; fi
    done | sort -n || true
}
rss() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
rss_line() {
    local out="" pid
    for pid in $(workers); do out="$out; pid $pid $(rss "$pid") MB"; done
    echo "${out#; }"
}

# As `make run`, bound to loopback, in its own process group (so cleanup reaches every worker).
# No access log (as in bench/run.sh); no control socket (gunicorn.conf.py: none unless CONTROL_SOCKET).
CTL_BEFORE="$(ls -A "$HOME/.gunicorn" 2>/dev/null | tr '\n' ' ')"
env -u ACCESS_LOG -u PORT -u CONTROL_SOCKET TREATY_DB=data/treaties.db WORKERS="$WORKERS" \
    setsid .venv/bin/gunicorn --config gunicorn.conf.py --bind "127.0.0.1:$PORT" \
    "api:create_app()" >"$TMP/gunicorn.log" 2>&1 &
MASTER=$!
sleep 0.2
grep -q gunicorn "/proc/$MASTER/cmdline" 2>/dev/null || { echo "soak: gunicorn is not pid $MASTER" >&2; exit 1; }
for _ in $(seq 300); do
    if curl -fs -o /dev/null "$BASE/healthz"; then break; fi
    if ! kill -0 "$MASTER" 2>/dev/null; then cat "$TMP/gunicorn.log" >&2; exit 1; fi
    sleep 0.1
done
curl -fs -o /dev/null "$BASE/healthz" || { echo "soak: the app did not start" >&2; cat "$TMP/gunicorn.log" >&2; exit 1; }
sleep 1  # let the second worker finish booting
RSS_BOOT="$(rss_line)"

SHARE="/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20&threshold=2/3"
OK_URLS=(
    "$SHARE"
    "/v1/states/FRA/instruments/ccm?as_of=2023-07-20"
    "/v1/states/LTU/instruments?as_of=2025-03-06"
    "/v1/instruments/ccm/participants?as_of=2023-07-20"
    "/v1/instruments/ccm/participants?as_of=2023-07-20&format=csv"
    "/v1/states"
    "/v1/instruments/nato/changes?from=2024-03-06&to=2024-03-07"
    "/v1/checks/status?instrument=ccm&states=RUS,UKR,USA&status=not_signed&quantifier=all&as_of=2023-07-20"
    "/v1/instruments?as_of=2023-07-20"
)
: >"$TMP/etags"
: >"$TMP/urls"
for url in "${OK_URLS[@]}"; do
    etag="$(curl -fs -D - -o /dev/null "$BASE$url" | tr -d '\r' | awk 'tolower($1) == "etag:" {print $2}')"
    [ -n "$etag" ] || { echo "soak: no ETag on $url" >&2; exit 1; }
    echo "$etag" >>"$TMP/etags"
    printf '200\t-\t%s\n' "$url" >>"$TMP/urls"
done
SHARE_ETAG="$(awk 'NR == 1' "$TMP/etags")"
printf '304\t%s\t%s\n' "$SHARE_ETAG" "$SHARE" >>"$TMP/urls"
printf "404\tUnknown state 'Atlantis'\t/v1/states/Atlantis\n" >>"$TMP/urls"
printf '400\tas_of: Not a valid date\t/v1/instruments/ccm/participants?as_of=2023-02-30\n' >>"$TMP/urls"
# Check each URL answers as its line says before loading them.
while IFS=$'\t' read -r expect marker url; do
    if [ "$expect" = 304 ]; then code="$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $marker" "$BASE$url")"
    else code="$(curl -s -o /dev/null -w '%{http_code}' "$BASE$url")"; fi
    [ "$code" = "$expect" ] || { echo "soak: $url answered $code, expected $expect" >&2; exit 1; }
done <"$TMP/urls"
export SOAK_URLS="$TMP/urls" SOAK_ETAGS="$TMP/etags"
N_URLS="$(wc -l <"$TMP/urls")"

echo "soak: $BASE, $WORKERS workers (master $MASTER), $N_URLS URLs in rotation, wrk -t2 -c$CONNECTIONS -d${DURATION}s"
wrk -t2 -c"$CONNECTIONS" -d3s --timeout 5s -s bench/soak.lua "$BASE/" >/dev/null  # warm-up
RSS_WARM="$(rss_line)"

T0="$(date +%s.%N)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency -s bench/soak.lua "$BASE/" >"$TMP/wrk.out" 2>&1 &
WRK=$!

sleep "$KILL_AT" &  # waited for, so that a signal to this script is handled at once
SLEEPER=$!
wait "$SLEEPER"
SLEEPER=""
BEFORE="$(workers | tr '\n' ' ')"
VICTIM="$(workers | awk 'NR == 1')"
VICTIM_RSS="$(rss "$VICTIM")"
KILLED_AT="$(date +%s.%N)"
kill -KILL "$VICTIM"
REPLACEMENT=""
REPLACED_AT=""
for _ in $(seq 150); do  # up to 15 s
    for pid in $(workers); do
        if [ "$pid" != "$VICTIM" ] && ! grep -qw "$pid" <<<"$BEFORE"; then REPLACEMENT="$pid"; fi
    done
    if [ -n "$REPLACEMENT" ]; then REPLACED_AT="$(date +%s.%N)"; break; fi
    sleep 0.1
done
AFTER="$(workers | tr '\n' ' ')"

wait "$WRK" || true
WRK=""
RSS_END="$(rss_line)"
HEALTH_AFTER="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz" || true)"
REPL_CPU="?"
if [ -n "$REPLACEMENT" ] && [ -r "/proc/$REPLACEMENT/stat" ]; then
    REPL_CPU="$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$REPLACEMENT/stat")"
fi

export T0 KILLED_AT REPLACED_AT VICTIM VICTIM_RSS REPLACEMENT BEFORE AFTER RSS_BOOT RSS_WARM RSS_END \
    HEALTH_AFTER REPL_CPU ALLOWED_PER_KILL DURATION CONNECTIONS
if .venv/bin/python - "$TMP/wrk.out" "$TMP/gunicorn.log" <<'EOF'
import json, os, re, sys

wrk_out = open(sys.argv[1]).read()
log = open(sys.argv[2]).read()
m = re.search(r"^SOAK_JSON (\{.*\})$", wrk_out, re.M)
if not m:
    print("soak: FAIL: wrk gave no result:\n" + wrk_out)
    sys.exit(1)
r = json.loads(m.group(1))
env = os.environ
t0, killed = float(env["T0"]), float(env["KILLED_AT"])
replaced = float(env["REPLACED_AT"]) if env.get("REPLACED_AT") else None
socket_errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
statuses = {int(k): v for k, v in r["statuses"].items()}
classes = r["classes"]
unexpected = classes.get("unexpected", 0)
allowed = int(env["ALLOWED_PER_KILL"])
per_second = {int(k): v for k, v in r["per_second"].items()}
k = int(killed)
window = lambda a, b: sum(per_second.get(s, 0) for s in range(a, b))
unexpected_near = sum(v for s, v in r["unexpected_seconds"].items() if abs(int(s) - k) <= 5)

print(f"requests: {r['requests']} in {r['duration_us'] / 1e6:.1f} s ({r['requests'] / (r['duration_us'] / 1e6):.0f} req/s); "
      f"latency p50 {r['p50_us'] / 1000:.1f} ms, p99 {r['p99_us'] / 1000:.1f} ms, max {r['max_us'] / 1000:.1f} ms")
print("sent per URL: " + ", ".join(f"{u} {n}" for u, n in sorted(r["sent"].items())))
print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
non_ok = sum(n for s, n in statuses.items() if not 200 <= s < 400)
print(f"non-2xx/3xx: {non_ok} = expected {classes.get('expected', 0)} (the 404 and 400 URLs, with their problem "
      f"details) + unexpected {non_ok - classes.get('expected', 0)}")
print(f"unexpected responses (any status not as its URL says, or a 200/304 with an unknown ETag): {unexpected}")
print(f"socket errors: connect {r['connect']}, read {r['read']}, write {r['write']}, timeout {r['timeout']} "
      f"(total {socket_errors})")
print()
print(f"worker kill at +{killed - t0:.1f} s: SIGKILL to pid {env['VICTIM']} (RSS {env['VICTIM_RSS']} MB); "
      f"workers before: {env['BEFORE'].strip()}, after: {env['AFTER'].strip()}")
if replaced:
    print(f"replaced: yes, new worker pid {env['REPLACEMENT']} appeared {replaced - killed:.2f} s after the kill; "
          f"it used {env['REPL_CPU']} s of CPU by the end (it served requests)")
else:
    print("replaced: NO new worker appeared within 15 s")
print(f"gunicorn's log: " + "; ".join(l.split('] ', 2)[-1] for l in log.splitlines()
                                      if env["VICTIM"] in l or (env["REPLACEMENT"] and env["REPLACEMENT"] in l)))
print(f"responses per second around the kill: 5 s before {window(k - 5, k) / 5:.0f}/s, the second of the kill "
      f"{per_second.get(k, 0)}, 5 s after {window(k + 1, k + 6) / 5:.0f}/s")
print(f"errors around the kill: {socket_errors} socket error(s) (wrk does not timestamp them; none is expected "
      f"otherwise, so all are counted against the kill: allowed {allowed}, one per connection the killed "
      f"worker may have held open), {unexpected_near} unexpected response(s) within 5 s of it")
print()
print(f"worker RSS at boot:          {env['RSS_BOOT']}")
print(f"worker RSS after warm-up:    {env['RSS_WARM']}")
print(f"worker RSS at the end:       {env['RSS_END']}")
warm = dict(re.findall(r"pid (\d+) ([\d.]+) MB", env["RSS_WARM"]))
end = dict(re.findall(r"pid (\d+) ([\d.]+) MB", env["RSS_END"]))
for pid in sorted(set(warm) & set(end)):
    print(f"growth of the surviving worker {pid} over the soak: {float(end[pid]) - float(warm[pid]):+.1f} MB")
print(f"/healthz after the soak: {env['HEALTH_AFTER']}")
print()

failures = []
if unexpected:
    failures.append(f"{unexpected} unexpected response(s)")
if socket_errors > allowed:
    failures.append(f"{socket_errors} socket errors, more than the {allowed} the kill explains")
if not replaced:
    failures.append("the killed worker was not replaced")
if env["HEALTH_AFTER"] != "200":
    failures.append(f"/healthz answered {env['HEALTH_AFTER']} after the soak")
if failures:
    print("soak: FAIL: " + "; ".join(failures))
    sys.exit(1)
print(f"soak: PASS: no unexpected status; {socket_errors} socket error(s), within the {allowed} the killed worker's "
      "open connections explain; the worker was replaced")
EOF
then FAILED=""; else FAILED="load-and-kill"; fi

echo
echo "== Hostile clients, with a second instance side by side"
PORT2="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE2="http://127.0.0.1:$PORT2"
cp data/treaties.db "$TMP/second.db"
chmod u+w "$TMP/second.db"
env -u ACCESS_LOG -u PORT -u CONTROL_SOCKET TREATY_DB="$TMP/second.db" WORKERS="$WORKERS" \
    setsid .venv/bin/gunicorn --config gunicorn.conf.py --bind "127.0.0.1:$PORT2" \
    "api:create_app()" >"$TMP/second.log" 2>&1 &
SECOND=$!
for _ in $(seq 300); do curl -fs -o /dev/null "$BASE2/healthz" && break; sleep 0.1; done
echo "second instance: $BASE2 (master $SECOND), /healthz $(curl -s -o /dev/null -w '%{http_code}' "$BASE2/healthz")"
.venv/bin/python bench/soak_clients.py slow "$BASE" || FAILED="$FAILED slow"
.venv/bin/python bench/soak_clients.py oversized "$BASE" || FAILED="$FAILED oversized"
.venv/bin/python bench/soak_clients.py damaged "$BASE2" "$TMP/second.db" "$SECOND" || FAILED="$FAILED damaged"
echo "first instance while the second's file was damaged: /healthz $(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")"
kill -TERM "$SECOND"
for _ in $(seq 300); do kill -0 "$SECOND" 2>/dev/null || break; sleep 0.1; done
SECOND=""
HEALTH_FIRST="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz" || true)"
CTL_AFTER="$(ls -A "$HOME/.gunicorn" 2>/dev/null | tr '\n' ' ')"
echo "second instance stopped (SIGTERM); first instance /healthz: $HEALTH_FIRST;" \
    "files in ~/.gunicorn before: [${CTL_BEFORE% }], after: [${CTL_AFTER% }]"
[ "$HEALTH_FIRST" = 200 ] || FAILED="$FAILED side-by-side"
if [ -n "$FAILED" ]; then echo "soak: FAIL: ${FAILED# }"; exit 1; fi
echo "soak: PASS: every scenario"
