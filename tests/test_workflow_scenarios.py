"""The workflow walked step by step on real dates, as the seeds describe it.

- S0-3: 立项通知 → 单位承办 → 检查督办 → 结果反馈 (signed by 主要负责人) → 审查: 相符办结 /
  不相符《重新办理通知》退回 → 追踪督办 (再督查、再落实，直至办结) → 督查通报.
- S4-7: 拟办送审 → 立项下达 (with S4-17 分解立项) → 跟踪办理 (补办或重新办理) → 审核报结 → 立卷归档.
- S2-1.6: 拟办、立项、交办、催办、审核、反馈、归档.

Then the rules one by one: return kinds, extensions (S0-4.6, S0-6.2, S4-20(二)), co-units
(S4-20(一)), the head's signature (S0-3.4), project figures (S1-2.4), decomposition (S4-17),
urgent items (S0-4.6), stipulated dates, default dates, satisfaction (S2-2.1), cancellation,
archiving, bulletins and rectification reports (S0-3.6, S1-2.6), time zones and naive times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from clause_support import cites
from duban_core import (
    Actor,
    Category,
    ChangeKind,
    InvalidTransition,
    Ledger,
    RuleSet,
    RuleViolation,
    State,
    Unauthorized,
)
from duban_core import events as ev
from duban_core.events import (
    BulletinKind,
    BulletinLevel,
    Outcome,
    ReturnKind,
    Satisfaction,
)
from duban_core.rules import CalendarDays, Months, SameDay, Stipulated
from workflow_support import (
    CO_HEAD,
    CO_STAFF,
    CO_UNIT,
    DUE,
    LEAD_HEAD,
    LEAD_STAFF,
    LEAD_UNIT,
    LEADER,
    OFFICE,
    OTHER_HEAD,
    OTHER_STAFF,
    OTHER_UNIT,
    RECEIVED_ON,
    STEP_AT,
    Procedure,
    acknowledged,
    apply_all,
    approved,
    archived,
    assigned,
    at,
    bulletin,
    cancelled,
    drafted,
    evaluated,
    extension_decided,
    extension_requested,
    feedback,
    ledger_in,
    lifecycle,
    progress,
    rectification,
    refuse,
    registered,
    returned,
    urged,
)

UTC = timezone.utc


def kinds(item_deadlines: tuple[object, ...]) -> list[ChangeKind]:
    return [change.kind for change in item_deadlines]  # type: ignore[attr-defined]


# ==============================================================================================
# S0-3: the district's procedure, one 领导批示 through two rework rounds, across 国庆节 2024
# ==============================================================================================


def test_s0_3_leader_instruction_from_notice_to_bulletin() -> None:
    p = Procedure("2024-DB-017")

    # S0-3.1 立项通知: the office drafts (提出拟办意见) and registers the item.
    item = p.step(
        drafted(
            "2024-DB-017",
            at(2024, 9, 26, 9),
            title="落实张区长关于老旧小区改造的批示",
            source="区政府领导批示件〔2024〕第35号",
        )
    )
    assert item.state is State.DRAFTED
    assert item.deadline is None
    assert item.version == 1
    item = p.step(registered("2024-DB-017", at(2024, 9, 26, 15), by=LEADER))
    assert item.state is State.REGISTERED
    assert item.deadline is None

    # 交办: received Friday 2024-09-27. S0-4.4 收到后5日内: the fifth day, 2024-10-02, is in
    # 国庆节 (10-01..10-07), so the period ends on the next working day, Tuesday 2024-10-08.
    item = p.step(assigned("2024-DB-017", at(2024, 9, 27, 10), date(2024, 9, 27)))
    assert item.state is State.ASSIGNED
    assert item.received_on == date(2024, 9, 27)
    assert item.deadline is not None
    assert item.deadline.start == date(2024, 9, 27)
    assert item.deadline.due == date(2024, 10, 8)
    assert item.deadline.rule == CalendarDays(5)
    assert item.deadline.provisional is False
    assert cites(item.deadline, "S0-4.4")
    assert "国庆节" in item.deadline.explanation
    assert kinds(item.deadlines) == [ChangeKind.ASSIGNED]
    assert item.deadlines[0].by == OFFICE
    assert item.rework_rounds == 0
    # The log records the decision: the stored Assigned carries the due day.
    stored = p.ledger.events[-1]
    assert isinstance(stored, ev.Assigned)
    assert stored.due == date(2024, 10, 8)

    # S0-3.2 单位承办: the lead unit signs for it on Sunday 09-29 (a 调休 working day) and
    # names its handler (明确办理人员).
    item = p.step(acknowledged("2024-DB-017", at(2024, 9, 29, 9), handler="赵强"))
    assert item.state is State.IN_PROGRESS
    assert item.handler == "赵强"

    # S0-3.3 检查督办: the office chases, the co-unit reports progress (S4-20(一)).
    item = p.step(urged("2024-DB-017", at(2024, 9, 30, 9), method="电话催办"))
    assert item.urge_count == 1
    assert item.state is State.IN_PROGRESS
    item = p.step(progress("2024-DB-017", at(2024, 9, 30, 11), by=CO_STAFF, summary="道路占掘审批已完成"))
    assert item.state is State.IN_PROGRESS
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 8)  # progress moves no deadline

    # S0-3.4 结果反馈: on the due day itself (on time), signed by the head (主要负责人签发).
    item = p.step(feedback("2024-DB-017", at(2024, 10, 8, 17)))
    assert item.state is State.REPORTED
    assert item.feedback_on_time is True

    # 审查不相符: the office issues a 《重新办理通知》 — a rework round with its own deadline,
    # 5日 from the return day: Wednesday 10-09 → Monday 10-14.
    item = p.step(returned("2024-DB-017", at(2024, 10, 9, 10), ReturnKind.REDO))
    assert item.state is State.RETURNED
    assert item.rework_rounds == 1
    assert item.deadline is not None
    assert item.deadline.start == date(2024, 10, 9)
    assert item.deadline.due == date(2024, 10, 14)
    assert kinds(item.deadlines) == [ChangeKind.ASSIGNED, ChangeKind.REWORK]
    assert item.deadlines[0].deadline.due == date(2024, 10, 8)  # the history keeps the original
    stored_return = p.ledger.events[-1]
    assert isinstance(stored_return, ev.Returned)
    assert stored_return.due == date(2024, 10, 14)

    # The unit takes it up again and reports within the round.
    item = p.step(acknowledged("2024-DB-017", at(2024, 10, 10, 9)))
    assert item.state is State.IN_PROGRESS
    item = p.step(feedback("2024-DB-017", at(2024, 10, 14, 16)))
    assert item.state is State.REPORTED
    assert item.feedback_on_time is True

    # S0-3.5 追踪督办: the leader has an instruction on the report — 再督查、再落实.
    # 5日 from Tuesday 10-15 ends Sunday 10-20 → Monday 10-21.
    item = p.step(returned("2024-DB-017", at(2024, 10, 15, 9), ReturnKind.LEADER_FOLLOW_UP, by=LEADER))
    assert item.state is State.RETURNED
    assert item.rework_rounds == 2
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 21)
    assert kinds(item.deadlines) == [ChangeKind.ASSIGNED, ChangeKind.REWORK, ChangeKind.REWORK]
    assert item.deadlines[-1].by == LEADER

    # Feedback straight from RETURNED (no new 签收 needed), then 相符: 办结, on time.
    item = p.step(feedback("2024-DB-017", at(2024, 10, 21, 11), by=LEAD_HEAD))
    assert item.state is State.REPORTED
    item = p.step(approved("2024-DB-017", at(2024, 10, 22, 9)))
    assert item.state is State.CLOSED
    assert item.closed_on == date(2024, 10, 22)
    assert item.closed_on_time is True
    assert item.is_closed

    # S0-3.6 督查通报: the office praises the unit, naming the item.
    p.ledger = p.ledger.apply(
        bulletin(
            "2024-TB-08",
            at(2024, 10, 25, 9),
            kind=BulletinKind.PRAISE,
            units=(LEAD_UNIT,),
            item_ids=("2024-DB-017",),
            reason="按时高质量办结领导批示事项",
        )
    )
    assert isinstance(p.ledger.events[-1], ev.BulletinIssued)

    item = p.step(archived("2024-DB-017", at(2024, 10, 30, 9)))
    assert item.state is State.ARCHIVED

    # The timeline: every step, in order, by whom, with the deadline where one was set.
    timeline = p.ledger.timeline("2024-DB-017")
    assert [entry.event for entry in timeline] == [
        "Drafted",
        "Registered",
        "Assigned",
        "Acknowledged",
        "Urged",
        "ProgressReported",
        "FeedbackSubmitted",
        "Returned",
        "Acknowledged",
        "FeedbackSubmitted",
        "Returned",
        "FeedbackSubmitted",
        "Approved",
        "Archived",
    ]
    assert [entry.by for entry in timeline][:3] == [OFFICE, LEADER, OFFICE]
    assert timeline[5].by == CO_STAFF
    assert timeline[0].day == date(2024, 9, 26)
    assert timeline[3].day == date(2024, 9, 29)
    due_days = {i: entry.deadline.due for i, entry in enumerate(timeline) if entry.deadline is not None}
    assert due_days == {2: date(2024, 10, 8), 7: date(2024, 10, 14), 10: date(2024, 10, 21)}
    assert item.version == len(timeline) == len(item.history)


# ==============================================================================================
# S4-7 with S4-17: a 常务会议 decision split into items, 补办, a late child, 审核报结, 立卷归档
# ==============================================================================================


def test_s4_7_meeting_decision_decomposed_followed_up_and_archived() -> None:
    parent, child1, child2 = "2024-CW-05", "2024-CW-05-1", "2024-CW-05-2"
    ledger = Ledger()

    # (一) 拟办送审: the office drafts; a major item goes to the leader, who approves it (立项).
    ledger = ledger.apply(
        drafted(
            parent,
            at(2024, 3, 11, 9),
            title="落实区政府第5次常务会议关于城区停车治理的决定",
            category=Category.MEETING_DECISION,
            co_units=(),
            source="区政府第5次常务会议纪要",
        )
    )
    ledger = ledger.apply(registered(parent, at(2024, 3, 11, 16), by=LEADER))

    # (二) 立项下达 with 分解立项 (S4-17): two child items, each with its unit and limit.
    ledger = apply_all(
        ledger,
        [
            drafted(
                child1,
                at(2024, 3, 12, 9),
                title="制定城区停车位建设方案",
                category=Category.MEETING_DECISION,
                co_units=(),
                parent_id=parent,
            ),
            drafted(
                child2,
                at(2024, 3, 12, 9),
                title="整治主干道违停",
                category=Category.MEETING_DECISION,
                lead_unit=CO_UNIT,
                co_units=(LEAD_UNIT,),
                parent_id=parent,
            ),
            registered(child1, at(2024, 3, 12, 10)),
            registered(child2, at(2024, 3, 12, 10)),
            # S0-4.3 7日: received Tuesday 03-12 → Tuesday 03-19.
            assigned(parent, at(2024, 3, 12, 11)),
            assigned(child1, at(2024, 3, 12, 11)),
            assigned(child2, at(2024, 3, 12, 11)),
        ],
    )
    items = ledger.items
    assert items[child1].parent_id == parent
    assert items[child2].parent_id == parent
    assert items[child2].lead_unit == CO_UNIT
    for item_id in (parent, child1, child2):
        deadline = items[item_id].deadline
        assert deadline is not None
        assert deadline.due == date(2024, 3, 19)
        assert deadline.rule == CalendarDays(7)
        assert cites(deadline, "S0-4.3")

    # (三) 跟踪办理: 催办, and a report that does not meet the requirements goes back for 补办.
    ledger = apply_all(
        ledger,
        [
            acknowledged(parent, at(2024, 3, 12, 14)),
            acknowledged(child1, at(2024, 3, 12, 14)),
            acknowledged(child2, at(2024, 3, 13, 9), by=CO_STAFF, handler="周杰"),
            feedback(child1, at(2024, 3, 15, 10)),
            returned(
                child1, at(2024, 3, 15, 16), ReturnKind.SUPPLEMENT, reason="方案缺少资金来源，请补充后报送"
            ),
            urged(child2, at(2024, 3, 18, 9), method="发督办通知书"),
            urged(child2, at(2024, 3, 19, 9), method="电话催办"),
        ],
    )
    item = ledger.items[child1]
    assert item.state is State.RETURNED
    assert item.rework_rounds == 1
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 3, 22)  # 7日 from Friday 03-15
    assert kinds(item.deadlines) == [ChangeKind.ASSIGNED, ChangeKind.REWORK]
    assert ledger.items[child2].urge_count == 2
    assert ledger.items[child2].last_urged_on == date(2024, 3, 19)

    ledger = apply_all(
        ledger,
        [
            feedback(child1, at(2024, 3, 20, 10), summary="已补充资金来源"),
            approved(child1, at(2024, 3, 21, 9)),
            feedback(parent, at(2024, 3, 19, 17)),
            # child 2 reports a day late, signed by its own head (the lead unit of *that* item).
            feedback(child2, at(2024, 3, 20, 9), by=CO_STAFF, signed_by=CO_HEAD),
        ],
    )
    assert ledger.items[child1].closed_on_time is True  # on time for its rework round
    assert ledger.items[child2].feedback_on_time is False
    assert ledger.items[child2].urges_since_response == 0

    # (四) 审核报结: the parent cannot close while child 2 is open (S4-17).
    error = refuse(ledger, approved(parent, at(2024, 3, 21, 10)), InvalidTransition)
    assert error.clause == "S4-17"
    ledger = ledger.apply(approved(child2, at(2024, 3, 22, 9)))
    assert ledger.items[child2].state is State.CLOSED
    assert ledger.items[child2].closed_on_time is False
    ledger = ledger.apply(approved(parent, at(2024, 3, 22, 10)))
    assert ledger.items[parent].state is State.CLOSED
    assert ledger.items[parent].closed_on_time is True

    # (五) 立卷归档.
    ledger = apply_all(ledger, [archived(i, at(2024, 3, 29, 9)) for i in (parent, child1, child2)])
    assert {ledger.items[i].state for i in (parent, child1, child2)} == {State.ARCHIVED}
    assert [e.event for e in ledger.timeline(child1)] == [
        "Drafted",
        "Registered",
        "Assigned",
        "Acknowledged",
        "FeedbackSubmitted",
        "Returned",
        "FeedbackSubmitted",
        "Approved",
        "Archived",
    ]


# ==============================================================================================
# S2-1.6: 拟办、立项、交办、催办、审核、反馈、归档 — an 人大代表建议 (S0-4.5, S2-2.1)
# ==============================================================================================


def test_s2_1_6_seven_steps_for_a_deputy_suggestion() -> None:
    p = Procedure("2024-JY-0128")
    p.step(
        drafted(
            "2024-JY-0128",
            at(2024, 6, 13, 9),
            title="关于加快城区公共停车场建设的建议",
            category=Category.DEPUTY_PROPOSAL,
            co_units=(),
            source="区十九届人大三次会议第0128号建议",
        )
    )  # 拟办
    p.step(registered("2024-JY-0128", at(2024, 6, 13, 15)))  # 立项
    # 交办 on Friday 06-14: three months (Civil Code art. 202) end on Saturday 2024-09-14,
    # which is a 调休 working day (中秋节), so that is the due day.
    item = p.step(assigned("2024-JY-0128", at(2024, 6, 14, 9)))
    assert item.deadline is not None
    assert item.deadline.rule == Months(3)
    assert item.deadline.due == date(2024, 9, 14)
    p.step(acknowledged("2024-JY-0128", at(2024, 6, 17, 9)))
    item = p.step(urged("2024-JY-0128", at(2024, 8, 30, 9), method="发督办通知书"))  # 催办
    assert item.urge_count == 1
    assert item.urges_since_response == 1
    item = p.step(feedback("2024-JY-0128", at(2024, 9, 14, 10)))  # the reply, on the due day
    assert item.feedback_on_time is True
    assert item.urges_since_response == 0
    item = p.step(approved("2024-JY-0128", at(2024, 9, 18, 9)))  # 审核
    assert item.state is State.CLOSED
    item = p.step(
        evaluated("2024-JY-0128", at(2024, 9, 20, 9), Satisfaction.BASICALLY_SATISFIED, Outcome.PLANNED)
    )  # 反馈: the deputy's evaluation of the reply (S2-2.1)
    assert item.state is State.CLOSED
    assert item.evaluation is not None
    assert item.evaluation.satisfaction is Satisfaction.BASICALLY_SATISFIED
    assert item.evaluation.outcome is Outcome.PLANNED
    item = p.step(archived("2024-JY-0128", at(2024, 9, 30, 9)))  # 归档
    assert item.state is State.ARCHIVED
    # Evaluation may still be recorded after archiving (a late 测评 form).
    item = p.step(evaluated("2024-JY-0128", at(2024, 10, 8, 9)))
    assert item.state is State.ARCHIVED
    labels = [entry.label for entry in p.ledger.timeline("2024-JY-0128")]
    seven = ["拟办", "立项", "交办", "催办", "审核办结", "满意度测评", "归档"]
    assert [label for label in labels if label in seven][:7] == seven


# ==============================================================================================
# Rework (S0-3.4, S0-3.5, S4-7(三)): every kind, who may send it, each round's own deadline
# ==============================================================================================


@pytest.mark.parametrize("kind", list(ReturnKind))
def test_office_may_return_a_report_with_every_kind(kind: ReturnKind) -> None:
    ledger = ledger_in(State.REPORTED)
    ledger = ledger.apply(returned("2024-DB-001", at(2024, 10, 9, 10), kind))
    item = ledger.items["2024-DB-001"]
    assert item.state is State.RETURNED
    assert item.rework_rounds == 1
    assert item.history[-1].kind is kind  # type: ignore[attr-defined]
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 14)
    assert item.deadlines[-1].kind is ChangeKind.REWORK


def test_leader_may_send_back_only_for_a_follow_up() -> None:
    """S0-3.5: a leader's instruction on the report means 再督查; 补办 and 重新办理 are the office's."""
    ledger = ledger_in(State.REPORTED)
    for kind in (ReturnKind.SUPPLEMENT, ReturnKind.REDO):
        refuse(ledger, returned("2024-DB-001", at(2024, 10, 9), kind, by=LEADER), Unauthorized)
    ledger = ledger.apply(returned("2024-DB-001", at(2024, 10, 9), ReturnKind.LEADER_FOLLOW_UP, by=LEADER))
    assert ledger.items["2024-DB-001"].rework_rounds == 1


@pytest.mark.parametrize(
    ("category", "returned_day", "due", "rule"),
    [
        # The category's own day rule from the return day.
        (Category.LEADER_INSTRUCTION, date(2024, 10, 9), date(2024, 10, 14), CalendarDays(5)),
        (Category.MEETING_DECISION, date(2024, 3, 15), date(2024, 3, 22), CalendarDays(7)),
        # Month and stipulated rules: the fallback day rule, 7日 (10-16 is a Wednesday).
        (Category.DEPUTY_PROPOSAL, date(2024, 10, 9), date(2024, 10, 16), CalendarDays(7)),
        # … but never earlier than the deadline in force when returned (S0-3.4, S4-7): the
        # work-report task stays due 12-31 (7日 would give 10-16) …
        (Category.WORK_REPORT_TASK, date(2024, 10, 9), date(2024, 12, 31), CalendarDays(7)),
        # … and the media issue stipulated 12-20 stays so (7日 from 09-27 ends 10-04, in
        # 国庆节 → 10-08).
        (Category.MEDIA_ISSUE, date(2024, 9, 27), date(2024, 12, 20), CalendarDays(7)),
    ],
)
def test_rework_round_deadline_per_category(
    category: Category, returned_day: date, due: date, rule: CalendarDays
) -> None:
    item_id = "R-1"
    stipulated = date(2024, 12, 20) if category is Category.MEDIA_ISSUE else None
    p = Procedure(item_id)
    p.steps(
        [
            drafted(item_id, at(2024, 3, 1), category=category, stipulated_due=stipulated),
            registered(item_id, at(2024, 3, 1, 10)),
            assigned(item_id, at(2024, 3, 1, 11)),
            acknowledged(item_id, at(2024, 3, 1, 14)),
            feedback(item_id, at(returned_day.year, returned_day.month, returned_day.day, 8)),
        ]
    )
    item = p.step(returned(item_id, at(returned_day.year, returned_day.month, returned_day.day, 10)))
    assert item.deadline is not None
    assert item.deadline.start == returned_day
    assert item.deadline.due == due
    assert item.deadline.rule == rule
    assert cites(item.deadline, "S0-3.4")


def test_each_rework_round_has_its_own_deadline_and_feedback_is_judged_against_it() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS))
    # Round 0: late (due 10-08).
    item = p.step(feedback("2024-DB-001", at(2024, 10, 9, 9)))
    assert item.feedback_on_time is False
    # Round 1 returned 10-09 → due 10-14; reported on 10-14: on time.
    p.step(returned("2024-DB-001", at(2024, 10, 9, 10), ReturnKind.SUPPLEMENT))
    item = p.step(feedback("2024-DB-001", at(2024, 10, 14, 18)))
    assert item.feedback_on_time is True
    # Round 2 returned 10-15 → due 10-21; reported 10-22: late.
    p.step(returned("2024-DB-001", at(2024, 10, 15, 9), ReturnKind.REDO))
    item = p.step(feedback("2024-DB-001", at(2024, 10, 22, 9)))
    assert item.feedback_on_time is False
    assert item.rework_rounds == 2
    assert [c.deadline.due for c in item.deadlines] == [DUE, date(2024, 10, 14), date(2024, 10, 21)]
    assert [c.kind for c in item.deadlines] == [ChangeKind.ASSIGNED, ChangeKind.REWORK, ChangeKind.REWORK]
    # Round 3, then approval: the last round is on time, but round 0 was late, and late is
    # late (S1-2.6 未按时完成): the item is not 按时办结.
    p.step(returned("2024-DB-001", at(2024, 10, 22, 15), ReturnKind.REDO))  # → 10-28 (Mon)
    item = p.step(feedback("2024-DB-001", at(2024, 10, 28, 9)))
    assert item.feedback_on_time is True
    item = p.step(approved("2024-DB-001", at(2024, 10, 29, 9)))
    assert item.rework_rounds == 3
    assert item.closed_on_time is False
    assert item.late_feedback == (DUE, date(2024, 10, 9))


def test_late_feedback_closes_late() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS))
    p.step(feedback("2024-DB-001", at(2024, 10, 9, 0, 5)))  # five minutes into the day after
    item = p.step(approved("2024-DB-001", at(2024, 10, 9, 10)))
    assert item.closed_on_time is False


def test_urges_are_counted_and_reset_by_a_response() -> None:
    """S0-5.1 催办: every urging counts; the run since the unit's last response restarts."""
    p = Procedure("2024-DB-001", ledger_in(State.ASSIGNED))
    p.step(urged("2024-DB-001", at(2024, 9, 28, 9)))
    item = p.step(urged("2024-DB-001", at(2024, 9, 29, 9), method="发督办通知书"))
    assert (item.urge_count, item.urges_since_response) == (2, 2)
    assert item.last_urged_on == date(2024, 9, 29)
    item = p.step(acknowledged("2024-DB-001", at(2024, 9, 29, 10)))
    assert (item.urge_count, item.urges_since_response) == (2, 0)
    item = p.step(urged("2024-DB-001", at(2024, 9, 30, 9)))
    assert (item.urge_count, item.urges_since_response) == (3, 1)
    assert item.state is State.IN_PROGRESS


