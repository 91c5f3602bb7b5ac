"""台账 views (S4-22 综合台账 + 专项台账: 责任单位、责任人、完成时限) and DataFrames."""

from __future__ import annotations

import sys
from datetime import date

import pandas as pd
import pytest

from duban_core import Category, DubanError, Level, RegisterRow, State
from duban_core.oversight import (
    COLUMN_LABELS,
    alerts,
    assess,
    comprehensive_register,
    findings,
    ledger_frame,
    metrics,
    special_register,
    to_pandas,
)
from oversight_support import Scenario

ON = date(2024, 10, 9)


@pytest.fixture
def decision() -> Scenario:
    """A 常务会议 decision decomposed into items (S4-17 决策分解立项), and an unrelated item."""
    s = Scenario()
    # The decision's own limit is set (2024-10-31), so its parts fit inside it (S4-17).
    s.item(
        "CW-1",
        Category.MEETING_DECISION,
        date(2024, 9, 2),
        unit="区发改局",
        title="老旧小区改造",
        stipulated=date(2024, 10, 31),
    )
    s.item(
        "CW-1.1",
        Category.MEETING_DECISION,
        date(2024, 9, 3),
        unit="区住建局",
        co_units=["区财政局"],
        parent="CW-1",
        title="改造资金拨付",
    )
    s.item(
        "CW-1.2",
        Category.MEETING_DECISION,
        date(2024, 9, 27),
        unit="区城管局",
        parent="CW-1",
        title="施工占道审批",
    )
    s.item(
        "CW-1.1.1",
        Category.MEETING_DECISION,
        date(2024, 9, 3),  # 7日 → 09-10, the day its parent CW-1.1 is due (S4-17)
        unit="区财政局",
        parent="CW-1.1",
        title="首批资金",
    )
    s.finish("CW-1.1.1", date(2024, 9, 6))
    s.ack("CW-1.1", date(2024, 9, 4))
    s.progress("CW-1.1", date(2024, 9, 5), percent=40)
    s.item("PS-9", Category.LEADER_INSTRUCTION, date(2024, 9, 27), unit="区住建局", title="处理群众来信")
    s.item("PS-10", Category.LEADER_INSTRUCTION, date(2024, 9, 27), unit="区住建局", title="已撤销事项")
    s.cancel("PS-10", date(2024, 9, 28))
    return s


def test_s4_22_comprehensive_register_row_names_unit_handler_and_due(decision: Scenario) -> None:
    rows = comprehensive_register(decision.ledger, ON)
    assert rows == comprehensive_register(decision.ledger, ON)
    assert [r.item_id for r in rows] == ["CW-1", "CW-1.1", "CW-1.2", "CW-1.1.1", "PS-9"]  # cancelled left out
    row = rows[1]
    assert isinstance(row, RegisterRow)
    assert (row.title, row.category_label, row.lead_unit, row.co_units) == (
        "改造资金拨付",
        "本级政府重要部署、文件和会议",
        "区住建局",
        ("区财政局",),
    )
    assert (row.handler, row.parent_id, row.received_on) == ("张三", "CW-1", date(2024, 9, 3))
    assert row.due == date(2024, 9, 10)  # 7日 (S0-4.3)
    assert (row.state, row.state_label, row.level, row.light) == (
        State.IN_PROGRESS,
        "办理中",
        Level.RED,
        "红灯",
    )
    assert (row.workdays_left, row.days_overdue, row.percent_complete) == (-16, 29, 40.0)


def test_lights_match_the_alerts_and_closed_items_have_none(decision: Scenario) -> None:
    rows = {r.item_id: r for r in comprehensive_register(decision.ledger, ON)}
    for alert in alerts(decision.ledger, ON):
        assert (rows[alert.item_id].level, rows[alert.item_id].workdays_left) == (
            alert.level,
            alert.workdays_left,
        )
    closed = rows["CW-1.1.1"]
    assert (closed.state, closed.level, closed.light, closed.days_overdue) == (State.CLOSED, None, "", 0)
    assert (closed.closed_on, closed.closed_on_time) == (date(2024, 9, 6), True)
    assert rows["PS-9"].level is Level.RED  # received 09-27, due 10-08
    with_cancelled = comprehensive_register(decision.ledger, ON, include_cancelled=True)
    assert with_cancelled[-1].state is State.CANCELLED


def test_s4_17_special_register_of_a_decomposed_decision(decision: Scenario) -> None:
    tree = special_register(decision.ledger, ON, root="CW-1")
    assert [r.item_id for r in tree] == ["CW-1", "CW-1.1", "CW-1.1.1", "CW-1.2"]  # parents first
    assert [r.item_id for r in special_register(decision.ledger, ON, root="CW-1.1")] == ["CW-1.1", "CW-1.1.1"]
    assert [r.item_id for r in special_register(decision.ledger, ON, root="CW-1", unit="区财政局")] == [
        "CW-1.1",  # as co-unit (协办单位)
        "CW-1.1.1",
    ]


