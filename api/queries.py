"""Every SQL statement the app runs: `?` placeholders, named columns, domain objects out."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import typing
from dataclasses import dataclass
from enum import Enum

from .domain.model import (
    STORED_PARTICIPATION_FIELDS,
    Event,
    EventType,
    Instrument,
    Participation,
    Period,
    State,
    Status,
)
from .domain.rules import RULE_PARAMETERS, Rules, parse_rule
from .packing import TABLES, unpack


def _date(text: str | None) -> dt.date | None:
    # SQLite hands dates back as text; the schemas want date objects.
    return dt.date.fromisoformat(text) if text else None


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta ORDER BY key").fetchall())


def states(conn: sqlite3.Connection) -> list[State]:
    aliases: dict[str, list[str]] = {}
    for state, alias in conn.execute("SELECT state, alias FROM aliases ORDER BY state, alias"):
        aliases.setdefault(state, []).append(alias)
    rows = conn.execute("SELECT code, alpha2, numeric, name, official_name, iso_name FROM states ORDER BY code")
    return [State(code, a2, num, name, official, tuple(aliases.get(code, ())), iso)
            for code, a2, num, name, official, iso in rows]


def instruments(conn: sqlite3.Connection) -> list[Instrument]:
    rows = conn.execute(
        "SELECT id, name, short_name, kind, depositary, adopted, opened_for_signature, entry_into_force, rules,"
        " consents_for_entry_into_force, trigger_date, status_as_at, sources, note FROM instruments ORDER BY id"
    )
    return [
        Instrument(i, name, short, kind, dep, _date(adopted), _date(opened), _date(eif), rules, n, _date(trigger),
                   _date(as_at), tuple(json.loads(sources)), note or "")
        for i, name, short, kind, dep, adopted, opened, eif, rules, n, trigger, as_at, sources, note in rows
    ]


def rules(conn: sqlite3.Connection) -> dict[str, Rules]:
    """Every rule entry, by id, as the build validated it."""
    rows = conn.execute(
        "SELECT id, trigger, delay, later, later_delay, floor, withdrawal, withdrawal_condition, in_force_article,"
        " withdrawal_article, text, source FROM rules ORDER BY id"
    )
    entries = {}
    for row in rows:
        entry, problems = parse_rule({k: v or "" for k, v in zip(RULE_PARAMETERS, row)})
        if entry is None:
            raise ValueError(f"rule {row[0]!r} in the database: {'; '.join(problems)}")
        entries[entry.id] = entry
    return entries


def _reader(hint):
    """How a stored column's text becomes the field's type: a date, an enum member, or text."""
    types = typing.get_args(hint) or (hint,)
    if dt.date in types:
        return _date
    enum = next((t for t in types if isinstance(t, type) and issubclass(t, Enum)), None)
    if enum is not None:
        return lambda text: enum(text) if text else None
    return lambda text: text or ""


_READERS = tuple(_reader(typing.get_type_hints(Participation)[name]) for name in STORED_PARTICIPATION_FIELDS)


def packed(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """instrument -> table -> its rows, packed (api.packing): the three big tables, read at start-up."""
    rows = conn.execute("SELECT instrument, " + ", ".join(TABLES) + " FROM packed ORDER BY instrument")
    return {row[0]: dict(zip(TABLES, row[1:])) for row in rows}


def participations(participants: str, period_rows: str) -> dict[str, Participation]:
    """One instrument's states' dates and status periods, as built: a lookup, not a replay."""
    periods: dict[str, list[Period]] = {}
    for state, status, start, end in unpack(period_rows):
        periods.setdefault(state, []).append(Period(Status(status), _date(start), _date(end)))
    result: dict[str, Participation] = {}
    for stored in unpack(participants):
        values = {name: read(text) for name, read, text in zip(STORED_PARTICIPATION_FIELDS, _READERS, stored)}
        result[values["state"]] = Participation(**values, periods=tuple(periods.get(values["state"], ())))
    return result


@dataclass(frozen=True)
class EventRecord:
    event: str
    date: dt.date
    date_precision: str
    effective_date: dt.date | None
    reference: str | None
    condition: str | None
    source: str
    source_as_of: dt.date | None
    note: str

    @property
    def dump_key(self) -> EventRecord:
        # Equal records dump alike, so each is dumped once (schemas.fields.Reused).
        return self

    def as_event(self, state: str) -> Event:
        """The row as the domain reads it (for the explanation)."""
        return Event(state, EventType(self.event), self.date, self.source, self.source_as_of, self.note,
                     self.date_precision, self.reference or "", self.condition or "")


def events_by_participant(rows: str) -> dict[str, tuple[EventRecord, ...]]:
    """One instrument's events, by state, each state's in date order."""
    found: dict[str, list[EventRecord]] = {}
    for state, e, d, p, eff, ref, cond, src, asof, note in unpack(rows):
        found.setdefault(state, []).append(
            EventRecord(e, _date(d), p, _date(eff), ref or None, cond or None, src, _date(asof), note or ""))
    return {k: tuple(v) for k, v in found.items()}


def histories(rows: str) -> dict[str, tuple[list[Event], dt.date | None]]:
    """One instrument's events as domain objects by state, with the withdrawal effective date the
    depositary states (if any): what the rules replay to learn what was known on each date."""
    found: dict[str, tuple[list[Event], dt.date | None]] = {}
    for state, event, date, precision, effective, reference, condition, source, source_as_of, note in unpack(rows):
        events, stated = found.get(state, ([], None))
        events.append(Event(state, EventType(event), _date(date), source, _date(source_as_of), note or "", precision,
                            reference or "", condition or ""))
        found[state] = (events, _date(effective) or stated)
    return found
