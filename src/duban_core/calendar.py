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
import operator
import re
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
    SWAPPED_DAY_OFF = "调休休息日"
    MAKEUP_WORKDAY = "调休上班日"
    LOCAL_HOLIDAY = "另行规定的休息日"
    LOCAL_WORKDAY = "另行规定的工作日"


@dataclass(frozen=True)
class _Correction:
    """One day on which the ``holidays`` data contradicts the official notice."""

    day: date
    workday: bool
    name: str | None  # the day-off name, for a weekday that should be off
    notice: str  # the State Council notice that settles it


#: Days the installed ``holidays`` release gets wrong, each with the official notice that
#: says otherwise. Applied on top of the package data in :func:`_official_facts`; a later
#: ``holidays`` release that fixes a day makes its entry a no-op. See ``docs/calendar-data.md``.
_CORRECTIONS: tuple[_Correction, ...] = (
    # 国务院办公厅关于2003年“五一”放假调休安排的通知（2003年4月21日，防治非典型肺炎）：
    # “今年‘五一’按法定假日休假，暂不实行长假制度……5月1日-3日为法定假日，5月3日（星期六）
    # 的公休调至5月5日（星期一）休息，5月4日（星期日）照常公休。” The golden week announced in
    # the 2003 schedule (4月26日、27日上班, 5月6日、7日休息) was withdrawn; ``holidays`` still
    # carries it.
    *(
        _Correction(d, workday=w, name=None, notice="国务院办公厅关于2003年“五一”放假调休安排的通知")
        for d, w in (
            (date(2003, 4, 26), False),
            (date(2003, 4, 27), False),
            (date(2003, 5, 6), True),
            (date(2003, 5, 7), True),
        )
    ),
)

_SWAPPED = re.compile(r"^休息日（由 ?(\d{4})-(\d{2})-(\d{2}) ?调休）$")
_OBSERVED = "（补假）"


@dataclass(frozen=True)
class _Facts:
    """What the official schedules say (the ``holidays`` data with :data:`_CORRECTIONS`),
    before any override."""

    #: Every official day off that is not a plain weekend day, with its display name:
    #: ``国庆节``, ``春节补休`` (a holiday on a weekend given on a weekday), ``中秋节、国庆节``,
    #: ``国庆节调休`` (a weekday off in exchange for a weekend day worked).
    holiday_names: dict[date, str]
    #: The holidays each of those days belongs to (for a swapped day: its break's).
    labels: dict[date, tuple[str, ...]]
    #: Swapped days off (调休休息日) → the weekend day worked in exchange (调休上班日).
    swaps: dict[date, date]
    #: The inverse of ``swaps``: 调休上班日 → the weekday taken off in exchange.
    swapped_off: dict[date, date]
    makeup_workdays: frozenset[date]
    published_through: int


def _base_labels(name: str) -> tuple[str, ...]:
    parts = [p.strip() for p in name.replace("；", ";").split(";")]
    return tuple(p.removesuffix(_OBSERVED) for p in parts if p)


