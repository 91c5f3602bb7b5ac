"""Properties of the calendar, the deadline rules and the rule set (hypothesis).

Dates are drawn inside the supported range 2000-01-01 … 2099-12-31 with margins that keep
every count inside it; the ``ci`` profile of ``tests/conftest.py`` sets the example budget.
"""

from __future__ import annotations

import calendar as stdcal
from datetime import date, timedelta
from typing import Any, Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from duban_core import Category, CategoryRules, ChinaCalendar, EscalationStep, RuleSet
from duban_core.rules import (
    CalendarDays,
    Deadline,
    Monthly,
    Months,
    QuarterEnds,
    SameDay,
    Stipulated,
    Weekly,
    WorkingDays,
    parse_rule,
)

CAL = ChinaCalendar()

# n ≤ 1000 working days is under four years: starts up to 2094 never leave the range.
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2094, 12, 31))
late_days = st.dates(min_value=date(2005, 1, 1), max_value=date(2099, 12, 31))
mid_days = st.dates(min_value=date(2005, 1, 1), max_value=date(2094, 12, 31))
counts = st.integers(min_value=1, max_value=1000)


# -- add_workdays and workdays_between ----------------------------------------------------------


@given(days, counts)
def test_add_workdays_lands_on_a_workday(d: date, n: int) -> None:
    assert CAL.is_workday(CAL.add_workdays(d, n))


@given(days, counts)
def test_workdays_between_inverts_add_workdays(d: date, n: int) -> None:
    target = CAL.add_workdays(d, n)
    assert target > d
    assert CAL.workdays_between(d, target) == n
    # Exactly n working days in (d, target]: the one before target is the (n-1)-th.
    assert CAL.workdays_between(d, target - timedelta(1)) == n - 1


@given(late_days, counts)
def test_negative_n_counts_back_with_the_contract_sign(d: date, n: int) -> None:
    target = CAL.add_workdays(d, -n)
    assert target < d
    assert CAL.is_workday(target)
    # workdays_between(a, b) counts (a, b], negated when b < a: from a working day d, going
    # back n working days is workdays_between == -n; from a day off, d itself is not counted.
    expected = -n if CAL.is_workday(d) else -n + 1
    assert CAL.workdays_between(d, target) == expected
    # There are exactly n working days in [target, d).
    assert CAL.workdays_between(target - timedelta(1), d - timedelta(1)) == n


@given(mid_days, counts)
def test_forward_then_back_returns_to_roll_back(d: date, n: int) -> None:
    assert CAL.add_workdays(CAL.add_workdays(d, n), -n) == CAL.roll_back(d)


@given(days, st.integers(min_value=1, max_value=60))
def test_workdays_between_matches_counting_day_by_day(d: date, span: int) -> None:
    b = d + timedelta(span)
    by_hand = sum(CAL.is_workday(d + timedelta(i)) for i in range(1, span + 1))
    assert CAL.workdays_between(d, b) == by_hand
    assert CAL.workdays_between(b, d) == -by_hand
    assert len(CAL.workdays(d, b)) == by_hand
    assert len(CAL.days_off(d, b)) == span - by_hand


@given(days, days, days)
def test_workdays_between_is_additive(a: date, b: date, c: date) -> None:
    assert CAL.workdays_between(a, b) + CAL.workdays_between(b, c) == CAL.workdays_between(a, c)


@given(days, days, st.integers(min_value=-1000, max_value=1000))
def test_add_workdays_is_monotonic_in_d(d1: date, d2: date, n: int) -> None:
    d1, d2 = min(d1, d2), max(d1, d2)
    if n < 0 and d1 < date(2005, 1, 1):
        d1 = d2 = max(d2, date(2005, 1, 1))
    assert CAL.add_workdays(d1, n) <= CAL.add_workdays(d2, n)


