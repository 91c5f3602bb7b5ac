"""ChinaCalendar on real dates of the State Council's published schedules.

Every expected value below comes from the 国务院办公厅 notice for that year
(关于XXXX年部分节假日安排的通知), quoted in the comments; the calendar must reproduce them,
including the weekend days made working days (调休上班, domain.md "Counting time").
"""

from __future__ import annotations

import doctest
import pickle
from datetime import date, datetime, timedelta, timezone
from typing import Any

import holidays
import pytest

import duban_core.calendar as calendar_module
from duban_core import CalendarRangeError, ChinaCalendar, ConfigurationError, DubanError
from duban_core.calendar import FIRST_DAY, LAST_DAY, DayKind, format_day

CAL = ChinaCalendar()


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(i) for i in range((last - first).days + 1)]


# -- the published schedules, day by day ------------------------------------------------------

# (days off, weekend days worked) for holiday breaks, as the notices state them.
BREAKS: list[tuple[str, list[date], list[date]]] = [
    # 2004 春节：1月22日至28日放假，1月17日（星期六）、18日（星期日）上班。
    ("2004 春节", days(date(2004, 1, 22), date(2004, 1, 28)), [date(2004, 1, 17), date(2004, 1, 18)]),
    # 2004 “十一”：10月1日至7日放假，10月9日（星期六）、10日（星期日）上班。
    ("2004 国庆节", days(date(2004, 10, 1), date(2004, 10, 7)), [date(2004, 10, 9), date(2004, 10, 10)]),
    # 2006 元旦（国办发明电〔2005〕35号）：1月1日—3日放假，12月31日（星期六）上班。
    ("2006 元旦", days(date(2006, 1, 1), date(2006, 1, 3)), [date(2005, 12, 31)]),
    # 2010 春节：2月13日至19日放假调休，2月20日（星期六）、21日（星期日）上班。
    ("2010 春节", days(date(2010, 2, 13), date(2010, 2, 19)), [date(2010, 2, 20), date(2010, 2, 21)]),
    # 2010 国庆节：10月1日至7日放假调休，9月26日（星期日）、10月9日（星期六）上班。
    ("2010 国庆节", days(date(2010, 10, 1), date(2010, 10, 7)), [date(2010, 9, 26), date(2010, 10, 9)]),
    # 2015 春节：2月18日至24日放假调休，2月15日（星期日）、2月28日（星期六）上班。
    ("2015 春节", days(date(2015, 2, 18), date(2015, 2, 24)), [date(2015, 2, 15), date(2015, 2, 28)]),
    # 2015 抗战胜利70周年纪念日：9月3日至5日放假调休，9月6日（星期日）上班。
    ("2015 纪念日", days(date(2015, 9, 3), date(2015, 9, 5)), [date(2015, 9, 6)]),
    # 2015 国庆节：10月1日至7日放假调休，10月10日（星期六）上班。
    ("2015 国庆节", days(date(2015, 10, 1), date(2015, 10, 7)), [date(2015, 10, 10)]),
    # 2020 春节：1月24日至30日放假调休，1月19日（星期日）上班；因疫情延长至2月2日
    # （国务院办公厅关于延长2020年春节假期的通知），原定2月1日（星期六）上班改为休息。
    ("2020 春节", days(date(2020, 1, 24), date(2020, 2, 2)), [date(2020, 1, 19)]),
    # 2020 国庆节、中秋节：10月1日至8日放假调休，9月27日（星期日）、10月10日（星期六）上班。
    ("2020 国庆中秋", days(date(2020, 10, 1), date(2020, 10, 8)), [date(2020, 9, 27), date(2020, 10, 10)]),
    # 2024 春节：2月10日至17日放假调休，2月4日（星期日）、2月18日（星期日）上班。
    ("2024 春节", days(date(2024, 2, 10), date(2024, 2, 17)), [date(2024, 2, 4), date(2024, 2, 18)]),
    # 2024 劳动节：5月1日至5日放假调休，4月28日（星期日）、5月11日（星期六）上班。
    ("2024 劳动节", days(date(2024, 5, 1), date(2024, 5, 5)), [date(2024, 4, 28), date(2024, 5, 11)]),
    # 2024 中秋节：9月15日至17日放假调休，9月14日（星期六）上班。
    ("2024 中秋节", days(date(2024, 9, 15), date(2024, 9, 17)), [date(2024, 9, 14)]),
    # 2024 国庆节：10月1日至7日放假调休，9月29日（星期日）、10月12日（星期六）上班。
    ("2024 国庆节", days(date(2024, 10, 1), date(2024, 10, 7)), [date(2024, 9, 29), date(2024, 10, 12)]),
    # 2025 春节：1月28日（除夕）至2月4日放假调休，1月26日（星期日）、2月8日（星期六）上班。
    ("2025 春节", days(date(2025, 1, 28), date(2025, 2, 4)), [date(2025, 1, 26), date(2025, 2, 8)]),
    # 2025 国庆节、中秋节：10月1日至8日放假调休，9月28日（星期日）、10月11日（星期六）上班。
    ("2025 国庆中秋", days(date(2025, 10, 1), date(2025, 10, 8)), [date(2025, 9, 28), date(2025, 10, 11)]),
    # 2026 元旦：1月1日至3日放假调休，1月4日（星期日）上班。
    ("2026 元旦", days(date(2026, 1, 1), date(2026, 1, 3)), [date(2026, 1, 4)]),
    # 2026 春节：2月15日至23日放假调休，2月14日（星期六）、2月28日（星期六）上班。
    ("2026 春节", days(date(2026, 2, 15), date(2026, 2, 23)), [date(2026, 2, 14), date(2026, 2, 28)]),
    # 2026 国庆节：10月1日至7日放假调休，9月20日（星期日）、10月10日（星期六）上班。
    ("2026 国庆节", days(date(2026, 10, 1), date(2026, 10, 7)), [date(2026, 9, 20), date(2026, 10, 10)]),
]


