"""/v1/meta and /healthz: what the data is, and whether the service is up."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from ..db import database_problem
from ..errors import ApiProblem
from ..schemas.args import NoArgsSchema
from ..schemas.responses import HealthSchema, MetaSchema
from .blueprint import Blueprint
from .resolve import catalog

blp = Blueprint("meta", __name__, description="The dataset and the service.")

LICENCE = ("Code: MIT. Data: facts from the depositaries' public records, each row with its source URL; "
           "see seeds/README.md.")


@blp.route("/v1/meta")
class Meta(MethodView):
    @blp.arguments(NoArgsSchema, location="query")
    @blp.documented(operation_id="getMeta")
    @blp.response(200, MetaSchema)
    def get(self, _args):
        """Dataset version (hash of the seeds and the code), build time, each instrument's status date and sources"""
        c = catalog()
        return {
            "dataset_version": c.dataset_version, "built_at": c.meta.get("built_at"),
            "schema_version": c.meta.get("schema_version"), "licence": LICENCE,
            "instruments": [c.instruments[i] for i in sorted(c.instruments)],
        }


@blp.route("/healthz")
class Health(MethodView):
    @blp.arguments(NoArgsSchema, location="query")
    @blp.documented(503, operation_id="getHealth", revalidated=False)
    @blp.response(200, HealthSchema)
    def get(self, _args):
        """Liveness, with the dataset version served

        503 when the database file on disk is no longer the one loaded at start (removed, unreadable, damaged
        or holding another dataset): the data endpoints keep answering from memory, but no new server could
        start from the file. Never cached (`Cache-Control: no-store`, no ETag)."""
        problem = database_problem(current_app)
        if problem:
            raise ApiProblem(503, problem)
        return {"status": "ok", "dataset_version": catalog().dataset_version}
