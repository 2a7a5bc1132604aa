"""/v1/states: states and their status under every instrument."""

from __future__ import annotations

from flask.views import MethodView

from ..domain.status import explain
from ..http import csv_response, today
from ..schemas.args import AsOfArgsSchema, AsOfListArgsSchema, FormatArgsSchema, NoArgsSchema
from ..schemas.responses import (
    StateInstrumentDetailSchema, StateInstrumentListSchema, StateListSchema, StateSchema,
)
from . import present
from .base import INSTRUMENT_PARAMETER, STATE_PARAMETER, Blueprint, catalog, resolve_instrument, resolve_state

blp = Blueprint("states", __name__, url_prefix="/v1/states", description="States, found by any identifier.")

STATE_COLUMNS = ["code", "alpha2", "numeric", "name", "official_name", "aliases"]


@blp.route("")
class States(MethodView):
    @blp.arguments(FormatArgsSchema, location="query")
    @blp.documented()
    @blp.response(200, StateListSchema)
    def get(self, args):
        """All ISO 3166-1 states, sorted by alpha-3 code"""
        c = catalog()
        items = [present.state(c, code) for code in sorted(c.states)]
        if args["format"] == "csv":
            return csv_response(items, STATE_COLUMNS, "states")
        return {"count": len(items), "items": items}


@blp.route("/<string:state>", parameters=[STATE_PARAMETER])
class StateDetail(MethodView):
    @blp.arguments(NoArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, StateSchema)
    def get(self, _args, state):
        """One state, resolved from any identifier (alpha-3, alpha-2, numeric, English or depositary name)"""
        return present.state(catalog(), resolve_state(state))


@blp.route("/<string:state>/instruments", parameters=[STATE_PARAMETER])
class StateInstruments(MethodView):
    @blp.arguments(AsOfListArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, StateInstrumentListSchema)
    def get(self, args, state):
        """The state's status under every instrument on `as_of`"""
        c, code = catalog(), resolve_state(state)
        as_of = args["as_of"] or today()
        items = [
            {"instrument": i, "instrument_name": c.instruments[i].name, **present.participation(c, i, code, as_of)}
            for i in sorted(c.instruments)
        ]
        if args["format"] == "csv":
            return csv_response(items, ["instrument", "instrument_name", *present.PARTICIPATION_COLUMNS],
                                f"{code}-instruments-{as_of}")
        return {"state": code, "name": c.states[code].name, "as_of": as_of, **present.currency(c, c.instruments, as_of),
                "count": len(items), "items": items}


@blp.route("/<string:state>/instruments/<string:instrument>", parameters=[STATE_PARAMETER, INSTRUMENT_PARAMETER])
class StateInstrument(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, StateInstrumentDetailSchema)
    def get(self, args, state, instrument):
        """The state's status under one instrument on `as_of`, every event with its source, and why"""
        c, code, instrument_id = catalog(), resolve_state(state), resolve_instrument(instrument)
        as_of = args["as_of"] or today()
        p, _ = present.known(c, instrument_id, code, as_of)
        events = [e.__dict__ for e in c.events(instrument_id, code) if e.date <= as_of]
        name, instrument_name = c.states[code].name, c.instruments[instrument_id].name
        consent_kind = p.consent_kind.value if p.consent_kind else None
        bounded = any(e["event"] == consent_kind and e["date_precision"] == "on_or_before" for e in events)
        return {
            "state": code, "name": name, "instrument": instrument_id, "instrument_name": instrument_name,
            "as_of": as_of, **present.currency(c, [instrument_id], as_of),
            **present.participation(c, instrument_id, code, as_of), "events": events,
            "explanation": explain(p, c.rules[instrument_id], as_of, name, instrument_name, bounded),
        }
