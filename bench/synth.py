"""A synthetic seeds folder at scale, valid for api/seeds.py and api/build.py.

    .venv/bin/python bench/synth.py --out /tmp/synth-seeds [--instruments 600] [--states 200] [--seed 1]

600 instruments x 200 states (real ISO 3166-1 alpha-3 codes from pycountry). Most instruments have
50-190 participants, a few fewer; many states sign and then consent (ratification, acceptance or
approval), the others accede; a few notify withdrawal. About two thirds use the CCM's rule entry from
seeds/rules.csv with their own trigger (`ccm_20`, `ccm_30`, `ccm_40`: entry into force on the first day
of the sixth month after the month of the n-th consent, which the build checks) and the rest the
`north_atlantic` entry. Every row cites https://example.org/synthetic/...

Prints one JSON line naming what the benchmark should query, chosen to match the real dataset's
shape so that latencies compare like with like: a group (an organisation with ~32 parties on the
date, like NATO), an instrument (a ccm-rules treaty with ~125 participants, like the CCM) and a state
with a signature and a ratification under that instrument (like France under the CCM).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

import pycountry

INSTRUMENT_COLUMNS = [
    "id", "name", "short_name", "kind", "depositary", "adopted", "opened_for_signature", "entry_into_force",
    "rules", "status_as_at", "sources", "note",
]
EVENT_COLUMNS = ["state", "participant", "event", "date", "date_precision", "effective_date", "reference", "condition",
                 "source", "source_as_of", "note"]
RULES_CSV = Path(__file__).resolve().parent.parent / "seeds" / "rules.csv"
THRESHOLDS = (20, 30, 40)
STATUS_AS_AT = dt.date(2025, 6, 1)
AS_OF = dt.date(2023, 7, 20)  # the date the benchmark asks about
SOURCE = "https://example.org/synthetic"


def first_day_of_month_after(day: dt.date, months: int) -> dt.date:
    """Written out again here (not imported) so that the build's own check is a real cross-check."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def days_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def make_instrument(rng: random.Random, index: int, codes: list[str], size: int, rules: str):
    iid = f"syn{index:03d}"
    opened = days_between(rng, dt.date(1950, 1, 1), dt.date(2015, 12, 31))
    adopted = opened - dt.timedelta(days=rng.randint(0, 120))
    members = sorted(rng.sample(codes, size))
    events: list[dict] = []
    consents: list[tuple[str, dt.date]] = []
    sign_probability = 0.75 if rules == "ccm" else 0.4
    for state in members:
        url = f"{SOURCE}/{iid}/{state}"
        signed = rng.random() < sign_probability
        if signed:
            signature = days_between(rng, opened, min(opened + dt.timedelta(days=400), STATUS_AS_AT))
            events.append(_event(state, "signature", signature, url))
            if rng.random() < 0.85:  # most signatories go on to consent
                consent = days_between(rng, signature, min(signature + dt.timedelta(days=3000), STATUS_AS_AT))
                kind = rng.choices(["ratification", "acceptance", "approval"], [8, 1, 1])[0]
                events.append(_event(state, kind, consent, url))
                consents.append((state, consent))
        else:
            consent = days_between(rng, opened, min(opened + dt.timedelta(days=6000), STATUS_AS_AT))
            kind = rng.choices(["accession", "succession"], [15, 1])[0]
            events.append(_event(state, kind, consent, url))
            consents.append((state, consent))
    # A few withdrawals: notified well after consent, never in the future.
    for state, consent in rng.sample(consents, k=min(len(consents), rng.choice([0, 0, 1, 1, 2, 3]))):
        earliest = consent + dt.timedelta(days=400)
        if earliest < STATUS_AS_AT:
            notified = days_between(rng, earliest, STATUS_AS_AT)
            events.append(_event(state, "withdrawal_notification", notified, f"{SOURCE}/{iid}/{state}"))
    threshold = None
    if rules == "ccm":
        threshold = min(rng.choice(THRESHOLDS), len(consents))
        nth = sorted(d for _, d in consents)[threshold - 1]
        entry_into_force = first_day_of_month_after(nth, 6)
    else:
        entry_into_force = opened + dt.timedelta(days=rng.randint(60, 600))
    kind = "organisation" if rules == "north_atlantic" and index % 2 else "treaty"
    row = {
        "id": iid, "name": f"Synthetic Instrument {index:03d}", "short_name": f"SYN{index:03d}", "kind": kind,
        "depositary": "Synthetic Depositary", "adopted": adopted.isoformat(),
        "opened_for_signature": opened.isoformat(), "entry_into_force": entry_into_force.isoformat(),
        "rules": rules if threshold is None else f"ccm_{threshold}",
        "status_as_at": STATUS_AS_AT.isoformat(), "sources": f"{SOURCE}/{iid}",
        "note": "Synthetic data for the scale benchmark (bench/synth.py); not a real instrument.",
    }
    return row, events


