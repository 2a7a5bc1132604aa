"""Every sentence the API writes about statuses: one phrase table, singular and plural, with a variant
for each kind of instrument (a treaty's parties, an organisation's members)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .checks import COMPARISONS, Share, describe_fraction
from .model import (
    CONDITION_INVOKED,
    CONDITION_NOT_INVOKED,
    CONSENT_EVENTS,
    Event,
    EventType,
    Instrument,
    Participation,
    Status,
)
from .rules import Rules

TREATY, ORGANISATION = "treaty", "organisation"


@dataclass(frozen=True)
class Wording:
    """How one kind of instrument is spoken of. `statuses`: what a state (singular) or states (plural)
    "had done" with it on a day, by status name; `bound` is the selection consented-or-party (the UN's
    "Parties"). The clauses are templates of the status sentence, in the past and the future tense
    where the date may fall either side of the day asked about."""

    statuses: dict[str, tuple[str, str]]
    members: str  # what a group of this kind is made of
    check_intro: str  # how the status check names the instrument
    consent: str
    in_force: tuple[str, str]
    in_force_that_day: str  # in force on the day of consent, said in the consent's clause ("" for none)
    in_force_pending: str
    never_in_force: str
    withdrawal: str
    withdrawal_effect: tuple[str, str]


PHRASES: dict[str, Wording] = {
    TREATY: Wording(
        statuses={
            Status.NOT_SIGNED.value: ("had neither signed nor consented to be bound by",
                                      "had neither signed nor consented to be bound by"),
            Status.SIGNATORY.value: ("was a signatory (signed, not bound) of",
                                     "were signatories (signed, not bound) of"),
            Status.CONSENTED.value: ("had consented to be bound by, but was not yet a party to,",
                                     "had consented to be bound by, but were not yet parties to,"),
            Status.PARTY.value: ("was a party to", "were parties to"),
            Status.WITHDRAWN.value: ("had withdrawn from", "had withdrawn from"),
            "bound": ("was bound by", "were bound by"),
        },
        members="parties",
        check_intro="under {the}",
        consent="it deposited its instrument of {kind} {when} {date}",
        in_force=("the {noun} entered into force for it on {date}{article}",
                  "the {noun} enters into force for it on {date}{article}"),
        in_force_that_day="",
        in_force_pending="the date of entry into force for it depended on deposits still to come{article}",
        never_in_force="the {noun} had not entered into force{article}",
        withdrawal="its withdrawal was notified on {date}{reference}",
        withdrawal_effect=("took effect on {date}{article}", "takes effect on {date}{article}"),
    ),
    ORGANISATION: Wording(
        statuses={
            Status.NOT_SIGNED.value: ("had not joined", "had not joined"),
            Status.SIGNATORY.value: ("had signed the founding treaty of, but was not yet a member of,",
                                     "had signed the founding treaty of, but were not yet members of,"),
            Status.CONSENTED.value: ("had consented to join, but was not yet a member of,",
                                     "had consented to join, but were not yet members of,"),
            Status.PARTY.value: ("was a member of", "were members of"),
            Status.WITHDRAWN.value: ("had left", "had left"),
            "bound": ("had joined", "had joined"),
        },
        members="members",
        check_intro="as to membership of {the}",
        consent="it joined{by} {when} {date}",  # "joined on", "joined by ratification on" (a founder)
        in_force=("its membership took effect on {date}{article}", "its membership takes effect on {date}{article}"),
        in_force_that_day="its membership taking effect that day{article}",
        in_force_pending="the date its membership would take effect depended on deposits still to come{article}",
        never_in_force="its founding treaty had not entered into force{article}",
        withdrawal="it notified its withdrawal on {date}{reference}",
        withdrawal_effect=("left with effect from {date}{article}", "leaves with effect from {date}{article}"),
    ),
}
# A withdrawal clause's condition (rules' `withdrawal_condition`): what must hold for the withdrawal to
# take effect, and what a source records when it is invoked.
CONDITIONS = {"armed_conflict": ("the state is not then engaged in an armed conflict",
                                 "the state was engaged in an armed conflict")}
# Short names read as words take no article ("NATO", but "the UN").
WITHOUT_ARTICLE = frozenset({"NATO"})
# The word an instrument's name calls it by ("the Treaty has not entered into force").
NOUNS = ("Convention", "Treaty", "Charter", "Protocol", "Agreement")
QUANTIFIERS = {"all": ("All of them", 2), "any": ("At least one of them", 1), "none": ("None of them", 1)}


def wording(kind: str) -> Wording:
    """The variant for an instrument's kind; anything that is not an organisation reads as a treaty."""
    return PHRASES.get(kind, PHRASES[TREATY])


