"""The README's curl examples, run against the app: `python -m tests.readme_examples` rewrites them.

Each example is a line `<!-- example: PATH -->` followed by a fenced block; the block holds the curl
command and the body the API answers (JSON pretty-printed; CSV as is). tests/test_readme.py fails when
a block no longer matches what the API answers.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
PATTERN = re.compile(r"(<!-- example: (?P<path>\S+) -->\n)```[a-z]*\n.*?```\n", re.S)
MAX_LINES = 40


def render(client, path: str) -> str:
    response = client.get(path)
    if response.mimetype.endswith("json"):
        body = json.dumps(response.json, indent=2, ensure_ascii=False)
    else:
        body = response.get_data(as_text=True).replace("\r\n", "\n").rstrip("\n")
    lines = body.split("\n")
    if len(lines) > MAX_LINES:
        lines = lines[: MAX_LINES - 1] + ["..."]
    status = "" if response.status_code == 200 else f"HTTP {response.status_code}\n"
    return f"$ curl -s 'http://localhost:8000{path}'\n{status}" + "\n".join(lines) + "\n"


def rewrite(text: str, client) -> str:
    def block(match):
        return match.group(1) + "```console\n" + render(client, match.group("path")) + "```\n"

    return PATTERN.sub(block, text)


def main() -> int:
    from api import create_app

    client = create_app({"TESTING": True}).test_client()
    README.write_text(rewrite(README.read_text(encoding="utf-8"), client), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
