"""What the server knows: every row the views need, read once through `queries` into plain objects (no
connection kept), with lookups by any name."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from . import queries
from .domain.checks import members_on
from .domain.identifiers import Resolver
from .domain.known import Known, history, known_on
from .domain.model import Instrument, Participation, State
from .domain.rules import Rules


@dataclass(frozen=True)
class Catalog:
    meta: dict[str, str]
    states: dict[str, State]
    instruments: dict[str, Instrument]
    rules: dict[str, Rules]
    participations: dict[str, dict[str, Participation]]
    # What could be known on each date, per (instrument, state): replayed once here, looked up per request.
    known: dict[tuple[str, str], tuple[Known, ...]]
    event_records: dict[tuple[str, str], tuple[queries.EventRecord, ...]]
    state_resolver: Resolver
    instrument_resolver: Resolver

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Catalog":
        meta = queries.meta(conn)
        states = {s.code: s for s in queries.states(conn)}
        instruments = {i.id: i for i in queries.instruments(conn)}
        participations = queries.participations(conn)
        entries = queries.rules(conn)
        for instrument_id in instruments:
            participations.setdefault(instrument_id, {})
        rules = {i.id: entries[i.rules].bind(i.entry_into_force, i.trigger_date, i.opened_for_signature)
                 for i in instruments.values()}
        return cls(
            meta=meta,
            states=states,
            instruments=instruments,
            rules=rules,
            participations=participations,
            known={(i, s): history(s, events, rules[i], effective)
                   for (i, s), (events, effective) in queries.histories(conn).items()},
            event_records=queries.events_by_participant(conn),
            state_resolver=Resolver((s.code, s.name, (s.alpha2, s.numeric, s.official_name, s.iso_name, *s.aliases))
                                    for s in states.values()),
            instrument_resolver=Resolver((i.id, i.short_name, (i.name,)) for i in instruments.values()),
        )

    @property
    def dataset_version(self) -> str:
        return self.meta["dataset_version"]

    def participation(self, instrument: str, state: str) -> Participation:
        return self.participations[instrument].get(state) or Participation(state)

    def known_on(self, instrument: str, state: str, day: dt.date) -> Known | None:
        """The state's dates and sources under the instrument as they could be known on `day`."""
        return known_on(self.known.get((instrument, state), ()), day)

    def events(self, instrument: str, state: str) -> list[queries.EventRecord]:
        return list(self.event_records.get((instrument, state), ()))

    def parties_on(self, instrument: str, day: dt.date) -> list[str]:
        return members_on(self.participations[instrument], day)
