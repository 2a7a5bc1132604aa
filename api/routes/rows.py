"""What a row of an answer is, for the response schema to dump: a domain object as seen on a day, with
what the catalogue adds (names, sources, counts). A row reads every other attribute from its domain
object, so a field added to a Participation or an Instrument needs only its schema field here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog import Catalog
from ..domain import freshness
from ..domain.checks import counts
from ..domain.known import Standing
from ..domain.model import Instrument, Participation, Status


@dataclass(frozen=True, slots=True, eq=False)
class ParticipationOn:
    """A state's row under an instrument for every day of one standing: the same object for all of them."""

    participation: Participation
    status: Status
    name: str
    instrument: str
    instrument_name: str
    sources: list[str] | None
    # The standing the row shows: every row of one standing dumps the same (schemas.fields.Reused).
    dump_key: Standing | None = None

    def __getattr__(self, attribute):
        return getattr(self.participation, attribute)


def participation_on(catalog: Catalog, instrument: str, state: str, as_of: dt.date,
                     standing: Standing | None = None) -> ParticipationOn:
    """The state's dates and sources as they could be known on `as_of` (none before its first action), and
    its status on `as_of`; from its standing that day, where the caller has looked it up already. A
    standing's row is made once (up to MAX_ROWS of them) and shared by every answer that shows it."""
    standing = standing or catalog.standing_on(instrument, state, as_of)
    if standing is None:
        return ParticipationOn(Participation(state), Status.NOT_SIGNED, catalog.states[state].name, instrument,
                               catalog.instruments[instrument].name, None)
    row = _ROWS.get(standing)
    if row is None:
        known = standing.known
        row = ParticipationOn(known.participation, standing.status, catalog.states[state].name, instrument,
                              catalog.instruments[instrument].name, list(known.sources) or None, standing)
        if len(_ROWS) < MAX_ROWS:
            _ROWS[standing] = row
    return row


MAX_ROWS = 20_000
# By standing (compared by identity; a standing is one state's under one instrument, in one catalogue).
_ROWS: dict[Standing, ParticipationOn] = {}


class Rows(tuple):
    """The rows of a list that stays the same for a whole interval: one object per interval and selection,
    dumped once (schemas.fields.ReusedList, by its dump_key)."""

    dump_key: object


def rows_on(catalog: Catalog, instrument: str, standings: tuple[Standing, ...], wanted: frozenset[Status] | None,
            as_of: dt.date) -> Rows:
    """The rows of those of `standings` (one interval's, catalog.standings_on) whose status is one of `wanted`
    (all without it): made once per interval and selection (up to MAX_LISTS of them) and shared by every
    answer that lists them. Looked up by the standings themselves, so that an interval's list made again
    (past the catalogue's budget) finds its rows all the same."""
    key = (standings, wanted)
    rows = _LISTS.get(key)
    if rows is None:
        rows = Rows(participation_on(catalog, instrument, s.known.participation.state, as_of, s) for s in standings
                    if wanted is None or s.status in wanted)
        rows.dump_key = object()
        if len(_LISTS) < MAX_LISTS:
            _LISTS[key] = rows
    return rows


MAX_LISTS = 20_000
_LISTS: dict[tuple[tuple[Standing, ...], frozenset[Status] | None], Rows] = {}


def currency(catalog: Catalog, instrument_ids: Iterable[str], day: dt.date) -> dict:
    """`data_as_at` (the oldest status date of the instruments used) and the `caveats` for `day`."""
    used = [catalog.instruments[i] for i in instrument_ids]
    return {"data_as_at": freshness.data_as_at(used), "caveats": freshness.caveats(used, day)}


@dataclass(frozen=True)
class InstrumentOn:
    instrument: Instrument
    as_of: dt.date
    counts: dict[str, int]
    data_as_at: dt.date
    caveats: list[str]

    def __getattr__(self, attribute):
        return getattr(self.instrument, attribute)


def instrument_on(catalog: Catalog, instrument_id: str, as_of: dt.date) -> InstrumentOn:
    return InstrumentOn(catalog.instruments[instrument_id], as_of,
                        counts(catalog.participations[instrument_id].values(), as_of),
                        **currency(catalog, [instrument_id], as_of))


@dataclass(frozen=True)
class ExplainedParticipation:
    """A participation on a day with its events and the sentence that explains its status."""

    row: ParticipationOn
    events: list
    explanation: str
    data_as_at: dt.date
    caveats: list[str]
    as_of: dt.date

    def __getattr__(self, attribute):
        return getattr(self.row, attribute)