# ==============================================================================================
# Extensions: S0-4.6, S0-6.2, S4-20(二) — in writing, with reasons, before the deadline,
# approved by the responsible leader
# ==============================================================================================


def test_extension_granted_moves_the_deadline_with_an_explanation() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS))
    # Filed late on the due day itself (2024-10-08, CST): still in time.
    item = p.step(extension_requested("2024-DB-001", at(2024, 10, 8, 23, 30), date(2024, 10, 18)))
    assert item.pending_extension is not None
    assert item.pending_extension.new_due == date(2024, 10, 18)
    assert item.deadline is not None
    assert item.deadline.due == DUE  # nothing moves until the leader decides
    assert item.state is State.IN_PROGRESS

    item = p.step(extension_decided("2024-DB-001", at(2024, 10, 9, 10), granted=True))
    assert item.pending_extension is None
    assert item.state is State.IN_PROGRESS
    deadline = item.deadline
    assert deadline is not None
    assert deadline.due == date(2024, 10, 18)
    assert deadline.rule == Stipulated()
    assert cites(deadline, "S4-20(二)")
    assert cites(deadline, "S0-4.6")
    assert LEADER.name in deadline.explanation
    assert kinds(item.deadlines) == [ChangeKind.ASSIGNED, ChangeKind.EXTENSION]
    assert item.deadlines[-1].by == LEADER
    assert item.deadlines[-1].at == at(2024, 10, 9, 10)
    assert item.deadlines[0].deadline.due == DUE
    entry = p.ledger.timeline("2024-DB-001")[-1]
    assert entry.event == "ExtensionDecided"
    assert entry.deadline is not None
    assert entry.deadline.due == date(2024, 10, 18)

    # Feedback after the original due day but within the extension is on time.
    item = p.step(feedback("2024-DB-001", at(2024, 10, 17, 9)))
    assert item.feedback_on_time is True
    item = p.step(approved("2024-DB-001", at(2024, 10, 18, 9)))
    assert item.closed_on_time is True