@pytest.mark.parametrize(("what", "off", "worked"), BREAKS, ids=[b[0] for b in BREAKS])
def test_official_breaks_and_makeup_workdays(what: str, off: list[date], worked: list[date]) -> None:
    for d in off:
        assert not CAL.is_workday(d), f"{what}: {d} is a day off"
    for d in worked:
        assert d.weekday() >= 5, "the notices only ever turn weekend days into working days"
        assert CAL.is_workday(d), f"{what}: {d} (调休上班) is a working day"
        assert CAL.day_kind(d) == DayKind.MAKEUP_WORKDAY
    # The days just around the break are ordinary working days (unless a weekend).
    for d in (off[0] - timedelta(1), off[-1] + timedelta(1)):
        assert CAL.is_workday(d) == (d.weekday() < 5 or d in worked)


def test_eve_of_spring_festival_2024_is_a_working_day() -> None:
    # 2024 notice: 春节 2月10日至17日 — 除夕 2月9日（星期五）is not in the break (only
    # "encouraged" off); from 2025 the revised 放假办法 makes 除夕 a statutory holiday.
    assert CAL.is_workday(date(2024, 2, 9))
    assert not CAL.is_workday(date(2025, 1, 28))
    assert CAL.holiday_name(date(2025, 1, 28)) == "农历除夕"


def test_2003_may_day_follows_the_sars_notice() -> None:
    # 国务院办公厅关于2003年“五一”放假调休安排的通知（2003年4月21日）: no golden week;
    # 5月1日—3日 holidays, 5月3日（星期六）的公休调至5月5日（星期一）, 5月4日照常公休.
    # The `holidays` package still has the withdrawn 4月26日、27日上班 / 5月6日、7日休息;
    # duban_core corrects it (calendar._CORRECTIONS).
    assert [CAL.is_workday(d) for d in days(date(2003, 4, 26), date(2003, 5, 8))] == [
        False,  # 4-26 Sat: an ordinary weekend again
        False,  # 4-27 Sun
        True,
        True,
        True,  # 4-28 … 4-30
        False,
        False,
        False,  # 5-1 … 5-3 劳动节
        False,  # 5-4 Sun
        False,  # 5-5 Mon, in place of Saturday 5-3
        True,  # 5-6 Tue: working again
        True,  # 5-7 Wed
        True,  # 5-8 Thu
    ]
    assert CAL.describe(date(2003, 5, 6)) == "2003年5月6日（星期二）为工作日"


def test_corrections_cite_a_notice_and_change_only_what_they_say() -> None:
    corrections = calendar_module._CORRECTIONS
    assert corrections, "the 2003 correction is in the table"
    for fix in corrections:
        assert fix.notice.startswith("国务院办公厅关于")
        assert CAL.is_workday(fix.day) == fix.workday


