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


# Each rule entry in seeds/rules.csv, on its treaty's own cases.

def bound(rule_id, entry_into_force, trigger=None, opened=None):
    return RULES[rule_id].bind(D(entry_into_force) if entry_into_force else None, D(trigger) if trigger else None,
                               D(opened) if opened else None)


def test_apmbc_the_40th_deposit_on_16_september_1998_gives_1_march_1999():
    assert RULES["apmbc"].entry_into_force_after(D("1998-09-16")) == D("1999-03-01")


def test_apmbc_later_september_1998_deposit_is_bound_from_1_march_1999_too():
    apmbc = bound("apmbc", "1999-03-01", "1998-09-16")
    assert apmbc.in_force_date(D("1998-09-25")) == D("1999-03-01")  # Benin: Art. 17(2), same month
    assert apmbc.in_force_date(D("1998-10-01")) == D("1999-04-01")


def test_apmbc_2025_withdrawals_take_effect_six_months_after_receipt():
    apmbc = bound("apmbc", "1999-03-01", "1998-09-16")
    assert apmbc.withdrawal_effective_date(D("2025-06-27")) == D("2025-12-27")  # Estonia, Latvia, Lithuania
    assert apmbc.withdrawal_effective_date(D("2025-07-10")) == D("2026-01-10")  # Finland
    assert apmbc.withdrawal_effective_date(D("2025-08-20")) == D("2026-02-20")  # Poland


def test_cwc_in_force_180_days_after_the_65th_deposit():
    # Hungary's deposit of 31 October 1996 was the 65th: in force 29 April 1997.
    cwc = RULES["cwc"].bind(None, None, D("1993-01-13"))
    assert cwc.entry_into_force_after(D("1996-10-31")) == D("1997-04-29")


def test_cwc_never_earlier_than_two_years_after_opening_for_signature():
    # Had the 65th deposit come in 1993, the floor would have held entry into force to 13 January 1995.
    cwc = RULES["cwc"].bind(None, None, D("1993-01-13"))
    assert cwc.entry_into_force_after(D("1993-03-01")) == D("1995-01-13")
    assert cwc.entry_into_force_after(D("1994-07-18")) == D("1995-01-14")  # 180 days later than the floor


def test_cwc_deposit_between_the_65th_and_entry_into_force_is_bound_from_29_april_1997():
    cwc = bound("cwc", "1997-04-29", "1996-10-31", "1993-01-13")
    assert cwc.in_force_date(D("1997-04-25")) == D("1997-04-29")  # Art. XXI(2): only deposits after entry into force
    assert cwc.in_force_date(D("1997-04-30")) == D("1997-05-30")  # the 30th day following the deposit
    assert cwc.withdrawal_effective_date(D("2024-01-01")) == D("2024-03-31")  # 90 days' notice


def test_att_in_force_on_the_90th_day_after_the_50th_deposit():
    assert RULES["att"].entry_into_force_after(D("2014-09-25")) == D("2014-12-24")


def test_att_later_state_bound_on_the_90th_day_after_its_own_deposit():
    att = bound("att", "2014-12-24", "2014-09-25")
    assert att.in_force_date(D("2014-10-02")) == D("2014-12-24")  # after the 50th, before entry into force
    assert att.in_force_date(D("2015-01-05")) == D("2015-04-05")
    p = participation("XXX", events(("accession", "2015-01-05"), ("withdrawal_notification", "2020-01-10")), att)
    assert p.status_on(D("2015-04-04")) is Status.CONSENTED
    assert p.status_on(D("2015-04-05")) is Status.PARTY
    assert p.status_on(D("2020-04-08")) is Status.PARTY  # Art. 24(2): 90 days after receipt (2020 is a leap year)
    assert p.status_on(D("2020-04-09")) is Status.WITHDRAWN


def test_att_signatory_stating_it_will_not_become_a_party_stays_a_signatory():
    att = bound("att", "2014-12-24", "2014-09-25")
    p = participation("USA", events(("signature", "2013-09-25"), ("statement", "2019-07-18")), att)
    assert p.status_on(D("2019-07-18")) is Status.SIGNATORY


def test_tpnw_in_force_90_days_after_the_50th_deposit():
    assert RULES["tpnw"].entry_into_force_after(D("2020-10-24")) == D("2021-01-22")


def test_tpnw_withdrawal_takes_twelve_months():
    tpnw = bound("tpnw", "2021-01-22", "2020-10-24")
    p = participation("XXX", events(("accession", "2022-03-01"), ("withdrawal_notification", "2024-02-29")), tpnw)
    assert p.in_force_date == D("2022-05-30")
    assert p.status_on(D("2025-02-27")) is Status.PARTY
    assert p.status_on(D("2025-02-28")) is Status.WITHDRAWN  # 29 February + 12 months


