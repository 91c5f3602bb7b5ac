"""督查活动统筹 (S4-16, S1-2.1): planned inspections, and the units they would visit twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from duban_core import Actor, DubanError, Ledger, Role, RuleViolation, Unauthorized
from duban_core.events import InspectionPlanned, parse
from duban_core.oversight.inspections import (
    MULTIPLE_ORGANISERS,
    REPEATED,
    conflicts_with,
    inspection_conflicts,
)

CST = timezone(timedelta(hours=8))
OFFICE = Actor(name="李明", role=Role.OFFICE)
STAFF = Actor(name="赵强", role=Role.UNIT_STAFF, unit="区住建局")


def plan(
    inspection_id: str,
    organiser: str,
    units: tuple[str, ...],
    start: date,
    end: date,
    topic: str = "安全生产专项督查",
) -> InspectionPlanned:
    return InspectionPlanned(
        inspection_id=inspection_id,
        at=datetime(2024, 3, 1, 9, tzinfo=CST),
        by=OFFICE,
        organiser=organiser,
        topic=topic,
        units=units,
        start=start,
        end=end,
    )


def test_overlapping_activities_of_different_organisers_are_multiple_inspection_s4_16() -> None:
    ledger = Ledger.replay(
        [
            plan("A", "区政府督查室", ("区住建局", "区教育局"), date(2024, 4, 8), date(2024, 4, 12)),
            plan("B", "区纪委监委", ("区住建局",), date(2024, 4, 11), date(2024, 4, 15), "作风建设督查"),
            plan("C", "区政府督查室", ("区教育局",), date(2024, 4, 15), date(2024, 4, 16)),
        ]
    )
    conflicts = inspection_conflicts(ledger)
    assert [(c.unit, c.first.inspection_id, c.second.inspection_id, c.kind) for c in conflicts] == [
        ("区住建局", "A", "B", MULTIPLE_ORGANISERS),
        # C returns to 区教育局 on A's matter 3 days after A ended (04-12 → 04-15): 重复督查.
        ("区教育局", "A", "C", REPEATED),
    ]
    reason = conflicts[0].reason
    assert conflicts[0].same_matter is False
    assert "2024年4月11日（星期四）至2024年4月12日（星期五）" in reason
    assert "多头督查" in reason
    assert "依据《中共自贡市大安区委督促检查工作规则（试行）》第十六条" in reason
    assert conflicts[0].clause == "S4-16"


def test_the_same_organiser_twice_is_repeated_inspection() -> None:
    ledger = Ledger.replay(
        [
            plan("A", "区政府督查室", ("区卫健局",), date(2024, 5, 6), date(2024, 5, 10)),
            plan("B", "区政府督查室", ("区卫健局",), date(2024, 5, 10), date(2024, 5, 10)),
        ]
    )
    (conflict,) = inspection_conflicts(ledger)
    assert conflict.kind == REPEATED
    assert "2024年5月10日（星期五）同时" in conflict.reason


def test_back_to_back_activities_do_not_conflict() -> None:
    ledger = Ledger.replay(
        [
            plan("A", "区政府督查室", ("区卫健局",), date(2024, 5, 6), date(2024, 5, 8)),
            plan("B", "区纪委监委", ("区卫健局",), date(2024, 5, 9), date(2024, 5, 10), "作风建设督查"),
        ]
    )
    assert inspection_conflicts(ledger) == []  # other matters: only overlapping days conflict


def test_every_overlapping_pair_is_reported_once() -> None:
    ledger = Ledger.replay(
        [plan(f"P{i}", f"组织单位{i}", ("区财政局",), date(2024, 6, 3), date(2024, 6, 7)) for i in range(4)]
    )
    pairs = {(c.first.inspection_id, c.second.inspection_id) for c in inspection_conflicts(ledger)}
    assert pairs == {("P0", "P1"), ("P0", "P2"), ("P0", "P3"), ("P1", "P2"), ("P1", "P3"), ("P2", "P3")}


def test_conflicts_with_checks_a_plan_before_it_is_recorded() -> None:
    ledger = Ledger.replay([plan("A", "区政府督查室", ("区住建局",), date(2024, 4, 8), date(2024, 4, 12))])
    clash = plan("B", "区纪委监委", ("区住建局", "区水务局"), date(2024, 4, 12), date(2024, 4, 19))
    fine = plan("C", "区纪委监委", ("区水务局",), date(2024, 4, 12), date(2024, 4, 19))
    assert [(c.unit, c.kind) for c in conflicts_with(ledger, clash)] == [("区住建局", MULTIPLE_ORGANISERS)]
    assert conflicts_with(ledger, fine) == []
    assert len(ledger.inspections) == 1  # checking records nothing


def test_planned_inspections_are_in_the_log_and_round_trip() -> None:
    event = plan("A", "区政府督查室", ("区住建局",), date(2024, 4, 8), date(2024, 4, 12))
    ledger = Ledger().apply(event)
    assert parse(event.model_dump_json()) == event
    assert Ledger.replay(ledger.events) == ledger
    assert ledger.inspections["A"].planned_on == date(2024, 3, 1)
    assert "区住建局" in ledger.units


def test_refused_plans_change_nothing() -> None:
    ledger = Ledger().apply(plan("A", "区政府督查室", ("区住建局",), date(2024, 4, 8), date(2024, 4, 12)))
    before = ledger.copy()
    with pytest.raises(RuleViolation, match="已存在"):
        ledger.apply(plan("A", "区纪委监委", ("区教育局",), date(2024, 4, 8), date(2024, 4, 12)))
    with pytest.raises(Unauthorized, match="S4-16"):
        ledger.apply(
            plan("B", "区住建局", ("区住建局",), date(2024, 4, 8), date(2024, 4, 12)).model_copy(
                update={"by": STAFF}
            )
        )
    with pytest.raises(RuleViolation, match="不存在"):
        ledger.apply(
            plan("C", "区政府督查室", ("区住建局",), date(2024, 4, 8), date(2024, 4, 12)).model_copy(
                update={"item_ids": ("nope",)}
            )
        )
    with pytest.raises(DubanError, match="超出工作日历支持的范围"):
        ledger.apply(plan("D", "区政府督查室", ("区住建局",), date(2100, 4, 8), date(2100, 4, 12)))
    assert ledger == before
    assert ledger.version == before.version


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "2024-04-12", "end": "2024-04-08"}, "ends"),
        ({"units": []}, "at least 1"),
        ({"units": ["区住建局", "区住建局"]}, "twice"),
    ],
)
def test_malformed_plans_are_refused(change: dict[str, object], message: str) -> None:
    data = plan("A", "区政府督查室", ("区住建局",), date(2024, 4, 8), date(2024, 4, 12)).model_dump(
        mode="json"
    )
    data.update(change)
    with pytest.raises(ValidationError, match=message):
        parse(data)


# -- the same matter inspected again (S4-16, S1-2.1; issue 15) ------------------------------------


def _pairs(ledger: Ledger, **kw: int) -> list[tuple[str, str, str, bool, int]]:
    return [
        (c.first.inspection_id, c.second.inspection_id, c.kind, c.same_matter, c.gap_days)
        for c in inspection_conflicts(ledger, **kw)
    ]


def test_s4_16_the_same_matter_inspected_again_within_a_week_is_flagged() -> None:
    # A ends Wednesday 2024-05-08. The week from its last day is 05-08 … 05-14.
    ledger = Ledger.replay(
        [
            plan("A", "区政府督查室", ("区卫健局",), date(2024, 5, 6), date(2024, 5, 8)),
            # Same organiser, same topic, Monday 05-13: 5 days after → 重复督查.
            plan("B", "区政府督查室", ("区卫健局",), date(2024, 5, 13), date(2024, 5, 13)),
        ]
    )
    assert _pairs(ledger) == [("A", "B", REPEATED, True, 5)]
    (c,) = inspection_conflicts(ledger)
    assert "同一事项在2024年5月8日（星期三）督查结束后5天内（2024年5月13日（星期一）起）又被督查" in c.reason
    assert "重复督查" in c.reason


def test_s4_16_another_organiser_on_the_same_matter_is_multiple_inspection() -> None:
    ledger = Ledger.replay(
        [
            plan("A", "区政府督查室", ("区卫健局",), date(2024, 5, 6), date(2024, 5, 8)),
            plan("B", "区人大常委会", ("区卫健局",), date(2024, 5, 14), date(2024, 5, 14)),  # 6 days
        ]
    )
    assert _pairs(ledger) == [("A", "B", MULTIPLE_ORGANISERS, True, 6)]


def test_s4_24_the_next_weeks_check_on_the_same_weekday_is_not_repeated() -> None:
    # 周督查 (S4-24) runs weekly: Wednesday 05-08 then Wednesday 05-15 (7 days) is the rhythm
    # the seeds ask for, just outside the default window.
    ledger = Ledger.replay(
        [
            plan("A", "区政府督查室", ("区卫健局",), date(2024, 5, 8), date(2024, 5, 8)),
            plan("B", "区政府督查室", ("区卫健局",), date(2024, 5, 15), date(2024, 5, 15)),
        ]
    )
    assert _pairs(ledger) == []
    # A host's wider window flags it.
    assert _pairs(ledger, window_days=30) == [("A", "B", REPEATED, True, 7)]


def test_s4_16_a_shared_item_is_the_same_matter_and_other_topics_only_conflict_by_overlap() -> None:
    drafted = parse(
        {
            "type": "Drafted",
            "item_id": "DB-1",
            "at": "2024-02-28T09:00:00+08:00",  # drafted before the plans name it
            "by": OFFICE.model_dump(),
            "title": "医疗废物处置整改",
            "category": "OTHER_ASSIGNED",
            "lead_unit": "区卫健局",
            "stipulated_due": "2024-06-28",
        }
    )
    a = plan("A", "区政府督查室", ("区卫健局",), date(2024, 5, 6), date(2024, 5, 8), "医疗废物处置督查")
    b = plan("B", "区生态环境局", ("区卫健局",), date(2024, 5, 10), date(2024, 5, 10), "环保专项检查")
    c = plan("C", "区纪委监委", ("区卫健局",), date(2024, 5, 11), date(2024, 5, 11), "作风建设督查")
    # A plan naming an item is filed after the item was drafted (it cannot name a future item).
    filed = datetime(2024, 5, 2, 9, tzinfo=CST)
    ledger = Ledger.replay(
        [
            drafted,
            a.model_copy(update={"item_ids": ("DB-1",), "at": filed}),
            b.model_copy(update={"item_ids": ("DB-1",), "at": filed}),
            c,
        ]
    )
    # A-B share item DB-1 (2 days apart): 多头督查 of one matter. C's topic and items differ
    # and it overlaps nobody: no conflict although it comes 1-3 days later.
    assert _pairs(ledger) == [("A", "B", MULTIPLE_ORGANISERS, True, 2)]


def test_s4_16_conflicts_with_applies_the_window_too() -> None:
    ledger = Ledger.replay([plan("A", "区政府督查室", ("区卫健局",), date(2024, 5, 6), date(2024, 5, 8))])
    proposed = plan("B", "区政府督查室", ("区卫健局",), date(2024, 5, 10), date(2024, 5, 10))
    assert [(c.first.inspection_id, c.kind, c.gap_days) for c in conflicts_with(ledger, proposed)] == [
        ("A", REPEATED, 2)
    ]
    assert conflicts_with(ledger, proposed, window_days=1) == []


@pytest.mark.parametrize("window", [0, -1, 367, True, 7.0])
def test_a_bad_window_is_refused(window: object) -> None:
    with pytest.raises(DubanError) as info:
        inspection_conflicts(Ledger(), window_days=window)  # type: ignore[arg-type]
    assert info.value.code == "inspections.window"
