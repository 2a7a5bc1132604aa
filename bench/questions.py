"""The varied workload's questions, shared by bench/bench.py (through bench/report.lua) and bench/profile_varied.py.

Every request a question not asked before in the run, as other services ask: question number i is mapped
to a question by a bijection of 0..N-1 (N: how many distinct questions a template can ask), multiplied by a
prime modulo N and read as digits, one per {placeholder}: {day} a day from VARIED_FROM to today, {name}
or {name_2} one of choices[name]. bench/report.lua does the same in Lua for wrk.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

# The varied workload: every request a question not asked before in the run (bench/report.lua fills the
# templates). Days from 1990-01-01 to today; states among all of the database's; the thresholds and
# comparisons people use ("more than two-thirds", "at least half", ...). Groups are the organisations,
# counted instruments every instrument; both read from the database, so new instruments join in.
VARIED_FROM = dt.date(1990, 1, 1)
# The fixed questions: the repeated loads' URLs, and the constant answers of the stack's floor (floor_app.py).
AS_OF = "2023-07-20"
SHARE = f"/v1/checks/share?group=nato&instrument=ccm&as_of={AS_OF}&threshold=2/3"
STATUS = f"/v1/states/FRA/instruments/ccm?as_of={AS_OF}"
STATUS_CHECK = f"/v1/checks/status?instrument=ccm&states=FRA,DEU,USA&status=party&quantifier=all&as_of={AS_OF}"
PARTICIPANTS = f"/v1/instruments/ccm/participants?as_of={AS_OF}"
THRESHOLDS = ["", "&threshold=1/2", "&threshold=2/3", "&threshold=3/4", "&threshold=50%25", "&threshold=0.5",
              "&threshold=60%25"]
VARIED = {
    "share": "/v1/checks/share?{pair}&as_of={day}{threshold}{comparison}{share_status}",
    "status": "/v1/states/{state}/instruments/{instrument}?as_of={day}",
    "status_check": "/v1/checks/status?instrument={instrument}&states={state},{state_2},{state_3}&status={status}"
                    "&quantifier={quantifier}&as_of={day}",
    "participants": "/v1/instruments/{instrument}/participants?as_of={day}{status_filter}",
    "participants_csv": "/v1/instruments/{instrument}/participants?as_of={day}{status_filter}&format=csv",
}


def varied_choices(db: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        states = [r[0] for r in conn.execute("select code from states order by code")]
        kinds = dict(conn.execute("select id, kind from instruments order by id"))
    finally:
        conn.close()
    groups = [i for i, kind in kinds.items() if kind == "organisation"]
    return {
        "state": states, "instrument": list(kinds),
        "pair": [f"group={g}&instrument={i}" for g in groups for i in kinds if i != g],
        "threshold": THRESHOLDS, "comparison": ["", "&comparison=ge"],
        "share_status": ["", "&status=signatory"],
        "status": ["party", "signatory", "not_signed"], "quantifier": ["all", "any", "none"],
        "status_filter": ["", "&status=party", "&status=signatory", "&status=consented", "&status=withdrawn"],
    }


def question_space(template: str, choices: dict[str, list[str]], days: int) -> int:
    """How many distinct questions the template can ask (as bench/report.lua counts them)."""
    n = 1
    for name in re.findall(r"\{([\w]+)\}", template):
        n *= days if name == "day" else len(choices[re.sub(r"_\d+$", "", name)])
    return n


PRIME = 1000003  # larger than every radix, so coprime with every space: the mapping is a bijection


def days_to_today() -> int:
    return (dt.datetime.now(dt.timezone.utc).date() - VARIED_FROM).days + 1


def question(template: str, choices: dict[str, list[str]], days: int, i: int) -> str:
    """Question number i (0 <= i < question_space): what bench/report.lua asks as its request i."""
    space = question_space(template, choices, days)
    j = (i * (PRIME % space)) % space

    def fill(match: re.Match) -> str:
        nonlocal j
        name = match.group(1)
        radix = days if name == "day" else len(choices[re.sub(r"_\d+$", "", name)])
        j, digit = divmod(j, radix)
        if name == "day":
            return (VARIED_FROM + dt.timedelta(days=digit)).isoformat()
        return choices[re.sub(r"_\d+$", "", name)][digit]

    return re.sub(r"\{(\w+)\}", fill, template)
