"""Caching (ETag/304 and a per-worker response cache), CORS, security headers and CSV rendering."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import OrderedDict

from flask import Flask, Response, current_app, request

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def today() -> dt.date:
    """'Today' for requests without as_of: TREATY_TODAY if set (reproducible answers), else the UTC date."""
    return current_day(current_app.config.get("TODAY"))


def current_day(fixed: str | None) -> dt.date:
    # The one definition of "today", shared by the views' default and the ETag that must move with it.
    return dt.date.fromisoformat(fixed) if fixed else dt.datetime.now(dt.timezone.utc).date()


class ResponseCache:
    """Rendered 200 bodies by ETag, least recently used out first.

    Sound because a body is a function of the dataset version and the request alone (see
    HttpLayer.etag); a new dataset version means a new process and an empty cache."""

    KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Security-Policy")

    def __init__(self, max_bytes: int, max_body: int):
        self.max_bytes, self.max_body, self.size = max_bytes, min(max_body, max_bytes), 0
        self._store: OrderedDict[str, tuple[bytes, list[tuple[str, str]]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._store)

    def get(self, key: str) -> tuple[bytes, list[tuple[str, str]]] | None:
        hit = self._store.get(key)
        if hit is not None:
            self._store.move_to_end(key)
        return hit

    def put(self, key: str, response: Response) -> None:
        if response.direct_passthrough or response.is_streamed or key in self._store:
            return
        body = response.get_data()
        if len(body) > self.max_body:
            return
        headers = [(k, response.headers[k]) for k in self.KEPT_HEADERS if k in response.headers]
        self._store[key] = (body, headers)
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (old, _) = self._store.popitem(last=False)
            self.size -= len(old)


class HttpLayer:
    """Around every request: revalidation, the response cache and the common headers.

    A WSGI middleware, so that a 304 or an answer given before never enters Flask's dispatch; Flask's
    after-request hook (`after`) adds the headers to the rest and fills the cache."""

    COMMON = [("Access-Control-Allow-Origin", "*"), ("X-Content-Type-Options", "nosniff"),
              ("Referrer-Policy", "no-referrer")]
    CSP = ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    # Answers about this process now, not about the dataset: never revalidated, never cached.
    UNCACHED_PATHS = frozenset({"/healthz"})
    PREFLIGHT = [("Access-Control-Allow-Methods", ALLOWED_METHODS),
                 ("Access-Control-Allow-Headers", "If-None-Match, Accept"), ("Access-Control-Max-Age", "86400")]

    def __init__(self, app: Flask):
        self.version = app.extensions["catalog"].dataset_version
        self.max_age = app.config["CACHE_MAX_AGE"]
        self.fixed_today = app.config.get("TODAY")
        self.cache = ResponseCache(app.config["RESPONSE_CACHE_BYTES"], app.config["RESPONSE_CACHE_MAX_BODY"])
        self.app = app.wsgi_app

    def etag(self, environ) -> str:
        # The data is immutable per dataset version, so the request alone decides the body; "today"
        # joins in because an answer without as_of changes at midnight UTC.
        day = current_day(self.fixed_today).isoformat()
        key = f"{self.version}\0{environ.get('PATH_INFO', '')}\0{environ.get('QUERY_STRING', '')}\0{day}"
        return '"' + self.version[:8] + "-" + hashlib.blake2b(key.encode(), digest_size=8).hexdigest() + '"'

    def cache_control(self, environ) -> str:
        """An answer that defaults to today must not be cached past midnight UTC, when 'today' moves."""
        age = self.max_age
        if not self.fixed_today and not _DATED.search(environ.get("QUERY_STRING", "")):
            age = min(age, seconds_to_midnight(dt.datetime.now(dt.timezone.utc)))
        return f"public, max-age={age}"

    def validators(self, environ, etag: str) -> list[tuple[str, str]]:
        return [("ETag", etag), ("Cache-Control", self.cache_control(environ)),
                ("Access-Control-Expose-Headers", "ETag")]

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and environ.get("PATH_INFO") not in self.UNCACHED_PATHS:
            etag = environ["treaty.etag"] = self.etag(environ)
            if _matches(environ.get("HTTP_IF_NONE_MATCH"), etag):
                start_response("304 NOT MODIFIED", [*self.COMMON, self.CSP, *self.validators(environ, etag)])
                return []
            hit = self.cache.get(etag)
            if hit is not None:
                body, headers = hit
                headers = [*headers, ("Content-Length", str(len(body))), *self.COMMON, *self.validators(environ, etag)]
                if not any(name == self.CSP[0] for name, _ in headers):
                    headers.append(self.CSP)
                start_response("200 OK", headers)
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        return self.app(environ, start_response)

    def after(self, response: Response) -> Response:
        environ = request.environ
        headers = response.headers
        headers.extend(self.COMMON)
        headers.setdefault(*self.CSP)
        if environ["REQUEST_METHOD"] == "OPTIONS":
            headers.extend(self.PREFLIGHT)
        etag = environ.get("treaty.etag")
        if response.status_code == 200 and etag:
            if environ["REQUEST_METHOD"] == "GET":
                self.cache.put(etag, response)
            headers.extend(self.validators(environ, etag))
        elif response.status_code >= 400 or environ.get("PATH_INFO") in self.UNCACHED_PATHS:
            headers["Cache-Control"] = "no-store"
        return response


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {t.strip() for t in if_none_match.split(",")}
    return etag in candidates or f"W/{etag}" in candidates or "*" in candidates


_DATED = re.compile(r"(?:^|&)(?:as_of|to)=")


def seconds_to_midnight(now: dt.datetime) -> int:
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    return max(0, int((midnight - now).total_seconds()))


def init_app(app: Flask) -> None:
    layer = HttpLayer(app)
    app.extensions["response_cache"] = layer.cache
    app.wsgi_app = layer
    app.after_request(layer.after)


def csv_response(rows: list[dict], columns: list[str], filename: str) -> Response:
    """RFC 4180: CRLF line ends, quoted where needed, a header row; lists joined with spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8; header=present"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}.csv"'
    return response


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
