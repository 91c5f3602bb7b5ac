"""通报 (S0-6.3, S1-2.6): early each month, criticism of the units with items overdue more
than five working days (serious cases in the government's name); quarterly praise of units
that closed their items on time, and a year-end praise in the government's name. Criticised
units file 整改报告 within a week (S1-2.6) — or late, or never.

Drawn from the office's records of the year so far (``World.overdue``, ``World.closed``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from duban_core.actors import Actor
from duban_core.events import BulletinKind, BulletinLevel

from .makers import BULLETIN, RECTIFIED
from .world import World

#: Criticism: items overdue by at least this many working days are named in a bulletin.
CRITICISE_AFTER = 5
#: Serious cases (criticised in the government's name, S1-2.6): overdue this long, or a unit
#: already criticised three times this year.
SERIOUS_AFTER = 40


def _bulletin_id(world: World) -> str:
    world.bulletin_no += 1
    return f"督查通报〔{world.year}〕{world.bulletin_no}号"


def criticise(world: World, day: date) -> None:
    """每月初通报: the (at most four) units with the most items overdue by
    :data:`CRITICISE_AFTER` working days or more, each item named at most twice; a serious
    case alone, in the government's name (S1-2.6), the others together by the office."""
    late: dict[str, list[tuple[int, str]]] = defaultdict(list)
    named = world.named
    for unit, item_id, workdays in world.overdue.get(day.toordinal(), ()):
        if workdays >= CRITICISE_AFTER and named.get(item_id, 0) < 2:
            late[unit].append((workdays, item_id))
    if not late:
        return
    ranked = sorted(late, key=lambda u: (-len(late[u]), -max(late[u])[0], u))[:4]
    ordinary: list[str] = []
    minute = [15 * 60]
    for unit in ranked:
        worst = sorted(late[unit], reverse=True)
        if worst[0][0] >= SERIOUS_AFTER or len(world.criticised[unit]) >= 3:
            ids = tuple(item_id for _, item_id in worst[:5])
            reason = (
                f"截至{day.month}月{day.day}日，{unit}承办的{len(worst)}件督查事项超过办理时限未办结，"
                f"最长逾期{worst[0][0]}个工作日；经区政府同意，以区政府名义通报批评（S1-2.6），"
                "扣减政令畅通目标分（S0-6.3），请于一周内书面报送整改报告"
            )
            _issue(
                world, day, minute, BulletinKind.CRITICISM, BulletinLevel.GOVERNMENT, (unit,), ids, reason, 0
            )
        else:
            ordinary.append(unit)
    if ordinary:
        ids = tuple(item_id for unit in ordinary for _, item_id in sorted(late[unit], reverse=True)[:3])
        names = "、".join(ordinary)
        reason = (
            f"截至{day.month}月{day.day}日，{names}承办的督查事项超过办理时限{CRITICISE_AFTER}个工作日以上"
            "仍未办结反馈，予以通报批评（S0-6.3、S1-2.6），请被通报单位于一周内书面报送整改报告"
        )
        office = world.office[world.below(len(world.office))]
        _issue(
            world,
            day,
            minute,
            BulletinKind.CRITICISM,
            BulletinLevel.OFFICE,
            tuple(ordinary),
            ids,
            reason,
            office,
        )


def praise(world: World, day: date, quarter: int) -> None:
    """通报表扬 (S0-6.3): up to three units that closed at least three items in the quarter
    (the year's first eleven months for the year-end praise), nine in ten of them on time,
    with nothing overdue now and no criticism since the period began."""
    year = world.year
    months = range(3 * (quarter - 1), 3 * quarter) if quarter < 4 else range(11)
    since = date(year, 3 * quarter - 2, 1) if quarter < 4 else date(year, 1, 1)
    overdue_now = {unit for unit, _, _ in world.overdue.get(day.toordinal(), ())}
    scores = []
    for unit in world.unit_names:
        closed = on_time = 0
        for m in months:
            counts = world.closed.get((year * 12 + m, unit))
            if counts:
                closed += counts[0]
                on_time += counts[1]
        if closed < 3 or unit in overdue_now:
            continue
        if any(d >= since for d in world.criticised[unit]):
            continue
        rate = on_time / closed
        if rate >= 0.9:
            scores.append((-rate, -closed, unit, on_time, closed))
    scores.sort()
    chosen = scores[:3]
    if not chosen:
        return
    units = tuple(s[2] for s in chosen)
    details = "；".join(f"{s[2]}办结{s[4]}件，按时办结{s[3]}件" for s in chosen)
    minute = [16 * 60]
    if quarter < 4:
        reason = (
            f"{year}年第{quarter}季度督查事项办理情况：{details}，办理及时、质量较高，予以通报表扬（S0-6.3）"
        )
        office = world.office[world.below(len(world.office))]
        _issue(world, day, minute, BulletinKind.PRAISE, BulletinLevel.OFFICE, units, (), reason, office)
    else:
        reason = f"{year}年1至11月督查事项办理情况：{details}，全年无逾期被通报情况，经区政府同意予以通报表扬（S0-6.3）"
        _issue(world, day, minute, BulletinKind.PRAISE, BulletinLevel.GOVERNMENT, units, (), reason, 0)


def _issue(
    world: World,
    day: date,
    minute: list[int],
    kind: BulletinKind,
    level: BulletinLevel,
    units: tuple[str, ...],
    item_ids: tuple[str, ...],
    reason: str,
    by: Actor | int,
) -> None:
    """Issue a bulletin (``by``: an office clerk, or a leader's index for the government's
    name); for a criticism, each named unit's 整改报告 — within the week (S1-2.6), late, or
    never, as its reliability has it."""
    rng, cal = world.rng, world.cal
    bulletin_id = _bulletin_id(world)
    actor = world.leaders[by] if isinstance(by, int) else by
    at = world.at(day, minute[0])
    minute[0] += 10
    world.put(
        day,
        at,
        BULLETIN(
            bulletin_id=bulletin_id,
            at=at,
            by=actor,
            kind=kind,
            level=level,
            units=units,
            item_ids=item_ids,
            reason=reason,
        ),
    )
    if kind is not BulletinKind.CRITICISM:
        return
    for item_id in item_ids:
        world.named[item_id] = world.named.get(item_id, 0) + 1
    due = world.rules.rectification_due(day).due
    for unit in units:
        world.criticised[unit].append(day)
        rel = world.reliability[unit]
        draw = rng.random()
        if draw < 0.5 * (1 - rel):
            continue  # 整改报告缺报
        if draw < 0.5 * (1 - rel) + 0.35 * (1 - rel):
            filed = cal.roll_forward(due + timedelta(days=world.ri(1, 10)))
        else:
            filed = cal.add_workdays(day, world.ri(1, max(1, cal.workdays_between(day, due))))
            filed = min(filed, due) if filed > due else filed
        head = world.heads[unit]
        when = world.at(filed, world.ri(540, 1050))
        world.put(
            filed,
            when,
            RECTIFIED(bulletin_id=bulletin_id, at=when, by=head, unit=unit),
        )
