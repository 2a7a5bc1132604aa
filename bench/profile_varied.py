"""Where a varied request's time goes, in one process: the WSGI app under cProfile, no server, no network.

    .venv/bin/python bench/profile_varied.py [--requests 400] [--top 25] [--opcodes]

Asks the varied workload's questions (bench/questions.py: each a question not asked before, so none is
answered from the response cache), calling the app's WSGI callable directly with environs built
beforehand, so that neither a test client nor a server is in the profile. Prints, per endpoint, the mean
time per request without the profiler, then the profile of all of them together: the top functions by
own time and by cumulative time. The "before" and "after" tables in bench/RESULTS.md come from here.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from pathlib import Path

from werkzeug.test import EnvironBuilder

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from questions import VARIED, days_to_today, question, varied_choices  # noqa: E402

from api import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def environs(paths: list[str]) -> list[dict]:
    result = []
    for path in paths:
        route, _, query = path.partition("?")
        result.append(EnvironBuilder(path=route, query_string=query).get_environ())
    return result


def call(app, environ: dict) -> int:
    status = []
    body = app(dict(environ), lambda s, h, exc_info=None: status.append(s))
    for _ in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return int(status[0].split()[0])


def reference_us(n: int) -> float:
    """The bare Flask reference app's time per request, the same way: what Flask itself costs."""
    import tempfile

    from reference_app import create_app as create_reference

    with tempfile.NamedTemporaryFile(suffix=".json") as body:
        body.write(b'{"reference": true}')
        body.flush()
        os.environ["REFERENCE_BODY"] = body.name
        wsgi = create_reference().wsgi_app
    envs = environs(["/constant"] * n)
    call(wsgi, envs[0])
    t0 = time.perf_counter()
    for environ in envs:
        call(wsgi, environ)
    return (time.perf_counter() - t0) / n * 1e6


