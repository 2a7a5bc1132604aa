"""Revalidation, the response cache and the common headers, as a client sees them (Flask's test client on
the real database): RFC 9110's If-None-Match, CORS for browsers, and errors that no cache may keep."""

import datetime as dt
import time

import pytest
from flask import Response

from api import create_app
from api.http import ResponseCache, seconds_to_midnight
from tests.conftest import SEEDS, keep

URL = "/v1/instruments/ccm/participants?as_of=2023-07-20"
CSP = "Content-Security-Policy"


def make_app(real_db, **config):
    return create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS), **config})


@pytest.fixture()
def counted(real_db):
    """An app, its test client, and how many requests reached Flask's dispatch."""
    app = make_app(real_db, TODAY="2025-11-25")
    reached = []
    app.before_request(lambda: reached.append(1))
    return app.test_client(), reached


# If-None-Match (RFC 9110 13.1.2): a list of entity tags, weak comparison, or "*".

@pytest.mark.parametrize("header", ['"other", {etag}', '{etag}, "other"', '"other",{etag}', "W/{etag}", "*"])
def test_if_none_match_answers_304_for_a_list_a_weak_tag_or_any(client, header):
    etag = client.get(URL).headers["ETag"]
    r = client.get(URL, headers={"If-None-Match": header.format(etag=etag)})
    assert r.status_code == 304 and r.data == b""


def test_if_none_match_with_other_tags_only_gets_the_body(client):
    r = client.get(URL, headers={"If-None-Match": '"other", W/"another"'})
    assert r.status_code == 200 and r.json["items"]


def test_an_etag_is_a_quoted_opaque_tag(client):
    etag = client.get(URL).headers["ETag"]
    assert len(etag) > 2 and etag[0] == etag[-1] == '"' and '"' not in etag[1:-1]


def test_a_304_for_an_answer_about_today_keeps_the_midnight_cap(real_db):
    live = make_app(real_db, CACHE_MAX_AGE=2 * 86400).test_client()
    etag = live.get("/v1/instruments/ccm/participants").headers["ETag"]
    r = live.get("/v1/instruments/ccm/participants", headers={"If-None-Match": etag})
    assert r.status_code == 304
    assert int(r.headers["Cache-Control"].split("max-age=")[1]) <= 86400


def test_head_carries_the_etag_of_get_and_revalidates(client):
    etag = client.get(URL).headers["ETag"]
    head = client.head(URL)
    assert head.headers["ETag"] == etag
    assert client.head(URL, headers={"If-None-Match": etag}).status_code == 304


# The response cache: an answer given twice before never enters Flask's dispatch.

def test_an_answer_is_kept_the_second_time_it_is_rendered_not_the_first(counted):
    client, reached = counted
    cache = client.application.extensions["response_cache"]
    client.get(URL)
    assert len(cache) == 0
    client.get(URL)
    assert len(cache) == 1 and len(reached) == 2


def test_the_keys_rendered_once_are_bounded():
    cache = ResponseCache(max_bytes=100_000, max_body=10)
    for i in range(ResponseCache.SEEN_MAX + 5):
        cache.put(f"k{i}", Response("abc"))
    assert len(cache) == 0 and len(cache._seen) <= ResponseCache.SEEN_MAX


def test_a_repeated_request_is_answered_without_running_the_view_again(counted):
    client, reached = counted
    first, _, third = client.get(URL), client.get(URL), client.get(URL)
    assert len(reached) == 2
    assert third.data == first.data and int(third.headers["Content-Length"]) == len(first.data)


def test_head_after_get_is_answered_from_the_cache_without_a_body(counted):
    client, reached = counted
    body, _ = client.get(URL).data, client.get(URL)
    head = client.head(URL)
    assert len(reached) == 2
    assert head.status_code == 200 and head.data == b"" and int(head.headers["Content-Length"]) == len(body)


def test_a_cached_answer_carries_every_common_header_once(counted):
    client, _ = counted
    first, second = client.get(URL), client.get(URL)
    for name in ("Access-Control-Allow-Origin", "X-Content-Type-Options", "Referrer-Policy", CSP, "ETag",
                 "Cache-Control", "Access-Control-Expose-Headers"):
        assert second.headers.getlist(name) == first.headers.getlist(name) and len(first.headers.getlist(name)) == 1
    assert second.headers[CSP] == "default-src 'none'; frame-ancestors 'none'"


def test_a_cached_docs_page_has_one_content_security_policy_its_own(counted):
    client, _ = counted
    client.get("/docs")
    cached = client.get("/docs")
    assert len(cached.headers.getlist(CSP)) == 1 and "script-src 'self'" in cached.headers[CSP]


def test_browsers_may_read_the_etag_across_origins(client):
    exposed = client.get(URL).headers["Access-Control-Expose-Headers"]
    assert "etag" in [name.strip().lower() for name in exposed.split(",")]


# Errors are never cached, by us or by anyone on the way.

@pytest.mark.parametrize("url, status", [("/v1/states?colour=red", 400), ("/v1/states/Atlantis", 404),
                                         ("/v1/instruments/ccm/participants?as_of=2023-02-30", 400)])
def test_an_error_says_no_store(client, url, status):
    r = client.get(url)
    assert r.status_code == status and r.headers["Cache-Control"] == "no-store"


def test_a_post_gets_405_that_no_store_keeps(client):
    r = client.post(URL)
    assert r.status_code == 405 and r.headers["Cache-Control"] == "no-store"


# "Today" is the UTC date, whatever the server's time zone.

@pytest.mark.parametrize("zone", ["Etc/GMT-14", "Etc/GMT+12"])
def test_today_is_the_utc_date_in_any_server_time_zone(real_db, monkeypatch, zone):
    # Between them, UTC+14 and UTC-12 are on another date than UTC at every hour of the day.
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        before = dt.datetime.now(dt.timezone.utc).date()
        as_of = make_app(real_db).test_client().get("/v1/states/FRA/instruments").json["as_of"]
        after = dt.datetime.now(dt.timezone.utc).date()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert as_of in (before.isoformat(), after.isoformat())


def test_in_the_last_second_of_the_day_nothing_may_be_cached():
    assert seconds_to_midnight(dt.datetime(2025, 3, 5, 23, 59, 59, 500000, tzinfo=dt.timezone.utc)) == 0


# The cache's byte budget.

def test_a_body_of_exactly_the_largest_size_is_kept():
    cache = ResponseCache(max_bytes=100_000, max_body=10)
    keep(cache, "ten", Response("x" * 10))
    assert cache.get("ten")[0] == b"x" * 10


def test_a_streamed_body_is_not_kept():
    cache = ResponseCache(max_bytes=100_000, max_body=10)
    keep(cache, "stream", Response(iter([b"a", b"b"])))
    assert len(cache) == 0 and cache.size == 0


def test_a_body_kept_and_put_again_is_counted_once():
    cache = ResponseCache(max_bytes=100_000, max_body=10)
    keep(cache, "a", Response("abc"))
    once = cache.size
    cache.put("a", Response("abc"))
    assert once > 3 and cache.size == once and len(cache) == 1
