"""The names people use resolve, and every name the API returns is accepted back, alone and in a list."""

import pytest
import requests

from api.seeds import reading_order

COMMON_NAMES = {
    "Russia": "RUS", "UK": "GBR", "Britain": "GBR", "Palestine": "PSE", "Vatican": "VAT", "Ivory Coast": "CIV",
    "Cape Verde": "CPV", "Micronesia": "FSM", "Burma": "MMR", "Macedonia": "MKD", "East Timor": "TLS",
    "Brunei": "BRN", "DR Congo": "COD", "Netherlands (Kingdom of the)": "NLD", "Korea, Republic of": "KOR",
    "Holy See": "VAT", "Türkiye": "TUR", "Turkey": "TUR", "Congo": "COG", "Gambia (Republic of The)": "GMB",
}


@pytest.mark.parametrize("name,code", COMMON_NAMES.items())
def test_the_names_people_use_resolve(client, name, code):
    r = client.get(f"/v1/states/{name}")
    assert r.status_code == 200 and r.json["code"] == code


def test_a_misspelling_suggests_the_right_state_first(client):
    r = client.get("/v1/states/Rusia")
    assert r.status_code == 404
    assert "Did you mean Russian Federation (RUS)" in r.json["detail"]


@pytest.mark.parametrize("text", ["ＬＴＵ", "⁴⁴⁰", "LTU%00", "LTU%C2%85"])
def test_compatibility_forms_and_control_characters_do_not_resolve(client, text):
    r = client.get(f"/v1/states/{text}")
    assert r.status_code == 404 and r.mimetype == "application/problem+json"
    assert "Not accepted" in r.json["detail"]


@pytest.mark.parametrize("iso_name,shown", [
    ("Korea, Republic of", "Republic of Korea"),
    ("Congo, The Democratic Republic of the", "Democratic Republic of the Congo"),
    ("Virgin Islands, British", "British Virgin Islands"),
    ("Bonaire, Sint Eustatius and Saba", "Bonaire and Sint Eustatius and Saba"),
    ("Taiwan, Province of China", "Taiwan (Province of China)"),
    ("France", "France"),
])
def test_iso_inverted_names_are_shown_in_reading_order(iso_name, shown):
    assert reading_order(iso_name) == shown


def test_no_name_the_api_returns_has_a_comma(client):
    states = client.get("/v1/states").json["items"]
    assert len(states) > 200
    assert [s["code"] for s in states if "," in s["name"] or "," in s["official_name"]] == []


def test_every_returned_name_round_trips_alone_and_in_a_list(server):
    session = requests.Session()
    states = session.get(server + "/v1/states", timeout=10).json()["items"]
    wrong = []
    for s in states:
        for name in {s["name"], s["official_name"], *s["aliases"]}:
            r = session.get(f"{server}/v1/states/{requests.utils.quote(name, safe='')}", timeout=10)
            if r.status_code != 200 or r.json()["code"] != s["code"]:
                wrong.append((s["code"], name, r.status_code))
    assert wrong == []
    # Every display name in one states= list (in chunks the list's length limit allows).
    names = [s["name"] for s in states]
    for start in range(0, len(names), 60):
        chunk = names[start:start + 60]
        r = session.get(server + "/v1/checks/status", timeout=10,
                        params={"instrument": "ccm", "states": ",".join(chunk), "status": "party", "quantifier": "any"})
        assert r.status_code == 200, r.text
        codes = {s["code"] for s in states if s["name"] in chunk}
        assert {x["state"] for x in r.json()["results"]} == codes
