"""Metrics (办结率、按时办结率、退回重办率、平均办理工作日、满意率 S2-2.1), their filters, and
merging: metrics of partitions merged equal the metrics of the whole."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import Category, DubanError, Ledger, Metrics, RuleSet
from duban_core import strategies as dst
from duban_core.events import Outcome, Satisfaction
from duban_core.oversight import Basis, GroupBy, merge_grouped, merge_metrics, metrics
from oversight_support import Scenario, chooser, partition


@pytest.fixture(scope="module")
def year() -> Scenario:
    """Seven assigned items of 2024 (and one cancelled, one only drafted).

    * A 领导批示 received Mon 09-02, due 09-09 (5日: 09-07 is a Saturday, S0-4.4); reported
      and closed 09-05: on time, 3 workdays.
    * B the same, reported 09-10 (late) and closed 09-11: 7 workdays.
    * C 会议 (7日, S0-4.3) received 09-02, due 09-09, sent back 09-05 (rework due 09-12,
      S0-3.4), reported again 09-10, closed 09-11: on time after rework.
    * D 上级决策 received 10-08, open.
    * G, H, H2 代表建议 received 03-01 (3个月 → 06-03), closed 05-20 (54 workdays each);
      evaluated 满意/已解决, 基本满意/列入计划 (after 不满意 at first), 不满意/说明原因.
    * E cancelled 09-20; F drafted only.
    """
    s = Scenario()
    s.item("A", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    s.finish("A", date(2024, 9, 5))
    s.item("B", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    s.finish("B", date(2024, 9, 10), date(2024, 9, 11))
    s.item("C", Category.MEETING_DECISION, date(2024, 9, 2), unit="区财政局")
    s.ack("C", date(2024, 9, 3))
    s.feedback("C", date(2024, 9, 4))
    s.send_back("C", date(2024, 9, 5))
    s.feedback("C", date(2024, 9, 10))
    s.approve("C", date(2024, 9, 11))
    s.item("D", Category.SUPERIOR_DECISION, date(2024, 10, 8), unit="区财政局")
    for name in ("G", "H", "H2"):
        s.item(name, Category.DEPUTY_PROPOSAL, date(2024, 3, 1), unit="区民政局")
        s.finish(name, date(2024, 5, 20))
    s.evaluate("G", date(2024, 5, 25), Satisfaction.SATISFIED, Outcome.SOLVED)
    s.evaluate("H", date(2024, 5, 25), Satisfaction.UNSATISFIED, Outcome.PLANNED)
    s.evaluate("H", date(2024, 6, 10), Satisfaction.BASICALLY_SATISFIED, Outcome.PLANNED)
    s.evaluate("H2", date(2024, 5, 25), Satisfaction.UNSATISFIED, Outcome.EXPLAINED)
    s.archive("H2", date(2024, 6, 30))
    s.item("E", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    s.cancel("E", date(2024, 9, 20))
    s.drafted_only("F", Category.WORK_REPORT_TASK, date(2024, 9, 2))
    return s


def test_contract_counts_and_rates(year: Scenario) -> None:
    m = metrics(year.ledger)
    assert m == Metrics(
        total=7,  # assigned, not cancelled: A B C D G H H2
        closed=6,  # CLOSED or ARCHIVED (H2)
        on_time=5,  # B's feedback was late
        reworked=1,  # C
        handling_workdays=3 + 7 + 7 + 3 * 54,
        evaluated=3,
        satisfied=1,
        basically_satisfied=1,  # H's latest evaluation
        solved=1,
        planned=1,
        explained=1,
    )
    assert m.completion_rate == pytest.approx(6 / 7)
    assert m.on_time_rate == pytest.approx(5 / 6)
    assert m.rework_rate == pytest.approx(1 / 7)
    assert m.average_handling_workdays == pytest.approx((3 + 7 + 7 + 162) / 6)
    assert m.satisfaction_rate == pytest.approx(2 / 3)  # S2-2.1: target 100%
    assert (m.open, m.late, m.unsatisfied) == (1, 1, 1)
    assert year.ledger.metrics() == m


def test_a_rate_with_no_denominator_is_none() -> None:
    empty = Metrics()
    assert (
        empty.completion_rate,
        empty.on_time_rate,
        empty.rework_rate,
        empty.average_handling_workdays,
        empty.satisfaction_rate,
    ) == (None, None, None, None, None)
    assert metrics(Ledger()) == empty
    open_only = Scenario()
    open_only.item("X", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    m = metrics(open_only.ledger)
    assert (m.completion_rate, m.on_time_rate, m.satisfaction_rate) == (0.0, None, None)


def test_grouped_by_lead_unit_and_category(year: Scenario) -> None:
    by_unit = metrics(year.ledger, "lead_unit")
    assert sorted(by_unit) == list(by_unit)  # sorted keys
    assert {unit: (m.total, m.closed, m.on_time) for unit, m in by_unit.items()} == {
        "区住建局": (2, 2, 1),
        "区财政局": (2, 1, 1),
        "区民政局": (3, 3, 3),
    }
    by_category = year.ledger.metrics(by="category")
    assert list(by_category) == sorted(by_category, key=lambda c: c.value)
    assert by_category[Category.DEPUTY_PROPOSAL].satisfaction_rate == pytest.approx(2 / 3)
    assert by_category[Category.MEETING_DECISION].rework_rate == 1.0
    assert Category.WORK_REPORT_TASK not in by_category  # F was never assigned
    assert merge_grouped([by_unit]) == by_unit
    assert merge_metrics(by_unit.values()) == metrics(year.ledger)
    assert merge_metrics(by_category.values()) == metrics(year.ledger)


def test_grouped_by_month_and_quarter_of_the_basis_day(year: Scenario) -> None:
    by_month = metrics(year.ledger, "month")
    assert {k: m.total for k, m in by_month.items()} == {"2024-03": 3, "2024-09": 3, "2024-10": 1}
    by_quarter = metrics(year.ledger, "quarter", basis="closed")
    assert {k: m.closed for k, m in by_quarter.items()} == {"2024Q2": 3, "2024Q3": 3}


def test_period_filters_on_received_or_closed(year: Scenario) -> None:
    september = metrics(year.ledger, start=date(2024, 9, 1), end=date(2024, 9, 30))
    assert (september.total, september.closed, september.on_time) == (3, 3, 2)
    closed_in_may = metrics(year.ledger, start=date(2024, 5, 1), end=date(2024, 5, 31), basis="closed")
    assert (closed_in_may.total, closed_in_may.closed, closed_in_may.completion_rate) == (3, 3, 1.0)
    assert metrics(year.ledger, start=date(2024, 10, 1)).total == 1
    assert metrics(year.ledger, end=date(2024, 3, 1)).total == 3
    with pytest.raises(DubanError):
        metrics(year.ledger, start=date(2024, 10, 1), end=date(2024, 9, 1))


def test_as_of_ignores_what_happened_later(year: Scenario) -> None:
    m = metrics(year.ledger, as_of=date(2024, 9, 10))
    # E (cancelled 09-20) still counts; B and C closed on 09-11; C was sent back 09-05.
    assert (m.total, m.closed, m.on_time, m.reworked) == (7, 4, 4, 1)
    may = metrics(year.ledger, as_of=date(2024, 5, 22))
    assert (may.total, may.closed, may.evaluated) == (3, 3, 0)  # evaluated on 05-25
    june = metrics(year.ledger, as_of=date(2024, 6, 1))
    assert (june.evaluated, june.satisfied, june.basically_satisfied, june.unsatisfied) == (3, 1, 0, 2)
    assert metrics(year.ledger, as_of=date(2024, 9, 4)).reworked == 0
    assert metrics(year.ledger, as_of=date(2024, 12, 31)) == metrics(year.ledger)


def test_invalid_arguments_are_refused(year: Scenario) -> None:
    with pytest.raises(DubanError):
        metrics(year.ledger, "unit")  # type: ignore[call-overload]
    with pytest.raises(DubanError):
        metrics(year.ledger, basis="assigned")  # type: ignore[call-overload]
    with pytest.raises(DubanError):
        metrics(year.ledger, as_of="2024-09-10")  # type: ignore[call-overload]
    with pytest.raises(DubanError):
        Metrics().merge(3)  # type: ignore[arg-type]


def test_merge_adds_raw_counts_and_rates_follow() -> None:
    a = Metrics(total=2, closed=2, on_time=2, handling_workdays=4, evaluated=1, satisfied=1)
    b = Metrics(total=3, closed=1, on_time=0, reworked=1, handling_workdays=10, evaluated=1)
    both = a + b
    assert both == a.merge(b) == merge_metrics([a, b]) == merge_metrics([Metrics(), a, b])
    assert (both.total, both.closed, both.on_time, both.reworked) == (5, 3, 2, 1)
    assert both.on_time_rate == pytest.approx(2 / 3)  # not the mean of 1.0 and 0.0
    assert both.average_handling_workdays == pytest.approx(14 / 3)
    assert both.satisfaction_rate == 0.5
    assert merge_grouped([{"x": a}, {"x": b, "y": a}]) == {"x": both, "y": a}


def test_as_dict_and_describe(year: Scenario) -> None:
    m = metrics(year.ledger)
    row = m.as_dict()
    assert row["total"] == 7
    assert row["completion_rate"] == m.completion_rate
    assert set(row) >= {"on_time_rate", "rework_rate", "average_handling_workdays", "satisfaction_rate"}
    assert m.describe().startswith("交办7件，办结6件（办结率85.7%），按时办结5件（按时办结率83.3%）")
    assert "满意率66.7%（目标100%，依据《县（市）督查督办浅谈》第二部分第（一）节）" in m.describe()
    assert "S2-2.1" not in m.describe()


def test_merging_explicit_partitions_by_unit_equals_the_whole(year: Scenario) -> None:
    parts = {}
    for unit in ("区住建局", "区财政局", "区民政局"):
        picked = Scenario()
        for event in year.events:
            item = year.ledger.items.get(getattr(event, "item_id", ""))
            if item is not None and item.lead_unit == unit:
                picked.apply(event)
        parts[unit] = picked.ledger
    for by in _GROUPINGS:
        for basis in _BASES:
            _assert_merge_is_whole(year.ledger, parts.values(), by, basis=basis)


# -- merge(partition) == whole, on any stream a ledger accepts ----------------------------------

_GROUPINGS: tuple[GroupBy | None, ...] = (None, "lead_unit", "category", "month", "quarter")
_BASES: tuple[Basis, ...] = ("received", "closed")


def _assert_merge_is_whole(
    whole: Ledger, parts: Iterable[Ledger], by: GroupBy | None, **filters: Any
) -> None:
    if by is None:
        assert merge_metrics(metrics(part, **filters) for part in parts) == metrics(whole, **filters)
    else:
        assert merge_grouped(metrics(part, by, **filters) for part in parts) == metrics(whole, by, **filters)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    rules=dst.rule_sets(),
    parts=st.integers(1, 4),
    by=st.sampled_from(_GROUPINGS),
    basis=st.sampled_from(_BASES),
    span=st.one_of(st.none(), st.tuples(dst.dates(), st.integers(0, 3000))),
    as_of=st.one_of(st.none(), dst.dates()),
    data=st.data(),
)
def test_metrics_of_partitions_merge_to_the_metrics_of_the_whole(
    rules: RuleSet,
    parts: int,
    by: GroupBy | None,
    basis: Basis,
    span: tuple[date, int] | None,
    as_of: date | None,
    data: st.DataObject,
) -> None:
    stream = data.draw(dst.event_streams(rules, max_items=6, max_events=60), label="stream")
    whole_events, split = partition(stream, chooser(data, parts), parts)
    whole = Ledger.replay(whole_events, rules)
    start = end = None
    if span is not None:
        start = span[0]
        end = min(date(2099, 12, 31), date.fromordinal(span[0].toordinal() + span[1]))
    parts_ = [Ledger.replay(events, rules) for events in split]
    _assert_merge_is_whole(whole, parts_, by, start=start, end=end, basis=basis, as_of=as_of)