def _break_labels(labels: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The holidays of a break, in order, without parts of another (除夕 and an extension
    belong to 春节)."""
    out: list[str] = []
    for group in labels:
        for label in group:
            label = "春节" if label == "农历除夕" else label
            if label not in out:
                out.append(label)
    return tuple(x for x in out if not any(y != x and y in x for y in out))


@functools.cache
def _official_facts() -> _Facts:
    cn = _holidays.country_holidays("CN", years=range(FIRST_DAY.year, LAST_DAY.year + 1), language="zh_CN")
    raw_makeup = {d for d in cn.weekend_workdays if FIRST_DAY <= d <= LAST_DAY}
    # A year is published when the data holds its 调休 arrangements; later years are the
    # package's estimates from the fixed and lunar rules, with no make-up days. Taken from the
    # package data itself, before the corrections below (which only touch past years).
    published = max(d.year for d in raw_makeup)

    names: dict[date, str] = {}
    labels: dict[date, tuple[str, ...]] = {}
    swaps: dict[date, date] = {}
    for d, raw in cn.items():
        if not FIRST_DAY <= d <= LAST_DAY:
            continue
        name = str(raw)
        swapped = _SWAPPED.match(name)
        if swapped:
            swaps[d] = date(*(int(g) for g in swapped.groups()))
            names[d] = "调休"  # completed with the break's holiday below
            labels[d] = ()
        else:
            labels[d] = _base_labels(name)
            names[d] = "、".join(
                p.removesuffix(_OBSERVED) + ("补休" if p.endswith(_OBSERVED) else "")
                for p in (q.strip() for q in name.split(";"))
            )
    makeup = set(raw_makeup)
    for fix in _CORRECTIONS:
        if fix.workday:
            names.pop(fix.day, None)
            labels.pop(fix.day, None)
            swaps.pop(fix.day, None)
            if fix.day.weekday() >= 5:
                makeup.add(fix.day)
        else:
            makeup.discard(fix.day)
            if fix.name is not None:
                names[fix.day] = fix.name
                labels[fix.day] = (fix.name,)
    for d, worked in list(swaps.items()):
        if worked not in makeup:  # a correction withdrew the exchange
            del swaps[d]

    def off(day: date) -> bool:
        return day in names or (day.weekday() >= 5 and day not in makeup)

    # A swapped day off belongs to the holiday of the break that holds it.
    for d in swaps:
        block: list[tuple[str, ...]] = []
        for step in (-1, 1):
            x = d
            while off(x) and abs((x - d).days) <= 31:
                block.append(labels.get(x, ()))
                x = date.fromordinal(x.toordinal() + step)
        labels[d] = _break_labels(block)
        names[d] = "、".join(labels[d]) + "调休" if labels[d] else "调休"
    return _Facts(names, labels, swaps, {w: d for d, w in swaps.items()}, frozenset(makeup), published)


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
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise DubanError(f"{what} must be an int, got {type(value).__name__} {value!r}")
    return operator.index(value)  # int, or an integer type such as numpy.int64


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
        self._index(d)
        return d.year > _official_facts().published_through

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
        """The name of the day off on ``d`` (an override's name first), or ``None`` for a
        working day or a plain weekend day.

        Official names: ``国庆节``; ``春节补休`` (a holiday falling on a weekend, given on a
        weekday); ``国庆节调休`` (a weekday off in exchange for a weekend day worked).
        """
        self._index(d)
        if d in self._extra_holidays:
            return self._extra_holidays[d]
        if d in self._extra_workdays:
            return None
        return _official_facts().holiday_names.get(d)

    def holidays_around(self, d: date) -> tuple[str, ...]:
        """The holidays of the break (the run of consecutive days off) that holds ``d``, e.g.
        ``("国庆节",)`` for any day of 2024-10-01 … 2024-10-07; empty on a working day or in a
        break of plain weekend days."""
        i = self._index(d)
        if self._work[i]:
            return ()
        facts = _official_facts()
        lo = hi = i
        while lo > 0 and not self._work[lo - 1] and i - lo < 62:
            lo -= 1
        while hi < _SIZE - 1 and not self._work[hi + 1] and hi - i < 62:
            hi += 1
        groups: list[tuple[str, ...]] = []
        for j in range(lo, hi + 1):
            day = date.fromordinal(_BASE_ORD + j)
            if day in self._extra_holidays:
                groups.append((self._extra_holidays[day],))
            else:
                groups.append(facts.labels.get(day, ()))
        return _break_labels(groups)

    def swapped_with(self, d: date) -> date | None:
        """For a swapped day (调休), the day it was exchanged with: a 调休休息日 gives the
        weekend day worked instead, a 调休上班日 the weekday taken off; else ``None``."""
        self._index(d)
        if d in self._extra_holidays or d in self._extra_workdays:
            return None
        facts = _official_facts()
        return facts.swaps.get(d) or facts.swapped_off.get(d)

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
        facts = _official_facts()
        if d in facts.swaps:
            return DayKind.SWAPPED_DAY_OFF
        if d in facts.holiday_names:
            return DayKind.HOLIDAY
        return DayKind.WEEKEND

    def describe(self, d: date) -> str:
        """``d`` in Chinese with why it is or is not a working day.

        >>> cal = ChinaCalendar()
        >>> cal.describe(date(2024, 10, 1))
        '2024年10月1日（星期二）为法定节假日（国庆节）'
        >>> cal.describe(date(2024, 10, 4))
        '2024年10月4日（星期五）为调休休息日（国庆节调休，与2024年9月29日（星期日）调换）'
        >>> cal.describe(date(2024, 9, 29))
        '2024年9月29日（星期日）为调休上班日（国庆节调休，与2024年10月4日（星期五）调换）'
        """
        kind = self.day_kind(d)
        day = format_day(d)
        if kind == DayKind.LOCAL_HOLIDAY:
            return f"{day}为{kind}（{self._extra_holidays[d]}）"
        if kind == DayKind.HOLIDAY:
            return f"{day}为{kind}（{_official_facts().holiday_names[d]}）"
        if kind in (DayKind.SWAPPED_DAY_OFF, DayKind.MAKEUP_WORKDAY):
            other = self.swapped_with(d)
            if other is not None:
                off = other if kind == DayKind.MAKEUP_WORKDAY else d
                holiday = "、".join(self.holidays_around(off)) if not self._work[self._index(off)] else ""
                return f"{day}为{kind}（{holiday}调休，与{format_day(other)}调换）"
        if kind == DayKind.WEEKEND:
            holidays = self.holidays_around(d)
            if holidays:  # a weekend day inside a holiday break
                return f"{day}为{kind}（{'、'.join(holidays)}假期）"
        return f"{day}为{kind}"

    def days_off(self, a: date, b: date) -> list[date]:
        """The days that are not working days in ``(a, b]``."""
        ia, ib = self._index(a), self._index(b)
        return [date.fromordinal(_BASE_ORD + i) for i in range(ia + 1, ib + 1) if not self._work[i]]

    def _raw_tables(self) -> tuple[bytes, array[int], array[int], int]:
        """The precomputed tables and the ordinal of their first day (for vectorised use)."""
        return self._work, self._cum, self._ords, _BASE_ORD
