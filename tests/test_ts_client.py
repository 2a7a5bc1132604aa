"""A second typed client, in TypeScript: types generated from openapi.yaml by openapi-typescript, calls through
openapi-fetch, compiled with `tsc --strict`, run with Node against a real server. Needs `make ts-client`."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

TS_DIR = Path(__file__).resolve().parent / "ts-client"
NODE, NPM = shutil.which("node"), shutil.which("npm")
REQUIRED = os.environ.get("CI") == "true"  # CI has Node; a developer without it skips this test, and is told so


def _missing() -> str:
    if not (NODE and NPM):
        return "no node and npm on PATH: the TypeScript client is not tested"
    if not (TS_DIR / "node_modules" / ".bin" / "tsc").exists():
        return "tests/ts-client/node_modules is missing: run `make ts-client`"
    return ""


@pytest.fixture(scope="module")
def ts_client():
    missing = _missing()
    if missing:
        if REQUIRED:
            pytest.fail(missing)
        pytest.skip(missing)
    for script in ("generate", "compile"):
        done = subprocess.run([NPM, "run", "--silent", script], cwd=TS_DIR, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"npm run {script}:\n{done.stdout}{done.stderr}"
    return TS_DIR / "build" / "client.js"


def test_the_client_uses_no_non_null_assertions():
    code = re.sub(r"//.*", "", (TS_DIR / "client.ts").read_text(encoding="utf-8"))
    assert not re.search(r"[\w)\]]!(?!=)", code)


def test_the_typescript_client_reads_what_the_server_answers(ts_client, server):
    done = subprocess.run([NODE, str(ts_client), server], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)

    lithuania = requests.get(server + "/v1/states/Lithuania", timeout=5).json()
    assert read["state"] == {"code": lithuania["code"], "name": lithuania["name"], "aliases": lithuania["aliases"]}
    assert read["round_trip"] == lithuania["code"]
    narnia = requests.get(server + "/v1/states/Narnia", timeout=5)
    assert read["unknown"] == {"status": narnia.status_code, "detail": narnia.json()["detail"]}
    check = requests.get(server + "/v1/checks/status", timeout=5, params={
        "instrument": "ccm", "states": "RUS,UKR,USA", "status": "not_signed", "as_of": "2023-07-20"}).json()
    assert read["check"] == {"holds": check["holds"],
                             "results": [{"state": r["state"], "status": r["status"]} for r in check["results"]]}
    participants = requests.get(server + "/v1/instruments/ccm/participants", params={"as_of": "2023-07-20"}, timeout=5)
    assert read["participants"] == len(participants.json()["items"]) > 0
