import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from api import create_app
from api.build import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURE_SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def keep(cache, key, response):
    """An answer is kept the second time it is rendered (ResponseCache)."""
    cache.put(key, response)
    cache.put(key, response)


@pytest.fixture(scope="session")
def real_db(tmp_path_factory):
    """The real seeds, built once into a fresh database."""
    path = tmp_path_factory.mktemp("real") / "treaties.db"
    build(SEEDS, path)
    return path


@pytest.fixture(scope="session")
def app(real_db):
    return create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS), "TODAY": "2025-11-25"})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("fixture") / "fixture.db"
    build(FIXTURE_SEEDS, path)
    return path


@pytest.fixture(scope="session")
def fixture_client(fixture_db):
    app = create_app({"TESTING": True, "DATABASE": str(fixture_db), "SEEDS_DIR": str(FIXTURE_SEEDS),
                      "TODAY": "2024-01-01"})
    return app.test_client()


@pytest.fixture()
def seeds_copy(tmp_path):
    """A writable copy of the fixture seeds, for tests that break them."""
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(db, port, seeds=SEEDS, workers=2, env_extra=None, cwd=ROOT, **popen):
    """gunicorn on `db`, running the code in `cwd` (this checkout, or a changed copy of it)."""
    env = {**os.environ, "TREATY_DB": str(db), "TREATY_SEEDS": str(seeds), **(env_extra or {})}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "--config", "gunicorn.conf.py", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "api:create_app()"],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen,
    )


@pytest.fixture(scope="session")
def server(real_db):
    """A real gunicorn serving the real database on a free loopback port."""
    port = free_port()
    proc = start_gunicorn(real_db, port)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("gunicorn did not start: " + proc.stdout.read().decode(errors="replace"))
    yield base
    proc.terminate()
    proc.wait(timeout=10)
