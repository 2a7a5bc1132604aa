"""/v1/checks: derived checks, computed on demand as of any date."""

from __future__ import annotations

from flask.views import MethodView

from ..domain import checks, explain
from ..http import today
from ..schemas.args import ShareArgsSchema, StatusCheckArgsSchema, TimelineArgsSchema
from ..schemas.responses import ShareSchema, StatusCheckSchema, TimelineSchema
from .blueprint import Blueprint
from .resolve import catalog, resolve_group, resolve_instrument, resolve_states
from .rows import currency

blp = Blueprint("checks", __name__, url_prefix="/v1/checks",
                description="Derived checks: shares, quantifiers and timelines, with the lists as evidence.")


@blp.route("/share")
class ShareCheck(MethodView):
    @blp.arguments(ShareArgsSchema, location="query")
    @blp.documented(404, operation_id="checkShare")
    @blp.response(200, ShareSchema)
    def get(self, args):
        """Share of a group's members (the parties of group on as_of) with a status under an instrument"""
        c = catalog()
        group, instrument = resolve_group(args["group"]), resolve_instrument(args["instrument"])
        status, as_of = args["status"], args["as_of"] or today()
        members = c.parties_on(group, as_of)
        result = checks.share_of(members, c.holding_on(instrument, members, checks.selection(status), as_of),
                                 args["threshold"], args["comparison"])
        explanation = explain.share_sentence(c.instruments[group], c.instruments[instrument], status, as_of, result)
        return {"group": group, "instrument": instrument, "status": status, "as_of": as_of, "share": result,
                "explanation": explanation, **currency(c, [group, instrument], as_of)}


@blp.route("/share/timeline")
class ShareTimeline(MethodView):
    @blp.arguments(TimelineArgsSchema, location="query")
    @blp.documented(404, operation_id="listShareTimeline")
    @blp.response(200, TimelineSchema)
    def get(self, args):
        """The share on from, then on every day up to to when it changed, with who changed"""
        c = catalog()
        group, instrument = resolve_group(args["group"]), resolve_instrument(args["instrument"])
        status, start, end = args["status"], args["from_"], args["to"] or today()
        # An interval that ends before it starts holds no day, so no point (a set, not an error).
        points = [] if end < start else checks.timeline(c.participations[group], c.participations[instrument],
                                                         checks.selection(status), start, end)
        return {"group": group, "instrument": instrument, "status": status, "from_": start, "to": end,
                **currency(c, [group, instrument], end), "count": len(points), "items": points}


@blp.route("/status")
class StatusCheck(MethodView):
    @blp.arguments(StatusCheckArgsSchema, location="query")
    @blp.documented(404, operation_id="checkStatus")
    @blp.response(200, StatusCheckSchema)
    def get(self, args):
        """Do all, any or none of the listed states have a status under an instrument on as_of?"""
        c = catalog()
        instrument = resolve_instrument(args["instrument"])
        codes = sorted(set(resolve_states(args["states"])))
        status, as_of = args["status"], args["as_of"] or today()
        statuses = c.statuses_on(instrument, codes, as_of)
        holds = checks.quantify(statuses, checks.selection(status), args["quantifier"])
        results = [{"state": code, "name": c.states[code].name, "status": statuses[code]} for code in codes]
        explanation = explain.status_check_sentence(c.instruments[instrument], status, args["quantifier"], as_of,
                                                    [(c.states[code].name, statuses[code]) for code in codes], holds)
        return {"instrument": instrument, "status": status, "quantifier": args["quantifier"], "as_of": as_of,
                "holds": holds, "results": results, "explanation": explanation,
                **currency(c, [instrument], as_of)}
