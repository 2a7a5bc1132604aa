"""How each instrument's rows of the three big tables are kept for the server's start-up: one text per
instrument and table, the columns of a row joined by SEP and the rows by ROW_SEP.

The build packs them (table `packed`, derived, one row per instrument) from the tables it has just
written; the server reads that table whole at start-up (six hundred rows rather than three hundred
thousand) and unpacks an instrument's texts on its first use. A NULL packs as '', which every reader takes
as no value; the build refuses seed text holding either separator (seeds._Reader)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .domain.model import STORED_PARTICIPATION_FIELDS

SEP, ROW_SEP = "\x1f", "\x1e"
# table -> its columns after `instrument`, and the order of an instrument's rows
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "participants": (tuple(STORED_PARTICIPATION_FIELDS), ("state",)),
    "periods": (("state", "status", "start", "end"), ("state", "start")),
    "events": (("state", "event", "date", "date_precision", "effective_date", "reference", "condition", "source",
                "source_as_of", "note"), ("state", "date", "event")),
}


def pack(rows: Iterable[Sequence[str | None]]) -> str:
    return ROW_SEP.join(SEP.join("" if value is None else str(value) for value in row) for row in rows)


def unpack(text: str) -> list[list[str]]:
    return [row.split(SEP) for row in text.split(ROW_SEP)] if text else []