def smorest_constant_us(n: int) -> float:
    """A flask-smorest endpoint that returns a constant, through webargs (an empty query schema) and a
    one-field response schema, as our views are declared, without our HTTP layer: what the stack costs."""
    import flask_smorest
    import marshmallow as ma
    from flask import Flask

    app = Flask(__name__)
    app.config.update(API_TITLE="constant", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    api = flask_smorest.Api(app)
    blp = flask_smorest.Blueprint("constant", __name__)

    class Empty(ma.Schema):
        pass

    class Body(ma.Schema):
        reference = ma.fields.Boolean()

    @blp.route("/constant")
    @blp.arguments(Empty(), location="query")
    @blp.response(200, Body())
    def constant(_args):
        return {"reference": True}

    api.register_blueprint(blp)
    envs = environs(["/constant"] * n)
    call(app.wsgi_app, envs[0])
    t0 = time.perf_counter()
    for environ in envs:
        call(app.wsgi_app, environ)
    return (time.perf_counter() - t0) / n * 1e6


def opcodes_per_request(wsgi, envs: list[dict]) -> float:
    """Python bytecode instructions executed per request (sys.settrace opcode events): unlike a time on a
    shared machine, the same for the same code and questions, so two versions compare exactly."""
    count = 0

    def trace(frame, event, _arg):
        nonlocal count
        frame.f_trace_opcodes, frame.f_trace_lines = True, False
        if event == "opcode":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        for environ in envs:
            call(wsgi, environ)
    finally:
        sys.settrace(None)
    return count / len(envs)


def print_opcodes(wsgi, choices: dict, days: int, n: int) -> None:
    """Bytecode per request: bare Flask, the stack's floor (bench/floor_app.py) and ours, n varied questions
    per endpoint."""
    import tempfile

    from floor_app import create_app as create_floor
    from reference_app import create_app as create_reference

    with tempfile.NamedTemporaryFile(suffix=".json") as body:
        body.write(b'{"reference": true}')
        body.flush()
        os.environ["REFERENCE_BODY"] = body.name
        bare = create_reference().wsgi_app
    floor = create_floor().wsgi_app
    questions = {key: environs([question(t, choices, days, i) for i in range(n)]) for key, t in VARIED.items()}
    # First-use work out of the count: 300 other questions per endpoint fill what a running worker has made
    # (each standing's row and dump, each list's rows, CSV lines) before the counted ones.
    for t in VARIED.values():
        for environ in environs([question(t, choices, days, 10**6 + i) for i in range(300)]):
            call(wsgi, environ)
    for app in (bare, floor):
        call(app, questions["share"][0])
    print(f"Python bytecode instructions per request, {n} varied questions per endpoint:")
    print(f"  {'bare Flask':<22} {opcodes_per_request(bare, environs(['/constant'] * n)):8.0f}")
    for key in ("share", "status", "status_check", "participants"):
        print(f"  {'floor, ' + key:<22} {opcodes_per_request(floor, questions[key]):8.0f}   (bench/floor_app.py)")
    print(f"  {'state (no work)':<22} "
          f"{opcodes_per_request(wsgi, environs([f'/v1/states/{c}' for c in choices['state'][:n]])):8.0f}")
    for key, envs in questions.items():
        print(f"  {key:<22} {opcodes_per_request(wsgi, envs):8.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="questions per endpoint (default 400)")
    parser.add_argument("--top", type=int, default=25, help="lines of each profile table (default 25)")
    parser.add_argument("--only", nargs="*", choices=list(VARIED), help="profile these endpoints only")
    parser.add_argument("--opcodes", action="store_true",
                        help="count bytecode instructions per request instead (60 questions per endpoint unless "
                             "--requests says otherwise)")
    args = parser.parse_args()
    db = Path(os.environ.get("TREATY_DB", ROOT / "data" / "treaties.db"))
    app = create_app({"DATABASE": str(db)})
    wsgi = app.wsgi_app
    choices, days = varied_choices(db), days_to_today()
    # Two disjoint halves of each template's questions: one timed without the profiler, one profiled.
    n = args.requests
    timed = {key: environs([question(t, choices, days, i) for i in range(n)]) for key, t in VARIED.items()}
    profiled = {key: environs([question(t, choices, days, n + i) for i in range(n)]) for key, t in VARIED.items()}
    # Lazy imports and first-use work (each instrument's standings, replayed on its first question) out
    # of the figures; then, as gunicorn.conf.py's pre_fork does, the loaded objects out of the collector's sight.
    warm = environs([question(t, choices, days, 2 * n + 1) for t in VARIED.values()]
                    + [f"/v1/instruments/{i}/participants" for i in choices["instrument"]])
    for environ in warm:
        call(wsgi, environ)
    # As a gunicorn worker does after its first answer (gunicorn.conf.py's post_request): every instrument's
    # standings and interval lists made at once.
    app.extensions["catalog"].warm()
    gc.freeze()
    if args.opcodes:
        print_opcodes(wsgi, choices, days, args.requests if "--requests" in sys.argv else 60)
        return 0

    print(f"Mean time per request, in process (no server), {n} questions per endpoint, profiler off:")
    print(f"  {'bare Flask':<17} {reference_us(n):8.0f} us   (bench/reference_app.py, its constant body)")
    print(f"  {'smorest constant':<17} {smorest_constant_us(n):8.0f} us   (flask-smorest, webargs and marshmallow "
          "around a constant, no HTTP layer of ours)")
    nothing = environs([f"/v1/states/{code}" for code in choices["state"]])
    t0 = time.perf_counter()
    for environ in nothing:
        call(wsgi, environ)
    print(f"  {'state (no work)':<17} {(time.perf_counter() - t0) / len(nothing) * 1e6:8.0f} us   (/v1/states/CODE, "
          "each state once: our stack with nothing to compute)")
    for key, envs in timed.items():
        t0 = time.perf_counter()
        statuses = [call(wsgi, e) for e in envs]
        elapsed = time.perf_counter() - t0
        bad = [s for s in statuses if s != 200]
        print(f"  {key:<17} {elapsed / n * 1e6:8.0f} us" + (f"   ({len(bad)} not 200: {sorted(set(bad))})" if bad else ""))

    profiler = cProfile.Profile()
    profiler.enable()
    for key, envs in profiled.items():
        if args.only and key not in args.only:
            continue
        for environ in envs:
            call(wsgi, environ)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(args.top)
        lines = text.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        total = next((line.strip() for line in lines if "function calls" in line), "")
        print(f"\nProfile of {n * len(profiled)} varied requests ({', '.join(profiled)}), sorted by {order}: {total}")
        print("\n".join(lines[start:]).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
