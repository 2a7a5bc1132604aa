"""As of D means as of D, through the app on the real data; and every answer says how current its data is."""

import datetime as dt

import pytest

DATES = ["signature_date", "consent_date", "consent_kind", "in_force_date", "withdrawal_notified_date",
         "withdrawal_effective_date", "sources"]

# Every answer that involves a status, with the date its caveats are measured against.
WITH_STATUS = [
    "/v1/states/FRA/instruments?as_of={day}",
    "/v1/states/FRA/instruments/ccm?as_of={day}",
    "/v1/instruments?as_of={day}",
    "/v1/instruments/ccm?as_of={day}",
    "/v1/instruments/ccm/participants?as_of={day}",
    "/v1/instruments/ccm/changes?from=2008-01-01&to={day}",
    "/v1/checks/share?group=nato&instrument=ccm&as_of={day}",
    "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2008-01-01&to={day}",
    "/v1/checks/status?instrument=ccm&states=RUS,UKR,USA&status=not_signed&as_of={day}",
]


def status_dates(client):
    return {i["id"]: i["status_as_at"] for i in client.get("/v1/meta").json["instruments"]}


def test_france_ccm_as_of_1900_is_not_signed_with_no_dates_events_or_sources(client):
    body = client.get("/v1/states/FRA/instruments/ccm?as_of=1900-01-01").json
    assert body["status"] == "not_signed"
    assert all(body[key] is None for key in DATES)
    assert body["events"] == []
    assert "2008" not in body["explanation"] and "2009" not in body["explanation"]


def test_france_ccm_before_the_thirtieth_deposit_has_its_ratification_but_no_in_force_date_yet(client):
    body = client.get("/v1/states/FRA/instruments/ccm?as_of=2010-01-01").json
    assert (body["status"], body["consent_date"], body["in_force_date"]) == ("consented", "2009-09-25", None)
    assert "2010-08-01" not in body["explanation"] and "deposits still to come" in body["explanation"]
    after = client.get("/v1/states/FRA/instruments/ccm?as_of=2010-02-16").json
    assert after["in_force_date"] == "2010-08-01"


def test_lithuania_as_of_20_july_2023_is_party_with_no_word_of_its_2024_withdrawal(client):
    body = client.get("/v1/states/LTU/instruments/ccm?as_of=2023-07-20").json
    assert body["status"] == "party"
    assert body["withdrawal_notified_date"] is None and body["withdrawal_effective_date"] is None
    events = [e["event"] for e in body["events"]]
    assert {"signature", "ratification"} <= set(events) and "withdrawal_notification" not in events
    assert all(e["date"] <= "2023-07-20" for e in body["events"])
    assert "withdraw" not in body["explanation"]


def test_lithuania_in_its_notice_period_shows_the_scheduled_effective_date(client):
    body = client.get("/v1/states/LTU/instruments/ccm?as_of=2024-09-06").json
    assert body["status"] == "party"
    assert (body["withdrawal_notified_date"], body["withdrawal_effective_date"]) == ("2024-09-06", "2025-03-06")


def test_lithuania_row_in_its_list_of_instruments_is_masked_the_same_way(client):
    body = client.get("/v1/states/LTU/instruments?as_of=2023-07-20").json
    ccm = next(item for item in body["items"] if item["instrument"] == "ccm")
    assert ccm["status"] == "party" and ccm["withdrawal_notified_date"] is None


def test_a_state_s_instruments_as_of_1900_keeps_every_instrument_with_no_dates(client):
    now = client.get("/v1/states/FRA/instruments?as_of=2025-01-01").json
    then = client.get("/v1/states/FRA/instruments?as_of=1900-01-01").json
    assert [i["instrument"] for i in then["items"]] == [i["instrument"] for i in now["items"]]
    assert all(item["status"] == "not_signed" and all(item[k] is None for k in DATES) for item in then["items"])


def test_participants_as_of_2000_has_no_rows(client):
    body = client.get("/v1/instruments/ccm/participants?as_of=2000-01-01").json
    assert (body["count"], body["items"]) == (0, [])


def test_participants_hold_only_states_that_had_acted_by_then(client):
    items = client.get("/v1/instruments/ccm/participants?as_of=2008-12-03").json["items"]
    assert items and all(item["signature_date"] == "2008-12-03" or item["consent_date"] == "2008-12-03"
                         for item in items)
    assert all(item["status"] != "not_signed" for item in items)


@pytest.mark.parametrize("url", WITH_STATUS)
def test_every_answer_with_a_status_carries_data_as_at_and_caveats(client, url):
    # A day before every instrument's status date: nothing to warn about.
    body = client.get(url.format(day="2019-07-20")).json
    assert body["data_as_at"] in status_dates(client).values()
    assert body["caveats"] == []


@pytest.mark.parametrize("url", WITH_STATUS)
def test_a_date_after_the_data_says_so_in_caveats(client, url):
    body = client.get(url.format(day="9999-12-31")).json
    assert body["caveats"]
    assert all("not in the" in c and "9999-12-31" in c for c in body["caveats"])
    assert body["data_as_at"] in body["caveats"][0]


def test_a_share_that_holds_on_9999_12_31_comes_with_a_warning(client):
    body = client.get("/v1/checks/share?group=nato&instrument=ccm&status=party&as_of=9999-12-31"
                      "&threshold=2/3&comparison=gt").json
    assert body["holds"] is True
    assert len(body["caveats"]) >= 1


def test_data_as_at_of_a_check_is_the_oldest_of_group_and_instrument(client):
    dates = status_dates(client)
    body = client.get("/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20").json
    assert body["data_as_at"] == min(dates["nato"], dates["ccm"])
    assert dates["nato"] != dates["ccm"]  # otherwise this test could not tell the oldest from the other


def test_data_as_at_of_a_list_over_every_instrument_is_the_oldest(client):
    assert client.get("/v1/instruments").json["data_as_at"] == min(status_dates(client).values())


def test_no_caveat_on_the_status_date_itself_and_one_the_day_after(client):
    at = dt.date.fromisoformat(status_dates(client)["ccm"])
    assert client.get(f"/v1/instruments/ccm?as_of={at}").json["caveats"] == []
    assert len(client.get(f"/v1/instruments/ccm?as_of={at + dt.timedelta(days=1)}").json["caveats"]) == 1