@given(days, st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_add_workdays_is_monotonic_in_n(d: date, n1: int, n2: int) -> None:
    n1, n2 = min(n1, n2), max(n1, n2)
    assert CAL.add_workdays(d, n1) <= CAL.add_workdays(d, n2)
    if 1 <= n1 < n2:
        assert CAL.add_workdays(d, n1) < CAL.add_workdays(d, n2)


# -- roll_forward / roll_back -----------------------------------------------------------------


@given(days)
def test_roll_forward_is_the_first_workday_on_or_after(d: date) -> None:
    rolled = CAL.roll_forward(d)
    assert rolled >= d
    assert CAL.is_workday(rolled)
    assert CAL.roll_forward(rolled) == rolled  # idempotent
    assert all(not CAL.is_workday(d + timedelta(i)) for i in range((rolled - d).days))
    assert CAL.add_workdays(d, 0) == rolled


@given(late_days)
def test_roll_back_is_the_last_workday_on_or_before(d: date) -> None:
    rolled = CAL.roll_back(d)
    assert rolled <= d
    assert CAL.is_workday(rolled)
    assert CAL.roll_back(rolled) == rolled
    assert all(not CAL.is_workday(rolled + timedelta(i)) for i in range(1, (d - rolled).days + 1))


@given(days)
def test_day_kind_and_describe_agree_with_is_workday(d: date) -> None:
    kind = CAL.day_kind(d)
    assert (kind in ("工作日", "调休上班日")) == CAL.is_workday(d)
    assert CAL.describe(d).startswith(f"{d.year}年{d.month}月{d.day}日（星期")
    assert kind in CAL.describe(d)


# -- overrides --------------------------------------------------------------------------------


@settings(max_examples=30)  # each draw builds a calendar (about 15 ms)
@given(st.sets(days, max_size=5), st.sets(days, max_size=5))
def test_overrides_decide_their_days_and_nothing_else(off: set[date], worked: set[date]) -> None:
    worked -= off
    cal = ChinaCalendar(extra_holidays=dict.fromkeys(off, "另行放假"), extra_workdays=worked)
    assert cal.published_through == CAL.published_through
    for d in off:
        assert not cal.is_workday(d)
    for d in worked:
        assert cal.is_workday(d)
    for d in (date(2024, 10, 1), date(2024, 9, 29), date(2024, 10, 8), date(2050, 1, 1)):
        if d not in off | worked:
            assert cal.is_workday(d) == CAL.is_workday(d)
    probe = date(2026, 2, 16)
    assert cal.workdays_between(date(2000, 1, 1), probe) - CAL.workdays_between(
        date(2000, 1, 1), probe
    ) == sum(
        (d in worked and not CAL.is_workday(d)) - (d in off and CAL.is_workday(d))
        for d in off | worked
        if date(2000, 1, 1) < d <= probe
    )


# -- deadline rules ---------------------------------------------------------------------------


@given(days, st.integers(min_value=1, max_value=400))
def test_calendar_days_due_is_the_first_workday_from_start_plus_n(start: date, n: int) -> None:
    deadline = CalendarDays(n).due(start, CAL)
    last = start + timedelta(n)
    assert deadline.due >= last
    assert CAL.is_workday(deadline.due)
    # Every day from the period's last day up to the due day is a day off (art. 203).
    assert all(not CAL.is_workday(last + timedelta(i)) for i in range((deadline.due - last).days))
    assert deadline.provisional == CAL.is_provisional(deadline.due)
    assert f"{deadline.due.year}年{deadline.due.month}月{deadline.due.day}日" in deadline.explanation


@given(days, st.integers(min_value=1, max_value=1000))
def test_working_days_due_is_add_workdays(start: date, n: int) -> None:
    deadline = WorkingDays(n).due(start, CAL)
    assert deadline.due == CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, deadline.due) == n


@given(days, st.integers(min_value=1, max_value=48))
def test_months_clamps_to_the_month_end_then_rolls_forward(start: date, m: int) -> None:
    deadline = Months(m).due(start, CAL)
    index = start.year * 12 + start.month - 1 + m
    year, month = index // 12, index % 12 + 1
    last = date(year, month, min(start.day, stdcal.monthrange(year, month)[1]))
    assert deadline.due == CAL.roll_forward(last)
    if start.day > stdcal.monthrange(year, month)[1]:
        assert "月末日为期间的最后一日" in deadline.explanation