def test_month_ends_leap_days_and_year_boundaries() -> None:
    assert CAL.is_workday(date(2024, 2, 29))  # Thursday of a leap year
    assert CAL.add_workdays(date(2024, 2, 28), 1) == date(2024, 2, 29)
    assert CAL.add_workdays(date(2024, 2, 29), 1) == date(2024, 3, 1)
    assert CAL.is_workday(date(2028, 2, 29))  # a Tuesday (provisional year)
    assert not CAL.is_workday(date(2032, 2, 29))  # a Sunday
    assert CAL.is_workday(date(2000, 2, 29))  # 2000 is a leap year (divisible by 400)
    # Year boundaries: 元旦 is off, and in 2026 Sunday 1月4日 is worked.
    assert CAL.add_workdays(date(2024, 12, 31), 1) == date(2025, 1, 2)
    assert CAL.add_workdays(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert CAL.add_workdays(date(2026, 1, 4), -1) == date(2025, 12, 31)
    assert CAL.workdays_between(date(2025, 12, 31), date(2026, 1, 5)) == 2
    # Month end on a weekend rolls into the next month.
    assert CAL.roll_forward(date(2024, 3, 31)) == date(2024, 4, 1)
    assert CAL.roll_forward(date(2024, 6, 30)) == date(2024, 7, 1)
    assert CAL.roll_back(date(2024, 6, 30)) == date(2024, 6, 28)


# -- add_workdays, workdays_between, roll_forward / roll_back ---------------------------------


def test_add_workdays_positive_skips_holidays_and_counts_makeup_days() -> None:
    # Friday 2024-09-27: 9-28 Sat off, 9-29 Sun worked (1), 9-30 (2), 10-1…10-7 国庆节,
    # 10-8 (3), 10-9 (4), 10-10 (5).
    start = date(2024, 9, 27)
    assert [CAL.add_workdays(start, n) for n in range(1, 6)] == [
        date(2024, 9, 29),
        date(2024, 9, 30),
        date(2024, 10, 8),
        date(2024, 10, 9),
        date(2024, 10, 10),
    ]
    # 2010 春节 ends Friday 2-19; the next working day is Saturday 2-20 (调休上班).
    assert CAL.add_workdays(date(2010, 2, 12), 1) == date(2010, 2, 20)
    assert CAL.add_workdays(date(2015, 2, 17), 1) == date(2015, 2, 25)


def test_add_workdays_zero_is_roll_forward() -> None:
    assert CAL.add_workdays(date(2024, 10, 1), 0) == date(2024, 10, 8)
    assert CAL.add_workdays(date(2024, 10, 8), 0) == date(2024, 10, 8)
    assert CAL.add_workdays(date(2024, 9, 29), 0) == date(2024, 9, 29)  # a worked Sunday


def test_add_workdays_negative_counts_back() -> None:
    assert CAL.add_workdays(date(2024, 10, 8), -1) == date(2024, 9, 30)
    assert CAL.add_workdays(date(2024, 10, 8), -2) == date(2024, 9, 29)
    assert CAL.add_workdays(date(2024, 10, 8), -3) == date(2024, 9, 27)
    # From a day off, the first working day before it is the 1st.
    assert CAL.add_workdays(date(2024, 10, 5), -1) == date(2024, 9, 30)
    assert CAL.add_workdays(date(2026, 2, 23), -1) == date(2026, 2, 14)  # a worked Saturday


def test_workdays_between_sign_and_half_open_interval() -> None:
    a, b = date(2024, 9, 30), date(2024, 10, 8)
    assert CAL.workdays_between(a, b) == 1  # (a, b] holds only 10-8
    assert CAL.workdays_between(b, a) == -1
    assert CAL.workdays_between(a, a) == 0
    assert CAL.workdays_between(date(2024, 10, 1), date(2024, 10, 7)) == 0
    assert CAL.workdays_between(date(2024, 9, 27), date(2024, 10, 10)) == 5
    assert CAL.workdays_between(date(2024, 10, 10), date(2024, 9, 27)) == -5
    assert CAL.workdays(date(2024, 9, 27), date(2024, 10, 8)) == [
        date(2024, 9, 29),
        date(2024, 9, 30),
        date(2024, 10, 8),
    ]
    assert CAL.workdays(date(2024, 10, 8), date(2024, 9, 27)) == []
    assert CAL.days_off(date(2024, 9, 30), date(2024, 10, 8)) == days(date(2024, 10, 1), date(2024, 10, 7))


def test_roll_forward_and_roll_back() -> None:
    assert CAL.roll_forward(date(2024, 10, 1)) == date(2024, 10, 8)
    assert CAL.roll_back(date(2024, 10, 1)) == date(2024, 9, 30)
    assert CAL.roll_forward(date(2024, 2, 17)) == date(2024, 2, 18)  # worked Sunday
    assert CAL.roll_back(date(2024, 2, 17)) == date(2024, 2, 9)
    for d in (date(2024, 9, 29), date(2024, 10, 8)):
        assert CAL.roll_forward(d) == d == CAL.roll_back(d)


# -- the supported range --------------------------------------------------------------------


@pytest.mark.parametrize("bad", [date(1999, 12, 31), date(2100, 1, 1), date(1, 1, 1), date(9999, 12, 31)])
def test_dates_outside_the_range_raise_calendar_range_error(bad: date) -> None:
    for call in (
        CAL.is_workday,
        CAL.roll_forward,
        CAL.roll_back,
        CAL.is_provisional,
        CAL.describe,
        CAL.day_kind,
        CAL.holiday_name,
        lambda d: CAL.add_workdays(d, 1),
        lambda d: CAL.workdays_between(d, date(2024, 1, 1)),
        lambda d: CAL.workdays_between(date(2024, 1, 1), d),
    ):
        with pytest.raises(CalendarRangeError):
            call(bad)


def test_range_bounds_are_inclusive() -> None:
    assert (date(2000, 1, 1), date(2099, 12, 31)) == (FIRST_DAY, LAST_DAY)
    assert not CAL.is_workday(FIRST_DAY)  # Saturday, 元旦
    assert CAL.is_workday(LAST_DAY)  # Thursday
    assert CAL.workdays_between(FIRST_DAY, LAST_DAY) > 24_000


@pytest.mark.parametrize("n", [10**9, -(10**9), 10**100, 30_000, -30_000])
def test_n_that_leaves_the_range_raises_at_once(n: int) -> None:
    # O(1): no walk, so 10**9 answers as fast as 1.
    with pytest.raises(CalendarRangeError, match="超出工作日历支持的范围"):
        CAL.add_workdays(date(2050, 6, 1), n)


def test_counting_to_the_edges() -> None:
    assert CAL.add_workdays(date(2099, 12, 30), 1) == LAST_DAY
    with pytest.raises(CalendarRangeError):
        CAL.add_workdays(LAST_DAY, 1)
    with pytest.raises(CalendarRangeError):  # 2000-01-01/02 are days off: nothing before
        CAL.roll_back(date(2000, 1, 2))
    first_workday = CAL.roll_forward(FIRST_DAY)
    with pytest.raises(CalendarRangeError):
        CAL.add_workdays(first_workday, -1)
    # A day off at the very end has no working day after it.
    cal = ChinaCalendar(extra_holidays={LAST_DAY: "测试假日"})
    with pytest.raises(CalendarRangeError):
        cal.roll_forward(LAST_DAY)


def test_range_errors_are_duban_errors() -> None:
    assert issubclass(CalendarRangeError, DubanError)
    assert issubclass(DubanError, ValueError)


# -- non-date input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        datetime(2024, 10, 1, 9, 0, tzinfo=timezone.utc),
        datetime(2024, 10, 1),
        "2024-10-01",
        None,
        20241001,
        1.5,
        (2024, 10, 1),
    ],
)
def test_non_dates_raise_duban_error_not_type_error(bad: Any) -> None:
    for call in (
        CAL.is_workday,
        CAL.roll_forward,
        CAL.roll_back,
        CAL.is_provisional,
        CAL.describe,
        CAL.day_kind,
        CAL.holiday_name,
        lambda d: CAL.add_workdays(d, 1),
        lambda d: CAL.workdays_between(d, date(2024, 1, 1)),
        lambda d: CAL.workdays_between(date(2024, 1, 1), d),
    ):
        with pytest.raises(DubanError):
            call(bad)


