"""The rule model's parameters as seeds/rules.csv writes them: each kind read, each malformed value
refused with its message, and each kind's arithmetic on the treaties' own cases. Pure functions."""

import csv
import datetime as dt
import re

import pytest

from api.build import DEFAULT_SEEDS
from api.domain.dates import parse_iso_date
from api.domain.model import Event, EventType, Status
from api.domain.rules import (
    DELAY_KINDS,
    NONE,
    PERIOD_KINDS,
    Delay,
    InvalidRule,
    Rules,
    parameters,
    parse_delay,
    parse_rule,
    parse_trigger,
    trigger_date,
)
from api.domain.status import participation

D = dt.date.fromisoformat
with open(DEFAULT_SEEDS / "rules.csv", encoding="utf-8", newline="") as _fh:
    ROWS = {entry["id"]: entry for entry in csv.DictReader(_fh)}


# Delays and periods.

@pytest.mark.parametrize("text, kinds, delay", [
    ("days:90", DELAY_KINDS, Delay("days", 90)),  # ATT Art. 22(1)
    ("month_start:6", DELAY_KINDS, Delay("month_start", 6)),  # CCM Art. 17(1)
    ("none", DELAY_KINDS, NONE),  # North Atlantic Treaty Art. 11: on the day of deposit
    ("months:12", PERIOD_KINDS, Delay("months", 12)),  # TPNW Art. 17(3)
    ("days:1", DELAY_KINDS, Delay("days", 1)),
])
def test_a_delay_is_read_as_its_kind_and_number(text, kinds, delay):
    assert parse_delay(text, kinds) == delay


def test_a_delay_kind_is_read_by_default_from_the_delays_the_treaties_use():
    assert parse_delay("month_start:6") == Delay("month_start", 6)
    with pytest.raises(InvalidRule):
        parse_delay("months:6")  # a period, not a delay to entry into force


DELAY_MESSAGE = "is not days:N or month_start:N or none (N a whole number above 0)"


@pytest.mark.parametrize("text", ["days", "days:", "days:0", "days:007", "days:-1", "days:+1", "days:ninety",
                                  "days:1.5", "weeks:2", "months:6", "none:1", "None", "", "days:90 ", ":90"])
def test_a_malformed_delay_is_refused_naming_what_is_accepted(text):
    with pytest.raises(InvalidRule) as info:
        parse_delay(text)
    assert str(info.value) == f"{text!r} {DELAY_MESSAGE}"


def test_a_floor_is_a_span_in_days_or_months_and_never_none():
    kinds = ("days", "months")
    assert parse_delay("months:24", kinds) == Delay("months", 24)  # CWC Art. XXI(1): two years
    with pytest.raises(InvalidRule) as info:
        parse_delay("none", kinds)
    assert str(info.value) == "'none' is not days:N or months:N (N a whole number above 0)"


def test_a_withdrawal_period_names_months_not_month_starts():
    with pytest.raises(InvalidRule) as info:
        parse_delay("month_start:12", PERIOD_KINDS)
    assert str(info.value) == "'month_start:12' is not days:N or months:N or none (N a whole number above 0)"


@pytest.mark.parametrize("delay, deposit, expected", [
    (Delay("days", 90), "2014-09-25", "2014-12-24"),  # ATT: the 50th deposit
    (Delay("days", 180), "1996-10-31", "1997-04-29"),  # CWC: Hungary's, the 65th
    (Delay("month_start", 6), "2010-02-16", "2010-08-01"),  # CCM: Burkina Faso's, the 30th
    (Delay("month_start", 6), "2010-02-01", "2010-08-01"),  # the month counts, not the day
    (Delay("months", 6), "2024-09-06", "2025-03-06"),  # CCM Art. 20(3): Lithuania's notice
    (Delay("months", 6), "2023-08-31", "2024-02-29"),
    (NONE, "2024-03-07", "2024-03-07"),  # Sweden's accession to the North Atlantic Treaty
])
def test_each_kind_of_delay_counts_as_the_treaties_write_it(delay, deposit, expected):
    assert delay.after(D(deposit)) == D(expected)


