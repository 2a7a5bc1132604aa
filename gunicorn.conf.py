"""gunicorn settings shared by `make run`, the tests and the benchmarks.

Environment: HOST (127.0.0.1; 0.0.0.0 to serve other machines), PORT (8000), WORKERS (2), THREADS (32),
ACCESS_LOG (a path, or - for stderr; none by default), CONTROL_SOCKET (a path for gunicornc; none by default).
"""

import os

bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "2"))

# Threads, not one request per process: a client that connects and sends nothing, drips its headers or
# reads its answer slowly holds one thread, not a whole worker, and api.serving bounds how long (10 s to
# send a request, 30 s to take an answer). The app is CPU-bound under the GIL, so threads add no
# throughput: they are there to wait on slow sockets.
worker_class = "api.serving.Worker"
threads = int(os.environ.get("THREADS", "32"))
keepalive = 5
# A worker that stops answering its master's heartbeat for this long is replaced.
timeout = 30
# SIGTERM: stop accepting, answer every connection already accepted or waiting in the listen queue,
# and give the answers in progress this long before the master kills the worker.
graceful_timeout = 20

# 8 KB for the request line and each header (the common default): longer is refused before the app
# with 414 / 431 (problem+json, api.serving), in microseconds rather than a parse of megabytes.
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 100

accesslog = os.environ.get("ACCESS_LOG") or None
logger_class = "api.serving.AccessLog"

# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which every
# instance would share (one instance's shutdown deletes another's socket): none unless asked for.
control_socket_disable = not os.environ.get("CONTROL_SOCKET")
if os.environ.get("CONTROL_SOCKET"):
    control_socket = os.environ["CONTROL_SOCKET"]

# The app, with the whole catalogue, is built once in the master and shared copy-on-write; the database
# file is closed before any worker starts, so a replaced worker cannot fail on a file damaged since.
# A database the app refuses (api.db.DatabaseUnusable, a RuntimeError) stops gunicorn before any worker
# starts, with one line: "Error: database data/treaties.db does not exist: run `make build`", exit 1.
preload_app = True


def pre_fork(server, worker):
    """Move the preloaded catalog out of the collector's sight: no GC pauses scanning it, no copy-on-write."""
    import gc

    gc.freeze()


def post_request(worker, req, environ, resp):
    """Once a worker has given its first answer (so that nothing delays that one), it makes in the background
    the standings and interval lists that the first question about each would otherwise wait for: see
    api.db.warm_in_background."""
    if getattr(worker, "warming", None) is None:
        from api.db import warm_in_background

        worker.warming = warm_in_background(worker.wsgi)
