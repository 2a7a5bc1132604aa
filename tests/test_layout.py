"""The README's layout lists every module of the package, and nothing that is not there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Layout", 1)[1].split("\n## ", 1)[0]


def test_every_module_is_listed_with_its_job():
    listed = dict(re.findall(r"^(api/\S+\.py) +(\S.*)$", _layout(), re.M))
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "api").rglob("*.py")}
    modules -= {m for m in modules if m.endswith("/__init__.py") and m != "api/__init__.py"}
    assert set(listed) == modules