def test_a_datetime_is_refused_with_a_hint_about_cst() -> None:
    with pytest.raises(DubanError, match="北京时间"):
        CAL.is_workday(datetime(2024, 10, 1, 23, 30, tzinfo=timezone.utc))


@pytest.mark.parametrize("bad_n", [1.0, "1", None, True, False, 2.5])
def test_add_workdays_n_must_be_an_int(bad_n: Any) -> None:
    with pytest.raises(DubanError, match="应为整数"):
        CAL.add_workdays(date(2024, 10, 8), bad_n)


def test_integer_types_other_than_int_are_accepted_for_n() -> None:
    class Index:
        def __index__(self) -> int:
            return 3

    assert CAL.add_workdays(date(2024, 9, 27), Index()) == date(2024, 10, 8)  # type: ignore[arg-type]


def test_date_subclasses_are_accepted() -> None:
    class MyDate(date):
        pass

    assert CAL.is_workday(MyDate(2024, 9, 29))
    assert CAL.roll_forward(MyDate(2024, 10, 1)) == date(2024, 10, 8)
    assert type(CAL.roll_forward(MyDate(2024, 10, 8))) is date


# -- overrides ------------------------------------------------------------------------------


def test_extra_holidays_and_workdays_override_the_data() -> None:
    # A local arrangement: Friday 2025-03-07 off, Sunday 2025-03-09 worked.
    cal = ChinaCalendar(extra_holidays={date(2025, 3, 7): "地方防汛放假"}, extra_workdays=[date(2025, 3, 9)])
    assert CAL.is_workday(date(2025, 3, 7))
    assert not CAL.is_workday(date(2025, 3, 9))
    assert not cal.is_workday(date(2025, 3, 7))
    assert cal.is_workday(date(2025, 3, 9))
    assert cal.add_workdays(date(2025, 3, 6), 1) == date(2025, 3, 9)
    assert cal.workdays_between(date(2025, 3, 6), date(2025, 3, 10)) == 2
    assert cal.day_kind(date(2025, 3, 7)) == DayKind.LOCAL_HOLIDAY
    assert cal.day_kind(date(2025, 3, 9)) == DayKind.LOCAL_WORKDAY
    assert cal.holiday_name(date(2025, 3, 7)) == "地方防汛放假"
    assert cal.describe(date(2025, 3, 7)) == "2025年3月7日（星期五）为另行规定的休息日（地方防汛放假）"
    assert cal.describe(date(2025, 3, 9)) == "2025年3月9日（星期日）为另行规定的工作日"
    assert cal.extra_holidays == {date(2025, 3, 7): "地方防汛放假"}
    assert cal.extra_workdays == frozenset({date(2025, 3, 9)})


