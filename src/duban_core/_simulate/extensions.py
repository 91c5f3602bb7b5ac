"""延期: a request filed on or before the due day, with reasons (S0-4.6, S4-20(二)), decided by
the leader in charge; a part's new due day stays inside its parent's (S4-17)."""

from __future__ import annotations

from datetime import date, timedelta

from .item import EXT_DEC, EXT_REQ, ItemRun, Planned
from .makers import EXT_DECIDED, EXT_REQUESTED
from .texts import EXTENSION_REASONS
from .world import World

#: Share of requests the leader grants.
_GRANTED = 0.78


def request(world: World, run: ItemRun, ack_day: date, due: date, plan: list[Planned]) -> tuple[date, date]:
    """Maybe ask for an extension in the first round (the category's share of items); the
    due day in force afterwards and the day of the decision (``due`` and ``ack_day`` when
    none is asked for)."""
    profile = run.profile
    if world.rnd() >= profile.extension:
        return due, ack_day
    cal, rnd = world.cal, world.rnd
    spec = run.spec
    ask = min(due, max(ack_day, cal.add_workdays(due, -world.ri(0, 2))))
    decided = ask if rnd() < 0.4 else cal.add_workdays(ask, 1)
    granted = rnd() < _GRANTED
    new_due = cal.roll_forward(due + timedelta(days=world.pick(profile.extension_days)))
    bound = world.parent_due.get(spec.parent_id) if spec.parent_id is not None else None
    if bound is not None:
        new_due = min(new_due, bound)  # within the parent's deadline (S4-17)
    fields = {"by": run.staff[0], "new_due": new_due, "reason": world.pick(EXTENSION_REASONS)}
    if new_due <= due:
        return due, ack_day  # the parent's deadline leaves no room: not asked for
    plan.append(Planned(ask, EXT_REQ, EXT_REQUESTED, fields))
    leader = world.leaders[world.in_charge[spec.lead]]
    plan.append(Planned(decided, EXT_DEC, EXT_DECIDED, {"by": leader, "granted": granted}))
    return (new_due if granted else due), decided
