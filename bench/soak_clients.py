"""Hostile clients for `make soak` (bench/soak.sh runs it; it prints figures and exits 1 on a failure).

  slow BASE       8 idle sockets, 8 that drip headers a byte a second and 4 that ask for the largest body
                  (the docs bundle, 1.6 MB) and never read it, each reopened when the server closes it,
                  held for SOAK_SLOW_DURATION s (60); /healthz asked every half second must answer 200
                  within 1 s every time.
  oversized BASE  request lines and headers over the 8 KB limits, a 16 MB URL, too many headers and
                  malformed requests: each must be answered quickly with its 4xx/501 as problem+json.
  damaged BASE DB PID
                  the file DB served by the instance at BASE (master PID) is removed, replaced by garbage
                  and its workers killed: data must still be answered, /healthz must say 503, the master
                  must replace the workers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

HOSTILE = {"idle": 8, "drip": 8, "unread": 4}
BUNDLE = "/docs/assets/swagger-ui-bundle.js"


def _addr(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    return parts.hostname, parts.port


def _get(base: str, path: str, timeout: float = 5.0) -> tuple[int, dict, bytes, float]:
    start = time.monotonic()
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read(), time.monotonic() - start
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read(), time.monotonic() - start


def slow(base: str) -> list[str]:
    duration = float(os.environ.get("SOAK_SLOW_DURATION", "60"))
    addr = _addr(base)
    stop = threading.Event()
    opened = {kind: 0 for kind in HOSTILE}
    lock = threading.Lock()

    def hold(kind: str):
        while not stop.is_set():
            s = socket.socket()
            if kind == "unread":
                # Before connecting, or the window is already open: a small window, so that the answer
                # stalls in the server's send buffer rather than filling this one.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            try:
                s.settimeout(2)
                s.connect(addr)
            except OSError:
                s.close()
                stop.wait(0.2)
                continue
            with lock:
                opened[kind] += 1
            try:
                if kind == "unread":
                    s.sendall(f"GET {BUNDLE} HTTP/1.1\r\nHost: soak\r\n\r\n".encode())
                if kind == "drip":
                    for byte in b"GET /v1/states HTTP/1.1\r\nHost: soak\r\nX-Drip: " + b"z" * 10_000:
                        if stop.wait(1.0):
                            break
                        s.send(bytes([byte]))
                elif kind == "idle":
                    s.settimeout(1.0)
                    while not stop.is_set():  # until the server closes it, then open another
                        try:
                            if s.recv(1) == b"":
                                break
                        except socket.timeout:
                            continue
                else:
                    stop.wait()  # never read: the answer stalls in the buffers between server and client
            except OSError:
                pass
            finally:
                s.close()

    threads = [threading.Thread(target=hold, args=(kind,), daemon=True)
               for kind, n in HOSTILE.items() for _ in range(n)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # every hostile connection in place before the first probe
    probes, failures, worst = 0, [], 0.0
    end = time.monotonic() + duration
    while time.monotonic() < end:
        t0 = time.monotonic()
        try:
            status, _, _, took = _get(base, "/healthz", timeout=5)
        except OSError as exc:
            status, took = f"error {exc}", time.monotonic() - t0
        probes += 1
        worst = max(worst, took)
        if status != 200 or took > 1.0:
            failures.append(f"+{t0 - (end - duration):.1f} s: {status} in {took:.2f} s")
        time.sleep(max(0.0, 0.5 - (time.monotonic() - t0)))
    stop.set()
    for t in threads:
        t.join(timeout=5)
    print(f"slow clients: {HOSTILE['idle']} idle, {HOSTILE['drip']} dripping headers 1 byte/s, "
          f"{HOSTILE['unread']} never reading {BUNDLE}, held {duration:.0f} s; connections opened "
          f"(reopened when the server closed them): " + ", ".join(f"{k} {v}" for k, v in opened.items()))
    print(f"  /healthz every 0.5 s: {probes} probes, slowest {worst * 1000:.0f} ms, "
          f"{len(failures)} not 200 within 1 s" + (": " + "; ".join(failures[:5]) if failures else ""))
    return [f"/healthz failed {len(failures)} of {probes} probes under slow clients"] if failures else []


OVERSIZED = [
    ("request line 9 KB", lambda: b"GET /v1/states?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: soak\r\n\r\n", 414),
    ("URL 16 MB", lambda: b"GET /v1/states?q=" + b"a" * (16 << 20) + b" HTTP/1.1\r\nHost: soak\r\n\r\n", 414),
    ("header 9 KB", lambda: b"GET /v1/states HTTP/1.1\r\nHost: soak\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
    ("101 headers", lambda: b"GET /v1/states HTTP/1.1\r\nHost: soak\r\n" + b"X-H: 1\r\n" * 101 + b"\r\n", 431),
    ("bad request line", lambda: b"NOT HTTP\r\n\r\n", 400),
    ("Transfer-Encoding: xchunked", lambda: b"GET /v1/states HTTP/1.1\r\nHost: soak\r\n"
                                            b"Transfer-Encoding: xchunked\r\n\r\n", 501),
]


def oversized(base: str) -> list[str]:
    addr, failures = _addr(base), []
    for name, make, expected in OVERSIZED:
        data = make()
        t0 = time.monotonic()
        raw = b""
        with socket.create_connection(addr, timeout=10) as s:
            sender = threading.Thread(target=_send_quietly, args=(s, data), daemon=True)
            sender.start()
            try:
                while chunk := s.recv(65536):
                    raw += chunk
            except OSError:
                pass
        took = time.monotonic() - t0
        head, _, body = raw.partition(b"\r\n\r\n")
        status = int(head.split()[1]) if head.startswith(b"HTTP/") else None
        ctype = next((l.split(b":", 1)[1].strip().decode() for l in head.split(b"\r\n")
                      if l.lower().startswith(b"content-type:")), None)
        ok = status == expected and ctype == "application/problem+json" and json.loads(body)["status"] == expected
        print(f"oversized: {name:<28} -> {status} {ctype} in {took * 1000:.0f} ms{'' if ok else '  FAIL'}")
        if not ok:
            failures.append(f"{name}: {status} {ctype}")
    return failures


def _send_quietly(s, data):
    try:
        s.sendall(data)
    except OSError:
        pass  # the server answered and closed before reading it all: expected


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def damaged(base: str, db: str, master: int) -> list[str]:
    failures, path = [], Path(db)
    data_url = "/v1/states/FRA/instruments/ccm?as_of=2023-07-20"

    def look(step):
        health, _, body, _ = _get(base, "/healthz")
        data = _get(base, data_url)[0]
        detail = json.loads(body).get("detail", "ok") if health != 200 else "ok"
        print(f"damaged file: {step:<38} /healthz {health} ({detail[:90]}); data {data}")
        return health, data

    if look("as built") != (200, 200):
        failures.append("not healthy before the damage")
    path.unlink()
    if look("removed") != (503, 200):
        failures.append("removed file: expected /healthz 503 and data 200")
    path.write_bytes(b"not a database" * 1000)
    if look("replaced by garbage") != (503, 200):
        failures.append("garbage file: expected /healthz 503 and data 200")
    before = _children(master)
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    deadline, after = time.monotonic() + 15, []
    while time.monotonic() < deadline:
        time.sleep(0.2)
        after = [p for p in _children(master) if p not in before]
        if len(after) >= len(before):
            break
    alive = Path(f"/proc/{master}").exists()
    print(f"damaged file: every worker killed ({len(before)}), master alive: {alive}, "
          f"replaced by {len(after)} new worker(s)")
    if not alive or len(after) < len(before):
        failures.append("workers not replaced (or master gone) with a damaged file")
    if look("after the workers were replaced") != (503, 200):
        failures.append("after the replacement: expected /healthz 503 and data 200")
    return failures


def main(argv: list[str]) -> int:
    scenario, args = argv[0], argv[1:]
    failures = {"slow": slow, "oversized": oversized}.get(scenario, None)
    failures = failures(*args) if failures else damaged(args[0], args[1], int(args[2]))
    for f in failures:
        print(f"soak: FAIL: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
