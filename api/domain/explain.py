"""Every sentence the API writes about statuses: one phrase table, singular and plural."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .checks import COMPARISONS, Share, describe_fraction
from .model import Participation, Status
from .rules import Rules

# What a state (singular) or states (plural) "had done" with an instrument on a day, by status name;
# `bound` is the selection consented-or-party (the UN's "Parties").
PHRASES: dict[str, tuple[str, str]] = {
    Status.NOT_SIGNED.value: ("had neither signed nor consented to be bound by",
                              "had neither signed nor consented to be bound by"),
    Status.SIGNATORY.value: ("was a signatory (signed, not bound) of", "were signatories (signed, not bound) of"),
    Status.CONSENTED.value: ("had consented to be bound by, but was not yet a party to,",
                             "had consented to be bound by, but were not yet parties to,"),
    Status.PARTY.value: ("was a party to", "were parties to"),
    Status.WITHDRAWN.value: ("had withdrawn from", "had withdrawn from"),
    "bound": ("was bound by", "were bound by"),
}
QUANTIFIERS = {"all": ("All of them", 2), "any": ("At least one of them", 1), "none": ("None of them", 1)}


def phrase(status: str, count: int = 1) -> str:
    """The verb phrase for `count` states ("was a party to" for one, "were parties to" for 0 or 2+)."""
    singular, plural = PHRASES[status]
    return singular if count == 1 else plural


def status_sentence(p: Participation, rules: Rules, as_of: dt.date, state_name: str, instrument_name: str,
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
    elif p.consent_date and p.consent_date <= as_of:
        # As of a day before the deposit that brought the instrument into force, no date was known yet.
        parts.append(f"the date of entry into force for it depended on deposits still to come ({rules.in_force_article})")
    if p.withdrawal_notified_date and p.withdrawal_notified_date <= as_of and p.withdrawal_effective_date:
        verb = "took" if p.withdrawal_effective_date <= as_of else "takes"
        parts.append(
            f"its withdrawal was notified on {p.withdrawal_notified_date.isoformat()} and {verb} effect on "
            f"{p.withdrawal_effective_date.isoformat()} ({rules.withdrawal_article})"
        )
    head = f"On {as_of.isoformat()}, {state_name} {phrase(status.value)} the {instrument_name}"
    if not parts:
        return head + ": no depositary action by it is recorded on or before that date."
    return head + ": it " + "; ".join(parts) + "."


def share_sentence(group_name: str, instrument_name: str, status: str, as_of: dt.date, result: Share) -> str:
    if not result.denominator:
        return f"{group_name} had no members on {as_of.isoformat()}, so there is no share to compute."
    percent = 100 * result.numerator / result.denominator
    text = (f"{result.numerator} of the {result.denominator} {group_name} members ({percent:.1f}%) "
            f"{phrase(status, result.numerator)} the {instrument_name} on {as_of.isoformat()}")
    if result.threshold is None:
        return text + "."
    verdict = "" if result.holds else "not "
    return text + f": {verdict}{COMPARISONS[result.comparison][1]} {describe_fraction(result.threshold)}."


def status_check_sentence(instrument_name: str, status: str, quantifier: str, as_of: dt.date,
                 statuses: Iterable[tuple[str, Status]], holds: bool) -> str:
    """`statuses`: (state name, its status) for each state asked about."""
    described = "; ".join(f"{name} {phrase(st.value)} it" for name, st in statuses)
    claim, count = QUANTIFIERS[quantifier]
    verdict = "true" if holds else "false"
    return (f"On {as_of.isoformat()}, under the {instrument_name}: {described}. "
            f"'{claim} {phrase(status, count)} it' is {verdict}.")
