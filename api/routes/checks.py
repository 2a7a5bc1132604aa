"""/v1/checks: derived checks, computed on demand as of any date."""

from __future__ import annotations

from flask.views import MethodView

from ..domain import checks
from ..domain.model import Status
from ..http import csv_response, today
from ..schemas.args import ShareArgsSchema, StatusCheckArgsSchema, TimelineArgsSchema
from ..schemas.responses import ShareSchema, StatusCheckSchema, TimelineSchema
from . import present
from .base import Blueprint, catalog, resolve_instrument, resolve_states

blp = Blueprint("checks", __name__, url_prefix="/v1/checks",
                description="Derived checks: shares, quantifiers and timelines, with the lists as evidence.")

PLURAL = {
    Status.NOT_SIGNED: "had neither signed nor joined",
    Status.SIGNATORY: "were signatories (not bound) of",
    Status.CONSENTED: "were bound by, but not yet parties to,",
    Status.PARTY: "were parties to",
    Status.WITHDRAWN: "had withdrawn from",
}
SINGULAR = {
    Status.NOT_SIGNED: "had neither signed nor joined",
    Status.SIGNATORY: "was a signatory (not bound) of",
    Status.CONSENTED: "was bound by, but not yet a party to,",
    Status.PARTY: "was a party to",
    Status.WITHDRAWN: "had withdrawn from",
}


@blp.route("/share")
class ShareCheck(MethodView):
    @blp.arguments(ShareArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, ShareSchema)
    def get(self, args):
        """Share of a group's members (the parties of `group` on `as_of`) with a status under an instrument"""
        c = catalog()
        group, instrument = resolve_instrument(args["group"], "group"), resolve_instrument(args["instrument"])
        status, as_of = Status(args["status"]), args["as_of"] or today()
        result = checks.share(c.parties_on(group, as_of), checks.statuses_on(c.participations[instrument], as_of),
                              status, args["threshold"], args["comparison"])
        return {
            "group": group, "instrument": instrument, "status": status.value, "as_of": as_of,
            **present.share_fields(result),
            "threshold": _fraction_text(args["threshold"]), "comparison": args["comparison"], "holds": result.holds,
            "counted": result.counted, "not_counted": result.not_counted,
            "explanation": _share_sentence(c, group, instrument, status, as_of, result),
        }


@blp.route("/share/timeline")
class ShareTimeline(MethodView):
    @blp.arguments(TimelineArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, TimelineSchema)
    def get(self, args):
        """The share on `from`, then on every day up to `to` when it changed, with who changed"""
        c = catalog()
        group, instrument = resolve_instrument(args["group"], "group"), resolve_instrument(args["instrument"])
        status, start, end = Status(args["status"]), args["from_"], args["to"] or today()
        # An interval that ends before it starts holds no day, so no point (a set, not an error).
        points = [] if end < start else checks.timeline(c.participations[group], c.participations[instrument],
                                                         status, start, end)
        items = [
            {"date": p.date, **present.share_fields(p.share), "entered_counted": p.entered_counted,
             "left_counted": p.left_counted, "entered_group": p.entered_group, "left_group": p.left_group}
            for p in points
        ]
        if args["format"] == "csv":
            columns = ["date", "numerator", "denominator", "share", "fraction", "entered_counted", "left_counted",
                       "entered_group", "left_group"]
            return csv_response(items, columns, f"{group}-{instrument}-{status.value}-{start}-{end}")
        return {"group": group, "instrument": instrument, "status": status.value, "from_": start, "to": end,
                "count": len(items), "items": items}


@blp.route("/status")
class StatusCheck(MethodView):
    @blp.arguments(StatusCheckArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, StatusCheckSchema)
    def get(self, args):
        """Do all, any or none of the listed states have a status under an instrument on `as_of`?"""
        c = catalog()
        instrument = resolve_instrument(args["instrument"])
        codes = sorted(set(resolve_states(args["states"])))
        status, as_of = Status(args["status"]), args["as_of"] or today()
        statuses = {code: c.participation(instrument, code).status_on(as_of) for code in codes}
        holds = checks.quantify(statuses, status, args["quantifier"])
        results = [{"state": code, "name": c.states[code].name, "status": statuses[code].value} for code in codes]
        return {"instrument": instrument, "status": status.value, "quantifier": args["quantifier"],
                "as_of": as_of, "holds": holds, "results": results,
                "explanation": _status_sentence(c, instrument, status, args["quantifier"], as_of, statuses, holds)}


def _fraction_text(value):
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _share_sentence(c, group, instrument, status, as_of, result: checks.Share) -> str:
    group_name, instrument_name = c.instruments[group].short_name, c.instruments[instrument].short_name
    if not result.denominator:
        return f"{group_name} had no members on {as_of.isoformat()}, so there is no share to compute."
    percent = 100 * result.numerator / result.denominator
    text = (f"{result.numerator} of the {result.denominator} {group_name} members ({percent:.1f}%) "
            f"{PLURAL[status]} the {instrument_name} on {as_of.isoformat()}")
    if result.threshold is None:
        return text + "."
    phrase = checks.COMPARISONS[result.comparison][1]
    verdict = "" if result.holds else "not "
    return text + f": {verdict}{phrase} {checks.describe_fraction(result.threshold)}."


def _status_sentence(c, instrument, status, quantifier, as_of, statuses, holds) -> str:
    instrument_name = c.instruments[instrument].short_name
    described = "; ".join(f"{c.states[s].name} {SINGULAR[st]} it" for s, st in statuses.items())
    claim = {"all": "all of them", "any": "at least one of them", "none": "none of them"}[quantifier]
    verdict = "true" if holds else "false"
    return (f"On {as_of.isoformat()}, under the {instrument_name}: {described}. "
            f"'{claim.capitalize()} {SINGULAR[status]} it' is {verdict}.")
