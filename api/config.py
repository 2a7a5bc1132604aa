"""Defaults and environment overrides; nothing runs at import."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def from_env(environ=os.environ) -> dict:
    return {
        "DATABASE": environ.get("TREATY_DB", str(ROOT / "data" / "treaties.db")),
        "SEEDS_DIR": environ.get("TREATY_SEEDS", str(ROOT / "seeds")),
        # "Today" for requests without as_of; settable so that answers can be reproduced.
        "TODAY": environ.get("TREATY_TODAY") or None,
        "CACHE_MAX_AGE": int(environ.get("TREATY_CACHE_MAX_AGE", "3600")),
        # Memory the response cache may take per worker (bodies, headers, keys), in bytes; 0 turns it off.
        "RESPONSE_CACHE_BYTES": int(environ.get("TREATY_RESPONSE_CACHE_BYTES", str(32 * 1024 * 1024))),
        "RESPONSE_CACHE_MAX_BODY": int(environ.get("TREATY_RESPONSE_CACHE_MAX_BODY", str(512 * 1024))),
    }
