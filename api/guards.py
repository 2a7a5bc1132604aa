"""Requests refused before routing: an encoded slash (`%2F`) in the path.

The server decodes the path before the app sees it, so `/v1/states/FRA%2Finstruments%2Fccm` would be
routed (and cached) as `/v1/states/FRA/instruments/ccm`; no identifier holds a slash, so it is a 404."""

from __future__ import annotations

from flask import Flask

from .errors import ApiProblem, problem_response
from .http import HttpLayer

DETAIL = "An encoded slash (%2F) is not accepted in a path: no identifier contains one. Use / between segments."


def _raw_path(environ) -> str:
    # gunicorn sets RAW_URI, Werkzeug's servers and test client REQUEST_URI: the path as the client sent it.
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
    return raw.split("?", 1)[0]


def refuse_encoded_slashes(app: Flask) -> None:
    inner = app.wsgi_app

    def guard(environ, start_response):
        if "%2f" in _raw_path(environ).lower():
            with app.app_context():
                response = problem_response(ApiProblem(404, DETAIL, {"path": ["Contains an encoded slash (%2F)."]}))
            response.headers.extend([*HttpLayer.COMMON, HttpLayer.CSP, HttpLayer.NO_STORE])
            return response(environ, start_response)
        return inner(environ, start_response)

    app.wsgi_app = guard
