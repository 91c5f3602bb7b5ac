"""Builders for the workflow tests: the people of the procedure, one builder per step, and
ledgers holding an item in any state — so that the tests read like the procedure itself
(S0-3 立项通知→单位承办→检查督办→结果反馈→审查→追踪督办→通报; S2-1.6; S4-7).

Only the public API is used: ``duban_core``, ``duban_core.events`` and the ledger's documented
views. Every builder takes the item id and the time of the step; the defaults are the
ordinary case (the office drafts, the lead unit's staff member reports, its head signs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from duban_core import Actor, Category, DubanError, Item, Ledger, Role, RuleSet, State
from duban_core.district import PEOPLE, UNIT_NAMES
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Cancelled,
    DeadlineRevised,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    Outcome,
    ProgressReported,
    RectificationReported,
    Registered,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
)

#: China Standard Time, written out here so the tests do not lean on the library's clock.
CST = timezone(timedelta(hours=8), "CST")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A time in China Standard Time (the day of an event is its CST day)."""
    return datetime(year, month, day, hour, minute, tzinfo=CST)


# -- the people of the procedure ----------------------------------------------------------------

# Names from the library's example district (duban_core.district), shared with the simulator
# and the strategies.
LEAD_UNIT = UNIT_NAMES[1]  # 区住建局, 主办（牵头）单位
CO_UNIT = UNIT_NAMES[4]  # 区交通运输局, 协办单位 (S4-20(一))
OTHER_UNIT = UNIT_NAMES[2]  # 区教育局, a unit with nothing to do with the item

_OFFICE, _LEADER, _LEAD_HEAD, _LEAD_STAFF, _CO_HEAD, _CO_STAFF, _OTHER_HEAD, _OTHER_STAFF = PEOPLE
OFFICE = Actor(name=_OFFICE, role=Role.OFFICE)  # 李明, 区政府督查室
LEADER = Actor(name=_LEADER, role=Role.LEADER)  # 张建国, 分管副区长
LEAD_HEAD = Actor(name=_LEAD_HEAD, role=Role.UNIT_HEAD, unit=LEAD_UNIT)  # 王芳, 主要负责人, signs (S0-3.4)
LEAD_STAFF = Actor(name=_LEAD_STAFF, role=Role.UNIT_STAFF, unit=LEAD_UNIT)  # 赵强, 经办人
CO_HEAD = Actor(name=_CO_HEAD, role=Role.UNIT_HEAD, unit=CO_UNIT)  # 孙丽
CO_STAFF = Actor(name=_CO_STAFF, role=Role.UNIT_STAFF, unit=CO_UNIT)  # 周杰
OTHER_HEAD = Actor(name=_OTHER_HEAD, role=Role.UNIT_HEAD, unit=OTHER_UNIT)  # 吴刚
OTHER_STAFF = Actor(name=_OTHER_STAFF, role=Role.UNIT_STAFF, unit=OTHER_UNIT)  # 郑敏

#: Everyone, by a short name used in test ids.
ACTORS: dict[str, Actor] = {
    "office": OFFICE,
    "leader": LEADER,
    "lead_head": LEAD_HEAD,
    "lead_staff": LEAD_STAFF,
    "co_head": CO_HEAD,
    "co_staff": CO_STAFF,
    "other_head": OTHER_HEAD,
    "other_staff": OTHER_STAFF,
}


# -- one builder per step -----------------------------------------------------------------------


def drafted(
    item_id: str,
    when: datetime,
    *,
    by: Actor = OFFICE,
    title: str = "落实区政府领导关于老旧小区改造的批示",
    category: Category = Category.LEADER_INSTRUCTION,
    lead_unit: str = LEAD_UNIT,
    co_units: tuple[str, ...] = (CO_UNIT,),
    urgent: bool = False,
    stipulated_due: date | None = None,
    parent_id: str | None = None,
    project: bool = False,
    source: str | None = None,
) -> Drafted:
    """拟办 (S0-3.1 提出拟办意见; S2-1.6; S4-7(一) 拟办送审)."""
    return Drafted(
        item_id=item_id,
        at=when,
        by=by,
        title=title,
        category=category,
        lead_unit=lead_unit,
        co_units=co_units,
        urgent=urgent,
        stipulated_due=stipulated_due,
        parent_id=parent_id,
        project=project,
        source=source,
    )