def phrase(status: str, count: int = 1, kind: str = TREATY) -> str:
    """The verb phrase for `count` states ("was a party to" for one, "were parties to" for 0 or 2+)."""
    singular, plural = wording(kind).statuses[status]
    return singular if count == 1 else plural


def the(short_name: str, start: bool = False) -> str:
    """A short name with its article: "the CCM", "the UN", "NATO"."""
    if short_name in WITHOUT_ARTICLE:
        return short_name
    return ("The " if start else "the ") + short_name


# State names that English writes with "the": a name that is a description ("Republic of Korea", "United
# Kingdom of ...", "Russian Federation", "Holy See") or a plural ("Netherlands", "Marshall Islands").
STATE_ARTICLE_WORDS = frozenset({"Republic", "Kingdom", "United", "Federation", "States", "Islands", "Holy",
                                 "Netherlands", "Philippines", "Bahamas", "Gambia", "Comoros", "Maldives",
                                 "Seychelles", "Emirates", "Territories", "Union"})


def state(name: str) -> str:
    """A state's name as a sentence's subject: "the Russian Federation", "the United States", "France"."""
    return f"the {name}" if STATE_ARTICLE_WORDS & set(name.replace("(", " ").split()) else name


def noun(name: str) -> str:
    return next((word for word in name.split() if word in NOUNS), "instrument")


def _article(article: str) -> str:
    return f" ({article})" if article else ""


def _sentence(text: str) -> str:
    """`text` ending as a sentence does, quoted or not."""
    text = text.strip()
    return text if text.rstrip("'\"”’)").endswith((".", "!", "?")) else text + "."


def _sources(event: Event) -> str:
    return " and ".join(event.source.split())


def status_sentence(p: Participation, rules: Rules, as_of: dt.date, state_name: str, instrument: Instrument,
                    events: Sequence[Event]) -> str:
    """The status on `as_of` and the dates, articles and records that decide it, from what was known on
    that day: `p` as known then, and the state's events (any dated after `as_of` are not used)."""
    w, status = wording(instrument.kind), p.status_on(as_of)
    seen = sorted((e for e in events if e.date <= as_of), key=lambda e: e.date)
    name = the(instrument.short_name) if instrument.kind == ORGANISATION else f"the {instrument.name}"
    words = {"noun": noun(instrument.name)}
    parts: list[str] = []
    if p.signature_date and p.signature_date <= as_of:
        parts.append(f"it signed on {p.signature_date.isoformat()}")
    if p.consent_date and p.consent_date <= as_of and p.consent_kind:
        bounded = any(e.type is p.consent_kind and e.date == p.consent_date and e.date_precision == "on_or_before"
                      for e in seen)
        kind = p.consent_kind.value
        consent = w.consent.format(kind=kind, by="" if p.consent_kind is EventType.ACCESSION else f" by {kind}",
                                   when="on or before" if bounded else "on", date=p.consent_date.isoformat())
        if p.in_force_date == p.consent_date and w.in_force_that_day and not bounded:
            parts.append(f"{consent}, {w.in_force_that_day.format(article=_article(rules.in_force_article))}")
        else:
            parts += [consent, _entry_into_force(p, rules, as_of, w, words)]
    if p.revocation_date and p.revocation_date <= as_of:
        parts.append(_revocation(p, seen))
    if p.withdrawal_notified_date and p.withdrawal_notified_date <= as_of:
        notice = next((e for e in reversed(seen) if e.type is EventType.WITHDRAWAL_NOTIFICATION), None)
        parts.append(_withdrawal(p, rules, as_of, w, notice))
    provisional = [e for e in seen if e.type is EventType.PROVISIONAL_APPLICATION]
    if provisional and status in (Status.SIGNATORY, Status.CONSENTED):
        # Only before the instrument binds the state does applying it provisionally say anything.
        parts.append(f"it declared on {provisional[-1].date.isoformat()} that it applies the {words['noun']} "
                     f"provisionally, pending its entry into force for it (not consent: no change of status)")
    head = f"On {as_of.isoformat()}, {state(state_name)} {phrase(status.value, kind=instrument.kind)} {name}"
    text = head + (f": {_join(parts)}." if parts else ": no depositary action by it is recorded on or before that date.")
    for statement in (e for e in seen if e.type is EventType.STATEMENT):
        text += f" On {statement.date.isoformat()}, a statement that changed no status was recorded"
        text += f": {_sentence(statement.note)}" if statement.note else "."
    return text


