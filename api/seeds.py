"""Read and validate the seed files, collecting every error as `path:line: what is wrong`.

Nothing here writes: build.py turns a validated `Dataset` into the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import babel
import babel.core
import pycountry

from .dataset import dataset_version
from .domain.dates import parse_iso_date
from .domain.identifiers import Resolver, UnknownIdentifier, normalize
from .domain.model import CONSENT_EVENTS, WITHDRAWAL_CONDITIONS, Event, EventType, Instrument, State
from .domain.rules import RULE_PARAMETERS, Rules, parse_rule

INSTRUMENT_COLUMNS = [
    "id", "name", "short_name", "kind", "depositary", "adopted", "opened_for_signature", "entry_into_force",
    "rules", "status_as_at", "sources", "note",
]
RULE_COLUMNS = list(RULE_PARAMETERS)
ALIAS_COLUMNS = ["state", "alias", "source"]
EVENT_COLUMNS = ["state", "participant", "event", "date", "date_precision", "effective_date", "reference", "condition",
                 "source", "source_as_of", "note"]
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
    # Rule entries by id (seeds/rules.csv), unbound: each instrument binds its own facts.
    rules: dict[str, Rules] = field(default_factory=dict)
    # Depositary-stated effective dates of withdrawals, by (instrument, state).
    withdrawal_effective: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    # The header counts of each imported depositary page (seeds/pages/untc/*.json), checked by the build.
    pages: list[dict] = field(default_factory=list)


def iso_states() -> list[State]:
    """Every ISO 3166-1 country; `name` follows one rule, stated in seeds/README.md ("Display names")."""
    rows = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or reading_order(c.name)
        official = reading_order(getattr(c, "official_name", None) or c.name)
        rows.append(State(c.alpha_3, c.alpha_2, c.numeric, name, official, iso_name=c.name))
    return sorted(rows, key=lambda r: r.code)


def reading_order(iso_name: str) -> str:
    """ISO's inverted short names in the order they are read, and without a comma.

    'Congo, The Democratic Republic of the' -> 'Democratic Republic of the Congo', 'Virgin Islands, British'
    -> 'British Virgin Islands'; a list of islands joins with 'and': 'Bonaire, Sint Eustatius and Saba' ->
    'Bonaire and Sint Eustatius and Saba'.
    """
    head, _, tail = iso_name.partition(", ")
    if not tail:
        return iso_name
    if " and " in tail:
        return iso_name.replace(", ", " and ")
    if tail.startswith("Province of"):  # an apposition, not an inversion: 'Taiwan, Province of China'
        return f"{head} ({tail})"
    tail = tail.removeprefix("The ")
    return f"{tail} {head}"


CLDR_SOURCE = "https://github.com/unicode-org/cldr/blob/release-{version}/common/main/en.xml"


def cldr_names(states: list[State], taken: set[str]) -> list[AliasRow]:
    """Unicode CLDR's English names of the ISO countries ('Russia', 'Vatican City', 'Cape Verde'), as aliases.

    A name already known (an ISO name or code, a key in `taken`) is left out.
    """
    locale = babel.Locale("en")
    source = CLDR_SOURCE.format(version=babel.core.get_cldr_version())
    known = set(iso_names(states)) | taken
    rows = []
    for s in states:
        name = locale.territories.get(s.alpha2)
        if name and normalize(name) not in known:
            known.add(normalize(name))
            rows.append(AliasRow(s.code, name, source))
    return rows


def iso_names(states: list[State]) -> dict[str, str]:
    """Each state's codes and ISO names, normalised -> its alpha-3."""
    return {normalize(n): s.code for s in states for n in (s.code, s.alpha2, s.name, s.official_name, s.iso_name)}


# Control characters other than tab and line breaks: never part of a name, date or note, and the database
# packs rows with two of them (api.packing).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
        control = _CONTROL.search(text)
        if control:
            self.error(text.count("\n", 0, control.start()) + 1,
                       f"holds a control character (U+{ord(control.group()):04X}): seed text may hold tabs and line "
                       "breaks but no other")
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

    aliases = _load_aliases(seeds_dir, states, errors)
    aliases += cldr_names(states, {normalize(a.alias) for a in aliases})
    resolver = _resolver(states, aliases)
    rules = _load_rules(seeds_dir, errors)
    instruments = _load_instruments(seeds_dir, errors, today, rules)
    dataset = Dataset(dataset_version(seeds_dir), states, aliases, instruments, rules=rules)
    for instrument in instruments:
        path = seeds_dir / "events" / f"{instrument.id}.csv"
        if not path.exists():
            errors.append(SeedError(f"{seeds_dir.name}/events/{instrument.id}.csv", 1, "missing: every instrument needs an events file"))
            continue
        dataset.events[instrument.id] = _load_events(path, seeds_dir, instrument, codes, resolver, dataset, errors)
        if instrument.rules in rules:
            _check_against_rules(path, seeds_dir, rules[instrument.rules], dataset, instrument, errors)
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
    """The names the seeds accept for states (ISO 3166-1, CLDR and seeds/aliases.csv); InvalidSeeds if
    aliases.csv is bad."""
    errors: list[SeedError] = []
    states = iso_states()
    aliases = _load_aliases(Path(seeds_dir), states, errors)
    if errors:
        raise InvalidSeeds(errors)
    return _resolver(states, aliases + cldr_names(states, {normalize(a.alias) for a in aliases}))


