"""One UN Treaty Collection status page ("ViewDetails.aspx?src=TREATY&mtdsg_no=...") read into plain data.

Pure: HTML text in, a `StatusPage` out, or `BadPage` naming the page, the row and what is wrong. The page's
conventions (from its column headings): a date with no mark is a ratification, `a` accession, `A`
acceptance, `AA` approval, `d` succession (in a signature column: succession to signature), `n`
provisional application; a participant whose dates are all in brackets has withdrawn, and a footnote
dates the withdrawal and cites the depositary notification (C.N.).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import lxml.html

GRID_ID = "ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid"
LIVE_URL = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={chapter}&chapter={number}&clang=_en"

CONSENT_MARKS = {"": "ratification", "a": "accession", "A": "acceptance", "AA": "approval", "d": "succession"}
SIGNATURE_MARKS = {"": "signature", "d": "signature"}  # `d`: succession to signature, still a signature
PROVISIONAL_MARKS = {"n": "provisional_application"}

_DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})(?: ?([A-Za-z]{1,2}))?$")
_AS_AT = re.compile(r"STATUS AS AT\s*:\s*(\d{2})-(\d{2})-(\d{4})")
_COUNTS = re.compile(r"Signatories\s*:\s*(\d+)\s*\.\s*Parties\s*:\s*(\d+)")
_PARTIES_ONLY = re.compile(r"^\s*Parties\s*:\s*(\d+)")
_CHAPTER = re.compile(r"mtdsg_no=([IVXL]+-\d+(?:-[a-z])?)&(?:amp;)?chapter=(\d+)")
_CN = re.compile(r"C\.N\.\d+\.\d{4}\.TREATIES-[IVXL]+[-.]\d+(?:-[a-z])?")
_LONG_DATE = r"(\d{1,2} [A-Z][a-z]+ \d{4})"
_WITHDRAWAL = re.compile(r"On " + _LONG_DATE + r",? the Government of (?:the )?(.+?) deposited with the "
                         r"Secretary-General a notification of withdrawal")
# A signatory's notice that it will not become a party (e.g. the United States and the ATT, 2019).
_NOT_A_PARTY = re.compile(r"In a communication received on " + _LONG_DATE + r",? the Government of (?:the )?(.+?) "
                          r"informed the Secretary-General .*?(?:does not|not) intend to become a party")
_EFFECT = re.compile(r"withdrawal (took|will take) effect for .+? on " + _LONG_DATE)


class BadPage(ValueError):
    """The page cannot be imported; the message names the page, the row and what is wrong."""


@dataclass(frozen=True)
class Action:
    kind: str  # an event type: signature, ratification, accession, ..., provisional_application
    date: dt.date
    mark: str  # the page's own mark after the date ("", "a", "A", "AA", "d", "n")
    bracketed: bool


@dataclass(frozen=True)
class Withdrawal:
    notified: dt.date
    effective: dt.date | None
    took_effect: bool  # the page says "took effect", not "will take effect"
    reference: str  # the C.N. notification, e.g. C.N.347.2024.TREATIES-XXVI-6
    footnote: str


@dataclass(frozen=True)
class Statement:
    date: dt.date
    footnote_number: str
    footnote: str


@dataclass(frozen=True)
class Row:
    number: int  # 1-based row of the participant table, for messages
    participant: str
    footnotes: tuple[str, ...]
    actions: tuple[Action, ...]
    withdrawal: Withdrawal | None
    statements: tuple[Statement, ...] = ()

    @property
    def withdrawn(self) -> bool:
        return bool(self.actions) and all(a.bracketed for a in self.actions)


@dataclass(frozen=True)
class StatusPage:
    label: str  # where the text came from (a file name), for messages
    chapter: str  # e.g. XXVI-6
    chapter_number: str  # e.g. 26
    status_as_at: dt.date
    signatories: int | None  # None where the page gives no such figure
    parties: int
    rows: tuple[Row, ...]
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return LIVE_URL.format(chapter=self.chapter, number=self.chapter_number)


def _text(element) -> str:
    return " ".join(element.text_content().replace("\xa0", " ").split())


def parse_day(text: str) -> dt.date:
    """'3 December 2008' or '3 Dec 2008' -> date; ValueError otherwise."""
    for form in ("%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def parse(text: str, label: str) -> StatusPage:
    """Read a saved status page; raise BadPage with `label`, the row and what is wrong."""
    def bad(message: str, row: int | None = None) -> BadPage:
        where = f"{label}: row {row}" if row else label
        return BadPage(f"{where}: {message}")

    as_at = _AS_AT.search(text)
    chapter = _CHAPTER.search(text)
    if not as_at or not chapter:
        raise bad("not a UN Treaty Collection status page (no 'STATUS AS AT' line or no mtdsg_no in its address)")
    try:
        doc = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise bad(f"cannot be read as HTML: {exc}") from None
    day, month, year = (int(g) for g in as_at.groups())
    try:
        status_as_at = dt.date(year, month, day)
    except ValueError:
        raise bad(f"'STATUS AS AT' date {as_at.group(0)!r} is not a date (DD-MM-YYYY)") from None
    signatories, parties = _counts(doc, bad)
    notes = _notes(doc)
    grid = doc.get_element_by_id(GRID_ID, None)
    if grid is None:
        raise bad(f"no participant table (id {GRID_ID})")
    trs = grid.findall(".//tr")
    if len(trs) < 2:
        raise bad("the participant table has no rows")
    columns = _columns([_text(td) for td in trs[0].findall("td")], bad)
    rows = []
    for number, tr in enumerate(trs[1:], start=1):
        rows.append(_row(number, tr, columns, notes, bad))
    names = [r.participant for r in rows]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise bad(f"participant listed twice: {', '.join(twice)}")
    return StatusPage(label, chapter.group(1), chapter.group(2), status_as_at, signatories, parties, tuple(rows), notes)


def _counts(doc, bad) -> tuple[int | None, int]:
    for div in doc.xpath("//div[contains(@id, 'rptStatus')]"):
        found = _COUNTS.search(_text(div))
        if found:
            return int(found.group(1)), int(found.group(2))
        found = _PARTIES_ONLY.search(_text(div))
        if found:
            return None, int(found.group(1))
    raise bad("no header counts ('Signatories : N. Parties : N.')")


def _notes(doc) -> dict[str, str]:
    notes = {}
    for div in doc.xpath("//div[contains(@class, 'divNotesAll')]"):
        anchor = div.find(".//a[@name]")
        if anchor is None:
            continue
        body = _text(div)
        number = anchor.get("name")
        notes[number] = body[len(number):].strip() if body.startswith(number) else body
    return notes


def _columns(headings: list[str], bad) -> list[dict[str, str] | None]:
    """For each column after the participant, the marks it may carry and the event each mark means."""
    if not headings or not headings[0].startswith("Participant"):
        raise bad(f"the table's first heading is {headings[:1]!r}, not 'Participant'")
    columns: list[dict[str, str] | None] = [None]
    for heading in headings[1:]:
        if heading.startswith("Signature"):
            columns.append(SIGNATURE_MARKS)
        elif heading.startswith("Provisional application"):
            columns.append(PROVISIONAL_MARKS)
        elif "Ratification" in heading or "Accession" in heading:
            columns.append(CONSENT_MARKS)
        else:
            raise bad(f"unknown column heading {heading!r}")
    return columns


def _row(number: int, tr, columns, notes: dict[str, str], bad) -> Row:
    tds = tr.findall("td")
    if len(tds) != len(columns):
        raise bad(f"has {len(tds)} cells, the table's heading has {len(columns)}", number)
    name_cell = tds[0]
    footnotes = tuple(a.text_content().strip() for a in name_cell.xpath(".//sup//a"))
    for sup in name_cell.xpath(".//sup"):
        sup.drop_tree()
    participant = _text(name_cell)
    if not participant:
        raise bad("no participant name", number)
    actions = []
    for cell, marks in zip(tds[1:], columns[1:]):
        value = _text(cell)
        if not value:
            continue
        bracketed = value.startswith("[") and value.endswith("]")
        inner = value.strip("[] ")
        found = _DATE.match(inner)
        if not found:
            raise bad(f"{participant}: {value!r} is not a date such as '3 Dec 2008' with an optional mark", number)
        mark = found.group(4) or ""
        if mark not in marks:
            raise bad(f"{participant}: mark {mark!r} in {value!r} is not one of {sorted(marks)} for its column", number)
        try:
            day = parse_day(" ".join(found.group(1, 2, 3)))
        except ValueError:
            raise bad(f"{participant}: {value!r} is not a date", number) from None
        actions.append(Action(marks[mark], day, mark, bracketed))
    withdrawal = None
    statements = []
    for note in footnotes:
        if note not in notes:
            raise bad(f"{participant}: footnote {note} is not in the page's end notes", number)
        found = _withdrawal(notes[note], participant, number, bad)
        if found:
            withdrawal = found
        declared = _NOT_A_PARTY.search(notes[note])
        if declared:
            try:
                statements.append(Statement(parse_day(declared.group(1)), note, notes[note]))
            except ValueError as exc:
                raise bad(f"{participant}: footnote {note} has a date that does not parse ({exc})", number) from None
    row = Row(number, participant, footnotes, tuple(actions), withdrawal, tuple(statements))
    if row.withdrawn and withdrawal is None:
        raise bad(f"{participant}: bracketed (withdrawn) but no footnote dates the withdrawal", number)
    if withdrawal and withdrawal.took_effect and not row.withdrawn:
        raise bad(f"{participant}: a footnote says the withdrawal took effect but the row is not bracketed", number)
    return row


def _withdrawal(note: str, participant: str, number: int, bad) -> Withdrawal | None:
    notified = _WITHDRAWAL.search(note)
    if not notified:
        return None
    effect = _EFFECT.search(note)
    references = _CN.findall(note)
    if len(references) != 1:
        raise bad(f"{participant}: the withdrawal footnote cites {len(references)} C.N. notifications, expected 1", number)
    try:
        return Withdrawal(
            notified=parse_day(notified.group(1)),
            effective=parse_day(effect.group(2)) if effect else None,
            took_effect=bool(effect and effect.group(1) == "took"),
            reference=references[0],
            footnote=note,
        )
    except ValueError as exc:
        raise bad(f"{participant}: the withdrawal footnote has a date that does not parse ({exc})", number) from None