def _join(parts: list[str]) -> str:
    """Clauses joined by semicolons, "it" said once for a run of clauses about the state itself."""
    said = [part.removeprefix("it ") if i and part.startswith("it ") and parts[i - 1].startswith("it ") else part
            for i, part in enumerate(parts)]
    return "; ".join(said)


def _entry_into_force(p: Participation, rules: Rules, as_of: dt.date, w: Wording, words: dict[str, str]) -> str:
    article = _article(rules.in_force_article)
    if p.in_force_date:
        future = p.in_force_date > as_of
        return w.in_force[future].format(date=p.in_force_date.isoformat(), article=article, **words)
    if rules.trigger is None and rules.entry_into_force is None:
        # No deposit counted by the model brings it into force (CTBT Art. XIV: all of Annex 2's states).
        return w.never_in_force.format(article=article, **words)
    # As of a day before the deposit that brought the instrument into force, no date was known yet.
    return w.in_force_pending.format(article=article, **words)


def _revocation(p: Participation, seen: list[Event]) -> str:
    day = p.revocation_date
    bounded = any(e.type is EventType.REVOCATION and e.date == day and e.date_precision == "on_or_before" for e in seen)
    revoked = [e for e in seen if e.type in CONSENT_EVENTS and day is not None and e.date <= day]
    what = f"its instrument of {revoked[-1].type.value} of {revoked[-1].date.isoformat()}" if revoked \
        else "its instrument of consent"
    after = "a signatory again" if p.signature_date else "no longer bound"
    return f"{what} was revoked {'on or before' if bounded else 'on'} {day}, so it was {after}"


def _withdrawal(p: Participation, rules: Rules, as_of: dt.date, w: Wording, notice: Event | None) -> str:
    reference = f" ({notice.reference})" if notice and notice.reference else ""
    text = w.withdrawal.format(date=p.withdrawal_notified_date, reference=reference)
    recorded = f"as recorded by {_sources(notice)}" if notice and notice.source else "as a source records"
    article = _article(rules.withdrawal_article)
    condition = CONDITIONS.get(rules.withdrawal_condition)
    if p.withdrawal_condition == CONDITION_INVOKED:
        invoked = condition[1] if condition else "its condition held"
        return f"{text} and had not taken effect{article}: {invoked}, {recorded}"
    if p.withdrawal_effective_date is None:
        return f"{text}; no date on which it takes effect is recorded"
    effective = p.withdrawal_effective_date
    text += " and " + w.withdrawal_effect[effective > as_of].format(date=effective.isoformat(), article=article)
    if condition is None:
        return text
    if p.withdrawal_condition == CONDITION_NOT_INVOKED and effective <= as_of:
        return f"{text}, {recorded}"
    # Nothing recorded (or, before the day, nothing yet known): the stated date holds, on the condition.
    return f"{text}, subject to the condition that {condition[0]}; no source records it invoked"


def share_sentence(group: Instrument, counted: Instrument, status: str, as_of: dt.date, result: Share) -> str:
    """`group`: the instrument whose parties (or members) on `as_of` are counted; `counted`: the one whose
    status is asked about."""
    members = wording(group.kind).members
    if not result.denominator:
        return (f"{the(group.short_name, start=True)} had no {members} on {as_of.isoformat()}, so there is "
                f"no share to compute.")
    percent = 100 * result.numerator / result.denominator
    text = (f"{result.numerator} of the {result.denominator} {group.short_name} {members} ({percent:.1f}%) "
            f"{phrase(status, result.numerator, counted.kind)} {the(counted.short_name)} on {as_of.isoformat()}")
    if result.threshold is None:
        return text + "."
    verdict = "" if result.holds else "not "
    return text + f": {verdict}{COMPARISONS[result.comparison][1]} {describe_fraction(result.threshold)}."


def status_check_sentence(instrument: Instrument, status: str, quantifier: str, as_of: dt.date,
                          statuses: Iterable[tuple[str, Status]], holds: bool) -> str:
    """`statuses`: (state name, its status) for each state asked about."""
    kind = instrument.kind
    described = "; ".join(f"{state(name)} {phrase(st.value, kind=kind)} it" for name, st in statuses)
    claim, count = QUANTIFIERS[quantifier]
    verdict = "true" if holds else "false"
    intro = wording(kind).check_intro.format(the=the(instrument.short_name))
    return (f"On {as_of.isoformat()}, {intro}: {described}. "
            f"'{claim} {phrase(status, count, kind)} it' is {verdict}.")