@pytest.mark.parametrize("delay, text", [(Delay("days", 90), "days:90"), (Delay("month_start", 6), "month_start:6"),
                                         (Delay("months", 12), "months:12"), (NONE, "none")])
def test_a_delay_is_written_back_as_it_was_read(delay, text):
    assert str(delay) == text


# Triggers.

@pytest.mark.parametrize("text, n", [("consent:30", 30), ("consent:1", 1), ("none", None)])
def test_a_trigger_is_the_nth_instrument_of_consent_or_none(text, n):
    assert parse_trigger(text) == n


@pytest.mark.parametrize("text", ["consent", "consent:", "consent:0", "consent:030", "consent:thirty", "consent:-3",
                                  "signature:30", "Consent:30", "None", "", "consent:30:1"])
def test_a_malformed_trigger_is_refused_naming_what_is_accepted(text):
    with pytest.raises(InvalidRule) as info:
        parse_trigger(text)
    assert str(info.value) == f"{text!r} is not consent:N (the Nth instrument of consent) or none"


# Rule entries.

def row(**changes):
    """A valid entry (the TPNW's shape), changed in the columns a test is about."""
    base = {"id": "late", "trigger": "consent:3", "delay": "days:90", "later": "after_trigger", "later_delay": "days:90",
            "floor": "", "withdrawal": "months:12", "withdrawal_condition": "armed_conflict",
            "in_force_article": "Art. 1", "withdrawal_article": "Art. 2", "text": "Art. 1: ...", "source": "https://x"}
    return {**base, **changes}


def test_a_valid_entry_is_read_with_every_parameter():
    rules, problems = parse_rule(row(floor="months:24"))
    assert problems == []
    assert rules == Rules(id="late", trigger=3, delay=Delay("days", 90), later="after_trigger",
                          later_delay=Delay("days", 90), floor=Delay("months", 24), withdrawal=Delay("months", 12),
                          withdrawal_condition="armed_conflict", in_force_article="Art. 1",
                          withdrawal_article="Art. 2", text="Art. 1: ...", source="https://x")


def test_an_entry_without_a_withdrawal_clause_or_floor_has_none():
    rules, problems = parse_rule(row(withdrawal="none", withdrawal_condition="", withdrawal_article=""))
    assert problems == []
    assert rules.withdrawal is None and rules.floor is None
    assert rules.withdrawal_effective_date(D("2024-01-01")) is None


@pytest.mark.parametrize("changes, problem", [
    ({"trigger": "thirty"}, "trigger 'thirty' is not consent:N (the Nth instrument of consent) or none"),
    ({"delay": "days:ninety"}, f"delay 'days:ninety' {DELAY_MESSAGE}"),
    ({"later_delay": "weeks:2"}, f"later_delay 'weeks:2' {DELAY_MESSAGE}"),
    ({"floor": "none"}, "floor 'none' is not days:N or months:N (N a whole number above 0)"),
    ({"floor": "month_start:3"}, "floor 'month_start:3' is not days:N or months:N (N a whole number above 0)"),
    ({"withdrawal": "month_start:12"},
     "withdrawal 'month_start:12' is not days:N or months:N or none (N a whole number above 0)"),
    ({"later": "after_signature"}, "later 'after_signature' is not one of after_trigger, after_entry_into_force"),
    ({"trigger": "none", "delay": "none"}, "later after_trigger needs a trigger (consent:N)"),
    ({"trigger": "none", "later": "after_entry_into_force"},
     "delay must be none when there is no trigger to count it from"),
    ({"withdrawal_condition": "war"}, "withdrawal_condition 'war' is not armed_conflict (or empty)"),
    ({"withdrawal": "none", "withdrawal_article": ""}, "withdrawal_condition needs a withdrawal period"),
    ({"in_force_article": ""}, "in_force_article is missing: quote the articles the parameters come from"),
    ({"text": ""}, "text is missing: quote the articles the parameters come from"),
    ({"withdrawal_article": ""}, "withdrawal_article is missing: name the article that sets the withdrawal period"),
])
def test_a_malformed_entry_is_refused_with_exactly_its_problem(changes, problem):
    assert parse_rule(row(**changes)) == (None, [problem])


