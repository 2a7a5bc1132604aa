"""/v1/states: states and their status under every instrument."""

from __future__ import annotations

from flask.views import MethodView

from ..domain import explain
from ..http import today
from ..schemas.args import AsOfArgsSchema, AsOfListArgsSchema, FormatArgsSchema, NoArgsSchema
from ..schemas.responses import (
    StateInstrumentDetailSchema,
    StateInstrumentListSchema,
    StateListSchema,
    StateSchema,
)
from .blueprint import Blueprint
from .resolve import INSTRUMENT_PARAMETER, STATE_PARAMETER, catalog, resolve_instrument, resolve_state
from .rows import ExplainedParticipation, currency, participation_on

blp = Blueprint("states", __name__, url_prefix="/v1/states", description="States, found by any identifier.")


@blp.route("")
class States(MethodView):
    @blp.arguments(FormatArgsSchema, location="query")
    @blp.documented(operation_id="listStates")
    @blp.response(200, StateListSchema)
    def get(self, _args):
        """All ISO 3166-1 states, sorted by alpha-3 code"""
        states = catalog().states
        return {"count": len(states), "items": [states[code] for code in sorted(states)]}


@blp.route("/<string:state>", parameters=[STATE_PARAMETER])
class StateDetail(MethodView):
    @blp.arguments(NoArgsSchema, location="query")
    @blp.documented(404, operation_id="getState")
    @blp.response(200, StateSchema)
    def get(self, _args, state):
        """One state, resolved from any identifier (alpha-3, alpha-2, numeric, English or depositary name)"""
        return catalog().states[resolve_state(state)]


@blp.route("/<string:state>/instruments", parameters=[STATE_PARAMETER])
class StateInstruments(MethodView):
    @blp.arguments(AsOfListArgsSchema, location="query")
    @blp.documented(404, operation_id="listStateInstruments")
    @blp.response(200, StateInstrumentListSchema)
    def get(self, args, state):
        """The state's status under every instrument on as_of"""
        c, code = catalog(), resolve_state(state)
        as_of = args["as_of"] or today()
        items = [participation_on(c, i, code, as_of) for i in sorted(c.instruments)]
        return {"state": code, "name": c.states[code].name, "as_of": as_of, **currency(c, c.instruments, as_of),
                "count": len(items), "items": items}


@blp.route("/<string:state>/instruments/<string:instrument>", parameters=[STATE_PARAMETER, INSTRUMENT_PARAMETER])
class StateInstrument(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.documented(404, operation_id="getStateInstrument")
    @blp.response(200, StateInstrumentDetailSchema)
    def get(self, args, state, instrument):
        """The state's status under one instrument on as_of, every event by then with its source, and why"""
        c, code, instrument_id = catalog(), resolve_state(state), resolve_instrument(instrument)
        as_of = args["as_of"] or today()
        row = participation_on(c, instrument_id, code, as_of)
        events = [e for e in c.events(instrument_id, code) if e.date <= as_of]
        explanation = explain.status_sentence(row.participation, c.rules[instrument_id], as_of, row.name,
                                              c.instruments[instrument_id], [e.as_event(code) for e in events])
        return ExplainedParticipation(row, events, explanation, **currency(c, [instrument_id], as_of), as_of=as_of)
