"""duban_core.batch: the vectorised API gives exactly what the scalar calendar and rules give."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from duban_core import CalendarRangeError, ChinaCalendar, DubanError, RuleViolation
from duban_core.batch import (
    add_workdays_array,
    as_days,
    due_array,
    is_provisional_array,
    is_workday_array,
    roll_back_array,
    roll_forward_array,
    workdays_between_array,
)
from duban_core.calendar import FIRST_DAY, LAST_DAY
from duban_core.rules import CalendarDays, Months, SameDay, Stipulated, WorkingDays

CAL = ChinaCalendar()
# Overrides: a local holiday on a weekday, and a Saturday made a working day.
LOCAL = ChinaCalendar(extra_holidays={date(2024, 11, 12): "地方节日"}, extra_workdays=[date(2024, 11, 16)])


def days(*isos: str) -> NDArray[np.datetime64]:
    return np.array(isos, dtype="datetime64[D]")


def to_dates(a: NDArray[np.datetime64]) -> list[date]:
    out: list[date] = a.tolist()
    return out


in_range = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
# Most draws near the published years (where 调休 days are), some anywhere, some at the edges.
near = st.dates(min_value=date(2018, 1, 1), max_value=date(2027, 12, 31))
edges = st.sampled_from(
    [FIRST_DAY, FIRST_DAY + timedelta(1), LAST_DAY - timedelta(1), LAST_DAY, date(2024, 9, 29)]
)
any_day = st.one_of(near, in_range, edges)
counts = st.one_of(st.integers(-40, 40), st.integers(-30_000, 30_000), st.sampled_from([0, 1, -1]))
calendars = st.sampled_from([CAL, LOCAL])


def scalar_or_error(f: object, *args: object) -> object:
    assert callable(f)
    try:
        return f(*args)
    except CalendarRangeError:
        return CalendarRangeError


# -- equality with the scalar calendar ------------------------------------------------------------


@given(calendars, st.lists(st.tuples(any_day, counts), min_size=1, max_size=40))
def test_add_workdays_array_equals_scalar(cal: ChinaCalendar, pairs: list[tuple[date, int]]) -> None:
    ds = as_days([d for d, _ in pairs])
    ns = np.array([n for _, n in pairs], dtype=np.int64)
    expected = [scalar_or_error(cal.add_workdays, d, n) for d, n in pairs]
    if CalendarRangeError in expected:
        with pytest.raises(CalendarRangeError):
            add_workdays_array(cal, ds, ns)
    else:
        assert to_dates(add_workdays_array(cal, ds, ns)) == expected


@given(calendars, st.lists(any_day, min_size=1, max_size=40), counts)
def test_add_workdays_array_scalar_n_equals_scalar(cal: ChinaCalendar, ds: list[date], n: int) -> None:
    expected = [scalar_or_error(cal.add_workdays, d, n) for d in ds]
    if CalendarRangeError in expected:
        with pytest.raises(CalendarRangeError):
            add_workdays_array(cal, as_days(ds), n)
    else:
        assert to_dates(add_workdays_array(cal, as_days(ds), n)) == expected
        assert to_dates(add_workdays_array(cal, as_days(ds), np.int32(n))) == expected


@given(calendars, st.lists(any_day, min_size=1, max_size=40))
def test_queries_equal_scalar(cal: ChinaCalendar, ds: list[date]) -> None:
    a = as_days(ds)
    assert is_workday_array(cal, a).tolist() == [cal.is_workday(d) for d in ds]
    assert is_provisional_array(cal, a).tolist() == [cal.is_provisional(d) for d in ds]
    fwd = [scalar_or_error(cal.roll_forward, d) for d in ds]
    if CalendarRangeError in fwd:
        with pytest.raises(CalendarRangeError):
            roll_forward_array(cal, a)
    else:
        assert to_dates(roll_forward_array(cal, a)) == fwd
    back = [scalar_or_error(cal.roll_back, d) for d in ds]
    if CalendarRangeError in back:
        with pytest.raises(CalendarRangeError):
            roll_back_array(cal, a)
    else:
        assert to_dates(roll_back_array(cal, a)) == back


@given(calendars, st.lists(st.tuples(any_day, any_day), min_size=1, max_size=40))
def test_workdays_between_array_equals_scalar(cal: ChinaCalendar, pairs: list[tuple[date, date]]) -> None:
    a = as_days([x for x, _ in pairs])
    b = as_days([y for _, y in pairs])
    assert workdays_between_array(cal, a, b).tolist() == [cal.workdays_between(x, y) for x, y in pairs]


rules = st.one_of(
    st.integers(1, 400).map(CalendarDays),
    st.integers(1, 400).map(WorkingDays),
    st.integers(1, 60).map(Months),
    st.just(SameDay()),
)


@given(calendars, rules, st.lists(any_day, min_size=1, max_size=30))
def test_due_array_equals_rule_due(
    cal: ChinaCalendar, rule: CalendarDays | WorkingDays | Months | SameDay, ds: list[date]
) -> None:
    expected = [scalar_or_error(lambda d: rule.due(d, cal).due, d) for d in ds]
    if CalendarRangeError in expected:
        with pytest.raises(CalendarRangeError):
            due_array(rule, as_days(ds), cal)
    else:
        assert to_dates(due_array(rule, as_days(ds), cal)) == expected


@given(st.lists(st.tuples(near, st.integers(0, 400)), min_size=1, max_size=30))
def test_due_array_stipulated(pairs: list[tuple[date, int]]) -> None:
    starts = as_days([d for d, _ in pairs])
    fixed = as_days([d + timedelta(k) for d, k in pairs])
    expected = [Stipulated().due(d, CAL, stipulated=d + timedelta(k)).due for d, k in pairs]
    assert to_dates(due_array(Stipulated(), starts, CAL, stipulated=fixed)) == expected


# -- real dates -----------------------------------------------------------------------------------


def test_national_day_2024_and_its_makeup_sunday() -> None:
    # 2024-09-29 (Sunday) is a working day; 2024-10-01 … 07 are off; 2024-10-12 (Saturday) works.
    a = days("2024-09-27", "2024-09-28", "2024-09-29", "2024-09-30", "2024-10-01", "2024-10-07")
    assert is_workday_array(CAL, a).tolist() == [True, False, True, True, False, False]
    assert to_dates(add_workdays_array(CAL, a, 1)) == [
        date(2024, 9, 29),
        date(2024, 9, 29),
        date(2024, 9, 30),
        date(2024, 10, 8),
        date(2024, 10, 8),
        date(2024, 10, 8),
    ]
    assert to_dates(roll_forward_array(CAL, a)) == [
        date(2024, 9, 27),
        date(2024, 9, 29),
        date(2024, 9, 29),
        date(2024, 9, 30),
        date(2024, 10, 8),
        date(2024, 10, 8),
    ]
    assert to_dates(add_workdays_array(CAL, days("2024-10-08"), -1)) == [date(2024, 9, 30)]
    assert to_dates(add_workdays_array(CAL, days("2024-09-30"), 5)) == [date(2024, 10, 12)]
    assert workdays_between_array(CAL, days("2024-09-27"), days("2024-10-08")).tolist() == [3]
    assert to_dates(due_array(CalendarDays(5), days("2024-09-27"), CAL)) == [date(2024, 10, 8)]
    assert to_dates(due_array(WorkingDays(3), days("2024-09-27"), CAL)) == [date(2024, 10, 8)]


def test_numpy_busday_offset_misses_the_makeup_sunday() -> None:
    # What duban_core.batch exists for: numpy cannot count a Sunday as a working day.
    holidays = [date(2024, 10, d) for d in range(1, 8)]
    cal = np.busdaycalendar(weekmask="1111100", holidays=as_days(holidays))
    numpy_says = np.busday_offset(days("2024-09-27"), 1, roll="backward", busdaycal=cal)
    assert numpy_says.tolist() == [date(2024, 9, 30)]
    assert to_dates(add_workdays_array(CAL, days("2024-09-27"), 1)) == [date(2024, 9, 29)]


def test_overrides_are_honoured() -> None:
    a = days("2024-11-11", "2024-11-15")
    assert to_dates(add_workdays_array(LOCAL, a, 1)) == [date(2024, 11, 13), date(2024, 11, 16)]
    assert to_dates(add_workdays_array(CAL, a, 1)) == [date(2024, 11, 12), date(2024, 11, 18)]


def test_shapes_broadcast() -> None:
    a = days("2024-09-27", "2024-09-30").reshape(2, 1)
    n = np.array([[0, 1, 2]])
    out = add_workdays_array(CAL, a, n)
    assert out.shape == (2, 3)
    for r, d in enumerate(to_dates(a.ravel())):
        for c, k in enumerate(n.ravel().tolist()):
            assert out[r, c].tolist() == CAL.add_workdays(d, k)
    assert workdays_between_array(CAL, a, days("2024-10-08", "2024-10-09")).shape == (2, 2)
    assert add_workdays_array(CAL, days(), 3).shape == (0,)
    assert add_workdays_array(CAL, days(), np.array([], dtype=np.int64)).shape == (0,)
    scalar_in = add_workdays_array(CAL, np.datetime64("2024-09-28"), 1)
    assert isinstance(scalar_in, np.ndarray)
    assert scalar_in.shape == ()
    assert scalar_in.tolist() == date(2024, 9, 29)


def test_months_end_of_month_and_leap_day() -> None:
    a = days("2024-01-31", "2024-02-29", "2023-08-31", "2024-08-30")
    expected = [Months(1).due(d, CAL).due for d in to_dates(a)]
    assert to_dates(due_array(Months(1), a, CAL)) == expected
    assert to_dates(due_array(Months(12), days("2024-02-29"), CAL)) == [date(2025, 2, 28)]


# -- refusals -------------------------------------------------------------------------------------


def test_range_errors() -> None:
    with pytest.raises(CalendarRangeError, match=r"days\[1\] = 1999-12-31"):
        add_workdays_array(CAL, days("2024-01-01", "1999-12-31"), 1)
    with pytest.raises(CalendarRangeError, match="2099-12-30"):
        add_workdays_array(CAL, days("2024-01-01", "2099-12-30"), 5)
    with pytest.raises(CalendarRangeError):
        add_workdays_array(CAL, days("2000-01-04"), -5)
    with pytest.raises(CalendarRangeError):
        add_workdays_array(CAL, days("2024-01-01"), np.array([2**62]))
    with pytest.raises(CalendarRangeError):
        add_workdays_array(CAL, days("2024-01-01"), np.array([2**64 - 1], dtype=np.uint64))
    with pytest.raises(CalendarRangeError):
        add_workdays_array(CAL, days("2024-01-01"), -(2**70))
    with pytest.raises(CalendarRangeError):
        is_workday_array(CAL, days("2100-01-01"))
    with pytest.raises(CalendarRangeError):
        workdays_between_array(CAL, days("2024-01-01"), days("2100-01-01"))
    with pytest.raises(CalendarRangeError):
        roll_forward_array(CAL, days("2100-01-01"))
    with pytest.raises(CalendarRangeError):
        add_workdays_array(CAL, days("2099-12-31"), 1)  # the last day, a Thursday
    with pytest.raises(CalendarRangeError):
        roll_back_array(CAL, days("2000-01-01"))  # a Saturday, the first day
    with pytest.raises(CalendarRangeError):
        due_array(CalendarDays(30), days("2099-12-15"), CAL)
    with pytest.raises(CalendarRangeError):
        due_array(Months(2), days("2099-11-15"), CAL)
    with pytest.raises(CalendarRangeError):
        due_array(SameDay(), days("1999-06-01"), CAL)
    with pytest.raises(CalendarRangeError):
        is_provisional_array(CAL, days("2100-01-01"))


def test_roll_forward_past_the_last_workday() -> None:
    # With the last day made a holiday, nothing after 2099-12-30 can roll forward.
    cal = ChinaCalendar(extra_holidays={LAST_DAY: "假日"})
    assert to_dates(roll_forward_array(cal, days("2099-12-30"))) == [date(2099, 12, 30)]
    with pytest.raises(CalendarRangeError):
        roll_forward_array(cal, days("2099-12-30", "2099-12-31"))
    with pytest.raises(CalendarRangeError):
        due_array(CalendarDays(1), days("2099-12-30"), cal)


@pytest.mark.parametrize(
    "bad",
    [
        [date(2024, 1, 1)],
        "2024-01-01",
        np.array(["2024-01-01T08:00"], dtype="datetime64[s]"),
        np.array(["2024-01"], dtype="datetime64[M]"),
        np.array([19000]),
        np.array(["NaT"], dtype="datetime64[D]"),
    ],
)
def test_bad_days(bad: object) -> None:
    with pytest.raises(DubanError):
        add_workdays_array(CAL, bad, 1)  # type: ignore[arg-type]
    with pytest.raises(DubanError):
        is_workday_array(CAL, bad)  # type: ignore[arg-type]
    with pytest.raises(DubanError):
        due_array(CalendarDays(5), bad, CAL)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [1.0, True, np.array([1.5]), np.array([True]), "1", None])
def test_bad_counts(bad: object) -> None:
    with pytest.raises(DubanError):
        add_workdays_array(CAL, days("2024-01-02"), bad)  # type: ignore[arg-type]


def test_bad_calendar_and_rule() -> None:
    with pytest.raises(DubanError):
        add_workdays_array(object(), days("2024-01-02"), 1)  # type: ignore[arg-type]
    with pytest.raises(DubanError):
        due_array(object(), days("2024-01-02"), CAL)  # type: ignore[arg-type]


def test_stipulated_refusals() -> None:
    start = days("2024-03-01", "2024-03-05")
    with pytest.raises(RuleViolation):
        due_array(Stipulated(), start, CAL)
    with pytest.raises(RuleViolation, match=r"stipulated\[1\]"):
        due_array(Stipulated(), start, CAL, stipulated=days("2024-03-02", "2024-03-04"))
    with pytest.raises(RuleViolation):
        due_array(Stipulated(), start, CAL, stipulated=days("2024-03-02", "NaT"))
    with pytest.raises(CalendarRangeError):
        due_array(Stipulated(), start, CAL, stipulated=days("2024-03-02", "2100-01-04"))


def test_as_days() -> None:
    assert as_days([date(2024, 9, 29)]).dtype == np.dtype("datetime64[D]")
    assert as_days([]).shape == (0,)
    with pytest.raises(DubanError):
        as_days([datetime(2024, 9, 29, 8)])  # a naive datetime
    with pytest.raises(DubanError):
        as_days(["2024-09-29"])  # type: ignore[list-item]
    with pytest.raises(DubanError):
        as_days(5)  # type: ignore[arg-type]


def test_tables_are_cached_and_read_only() -> None:
    from duban_core.batch import _tables

    t = _tables(CAL)
    assert _tables(ChinaCalendar()) is t
    assert not t.cum.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        t.cum[0] = 5


def test_core_imports_without_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import duban_core`` must not need numpy; ``duban_core.batch`` says what to install."""
    for name in list(sys.modules):
        if name == "duban_core" or name.startswith("duban_core."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "numpy", None)
    import duban_core
    import duban_core.batch as fresh

    assert duban_core.ChinaCalendar().is_workday(date(2024, 9, 29))
    with pytest.raises(ImportError, match=r"duban_core\[numpy\]"):
        fresh.as_days([date(2024, 9, 29)])
