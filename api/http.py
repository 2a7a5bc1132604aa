"""Caching (ETag/304 and a per-worker response cache), CORS, security headers and CSV rendering."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import OrderedDict

from flask import Flask, Response, current_app, g, request

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def today() -> dt.date:
    """'Today' for requests without as_of: TREATY_TODAY if set (reproducible answers), else the UTC date."""
    configured = current_app.config.get("TODAY")
    if configured:
        return dt.date.fromisoformat(configured)
    return dt.datetime.now(dt.timezone.utc).date()


def _etag() -> str:
    # The data is immutable per dataset version, so the request alone decides the body; "today" joins
    # in because an answer without as_of changes at midnight UTC.
    catalog = current_app.extensions["catalog"]
    key = f"{catalog.dataset_version}\0{request.path}\0{request.query_string.decode('latin-1')}\0{today()}"
    return '"' + catalog.dataset_version[:8] + "-" + hashlib.sha256(key.encode()).hexdigest()[:16] + '"'


class ResponseCache:
    """Rendered 200 bodies by ETag, least recently used out first.

    Sound because a body is a function of the dataset version and the request alone (see _etag); a new
    dataset version means a new process and an empty cache."""

    def __init__(self, entries: int, max_body: int):
        self.entries, self.max_body = entries, max_body
        self._store: OrderedDict[str, tuple[bytes, dict]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._store)

    def get(self, key: str) -> Response | None:
        hit = self._store.get(key)
        if hit is None:
            return None
        self._store.move_to_end(key)
        body, headers = hit
        return Response(body, status=200, headers=headers)

    def put(self, key: str, response: Response) -> None:
        if response.direct_passthrough or response.is_streamed or self.entries <= 0:
            return
        body = response.get_data()
        if len(body) > self.max_body:
            return
        headers = {k: response.headers[k] for k in ("Content-Type", "Content-Disposition") if k in response.headers}
        self._store[key] = (body, headers)
        if len(self._store) > self.entries:
            self._store.popitem(last=False)


def _before() -> Response | None:
    """A matching If-None-Match gets a 304; a request answered before gets its cached body."""
    if request.method not in ("GET", "HEAD"):
        return None
    etag = g.etag = _etag()
    if "If-None-Match" in request.headers:
        candidates = {t.strip() for t in request.headers["If-None-Match"].split(",")}
        if etag in candidates or f"W/{etag}" in candidates or "*" in candidates:
            return Response(status=304)
    cached = current_app.extensions["response_cache"].get(etag)
    if cached is not None:
        g.from_cache = True
    return cached


def _decorate(response: Response) -> Response:
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        headers["Access-Control-Allow-Headers"] = "If-None-Match, Accept"
        headers["Access-Control-Max-Age"] = "86400"
    if response.status_code in (200, 304) and request.method in ("GET", "HEAD"):
        headers["ETag"] = g.etag
        if response.status_code == 200 and request.method == "GET" and not g.get("from_cache"):
            current_app.extensions["response_cache"].put(g.etag, response)
        headers["Cache-Control"] = f"public, max-age={_max_age()}"
        headers["Access-Control-Expose-Headers"] = "ETag"
    elif response.status_code >= 400:
        headers["Cache-Control"] = "no-store"
    return response


def _max_age() -> int:
    """An answer that defaults to today must not be cached past midnight UTC, when 'today' moves."""
    configured = current_app.config["CACHE_MAX_AGE"]
    if "as_of" in request.args or "to" in request.args or current_app.config.get("TODAY"):
        return configured
    return min(configured, seconds_to_midnight(dt.datetime.now(dt.timezone.utc)))


def seconds_to_midnight(now: dt.datetime) -> int:
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    return max(0, int((midnight - now).total_seconds()))


def init_app(app: Flask) -> None:
    app.extensions["response_cache"] = ResponseCache(app.config["RESPONSE_CACHE_ENTRIES"],
                                                     app.config["RESPONSE_CACHE_MAX_BODY"])
    app.before_request(_before)
    app.after_request(_decorate)


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
