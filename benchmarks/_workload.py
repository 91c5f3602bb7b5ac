"""A realistic, deterministic event log for the workflow benchmarks.

Each item walks the ordinary lifecycle with one rework round (S0-3, S2-1.6, S4-7)::

    Drafted → Registered → Assigned → Acknowledged → Urged → FeedbackSubmitted
            → Returned (重新办理) → FeedbackSubmitted → Approved → Archived

ten events, over about three weeks, in one of 40 district units, in one of the five
categories with a rule-given deadline. Items start on working days spread over 2020 … 2025
and their events are interleaved in time order, as a real log is.

:func:`lifecycle_log` gives the events as a host builds them (``fresh``: ``Assigned`` and
``Returned`` without ``due``, so the ledger computes each deadline) or as a stored log holds
them (the ledger's own ``events``, with ``due`` recorded).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from functools import cache

from duban_core import Actor, Category, ChinaCalendar, Ledger, Role
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    Drafted,
    Event,
    FeedbackSubmitted,
    Registered,
    Returned,
    ReturnKind,
    Urged,
)

__all__ = ["EVENTS_PER_ITEM", "UNITS", "lifecycle_log", "stored_log"]

CST = timezone(timedelta(hours=8))
EVENTS_PER_ITEM = 10
UNITS = tuple(
    f"区{name}"
    for name in [
        "发改局",
        "教育局",
        "科技局",
        "工信局",
        "公安分局",
        "民政局",
        "司法局",
        "财政局",
        "人社局",
        "自然资源分局",
        "生态环境分局",
        "住建局",
        "交通局",
        "水务局",
        "农业农村局",
        "商务局",
        "文旅局",
        "卫健委",
        "退役军人局",
        "应急局",
        "审计局",
        "国资委",
        "市场监管局",
        "统计局",
        "医保局",
        "城管局",
        "信访局",
        "数据局",
        "林业局",
        "体育局",
        "民宗局",
        "粮储局",
        "人防办",
        "机关事务局",
        "融媒体中心",
        "供销社",
        "残联",
        "团委",
        "妇联",
        "科协",
    ]
)
_CATEGORIES = (
    Category.LEADER_INSTRUCTION,
    Category.LEADER_INSTRUCTION,
    Category.SUPERIOR_DECISION,
    Category.MEETING_DECISION,
    Category.DEPUTY_PROPOSAL,
    Category.WORK_REPORT_TASK,
)
_OFFICE = Actor(name="李明", role=Role.OFFICE)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "芳强伟敏静磊洋勇军杰娟涛明超秀霞平刚桂英"


def _people(unit: int) -> tuple[Actor, Actor]:
    """The head (主要负责人) and a staff member (经办人) of unit number ``unit``."""
    head = _SURNAMES[unit % 20] + _GIVEN[(unit * 7) % 20]
    staff = _SURNAMES[(unit * 3 + 1) % 20] + _GIVEN[(unit * 11 + 5) % 20]
    name = UNITS[unit]
    return (
        Actor(name=head, role=Role.UNIT_HEAD, unit=name),
        Actor(name=staff, role=Role.UNIT_STAFF, unit=name),
    )


def _workdays() -> list[date]:
    cal = ChinaCalendar()
    d, last, days = date(2020, 1, 2), date(2025, 11, 28), []
    while d <= last:
        if cal.is_workday(d):
            days.append(d)
        d += timedelta(1)
    return days


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CST)


def lifecycle_log(n_items: int, seed: int) -> list[Event]:
    """The fresh log of ``n_items`` items (``Assigned``/``Returned`` without ``due``), in
    time order. Every event is built with validation, as a host would."""
    rng = random.Random(seed)
    people = [_people(u) for u in range(len(UNITS))]
    starts = _workdays()
    timed: list[tuple[datetime, int, Event]] = []
    for j in range(n_items):
        item_id = f"DB-{j:07d}"
        unit = rng.randrange(len(UNITS))
        head, staff = people[unit]
        co = UNITS[(unit + 1 + rng.randrange(len(UNITS) - 1)) % len(UNITS)]
        d0 = starts[rng.randrange(len(starts))]
        h = rng.randrange(9, 16)
        step = [d0 + timedelta(days=k) for k in (0, 0, 1, 2, 5, 6, 8, 12, 13, 15)]
        category = _CATEGORIES[j % len(_CATEGORIES)]
        events: list[Event] = [
            Drafted(
                item_id=item_id,
                at=_at(step[0], h, 0),
                by=_OFFICE,
                title=f"落实区政府第{j % 97 + 1}次常务会议议定事项",
                category=category,
                lead_unit=UNITS[unit],
                co_units=(co,),
                source="区政府常务会议纪要",
            ),
            Registered(item_id=item_id, at=_at(step[1], h, 30), by=_OFFICE),
            Assigned(item_id=item_id, at=_at(step[2], h, 0), by=_OFFICE, received_on=step[2]),
            Acknowledged(item_id=item_id, at=_at(step[3], h, 10), by=staff, handler=staff.name),
            Urged(item_id=item_id, at=_at(step[4], h, 20), by=_OFFICE, method="电话催办"),
            FeedbackSubmitted(
                item_id=item_id,
                at=_at(step[5], h, 0),
                by=staff,
                signed_by=head,
                summary="已按要求完成整改，形成书面报告",
                percent_complete=90.0,
            ),
            Returned(
                item_id=item_id,
                at=_at(step[6], h, 0),
                by=_OFFICE,
                kind=ReturnKind.REDO,
                reason="反馈内容与交办要求不符，请重新办理",
            ),
            FeedbackSubmitted(
                item_id=item_id,
                at=_at(step[7], h, 0),
                by=staff,
                signed_by=head,
                summary="已重新办理完毕，附佐证材料",
                percent_complete=100.0,
            ),
            Approved(item_id=item_id, at=_at(step[8], h, 0), by=_OFFICE),
            Archived(item_id=item_id, at=_at(step[9], h, 0), by=_OFFICE),
        ]
        timed += ((e.at, j, e) for e in events)
    timed.sort(key=lambda t: (t[0], t[1]))  # stable within an item: its events stay in order
    return [e for _, _, e in timed]


def stored_log(fresh: list[Event]) -> list[Event]:
    """The log as stored after a replay: the ledger's events, with every ``due`` recorded."""
    return list(Ledger.replay(fresh).events)


@cache
def cached_logs(n_items: int, seed: int) -> tuple[tuple[Event, ...], tuple[Event, ...]]:
    """``(fresh, stored)`` logs, built once per process for sections that share them."""
    fresh = lifecycle_log(n_items, seed)
    return tuple(fresh), tuple(stored_log(fresh))