@given(days, st.integers(min_value=0, max_value=400))
def test_same_day_and_stipulated(start: date, later: int) -> None:
    assert SameDay().due(start, CAL).due == start
    stipulated = start + timedelta(later)
    assert Stipulated().due(start, CAL, stipulated=stipulated).due == stipulated


@given(days, st.integers(min_value=0, max_value=3 * 366))
def test_quarter_ends_are_increasing_workdays_one_per_quarter(start: date, span: int) -> None:
    end = start + timedelta(span)
    dates = QuarterEnds().dates(start, end, CAL)
    assert all(CAL.is_workday(d) for d in dates)
    assert dates == sorted(set(dates))
    quarters = (end.year * 4 + (end.month - 1) // 3) - (start.year * 4 + (start.month - 1) // 3)
    start_is_quarter_end = start.month % 3 == 0 and start.day == stdcal.monthrange(start.year, start.month)[1]
    assert len(dates) == quarters + (0 if start_is_quarter_end else 1)
    assert all(d > start for d in dates)


# -- serialisation ----------------------------------------------------------------------------

rules = st.one_of(
    st.builds(CalendarDays, days=st.integers(min_value=1, max_value=36_500)),
    st.builds(WorkingDays, days=st.integers(min_value=1, max_value=36_500)),
    st.builds(Months, months=st.integers(min_value=1, max_value=1_200)),
    st.just(SameDay()),
    st.just(Stipulated()),
)
schedules = st.one_of(
    st.none(),
    st.just(QuarterEnds()),
    st.builds(Monthly, day=st.one_of(st.none(), st.integers(min_value=1, max_value=31))),
    st.builds(Weekly, weekday=st.integers(min_value=0, max_value=6)),
)


@given(rules)
def test_rules_round_trip_through_json(rule: Any) -> None:
    assert parse_rule(rule.model_dump_json()) == rule
    assert parse_rule(rule.model_dump()) == rule


@given(rules, days)
def test_deadlines_round_trip_through_json(rule: Any, start: date) -> None:
    try:
        deadline = rule.due(start, CAL, stipulated=start + timedelta(30))
    except ValueError:  # a long count left the range: nothing to serialise
        return
    assert Deadline.model_validate_json(deadline.model_dump_json()) == deadline


@st.composite
def category_rules(draw: st.DrawFn) -> CategoryRules:
    deadline = draw(rules)
    default_due: Literal["year_end"] | None = None
    if isinstance(deadline, Stipulated) and draw(st.booleans()):
        default_due = "year_end"
    return CategoryRules(
        deadline=deadline,
        rework=draw(st.one_of(st.none(), rules)),
        reports=draw(schedules),
        default_due=default_due,
    )


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    steps = sorted(draw(st.sets(st.integers(min_value=1, max_value=60), max_size=4)))
    off = draw(st.sets(days, max_size=3))
    worked = draw(st.sets(days, max_size=3)) - off
    return RuleSet(
        counting=draw(st.sampled_from(["calendar", "working"])),
        categories={c: draw(category_rules()) for c in Category},
        urgent=draw(rules),
        rework_fallback=draw(rules),
        warning_workdays=draw(st.integers(min_value=0, max_value=365)),
        warning_share=draw(st.one_of(st.none(), st.floats(min_value=0.01, max_value=0.99))),
        points_per_criticism=draw(st.integers(min_value=0, max_value=100)),
        criticism_blocks_excellent=draw(st.booleans()),
        rectification=CalendarDays(draw(st.integers(min_value=1, max_value=60))),
        escalation=tuple(EscalationStep(after_workdays=s, action="催办", clause="S0-5.1") for s in steps),
        extra_holidays=dict.fromkeys(off, "另行放假"),
        extra_workdays=tuple(sorted(worked)),
    )


@settings(max_examples=30)  # a rule set with overrides builds its calendar
@given(rule_sets())
def test_rule_sets_round_trip_through_json(rules: RuleSet) -> None:
    back = RuleSet.model_validate_json(rules.model_dump_json())
    assert back == rules
    assert back.calendar == rules.calendar
    assert back.model_dump_json() == rules.model_dump_json()
