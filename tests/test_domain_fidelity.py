"""Issue 15, part A: the workflow and oversight rules a 督查室 would find wrong.

Every expectation is worked out by hand on the China calendar (State Council notices for
2022 and 2024: 国庆 2024-10-01…07 with Sunday 09-29 and Saturday 10-12 working; 中秋
2024-09-15…17 with Saturday 09-14 working; 元旦 2023 observed Monday 2023-01-02) and cites
the seed clause it checks.
"""

from __future__ import annotations

from datetime import date

import pytest

from duban_core import Actor, Category, DubanError, FindingKind, RuleSet
from duban_core.events import BulletinKind, Returned, ReturnKind
from duban_core.oversight import findings, metrics, reports_due
from oversight_support import OFFICE, Scenario

RECEIVED = date(2024, 9, 27)  # a 5日 领导批示 (S0-4.4) received Friday 09-27
DUE = date(2024, 10, 8)  # 5日 ends 10-02, inside 国庆节 → the first working day 10-08


# -- 1. Late is late (S1-2.6 未按时完成) ----------------------------------------------------------


def test_s1_2_6_late_feedback_returned_and_resubmitted_on_time_is_not_on_time() -> None:
    s = Scenario()
    s.item("L-1", Category.LEADER_INSTRUCTION, RECEIVED, title="落实区长批示：整治占道经营")
    s.ack("L-1", date(2024, 10, 9))
    s.feedback("L-1", date(2024, 10, 10))  # two days after 10-08: late
    s.send_back("L-1", date(2024, 10, 10))  # 5日 from 10-10 → 10-15 (Tuesday)
    item = s.ledger.items["L-1"]
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 15)
    s.ack("L-1", date(2024, 10, 11))
    s.feedback("L-1", date(2024, 10, 14))  # on time for the rework round …
    s.approve("L-1", date(2024, 10, 15))
    item = s.ledger.items["L-1"]
    assert item.feedback_on_time is True
    assert item.late_feedback == (DUE, date(2024, 10, 10))
    assert item.ever_late
    assert item.closed_on_time is False  # … but the item is not 按时办结
    m = metrics(s.ledger)
    assert (m.closed, m.on_time, m.late) == (1, 0, 1)
    # The finding names the item: late by 2 days, 2 working days (10-09, 10-10) → 电话催办.
    (f,) = findings(s.ledger, date(2024, 10, 16))
    assert (f.kind, f.unit, f.item_id, f.due) == (FindingKind.LATE_FEEDBACK, "区住建局", "L-1", DUE)
    assert (f.days_overdue, f.workdays_overdue, f.escalation_level) == (2, 2, 1)
    assert f.clause == "S1-2.6"
    assert "「落实区长批示：整治占道经营」" in f.reason
    assert "2024年10月10日（星期四）才反馈" in f.reason


def test_s1_2_6_an_item_closed_weeks_late_is_still_a_finding_until_criticised() -> None:
    s = Scenario()
    s.item("L-2", Category.LEADER_INSTRUCTION, RECEIVED)
    # Feedback 10-29, three weeks after 10-08: working days 10-09…10-12 (10-12 a 调休
    # Saturday) 4, 10-14…18 5, 10-21…25 5, 10-28, 10-29 2 → 16.
    s.finish("L-2", date(2024, 10, 29), approved=date(2024, 10, 30))
    (f,) = findings(s.ledger, date(2024, 11, 5))
    assert f.kind is FindingKind.LATE_FEEDBACK
    assert (f.due, f.days_overdue, f.workdays_overdue) == (DUE, 21, 16)
    # 16 ≥ 10 working days: the ladder's last rung, 建议书面通报批评 (S1-2.6).
    assert f.recommend_criticism
    assert f.action == "建议书面通报批评"
    # Once a criticism names the item and its unit, the finding has been acted on.
    s.bulletin("TB-1", date(2024, 11, 6), BulletinKind.CRITICISM, ["区住建局"], items=["L-2"])
    assert [g.kind for g in findings(s.ledger, date(2024, 11, 5))] == [FindingKind.LATE_FEEDBACK]
    assert [g.kind for g in findings(s.ledger, date(2024, 11, 7))] == []


