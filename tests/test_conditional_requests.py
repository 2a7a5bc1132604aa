"""Conditional requests and caching headers, through a real gunicorn (two workers, each its own response
cache): what a client or a cache in front sees on the wire, duplicate header lines included."""

import http.client
from urllib.parse import urlsplit

import pytest

SHARE = "/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20&threshold=2/3"
# Headers a 304 leaves out: it has no body, so no representation metadata (RFC 9110 15.4.5).
BODY_HEADERS = {"content-type", "content-length", "content-disposition"}


def fetch(server, path, method="GET", headers=None):
    """(status, [(name, value), ...] exactly as sent, body)."""
    address = urlsplit(server)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.getheaders(), resp.read()
    finally:
        conn.close()


def one(headers, name):
    values = [v for k, v in headers if k.lower() == name.lower()]
    assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
    return values[0] if values else None


def names(headers):
    return {k.lower() for k, _ in headers}


def without_body_headers(headers):
    return {k.lower(): v for k, v in headers if k.lower() not in BODY_HEADERS | {"date", "server", "connection"}}


@pytest.mark.parametrize("path", [
    "/v1/states/Atlantis",                                  # 404: no such state
    "/v1/states/FRA/instruments/ccm?as_of=2023-02-30",      # 400: not a date
    "/v1/checks/share?group=nato&instrument=ccm&colour=red",  # 400: unknown parameter
])
def test_if_none_match_star_does_not_turn_an_error_into_a_304(server, path):
    for _ in range(4):  # both workers, before and after either has answered the URL
        status, headers, body = fetch(server, path, headers={"If-None-Match": "*"})
        assert status in (400, 404), (status, body)
        assert one(headers, "Content-Type") == "application/problem+json"
        assert one(headers, "ETag") is None and one(headers, "Cache-Control") == "no-store"


def test_if_none_match_star_on_a_valid_request_for_an_existing_resource_is_a_304(server):
    # A URL no worker has answered yet (another day than any other test asks), then again (from the cache).
    path = "/v1/states/FRA/instruments/ccm?as_of=2011-03-17"
    first = fetch(server, path, headers={"If-None-Match": "*"})
    assert first[0] == 304 and first[2] == b""
    full = fetch(server, path)
    assert full[0] == 200
    for _ in range(4):
        status, headers, body = fetch(server, path, headers={"If-None-Match": "*"})
        assert status == 304 and body == b""
        assert without_body_headers(headers) == without_body_headers(full[1])


@pytest.mark.parametrize("path", [SHARE, "/v1/instruments/ccm/participants?as_of=2023-07-20&format=csv", "/docs",
                                  "/docs/init.js", "/docs/assets/swagger-ui.css", "/openapi.json"])
def test_a_304_carries_the_headers_its_200_carries(server, path):
    status, full, _ = fetch(server, path)
    assert status == 200
    etag = one(full, "ETag")
    for _ in range(4):  # both workers: from the response cache or computed, the same headers
        status, headers, body = fetch(server, path, headers={"If-None-Match": etag})
        assert status == 304 and body == b""
        assert without_body_headers(headers) == without_body_headers(full)
        assert not names(headers) & {"content-type", "content-length"}


def test_the_docs_page_304_keeps_its_own_content_security_policy(server):
    _, full, _ = fetch(server, "/docs")
    status, headers, _ = fetch(server, "/docs", headers={"If-None-Match": one(full, "ETag")})
    assert status == 304 and "script-src 'self'" in one(headers, "Content-Security-Policy")


@pytest.mark.parametrize("path", [SHARE, "/docs", "/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js",
                                  "/docs/init.js", "/openapi.json", "/v1/meta", "/healthz", "/v1/states/Atlantis",
                                  "/v1/instruments/ccm/participants?as_of=2023-07-20&format=csv"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_no_header_is_sent_twice(server, path, method):
    for _ in range(3):  # computed, then from the response cache
        _, headers, _ = fetch(server, path, method)
        seen = [k.lower() for k, _ in headers]
        assert len(seen) == len(set(seen)), headers


def test_the_docs_assets_carry_our_etag_only(server):
    _, page, _ = fetch(server, SHARE)
    _, asset, _ = fetch(server, "/docs/assets/swagger-ui.css")
    version = one(page, "ETag").strip('"').split("-")[0]
    assert one(asset, "ETag").strip('"').startswith(version + "-")
    assert one(asset, "Cache-Control").startswith("public, max-age=")
    assert one(asset, "Expires") is None


def test_healthz_is_never_cacheable(server):
    status, headers, _ = fetch(server, "/healthz")
    assert status == 200 and one(headers, "Cache-Control") == "no-store" and one(headers, "ETag") is None
    for condition in ("*", '"anything"'):
        status, headers, body = fetch(server, "/healthz", headers={"If-None-Match": condition})
        assert status == 200 and b'"status"' in body and one(headers, "Cache-Control") == "no-store"


def test_options_has_no_html_body(server):
    status, headers, body = fetch(server, "/v1/states/FRA", "OPTIONS",
                                  {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert status in (200, 204) and body == b""
    assert "html" not in (one(headers, "Content-Type") or "")
    assert "GET" in one(headers, "Access-Control-Allow-Methods") and one(headers, "Access-Control-Allow-Origin") == "*"
