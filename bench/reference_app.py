"""The reference: a bare Flask app answering one constant JSON body.

Served by bench/run.sh under the same gunicorn settings as the API (gunicorn.conf.py, same worker
count), it measures what Flask + gunicorn cost with no routing arguments, validation, domain work or
serialisation. The body is read once from $REFERENCE_BODY (a file holding the API's own share-check
response, so the bytes on the wire are the same size).
"""

from __future__ import annotations

import os

from flask import Flask, Response


def create_app() -> Flask:
    app = Flask(__name__)
    with open(os.environ["REFERENCE_BODY"], "rb") as f:
        body = f.read()

    @app.get("/constant")
    def constant():
        return Response(body, mimetype="application/json")

    # The same constant for any other path: the varied loads' URLs (bench/report.lua), so that bare Flask is
    # measured under the same client-side work as our app's varied loads.
    @app.get("/<path:anything>")
    def any_path(anything):
        return Response(body, mimetype="application/json")

    @app.get("/healthz")
    def healthz():
        return Response(b'{"status":"ok"}', mimetype="application/json")

    return app
