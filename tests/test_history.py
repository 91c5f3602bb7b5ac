"""Ledger.as_of: the ledger as it stood at the end of a China-time day (issue 18).

The reference is the definition itself: replaying the events whose CST day is on or before
the day, in log order, under the same rules. Streams interleave items whose times go back
across items (strategies.event_streams), so the kept events are not a prefix of the log.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban_core import Category, Ledger, RuleSet
from duban_core import strategies as dst
from duban_core.clock import cst_day
from duban_core.errors import DubanError
from duban_core.events import Event
from duban_core.history import views_at
from duban_core.machine import State
from duban_core.oversight import Level
from duban_core.oversight.findings import FindingKind
from oversight_support import Scenario


def _reference(events: list[Event], day: date, rules: RuleSet) -> Ledger | DubanError:
    try:
        return Ledger.replay([e for e in events if cst_day(e.at) <= day], rules)
    except DubanError as exc:
        return exc


def _assert_same(got: Ledger, want: Ledger) -> None:
    assert got == want
    assert dict(got.items) == dict(want.items)  # snapshots: states, deadlines, versions, history
    assert list(got.events) == list(want.events)
    assert got.version == want.version
    assert dict(got.bulletins) == dict(want.bulletins)
    assert dict(got.inspections) == dict(want.inspections)
    assert got.units == want.units  # in order of first mention
    assert got.latest_day == want.latest_day


def _days(events: list[Event]) -> st.SearchStrategy[date]:
    seen = sorted({cst_day(e.at) for e in events})
    lo, hi = seen[0] - timedelta(days=2), seen[-1] + timedelta(days=2)
    return st.one_of(st.sampled_from(seen), st.dates(lo, hi))


@given(data=st.data())
def test_as_of_equals_the_replay_of_the_events_up_to_that_day(data: st.DataObject) -> None:
    rules = RuleSet.default()
    events = data.draw(dst.event_streams(rules, max_items=6, max_events=60), label="stream")
    ledger = Ledger.replay(events, rules)
    for day in data.draw(st.lists(_days(events), min_size=1, max_size=4), label="days"):
        want = _reference(list(ledger.events), day, rules)
        if isinstance(want, DubanError):
            with pytest.raises(DubanError) as refused:
                ledger.as_of(day)
            assert refused.value.code == "history.out_of_order"
            continue
        got = ledger.as_of(day)
        _assert_same(got, want)
        # folding further from the past ledger works and leaves the present one alone
        before = ledger.copy()
        later = [e for e in ledger.events if cst_day(e.at) > day]
        with contextlib.suppress(DubanError):  # out of order logs may refuse; what matters is below
            got.apply_all(later)
        assert ledger == before


@given(data=st.data())
def test_views_at_many_days_equal_as_of_each_day(data: st.DataObject) -> None:
    rules = RuleSet.default()
    events = data.draw(dst.event_streams(rules, max_items=6, max_events=60), label="stream")
    ledger = Ledger.replay(events, rules)
    days = data.draw(st.lists(_days(events), min_size=1, max_size=5), label="days")
    if any(isinstance(_reference(list(ledger.events), d, rules), DubanError) for d in days):
        with pytest.raises(DubanError, match="as_of"):
            views_at(ledger, days)
        return
    views = views_at(ledger, days)
    assert [v.day for v in views] == sorted(set(days))
    for view in views:
        past = ledger.as_of(view.day)
        assert dict(view.items) == dict(past.items)
        assert list(view.items) == list(past.items)
        assert dict(view.bulletins) == dict(past.bulletins)
        assert view.units == past.units
        assert view.latest_day == past.latest_day


def test_as_of_the_latest_day_or_later_is_an_equal_independent_copy() -> None:
    s = Scenario()
    s.item("A", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    latest = s.ledger.latest_day
    assert latest == date(2024, 9, 2)
    past = s.ledger.as_of(date(2024, 12, 31))
    assert past == s.ledger
    assert past is not s.ledger
    assert Ledger().latest_day is None
    assert Ledger().as_of(date(2024, 1, 1)) == Ledger()


def test_as_of_refuses_what_is_not_a_day() -> None:
    with pytest.raises(DubanError):
        Ledger().as_of("2024-09-12")  # type: ignore[arg-type]


def _late_feedback() -> Scenario:
    # The issue's example: a 领导批示 (5 days, S0-4.4) received Monday 2024-09-02 is due
    # 2024-09-07, a Saturday, so Monday 2024-09-09 (S0-4.4 rolled to a working day);
    # its feedback arrives 2024-09-20.
    s = Scenario()
    s.item("A", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    s.ack("A", date(2024, 9, 3))
    s.feedback("A", date(2024, 9, 20))
    return s


def test_the_issue_example_as_of_0912_is_one_red_alert_and_an_overdue_finding() -> None:
    s = _late_feedback()
    item = s.ledger.items["A"]
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 9, 9)
    assert item.state is State.REPORTED
    past = s.ledger.as_of(date(2024, 9, 12))
    assert past.items["A"].state is State.IN_PROGRESS
    assert past.version == 4  # Drafted, Registered, Assigned, Acknowledged
    found = past.alerts(date(2024, 9, 12))
    assert [(a.item_id, a.level) for a in found] == [("A", Level.RED)]
    kinds = [f.kind for f in past.findings(date(2024, 9, 12))]
    assert kinds == [FindingKind.OVERDUE]


def _parent_and_child_out_of_time_order() -> list[Event]:
    """A parent and its decomposed child (S4-17) whose log order is not their time order: the
    child's assignment is logged after the parent's assignment and a leader's 批示 days later,
    but is dated the first day, when the parent's only bound was its stipulated date."""
    from datetime import datetime, timezone

    from duban_core import Actor, Role
    from duban_core.events import (
        Acknowledged,
        Assigned,
        Drafted,
        FeedbackSubmitted,
        Registered,
        Returned,
        ReturnKind,
    )

    cst = timezone(timedelta(hours=8))
    office = Actor(name="李明", role=Role.OFFICE)
    leader = Actor(name="张华", role=Role.LEADER)
    head = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")

    def at(day: int, hour: int, second: int = 0) -> datetime:
        return datetime(2000, 1, day, hour, 0, second, tzinfo=cst)

    common: dict[str, Any] = {
        "category": Category.SUPERIOR_DECISION,
        "lead_unit": "区住建局",
        "title": "批示",
    }
    return [
        Drafted(item_id="P", at=at(3, 8), by=office, urgent=True, stipulated_due=date(2000, 1, 3), **common),
        Registered(item_id="P", at=at(3, 8, 1), by=leader),
        Drafted(item_id="C", at=at(3, 8, 1), by=office, parent_id="P", project=True, **common),
        Assigned(item_id="P", at=at(6, 15), by=office, received_on=date(2000, 1, 3)),
        Acknowledged(item_id="P", at=at(6, 15, 1), by=head, handler="王芳"),
        FeedbackSubmitted(item_id="P", at=at(6, 16), by=head, summary="已办", signed_by=head),
        Registered(item_id="C", at=at(3, 8, 1), by=leader),
        Returned(item_id="P", at=at(10, 0), by=leader, kind=ReturnKind.LEADER_FOLLOW_UP, reason="再督查"),
        Assigned(item_id="C", at=at(3, 8, 1), by=office, received_on=date(2000, 1, 3)),
    ]


