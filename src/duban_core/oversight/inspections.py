"""督查活动统筹: planned inspections that visit one unit twice.

The seeds ask the office to plan inspections centrally and avoid 多头督查、重复督查
(S1-2.1 尽量减少督查次数; S4-16 督促检查活动统筹制度). Organisers file their plans
(:class:`~duban_core.events.InspectionPlanned`); these functions flag, unit by unit,

* two activities that would visit the unit on **overlapping days**, whatever their topic;
* two activities on the **same matter** — the same topic, or sharing a supervised item —
  the second starting within ``window_days`` (default :data:`REPEAT_WINDOW_DAYS`, 7)
  counted from the day the first ends: the unit is inspected again on the same matter.

Either is 重复督查 when one organiser runs both, 多头督查 when two do. They recommend;
they never refuse a plan.

**Why a week.** The seeds' densest sanctioned rhythm for re-checking one matter is weekly:
S4-24 (重大议定事项进展情况周督查) has the office check major decisions' progress once a
week. A window of seven days — the day the first activity ends and the six after it — flags
every re-inspection sooner than that rhythm, while the next week's 周督查 on the same
weekday (seven days later) falls just outside. A host that wants a wider net (a month,
say, for field visits to one unit) passes ``window_days``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from duban_core.calendar import format_day
from duban_core.clauses import cite_all
from duban_core.errors import DubanError
from duban_core.events import InspectionPlanned
from duban_core.items import Inspection
from duban_core.oversight._view import LedgerView

__all__ = ["REPEAT_WINDOW_DAYS", "InspectionConflict", "conflicts_with", "inspection_conflicts"]

#: Default window for the same matter inspected again (see the module documentation).
REPEAT_WINDOW_DAYS = 7

#: 多头督查: different organisers inspect the same unit at overlapping times.
MULTIPLE_ORGANISERS = "多头督查"
#: 重复督查: the same organiser inspects the same unit again while an activity is running.
REPEATED = "重复督查"


class InspectionConflict(NamedTuple):
    """Two planned activities that visit ``unit`` on overlapping days, or on the same
    matter within the window (``same_matter``; ``gap_days`` from the first's last day to
    the second's first, 0 or less when they overlap)."""

    unit: str
    first: Inspection
    second: Inspection
    kind: str
    reason: str
    clause: str = "S4-16"
    same_matter: bool = False
    gap_days: int = 0


def _same_matter(first: Inspection, second: Inspection) -> bool:
    return first.topic.strip() == second.topic.strip() or bool(set(first.item_ids) & set(second.item_ids))


def _conflict(unit: str, first: Inspection, second: Inspection) -> InspectionConflict:
    kind = REPEATED if first.organiser == second.organiser else MULTIPLE_ORGANISERS
    same = _same_matter(first, second)
    gap = (second.start - first.end).days
    who = (
        f"“{first.topic}”（{first.organiser}，{first.inspection_id}）和"
        f"“{second.topic}”（{second.organiser}，{second.inspection_id}）"
    )
    if gap <= 0:
        start = max(first.start, second.start)
        end = min(first.end, second.end)
        overlap = format_day(start) if start == end else f"{format_day(start)}至{format_day(end)}"
        reason = f"{unit}在{overlap}同时被{who}督查"
        if same:
            reason += "，督查的是同一事项"
    else:
        reason = (
            f"{unit}同一事项在{format_day(first.end)}督查结束后{gap}天内（{format_day(second.start)}起）"
            f"又被督查：{who}"
        )
    reason += f"，属{kind}；依据{cite_all(('S4-16', 'S1-2.1'))}，建议统筹合并或错开安排，减少督查次数"
    return InspectionConflict(unit, first, second, kind, reason, "S4-16", same, gap)


def _check_window(window_days: int) -> int:
    if isinstance(window_days, bool) or not isinstance(window_days, int) or not 1 <= window_days <= 366:
        raise DubanError(
            f"同一事项重复督查的判定窗口须为1至366天的整数，现为{window_days!r}",
            code="inspections.window",
            clause="S4-16",
            en=f"window_days must be an int from 1 to 366, got {window_days!r}",
        )
    return window_days


def _sweep(inspections: Iterable[Inspection], window_days: int) -> list[InspectionConflict]:
    by_unit: dict[str, list[Inspection]] = defaultdict(list)
    for inspection in inspections:
        for unit in inspection.units:
            by_unit[unit].append(inspection)
    out: list[InspectionConflict] = []
    for unit, plans in by_unit.items():
        plans.sort(key=lambda p: (p.start, p.end, p.inspection_id))
        recent: list[Inspection] = []
        for plan in plans:
            # Sorted by start: an earlier plan overlaps this one exactly when it has not
            # ended, and repeats its matter when it ended fewer than window_days before.
            recent = [r for r in recent if (plan.start - r.end).days < window_days]
            out.extend(
                _conflict(unit, r, plan) for r in recent if r.end >= plan.start or _same_matter(r, plan)
            )
            recent.append(plan)
    out.sort(key=lambda c: (c.unit, c.first.start, c.first.inspection_id, c.second.inspection_id))
    return out


def inspection_conflicts(
    ledger: LedgerView, *, window_days: int = REPEAT_WINDOW_DAYS
) -> list[InspectionConflict]:
    """Every pair of planned activities that visit one unit on overlapping days, or on the
    same matter (topic or item) within ``window_days`` of the first's last day, by unit."""
    return _sweep(ledger.inspections.values(), _check_window(window_days))


def conflicts_with(
    ledger: LedgerView, plan: InspectionPlanned, *, window_days: int = REPEAT_WINDOW_DAYS
) -> list[InspectionConflict]:
    """The conflicts ``plan`` would create with the activities already planned — the check
    the office makes before approving an organiser's application (S4-16 申报、审核)."""
    proposed = Inspection(
        inspection_id=plan.inspection_id,
        organiser=plan.organiser,
        topic=plan.topic,
        units=plan.units,
        start=plan.start,
        end=plan.end,
        item_ids=plan.item_ids,
        planned_on=plan.day,
        at=plan.at,
        by=plan.by,
    )
    units = set(plan.units)
    existing = [i for i in ledger.inspections.values() if units.intersection(i.units)]
    return [
        c
        for c in _sweep([*existing, proposed], _check_window(window_days))
        if proposed in (c.first, c.second)
    ]
