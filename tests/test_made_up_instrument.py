"""The rules applied end to end on made-up instruments (tests/fixtures/seeds): two consents bring `demo`
into force on the first day of the sixth month after the month of the second (2020-02-29 -> 2020-08-01)."""

import pytest


@pytest.mark.parametrize(
    "state, as_of, status",
    [
        ("ITA", "2020-07-31", "consented"),  # deposited the same day as the second consent: Art. 17(1)-style
        ("ITA", "2020-08-01", "party"),
        ("GBR", "2020-08-31", "consented"),  # deposited 2020-03-01, the day after: Art. 17(2)-style, later
        ("GBR", "2020-09-01", "party"),
        ("ESP", "2022-05-31", "consented"),  # deposited 2021-12-31: in force 2022-06-01
        ("ESP", "2022-06-01", "party"),
        ("ESP", "2024-02-28", "party"),  # notice 2023-08-31 + six months = 2024-02-29 (leap year)
        ("ESP", "2024-02-29", "withdrawn"),
        ("TUR", "2024-01-01", "signatory"),
        ("POL", "2024-01-01", "not_signed"),
    ],
)
def test_demo_statuses(fixture_client, state, as_of, status):
    assert fixture_client.get(f"/v1/states/{state}/instruments/demo?as_of={as_of}").json["status"] == status


def test_demo_entry_into_force_is_derived_from_its_second_consent(fixture_client):
    body = fixture_client.get("/v1/instruments/demo").json
    assert (body["trigger_date"], body["entry_into_force"]) == ("2020-02-29", "2020-08-01")


def test_club_share_of_demo_parties(fixture_client):
    body = fixture_client.get("/v1/checks/share?group=club&instrument=demo&as_of=2022-06-01&threshold=1/2").json
    # club parties on that day: DEU, ESP, FRA, GBR (ITA joins 2022-01-01 and is a party too).
    assert body["denominator"] == 5 and body["counted"] == ["DEU", "ESP", "FRA", "GBR", "ITA"]
    assert body["holds"] is True