def test_extension_refused_leaves_the_deadline_and_a_new_request_may_follow() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS))
    before = p.item
    p.step(extension_requested("2024-DB-001", at(2024, 10, 5, 9), date(2024, 10, 18)))
    item = p.step(extension_decided("2024-DB-001", at(2024, 10, 6, 9), granted=False))
    assert item.deadline == before.deadline
    assert item.deadlines == before.deadlines
    assert item.pending_extension is None
    assert p.ledger.timeline("2024-DB-001")[-1].deadline is None
    # Refused; a second, shorter request (still before the due day) is a new request.
    p.step(extension_requested("2024-DB-001", at(2024, 10, 8, 9), date(2024, 10, 11)))
    item = p.step(extension_decided("2024-DB-001", at(2024, 10, 8, 11)))
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 11)


def test_one_extension_request_pending_at_a_time() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.ASSIGNED))
    p.step(extension_requested("2024-DB-001", at(2024, 9, 30, 9), date(2024, 10, 18)))
    p.refuse(
        extension_requested("2024-DB-001", at(2024, 9, 30, 10), date(2024, 10, 25), by=LEAD_HEAD),
        RuleViolation,
    )


@pytest.mark.parametrize(
    "when",
    [
        at(2024, 10, 9, 0, 10),  # ten minutes after the due day ended in China
        datetime(2024, 10, 8, 16, 30, tzinfo=UTC),  # = 2024-10-09 00:30 CST
        at(2024, 10, 15, 9),
    ],
)
def test_extension_requested_after_the_due_day_is_refused(when: datetime) -> None:
    """S4-20(二): 提前申请 — a request after the deadline is a RuleViolation."""
    ledger = ledger_in(State.IN_PROGRESS)
    refuse(ledger, extension_requested("2024-DB-001", when, date(2024, 10, 31)), RuleViolation)


