"""The database file's life: checked and read once into the catalogue (in the gunicorn master, which
preloads the app), then closed; afterwards only watched, so that /healthz can say when the file on disk
is no longer the one the server answers from.

    python -m api.db --check [PATH]   exit 0 if PATH is a database the server would load, else 1 and why
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import sys
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .config import from_env
from .dataset import SCHEMA_VERSION, code_version, dataset_version

REQUIRED_TABLES = {"meta", "states", "aliases", "instruments", "events", "participants", "periods", "rules", "packed"}


class DatabaseUnusable(RuntimeError):
    """The database file is missing, unreadable, incomplete or built from other seeds."""


def open_readonly(path: str | Path, seeds_dir: str | Path | None = None) -> sqlite3.Connection:
    """A read-only connection to a file that passed every check; the caller closes it."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseUnusable(f"database {path} does not exist: run `make build`")
    conn = None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        _check(conn, path, seeds_dir)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise DatabaseUnusable(f"database {path} is not a readable SQLite file ({exc}): run `make build`") from None
    except DatabaseUnusable:
        conn.close()
        raise
    return conn


def _check(conn: sqlite3.Connection, path: Path, seeds_dir: str | Path | None) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
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
    built_by = conn.execute("SELECT value FROM meta WHERE key = 'code_version'").fetchone()
    if built_by is None or built_by[0] != code_version():
        raise DatabaseUnusable(f"database {path} was built by other code ({built_by and built_by[0]}, this server's "
                               f"is {code_version()}): run `make build`")
    if seeds_dir and Path(seeds_dir).is_dir():
        expected = dataset_version(Path(seeds_dir))
        if version[0] != expected:
            raise DatabaseUnusable(
                f"database {path} holds dataset {version[0]} but the seeds are {expected}: run `make build`")


def stored_version(path: str | Path, seeds_dir: str | Path | None = None) -> str:
    """The dataset version of a file that passes every check (DatabaseUnusable if it does not)."""
    with closing(open_readonly(path, seeds_dir)) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'dataset_version'").fetchone()[0]


def _stat_key(path: Path) -> tuple[int, int, int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


@dataclass
class LoadedFile:
    """The file the catalogue was read from, as it was then: device, inode, size, mtime and dataset version."""

    path: Path
    stat_key: tuple[int, int, int, int]
    dataset_version: str
    # The last look inside a changed file, keyed by its stat: a probe every half second stats, never re-reads.
    _seen: tuple[tuple[int, int, int, int], str | None] | None = None

    def problem(self) -> str | None:
        """What is wrong with the file on disk now, or None while it still holds the dataset being served."""
        serving = f"the server answers from dataset {self.dataset_version}, loaded at start"
        try:
            key = _stat_key(self.path)
        except FileNotFoundError:
            return f"database {self.path} was removed; {serving}"
        except OSError as exc:
            return f"database {self.path} cannot be read ({exc.strerror}); {serving}"
        if key == self.stat_key:
            return None
        if self._seen is not None and self._seen[0] == key:
            return self._seen[1]
        try:
            version = stored_version(self.path)
        except DatabaseUnusable as exc:
            found = f"database {self.path} was changed and is unusable: {str(exc).split(': run')[0]}; {serving}"
        else:
            found = None if version == self.dataset_version else (
                f"database {self.path} was replaced by dataset {version}; {serving}: start a new server on the file")
        self._seen = (key, found)
        return found


def load(path: str | Path, seeds_dir: str | Path | None = None) -> tuple[Catalog, LoadedFile]:
    """Check the file, read all of it into a Catalog and close it. A file changed while being read is refused."""
    path = Path(path)
    before = _stat_key(path) if path.is_file() else None
    with closing(open_readonly(path, seeds_dir)) as conn:
        catalog = Catalog.load(conn)
    if before != _stat_key(path):
        raise DatabaseUnusable(f"database {path} changed while it was being loaded: start again")
    return catalog, LoadedFile(path, before, catalog.dataset_version)


def init_app(app) -> None:
    """The one place the app meets the database: the catalogue is a snapshot, no connection stays open."""
    catalog, loaded = load(app.config["DATABASE"], app.config.get("SEEDS_DIR"))
    app.extensions["catalog"] = catalog
    app.extensions["database_file"] = loaded


def warm_in_background(app) -> threading.Thread:
    """In a new worker: make, in a thread of its own, what the first questions would otherwise make one at
    a time (every instrument's standings, every interval's lists), then move it out of the collector's
    sight as the master's pre_fork did for the catalogue. The worker answers meanwhile; a question that
    comes first makes what it needs itself, with the same result."""

    def warm():
        app.extensions["catalog"].warm()
        gc.freeze()

    thread = threading.Thread(target=warm, name="warm-catalog", daemon=True)
    thread.start()
    return thread


def database_problem(app) -> str | None:
    return app.extensions["database_file"].problem()


def main(argv: list[str] | None = None) -> int:
    config = from_env()
    parser = argparse.ArgumentParser(prog="python -m api.db", description="Check a database file.")
    parser.add_argument("--check", nargs="?", const=config["DATABASE"], metavar="PATH", required=True,
                        help="the file to check (default: $TREATY_DB or data/treaties.db)")
    parser.add_argument("--seeds", default=config["SEEDS_DIR"],
                        help="the seed folder it must have been built from (default: $TREATY_SEEDS or seeds/)")
    args = parser.parse_args(argv)
    try:
        version = stored_version(args.check, args.seeds)
    except DatabaseUnusable as exc:
        print(f"{exc.args[0].split(': run')[0]}", file=sys.stderr)
        return 1
    print(f"database {args.check}: dataset {version}, checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
