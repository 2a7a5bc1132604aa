"""The response schemas' own dump loop (ResponseSchema._serialize) makes what marshmallow's makes, on the
objects real answers of every endpoint hand to them."""

import sys
from pathlib import Path

import marshmallow as ma

from api import create_app
from api.schemas.responses import ResponseSchema
from tests.conftest import SEEDS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from questions import VARIED, question, varied_choices  # noqa: E402

FIXED = [
    "/v1/states", "/v1/states/FRA", "/v1/states/LTU/instruments?as_of=2024-12-31", "/v1/instruments",
    "/v1/instruments/apmbc?as_of=2025-12-31", "/v1/instruments/ccm/changes?from=2000-01-01",
    "/v1/checks/share/timeline?group=nato&instrument=ccm&from=2008-01-01&to=2025-01-01", "/v1/meta", "/healthz",
    "/v1/checks/share?group=un&instrument=tpnw&status=not_signed&threshold=1/2", "/v1/states/Rusia",
    "/v1/checks/share?group=nato&instrument=ccm&threshold=2/0", "/v1/instruments/ccm/participants?format=csv",
]


def test_every_dump_is_marshmallows_own(real_db, monkeypatch):
    given: list[tuple[ResponseSchema, object]] = []
    dump = ma.Schema.dump

    def recording(schema, obj, *args, **kwargs):
        if isinstance(schema, ResponseSchema):
            given.append((schema, obj))
        return dump(schema, obj, *args, **kwargs)

    monkeypatch.setattr(ma.Schema, "dump", recording)
    choices = varied_choices(Path(real_db))
    urls = FIXED + [question(template, choices, 12000, i) for template in VARIED.values() for i in range(40)]
    # A fresh app: the session's may answer some of these from its response cache, without a dump.
    client = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS)}).test_client()
    for url in urls:
        assert client.get(url).status_code in (200, 400, 404), url
    kinds = {type(schema).__name__ for schema, _ in given}
    assert {"ShareSchema", "StateInstrumentDetailSchema", "StatusCheckSchema", "ParticipantListSchema", "EventSchema",
            "TimelineSchema", "ChangeListSchema", "StateSchema", "MetaSchema"} <= kinds, kinds
    for schema, obj in given:
        assert schema._serialize(obj) == ma.Schema._serialize(schema, obj), (type(schema).__name__, obj)
