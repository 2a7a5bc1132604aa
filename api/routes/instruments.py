"""/v1/instruments: treaties and organisations, their participants and their changes."""

from __future__ import annotations

from flask.views import MethodView

from ..domain.checks import changes
from ..http import csv_response, today
from ..schemas.args import AsOfArgsSchema, AsOfListArgsSchema, ChangesArgsSchema, ParticipantsArgsSchema
from ..schemas.responses import ChangeListSchema, InstrumentListSchema, InstrumentSchema, ParticipantListSchema
from . import present
from .base import INSTRUMENT_PARAMETER, Blueprint, catalog, resolve_instrument

blp = Blueprint("instruments", __name__, url_prefix="/v1/instruments",
                description="Treaties and organisations (through their founding treaty).")

INSTRUMENT_COLUMNS = ["id", "name", "short_name", "kind", "depositary", "adopted", "opened_for_signature",
                      "entry_into_force", "rules", "status_as_at", "as_of", "signatory", "consented", "party",
                      "withdrawn", "signed", "bound", "sources"]


@blp.route("")
class Instruments(MethodView):
    @blp.arguments(AsOfListArgsSchema, location="query")
    @blp.documented()
    @blp.response(200, InstrumentListSchema)
    def get(self, args):
        """All instruments, with counts of parties and signatories on `as_of`"""
        c, as_of = catalog(), args["as_of"] or today()
        items = [present.instrument(c, i, as_of) for i in sorted(c.instruments)]
        if args["format"] == "csv":
            rows = [{**item, **item["counts"]} for item in items]
            return csv_response(rows, INSTRUMENT_COLUMNS, f"instruments-{as_of}")
        return {"as_of": as_of, **present.currency(c, c.instruments, as_of), "count": len(items), "items": items}


@blp.route("/<string:instrument>", parameters=[INSTRUMENT_PARAMETER])
class InstrumentDetail(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, InstrumentSchema)
    def get(self, args, instrument):
        """One instrument: its dates, rules, depositary, sources and counts on `as_of`"""
        return present.instrument(catalog(), resolve_instrument(instrument), args["as_of"] or today())


@blp.route("/<string:instrument>/participants", parameters=[INSTRUMENT_PARAMETER])
class Participants(MethodView):
    @blp.arguments(ParticipantsArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, ParticipantListSchema)
    def get(self, args, instrument):
        """Every state with any event under the instrument, its dates and its status on `as_of`"""
        c, instrument_id = catalog(), resolve_instrument(instrument)
        as_of = args["as_of"] or today()
        # As of a date, only the states that had acted by then.
        items = [
            {"state": code, "name": c.states[code].name, **present.participation(c, instrument_id, code, as_of)}
            for code in sorted(c.participations[instrument_id]) if c.known_on(instrument_id, code, as_of)
        ]
        if args["status"]:
            items = [item for item in items if item["status"] == args["status"]]
        if args["format"] == "csv":
            return csv_response(items, ["state", "name", *present.PARTICIPATION_COLUMNS],
                                f"{instrument_id}-participants-{as_of}")
        return {"instrument": instrument_id, "as_of": as_of, **present.currency(c, [instrument_id], as_of),
                "count": len(items), "items": items}


@blp.route("/<string:instrument>/changes", parameters=[INSTRUMENT_PARAMETER])
class Changes(MethodView):
    @blp.arguments(ChangesArgsSchema, location="query")
    @blp.documented(404)
    @blp.response(200, ChangeListSchema)
    def get(self, args, instrument):
        """Who changed status after `from` and up to `to`, and when"""
        c, instrument_id = catalog(), resolve_instrument(instrument)
        start, end = args["from_"], args["to"] or today()
        items = [
            {"state": ch.state, "date": ch.date, "from_status": ch.from_status.value, "to_status": ch.to_status.value}
            for ch in changes(c.participations[instrument_id].values(), start, end)
        ]
        if args["format"] == "csv":
            return csv_response(items, ["state", "date", "from_status", "to_status"],
                                f"{instrument_id}-changes-{start}-{end}")
        return {"instrument": instrument_id, "from_": start, "to": end, **present.currency(c, [instrument_id], end),
                "count": len(items), "items": items}