def registered(item_id: str, when: datetime, *, by: Actor = OFFICE) -> Registered:
    """立项 (S2-1.6; S4-7(二) 立项下达)."""
    return Registered(item_id=item_id, at=when, by=by)


def assigned(
    item_id: str, when: datetime, received_on: date | None = None, *, by: Actor = OFFICE
) -> Assigned:
    """交办 (S0-3.1 通知有关单位办理); the unit receives it on ``received_on`` (default: the
    CST day of ``when``)."""
    received = received_on if received_on is not None else when.astimezone(CST).date()
    return Assigned(item_id=item_id, at=when, by=by, received_on=received)


def acknowledged(
    item_id: str, when: datetime, *, by: Actor = LEAD_STAFF, handler: str = "赵强"
) -> Acknowledged:
    """签收: the lead unit names who handles it (S0-3.2 明确办理人员)."""
    return Acknowledged(item_id=item_id, at=when, by=by, handler=handler)


def urged(item_id: str, when: datetime, *, by: Actor = OFFICE, method: str = "电话催办") -> Urged:
    """催办 (S0-3.3, S0-5.1)."""
    return Urged(item_id=item_id, at=when, by=by, method=method)


def progress(
    item_id: str,
    when: datetime,
    *,
    by: Actor = LEAD_STAFF,
    summary: str = "已完成现场摸排，正在制定改造方案",
    percent_complete: float | None = None,
    investment_done: Decimal | None = None,
    work_done: str | None = None,
) -> ProgressReported:
    """进展 (S0-4.2; S4-20(一) 主办、协办单位)."""
    return ProgressReported(
        item_id=item_id,
        at=when,
        by=by,
        summary=summary,
        percent_complete=percent_complete,
        investment_done=investment_done,
        work_done=work_done,
    )


def feedback(
    item_id: str,
    when: datetime,
    *,
    by: Actor = LEAD_STAFF,
    signed_by: Actor = LEAD_HEAD,
    summary: str = "批示事项已办理完毕，书面报告经单位主要负责人签发",
    percent_complete: float | None = None,
    investment_done: Decimal | None = None,
    work_done: str | None = None,
) -> FeedbackSubmitted:
    """结果反馈: the written report signed by the lead unit's head (S0-3.4)."""
    return FeedbackSubmitted(
        item_id=item_id,
        at=when,
        by=by,
        signed_by=signed_by,
        summary=summary,
        percent_complete=percent_complete,
        investment_done=investment_done,
        work_done=work_done,
    )


def approved(item_id: str, when: datetime, *, by: Actor = OFFICE) -> Approved:
    """审核办结: 经审查与督查事项要求相符 (S0-3.4; S4-7(四) 审核报结)."""
    return Approved(item_id=item_id, at=when, by=by)


def returned(
    item_id: str,
    when: datetime,
    kind: ReturnKind = ReturnKind.REDO,
    *,
    by: Actor = OFFICE,
    reason: str = "经审查与督查事项要求不相符，发出《重新办理通知》",
) -> Returned:
    """退回 (S0-3.4 重新办理; S0-3.5 领导批示再督查; S4-7(三) 补办或重新办理)."""
    return Returned(item_id=item_id, at=when, by=by, kind=kind, reason=reason)


def extension_requested(
    item_id: str,
    when: datetime,
    new_due: date,
    *,
    by: Actor = LEAD_STAFF,
    reason: str = "涉及多个部门协调，需延长办理时间；已完成方案制定",
) -> ExtensionRequested:
    """申请延期: in writing, with reasons, before the deadline (S0-4.6, S4-20(二))."""
    return ExtensionRequested(item_id=item_id, at=when, by=by, new_due=new_due, reason=reason)


def extension_decided(
    item_id: str, when: datetime, granted: bool = True, *, by: Actor = LEADER
) -> ExtensionDecided:
    """延期审批 by the responsible leader (S0-4.6, S0-6.2)."""
    return ExtensionDecided(item_id=item_id, at=when, by=by, granted=granted)


def evaluated(
    item_id: str,
    when: datetime,
    satisfaction: Satisfaction = Satisfaction.SATISFIED,
    outcome: Outcome = Outcome.SOLVED,
    *,
    by: Actor = OFFICE,
) -> Evaluated:
    """满意度测评 of a deputy's suggestion (S2-2.1)."""
    return Evaluated(item_id=item_id, at=when, by=by, satisfaction=satisfaction, outcome=outcome)


