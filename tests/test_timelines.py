"""Standings: what could be known and the status held, per state and per instrument, on any day.
Pure functions on the Convention on Cluster Munitions' own cases; no app, no database."""

import datetime as dt

import pytest

from api.build import DEFAULT_SEEDS
from api.domain import known as known_module
from api.domain.known import InstrumentTimeline, Timeline, history, timeline
from api.domain.model import Event, EventType, Status
from api.seeds import load_rules

D = dt.date.fromisoformat
CCM = load_rules(DEFAULT_SEEDS)["ccm"].bind(D("2010-08-01"), D("2010-02-16"), D("2008-12-03"))


def events(state, *rows):
    return [Event(state, EventType(kind), D(day), source=source) for kind, day, source in rows]


# France signed on 3 December 2008 and ratified on 25 September 2009, before the 30th deposit.
FRANCE = history("FRA", events("FRA", ("signature", "2008-12-03", "https://example.org/s"),
                               ("ratification", "2009-09-25", "https://example.org/r")), CCM)
# Switzerland ratified on 17 July 2012, after the Convention's entry into force.
SWITZERLAND = history("CHE", events("CHE", ("ratification", "2012-07-17", "https://example.org/r")), CCM)


def statuses(line, *days):
    return [(s.status if s else None) for s in (line.on(D(day)) for day in days)]


def test_a_state_s_standings_change_on_signature_deposit_the_thirtieth_deposit_and_entry_into_force():
    line = timeline(FRANCE)
    assert line.days == (D("2008-12-03"), D("2009-09-25"), D("2010-02-16"), D("2010-08-01"))
    assert statuses(line, "2008-12-02", "2008-12-03", "2009-09-25", "2010-02-16", "2010-07-31", "2010-08-01",
                    "2030-01-01") == [None, Status.SIGNATORY, Status.CONSENTED, Status.CONSENTED, Status.CONSENTED,
                                      Status.PARTY, Status.PARTY]


def test_the_standing_on_the_thirtieth_deposit_knows_the_in_force_date_though_the_status_is_unchanged():
    line = timeline(FRANCE)
    assert line.on(D("2010-02-15")).known.participation.in_force_date is None
    assert line.on(D("2010-02-16")).known.participation.in_force_date == D("2010-08-01")


def test_entry_into_force_is_a_new_standing_with_the_same_knowledge():
    line = timeline(FRANCE)
    before, after = line.on(D("2010-07-31")), line.on(D("2010-08-01"))
    assert before is not after
    assert before.known is after.known
    assert line.on(D("2011-01-01")) is after  # one object per standing


def test_no_recorded_action_means_no_standing_on_any_day():
    assert timeline(()) == Timeline()
    assert Timeline().on(D("2020-01-01")) is None


def test_every_state_of_knowledge_holds_the_whole_history_s_periods():
    # As of 2008, France's dates are its signature's; its status on later days still follows the whole record.
    signed = FRANCE[0].participation
    assert signed.consent_date is None
    assert signed.status_on(D("2010-08-01")) is Status.PARTY


def test_an_event_that_adds_nothing_known_starts_no_new_state_of_knowledge():
    # A statement without a source changes neither the dates nor the sources; the later accession does.
    states = history("USA", events("USA", ("signature", "2013-09-25", "https://example.org/s"),
                                   ("statement", "2019-07-18", ""),
                                   ("ratification", "2020-01-10", "https://example.org/r")), CCM)
    assert [k.since for k in states] == [D("2013-09-25"), D("2020-01-10")]
    assert states[-1].participation.consent_date == D("2020-01-10")


@pytest.fixture()
def budget():
    """The entries kept so far (by every instrument in this process): none for the test, put back after it."""
    saved = known_module._kept[0]
    known_module._kept[0] = 0
    yield known_module._kept
    known_module._kept[0] = saved


def instrument():
    return InstrumentTimeline({"FRA": timeline(FRANCE), "CHE": timeline(SWITZERLAND)})


def test_an_instrument_s_days_are_every_day_any_state_s_standing_changes():
    assert instrument().days == (D("2008-12-03"), D("2009-09-25"), D("2010-02-16"), D("2010-08-01"),
                                 D("2012-07-17"), D("2013-01-01"))


def test_the_standings_on_a_day_are_those_of_the_states_that_had_acted_in_the_order_given():
    line = instrument()
    assert line.on(D("2008-12-02")) == ()
    assert [s.status for s in line.on(D("2010-08-01"))] == [Status.PARTY]
    assert [(s.known.participation.state, s.status) for s in line.on(D("2012-07-17"))] == [
        ("FRA", Status.PARTY), ("CHE", Status.CONSENTED)]
    assert line.on(D("2009-01-01"))[0].status is Status.SIGNATORY  # an earlier interval asked after a later one


def test_the_statuses_on_a_day_by_state():
    line = instrument()
    assert line.statuses_on(D("2009-01-01")) == {"FRA": Status.SIGNATORY}
    assert line.statuses_on(D("2013-01-01")) == {"FRA": Status.PARTY, "CHE": Status.PARTY}
    assert line.statuses_on(D("2012-12-31")) == {"FRA": Status.PARTY, "CHE": Status.CONSENTED}
    assert line.statuses_on(D("2008-01-01")) == {}


def test_an_interval_s_answer_is_made_once_and_given_again_for_any_day_in_it(budget):
    line = instrument()
    assert line.on(D("2011-01-01")) is line.on(D("2012-07-16"))
    assert line.statuses_on(D("2011-01-01")) is line.statuses_on(D("2012-07-16"))
    assert line.on(D("2011-01-01")) is not line.on(D("2012-07-17"))


def test_a_kept_answer_counts_its_entries_against_the_budget(budget):
    line = instrument()
    before = budget[0]
    standings = line.on(D("2013-01-01"))
    assert budget[0] == before + 2
    line.statuses_on(D("2013-01-01"))
    assert budget[0] == before + 4
    assert len(standings) == 2


def test_past_the_budget_an_answer_is_made_for_its_question_and_not_kept(budget):
    day = D("2013-01-01")
    budget[0] = known_module.MAX_KEPT_ENTRIES - 1
    line = instrument()
    assert line.on(day) is line.on(day)  # one entry under the budget: kept, and now two over it
    assert budget[0] == known_module.MAX_KEPT_ENTRIES + 1
    first = line.statuses_on(day)
    assert first == {"FRA": Status.PARTY, "CHE": Status.PARTY}
    assert line.statuses_on(day) is not first
    assert line.statuses_on(day) == first


def test_an_answer_is_not_kept_once_the_budget_is_reached(budget):
    budget[0] = known_module.MAX_KEPT_ENTRIES
    line = instrument()
    assert line.on(D("2013-01-01")) is not line.on(D("2013-01-01"))
    assert budget[0] == known_module.MAX_KEPT_ENTRIES