def test_tpnw_withdrawing_state_in_an_armed_conflict_remains_bound():
    tpnw = bound("tpnw", "2021-01-22", "2020-10-24")
    notice = Event("XXX", EventType.WITHDRAWAL_NOTIFICATION, D("2024-02-29"), condition="invoked")
    p = participation("XXX", [Event("XXX", EventType.ACCESSION, D("2022-03-01")), notice], tpnw)
    assert RULES["tpnw"].withdrawal_condition == "armed_conflict"
    assert p.status_on(D("2030-01-01")) is Status.PARTY
    assert (p.withdrawal_notified_date, p.withdrawal_effective_date, p.withdrawal_condition) == (
        D("2024-02-29"), None, "invoked")


def test_ctbt_never_in_force_so_ratifiers_stay_consented():
    ctbt = bound("ctbt", None)
    assert RULES["ctbt"].trigger is None
    p = participation("FRA", events(("signature", "1996-09-24"), ("ratification", "1998-04-06")), ctbt)
    assert p.status_on(D("2025-01-01")) is Status.CONSENTED and p.in_force_date is None


def test_ctbt_russia_ratified_in_2000_and_revoked_in_2023_is_a_signatory_again():
    ctbt = bound("ctbt", None)
    p = participation("RUS", events(("signature", "1996-09-24"), ("ratification", "2000-06-30"),
                                    ("revocation", "2023-11-02")), ctbt)
    assert p.status_on(D("2010-01-01")) is Status.CONSENTED
    assert p.status_on(D("2023-11-01")) is Status.CONSENTED
    assert p.status_on(D("2023-11-02")) is Status.SIGNATORY
    assert (p.consent_date, p.revocation_date) == (None, D("2023-11-02"))


def test_revoked_consent_is_not_counted_towards_the_trigger_and_a_later_one_is_allowed():
    rule = RULES["tpnw"]
    deposits = [(D("2020-01-01"), D("2020-02-01")), (D("2020-03-01"), None)]
    assert trigger_date(rule.__class__(id="two", trigger=2), deposits) is None
    p = participation("XXX", events(("accession", "2020-01-01"), ("revocation", "2020-02-01"),
                                    ("accession", "2020-03-01")), bound("tpnw", "2021-01-22", "2020-10-24"))
    assert p.status_on(D("2020-02-15")) is Status.NOT_SIGNED  # never signed
    assert p.status_on(D("2021-01-22")) is Status.PARTY


def test_revocation_before_entry_into_force_cancels_the_scheduled_party_status():
    p = participation("XXX", events(("signature", "2008-12-03"), ("ratification", "2010-01-05"),
                                    ("revocation", "2010-03-01")), CCM)
    assert p.status_on(D("2010-08-01")) is Status.SIGNATORY


def test_provisional_application_is_not_consent():
    p = participation("XXX", events(("signature", "2013-06-03"), ("provisional_application", "2013-06-03")),
                      bound("att", "2014-12-24", "2014-09-25"))
    assert p.status_on(D("2015-01-01")) is Status.SIGNATORY


def test_eu_membership_from_the_day_it_took_effect_and_the_uk_left_on_the_stated_date():
    eu = bound("eu_membership", "1958-01-01")
    founder = participation("FRA", events(("ratification", "1957-11-25")), eu)
    assert founder.status_on(D("1957-12-31")) is Status.CONSENTED
    assert founder.status_on(D("1958-01-01")) is Status.PARTY
    uk = participation("GBR", events(("accession", "1973-01-01"), ("withdrawal_notification", "2017-03-29")), eu,
                       withdrawal_effective=D("2020-02-01"))
    assert uk.status_on(D("2020-01-31")) is Status.PARTY
    assert uk.status_on(D("2020-02-01")) is Status.WITHDRAWN
    assert RULES["eu_membership"].withdrawal_effective_date(D("2017-03-29")) == D("2019-03-29")  # the default


def test_un_original_member_ratifying_after_24_october_1945_is_a_member_from_its_deposit():
    un = bound("un_membership", "1945-10-24")
    assert un.in_force_date(D("1945-08-08")) == D("1945-10-24")
    assert un.in_force_date(D("1945-11-09")) == D("1945-11-09")  # Art. 110(4)
    assert un.withdrawal_effective_date(D("1965-01-20")) is None  # no withdrawal clause


def test_every_rule_entry_quotes_its_articles_and_names_its_source():
    for rule in RULES.values():
        assert rule.text and rule.in_force_article and rule.source.startswith("http"), rule.id
        assert (rule.withdrawal is None) == (rule.withdrawal_article == ""), rule.id
