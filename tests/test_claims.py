"""The claims of the news report of 20 July 2023, answered with evidence.

Expected figures come from the seed rows and their sources: NATO membership from the depositary/NATO
records in seeds/events/nato.csv (31 members on 2023-07-20: Finland deposited on 2023-04-04, Sweden on
2024-03-07); CCM status from seeds/events/ccm.csv (UN status page for Afghanistan to Ecuador, the
Cluster Munition Monitor and Coalition for the rest; Lithuania's withdrawal effective 2025-03-06).
"""

CCM_PARTIES_IN_NATO_2023 = ["ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP", "FRA", "GBR", "HRV", "HUN", "ISL",
                            "ITA", "LTU", "LUX", "MKD", "MNE", "NLD", "NOR", "PRT", "SVK", "SVN"]
NATO_NOT_CCM_2023 = ["EST", "FIN", "GRC", "LVA", "POL", "ROU", "TUR", "USA"]
CLAIM = "/v1/checks/share?group=nato&instrument=ccm&status=party&threshold=2/3&comparison=gt&as_of="


def test_more_than_two_thirds_of_nato_were_ccm_parties_on_20_july_2023(client):
    body = client.get(CLAIM + "2023-07-20").json
    assert (body["numerator"], body["denominator"], body["fraction"]) == (23, 31, "23/31")
    assert body["holds"] is True and body["threshold"] == "2/3"
    assert body["counted"] == CCM_PARTIES_IN_NATO_2023 and body["not_counted"] == NATO_NOT_CCM_2023
    assert body["explanation"] == ("23 of the 31 NATO members (74.2%) were parties to the CCM on 2023-07-20: "
                                   "more than two-thirds.")


def test_the_claim_still_holds_after_sweden_joined_and_lithuania_left(client):
    body = client.get(CLAIM + "2025-11-25").json
    assert (body["numerator"], body["denominator"], body["holds"]) == (23, 32, True)
    assert "SWE" in body["counted"] and "LTU" in body["not_counted"]


def test_share_timeline_shows_each_change_and_who_made_it(client):
    items = client.get("/v1/checks/share/timeline?group=nato&instrument=ccm&from=2023-07-20&to=2025-11-25").json["items"]
    assert [(i["date"], i["fraction"]) for i in items] == [
        ("2023-07-20", "23/31"), ("2024-03-07", "24/32"), ("2025-03-06", "23/32")]
    assert items[1]["entered_group"] == ["SWE"] and items[1]["entered_counted"] == ["SWE"]
    assert items[2]["left_counted"] == ["LTU"]


def test_russia_ukraine_and_the_united_states_had_not_signed_the_ccm(client):
    body = client.get("/v1/checks/status?instrument=ccm&states=Russian Federation,Ukraine,United States of America&status=not_signed"
                      "&quantifier=all&as_of=2023-07-20").json
    assert body["holds"] is True
    assert [(r["state"], r["status"]) for r in body["results"]] == [
        ("RUS", "not_signed"), ("UKR", "not_signed"), ("USA", "not_signed")]


def test_none_of_them_was_a_party(client):
    body = client.get("/v1/checks/status?instrument=ccm&states=RUS,UKR,USA&status=party&quantifier=none"
                      "&as_of=2023-07-20").json
    assert body["holds"] is True