def _load_aliases(seeds_dir: Path, states: list[State], errors: list[SeedError]) -> list[AliasRow]:
    reader = _Reader(seeds_dir / "aliases.csv", seeds_dir, ALIAS_COLUMNS, errors)
    codes = {s.code for s in states}
    iso = iso_names(states)
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
        if iso.get(key, row["state"]) != row["state"]:
            reader.error(line, f"alias {row['alias']!r} is a name of {iso[key]}, not {row['state']}")
            continue
        seen.add(key)
        reader.sources(line, row, "source")
        rows.append(AliasRow(row["state"], row["alias"], row["source"]))
    return rows


def load_rules(seeds_dir: Path) -> dict[str, Rules]:
    """seeds/rules.csv alone, validated: the rule entries by id, or InvalidSeeds."""
    errors: list[SeedError] = []
    rules = _load_rules(Path(seeds_dir), errors)
    if errors:
        raise InvalidSeeds(errors)
    return rules


def _load_rules(seeds_dir: Path, errors: list[SeedError]) -> dict[str, Rules]:
    """seeds/rules.csv: one rule entry per row, each parameter a kind the model knows, each quoting the
    articles it comes from and where they were read."""
    reader = _Reader(seeds_dir / "rules.csv", seeds_dir, RULE_COLUMNS, errors)
    rules: dict[str, Rules] = {}
    for line, row in reader.rows():
        rule_id = row["id"]
        if not rule_id or not rule_id.replace("_", "").isalnum() or rule_id != rule_id.lower():
            reader.error(line, f"id {rule_id!r} must be lower-case letters, digits and _")
            continue
        if rule_id in rules:
            reader.error(line, f"id {rule_id!r} is listed twice")
            continue
        rule, problems = parse_rule(row)
        for problem in problems:
            reader.error(line, problem)
        if reader.sources(line, row, "source") and rule is not None:
            rules[rule_id] = rule
    return rules


def _load_instruments(seeds_dir: Path, errors: list[SeedError], today: dt.date,
                      rules: dict[str, Rules]) -> list[Instrument]:
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
        rule = rules.get(row["rules"])
        if rule is None:
            reader.error(line, f"rules {row['rules']!r} is not an id in rules.csv ({', '.join(sorted(rules)) or 'none'})")
        for column in ("name", "short_name", "depositary"):
            if not row[column]:
                reader.error(line, f"{column} is missing")
        if rule is not None and rule.floor is not None and not row["opened_for_signature"]:
            reader.error(line, f"rules {rule.id!r} has a floor counted from the opening for signature: opened_for_signature is missing")
        threshold = rule.trigger if rule is not None else None
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
            line=line,
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
        events.append(Event(state, kind, day, row["source"], source_as_of, row["note"], precision,
                            reference=row["reference"], condition=row["condition"], line=line))
    _check_order(reader, events, lines)
    return sorted(events, key=lambda e: (e.state, e.date, e.type.value))


def _check_against_rules(path: Path, seeds_dir: Path, rule: Rules, dataset: Dataset, instrument: Instrument,
                         errors: list[SeedError]) -> None:
    """The rows an instrument's rule entry makes meaningful: a withdrawal's condition, a withdrawal
    under an instrument without a withdrawal clause, a revocation."""
    reader = _Reader(path, seeds_dir, EVENT_COLUMNS, errors)
    consents: dict[str, dt.date] = {}
    for e in sorted(dataset.events[instrument.id], key=lambda e: e.date):
        if e.type in CONSENT_EVENTS:
            consents.setdefault(e.state, e.date)
        if e.condition:
            if e.type is not EventType.WITHDRAWAL_NOTIFICATION:
                reader.error(e.line, "condition is only for withdrawal_notification rows")
            elif e.condition not in WITHDRAWAL_CONDITIONS:
                reader.error(e.line, f"condition {e.condition!r} is not one of {', '.join(WITHDRAWAL_CONDITIONS)} (or empty)")
            elif not rule.withdrawal_condition:
                reader.error(e.line, f"condition {e.condition!r}: the withdrawal under rules {rule.id!r} has no condition "
                             f"({rule.withdrawal_article or 'no withdrawal clause'})")
        if e.type is EventType.WITHDRAWAL_NOTIFICATION and rule.withdrawal is None \
                and (instrument.id, e.state) not in dataset.withdrawal_effective:
            reader.error(e.line, f"rules {rule.id!r} has no withdrawal clause: a withdrawal row needs the "
                         "effective_date its source states")
        if e.type is EventType.REVOCATION and not (e.state in consents and consents[e.state] <= e.date):
            reader.error(e.line, f"revocation on {e.date}: {e.state} has no earlier instrument of consent to revoke")


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