def archived(item_id: str, when: datetime, *, by: Actor = OFFICE) -> Archived:
    """归档 (S2-1.6; S4-7(五) 立卷归档)."""
    return Archived(item_id=item_id, at=when, by=by)


def cancelled(
    item_id: str, when: datetime, *, by: Actor = OFFICE, reason: str = "上级已另行部署，撤销本事项"
) -> Cancelled:
    """撤销."""
    return Cancelled(item_id=item_id, at=when, by=by, reason=reason)


def deadline_revised(
    item_id: str,
    when: datetime,
    due: date,
    *,
    by: Actor = OFFICE,
    reason: str = "国务院办公厅公布新的放假安排，重新计算期限",
) -> DeadlineRevised:
    """期限调整 after a newer holiday schedule."""
    return DeadlineRevised(item_id=item_id, at=when, by=by, due=due, reason=reason)


def bulletin(
    bulletin_id: str,
    when: datetime,
    *,
    kind: BulletinKind = BulletinKind.CRITICISM,
    level: BulletinLevel = BulletinLevel.OFFICE,
    units: tuple[str, ...] = (LEAD_UNIT,),
    item_ids: tuple[str, ...] = (),
    by: Actor = OFFICE,
    reason: str = "未按规定时限办结督查事项",
) -> BulletinIssued:
    """督查通报 (S0-3.6, S0-6.3, S1-2.6)."""
    return BulletinIssued(
        bulletin_id=bulletin_id,
        at=when,
        by=by,
        kind=kind,
        level=level,
        units=units,
        item_ids=item_ids,
        reason=reason,
    )


def rectification(
    bulletin_id: str, when: datetime, *, unit: str = LEAD_UNIT, by: Actor = LEAD_HEAD
) -> RectificationReported:
    """整改报告 within one week of a criticism (S1-2.6)."""
    return RectificationReported(bulletin_id=bulletin_id, at=when, by=by, unit=unit)


# -- the standard lifecycle ---------------------------------------------------------------------
#
# A 领导批示 (5日, S0-4.4) drafted on Thursday 2024-09-26 and received on Friday 2024-09-27:
# the fifth day, 2024-10-02, falls in 国庆节 (10-01..10-07), so the item is due Tuesday
# 2024-10-08 (民法典 第二百零三条). The report comes back on 2024-09-30, on time.

#: When each step of the standard lifecycle happens.
STEP_AT: dict[str, datetime] = {
    "Drafted": at(2024, 9, 26, 9),
    "Registered": at(2024, 9, 26, 15),
    "Assigned": at(2024, 9, 27, 9),
    "Acknowledged": at(2024, 9, 27, 14),
    "FeedbackSubmitted": at(2024, 9, 30, 10),
    "Returned": at(2024, 9, 30, 15),
    "Approved": at(2024, 9, 30, 16),
    "Archived": at(2024, 10, 8, 9),
    "Cancelled": at(2024, 9, 26, 11),
}
RECEIVED_ON = date(2024, 9, 27)
DUE = date(2024, 10, 8)  # 5日 from 2024-09-27, rolled over 国庆节
#: A 重新办理 round returned on 2024-09-30: its fifth day 10-05 is in 国庆节 → 10-08.
REWORK_DUE = date(2024, 10, 8)

_PATH: dict[State, tuple[str, ...]] = {
    State.DRAFTED: ("Drafted",),
    State.REGISTERED: ("Drafted", "Registered"),
    State.ASSIGNED: ("Drafted", "Registered", "Assigned"),
    State.IN_PROGRESS: ("Drafted", "Registered", "Assigned", "Acknowledged"),
    State.REPORTED: ("Drafted", "Registered", "Assigned", "Acknowledged", "FeedbackSubmitted"),
    State.RETURNED: (
        "Drafted",
        "Registered",
        "Assigned",
        "Acknowledged",
        "FeedbackSubmitted",
        "Returned",
    ),
    State.CLOSED: (
        "Drafted",
        "Registered",
        "Assigned",
        "Acknowledged",
        "FeedbackSubmitted",
        "Approved",
    ),
    State.ARCHIVED: (
        "Drafted",
        "Registered",
        "Assigned",
        "Acknowledged",
        "FeedbackSubmitted",
        "Approved",
        "Archived",
    ),
    State.CANCELLED: ("Drafted", "Cancelled"),
}


