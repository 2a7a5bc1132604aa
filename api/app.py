"""create_app(): the one place an app is built."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping

from flask import Flask

from . import config as config_module
from . import db, errors, http
from .guards import refuse_encoded_slashes
from .routes import checks, docs, instruments, meta, states
from .routes.openapi import Api, CsvPlugin

API_DESCRIPTION = (
    "Who is party to which treaty, and member of which organisation, on any date: the depositary's dates and "
    "a source for every fact, each instrument's own rules applied, and derived checks such as \"more than "
    "two-thirds of NATO members are parties to the Convention on Cluster Munitions\" answered as of any day, "
    "with the lists as evidence. Versioned under /v1: within v1, changes are additive only. Errors are RFC 9457 "
    "problem+json."
)


class App(Flask):
    json_provider_class = http.JsonProvider

    def ensure_sync(self, func):
        # As Flask's, with the inspection of each view function done once (flask-smorest's wrappers ask
        # for it on every request, three times).
        return self.async_to_sync(func) if _is_coroutine(getattr(func, "__func__", func)) else func

    def make_default_options_response(self):
        # Werkzeug labels the empty body of an OPTIONS answer text/html; there is no body, so no type.
        response = super().make_default_options_response()
        del response.headers["Content-Type"]
        return response


# Keyed by the function under a bound method (a view class's method is bound anew on every request);
# bounded all the same.
_is_coroutine = functools.lru_cache(maxsize=1024)(inspect.iscoroutinefunction)


def create_app(config: Mapping | None = None) -> Flask:
    app = App(__name__)
    app.config.update(config_module.from_env())
    app.config.update(
        API_TITLE="Treaty membership reference API",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": API_DESCRIPTION, "license": {"name": "MIT"}},
            "servers": [{"url": "/"}],
        },
    )
    if config:
        app.config.update(config)

    # Read whole into memory and closed, in the gunicorn master (preload): workers never open the file.
    db.init_app(app)
    # No redirect for `//v1//states`: Werkzeug would build it from the client's Host header.
    app.url_map.merge_slashes = False

    api = Api(app, spec_kwargs={"extra_plugins": [CsvPlugin()]})
    for blp in (states.blp, instruments.blp, checks.blp, meta.blp):
        api.register_blueprint(blp)
    app.register_blueprint(docs.blp)
    errors.init_app(app)
    http.init_app(app)
    refuse_encoded_slashes(app)
    return app
