"""The database reproduces the depositary's and the Monitor's own counts on their dates.

Each expected figure is quoted from the source named beside it (see seeds/README.md); the counts come from
our rows through the API, never from a headline. `bound` = states that deposited consent and have not
withdrawn (what the UN calls "Parties" and the Monitor "States Parties"); `signed` = states that signed and
have not withdrawn (the UN's "Signatories"); `signatory` = signed, not yet bound (the Monitor's "signatories").
"""

import pytest

UN_2025 = "https://treaties.un.org/Pages/ViewDetails.aspx?chapter=26&mtdsg_no=XXVI-6&src=IND"


def counts(client, day):
    response = client.get(f"/v1/instruments/ccm?as_of={day}")
    assert response.status_code == 200
    return response.json["counts"]


def test_un_status_page_of_22_june_2025_signatories_107_parties_111(client):
    # UN_2025: "STATUS AS AT : 22-06-2025 ... Signatories : 107. Parties : 111"
    c = counts(client, "2025-06-22")
    assert (c["signed"], c["bound"]) == (107, 111)


def test_un_status_page_header_signatories_108_parties_112_before_lithuania_withdrew(client):
    # XXVI-6.en.xml (undated): "Signatories108Parties112"; true from South Sudan's accession to Lithuania's exit.
    for day in ("2023-08-03", "2024-06-30", "2025-03-05"):
        c = counts(client, day)
        assert (c["signed"], c["bound"]) == (108, 112), day


@pytest.mark.parametrize(
    "day, states_parties, signatories, source",
    [
        ("2010-08-01", 38, 70, "Monitor 2015: '108 states had signed, of which 38 were States Parties'"),
        ("2011-08-25", 61, 48, "Monitor 2011: 'As of 25 August 2011 ... A total of 61 States Parties'"),
        ("2013-07-31", 83, 29, "Monitor 2013: 'as of 31 July 2013 ... a total of 83 are States Parties'"),
        ("2017-08-01", 102, 17, "Monitor 2017: 'As of 1 August 2017, there are 102 States Parties ... 17 signatories'"),
        ("2018-08-01", 103, 17, "Monitor 2018: '103 States Parties ... as of 1 August 2018. Another 17'"),
        ("2019-07-31", 106, 14, "Monitor 2019: '106 States Parties to the convention as of 31 July 2019'"),
        ("2022-08-01", 110, 13, "Monitor 2022: 'As of 1 August 2022 there were 110 States Parties and 13 signatories.'"),
        ("2023-08-07", 112, 12, "rights2all, 7 Aug 2023: '112 states parties ... 12 countries having signed but not yet ratified'"),
        ("2025-08-01", 111, 12, "CMC, Geneva, 1 August 2025: 'the convention has 111 States Parties and 12 signatories'"),
    ],
)
def test_monitor_counts_are_reproduced(client, day, states_parties, signatories, source):
    c = counts(client, day)
    assert (c["bound"], c["signatory"]) == (states_parties, signatories), source


def test_ccm_entered_into_force_after_the_thirtieth_deposit_on_16_february_2010(client):
    body = client.get("/v1/instruments/ccm").json
    assert (body["trigger_date"], body["entry_into_force"]) == ("2010-02-16", "2010-08-01")


def test_nato_has_32_members_after_sweden_and_31_before(client):
    # parl.ca release of 3 May 2024: "Today, NATO's 32 members ..."; Sweden deposited on 7 March 2024.
    assert counts_nato(client, "2024-05-03") == 32
    assert counts_nato(client, "2024-03-06") == 31
    assert counts_nato(client, "1949-08-24") == 12


def counts_nato(client, day):
    return client.get(f"/v1/instruments/nato?as_of={day}").json["counts"]["party"]


UN_XXVI_5 = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en"


def apmbc(client, day):
    response = client.get(f"/v1/instruments/apmbc?as_of={day}")
    assert response.status_code == 200
    return response.json["counts"]


def test_ccm_un_status_page_of_3_february_2026_signatories_107_parties_112(client):
    # seeds/pages/untc/XXVI-6.html: "STATUS AS AT : 03-02-2026 ... Signatories : 107. Parties : 112"
    c = counts(client, "2026-02-03")
    assert (c["signed"], c["bound"]) == (107, 112)


def test_apmbc_un_status_page_of_3_february_2026_signatories_132_parties_162(client):
    # seeds/pages/untc/XXVI-5.html (UN_XXVI_5): "STATUS AS AT : 03-02-2026 ... Signatories : 132. Parties : 162"
    c = apmbc(client, "2026-02-03")
    assert (c["signed"], c["bound"], c["withdrawn"]) == (132, 162, 4)


@pytest.mark.parametrize("day, bound, source", [
    ("2025-03-11", 164, "ICBL: the Marshall Islands 'becomes the 165th State Party' (deposit 12 Mar 2025)"),
    ("2025-03-12", 165, "ICBL: the Marshall Islands 'becomes the 165th State Party'"),
    ("2025-06-25", 166, "ICBL: 'Tonga becomes the 166th State Party' (deposit 25 Jun 2025)"),
    ("2025-12-26", 166, "the three Baltic withdrawals take effect on 27 Dec 2025 (UN footnotes 1, 3, 4)"),
    ("2025-12-27", 163, "UN footnotes 1, 3, 4: 'took effect ... on 27 December 2025'"),
])
def test_apmbc_counts_around_the_last_accessions_and_the_withdrawals(client, day, bound, source):
    assert apmbc(client, day)["bound"] == bound, source


def test_apmbc_entered_into_force_after_the_fortieth_deposit_on_16_september_1998(client):
    body = client.get("/v1/instruments/apmbc").json
    assert (body["trigger_date"], body["entry_into_force"]) == ("1998-09-16", "1999-03-01")


@pytest.mark.parametrize("instrument, signatories, parties", [
    ("att", 130, 117),   # seeds/pages/untc/XXVI-8.html: "Signatories : 130. Parties : 117"
    ("cwc", 165, 193),   # XXVI-3.html: "Signatories : 165. Parties : 193"
    ("ctbt", 187, 178),  # XXVI-4.html: "Signatories : 187. Parties : 178" (Russia's revoked ratification not counted)
    ("tpnw", 95, 74),    # XXVI-9.html: "Signatories : 95. Parties : 74"
])
def test_un_status_pages_of_3_february_2026_are_reproduced(client, instrument, signatories, parties):
    c = client.get(f"/v1/instruments/{instrument}?as_of=2026-02-03").json["counts"]
    assert (c["signed"], c["bound"]) == (signatories, parties)


def test_ctbt_not_in_force_so_no_state_is_a_party_and_russia_follows_its_ratification_and_revocation(client):
    assert client.get("/v1/instruments/ctbt?as_of=2026-02-03").json["counts"]["party"] == 0
    statuses = [client.get(f"/v1/states/RUS/instruments/ctbt?as_of={day}").json["status"]
                for day in ("2000-06-29", "2000-06-30", "2010-01-01", "2023-11-02", "2023-11-03")]
    assert statuses == ["signatory", "consented", "consented", "consented", "signatory"]