def test_every_problem_of_an_entry_is_reported_in_column_order():
    rules, problems = parse_rule(row(trigger="x", delay="y", later_delay="z", floor="w", withdrawal="v",
                                     later="sideways", withdrawal_condition="war", in_force_article="", text=""))
    assert rules is None
    assert [p.split(" ")[0] for p in problems] == ["trigger", "delay", "later_delay", "floor", "withdrawal", "later",
                                                   "withdrawal_condition", "in_force_article", "text"]


def test_no_withdrawal_clause_needs_no_withdrawal_article():
    assert parse_rule(row(withdrawal="none", withdrawal_condition="", withdrawal_article=""))[1] == []


@pytest.mark.parametrize("rule_id", sorted(ROWS))
def test_every_entry_in_the_seeds_is_written_back_to_its_own_row(rule_id):
    rules, problems = parse_rule(ROWS[rule_id])
    assert problems == []
    assert parameters(rules) == ROWS[rule_id]


def test_an_entry_s_parameters_are_text_for_the_database():
    rules, _ = parse_rule(row(floor="months:24"))
    assert parameters(rules) == row(floor="months:24")
    rules, _ = parse_rule(row(trigger="none", delay="none", later="after_entry_into_force", withdrawal="none",
                              withdrawal_condition="", withdrawal_article=""))
    assert parameters(rules)["trigger"] == "none"
    assert parameters(rules)["withdrawal"] == "none"
    assert parameters(rules)["floor"] == ""


# Each kind of rule, bound to its treaty's facts.

def bound(changes, entry_into_force=None, trigger=None, opened=None):
    rules, problems = parse_rule(row(**changes))
    assert problems == []
    return rules.bind(D(entry_into_force) if entry_into_force else None, D(trigger) if trigger else None,
                      D(opened) if opened else None)


def test_after_trigger_a_deposit_on_the_day_of_the_trigger_waits_for_entry_into_force():
    # CCM Art. 17: Burkina Faso's was the 30th deposit (16 February 2010); in force 1 August 2010.
    ccm = bound({"delay": "month_start:6", "later_delay": "month_start:6"}, "2010-08-01", "2010-02-16")
    assert ccm.in_force_date(D("2010-02-16")) == D("2010-08-01")
    assert ccm.in_force_date(D("2010-02-17")) == D("2010-08-01")  # Art. 17(2): the sixth month after its own
    assert ccm.in_force_date(D("2010-03-01")) == D("2010-09-01")


def test_after_entry_into_force_a_deposit_before_it_is_bound_from_entry_into_force():
    # ATT Art. 22: a deposit after the 50th but before 24 December 2014 is bound from 24 December 2014.
    att = bound({"later": "after_entry_into_force"}, "2014-12-24", "2014-09-25")
    assert att.in_force_date(D("2014-12-23")) == D("2014-12-24")
    assert att.in_force_date(D("2014-12-24")) == D("2014-12-24")
    assert att.in_force_date(D("2014-12-25")) == D("2015-03-25")


def test_an_instrument_never_in_force_binds_no_one():
    ctbt = bound({"trigger": "none", "delay": "none", "later": "after_entry_into_force", "later_delay": "days:30"})
    assert ctbt.in_force_date(D("2000-06-30")) is None


def test_a_trigger_not_yet_reached_gives_no_date_yet():
    tpnw = bound({})
    assert tpnw.in_force_date(D("2019-01-01")) is None


def test_a_floor_only_counts_when_the_opening_for_signature_is_known():
    cwc = {"trigger": "consent:65", "delay": "days:180", "later": "after_entry_into_force", "floor": "months:24"}
    assert bound(cwc, opened="1993-01-13").entry_into_force_after(D("1993-03-01")) == D("1995-01-13")
    assert bound(cwc).entry_into_force_after(D("1993-03-01")) == D("1993-08-28")
    assert bound({**cwc, "floor": ""}, opened="1993-01-13").entry_into_force_after(D("1993-03-01")) == D("1993-08-28")


