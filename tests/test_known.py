"""As of D, only what could be known on D: pure functions, no app, no database."""

import datetime as dt

from api.build import DEFAULT_SEEDS
from api.domain.freshness import caveats, data_as_at
from api.domain.known import history, in_force_known_from, known_on
from api.domain.model import Event, EventType, Instrument, Status
from api.seeds import load_rules

D = dt.date.fromisoformat
RULES = load_rules(DEFAULT_SEEDS)  # the entries in seeds/rules.csv, as the build reads them
CCM = RULES["ccm"].bind(D("2010-08-01"), D("2010-02-16"), D("2008-12-03"))
NAT = RULES["north_atlantic"].bind(D("1949-08-24"))


def events(*rows):
    return [Event("XXX", EventType(kind), D(day), source=f"https://example.org/{kind}") for kind, day in rows]


FRANCE = history("FRA", events(("signature", "2008-12-03"), ("ratification", "2009-09-25")), CCM)
LITHUANIA = history("LTU", events(("signature", "2008-12-03"), ("ratification", "2011-03-24"),
                                  ("withdrawal_notification", "2024-09-06")), CCM,
                    withdrawal_effective=D("2025-03-06"))


def test_nothing_is_known_before_the_first_action():
    assert known_on(FRANCE, D("1900-01-01")) is None
    assert known_on(FRANCE, D("2008-12-02")) is None


def test_a_signature_is_known_from_its_day_without_the_later_ratification_or_its_source():
    known = known_on(FRANCE, D("2008-12-03"))
    p = known.participation
    assert (p.signature_date, p.consent_date, p.consent_kind, p.in_force_date) == (D("2008-12-03"), None, None, None)
    assert known.sources == ("https://example.org/signature",)


def test_ccm_in_force_date_of_a_deposit_before_the_thirtieth_is_unknown_until_the_thirtieth():
    # Art. 17(1): a 2009 deposit said only "in force once thirty are deposited".
    p = known_on(FRANCE, D("2010-02-15")).participation
    assert p.consent_date == D("2009-09-25") and p.consent_kind is EventType.RATIFICATION
    assert p.in_force_date is None
    assert p.status_on(D("2010-02-15")) is Status.CONSENTED


def test_ccm_in_force_date_is_known_from_the_thirtieth_deposit_before_it_is_reached():
    p = known_on(FRANCE, D("2010-02-16")).participation
    assert p.in_force_date == D("2010-08-01")
    assert p.status_on(D("2010-02-16")) is Status.CONSENTED


def test_ccm_in_force_date_of_a_deposit_after_the_thirtieth_is_known_at_deposit():
    # Art. 17(2): the first day of the sixth month after the state's own deposit.
    assert in_force_known_from(D("2012-07-17"), CCM) == D("2012-07-17")
    p = known_on(history("CHE", events(("ratification", "2012-07-17")), CCM), D("2012-07-17")).participation
    assert p.in_force_date == D("2013-01-01")


def test_nato_founder_in_force_date_is_known_on_the_treaty_s_entry_into_force():
    # Art. 11: in force once the majority, including the seven named, had ratified (24 August 1949).
    canada = history("CAN", events(("signature", "1949-04-04"), ("ratification", "1949-05-03")), NAT)
    assert known_on(canada, D("1949-08-23")).participation.in_force_date is None
    assert known_on(canada, D("1949-08-24")).participation.in_force_date == D("1949-08-24")
    assert in_force_known_from(D("2024-03-07"), NAT) == D("2024-03-07")


def test_a_withdrawal_notified_later_is_not_known_and_the_state_is_party():
    p = known_on(LITHUANIA, D("2023-07-20")).participation
    assert (p.withdrawal_notified_date, p.withdrawal_effective_date) == (None, None)
    assert p.in_force_date == D("2011-09-01")
    assert p.status_on(D("2023-07-20")) is Status.PARTY


def test_a_withdrawal_notified_by_then_keeps_its_scheduled_effective_date():
    known = known_on(LITHUANIA, D("2024-09-06"))
    p = known.participation
    assert (p.withdrawal_notified_date, p.withdrawal_effective_date) == (D("2024-09-06"), D("2025-03-06"))
    assert p.status_on(D("2024-09-06")) is Status.PARTY
    assert "https://example.org/withdrawal_notification" in known.sources


def test_a_state_that_left_and_came_back_shows_the_first_consent_and_the_withdrawal_in_between():
    states = history("XXX", events(("accession", "1950-01-01"), ("withdrawal_notification", "1965-01-20"),
                                   ("accession", "1966-09-28")), NAT)
    between = known_on(states, D("1966-01-01")).participation
    assert (between.consent_date, between.withdrawal_notified_date) == (D("1950-01-01"), D("1965-01-20"))
    after = known_on(states, D("1966-09-28")).participation
    assert (after.consent_date, after.withdrawal_notified_date) == (D("1966-09-28"), None)


def test_knowledge_changes_only_on_days_something_became_known():
    assert [k.since for k in FRANCE] == [D("2008-12-03"), D("2009-09-25"), D("2010-02-16")]


def instrument(short_name, status_as_at):
    return Instrument(short_name.lower(), short_name, short_name, "treaty", "", None, None, None, "ccm", None, None,
                      D(status_as_at), (), "")


def test_data_as_at_is_the_oldest_status_date_of_the_instruments_used():
    assert data_as_at([instrument("CCM", "2025-09-05"), instrument("NATO", "2024-05-03")]) == D("2024-05-03")


def test_no_caveat_up_to_the_status_date():
    assert caveats([instrument("CCM", "2025-09-05")], D("2025-09-05")) == []


def test_a_date_after_the_status_date_says_later_events_are_not_in_the_data():
    said = caveats([instrument("CCM", "2025-09-05"), instrument("NATO", "2024-05-03")], D("9999-12-31"))
    assert len(said) == 2
    assert said[0].startswith("Events after 2024-05-03 are not in the NATO data")
    assert "9999-12-31" in said[1] and "2025-09-05" in said[1]


def test_instruments_taken_on_the_same_date_share_one_sentence():
    said = caveats([instrument("NATO", "2024-05-03"), instrument("CCM", "2024-05-03")], D("2025-01-01"))
    assert said == ["Events after 2024-05-03 are not in the CCM and NATO data: "
                    "the answer for 2025-01-01 does not take them into account."]
