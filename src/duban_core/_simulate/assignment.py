"""交办: the ``Assigned`` event with the rules' due day, and what the year holds for the item
from then on — cancelled later (撤销), dragged out by a weak unit (拖延), or still unanswered
at the year's end."""

from __future__ import annotations

from .item import Header, ItemRun
from .makers import ASSIGNED
from .world import World

#: Share of assigned items cancelled later, within twelve working days.
_CANCELLED = 0.02


def assign(world: World, run: ItemRun, header: Header, can_cancel: bool, blocked: bool) -> None:
    """Assign the item (S0-3.1 立项通知; S4-7(二) 通知承办单位) and draw its fate."""
    run.put(
        header.assign_day, ASSIGNED, {"by": run.office, "received_on": header.assign_day, "due": header.due}
    )
    rnd = world.rnd
    if can_cancel and rnd() < _CANCELLED:
        run.cancel_day = world.cal.add_workdays(header.assign_day, world.ri(1, 12))
    # A weak unit lets some items drag on for weeks (拖延); late in the year a few are
    # still unanswered at its end. A decomposed item's parent waits for its parts when one of
    # them stays open (``blocked``).
    run.dragging = dragging = rnd() < 0.35 * (1 - run.rel) ** 1.5
    run.stuck = blocked or (dragging and header.draft_day.month >= 9 and rnd() < 0.3)
