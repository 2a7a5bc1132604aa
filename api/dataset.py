"""What identifies a database: its schema version, and the dataset version: a hash of the seeds it was
built from and of the code that computes the answers (every source file of the api package: rules,
explanations, schemas, routes, the HTTP layer; and the dependency pins in pyproject.toml).

The version is behind every ETag, so it must move whenever an answer can: a fixed rule or a reworded
explanation with the same seeds is a new version, and caches holding the old answers see new ETags. The
build stores the version and its code half (`code_version`) in the database; the server refuses a file
built by other code (its derived tables, and the answers' version, would be another code's) or, where it
has the seeds, from other seeds; each worker checks that the file still holds the version its master
loaded.

Kept apart from seeds.py and build.py so that the server can check a database without importing the
builder's dependencies."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

SCHEMA_VERSION = "4"
PACKAGE = Path(__file__).resolve().parent


def _hash_files(root: Path, *patterns: str) -> str:
    digest = hashlib.sha256()
    found = {p for pattern in patterns for p in root.rglob(pattern) if "__pycache__" not in p.parts}
    for path in sorted(found):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def seeds_version(seeds_dir: Path) -> str:
    # The rows, and the depositary pages with the header counts the build checks them against.
    return _hash_files(Path(seeds_dir), "*.csv", "*.json", "*.html")[:16]


def code_version(package_dir: Path | None = None) -> str:
    """This process's code (hashed once: a forked worker keeps the hash of the code its master loaded), or
    the package in `package_dir`."""
    return _own_code_version() if package_dir is None else _code_hash(Path(package_dir))


@functools.cache
def _own_code_version() -> str:
    return _code_hash(PACKAGE)


def _code_hash(package_dir: Path) -> str:
    digest = hashlib.sha256(_hash_files(package_dir, "*.py").encode())
    # The exact pins of the libraries that shape the answers (marshmallow's output, the docs assets), where
    # the project file sits beside the package; the installed versions themselves take 0.1 s to read.
    pins = package_dir.parent / "pyproject.toml"
    if pins.is_file():
        digest.update(pins.read_bytes())
    return digest.hexdigest()[:16]


def combine(seeds: str, code: str) -> str:
    return hashlib.sha256(f"{seeds}\0{code}".encode()).hexdigest()[:16]


def dataset_version(seeds_dir: Path, package_dir: Path | None = None) -> str:
    return combine(seeds_version(seeds_dir), code_version(package_dir))