def test_extension_requested_in_utc_late_on_the_due_day_is_in_time() -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    when = datetime(2024, 10, 8, 15, 30, tzinfo=UTC)  # = 2024-10-08 23:30 CST
    ledger = ledger.apply(extension_requested("2024-DB-001", when, date(2024, 10, 31)))
    assert ledger.items["2024-DB-001"].pending_extension is not None


@pytest.mark.parametrize("new_due", [DUE, date(2024, 10, 7), date(2024, 9, 30)])
def test_extension_must_ask_for_a_later_day(new_due: date) -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    refuse(ledger, extension_requested("2024-DB-001", at(2024, 9, 30), new_due), RuleViolation)


def test_extension_request_needs_a_reason() -> None:
    with pytest.raises(ValidationError):
        extension_requested("2024-DB-001", at(2024, 9, 30), date(2024, 10, 31), reason="")


def test_extension_decided_with_none_pending_is_refused() -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    refuse(ledger, extension_decided("2024-DB-001", at(2024, 9, 30)), RuleViolation)
    # …and after a decision, the request is no longer pending.
    ledger = apply_all(
        ledger,
        [
            extension_requested("2024-DB-001", at(2024, 9, 30, 10), date(2024, 10, 18)),
            extension_decided("2024-DB-001", at(2024, 9, 30, 11), granted=False),
        ],
    )
    refuse(ledger, extension_decided("2024-DB-001", at(2024, 9, 30, 12)), RuleViolation)


def test_feedback_ends_a_pending_extension_request() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS))
    p.step(extension_requested("2024-DB-001", at(2024, 10, 1, 9), date(2024, 10, 18)))
    item = p.step(feedback("2024-DB-001", at(2024, 10, 2, 9)))
    assert item.pending_extension is None
    # Returned on 10-03: the rework round is due 10-08 (5日 ends in 国庆节). The old request
    # cannot be decided any more.
    item = p.step(returned("2024-DB-001", at(2024, 10, 3, 9)))
    assert item.pending_extension is None
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 8)
    p.refuse(extension_decided("2024-DB-001", at(2024, 10, 4, 9)), RuleViolation)
    # A new request in the rework round, before its due day, is fine and may be granted.
    p.step(extension_requested("2024-DB-001", at(2024, 10, 8, 9), date(2024, 10, 15)))
    item = p.step(extension_decided("2024-DB-001", at(2024, 10, 8, 10)))
    assert item.state is State.RETURNED
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 15)
    assert kinds(item.deadlines) == [ChangeKind.ASSIGNED, ChangeKind.REWORK, ChangeKind.EXTENSION]


def test_cancellation_ends_a_pending_extension_request() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS))
    p.step(extension_requested("2024-DB-001", at(2024, 10, 1, 9), date(2024, 10, 18)))
    item = p.step(cancelled("2024-DB-001", at(2024, 10, 2, 9), by=LEADER))
    assert item.state is State.CANCELLED
    assert item.pending_extension is None
    assert item.cancelled_reason == "上级已另行部署，撤销本事项"


@pytest.mark.parametrize("requester", [LEAD_STAFF, LEAD_HEAD])
def test_lead_unit_requests_and_only_a_leader_decides(requester: Actor) -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS))
    for outsider in (CO_STAFF, CO_HEAD, OTHER_HEAD, OFFICE, LEADER):
        p.refuse(
            extension_requested("2024-DB-001", at(2024, 9, 30, 9), date(2024, 10, 18), by=outsider),
            Unauthorized,
        )
    p.step(
        extension_requested(
            "2024-DB-001",
            at(2024, 9, 30, 9),
            date(2024, 10, 18),
            by=requester,
        )
    )
    for outsider in (OFFICE, LEAD_HEAD, LEAD_STAFF, CO_HEAD):
        p.refuse(extension_decided("2024-DB-001", at(2024, 9, 30, 10), by=outsider), Unauthorized)
    item = p.step(extension_decided("2024-DB-001", at(2024, 9, 30, 10)))
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 18)


