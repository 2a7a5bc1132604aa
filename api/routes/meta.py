"""/v1/meta and /healthz: what the data is, and whether the service is up."""

from __future__ import annotations

from flask.views import MethodView

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
        """Dataset version (hash of the seeds), build time, each instrument's status date and sources"""
        c = catalog()
        return {
            "dataset_version": c.dataset_version, "built_at": c.meta.get("built_at"),
            "schema_version": c.meta.get("schema_version"), "licence": LICENCE,
            "instruments": [c.instruments[i] for i in sorted(c.instruments)],
        }


@blp.route("/healthz")
class Health(MethodView):
    @blp.arguments(NoArgsSchema, location="query")
    @blp.documented(operation_id="getHealth")
    @blp.response(200, HealthSchema)
    def get(self, _args):
        """Liveness, with the dataset version served"""
        return {"status": "ok", "dataset_version": catalog().dataset_version}
