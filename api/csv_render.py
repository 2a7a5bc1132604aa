"""CSV for every list, rendered here only: the rows are the JSON answer's `items` as its schema dumps
them, so the columns are the JSON keys (a nested object's keys become `key.subkey` columns)."""

from __future__ import annotations

import csv
import io

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


def csv_response(items: list[dict], item_schema: ma.Schema, filename: str) -> Response:
    """RFC 4180: CRLF line ends, quoted where needed, a header row."""
    names = columns(item_schema)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for item in items:
        row = flatten(item)
        writer.writerow([_cell(row.get(name)) for name in names])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8; header=present"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}.csv"'
    return response


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
