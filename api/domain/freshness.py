"""How current an answer's data is: the depositary status date it rests on, and what it cannot know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import Instrument

# The one sentence that says so; one per status date, naming the instruments taken on that date.
CAVEAT = "Events after {data_as_at} are not in the {names} data: the answer for {day} does not take them into account."


def data_as_at(instruments: Iterable[Instrument]) -> dt.date:
    """The oldest depositary status date among the instruments an answer uses."""
    return min(i.status_as_at for i in instruments)


def caveats(instruments: Iterable[Instrument], day: dt.date) -> list[str]:
    """A sentence for each status date older than `day` (the answer's `as_of`, or `to`), oldest first."""
    by_date: dict[dt.date, set[str]] = {}
    for i in instruments:
        if i.status_as_at < day:
            by_date.setdefault(i.status_as_at, set()).add(i.short_name)
    return [
        CAVEAT.format(data_as_at=at.isoformat(), names=" and ".join(sorted(names)), day=day.isoformat())
        for at, names in sorted(by_date.items())
    ]
