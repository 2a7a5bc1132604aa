"""The nouns of the domain, as plain dataclasses and enums."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import Enum


class Status(str, Enum):
    NOT_SIGNED = "not_signed"
    SIGNATORY = "signatory"
    CONSENTED = "consented"
    PARTY = "party"
    WITHDRAWN = "withdrawn"


class EventType(str, Enum):
    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ACCESSION = "accession"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    SUCCESSION = "succession"
    WITHDRAWAL_NOTIFICATION = "withdrawal_notification"
    PROVISIONAL_APPLICATION = "provisional_application"
    REVOCATION = "revocation"
    STATEMENT = "statement"


CONSENT_EVENTS = frozenset(
    {
        EventType.RATIFICATION,
        EventType.ACCESSION,
        EventType.ACCEPTANCE,
        EventType.APPROVAL,
        EventType.SUCCESSION,
    }
)
# What a cited source records about a conditional withdrawal (CCM, APMBC Art. 20(3); TPNW Art. 17(3)).
CONDITION_INVOKED = "invoked"
CONDITION_NOT_INVOKED = "not_invoked"
WITHDRAWAL_CONDITIONS = (CONDITION_INVOKED, CONDITION_NOT_INVOKED)


@dataclass(frozen=True)
class Event:
    state: str
    type: EventType
    date: dt.date
    source: str = ""
    source_as_of: dt.date | None = None
    note: str = ""
    # "day": the exact day; "on_or_before": the source bounds it (e.g. NATO founders' deposits).
    date_precision: str = "day"
    reference: str = ""  # the depositary notification cited (e.g. C.N.347.2024.TREATIES-XXVI-6)
    # On a withdrawal under a conditional clause: "invoked", "not_invoked" or "" (nothing recorded).
    condition: str = ""
    line: int = field(default=0, compare=False)  # where the row is in its seed file, for errors


@dataclass(frozen=True)
class Period:
    """A status held from `start` (inclusive) to `end` (exclusive; None = open)."""

    status: Status
    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Participation:
    """A state's dates under one instrument, derived from its events by the rules."""

    state: str
    signature_date: dt.date | None = None
    consent_date: dt.date | None = None
    consent_kind: EventType | None = None
    in_force_date: dt.date | None = None
    withdrawal_notified_date: dt.date | None = None
    withdrawal_effective_date: dt.date | None = None
    periods: tuple[Period, ...] = field(default_factory=tuple)
    revocation_date: dt.date | None = None  # the consent was withdrawn before it took effect
    # The withdrawal's condition as recorded ("invoked": it has not taken effect; "not_invoked"; "").
    withdrawal_condition: str = ""

    def status_on(self, day: dt.date) -> Status:
        for period in self.periods:
            if period.covers(day):
                return period.status
        return Status.NOT_SIGNED


# What the database keeps of a participation, one column each (the build writes them, queries reads them
# back by their types): every field but the periods, which have a table of their own. A field added to
# Participation is stored and read with no other change.
STORED_PARTICIPATION_FIELDS = tuple(f.name for f in fields(Participation) if f.name != "periods")


@dataclass(frozen=True)
class State:
    code: str
    alpha2: str
    numeric: str
    name: str
    official_name: str
    aliases: tuple[str, ...] = ()
    iso_name: str = ""  # ISO 3166-1's own form where it differs ("Korea, Republic of")


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    short_name: str
    kind: str
    depositary: str
    adopted: dt.date | None
    opened_for_signature: dt.date | None
    entry_into_force: dt.date | None
    rules: str
    consents_for_entry_into_force: int | None
    trigger_date: dt.date | None
    status_as_at: dt.date
    sources: tuple[str, ...]
    note: str
    line: int = field(default=0, compare=False)  # where the row is in instruments.csv, for errors
