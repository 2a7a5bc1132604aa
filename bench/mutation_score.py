"""Per-module score of the last `make mutation` run (mutmut's results in mutants/), and its survivors.

mutmut prints one total; the issue asks for killed/total per module. A mutant no selected test reaches
("no tests") counts as not killed, like a survivor."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code


def main(root: Path = Path("mutants")) -> int:
    metas = sorted(root.glob("api/**/*.py.meta"))
    if not metas:
        print("no results: run `make mutation` first", file=sys.stderr)
        return 1
    survivors = []
    print(f"{'module':28} {'killed/total':>13} {'score':>6}  other")
    for meta in metas:
        module = str(meta.relative_to(root))[: -len(".meta")]
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        statuses = Counter()
        for key, code in sorted(codes.items()):
            status = status_by_exit_code[code]
            statuses[status] += 1
            if status != "killed":
                survivors.append((key, status))
        killed, total = statuses.pop("killed", 0), len(codes)
        other = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        print(f"{module:28} {f'{killed}/{total}':>13} {killed / total:6.1%}  {other}")
    print("\nnot killed (show one with `.venv-mutation/bin/mutmut show NAME`):")
    for key, status in survivors:
        print(f"  {key}  [{status}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
