"""Vectorised working-day arithmetic and deadlines over numpy arrays (the ``numpy`` extra).

Every function here gives, element by element, exactly what the scalar
:class:`~duban_core.calendar.ChinaCalendar` method or rule gives — weekend days made working
days (调休上班) included, which :func:`numpy.busday_offset` cannot express — but for a whole
array at once, from the calendar's precomputed tables::

    >>> import numpy as np
    >>> from duban_core import ChinaCalendar
    >>> from duban_core.batch import add_workdays_array
    >>> days = np.array(["2024-09-27", "2024-09-28", "2024-09-30"], dtype="datetime64[D]")
    >>> add_workdays_array(ChinaCalendar(), days, 1)
    array(['2024-09-29', '2024-09-29', '2024-10-08'], dtype='datetime64[D]')

(2024-09-29 is a Sunday made a working day; 2024-10-01 … 07 is the National Day holiday.)

Conventions:

* Days are numpy arrays of dtype ``datetime64[D]`` (or one ``numpy.datetime64`` day); use
  :func:`as_days` to turn ``datetime.date`` objects into one and ``array.tolist()`` to get
  dates back. Another dtype, ``NaT`` or another type is a :class:`~duban_core.errors.DubanError`.
* Counts (``n``) are a Python ``int`` or an integer array, broadcast against the days.
* Arrays of any shape broadcast as numpy does; the result has the broadcast shape.
* Any day outside 2000-01-01 … 2099-12-31, given or reached, raises
  :class:`~duban_core.errors.CalendarRangeError` for the whole call (naming the first such
  element); nothing is returned half-done.

numpy is imported when a function is first called, so ``import duban_core.batch`` works without
it; calling a function then raises :class:`ImportError` naming the extra to install
(``pip install "duban_core[numpy]"``). The tables are converted once per calendar and cached.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ._checks import check_calendar, check_date
from .calendar import FIRST_DAY, LAST_DAY, ChinaCalendar
from .errors import CalendarRangeError, DubanError, RuleViolation
from .rules import CalendarDays, Months, SameDay, Stipulated, WorkingDays

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    DayArray = NDArray[np.datetime64]
    IntArray = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

__all__ = [
    "add_workdays_array",
    "as_days",
    "due_array",
    "is_provisional_array",
    "is_workday_array",
    "roll_back_array",
    "roll_forward_array",
    "workdays_between_array",
]

_EPOCH_ORD = date(1970, 1, 1).toordinal()


def _numpy() -> Any:
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - exercised by the no-numpy test
        raise ImportError(
            'duban_core.batch needs numpy; install the extra: pip install "duban_core[numpy]"'
        ) from exc
    return numpy


@functools.cache
def _day_dtype() -> Any:
    return _numpy().dtype("datetime64[D]")


@dataclass(frozen=True)
class _Tables:
    """A calendar's tables as numpy arrays, indexed by day number ``i`` (0 = FIRST_DAY)."""

    base: int  # FIRST_DAY as days since 1970-01-01 (datetime64[D]'s integer value)
    size: int  # days in the supported range
    count: int  # working days in the supported range
    work: NDArray[np.bool_]  # work[i]: day i is a working day
    cum: IntArray  # cum[i]: working days in [FIRST_DAY, day i]
    fwd: IntArray  # cum[i] - 1: the index in ords of day i if a working day, else of the one before
    back: IntArray  # cum[i] - work[i]: working days in [FIRST_DAY, day i)
    ords: IntArray  # ords[k]: the k-th working day, as days since 1970-01-01


@functools.lru_cache(maxsize=16)
def _tables(calendar: ChinaCalendar) -> _Tables:
    np = _numpy()
    work_b, cum_a, ords_a, base_ord = calendar.raw_tables()
    base = base_ord - _EPOCH_ORD
    work = np.frombuffer(work_b, dtype=np.uint8).astype(np.bool_)
    cum = np.frombuffer(cum_a, dtype=f"i{cum_a.itemsize}").astype(np.int64)
    ords = np.frombuffer(ords_a, dtype=f"i{ords_a.itemsize}").astype(np.int64) + base
    fwd = cum - 1
    back = cum - work
    for a in (work, cum, fwd, back, ords):
        a.flags.writeable = False
    return _Tables(base, len(work), len(ords), work, cum, fwd, back, ords)


