"""The China working-day calendar (工作日), precomputed.

Working days follow the State Council's annual schedules: weekends and statutory holidays
are days off, **and weekend days that a schedule turns into working days (调休上班) are
working days**. The facts come from the ``holidays`` package (country ``CN``, Chinese names).

Every question is answered from three tables built once per calendar, so nothing walks day
by day at query time:

* ``_work[i]``: 1 if day ``i`` of the supported range is a working day;
* ``_cum[i]``: how many working days lie in ``[first day, day i]``;
* ``_ords[k]``: the day index of the ``k``-th working day.

``is_workday`` is one index, ``workdays_between`` a subtraction, ``add_workdays`` and
``roll_forward`` one lookup each: O(1), whatever ``n`` is.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import holidays as _holidays

from .errors import CalendarRangeError, ConfigurationError, DubanError

__all__ = ["FIRST_DAY", "LAST_DAY", "ChinaCalendar", "DayKind"]

#: The first and last day the calendar supports.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)

_BASE_ORD = FIRST_DAY.toordinal()
_SIZE = LAST_DAY.toordinal() - _BASE_ORD + 1
_WEEKDAYS = "一二三四五六日"


class DayKind:
    """Why a day is, or is not, a working day (used in explanations)."""

    WORKDAY = "工作日"
    WEEKEND = "休息日"
    HOLIDAY = "法定节假日"
    MAKEUP_WORKDAY = "调休上班日"
    LOCAL_HOLIDAY = "另行规定的休息日"
    LOCAL_WORKDAY = "另行规定的工作日"


@dataclass(frozen=True)
class _Facts:
    """What the ``holidays`` data says, before any override."""

    holiday_names: dict[date, str]
    makeup_workdays: frozenset[date]
    published_through: int


@functools.cache
def _official_facts() -> _Facts:
    cn = _holidays.country_holidays("CN", years=range(FIRST_DAY.year, LAST_DAY.year + 1), language="zh_CN")
    names = {d: str(name) for d, name in cn.items() if FIRST_DAY <= d <= LAST_DAY}
    makeup = frozenset(d for d in cn.weekend_workdays if FIRST_DAY <= d <= LAST_DAY)
    # A year is published when the data holds its 调休 arrangements; later years are
    # the package's estimates from the fixed and lunar rules, with no make-up days.
    published = max(d.year for d in makeup)
    return _Facts(names, makeup, published)


@functools.cache
def _official_tables() -> tuple[bytes, array[int], array[int]]:
    facts = _official_facts()
    return _tables(facts.holiday_names.keys(), facts.makeup_workdays, {}, frozenset())


def _tables(
    holiday_days: Iterable[date],
    makeup: Iterable[date],
    extra_holidays: Mapping[date, str],
    extra_workdays: Iterable[date],
) -> tuple[bytes, array[int], array[int]]:
    work = bytearray(1 if (_BASE_ORD + i) % 7 not in (6, 0) else 0 for i in range(_SIZE))
    # date.toordinal() % 7: Monday is 1, Saturday 6, Sunday 0.
    for d in holiday_days:
        work[d.toordinal() - _BASE_ORD] = 0
    for d in makeup:
        work[d.toordinal() - _BASE_ORD] = 1
    for d in extra_holidays:
        work[d.toordinal() - _BASE_ORD] = 0
    for d in extra_workdays:
        work[d.toordinal() - _BASE_ORD] = 1
    cum: array[int] = array("l", bytes(0))
    ords: array[int] = array("l", bytes(0))
    count = 0
    for i, w in enumerate(work):
        if w:
            ords.append(i)
            count += 1
        cum.append(count)
    return bytes(work), cum, ords


def _check_date(value: Any, what: str = "date") -> date:
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        raise DubanError(
            f"{what} must be a datetime.date, not a datetime ({value!r}); "
            "take its day in China Standard Time first (duban_core.clock.cst_day)"
        )
    if isinstance(value, date):  # a date subclass: normalise it
        return date(value.year, value.month, value.day)
    raise DubanError(f"{what} must be a datetime.date, got {type(value).__name__} {value!r}")


def _check_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DubanError(f"{what} must be an int, got {type(value).__name__} {value!r}")
    return value


def format_day(d: date) -> str:
    """``2024年10月1日（星期二）``."""
    return f"{d.year}年{d.month}月{d.day}日（星期{_WEEKDAYS[d.weekday()]}）"


class ChinaCalendar:
    """Working days in mainland China, 2000-01-01 … 2099-12-31.

    >>> from datetime import date
    >>> cal = ChinaCalendar()
    >>> cal.is_workday(date(2024, 10, 1))      # 国庆节
    False
    >>> cal.is_workday(date(2024, 9, 29))      # a Sunday made a working day (调休上班)
    True
    >>> cal.add_workdays(date(2024, 9, 30), 1)
    datetime.date(2024, 10, 8)

    ``extra_holidays`` (day → name) and ``extra_workdays`` override the published data: a
    schedule published after the installed ``holidays`` release, or a local arrangement.
    A day in both is a :class:`~duban_core.errors.ConfigurationError`. Overrides never change
    :attr:`published_through`.

    Calendars are immutable; two with the same overrides are equal and hash alike.
    """

    __slots__ = ("_cum", "_extra_holidays", "_extra_workdays", "_key", "_ords", "_work")

    def __init__(
        self,
        extra_holidays: Mapping[date, str] | None = None,
        extra_workdays: Iterable[date] | None = None,
    ) -> None:
        if extra_holidays is not None and not isinstance(extra_holidays, Mapping):
            raise ConfigurationError(
                f"extra_holidays must map dates to names, got {type(extra_holidays).__name__}"
            )
        if isinstance(extra_workdays, (str, bytes)) or (
            extra_workdays is not None and not isinstance(extra_workdays, Iterable)
        ):
            raise ConfigurationError(
                f"extra_workdays must be an iterable of dates, got {type(extra_workdays).__name__}"
            )
        hol: dict[date, str] = {}
        for d, name in (extra_holidays or {}).items():
            d = self._index_check(_check_date(d, "extra_holidays key"))
            if not isinstance(name, str) or not name.strip():
                raise ConfigurationError(f"extra_holidays[{d}] must be a non-empty name, got {name!r}")
            hol[d] = name.strip()
        work = frozenset(
            self._index_check(_check_date(d, "extra_workdays item")) for d in extra_workdays or ()
        )
        both = sorted(work & hol.keys())
        if both:
            raise ConfigurationError(
                "a day cannot be both an extra holiday and an extra workday: "
                + ", ".join(d.isoformat() for d in both)
            )
        self._extra_holidays = hol
        self._extra_workdays = work
        self._key = (frozenset(hol.items()), work)
        if hol or work:
            facts = _official_facts()
            self._work, self._cum, self._ords = _tables(
                facts.holiday_names.keys(), facts.makeup_workdays, hol, work
            )
        else:
            self._work, self._cum, self._ords = _official_tables()

    # -- identity ---------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChinaCalendar) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        parts = []
        if self._extra_holidays:
            parts.append(f"extra_holidays={dict(sorted(self._extra_holidays.items()))!r}")
        if self._extra_workdays:
            parts.append(f"extra_workdays={sorted(self._extra_workdays)!r}")
        return f"ChinaCalendar({', '.join(parts)})"

    def __reduce__(self) -> tuple[object, ...]:
        return (ChinaCalendar, (self._extra_holidays, sorted(self._extra_workdays)))

    @property
    def extra_holidays(self) -> Mapping[date, str]:
        """The holiday overrides (a copy)."""
        return dict(self._extra_holidays)

    @property
    def extra_workdays(self) -> frozenset[date]:
        """The working-day overrides."""
        return self._extra_workdays

    # -- the data's horizon -----------------------------------------------------------------

    @property
    def published_through(self) -> int:
        """The last year whose official schedule (with its 调休) the data holds."""
        return _official_facts().published_through

    def is_provisional(self, d: date) -> bool:
        """Whether ``d`` falls after :attr:`published_through`: its schedule is an estimate."""
        return _check_date(d).year > _official_facts().published_through

    # -- queries ----------------------------------------------------------------------------

    @staticmethod
    def _index_check(d: date) -> date:
        if not FIRST_DAY <= d <= LAST_DAY:
            raise CalendarRangeError(
                f"{d.isoformat()} is outside the supported range "
                f"{FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}"
            )
        return d

    @staticmethod
    def _index(d: date) -> int:
        if type(d) is not date:
            d = _check_date(d)
        i = d.toordinal() - _BASE_ORD
        if not 0 <= i < _SIZE:
            ChinaCalendar._index_check(d)
        return i

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day."""
        return self._work[self._index(d)] == 1

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a working day, else the next working day."""
        i = self._index(d)
        if self._work[i]:
            return d if type(d) is date else date.fromordinal(_BASE_ORD + i)
        k = self._cum[i]
        if k >= len(self._ords):
            raise CalendarRangeError(f"no working day after {d.isoformat()} within the supported range")
        return date.fromordinal(_BASE_ORD + self._ords[k])

    def roll_back(self, d: date) -> date:
        """``d`` if it is a working day, else the previous working day."""
        i = self._index(d)
        k = self._cum[i] - 1
        if k < 0:
            raise CalendarRangeError(
                f"no working day on or before {d.isoformat()} within the supported range"
            )
        return date.fromordinal(_BASE_ORD + self._ords[k])

    def add_workdays(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` not counted).

        ``n == 0`` is :meth:`roll_forward`; ``n < 0`` counts ``|n|`` working days back.
        Leaving the supported range raises :class:`~duban_core.errors.CalendarRangeError`.
        """
        i = self._index(d)
        n = _check_int(n, "n")
        if n == 0:
            return self.roll_forward(d)
        k = self._cum[i] + n - 1 if n > 0 else self._cum[i] - self._work[i] + n
        if not 0 <= k < len(self._ords):
            raise CalendarRangeError(
                f"{d.isoformat()} {'+' if n > 0 else '-'} {abs(n)} working days leaves the supported "
                f"range {FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}"
            )
        return date.fromordinal(_BASE_ORD + self._ords[k])

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; negative (minus those in ``(b, a]``) when ``b < a``."""
        return self._cum[self._index(b)] - self._cum[self._index(a)]

    def workdays(self, a: date, b: date) -> list[date]:
        """The working days in ``(a, b]``, in order."""
        ia, ib = self._index(a), self._index(b)
        lo, hi = self._cum[ia], self._cum[ib]
        return [date.fromordinal(_BASE_ORD + self._ords[k]) for k in range(lo, hi)]

    # -- explanations -----------------------------------------------------------------------

    def holiday_name(self, d: date) -> str | None:
        """The name of the holiday on ``d`` (an override's name first), or ``None``."""
        self._index(d)
        if d in self._extra_holidays:
            return self._extra_holidays[d]
        if d in self._extra_workdays:
            return None
        return _official_facts().holiday_names.get(d)

    def day_kind(self, d: date) -> str:
        """Why ``d`` is or is not a working day, as a :class:`DayKind` label."""
        i = self._index(d)
        if d in self._extra_holidays:
            return DayKind.LOCAL_HOLIDAY
        if d in self._extra_workdays:
            return DayKind.LOCAL_WORKDAY
        weekend = d.weekday() >= 5
        if self._work[i]:
            return DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY
        if d in _official_facts().holiday_names:
            return DayKind.HOLIDAY
        return DayKind.WEEKEND

    def describe(self, d: date) -> str:
        """``d`` in Chinese with why it is or is not a working day.

        >>> ChinaCalendar().describe(date(2024, 10, 1))
        '2024年10月1日（星期二）为法定节假日（国庆节）'
        """
        kind = self.day_kind(d)
        name = self.holiday_name(d)
        if kind in (DayKind.HOLIDAY, DayKind.LOCAL_HOLIDAY) and name:
            if name.startswith(DayKind.WEEKEND):  # "休息日（由 2024-10-12 调休）" says it all
                return f"{format_day(d)}为{name}"
            return f"{format_day(d)}为{kind}（{name}）"
        return f"{format_day(d)}为{kind}"

    def days_off(self, a: date, b: date) -> list[date]:
        """The days that are not working days in ``(a, b]``."""
        ia, ib = self._index(a), self._index(b)
        return [date.fromordinal(_BASE_ORD + i) for i in range(ia + 1, ib + 1) if not self._work[i]]

    def _raw_tables(self) -> tuple[bytes, array[int], array[int], int]:
        """The precomputed tables and the ordinal of their first day (for vectorised use)."""
        return self._work, self._cum, self._ords, _BASE_ORD
