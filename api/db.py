"""The read-only database connection: opened once per worker, checked before the first request."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .dataset import SCHEMA_VERSION, code_version, dataset_version

REQUIRED_TABLES = {"meta", "states", "aliases", "instruments", "events", "participants", "periods", "rules"}


class DatabaseUnusable(RuntimeError):
    """The database file is missing, unreadable, incomplete or built from other seeds."""


def open_readonly(path: str | Path, seeds_dir: str | Path | None = None,
                  expected_version: str | None = None) -> sqlite3.Connection:
    path = Path(path)
    if not path.is_file():
        raise DatabaseUnusable(f"database {path} does not exist: run `make build`")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusable(f"database {path} is not a readable SQLite file ({exc}): run `make build`") from None
    if check != "ok":
        raise DatabaseUnusable(f"database {path} is corrupt ({check}): run `make build`")
    missing = REQUIRED_TABLES - tables
    if missing:
        raise DatabaseUnusable(f"database {path} lacks tables {', '.join(sorted(missing))}: run `make build`")
    version = conn.execute("SELECT value FROM meta WHERE key = 'dataset_version'").fetchone()
    if version is None:
        raise DatabaseUnusable(f"database {path} has no dataset version: run `make build`")
    schema = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if schema is None or schema[0] != SCHEMA_VERSION:
        raise DatabaseUnusable(f"database {path} has schema {schema and schema[0]}, expected {SCHEMA_VERSION}: run `make build`")
    if expected_version and version[0] != expected_version:
        raise DatabaseUnusable(
            f"database {path} now holds dataset {version[0]}, not the {expected_version} this server loaded: "
            "start a new server (SIGUSR2 then SIGTERM the old one), not a reload")
    built_by = conn.execute("SELECT value FROM meta WHERE key = 'code_version'").fetchone()
    if built_by is None or built_by[0] != code_version():
        raise DatabaseUnusable(f"database {path} was built by other code ({built_by and built_by[0]}, this server's "
                               f"is {code_version()}): run `make build`")
    if seeds_dir and Path(seeds_dir).is_dir():
        expected = dataset_version(Path(seeds_dir))
        if version[0] != expected:
            raise DatabaseUnusable(
                f"database {path} holds dataset {version[0]} but the seeds are {expected}: run `make build`")
    return conn
