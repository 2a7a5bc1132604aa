"""Caching (ETag/304 and a per-worker response cache), CORS and security headers."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from collections import OrderedDict

import orjson
from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def today() -> dt.date:
    """'Today' for requests without as_of: TREATY_TODAY if set (reproducible answers), else the UTC date."""
    return current_day(current_app.config.get("TODAY"))


def current_day(fixed: str | None) -> dt.date:
    # The one definition of "today", shared by the views' default and the ETag that must move with it.
    return dt.date.fromisoformat(fixed) if fixed else dt.datetime.now(dt.timezone.utc).date()


class JsonProvider(DefaultJSONProvider):
    """Flask's JSON, encoded by orjson: the same compact UTF-8 text, keys in the order the schema dumps
    them, in a tenth of the time. What orjson does not take (a date, which Flask writes as an HTTP date;
    a non-string key; an integer beyond 64 bits) goes through Flask's own encoder, unchanged."""

    sort_keys = False
    ensure_ascii = False
    OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS

    def encode(self, obj) -> bytes:
        try:
            return orjson.dumps(obj, default=self._refuse, option=self.OPTIONS)
        except orjson.JSONEncodeError:
            return super().dumps(obj, separators=(",", ":")).encode()

    @staticmethod
    def _refuse(obj):
        raise TypeError  # orjson then raises JSONEncodeError, and Flask's encoder takes the whole object

    def response(self, *args, **kwargs) -> Response:
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)
        body = self.encode(self._prepare_response_obj(args, kwargs)) + b"\n"
        return self._app.response_class(body, mimetype=self.mimetype)


class ResponseCache:
    """Rendered 200 bodies by ETag, least recently used out first, within a budget of the memory the
    entries really take (body, headers, key and the bookkeeping around them, not the body's length alone).

    An answer is kept the second time it is rendered, not the first: most questions other services ask
    come once (their own dates and states), and keeping each would cost a copy and its bookkeeping on
    every answer, and push out the answers that are asked again. The keys rendered once are remembered
    up to SEEN_MAX of them (about 2 MB), then forgotten all at once.

    Sound because a body is a function of the dataset version and the request alone (see
    HttpLayer.etag); a new dataset version means a new process and an empty cache."""

    SEEN_MAX = 20_000

    KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Security-Policy")
    _KEPT_BY_LOWER = {name.lower(): name for name in KEPT_HEADERS}
    # Per entry, beyond its objects: the OrderedDict's slot and link node (measured with tracemalloc:
    # tests/test_response_cache.py holds the total to what is really allocated).
    BOOKKEEPING = 100

    def __init__(self, max_bytes: int, max_body: int):
        self.max_bytes, self.max_body, self.size = max_bytes, min(max_body, max_bytes), 0
        self._store: OrderedDict[str, tuple[bytes, list[tuple[str, str]], int]] = OrderedDict()
        self._seen: set[str] = set()

    def __len__(self) -> int:
        return len(self._store)

    def get(self, key: str) -> tuple[bytes, list[tuple[str, str]]] | None:
        hit = self._store.get(key)
        if hit is None:
            return None
        self._store.move_to_end(key)
        return hit[0], hit[1]

    def put(self, key: str, response: Response) -> None:
        if response.direct_passthrough or response.is_streamed or key in self._store or self.max_bytes <= 0:
            return
        if key not in self._seen:
            if len(self._seen) >= self.SEEN_MAX:
                self._seen.clear()
            self._seen.add(key)
            return
        self._seen.discard(key)
        body = response.get_data()
        if len(body) > self.max_body:
            return
        # One pass over the response's headers (a lookup by name is a scan of them all).
        found: dict[str, str] = {}
        for name, value in response.headers:
            kept = self._KEPT_BY_LOWER.get(name.lower())
            if kept is not None and kept not in found:
                found[kept] = value
        headers = [(k, found[k]) for k in self.KEPT_HEADERS if k in found]
        entry = (body, headers)
        cost = self.footprint(key, entry)
        if cost > self.max_bytes:
            return
        self._store[key] = (*entry, cost)
        self.size += cost
        while self.size > self.max_bytes:
            _, (*_, old) = self._store.popitem(last=False)
            self.size -= old

    @classmethod
    def footprint(cls, key: str, entry: tuple[bytes, list[tuple[str, str]]]) -> int:
        body, headers = entry
        return (sys.getsizeof(key) + sys.getsizeof(body) + sys.getsizeof(headers) + sys.getsizeof((*entry, 0))
                + sum(sys.getsizeof(pair) + sys.getsizeof(value) for pair in headers for value in pair[1:])
                + cls.BOOKKEEPING)


