"""The China working-day calendar (工作日), precomputed.

Working days follow the State Council's annual schedules: weekends and statutory holidays
are days off, **and weekend days that a schedule turns into working days (调休上班) are
working days**. The facts come from the ``holidays`` package (country ``CN``, Chinese names).

Every question is answered from tables built once per calendar, so nothing walks day by day
at query time (``i`` is a day's index in the supported range, ``k`` a working day's):

* ``_is_work[i]``: whether day ``i`` is a working day (``True``/``False``);
* ``_fwd[i]``: how many working days lie in ``[first day, day i]``, minus one — the ``k`` of
  day ``i`` if it is a working day, else of the one before (its roll back);
* ``_back[i]``: how many lie in ``[first day, day i)`` — the ``k`` of day ``i``'s roll forward;
* ``_wdays[k]``: the ``k``-th working day, as a ready-made ``date``.

``is_workday`` is one index, ``workdays_between`` a subtraction, ``add_workdays``,
``roll_forward`` and ``roll_back`` two lookups each: O(1), whatever ``n`` is.

The query tables are plain Python sequences (indexing a list or tuple returns a stored
object, where indexing an ``array`` boxes a new int and ``date.fromordinal`` builds a new
date), and each query method tries an exact-type fast path (``type(d) is date``,
``type(n) is int``) before the full input validation. The official tables (about 1.2 MB,
plus 2.8 MB of ``date`` and ``int`` objects shared with every other calendar) are built
once and shared by every calendar without overrides; a calendar with overrides adds about
1.2 MB of its own. The compact ``array`` form used by :mod:`duban_core.batch` is built on
demand (:meth:`ChinaCalendar.raw_tables`).
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import holidays as _holidays

from ._checks import check_date, check_int
from .errors import CalendarRangeError, ConfigurationError

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


class _Tables:
    """A calendar's query tables (see the module docstring). Built once per set of overrides;
    never mutated."""

    __slots__ = ("around", "back", "count", "fwd", "is_work", "raw", "wdays", "work")

    def __init__(self, work: bytes) -> None:
        days, nums = _shared()
        self.work = work
        self.is_work: tuple[bool, ...] = tuple(w == 1 for w in work)
        fwd: list[int] = []  # cum[i] - 1: k of day i if a working day, else of the one before
        back: list[int] = []  # cum[i] - work[i]: working days before day i
        wdays: list[date] = []
        count = 0  # nums[count + 1] is the shared int object for count
        for i, w in enumerate(work):
            if w:
                wdays.append(days[i])
                back.append(nums[count + 1])
                count += 1
                fwd.append(nums[count])
            else:
                back.append(nums[count + 1])
                fwd.append(nums[count])
        self.fwd = fwd
        self.back = back
        self.wdays: tuple[date, ...] = tuple(wdays)
        self.count = count
        self.raw: tuple[bytes, array[int], array[int], int] | None = None
        #: holidays_around's answers by day index (they depend only on these tables and
        #: the calendar's overrides, which come with them).
        self.around: dict[int, tuple[str, ...]] = {}

    def raw_tables(self) -> tuple[bytes, array[int], array[int], int]:
        """``(work, cum, ords, base ordinal)`` as compact arrays (for :mod:`duban_core.batch`)."""
        if self.raw is None:
            cum: array[int] = array("l", (k + 1 for k in self.fwd))
            ords: array[int] = array("l", (d.toordinal() - _BASE_ORD for d in self.wdays))
            self.raw = (self.work, cum, ords, _BASE_ORD)
        return self.raw


@functools.cache
def _shared() -> tuple[tuple[date, ...], tuple[int, ...]]:
    """Every day of the range as a ``date``, and the ints -1 … size, built once and shared by
    the tables of every calendar (an override calendar adds only its own index lists)."""
    days = tuple(date.fromordinal(_BASE_ORD + i) for i in range(_SIZE))
    return days, tuple(range(-1, _SIZE + 1))


@functools.cache
def _official_tables() -> _Tables:
    facts = _official_facts()
    return _tables(facts.holiday_names.keys(), facts.makeup_workdays, {}, frozenset())


def _tables(
    holiday_days: Iterable[date],
    makeup: Iterable[date],
    extra_holidays: Mapping[date, str],
    extra_workdays: Iterable[date],
) -> _Tables:
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
    return _Tables(bytes(work))


def format_day(d: date) -> str:
    """``2024年10月1日（星期二）``."""
    text = _FORMATTED.get(d)
    if text is None:
        text = f"{d.year}年{d.month}月{d.day}日（星期{_WEEKDAYS[d.weekday()]}）"
        if type(d) is date and len(_FORMATTED) < _SIZE:  # explanations name the same days again and again
            _FORMATTED[d] = text
    return text


_FORMATTED: dict[date, str] = {}


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

    __slots__ = (
        "_back",
        "_count",
        "_extra_holidays",
        "_extra_workdays",
        "_fwd",
        "_is_work",
        "_key",
        "_tables",
        "_wdays",
        "_work",
    )

    def __init__(
        self,
        extra_holidays: Mapping[date, str] | None = None,
        extra_workdays: Iterable[date] | None = None,
    ) -> None:
        if extra_holidays is not None and not isinstance(extra_holidays, Mapping):
            raise ConfigurationError(
                f"extra_holidays（新增假日）应为“日期→假日名称”的映射，收到的是 {type(extra_holidays).__name__}",
                code="calendar.bad_holidays",
                en=f"extra_holidays must map dates to names, got {type(extra_holidays).__name__}",
            )
        if isinstance(extra_workdays, (str, bytes)) or (
            extra_workdays is not None and not isinstance(extra_workdays, Iterable)
        ):
            raise ConfigurationError(
                f"extra_workdays（调休上班日）应为日期的列表，收到的是 {type(extra_workdays).__name__}",
                code="calendar.bad_workdays",
                en=f"extra_workdays must be an iterable of dates, got {type(extra_workdays).__name__}",
            )
        hol: dict[date, str] = {}
        for d, name in (extra_holidays or {}).items():
            d = self._index_check(check_date(d, "extra_holidays key"))
            if not isinstance(name, str) or not name.strip():
                raise ConfigurationError(
                    f"新增假日 {d} 须有名称（如“国庆节”），收到的是 {name!r}",
                    code="calendar.unnamed_holiday",
                    en=f"extra_holidays[{d}] must be a non-empty name, got {name!r}",
                )
            hol[d] = name.strip()
        work = frozenset(
            self._index_check(check_date(d, "extra_workdays item")) for d in extra_workdays or ()
        )
        both = sorted(work & hol.keys())
        if both:
            days = ", ".join(d.isoformat() for d in both)
            raise ConfigurationError(
                f"同一天不能既是新增假日又是调休上班日：{days}",
                code="calendar.holiday_and_workday",
                en=f"a day cannot be both an extra holiday and an extra workday: {days}",
            )
        self._extra_holidays = hol
        self._extra_workdays = work
        self._key = (frozenset(hol.items()), work)
        if hol or work:
            facts = _official_facts()
            tables = _tables(facts.holiday_names.keys(), facts.makeup_workdays, hol, work)
        else:
            tables = _official_tables()
        # One attribute per table: the query methods read them with a single slot lookup.
        self._tables = tables
        self._work = tables.work
        self._is_work = tables.is_work
        self._fwd = tables.fwd
        self._back = tables.back
        self._wdays = tables.wdays
        self._count = tables.count

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
                f"日期 {d.isoformat()} 超出工作日历支持的范围 {FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
                code="calendar.out_of_range",
                en=f"{d.isoformat()} is outside the supported range "
                f"{FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
            )
        return d

    @staticmethod
    def _index(d: date) -> int:
        if type(d) is not date:
            d = check_date(d)
        i = d.toordinal() - _BASE_ORD
        if not 0 <= i < _SIZE:
            ChinaCalendar._index_check(d)
        return i

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day."""
        if type(d) is date:  # fast path; anything else is validated by _index
            i = d.toordinal() - _BASE_ORD
            if 0 <= i < _SIZE:
                return self._is_work[i]
        return self._is_work[self._index(d)]

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a working day, else the next working day."""
        if type(d) is date:
            i = d.toordinal() - _BASE_ORD
            if 0 <= i < _SIZE:
                k = self._back[i]
                if k < self._count:
                    return self._wdays[k]
        k = self._back[self._index(d)]
        if k >= self._count:
            raise CalendarRangeError(
                f"{d.isoformat()} 之后在工作日历支持的范围内没有工作日",
                code="calendar.out_of_range",
                en=f"no working day after {d.isoformat()} within the supported range",
            )
        return self._wdays[k]

    def roll_back(self, d: date) -> date:
        """``d`` if it is a working day, else the previous working day."""
        k = self._fwd[self._index(d)]
        if k < 0:
            raise CalendarRangeError(
                f"{d.isoformat()} 及之前在工作日历支持的范围内没有工作日",
                code="calendar.out_of_range",
                en=f"no working day on or before {d.isoformat()} within the supported range",
            )
        return self._wdays[k]

    def add_workdays(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` not counted).

        ``n == 0`` is :meth:`roll_forward`; ``n < 0`` counts ``|n|`` working days back.
        Leaving the supported range raises :class:`~duban_core.errors.CalendarRangeError`.
        """
        if type(d) is date and type(n) is int:  # fast path: exact types, in range
            i = d.toordinal() - _BASE_ORD
            if 0 <= i < _SIZE:
                # k: the answer's index in _wdays. n > 0: the n-th after the working days up
                # to d (cum - 1 + n); n <= 0: counting back from the first on or after d.
                k = (self._fwd[i] if n > 0 else self._back[i]) + n
                if 0 <= k < self._count:
                    return self._wdays[k]
        return self._add_workdays_checked(d, n)

    def _add_workdays_checked(self, d: date, n: int) -> date:
        i = self._index(d)
        n = check_int(n, "n")
        if n == 0:
            return self.roll_forward(d)
        k = (self._fwd[i] if n > 0 else self._back[i]) + n
        if not 0 <= k < self._count:
            raise CalendarRangeError(
                f"自 {d.isoformat()} {'往后' if n > 0 else '往前'}数 {abs(n)} 个工作日超出工作日历支持的范围 "
                f"{FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
                code="calendar.out_of_range",
                en=f"{d.isoformat()} {'+' if n > 0 else '-'} {abs(n)} working days leaves the supported "
                f"range {FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
            )
        return self._wdays[k]

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; negative (minus those in ``(b, a]``) when ``b < a``."""
        if type(a) is date and type(b) is date:
            ia = a.toordinal() - _BASE_ORD
            ib = b.toordinal() - _BASE_ORD
            if 0 <= ia < _SIZE and 0 <= ib < _SIZE:
                return self._fwd[ib] - self._fwd[ia]
        return self._fwd[self._index(b)] - self._fwd[self._index(a)]

    def workdays(self, a: date, b: date) -> list[date]:
        """The working days in ``(a, b]``, in order."""
        ia, ib = self._index(a), self._index(b)
        return list(self._wdays[self._fwd[ia] + 1 : self._fwd[ib] + 1])

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
        cached = self._tables.around.get(i)
        if cached is not None:
            return cached
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
        labels = self._tables.around[i] = _break_labels(groups)
        return labels

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

    def raw_tables(self) -> tuple[bytes, array[int], array[int], int]:
        """The tables as compact arrays and the ordinal of their first day (for vectorised
        use): ``work[i]`` 1 for a working day, ``cum[i]`` the working days in
        ``[FIRST_DAY, day i]``, ``ords[k]`` the day index of the ``k``-th working day."""
        return self._tables.raw_tables()
