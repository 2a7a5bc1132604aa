"""The per-worker response cache answers repeated requests with the very same bytes, and only 200s."""

from flask import Response

from api import create_app
from api.http import ResponseCache
from tests.conftest import SEEDS

URL = "/v1/instruments/ccm/participants?as_of=2023-07-20&format=csv"


def test_a_repeated_request_gets_the_same_body_and_headers(real_db):
    app = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS)})
    client = app.test_client()
    first, second = client.get(URL), client.get(URL)
    assert len(app.extensions["response_cache"]) == 1
    assert first.data == second.data
    for header in ("Content-Type", "Content-Disposition", "ETag", "Cache-Control", "Access-Control-Allow-Origin"):
        assert first.headers[header] == second.headers[header]


def test_errors_and_other_methods_are_not_cached(real_db):
    app = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS)})
    client = app.test_client()
    client.get("/v1/states/Atlantis")
    client.get("/v1/states?colour=red")
    client.head("/v1/states/FRA")
    client.options("/v1/states/FRA")
    assert len(app.extensions["response_cache"]) == 0


def test_cache_turned_off(real_db):
    app = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS), "RESPONSE_CACHE_BYTES": 0})
    app.test_client().get(URL)
    assert len(app.extensions["response_cache"]) == 0


def test_least_recently_used_entry_leaves_first_when_the_byte_budget_is_spent():
    cache = ResponseCache(max_bytes=2, max_body=100)
    for key in ("a", "b"):
        cache.put(key, Response(key))
    cache.get("a")
    cache.put("c", Response("c"))
    assert cache.get("b") is None and cache.get("a")[0] == b"a" and len(cache) == 2 and cache.size == 2


def test_large_bodies_are_not_kept():
    cache = ResponseCache(max_bytes=100, max_body=10)
    cache.put("big", Response("x" * 11))
    assert len(cache) == 0


def test_a_cached_docs_page_keeps_its_own_content_security_policy(real_db):
    app = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS)})
    client = app.test_client()
    first, second = client.get("/docs"), client.get("/docs")
    assert first.headers["Content-Security-Policy"] == second.headers["Content-Security-Policy"]
    assert "script-src 'self'" in second.headers["Content-Security-Policy"]
