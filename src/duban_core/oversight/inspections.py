"""督查活动统筹: planned inspections that visit one unit at overlapping times.

The seeds ask the office to plan inspections centrally and avoid 多头督查、重复督查
(S1-2.1 尽量减少督查次数; S4-16 督促检查活动统筹制度). Organisers file their plans
(:class:`~duban_core.events.InspectionPlanned`); these functions flag every unit that two
activities would visit on overlapping days, so the office can merge or reschedule them.
They recommend; they never refuse a plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from duban_core.calendar import format_day
from duban_core.clauses import cite_all
from duban_core.events import InspectionPlanned
from duban_core.items import Inspection
from duban_core.ledger import Ledger

__all__ = ["InspectionConflict", "conflicts_with", "inspection_conflicts"]

#: 多头督查: different organisers inspect the same unit at overlapping times.
MULTIPLE_ORGANISERS = "多头督查"
#: 重复督查: the same organiser inspects the same unit again while an activity is running.
REPEATED = "重复督查"


class InspectionConflict(NamedTuple):
    """Two planned activities that visit ``unit`` on overlapping days."""

    unit: str
    first: Inspection
    second: Inspection
    kind: str
    reason: str
    clause: str = "S4-16"


def _conflict(unit: str, first: Inspection, second: Inspection) -> InspectionConflict:
    kind = REPEATED if first.organiser == second.organiser else MULTIPLE_ORGANISERS
    start = max(first.start, second.start)
    end = min(first.end, second.end)
    overlap = format_day(start) if start == end else f"{format_day(start)}至{format_day(end)}"
    reason = (
        f"{unit}在{overlap}同时被“{first.topic}”（{first.organiser}，{first.inspection_id}）和"
        f"“{second.topic}”（{second.organiser}，{second.inspection_id}）督查，属{kind}；"
        f"依据{cite_all(('S4-16', 'S1-2.1'))}，建议统筹合并或错开安排，减少督查次数"
    )
    return InspectionConflict(unit, first, second, kind, reason)


def _sweep(inspections: Iterable[Inspection]) -> list[InspectionConflict]:
    by_unit: dict[str, list[Inspection]] = defaultdict(list)
    for inspection in inspections:
        for unit in inspection.units:
            by_unit[unit].append(inspection)
    out: list[InspectionConflict] = []
    for unit, plans in by_unit.items():
        plans.sort(key=lambda p: (p.start, p.end, p.inspection_id))
        running: list[Inspection] = []
        for plan in plans:
            # Sorted by start: an earlier plan overlaps this one exactly when it has not ended.
            running = [r for r in running if r.end >= plan.start]
            out.extend(_conflict(unit, r, plan) for r in running)
            running.append(plan)
    out.sort(key=lambda c: (c.unit, c.first.start, c.first.inspection_id, c.second.inspection_id))
    return out


def inspection_conflicts(ledger: Ledger) -> list[InspectionConflict]:
    """Every pair of planned activities that visit one unit on overlapping days, by unit."""
    return _sweep(ledger.inspections.values())


def conflicts_with(ledger: Ledger, plan: InspectionPlanned) -> list[InspectionConflict]:
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
    return [c for c in _sweep([*existing, proposed]) if proposed in (c.first, c.second)]