def test_extension_requested_while_only_assigned_is_accepted() -> None:
    """ASSIGNED, IN_PROGRESS and RETURNED are the states in which a request may be filed."""
    p = Procedure("2024-DB-001", ledger_in(State.ASSIGNED))
    item = p.step(extension_requested("2024-DB-001", at(2024, 9, 27, 15), date(2024, 10, 31)))
    assert item.state is State.ASSIGNED
    item = p.step(extension_decided("2024-DB-001", at(2024, 9, 28, 9)))
    assert item.state is State.ASSIGNED
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 31)


def test_extension_requested_in_reported_is_an_invalid_transition() -> None:
    ledger = ledger_in(State.REPORTED)
    refuse(
        ledger,
        extension_requested("2024-DB-001", at(2024, 9, 30, 11), date(2024, 10, 31)),
        InvalidTransition,
    )


# ==============================================================================================
# Co-units (S4-20(一)): they report progress; the lead unit acknowledges and files the report
# ==============================================================================================


@pytest.mark.parametrize("co", [CO_STAFF, CO_HEAD])
def test_co_unit_reports_progress_but_neither_acknowledges_nor_submits_feedback(co: Actor) -> None:
    p = Procedure("2024-DB-001", ledger_in(State.ASSIGNED))
    p.refuse(acknowledged("2024-DB-001", at(2024, 9, 27, 14), by=co), Unauthorized)
    p.step(acknowledged("2024-DB-001", at(2024, 9, 27, 14)))
    item = p.step(progress("2024-DB-001", at(2024, 9, 28, 9), by=co, summary="已配合完成交通疏导"))
    assert item.state is State.IN_PROGRESS
    assert date(2024, 9, 28) in item.report_days
    assert item.history[-1].by == co
    p.refuse(feedback("2024-DB-001", at(2024, 9, 30, 9), by=co), Unauthorized)
    # A co-unit's head signing the lead unit's report is no substitute either.
    p.refuse(feedback("2024-DB-001", at(2024, 9, 30, 9), signed_by=CO_HEAD), RuleViolation)


@pytest.mark.parametrize("outsider", [OTHER_STAFF, OTHER_HEAD])
def test_an_unrelated_unit_may_not_report_progress(outsider: Actor) -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    refuse(ledger, progress("2024-DB-001", at(2024, 9, 28, 9), by=outsider), Unauthorized)


# ==============================================================================================
# S0-3.4: the written report is signed by the lead unit's 主要负责人
# ==============================================================================================


@pytest.mark.parametrize(
    "signer",
    [LEAD_STAFF, CO_HEAD, CO_STAFF, OTHER_HEAD, OFFICE, LEADER],
    ids=["lead_staff", "co_head", "co_staff", "other_head", "office", "leader"],
)
def test_feedback_must_be_signed_by_the_lead_units_head(signer: Actor) -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    error = refuse(
        ledger,
        feedback("2024-DB-001", at(2024, 9, 30, 9), signed_by=signer),
        RuleViolation,
    )
    assert error.clause == "S0-3.4"


@pytest.mark.parametrize("submitter", [LEAD_STAFF, LEAD_HEAD])
def test_feedback_signed_by_the_head_is_accepted_from_head_or_staff(submitter: Actor) -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    ledger = ledger.apply(feedback("2024-DB-001", at(2024, 9, 30, 9), by=submitter))
    item = ledger.items["2024-DB-001"]
    assert item.state is State.REPORTED
    assert item.feedback_on == date(2024, 9, 30)


# ==============================================================================================
# S1-2.4: project items state investment and percent complete
# ==============================================================================================


@pytest.mark.parametrize(
    ("percent", "investment"),
    [(None, None), (80.0, None), (None, Decimal("300"))],
)
def test_project_feedback_without_figures_is_refused(
    percent: float | None, investment: Decimal | None
) -> None:
    ledger = ledger_in(State.IN_PROGRESS, project=True)
    error = refuse(
        ledger,
        feedback(
            "2024-DB-001",
            at(2024, 9, 30, 9),
            percent_complete=percent,
            investment_done=investment,
            work_done="完成道路改造1.2公里",
        ),
        RuleViolation,
    )
    assert error.clause == "S1-2.4"


def test_project_feedback_with_figures_is_accepted() -> None:
    p = Procedure("2024-DB-001", ledger_in(State.IN_PROGRESS, project=True))
    # The lead unit's progress report on a project item states its figures too (S1-2.4;
    # issue 15, see test_domain_fidelity for the refusals and the co-unit's easy notes).
    p.step(
        progress(
            "2024-DB-001",
            at(2024, 9, 28, 9),
            percent_complete=40.0,
            investment_done=Decimal("120.5"),
            work_done="完成道路改造0.5公里",
        )
    )
    item = p.step(
        feedback(
            "2024-DB-001",
            at(2024, 9, 30, 9),
            percent_complete=100.0,
            investment_done=Decimal("0"),
            work_done="完成道路改造1.2公里",
        )
    )
    assert item.state is State.REPORTED
    assert item.percent_complete == 100.0
    assert item.history[-1].investment_done == Decimal("0")  # type: ignore[attr-defined]


def test_non_project_feedback_needs_no_figures() -> None:
    ledger = ledger_in(State.IN_PROGRESS, project=False)
    ledger = ledger.apply(feedback("2024-DB-001", at(2024, 9, 30, 9)))
    assert ledger.items["2024-DB-001"].state is State.REPORTED


@pytest.mark.parametrize(
    ("percent", "investment"),
    [
        (100.5, None),
        (-1.0, None),
        (float("nan"), None),
        (None, Decimal("-0.01")),
    ],
)
def test_malformed_figures_are_validation_errors(percent: float | None, investment: Decimal | None) -> None:
    with pytest.raises(ValidationError):
        feedback("2024-DB-001", at(2024, 9, 30, 9), percent_complete=percent, investment_done=investment)
    with pytest.raises(ValidationError):
        progress("2024-DB-001", at(2024, 9, 30, 9), percent_complete=percent, investment_done=investment)


# ==============================================================================================
# S4-17: decomposition (分解立项)
# ==============================================================================================


def _parent_with_child(child_state: State) -> Ledger:
    ledger = ledger_in(State.IN_PROGRESS, "P")
    child = lifecycle("C", child_state, parent_id="P")
    # Child events happen after the parent's (times in STEP_AT); order across items is free.
    return apply_all(ledger, child)


@pytest.mark.parametrize(
    "child_state",
    [State.DRAFTED, State.REGISTERED, State.ASSIGNED, State.IN_PROGRESS, State.REPORTED, State.RETURNED],
)
def test_parent_cannot_be_approved_while_a_child_is_open(child_state: State) -> None:
    ledger = _parent_with_child(child_state)
    ledger = ledger.apply(feedback("P", at(2024, 10, 8, 10)))
    error = refuse(ledger, approved("P", at(2024, 10, 8, 11)), InvalidTransition)
    assert error.clause == "S4-17"
    # The child's state is untouched, and the parent may still be sent back.
    assert ledger.items["C"].state is child_state
    ledger = ledger.apply(returned("P", at(2024, 10, 8, 11), ReturnKind.SUPPLEMENT))
    assert ledger.items["P"].state is State.RETURNED


@pytest.mark.parametrize("child_state", [State.CLOSED, State.ARCHIVED, State.CANCELLED])
def test_parent_may_be_approved_once_its_children_are_done(child_state: State) -> None:
    ledger = _parent_with_child(child_state)
    ledger = ledger.apply(feedback("P", at(2024, 10, 8, 10)))
    ledger = ledger.apply(approved("P", at(2024, 10, 8, 11)))
    assert ledger.items["P"].state is State.CLOSED


