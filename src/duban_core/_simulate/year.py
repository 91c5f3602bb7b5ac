"""The day loop: each day, the office's inspections and bulletins, then the items drafted
that day (planned to their end), then the day's planned events in time order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from duban_core.events import Event

from .bulletins import criticise, praise
from .inspections import inspect
from .lifecycle import plan_slot
from .schedule import ONE_DAY
from .world import World


def events(world: World) -> Iterator[Event]:
    """The year's events, day by day, up to ``world.until``."""
    plan = world.plan
    slots, inspections, criticisms, praises = (
        plan.slots,
        plan.inspection_days,
        plan.criticism_days,
        plan.praise_days,
    )
    buckets = world.buckets
    day = date(world.year, 1, 1)
    while day <= world.until:
        o = day.toordinal()
        # The process's garbage collector is the host's to configure: not touched here.
        if o in inspections:
            inspect(world, day, inspections[o])
        if o in criticisms:
            criticise(world, day)
        if o in praises:
            praise(world, day, praises[o])
        for slot in slots.pop(o, ()):
            plan_slot(world, slot, day)
        bucket = buckets.pop(o, None)
        if bucket:
            bucket.sort()
            for entry in bucket:
                yield entry[2]
        day += ONE_DAY
