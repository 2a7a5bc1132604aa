"""seeds/ -> SQLite, the only code that writes the database.

    python -m api.build                       # seeds/ -> data/treaties.db
    python -m api.build --seeds tests/fixtures/seeds --output /tmp/test.db

Validates every row first (errors as `seeds/FILE:LINE: what is wrong`, exit 1), writes to a temporary
file beside the target and renames it into place, so a failed build never replaces a good database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path

import sqlite_utils

from . import packing
from . import seeds as seedlib
from .dataset import SCHEMA_VERSION, code_version
from .domain.checks import counts
from .domain.model import CONSENT_EVENTS, STORED_PARTICIPATION_FIELDS, EventType, Instrument, Participation
from .domain.rules import Rules, parameters, trigger_date
from .domain.status import participation

DEFAULT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "data" / "treaties.db"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _text(value):
    """A stored field as SQLite text: dates in ISO 8601, enums by value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.value if isinstance(value, Enum) else value


def rules_for(dataset: seedlib.Dataset, instrument: Instrument) -> Rules:
    """The instrument's rule entry bound to its facts: its entry into force and opening for signature
    (instruments.csv) and the trigger's date (e.g. the CCM's 30th deposit) read from its events."""
    events = dataset.events[instrument.id]
    revoked = {e.state: e.date for e in events if e.type is EventType.REVOCATION}
    consents = [(e.date, revoked.get(e.state)) for e in events if e.type in CONSENT_EVENTS]
    entry = dataset.rules[instrument.rules]
    return entry.bind(instrument.entry_into_force, trigger_date(entry, consents), instrument.opened_for_signature)


def check_entry_into_force(dataset: seedlib.Dataset, instrument: Instrument,
                           where: str = "seeds/instruments.csv") -> list[seedlib.SeedError]:
    """The seeded entry-into-force date must follow from the events by the instrument's own rule:
    the trigger's deposit plus the delay, not before the floor."""
    rules = rules_for(dataset, instrument)
    n = rules.trigger
    if n is None:
        return []
    if rules.trigger_date is None:
        if instrument.entry_into_force:
            return [seedlib.SeedError(where, instrument.line,
                    f"{instrument.id}: fewer than {n} instruments of consent: cannot derive entry into force "
                    f"{instrument.entry_into_force}")]
        return []
    derived = rules.entry_into_force_after(rules.trigger_date)
    if derived != instrument.entry_into_force:
        return [seedlib.SeedError(where, instrument.line,
                f"{instrument.id}: consent no. {n}, deposited on {rules.trigger_date}, gives entry into force on {derived} "
                f"({rules.in_force_article}), not {instrument.entry_into_force or 'none'}")]
    return []


def check_revocations(dataset: seedlib.Dataset, instrument: Instrument,
                      where: str = "seeds/events") -> list[seedlib.SeedError]:
    """A revocation withdraws a consent before it took effect; once in force, leaving is a withdrawal."""
    rules = rules_for(dataset, instrument)
    errors = []
    consents: dict[str, dt.date] = {}
    for e in sorted(dataset.events[instrument.id], key=lambda e: e.date):
        if e.type in CONSENT_EVENTS:
            consents[e.state] = e.date
        elif e.type is EventType.REVOCATION and e.state in consents:
            in_force = rules.in_force_date(consents[e.state])
            if in_force is not None and in_force <= e.date:
                errors.append(seedlib.SeedError(
                    f"{where}/{instrument.id}.csv", e.line,
                    f"revocation on {e.date}: {e.state}'s consent of {consents[e.state]} was in force for it from "
                    f"{in_force} ({rules.in_force_article}); leaving after that is a withdrawal_notification"))
    return errors


def check_page_counts(dataset: seedlib.Dataset) -> list[seedlib.SeedError]:
    """Our rows must reproduce each imported depositary page's header counts on the page's own date:
    "Signatories" = signed and not withdrawn, "Parties" = consented or party (see domain.checks.counts)."""
    by_id = {i.id: i for i in dataset.instruments}
    errors = []
    for page in dataset.pages:
        ours = counts(participations(dataset, by_id[page["instrument"]]), page["status_as_at"])
        expected = {"signed": page["signatories"], "bound": page["parties"]}
        for key, figure in expected.items():
            if figure is not None and ours[key] != figure:
                name = "Signatories" if key == "signed" else "Parties"
                errors.append(seedlib.SeedError(page["label"], 1,
                              f"the page says {name} : {figure} as at {page['status_as_at']}; "
                              f"seeds/events/{page['instrument']}.csv gives {ours[key]}"))
    return errors


