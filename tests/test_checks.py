"""Shares, thresholds and quantifiers as pure functions."""

import datetime as dt
from fractions import Fraction

import pytest

from api.domain.checks import BadThreshold, changes, parse_threshold, quantify, share, timeline
from api.domain.model import Participation, Period, Status

P, N = Status.PARTY, Status.NOT_SIGNED
D = dt.date.fromisoformat


@pytest.mark.parametrize("text, value", [("2/3", Fraction(2, 3)), ("0.5", Fraction(1, 2)), ("50%", Fraction(1, 2)),
                                         ("66.6%", Fraction(333, 500)), ("1", Fraction(1)), ("0", Fraction(0))])
def test_thresholds_parse_exactly(text, value):
    assert parse_threshold(text) == value


@pytest.mark.parametrize("text", ["3/0", "-1", "-1/3", "abc", "", "1/", "nan", "inf"])
def test_bad_thresholds_are_refused(text):
    with pytest.raises(BadThreshold):
        parse_threshold(text)


def test_a_threshold_above_one_is_exact_and_never_passed():
    assert share(["A"], {"A": P}, P, parse_threshold("5/3"), "gt").holds is False
    assert share(["A"], {"A": P}, P, parse_threshold("150%"), "lt").holds is True


def test_twenty_of_thirty_is_not_more_than_two_thirds():
    members = [f"S{i:02d}" for i in range(30)]
    statuses = {s: P if i < 20 else N for i, s in enumerate(members)}
    assert share(members, statuses, P, Fraction(2, 3), "gt").holds is False
    assert share(members, statuses, P, Fraction(2, 3), "ge").holds is True
    assert share(members, statuses, P, Fraction(2, 3), "eq").holds is True


def test_twenty_one_of_thirty_is_more_than_two_thirds():
    members = [f"S{i:02d}" for i in range(30)]
    statuses = {s: P if i < 21 else N for i, s in enumerate(members)}
    result = share(members, statuses, P, parse_threshold("2/3"), "gt")
    assert (result.numerator, result.denominator, result.holds) == (21, 30, True)


def test_share_without_threshold_does_not_judge():
    assert share(["A"], {"A": P}, P).holds is None


def test_share_lists_are_sorted_and_complete():
    result = share(["C", "A", "B"], {"A": P, "C": P}, P)
    assert result.counted == ["A", "C"] and result.not_counted == ["B"]


@pytest.mark.parametrize("quantifier, expected", [("all", False), ("any", True), ("none", False)])
def test_quantifiers(quantifier, expected):
    assert quantify({"A": P, "B": N}, P, quantifier) is expected


def _p(state, *periods):
    return Participation(state, periods=tuple(Period(s, D(a), D(b) if b else None) for s, a, b in periods))


def test_changes_are_strictly_after_from_and_up_to_to():
    ps = [_p("A", (Status.SIGNATORY, "2020-01-01", "2020-06-01"), (P, "2020-06-01", None))]
    assert [c.date for c in changes(ps, D("2020-01-01"), D("2020-06-01"))] == [D("2020-06-01")]
    assert [c.from_status for c in changes(ps, D("2019-12-31"), D("2020-12-31"))] == [N, Status.SIGNATORY]


def test_timeline_reports_who_entered_each_side():
    group = {"A": _p("A", (P, "2020-01-01", None)), "B": _p("B", (P, "2021-01-01", None))}
    inst = {"A": _p("A", (P, "2020-06-01", None))}
    points = timeline(group, inst, P, D("2020-01-01"), D("2021-12-31"))
    assert [(p.date, p.share.numerator, p.share.denominator) for p in points] == [
        (D("2020-01-01"), 0, 1), (D("2020-06-01"), 1, 1), (D("2021-01-01"), 1, 2)]
    assert points[1].entered_counted == ["A"] and points[2].entered_group == ["B"]


def test_counts_follow_the_depositary_conventions():
    from api.domain.checks import counts

    ps = [
        _p("A", (Status.SIGNATORY, "2020-01-01", "2020-06-01"), (P, "2020-06-01", None)),
        _p("B", (Status.SIGNATORY, "2020-01-01", None)),
        _p("C", (Status.CONSENTED, "2020-02-01", "2020-08-01"), (P, "2020-08-01", None)),
        _p("D", (P, "2019-01-01", "2021-01-01"), (Status.WITHDRAWN, "2021-01-01", None)),
    ]
    signed_a = Participation("A", signature_date=D("2020-01-01"), periods=ps[0].periods)
    signed_b = Participation("B", signature_date=D("2020-01-01"), periods=ps[1].periods)
    signed_d = Participation("D", signature_date=D("2018-12-01"), periods=ps[3].periods)
    got = counts([signed_a, signed_b, ps[2], signed_d], D("2021-06-01"))
    assert got == {"signatory": 1, "consented": 0, "party": 2, "withdrawn": 1, "signed": 2, "bound": 2}
