"""办理: the lead unit signs for the item (签收), reports progress (进展) — its co-units too —
and the office urges it (催办) before and after the due day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .item import ACK, PROGRESS, URGE, ItemRun, Planned
from .makers import ACKNOWLEDGED, URGED
from .makers import PROGRESS as PROGRESS_REPORT
from .texts import PROJECT_STAGES, URGE_METHODS
from .world import World


def acknowledge(world: World, run: ItemRun, start: date, plan: list[Planned]) -> date:
    """签收 (S0-3.2: 明确办理人员): the day the lead unit's staff sign for the item, urged by
    phone when they are slow. An unreliable unit signs a few working days late."""
    cal = world.cal
    ack_day = start
    if not run.spec.urgent and world.rnd() > run.rel:
        ack_day = cal.add_workdays(start, world.ri(1, 3))
        if ack_day > cal.add_workdays(start, 1):
            fields = {"by": run.office, "method": "电话催办：请及时签收"}
            plan.append(Planned(cal.add_workdays(start, 1), URGE, URGED, fields))
    staff = run.staff
    handler = staff[world.below(len(staff))]
    plan.append(Planned(ack_day, ACK, ACKNOWLEDGED, {"by": handler, "handler": f"{handler.name}（经办人）"}))
    return ack_day


def progress(
    world: World, run: ItemRun, plan: list[Planned], ack_day: date, due: date, feedback: date | None
) -> None:
    """Progress reports: the category's schedule (每季度末, S0-4.2; S4-23, S4-24), some missed
    or late by an unreliable unit, or one midway through a long period; a co-unit (协办单位)
    reports its part (S4-20(一))."""
    rng, cal = world.rng, world.cal
    spec, rel, staff = run.spec, run.rel, run.staff
    project = spec.project
    last = feedback if feedback is not None else cal.add_workdays(due, 40)
    days: list[date] = []
    for q in world.rules.report_dates(spec.category, ack_day, due):
        if rng.random() < 0.6 * (1 - rel):
            continue  # not filed: the office will find it missing
        if rng.random() < rel:
            days.append(cal.add_workdays(q, -world.ri(0, 2)))
        else:
            days.append(cal.add_workdays(q, world.ri(1, 6)))
    if not days and cal.workdays_between(ack_day, due) > 15 and rng.random() < 0.5:
        days.append(cal.add_workdays(ack_day, cal.workdays_between(ack_day, due) // 2))
    topic = spec.title.split("：")[-1]
    for n, day in enumerate(days, start=1):
        if day < ack_day or day >= last:
            continue
        lagging = "" if rng.random() < rel else "，部分工作滞后，正在协调解决"
        fields: dict[str, Any] = {
            "by": staff[world.below(len(staff))],
            "summary": f"第{n}次进展报告：{topic}按计划推进{lagging}",
        }
        if project is not None:  # 完成任务百分比 and 已完成投资额 (S1-2.4)
            run.percent = percent = min(95.0, round(run.percent + rng.uniform(10, 30), 1))
            fields["percent_complete"] = percent
            fields["investment_done"] = Decimal(f"{project[1] * percent / 100:.2f}")
            fields["work_done"] = PROJECT_STAGES[min(5, int(percent // 20))]
        plan.append(Planned(day, PROGRESS, PROGRESS_REPORT, fields))
    if spec.co_units and rng.random() < 0.35:
        day = cal.add_workdays(ack_day, max(1, cal.workdays_between(ack_day, due) // 2))
        if day < last:
            co = spec.co_units[world.below(len(spec.co_units))]
            fields = {"by": world.staff[co][0], "summary": f"协办单位{co}报送配合落实情况"}
            plan.append(Planned(day, PROGRESS, PROGRESS_REPORT, fields))


def urge(
    world: World,
    run: ItemRun,
    plan: list[Planned],
    start: date,
    due: date,
    feedback: date | None,
    period: int,
) -> None:
    """催办 (S0-3.3; S1-2.2 提醒、预警): a reminder before the due day for weak units, then
    ever sterner chasing once overdue, until the report comes."""
    cal, office = world.cal, run.office
    if run.rel < 0.8 and world.rnd() < 0.3 and period >= 2:
        remind = cal.add_workdays(due, -1)
        if remind >= start and (feedback is None or remind < feedback):
            method = "电话提醒：距办理时限不足2个工作日"
            plan.append(Planned(remind, URGE, URGED, {"by": office, "method": method}))
    if feedback is None or feedback > due:
        chase = cal.add_workdays(due, 1)
        step, cap = (5, 10) if feedback is None else (3, 6)
        for k in range(cap):
            if feedback is not None and chase >= feedback:
                break
            method = f"{URGE_METHODS[min(k, len(URGE_METHODS) - 1)]}（已逾期）"
            plan.append(Planned(chase, URGE, URGED, {"by": office, "method": method}))
            chase = cal.add_workdays(chase, step)