def test_a_child_decided_against_a_later_parent_is_refused_as_of_the_first_day() -> None:
    # Regression (integration of issues 15 and 18): the child's deadline was within its
    # parent's deadline in force in log order, but not within the parent as of 3 January;
    # the replay of the events up to that day refuses, so as_of refuses too.
    events = _parent_and_child_out_of_time_order()
    rules = RuleSet.default()
    ledger = Ledger.replay(events, rules)
    assert isinstance(_reference(events, date(2000, 1, 3), rules), DubanError)
    with pytest.raises(DubanError) as refused:
        ledger.as_of(date(2000, 1, 3))
    assert refused.value.code == "history.out_of_order"
    later = ledger.as_of(date(2000, 1, 10))
    want = _reference(events, date(2000, 1, 10), rules)
    assert isinstance(want, Ledger)
    _assert_same(later, want)


def test_views_at_refuses_the_day_as_of_refuses() -> None:
    ledger = Ledger.replay(_parent_and_child_out_of_time_order())
    with pytest.raises(DubanError) as refused:
        views_at(ledger, [date(2000, 1, 3), date(2000, 1, 10)])
    assert refused.value.code == "history.out_of_order"
    (view,) = views_at(ledger, [date(2000, 1, 10)])
    assert dict(view.items) == dict(ledger.as_of(date(2000, 1, 10)).items)


def test_a_cut_parent_counts_its_cancelled_child_closed_when_a_grandchild_is_cut() -> None:
    # Found by the series property: P closes on 03-04 after its child C was cancelled on
    # 03-02; C's own child G has an event after the day asked about, so as_of refolds G with
    # its ancestors. C must be refolded as it stood (cancelled), not as merely drafted (open),
    # or P's 审核办结 would be refused for an open child (S4-17).
    from datetime import datetime, timezone

    from duban_core import Actor, Role
    from duban_core.events import (
        Acknowledged,
        Approved,
        Archived,
        Assigned,
        Cancelled,
        Drafted,
        FeedbackSubmitted,
        Registered,
    )

    cst = timezone(timedelta(hours=8))
    office = Actor(name="李明", role=Role.OFFICE)
    staff = Actor(name="赵强", role=Role.UNIT_STAFF, unit="区住建局")
    head = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")

    def at(day: int, hour: int = 9) -> datetime:
        return datetime(2024, 3, day, hour, tzinfo=cst)

    def draft(item_id: str, day: int, parent: str | None = None) -> Drafted:
        return Drafted(
            item_id=item_id,
            at=at(day),
            by=office,
            title="老旧小区改造",
            category=Category.OTHER_ASSIGNED,
            lead_unit="区住建局",
            stipulated_due=date(2024, 3, 29),
            parent_id=parent,
        )

    events: list[Event] = [
        draft("P", 1),
        Registered(item_id="P", at=at(1, 10), by=office),
        Assigned(item_id="P", at=at(1, 11), by=office, received_on=date(2024, 3, 1)),
        Acknowledged(item_id="P", at=at(1, 12), by=staff, handler="赵强"),
        draft("C", 1, "P"),
        draft("G", 1, "C"),
        Cancelled(item_id="C", at=at(2), by=office, reason="并入上级事项办理"),
        FeedbackSubmitted(item_id="P", at=at(3), by=staff, summary="已完成", signed_by=head),
        Approved(item_id="P", at=at(4), by=office),
        Registered(item_id="G", at=at(10), by=office),
        Archived(item_id="P", at=at(11), by=office),
    ]
    rules = RuleSet.default()
    ledger = Ledger.replay(events, rules)
    past = ledger.as_of(date(2024, 3, 5))
    want = _reference(events, date(2024, 3, 5), rules)
    assert isinstance(want, Ledger)
    _assert_same(past, want)
    assert past.items["P"].state is State.CLOSED
    assert past.items["C"].state is State.CANCELLED
