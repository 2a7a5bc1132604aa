"""A state's status under an instrument on any date, derived from its events by the instrument's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import CONSENT_EVENTS, Event, EventType, Participation, Period, Status
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

    `withdrawal_effective` is the depositary's own effective date, where it states one (the CCM's
    armed-conflict proviso can postpone it beyond what Art. 20(2) alone gives)."""
    signature = consent = kind = in_force = notified = effective = None
    transitions: list[tuple[dt.date, Status]] = []
    for event in sorted(events, key=lambda e: (e.date, _SAME_DAY_ORDER.get(e.type, 1))):
        if event.type is EventType.SIGNATURE:
            signature = event.date
            transitions.append((event.date, Status.SIGNATORY))
        elif event.type in CONSENT_EVENTS:
            consent, kind = event.date, event.type
            in_force = rules.in_force_date(event.date)
            notified = effective = None
            if in_force is None or in_force > event.date:
                transitions.append((event.date, Status.CONSENTED))
            if in_force is not None:
                transitions.append((in_force, Status.PARTY))
        elif event.type is EventType.REVOCATION:
            # The consent never took effect: drop what it had scheduled from this day on.
            transitions = [t for t in transitions if t[0] < event.date]
            transitions.append((event.date, Status.SIGNATORY if signature else Status.NOT_SIGNED))
            consent = kind = in_force = None
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


def explain(p: Participation, rules: Rules, as_of: dt.date, state_name: str, instrument_name: str,
            consent_on_or_before: bool = False) -> str:
    """One plain sentence: the status on `as_of` and the dates and articles that decide it.

    `consent_on_or_before`: the sources bound the deposit's date rather than give it."""
    status = p.status_on(as_of)
    parts: list[str] = []
    if p.signature_date and p.signature_date <= as_of:
        parts.append(f"signed on {p.signature_date.isoformat()}")
    if p.consent_date and p.consent_date <= as_of and p.consent_kind:
        when = "on or before" if consent_on_or_before else "on"
        parts.append(f"deposited its instrument of {p.consent_kind.value} {when} {p.consent_date.isoformat()}")
    if p.in_force_date and p.consent_date and p.consent_date <= as_of:
        verb = "entered" if p.in_force_date <= as_of else "enters"
        parts.append(
            f"the instrument {verb} into force for it on {p.in_force_date.isoformat()} ({rules.in_force_article})"
        )
    if p.withdrawal_notified_date and p.withdrawal_notified_date <= as_of and p.withdrawal_effective_date:
        verb = "took" if p.withdrawal_effective_date <= as_of else "takes"
        parts.append(
            f"its withdrawal was notified on {p.withdrawal_notified_date.isoformat()} and {verb} effect on "
            f"{p.withdrawal_effective_date.isoformat()} ({rules.withdrawal_article})"
        )
    label = STATUS_PHRASES[status]
    head = f"On {as_of.isoformat()}, {state_name} {label} the {instrument_name}"
    if not parts:
        return head + ": no depositary action by it is recorded on or before that date."
    return head + ": it " + "; ".join(parts) + "."


STATUS_PHRASES = {
    Status.NOT_SIGNED: "had neither signed nor consented to be bound by",
    Status.SIGNATORY: "was a signatory (signed, not bound) of",
    Status.CONSENTED: "had consented to be bound by, but was not yet a party to,",
    Status.PARTY: "was a party to",
    Status.WITHDRAWN: "had withdrawn from",
}
