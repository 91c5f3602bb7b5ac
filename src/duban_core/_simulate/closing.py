"""办结归档, and the other ways an item ends: approved (审核办结), reported up to the leaders
(上报, S0-3.4; a 《督查专报》 for some, S4-14(13)), evaluated (满意度测评, S2-2.1), archived
(立卷归档, S4-7); or cancelled (撤销)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import date
from typing import Any

from duban_core.events import Event, Outcome, Satisfaction

from .item import CANCEL, ItemRun, Planned
from .makers import APPROVED, ARCHIVED, CANCELLED, EVALUATED, REPORTED_UP
from .texts import CANCEL_REASONS
from .world import World

#: Share of closed items archived within the simulated time.
_ARCHIVED = 0.7
_SATISFACTION = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.UNSATISFIED)
#: 当年解决、列入计划逐步解决、说明原因 (S2-2.1), most solved.
_OUTCOMES = (Outcome.SOLVED, Outcome.PLANNED, Outcome.EXPLAINED)
_OUTCOME_WEIGHTS = (55, 30, 15)


def close(world: World, run: ItemRun, day: date, *, on_time: bool) -> None:
    """``Approved`` on ``day``, counted for the praise bulletins, and what follows closing."""
    spec = run.spec
    run.put(day, APPROVED, {"by": run.office})
    counts = world.closed[(day.year * 12 + day.month - 1, spec.lead)]
    counts[0] += 1
    counts[1] += on_time
    _after_close(world, run, day)


def cancel(world: World, run: ItemRun, day: date, plan: list[Planned]) -> list[Planned]:
    """撤销 on ``day`` (by the office or the leader in charge): what was planned for later
    does not happen."""
    plan = [p for p in plan if p.day < day]
    leader = world.leaders[world.in_charge[run.spec.lead]]
    canceller = run.office if world.rnd() < 0.6 else leader
    reason = world.pick(CANCEL_REASONS)
    plan.append(Planned(day, CANCEL, CANCELLED, {"by": canceller, "reason": reason}))
    return plan


def _after_close(world: World, run: ItemRun, closed: date) -> None:
    rng, cal = world.rng, world.cal
    item_id, office = run.spec.item_id, run.office
    day = closed

    def put(day: date, make: Callable[..., Event], fields: dict[str, Any]) -> None:
        minute = 17 * 60 + 30 + world.ri(0, 60)  # on a later day than the closing
        at = world.at(day, minute)
        world.put(day, at, make(item_id=item_id, at=at, by=office, **fields))

    # 上报 (S0-3.4) about one item in four, a 《督查专报》 (S4-14(13)) for a third of those,
    # the working day after closing. Chosen from the id, not the generator, so the rest
    # of the simulated year is the same with or without it.
    pick = zlib.crc32(item_id.encode())
    if pick % 4 == 0:
        up = cal.add_workdays(closed, 1)
        at = world.at(up, 17 * 60 + 15)
        world.put(
            up,
            at,
            REPORTED_UP(
                item_id=item_id,
                at=at,
                by=office,
                summary="办理情况经审核与督查事项要求相符，报请领导审阅",
                special_report=pick % 3 == 0,
            ),
        )
    if run.profile.evaluated:  # 满意度测评 (S2-2.1): a reliable unit's answers satisfy more
        satisfied = 0.6 + 0.35 * run.rel
        satisfaction = rng.choices(
            _SATISFACTION, weights=(satisfied, (1 - satisfied) * 0.65, (1 - satisfied) * 0.35)
        )[0]
        outcome = rng.choices(_OUTCOMES, weights=_OUTCOME_WEIGHTS)[0]
        day = cal.add_workdays(day, world.ri(3, 20))
        put(day, EVALUATED, {"satisfaction": satisfaction, "outcome": outcome})
    if rng.random() < _ARCHIVED:  # 立卷归档 (S4-7)
        put(cal.add_workdays(day, world.ri(5, 30)), ARCHIVED, {})
