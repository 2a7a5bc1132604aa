"""The dataset version, behind every ETag, moves when the answers can: with the seeds and with the code that
computes the answers. Through real servers: one on this checkout, one on a copy whose domain rules changed."""

import shutil
import subprocess
import sys
import time

import pytest
import requests

from api import create_app
from api.dataset import code_version, dataset_version
from api.db import DatabaseUnusable
from tests.conftest import ROOT, SEEDS, free_port, start_gunicorn

SHARE = "/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20&threshold=2/3"


@pytest.fixture(scope="module")
def changed_rule_copy(tmp_path_factory):
    """This checkout's code and seeds with one change to the domain's rules, and a database built by it."""
    copy = tmp_path_factory.mktemp("changed-rule")
    shutil.copytree(ROOT / "api", copy / "api", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SEEDS, copy / "seeds")
    for name in ("gunicorn.conf.py", "pyproject.toml"):
        shutil.copy(ROOT / name, copy / name)
    assert code_version(copy / "api") == code_version()  # the copy as such is the same code
    rules = copy / "api" / "domain" / "rules.py"
    rules.write_text(rules.read_text() + "\n# A rule fixed after release: the answers may differ from here on.\n")
    db = copy / "treaties.db"
    subprocess.run([sys.executable, "-m", "api.build", "--seeds", str(copy / "seeds"), "--output", str(db)],
                   cwd=copy, check=True, capture_output=True)
    return copy, db


def _serve(db, cwd):
    port = free_port()
    proc = start_gunicorn(db, port, seeds=cwd / "seeds", cwd=cwd)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start: " + proc.stdout.read().decode(errors="replace"))


def test_a_changed_rule_changes_the_etag(server, changed_rule_copy):
    copy, db = changed_rule_copy
    before = requests.get(server + SHARE, timeout=5)
    proc, changed = _serve(db, copy)
    try:
        after = requests.get(changed + SHARE, timeout=5)
        assert after.json() == before.json()  # same seeds, same answer here: only the version moved
        assert after.headers["ETag"] != before.headers["ETag"]
        version_before = requests.get(server + "/healthz", timeout=5).json()["dataset_version"]
        assert requests.get(changed + "/healthz", timeout=5).json()["dataset_version"] != version_before
        # The old ETag no longer revalidates: a cache in front gets the new answer, not a 304.
        assert requests.get(changed + SHARE, headers={"If-None-Match": before.headers["ETag"]},
                            timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_version_covers_the_code_that_computes_answers(changed_rule_copy):
    copy, _ = changed_rule_copy
    assert code_version(copy / "api") != code_version()
    assert dataset_version(SEEDS, copy / "api") != dataset_version(SEEDS)


def test_a_database_built_by_other_code_is_refused_even_without_the_seeds(changed_rule_copy):
    _, db = changed_rule_copy
    with pytest.raises(DatabaseUnusable, match="built by other code"):
        create_app({"DATABASE": str(db), "SEEDS_DIR": ""})
