"""The only code that builds an error body (RFC 9457 problem+json), and the one place that says which
failure becomes which problem: views and the parser raise, the handlers here write every body."""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from .domain.checks import BadThreshold
from .domain.identifiers import UnknownIdentifier

PROBLEM_TYPE = "about:blank"
PROBLEM_MIME = "application/problem+json"
# Lists answer CSV; a single object has no rows, so `format` is refused there with this pointer.
CSV_HINT = ("This answer is a single object, so it has no CSV form. Ask a list with format=csv instead, for "
            "example /v1/states/{state}/instruments or /v1/instruments/{instrument}/participants; "
            "/openapi.json marks every operation that answers text/csv.")


class ApiProblem(Exception):
    """Raised by the parser, views and resolvers; rendered by the handler `init_app` registers."""

    def __init__(self, status: int, detail: str, errors: dict | None = None, headers: dict | None = None):
        self.status, self.detail, self.errors, self.headers = status, detail, errors or {}, headers or {}
        super().__init__(detail)


def problem_response(problem: ApiProblem) -> Response:
    body = {"type": PROBLEM_TYPE, "title": HTTPStatus(problem.status).phrase, "status": problem.status,
            "detail": problem.detail}
    if problem.errors:
        body["errors"] = problem.errors
    response = Response(json.dumps(body, separators=(",", ":")), status=problem.status, mimetype=PROBLEM_MIME)
    response.headers.update(problem.headers)
    return response


def bad_arguments(messages: dict, accepted: list[str]) -> ApiProblem:
    """webargs' messages for the query (by parameter) -> one 400 naming each parameter."""
    flat = {name: _flatten(value) for name, value in messages.items()}
    for name, msgs in flat.items():
        if msgs == ["Unknown field."]:
            flat[name] = [CSV_HINT if name == "format" else f"Unknown parameter. Accepted: {', '.join(accepted) or 'none'}."]
    parts = [f"{name}: {'; '.join(msgs)}" for name, msgs in sorted(flat.items())]
    return ApiProblem(400, "Invalid query parameter " + " | ".join(parts), flat)


def unknown(parameter: str, noun: str, error: UnknownIdentifier, known: list[str] | None = None) -> ApiProblem:
    """An identifier nothing resolves -> 404 naming the parameter, the closest matches and what exists."""
    shown = error.text if len(error.text) <= 60 else error.text[:57] + "..."
    detail = f"Unknown {noun} {shown!r}."
    if error.suggestions:
        detail += " Did you mean " + " or ".join(f"{name} ({code})" for name, code in error.suggestions) + "?"
    if known:
        label = {"group": "groups (any instrument)", "instrument": "instruments"}.get(noun, noun + "s")
        detail += f" Known {label}: {', '.join(known)}."
    return ApiProblem(404, detail, {parameter: [f"Unknown {noun}."]})


def from_http_exception(error: HTTPException) -> ApiProblem:
    """Werkzeug's routing and method errors, and flask-smorest's abort(), as problems."""
    code = error.code or 500
    if code == 405:
        allow = ", ".join(sorted(getattr(error, "valid_methods", None) or ()))
        return ApiProblem(405, f"Method not allowed here. Allowed: {allow}.", headers={"Allow": allow})
    if code == 404:
        return ApiProblem(404, "No such resource. The API lives under /v1; see /openapi.json or /docs.")
    if code >= 500:
        return ApiProblem(code, "The server could not answer this request.")
    return ApiProblem(code, error.description or error.name)


def _unexpected(error: Exception) -> Response:
    logging.getLogger(__name__).exception("unhandled error")
    return problem_response(ApiProblem(500, "The server could not answer this request."))


def _http_exception(error: HTTPException) -> Response:
    return problem_response(from_http_exception(error))


def _unknown_identifier(error: UnknownIdentifier) -> Response:
    return problem_response(unknown("identifier", "identifier", error))


def _bad_threshold(error: BadThreshold) -> Response:
    return problem_response(ApiProblem(400, f"Invalid query parameter threshold: {error}.", {"threshold": [str(error)]}))


def init_app(app: Flask) -> None:
    app.register_error_handler(ApiProblem, problem_response)
    app.register_error_handler(HTTPException, _http_exception)
    # A view that lets a domain failure escape still answers with its problem, not a 500.
    app.register_error_handler(UnknownIdentifier, _unknown_identifier)
    app.register_error_handler(BadThreshold, _bad_threshold)
    app.register_error_handler(Exception, _unexpected)


def _flatten(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [m for v in value.values() for m in _flatten(v)]
    return [m for v in value for m in _flatten(v)]
