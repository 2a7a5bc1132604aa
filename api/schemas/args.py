"""Query-argument schemas: every view reads its query through one of these, never request.args."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from ..domain.checks import COMPARISONS, SELECTION_NAMES
from ..domain.model import Status
from .fields import CommaList, IsoDate, Threshold

STATUSES = [s.value for s in Status]
EXAMPLE_DAY = "2023-07-20"
# Non-negative numbers only, and no zero denominator: what the pattern admits, the parser accepts.
THRESHOLD_PATTERN = r"^(\d{1,9}(\.\d{1,9})?%?|\d{1,9}/0*[1-9]\d{0,8})$"


def as_of_field():
    return IsoDate(
        load_default=None,
        metadata={
            "description": "The day the answer is for (YYYY-MM-DD). Default: today (UTC). Echoed in the body.",
            "example": EXAMPLE_DAY,
        },
    )


def format_field():
    return ma.fields.String(
        load_default="json",
        validate=validate.OneOf(["json", "csv"]),
        metadata={"description": "`json` (default) or `csv` (RFC 4180, with a header row).", "example": "json"},
    )


def status_field(required: bool = False, default=None):
    """A status, or `bound` (consented or party)."""
    extra = {"required": True} if required else {"load_default": default}
    return ma.fields.String(
        **extra,
        validate=validate.OneOf(SELECTION_NAMES),
        metadata={"description": "A status: " + ", ".join(STATUSES) + "; or `bound` (consented or party: what the "
                                 "UN counts as Parties).", "example": "party"},
    )


def instrument_field(description: str, example: str):
    return ma.fields.String(required=True, validate=validate.Length(min=1, max=64),
                            metadata={"description": description, "example": example})


def group_field():
    return instrument_field("Any instrument, as a group: its members or parties on `as_of` are the denominator. An "
                            "organisation's members (`nato`, `eu`, `un`) or a treaty's parties (`group=ccm&"
                            "instrument=nato`: how many CCM parties are NATO members).", "nato")


def counted_instrument_field():
    return instrument_field("The instrument whose status is counted (e.g. `ccm`).", "ccm")


class NoArgsSchema(ma.Schema):
    """For views that take no query parameters: any parameter is unknown, so a 400."""


class AsOfArgsSchema(ma.Schema):
    as_of = as_of_field()


class FormatArgsSchema(ma.Schema):
    format = format_field()


class AsOfListArgsSchema(ma.Schema):
    as_of = as_of_field()
    format = format_field()


class ParticipantsArgsSchema(AsOfListArgsSchema):
    status = status_field()


class IntervalArgsSchema(ma.Schema):
    """`from` and `to`: an interval the wrong way round is a caller's mistake, refused naming both."""

    @ma.validates_schema
    def from_not_after_to(self, data, **_kwargs):
        start, end = data.get("from_"), data.get("to")
        if start and end and start > end:
            raise ma.ValidationError({
                "from": [f"After `to` ({end.isoformat()}): an interval runs from an earlier day to a later one."],
                "to": [f"Before `from` ({start.isoformat()}): an interval runs from an earlier day to a later one."],
            })


class ChangesArgsSchema(IntervalArgsSchema):
    from_ = IsoDate(
        data_key="from", required=True,
        metadata={"description": "Changes strictly after this day (YYYY-MM-DD).", "example": "2023-01-01"},
    )
    to = IsoDate(
        load_default=None,
        metadata={"description": "Changes up to and including this day (YYYY-MM-DD). Default: today (UTC). Before `from`: a 400.",
                  "example": "2024-12-31"},
    )
    format = format_field()


class ShareArgsSchema(ma.Schema):
    group = group_field()
    instrument = counted_instrument_field()
    status = status_field(default="party")
    as_of = as_of_field()
    threshold = Threshold(
        THRESHOLD_PATTERN,
        load_default=None,
        metadata={"description": "Compare the share with this exact number: a fraction `2/3`, a decimal `0.5` or a "
                                 "percentage `50%`. Without it `holds` is null.",
                  "example": "2/3", "pattern": THRESHOLD_PATTERN},
    )
    comparison = ma.fields.String(
        load_default="gt", validate=validate.OneOf(list(COMPARISONS)),
        metadata={"description": "gt (default), ge, lt, le or eq: how the share is compared with the threshold.",
                  "example": "gt"},
    )


class TimelineArgsSchema(IntervalArgsSchema):
    group = group_field()
    instrument = counted_instrument_field()
    status = status_field(default="party")
    from_ = IsoDate(
        data_key="from", required=True,
        metadata={"description": "First day of the timeline (YYYY-MM-DD).", "example": "2010-08-01"},
    )
    to = IsoDate(
        load_default=None,
        metadata={"description": "Last day of the timeline (YYYY-MM-DD). Default: today (UTC). Before `from`: a 400.", "example": "2025-12-31"},
    )
    format = format_field()


class StatusCheckArgsSchema(ma.Schema):
    instrument = counted_instrument_field()
    states = CommaList(
        required=True,
        metadata={"description": "State identifiers, comma-separated (alpha-3, alpha-2, numeric or names).",
                  "example": "RUS,UKR,USA", "pattern": CommaList.PATTERN, "maxLength": CommaList.MAX_LENGTH},
    )
    status = status_field(required=True)
    quantifier = ma.fields.String(
        load_default="all", validate=validate.OneOf(["all", "any", "none"]),
        metadata={"description": "all (default), any or none of the states must have the status.", "example": "all"},
    )
    as_of = as_of_field()
