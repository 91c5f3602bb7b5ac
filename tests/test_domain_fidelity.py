"""Issue 15, part A: the workflow and oversight rules a 督查室 would find wrong.

Every expectation is worked out by hand on the China calendar (State Council notices for
2022 and 2024: 国庆 2024-10-01…07 with Sunday 09-29 and Saturday 10-12 working; 中秋
2024-09-15…17 with Saturday 09-14 working; 元旦 2023 observed Monday 2023-01-02) and cites
the seed clause it checks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from clause_support import cites
from duban_core import (
    Actor,
    Category,
    DubanError,
    FindingKind,
    InvalidTransition,
    LeaderRank,
    Role,
    RuleSet,
    RuleViolation,
    State,
    Unauthorized,
)
from duban_core.clauses import cite
from duban_core.clock import CST
from duban_core.events import (
    Acknowledged,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Drafted,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    ProgressReported,
    Registered,
    ReportedToLeader,
    Returned,
    ReturnKind,
    parse,
)
from duban_core.oversight import comprehensive_register, findings, metrics, reports_due
from oversight_support import LEADER, OFFICE, Scenario, head, staff

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
    assert deadline.clauses == ("S0-4.2", "S0-6.3")
    assert cite("S0-6.3", short=True) in deadline.explanation


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
    assert cites(item.deadline, "S4-7(三)")
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


# -- 3. 领导批示再督查 is its own path (S0-3.4 上报, S0-3.5, S4-14(13)) --------------------------------


def _closed_instruction(s: Scenario, item_id: str) -> None:
    s.item(item_id, Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack(item_id, date(2024, 9, 29))
    s.feedback(item_id, date(2024, 9, 30))
    s.approve(item_id, date(2024, 9, 30))


def test_s0_3_5_a_leaders_instruction_reopens_an_approved_item_after_the_report() -> None:
    s = Scenario()
    _closed_instruction(s, "ZB-1")
    s.apply(
        ReportedToLeader(
            item_id="ZB-1",
            at=s.at(date(2024, 10, 8)),
            by=OFFICE,
            summary="已按批示整治完毕",
            special_report=True,
        )
    )
    item = s.ledger.items["ZB-1"]
    assert (item.state, item.reported_to_leader_on) == (State.CLOSED, date(2024, 10, 8))
    assert item.history[-1].label == "上报领导"
    # The leader's 批示 on the report, Wednesday 10-09: 5日 → Monday 10-14 (S0-3.5).
    _return(s, "ZB-1", date(2024, 10, 9), ReturnKind.LEADER_FOLLOW_UP, by=LEADER)
    item = s.ledger.items["ZB-1"]
    assert item.state is State.RETURNED
    assert item.state_label == "领导批示再督查"
    assert (item.closed_on, item.closed_on_time, item.rework_rounds) == (None, None, 1)
    assert item.deadline is not None
    assert (item.deadline.start, item.deadline.due, item.deadline.clause) == (
        date(2024, 10, 9),
        date(2024, 10, 14),
        "S0-3.5",
    )
    assert "再督查、再落实" in item.deadline.explanation
    assert "不相符" not in item.deadline.explanation
    assert metrics(s.ledger).closed == 0  # reopened: not 办结 any more
    # 再落实 on time, approved again: 按时办结 (no round was late).
    s.ack("ZB-1", date(2024, 10, 10))
    s.feedback("ZB-1", date(2024, 10, 14))
    s.approve("ZB-1", date(2024, 10, 15))
    item = s.ledger.items["ZB-1"]
    assert (item.state, item.closed_on, item.closed_on_time) == (State.CLOSED, date(2024, 10, 15), True)


def test_s0_3_5_the_instruction_reopens_whether_or_not_the_report_was_recorded() -> None:
    s = Scenario()
    _closed_instruction(s, "ZB-2")
    _return(s, "ZB-2", date(2024, 10, 9), ReturnKind.LEADER_FOLLOW_UP, by=LEADER)
    assert s.ledger.items["ZB-2"].state is State.RETURNED
    assert s.ledger.items["ZB-2"].reported_to_leader_on is None


@pytest.mark.parametrize(
    ("by", "kind", "code"),
    [
        (OFFICE, ReturnKind.LEADER_FOLLOW_UP, "returned.closed_needs_leader"),
        (OFFICE, ReturnKind.REDO, "returned.closed_needs_leader"),
        (LEADER, ReturnKind.SUPPLEMENT, "returned.closed_needs_leader"),
    ],
)
def test_s0_3_5_only_a_leaders_instruction_reopens_an_approved_item(
    by: Actor, kind: ReturnKind, code: str
) -> None:
    s = Scenario()
    _closed_instruction(s, "ZB-3")
    event = Returned(item_id="ZB-3", at=s.at(date(2024, 10, 9)), by=by, kind=kind, reason="再督查")
    error = s.ledger.check(event) if hasattr(s.ledger, "check") else None
    with pytest.raises(Unauthorized) as info:
        s.ledger.apply(event)
    assert info.value.code == code
    assert info.value.clause == "S0-3.5"
    assert error is None or type(error) is Unauthorized
    assert s.ledger.items["ZB-3"].state is State.CLOSED  # refused: nothing changed


def test_s0_3_5_an_archived_item_is_not_reopened_and_only_the_office_reports_up() -> None:
    s = Scenario()
    _closed_instruction(s, "ZB-4")
    with pytest.raises(Unauthorized):
        s.apply(ReportedToLeader(item_id="ZB-4", at=s.at(date(2024, 10, 8)), by=LEADER, summary="汇报"))
    s.archive("ZB-4", date(2024, 10, 8))
    with pytest.raises(InvalidTransition):
        _return(s, "ZB-4", date(2024, 10, 9), ReturnKind.LEADER_FOLLOW_UP, by=LEADER)


def test_s4_17_a_reopened_child_holds_its_parent_open() -> None:
    s = Scenario()
    s.item("P", Category.OTHER_ASSIGNED, date(2024, 9, 2), stipulated=date(2024, 10, 31))
    s.item("C", Category.LEADER_INSTRUCTION, RECEIVED, parent="P", drafted=date(2024, 9, 20))
    s.finish("C", date(2024, 9, 30))
    s.ack("P", date(2024, 10, 8))
    s.feedback("P", date(2024, 10, 8))
    _return(s, "C", date(2024, 10, 9), ReturnKind.LEADER_FOLLOW_UP, by=LEADER)
    with pytest.raises(InvalidTransition) as info:
        s.approve("P", date(2024, 10, 9))
    assert info.value.clause == "S4-17"


# -- 4. Project figures (S1-2.4) -----------------------------------------------------------------


def _project(s: Scenario) -> None:
    s.apply(
        Drafted(
            item_id="XM-1",
            at=s.at(date(2024, 3, 1)),
            by=OFFICE,
            title="新建城区学校3所",
            category=Category.WORK_REPORT_TASK,
            lead_unit="区教育局",
            co_units=("区住建局",),
            project=True,
        )
    )
    s.apply(Registered(item_id="XM-1", at=s.at(date(2024, 3, 1)), by=OFFICE))
    s.apply(Assigned(item_id="XM-1", at=s.at(date(2024, 3, 1)), by=OFFICE, received_on=date(2024, 3, 1)))
    s.apply(Acknowledged(item_id="XM-1", at=s.at(date(2024, 3, 1)), by=staff("区教育局"), handler="张三"))


def _report(cls: type[Any], by: Actor, **figures: Any) -> Any:
    extra = {"signed_by": head("区教育局")} if cls is FeedbackSubmitted else {}
    return cls(
        item_id="XM-1", at=datetime(2024, 3, 29, 9, tzinfo=CST), by=by, summary="主体施工", **extra, **figures
    )


FIGURES = {"percent_complete": 40.0, "investment_done": Decimal("1200"), "work_done": "完成主体结构2栋"}


@pytest.mark.parametrize("cls", [ProgressReported, FeedbackSubmitted])
@pytest.mark.parametrize("left_out", ["percent_complete", "investment_done", "work_done"])
def test_s1_2_4_a_project_report_states_investment_work_and_percent(cls: type[Any], left_out: str) -> None:
    s = Scenario()
    _project(s)
    figures = {k: v for k, v in FIGURES.items() if k != left_out}
    with pytest.raises(RuleViolation) as info:
        s.ledger.apply(_report(cls, staff("区教育局"), **figures))
    prefix = "feedback" if cls is FeedbackSubmitted else "progress"
    assert (info.value.code, info.value.clause) == (f"{prefix}.project_figures", "S1-2.4")
    assert "已完成投资额和工程量" in info.value.message
    s.ledger.apply(_report(cls, staff("区教育局"), **FIGURES))


def test_s1_2_4_ordinary_progress_notes_stay_easy() -> None:
    s = Scenario()
    _project(s)
    # A co-unit's note on its share of a project item: no figures needed (S4-20(一)).
    s.ledger.apply(_report(ProgressReported, staff("区住建局")))
    # Any unit's note on an ordinary item: no figures needed.
    s.item("PT-1", Category.LEADER_INSTRUCTION, RECEIVED)
    s.progress("PT-1", date(2024, 9, 29))
    assert s.ledger.items["PT-1"].report_days == (date(2024, 9, 29),)


# -- 5. Deputies' suggestions: three months the rule, six the ceiling (S0-4.5) -------------------


@pytest.mark.parametrize(
    ("received", "ceiling"),
    [
        (date(2024, 3, 12), date(2024, 9, 12)),  # Thursday, a working day
        (date(2024, 8, 31), date(2025, 2, 28)),  # no 02-31: the month's last day (Civil Code art. 202)
    ],
)
def test_s0_4_5_a_stipulated_date_beyond_six_months_is_refused(received: date, ceiling: date) -> None:
    s = Scenario()
    s.item("JY-A", Category.DEPUTY_PROPOSAL, received, stipulated=ceiling)
    assert s.ledger.items["JY-A"].deadline.due == ceiling  # type: ignore[union-attr]
    with pytest.raises(RuleViolation) as info:
        s.item("JY-B", Category.DEPUTY_PROPOSAL, received, stipulated=ceiling + timedelta(1))
    assert (info.value.code, info.value.clause) == ("assigned.proposal_ceiling", "S0-4.5")
    assert s.ledger.items["JY-B"].state is State.REGISTERED  # the Assigned event was refused


def test_s0_4_5_the_ceiling_is_configured_per_rule_set() -> None:
    rules = RuleSet.model_validate({**RuleSet.default().model_dump(), "proposal_max_months": 4})
    assert RuleSet.model_validate_json(rules.model_dump_json()) == rules
    assert RuleSet.default().proposal_max_months == 6
    s = Scenario(rules)
    with pytest.raises(RuleViolation):  # 4 months from 03-12: 07-12
        s.item("JY-C", Category.DEPUTY_PROPOSAL, date(2024, 3, 12), stipulated=date(2024, 7, 15))
    free = RuleSet.model_validate({**RuleSet.default().model_dump(), "proposal_max_months": None})
    t = Scenario(free)
    t.item("JY-D", Category.DEPUTY_PROPOSAL, date(2024, 3, 12), stipulated=date(2025, 3, 12))
    with pytest.raises(ValidationError):
        RuleSet.model_validate({**RuleSet.default().model_dump(), "proposal_max_months": 0})
    # A ceiling below the three-month rule never refuses what the rule itself gives:
    # 3 months from 03-12 is 06-12 (Wednesday), accepted under a 2-month ceiling.
    short = Scenario(RuleSet.model_validate({**RuleSet.default().model_dump(), "proposal_max_months": 2}))
    short.item("JY-E", Category.DEPUTY_PROPOSAL, date(2024, 3, 12), stipulated=date(2024, 6, 12))
    with pytest.raises(RuleViolation):
        short.item("JY-F", Category.DEPUTY_PROPOSAL, date(2024, 3, 12), stipulated=date(2024, 6, 13))


# -- 7. 以政府名义 criticism is the government's act (S1-2.6) ------------------------------------------


def test_s1_2_6_the_office_alone_cannot_issue_a_government_level_bulletin() -> None:
    s = Scenario()
    event = BulletinIssued(
        bulletin_id="TB-G",
        at=s.at(date(2024, 10, 22)),
        by=OFFICE,
        kind=BulletinKind.CRITICISM,
        level=BulletinLevel.GOVERNMENT,
        units=("区住建局",),
        reason="多次逾期，情节严重",
    )
    with pytest.raises(Unauthorized) as info:
        s.ledger.apply(event)
    assert (info.value.code, info.value.clause) == ("bulletin.government_needs_leader", "S1-2.6")
    assert "TB-G" not in s.ledger.bulletins
    s.ledger.apply(event.model_copy(update={"by": LEADER}))
    s.ledger.apply(event.model_copy(update={"bulletin_id": "TB-O", "level": BulletinLevel.OFFICE}))
    assert set(s.ledger.bulletins) == {"TB-G", "TB-O"}


# -- 8. Decomposition: a split task ends within its parent's deadline (S4-17) ---------------------


def test_s4_17_a_split_tasks_deadline_may_not_fall_after_its_parents() -> None:
    s = Scenario()
    s.item("FJ", Category.OTHER_ASSIGNED, date(2024, 6, 3), stipulated=date(2024, 6, 28))
    # A 5日 child received Tuesday 06-25: 06-30 is a Sunday → Monday 07-01, after 06-28.
    with pytest.raises(RuleViolation) as info:
        s.item("FJ-1", Category.LEADER_INSTRUCTION, date(2024, 6, 25), parent="FJ")
    assert (info.value.code, info.value.clause) == ("decomposition.after_parent", "S4-17")
    # Received Friday 06-21: due Wednesday 06-26, within the parent's deadline.
    s.item("FJ-2", Category.LEADER_INSTRUCTION, date(2024, 6, 21), parent="FJ")
    assert s.ledger.items["FJ-2"].deadline.due == date(2024, 6, 26)  # type: ignore[union-attr]
    # A stipulated date after the parent's is refused when drafted …
    with pytest.raises(RuleViolation) as info:
        s.item("FJ-3", Category.OTHER_ASSIGNED, date(2024, 6, 21), stipulated=date(2024, 6, 29), parent="FJ")
    assert info.value.code == "decomposition.after_parent"
    assert "FJ-3" not in s.ledger.items
    # … and so is an extension past it; up to the parent's day is fine.
    request = ExtensionRequested(
        item_id="FJ-2",
        at=s.at(date(2024, 6, 24)),
        by=staff("区住建局"),
        new_due=date(2024, 6, 29),
        reason="协调",
    )
    with pytest.raises(RuleViolation):
        s.ledger.apply(request)
    s.ledger.apply(request.model_copy(update={"new_due": date(2024, 6, 28)}))


# -- 10. 主要领导 and 分管领导 (S4-20(二), S4-20 第（三）项, S4-7(一)) ----------------------------------------


def test_s4_20_a_leader_may_be_recorded_as_principal_or_in_charge() -> None:
    principal = Actor(name="王书记", role=Role.LEADER, rank=LeaderRank.PRINCIPAL)
    in_charge = Actor(name="赵强", role=Role.LEADER, rank=LeaderRank.IN_CHARGE)
    assert principal.describe() == "主要领导王书记"
    assert in_charge.describe() == "分管领导赵强"
    assert LEADER.describe() == "领导赵副区长"  # no rank recorded: as before
    # Role keeps the contract's values; the rank is extra and left out of the JSON when unset.
    assert [r.value for r in Role] == ["OFFICE", "LEADER", "UNIT_HEAD", "UNIT_STAFF"]
    assert "rank" not in LEADER.model_dump_json()
    assert Actor.model_validate_json(in_charge.model_dump_json()) == in_charge
    with pytest.raises(ValidationError):
        Actor(name="张三", role=Role.OFFICE, rank=LeaderRank.PRINCIPAL)


def test_s4_20_2_the_extension_explanation_names_the_in_charge_leader() -> None:
    s = Scenario()
    s.item("YQ-1", Category.OTHER_ASSIGNED, date(2024, 9, 2), stipulated=date(2024, 9, 30))
    s.apply(
        ExtensionRequested(
            item_id="YQ-1",
            at=s.at(date(2024, 9, 27)),
            by=staff("区住建局"),
            new_due=date(2024, 10, 31),
            reason="协调",
        )
    )
    in_charge = Actor(name="赵强", role=Role.LEADER, rank=LeaderRank.IN_CHARGE)
    s.apply(ExtensionDecided(item_id="YQ-1", at=s.at(date(2024, 9, 27)), by=in_charge, granted=True))
    deadline = s.ledger.items["YQ-1"].deadline
    assert deadline is not None
    assert deadline.due == date(2024, 10, 31)
    assert "分管领导赵强于2024年9月27日（星期五）批准延期" in deadline.explanation
    # The stored event keeps the rank through JSON (interned actors tell ranks apart).
    stored = s.ledger.events[-1]
    assert parse(stored.model_dump_json()).by == in_charge


def test_s0_3_5_the_register_names_how_an_item_went_back() -> None:
    s = Scenario()
    _closed_instruction(s, "ZB-5")
    _return(s, "ZB-5", date(2024, 10, 9), ReturnKind.LEADER_FOLLOW_UP, by=LEADER)
    s.item("ZB-6", Category.LEADER_INSTRUCTION, RECEIVED)
    s.ack("ZB-6", date(2024, 9, 29))
    s.feedback("ZB-6", date(2024, 9, 30))
    _return(s, "ZB-6", date(2024, 9, 30), ReturnKind.SUPPLEMENT)
    rows = {row.item_id: row.state_label for row in comprehensive_register(s.ledger, date(2024, 10, 9))}
    assert rows == {"ZB-5": "领导批示再督查", "ZB-6": "退回补办"}
