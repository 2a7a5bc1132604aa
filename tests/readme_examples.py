"""The README's curl examples, run against the app: `python -m tests.readme_examples` rewrites them.

Each example is a line `<!-- example: PATH -->` followed by a fenced block; the block holds the curl
command and what it prints: JSON piped through `python3 -m json.tool`, CSV as is, cut with `head` past
MAX_LINES. tests/test_readme.py fails when
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
    """The command and exactly what it prints: JSON (successes and problems alike) through json.tool."""
    response = client.get(path)
    command = f"curl -s 'http://localhost:8000{path}'"
    if response.mimetype.endswith("json"):
        command += " | python3 -m json.tool --no-ensure-ascii"
        body = json.dumps(response.json, indent=4, ensure_ascii=False)
    else:
        body = response.get_data(as_text=True).replace("\r\n", "\n").rstrip("\n")
    lines = body.split("\n")
    if len(lines) > MAX_LINES:
        command += f" | head -n {MAX_LINES}"
        lines = lines[:MAX_LINES]
    return f"$ {command}\n" + "\n".join(lines) + "\n"


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