class HttpLayer:
    """Around every request: revalidation, the response cache and the common headers.

    A WSGI middleware, so that an answer kept before never enters Flask's dispatch. Every answer gets our
    headers on its way out (`start`: the common ones, a CSP unless the answer has its own, the validators
    on a 200 or 304 that has an ETag, `no-store` on an error or a health check); Flask's after-request
    hook (`after`) removes what the view set that ours replace, fills the cache and answers the
    conditions. The conditions are ours alone: the app (and werkzeug's static files, with their own
    validators) never sees them. A 304 is given only for an answer known to be a 200: from the cache, or
    after the app answered 200; so `If-None-Match: *` never hides a 404 or a 400, and a 304 carries the
    headers its 200 carries."""

    COMMON = [("Access-Control-Allow-Origin", "*"), ("X-Content-Type-Options", "nosniff"),
              ("Referrer-Policy", "no-referrer")]
    CSP = ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    PREFLIGHT = [("Access-Control-Allow-Methods", ALLOWED_METHODS),
                 ("Access-Control-Allow-Headers", "If-None-Match, Accept"), ("Access-Control-Max-Age", "86400")]
    NO_STORE = ("Cache-Control", "no-store")
    # Never stored anywhere: a cache in front would report a dead service healthy.
    UNCACHED = frozenset({"/healthz"})
    # Validators other than our ETag (werkzeug's, on static files): they would contradict it.
    FOREIGN = ("Last-Modified", "Expires")
    VALIDATORS = ("ETag", "Cache-Control", "Access-Control-Expose-Headers")
    CSP_NAME = CSP[0].lower()
    REPLACED = frozenset(name.lower() for name, _ in COMMON)
    REPLACED_IF_VALIDATED = REPLACED | {name.lower() for name in FOREIGN + VALIDATORS}
    REPLACED_IF_UNSTORED = REPLACED | {NO_STORE[0].lower()}
    # What describes a body, which a 304 has not (RFC 9110 15.4.5).
    BODY = ("Content-Type", "Content-Length", "Content-Disposition")

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
        return list(zip(self.VALIDATORS, (etag, self.cache_control(environ), "ETag")))

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] in ("GET", "HEAD") and environ.get("PATH_INFO") not in self.UNCACHED:
            etag = environ["treaty.etag"] = self.etag(environ)
            condition = environ["treaty.if_none_match"] = environ.pop("HTTP_IF_NONE_MATCH", None)
            environ.pop("HTTP_IF_MODIFIED_SINCE", None)
            hit = self.cache.get(etag)
            if hit is not None:
                body, kept = hit
                headers = [*kept, *self.ours(environ, "200", kept)]
                if _matches(condition, etag):
                    start_response("304 NOT MODIFIED", [(k, v) for k, v in headers if k not in self.BODY])
                    return []
                start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, *self.ours(environ, status[:3], headers)], exc_info)

        return self.app(environ, start)

    def ours(self, environ, code: str, headers) -> list[tuple[str, str]]:
        """Our headers for an answer with this status code and these headers of its own (after `after`)."""
        added = [*self.COMMON]
        if not any(name.lower() == self.CSP_NAME for name, _ in headers):
            added.append(self.CSP)
        etag = environ.get("treaty.etag")
        if etag and code in ("200", "304"):
            added += self.validators(environ, etag)
        elif self.unstored(environ, int(code)):
            added.append(self.NO_STORE)
        if environ["REQUEST_METHOD"] == "OPTIONS":
            added += self.PREFLIGHT
        return added

    def unstored(self, environ, code: int) -> bool:
        """An answer no cache may keep: an error, or a health check."""
        return code >= 400 or environ.get("PATH_INFO") in self.UNCACHED

    def after(self, response: Response) -> Response:
        environ = request.environ
        headers = response.headers
        etag = environ.get("treaty.etag")
        validated = response.status_code == 200 and etag
        # Of the view's headers, those ours replace go (werkzeug's own validators on a static file); a CSP of
        # its own stays (the docs page's).
        if validated:
            replaced = self.REPLACED_IF_VALIDATED
        elif self.unstored(environ, response.status_code):
            replaced = self.REPLACED_IF_UNSTORED
        else:
            replaced = self.REPLACED
        for name in {name.lower() for name, _ in headers} & replaced:
            del headers[name]
        if validated:
            if environ["REQUEST_METHOD"] == "GET":
                self.cache.put(etag, response)
            if _matches(environ.get("treaty.if_none_match"), etag):
                return self.not_modified(response)
        return response

    def not_modified(self, response: Response) -> Response:
        """The 304 for a 200 just computed: the same headers but those describing the body."""
        response.close()  # a static file's handle, which is not sent
        result = Response(status=304)
        result.headers.clear()
        result.headers.extend((k, v) for k, v in response.headers if k not in self.BODY)
        return result


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