def _days_view(days: Any, what: str) -> IntArray:
    """``days`` as int64 days since 1970-01-01 (a view when possible), type-checked."""
    np = _numpy()
    if isinstance(days, np.datetime64):
        days = np.asarray(days)
    if not isinstance(days, np.ndarray):
        raise DubanError(
            f"{what} 应为 numpy datetime64[D] 日期数组，收到的是 {type(days).__name__}：请先用 duban_core.batch.as_days() 转换",
            code="batch.not_a_day_array",
            en=f"{what} must be a numpy datetime64[D] array, got {type(days).__name__}; "
            "convert dates with duban_core.batch.as_days()",
        )
    if days.dtype != _day_dtype():
        raise DubanError(
            f"{what} 的类型应为 datetime64[D]，收到的是 {days.dtype}：时刻不能判断工作日，请先取北京时间的日期",
            code="batch.not_a_day_array",
            en=f"{what} must have dtype datetime64[D], got {days.dtype}; "
            "a time of day has no working-day meaning: take the day in China Standard Time first",
        )
    v: IntArray = days.view(np.int64)
    return v


def _fmt_day(np: Any, value: int) -> str:
    return str(np.datetime64(int(value), "D"))


def _index(t: _Tables, days: Any, what: str = "days") -> IntArray:
    """Day numbers into the tables; NaT or a day out of range raises."""
    np = _numpy()
    v = _days_view(days, what)
    i: IntArray = v - t.base
    # One reduction checks both ends: a negative index is a huge unsigned one.
    if i.size and int(i.view(np.uint64).max()) >= t.size:
        nat = np.datetime64("NaT").view(np.int64)
        if (v == nat).any():
            where = _at(_first(np, v == nat))
            raise DubanError(
                f"{what}{where} 是 NaT（空日期），不是日期",
                code="batch.nat",
                en=f"{what}{where} is NaT, not a day",
            )
        bad = (i < 0) | (i >= t.size)
        at = _first(np, bad)
        day = _fmt_day(np, int(v[at]))
        raise CalendarRangeError(
            f"{what}{_at(at)} = {day} 超出工作日历支持的范围 {FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
            code="calendar.out_of_range",
            en=f"{what}{_at(at)} = {day} is outside the supported range "
            f"{FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
        )
    return i


def _first(np: Any, mask: Any) -> tuple[int, ...]:
    """The index (as a tuple) of the first true element of ``mask``."""
    return tuple(int(x) for x in np.unravel_index(int(np.argmax(mask)), np.shape(mask)))


def _at(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, index)) + "]"


def _counts(n: Any, what: str = "n") -> Any:
    """``n`` as a Python int or an int64 array, type-checked."""
    np = _numpy()
    if isinstance(n, (bool, np.bool_)):
        raise DubanError(
            f"{what} 应为整数或整数数组，收到的是 {type(n).__name__}",
            code="input.not_an_int",
            en=f"{what} must be an int or an integer array, got {type(n).__name__}",
        )
    if isinstance(n, int):
        return n
    if isinstance(n, np.integer):
        return int(n)
    if isinstance(n, np.ndarray) and n.dtype.kind in "iu":
        if n.dtype.kind == "u" and n.dtype.itemsize >= 8 and n.size and int(n.max()) > 2**62:
            raise CalendarRangeError(
                f"{what} 中的天数远超工作日历支持的范围",
                code="calendar.out_of_range",
                en=f"{what} holds a count far outside the supported range",
            )
        return n.astype(np.int64, copy=False)
    got = f"array of {n.dtype}" if isinstance(n, np.ndarray) else type(n).__name__
    raise DubanError(
        f"{what} 应为整数或整数数组，收到的是 {got}",
        code="input.not_an_int",
        en=f"{what} must be an int or an integer array, got {got}",
    )


def _as_day_array(values: IntArray) -> DayArray:
    out: DayArray = _numpy().asarray(values).view("datetime64[D]")
    return out


# -- calendar queries -----------------------------------------------------------------------------


def is_workday_array(calendar: ChinaCalendar, days: DayArray) -> BoolArray:
    """Element-wise :meth:`ChinaCalendar.is_workday`."""
    t = _tables(check_calendar(calendar))
    out: BoolArray = _numpy().asarray(t.work[_index(t, days)])
    return out


def workdays_between_array(calendar: ChinaCalendar, a: DayArray, b: DayArray) -> IntArray:
    """Element-wise :meth:`ChinaCalendar.workdays_between`: working days in ``(a, b]``,
    negative when ``b < a``. ``a`` and ``b`` broadcast."""
    t = _tables(check_calendar(calendar))
    out: IntArray = _numpy().asarray(t.cum[_index(t, b, "b")] - t.cum[_index(t, a, "a")])
    return out


