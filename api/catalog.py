"""What the server knows: every row the views need, read once through `queries` into plain objects (no
connection kept), with lookups by any name."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from . import queries
from .domain.checks import members_on
from .domain.identifiers import Resolver
from .domain.model import Instrument, Participation, State
from .domain.rules import Rules, make_rules


@dataclass(frozen=True)
class Catalog:
    meta: dict[str, str]
    states: dict[str, State]
    instruments: dict[str, Instrument]
    rules: dict[str, Rules]
    participations: dict[str, dict[str, Participation]]
    sources: dict[tuple[str, str], tuple[str, ...]]
    event_records: dict[tuple[str, str], tuple[queries.EventRecord, ...]]
    state_resolver: Resolver
    instrument_resolver: Resolver

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Catalog":
        meta = queries.meta(conn)
        states = {s.code: s for s in queries.states(conn)}
        instruments = {i.id: i for i in queries.instruments(conn)}
        participations = queries.participations(conn)
        for instrument_id in instruments:
            participations.setdefault(instrument_id, {})
        return cls(
            meta=meta,
            states=states,
            instruments=instruments,
            rules={i.id: make_rules(i.rules, i.entry_into_force, i.trigger_date) for i in instruments.values()},
            participations=participations,
            sources=queries.sources_by_participant(conn),
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

    def events(self, instrument: str, state: str) -> list[queries.EventRecord]:
        return list(self.event_records.get((instrument, state), ()))

    def parties_on(self, instrument: str, day: dt.date) -> list[str]:
        return members_on(self.participations[instrument], day)