def test_every_child_must_be_done_and_grandchildren_count_for_their_parent_only() -> None:
    ledger = ledger_in(State.IN_PROGRESS, "P")
    ledger = apply_all(ledger, lifecycle("C1", State.IN_PROGRESS, parent_id="P"))
    ledger = apply_all(ledger, lifecycle("C2", State.IN_PROGRESS, parent_id="P"))
    ledger = ledger.apply(drafted("G", at(2024, 9, 30, 9), parent_id="C1"))
    assert ledger.items["G"].parent_id == "C1"
    ledger = apply_all(
        ledger,
        [
            cancelled("G", at(2024, 9, 30, 10)),
            feedback("C1", at(2024, 9, 30, 11)),
            approved("C1", at(2024, 9, 30, 12)),
            feedback("P", at(2024, 9, 30, 13)),
        ],
    )
    refuse(ledger, approved("P", at(2024, 9, 30, 14)), InvalidTransition)  # C2 still open
    ledger = ledger.apply(cancelled("C2", at(2024, 9, 30, 15), reason="并入C1办理"))
    ledger = ledger.apply(approved("P", at(2024, 9, 30, 16)))
    assert ledger.items["P"].state is State.CLOSED


def test_parent_must_exist() -> None:
    ledger = ledger_in(State.IN_PROGRESS, "P")
    refuse(ledger, drafted("C", at(2024, 9, 30), parent_id="NO-SUCH-ITEM"), RuleViolation)


@pytest.mark.parametrize("parent_state", [State.CLOSED, State.ARCHIVED, State.CANCELLED])
def test_parent_must_not_be_closed(parent_state: State) -> None:
    ledger = ledger_in(parent_state, "P")
    refuse(ledger, drafted("C", at(2024, 10, 9), parent_id="P"), RuleViolation)


def test_lead_unit_is_not_also_a_co_unit() -> None:
    """S4-20(一): one 主办单位, distinct 协办单位."""
    with pytest.raises(ValidationError):
        drafted("C", at(2024, 9, 30), co_units=(LEAD_UNIT,))
    with pytest.raises(ValidationError):
        drafted("C", at(2024, 9, 30), co_units=(CO_UNIT, CO_UNIT))


def test_an_item_cannot_be_its_own_parent() -> None:
    with pytest.raises(ValidationError):
        drafted("C", at(2024, 9, 30), parent_id="C")


def test_a_refused_child_does_not_block_its_parent() -> None:
    """Atomicity: a child refused at Drafted leaves no trace on its parent."""
    ledger = ledger_in(State.REPORTED, "P")
    refuse(ledger, drafted("C", at(2024, 9, 30, 11), parent_id="P", by=LEAD_HEAD), Unauthorized)
    refuse(
        ledger,
        drafted("C", at(2024, 9, 30, 11), parent_id="P", stipulated_due=date(2024, 9, 1)),
        RuleViolation,
    )
    assert "C" not in ledger.items
    ledger = ledger.apply(approved("P", at(2024, 9, 30, 16)))
    assert ledger.items["P"].state is State.CLOSED


# ==============================================================================================
# Deadlines at assignment: urgent (S0-4.6), stipulated, defaults (S0-4.2), required dates
# ==============================================================================================


def _assign(
    category: Category,
    received: date,
    *,
    urgent: bool = False,
    stipulated: date | None = None,
) -> Procedure:
    p = Procedure("D-1")
    when = at(received.year, received.month, received.day, 8)
    p.steps(
        [
            drafted("D-1", when, category=category, urgent=urgent, stipulated_due=stipulated),
            registered("D-1", when),
            assigned("D-1", when, received),
        ]
    )
    return p


def test_urgent_item_is_due_the_day_it_arrives() -> None:
    """S0-4.6 紧急事项随到随办: received Sunday 2024-09-29, a 调休 working day."""
    p = _assign(Category.LEADER_INSTRUCTION, date(2024, 9, 29), urgent=True)
    deadline = p.item.deadline
    assert deadline is not None
    assert deadline.due == date(2024, 9, 29)
    assert deadline.rule == SameDay()
    assert cites(deadline, "S0-4.6")
    # A rework round of an urgent item is due the day it is returned.
    p.steps(
        [
            acknowledged("D-1", at(2024, 9, 29, 9)),
            feedback("D-1", at(2024, 9, 29, 17)),
            returned("D-1", at(2024, 9, 30, 9)),
        ]
    )
    assert p.item.deadline is not None
    assert p.item.deadline.due == date(2024, 9, 30)
    assert p.item.deadline.rule == SameDay()


@pytest.mark.parametrize("urgent", [False, True])
def test_a_stipulated_date_takes_precedence(urgent: bool) -> None:
    p = _assign(Category.LEADER_INSTRUCTION, date(2024, 9, 27), urgent=urgent, stipulated=date(2024, 10, 15))
    deadline = p.item.deadline
    assert deadline is not None
    assert deadline.due == date(2024, 10, 15)
    assert deadline.rule == Stipulated()
    assert "规定" in deadline.explanation


def test_a_stipulated_date_on_a_holiday_is_used_as_given() -> None:
    p = _assign(Category.OTHER_ASSIGNED, date(2024, 9, 27), stipulated=date(2024, 10, 5))
    assert p.item.deadline is not None
    assert p.item.deadline.due == date(2024, 10, 5)


def test_stipulated_date_before_receipt_is_refused_at_assignment() -> None:
    p = Procedure("D-1")
    p.steps(
        [
            drafted("D-1", at(2024, 9, 20), category=Category.MEDIA_ISSUE, stipulated_due=date(2024, 9, 25)),
            registered("D-1", at(2024, 9, 20, 10)),
        ]
    )
    p.refuse(assigned("D-1", at(2024, 9, 27), date(2024, 9, 27)), RuleViolation)


def test_work_report_task_defaults_to_31_december() -> None:
    """S0-4.2: 政府工作报告任务 — 规定时间内办结; with no date given, the year's end."""
    p = _assign(Category.WORK_REPORT_TASK, date(2024, 3, 1))
    deadline = p.item.deadline
    assert deadline is not None
    assert deadline.due == date(2024, 12, 31)
    assert deadline.rule == Stipulated()
    assert cites(deadline, "S0-4.2")


@pytest.mark.parametrize("category", [Category.MEDIA_ISSUE, Category.OTHER_ASSIGNED])
def test_stipulated_categories_need_a_date_at_assignment(category: Category) -> None:
    p = Procedure("D-1")
    p.steps(
        [
            drafted("D-1", at(2024, 9, 26), category=category),
            registered("D-1", at(2024, 9, 26, 10)),
        ]
    )
    p.refuse(assigned("D-1", at(2024, 9, 27)), RuleViolation)
    assert p.item.state is State.REGISTERED
    assert p.item.deadline is None


@pytest.mark.parametrize(
    ("category", "received", "due"),
    [
        (Category.SUPERIOR_DECISION, date(2024, 9, 27), date(2024, 10, 8)),  # S0-4.1 5日
        (Category.MEETING_DECISION, date(2024, 9, 27), date(2024, 10, 8)),  # S0-4.3 7日 → 10-04 → 10-08
        (Category.LEADER_INSTRUCTION, date(2025, 1, 20), date(2025, 1, 26)),  # Sat → Sun 01-26 调休上班
        (Category.DEPUTY_PROPOSAL, date(2024, 3, 15), date(2024, 6, 17)),  # S0-4.5 3个月, Sat → Mon
    ],
)
def test_category_deadlines_on_real_dates(category: Category, received: date, due: date) -> None:
    p = _assign(category, received)
    assert p.item.deadline is not None
    assert p.item.deadline.due == due
    assert p.item.deadline.start == received


