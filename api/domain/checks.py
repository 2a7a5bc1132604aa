"""Derived checks over statuses: shares with exact fractions, quantifiers, timelines, changes."""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from fractions import Fraction

from .model import Participation, Status

COMPARISONS = {
    "gt": (operator.gt, "more than"),
    "ge": (operator.ge, "at least"),
    "lt": (operator.lt, "less than"),
    "le": (operator.le, "at most"),
    "eq": (operator.eq, "exactly"),
}


# Status names a check accepts besides the statuses themselves: `bound` is consented or party (the UN's
# "Parties", the Monitor's "States Parties", what a news report calls having "banned" a weapon).
SELECTIONS = {"bound": frozenset({Status.CONSENTED, Status.PARTY})}
SELECTION_NAMES = [s.value for s in Status] + list(SELECTIONS)


def selection(name: str) -> frozenset[Status]:
    """A status name, or one of SELECTIONS, as the set of statuses it admits."""
    return SELECTIONS.get(name) or frozenset({Status(name)})


def _wanted(status: Status | frozenset[Status]) -> frozenset[Status]:
    return status if isinstance(status, frozenset) else frozenset({status})


class BadThreshold(ValueError):
    pass


def parse_threshold(text: str) -> Fraction:
    """'2/3', '0.5' or '50%' -> an exact, non-negative Fraction (above 1 no share can pass it)."""
    raw = text.strip()
    try:
        if raw.endswith("%"):
            value = Fraction(raw[:-1].strip()) / 100
        elif "/" in raw:
            num, den = raw.split("/")  # "1/2/3" is no fraction: refused, not read as 1/(2/3)
            if Fraction(den.strip()) == 0:
                raise BadThreshold("the denominator must not be 0")
            value = Fraction(num.strip()) / Fraction(den.strip())
        else:
            value = Fraction(raw)
    except (ValueError, ZeroDivisionError) as exc:
        if isinstance(exc, BadThreshold):
            raise
        raise BadThreshold("expected a fraction such as 2/3, a decimal such as 0.5 or a percentage such as 50%") from None
    if value < 0:
        raise BadThreshold("must not be negative")
    return value


FRACTION_NAMES = {Fraction(1, 2): "one half", Fraction(2, 3): "two-thirds", Fraction(1, 3): "one third",
                  Fraction(3, 4): "three-quarters", Fraction(1, 4): "one quarter", Fraction(1): "all",
                  Fraction(0): "none"}


def describe_fraction(value: Fraction) -> str:
    return FRACTION_NAMES.get(value, f"{value.numerator}/{value.denominator}")


@dataclass(frozen=True)
class Share:
    counted: list[str]
    not_counted: list[str]
    threshold: Fraction | None
    comparison: str
    holds: bool | None

    @property
    def numerator(self) -> int:
        return len(self.counted)

    @property
    def denominator(self) -> int:
        return len(self.counted) + len(self.not_counted)

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None


def share(members: Iterable[str], statuses: Mapping[str, Status], status: Status | frozenset[Status],
          threshold: Fraction | None = None, comparison: str = "gt") -> Share:
    """Which `members` have `status` (or one of a set); `holds` compares the exact fraction with `threshold`."""
    wanted = _wanted(status)
    members = set(members)
    return share_of(members, {s for s in members if statuses.get(s, Status.NOT_SIGNED) in wanted}, threshold,
                    comparison)


def share_of(members: AbstractSet[str], counted: AbstractSet[str], threshold: Fraction | None = None,
             comparison: str = "gt") -> Share:
    """The share of `members` that are among `counted` (those with the status counted, members or not)."""
    counted = members & counted
    holds = None
    if threshold is not None and members:
        holds = COMPARISONS[comparison][0](Fraction(len(counted), len(members)), threshold)
    return Share(sorted(counted), sorted(members - counted), threshold, comparison, holds)


def quantify(statuses: Mapping[str, Status], status: Status | frozenset[Status], quantifier: str) -> bool:
    """all / any / none of the given states have `status` (or one of a set)."""
    wanted = _wanted(status)
    matches = [s in wanted for s in statuses.values()]
    if quantifier == "all":
        return all(matches)
    if quantifier == "any":
        return any(matches)
    if quantifier == "none":
        return not any(matches)
    raise ValueError(f"unknown quantifier {quantifier!r}")


@dataclass(frozen=True)
class Change:
    state: str
    date: dt.date
    from_status: Status
    to_status: Status


def changes(participations: Iterable[Participation], start: dt.date, end: dt.date) -> list[Change]:
    """Every status change with start < date <= end, sorted by state then date."""
    found: list[Change] = []
    for p in participations:
        previous = Status.NOT_SIGNED
        for period in p.periods:
            if start < period.start <= end:
                found.append(Change(p.state, period.start, previous, period.status))
            previous = period.status
    return sorted(found, key=lambda c: (c.state, c.date))


def change_dates(participations: Iterable[Participation], start: dt.date, end: dt.date) -> list[dt.date]:
    days = {period.start for p in participations for period in p.periods if start < period.start <= end}
    return sorted(days)


def counts(participations: Iterable[Participation], day: dt.date) -> dict[str, int]:
    """How many states hold each status on `day`, and the depositaries' two headline figures:
    `signed` (signed and not withdrawn: the UN's "Signatories") and `bound` (consented or party: the UN's
    "Parties", the Monitor's "States Parties")."""
    held = Counter()
    signed = 0
    for p in participations:
        status = p.status_on(day)
        held[status] += 1
        if p.signature_date and p.signature_date <= day and status is not Status.WITHDRAWN:
            signed += 1
    return {
        "signatory": held[Status.SIGNATORY], "consented": held[Status.CONSENTED], "party": held[Status.PARTY],
        "withdrawn": held[Status.WITHDRAWN], "signed": signed, "bound": held[Status.CONSENTED] + held[Status.PARTY],
    }


def statuses_on(participations: Mapping[str, Participation], day: dt.date) -> dict[str, Status]:
    return {state: p.status_on(day) for state, p in participations.items()}


def members_on(participations: Mapping[str, Participation], day: dt.date, status: Status = Status.PARTY) -> list[str]:
    return sorted(state for state, p in participations.items() if p.status_on(day) is status)


@dataclass(frozen=True)
class TimelinePoint:
    date: dt.date
    share: Share
    entered_counted: list[str]
    left_counted: list[str]
    entered_group: list[str]
    left_group: list[str]


def timeline(group: Mapping[str, Participation], instrument: Mapping[str, Participation],
             status: Status | frozenset[Status],
             start: dt.date, end: dt.date) -> list[TimelinePoint]:
    """The share on `start`, then on every later day up to `end` on which it or its lists change."""
    days = [start] + change_dates([*group.values(), *instrument.values()], start, end)
    points: list[TimelinePoint] = []
    prev: Share | None = None
    for day in days:
        current = share(members_on(group, day), statuses_on(instrument, day), status)
        if prev is not None and current.counted == prev.counted and current.not_counted == prev.not_counted:
            continue
        before_counted = set(prev.counted) if prev else set()
        before_group = set(prev.counted + prev.not_counted) if prev else set()
        now_group = set(current.counted + current.not_counted)
        points.append(TimelinePoint(
            date=day,
            share=current,
            entered_counted=sorted(set(current.counted) - before_counted) if prev else [],
            left_counted=sorted(before_counted - set(current.counted)),
            entered_group=sorted(now_group - before_group) if prev else [],
            left_group=sorted(before_group - now_group),
        ))
        prev = current
    return points
