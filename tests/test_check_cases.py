"""The checks' cases, as pure functions: who is counted, what a threshold or a quantifier says, what a
timeline reports. No app, no database."""

import datetime as dt
from fractions import Fraction

import pytest

from api.domain.checks import (
    BadThreshold,
    counts,
    describe_fraction,
    parse_threshold,
    quantify,
    selection,
    share,
    timeline,
)
from api.domain.model import Participation, Period, Status

D = dt.date.fromisoformat
S, C, P, W, N = Status.SIGNATORY, Status.CONSENTED, Status.PARTY, Status.WITHDRAWN, Status.NOT_SIGNED


def record(state, *periods, signed=None):
    """A state's record from its periods: (status, start, end or None)."""
    return Participation(state, signature_date=D(signed) if signed else None,
                         periods=tuple(Period(s, D(a), D(b) if b else None) for s, a, b in periods))


# `bound`: consented or party (the UN's "Parties").

def test_bound_admits_consented_and_party_and_nothing_else():
    assert selection("bound") == {C, P}
    assert selection("party") == {P}


def test_a_share_of_bound_states_counts_those_awaiting_entry_into_force():
    result = share(["A", "B", "C", "D"], {"A": P, "B": C, "C": S, "D": W}, selection("bound"))
    assert (result.counted, result.not_counted) == (["A", "B"], ["C", "D"])


def test_a_member_with_no_record_counts_as_not_signed():
    result = share(["A", "B"], {"A": P}, N)
    assert (result.counted, result.not_counted) == (["B"], ["A"])


def test_a_threshold_without_a_comparison_means_more_than():
    statuses = {"A": P, "B": P, "C": N}
    assert share(["A", "B", "C"], statuses, P, Fraction(2, 3)).holds is False
    assert share(["A", "B", "C"], statuses, P, Fraction(1, 2)).holds is True


# Quantifiers.

@pytest.mark.parametrize("statuses, quantifier, expected", [
    ({"A": P, "B": P}, "all", True), ({"A": P, "B": N}, "all", False),
    ({"A": N, "B": N}, "any", False), ({"A": N, "B": P}, "any", True),
    ({"A": N, "B": S}, "none", True), ({"A": N, "B": P}, "none", False),
])
def test_all_any_none_of_the_states_asked_about(statuses, quantifier, expected):
    assert quantify(statuses, P, quantifier) is expected


def test_an_unknown_quantifier_is_named():
    with pytest.raises(ValueError, match="unknown quantifier 'most'"):
        quantify({"A": P}, P, "most")


# Thresholds: what a reader writes, and why it is refused.

@pytest.mark.parametrize("text, value", [("1.5/3", Fraction(1, 2)), (" 2 / 3 ", Fraction(2, 3)),
                                         ("0.5/0.75", Fraction(2, 3)), ("12.5 %", Fraction(1, 8))])
def test_a_fraction_of_decimals_or_with_spaces_is_read_exactly(text, value):
    assert parse_threshold(text) == value


@pytest.mark.parametrize("text, reason", [
    ("3/0", "the denominator must not be 0"),
    ("-1/3", "must not be negative"),
    ("1/2/3", "expected a fraction such as 2/3, a decimal such as 0.5 or a percentage such as 50%"),
    ("two thirds", "expected a fraction such as 2/3, a decimal such as 0.5 or a percentage such as 50%"),
])
def test_a_refused_threshold_says_why(text, reason):
    with pytest.raises(BadThreshold) as refused:
        parse_threshold(text)
    assert str(refused.value) == reason


@pytest.mark.parametrize("value, words", [
    (Fraction(1, 2), "one half"), (Fraction(2, 3), "two-thirds"), (Fraction(1, 3), "one third"),
    (Fraction(3, 4), "three-quarters"), (Fraction(1, 4), "one quarter"), (Fraction(1), "all"),
    (Fraction(0), "none"), (Fraction(5, 7), "5/7"), (Fraction(3, 2), "3/2"), (Fraction(2, 5), "2/5"),
])
def test_a_threshold_is_written_in_words_where_it_has_a_common_name(value, words):
    assert describe_fraction(value) == words


# Counts: `signed` from the day of signature.

def test_a_state_counts_as_signed_on_the_day_it_signs():
    signed = record("A", (S, "2008-12-03", None), signed="2008-12-03")
    assert counts([signed], D("2008-12-03"))["signed"] == 1
    assert counts([signed], D("2008-12-02"))["signed"] == 0


# Timelines: one point per day on which the share or its lists change.

GROUP = {"A": record("A", (P, "2000-01-01", None)), "B": record("B", (P, "2000-01-01", None)),
         "C": record("C", (P, "2000-01-01", "2022-01-01"), (W, "2022-01-01", None))}
INSTRUMENT = {"A": record("A", (P, "2020-01-01", "2023-01-01"), (W, "2023-01-01", None)),
              "B": record("B", (P, "2021-01-01", None)),
              "X": record("X", (P, "2020-06-01", None))}  # not in the group: its change is no point


def points(start="2019-01-01", end="2024-12-31"):
    found = timeline(GROUP, INSTRUMENT, P, D(start), D(end))
    return {p.date.isoformat(): p for p in found}


def test_a_timeline_has_a_point_only_where_the_share_or_its_lists_change():
    assert list(points()) == ["2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"]


def test_a_timeline_first_point_reports_no_one_entering_or_leaving():
    first = points()["2019-01-01"]
    assert (first.entered_counted, first.left_counted, first.entered_group, first.left_group) == ([], [], [], [])
    assert (first.share.counted, first.share.not_counted) == ([], ["A", "B", "C"])
    later = points(start="2021-06-01")["2021-06-01"]
    assert (later.entered_counted, later.entered_group) == ([], [])


def test_a_timeline_reports_who_left_the_count_and_who_left_the_group():
    left_group = points()["2022-01-01"]
    assert (left_group.left_group, left_group.left_counted, left_group.entered_counted) == (["C"], [], [])
    left_count = points()["2023-01-01"]
    assert (left_count.left_counted, left_count.left_group) == (["A"], [])
    assert (left_count.share.numerator, left_count.share.denominator) == (1, 2)


def test_a_change_on_the_last_day_of_a_timeline_is_on_it():
    assert list(points(end="2021-01-01"))[-1] == "2021-01-01"
