"""Inspections (督查检查活动, S4-16): a few planned each year, two of them in May overlapping
for one unit (多头督查) so that the check (``oversight.inspections``) has something to find."""

from __future__ import annotations

from datetime import date

from .makers import INSPECTION
from .texts import INSPECTION_TOPICS, ORGANISERS
from .world import World


def inspect(world: World, day: date, month: int) -> None:
    """Plan the month's inspection (two in May, the second by another organiser visiting one
    of the same units in the same days), naming each unit's latest item."""
    rng, cal = world.rng, world.cal
    plans = 2 if month == 5 else 1
    shared: str | None = None
    window: tuple[date, date] | None = None
    for k in range(plans):
        count = min(len(world.unit_names), world.ri(2, 4))
        units = rng.sample(world.unit_names, count)
        if shared is not None and shared not in units:
            units[0] = shared
        if window is None:
            start = cal.add_workdays(day, world.ri(5, 8))
            end = cal.add_workdays(start, world.ri(1, 3))
        else:  # 多头督查: another organiser visits the same unit in the same days
            start, end = cal.add_workdays(window[0], 1), cal.add_workdays(window[1], 2)
        ids = tuple(dict.fromkeys(i for u in units for i in world.recent[u][-1:]))
        organiser = ORGANISERS[(month + k) % len(ORGANISERS)]
        topic = INSPECTION_TOPICS[(month + 3 * k) % len(INSPECTION_TOPICS)]
        at = world.at(day, 9 * 60 + 10 * k)
        world.put(
            day,
            at,
            INSPECTION(
                at=at,
                by=world.office[0],
                inspection_id=f"督查计划〔{world.year}〕{month:02d}-{k + 1}",
                organiser=organiser,
                topic=topic,
                units=tuple(units),
                start=start,
                end=end,
                item_ids=ids,
            ),
        )
        shared, window = units[0], (start, end)
