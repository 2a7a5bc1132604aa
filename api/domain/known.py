"""What could be known on a date: a state's dates and sources under an instrument as they stood then.

An answer as of D shows only what had happened by D. The status on D already follows from the periods,
but a participation's dates are the latest ones (France's 2009 ratification is no answer "as of 1900").
So each state's successive states of knowledge are computed once, each with the day from which it
holds; and since an answer depends only on which status period and which state of knowledge its day
falls in, the two are merged into one sorted timeline of standings per state, found by bisection.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import compress

from .model import CONSENT_EVENTS, Event, Participation, Status
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


@dataclass(frozen=True, eq=False)
class Standing:
    """A state's standing under an instrument from `since` until the next standing: what could be known
    and the status held. Every day in between has the same answer, so a row is worked out once per
    standing (compared by identity: one object per standing, for the lifetime of the catalogue)."""

    since: dt.date
    known: Known
    status: Status


@dataclass(frozen=True)
class Timeline:
    """One state's standings, oldest first, with their first days for bisection."""

    days: tuple[dt.date, ...] = ()
    standings: tuple[Standing, ...] = field(default=())

    def on(self, day: dt.date) -> Standing | None:
        """The standing on `day`, or None before the state's first recorded action."""
        index = bisect_right(self.days, day)
        return self.standings[index - 1] if index else None


def timeline(states: tuple[Known, ...]) -> Timeline:
    """A new standing wherever the knowledge or the status changes (the periods are the whole history's,
    the same in every Known, so their starts after the first action are where the status changes)."""
    if not states:
        return Timeline()
    first = states[0].since
    starts = {p.start for p in states[0].participation.periods if p.start > first}
    standings: list[Standing] = []
    for day in sorted({k.since for k in states} | starts):
        known = known_on(states, day)
        status = known.participation.status_on(day)
        if standings and standings[-1].known is known and standings[-1].status is status:
            continue
        standings.append(Standing(day, known, status))
    return Timeline(tuple(s.since for s in standings), tuple(standings))


# What the interval lists below may hold in all, counted in entries (a standing in a list, a state in a
# dict): about 50 MB at most. The seeds' nine instruments need 350,000 for every interval; at 600
# instruments x 200 states every interval would need ~20 million, so past the budget an interval's list is
# made for its question and not kept.
MAX_KEPT_ENTRIES = 500_000
_kept = [0]


def _keep(store: dict, index: int, value):
    if _kept[0] < MAX_KEPT_ENTRIES:
        store[index] = value
        _kept[0] += len(value)
    return value


class InstrumentTimeline:
    """Every state's standings under one instrument, and the days on which any of them changes: between
    two such days the list of standings is the same, so each interval's list is made once, on its first
    question, and found by bisection after (within MAX_KEPT_ENTRIES for all instruments)."""

    def __init__(self, timelines: dict[str, Timeline]):
        self.by_state = timelines
        self.days = tuple(sorted({day for t in timelines.values() for day in t.days}))
        self._lists: dict[int, tuple[Standing, ...]] = {}
        self._statuses: dict[int, dict[str, Status]] = {}
        self._having: dict[tuple[int, frozenset[Status]], frozenset[str]] = {}

    def on(self, day: dt.date) -> tuple[Standing, ...]:
        """The standing on `day` of every state that had acted by then, in the order of `by_state`."""
        index = bisect_right(self.days, day)
        found = self._lists.get(index)
        if found is None:
            found = _keep(self._lists, index,
                          tuple(s for s in (t.on(day) for t in self.by_state.values()) if s is not None))
        return found

    def warm(self) -> bool:
        """Make every interval's lists now, as far as the budget goes; False once it is spent."""
        for day in (dt.date.min, *self.days):
            if _kept[0] >= MAX_KEPT_ENTRIES:
                return False
            self.states_with(day, PARTY)
        return True

    def statuses_on(self, day: dt.date) -> dict[str, Status]:
        """The status on `day` of every state that had acted by then, by state."""
        index = bisect_right(self.days, day)
        found = self._statuses.get(index)
        if found is None:
            found = _keep(self._statuses, index, {s.known.participation.state: s.status for s in self.on(day)})
        return found

    def states_with(self, day: dt.date, wanted: frozenset[Status]) -> frozenset[str]:
        """The states that had acted by `day` and whose status on it is one of `wanted`: a set, so that a
        group's members are counted by set operations rather than state by state."""
        key = (bisect_right(self.days, day), wanted)
        found = self._having.get(key)
        if found is None:
            statuses = self.statuses_on(day)
            found = _keep(self._having, key, frozenset(compress(statuses, map(wanted.__contains__, statuses.values()))))
        return found


PARTY = frozenset({Status.PARTY})