def _event(state: str, kind: str, day: dt.date, url: str) -> dict:
    return {"state": state, "participant": "", "event": kind, "date": day.isoformat(), "date_precision": "day",
            "effective_date": "", "reference": "", "condition": "", "source": url, "source_as_of": STATUS_AS_AT.isoformat(), "note": "synthetic"}


def parties_on(events: list[dict], day: dt.date) -> int:
    """Rough count for picking targets (north_atlantic rules: party from consent, never withdrawn here)."""
    consented = {e["state"] for e in events if e["event"] not in ("signature", "withdrawal_notification")
                 and e["date"] <= day.isoformat()}
    withdrawn = {e["state"] for e in events if e["event"] == "withdrawal_notification"}
    return len(consented - withdrawn)


def generate(out: Path, n_instruments: int, n_states: int, seed: int) -> dict:
    rng = random.Random(seed)
    codes = sorted(rng.sample(sorted(c.alpha_3 for c in pycountry.countries), n_states))
    (out / "events").mkdir(parents=True, exist_ok=True)
    for old in (out / "events").glob("*.csv"):
        old.unlink()
    instruments, all_events = [], {}
    for index in range(1, n_instruments + 1):
        rules = "ccm" if index % 3 else "north_atlantic"
        # Most instruments have 50-190 participants; one in ten is small (20-49).
        size = rng.randint(50, 190) if rng.random() < 0.9 else rng.randint(20, 49)
        row, events = make_instrument(rng, index, codes, size, rules)
        instruments.append(row)
        all_events[row["id"]] = events
    with open(out / "instruments.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, INSTRUMENT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(instruments)
    # The real rule entries, the CCM's once per threshold the generator uses (the trigger is a rule parameter).
    with open(RULES_CSV, encoding="utf-8") as f:
        entries = {row["id"]: row for row in csv.DictReader(f)}
    with open(out / "rules.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(entries["ccm"]), lineterminator="\n")
        writer.writeheader()
        writer.writerow(entries["north_atlantic"])
        for n in sorted({int(i["rules"].split("_")[1]) for i in instruments if i["rules"].startswith("ccm_")}):
            writer.writerow({**entries["ccm"], "id": f"ccm_{n}", "trigger": f"consent:{n}"})
    with open(out / "aliases.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["state", "alias", "source"])
        # At least one row: api/build.py cannot build from a header-only aliases.csv (it creates the
        # aliases table from the rows, then indexes it: "no such table: main.aliases").
        for code in codes[:5]:
            country = pycountry.countries.get(alpha_3=code)
            writer.writerow([code, f"{country.name} (synthetic alias)", f"{SOURCE}/aliases"])
    for iid, events in all_events.items():
        with open(out / "events" / f"{iid}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, EVENT_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(sorted(events, key=lambda e: (e["state"], e["date"], e["event"])))

    by_id = {row["id"]: row for row in instruments}
    # Like NATO: an organisation with about 32 parties on AS_OF, in force by then.
    groups = [i for i in instruments if i["rules"] == "north_atlantic" and i["entry_into_force"] <= AS_OF.isoformat()]
    group = min(groups, key=lambda i: (abs(parties_on(all_events[i["id"]], AS_OF) - 32), i["id"]))["id"]
    # Like the CCM: a ccm-rules treaty with about 125 participants.
    treaties = [i for i in instruments if i["rules"].startswith("ccm_")]
    instrument = min(treaties, key=lambda i: (abs(len({e["state"] for e in all_events[i["id"]]}) - 125), i["id"]))["id"]
    # Like France under the CCM: signed, then ratified, before AS_OF.
    kinds: dict[str, set[str]] = {}
    for e in all_events[instrument]:
        if e["date"] <= AS_OF.isoformat():
            kinds.setdefault(e["state"], set()).add(e["event"])
    state = next(s for s, k in sorted(kinds.items()) if k == {"signature", "ratification"})
    total = sum(len(v) for v in all_events.values())
    sizes = [len({e["state"] for e in v}) for v in all_events.values()]
    return {
        "instruments": len(instruments), "states": len(codes), "events": total,
        "participants": sum(sizes), "median_participants": sorted(sizes)[len(sizes) // 2],
        "withdrawals": sum(1 for v in all_events.values() for e in v if e["event"] == "withdrawal_notification"),
        "group": group, "group_parties": parties_on(all_events[group], AS_OF),
        "instrument": instrument, "instrument_participants": len({e["state"] for e in all_events[instrument]}),
        "instrument_rules": by_id[instrument]["rules"], "state": state,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--instruments", type=int, default=600)
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.instruments, args.states, args.seed)))


if __name__ == "__main__":
    main()
