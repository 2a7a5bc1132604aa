"""A state's status under an instrument on any date, derived from its events by the instrument's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import CONDITION_INVOKED, CONSENT_EVENTS, Event, EventType, Participation, Period, Status
from .rules import Rules

# Signed and ratified on one day: the signature comes first, so the day ends consented.
_SAME_DAY_ORDER = {EventType.SIGNATURE: 0, EventType.REVOCATION: 2, EventType.WITHDRAWAL_NOTIFICATION: 2}


def participation(
    state: str,
    events: Iterable[Event],
    rules: Rules,
    withdrawal_effective: dt.date | None = None,
) -> Participation:
    """Replay one state's events in date order into its dates and status periods.

    `withdrawal_effective` is the depositary's own effective date, where it states one (a withdrawal
    clause's condition, or a later date the notice names, can put it beyond the period alone).

    - A provisional application or a statement changes no status: neither is consent.
    - A revocation withdraws a consent before it took effect: the state is a signatory again if it
      signed (else it never signed), and may consent later.
    - A withdrawal whose condition a cited source records as invoked (e.g. APMBC Art. 20(3): "engaged
      in an armed conflict") has not taken effect: the state stays a party."""
    signature = consent = kind = in_force = notified = effective = revoked = None
    condition = ""
    transitions: list[tuple[dt.date, Status]] = []
    for event in sorted(events, key=lambda e: (e.date, _SAME_DAY_ORDER.get(e.type, 1))):
        if event.type is EventType.SIGNATURE:
            signature = event.date
            transitions.append((event.date, Status.SIGNATORY))
        elif event.type in CONSENT_EVENTS:
            consent, kind = event.date, event.type
            in_force = rules.in_force_date(event.date)
            notified = effective = revoked = None
            condition = ""
            if in_force is None or in_force > event.date:
                transitions.append((event.date, Status.CONSENTED))
            if in_force is not None:
                transitions.append((in_force, Status.PARTY))
        elif event.type is EventType.REVOCATION:
            # The consent never took effect: drop what it had scheduled from this day on.
            transitions = [t for t in transitions if t[0] < event.date]
            transitions.append((event.date, Status.SIGNATORY if signature else Status.NOT_SIGNED))
            consent = kind = in_force = None
            revoked = event.date
        elif event.type is EventType.WITHDRAWAL_NOTIFICATION:
            notified, condition = event.date, event.condition
            if condition == CONDITION_INVOKED:
                effective = None
            else:
                effective = withdrawal_effective or rules.withdrawal_effective_date(event.date)
            if effective is not None:
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
        revocation_date=revoked,
        withdrawal_condition=condition,
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

