"""Findings (督查发现): overdue items, missed progress and rectification reports, unanswered
urging — each with its clause and the escalation ladder; recommendations only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from clause_support import says
from duban_core import Category, DubanError, Finding, FindingKind, RuleSet
from duban_core.clauses import cite
from duban_core.events import BulletinKind
from duban_core.oversight import findings
from oversight_support import Scenario

RECEIVED = date(2024, 9, 27)  # a 5日 领导批示 received then is due 2024-10-08 (S0-4.4)
DUE = date(2024, 10, 8)


def _rules(**changes: Any) -> RuleSet:
    return RuleSet.model_validate({**RuleSet.default().model_dump(), **changes})


def _of(found: list[Finding], kind: FindingKind) -> list[Finding]:
    return [f for f in found if f.kind is kind]


@pytest.fixture
def instruction() -> Scenario:
    s = Scenario()
    s.item("PS-1", Category.LEADER_INSTRUCTION, RECEIVED, title="落实区长批示：整治占道经营")
    return s


# -- overdue items (S1-2.6 未按时完成; S0-6.3) ---------------------------------------------------


def test_s1_2_6_an_item_is_overdue_the_day_after_its_due_day(instruction: Scenario) -> None:
    assert findings(instruction.ledger, DUE) == []
    (f,) = findings(instruction.ledger, date(2024, 10, 9))
    assert f.kind is FindingKind.OVERDUE
    assert (f.unit, f.item_id, f.bulletin_id, f.due) == ("区住建局", "PS-1", None, DUE)
    assert f.clause == "S1-2.6"
    assert (f.days_overdue, f.workdays_overdue) == (1, 1)
    assert "「落实区长批示：整治占道经营」交办后尚未签收" in f.reason
    assert "办结期限2024年10月8日（星期二）（依据《区政府督查通知》第四条第4项）" in f.reason
    assert "未按时完成" in f.reason


@pytest.mark.parametrize(
    ("on", "workdays", "level", "action", "criticise"),
    [
        (date(2024, 10, 9), 1, 1, "电话催办", False),  # S0-5.1
        (date(2024, 10, 11), 3, 2, "发督办通知书", False),  # S0-5.1
        (date(2024, 10, 13), 4, 2, "发督办通知书", False),  # Saturday 10-12 was a 调休 working day
        (date(2024, 10, 15), 6, 3, "提请区政府领导督办", False),  # S0-3.3
        (date(2024, 10, 21), 10, 4, "建议书面通报批评", True),  # S1-2.6
    ],
)
def test_s0_5_1_escalation_grows_with_the_workdays_overdue(
    instruction: Scenario, on: date, workdays: int, level: int, action: str, criticise: bool
) -> None:
    (f,) = findings(instruction.ledger, on)
    assert (f.workdays_overdue, f.escalation_level, f.action, f.recommend_criticism) == (
        workdays,
        level,
        action,
        criticise,
    )
    assert f.escalation is not None
    assert f.reason.endswith(f"督办建议：{action}（依据{cite(f.escalation.clause, short=True)}）")


def test_overdue_by_calendar_days_only_is_below_the_first_rung() -> None:
    s = Scenario()
    # 7日 from Friday 2024-08-30 ends Friday 09-06; on Saturday 09-07 it is overdue, 0 workdays.
    s.item("HY-1", Category.MEETING_DECISION, date(2024, 8, 30))
    (f,) = findings(s.ledger, date(2024, 9, 7))
    assert (f.days_overdue, f.workdays_overdue, f.escalation_level, f.escalation) == (1, 0, 0, None)
    assert f.action is None
    assert "督办建议" not in f.reason


def test_a_custom_ladder_and_an_empty_one(instruction: Scenario) -> None:
    ladder = [{"after_workdays": 2, "action": "约谈主要负责人", "clause": "S4-30"}]
    s = Scenario(_rules(escalation=ladder))
    s.item("X", Category.LEADER_INSTRUCTION, RECEIVED)
    (f,) = findings(s.ledger, date(2024, 10, 10))
    assert (f.escalation_level, f.action, f.recommend_criticism) == (1, "约谈主要负责人", True)
    bare = Scenario(_rules(escalation=[]))
    bare.item("X", Category.LEADER_INSTRUCTION, RECEIVED)
    (g,) = findings(bare.ledger, date(2024, 12, 31))
    assert (g.escalation_level, g.escalation, g.recommend_criticism) == (0, None, False)


def test_closed_reported_and_cancelled_items_are_not_overdue() -> None:
    s = Scenario()
    s.item("CLOSED", Category.LEADER_INSTRUCTION, RECEIVED)
    s.finish("CLOSED", date(2024, 10, 10))  # late, closed: not overdue, but a LATE_FEEDBACK (below)
    s.item("REPORTED", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("REPORTED", date(2024, 9, 30))
    s.feedback("REPORTED", date(2024, 9, 30))
    s.item("CANCELLED", Category.LEADER_INSTRUCTION, RECEIVED)
    s.cancel("CANCELLED", date(2024, 9, 30))
    assert [(f.kind, f.item_id) for f in findings(s.ledger, date(2024, 11, 1))] == [
        (FindingKind.LATE_FEEDBACK, "CLOSED")  # late is late (S1-2.6), see test_domain_fidelity
    ]


def test_s0_3_5_a_returned_item_is_overdue_against_its_rework_deadline() -> None:
    s = Scenario()
    s.item("R", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("R", date(2024, 9, 29))
    s.feedback("R", date(2024, 9, 30))
    s.send_back("R", date(2024, 10, 9))  # rework due 10-14
    assert findings(s.ledger, date(2024, 10, 14)) == []
    (f,) = findings(s.ledger, date(2024, 10, 15))
    assert f.due == date(2024, 10, 14)
    assert "退回重办后尚未反馈" in f.reason


# -- missed progress reports (S0-4.2) ---------------------------------------------------------------


@pytest.fixture
def work_report() -> Scenario:
    """政府工作报告任务 received 2024-02-01, due 12-31: reports due 04-01, 07-01, 09-30 (S0-4.2)."""
    s = Scenario()
    s.item("GZBG-1", Category.WORK_REPORT_TASK, date(2024, 2, 1), unit="区发改局", title="新建城区学校3所")
    s.ack("GZBG-1", date(2024, 2, 2))
    return s


def test_s0_4_2_a_quarter_end_with_no_report_in_its_window_is_missed(work_report: Scenario) -> None:
    work_report.progress("GZBG-1", date(2024, 3, 15))  # Q1 window (02-01, 04-01]
    work_report.progress("GZBG-1", date(2024, 9, 30))  # Q3 window (07-01, 09-30]
    assert findings(work_report.ledger, date(2024, 7, 1)) == []  # on must be after the day
    found = findings(work_report.ledger, date(2024, 10, 9))
    (f,) = _of(found, FindingKind.REPORT_MISSED)
    assert (f.item_id, f.unit, f.due, f.clause) == ("GZBG-1", "区发改局", date(2024, 7, 1), "S0-4.2")
    # Q2's window opens on its first day, 04-01 (S0-4.2: any time in the quarter counts).
    assert "2024年4月1日（星期一）至该日未报送" in f.reason
    assert says(f.reason, "S1-2.6")
    assert f.workdays_overdue == RuleSet.default().calendar.workdays_between(
        date(2024, 7, 1), date(2024, 10, 9)
    )
    assert found == [f]  # not overdue: due 12-31


def test_s0_4_2_a_late_report_counts_for_the_next_window_not_the_missed_one(work_report: Scenario) -> None:
    work_report.progress("GZBG-1", date(2024, 4, 3))  # late for 04-01, inside (04-01, 07-01]
    missed = _of(findings(work_report.ledger, date(2024, 7, 2)), FindingKind.REPORT_MISSED)
    assert [f.due for f in missed] == [date(2024, 4, 1)]


def test_s0_4_2_each_missed_quarter_is_one_finding(work_report: Scenario) -> None:
    missed = _of(findings(work_report.ledger, date(2024, 10, 9)), FindingKind.REPORT_MISSED)
    assert sorted(f.due for f in missed) == [date(2024, 4, 1), date(2024, 7, 1), date(2024, 9, 30)]
    assert missed[0].due == date(2024, 4, 1)  # worst (longest overdue) first


def test_reports_after_feedback_are_not_required(work_report: Scenario) -> None:
    work_report.feedback("GZBG-1", date(2024, 3, 1))  # REPORTED: the clock stopped
    assert findings(work_report.ledger, date(2024, 10, 9)) == []


# -- missed rectification reports (S1-2.6 一周内整改报告) ---------------------------------------------


@pytest.fixture
def criticised() -> Scenario:
    """A criticism of three units issued 2024-09-27: the 整改报告 is due within one week, i.e.
    10-04 — inside the 国庆 break — so 2024-10-08 (S1-2.6, 民法典 art. 203)."""
    s = Scenario()
    s.bulletin("TB-2024-07", RECEIVED, BulletinKind.CRITICISM, ["区住建局", "区城管局", "区水务局"])
    s.rectify("TB-2024-07", "区城管局", date(2024, 10, 8))  # on the due day: on time
    return s


def test_s1_2_6_a_rectification_report_is_missing_after_its_week(criticised: Scenario) -> None:
    assert findings(criticised.ledger, DUE) == []
    found = findings(criticised.ledger, date(2024, 10, 9))
    assert [(f.kind, f.unit, f.bulletin_id, f.item_id, f.due) for f in found] == [
        (FindingKind.RECTIFICATION_MISSED, "区住建局", "TB-2024-07", None, DUE),
        (FindingKind.RECTIFICATION_MISSED, "区水务局", "TB-2024-07", None, DUE),
    ]  # equally late: by unit
    assert all(f.clause == "S1-2.6" and "一周内" in f.reason for f in found)


def test_s1_2_6_a_late_rectification_report_ends_the_finding(criticised: Scenario) -> None:
    criticised.rectify("TB-2024-07", "区住建局", date(2024, 10, 10))
    assert [f.unit for f in findings(criticised.ledger, date(2024, 10, 9))] == ["区住建局", "区水务局"]
    assert [f.unit for f in findings(criticised.ledger, date(2024, 10, 10))] == ["区水务局"]


def test_praise_and_later_bulletins_ask_for_no_rectification(criticised: Scenario) -> None:
    criticised.bulletin("TB-2024-08", date(2024, 9, 2), BulletinKind.PRAISE, ["区教育局"])
    criticised.bulletin("TB-2024-09", date(2024, 10, 9), BulletinKind.CRITICISM, ["区教育局"])
    assert {f.bulletin_id for f in findings(criticised.ledger, date(2024, 10, 9))} == {"TB-2024-07"}


# -- urged repeatedly without response (S0-5.1) ---------------------------------------------------


def test_s0_5_1_three_urgings_without_response_are_a_finding(instruction: Scenario) -> None:
    for day in (date(2024, 9, 29), date(2024, 9, 30), date(2024, 10, 8)):
        instruction.urge("PS-1", day)
    (f,) = findings(instruction.ledger, DUE)
    assert (f.kind, f.item_id, f.clause, f.due) == (FindingKind.UNRESPONSIVE, "PS-1", "S0-5.1", DUE)
    assert "已连续催办3次（最近一次2024年10月8日（星期二））" in f.reason
    assert f.escalation_level == 0  # not yet overdue
    assert [g.kind for g in findings(instruction.ledger, date(2024, 10, 9))] == [
        FindingKind.OVERDUE,
        FindingKind.UNRESPONSIVE,
    ]
    instruction.ack("PS-1", date(2024, 10, 8))  # the unit responds: the count starts again
    assert findings(instruction.ledger, DUE) == []


def test_the_urge_threshold_is_a_parameter(instruction: Scenario) -> None:
    instruction.urge("PS-1", date(2024, 9, 29))
    instruction.urge("PS-1", date(2024, 9, 30))
    assert findings(instruction.ledger, DUE) == []
    assert [f.kind for f in findings(instruction.ledger, DUE, urge_threshold=2)] == [FindingKind.UNRESPONSIVE]
    for bad in (0, -1, True, 2.5):
        with pytest.raises(DubanError):
            findings(instruction.ledger, DUE, urge_threshold=bad)  # type: ignore[arg-type]


# -- the whole ------------------------------------------------------------------------------------


def test_findings_are_worst_first_and_never_issue_a_bulletin(criticised: Scenario) -> None:
    criticised.item("PS-1", Category.LEADER_INSTRUCTION, RECEIVED)
    criticised.item("PS-2", Category.LEADER_INSTRUCTION, date(2024, 10, 14), unit="区城管局")  # due 10-21
    ledger = criticised.ledger
    before = (ledger.version, dict(ledger.bulletins))
    found = ledger.findings(date(2024, 10, 25))
    assert found == findings(ledger, date(2024, 10, 25))
    assert (ledger.version, dict(ledger.bulletins)) == before
    keys = [(-f.escalation_level, -f.workdays_overdue) for f in found]
    assert keys == sorted(keys)
    assert [(f.kind.label, f.unit) for f in found][:1] == [("逾期未办结", "区住建局")]
    assert FindingKind.OVERDUE.label == "逾期未办结"
    assert FindingKind.REPORT_MISSED.clause == "S0-4.2"