def test_an_extra_workday_can_cancel_an_official_holiday() -> None:
    cal = ChinaCalendar(extra_workdays=[date(2024, 10, 1)])
    assert cal.is_workday(date(2024, 10, 1))
    assert cal.holiday_name(date(2024, 10, 1)) is None
    assert cal.add_workdays(date(2024, 9, 30), 1) == date(2024, 10, 1)


def test_overrides_for_a_year_published_after_the_data() -> None:
    # How a host adds a schedule the installed `holidays` release does not have yet.
    year = CAL.published_through + 1
    saturday = next(d for d in days(date(year, 9, 20), date(year, 9, 30)) if d.weekday() == 5)
    cal = ChinaCalendar(extra_workdays=[saturday], extra_holidays={date(year, 10, 8): "国庆节"})
    assert cal.is_workday(saturday)
    assert not cal.is_workday(date(year, 10, 8))
    assert cal.published_through == CAL.published_through
    assert cal.is_provisional(saturday)


def test_a_day_in_both_overrides_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="既是新增假日又是调休上班日"):
        ChinaCalendar(extra_holidays={date(2025, 3, 7): "放假"}, extra_workdays=[date(2025, 3, 7)])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"extra_holidays": [date(2025, 3, 7)]}, ConfigurationError),
        ({"extra_holidays": {date(2025, 3, 7): ""}}, ConfigurationError),
        ({"extra_holidays": {date(2025, 3, 7): "  "}}, ConfigurationError),
        ({"extra_holidays": {date(2025, 3, 7): 5}}, ConfigurationError),
        ({"extra_holidays": {"2025-03-07": "放假"}}, DubanError),
        ({"extra_holidays": {date(2100, 1, 4): "放假"}}, CalendarRangeError),
        ({"extra_workdays": "2025-03-09"}, ConfigurationError),
        ({"extra_workdays": 5}, ConfigurationError),
        ({"extra_workdays": [datetime(2025, 3, 9)]}, DubanError),
        ({"extra_workdays": [date(1999, 1, 2)]}, CalendarRangeError),
    ],
)
def test_invalid_overrides_are_refused(kwargs: dict[str, Any], error: type[DubanError]) -> None:
    with pytest.raises(error):
        ChinaCalendar(**kwargs)


