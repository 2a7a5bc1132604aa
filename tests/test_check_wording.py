"""The checks in words and selections: grammar that agrees with the count, `bound` accepted wherever a
status is asked for, and an unknown group called a group."""

import pytest

from api.domain.explain import PHRASES, phrase
from api.domain.model import Status

STATUS = "/v1/checks/status?instrument=ccm&as_of=2023-07-20"
SHARE = "/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20"


def test_every_status_and_bound_has_a_singular_and_a_plural_phrase_for_each_kind():
    assert set(PHRASES) == {"treaty", "organisation"}
    for wording in PHRASES.values():
        assert set(wording.statuses) == {s.value for s in Status} | {"bound"}
    assert (phrase("party", 1), phrase("party", 2), phrase("party", 0)) == (
        "was a party to", "were parties to", "were parties to")
    assert (phrase("party", 1, "organisation"), phrase("party", 2, "organisation")) == (
        "was a member of", "were members of")


@pytest.mark.parametrize("quantifier, claim", [("all", "'All of them were parties to it'"),
                                               ("any", "'At least one of them was a party to it'"),
                                               ("none", "'None of them was a party to it'")])
def test_status_check_claim_agrees_in_number(client, quantifier, claim):
    text = client.get(f"{STATUS}&states=FRA,DEU&status=party&quantifier={quantifier}").json["explanation"]
    assert claim in text and "France was a party to it" in text


def test_share_sentence_agrees_with_its_numerator(client):
    text = client.get(SHARE).json["explanation"]
    assert "members (" in text and "were parties to the CCM" in text


def test_bound_counts_consented_and_parties(client):
    bound = client.get(SHARE + "&status=bound").json
    party = client.get(SHARE + "&status=party").json
    consented = client.get(SHARE + "&status=consented").json
    assert bound["counted"] == sorted(party["counted"] + consented["counted"])
    assert bound["status"] == "bound" and "were bound by" in bound["explanation"]


def test_bound_filters_participants_as_the_instruments_count_it(client):
    listed = client.get("/v1/instruments/ccm/participants?as_of=2023-07-20&status=bound").json
    counts = client.get("/v1/instruments/ccm?as_of=2023-07-20").json["counts"]
    assert listed["count"] == counts["bound"] and {i["status"] for i in listed["items"]} <= {"consented", "party"}


def test_bound_in_a_status_check(client):
    body = client.get(f"{STATUS}&states=FRA,USA&status=bound&quantifier=any").json
    assert body["holds"] is True and body["status"] == "bound"
    assert [r["status"] for r in body["results"]] == ["party", "not_signed"]


def test_bound_in_a_timeline(client):
    body = client.get("/v1/checks/share/timeline?group=nato&instrument=ccm&status=bound&from=2010-01-01"
                      "&to=2011-01-01").json
    assert body["status"] == "bound" and body["items"]


def test_an_unknown_group_is_called_a_group_and_the_known_ones_are_named(client):
    body = client.get("/v1/checks/share?group=natto&instrument=ccm").json
    assert body["errors"] == {"group": ["Unknown group."]}
    assert body["detail"].startswith("Unknown group 'natto'.") and "Did you mean" in body["detail"]
    assert "nato" in body["detail"].split("Known groups")[1]
