"""Read and validate the seed files, collecting every error as `path:line: what is wrong`.

Nothing here writes: build.py turns a validated `Dataset` into the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from .dataset import dataset_version
from .domain.dates import parse_iso_date
from .domain.identifiers import Resolver, UnknownIdentifier, normalize
from .domain.model import CONSENT_EVENTS, Event, EventType, Instrument, State
from .domain.rules import RULE_SETS

INSTRUMENT_COLUMNS = [
    "id", "name", "short_name", "kind", "depositary", "adopted", "opened_for_signature", "entry_into_force",
    "rules", "consents_for_entry_into_force", "status_as_at", "sources", "note",
]
ALIAS_COLUMNS = ["state", "alias", "source"]
EVENT_COLUMNS = ["state", "participant", "event", "date", "date_precision", "effective_date", "reference", "condition",
                 "source", "source_as_of", "note"]
# `condition` of a conditional withdrawal (armed conflict: CCM, APMBC Art. 20(3), TPNW Art. 17(2)): a cited source
# records it as having taken effect (`not_invoked`), or as held back (`invoked`); empty: nothing recorded.
CONDITIONS = {"", "not_invoked", "invoked"}
# Several statements by one state are distinct rows; every other event happens once per state.
REPEATABLE_EVENTS = {EventType.STATEMENT}
KINDS = {"treaty", "organisation"}
DATE_PRECISIONS = {"day", "on_or_before"}


@dataclass(frozen=True)
class SeedError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class InvalidSeeds(Exception):
    def __init__(self, errors: list[SeedError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class AliasRow:
    state: str
    alias: str
    source: str


@dataclass
class Dataset:
    version: str
    states: list[State]
    aliases: list[AliasRow]
    instruments: list[Instrument]
    events: dict[str, list[Event]] = field(default_factory=dict)
    # Depositary-stated effective dates of withdrawals, by (instrument, state).
    withdrawal_effective: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    # `condition` of a withdrawal (see CONDITIONS), by (instrument, state), where a source records one.
    withdrawal_condition: dict[tuple[str, str], str] = field(default_factory=dict)
    # The depositary notification a row cites (C.N. number), by (instrument, state, event type, date).
    references: dict[tuple[str, str, str, dt.date], str] = field(default_factory=dict)
    # The header counts of each imported depositary page (seeds/pages/untc/*.json), checked by the build.
    pages: list[dict] = field(default_factory=list)


def iso_states() -> list[State]:
    rows = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        rows.append(State(c.alpha_3, c.alpha_2, c.numeric, name, getattr(c, "official_name", None) or c.name,
                          iso_name=c.name))
    return sorted(rows, key=lambda r: r.code)


class _Reader:
    """Reads one CSV file, reporting problems against its line numbers."""

    def __init__(self, path: Path, root: Path, columns: list[str], errors: list[SeedError]):
        self.label = (Path(root.name) / path.relative_to(root)).as_posix()
        self.path, self.columns, self.errors = path, columns, errors

    def error(self, line: int, message: str) -> None:
        self.errors.append(SeedError(self.label, line, message))

    def rows(self):
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error(1, f"cannot be read as UTF-8 text: {exc}")
            return
        reader = csv.reader(text.splitlines())
        header = next(reader, None)
        if header != self.columns:
            self.error(1, f"header must be {','.join(self.columns)} (found {','.join(header or [])})")
            return
        for line, values in enumerate(reader, start=2):
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(self.columns):
                self.error(line, f"has {len(values)} fields, expected {len(self.columns)}")
                continue
            yield line, {k: v.strip() for k, v in zip(self.columns, values)}

    def date(self, line: int, row: dict, column: str, required: bool = True) -> dt.date | None:
        value = row[column]
        if not value:
            if required:
                self.error(line, f"{column} is missing")
            return None
        try:
            return parse_iso_date(value)
        except ValueError:
            self.error(line, f"{column} {value} is not a date (YYYY-MM-DD)")
            return None

    def sources(self, line: int, row: dict, column: str) -> list[str]:
        urls = row[column].split()
        if not urls:
            self.error(line, f"{column} is missing: every row needs the URL it comes from")
        for url in urls:
            if not url.startswith(("https://", "http://")):
                self.error(line, f"{column} {url!r} is not an http(s) URL")
        return urls


def load(seeds_dir: Path, today: dt.date | None = None) -> Dataset:
    """Validate every seed file; raise InvalidSeeds with all errors, or return the dataset."""
    seeds_dir = Path(seeds_dir)
    today = today or dt.datetime.now(dt.timezone.utc).date()
    errors: list[SeedError] = []
    states = iso_states()
    codes = {s.code for s in states}

    aliases = _load_aliases(seeds_dir, codes, errors)
    resolver = _resolver(states, aliases)
    instruments = _load_instruments(seeds_dir, errors, today)
    dataset = Dataset(dataset_version(seeds_dir), states, aliases, instruments)
    for instrument in instruments:
        path = seeds_dir / "events" / f"{instrument.id}.csv"
        if not path.exists():
            errors.append(SeedError(f"{seeds_dir.name}/events/{instrument.id}.csv", 1, "missing: every instrument needs an events file"))
            continue
        dataset.events[instrument.id] = _load_events(path, seeds_dir, instrument, codes, resolver, dataset, errors)
    known = {i.id for i in instruments}
    dataset.pages = _load_pages(seeds_dir, known, errors)
    for path in sorted((seeds_dir / "events").glob("*.csv")):
        if path.stem not in known:
            errors.append(SeedError(f"{seeds_dir.name}/events/{path.name}", 1, f"no instrument {path.stem!r} in instruments.csv"))
    if errors:
        raise InvalidSeeds(errors)
    return dataset


def _resolver(states: list[State], aliases: list[AliasRow]) -> Resolver:
    return Resolver(
        [(s.code, s.name, [s.alpha2, s.numeric, s.official_name, s.iso_name]) for s in states]
        + [(a.state, a.alias, []) for a in aliases]
    )


def state_resolver(seeds_dir: Path) -> Resolver:
    """The names the seeds accept for states (ISO 3166-1 and seeds/aliases.csv); InvalidSeeds if aliases.csv is bad."""
    errors: list[SeedError] = []
    states = iso_states()
    aliases = _load_aliases(Path(seeds_dir), {s.code for s in states}, errors)
    if errors:
        raise InvalidSeeds(errors)
    return _resolver(states, aliases)


def _load_aliases(seeds_dir: Path, codes: set[str], errors: list[SeedError]) -> list[AliasRow]:
    reader = _Reader(seeds_dir / "aliases.csv", seeds_dir, ALIAS_COLUMNS, errors)
    rows, seen = [], set()
    for line, row in reader.rows():
        if row["state"] not in codes:
            reader.error(line, f"state {row['state']!r} is not an ISO 3166-1 alpha-3 code")
            continue
        if not row["alias"]:
            reader.error(line, "alias is missing")
            continue
        key = normalize(row["alias"])
        if key in seen:
            reader.error(line, f"alias {row['alias']!r} is listed twice")
            continue
        seen.add(key)
        reader.sources(line, row, "source")
        rows.append(AliasRow(row["state"], row["alias"], row["source"]))
    return rows


def _load_instruments(seeds_dir: Path, errors: list[SeedError], today: dt.date) -> list[Instrument]:
    reader = _Reader(seeds_dir / "instruments.csv", seeds_dir, INSTRUMENT_COLUMNS, errors)
    rows: list[Instrument] = []
    for line, row in reader.rows():
        if not row["id"] or not row["id"].replace("_", "").isalnum() or row["id"] != row["id"].lower():
            reader.error(line, f"id {row['id']!r} must be lower-case letters, digits and _")
            continue
        if any(r.id == row["id"] for r in rows):
            reader.error(line, f"id {row['id']!r} is listed twice")
            continue
        if row["kind"] not in KINDS:
            reader.error(line, f"kind {row['kind']!r} is not one of {', '.join(sorted(KINDS))}")
        if row["rules"] not in RULE_SETS:
            reader.error(line, f"rules {row['rules']!r} is not one of {', '.join(sorted(RULE_SETS))}")
        for column in ("name", "short_name", "depositary"):
            if not row[column]:
                reader.error(line, f"{column} is missing")
        threshold = None
        if row["consents_for_entry_into_force"]:
            if not row["consents_for_entry_into_force"].isdigit():
                reader.error(line, f"consents_for_entry_into_force {row['consents_for_entry_into_force']!r} is not a whole number")
            else:
                threshold = int(row["consents_for_entry_into_force"])
        status_as_at = reader.date(line, row, "status_as_at")
        if status_as_at and status_as_at > today:
            reader.error(line, f"status_as_at {status_as_at} is in the future")
        rows.append(Instrument(
            id=row["id"], name=row["name"], short_name=row["short_name"], kind=row["kind"],
            depositary=row["depositary"],
            adopted=reader.date(line, row, "adopted", required=False),
            opened_for_signature=reader.date(line, row, "opened_for_signature", required=False),
            entry_into_force=reader.date(line, row, "entry_into_force", required=False),
            rules=row["rules"], consents_for_entry_into_force=threshold, trigger_date=None,
            status_as_at=status_as_at or today, sources=tuple(reader.sources(line, row, "sources")), note=row["note"],
        ))
    return rows


def _load_events(path, seeds_dir, instrument: Instrument, codes, resolver: Resolver, dataset: Dataset,
                 errors: list[SeedError]) -> list[Event]:
    reader = _Reader(path, seeds_dir, EVENT_COLUMNS, errors)
    events: list[Event] = []
    lines: dict[tuple, int] = {}
    for line, row in reader.rows():
        state = row["state"]
        if state not in codes:
            reader.error(line, f"state {state!r} is not an ISO 3166-1 alpha-3 code")
            continue
        if row["participant"]:
            try:
                named = resolver.resolve(row["participant"])
            except UnknownIdentifier:
                reader.error(line, f"participant {row['participant']!r} is not a known name: add it to aliases.csv")
                named = state
            if named != state:
                reader.error(line, f"participant {row['participant']!r} is {named}, not {state}")
        try:
            kind = EventType(row["event"])
        except ValueError:
            reader.error(line, f"event {row['event']!r} is not one of {', '.join(e.value for e in EventType)}")
            continue
        day = reader.date(line, row, "date")
        source_as_of = reader.date(line, row, "source_as_of")
        reader.sources(line, row, "source")
        effective = reader.date(line, row, "effective_date", required=False)
        precision = row["date_precision"] or "day"
        if precision not in DATE_PRECISIONS:
            reader.error(line, f"date_precision {precision!r} is not one of {', '.join(sorted(DATE_PRECISIONS))}")
        if effective and kind is not EventType.WITHDRAWAL_NOTIFICATION:
            reader.error(line, "effective_date is only for withdrawal_notification rows")
        condition = row["condition"]
        if condition not in CONDITIONS:
            reader.error(line, f"condition {condition!r} is not one of not_invoked, invoked or empty")
        elif condition and kind is not EventType.WITHDRAWAL_NOTIFICATION:
            reader.error(line, "condition is only for withdrawal_notification rows")
        if row["reference"] and len(row["reference"].split()) != 1:
            reader.error(line, f"reference {row['reference']!r} must be one notification number, e.g. C.N.347.2024.TREATIES-XXVI-6")
        if day is None:
            continue
        if source_as_of and source_as_of < day:
            reader.error(line, f"source_as_of {source_as_of} is before the event's date {day}")
        key = (state, kind, day) if kind in REPEATABLE_EVENTS else (state, kind)
        if key in lines:
            reader.error(line, f"duplicate {kind.value} for {state} (also on line {lines[key]})")
            continue
        lines[key] = line
        if instrument.opened_for_signature and kind is EventType.SIGNATURE and day < instrument.opened_for_signature:
            reader.error(line, f"signature on {day} is before the instrument opened for signature ({instrument.opened_for_signature})")
        if effective:
            dataset.withdrawal_effective[instrument.id, state] = effective
        if condition:
            dataset.withdrawal_condition[instrument.id, state] = condition
        if row["reference"]:
            dataset.references[instrument.id, state, kind.value, day] = row["reference"]
        events.append(Event(state, kind, day, row["source"], source_as_of, row["note"], precision))
    _check_order(reader, events, lines)
    return sorted(events, key=lambda e: (e.state, e.date, e.type.value))


def _check_order(reader: _Reader, events: list[Event], lines: dict) -> None:
    by_state: dict[str, dict[EventType, Event]] = {}
    for e in events:
        if e.type not in REPEATABLE_EVENTS:
            by_state.setdefault(e.state, {})[e.type] = e
    for state, kinds in by_state.items():
        consents = [e for k, e in kinds.items() if k in CONSENT_EVENTS]
        if len(consents) > 1:
            later = max(consents, key=lambda e: lines[state, e.type])
            reader.error(lines[state, later.type], f"{state} has more than one instrument of consent")
        signature = kinds.get(EventType.SIGNATURE)
        withdrawal = kinds.get(EventType.WITHDRAWAL_NOTIFICATION)
        revocation = kinds.get(EventType.REVOCATION)
        if revocation and not (consents and consents[0].date <= revocation.date):
            reader.error(lines[state, revocation.type], f"{state} revoked a consent it had not deposited before {revocation.date}")
        for consent in consents:
            if signature and consent.date < signature.date:
                reader.error(lines[state, consent.type], f"{consent.type.value} on {consent.date} is before {state}'s signature on {signature.date}")
            if consent.type is EventType.ACCESSION and signature:
                reader.error(lines[state, consent.type], f"{state} signed, so it consents by ratification, acceptance or approval, not accession")
        if withdrawal:
            if not consents:
                reader.error(lines[state, withdrawal.type], f"{state} notified withdrawal without having consented")
            elif withdrawal.date < consents[0].date:
                reader.error(lines[state, withdrawal.type], f"withdrawal notified on {withdrawal.date} is before consent on {consents[0].date}")


PAGE_FIELDS = {"instrument": str, "chapter": str, "url": str, "status_as_at": str, "signatories": (int, type(None)),
               "parties": int, "page": str}


def _load_pages(seeds_dir: Path, instruments: set[str], errors: list[SeedError]) -> list[dict]:
    """The depositary pages we imported (seeds/pages/untc/<chapter>.json, written by `api.depositary`)."""
    pages = []
    for path in sorted((seeds_dir / "pages").glob("*/*.json")):
        label = (Path(seeds_dir.name) / path.relative_to(seeds_dir)).as_posix()
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            errors.append(SeedError(label, 1, f"cannot be read as JSON: {exc}"))
            continue
        wrong = [k for k, t in PAGE_FIELDS.items() if not isinstance(record.get(k), t) or isinstance(record.get(k), bool)]
        if wrong:
            errors.append(SeedError(label, 1, f"needs {', '.join(wrong)} ({', '.join(PAGE_FIELDS)})"))
            continue
        if record["instrument"] not in instruments:
            errors.append(SeedError(label, 1, f"instrument {record['instrument']!r} is not in instruments.csv"))
            continue
        if not (path.parent / record["page"]).is_file():
            errors.append(SeedError(label, 1, f"page {record['page']!r} is not beside it"))
            continue
        try:
            record["status_as_at"] = parse_iso_date(record["status_as_at"])
        except ValueError:
            errors.append(SeedError(label, 1, f"status_as_at {record['status_as_at']!r} is not a date (YYYY-MM-DD)"))
            continue
        record["label"] = label
        pages.append(record)
    return pages