# -- published_through and provisional years ------------------------------------------------


def test_published_through_is_derived_from_the_holidays_data() -> None:
    cn = holidays.country_holidays("CN", years=range(2000, 2100))
    assert CAL.published_through == max(d.year for d in cn.weekend_workdays)
    assert CAL.published_through >= 2026  # the installed data holds the 2026 schedule


def test_overrides_never_change_published_through() -> None:
    later = date(CAL.published_through + 3, 1, 10)
    cal = ChinaCalendar(extra_holidays={later: "新年假期"}, extra_workdays=[date(2099, 1, 3)])
    assert cal.published_through == CAL.published_through


def test_is_provisional_after_the_published_year() -> None:
    last = CAL.published_through
    assert not CAL.is_provisional(date(last, 12, 31))
    assert CAL.is_provisional(date(last + 1, 1, 1))
    assert not CAL.is_provisional(date(2004, 1, 22))
    assert CAL.is_provisional(LAST_DAY)


def test_provisional_years_still_have_the_statutory_holidays() -> None:
    # Estimates for a year without a schedule: statutory days off, no make-up workdays.
    year = CAL.published_through + 1
    assert not CAL.is_workday(date(year, 10, 1))
    assert not CAL.is_workday(date(year, 1, 1))
    assert not any(
        CAL.day_kind(d) == DayKind.MAKEUP_WORKDAY for d in days(date(year, 1, 1), date(year, 12, 31))
    )


# -- explanations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2024, 10, 1), "2024年10月1日（星期二）为法定节假日（国庆节）"),
        (
            date(2024, 10, 4),
            "2024年10月4日（星期五）为调休休息日（国庆节调休，与2024年9月29日（星期日）调换）",
        ),
        (
            date(2024, 9, 29),
            "2024年9月29日（星期日）为调休上班日（国庆节调休，与2024年10月4日（星期五）调换）",
        ),
        (date(2024, 10, 5), "2024年10月5日（星期六）为休息日（国庆节假期）"),
        (date(2024, 10, 13), "2024年10月13日（星期日）为休息日"),
        (date(2024, 10, 8), "2024年10月8日（星期二）为工作日"),
        (date(2024, 2, 13), "2024年2月13日（星期二）为法定节假日（春节补休）"),
        (date(2026, 2, 16), "2026年2月16日（星期一）为法定节假日（农历除夕）"),
        (date(2026, 2, 28), "2026年2月28日（星期六）为调休上班日（春节调休，与2026年2月23日（星期一）调换）"),
        (date(2020, 10, 1), "2020年10月1日（星期四）为法定节假日（中秋节、国庆节）"),
        (date(2020, 1, 31), "2020年1月31日（星期五）为法定节假日（春节延长假期）"),
        (
            date(2005, 12, 31),
            "2005年12月31日（星期六）为调休上班日（元旦调休，与2006年1月3日（星期二）调换）",
        ),
    ],
)
def test_describe(d: date, text: str) -> None:
    assert CAL.describe(d) == text


@pytest.mark.parametrize(
    ("d", "kind"),
    [
        (date(2024, 10, 1), DayKind.HOLIDAY),
        (date(2024, 10, 4), DayKind.SWAPPED_DAY_OFF),
        (date(2024, 9, 29), DayKind.MAKEUP_WORKDAY),
        (date(2024, 10, 5), DayKind.WEEKEND),
        (date(2024, 10, 8), DayKind.WORKDAY),
    ],
)
def test_day_kind(d: date, kind: str) -> None:
    assert CAL.day_kind(d) == kind


