"""/v1/instruments: treaties and organisations, their participants and their changes."""

from __future__ import annotations

from flask.views import MethodView

from ..domain.checks import changes, selection
from ..http import today
from ..schemas.args import AsOfArgsSchema, AsOfListArgsSchema, ChangesArgsSchema, ParticipantsArgsSchema
from ..schemas.responses import ChangeListSchema, InstrumentListSchema, InstrumentSchema, ParticipantListSchema
from .blueprint import Blueprint
from .resolve import INSTRUMENT_PARAMETER, catalog, resolve_instrument
from .rows import currency, instrument_on, rows_on

blp = Blueprint("instruments", __name__, url_prefix="/v1/instruments",
                description="Treaties and organisations (through their founding treaty).")


@blp.route("")
class Instruments(MethodView):
    @blp.arguments(AsOfListArgsSchema, location="query")
    @blp.documented(operation_id="listInstruments")
    @blp.response(200, InstrumentListSchema)
    def get(self, args):
        """All instruments, with counts of parties and signatories on as_of"""
        c, as_of = catalog(), args["as_of"] or today()
        items = [instrument_on(c, i, as_of) for i in sorted(c.instruments)]
        return {"as_of": as_of, **currency(c, c.instruments, as_of), "count": len(items), "items": items}


@blp.route("/<string:instrument>", parameters=[INSTRUMENT_PARAMETER])
class InstrumentDetail(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.documented(404, operation_id="getInstrument")
    @blp.response(200, InstrumentSchema)
    def get(self, args, instrument):
        """One instrument: its dates, rules, depositary, sources and counts on as_of"""
        return instrument_on(catalog(), resolve_instrument(instrument), args["as_of"] or today())


@blp.route("/<string:instrument>/participants", parameters=[INSTRUMENT_PARAMETER])
class Participants(MethodView):
    @blp.arguments(ParticipantsArgsSchema, location="query")
    @blp.documented(404, operation_id="listParticipants")
    @blp.response(200, ParticipantListSchema)
    def get(self, args, instrument):
        """Every state that had acted under the instrument by as_of, its dates as known then and its status"""
        c, instrument_id = catalog(), resolve_instrument(instrument)
        as_of = args["as_of"] or today()
        # As of a date, only the states that had acted by then.
        items = rows_on(c, instrument_id, c.standings_on(instrument_id, as_of),
                        selection(args["status"]) if args["status"] else None, as_of)
        return {"instrument": instrument_id, "as_of": as_of, **currency(c, [instrument_id], as_of),
                "count": len(items), "items": items}


@blp.route("/<string:instrument>/changes", parameters=[INSTRUMENT_PARAMETER])
class Changes(MethodView):
    @blp.arguments(ChangesArgsSchema, location="query")
    @blp.documented(404, operation_id="listChanges")
    @blp.response(200, ChangeListSchema)
    def get(self, args, instrument):
        """Who changed status after from and up to to, and when"""
        c, instrument_id = catalog(), resolve_instrument(instrument)
        start, end = args["from_"], args["to"] or today()
        items = changes(c.participations[instrument_id].values(), start, end)
        return {"instrument": instrument_id, "from_": start, "to": end, **currency(c, [instrument_id], end),
                "count": len(items), "items": items}
