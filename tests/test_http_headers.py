"""The HTTP layer's answers on a fresh app (nothing cached yet) and at the WSGI boundary: 304s made after
the view, static files under our validators only, the common headers on errors, the ETag's key, and the
JSON provider writing the same text as Flask's own encoder. Flask's test client on the real database."""

import dataclasses
import datetime as dt
import re

import pytest
from flask import Response
from flask.json.provider import DefaultJSONProvider
from werkzeug.test import EnvironBuilder

from api import create_app
from api.http import HttpLayer, ResponseCache, seconds_to_midnight
from tests.conftest import SEEDS, keep

URL = "/v1/instruments/ccm/participants?as_of=2023-07-20"
CSP = "Content-Security-Policy"
COMMON = {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
ASSET = "/docs/assets/swagger-ui.css"


def make_app(real_db, **config):
    return create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS), **config})


@pytest.fixture()
def fresh(real_db):
    """A new app (empty response cache), its test client, and how many requests reached Flask's dispatch."""
    app = make_app(real_db, TODAY="2025-11-25")
    reached = []
    app.before_request(lambda: reached.append(1))
    return app, app.test_client(), reached


# 304 for an answer not yet cached: the view runs, then the layer answers the condition.

def test_a_first_get_with_a_matching_tag_runs_the_view_and_answers_304_with_the_200_s_headers(fresh):
    _, client, reached = fresh
    head = client.head(URL)  # a HEAD is not cached, so the GET below reaches the view
    r = client.get(URL, headers={"If-None-Match": head.headers["ETag"]})
    assert len(reached) == 2
    assert r.status_code == 304 and r.data == b""
    assert r.headers["ETag"] == head.headers["ETag"]
    assert r.headers["Cache-Control"] == head.headers["Cache-Control"]
    assert r.headers["Access-Control-Expose-Headers"] == "ETag"
    assert {k: r.headers[k] for k in COMMON} == COMMON
    assert "Content-Type" not in r.headers and "Content-Length" not in r.headers


def test_a_first_get_with_another_tag_gets_the_body(fresh):
    _, client, _ = fresh
    r = client.get(URL, headers={"If-None-Match": '"other"'})
    assert r.status_code == 200 and r.json["items"]


# Static files (werkzeug's own validators) answer to our ETag alone.

def test_a_static_file_carries_our_etag_only_and_no_other_validator(fresh):
    app, client, _ = fresh
    r = client.get(ASSET)
    assert r.status_code == 200 and r.data
    assert r.headers.getlist("ETag") == [HttpLayer(app).etag({"PATH_INFO": ASSET, "QUERY_STRING": ""})]
    assert "Last-Modified" not in r.headers and "Expires" not in r.headers
    assert len(r.headers.getlist("Cache-Control")) == 1 and r.headers["Cache-Control"].startswith("public, max-age=")


