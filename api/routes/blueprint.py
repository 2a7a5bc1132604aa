"""The strict blueprint every resource uses: unknown or repeated query parameters are 400s, and a list
answers CSV from the same dump as its JSON."""

from __future__ import annotations

import http
from functools import wraps

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint as _Blueprint
from flask_smorest.utils import resolve_schema_instance
from webargs.flaskparser import FlaskParser

from ..csv_render import csv_response
from ..errors import bad_arguments
from ..schemas.fields import Reused


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION = {"query": ma.RAISE}
    DEFAULT_VALIDATION_STATUS = 400

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lists: dict[ma.Schema, bool] = {}

    def load_querystring(self, req, schema):
        # A MultiDict is a dict of lists: one look at each list finds the repeated parameters.
        args = req.args
        repeated = sorted(k for k, values in dict.items(args) if len(values) > 1)
        if repeated:
            raise ma.ValidationError({k: ["Given more than once: give it once."] for k in repeated})
        # No parameter is repeated, so each has one value: a plain dict of them is what webargs' proxy
        # would give field by field, unless the schema has a field that takes a list.
        return args.to_dict() if not self._takes_lists(schema) else super().load_querystring(req, schema)

    def _takes_lists(self, schema) -> bool:
        # Schemas are built once (Blueprint.arguments), so this is worked out once per schema.
        takes = self._lists.get(schema)
        if takes is None:
            takes = self._lists[schema] = bool(self._makeproxy({}, schema).multiple_keys)
        return takes

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        # webargs keys messages by location ({"query": {"as_of": [...]}}), or not, depending on the failure.
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        messages = messages.get("query", messages) if set(messages) == {"query"} else messages
        accepted = sorted(f.data_key or name for name, f in schema.fields.items())
        raise bad_arguments(messages, accepted)


class Blueprint(_Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def arguments(self, schema, *args, **kwargs):
        """As flask-smorest's, with the schema built once here: given a class, webargs would build a new
        instance (a deep copy of every declared field) for every request."""
        return super().arguments(resolve_schema_instance(schema), *args, **kwargs)

    def documented(self, *codes: int, operation_id: str, revalidated: bool = True):
        """Name the operation for generated clients; document 304 (revalidation, unless the answer is
        never cached) and the given errors."""

        def decorator(func):
            documented = func
            for code in ((304,) if revalidated else ()) + codes:
                documented = self.alt_response(code, response=http.HTTPStatus(code).name)(documented)
            documented = self.doc(operationId=operation_id)(documented)
            # flask-smorest's decorators wrap the view in a call layer each, only to carry this document:
            # the view keeps the document and goes without the layers (one call less per decorator and request).
            func._apidoc = documented._apidoc
            return func

        return decorator

    def response(self, status_code, schema=None, **kwargs):
        """As flask-smorest's, and for a list schema (one with `items`): `format=csv` answers the same
        dump's items as CSV. The arguments decorator has validated `format` before this runs."""
        # One instance for JSON and CSV alike: its fields keep the rows they have dumped (schemas.fields.Reused).
        instance = resolve_schema_instance(schema) if schema is not None else None
        decorate = super().response(status_code, instance, **kwargs)
        items = instance.fields.get("items") if instance is not None else None
        if not isinstance(items, ma.fields.List):
            return decorate
        item_schema = items.inner.schema
        reused = isinstance(items.inner, Reused)

        def decorator(func):
            @wraps(func)
            def csv_or_json(*args, **kw):
                result = func(*args, **kw)
                if request.args.get("format") != "csv":
                    return result
                body = instance.dump(result)
                return csv_response(body["items"], item_schema, _filename(body), reused)

            return decorate(csv_or_json)

        return decorator


def _filename(body: dict) -> str:
    # The path names what the list is; the days in the body say when (`states-FRA-instruments-2023-07-20`).
    parts = [p for p in request.path.split("/") if p and p != "v1"]
    parts += [str(body[k]) for k in ("as_of", "from", "to") if body.get(k)]
    return "-".join(parts)
