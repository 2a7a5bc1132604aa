"""Faults at start: the server refuses, in one clear line, to serve a database it cannot trust."""

import shutil
import sqlite3

import pytest

from api import create_app
from api.db import DatabaseUnusable
from tests.conftest import FIXTURE_SEEDS, free_port, start_gunicorn


def _bad_databases(real_db, fixture_db, tmp_path):
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(real_db.read_bytes()[:4096])
    corrupt = tmp_path / "corrupt.db"
    data = bytearray(real_db.read_bytes())
    data[100:8192] = b"\xff" * (8192 - 100)
    corrupt.write_bytes(bytes(data))
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    stale = tmp_path / "stale.db"
    shutil.copy(fixture_db, stale)  # built from other seeds than the ones being served
    return {
        "missing": (tmp_path / "missing.db", "does not exist"),
        "truncated": (truncated, "run `make build`"),
        "corrupt": (corrupt, "run `make build`"),
        "garbage": (garbage, "not a readable SQLite file"),
        "stale": (stale, "but the seeds are"),
    }


@pytest.mark.parametrize("kind", ["missing", "truncated", "corrupt", "garbage", "stale"])
def test_gunicorn_refuses_to_start_with_one_line(kind, real_db, fixture_db, tmp_path):
    db, message = _bad_databases(real_db, fixture_db, tmp_path)[kind]
    proc = start_gunicorn(db, free_port())
    out, _ = proc.communicate(timeout=30)
    lines = [line for line in out.decode().splitlines() if line.startswith("Error: database ")]
    assert proc.returncode != 0
    assert len(lines) == 1 and message in lines[0], out.decode()
    assert "Traceback" not in out.decode()


@pytest.mark.parametrize("kind", ["missing", "garbage", "stale"])
def test_create_app_refuses_a_bad_database(kind, real_db, fixture_db, tmp_path):
    db, message = _bad_databases(real_db, fixture_db, tmp_path)[kind]
    with pytest.raises(DatabaseUnusable, match=message.replace("`", ".")):
        create_app({"DATABASE": str(db)})


def test_fixture_database_is_accepted_with_its_own_seeds(fixture_db):
    assert create_app({"DATABASE": str(fixture_db), "SEEDS_DIR": str(FIXTURE_SEEDS)})


def test_the_app_keeps_no_connection_and_a_write_through_a_checked_one_fails(app, real_db):
    from api.db import open_readonly

    assert not any(isinstance(v, sqlite3.Connection) for v in vars(app.extensions["catalog"]).values())
    conn = open_readonly(real_db)
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
        conn.execute("DELETE FROM events")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("CREATE TABLE evil (x)")
    conn.close()
