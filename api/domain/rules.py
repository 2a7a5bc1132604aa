"""One model for every instrument's rules: when consent takes effect, and when a withdrawal does.

The parameters are data (seeds/rules.csv, one row per rule entry, quoting the articles they come
from); this module only knows the kinds of parameter the treaties use:

- the trigger: the Nth instrument of consent (`consent:N`), or none (in force from a fixed date that
  instruments.csv states, or never in force);
- the delay after the trigger for the instrument's own entry into force, and the delay after a later
  state's own deposit: `days:N` (the Nth day after), `month_start:N` (the first day of the Nth month
  after the month of deposit) or `none` (on the day itself);
- which deposits are "later": those after the trigger's deposit (CCM Art. 17(2)) or those after the
  instrument's entry into force (CWC Art. XXI(2));
- a floor for the instrument's own entry into force, counted from its opening for signature (CWC:
  "in no case earlier than two years after its opening for signature");
- the withdrawal period (`months:N`, `days:N`, or none: no withdrawal clause) and its condition
  (`armed_conflict`: the withdrawal does not take effect while the state is in an armed conflict).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .dates import add_months, first_day_of_month_after


class InvalidRule(ValueError):
    """A rule parameter that is not one of the kinds this model knows."""


@dataclass(frozen=True)
class Delay:
    """A span of calendar time, as the treaties write it."""

    kind: str  # "days", "months", "month_start" or "none"
    n: int = 0

    def after(self, day: dt.date) -> dt.date:
        if self.kind == "days":
            return day + dt.timedelta(days=self.n)
        if self.kind == "months":
            return add_months(day, self.n)
        if self.kind == "month_start":
            return first_day_of_month_after(day, self.n)
        return day

    def __str__(self) -> str:
        return "none" if self.kind == "none" else f"{self.kind}:{self.n}"


NONE = Delay("none")
DELAY_KINDS = ("days", "month_start", "none")
PERIOD_KINDS = ("days", "months", "none")
LATER = ("after_trigger", "after_entry_into_force")
CONDITIONS = ("armed_conflict",)


def parse_delay(text: str, kinds: tuple[str, ...] = DELAY_KINDS) -> Delay:
    """`days:90`, `month_start:6`, `months:12` or `none`; raises InvalidRule naming what is accepted."""
    accepted = " or ".join(f"{k}:N" if k != "none" else "none" for k in kinds)
    if text == "none" and "none" in kinds:
        return NONE
    kind, sep, number = text.partition(":")
    if not sep or kind not in kinds or kind == "none" or not number.isdigit() or int(number) == 0 \
            or number != str(int(number)):
        raise InvalidRule(f"{text!r} is not {accepted} (N a whole number above 0)")
    return Delay(kind, int(number))


def parse_trigger(text: str) -> int | None:
    """`consent:N` -> N; `none` -> None."""
    if text == "none":
        return None
    kind, sep, number = text.partition(":")
    if kind != "consent" or not sep or not number.isdigit() or int(number) == 0 or number != str(int(number)):
        raise InvalidRule(f"{text!r} is not consent:N (the Nth instrument of consent) or none")
    return int(number)


@dataclass(frozen=True)
class Rules:
    """One rule entry, bound (by `bind`) to the facts of the instrument that uses it."""

    id: str
    trigger: int | None = None  # the Nth consent that brings the instrument into force
    delay: Delay = NONE  # from the trigger's deposit to the instrument's own entry into force
    later: str = "after_trigger"
    later_delay: Delay = NONE  # from a later state's own deposit to entry into force for it
    floor: Delay | None = None  # the earliest entry into force, counted from the opening for signature
    withdrawal: Delay | None = None  # None: the instrument has no withdrawal clause
    withdrawal_condition: str = ""
    in_force_article: str = ""
    withdrawal_article: str = ""
    text: str = ""
    source: str = ""
    # Facts of the instrument, from instruments.csv and its events file.
    entry_into_force: dt.date | None = None
    trigger_date: dt.date | None = None
    opened_for_signature: dt.date | None = None

    def bind(self, entry_into_force: dt.date | None, trigger_date: dt.date | None = None,
             opened_for_signature: dt.date | None = None) -> Rules:
        return replace(self, entry_into_force=entry_into_force, trigger_date=trigger_date,
                       opened_for_signature=opened_for_signature)

    def in_force_date(self, consent: dt.date) -> dt.date | None:
        """The day the instrument binds a state that deposited its consent on `consent`; None while
        the instrument is not in force and its trigger has not been reached.

        A deposit up to the cut-off (the trigger's deposit, or the instrument's entry into force) is
        bound from the instrument's own entry into force; a later one from its own deposit plus the
        later delay. CCM Art. 17(2) counts from the 30th deposit, so a state depositing the next day
        waits the full six months even if the Convention enters into force sooner."""
        cutoff = self.trigger_date if self.later == "after_trigger" else self.entry_into_force
        if cutoff is not None and consent > cutoff:
            return self.later_delay.after(consent)
        return self.entry_into_force

    def entry_into_force_after(self, trigger: dt.date) -> dt.date:
        """The instrument's own entry into force given the trigger's deposit, not before the floor."""
        derived = self.delay.after(trigger)
        if self.floor is not None and self.opened_for_signature is not None:
            derived = max(derived, self.floor.after(self.opened_for_signature))
        return derived

    def withdrawal_effective_date(self, notified: dt.date) -> dt.date | None:
        """The day a withdrawal notified on `notified` takes effect by the period alone (None: no
        withdrawal clause, so only a date a source states can end participation). The condition, if
        any, is a fact about the withdrawing state that the seeds record, not a date computed here."""
        return self.withdrawal.after(notified) if self.withdrawal is not None else None


def trigger_date(rules: Rules, consents: list[tuple[dt.date, dt.date | None]]) -> dt.date | None:
    """The day the Nth instrument of consent still standing was deposited, or None while fewer exist.

    `consents`: (deposit, revoked) pairs; a consent revoked on or before a day does not count on it."""
    if rules.trigger is None:
        return None
    for day in sorted(d for d, _ in consents):
        standing = sum(1 for d, revoked in consents if d <= day and (revoked is None or revoked > day))
        if standing >= rules.trigger:
            return day
    return None


RULE_PARAMETERS = ("id", "trigger", "delay", "later", "later_delay", "floor", "withdrawal", "withdrawal_condition",
                   "in_force_article", "withdrawal_article", "text", "source")


def parse_rule(row: dict[str, str]) -> tuple[Rules | None, list[str]]:
    """A rule entry from its text parameters (a row of seeds/rules.csv, or of the built database):
    the entry, or None and every problem found, each naming its column."""
    problems: list[str] = []

    def parsed(column, parse, default=None):
        try:
            return parse(row[column])
        except InvalidRule as exc:
            problems.append(f"{column} {exc}")
            return default

    trigger = parsed("trigger", parse_trigger)
    delay = parsed("delay", parse_delay, NONE)
    later_delay = parsed("later_delay", parse_delay, NONE)
    floor = parsed("floor", lambda v: parse_delay(v, ("days", "months"))) if row["floor"] else None
    withdrawal = parsed("withdrawal", lambda v: parse_delay(v, PERIOD_KINDS), NONE)
    if row["later"] not in LATER:
        problems.append(f"later {row['later']!r} is not one of {', '.join(LATER)}")
    elif row["later"] == "after_trigger" and row["trigger"] == "none":
        problems.append("later after_trigger needs a trigger (consent:N)")
    if row["trigger"] == "none" and row["delay"] != "none":
        problems.append("delay must be none when there is no trigger to count it from")
    if row["withdrawal_condition"] and row["withdrawal_condition"] not in CONDITIONS:
        problems.append(f"withdrawal_condition {row['withdrawal_condition']!r} is not {' or '.join(CONDITIONS)} (or empty)")
    if row["withdrawal_condition"] and row["withdrawal"] == "none":
        problems.append("withdrawal_condition needs a withdrawal period")
    for column in ("in_force_article", "text"):
        if not row[column]:
            problems.append(f"{column} is missing: quote the articles the parameters come from")
    if row["withdrawal"] != "none" and not row["withdrawal_article"]:
        problems.append("withdrawal_article is missing: name the article that sets the withdrawal period")
    if problems:
        return None, problems
    return Rules(
        id=row["id"], trigger=trigger, delay=delay, later=row["later"], later_delay=later_delay, floor=floor,
        withdrawal=None if withdrawal.kind == "none" else withdrawal,
        withdrawal_condition=row["withdrawal_condition"], in_force_article=row["in_force_article"],
        withdrawal_article=row["withdrawal_article"], text=row["text"], source=row["source"],
    ), []


def parameters(rules: Rules) -> dict[str, str | None]:
    """The entry's parameters as text, the inverse of `parse_rule` (for the database)."""
    return {
        "id": rules.id, "trigger": "none" if rules.trigger is None else f"consent:{rules.trigger}",
        "delay": str(rules.delay), "later": rules.later, "later_delay": str(rules.later_delay),
        "floor": str(rules.floor) if rules.floor else "", "withdrawal": str(rules.withdrawal or NONE),
        "withdrawal_condition": rules.withdrawal_condition, "in_force_article": rules.in_force_article,
        "withdrawal_article": rules.withdrawal_article, "text": rules.text, "source": rules.source,
    }
