"""What identifies a database: its schema version and the hash of the seeds it was built from.

Kept apart from seeds.py and build.py so that the server can check a database without importing the
builder's dependencies."""

from __future__ import annotations

import hashlib
from pathlib import Path

SCHEMA_VERSION = "3"


def dataset_version(seeds_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(seeds_dir).rglob("*.csv")):
        digest.update(path.relative_to(seeds_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
