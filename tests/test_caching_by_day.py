"""An answer that defaults to today changes at midnight UTC: its ETag carries the day, and no cache may
keep it past midnight. Built on apps whose 'today' is not fixed, as in production."""

import datetime as dt

import pytest

from api import create_app
from api.http import seconds_to_midnight
from tests.conftest import SEEDS

LONG = 2 * 86400  # longer than any day, so that only the midnight cap can shorten it
UNDATED = "/v1/instruments/ccm/participants"
DATED = UNDATED + "?as_of=2023-07-20"


@pytest.fixture(scope="module")
def live_client(real_db):
    return create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS),
                       "CACHE_MAX_AGE": LONG}).test_client()


def _max_age(response) -> int:
    return int(response.headers["Cache-Control"].split("max-age=")[1])


def test_an_answer_for_today_expires_by_midnight_utc(live_client):
    before = seconds_to_midnight(dt.datetime.now(dt.timezone.utc))
    age = _max_age(live_client.get(UNDATED))
    assert age <= before + 1 and age < LONG


def test_an_answer_for_a_given_day_keeps_the_configured_age(live_client):
    assert _max_age(live_client.get(DATED)) == LONG


def test_a_fixed_today_is_not_capped(real_db):
    client = create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS), "CACHE_MAX_AGE": LONG,
                         "TODAY": "2025-11-25"}).test_client()
    assert _max_age(client.get(UNDATED)) == LONG


def test_the_etag_moves_with_today(real_db):
    def client_on(day):
        return create_app({"TESTING": True, "DATABASE": str(real_db), "SEEDS_DIR": str(SEEDS), "TODAY": day,
                           "RESPONSE_CACHE_BYTES": 0}).test_client()

    yesterday, today = client_on("2025-11-24"), client_on("2025-11-25")
    old = yesterday.get(UNDATED).headers["ETag"]
    assert today.get(UNDATED).headers["ETag"] != old
    assert today.get(UNDATED, headers={"If-None-Match": old}).status_code == 200


def test_seconds_to_midnight():
    assert seconds_to_midnight(dt.datetime(2025, 3, 5, 23, 59, 30, tzinfo=dt.timezone.utc)) == 30
    assert seconds_to_midnight(dt.datetime(2025, 3, 5, 0, 0, 0, tzinfo=dt.timezone.utc)) == 86400