def participations(dataset: seedlib.Dataset, instrument: Instrument) -> list[Participation]:
    events = dataset.events[instrument.id]
    rules = rules_for(dataset, instrument)
    by_state: dict[str, list] = {}
    for e in events:
        by_state.setdefault(e.state, []).append(e)
    return [
        participation(state, evs, rules, dataset.withdrawal_effective.get((instrument.id, state)))
        for state, evs in sorted(by_state.items())
    ]


def validate(seeds_dir: Path) -> seedlib.Dataset:
    """Every seed row, and the checks across rows (entry into force, the depositary pages' counts)."""
    dataset = seedlib.load(seeds_dir)
    errors = [e for i in dataset.instruments for e in check_entry_into_force(dataset, i, f"{Path(seeds_dir).name}/instruments.csv")]
    errors += [e for i in dataset.instruments for e in check_revocations(dataset, i, f"{Path(seeds_dir).name}/events")]
    errors += check_page_counts(dataset)
    if errors:
        raise seedlib.InvalidSeeds(errors)
    return dataset


def build(seeds_dir: Path, output: Path, now: dt.datetime | None = None) -> seedlib.Dataset:
    dataset = validate(seeds_dir)
    now = now or dt.datetime.now(dt.timezone.utc)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".build-", suffix=".db", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite_utils.Database(tmp)
        try:
            # A file no one reads until it is complete: no journal to disk and no sync per insert (the
            # commits of a 600-instrument dataset took most of its build); one sync below, before it replaces
            # the served file.
            db.conn.execute("PRAGMA journal_mode = MEMORY")
            db.conn.execute("PRAGMA synchronous = OFF")
            _write(db, dataset, now)
        finally:
            db.close()
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o444)
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()
    return dataset


TABLES = {
    "aliases": ({"state": str, "alias": str, "source": str}, None),
    "instruments": ({"id": str, "name": str, "short_name": str, "kind": str, "depositary": str, "adopted": str,
                     "opened_for_signature": str, "entry_into_force": str, "rules": str,
                     "consents_for_entry_into_force": int, "trigger_date": str, "status_as_at": str, "sources": str,
                     "note": str}, "id"),
    "events": ({"instrument": str, "state": str, "event": str, "date": str, "date_precision": str,
                "effective_date": str, "reference": str, "condition": str, "source": str, "source_as_of": str,
                "note": str}, None),
    "participants": ({"instrument": str, **{name: str for name in STORED_PARTICIPATION_FIELDS}},
                     ("instrument", "state")),
    "rules": ({"id": str, "trigger": str, "delay": str, "later": str, "later_delay": str, "floor": str,
               "withdrawal": str, "withdrawal_condition": str, "in_force_article": str, "withdrawal_article": str,
               "text": str, "source": str}, "id"),
    "periods": ({"instrument": str, "state": str, "status": str, "start": str, "end": str}, None),
    # Derived: each instrument's rows of the three tables above, packed for the server's start-up (queries.PACKED).
    "packed": ({"instrument": str, "participants": str, "periods": str, "events": str}, "instrument"),
}


def _packed(conn, instrument: str) -> dict[str, str]:
    """The instrument's rows of each table of packing.TABLES, as written, packed (column and table names are
    constants of the code)."""
    found = {}
    for table, (columns, order) in packing.TABLES.items():
        select = (f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}] WHERE instrument = ? "
                  f"ORDER BY {', '.join(f'[{c}]' for c in order)}")
        found[table] = packing.pack(conn.execute(select, [instrument]))
    return found


