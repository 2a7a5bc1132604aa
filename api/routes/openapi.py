"""How the OpenAPI document is generated: the Api extension (every error documented as problem+json,
no pagination components we do not use) and the plugin that documents CSV bodies."""

from __future__ import annotations

import http

from apispec import BasePlugin
from flask_smorest import Api as _Api
from flask_smorest.utils import prepare_response

from ..csv_render import SEPARATOR
from ..errors import PROBLEM_MIME
from ..schemas.responses import ProblemSchema

CSV_DESCRIPTION = (f"RFC 4180 with a header row: the columns are the keys of the JSON `items` (a nested object's "
                   f"keys as `key.subkey`); a cell with several values joins them with `{SEPARATOR}`.")


class CsvPlugin(BasePlugin):
    """Documents the text/csv body of every operation that takes `format`."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            if any(p.get("name") == "format" for p in operation.get("parameters", [])):
                responses = operation["responses"]
                content = (responses.get("200") or responses[200])["content"]
                content["text/csv"] = {"schema": {"type": "string", "description": CSV_DESCRIPTION}}


class Api(_Api):
    """flask-smorest's Api, documenting our error bodies; errors.init_app registers the handlers."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        # errors.init_app owns every error handler, so that one code path writes every body.
        pass

    def _register_pagination_header(self):
        # No operation is paginated: a PaginationMetadata component would only confuse readers.
        pass

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