def test_a_floor_already_passed_does_not_move_entry_into_force():
    cwc = bound({"trigger": "consent:65", "delay": "days:180", "later": "after_entry_into_force",
                 "floor": "months:24"}, opened="1993-01-13")
    assert cwc.entry_into_force_after(D("1996-10-31")) == D("1997-04-29")


def test_binding_keeps_the_parameters_and_adds_the_facts():
    rules = bound({}, "2021-01-22", "2020-10-24", "2017-09-20")
    assert (rules.entry_into_force, rules.trigger_date, rules.opened_for_signature) == (
        D("2021-01-22"), D("2020-10-24"), D("2017-09-20"))
    assert rules.trigger == 3 and rules.delay == Delay("days", 90)


# Dates as the seeds write them.

@pytest.mark.parametrize("text", ["2023-7-20", "2023/07/20", "2023-07-2x", "+023-07-20", "2023-07-200", "202-07-20",
                                  "2023-x7-20", "2023-07-x0", "2023/07-20", "2023-07/20"])
def test_a_date_not_in_the_form_yyyy_mm_dd_is_refused_with_the_form_named(text):
    with pytest.raises(ValueError, match=re.escape(f"{text!r} is not a date in the form YYYY-MM-DD")):
        parse_iso_date(text)


def test_a_date_in_the_form_yyyy_mm_dd_is_read():
    assert parse_iso_date("2010-08-01") == dt.date(2010, 8, 1)


# Consents revoked, and events on one day.

def test_a_consent_revoked_on_the_day_of_a_later_deposit_does_not_count_on_that_day():
    # Two consents needed: the first is revoked on the day the second is deposited, so only a third reaches two.
    rules, _ = parse_rule(row(trigger="consent:2"))
    consents = [(D("2020-01-01"), D("2020-01-05")), (D("2020-01-05"), None)]
    assert trigger_date(rules, consents) is None
    assert trigger_date(rules, [*consents, (D("2020-01-09"), None)]) == D("2020-01-09")
    assert trigger_date(rules, [(D("2020-01-01"), D("2020-01-06")), (D("2020-01-05"), None)]) == D("2020-01-05")


def event(kind, day, condition=""):
    return Event("XXX", EventType(kind), D(day), source="https://example.org/x", condition=condition)


def test_a_consent_and_a_withdrawal_notice_on_one_day_are_read_consent_first_whatever_their_order():
    tpnw = bound({}, "2021-01-22", "2020-10-24")
    p = participation("XXX", [event("withdrawal_notification", "2022-03-01"), event("accession", "2022-03-01")], tpnw)
    assert p.consent_date == D("2022-03-01")
    assert p.withdrawal_notified_date == D("2022-03-01")


@pytest.mark.parametrize("kinds", [(), ("signature",), ("signature", "ratification")])
def test_a_participation_without_a_withdrawal_has_no_withdrawal_condition(kinds):
    tpnw = bound({}, "2021-01-22", "2020-10-24")
    p = participation("XXX", [event(kind, "2021-06-01") for kind in kinds], tpnw)
    assert p.withdrawal_condition == ""


def test_a_new_consent_after_a_withdrawal_clears_the_withdrawal_and_its_condition():
    tpnw = bound({}, "2021-01-22", "2020-10-24")
    p = participation("XXX", [event("ratification", "2021-06-01"),
                              event("withdrawal_notification", "2023-01-10", "not_invoked"),
                              event("accession", "2025-02-03")], tpnw)
    assert (p.consent_date, p.withdrawal_notified_date, p.withdrawal_condition) == (D("2025-02-03"), None, "")
    assert p.status_on(D("2024-06-01")) is Status.WITHDRAWN
    assert p.status_on(D("2025-05-04")) is Status.PARTY  # 90 days after its own deposit (after_trigger)
