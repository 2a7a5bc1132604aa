"""The explanation names what decides a status, as it could be known on the day asked about: a revoked
consent, a withdrawal's condition, statements, a treaty never in force, provisional application; and an
organisation reads as an organisation."""

import datetime as dt

import pytest

from api.domain.explain import status_sentence
from api.domain.model import Event, EventType, Instrument
from api.domain.rules import Delay, Rules
from api.domain.status import participation

UN_PAGE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-{}&chapter=26&clang=_en"


def explained(client, state, instrument, day):
    body = client.get(f"/v1/states/{state}/instruments/{instrument}?as_of={day}").json
    return body["status"], body["explanation"], body["events"]


def test_russia_ctbt_in_2010_consented_to_a_treaty_never_in_force(client):
    status, text, _ = explained(client, "RUS", "ctbt", "2010-01-01")
    assert status == "consented"
    assert "deposited its instrument of ratification on 2000-06-30; the Treaty had not entered into force (Art. XIV)" in text
    assert "revoked" not in text and "deposits still to come" not in text


def test_russia_ctbt_after_revoking_its_ratification_is_a_signatory_again(client):
    status, text, events = explained(client, "RUS", "ctbt", "2024-01-01")
    assert status == "signatory"
    assert ("its instrument of ratification of 2000-06-30 was revoked on or before 2023-11-03, so it was a "
            "signatory again") in text
    assert [e["event"] for e in events] == ["signature", "ratification", "revocation"]
    before = explained(client, "RUS", "ctbt", "2023-11-02")
    assert before[0] == "consented" and "revoked" not in before[1]


def test_poland_apmbc_in_its_notice_period_is_a_party_subject_to_the_condition(client):
    status, text, events = explained(client, "POL", "apmbc", "2025-09-01")
    assert status == "party"
    assert ("its withdrawal was notified on 2025-08-20 (C.N.421.2025.TREATIES-XXVI-5) and takes effect on 2026-02-20 "
            "(Art. 20(3)), subject to the condition that the state is not then engaged in an armed conflict; no source "
            "records it invoked.") in text
    withdrawal = events[-1]
    assert (withdrawal["event"], withdrawal["reference"], withdrawal["condition"]) == (
        "withdrawal_notification", "C.N.421.2025.TREATIES-XXVI-5", None)


def test_poland_apmbc_after_the_stated_date_has_withdrawn_still_subject_to_the_condition(client):
    status, text, _ = explained(client, "POL", "apmbc", "2026-03-01")
    assert status == "withdrawn"
    assert "took effect on 2026-02-20 (Art. 20(3)), subject to the condition" in text
    assert "no source records it invoked" in text and "as recorded by" not in text


def test_lithuania_apmbc_withdrawal_recorded_as_taken_effect_cites_its_source(client):
    status, text, events = explained(client, "LTU", "apmbc", "2026-03-01")
    assert status == "withdrawn"
    assert (f"(C.N.362.2025.TREATIES-XXVI-5) and took effect on 2025-12-27 (Art. 20(3)), as recorded by "
            f"{UN_PAGE.format(5)}.") in text
    assert "subject to the condition" not in text
    assert events[-1]["condition"] == "not_invoked"


def test_lithuania_apmbc_before_the_day_uses_no_later_record(client):
    status, text, _ = explained(client, "LTU", "apmbc", "2025-09-01")
    assert status == "party"
    assert "takes effect on 2025-12-27 (Art. 20(3)), subject to the condition" in text and "as recorded by" not in text


def test_ukraine_apmbc_suspension_is_a_statement_and_ukraine_stays_a_party(client):
    status, text, events = explained(client, "UKR", "apmbc", "2025-08-01")
    assert status == "party" and text.startswith("On 2025-08-01, Ukraine was a party to the Convention")
    statement = next(e for e in events if e["event"] == "statement")
    assert f"On {statement['date']}, a statement that changed no status was recorded: " in text
    assert statement["note"] in text and "no instrument of withdrawal" in text
    before = explained(client, "UKR", "apmbc", "2025-07-17")
    assert "statement" not in before[1]


def test_united_states_att_signatory_with_its_notice(client):
    status, text, _ = explained(client, "USA", "att", "2020-01-01")
    assert status == "signatory"
    assert "On 2019-07-18, a statement that changed no status was recorded" in text
    assert "does not intend to become a party" in text
    assert "statement" not in explained(client, "USA", "att", "2019-07-17")[1]


