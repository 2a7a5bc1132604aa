"""A status page as seed rows, and what it changes in a seed file.

The page is the depositary's present state, not its history: an action the page no longer shows (a
revoked ratification disappears from the table) stays in the seeds with its own source and is reported,
never deleted. Notes are people's words: a row the page confirms keeps the note it has.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.identifiers import Resolver, UnknownIdentifier
from ..domain.model import CONSENT_EVENTS, EventType
from ..seeds import EVENT_COLUMNS, REPEATABLE_EVENTS
from .page import BadPage, StatusPage

CONSENT_KINDS = {e.value for e in CONSENT_EVENTS}
# The columns a page decides; `note` is ours.
PAGE_COLUMNS = [c for c in EVENT_COLUMNS if c != "note"]


def seed_rows(page: StatusPage, resolver: Resolver, conditional_withdrawal: bool) -> list[dict[str, str]]:
    """Every action on the page as a seed row citing the page's address and its 'status as at' date.

    `conditional_withdrawal`: the instrument's withdrawal is subject to a condition (armed conflict), so a
    withdrawal the page says "took effect" is recorded as `not_invoked`; one it says "will take effect"
    leaves the condition empty (nothing recorded yet)."""
    rows = []
    for row in page.rows:
        try:
            state = resolver.resolve(row.participant)
        except UnknownIdentifier as exc:
            closest = ", ".join(f"{name} ({code})" for name, code in exc.suggestions) or "none"
            raise BadPage(f"{page.label}: row {row.number}: participant {row.participant!r} maps to no state "
                          f"(closest: {closest}); add the UN's name to seeds/aliases.csv with the page as source"
                          ) from None
        for action in row.actions:
            note = ""
            if action.kind == "signature" and action.mark == "d":
                note = "succession to signature (the page's mark d)"
            rows.append(_row(page, state, row.participant, action.kind, action.date.isoformat(), note=note))
        for statement in row.statements:
            note = ("a notice that it does not intend to become a party; no change of status (the depositary "
                    f"still counts the signature). Page footnote {statement.footnote_number}: {statement.footnote}")
            rows.append(_row(page, state, row.participant, EventType.STATEMENT.value, statement.date.isoformat(),
                             note=note))
        if row.withdrawal:
            w = row.withdrawal
            condition = "not_invoked" if conditional_withdrawal and w.took_effect else ""
            rows.append(_row(page, state, row.participant, EventType.WITHDRAWAL_NOTIFICATION.value,
                             w.notified.isoformat(), effective_date=w.effective.isoformat() if w.effective else "",
                             reference=w.reference, condition=condition))
    return sort_rows(rows)


def _row(page: StatusPage, state: str, participant: str, event: str, date: str, **extra) -> dict[str, str]:
    row = dict.fromkeys(EVENT_COLUMNS, "")
    row.update(state=state, participant=participant, event=event, date=date, date_precision="day",
               source=page.url, source_as_of=page.status_as_at.isoformat())
    row.update(extra)
    return row


def key(row: dict[str, str]) -> tuple[str, ...]:
    """One action of one state: a change of consent kind is the same action changed, not a new one."""
    if row["event"] in CONSENT_KINDS:
        return (row["state"], "consent")
    if EventType(row["event"]) in REPEATABLE_EVENTS:
        return (row["state"], row["event"], row["date"])
    return (row["state"], row["event"])


def sort_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    order = {e.value: i for i, e in enumerate(EventType)}
    return sorted(rows, key=lambda r: (r["state"], r["date"], order[r["event"]]))


@dataclass
class Change:
    kind: str  # new, changed, vanished, kept
    state: str
    participant: str
    event: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind:8} {self.state} {self.participant}: {self.event} {self.detail}"


@dataclass
class Merge:
    rows: list[dict[str, str]]
    changes: list[Change] = field(default_factory=list)
    confirmed: int = 0  # rows the page shows as we have them, from the page
    resourced: int = 0  # rows the page shows as we have them, until now from another source

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


def merge(existing: list[dict[str, str]], page_rows: list[dict[str, str]], page_url: str) -> Merge:
    """The seed rows after taking the page's record: the page wins on what it shows (keeping our notes);
    rows it does not show stay, reported as `vanished` (they cited this page) or `kept` (another source)."""
    current = {key(r): r for r in existing}
    result: list[dict[str, str]] = []
    changes: list[Change] = []
    confirmed = resourced = 0
    shown = set()
    for new in page_rows:
        k = key(new)
        shown.add(k)
        old = current.get(k)
        row = dict(new)
        if old is None:
            changes.append(Change("new", new["state"], new["participant"], new["event"], _describe(new)))
        else:
            differs = [c for c in PAGE_COLUMNS if c not in ("source", "source_as_of", "participant") and old[c] != new[c]]
            # Our note stays while the row cites the page; a re-sourced row's old note spoke of the old source.
            row["note"] = old["note"] if old["source"] == new["source"] else _disagreement(old, new, differs)
            if differs:
                detail = "; ".join(f"{c} {old[c] or '(empty)'} -> {new[c] or '(empty)'}" for c in differs)
                if old["source"] != new["source"]:
                    detail += f" (was from {old['source']})"
                changes.append(Change("changed", new["state"], new["participant"], old["event"], detail))
            elif old["source"] != new["source"]:
                resourced += 1
            else:
                confirmed += 1
        result.append(row)
    for k, old in current.items():
        if k in shown:
            continue
        result.append(old)
        kind = "vanished" if old["source"] == page_url else "kept"
        detail = _describe(old) + (f" (not on the page; source {old['source']})" if kind == "kept"
                                   else f" (on the page as at {old['source_as_of']}, not any more)")
        changes.append(Change(kind, old["state"], old["participant"], old["event"], detail))
    order = {"new": 0, "changed": 1, "vanished": 2, "kept": 3}
    changes.sort(key=lambda c: (order[c.kind], c.state, c.event))
    return Merge(sort_rows(result), changes, confirmed, resourced)


def _disagreement(old: dict[str, str], new: dict[str, str], differs: list[str]) -> str:
    parts = [new["note"]] if new["note"] else []
    shown = [c for c in differs if c in ("event", "date", "effective_date")]
    if shown:
        said = ", ".join(f"{c} {old[c] or '(none)'}" for c in shown)
        parts.append(f"the depositary's record; {old['source']} gave {said} (the depositary wins)")
    return "; ".join(parts)


def _describe(row: dict[str, str]) -> str:
    text = row["date"]
    if row["effective_date"]:
        text += f", effective {row['effective_date']}"
    if row["reference"]:
        text += f", {row['reference']}"
    return text


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != EVENT_COLUMNS:
            raise BadPage(f"{path}: header must be {','.join(EVENT_COLUMNS)}")
        return [dict(r) for r in reader]


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, EVENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
