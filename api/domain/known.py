"""What could be known on a date: a state's dates and sources under an instrument as they stood then.

An answer as of D shows only what had happened by D. The status on D already follows from the periods,
but a participation's dates are the latest ones (France's 2009 ratification is no answer "as of 1900").
So each state's successive states of knowledge are computed once, when the data is loaded, each with
the day from which it holds; masking a row for a request is then a few date comparisons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .model import CONSENT_EVENTS, Event, Participation
from .rules import Rules
from .status import participation


@dataclass(frozen=True)
class Known:
    """What could be known from `since` on (until the next `Known` of the same history)."""

    since: dt.date
    # Dates as known on `since`; its periods are the whole history's, so status_on() stays the truth.
    participation: Participation
    sources: tuple[str, ...]


def in_force_known_from(consent: dt.date, rules: Rules) -> dt.date:
    """The day on which the in-force date that follows from a deposit of consent could be known.

    After the deposit that brought the instrument into force (CCM Art. 17(2): after the thirtieth),
    a state's in-force date follows from its own deposit, so it is known that day. A deposit before it
    (Art. 17(1)) only says that the instrument will enter into force once enough have been deposited:
    the date becomes known with the thirtieth deposit. Where the rules name no such deposit but the
    instrument entered into force after the consent (the North Atlantic Treaty's founders, Art. 11),
    it became known on the day of entry into force, which is the day of the deposit that completed it.
    """
    if rules.trigger_date is not None:
        return max(consent, rules.trigger_date)
    if rules.entry_into_force is not None:
        return max(consent, rules.entry_into_force)
    return consent


def history(state: str, events: Iterable[Event], rules: Rules,
            withdrawal_effective: dt.date | None = None) -> tuple[Known, ...]:
    """Every state of knowledge about one state's participation, oldest first.

    Knowledge changes on the date of each event and on the day an in-force date becomes known; on each
    such day the events dated up to it are replayed by the same rules as the whole history. A withdrawal
    notified by then keeps the effective date the depositary stated, since that was known on notification.
    An event dated "on or before" a day counts as known on that day."""
    ordered = sorted(events, key=lambda e: e.date)
    whole = participation(state, ordered, rules, withdrawal_effective)
    days = {e.date for e in ordered} | {in_force_known_from(e.date, rules) for e in ordered if e.type in CONSENT_EVENTS}
    known: list[Known] = []
    for day in sorted(days):
        seen = [e for e in ordered if e.date <= day]
        p = participation(state, seen, rules, withdrawal_effective)
        in_force = p.in_force_date
        if p.consent_date is not None and in_force_known_from(p.consent_date, rules) > day:
            in_force = None
        current = Known(day, replace(p, in_force_date=in_force, periods=whole.periods),
                        tuple(dict.fromkeys(e.source for e in seen if e.source)))
        if known and replace(known[-1], since=day) == current:
            continue
        known.append(current)
    return tuple(known)


def known_on(states: tuple[Known, ...], day: dt.date) -> Known | None:
    """The knowledge that holds on `day`, or None before the state's first recorded action."""
    for known in reversed(states):
        if known.since <= day:
            return known
    return None
