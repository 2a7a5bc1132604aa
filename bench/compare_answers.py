"""Every answer of a fixed list of requests, written to a file, so that two versions of the code can be
compared answer by answer (a speed change must change no answer).

    .venv/bin/python bench/compare_answers.py --out /tmp/new.json          # this checkout
    (cd OTHER_CHECKOUT && python .../compare_answers.py --out /tmp/old.json)
    .venv/bin/python bench/compare_answers.py --diff /tmp/old.json /tmp/new.json

Builds a database with the code it runs (the server refuses a file built by other code) into a temporary
directory, then asks the app in process (Flask's test client, so the HTTP layer and its response cache
are in the path): the varied workload's questions (bench/questions.py), every endpoint with and without
its parameters, bad requests, each request twice (the second from the response cache), conditional
requests with the ETag just given and with `*`, HEAD and OPTIONS. "Today" is fixed. What legitimately
differs between versions is masked: the dataset version (a hash of the code) wherever it appears, ETag
values (numbered by first appearance instead), `built_at`, the order of the methods in `Allow`; headers
are compared by name, since the order of fields with different names means nothing in HTTP.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path.cwd()))

from questions import VARIED, question, varied_choices  # noqa: E402

TODAY = "2026-12-04"
DAYS = 13000  # 1990-01-01 .. 2025-08: fixed, so that both versions ask the same questions

FIXED = [
    "/v1/states", "/v1/states?format=csv", "/v1/states/FRA", "/v1/states/fr", "/v1/states/France",
    "/v1/states/Atlantis", "/v1/states/FRA?x=1", "/v1/states/FRA/instruments",
    "/v1/states/LTU/instruments?as_of=2025-03-06", "/v1/states/LTU/instruments?as_of=2025-03-06&format=csv",
    "/v1/states/FRA/instruments/ccm", "/v1/states/FRA/instruments/ccm?as_of=2023-07-20",
    "/v1/states/RUS/instruments/ctbt?as_of=2024-01-01", "/v1/states/FRA/instruments/nope",
    "/v1/states/FRA/instruments/ccm?as_of=2023-02-30", "/v1/states/FRA/instruments/ccm?as_of=2023-07-20&as_of=2023-07-21",
    "/v1/instruments", "/v1/instruments?as_of=2023-07-20", "/v1/instruments?format=csv", "/v1/instruments/ccm",
    "/v1/instruments/Cluster%20Munitions", "/v1/instruments/ccm/participants",
    "/v1/instruments/ccm/participants?as_of=2023-07-20", "/v1/instruments/ccm/participants?as_of=2023-07-20&format=csv",
    "/v1/instruments/ccm/participants?status=bound", "/v1/instruments/ccm/participants?status=nonsense",
    "/v1/instruments/ccm/participants?format=xml", "/v1/instruments/nato/changes?from=2024-03-06&to=2024-03-07",
    "/v1/instruments/nato/changes?from=2020-01-01&format=csv", "/v1/instruments/nato/changes?from=2024-03-07&to=2024-03-06",
    "/v1/instruments/nato/changes", "/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20&threshold=2/3",
    "/v1/checks/share?group=nato&instrument=ccm", "/v1/checks/share?group=nato&instrument=ccm&threshold=1/2/3",
    "/v1/checks/share?group=nato&instrument=ccm&threshold=1/0", "/v1/checks/share?group=eu&instrument=apmbc&comparison=xx",
    "/v1/checks/share?instrument=ccm", "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2010-08-01&to=2025-12-31",
    "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2010-08-01&format=csv",
    "/v1/checks/status?instrument=ccm&states=FRA,DEU,USA&status=party&quantifier=all&as_of=2023-07-20",
    "/v1/checks/status?instrument=ccm&states=Korea,%20Republic%20of,FRA&status=party",
    "/v1/checks/status?instrument=ccm&states=FRA,Atlantis&status=party", "/v1/checks/status?instrument=ccm&states=FRA",
    "/v1/meta", "/healthz", "/openapi.json", "/docs", "/nope", "/v1/states/FRA%2FDEU",
]


def requests(db: Path) -> list[str]:
    choices = varied_choices(db)
    return FIXED + [question(t, choices, DAYS, 7 * i + 3) for t in VARIED.values() for i in range(120)]


def record(out: Path) -> int:
    from api import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "x.db"
        subprocess.run([sys.executable, "-m", "api.build", "--output", str(db)], check=True, capture_output=True)
        app = create_app({"DATABASE": str(db), "TODAY": TODAY})
        version = app.extensions["catalog"].dataset_version
        client = app.test_client()
        tags: dict[str, str] = {}

        def mask(text: str) -> str:
            text = text.replace(version, "VERSION").replace(version[:8], "VERSION8")
            return re.sub(r'"built_at":\s*"[^"]*"', '"built_at":"X"', text)

        def ask(method: str, url: str, headers: dict) -> dict:
            response = client.open(url, method=method, headers=headers)
            got = []
            for k, v in response.headers:
                if k == "ETag":
                    v = tags.setdefault(v, f"ETAG{len(tags)}")
                elif k == "Allow":  # a set's order, which changes with each process's string hashing
                    v = ", ".join(sorted(v.split(", ")))
                got.append([k, mask(v)])
            return {"request": [method, url, {k: tags.get(v, v) for k, v in headers.items()}],
                    "status": response.status_code, "headers": got,
                    "body": mask(response.get_data(as_text=True))}

        answers = []
        for url in requests(db):
            first = ask("GET", url, {})
            answers += [first, ask("GET", url, {})]
            etag = dict(first["headers"]).get("ETag")
            real = next((k for k, v in tags.items() if v == etag), None)
            if real:
                answers.append(ask("GET", url, {"If-None-Match": real}))
            answers += [ask("GET", url, {"If-None-Match": "*"}), ask("HEAD", url, {}), ask("OPTIONS", url, {})]
    out.write_text(json.dumps(answers, indent=1, ensure_ascii=False))
    print(f"{len(answers)} answers to {out}")
    return 0


def _by_name(answer: dict) -> dict:
    # Fields with different names may come in any order (RFC 9110 5.3): compared by name, the values of one
    # name kept in their order.
    return {**answer, "headers": sorted(answer["headers"], key=lambda field: field[0])}


def diff(old: Path, new: Path) -> int:
    a, b = ([_by_name(x) for x in json.loads(path.read_text())] for path in (old, new))
    if len(a) != len(b):
        print(f"different numbers of answers: {len(a)} and {len(b)}")
        return 1
    bad = [(x, y) for x, y in zip(a, b) if x != y]
    for x, y in bad[:10]:
        print("request:", x["request"])
        for key in ("status", "headers", "body"):
            if x[key] != y[key]:
                print(f"  {key}:\n    old {str(x[key])[:600]}\n    new {str(y[key])[:600]}")
    print(f"{len(a)} answers compared, {len(bad)} differ")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--diff", nargs=2, type=Path)
    args = parser.parse_args()
    return diff(*args.diff) if args.diff else record(args.out)


if __name__ == "__main__":
    sys.exit(main())