@pytest.mark.parametrize(
    ("category", "due", "rework_due"),
    [
        # 5工作日 from Friday 09-27: 09-29 (Sunday, 调休上班), 09-30, 10-08, 10-09, 10-10;
        # the rework round from 10-09: 10-10, 10-11, 10-12 (Saturday, 调休上班), 10-14, 10-15.
        (Category.LEADER_INSTRUCTION, date(2024, 10, 10), date(2024, 10, 15)),
        # 7工作日 ends on Saturday 10-12, a 调休 working day.
        (Category.MEETING_DECISION, date(2024, 10, 12), date(2024, 10, 17)),
        # Three months are not a day rule; the rework fallback 7日 becomes 7工作日 (10-17),
        # but rework never shortens the time in force when returned (12-27; S0-3.4, S4-7).
        (Category.DEPUTY_PROPOSAL, date(2024, 12, 27), date(2024, 12, 27)),
    ],
)
def test_a_ledger_counting_working_days(category: Category, due: date, rework_due: date) -> None:
    """RuleSet.default(counting="working"): the 5日/7日 limits (S0-4.1, S0-4.3, S0-4.4) and the
    rework fallback count working days, 调休上班 weekend days included."""
    p = Procedure("W-1", rules=RuleSet.default(counting="working"))
    p.steps(
        [
            drafted("W-1", at(2024, 9, 26), category=category),
            registered("W-1", at(2024, 9, 26, 10)),
            assigned("W-1", at(2024, 9, 27)),
        ]
    )
    assert p.item.deadline is not None
    assert p.item.deadline.due == due
    p.steps(
        [
            acknowledged("W-1", at(2024, 9, 27, 10)),
            feedback("W-1", at(2024, 10, 9, 8)),
            returned("W-1", at(2024, 10, 9, 10)),
        ]
    )
    assert p.item.deadline is not None
    assert p.item.deadline.due == rework_due


def test_received_on_may_not_precede_the_drafting_day() -> None:
    p = Procedure("D-1")
    p.steps([drafted("D-1", at(2024, 9, 26)), registered("D-1", at(2024, 9, 26, 10))])
    p.refuse(assigned("D-1", at(2024, 9, 27), date(2024, 9, 25)), RuleViolation)
    item = p.step(assigned("D-1", at(2024, 9, 27), date(2024, 9, 26)))  # the same day is fine
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 8)  # 5日 from 09-26 ends 10-01 (国庆节)


# ==============================================================================================
# S2-2.1: satisfaction is evaluated for deputies' suggestions only
# ==============================================================================================


@pytest.mark.parametrize("category", [c for c in Category if c is not Category.DEPUTY_PROPOSAL])
def test_evaluation_only_for_deputy_proposals(category: Category) -> None:
    p = _assign(category, date(2024, 9, 27), stipulated=date(2024, 10, 31))
    p.steps([acknowledged("D-1", at(2024, 9, 27, 9)), feedback("D-1", at(2024, 9, 27, 17))])
    p.refuse(evaluated("D-1", at(2024, 9, 28)), RuleViolation)


@pytest.mark.parametrize("satisfaction", list(Satisfaction))
@pytest.mark.parametrize("outcome", list(Outcome))
def test_deputy_proposal_evaluation_is_recorded(satisfaction: Satisfaction, outcome: Outcome) -> None:
    ledger = ledger_in(State.CLOSED, category=Category.DEPUTY_PROPOSAL)
    ledger = ledger.apply(evaluated("2024-DB-001", at(2024, 10, 9), satisfaction, outcome))
    item = ledger.items["2024-DB-001"]
    assert item.evaluation is not None
    assert (item.evaluation.satisfaction, item.evaluation.outcome) == (satisfaction, outcome)
    assert item.state is State.CLOSED


# ==============================================================================================
# Cancellation and archiving
# ==============================================================================================

_BEFORE_CLOSED = [
    State.DRAFTED,
    State.REGISTERED,
    State.ASSIGNED,
    State.IN_PROGRESS,
    State.REPORTED,
    State.RETURNED,
]


@pytest.mark.parametrize("state", _BEFORE_CLOSED)
@pytest.mark.parametrize("by", [OFFICE, LEADER], ids=["office", "leader"])
def test_cancelled_from_every_state_before_closed(state: State, by: Actor) -> None:
    ledger = ledger_in(state)
    ledger = ledger.apply(cancelled("2024-DB-001", at(2024, 10, 9), by=by, reason="事项已由市级统一部署"))
    item = ledger.items["2024-DB-001"]
    assert item.state is State.CANCELLED
    assert item.cancelled_reason == "事项已由市级统一部署"
    assert not item.is_open


@pytest.mark.parametrize("state", [State.CLOSED, State.ARCHIVED, State.CANCELLED])
def test_not_cancelled_once_closed(state: State) -> None:
    ledger = ledger_in(state)
    refuse(ledger, cancelled("2024-DB-001", at(2024, 10, 9)), InvalidTransition)


@pytest.mark.parametrize("state", [s for s in State if s is not State.CLOSED])
def test_archived_only_from_closed(state: State) -> None:
    ledger = ledger_in(state)
    refuse(ledger, archived("2024-DB-001", at(2024, 10, 9)), InvalidTransition)


def test_nothing_follows_cancellation() -> None:
    ledger = ledger_in(State.CANCELLED)
    for event in (
        registered("2024-DB-001", at(2024, 10, 9)),
        urged("2024-DB-001", at(2024, 10, 9)),
        archived("2024-DB-001", at(2024, 10, 9)),
    ):
        refuse(ledger, event, InvalidTransition)


# ==============================================================================================
# Bulletins (S0-3.6, S0-6.3, S1-2.6) and rectification reports (S1-2.6, within one week)
# ==============================================================================================


@pytest.mark.parametrize("by", [OFFICE, LEADER], ids=["office", "leader"])
@pytest.mark.parametrize("level", list(BulletinLevel))
def test_bulletins_are_issued_by_the_office_or_a_leader(by: Actor, level: BulletinLevel) -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    if level is BulletinLevel.GOVERNMENT and by == OFFICE:
        # 以政府名义 is the government's act: the office alone cannot issue it (S1-2.6).
        error = refuse(ledger, bulletin("TB-1", at(2024, 10, 10), by=by, level=level), Unauthorized)
        assert error.code == "bulletin.government_needs_leader"
        return
    ledger = ledger.apply(bulletin("TB-1", at(2024, 10, 10), by=by, level=level, item_ids=("2024-DB-001",)))
    assert ledger.events[-1] == bulletin(
        "TB-1",
        at(2024, 10, 10),
        by=by,
        level=level,
        item_ids=("2024-DB-001",),
    )
    assert ledger.version == len(lifecycle("x", State.IN_PROGRESS)) + 1


@pytest.mark.parametrize("by", [LEAD_HEAD, LEAD_STAFF, CO_HEAD, OTHER_HEAD])
def test_units_do_not_issue_bulletins(by: Actor) -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    refuse(ledger, bulletin("TB-1", at(2024, 10, 10), by=by), Unauthorized)


def test_bulletin_naming_unknown_items_is_refused() -> None:
    ledger = ledger_in(State.IN_PROGRESS)
    refuse(ledger, bulletin("TB-1", at(2024, 10, 10), item_ids=("2024-DB-001", "NOPE")), RuleViolation)


def test_bulletin_ids_are_unique() -> None:
    ledger = Ledger().apply(bulletin("TB-1", at(2024, 10, 10)))
    refuse(ledger, bulletin("TB-1", at(2024, 10, 11), kind=BulletinKind.PRAISE), RuleViolation)
    refuse(ledger, bulletin("TB-1", at(2024, 10, 10)), RuleViolation)


def test_bulletin_may_name_units_without_items() -> None:
    ledger = Ledger().apply(bulletin("TB-1", at(2024, 10, 10), units=(OTHER_UNIT, CO_UNIT)))
    assert set(ledger.units) >= {OTHER_UNIT, CO_UNIT}


def _criticism(units: tuple[str, ...] = (LEAD_UNIT, CO_UNIT)) -> Ledger:
    return Ledger().apply(bulletin("TB-9", at(2024, 10, 10, 15), units=units))


def test_rectification_report_by_each_criticised_units_head_once() -> None:
    ledger = _criticism()
    ledger = ledger.apply(rectification("TB-9", at(2024, 10, 15)))
    ledger = ledger.apply(rectification("TB-9", at(2024, 10, 16), unit=CO_UNIT, by=CO_HEAD))
    assert ledger.version == 3
    refuse(ledger, rectification("TB-9", at(2024, 10, 17)), RuleViolation)  # only once per unit


