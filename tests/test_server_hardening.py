"""What the server (gunicorn, api/serving.py, gunicorn.conf.py) does before and around the app: slow and
hostile clients, protocol errors, limits, the access log, shutdown, and a database file damaged while
serving. Every test runs a real gunicorn on 127.0.0.1 and is bounded in time."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, SEEDS, free_port, start_gunicorn


def _wait_up(base, proc, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/healthz", timeout=1)
            return
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited: " + proc.stdout.read().decode(errors="replace")) from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture()
def own_server(real_db, tmp_path):
    """A gunicorn of its own on a copy of the database (which the test may damage), with its access log."""
    db = tmp_path / "treaties.db"
    shutil.copy(real_db, db)
    port = free_port()
    log = tmp_path / "access.log"
    proc = start_gunicorn(db, port, env_extra={"ACCESS_LOG": str(log)})
    base = f"http://127.0.0.1:{port}"
    _wait_up(base, proc)
    yield base, port, db, proc, log
    _stop(proc)


def _raw(port, data: bytes, timeout=5) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _status_and_body(raw: bytes):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /v1/states?" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /v1/states HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /v1/states HTTP/9.9\r\nHost: x\r\n\r\n", 400),
    (b"GET /v1/states HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n", 501),
    (b"GET /v1/states HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n", 400),
])
def test_protocol_errors_are_problem_json(server, request_bytes, status):
    port = int(server.rsplit(":", 1)[1])
    code, headers, body = _status_and_body(_raw(port, request_bytes))
    assert code == status
    assert headers["content-type"] == "application/problem+json" and headers["cache-control"] == "no-store"
    problem = json.loads(body)
    assert problem["status"] == status and problem["detail"] and "<" not in body.decode()


def test_an_encoded_slash_and_doubled_slashes_are_not_routed_nor_redirected(server):
    r = requests.get(server + "/v1/states/FRA%2Finstruments%2Fccm", timeout=5)
    assert r.status_code == 404 and "encoded slash" in r.json()["detail"]
    r = requests.get(server + "//v1//states//LTU", headers={"Host": "evil.example"}, timeout=5,
                     allow_redirects=False)
    assert r.status_code == 404 and "Location" not in r.headers


def test_long_urls_are_shortened_in_the_access_log(own_server):
    base, port, _db, _proc, log = own_server
    r = requests.get(base + "/v1/states/" + "Q" * 6000, timeout=5)
    assert r.status_code == 404
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "QQQ" not in log.read_text():
        time.sleep(0.1)
    line = next(x for x in log.read_text().splitlines() if "QQQ" in x)
    assert len(line) < 1000 and "[6" in line  # cut, with the length it had


def test_healthz_answers_while_slow_clients_hold_connections(server):
    """Idle sockets, headers dripped a byte at a time and unread answers hold threads, not workers."""
    port = int(server.rsplit(":", 1)[1])
    stop = threading.Event()
    sockets = []

    def drip(s):
        try:
            for byte in b"GET /v1/states HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"z" * 100:
                if stop.wait(0.5):
                    return
                s.send(bytes([byte]))
        except OSError:
            pass

    for _ in range(4):
        sockets.append(socket.create_connection(("127.0.0.1", port)))
    drippers = []
    for _ in range(4):
        s = socket.create_connection(("127.0.0.1", port))
        sockets.append(s)
        drippers.append(threading.Thread(target=drip, args=(s,), daemon=True))
    for _ in range(2):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: a small window
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /docs/assets/swagger-ui-bundle.js HTTP/1.1\r\nHost: x\r\n\r\n")
        sockets.append(s)
    for t in drippers:
        t.start()
    try:
        for _ in range(8):  # 4 s with every slow client in place
            r = requests.get(server + "/healthz", timeout=5)
            assert r.status_code == 200
            time.sleep(0.5)
    finally:
        stop.set()
        for s in sockets:
            s.close()


def test_a_request_not_sent_in_time_is_answered_408(server):
    port = int(server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"GET /v1/states HTTP/1.1\r\n")  # and never the rest
        raw = b""
        while chunk := s.recv(4096):
            raw += chunk
    code, headers, body = _status_and_body(raw)
    assert code == 408 and headers["content-type"] == "application/problem+json"


def test_listens_on_loopback_unless_host_says_otherwise():
    env = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "CONTROL_SOCKET")}
    code = ("cfg = {}; exec(open('gunicorn.conf.py').read(), cfg)\n"
            "print(cfg['bind'], cfg['control_socket_disable'])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["127.0.0.1:8000", "True"]
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "HOST": "0.0.0.0"},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "0.0.0.0:8000"


def test_two_instances_side_by_side_keep_no_shared_control_socket(real_db, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_RUNTIME_DIR": ""}
    ports = [free_port(), free_port()]
    procs = [start_gunicorn(real_db, p, env_extra=env) for p in ports]
    try:
        for port, proc in zip(ports, procs):
            _wait_up(f"http://127.0.0.1:{port}", proc)
        _stop(procs[0])
        assert requests.get(f"http://127.0.0.1:{ports[1]}/healthz", timeout=5).status_code == 200
        assert not any(home.rglob("*.ctl"))
    finally:
        for proc in procs:
            _stop(proc)


def test_sigterm_answers_the_connections_already_queued(real_db):
    port = free_port()
    proc = start_gunicorn(real_db, port, workers=1)
    base = f"http://127.0.0.1:{port}"
    _wait_up(base, proc)
    worker = _children(proc.pid)[0]
    os.kill(worker, signal.SIGSTOP)  # nothing accepts: the connections wait in the listen queue
    sockets = []
    try:
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(b"GET /v1/states/FRA HTTP/1.1\r\nHost: x\r\n\r\n")
            sockets.append(s)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)  # the master has closed its listener and signalled the worker
        os.kill(worker, signal.SIGCONT)
        statuses = [_status_and_body(_read_all(s))[0] for s in sockets]
    finally:
        for s in sockets:
            s.close()
        os.kill(worker, signal.SIGCONT)
        _stop(proc)
    assert statuses == [200] * 5


def _read_all(s) -> bytes:
    raw = b""
    while chunk := s.recv(65536):
        raw += chunk
    return raw


def _children(pid: int) -> list[int]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if kids:
            return [int(k) for k in kids]
        time.sleep(0.1)
    raise RuntimeError("no worker")


def test_a_database_file_damaged_while_serving(own_server, fixture_db):
    """Removed, replaced by another dataset, overwritten: the data endpoints answer from memory, /healthz
    says what is wrong with a 503, and a worker killed meanwhile is replaced without reading the file."""
    base, _port, db, proc, _log = own_server
    url = base + "/v1/states/FRA/instruments/ccm?as_of=2023-07-20"
    assert requests.get(base + "/healthz", timeout=5).status_code == 200

    db.unlink()
    _assert_unhealthy(base, "removed")
    assert requests.get(url, timeout=5).status_code == 200

    shutil.copy(fixture_db, db)
    _assert_unhealthy(base, "replaced by dataset")

    db.chmod(0o644)
    db.write_bytes(b"this is not a database" * 100)
    _assert_unhealthy(base, "unusable")

    for worker in _children(proc.pid):
        os.kill(worker, signal.SIGKILL)
    time.sleep(1)
    assert proc.poll() is None, "the master stopped"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        pytest.fail("no worker answered after the kill")
    _assert_unhealthy(base, "unusable")


def _assert_unhealthy(base, words):
    r = requests.get(base + "/healthz", timeout=5)
    assert r.status_code == 503 and r.headers["Content-Type"] == "application/problem+json", r.text
    assert words in r.json()["detail"] and r.headers["Cache-Control"] == "no-store"


def test_make_build_repairs_a_damaged_file(real_db, tmp_path):
    db = tmp_path / "treaties.db"
    db.write_bytes(real_db.read_bytes()[:4096])  # truncated, and newer than every seed
    check = [sys.executable, "-m", "api.db", "--check", str(db), "--seeds", str(SEEDS)]
    failed = subprocess.run(check, cwd=ROOT, capture_output=True, text=True)
    assert failed.returncode == 1 and str(db) in failed.stderr
    out = subprocess.run(["make", "--no-print-directory", f"DB={db}", "db"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Nothing to be done" not in out.stdout
    assert subprocess.run(check, cwd=ROOT, capture_output=True).returncode == 0