def add_workdays_array(calendar: ChinaCalendar, days: DayArray, n: int | IntArray) -> DayArray:
    """Element-wise :meth:`ChinaCalendar.add_workdays`: the ``n``-th working day after each day
    (the day itself not counted); ``n == 0`` rolls forward, ``n < 0`` counts back.
    ``n`` is an int or an integer array broadcast against ``days``."""
    np = _numpy()
    t = _tables(check_calendar(calendar))
    i = _index(t, days)
    n = _counts(n)
    if isinstance(n, int):
        if not -t.count <= n <= t.count:
            raise CalendarRangeError(
                f"n = {n} 个工作日超出工作日历支持的范围",
                code="calendar.out_of_range",
                en=f"n = {n} working days leaves the supported range",
            )
        # k: the index in ords of the answer (see ChinaCalendar.add_workdays).
        k = t.fwd[i] + n if n > 0 else t.back[i] + n
    else:
        # No overflow check needed: a wrapped sum is negative, so it fails the check below.
        k = np.where(n > 0, t.fwd[i], t.back[i]) + n
    if k.size and int(k.view(np.uint64).max()) >= t.count:
        bad = (k < 0) | (k >= t.count)
        at = _first(np, bad)
        start = np.broadcast_to(_days_view(days, "days"), k.shape)[at]
        step = int(np.broadcast_to(n, k.shape)[at])
        day = _fmt_day(np, int(start))
        raise CalendarRangeError(
            f"days{_at(at)} = {day} {'往后' if step > 0 else '往前'}数 {abs(step)} 个工作日超出工作日历支持的范围 "
            f"{FIRST_DAY.isoformat()} … {LAST_DAY.isoformat()}",
            code="calendar.out_of_range",
            en=f"days{_at(at)} = {day} {'+' if step > 0 else '-'} {abs(step)} "
            f"working days leaves the supported range {FIRST_DAY.isoformat()} … "
            f"{LAST_DAY.isoformat()}",
        )
    return _as_day_array(t.ords[k])


def roll_forward_array(calendar: ChinaCalendar, days: DayArray) -> DayArray:
    """Element-wise :meth:`ChinaCalendar.roll_forward`: each day if a working day, else the
    next one."""
    return add_workdays_array(calendar, days, 0)


def roll_back_array(calendar: ChinaCalendar, days: DayArray) -> DayArray:
    """Element-wise :meth:`ChinaCalendar.roll_back`: each day if a working day, else the
    previous one."""
    t = _tables(check_calendar(calendar))
    k = t.fwd[_index(t, days)]
    if k.size and int(k.min()) < 0:
        raise CalendarRangeError(
            "某个日期及之前在工作日历支持的范围内没有工作日",
            code="calendar.out_of_range",
            en="no working day on or before a given day within the supported range",
        )
    return _as_day_array(t.ords[k])


def is_provisional_array(calendar: ChinaCalendar, days: DayArray) -> BoolArray:
    """Element-wise :meth:`ChinaCalendar.is_provisional`: the day falls after
    :attr:`~ChinaCalendar.published_through` (its schedule is an estimate)."""
    np = _numpy()
    cal = check_calendar(calendar)
    t = _tables(cal)
    i = _index(t, days)
    first_unpublished = date(cal.published_through + 1, 1, 1).toordinal() - _EPOCH_ORD - t.base
    out: BoolArray = np.asarray(i >= first_unpublished)
    return out


# -- deadlines ------------------------------------------------------------------------------------


