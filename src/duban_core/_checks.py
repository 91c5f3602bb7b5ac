"""Argument checks shared across the library, in one home with public names.

Each returns the value in the form the library works with, or raises a
:class:`~duban_core.errors.DubanError` saying what was expected. ``check_day`` and
``check_calendar`` need a :class:`~duban_core.calendar.ChinaCalendar`; the others need
nothing but the standard library, so the calendar itself uses them.
"""

from __future__ import annotations

import operator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .errors import DubanError

if TYPE_CHECKING:
    from .calendar import ChinaCalendar

__all__ = ["check_calendar", "check_date", "check_day", "check_int"]


def check_date(value: Any, what: str = "date") -> date:
    """``value`` as a plain ``date`` (a ``date`` subclass is normalised; a ``datetime`` is
    refused: its day depends on the time zone)."""
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        raise DubanError(
            f"{what} 应为日期（datetime.date），不是带时刻的时间 {value!r}：请先取其北京时间的日期"
            "（duban_core.clock.cst_day）",
            code="input.not_a_date",
            en=f"{what} must be a datetime.date, not a datetime ({value!r}); "
            "take its day in China Standard Time first (duban_core.clock.cst_day)",
        )
    if isinstance(value, date):  # a date subclass: normalise it
        return date(value.year, value.month, value.day)
    raise DubanError(
        f"{what} 应为日期（datetime.date），收到的是 {type(value).__name__} {value!r}",
        code="input.not_a_date",
        en=f"{what} must be a datetime.date, got {type(value).__name__} {value!r}",
    )


def check_int(value: Any, what: str) -> int:
    """``value`` as an ``int`` (``bool`` refused; integer types such as ``numpy.int64`` accepted)."""
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise DubanError(
            f"{what} 应为整数，收到的是 {type(value).__name__} {value!r}",
            code="input.not_an_int",
            en=f"{what} must be an int, got {type(value).__name__} {value!r}",
        )
    return operator.index(value)


def check_calendar(calendar: Any) -> ChinaCalendar:
    """``calendar`` if it is a :class:`~duban_core.calendar.ChinaCalendar`."""
    from .calendar import ChinaCalendar  # the calendar module uses this one: import when called

    if not isinstance(calendar, ChinaCalendar):
        raise DubanError(
            f"calendar 应为工作日历（ChinaCalendar），收到的是 {type(calendar).__name__}",
            code="input.not_a_calendar",
            en=f"calendar must be a ChinaCalendar, got {type(calendar).__name__}",
        )
    return calendar


def check_day(value: Any, calendar: ChinaCalendar, what: str = "on") -> date:
    """``value`` as a plain date inside the calendar's supported range."""
    day = check_date(value, what)
    calendar.is_workday(day)  # raises CalendarRangeError outside the supported range
    return day
