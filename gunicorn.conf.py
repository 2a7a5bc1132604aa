"""gunicorn settings shared by `make run`, the tests and the benchmarks."""

import os
import sys

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "2"))
accesslog = os.environ.get("ACCESS_LOG") or None
# Long query strings reach the app, which answers them with a problem+json, not gunicorn's HTML page.
limit_request_line = 0


def on_starting(server):
    """Refuse to start, in one line, on a database the workers could not serve."""
    from api.config import from_env
    from api.db import DatabaseUnusable, open_readonly

    config = from_env()
    try:
        open_readonly(config["DATABASE"], config["SEEDS_DIR"]).close()
    except DatabaseUnusable as exc:
        print(f"treaty-api: not starting: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)