def _write(db: sqlite_utils.Database, dataset: seedlib.Dataset, now: dt.datetime) -> None:
    # Every table exists, with its column types, even when a seed file has no rows.
    for name, (columns, pk) in TABLES.items():
        db[name].create(columns, pk=pk)
    db["meta"].insert_all(
        [
            {"key": "dataset_version", "value": dataset.version},
            {"key": "built_at", "value": now.replace(microsecond=0).isoformat()},
            {"key": "schema_version", "value": SCHEMA_VERSION},
            {"key": "code_version", "value": code_version()},
        ],
        pk="key",
    )
    db["states"].insert_all(
        ({"code": s.code, "alpha2": s.alpha2, "numeric": s.numeric, "name": s.name,
          "official_name": s.official_name, "iso_name": s.iso_name} for s in dataset.states),
        pk="code", columns={"numeric": str},
    )
    db["aliases"].insert_all(
        ({"state": a.state, "alias": a.alias, "source": a.source} for a in dataset.aliases),
        columns={"state": str, "alias": str, "source": str},
    )
    db["aliases"].create_index(["state"], if_not_exists=True)
    for instrument in dataset.instruments:
        events = dataset.events[instrument.id]
        rules = rules_for(dataset, instrument)
        db["instruments"].insert(
            {
                "id": instrument.id, "name": instrument.name, "short_name": instrument.short_name,
                "kind": instrument.kind, "depositary": instrument.depositary,
                "adopted": _iso(instrument.adopted), "opened_for_signature": _iso(instrument.opened_for_signature),
                "entry_into_force": _iso(instrument.entry_into_force), "rules": instrument.rules,
                "consents_for_entry_into_force": instrument.consents_for_entry_into_force,
                "trigger_date": _iso(rules.trigger_date), "status_as_at": _iso(instrument.status_as_at),
                "sources": json.dumps(list(instrument.sources)), "note": instrument.note,
            },
            pk="id",
            columns={"adopted": str, "opened_for_signature": str, "entry_into_force": str, "trigger_date": str,
                     "consents_for_entry_into_force": int},
        )
        db["events"].insert_all(
            ({"instrument": instrument.id, "state": e.state, "event": e.type.value, "date": e.date.isoformat(),
              "date_precision": e.date_precision,
              "effective_date": _iso(dataset.withdrawal_effective.get((instrument.id, e.state)))
              if e.type.value == "withdrawal_notification" else None,
              "reference": e.reference, "condition": e.condition, "source": e.source, "source_as_of": _iso(e.source_as_of), "note": e.note} for e in events),
            columns={"effective_date": str, "reference": str, "condition": str, "source_as_of": str, "note": str},
        )
        parts = participations(dataset, instrument)
        db["participants"].insert_all(
            ({"instrument": instrument.id, **{name: _text(getattr(p, name)) for name in STORED_PARTICIPATION_FIELDS}}
             for p in parts),
            pk=("instrument", "state"),
        )
        db["periods"].insert_all(
            ({"instrument": instrument.id, "state": p.state, "status": period.status.value,
              "start": period.start.isoformat(), "end": _iso(period.end)} for p in parts for period in p.periods),
            columns={"end": str},
        )
    db["rules"].insert_all(parameters(r) for r in sorted(dataset.rules.values(), key=lambda r: r.id))
    db["events"].create_index(["instrument", "state"], if_not_exists=True)
    db["periods"].create_index(["instrument", "state"], if_not_exists=True)
    db["packed"].insert_all(({"instrument": i.id, **_packed(db.conn, i.id)} for i in dataset.instruments),
                            pk="instrument")
    db.conn.commit()
    db.conn.execute("VACUUM")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="seed folder (default: seeds/)")
    parser.add_argument("--output", type=Path, default=Path(os.environ.get("TREATY_DB", DEFAULT_OUTPUT)),
                        help="database file (default: $TREATY_DB or data/treaties.db)")
    args = parser.parse_args(argv)
    try:
        dataset = build(args.seeds, args.output)
    except seedlib.InvalidSeeds as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"build failed: {len(exc.errors)} error(s); {args.output} left as it was", file=sys.stderr)
        return 1
    events = sum(len(v) for v in dataset.events.values())
    print(f"built {args.output}: dataset {dataset.version}, {len(dataset.instruments)} instruments, {events} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
