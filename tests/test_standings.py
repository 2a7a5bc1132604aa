"""What the request path computes once gives the answers computing afresh gives: the standings found by
bisection, the row dumps and CSV lines reused across answers, orjson's text."""

import datetime as dt
import json

from api.domain.known import history, known_on
from api.schemas.responses import ParticipantListSchema

D = dt.date.fromisoformat


def _days_around(catalog, instrument, state):
    """Every day on which something can change for the state, with the days either side."""
    events, _ = catalog.histories[instrument][state]
    p = catalog.participations[instrument].get(state)
    days = {e.date for e in events} | {period.start for period in (p.periods if p else ())}
    return sorted({d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)} | {D("1900-01-01"), D("2100-01-01")})


def test_every_standing_holds_the_knowledge_and_the_status_a_fresh_replay_gives(app):
    catalog = app.extensions["catalog"]
    checked = 0
    for instrument in catalog.instruments:
        rules = catalog.rules[instrument]
        for state, (events, effective) in catalog.histories[instrument].items():
            replayed = history(state, events, rules, effective)
            built = catalog.participations[instrument].get(state)
            for day in _days_around(catalog, instrument, state):
                standing = catalog.standing_on(instrument, state, day)
                known = known_on(replayed, day)
                if known is None:
                    assert standing is None, (instrument, state, day)
                    continue
                assert standing.known == known, (instrument, state, day)
                assert standing.status is known.participation.status_on(day), (instrument, state, day)
                # The built periods table and the replay agree on the status.
                assert standing.status is built.status_on(day), (instrument, state, day)
                checked += 1
    assert checked > 1000


def _afresh(app, instrument, day):
    """The list's items as the same schema dumps them with every row dumped anew (plain Nested)."""
    from marshmallow import fields as f

    from api.routes.rows import participation_on
    from api.schemas.responses import ParticipantSchema

    class Afresh(ParticipantListSchema):
        items = f.List(f.Nested(ParticipantSchema))

    catalog = app.extensions["catalog"]
    rows = [participation_on(catalog, instrument, s.known.participation.state, day)
            for s in catalog.standings_on(instrument, day)]
    return Afresh().dump({"items": rows})["items"]


def test_a_participants_list_is_the_same_from_reused_rows_as_dumped_afresh(client, app):
    for day in ("2010-08-01", "2023-07-20", "2010-08-01", "2023-07-21"):  # later ones from reused rows
        body = client.get(f"/v1/instruments/ccm/participants?as_of={day}").get_json()
        assert body["count"] == len(body["items"]) > 0
        assert body["items"] == _afresh(app, "ccm", D(day))


def test_a_filtered_list_from_an_intervals_kept_rows_is_the_list_made_afresh(client, app):
    # rows_on keeps each interval's rows per status selection: a later day of the same interval, or another
    # selection, must give what filtering the standings afresh gives.
    from api.domain.checks import selection

    catalog = app.extensions["catalog"]
    for day in ("2019-06-30", "2019-07-01", "2025-12-31", "2025-12-30"):
        for status in ("party", "signatory", "bound", "withdrawn"):
            body = client.get(f"/v1/instruments/apmbc/participants?as_of={day}&status={status}").get_json()
            wanted = selection(status)
            expected = [item for item, s in zip(_afresh(app, "apmbc", D(day)), catalog.standings_on("apmbc", D(day)))
                        if s.status in wanted]
            assert body["items"] == expected and body["count"] == len(expected), (day, status)


def test_one_intervals_list_is_one_object_dumped_once(app):
    from api.routes.rows import rows_on

    catalog = app.extensions["catalog"]
    first = rows_on(catalog, "ccm", catalog.standings_on("ccm", D("2023-07-20")), None, D("2023-07-20"))
    assert rows_on(catalog, "ccm", catalog.standings_on("ccm", D("2023-07-21")), None, D("2023-07-21")) is first
    assert rows_on(catalog, "ccm", catalog.standings_on("ccm", D("2009-01-01")), None, D("2009-01-01")) is not first
    schema = ParticipantListSchema()
    assert schema.dump({"items": first})["items"] is schema.dump({"items": first})["items"]


def test_csv_lines_written_once_are_the_lines_written_afresh(client, app):
    from api.csv_render import csv_response
    from api.schemas.responses import ParticipantSchema

    for day in ("2020-01-01", "2020-01-01", "2020-01-02"):
        body = client.get(f"/v1/instruments/cwc/participants?as_of={day}&format=csv").data
        assert body == csv_response(_afresh(app, "cwc", D(day)), ParticipantSchema(), "x").get_data()


def test_json_bodies_are_the_text_flasks_own_encoder_writes(client):
    for url in ("/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20&threshold=2/3",
                "/v1/states/Côte d'Ivoire/instruments?as_of=2020-01-01", "/v1/instruments/un/participants",
                "/v1/states/FRA/instruments/ccm"):
        body = client.get(url).data
        assert body == (json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def test_the_states_holding_a_status_by_sets_are_those_found_state_by_state(app):
    # The share check counts a group's members with set operations on each interval's sets; state by
    # state, through each one's own status, must give the same members, for every selection (not_signed
    # takes in the members that had not acted at all).
    from api.domain.checks import SELECTION_NAMES, selection

    catalog = app.extensions["catalog"]
    checked = 0
    for group in ("nato", "eu", "un"):
        for instrument in ("ccm", "apmbc", "ctbt", "nato"):
            for day in (D("1995-06-01"), D("2010-08-01"), D("2023-07-20"), D("2025-12-31")):
                members = catalog.parties_on(group, day)
                assert members == {s for s in catalog.states if catalog.statuses_on(group, [s], day)[s].value == "party"}
                for name in SELECTION_NAMES:
                    wanted = selection(name)
                    expected = {s for s, status in catalog.statuses_on(instrument, members, day).items() if status in wanted}
                    assert catalog.holding_on(instrument, members, wanted, day) == expected, (group, instrument, day, name)
                    checked += 1
    assert checked == 3 * 4 * 4 * len(SELECTION_NAMES)


def test_a_worker_makes_every_instruments_standings_in_the_background_after_its_first_answer(real_db, monkeypatch):
    # gunicorn.conf.py's post_request: after the first answer, what the first questions would make one at a
    # time is made at once, off the request path, and only once (a fresh app: nothing made before the hook).
    import gc
    import runpy
    import threading
    from types import SimpleNamespace

    from api import create_app
    from api.domain import known
    from tests.conftest import ROOT, SEEDS

    monkeypatch.setattr(known, "_kept", [0])  # the budget is the process's: other tests' apps have used some
    fresh = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS)})
    catalog = fresh.extensions["catalog"]
    assert not catalog._timelines
    post_request = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["post_request"]
    worker = SimpleNamespace(wsgi=fresh)
    for _ in range(3):
        post_request(worker, None, {}, None)
    assert worker.warming.name == "warm-catalog" and worker.warming.daemon
    assert len([t for t in threading.enumerate() if t.name == "warm-catalog"]) <= 1  # one thread, however many answers
    worker.warming.join(60)
    gc.unfreeze()
    assert set(catalog._timelines) == set(catalog.instruments)
    for timeline in catalog._timelines.values():
        assert len(timeline._statuses) == len(timeline.days) + 1