def test_provisional_application_is_said_only_before_the_state_is_bound(client):
    status, text, _ = explained(client, "SWE", "att", "2014-07-01")
    assert status == "consented"
    assert "it declared on 2014-06-16 that it applies the Treaty provisionally" in text
    status, text, _ = explained(client, "SWE", "att", "2015-01-01")
    assert status == "party" and "provisionally" not in text


def test_lithuania_ccm_withdrawal_event_cites_its_notification(client):
    _, text, events = explained(client, "LTU", "ccm", "2025-03-06")
    withdrawal = [e for e in events if e["event"] == "withdrawal_notification"]
    assert [(e["reference"], e["condition"]) for e in withdrawal] == [("C.N.347.2024.TREATIES-XXVI-6", "not_invoked")]
    assert all(e["reference"] is None for e in events if e["event"] != "withdrawal_notification")
    assert "notified on 2024-09-06 (C.N.347.2024.TREATIES-XXVI-6) and took effect on 2025-03-06 (Art. 20(3))" in text


@pytest.mark.parametrize("day, expected", [
    ("2024-03-08", "On 2024-03-08, Sweden was a member of NATO: it joined on 2024-03-07, its membership taking effect "
                   "that day (Art. 10 and 11)."),
    ("2024-03-06", "On 2024-03-06, Sweden had not joined NATO: no depositary action by it is recorded on or before "
                   "that date."),
])
def test_sweden_nato_reads_as_membership(client, day, expected):
    assert explained(client, "SWE", "nato", day)[1] == expected


def test_united_kingdom_had_left_the_eu(client):
    status, text, _ = explained(client, "GBR", "eu", "2021-01-01")
    assert status == "withdrawn"
    assert text.startswith("On 2021-01-01, the United Kingdom had left the EU: it joined on 1973-01-01")
    assert "left with effect from 2020-02-01 (TEU Art. 50(3))" in text
    assert "party" not in text and "instrument of accession" not in text


def test_share_counting_an_organisation_speaks_of_members(client):
    text = client.get("/v1/checks/share?group=nato&instrument=un&as_of=2024-04-01").json["explanation"]
    assert text == "32 of the 32 NATO members (100.0%) were members of the UN on 2024-04-01."


def test_share_over_a_treaty_counts_its_parties(client):
    text = client.get("/v1/checks/share?group=ccm&instrument=nato&as_of=2024-04-01").json["explanation"]
    assert " CCM parties (" in text and "were members of NATO on 2024-04-01" in text


def test_status_check_on_an_organisation_speaks_of_members(client):
    text = client.get("/v1/checks/status?instrument=eu&states=FRA,GBR&status=party&quantifier=any"
                      "&as_of=2021-01-01").json["explanation"]
    assert text == ("On 2021-01-01, as to membership of the EU: France was a member of it; the United Kingdom had left it. "
                    "'At least one of them was a member of it' is true.")


def test_a_withdrawal_whose_condition_is_invoked_has_not_taken_effect():
    day = dt.date
    rules = Rules("conditional", withdrawal=Delay("months", 6), withdrawal_condition="armed_conflict",
                  in_force_article="Art. 17", withdrawal_article="Art. 20(3)", entry_into_force=day(2000, 1, 1))
    instrument = Instrument("x", "Made-up Convention", "MUC", "treaty", "", None, None, day(2000, 1, 1), "conditional",
                            None, None, day(2030, 1, 1), (), "")
    events = [Event("XXX", EventType.RATIFICATION, day(2000, 1, 1), "https://example.org/a"),
              Event("XXX", EventType.WITHDRAWAL_NOTIFICATION, day(2020, 1, 1), "https://example.org/b",
                    reference="C.N.1.2020", condition="invoked")]
    p = participation("XXX", events, rules)
    text = status_sentence(p, rules, day(2021, 1, 1), "Xland", instrument, events)
    assert text.startswith("On 2021-01-01, Xland was a party to the Made-up Convention")
    assert ("its withdrawal was notified on 2020-01-01 (C.N.1.2020) and had not taken effect (Art. 20(3)): the state "
            "was engaged in an armed conflict, as recorded by https://example.org/b.") in text


def test_state_names_that_are_descriptions_or_plurals_take_the_article():
    from api.domain.explain import state

    assert [state(n) for n in ("Russian Federation", "United States", "Netherlands (Kingdom of the)",
                               "Marshall Islands", "France", "Türkiye")] == [
        "the Russian Federation", "the United States", "the Netherlands (Kingdom of the)",
        "the Marshall Islands", "France", "Türkiye"]
