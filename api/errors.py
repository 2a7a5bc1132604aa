"""The only code that builds an error body: RFC 9457 problem+json."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, json

PROBLEM_TYPE = "about:blank"
PROBLEM_MIME = "application/problem+json"


class ApiProblem(Exception):
    """Raised by views and resolvers; rendered by `problem_response`."""

    def __init__(self, status: int, detail: str, errors: dict | None = None, headers: dict | None = None):
        self.status, self.detail, self.errors, self.headers = status, detail, errors or {}, headers or {}
        super().__init__(detail)


def problem_body(status: int, detail: str, errors: dict | None = None) -> dict:
    body = {"type": PROBLEM_TYPE, "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def problem_response(status: int, detail: str, errors: dict | None = None, headers: dict | None = None) -> Response:
    response = Response(json.dumps(problem_body(status, detail, errors)), status=status, mimetype=PROBLEM_MIME)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def describe_argument_errors(messages: dict) -> tuple[str, dict]:
    """webargs' nested messages -> a sentence naming each parameter, and {parameter: [messages]}."""
    flat: dict[str, list[str]] = {}
    for location_messages in messages.values():
        for name, value in location_messages.items():
            flat[name] = _flatten(value)
    parts = []
    for name, msgs in sorted(flat.items()):
        text = "; ".join(msgs)
        parts.append(f"{name}: {text}")
    return "Invalid query parameter " + " | ".join(parts), flat


def _flatten(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [m for v in value.values() for m in _flatten(v)]
    return [m for v in value for m in _flatten(v)]
