"""The European Union and the United Nations as groups: their members on the dates the sources give, and checks
that use them through the API.

Expected counts are counted from the sources' own tables (seeds/README.md, sections `eu` and `un`), never
taken from the rows under test: europa.eu's "Year of entry" table (6 founders, 3 in 1973, 1 in 1981, 2 in
1986, 3 in 1995, 10 in 2004, 2 in 2007, 1 in 2013; the United Kingdom "left on 31 January 2020") and the
un.org Member States list (193 Members; 51 original Members, of which Czechoslovakia and Yugoslavia no
longer exist).
"""

import pytest

EUROPA = "https://europa.eu/european-union/about-eu/countries_en?country=ES"
UN_LIST = "https://www.un.org/en/about-us/member-states (copy in onofreicl/ethos, docs/empathy/countries.md)"


def members(client, group, day):
    body = client.get(f"/v1/instruments/{group}?as_of={day}").json
    return body["counts"]["party"]


def status(client, state, group, day):
    return client.get(f"/v1/states/{state}/instruments/{group}?as_of={day}").json


@pytest.mark.parametrize(
    "day, expected",
    [
        ("1957-12-31", 0),
        ("1958-01-01", 6),
        ("1972-12-31", 6),
        ("1973-01-01", 9),
        ("1981-01-01", 10),
        ("1986-01-01", 12),
        ("1995-01-01", 15),
        ("2004-04-30", 15),
        ("2004-05-01", 25),
        ("2007-01-01", 27),
        ("2013-06-30", 27),
        ("2013-07-01", 28),
        ("2020-01-31", 28),
        ("2020-02-01", 27),
    ],
)
def test_eu_members_on_each_enlargement_and_after_the_uk_left(client, day, expected):
    # EUROPA: "Year of entry" 01/01/1958 (6), 01/01/1973 (3), 01/01/1981, 01/01/1986 (2), 01/01/1995 (3),
    # 01/05/2004 (10), 01/01/2007 (2), 01/07/2013; "The Union currently counts 27 EU countries".
    assert members(client, "eu", day) == expected, EUROPA


def test_the_united_kingdom_was_a_member_on_31_january_2020_and_not_on_1_february(client):
    before, after = status(client, "GBR", "eu", "2020-01-31"), status(client, "GBR", "eu", "2020-02-01")
    assert (before["status"], after["status"]) == ("party", "withdrawn")
    assert after["withdrawal_notified_date"] == "2017-03-29"  # the Article 50 notice
    assert after["withdrawal_effective_date"] == "2020-02-01"
    assert status(client, "GBR", "eu", "2019-12-31")["status"] == "party"  # notice given, still a member


def test_eu_founders_are_members_from_1958_not_1952_or_1993(client):
    for state in ("BEL", "DEU", "FRA", "ITA", "LUX", "NLD"):
        assert status(client, state, "eu", "1958-01-01")["status"] == "party", state
        assert status(client, state, "eu", "1957-12-31")["status"] == "not_signed", state
    assert status(client, "GBR", "eu", "1993-11-01")["in_force_date"] == "1973-01-01"


def test_un_has_193_members_today(client):
    body = client.get("/v1/instruments/un").json  # as_of defaults to the app's today
    assert body["counts"]["party"] == 193, UN_LIST


def test_un_original_members_that_exist_today_number_49(client):
    # 51 original Members; Czechoslovakia and the Socialist Federal Republic of Yugoslavia have no ISO 3166-1
    # code today, so 49 remain. The USSR's seat is the Russian Federation's; the Byelorussian and Ukrainian
    # SSRs are Belarus and Ukraine. All 49 had deposited their ratifications by 27 December 1945 (Belgium last).
    assert members(client, "un", "1945-10-23") == 0
    assert members(client, "un", "1945-12-26") == 48
    assert members(client, "un", "1945-12-27") == 49
    # un.org dates the 27 that had ratified by the Charter's entry into force 24 October 1945; the other 22
    # became original Members on their later deposits (Charter Art. 110(4)), e.g. Canada on 9 November 1945.
    assert members(client, "un", "1945-10-24") == 27
    assert status(client, "CAN", "un", "1945-11-08")["status"] == "not_signed"
    assert status(client, "CAN", "un", "1945-11-09")["status"] == "party"


