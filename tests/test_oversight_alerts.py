"""Early warning (S1-2.2 提醒、预警): traffic lights and progress reports falling due, on real dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from clause_support import says
from duban_core import Alert, Category, DubanError, FindingKind, Ledger, Level, RuleSet, State
from duban_core.errors import CalendarRangeError
from duban_core.oversight import alerts, count_levels, findings, reports_due
from duban_core.rules import Monthly, QuarterEnds, Weekly
from oversight_support import Scenario

# A 领导批示 item (5日, S0-4.4) received Friday 2024-09-27: the fifth day, 10-02, falls in the
# 国庆节 break, so it is due Tuesday 2024-10-08 (民法典 art. 203). Sunday 09-29 is a 调休 working day.
RECEIVED = date(2024, 9, 27)
DUE = date(2024, 10, 8)


def _rules(**changes: Any) -> RuleSet:
    return RuleSet.model_validate({**RuleSet.default().model_dump(), **changes})


def _one(ledger: Ledger, on: date) -> Alert:
    (alert,) = alerts(ledger, on)
    return alert


@pytest.fixture
def instruction() -> Scenario:
    s = Scenario()
    s.item("PS-1", Category.LEADER_INSTRUCTION, RECEIVED, title="落实区长批示：整治占道经营")
    return s


def test_s0_4_4_five_day_item_is_green_then_yellow_on_its_due_day_then_red(instruction: Scenario) -> None:
    ledger = instruction.ledger
    assert ledger.items["PS-1"].deadline is not None
    assert ledger.items["PS-1"].deadline.due == DUE

    early = _one(ledger, date(2024, 9, 28))  # Saturday: 09-29, 09-30, 10-08 remain
    assert (early.level, early.workdays_left) == (Level.GREEN, 3)
    assert early.reason == "正常办理：距办结期限2024年10月8日（星期二）还有3个工作日"

    due_day = _one(ledger, DUE)
    assert (due_day.level, due_day.workdays_left, due_day.days_overdue) == (Level.YELLOW, 0, 0)
    assert due_day.reason.startswith("今日到期")

    late = _one(ledger, date(2024, 10, 9))
    assert (late.level, late.workdays_left, late.days_overdue) == (Level.RED, -1, 1)
    assert late.reason == "逾期未办结：办结期限2024年10月8日（星期二），已超期1天（1个工作日）"


def test_yellow_threshold_counts_the_sunday_made_a_working_day(instruction: Scenario) -> None:
    # Sunday 2024-09-29 is a 调休上班 day, so from it only 09-30 and 10-08 remain: 2 <= 2.
    alert = _one(instruction.ledger, date(2024, 9, 29))
    assert (alert.level, alert.workdays_left) == (Level.YELLOW, 2)
    assert "预警线2个工作日" in alert.reason
    # Across the 国庆 break (10-01 … 10-07) the count does not move: still 1 on 10-05.
    assert _one(instruction.ledger, date(2024, 10, 5)).workdays_left == 1


def test_alert_carries_the_item_and_its_deadline(instruction: Scenario) -> None:
    alert = _one(instruction.ledger, date(2024, 9, 28))
    assert alert.item_id == "PS-1"
    assert alert.unit == "区住建局"
    assert alert.category is Category.LEADER_INSTRUCTION
    assert alert.state is State.ASSIGNED
    assert alert.title == "落实区长批示：整治占道经营"
    assert alert.due == DUE
    assert alert.clause == "S0-4.4"
    assert "国庆节" in alert.deadline.explanation
    assert alert.elapsed_share is None  # the rule set does not warn by share
    assert alert.on == date(2024, 9, 28)


def test_level_labels_and_lights() -> None:
    assert [(lv.label, lv.light) for lv in Level] == [("正常", "绿灯"), ("预警", "黄灯"), ("逾期", "红灯")]
    assert sorted(Level, key=lambda lv: lv.severity) == [Level.GREEN, Level.YELLOW, Level.RED]
    assert Level("RED") is Level.RED
    assert Level.RED == "RED"


def test_only_items_whose_clock_runs_get_an_alert() -> None:
    s = Scenario()
    s.drafted_only("DRAFT", Category.WORK_REPORT_TASK, date(2024, 9, 2))
    s.item("ASSIGNED", Category.LEADER_INSTRUCTION, RECEIVED)
    s.item("WORKING", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("WORKING", date(2024, 9, 29))
    s.item("REPORTED", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("REPORTED", date(2024, 9, 29))
    s.feedback("REPORTED", date(2024, 9, 30))
    s.item("CLOSED", Category.LEADER_INSTRUCTION, RECEIVED)
    s.finish("CLOSED", date(2024, 9, 30))
    s.item("CANCELLED", Category.LEADER_INSTRUCTION, RECEIVED)
    s.cancel("CANCELLED", date(2024, 9, 30))
    found = alerts(s.ledger, date(2024, 10, 9))
    assert [(a.item_id, a.state, a.level) for a in found] == [
        ("ASSIGNED", State.ASSIGNED, Level.RED),
        ("WORKING", State.IN_PROGRESS, Level.RED),
    ]


def test_s0_3_4_a_returned_item_is_judged_by_its_rework_deadline() -> None:
    s = Scenario()
    s.item("R", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("R", date(2024, 9, 29))
    s.feedback("R", date(2024, 9, 30))
    s.send_back("R", date(2024, 10, 9))  # 5日 again from 10-09: 10-14 (Monday)
    alert = _one(s.ledger, date(2024, 10, 10))
    assert alert.state is State.RETURNED
    assert alert.due == date(2024, 10, 14)
    assert alert.level is Level.GREEN  # 10-11, 10-12 (调休上班), 10-14 remain: 3
    assert alert.clause == "S0-3.4"


def test_s0_4_6_an_extension_moves_the_light_to_the_new_due_day(instruction: Scenario) -> None:
    instruction.extend("PS-1", date(2024, 9, 30), date(2024, 10, 31))
    alert = _one(instruction.ledger, date(2024, 10, 9))
    assert (alert.level, alert.due) == (Level.GREEN, date(2024, 10, 31))
    assert alert.clause == "S4-20(二)"


def test_s0_4_6_an_urgent_item_is_yellow_on_the_day_it_arrives() -> None:
    s = Scenario()
    s.item("U", Category.LEADER_INSTRUCTION, date(2024, 9, 2), urgent=True)
    assert _one(s.ledger, date(2024, 9, 2)).level is Level.YELLOW
    assert _one(s.ledger, date(2024, 9, 3)).level is Level.RED


def test_warning_share_turns_a_long_item_yellow_when_that_share_of_its_workdays_is_gone() -> None:
    # 政府工作报告任务 received 2024-07-01, stipulated due 2024-12-31 (S0-4.2).
    rules = _rules(warning_share=0.75)
    s = Scenario(rules)
    s.item("WR", Category.WORK_REPORT_TASK, date(2024, 7, 1), stipulated=date(2024, 12, 31))
    calendar = rules.calendar
    total = calendar.workdays_between(date(2024, 7, 1), date(2024, 12, 31))
    three_quarters = calendar.add_workdays(date(2024, 7, 1), -(-3 * total // 4))
    before = calendar.add_workdays(three_quarters, -1)

    green = _one(s.ledger, before)
    assert green.level is Level.GREEN
    assert green.elapsed_share is not None
    assert green.elapsed_share < 0.75
    yellow = _one(s.ledger, three_quarters)
    assert yellow.level is Level.YELLOW
    assert yellow.elapsed_share is not None
    assert yellow.elapsed_share >= 0.75
    assert yellow.workdays_left > rules.warning_workdays  # only the share made it yellow
    assert yellow.reason.startswith("办理时限已过")
    assert "预警线75%" in yellow.reason
    # The contract's rule still applies with a share set: the last two workdays are yellow.
    assert _one(s.ledger, date(2024, 12, 30)).level is Level.YELLOW
    assert _one(s.ledger, date(2025, 1, 2)).level is Level.RED


def test_without_warning_share_remaining_workdays_alone_decide() -> None:
    s = Scenario()
    s.item("WR", Category.WORK_REPORT_TASK, date(2024, 7, 1), stipulated=date(2024, 12, 31))
    assert _one(s.ledger, date(2024, 12, 20)).level is Level.GREEN
    assert _one(s.ledger, date(2024, 12, 27)).level is Level.YELLOW  # 12-30, 12-31 remain


def test_a_provisional_deadline_says_so() -> None:
    s = Scenario()
    s.item("P", Category.LEADER_INSTRUCTION, date(2027, 3, 1))
    alert = _one(s.ledger, date(2027, 3, 2))
    assert alert.deadline.provisional
    assert "暂定" in alert.reason


def test_count_levels_and_the_ledger_method_agree(instruction: Scenario) -> None:
    instruction.item("PS-2", Category.MEETING_DECISION, date(2024, 10, 8))
    on = date(2024, 10, 9)
    found = instruction.ledger.alerts(on)
    assert found == alerts(instruction.ledger, on)
    assert count_levels(found) == {Level.RED: 1, Level.YELLOW: 0, Level.GREEN: 1}
    assert list(count_levels([])) == [Level.RED, Level.YELLOW, Level.GREEN]


def test_the_day_must_be_a_date_in_range(instruction: Scenario) -> None:
    with pytest.raises(DubanError):
        alerts(instruction.ledger, datetime(2024, 10, 9, 9))
    with pytest.raises(DubanError):
        alerts(instruction.ledger, "2024-10-09")  # type: ignore[arg-type]
    with pytest.raises(CalendarRangeError):
        alerts(instruction.ledger, date(2100, 1, 1))


# -- progress reports falling due ------------------------------------------------------------------


@pytest.fixture
def work_report() -> Scenario:
    """A 政府工作报告任务 received 2024-02-01, due 2024-12-31: quarterly progress reports (S0-4.2)
    fall due 2024-04-01 (03-31 is a Sunday), 07-01 (06-30 a Sunday) and 09-30; the year-end
    report is the final feedback, due 12-31."""
    s = Scenario()
    s.item("GZBG-1", Category.WORK_REPORT_TASK, date(2024, 2, 1), unit="区发改局", title="新建城区学校3所")
    s.ack("GZBG-1", date(2024, 2, 2))
    return s


def test_s0_4_2_quarterly_report_reminder_two_workdays_ahead(work_report: Scenario) -> None:
    ledger = work_report.ledger
    assert reports_due(ledger, date(2024, 3, 27)) == []  # 3 workdays before 04-01
    (due,) = reports_due(ledger, date(2024, 3, 28))  # 03-29 and 04-01 remain
    assert (due.item_id, due.level, due.due, due.workdays_left) == (
        "GZBG-1",
        Level.YELLOW,
        date(2024, 4, 1),
        2,
    )
    # Reports filed after ``since`` count: the day received (02-01) included (S0-4.2, issue 15).
    assert due.since == date(2024, 1, 31)
    assert (due.schedule, due.clause, due.unit) == ("每季度末", "S0-4.2", "区发改局")
    assert "2个工作日后" in due.reason
    assert says(due.reason, "S0-4.2")
    (today,) = reports_due(ledger, date(2024, 4, 1))
    assert today.workdays_left == 0
    assert today.reason.startswith("进展报送提醒：今日")


def test_s0_4_2_a_report_filed_early_clears_the_reminder(work_report: Scenario) -> None:
    work_report.progress("GZBG-1", date(2024, 3, 28), percent=30)
    assert reports_due(work_report.ledger, date(2024, 3, 29)) == []


def test_s0_4_2_a_missed_quarter_end_is_red_until_a_report_is_filed(work_report: Scenario) -> None:
    ledger = work_report.ledger
    (missed,) = reports_due(ledger, date(2024, 4, 2))
    assert (missed.level, missed.due, missed.workdays_left) == (Level.RED, date(2024, 4, 1), -1)
    assert missed.reason.startswith("未按时报送进展")
    work_report.progress("GZBG-1", date(2024, 4, 3), percent=30)
    assert reports_due(ledger, date(2024, 4, 3)) == []
    # Report windows are (previous report day, report day]: the late report of 04-03 falls in
    # the second quarter's window (04-01, 07-01], so no reminder comes before 07-01 — the first
    # quarter stays a missed report among the findings.
    assert reports_due(ledger, date(2024, 6, 27)) == []


def test_s0_4_2_after_an_on_time_report_the_next_quarter_is_reminded(work_report: Scenario) -> None:
    work_report.progress("GZBG-1", date(2024, 3, 29), percent=25)
    assert reports_due(work_report.ledger, date(2024, 6, 26)) == []
    (nxt,) = reports_due(work_report.ledger, date(2024, 6, 27))  # 06-28 and 07-01 remain
    # Q2 opens on its first day, 04-01 (also the Q1 report's rolled due day): filed after 03-31 counts.
    assert (nxt.level, nxt.due, nxt.since) == (Level.YELLOW, date(2024, 7, 1), date(2024, 3, 31))


def test_no_progress_report_is_due_on_the_final_due_day(work_report: Scenario) -> None:
    work_report.progress("GZBG-1", date(2024, 9, 30))
    assert reports_due(work_report.ledger, date(2024, 12, 30), within_workdays=30) == []


def test_within_workdays_widens_the_window(work_report: Scenario) -> None:
    assert reports_due(work_report.ledger, date(2024, 3, 1)) == []
    (due,) = reports_due(work_report.ledger, date(2024, 3, 1), within_workdays=30)
    assert due.due == date(2024, 4, 1)
    with pytest.raises(DubanError):
        reports_due(work_report.ledger, date(2024, 3, 1), within_workdays=-1)


def test_categories_without_a_schedule_owe_no_progress_report(instruction: Scenario) -> None:
    assert reports_due(instruction.ledger, date(2024, 9, 30), within_workdays=100) == []


def test_s4_24_weekly_and_s4_23_monthly_schedules_where_configured() -> None:
    categories = RuleSet.default().model_dump()["categories"]
    # A host whose own rules make the units report weekly and monthly says so (duty="unit");
    # the seeds' 周督查 and 月度交账 are not the unit's duties (see the test below).
    categories[Category.OTHER_ASSIGNED]["reports"] = Weekly(weekday=4, duty="unit").model_dump()
    categories[Category.MEDIA_ISSUE]["reports"] = Monthly(duty="unit").model_dump()
    s = Scenario(_rules(categories=categories))
    # Received Monday 2024-09-02, due 2024-10-31: weekly reports on Fridays (S4-24).
    s.item("ZD-1", Category.OTHER_ASSIGNED, date(2024, 9, 2), stipulated=date(2024, 10, 31))
    # A media issue received 2024-09-02, due 2024-11-29: month-end reports (S4-23), 09-30 first.
    s.item("MT-1", Category.MEDIA_ISSUE, date(2024, 9, 2), stipulated=date(2024, 11, 29), unit="区城管局")
    (weekly,) = reports_due(s.ledger, date(2024, 9, 5))
    assert (weekly.item_id, weekly.due, weekly.schedule, weekly.clause) == (
        "ZD-1",
        date(2024, 9, 6),
        "每周五",
        "S4-24",
    )
    due_2709 = reports_due(s.ledger, date(2024, 9, 27))
    assert [(d.item_id, d.due, d.clause, d.level) for d in due_2709] == [
        ("ZD-1", date(2024, 9, 20), "S4-24", Level.RED),  # the latest Friday passed, nothing since 09-13
        ("MT-1", date(2024, 9, 30), "S4-23", Level.YELLOW),  # 09-29 (调休上班) and 09-30 remain
    ]
    assert due_2709[1].schedule == "每月末"
    s.progress("ZD-1", date(2024, 9, 27))
    assert [d.item_id for d in reports_due(s.ledger, date(2024, 9, 27))] == ["MT-1"]


def test_s4_24_s4_23_weekly_and_monthly_are_the_office_and_leaderships_duties_not_the_units() -> None:
    """S4-24 周督查 is the office's check, S4-23 月度交账 the leadership bodies' account (issue
    15): on the seeds' defaults they give reminders to the office, never a RED against the unit."""
    assert (Weekly().duty, Monthly().duty, QuarterEnds().duty) == ("office", "leadership", "unit")
    categories = RuleSet.default().model_dump()["categories"]
    categories[Category.OTHER_ASSIGNED]["reports"] = Weekly(weekday=4).model_dump()
    categories[Category.MEDIA_ISSUE]["reports"] = Monthly().model_dump()
    s = Scenario(_rules(categories=categories))
    s.item("ZD-1", Category.OTHER_ASSIGNED, date(2024, 9, 2), stipulated=date(2024, 10, 31))
    s.item("MT-1", Category.MEDIA_ISSUE, date(2024, 9, 2), stipulated=date(2024, 11, 29), unit="区城管局")
    # 2024-09-27 (Fri): the weekly day is today, the month end 09-30 two workdays away
    # (09-29 is a 调休 working Sunday); the Fridays 09-06 … 09-20 passed with no unit report.
    due = reports_due(s.ledger, date(2024, 9, 27))
    assert [(d.item_id, d.due, d.level, d.duty) for d in due] == [
        ("ZD-1", date(2024, 9, 27), Level.YELLOW, "office"),
        ("MT-1", date(2024, 9, 30), Level.YELLOW, "leadership"),
    ]
    assert "督查部门定期督查提醒：今日" in due[0].reason
    assert "非承办单位报送义务" in due[0].reason
    assert "领导班子交账提醒" in due[1].reason
    assert not [f for f in findings(s.ledger, date(2024, 10, 8)) if f.kind is FindingKind.REPORT_MISSED]
