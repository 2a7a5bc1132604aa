"""Every endpoint in-process against the real database: shapes, sorting, as_of, CSV, errors, caching."""

import csv
import io
import re

import pytest

ENDPOINTS = [
    "/v1/states",
    "/v1/states/FRA",
    "/v1/states/FRA/instruments?as_of=2023-07-20",
    "/v1/states/FRA/instruments/ccm?as_of=2023-07-20",
    "/v1/instruments?as_of=2023-07-20",
    "/v1/instruments/ccm?as_of=2023-07-20",
    "/v1/instruments/ccm/participants?as_of=2023-07-20",
    "/v1/instruments/ccm/changes?from=2023-01-01&to=2023-12-31",
    "/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20",
    "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2023-01-01&to=2024-12-31",
    "/v1/checks/status?instrument=ccm&states=RUS,UKR,USA&status=not_signed&as_of=2023-07-20",
    "/v1/meta",
]
LISTS = [
    "/v1/states",
    "/v1/states/FRA/instruments?as_of=2023-07-20",
    "/v1/instruments?as_of=2023-07-20",
    "/v1/instruments/ccm/participants?as_of=2023-07-20",
    "/v1/instruments/ccm/changes?from=2010-01-01&to=2025-12-31",
    "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2010-01-01&to=2025-12-31",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers_json_with_the_common_headers(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    if url == "/healthz":  # liveness: never stored by a cache, which would report a dead service healthy
        assert r.headers["Cache-Control"] == "no-store" and "ETag" not in r.headers
        return
    assert r.headers["Cache-Control"].startswith("public, max-age=")
    assert r.headers["ETag"].startswith('"')


def test_healthz_is_never_cached_nor_revalidated(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.mimetype == "application/json" and r.json["status"] == "ok"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store" and "ETag" not in r.headers
    assert client.get("/healthz", headers={"If-None-Match": "*"}).status_code == 200


@pytest.mark.parametrize("url", [u for u in ENDPOINTS if "as_of" in u])
def test_as_of_is_echoed(client, url):
    assert client.get(url).json["as_of"] == "2023-07-20"


def test_as_of_defaults_to_today(client):
    # The test app sets TREATY_TODAY=2025-11-25.
    assert client.get("/v1/instruments/ccm/participants").json["as_of"] == "2025-11-25"


@pytest.mark.parametrize("url", LISTS)
def test_lists_are_counted_and_sorted(client, url):
    body = client.get(url).json
    assert body["count"] == len(body["items"]) > 0
    key = next(k for k in ("state", "code", "instrument", "id", "date") if k in body["items"][0])
    keys = [(item[key], item.get("date", "")) for item in body["items"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("url", LISTS)
def test_lists_as_csv_open_in_a_spreadsheet(client, url):
    sep = "&" if "?" in url else "?"
    r = client.get(url + sep + "format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert b"\r\n" in r.data
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) - 1 == client.get(url).json["count"]
    assert len({len(row) for row in rows}) == 1


def test_participants_filter_by_status(client):
    body = client.get("/v1/instruments/ccm/participants?as_of=2025-06-22&status=withdrawn").json
    assert [item["state"] for item in body["items"]] == ["LTU"]
    assert body["items"][0]["withdrawal_effective_date"] == "2025-03-06"


def test_participant_rows_have_every_contract_field(client):
    item = client.get("/v1/instruments/ccm/participants?as_of=2023-07-20").json["items"][0]
    assert set(item) >= {"state", "name", "status", "signature_date", "consent_date", "consent_kind", "in_force_date",
                         "withdrawal_notified_date", "withdrawal_effective_date", "sources"}


@pytest.mark.parametrize("identifier", ["fra", "FR", "250", "france", "French Republic", "FRANCE"])
def test_state_lookup_by_any_identifier_answers_alpha3(client, identifier):
    assert client.get(f"/v1/states/{identifier}").json["code"] == "FRA"


@pytest.mark.parametrize("identifier, code", [("Türkiye", "TUR"), ("Turkey", "TUR"), ("turkiye", "TUR"),
                                              ("Czech Republic", "CZE"), ("Bolivia (Plurinational State of)", "BOL"),
                                              ("the former Yugoslav Republic of Macedonia", "MKD"),
                                              ("Côte d'Ivoire", "CIV"), ("cote d'ivoire", "CIV"), ("Holy See", "VAT"),
                                              ("Korea, Republic of", "KOR"), ("Moldova, Republic of", "MDA")])
def test_depositary_spellings_resolve(client, identifier, code):
    assert client.get(f"/v1/states/{identifier}").json["code"] == code


def test_lithuania_party_the_day_before_its_withdrawal_took_effect_and_withdrawn_on_the_day(client):
    before = client.get("/v1/states/LTU/instruments/ccm?as_of=2025-03-05").json
    after = client.get("/v1/states/lithuania/instruments/CCM?as_of=2025-03-06").json
    assert (before["status"], after["status"]) == ("party", "withdrawn")
    assert "withdrawal was notified on 2024-09-06" in before["explanation"]
    assert "takes effect on 2025-03-06" in before["explanation"]
    # The depositary also records its provisional application (UN `n`) on the day it ratified.
    assert [e["event"] for e in after["events"]] == [
        "signature", "provisional_application", "ratification", "withdrawal_notification"]
    assert all(e["source"].startswith("http") for e in after["events"])


def test_sweden_nato_member_from_the_day_of_its_deposit(client):
    before = client.get("/v1/states/SWE/instruments/nato?as_of=2024-03-06").json
    after = client.get("/v1/states/SWE/instruments/nato?as_of=2024-03-07").json
    assert (before["status"], after["status"]) == ("not_signed", "party")


def test_state_instruments_lists_every_instrument(client):
    body = client.get("/v1/states/SWE/instruments?as_of=2024-03-07").json
    statuses = {i["instrument"]: i["status"] for i in body["items"]}
    assert set(statuses) == {i["id"] for i in client.get("/v1/instruments").json["items"]}
    assert (statuses["ccm"], statuses["nato"]) == ("party", "party")


def test_changes_list_who_changed_and_when(client):
    body = client.get("/v1/instruments/nato/changes?from=2023-01-01&to=2024-12-31").json
    assert [(i["state"], i["date"], i["to_status"]) for i in body["items"]] == [
        ("FIN", "2023-04-04", "party"), ("SWE", "2024-03-07", "party")]


def test_meta_names_the_dataset_and_each_instruments_status_date(client):
    body = client.get("/v1/meta").json
    assert body["dataset_version"] == client.get("/healthz").json["dataset_version"]
    assert [i["id"] for i in body["instruments"]] == [i["id"] for i in client.get("/v1/instruments").json["items"]]
    assert all(i["sources"] for i in body["instruments"])


# Errors: problem+json, naming the parameter.

@pytest.mark.parametrize(
    "url, status, parameter",
    [
        ("/v1/instruments/ccm/participants?as_of=2023-02-30", 400, "as_of"),
        ("/v1/instruments/ccm/participants?as_of=2023-07-20T00:00:00Z", 400, "as_of"),
        ("/v1/instruments/ccm/participants?status=member", 400, "status"),
        ("/v1/instruments/ccm/participants?format=xml", 400, "format"),
        ("/v1/instruments/ccm/participants?colour=red", 400, "colour"),
        ("/v1/instruments/ccm/participants?as_of=2023-07-20&as_of=2023-07-21", 400, "as_of"),
        ("/v1/checks/share?group=nato&instrument=ccm&threshold=3/0", 400, "threshold"),
        ("/v1/checks/share?group=nato&instrument=ccm&threshold=-2/3", 400, "threshold"),
        ("/v1/checks/share?group=nato&instrument=ccm&comparison=gte", 400, "comparison"),
        ("/v1/checks/share?instrument=ccm", 400, "group"),
        ("/v1/checks/status?instrument=ccm&states=RUS,,USA&status=party", 400, "states"),
        ("/v1/instruments/ccm/changes", 400, "from"),
        ("/v1/states/Atlantis", 404, "state"),
        ("/v1/instruments/icc/participants", 404, "instrument"),
        ("/v1/checks/share?group=warsaw&instrument=ccm", 404, "group"),
        ("/v1/checks/status?instrument=ccm&states=RUS,Narnia&status=party", 404, "state"),
    ],
)
def test_bad_input_gets_a_problem_naming_the_parameter(client, url, status, parameter):
    r = client.get(url)
    assert r.status_code == status and r.mimetype == "application/problem+json"
    body = r.json
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    assert parameter in body["errors"] and parameter in body["detail"]
    assert "ETag" not in r.headers


def test_unknown_state_suggests_close_matches(client):
    assert "Did you mean Türkiye (TUR)" in client.get("/v1/states/Turkiey").json["detail"]


def test_unknown_path_is_a_problem_not_html(client):
    r = client.get("/v2/states")
    assert r.status_code == 404 and r.mimetype == "application/problem+json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_get_405_with_allow(client, method):
    r = getattr(client, method)("/v1/states")
    assert r.status_code == 405 and r.mimetype == "application/problem+json"
    assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_head_and_cors_preflight(client):
    assert client.head("/v1/states/FRA").status_code == 200
    r = client.options("/v1/states/FRA", headers={"Origin": "https://example.org",
                                                  "Access-Control-Request-Method": "GET"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in r.headers["Access-Control-Allow-Methods"]


# Caching.

def test_etag_revalidation_answers_304(client):
    first = client.get("/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20")
    again = client.get("/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == first.headers["ETag"]


def test_etag_differs_between_requests(client):
    a = client.get("/v1/states/FRA").headers["ETag"]
    b = client.get("/v1/states/DEU").headers["ETag"]
    assert a != b
    stale = client.get("/v1/states/FRA", headers={"If-None-Match": b})
    assert stale.status_code == 200


@pytest.mark.parametrize("url", ["/v1/instruments/nato/changes?from=2024-12-31&to=2023-01-01",
                                 "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2024-12-31&to=2023-01-01"])
def test_an_interval_ending_before_it_starts_is_refused_naming_both_ends(client, url):
    r = client.get(url)
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    assert set(r.json["errors"]) == {"from", "to"}
    assert "2023-01-01" in r.json["errors"]["from"][0] and "2024-12-31" in r.json["errors"]["to"][0]


def test_an_empty_interval_is_not_reversed(client):
    assert client.get("/v1/instruments/nato/changes?from=2024-01-01&to=2024-01-01").json["count"] == 0


def test_a_deposit_known_only_as_on_or_before_says_so(client):
    body = client.get("/v1/states/BEL/instruments/nato?as_of=2024-01-01").json
    assert body["status"] == "party"
    assert "ratification on or before 1949-08-24" in body["explanation"]
    assert [e["date_precision"] for e in body["events"]] == ["day", "on_or_before"]



# CSV: the same rows as the JSON, from the same schema.

def _flat(item, prefix=""):
    flat = {}
    for key, value in item.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def test_every_list_that_answers_csv_is_swept_here():
    import yaml

    from tests.test_openapi import SPEC_FILE

    spec = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    csv_paths = {path for path, item in spec["paths"].items()
                 if "text/csv" in item["get"]["responses"]["200"]["content"]}
    swept = {path for path in csv_paths for url in LISTS
             if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", path), url.split("?")[0])}
    assert swept == csv_paths


@pytest.mark.parametrize("url", LISTS)
def test_csv_columns_are_the_json_item_keys_and_cells_split_back(client, url):
    sep = "&" if "?" in url else "?"
    rows = list(csv.DictReader(io.StringIO(client.get(url + sep + "format=csv").get_data(as_text=True))))
    items = [_flat(item) for item in client.get(url).json["items"]]
    assert rows and list(rows[0]) == list(items[0])
    for row, item in zip(rows, items, strict=True):
        for key, value in item.items():
            if isinstance(value, list):
                assert (row[key].split("|") if row[key] else []) == value, key
            elif value is None:
                assert row[key] == "", key
            elif isinstance(value, bool):
                assert row[key] == str(value).lower(), key
            else:
                assert row[key] == str(value), key


def test_an_answer_that_is_not_a_list_says_where_csv_is(client):
    r = client.get("/v1/states/FRA/instruments/ccm?format=csv")
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    message = r.json["errors"]["format"][0]
    assert "format=csv" in message and "/v1/instruments/{instrument}/participants" in message


def test_options_has_no_body_and_claims_no_content_type(client):
    r = client.options("/v1/states")
    assert r.status_code == 200 and r.data == b"" and "Content-Type" not in r.headers


def test_nato_share_of_apmbc_parties_falls_with_the_five_withdrawals(client):
    body = client.get("/v1/checks/share/timeline?group=nato&instrument=apmbc&status=party"
                      "&from=2025-01-01&to=2026-03-01").json
    left = [(p["date"], p["left_counted"]) for p in body["items"] if p["left_counted"]]
    assert left == [("2025-12-27", ["EST", "LTU", "LVA"]), ("2026-01-10", ["FIN"]), ("2026-02-20", ["POL"])]
    assert body["items"][-1]["fraction"] == "26/32"


def test_ukraine_stays_an_apmbc_party_and_its_suspension_is_shown_as_a_statement(client):
    body = client.get("/v1/states/UKR/instruments/apmbc?as_of=2026-02-03").json
    assert body["status"] == "party"
    statements = [e for e in body["events"] if e["event"] == "statement"]
    assert [e["date"] for e in statements] == ["2025-07-18", "2025-12-05"]
    assert "suspends" in statements[0]["note"] and "Ukraine stays a party" in statements[1]["note"]


def test_ukraine_as_of_august_2025_shows_its_suspension_but_not_the_later_answer_of_the_states_parties(client):
    body = client.get("/v1/states/UKR/instruments/apmbc?as_of=2025-08-01").json
    assert body["status"] == "party"
    assert [e["date"] for e in body["events"] if e["event"] == "statement"] == ["2025-07-18"]
    assert "suspends" in body["explanation"] and "22nd Meeting" not in body["explanation"]


def test_withdrawal_rows_cite_the_depositary_notification(app):
    import sqlite3
    with sqlite3.connect(app.config["DATABASE"]) as conn:
        rows = conn.execute("SELECT instrument, state, reference, condition, effective_date FROM events"
                            " WHERE event = 'withdrawal_notification' ORDER BY instrument, state").fetchall()
    assert ("apmbc", "POL", "C.N.421.2025.TREATIES-XXVI-5", "", "2026-02-20") in rows
    assert ("apmbc", "EST", "C.N.360.2025.TREATIES-XXVI-5", "not_invoked", "2025-12-27") in rows
    assert ("ccm", "LTU", "C.N.347.2024.TREATIES-XXVI-6", "not_invoked", "2025-03-06") in rows
