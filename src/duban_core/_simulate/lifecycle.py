"""An item's life, phase by phase: 拟办·立项 (``registration``), 交办 (``assignment``), then
rounds of 签收 and 办理 (``handling``), 延期 (``extensions``), 反馈与审核 (``review``) until it
is approved (``closing``), cancelled, or still open at the end; and a decomposed item, whose
parts run first (分解立项, S4-17).

Each round's own events (签收, 进展, 催办, 延期, 撤销) are planned first and placed in day
order; the report and the review follow them."""

from __future__ import annotations

from datetime import date

from . import assignment, extensions, handling, registration, review
from .closing import cancel
from .item import Header, ItemRun, Planned, Spec, plan_order
from .schedule import Slot
from .world import World

#: Share of units that sign for a returned item again (the rest carry on with it).
_SIGN_AGAIN = 0.5


def plan_slot(world: World, slot: Slot, day: date) -> None:
    """Plan the item drafted on ``day`` for ``slot`` — its parts first, if it has any."""
    spec, header = registration.new_item(world, slot, day)
    if not slot.children:
        plan_item(world, spec, header)
        return
    ends = [
        plan_item(world, part, part_header) for part, part_header in registration.parts(world, spec, header)
    ]
    blocked = any(end is None for end in ends)
    earliest = None if blocked else world.cal.add_workdays(max(e for e in ends if e is not None), 1)
    plan_item(world, spec, header, earliest=earliest, blocked=blocked, parent=True)


def plan_item(
    world: World,
    spec: Spec,
    header: Header,
    *,
    earliest: date | None = None,
    blocked: bool = False,
    parent: bool = False,
) -> date | None:
    """Plan one item's whole life; returns the day it stops being open (closed or
    cancelled), or ``None`` if it stays open."""
    run = ItemRun(world, spec, earliest)
    can_cancel = not parent  # a decomposed item's parent stays open while its parts run
    not_taken_on = registration.register(world, run, header, can_cancel)
    if not_taken_on is not None:
        return not_taken_on
    assignment.assign(world, run, header, can_cancel, blocked)
    cal, put = world.cal, run.put
    start, due = header.assign_day, header.due
    rounds = 0
    sign = True
    while True:
        plan: list[Planned] = []
        ack_day = handling.acknowledge(world, run, start, plan) if sign else start
        period = cal.workdays_between(ack_day, due)
        effective, decided = due, ack_day
        if rounds == 0 and not spec.urgent and period >= 2:
            effective, decided = extensions.request(world, run, ack_day, due, plan)
        feedback = review.feedback_day(world, run, ack_day, effective, decided, rounds)
        handling.progress(world, run, plan, ack_day, effective, feedback)
        handling.urge(world, run, plan, start, effective, feedback, period)
        cancel_day = run.cancel_day
        if cancel_day is not None:
            plan = cancel(world, run, cancel_day, plan)
        plan.sort(key=plan_order)
        for p in plan:
            put(p.day, p.make, p.fields)
        world.record_overdue(
            spec.lead, spec.item_id, effective, feedback if cancel_day is None else cancel_day
        )
        if cancel_day is not None:
            return cancel_day
        if feedback is None:
            return None
        review.report(world, run, rounds, feedback, effective)
        day, rework = review.review(world, run, rounds, feedback, effective)
        if rework is None:
            return day
        start, due = day, rework
        rounds += 1
        sign = world.rnd() < _SIGN_AGAIN
        if run.earliest is not None and run.earliest <= day:
            run.earliest = None