def test_special_register_by_category_or_unit(decision: Scenario) -> None:
    by_category = special_register(decision.ledger, ON, category=Category.LEADER_INSTRUCTION)
    assert [r.item_id for r in by_category] == ["PS-9"]
    by_unit = special_register(decision.ledger, ON, unit="区住建局", include_cancelled=True)
    assert [r.item_id for r in by_unit] == ["CW-1.1", "PS-9", "PS-10"]
    with pytest.raises(DubanError):
        special_register(decision.ledger, ON)
    with pytest.raises(DubanError):
        special_register(decision.ledger, ON, root="nope")


def test_to_pandas_of_register_rows(decision: Scenario) -> None:
    frame = to_pandas(comprehensive_register(decision.ledger, ON))
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(RegisterRow._fields)
    assert frame.loc[1, "state"] == "IN_PROGRESS"
    assert frame.loc[1, "level"] == "RED"
    chinese = to_pandas(comprehensive_register(decision.ledger, ON), chinese=True)
    assert {"责任单位", "责任人", "完成时限", "预警"} <= set(chinese.columns)
    assert chinese.loc[1, "办理状态"] == "办理中"
    assert chinese.loc[1, "协办单位"] == "区财政局"
    assert chinese.loc[1, "预警等级"] == "逾期"


def test_ledger_frame_is_the_comprehensive_register_by_item(decision: Scenario) -> None:
    frame = ledger_frame(decision.ledger, ON)
    assert frame.index.name == "item_id"
    assert frame.loc["PS-9", "lead_unit"] == "区住建局"
    assert ledger_frame(decision.ledger, ON, chinese=True).index.name == COLUMN_LABELS["item_id"]
    empty = to_pandas([])
    assert list(empty.columns) == list(RegisterRow._fields)
    assert len(empty) == 0


def test_to_pandas_of_other_oversight_records(decision: Scenario) -> None:
    by_unit = to_pandas(metrics(decision.ledger, "lead_unit"))
    assert by_unit.loc["区住建局", "total"] == 2
    assert "completion_rate" in by_unit.columns
    by_category = to_pandas(metrics(decision.ledger, "category"))
    assert "MEETING_DECISION" in by_category.index
    assert to_pandas(assess(decision.ledger, 2024)).loc["区财政局", "criticisms"] == 0
    found = to_pandas(findings(decision.ledger, ON), chinese=True)
    assert found.iloc[0]["类型"] == "逾期未办结"
    lights = to_pandas(alerts(decision.ledger, ON), index="item_id")
    assert lights.loc["PS-9", "level"] == "RED"
    assert "国庆节" in str(lights.loc["PS-9", "deadline"])
    with pytest.raises(DubanError):
        to_pandas([3])


def test_without_pandas_a_clear_error(decision: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    rows = comprehensive_register(decision.ledger, ON)  # the rows need no pandas
    with pytest.raises(DubanError, match=r"pip install duban_core\[pandas\]"):
        to_pandas(rows)
    with pytest.raises(DubanError):
        ledger_frame(decision.ledger, ON)


def test_s4_22_register_row_names_the_responsible_leader() -> None:
    """S4-22: every 台账 row names 责任单位、责任领导、责任人 and 完成时限."""
    from datetime import datetime, timedelta, timezone

    from duban_core import Actor, Ledger, Role
    from duban_core.events import Acknowledged, Assigned, Drafted, Registered

    cst = timezone(timedelta(hours=8))
    office = Actor(name="李明", role=Role.OFFICE)
    staff = Actor(name="赵强", role=Role.UNIT_STAFF, unit="区住建局")
    t = datetime(2024, 9, 27, 9, tzinfo=cst)
    ledger = Ledger.replay(
        [
            Drafted(
                item_id="L-1",
                at=t,
                by=office,
                title="老旧小区改造",
                category=Category.LEADER_INSTRUCTION,
                lead_unit="区住建局",
                responsible_leader="王副区长",
            ),
            Registered(item_id="L-1", at=t, by=office),
            Assigned(item_id="L-1", at=t, by=office, received_on=date(2024, 9, 27)),
            Acknowledged(item_id="L-1", at=t, by=staff, handler="赵强"),
        ]
    )
    (row,) = comprehensive_register(ledger, date(2024, 9, 30))
    assert (row.lead_unit, row.responsible_leader, row.handler, row.due) == (
        "区住建局",
        "王副区长",
        "赵强",
        date(2024, 10, 8),
    )
    frame = to_pandas([row], chinese=True)
    assert frame["责任领导"].tolist() == ["王副区长"]
