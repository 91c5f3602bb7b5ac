"""Series (issue 18): the figures at many days, from one walk, equal the views on as_of."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import Category, DubanError, Ledger, RuleSet
from duban_core import strategies as dst
from duban_core.clock import cst_day
from duban_core.oversight import (
    SERIES_LABELS,
    Level,
    Metrics,
    SeriesRow,
    alerts,
    metrics,
    month_ends,
    series,
    series_frame,
    week_ends,
)
from oversight_support import Scenario


def _expected(ledger: Ledger, day: date) -> list[SeriesRow]:
    """The rows of one day computed the slow way: the views on ledger.as_of(day)."""
    past = ledger.as_of(day)
    lights: dict[str, Counter[Level]] = {}
    for alert in alerts(past, day):
        lights.setdefault(alert.unit, Counter())[alert.level] += 1
    grouped = metrics(past, "lead_unit", as_of=day)
    out = []
    for unit in list(grouped) + sorted(set(lights) - set(grouped)):
        seen = lights.get(unit, Counter())
        m = grouped.get(unit, Metrics())
        out.append(
            SeriesRow(
                day,
                unit,
                sum(seen.values()),
                seen[Level.GREEN],
                seen[Level.YELLOW],
                seen[Level.RED],
                m.total,
                m.closed,
                m.on_time,
                m.completion_rate,
                m.on_time_rate,
            )
        )
    return out


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_series_at_each_day_equals_the_views_as_of_that_day(data: st.DataObject) -> None:
    rules = RuleSet.default()
    ledger = Ledger.replay(
        data.draw(dst.event_streams(rules, max_items=6, max_events=60), label="stream"), rules
    )
    seen = sorted({cst_day(e.at) for e in ledger.events})
    near = st.dates(max(seen[0] - timedelta(days=3), date(2000, 1, 1)), seen[-1] + timedelta(days=40))
    days = data.draw(st.lists(st.one_of(st.sampled_from(seen), near), min_size=1, max_size=6), label="days")
    try:
        expected = [row for day in sorted(set(days)) for row in _expected(ledger, day)]
    except DubanError:  # some day cannot be rebuilt (recorded out of time order): nor is the series
        with pytest.raises(DubanError, match="as_of") as refused:
            series(ledger, days)
        assert refused.value.code == "history.out_of_order"
        return
    assert series(ledger, days) == expected
    # the whole ledger: the units' rows add up
    whole = series(ledger, days, by=None)
    assert [row.day for row in whole] == sorted(set(days))
    for row in whole:
        parts = [r for r in expected if r.day == row.day]
        assert row.red == sum(r.red for r in parts)
        assert row.running == sum(r.running for r in parts)
        assert row.total == sum(r.total for r in parts)


def test_monthly_trend_of_the_issue_example() -> None:
    # 领导批示 A (5 days, S0-4.4) received 2024-09-02, due 09-09, answered 09-20, approved
    # 10-08: overdue at the end of September? No — answered 09-20, so the clock stopped
    # (REPORTED). At the end of August nothing had been assigned yet.
    s = Scenario()
    s.item("A", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    s.ack("A", date(2024, 9, 3))
    s.item("B", Category.LEADER_INSTRUCTION, date(2024, 9, 23), unit="区教育局")
    s.feedback("A", date(2024, 9, 20))
    s.approve("A", date(2024, 10, 8))
    rows = series(s.ledger, [date(2024, 8, 31), date(2024, 9, 12), date(2024, 9, 30), date(2024, 10, 31)])
    got = [(r.day.isoformat(), r.unit, r.running, r.red, r.total, r.closed, r.completion_rate) for r in rows]
    assert got == [
        ("2024-09-12", "区住建局", 1, 1, 1, 0, 0.0),  # A three days overdue
        ("2024-09-30", "区住建局", 0, 0, 1, 0, 0.0),  # A answered, awaiting approval
        ("2024-09-30", "区教育局", 1, 1, 1, 0, 0.0),  # B due 09-28 (Saturday, a 调休 working day)
        ("2024-10-31", "区住建局", 0, 0, 1, 1, 1.0),
        ("2024-10-31", "区教育局", 1, 1, 1, 0, 0.0),
    ]


def test_days_helpers() -> None:
    ends = month_ends(2024)
    assert ends[1] == date(2024, 2, 29)
    assert ends[-1] == date(2024, 12, 31)
    assert len(ends) == 12
    # Q3 2024: Sundays 07-07 … 09-29, then the quarter's last day
    weeks = week_ends(date(2024, 7, 1), date(2024, 9, 30))
    assert weeks[0] == date(2024, 7, 7)
    assert weeks[-2:] == [date(2024, 9, 29), date(2024, 9, 30)]
    assert week_ends(date(2024, 7, 1), date(2024, 7, 7)) == [date(2024, 7, 7)]
    assert week_ends(date(2024, 7, 1), date(2024, 7, 3)) == [date(2024, 7, 3)]
    with pytest.raises(DubanError):
        month_ends(1999)
    with pytest.raises(DubanError):
        week_ends(date(2024, 7, 3), date(2024, 7, 1))
    with pytest.raises(DubanError):
        series(Ledger(), [date(2024, 1, 1)], by="category")  # type: ignore[arg-type]


def test_series_frame() -> None:
    pytest.importorskip("pandas")
    s = Scenario()
    s.item("A", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    frame = series_frame(s.ledger, month_ends(2024))
    assert list(frame.columns) == list(SeriesRow._fields)
    assert len(frame) == 4  # September … December, one unit
    assert list(frame["red"]) == [1, 1, 1, 1]
    chinese = series_frame(s.ledger, month_ends(2024), chinese=True)
    assert list(chinese.columns) == list(SERIES_LABELS.values())
    assert list(series_frame(Ledger(), [date(2024, 1, 31)]).columns) == list(SeriesRow._fields)
