"""Each instrument's rules for when consent takes effect and when a withdrawal does.

A rule set is chosen per instrument in seeds/instruments.csv (column `rules`); its parameters (the
date of entry into force, the number of instruments it needed) come from the same row, so the code
holds the treaty's logic and the seeds hold its facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import add_months, first_day_of_month_after


class UnknownRuleSet(LookupError):
    pass


@dataclass(frozen=True)
class Rules:
    id: str
    entry_into_force: dt.date | None
    # Date the instrument that triggered entry into force was deposited (CCM: the 30th).
    trigger_date: dt.date | None = None

    def in_force_date(self, consent: dt.date) -> dt.date:  # pragma: no cover - abstract
        raise NotImplementedError

    def entry_into_force_after(self, trigger: dt.date) -> dt.date:  # pragma: no cover - abstract
        raise NotImplementedError

    def withdrawal_effective_date(self, notified: dt.date) -> dt.date:  # pragma: no cover - abstract
        raise NotImplementedError

    in_force_article = ""
    withdrawal_article = ""


@dataclass(frozen=True)
class CcmRules(Rules):
    """Convention on Cluster Munitions, Articles 17 and 20."""

    in_force_article = "Art. 17"
    withdrawal_article = "Art. 20(3)"
    months_after_deposit = 6
    withdrawal_months = 6

    def in_force_date(self, consent: dt.date) -> dt.date | None:
        """Art. 17(1): "This Convention shall enter into force on the first day of the sixth month after
        the month in which the thirtieth instrument of ratification, acceptance, approval or accession
        has been deposited."
        Art. 17(2): "For any State that deposits its instrument of ratification, acceptance, approval or
        accession after the date of the deposit of the thirtieth instrument [...], this Convention shall
        enter into force on the first day of the sixth month after the date on which that State has
        deposited its instrument [...]."

        So a state that deposited on or before the day of the thirtieth deposit is bound from the
        Convention's own entry into force; one that deposited on any later day, from the first day of
        the sixth month after its own deposit, even if that day falls after 1 August 2010 by less.
        """
        if self.entry_into_force is None and self.trigger_date is None:
            return None  # not in force, and no trigger to wait for: consent makes no state a party
        if self.entry_into_force is None or self.trigger_date is None:
            raise ValueError("the CCM rules need the entry into force and the thirtieth deposit date")
        if consent <= self.trigger_date:
            return self.entry_into_force
        return first_day_of_month_after(consent, self.months_after_deposit)

    def entry_into_force_after(self, trigger: dt.date) -> dt.date:
        """Art. 17(1): the first day of the sixth month after the month of the thirtieth deposit."""
        return first_day_of_month_after(trigger, self.months_after_deposit)

    def withdrawal_effective_date(self, notified: dt.date) -> dt.date:
        """Art. 20(3): "Such withdrawal shall only take effect six months after the receipt of the
        instrument of withdrawal by the Depositary. If, however, on the expiry of that six-month period,
        the withdrawing State Party is engaged in an armed conflict, the withdrawal shall not take
        effect before the end of the armed conflict."

        The armed-conflict proviso depends on facts no depositary record states; the seeds may carry
        the depositary's own effective date instead (see status.participation)."""
        return add_months(notified, self.withdrawal_months)


@dataclass(frozen=True)
class NorthAtlanticRules(Rules):
    """North Atlantic Treaty, Articles 10, 11 and 13."""

    in_force_article = "Art. 10 and 11"
    withdrawal_article = "Art. 13"
    withdrawal_months = 12

    def in_force_date(self, consent: dt.date) -> dt.date:
        """Art. 11: "The Treaty shall enter into force between the States which have ratified it as soon
        as the ratifications of the majority of the signatories, including the ratifications of Belgium,
        Canada, France, Luxembourg, the Netherlands, the United Kingdom and the United States, have been
        deposited and shall come into effect with respect to other States on the date of the deposit of
        their ratifications."
        Art. 10: "Any State so invited may become a Party to the Treaty by depositing its instrument of
        accession with the Government of the United States of America."

        So: party from its own deposit, but not before the Treaty itself entered into force."""
        if self.entry_into_force is None:
            return consent
        return max(consent, self.entry_into_force)

    def withdrawal_effective_date(self, notified: dt.date) -> dt.date:
        """Art. 13: "[...] any Party may cease to be a Party one year after its notice of denunciation
        has been given to the Government of the United States of America [...]"."""
        return add_months(notified, self.withdrawal_months)


RULE_SETS: dict[str, type[Rules]] = {
    "ccm": CcmRules,
    "north_atlantic": NorthAtlanticRules,
}


def make_rules(rule_set: str, entry_into_force: dt.date | None, trigger_date: dt.date | None = None) -> Rules:
    try:
        cls = RULE_SETS[rule_set]
    except KeyError:
        raise UnknownRuleSet(f"unknown rule set {rule_set!r}; known: {', '.join(sorted(RULE_SETS))}") from None
    return cls(id=rule_set, entry_into_force=entry_into_force, trigger_date=trigger_date)


def nth_consent_date(consent_dates: list[dt.date], n: int) -> dt.date | None:
    """The date the n-th instrument of consent was deposited, or None while fewer exist."""
    ordered = sorted(consent_dates)
    return ordered[n - 1] if n and len(ordered) >= n else None
