"""The rules applied end to end on made-up instruments (tests/fixtures/seeds), each added with seed files
and a rule entry only.

`demo`: two consents bring it into force on the first day of the sixth month after the month of the
second (2020-02-29 -> 2020-08-01). `pact`: its third consent (2020-06-01) plus 180 days would be
2020-11-28, but its floor (two years after opening for signature) puts entry into force on 2022-01-01;
later states are bound on the 30th day after deposit; a withdrawal takes twelve months, unless the
withdrawing state is recorded as in an armed conflict."""

import re
from pathlib import Path

import pytest

API = Path(__file__).resolve().parent.parent / "api"


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


@pytest.mark.parametrize(
    "state, as_of, status",
    [
        ("FRA", "2021-12-31", "consented"),  # early ratifier: waits for the floor, not the 180 days
        ("FRA", "2022-01-01", "party"),
        ("ESP", "2021-12-31", "consented"),  # deposited after the trigger, before entry into force
        ("ESP", "2022-01-01", "party"),
        ("GBR", "2022-03-30", "consented"),  # acceded 2022-03-01: the 30th day after is 2022-03-31
        ("GBR", "2022-03-31", "party"),
        ("POL", "2020-06-10", "signatory"),  # provisional application is not consent
        ("POL", "2021-09-30", "consented"),
        ("POL", "2021-10-01", "signatory"),  # ratification revoked: back to signatory
        ("USA", "2023-01-01", "signatory"),  # a statement changes no status
        ("NLD", "2025-01-01", "party"),  # withdrawal notified, condition invoked: not in effect
        ("BEL", "2024-01-09", "party"),
        ("BEL", "2024-01-10", "withdrawn"),  # condition not invoked: twelve months after notice
        ("CAN", "2024-06-01", "withdrawn"),  # nothing recorded: the period alone
    ],
)
def test_pact_statuses(fixture_client, state, as_of, status):
    assert fixture_client.get(f"/v1/states/{state}/instruments/pact?as_of={as_of}").json["status"] == status


def test_pact_entry_into_force_is_its_floor_not_the_trigger_plus_delay(fixture_client):
    body = fixture_client.get("/v1/instruments/pact").json
    assert (body["trigger_date"], body["entry_into_force"], body["consents_for_entry_into_force"]) == (
        "2020-06-01", "2022-01-01", 3)


def test_pact_parties_on_a_date_count_through_every_route(fixture_client):
    body = fixture_client.get("/v1/checks/share?group=pact&instrument=pact&as_of=2025-01-01&threshold=1/2").json
    # Parties of the pact on that day, as a group: BEL and CAN have withdrawn, NLD has not.
    assert body["counted"] == ["DEU", "ESP", "FRA", "GBR", "ITA", "NLD"]


@pytest.mark.parametrize("instrument", ["demo", "pact", "club"])
def test_a_made_up_instrument_needs_no_code(instrument):
    # Its id appears in seed files only: no route, schema, query or rule is written for it.
    literal = re.compile(rf"""['"]{instrument}['"]""")
    mentions = [p.relative_to(API).as_posix() for p in API.rglob("*.py") if literal.search(p.read_text(encoding="utf-8"))]
    assert mentions == []