def test_day_kind_labels_are_chinese() -> None:
    assert (DayKind.WORKDAY, DayKind.WEEKEND, DayKind.HOLIDAY) == ("工作日", "休息日", "法定节假日")
    assert (DayKind.MAKEUP_WORKDAY, DayKind.SWAPPED_DAY_OFF) == ("调休上班日", "调休休息日")


def test_holidays_around_names_the_whole_break() -> None:
    for d in days(date(2024, 10, 1), date(2024, 10, 7)):
        assert CAL.holidays_around(d) == ("国庆节",)
    for d in days(date(2026, 2, 15), date(2026, 2, 23)):  # 除夕 counts as 春节
        assert CAL.holidays_around(d) == ("春节",)
    assert CAL.holidays_around(date(2025, 10, 4)) == ("国庆节", "中秋节")
    assert CAL.holidays_around(date(2024, 10, 13)) == ()  # a plain weekend
    assert CAL.holidays_around(date(2024, 10, 8)) == ()  # a working day


def test_swapped_with_pairs_each_makeup_day_with_a_day_off() -> None:
    assert CAL.swapped_with(date(2024, 10, 4)) == date(2024, 9, 29)
    assert CAL.swapped_with(date(2024, 9, 29)) == date(2024, 10, 4)
    assert CAL.swapped_with(date(2024, 10, 1)) is None
    assert CAL.swapped_with(date(2003, 5, 6)) is None  # the withdrawn 2003 exchange


def test_format_day() -> None:
    assert format_day(date(2024, 10, 1)) == "2024年10月1日（星期二）"
    assert format_day(date(2024, 9, 29)) == "2024年9月29日（星期日）"


# -- identity -------------------------------------------------------------------------------


def test_equality_and_hash() -> None:
    a = ChinaCalendar(extra_holidays={date(2025, 3, 7): "放假"}, extra_workdays=[date(2025, 3, 9)])
    b = ChinaCalendar(extra_holidays={date(2025, 3, 7): "放假"}, extra_workdays={date(2025, 3, 9)})
    c = ChinaCalendar(extra_holidays={date(2025, 3, 7): "另一个名字"}, extra_workdays=[date(2025, 3, 9)])
    assert a == b
    assert hash(a) == hash(b)
    assert a != c
    assert a != CAL
    assert ChinaCalendar() == CAL
    assert hash(ChinaCalendar()) == hash(CAL)
    assert len({a, b, c, CAL}) == 3
    assert CAL != "ChinaCalendar()"


def test_pickle_round_trip() -> None:
    a = ChinaCalendar(extra_holidays={date(2025, 3, 7): "放假"}, extra_workdays=[date(2025, 3, 9)])
    for cal in (a, CAL):
        back = pickle.loads(pickle.dumps(cal))
        assert back == cal
        assert back.is_workday(date(2025, 3, 9)) == cal.is_workday(date(2025, 3, 9))
        assert back.is_workday(date(2025, 3, 7)) == cal.is_workday(date(2025, 3, 7))


def test_repr_shows_overrides() -> None:
    assert repr(CAL) == "ChinaCalendar()"
    r = repr(ChinaCalendar(extra_workdays=[date(2025, 3, 9)]))
    assert "extra_workdays" in r
    assert "2025, 3, 9" in r


def test_overrides_are_copied_not_shared() -> None:
    source = {date(2025, 3, 7): "放假"}
    cal = ChinaCalendar(extra_holidays=source)
    source[date(2025, 3, 10)] = "后加的"
    cal.extra_holidays[date(2025, 3, 11)] = "改副本"  # type: ignore[index]
    assert cal.is_workday(date(2025, 3, 10))
    assert cal.is_workday(date(2025, 3, 11))
    assert cal == ChinaCalendar(extra_holidays={date(2025, 3, 7): "放假"})


def test_raw_tables_stay_consistent() -> None:
    # ChinaCalendar.raw_tables() is used by duban_core.batch (vectorised deadlines).
    work, cum, ords, base = CAL.raw_tables()
    assert base == FIRST_DAY.toordinal()
    assert len(work) == len(cum) == (LAST_DAY - FIRST_DAY).days + 1
    assert len(ords) == cum[-1]
    i = date(2024, 9, 29).toordinal() - base
    assert work[i] == 1
    assert ords[cum[i] - 1] == i


def test_docstring_examples() -> None:
    result = doctest.testmod(calendar_module)
    assert result.attempted > 0
    assert result.failed == 0