def test_thailand_is_dated_16_december_1946_as_in_the_un_rosters(client):
    assert status(client, "THA", "un", "1946-12-15")["status"] == "not_signed"
    assert status(client, "THA", "un", "1946-12-16")["consent_date"] == "1946-12-16"


@pytest.mark.parametrize(
    "state, member_from, why",
    [
        ("RUS", "1945-10-24", "continues the USSR's seat; it was never admitted"),
        ("CHN", "1945-10-24", "resolution 2758 (1971) changed who represents China, not the membership"),
        ("SYR", "1945-10-24", "within the United Arab Republic, a single Member, 1958-61"),
        ("DEU", "1973-09-18", "the Federal Republic's admission; unification in 1990 kept it"),
        ("YEM", "1947-09-30", "Yemen's admission; Democratic Yemen (1967) merged into it in 1990"),
        ("TZA", "1961-12-14", "Tanganyika's admission; Zanzibar (1963) merged into it in 1964"),
        ("MYS", "1957-09-17", "the Federation of Malaya's admission"),
        ("SGP", "1965-09-21", "its own admission after leaving Malaysia"),
        ("SRB", "2000-11-01", "the Federal Republic of Yugoslavia's admission, not the SFRY's 1945 seat"),
        ("CZE", "1993-01-19", "a new Member after Czechoslovakia"),
        ("SVK", "1993-01-19", "a new Member after Czechoslovakia"),
        ("IDN", "1950-09-28", "its 1965-66 absence was not a withdrawal"),
    ],
)
def test_un_special_cases(client, state, member_from, why):
    body = status(client, state, "un", "2025-11-25")
    assert (body["status"], body["in_force_date"]) == ("party", member_from), why
    assert body["withdrawal_notified_date"] is None, why


def test_indonesia_and_syria_are_members_through_their_absences(client):
    assert status(client, "IDN", "un", "1965-06-01")["status"] == "party"
    assert status(client, "SYR", "un", "1960-01-01")["status"] == "party"
    assert status(client, "CHN", "un", "1971-10-24")["status"] == "party"


@pytest.mark.parametrize("group, members_today", [("eu", 27), ("un", 193)])
def test_share_check_uses_the_organisation_as_the_group(client, group, members_today):
    body = client.get(f"/v1/checks/share?group={group}&instrument=ccm&as_of=2025-06-22").json
    assert body["group"] == group and body["denominator"] == members_today
    participants = client.get(f"/v1/instruments/{group}/participants?as_of=2025-06-22").json["items"]
    in_group = {p["state"] for p in participants if p["status"] == "party"}
    assert set(body["counted"]) | set(body["not_counted"]) == in_group
    ccm = client.get("/v1/instruments/ccm/participants?as_of=2025-06-22").json["items"]
    assert set(body["counted"]) == in_group & {p["state"] for p in ccm if p["status"] == "party"}


def test_share_timeline_shows_the_uk_leaving_the_eu_group(client):
    body = client.get("/v1/checks/share/timeline?group=eu&instrument=ccm&from=2020-01-01&to=2020-12-31").json
    left = [p for p in body["items"] if p["left_group"]]
    assert [(p["date"], p["left_group"]) for p in left] == [("2020-02-01", ["GBR"])]
    assert left[0]["denominator"] == 27


def test_an_organisation_can_be_the_instrument_of_a_check(client):
    body = client.get("/v1/checks/share?group=nato&instrument=un&as_of=2025-06-22").json
    assert body["numerator"] == body["denominator"] > 0  # every NATO member is a UN member