def test_s1_2_6_a_late_feedback_filed_after_on_is_not_yet_a_finding() -> None:
    s = Scenario()
    s.item("L-3", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("L-3", date(2024, 10, 9))
    s.feedback("L-3", date(2024, 10, 9))
    (f,) = findings(s.ledger, date(2024, 10, 9))
    assert (f.kind, f.workdays_overdue) == (FindingKind.LATE_FEEDBACK, 1)


# -- 6. Quarter reports (S0-4.2 每季度末反馈进展) ---------------------------------------------------


def _work_report(received: date) -> Scenario:
    s = Scenario()
    s.item("GZ-1", Category.WORK_REPORT_TASK, received, unit="区发改局")
    return s


def test_s0_4_2_a_progress_report_on_the_day_received_meets_the_quarter() -> None:
    # Received Thursday 2024-02-01, due 2024-12-31; Q1 ends Sunday 03-31 → report due 04-01.
    s = _work_report(date(2024, 2, 1))
    s.progress("GZ-1", date(2024, 2, 1))
    assert [f for f in findings(s.ledger, date(2024, 4, 2)) if f.kind is FindingKind.REPORT_MISSED] == []
    assert reports_due(s.ledger, date(2024, 4, 2)) == []


def test_s0_4_2_a_report_any_day_in_the_quarter_meets_it_and_each_quarter_needs_its_own() -> None:
    s = _work_report(date(2024, 2, 1))
    s.progress("GZ-1", date(2024, 3, 1))  # Q1
    s.progress("GZ-1", date(2024, 4, 1))  # Q2's first day (Q1's rolled due day too)
    s.progress("GZ-1", date(2024, 8, 15))  # Q3, mid-quarter
    # Q2 (04-01 … 06-30 Sunday → 07-01) met by 04-01; Q3 (07-01 … 09-30) met by 08-15.
    missed = [f for f in findings(s.ledger, date(2024, 10, 8)) if f.kind is FindingKind.REPORT_MISSED]
    assert missed == []
    t = _work_report(date(2024, 2, 1))
    t.progress("GZ-1", date(2024, 3, 1))
    missed = [f for f in findings(t.ledger, date(2024, 10, 8)) if f.kind is FindingKind.REPORT_MISSED]
    assert [f.due for f in missed] == [date(2024, 7, 1), date(2024, 9, 30)]


# -- 11. The default 31 December (S0-4.2) is the library's assumption ------------------------------


def test_s0_4_2_default_31_december_is_an_assumption_and_does_not_roll_into_next_year() -> None:
    # 2022-12-31 is a Saturday; rolling forward would give Tuesday 2023-01-03 (元旦 observed on
    # Monday 01-02), a day of the next assessment year. The library keeps 12-31 and says why.
    deadline = RuleSet.default().deadline(Category.WORK_REPORT_TASK, date(2022, 3, 1))
    assert deadline.due == date(2022, 12, 31)
    assert "本库假定为当年12月31日" in deadline.explanation
    assert "本库的默认假定" in deadline.explanation
    assert "不顺延" in deadline.explanation
    assert "S0-6.3" in deadline.explanation


# -- 2. Rework never shortens the time a unit is entitled to (S0-3.4, S4-7) -----------------------


def _return(s: Scenario, item_id: str, day: date, kind: ReturnKind, by: Actor = OFFICE) -> None:
    s.apply(Returned(item_id=item_id, at=s.at(day), by=by, kind=kind, reason="请补充办理情况"))


def test_s4_7_a_deputy_suggestion_returned_early_keeps_its_three_months() -> None:
    # Received Sunday 2024-03-03: 3 months → Monday 06-03 (S0-4.5). Returned for 补办 on
    # Tuesday 03-12: 7日 from then would be Tuesday 03-19, earlier than 06-03.
    s = Scenario()
    s.item("JY-1", Category.DEPUTY_PROPOSAL, date(2024, 3, 3))
    assert s.ledger.items["JY-1"].deadline.due == date(2024, 6, 3)  # type: ignore[union-attr]
    s.ack("JY-1", date(2024, 3, 4))
    s.feedback("JY-1", date(2024, 3, 11))
    _return(s, "JY-1", date(2024, 3, 12), ReturnKind.SUPPLEMENT)
    item = s.ledger.items["JY-1"]
    assert item.deadline is not None
    assert (item.deadline.start, item.deadline.due) == (date(2024, 3, 12), date(2024, 6, 3))
    assert "S4-7(三)" in item.deadline.explanation
    assert "退回补办" in item.deadline.explanation
    assert "2024年3月19日（星期二）" in item.deadline.explanation
    assert "退回重办不缩短承办单位原有的办理时间，期限仍为2024年6月3日（星期一）" in item.deadline.explanation
    assert item.state_label == "退回补办"
    assert s.ledger.deadline_revisions() == []  # the rules give the same day on recomputation


def test_s0_3_4_a_work_report_task_returned_in_june_stays_due_31_december() -> None:
    s = Scenario()
    s.item("GZ-2", Category.WORK_REPORT_TASK, date(2024, 1, 15))
    s.ack("GZ-2", date(2024, 1, 16))
    s.feedback("GZ-2", date(2024, 6, 13))
    _return(s, "GZ-2", date(2024, 6, 14), ReturnKind.REDO)  # 7日 → Friday 06-21
    item = s.ledger.items["GZ-2"]
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 12, 31)
    assert item.deadline.clause == "S0-3.4"
    assert "重新办理通知" in item.deadline.explanation
    assert item.state_label == "退回重新办理"


def test_s0_3_4_when_the_rework_rule_gives_more_time_it_wins() -> None:
    # 领导批示 due 10-08, returned that day: 5日 → Sunday 10-13 → Monday 10-14.
    s = Scenario()
    s.item("PS-2", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("PS-2", date(2024, 10, 8))
    s.feedback("PS-2", date(2024, 10, 8))
    _return(s, "PS-2", date(2024, 10, 8), ReturnKind.REDO)
    deadline = s.ledger.items["PS-2"].deadline
    assert deadline is not None
    assert deadline.due == date(2024, 10, 14)
    assert "不缩短" not in deadline.explanation


def test_rework_deadline_takes_the_later_day_and_checks_the_kind() -> None:
    rules = RuleSet.default()
    early = rules.rework_deadline(Category.DEPUTY_PROPOSAL, date(2024, 3, 12), kind="SUPPLEMENT")
    assert early.due == date(2024, 3, 19)
    kept = rules.rework_deadline(
        Category.DEPUTY_PROPOSAL, date(2024, 3, 12), kind=ReturnKind.SUPPLEMENT, in_force=date(2024, 6, 3)
    )
    assert kept.due == date(2024, 6, 3)
    with pytest.raises(DubanError) as info:
        rules.rework_deadline(Category.DEPUTY_PROPOSAL, date(2024, 3, 12), kind="LATER")
    assert info.value.code == "rework.kind"
