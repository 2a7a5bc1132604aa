"""What the server knows: every row the views need, read once through `queries` (no connection kept),
made into plain objects (an instrument's on its first use), with lookups by any name."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from . import queries
from .domain.identifiers import Resolver
from .domain.known import PARTY, InstrumentTimeline, Standing, history, timeline
from .domain.model import Event, Instrument, Participation, State, Status
from .domain.rules import Rules


@dataclass(frozen=True)
class Catalog:
    meta: dict[str, str]
    states: dict[str, State]
    instruments: dict[str, Instrument]
    rules: dict[str, Rules]
    participations: dict[str, dict[str, Participation]]
    # Every state's events and stated withdrawal date, per instrument: what the standings are replayed from.
    histories: dict[str, dict[str, tuple[list[Event], dt.date | None]]]
    event_records: dict[str, dict[str, tuple[queries.EventRecord, ...]]]
    state_resolver: Resolver
    instrument_resolver: Resolver
    # Each instrument's standings, by state: replayed on the instrument's first use (then looked up by
    # bisection), so that start-up stays short however many instruments there are. Two threads asking
    # first at once both replay it, with the same result.
    _timelines: dict[str, InstrumentTimeline] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Catalog":
        meta = queries.meta(conn)
        states = {s.code: s for s in queries.states(conn)}
        instruments = {i.id: i for i in queries.instruments(conn)}
        entries = queries.rules(conn)
        rules = {i.id: entries[i.rules].bind(i.entry_into_force, i.trigger_date, i.opened_for_signature)
                 for i in instruments.values()}
        packed = queries.packed(conn)
        return cls(
            meta=meta,
            states=states,
            instruments=instruments,
            rules=rules,
            participations=PerInstrument(queries.participations, packed, "participants", "periods"),
            histories=PerInstrument(queries.histories, packed, "events"),
            event_records=PerInstrument(queries.events_by_participant, packed, "events"),
            state_resolver=Resolver((s.code, s.name, (s.alpha2, s.numeric, s.official_name, s.iso_name, *s.aliases))
                                    for s in states.values()),
            instrument_resolver=Resolver((i.id, i.short_name, (i.name,)) for i in instruments.values()),
        )

    @property
    def dataset_version(self) -> str:
        return self.meta["dataset_version"]

    def participation(self, instrument: str, state: str) -> Participation:
        return self.participations[instrument].get(state) or Participation(state)

    def timelines(self, instrument: str) -> InstrumentTimeline:
        """Every state's standings under the instrument (the states that ever acted under it, by state)."""
        found = self._timelines.get(instrument)
        if found is None:
            rules = self.rules[instrument]
            found = self._timelines[instrument] = InstrumentTimeline({
                state: timeline(history(state, events, rules, effective))
                for state, (events, effective) in self.histories[instrument].items()})
        return found

    def warm(self) -> None:
        """Replay every instrument and make every interval's lists (within their budget) now: what the
        first questions would otherwise pay for, one interval at a time."""
        for instrument in self.instruments:
            if not self.timelines(instrument).warm():
                return

    def standing_on(self, instrument: str, state: str, day: dt.date) -> Standing | None:
        """The state's standing under the instrument on `day`: its dates and sources as they could be known
        then, and its status; None before its first recorded action."""
        found = self.timelines(instrument).by_state.get(state)
        return found.on(day) if found else None

    def standings_on(self, instrument: str, day: dt.date) -> tuple[Standing, ...]:
        """The standing on `day` of every state that had acted under the instrument by then, by state."""
        return self.timelines(instrument).on(day)

    def events(self, instrument: str, state: str) -> list[queries.EventRecord]:
        return list(self.event_records[instrument].get(state, ()))

    def statuses_on(self, instrument: str, states: Iterable[str], day: dt.date) -> dict[str, Status]:
        """The status of each of `states` under the instrument on `day`."""
        found = self.timelines(instrument).statuses_on(day)
        return {s: found.get(s, Status.NOT_SIGNED) for s in states}

    def parties_on(self, instrument: str, day: dt.date) -> frozenset[str]:
        """The states for which the instrument is in force on `day` (an organisation's members)."""
        return self.timelines(instrument).states_with(day, PARTY)

    def holding_on(self, instrument: str, states: AbstractSet[str], wanted: frozenset[Status],
                   day: dt.date) -> AbstractSet[str]:
        """Those of `states` whose status under the instrument on `day` is one of `wanted`."""
        timeline = self.timelines(instrument)
        found = states & timeline.states_with(day, wanted)
        if Status.NOT_SIGNED in wanted:  # the states that had not acted by then
            found |= states - timeline.statuses_on(day).keys()
        return found



class PerInstrument(dict):
    """instrument id -> what `make` makes of that instrument's packed rows of `tables` (queries.packed), made
    on first use. An instrument without rows gets what `make` makes of none. Two threads asking first at
    once both make it, alike."""

    def __init__(self, make: Callable[..., Any], packed: dict[str, dict[str, str]], *tables: str):
        super().__init__()
        self._make, self._packed, self._tables = make, packed, tables

    def __missing__(self, instrument: str):
        texts = self._packed.get(instrument, {})
        made = self[instrument] = self._make(*(texts.get(table) or "" for table in self._tables))
        return made
