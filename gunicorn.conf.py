"""gunicorn settings shared by `make run`, the tests and the benchmarks."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "2"))
accesslog = os.environ.get("ACCESS_LOG") or None
# Long query strings reach the app, which answers them with a problem+json, not gunicorn's HTML page.
limit_request_line = 0
# The app (code and the immutable catalog) is built once in the master and shared copy-on-write;
# each worker then opens its own read-only connection (post_fork). A database the app refuses
# (api.db.DatabaseUnusable, a RuntimeError) stops gunicorn before any worker starts, with one line:
# "Error: database data/treaties.db does not exist: run `make build`", and exit status 1.
preload_app = True


def post_fork(server, worker):
    """One SQLite connection per worker: a connection must not cross a fork. The file must still hold
    the dataset the master loaded (a SIGHUP after a rebuild would otherwise mix two datasets)."""
    import sys

    from api.db import DatabaseUnusable, open_readonly

    app = server.app.wsgi()
    catalog = app.extensions["catalog"]
    try:
        catalog.conn = open_readonly(app.config["DATABASE"], expected_version=catalog.dataset_version)
    except DatabaseUnusable as exc:
        print(f"Error: {exc}", file=sys.stderr, flush=True)
        sys.exit(3)  # gunicorn's worker-boot-error status: the master stops rather than serve it


def pre_fork(server, worker):
    """Move the preloaded catalog out of the collector's sight: no GC pauses scanning it, no copy-on-write."""
    import gc

    gc.freeze()
