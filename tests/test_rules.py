"""The treaties' own cases, as pure functions: no app, no database."""

import datetime as dt

import pytest

from api.build import DEFAULT_SEEDS
from api.domain.dates import add_months, first_day_of_month_after, parse_iso_date
from api.domain.model import Event, EventType, Status
from api.domain.rules import trigger_date
from api.domain.status import participation
from api.seeds import load_rules

D = dt.date.fromisoformat
RULES = load_rules(DEFAULT_SEEDS)  # the entries in seeds/rules.csv, as the build reads them
CCM = RULES["ccm"].bind(D("2010-08-01"), D("2010-02-16"), D("2008-12-03"))
NAT = RULES["north_atlantic"].bind(D("1949-08-24"))


def events(*rows):
    return [Event("XXX", EventType(kind), D(day)) for kind, day in rows]


@pytest.mark.parametrize("deposit", ["2009-06-02", "2010-02-01", "2010-02-16"])
def test_ccm_deposit_up_to_the_day_of_the_thirtieth_is_in_force_on_1_august_2010(deposit):
    assert CCM.in_force_date(D(deposit)) == D("2010-08-01")


@pytest.mark.parametrize(
    "deposit, in_force",
    [
        ("2010-02-17", "2010-08-01"),  # the day after the 30th: Art. 17(2), and it happens to coincide
        ("2010-03-01", "2010-09-01"),  # first day of a month
        ("2010-05-11", "2010-11-01"),  # after the 30th but before the Convention's own entry into force
        ("2012-07-17", "2013-01-01"),  # Switzerland's deposit and its reported entry into force
        ("2011-03-31", "2011-09-01"),  # last day of a month
        ("2018-12-11", "2019-06-01"),  # December: the year rolls over (Gambia)
        ("2025-09-05", "2026-03-01"),  # Vanuatu
    ],
)
def test_ccm_late_deposit_in_force_first_day_of_sixth_month_after_deposit(deposit, in_force):
    assert CCM.in_force_date(D(deposit)) == D(in_force)


def test_ccm_withdrawal_takes_effect_six_months_after_receipt():
    assert CCM.withdrawal_effective_date(D("2024-09-06")) == D("2025-03-06")


def test_ccm_withdrawal_six_months_from_31_august_is_end_of_february():
    assert CCM.withdrawal_effective_date(D("2023-08-31")) == D("2024-02-29")
    assert CCM.withdrawal_effective_date(D("2022-08-31")) == D("2023-02-28")


def test_ccm_party_in_notice_period_stays_party_until_the_day_withdrawal_takes_effect():
    p = participation("LTU", events(("signature", "2008-12-03"), ("ratification", "2011-03-24"),
                                    ("withdrawal_notification", "2024-09-06")), CCM)
    assert p.status_on(D("2024-09-06")) is Status.PARTY
    assert p.status_on(D("2025-03-05")) is Status.PARTY
    assert p.status_on(D("2025-03-06")) is Status.WITHDRAWN
    assert p.withdrawal_effective_date == D("2025-03-06")


def test_ccm_depositary_effective_date_overrides_the_six_months():
    # Art. 20(3): armed conflict can postpone the effect; the seeds then carry the depositary's date.
    p = participation("XXX", events(("accession", "2015-01-02"), ("withdrawal_notification", "2024-01-10")), CCM,
                      withdrawal_effective=D("2025-01-01"))
    assert p.status_on(D("2024-12-31")) is Status.PARTY
    assert p.status_on(D("2025-01-01")) is Status.WITHDRAWN


def test_ccm_statuses_before_and_after_entry_into_force_for_the_state():
    p = participation("ECU", events(("signature", "2008-12-03"), ("ratification", "2010-05-11")), CCM)
    assert p.status_on(D("2008-12-02")) is Status.NOT_SIGNED
    assert p.status_on(D("2008-12-03")) is Status.SIGNATORY
    assert p.status_on(D("2010-05-10")) is Status.SIGNATORY
    assert p.status_on(D("2010-05-11")) is Status.CONSENTED
    assert p.status_on(D("2010-10-31")) is Status.CONSENTED
    assert p.status_on(D("2010-11-01")) is Status.PARTY


def test_ccm_early_ratifier_is_consented_until_the_convention_enters_into_force():
    p = participation("NOR", events(("signature", "2008-12-03"), ("ratification", "2008-12-03")), CCM)
    assert p.status_on(D("2008-12-03")) is Status.CONSENTED
    assert p.status_on(D("2010-07-31")) is Status.CONSENTED
    assert p.status_on(D("2010-08-01")) is Status.PARTY


def test_nato_accession_party_from_the_day_of_deposit_not_the_day_before():
    p = participation("SWE", events(("accession", "2024-03-07")), NAT)
    assert p.status_on(D("2024-03-06")) is Status.NOT_SIGNED
    assert p.status_on(D("2024-03-07")) is Status.PARTY


def test_nato_founder_ratifying_before_entry_into_force_is_consented_until_24_august_1949():
    p = participation("CAN", events(("signature", "1949-04-04"), ("ratification", "1949-05-03")), NAT)
    assert p.status_on(D("1949-04-04")) is Status.SIGNATORY
    assert p.status_on(D("1949-05-03")) is Status.CONSENTED
    assert p.status_on(D("1949-08-23")) is Status.CONSENTED
    assert p.status_on(D("1949-08-24")) is Status.PARTY
    assert p.in_force_date == D("1949-08-24")


def test_nato_denunciation_takes_effect_one_year_after_notice():
    p = participation("XXX", events(("accession", "1982-05-30"), ("withdrawal_notification", "2030-02-28")), NAT)
    assert p.status_on(D("2031-02-27")) is Status.PARTY
    assert p.status_on(D("2031-02-28")) is Status.WITHDRAWN


def test_no_events_means_not_signed():
    assert participation("XXX", [], CCM).status_on(D("2020-01-01")) is Status.NOT_SIGNED


def test_thirtieth_consent_is_read_from_the_sorted_deposits():
    days = [(D(f"2009-01-{d:02d}"), None) for d in range(30, 0, -1)]
    assert trigger_date(RULES["ccm"], days) == D("2009-01-30")
    assert trigger_date(RULES["ccm"], days[:29]) is None


@pytest.mark.parametrize("day, months, expected", [
    ("2010-02-16", 6, "2010-08-16"), ("2024-08-31", 6, "2025-02-28"), ("2023-12-31", 2, "2024-02-29"),
])
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(D(day), months) == D(expected)


def test_first_day_of_sixth_month_after_december_rolls_the_year():
    assert first_day_of_month_after(D("2018-12-31"), 6) == D("2019-06-01")


@pytest.mark.parametrize("text", ["2023-02-30", "0000-01-01", "2023-7-20", "2023-07-20T00:00", "20230720",
                                  "2023-07-20Z", "2023-W29-4", " 2023-07-20", "２０２３-07-20"])
def test_parse_iso_date_refuses_anything_but_an_existing_yyyy_mm_dd(text):
    with pytest.raises(ValueError):
        parse_iso_date(text)
