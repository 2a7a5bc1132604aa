"""CSV for every list, rendered here only: the rows are the JSON answer's `items` as its schema dumps
them, so the columns are the JSON keys (a nested object's keys become `key.subkey` columns)."""

from __future__ import annotations

import csv

import marshmallow as ma
from flask import Response

# A cell holding several values (sources, aliases, state lists) joins them with this; no value we hold
# contains it, so splitting the cell on it gives the JSON list back.
SEPARATOR = "|"


def columns(item_schema: ma.Schema) -> list[str]:
    found = []
    for name, field in item_schema.fields.items():
        key = field.data_key or name
        if isinstance(field, ma.fields.Nested):
            found += [f"{key}.{sub}" for sub in columns(field.schema)]
        else:
            found.append(key)
    return found


def flatten(item: dict) -> dict:
    flat = {}
    for key, value in item.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": v for sub, v in flatten(value).items()})
        else:
            flat[key] = value
    return flat


def csv_response(items: list[dict], item_schema: ma.Schema, filename: str, reused: bool = False) -> Response:
    """RFC 4180: CRLF line ends, quoted where needed, a header row.

    `reused`: the items are dumps kept for reuse (schemas.fields.Reused), never changed once made, so
    each one's line is written once and kept with it (by identity: the entry holds the item, so no other
    object can take its id while the line is kept)."""
    names = columns(item_schema)
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(names)
    lines = [line.text]
    for item in items:
        kept = _LINES.get(id(item)) if reused else None
        if kept is None:
            row = flatten(item)
            writer.writerow([_cell(row.get(name)) for name in names])
            kept = (item, line.text)
            if reused and len(_LINES) < MAX_KEPT_LINES:
                _LINES[id(item)] = kept
        lines.append(kept[1])
    response = Response("".join(lines), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8; header=present"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}.csv"'
    return response


MAX_KEPT_LINES = 20_000
_LINES: dict[int, tuple[dict, str]] = {}


class _Line:
    """What csv.writer writes to: one row's text at a time."""

    text = ""

    def write(self, text: str) -> None:
        self.text = text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
