"""Custom fields: strict ISO dates, exact thresholds, comma-separated lists, enums and fractions out, and
rows dumped once."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

import marshmallow as ma

from ..domain.checks import BadThreshold, parse_threshold
from ..domain.dates import parse_iso_date


class IsoDate(ma.fields.Date):
    """YYYY-MM-DD only: no times, no time zones, no week dates; a day that exists."""

    default_error_messages = {
        "invalid": "Not a valid date: expected an existing day as YYYY-MM-DD, for example 2023-07-20.",
    }

    def _deserialize(self, value, attr, data, **kwargs) -> dt.date:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            return parse_iso_date(value)
        except ValueError:
            raise self.make_error("invalid") from None


class Threshold(ma.fields.String):
    """'2/3', '0.5' or '50%' -> Fraction; documented as a string with the pattern it must match."""

    # The texts that were valid thresholds, and their values: a handful come back in every request.
    MAX_KEPT = 1024

    def __init__(self, pattern: str, *args, **kwargs):
        self.pattern = re.compile(pattern)
        self._kept: dict[str, Fraction] = {}
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        kept = self._kept.get(value) if isinstance(value, str) else None
        if kept is None:
            kept = self._load(value, attr, data, **kwargs)
            if len(self._kept) < self.MAX_KEPT:
                self._kept[value] = kept
        return kept

    def _load(self, value, attr, data, **kwargs) -> Fraction:
        text = super()._deserialize(value, attr, data, **kwargs)
        if re.fullmatch(r"\s*\d+\s*/\s*0+\s*", text):
            raise ma.ValidationError("Not a valid threshold: the denominator must not be 0.")
        # fullmatch: `$` alone also matches before a trailing newline (`2/3\n`).
        if not self.pattern.fullmatch(text):
            raise ma.ValidationError("Not a valid threshold: expected a non-negative fraction such as 2/3, "
                                     "a decimal such as 0.5 or a percentage such as 50%.")
        try:
            return parse_threshold(text)
        except BadThreshold as exc:
            raise ma.ValidationError(f"Not a valid threshold: {exc}.") from None


class CommaList(ma.fields.String):
    """'RUS,UKR,USA' -> ['RUS', 'UKR', 'USA']; documented as a string with its pattern and length."""

    PATTERN = r"^\s*[^,\s][^,]*(,\s*[^,\s][^,]*)*$"
    MAX_LENGTH = 4000

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > self.MAX_LENGTH:
            raise ma.ValidationError(f"Too long: at most {self.MAX_LENGTH} characters.")
        if not re.match(self.PATTERN, text):
            raise ma.ValidationError("Give one or more state identifiers separated by commas, for example RUS,UKR,USA.")
        return [part.strip() for part in text.split(",")]


class EnumValue(ma.fields.String):
    """An enum member (Status, EventType) dumped as its value; documented as a string."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else super()._serialize(value.value, attr, obj, **kwargs)


class FractionText(ma.fields.String):
    """An exact Fraction dumped as 'n/d'."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{value.numerator}/{value.denominator}"


class DumpedOnce:
    """A field whose value is the same for a whole period, and so dumped once: a value with a `dump_key` (a
    standing of the catalogue, one object per state, instrument and period; an event record, the same in
    every answer that lists it; a list of rows, one object per interval of a list) is dumped by the field
    once and the dump reused for every answer that shows it. A value without a key is dumped every time.
    At most MAX dumps are kept per field (a few MB at the seeds' size, where every row fits); beyond them
    values are dumped as usual."""

    MAX = 20_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._dumps: dict = {}

    def _serialize(self, value, attr, obj, **kwargs):
        key = getattr(value, "dump_key", None)
        if key is None:
            return super()._serialize(value, attr, obj, **kwargs)
        dumped = self._dumps.get(key)
        if dumped is None:
            dumped = super()._serialize(value, attr, obj, **kwargs)
            if len(self._dumps) < self.MAX:
                self._dumps[key] = dumped
        return dumped


class Reused(DumpedOnce, ma.fields.Nested):
    """A nested row dumped once per dump_key (DumpedOnce)."""


class ReusedList(DumpedOnce, ma.fields.List):
    """A list of rows dumped once per dump_key (DumpedOnce): a list that is the same for a whole interval."""


_STR = {str}


class Strings(ma.fields.List):
    """A list of strings (codes, URLs, sentences): dumped as a copy when every item is a str already, which
    is what the String field would make of each; anything else item by item, as a List."""

    def __init__(self, **kwargs):
        super().__init__(ma.fields.String(), **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and set(map(type, value)) <= _STR:
            return list(value)
        return super()._serialize(value, attr, obj, **kwargs)
