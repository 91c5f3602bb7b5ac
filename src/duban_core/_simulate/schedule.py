"""The year's plan, drawn before the first day: when each item is drafted (and of which
category), and the days the office checks on the units (通报, inspections).

Drawing every item's category and day up front keeps the year independent of ``until``: a
shorter run is a prefix of the longer one."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from duban_core.calendar import ChinaCalendar
from duban_core.categories import Category

from .draws import Draws
from .profiles import PROFILES

ONE_DAY = timedelta(days=1)

#: Which of the three post-两会 batches a deputy's suggestion comes in (S0-4.5).
_BATCH_WEIGHTS = (6, 3, 1)


class Slot(NamedTuple):
    """An item to be drafted on a day."""

    category: Category
    #: Parts it is decomposed into (分解立项, S4-17), 0 for none.
    children: int
    #: The 常务会议's number, the batch's number, -1 for an urgent weekend instruction, or 0.
    extra: int


class YearPlan(NamedTuple):
    #: The items to draft, by the day's ordinal.
    slots: dict[int, list[Slot]]
    #: The days the office looks for overdue items (criticism and praise days), in order.
    check_days: list[date]
    check_ords: list[int]
    #: Praise days (ordinal → quarter, 4 for the year-end praise).
    praise_days: dict[int, int]
    criticism_days: set[int]
    #: Inspection planning days (ordinal → month).
    inspection_days: dict[int, int]


def plan_year(draws: Draws, cal: ChinaCalendar, year: int, items: int) -> YearPlan:
    """Draw every item's category and drafting day, and fix the office's check days."""
    rng = draws.rng
    workdays = cal.workdays(date(year, 1, 1) - ONE_DAY, date(year, 12, 31))
    weekend = [d for d in (date(year, 1, 1) + ONE_DAY * i for i in range(365)) if not cal.is_workday(d)]
    # 常务会议 every other week; 纪要 issued the next working day.
    meetings = workdays[3:-1:10]
    spring = [d for d in workdays if date(year, 2, 10) <= d <= date(year, 3, 29)]
    march = [d for d in workdays if d.month == 3]
    batches = [march[min(i, len(march) - 1)] for i in (7, 11, 16)]
    later = [d for d in workdays if 4 <= d.month <= 10]
    categories = list(PROFILES)
    cum, total = [], 0.0
    for profile in PROFILES.values():
        total += profile.share
        cum.append(total)
    slots: dict[int, list[Slot]] = defaultdict(list)
    left = items
    while left > 0:
        category = rng.choices(categories, cum_weights=cum)[0]
        profile = PROFILES[category]
        arrives = profile.arrives
        extra = 0
        if arrives == "meeting":
            extra = draws.below(len(meetings))
            day = cal.add_workdays(meetings[extra], 1)
            extra += 1
        elif arrives == "spring":
            day = draws.pick(spring)
        elif arrives == "batch":
            if rng.random() < profile.in_batch:
                extra = rng.choices((1, 2, 3), weights=_BATCH_WEIGHTS)[0]
                day = batches[extra - 1]
            else:
                day = draws.pick(later)
        elif profile.on_weekend and weekend and rng.random() < profile.on_weekend:
            day, extra = draws.pick(weekend), -1
        else:
            day = draws.pick(workdays)
        children = 0
        share = profile.decomposed
        if share and left >= 3 and rng.random() < share:
            children = min(draws.ri(2, 4), left - 1)
        slots[day.toordinal()].append(Slot(category, children, extra))
        left -= 1 + children
    criticism = _criticism_days(cal, year)
    praise = _praise_days(cal, year)
    check_days = sorted(set(criticism) | {d for _, d in praise})
    return YearPlan(
        slots=slots,
        check_days=check_days,
        check_ords=[d.toordinal() for d in check_days],
        praise_days={d.toordinal(): q for q, d in praise},
        criticism_days={d.toordinal() for d in criticism},
        inspection_days=_inspection_days(cal, year),
    )


def _criticism_days(cal: ChinaCalendar, year: int) -> list[date]:
    # 每月初通报上月督办情况: the fifth working day of each month from February.
    return [cal.add_workdays(date(year, m, 1) - ONE_DAY, 5) for m in range(2, 13)]


def _praise_days(cal: ChinaCalendar, year: int) -> list[tuple[int, date]]:
    # Quarterly praise in the month after the quarter; the year-end praise before the 25th.
    days = [(q, cal.add_workdays(date(year, 3 * q + 1, 1) - ONE_DAY, 8)) for q in (1, 2, 3)]
    days.append((4, cal.add_workdays(date(year, 12, 20), 0)))
    return days


def _inspection_days(cal: ChinaCalendar, year: int) -> dict[int, int]:
    # Inspections are planned early in the month (S4-16: planned centrally, not ad hoc).
    months = (3, 4, 5, 6, 9, 10, 11)
    return {cal.add_workdays(date(year, m, 1) - ONE_DAY, 3).toordinal(): m for m in months}
