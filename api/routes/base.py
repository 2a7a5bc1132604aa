"""The strict blueprint (unknown or repeated query parameters are 400s), the Api that renders every
error as problem+json, and the lookups every view shares."""

from __future__ import annotations

import http

import marshmallow as ma
from flask import current_app
from flask_smorest import Api as _Api
from flask_smorest import Blueprint as _Blueprint
from apispec import BasePlugin
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from ..catalog import Catalog
from ..domain.identifiers import UnknownIdentifier
from ..errors import PROBLEM_MIME, ApiProblem, describe_argument_errors, problem_response
from ..schemas.responses import ProblemSchema


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION = {"query": ma.RAISE}
    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema):
        repeated = sorted({k for k in req.args if len(req.args.getlist(k)) > 1})
        if repeated:
            raise ma.ValidationError({k: ["Given more than once: give it once."] for k in repeated})
        return super().load_querystring(req, schema)

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        # webargs keys messages by location ({"query": {"as_of": [...]}}), or not, depending on the failure.
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        if set(messages) != {"query"}:
            messages = {"query": messages}
        accepted = sorted(f.data_key or name for name, f in schema.fields.items())
        for name, msgs in messages["query"].items():
            if msgs == ["Unknown field."]:
                messages["query"][name] = [f"Unknown parameter. Accepted: {', '.join(accepted) or 'none'}."]
        detail, errors = describe_argument_errors(messages)
        raise ApiProblem(400, detail, errors)


class Blueprint(_Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def documented(self, *codes: int):
        """Document 304 (revalidation) and the given error statuses on a view."""

        def decorator(func):
            for code in (304, *codes):
                func = self.alt_response(code, response=http.HTTPStatus(code).name)(func)
            return func

        return decorator


class CsvPlugin(BasePlugin):
    """Documents the text/csv body of every operation that takes `format`."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            if any(p.get("name") == "format" for p in operation.get("parameters", [])):
                responses = operation["responses"]
                content = (responses.get("200") or responses[200])["content"]
                content["text/csv"] = {"schema": {"type": "string", "description": "RFC 4180, header row"}}


class Api(_Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        # As flask-smorest's own, but every error body is documented as application/problem+json.
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIME)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIME)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error: HTTPException):
        headers = {}
        if error.code == 405:
            headers["Allow"] = ", ".join(sorted(getattr(error, "valid_methods", None) or ["GET", "HEAD", "OPTIONS"]))
            detail = f"Method not allowed here. Allowed: {headers['Allow']}."
        elif error.code == 404:
            detail = "No such resource. The API lives under /v1; see /openapi.json or /docs."
        elif error.code and error.code >= 500:
            detail = "The server could not answer this request."
        else:
            detail = error.description or error.name
        return problem_response(error.code or 500, detail, headers=headers)


STATE_PARAMETER = {
    "in": "path", "name": "state", "required": True, "example": "LTU",
    "description": "Any identifier of a state: alpha-3 (`LTU`), alpha-2 (`LT`), numeric (`440`), an English, common or "
                   "depositary name (`Lithuania`, `Russia`, `UK`, `Czech Republic`); case and accents do not matter.",
    "schema": {"type": "string", "minLength": 1},
}
INSTRUMENT_PARAMETER = {
    "in": "path", "name": "instrument", "required": True, "example": "ccm",
    "description": "An instrument id (`ccm`, `nato`) or its short name.",
    "schema": {"type": "string", "minLength": 1},
}


def catalog() -> Catalog:
    return current_app.extensions["catalog"]


def resolve_state(text: str) -> str:
    try:
        return catalog().state_resolver.resolve(text)
    except UnknownIdentifier as exc:
        raise ApiProblem(404, _unknown("state", exc), {"state": ["Unknown state."]}) from None


def resolve_states(parts: list[str]) -> list[str]:
    """A comma-separated list's ids; a name with a comma in it ('Korea, Republic of') stays one name."""
    try:
        return catalog().state_resolver.resolve_list(parts)
    except UnknownIdentifier as exc:
        raise ApiProblem(404, _unknown("state", exc), {"state": ["Unknown state."]}) from None


def resolve_instrument(text: str, parameter: str = "instrument") -> str:
    try:
        return catalog().instrument_resolver.resolve(text)
    except UnknownIdentifier as exc:
        known = ", ".join(sorted(catalog().instruments))
        detail = _unknown(parameter, exc) + f" Known instruments: {known}."
        raise ApiProblem(404, detail, {parameter: ["Unknown instrument."]}) from None


def _unknown(parameter: str, exc: UnknownIdentifier) -> str:
    shown = exc.text if len(exc.text) <= 60 else exc.text[:57] + "..."
    detail = f"Unknown {parameter} {shown!r}."
    if exc.reason:
        detail += f" Not accepted: {exc.reason}."
    if exc.suggestions:
        detail += " Did you mean " + " or ".join(f"{name} ({code})" for name, code in exc.suggestions) + "?"
    return detail
