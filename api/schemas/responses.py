"""Response schemas: one success shape per view, dumped from the view's objects; the OpenAPI document and
the CSV columns are generated from these.

Every key of a response is always present (null where it has no value), so each field is listed as
`required` unless declared with metadata {"optional": True}; unknown keys are allowed (`unknown =
EXCLUDE` keeps `additionalProperties: false` out of the document), so that adding a key breaks no client."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f
from marshmallow.utils import get_value

from ..domain.checks import SELECTION_NAMES
from .args import STATUSES
from .fields import EnumValue, FractionText, Reused, ReusedList, Strings

DAY = {"format": "date"}


class ResponseSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = not field.metadata.get("optional")
        # Each field's key in the dump and the path to its value (None for a field that reads the whole
        # object, as a Function field does), worked out once for every dump.
        self._plan = [(name if field.data_key is None else field.data_key, name,
                       tuple((field.attribute or name).split(".")) if field._CHECK_ATTRIBUTE else None, field)
                      for name, field in self.dump_fields.items()]

    def _serialize(self, obj, *, many: bool = False):
        """What marshmallow's Schema._serialize makes, made with fewer steps: each value read along its path
        (a dict's key, else an attribute: the views hand over dicts, dataclasses and rows that read
        through to a domain object) and given straight to its field's own _serialize, where marshmallow
        goes through Field.serialize, Field.get_value and an accessor that tries obj[key] first on every
        object. tests/test_dumps.py holds the two equal on real answers of every endpoint."""
        if many and obj is not None:
            return [self._serialize(item) for item in obj]
        dumped = {}
        for key, name, path, field in self._plan:
            value = None
            if path is not None:
                value = obj
                for step in path:
                    value = value.get(step, ma.missing) if isinstance(value, dict) else getattr(value, step, ma.missing)
                if value is ma.missing:
                    default = field.dump_default
                    value = default() if callable(default) else default
                    if value is ma.missing:
                        continue
            dumped[key] = field._serialize(value, name, obj)
        return dumped


def day(description: str, **kwargs):
    return f.Date(allow_none=True, metadata={"description": description}, **kwargs)


def codes(description: str, **kwargs):
    return Strings(metadata={"description": description}, **kwargs)


def status_value(description: str = "Status on `as_of`."):
    return EnumValue(metadata={"description": description, "enum": STATUSES})


class ProblemSchema(ResponseSchema):
    type = f.String(metadata={"description": "A URI reference for the problem type (`about:blank`)."})
    title = f.String(metadata={"description": "The HTTP status phrase."})
    status = f.Integer(metadata={"description": "The HTTP status code."})
    detail = f.String(metadata={"description": "What is wrong, naming the parameter and what is accepted."})
    errors = f.Dict(keys=f.String(), values=f.List(f.String()),
                    metadata={"description": "Messages per parameter.", "optional": True})


class CurrencyFields(ResponseSchema):
    data_as_at = f.Date(metadata={"description": "The date the depositary's status was taken for the data this answer "
                                                 "uses (for several instruments, the oldest): events after it are not "
                                                 "in the data."})
    caveats = Strings(metadata={"description": "Sentences saying what the data cannot know: one for each "
                                                          "status date older than `as_of` (or `to`); empty otherwise."})


class StateSchema(ResponseSchema):
    code = f.String(metadata={"description": "ISO 3166-1 alpha-3 code (canonical).", "example": "FRA"})
    alpha2 = f.String(metadata={"description": "ISO 3166-1 alpha-2 code.", "example": "FR"})
    numeric = f.String(metadata={"description": "ISO 3166-1 numeric code.", "example": "250"})
    name = f.String(metadata={"description": "Short English name (ISO 3166-1 common name, else its short name in "
                                             "reading order); never contains a comma, so it can be given back in "
                                             "`states=`.", "example": "France"})
    official_name = f.String(metadata={"description": "Official English name.", "example": "French Republic"})
    aliases = Strings(metadata={"description": "Other names accepted for the state: depositaries' spellings and common English names."})


class StateListSchema(ResponseSchema):
    count = f.Integer()
    items = f.List(f.Nested(StateSchema))


class ParticipationFields(ResponseSchema):
    status = status_value()
    signature_date = day("Date of signature.")
    consent_date = day("Date the instrument of consent (ratification, accession...) was deposited.")
    consent_kind = EnumValue(allow_none=True, metadata={"description": "ratification, accession, acceptance, approval or succession."})
    in_force_date = day("Date the instrument entered (or enters) into force for the state, by its rules; null "
                        "while not yet known on `as_of` (a deposit before the one that brought it into force).")
    withdrawal_notified_date = day("Date the depositary received the notice of withdrawal.")
    withdrawal_effective_date = day("Date the withdrawal took (or takes) effect.")
    sources = Strings(allow_none=True, metadata={"description": "URLs the events come from."})


class StateNameFields(ResponseSchema):
    state = f.String(metadata={"description": "Alpha-3 code.", "example": "FRA"})
    name = f.String(metadata={"description": "State name.", "example": "France"})


# A base listed last contributes its fields first: identity, then dates.
class ParticipantSchema(ParticipationFields, StateNameFields):
    pass


class ParticipantListHead(ResponseSchema):
    instrument = f.String()
    as_of = f.Date()


class ParticipantListSchema(CurrencyFields, ParticipantListHead):
    count = f.Integer()
    items = ReusedList(Reused(ParticipantSchema))


class InstrumentNameFields(ResponseSchema):
    instrument = f.String(metadata={"description": "Instrument id.", "example": "ccm"})
    instrument_name = f.String()


class StateInstrumentSchema(ParticipationFields, InstrumentNameFields):
    pass


class StateInstrumentListHead(ResponseSchema):
    state = f.String()
    name = f.String()
    as_of = f.Date()


class StateInstrumentListSchema(CurrencyFields, StateInstrumentListHead):
    count = f.Integer()
    items = f.List(Reused(StateInstrumentSchema))


class EventSchema(ResponseSchema):
    event = f.String(metadata={"description": "signature, ratification, accession, acceptance, approval, succession, "
                                              "withdrawal_notification; or provisional_application, revocation (a "
                                              "consent withdrawn before it took effect) or statement (a declaration "
                                              "that changes no status; the note says what it is)."})
    date = f.Date()
    date_precision = f.String(metadata={"description": "`day`, or `on_or_before` where the source only bounds the date.",
                                        "enum": ["day", "on_or_before"]})
    effective_date = day("For a withdrawal: the effective date the depositary states, if it does.")
    reference = f.String(allow_none=True, metadata={
        "description": "The depositary notification cited for the event (e.g. `C.N.347.2024.TREATIES-XXVI-6`), if any."})
    condition = f.String(allow_none=True, metadata={
        "description": "On a withdrawal under a conditional clause (e.g. APMBC Art. 20(3): not while the state is "
                       "engaged in an armed conflict): `invoked` (a cited source records the condition as holding: the "
                       "withdrawal has not taken effect), `not_invoked` (a cited source records it as having taken "
                       "effect), or null (nothing recorded: the depositary's stated date holds, subject to the "
                       "condition)."})
    source = f.String(metadata={"description": "URL of the source."})
    source_as_of = day("Date the source's content reflects.")
    note = f.String()


class StateInstrumentHead(InstrumentNameFields, StateNameFields):
    as_of = f.Date()


class StateInstrumentDetailSchema(ParticipationFields, CurrencyFields, StateInstrumentHead):
    events = f.List(Reused(EventSchema))
    explanation = f.String(metadata={"description": "The status in a sentence, with the dates and articles that decide it."})


class CountsSchema(ResponseSchema):
    signatory = f.Integer(metadata={"description": "States that signed and are not yet bound."})
    consented = f.Integer(metadata={"description": "States bound, the instrument not yet in force for them."})
    party = f.Integer(metadata={"description": "States for which the instrument is in force."})
    withdrawn = f.Integer(metadata={"description": "States whose withdrawal has taken effect."})
    signed = f.Integer(metadata={"description": "States that signed and have not withdrawn (the UN's 'Signatories')."})
    bound = f.Integer(metadata={"description": "consented + party (the UN's 'Parties')."})


class InstrumentFields(ResponseSchema):
    id = f.String(metadata={"example": "ccm"})
    name = f.String()
    short_name = f.String()
    kind = f.String(metadata={"enum": ["treaty", "organisation"]})
    depositary = f.String()
    adopted = day("Date of adoption.")
    opened_for_signature = day("Date opened for signature.")
    entry_into_force = day("Date the instrument itself entered into force.")
    rules = f.String(metadata={"description": "The rule set that derives status from events."})
    consents_for_entry_into_force = f.Integer(allow_none=True)
    trigger_date = day("Date of the deposit that brought the instrument into force (e.g. the CCM's 30th).")
    status_as_at = f.Date(metadata={"description": "The date the depositary's status was taken."})
    sources = Strings()
    note = f.String()
    as_of = f.Date()


class InstrumentSchema(CurrencyFields, InstrumentFields):
    counts = f.Nested(CountsSchema)


class AsOfField(ResponseSchema):
    as_of = f.Date()


class InstrumentListSchema(CurrencyFields, AsOfField):
    count = f.Integer()
    items = f.List(f.Nested(InstrumentSchema))


class ChangeSchema(ResponseSchema):
    state = f.String()
    date = f.Date()
    from_status = status_value("Status before `date`.")
    to_status = status_value("Status from `date` on.")


class ChangeListHead(ResponseSchema):
    instrument = f.String()
    from_ = f.Date(data_key="from")
    to = f.Date()


class ChangeListSchema(CurrencyFields, ChangeListHead):
    count = f.Integer()
    items = f.List(f.Nested(ChangeSchema))


def _ratio(obj) -> str:
    result = get_value(obj, "share")
    return f"{result.numerator}/{result.denominator}"


class ShareFields(ResponseSchema):
    """Dumped from an object or dict whose `share` is a domain Share."""

    numerator = f.Integer(attribute="share.numerator")
    denominator = f.Integer(attribute="share.denominator")
    share = f.Float(attribute="share.fraction", allow_none=True,
                    metadata={"description": "numerator / denominator (null when 0/0)."})
    fraction = f.Function(_ratio, metadata={"type": "string", "description": "The exact share as 'n/d'.",
                                            "example": "23/31"})


class ShareHead(ResponseSchema):
    group = f.String()
    instrument = f.String()
    status = f.String(metadata={"enum": SELECTION_NAMES})
    as_of = f.Date()


class ShareSchema(ShareFields, CurrencyFields, ShareHead):
    threshold = FractionText(attribute="share.threshold", allow_none=True,
                             metadata={"description": "The threshold as an exact fraction 'n/d'."})
    comparison = f.String(attribute="share.comparison")
    holds = f.Boolean(attribute="share.holds", allow_none=True,
                      metadata={"description": "The comparison's result; null without a threshold."})
    counted = codes("Group members with the status.", attribute="share.counted")
    not_counted = codes("Group members without it.", attribute="share.not_counted")
    explanation = f.String()


class DateField(ResponseSchema):
    date = f.Date()


class TimelinePointSchema(ShareFields, DateField):
    entered_counted = codes("States counted from this date on.")
    left_counted = codes("States no longer counted from this date on.")
    entered_group = codes("States that joined the group on this date.")
    left_group = codes("States that left the group on this date.")


class TimelineHead(ResponseSchema):
    group = f.String()
    instrument = f.String()
    status = f.String(metadata={"enum": SELECTION_NAMES})
    from_ = f.Date(data_key="from")
    to = f.Date()


class TimelineSchema(CurrencyFields, TimelineHead):
    count = f.Integer()
    items = f.List(f.Nested(TimelinePointSchema))


class StatusResultSchema(ResponseSchema):
    state = f.String()
    name = f.String()
    status = status_value()


class StatusCheckHead(ResponseSchema):
    instrument = f.String()
    status = f.String(metadata={"enum": SELECTION_NAMES})
    quantifier = f.String()
    as_of = f.Date()


class StatusCheckSchema(CurrencyFields, StatusCheckHead):
    holds = f.Boolean()
    results = f.List(f.Nested(StatusResultSchema))
    explanation = f.String()


class MetaInstrumentSchema(ResponseSchema):
    id = f.String()
    status_as_at = f.Date()
    sources = Strings()


class MetaSchema(ResponseSchema):
    dataset_version = f.String(metadata={"description": "Hash of the seed files the database was built from and of the code that computes the answers: it moves whenever an answer can."})
    built_at = f.String(allow_none=True, metadata={"description": "When the database was built (UTC, ISO 8601)."})
    schema_version = f.String(allow_none=True)
    licence = f.String()
    instruments = f.List(f.Nested(MetaInstrumentSchema))


class HealthSchema(ResponseSchema):
    status = f.String(metadata={"example": "ok"})
    dataset_version = f.String()