def due_array(
    rule: CalendarDays | WorkingDays | Months | SameDay | Stipulated,
    starts: DayArray,
    calendar: ChinaCalendar,
    *,
    stipulated: DayArray | None = None,
) -> DayArray:
    """The due day of ``rule`` for each start day: element-wise ``rule.due(start, calendar).due``.

    For :class:`~duban_core.rules.Stipulated`, ``stipulated`` gives each item's fixed day
    (broadcast against ``starts``); a missing array, ``NaT``, or a day before its start is a
    :class:`~duban_core.errors.RuleViolation`, as in the scalar rule. Every start day must lie
    in the supported range (the scalar rules check only the days they compute with).
    Use the scalar rule for the explanation and :func:`is_provisional_array` for the flag.
    """
    np = _numpy()
    cal = check_calendar(calendar)
    t = _tables(cal)
    if isinstance(rule, WorkingDays):
        return add_workdays_array(cal, starts, rule.days)
    i = _index(t, starts, "starts")
    if isinstance(rule, CalendarDays):
        # Civil Code art. 201/203: the N-th day after the start, rolled forward.
        last = i + rule.days
        if i.size and int(last.max()) >= t.size:
            raise CalendarRangeError(
                f"某个起算日加 {rule.days} 日超出工作日历支持的范围",
                code="calendar.out_of_range",
                en=f"a start day + {rule.days} days leaves the supported range",
            )
        k = t.back[last]
        if k.size and int(k.max()) >= t.count:
            raise CalendarRangeError(
                "某个期间最后一日之后在工作日历支持的范围内没有工作日",
                code="calendar.out_of_range",
                en="no working day after a period's last day within the supported range",
            )
        return _as_day_array(t.ords[k])
    if isinstance(rule, Months):
        # Civil Code art. 202: the same day N months later, or that month's last day.
        month0 = np.asarray(starts).astype("datetime64[M]")
        day_of_month = i + t.base - month0.astype("datetime64[D]").view(np.int64)
        target = month0 + rule.months
        first = target.astype("datetime64[D]").view(np.int64)
        month_len = (target + 1).astype("datetime64[D]").view(np.int64) - first
        last = first + np.minimum(day_of_month, month_len - 1) - t.base
        if last.size and int(last.max()) >= t.size:
            raise CalendarRangeError(
                f"某个起算日加 {rule.months} 个月超出工作日历支持的范围",
                code="calendar.out_of_range",
                en=f"a start day + {rule.months} months leaves the supported range",
            )
        k = t.back[last]
        if k.size and int(k.max()) >= t.count:
            raise CalendarRangeError(
                "某个期间最后一日之后在工作日历支持的范围内没有工作日",
                code="calendar.out_of_range",
                en="no working day after a period's last day within the supported range",
            )
        return _as_day_array(t.ords[k])
    if isinstance(rule, SameDay):
        return _as_day_array(i + t.base)
    if isinstance(rule, Stipulated):
        if stipulated is None:
            raise RuleViolation(
                "该时限按规定时间办结，但未给出规定的办结日期（stipulated）",
                code="deadline.stipulated_missing",
                clause="S0-4.6",
                en="this time limit is stipulated (规定时间) but no stipulated days were given",
            )
        v = _days_view(stipulated, "stipulated")
        nat = np.datetime64("NaT").view(np.int64)
        if v.size and bool((v == nat).any()):
            raise RuleViolation(
                "stipulated 中有 NaT：有事项未给出规定的办结日期",
                code="deadline.stipulated_missing",
                clause="S0-4.6",
                en="stipulated holds NaT: no date was given for an item",
            )
        j = _index(t, stipulated, "stipulated")
        shape = np.broadcast_shapes(i.shape, j.shape)
        early = np.broadcast_to(j < i, shape)
        if bool(early.any()):
            where = _at(_first(np, early))
            raise RuleViolation(
                f"stipulated{where} 早于其起算日",
                code="deadline.stipulated_before_start",
                clause="S0-4.6",
                en=f"stipulated{where} is before its start day",
            )
        return _as_day_array(np.broadcast_to(j, shape) + t.base)
    raise DubanError(
        f"due_array 不支持规则 {type(rule).__name__}",
        code="batch.unknown_rule",
        en=f"due_array does not know the rule {type(rule).__name__}",
    )


# -- conversion -----------------------------------------------------------------------------------


def as_days(dates: Iterable[date]) -> DayArray:
    """``datetime.date`` objects as a ``datetime64[D]`` array, type-checked (a ``datetime``
    or anything else is a :class:`~duban_core.errors.DubanError`). ``array.tolist()`` turns
    the result back into dates."""
    np = _numpy()
    if isinstance(dates, (str, bytes)) or not isinstance(dates, Iterable):
        raise DubanError(
            f"dates 应为日期（datetime.date）的列表，收到的是 {type(dates).__name__}",
            code="input.not_a_date",
            en=f"dates must be an iterable of datetime.date, got {type(dates).__name__}",
        )
    ords = [check_date(d, "dates item").toordinal() - _EPOCH_ORD for d in dates]
    return _as_day_array(np.asarray(ords, dtype=np.int64))