@pytest.mark.parametrize(
    ("by", "unit"),
    [
        (LEAD_STAFF, LEAD_UNIT),  # the head files it, not the staff
        (CO_HEAD, LEAD_UNIT),  # not another unit's head
        (OTHER_HEAD, LEAD_UNIT),
        (OFFICE, LEAD_UNIT),
        (LEADER, LEAD_UNIT),
    ],
)
def test_rectification_report_only_by_the_criticised_units_head(by: Actor, unit: str) -> None:
    ledger = _criticism()
    refuse(ledger, rectification("TB-9", at(2024, 10, 15), unit=unit, by=by), Unauthorized)


def test_rectification_report_for_a_unit_not_criticised_is_refused() -> None:
    ledger = _criticism(units=(LEAD_UNIT,))
    refuse(ledger, rectification("TB-9", at(2024, 10, 15), unit=OTHER_UNIT, by=OTHER_HEAD), RuleViolation)


def test_rectification_report_only_for_a_criticism() -> None:
    ledger = Ledger().apply(bulletin("TB-2", at(2024, 10, 10), kind=BulletinKind.PRAISE))
    refuse(ledger, rectification("TB-2", at(2024, 10, 15)), RuleViolation)


def test_rectification_report_for_an_unknown_bulletin_is_refused() -> None:
    refuse(Ledger(), rectification("TB-404", at(2024, 10, 15)), RuleViolation)


def test_rectification_report_not_earlier_than_the_bulletin() -> None:
    ledger = _criticism()
    refuse(ledger, rectification("TB-9", at(2024, 10, 10, 14, 59)), RuleViolation)
    # The same instant written in UTC is accepted.
    ledger = ledger.apply(rectification("TB-9", datetime(2024, 10, 10, 7, 0, tzinfo=UTC)))
    assert ledger.version == 2


def test_rectification_reports_of_one_bulletin_arrive_in_order() -> None:
    """Order within one bulletin (contract §Events): a report earlier than the previous one is refused."""
    ledger = _criticism()
    ledger = ledger.apply(rectification("TB-9", at(2024, 10, 15, 10), unit=CO_UNIT, by=CO_HEAD))
    refuse(ledger, rectification("TB-9", at(2024, 10, 15, 9)), RuleViolation)
    ledger = ledger.apply(rectification("TB-9", at(2024, 10, 15, 10)))  # the same instant is fine
    assert ledger.version == 3


# ==============================================================================================
# Time: event days are China Standard Time; naive times are rejected
# ==============================================================================================


def test_a_utc_time_late_on_30_september_is_1_october_in_china() -> None:
    late_utc = datetime(2024, 9, 30, 20, 0, tzinfo=UTC)  # 2024-10-01 04:00 CST
    event = drafted("T-1", late_utc)
    assert event.day == date(2024, 10, 1)
    p = Procedure("T-1")
    item = p.step(event)
    assert item.drafted_on == date(2024, 10, 1)
    assert p.ledger.timeline("T-1")[0].day == date(2024, 10, 1)
    p.step(registered("T-1", datetime(2024, 9, 30, 21, 0, tzinfo=UTC)))
    # received_on 09-30 would be before the drafting day (10-01 in China).
    p.refuse(assigned("T-1", datetime(2024, 9, 30, 22, tzinfo=UTC), date(2024, 9, 30)), RuleViolation)
    item = p.step(assigned("T-1", datetime(2024, 9, 30, 22, tzinfo=UTC), date(2024, 10, 1)))
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 10, 8)


def test_a_stipulated_due_before_the_drafting_day_in_china_is_refused() -> None:
    late_utc = datetime(2024, 9, 30, 20, 0, tzinfo=UTC)
    refuse(
        Ledger(),
        drafted("T-1", late_utc, category=Category.MEDIA_ISSUE, stipulated_due=date(2024, 9, 30)),
        RuleViolation,
    )


def test_feedback_in_another_time_zone_is_judged_by_its_china_day() -> None:
    new_york = timezone(timedelta(hours=-4))
    # 2024-10-08 11:30 in New York is 23:30 in China: on time.
    ledger = ledger_in(State.IN_PROGRESS)
    on_time = ledger.copy().apply(feedback("2024-DB-001", datetime(2024, 10, 8, 11, 30, tzinfo=new_york)))
    assert on_time.items["2024-DB-001"].feedback_on_time is True
    # 2024-10-08 12:30 in New York is 00:30 on 10-09 in China: late.
    late = ledger.copy().apply(feedback("2024-DB-001", datetime(2024, 10, 8, 12, 30, tzinfo=new_york)))
    assert late.items["2024-DB-001"].feedback_on_time is False
    assert late.items["2024-DB-001"].feedback_on == date(2024, 10, 9)


def test_event_order_is_by_instant_not_by_wall_clock() -> None:
    """09:00 CST is 01:00 UTC: an event at 02:00 UTC comes after it, not before."""
    ledger = Ledger().apply(drafted("T-1", at(2024, 9, 26, 9)))
    ledger = ledger.apply(registered("T-1", datetime(2024, 9, 26, 2, 0, tzinfo=UTC)))
    refuse(ledger, assigned("T-1", datetime(2024, 9, 26, 1, 30, tzinfo=UTC)), RuleViolation)


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2024, 9, 26, 9, 0)
    with pytest.raises(ValidationError):
        drafted("T-1", naive)
    with pytest.raises(ValidationError):
        registered("T-1", naive)
    with pytest.raises(ValidationError):
        bulletin("TB-1", naive)
    good = drafted("T-1", at(2024, 9, 26)).model_dump(mode="json")
    good["at"] = "2024-09-26T09:00:00"
    with pytest.raises(ValidationError):
        ev.parse(good)
    ledger = Ledger()
    with pytest.raises(ValidationError):
        ledger.apply(good)
    assert ledger.version == 0
    assert len(ledger.items) == 0


def test_standard_lifecycle_dates() -> None:
    """The support module's standard item: received 2024-09-27, due 2024-10-08 (国庆节)."""
    ledger = ledger_in(State.ASSIGNED)
    item = ledger.items["2024-DB-001"]
    assert item.received_on == RECEIVED_ON
    assert item.deadline is not None
    assert item.deadline.due == DUE
    assert item.last_at == STEP_AT["Assigned"]


def test_s4_20_extension_granted_after_its_new_due_day_still_starts_before_it() -> None:
    """A grant that comes after the requested day (a slow leader) still gives a deadline that
    runs from the request, so it never ends before it starts (fuzz/property finding)."""
    from datetime import date, datetime, timedelta, timezone

    from duban_core import Actor, Category, Ledger, Role
    from duban_core.events import (
        Acknowledged,
        Assigned,
        Drafted,
        ExtensionDecided,
        ExtensionRequested,
        Registered,
    )

    cst = timezone(timedelta(hours=8))
    office = Actor(name="李明", role=Role.OFFICE)
    leader = Actor(name="张建国", role=Role.LEADER)
    staff = Actor(name="赵强", role=Role.UNIT_STAFF, unit="区住建局")

    def t(d: int) -> datetime:
        return datetime(2024, 3, d, 9, tzinfo=cst)

    ledger = Ledger.replay(
        [
            Drafted(
                item_id="X",
                at=t(1),
                by=office,
                title="事项",
                category=Category.LEADER_INSTRUCTION,
                lead_unit="区住建局",
            ),
            Registered(item_id="X", at=t(1), by=office),
            Assigned(item_id="X", at=t(1), by=office, received_on=date(2024, 3, 1)),
            Acknowledged(item_id="X", at=t(4), by=staff, handler="赵强"),
            ExtensionRequested(item_id="X", at=t(5), by=staff, new_due=date(2024, 3, 8), reason="情况特殊"),
            ExtensionDecided(item_id="X", at=t(11), by=leader, granted=True),
        ]
    )
    deadline = ledger.items["X"].deadline
    assert deadline is not None
    assert (deadline.start, deadline.due) == (date(2024, 3, 5), date(2024, 3, 8))
    assert "张建国" in deadline.explanation
