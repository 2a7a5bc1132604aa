"""A state's record and what could be known of it, from its events, on the treaties' own cases: pure
functions, no app, no database. The rules come from tests/test_rules.py, so that these cases hold
whatever form the rules take."""

import datetime as dt

import pytest

from api.domain.known import history, known_on
from api.domain.model import Event, EventType, Status
from api.domain.status import participation
from tests.test_rules import CCM, NAT

D = dt.date.fromisoformat


def events(*rows):
    return [Event("XXX", EventType(kind), D(day), source=f"https://example.org/{kind}/{day}") for kind, day in rows]


def test_the_record_carries_the_state_its_signature_and_its_kind_of_consent():
    # Switzerland: signed on 3 December 2008, ratified on 17 July 2012 (Art. 17(2): in force 1 January 2013).
    p = participation("CHE", events(("signature", "2008-12-03"), ("ratification", "2012-07-17")), CCM)
    assert (p.state, p.signature_date, p.consent_date, p.consent_kind, p.in_force_date) == (
        "CHE", D("2008-12-03"), D("2012-07-17"), EventType.RATIFICATION, D("2013-01-01"))


def test_a_signature_confirmed_later_does_not_stop_the_ratification_from_counting():
    # Signed ad referendum, the signature confirmed, then ratified: two signatures, one status.
    p = participation("XXX", events(("signature", "2008-12-03"), ("signature", "2009-03-02"),
                                    ("ratification", "2011-03-24")), CCM)
    assert p.status_on(D("2009-03-02")) is Status.SIGNATORY
    assert p.status_on(D("2011-03-24")) is Status.CONSENTED
    assert p.status_on(D("2011-09-01")) is Status.PARTY
    assert p.signature_date == D("2009-03-02")


def test_nato_accession_after_entry_into_force_makes_a_party_that_day_with_no_consented_period():
    p = participation("FIN", events(("accession", "2023-04-04")), NAT)
    assert [(period.status, period.start) for period in p.periods] == [(Status.PARTY, D("2023-04-04"))]


# As of a day: the depositary's own effective date of a withdrawal, where it states one.

STATED = D("2025-01-01")  # later than six months after the notice of 2024-01-10 (Art. 20(3): armed conflict)


def withdrawing():
    return history("XXX", events(("accession", "2015-01-02"), ("withdrawal_notification", "2024-01-10")), CCM,
                   withdrawal_effective=STATED)


def test_a_withdrawal_known_from_its_notice_takes_effect_on_the_date_the_depositary_states():
    p = known_on(withdrawing(), D("2024-01-10")).participation
    assert (p.state, p.withdrawal_notified_date, p.withdrawal_effective_date) == ("XXX", D("2024-01-10"), STATED)


@pytest.mark.parametrize("day, status", [("2024-07-10", Status.PARTY), ("2024-12-31", Status.PARTY),
                                         ("2025-01-01", Status.WITHDRAWN)])
def test_as_of_any_day_a_state_is_party_until_the_depositary_s_effective_date(day, status):
    assert known_on(withdrawing(), D(day)).participation.status_on(D(day)) is status


def test_an_accession_before_the_thirtieth_deposit_has_its_in_force_date_known_from_the_thirtieth():
    # No signature: the thirtieth deposit alone makes the date of Art. 17(1) known.
    states = history("XXX", events(("accession", "2009-06-02")), CCM)
    assert known_on(states, D("2010-02-15")).participation.in_force_date is None
    assert known_on(states, D("2010-02-16")).participation.in_force_date == D("2010-08-01")
