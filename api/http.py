"""Caching (ETag/304), CORS, security headers and CSV rendering, for every response."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

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


def _not_modified() -> Response | None:
    if request.method not in ("GET", "HEAD") or "If-None-Match" not in request.headers:
        return None
    etag = _etag()
    g.etag = etag
    candidates = {t.strip() for t in request.headers["If-None-Match"].split(",")}
    if etag in candidates or f"W/{etag}" in candidates or "*" in candidates:
        response = Response(status=304)
        response.headers["ETag"] = etag
        return response
    return None


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
        headers["ETag"] = g.get("etag") or _etag()
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
    app.before_request(_not_modified)
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
