"""A client generated from openapi.yaml, in its own pinned environment, works against a real server."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLIENT_VENV = ROOT / ".venv-client"
GENERATOR = "openapi-python-client==0.29.1"


@pytest.fixture(scope="session")
def generated_client(tmp_path_factory):
    python = CLIENT_VENV / "bin" / "python"
    marker = CLIENT_VENV / ".installed"
    if not marker.exists() or marker.read_text() != GENERATOR:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(CLIENT_VENV)],
                       check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", GENERATOR], check=True)
        marker.write_text(GENERATOR)
    out = tmp_path_factory.mktemp("client")
    config = out / "config.yaml"
    config.write_text("post_hooks: []\n")
    subprocess.run([str(CLIENT_VENV / "bin" / "openapi-python-client"), "generate", "--path", str(ROOT / "openapi.yaml"),
                    "--output-path", str(out / "treaty_client"), "--meta", "none", "--config", str(config)],
                   check=True, capture_output=True)
    return python, out


def test_generated_client_returns_typed_results_and_error_models(generated_client, server):
    python, package_parent = generated_client
    result = subprocess.run([str(python), str(ROOT / "tests" / "client_usage.py"), str(package_parent), server],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got == {
        "share_type": "Share", "is_share": True, "fraction": "23/31", "holds": True, "as_of_type": "date",
        "participants_counted": True, "ltu_effective": "2025-03-06", "ltu_effective_type": "date",
        "state": "TUR", "error_type": "Problem", "error_is_problem": True, "error_status": 404,
    }
