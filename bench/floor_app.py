"""The stack's floor: flask-smorest, webargs and marshmallow around a constant answer, endpoint by endpoint.

For each endpoint of the varied workload, a flask-smorest route at the same path, declared with the API's
own argument schema and response schema, that returns one constant answer: the object the API's view
returned for a fixed question, taken once at start-up. Every request is parsed and validated through the
argument schema and dumped through the response schema, as the API's are, but nothing is computed, no
HTTP layer of ours (ETag, response cache, headers) runs, and the answer is the same each time. So its
speed is what the mandated stack costs for that endpoint's contract before any work: a ceiling for the
API on that endpoint, measured beside bare Flask in the same run (bench/bench.py).

Served by bench/bench.py under bench/gunicorn_reference.conf.py (the API's gunicorn settings) with the
API's database ($TREATY_DB) to take the constants from.
"""

from __future__ import annotations

import flask_smorest
import marshmallow as ma
from flask import Flask
from flask.views import MethodView
from questions import PARTICIPANTS, SHARE, STATUS, STATUS_CHECK

from api import create_app as create_api
from api.http import JsonProvider
from api.schemas.args import AsOfArgsSchema, ParticipantsArgsSchema, ShareArgsSchema, StatusCheckArgsSchema
from api.schemas.responses import ParticipantListSchema, ShareSchema, StateInstrumentDetailSchema, StatusCheckSchema

# path rule, the API's URL for the constant, argument schema, response schema
ENDPOINTS = [
    ("/v1/checks/share", SHARE, ShareArgsSchema, ShareSchema),
    ("/v1/states/<state>/instruments/<instrument>", STATUS, AsOfArgsSchema, StateInstrumentDetailSchema),
    ("/v1/checks/status", STATUS_CHECK, StatusCheckArgsSchema, StatusCheckSchema),
    ("/v1/instruments/<instrument>/participants", PARTICIPANTS, ParticipantsArgsSchema, ParticipantListSchema),
]


class App(Flask):
    json_provider_class = JsonProvider  # the API's JSON encoder (orjson), so the floor encodes as it does


def raw_answer(api, url: str):
    """The object the API's view returned for `url`: the first object its response schema was given."""
    given = []
    dump = ma.Schema.dump

    def recording(schema, obj, *args, **kwargs):
        given.append(obj)
        return dump(schema, obj, *args, **kwargs)

    ma.Schema.dump = recording
    try:
        assert api.test_client().get(url).status_code == 200, url
    finally:
        ma.Schema.dump = dump
    return given[0]


def create_app() -> Flask:
    api = create_api()
    app = App(__name__)
    app.config.update(API_TITLE="floor", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    blp = flask_smorest.Blueprint("floor", __name__)
    for number, (rule, url, args_schema, response_schema) in enumerate(ENDPOINTS):
        answer = raw_answer(api, url)

        def get(self, args, answer=answer, **_path):
            return answer

        view = blp.arguments(args_schema(), location="query")(blp.response(200, response_schema())(get))
        blp.route(rule)(type(f"Floor{number}", (MethodView,), {"get": view}))

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    flask_smorest.Api(app).register_blueprint(blp)
    return app
