"""One item on its way through the procedure: what it is (:class:`Spec`), its first days
(:class:`Header`), the events planned for it (:class:`Planned`) and its run
(:class:`ItemRun`: its people, its clock and what the year holds for it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from duban_core.actors import Actor
from duban_core.categories import Category
from duban_core.events import Event

from .profiles import PROFILES, Profile
from .world import MINUTES, World

#: The latest minute of a day an item's event is placed at (23:50).
LATEST = 23 * 60 + 50

# Order of an item's events planned for the same day.
URGE, ACK, PROGRESS, EXT_REQ, EXT_DEC, CANCEL = range(6)


class Spec(NamedTuple):
    """What the office drafts (拟办): the fields of ``Drafted``."""

    item_id: str
    category: Category
    lead: str
    co_units: tuple[str, ...]
    urgent: bool
    stipulated: date | None
    parent_id: str | None
    project: tuple[str, int] | None
    title: str
    source: str | None


class Header(NamedTuple):
    """An item's first days: drafted (拟办), registered (立项), assigned (交办); its due day."""

    draft_day: date
    reg_day: date
    assign_day: date
    due: date


class Planned(NamedTuple):
    """An event of an item planned for ``day``; ``priority`` orders the events of one day."""

    day: date
    priority: int
    make: Callable[..., Event]
    fields: dict[str, Any]


def plan_order(planned: Planned) -> tuple[date, int]:
    return planned.day, planned.priority


Put = Callable[[date, Callable[..., Event], dict[str, Any]], None]


class ItemRun:
    """An item's run through its phases: its people, its own clock (the events of one item
    never go back in time) and what its assignment decided about it."""

    __slots__ = (
        "cancel_day",
        "dragging",
        "earliest",
        "head",
        "office",
        "percent",
        "profile",
        "put",
        "rel",
        "spec",
        "staff",
        "stuck",
    )

    def __init__(self, world: World, spec: Spec, earliest: date | None) -> None:
        self.spec = spec
        self.profile: Profile = PROFILES[spec.category]
        self.rel = world.reliability[spec.lead]
        #: The office's clerk who follows the item.
        self.office: Actor = world.office[world.below(len(world.office))]
        self.staff = world.staff[spec.lead]
        self.head = world.heads[spec.lead]
        self.put: Put = _putter(world, spec.item_id)
        #: For a decomposed item's parent: no report before this day (its parts close first).
        self.earliest = earliest
        # Decided at assignment (交办): see ``assignment.assign``.
        self.cancel_day: date | None = None
        self.dragging = False
        self.stuck = False
        #: A project's percent complete as last reported.
        self.percent = 0.0


def _putter(world: World, item_id: str) -> Put:
    """The item's ``put(day, make, fields)``: places the event after the item's previous one
    (a morning time on a new day, minutes later on the same day) and plans it."""
    clock = [0, 0]  # the item's last (day ordinal, minute)
    until, bases, buckets, ri = world.until_ord, world.bases, world.buckets, world.ri

    def put(day: date, make: Callable[..., Event], fields: dict[str, Any]) -> None:
        # The hot path (ten million calls for a million items): World.at and World.put inlined.
        o = day.toordinal()
        if o == clock[0]:
            minute = min(clock[1] + ri(5, 90), LATEST)
        else:
            minute = ri(510, 690)
            clock[0] = o
        clock[1] = minute
        if o > until:
            return  # after the simulation's last day (the draws above keep later days identical)
        base = bases.get(o)
        if base is None:
            base = world.at(day, 0)
        at = base + MINUTES[minute]
        buckets[o].append((at, world.seq, make(item_id=item_id, at=at, **fields)))
        world.seq += 1

    return put
