"""A state's status under an instrument on any date, derived from its events by the instrument's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import CONSENT_EVENTS, Event, EventType, Participation, Period, Status
from .rules import Rules


def participation(
    state: str,
    events: Iterable[Event],
    rules: Rules,
    withdrawal_effective: dt.date | None = None,
) -> Participation:
    """Replay one state's events in date order into its dates and status periods.

    `withdrawal_effective` is the depositary's own effective date, where it states one (the CCM's
    armed-conflict proviso can postpone it beyond what Art. 20(2) alone gives)."""
    signature = consent = kind = in_force = notified = effective = None
    transitions: list[tuple[dt.date, Status]] = []
    for event in sorted(events, key=lambda e: e.date):
        if event.type is EventType.SIGNATURE:
            signature = event.date
            transitions.append((event.date, Status.SIGNATORY))
        elif event.type in CONSENT_EVENTS:
            consent, kind = event.date, event.type
            in_force = rules.in_force_date(event.date)
            notified = effective = None
            if in_force > event.date:
                transitions.append((event.date, Status.CONSENTED))
            transitions.append((in_force, Status.PARTY))
        elif event.type is EventType.WITHDRAWAL_NOTIFICATION:
            notified = event.date
            effective = withdrawal_effective or rules.withdrawal_effective_date(event.date)
            transitions.append((effective, Status.WITHDRAWN))
    return Participation(
        state=state,
        signature_date=signature,
        consent_date=consent,
        consent_kind=kind,
        in_force_date=in_force,
        withdrawal_notified_date=notified,
        withdrawal_effective_date=effective,
        periods=tuple(_periods(transitions)),
    )


def _periods(transitions: list[tuple[dt.date, Status]]) -> list[Period]:
    # Later transitions on the same day win; a status that does not change opens no new period.
    by_day: dict[dt.date, Status] = {}
    for day, status in sorted(transitions, key=lambda t: t[0]):
        by_day[day] = status
    periods: list[Period] = []
    for day in sorted(by_day):
        status = by_day[day]
        if periods and periods[-1].status is status:
            continue
        if periods:
            periods[-1] = Period(periods[-1].status, periods[-1].start, day)
        periods.append(Period(status, day))
    return periods