def lifecycle(
    item_id: str,
    until: State,
    *,
    category: Category = Category.LEADER_INSTRUCTION,
    urgent: bool = False,
    stipulated_due: date | None = None,
    project: bool = False,
    parent_id: str | None = None,
) -> list[Event]:
    """The events that take a new item to ``until`` by the ordinary procedure (times: :data:`STEP_AT`)."""
    out: list[Event] = []
    for step in _PATH[until]:
        when = STEP_AT[step]
        if step == "Drafted":
            out.append(
                drafted(
                    item_id,
                    when,
                    category=category,
                    urgent=urgent,
                    stipulated_due=stipulated_due,
                    project=project,
                    parent_id=parent_id,
                )
            )
        elif step == "Registered":
            out.append(registered(item_id, when))
        elif step == "Assigned":
            out.append(assigned(item_id, when, RECEIVED_ON))
        elif step == "Acknowledged":
            out.append(acknowledged(item_id, when))
        elif step == "FeedbackSubmitted":
            out.append(
                feedback(
                    item_id,
                    when,
                    percent_complete=100.0 if project else None,
                    investment_done=Decimal("1250.5") if project else None,
                )
            )
        elif step == "Returned":
            out.append(returned(item_id, when))
        elif step == "Approved":
            out.append(approved(item_id, when))
        elif step == "Archived":
            out.append(archived(item_id, when))
        else:
            out.append(cancelled(item_id, when))
    return out


def apply_all(ledger: Ledger, events: Iterable[Event]) -> Ledger:
    """``ledger`` with ``events`` applied one by one (always using the returned ledger)."""
    for event in events:
        ledger = ledger.apply(event)
    return ledger


def ledger_in(
    state: State,
    item_id: str = "2024-DB-001",
    *,
    category: Category = Category.LEADER_INSTRUCTION,
    rules: RuleSet | None = None,
    project: bool = False,
) -> Ledger:
    """A ledger holding one item, ``item_id``, in ``state``."""
    ledger = apply_all(Ledger(rules), lifecycle(item_id, state, category=category, project=project))
    assert ledger.items[item_id].state is state
    return ledger


# -- refusals -----------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """What a ledger looked like before an event was offered to it."""

    copy: Ledger
    version: int
    events: list[Event]
    items: dict[str, Item]
    item_versions: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, ledger: Ledger) -> Snapshot:
        items = dict(ledger.items)
        return cls(
            copy=ledger.copy(),
            version=ledger.version,
            events=list(ledger.events),
            items=items,
            item_versions={item_id: item.version for item_id, item in items.items()},
        )

    def assert_unchanged(self, ledger: Ledger) -> None:
        assert ledger == self.copy
        assert ledger.version == self.version
        assert list(ledger.events) == self.events
        assert dict(ledger.items) == self.items
        assert {i: item.version for i, item in ledger.items.items()} == self.item_versions
        assert {i: item.history for i, item in ledger.items.items()} == {
            i: item.history for i, item in self.items.items()
        }


def refuse(
    ledger: Ledger,
    event: Event,
    error: type[DubanError],
    *,
    expected_version: int | None = None,
    match: str | None = None,
) -> DubanError:
    """Assert that ``event`` is refused with ``error`` and that the ledger did not change."""
    before = Snapshot.of(ledger)
    with pytest.raises(error, match=match) as caught:
        ledger.apply(event, expected_version=expected_version)
    before.assert_unchanged(ledger)
    return caught.value


# -- one item walked through the procedure ------------------------------------------------------


class Procedure:
    """One item walked through the procedure on a ledger, step by step.

    Each step applies one event (built with the builders above, ``by`` overridable) and
    returns the item as the ledger now has it; :meth:`refuse` checks a refusal.
    """

    def __init__(self, item_id: str, ledger: Ledger | None = None, rules: RuleSet | None = None) -> None:
        self.item_id = item_id
        self.ledger = ledger if ledger is not None else Ledger(rules)

    @property
    def item(self) -> Item:
        return self.ledger.items[self.item_id]

    def step(self, event: Event) -> Item:
        self.ledger = self.ledger.apply(event)
        return self.item

    def steps(self, events: Sequence[Event]) -> Item:
        for event in events:
            self.step(event)
        return self.item

    def refuse(self, event: Event, error: type[DubanError], *, match: str | None = None) -> DubanError:
        return refuse(self.ledger, event, error, match=match)
