"""What a row of an answer is, for the response schema to dump: a domain object as seen on a day, with
what the catalogue adds (names, sources, counts). A row reads every other attribute from its domain
object, so a field added to a Participation or an Instrument needs only its schema field here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..catalog import Catalog
from ..domain.checks import counts
from ..domain.model import Instrument, Participation, Status


@dataclass(frozen=True)
class ParticipationOn:
    participation: Participation
    as_of: dt.date
    name: str
    instrument: str
    instrument_name: str
    sources: list[str] | None

    @property
    def status(self) -> Status:
        return self.participation.status_on(self.as_of)

    def __getattr__(self, attribute):
        return getattr(self.participation, attribute)


def participation_on(catalog: Catalog, instrument: str, state: str, as_of: dt.date) -> ParticipationOn:
    return ParticipationOn(
        participation=catalog.participation(instrument, state), as_of=as_of, name=catalog.states[state].name,
        instrument=instrument, instrument_name=catalog.instruments[instrument].name,
        sources=list(catalog.sources.get((instrument, state), ())) or None,
    )


@dataclass(frozen=True)
class InstrumentOn:
    instrument: Instrument
    as_of: dt.date
    counts: dict[str, int]

    def __getattr__(self, attribute):
        return getattr(self.instrument, attribute)


def instrument_on(catalog: Catalog, instrument_id: str, as_of: dt.date) -> InstrumentOn:
    return InstrumentOn(catalog.instruments[instrument_id], as_of,
                        counts(catalog.participations[instrument_id].values(), as_of))


@dataclass(frozen=True)
class ExplainedParticipation:
    """A participation on a day with its events and the sentence that explains its status."""

    row: ParticipationOn
    events: list
    explanation: str

    def __getattr__(self, attribute):
        return getattr(self.row, attribute)
