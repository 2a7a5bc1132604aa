"""The per-worker response cache answers repeated requests with the very same bytes, and only 200s, within a
budget counted in the memory its entries really take."""

import gc
import tracemalloc

import pytest
from flask import Response

from api import create_app
from api.http import HttpLayer, ResponseCache
from tests.conftest import SEEDS, keep

URL = "/v1/instruments/ccm/participants?as_of=2023-07-20&format=csv"


def test_a_repeated_request_gets_the_same_body_and_headers(real_db):
    app = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS)})
    client = app.test_client()
    first, second = client.get(URL), client.get(URL)  # kept the second time it is rendered
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
    client.get("/healthz")
    assert len(app.extensions["response_cache"]) == 0


def test_cache_turned_off(real_db):
    app = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS), "RESPONSE_CACHE_BYTES": 0})
    app.test_client().get(URL)
    assert len(app.extensions["response_cache"]) == 0


def _response(text: str) -> Response:
    response = Response(text, mimetype="application/json")
    response.headers.setdefault(*HttpLayer.CSP)  # a CSP of its own, as the docs page has
    return response


def test_least_recently_used_entry_leaves_first_when_the_budget_is_spent():
    probe = ResponseCache(max_bytes=10_000, max_body=100)
    keep(probe, '"k"', _response("k"))
    one = probe.size
    cache = ResponseCache(max_bytes=2 * one + one // 2, max_body=100)
    for key in ('"a"', '"b"'):
        keep(cache, key, _response(key[1]))
    cache.get('"a"')
    keep(cache, '"c"', _response("c"))
    assert cache.get('"b"') is None and cache.get('"a"')[0] == b"a" and len(cache) == 2
    assert cache.size == 2 * one <= cache.max_bytes


def test_large_bodies_are_not_kept():
    cache = ResponseCache(max_bytes=100_000, max_body=10)
    keep(cache, "big", Response("x" * 11))
    assert len(cache) == 0


@pytest.mark.parametrize("body_bytes", [150, 2_000, 40_000])
def test_the_budget_counts_what_the_entries_really_take(body_bytes):
    """Counted against what tracemalloc sees the filled cache hold: never less (the budget is a bound), and
    not much more. Counting the bodies' bytes alone, as before, left out 3.4 times them for 150-byte bodies."""
    cache = ResponseCache(max_bytes=10**9, max_body=10**9)
    entries = 200
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(entries):
            keep(cache, f'"0123abcd-{i:016x}"', _response(f"{i:08d}" + "x" * (body_bytes - 8)))
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held <= cache.size <= held * 1.25 + 100 * entries


def test_the_budget_bounds_the_memory_held():
    cache = ResponseCache(max_bytes=200_000, max_body=10_000)
    for i in range(1_000):
        keep(cache, f'"{i}"', _response("x" * 1_000))
    assert 0 < len(cache) < 200 and cache.size <= 200_000
    assert cache.size == sum(ResponseCache.footprint(k, (body, headers)) for k, (body, headers, _) in cache._store.items())


def test_a_cached_docs_page_keeps_its_own_content_security_policy(real_db):
    app = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS)})
    client = app.test_client()
    first, second = client.get("/docs"), client.get("/docs")
    assert first.headers["Content-Security-Policy"] == second.headers["Content-Security-Policy"]
    assert "script-src 'self'" in second.headers["Content-Security-Policy"]
