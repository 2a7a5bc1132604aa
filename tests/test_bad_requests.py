"""Nothing a client sends produces a 5xx, HTML or a stack trace: each bad request gets its problem+json."""

import pytest

LONG = "x" * 10_000
S = "/v1/checks/share?group=nato&instrument=ccm"
P = "/v1/instruments/ccm/participants"

CASES = [
    # (method, url, status, parameter named in `errors` or None)
    ("GET", "/v1/states/Atlantis", 404, "state"),
    ("GET", "/v1/states/%20", 404, "state"),
    ("GET", "/v1/states/" + LONG, 404, "state"),
    ("GET", "/v1/states/%00", 404, "state"),
    ("GET", "/v1/states/%E2%80%AE%F0%9F%92%A3", 404, "state"),
    ("GET", "/v1/states/FRA'%20OR%201=1--", 404, "state"),
    ("GET", "/v1/states/..%2F..%2Fetc%2Fpasswd", 404, None),
    ("GET", "/v1/states/FRA/instruments/%3Cscript%3E", 404, "instrument"),
    ("GET", "/v1/instruments/", 404, None),
    ("GET", "/v1/instruments/icc", 404, "instrument"),
    ("GET", "/v1/nothing/here", 404, None),
    ("GET", P + "?as_of=2023-02-30", 400, "as_of"),
    ("GET", P + "?as_of=0000-01-01", 400, "as_of"),
    ("GET", P + "?as_of=2023-07-20T12:00:00", 400, "as_of"),
    ("GET", P + "?as_of=2023-07-20%2B02:00", 400, "as_of"),
    ("GET", P + "?as_of=2023-07-20Z", 400, "as_of"),
    ("GET", P + "?as_of=20230720", 400, "as_of"),
    ("GET", P + "?as_of=", 400, "as_of"),
    ("GET", P + "?as_of=" + LONG, 400, "as_of"),
    ("GET", P + "?as_of=2023-07-20%00", 400, "as_of"),
    ("GET", P + "?as_of=%27%3B%20DROP%20TABLE%20events%3B--", 400, "as_of"),
    ("GET", P + "?status=member", 400, "status"),
    ("GET", P + "?status=PARTY", 400, "status"),
    ("GET", P + "?status=", 400, "status"),
    ("GET", P + "?format=xlsx", 400, "format"),
    ("GET", P + "?colour=red", 400, "colour"),
    ("GET", P + "?" + LONG + "=1", 400, LONG),
    ("GET", P + "?as_of=2023-07-20&as_of=2023-07-21", 400, "as_of"),
    ("GET", S + "&threshold=3/0", 400, "threshold"),
    ("GET", S + "&threshold=-1", 400, "threshold"),
    ("GET", S + "&threshold=1/0000", 400, "threshold"),
    ("GET", S + "&threshold=abc", 400, "threshold"),
    ("GET", S + "&threshold=", 400, "threshold"),
    ("GET", S + "&threshold=1e999", 400, "threshold"),
    ("GET", S + "&threshold=2/3%0A", 400, "threshold"),
    ("GET", S + "&threshold=50%25%0A", 400, "threshold"),
    ("GET", "/v1/states/FRA%2Finstruments%2Fccm", 404, "path"),
    ("GET", "/v1/states/FRA%2finstruments/ccm", 404, "path"),
    ("GET", "//v1//states//LTU", 404, None),
    ("GET", S + "&threshold=" + LONG, 400, "threshold"),
    ("GET", S + "&comparison=gte", 400, "comparison"),
    ("GET", S + "&group=nato", 400, "group"),
    ("GET", "/v1/checks/share?instrument=ccm", 400, "group"),
    ("GET", "/v1/checks/share?group=&instrument=ccm", 400, "group"),
    ("GET", "/v1/checks/share?group=warsaw&instrument=ccm", 404, "group"),
    ("GET", "/v1/checks/status?instrument=ccm&states=&status=party", 400, "states"),
    ("GET", "/v1/checks/status?instrument=ccm&states=RUS&status=party&quantifier=most", 400, "quantifier"),
    ("GET", "/v1/checks/status?instrument=ccm&states=RUS,Narnia&status=party", 404, "state"),
    ("GET", "/v1/checks/status?instrument=ccm&states=" + ",".join(["FRA"] * 1500) + "&status=party", 400, "states"),
    ("GET", "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2024-01-01&to=2023-13-01", 400, "to"),
    ("GET", "/v1/instruments/ccm/changes?from=yesterday", 400, "from"),
    ("GET", "/v1/instruments/ccm/changes?to=2024-01-01", 400, "from"),
    ("GET", "/healthz?verbose=1", 400, "verbose"),
    ("POST", "/v1/states", 405, None),
    ("PUT", "/v1/states/FRA", 405, None),
    ("PATCH", P, 405, None),
    ("DELETE", "/v1/instruments/ccm", 405, None),
    ("TRACE", "/healthz", 405, None),
]


@pytest.mark.parametrize("method, url, status, parameter", CASES, ids=[f"{m} {u[:60]}" for m, u, *_ in CASES])
def test_bad_request_gets_its_problem(client, method, url, status, parameter):
    r = client.open(url, method=method)
    assert r.status_code == status
    assert r.mimetype == "application/problem+json"
    body = r.json
    assert set(body) >= {"type", "title", "status", "detail"} and body["status"] == status
    assert "Traceback" not in body["detail"] and "<html" not in r.get_data(as_text=True).lower()
    if parameter:
        assert parameter in body["errors"]
    if status == 405:
        assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def _every_documented_get():
    import re

    import yaml

    from tests.test_openapi import SPEC_FILE

    spec = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    for path, item in spec["paths"].items():
        params = {p["name"]: p["example"] for p in item.get("parameters", [])}
        url = re.sub(r"\{(\w+)\}", lambda m, params=params: str(params[m.group(1)]), path)
        required = [p for p in item["get"].get("parameters", []) if p["in"] == "query" and p.get("required")]
        query = "&".join(f"{p['name']}={p['schema'].get('example', p.get('example'))}" for p in required)
        yield url + "?" + (query + "&" if query else "")


@pytest.mark.parametrize("url", list(_every_documented_get()))
def test_every_operation_refuses_an_unknown_parameter_with_a_problem(client, url):
    r = client.get(url + "colour=red")
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    assert set(r.json) == {"type", "title", "status", "detail", "errors"} and list(r.json["errors"]) == ["colour"]


def test_far_future_date_is_a_date(client):
    assert client.get(P + "?as_of=9999-12-31").json["as_of"] == "9999-12-31"


def test_head_answers_without_a_body(client):
    r = client.head(P + "?as_of=2023-07-20")
    assert r.status_code == 200 and r.data == b""


def test_cors_preflight(client):
    r = client.options(P, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"


def test_long_parameter_over_real_http_reaches_the_app(server):
    import requests

    r = requests.get(server + P, params={"as_of": "x" * 7_000}, timeout=5)
    assert r.status_code == 400 and r.headers["Content-Type"] == "application/problem+json"
    assert r.json()["errors"] == {"as_of": [r.json()["errors"]["as_of"][0]]}


def test_degenerate_threshold_above_one_is_answered_exactly(client):
    body = client.get(S + "&as_of=2023-07-20&threshold=5/3").json
    assert (body["threshold"], body["holds"]) == ("5/3", False)