def test_if_modified_since_is_not_ours_so_a_static_file_is_sent_whole(fresh):
    _, client, _ = fresh
    r = client.get(ASSET, headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert r.status_code == 200 and r.data


def test_the_docs_page_keeps_its_own_content_security_policy_from_the_first_answer(fresh):
    _, client, _ = fresh
    r = client.get("/docs")
    assert len(r.headers.getlist(CSP)) == 1 and "script-src 'self'" in r.headers[CSP]


def test_a_json_answer_carries_the_strict_content_security_policy_once(fresh):
    _, client, _ = fresh
    assert client.get(URL).headers.getlist(CSP) == ["default-src 'none'; frame-ancestors 'none'"]


# Errors and preflights: the common headers, no validators.

@pytest.mark.parametrize("url, status", [("/v1/states/Atlantis", 404), ("/v1/states?colour=red", 400)])
def test_an_error_carries_every_common_header_once_and_no_validator(client, url, status):
    r = client.get(url)
    assert r.status_code == status
    for name, value in COMMON.items():
        assert r.headers.getlist(name) == [value]
    assert r.headers.getlist(CSP) == ["default-src 'none'; frame-ancestors 'none'"]
    assert "ETag" not in r.headers and "Access-Control-Expose-Headers" not in r.headers
    assert r.headers.getlist("Cache-Control") == ["no-store"]


def test_a_preflight_says_what_may_be_sent_and_carries_no_validator(client):
    r = client.options("/v1/states/FRA", headers={"Origin": "https://example.org",
                                                  "Access-Control-Request-Method": "GET"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert r.headers["Access-Control-Allow-Headers"] == "If-None-Match, Accept"
    assert r.headers["Access-Control-Max-Age"] == "86400"
    assert "ETag" not in r.headers and "Cache-Control" not in r.headers


def test_healthz_is_never_stored(client):
    r = client.get("/healthz")
    assert r.headers["Cache-Control"] == "no-store" and "ETag" not in r.headers


# The ETag: the dataset version, then a hash of the request and "today".

def test_an_etag_names_the_dataset_version_it_was_computed_on(app):
    layer = HttpLayer(app)
    assert re.fullmatch('"' + re.escape(layer.version[:8]) + '-[0-9a-f]{16}"', layer.etag({"PATH_INFO": "/"}))


def test_an_absent_path_or_query_is_the_empty_one(app):
    # PEP 3333: QUERY_STRING (and PATH_INFO, at the application's root) may be absent or empty.
    layer = HttpLayer(app)
    assert layer.etag({"PATH_INFO": "/v1/states"}) == layer.etag({"PATH_INFO": "/v1/states", "QUERY_STRING": ""})
    assert layer.etag({"QUERY_STRING": "as_of=2020-01-01"}) == layer.etag({"PATH_INFO": "",
                                                                          "QUERY_STRING": "as_of=2020-01-01"})
    assert layer.etag({"PATH_INFO": "/v1/states"}) != layer.etag({"PATH_INFO": "/v1/states", "QUERY_STRING": "a"})


def test_an_answer_about_today_without_a_query_string_is_capped_at_midnight(real_db):
    layer = HttpLayer(make_app(real_db, CACHE_MAX_AGE=2 * 86400))
    before = seconds_to_midnight(dt.datetime.now(dt.timezone.utc))
    age = int(layer.cache_control({"PATH_INFO": "/v1/states/FRA/instruments"}).split("max-age=")[1])
    assert age <= before


# At the WSGI boundary: the status line and headers a server writes out.

def call(wsgi_app, method="GET", path=URL):
    seen = {}
    body = b"".join(wsgi_app(EnvironBuilder(path=path, method=method).get_environ(),
                          lambda status, headers, exc_info=None: seen.update(status=status, headers=headers)))
    return seen["status"], seen["headers"], body


def test_a_cached_answer_has_a_200_status_line_and_the_length_of_its_body(fresh):
    app, _, reached = fresh
    first, _ = call(app.wsgi_app), call(app.wsgi_app)  # kept the second time it is rendered
    status, headers, body = call(app.wsgi_app)
    assert len(reached) == 2
    assert status.split(" ")[0] == "200" and body == first[2]
    lengths = [v for k, v in headers if k.lower() == "content-length"]
    assert lengths == [str(len(body))]
    status, headers, body = call(app.wsgi_app, "HEAD")
    assert status.split(" ")[0] == "200" and body == b"" and [v for k, v in headers if k.lower() == "content-length"] \
        == [str(len(first[2]))]


# The response cache's byte budget, at its edge.

def test_an_entry_costing_exactly_the_budget_is_kept_and_one_byte_less_is_not():
    probe = ResponseCache(max_bytes=10**6, max_body=10**6)
    keep(probe, "k", Response("abc"))
    cost = probe.size
    exact = ResponseCache(max_bytes=cost, max_body=cost)
    keep(exact, "k", Response("abc"))
    assert len(exact) == 1 and exact.size == cost and exact.get("k")[0] == b"abc"
    short = ResponseCache(max_bytes=cost - 1, max_body=cost)
    keep(short, "k", Response("abc"))
    assert len(short) == 0 and short.size == 0


def test_the_least_recently_used_entry_goes_first_when_the_budget_is_full():
    probe = ResponseCache(max_bytes=10**6, max_body=10**6)
    keep(probe, "a", Response("abc"))
    cache = ResponseCache(max_bytes=2 * probe.size, max_body=10)
    keep(cache, "a", Response("abc"))
    keep(cache, "b", Response("abd"))
    cache.get("a")
    keep(cache, "c", Response("abe"))
    assert cache.get("b") is None and cache.get("a")[0] == b"abc" and cache.get("c")[0] == b"abe"


# The JSON provider: orjson's speed, Flask's text.

@dataclasses.dataclass
class Point:
    day: dt.date
    name: str


OBJECTS = [
    {"state": "CIV", "name": "Côte d’Ivoire", "note": None, "count": 3, "share": 0.5, "ok": True, "list": []},
    {"as_of": dt.date(2023, 7, 20), "name": "Türkiye"},  # Flask writes a date as an HTTP date
    {"when": dt.datetime(2020, 1, 31, 23, 0, tzinfo=dt.timezone.utc)},
    {1: "a non-string key"},
    {"big": 2**70},
    [Point(dt.date(2010, 8, 1), "São Tomé and Príncipe")],
    None,
    "Åland",
]


def flask_own(app):
    """Flask's own provider with the settings ours declares: keys as given, UTF-8 as is."""
    provider = DefaultJSONProvider(app)
    provider.sort_keys, provider.ensure_ascii = False, False
    return provider


@pytest.mark.parametrize("obj", OBJECTS)
def test_a_json_body_is_the_text_flask_s_own_encoder_writes(app, obj):
    with app.app_context():
        ours, theirs = app.json.response(obj), flask_own(app).response(obj)
    assert ours.get_data() == theirs.get_data()
    assert ours.mimetype == theirs.mimetype == "application/json"


def test_a_json_body_from_arguments_or_keywords_is_flask_s_too(app):
    with app.app_context():
        assert app.json.response(name="Côte d’Ivoire").get_data() == '{"name":"Côte d’Ivoire"}\n'.encode()
        assert app.json.response(1, dt.date(2020, 1, 1)).get_data() == flask_own(app).response(
            1, dt.date(2020, 1, 1)).get_data()


@pytest.mark.parametrize("debug, compact", [(True, None), (False, False), (True, False)])
def test_debug_or_non_compact_json_is_indented_as_flask_indents_it(real_db, debug, compact):
    app = make_app(real_db)
    app.debug = debug
    app.json.compact = compact
    provider = flask_own(app)
    provider.compact = compact
    with app.app_context():
        for args, kwargs in [(({"a": [1, 2]},), {}), ((), {"a": dt.date(2020, 1, 1)}), ((1, 2), {})]:
            ours = app.json.response(*args, **kwargs).get_data()
            assert ours == provider.response(*args, **kwargs).get_data()
            assert b"\n  " in ours
