"""gunicorn's side of the API: the threaded worker with a deadline for reading a request and one for
writing an answer, protocol errors as problem+json, the listen queue answered on shutdown, and an
access log that shortens long URLs. Named in gunicorn.conf.py; the app itself never imports it."""

from __future__ import annotations

import errno
import json
import socket
import time
from http import HTTPStatus

from gunicorn import util
from gunicorn.glogging import Logger
from gunicorn.workers import gthread

from .errors import PROBLEM_MIME, ApiProblem, problem_body

# A client has this long from connecting (or from its previous answer) to send a whole request line and
# headers; a request dripped a byte a second is cut off with a 408 instead of holding a thread.
REQUEST_READ_SECONDS = 10.0
# ...and this long to take a whole answer (1.6 MB for the largest, the docs bundle).
RESPONSE_WRITE_SECONDS = 30.0
# Longer request lines, referrers and user agents are logged cut to this many characters.
LOGGED_CHARS = 256


class RequestReadTimeout(Exception):
    """The client did not send its request within REQUEST_READ_SECONDS."""


class _Conn(gthread.TConn):
    """A connection whose reads of a request line and headers share one deadline (set by Worker.handle;
    None once the request is read, when a body left unread is drained under gunicorn's own deadline)."""

    read_deadline: float | None = None
    closed = False

    def close(self, graceful=False):
        if not self.closed:
            self.closed = True
            super().close(graceful)

    def init(self):
        fresh = not self.initialized
        super().init()
        if fresh and self.parser is not None and hasattr(self.parser, "unreader"):
            self.parser.unreader.chunk = self._chunk_before_deadline(self.parser.unreader)

    def _chunk_before_deadline(self, unreader):
        read = unreader.chunk
        sock = unreader.sock

        def chunk(size_hint=None):
            if self.read_deadline is None:
                return read(size_hint)
            remaining = self.read_deadline - time.monotonic()
            if remaining <= 0:
                raise RequestReadTimeout()
            sock.settimeout(remaining)
            try:
                return read(size_hint)
            except socket.timeout:
                raise RequestReadTimeout() from None
            finally:
                sock.settimeout(RESPONSE_WRITE_SECONDS)

        return chunk


class Worker(gthread.ThreadWorker):
    """gunicorn's gthread worker, hardened against slow clients and quick to stop cleanly."""

    def init_process(self):
        # gunicorn writes its own error pages through this one function (an HTML page): ours say the same
        # in problem+json, as every other error of the API does.
        util.write_error = write_problem
        super().init_process()

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.ECONNABORTED):
                return  # another worker took it, or the client gave up: nothing to answer
            raise
        self.nr_conns += 1
        client_sock.setblocking(True)
        self.enqueue_req(_Conn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def handle(self, conn):
        conn.read_deadline = time.monotonic() + REQUEST_READ_SECONDS
        keep = super().handle(conn)
        if keep is False:
            # A graceful close lingers up to 2 s for the client's last bytes: here, in this pool thread,
            # not in the main loop (where gunicorn would do it), which a few dripping clients would stall.
            conn.close(graceful=True)
        return keep

    def handle_request(self, req, conn):
        conn.read_deadline = None
        try:
            return super().handle_request(req, conn)
        except TimeoutError:
            self.log.info("Answer not taken within %.0f s by %s: connection closed", RESPONSE_WRITE_SECONDS,
                          conn.client[0] if conn.client else "")
            return False

    def set_accept_enabled(self, enabled):
        if not enabled and not self.alive and self._accepting:
            self._drain_listen_queue()
        super().set_accept_enabled(enabled)

    def _drain_listen_queue(self):
        """On SIGTERM, take every connection the kernel has already completed: closing the listener with
        them queued would reset them, although their clients have sent a request and wait for it."""
        for listener in self.sockets:
            listener.setblocking(False)
            while True:
                before = self.nr_conns
                self.accept(listener)
                if self.nr_conns == before:
                    break

    def handle_error(self, req, client, addr, exc):
        if isinstance(exc, RequestReadTimeout):
            self.log.info("Request not received within %.0f s from %s: 408", REQUEST_READ_SECONDS,
                          (addr or ("",))[0])
            try:
                write_problem(client, 408, "Request Timeout",
                              f"The request was not received within {REQUEST_READ_SECONDS:.0f} s.")
            except OSError:
                pass
            return
        super().handle_error(req, client, addr, exc)


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error`, with an RFC 9457 body."""
    if len(mesg) > LOGGED_CHARS:
        mesg = mesg[:LOGGED_CHARS] + "..."
    detail = mesg or ("The server could not answer this request." if status_int >= 500
                      else HTTPStatus(status_int).phrase + ".")
    body = json.dumps(problem_body(ApiProblem(status_int, detail)), ensure_ascii=False, separators=(",", ":")).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: {PROBLEM_MIME}\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


class AccessLog(Logger):
    """gunicorn's logger, with the request line, path, query, referrer and user agent cut to LOGGED_CHARS."""

    SHORTENED = ("r", "U", "q", "f", "a")

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in self.SHORTENED:
            value = atoms.get(key)
            if isinstance(value, str) and len(value) > LOGGED_CHARS:
                atoms[key] = f"{value[:LOGGED_CHARS]}...[{len(value)} chars]"
        return atoms
