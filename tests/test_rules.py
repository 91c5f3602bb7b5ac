"""Deadline rules and reporting schedules on real dates.

The 日 rules follow the Civil Code (民法典 arts. 201-203, domain.md "Counting time"); the
time limits themselves come from S0-4 (5日 S0-4.1/S0-4.4, 7日 S0-4.3, 每季度末 S0-4.2,
规定时间 S0-4.5/S0-4.6, 随到随办 S0-4.6); weekly and monthly reports from S4-24 and S4-23.
"""

from __future__ import annotations

import doctest
from datetime import date, datetime, timezone
from typing import Any

import pytest
from pydantic import ValidationError

import duban_core.rules as rules_module
from duban_core import CalendarRangeError, ChinaCalendar, DubanError, RuleSet, RuleViolation
from duban_core.calendar import format_day
from duban_core.categories import Category
from duban_core.clauses import cite
from duban_core.rules import (
    CalendarDays,
    Deadline,
    Monthly,
    Months,
    QuarterEnds,
    SameDay,
    Stipulated,
    Weekly,
    WorkingDays,
    parse_rule,
)

CAL = ChinaCalendar()
LAST_PUBLISHED = CAL.published_through

ALL_RULES: list[CalendarDays | WorkingDays | Months | SameDay | Stipulated] = [
    CalendarDays(5),
    CalendarDays(7),
    WorkingDays(5),
    Months(3),
    SameDay(),
    Stipulated(),
]


# -- CalendarDays: N 日 (Civil Code arts. 201, 203) -----------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Start day not counted (art. 201): Mon 2024-03-04 + 5 → Sat 03-09 → Mon 03-11 (art. 203).
        (date(2024, 3, 4), 5, date(2024, 3, 11)),
        (date(2024, 3, 4), 3, date(2024, 3, 7)),
        # The 5th day is 国庆节 (2024-10-02); the break runs to 10-07.
        (date(2024, 9, 27), 5, date(2024, 10, 8)),
        # The 5th day is Sunday 2024-09-29, a 调休上班日: due that Sunday.
        (date(2024, 9, 24), 5, date(2024, 9, 29)),
        # Received on a holiday: counting starts the next day all the same.
        (date(2024, 10, 1), 5, date(2024, 10, 8)),
        # 2026 春节 (2月15日至23日): the 5th day 02-17 is in the break → 02-24.
        (date(2026, 2, 12), 5, date(2026, 2, 24)),
        # 2025 春节 (1月28日至2月4日): 01-29 → 02-05.
        (date(2025, 1, 24), 5, date(2025, 2, 5)),
        # 2015 春节 (2月18日至24日): 02-18 → 02-25.
        (date(2015, 2, 13), 5, date(2015, 2, 25)),
        # 2004 春节 (1月22日至28日): Sunday 01-25 inside the break → 01-29.
        (date(2004, 1, 20), 5, date(2004, 1, 29)),
        # 2010 春节 ends Friday 02-19; Saturday 02-20 is worked (调休上班): due on a Saturday.
        (date(2010, 2, 12), 7, date(2010, 2, 20)),
        # 7日 ending on an ordinary Thursday (S0-4.3).
        (date(2024, 2, 1), 7, date(2024, 2, 8)),
        # Across the year end: 2024-12-27 + 5 = 2025-01-01 (元旦) → 01-02.
        (date(2024, 12, 27), 5, date(2025, 1, 2)),
        # Leap day: 2024-02-24 + 5 = 02-29 (Thursday).
        (date(2024, 2, 24), 5, date(2024, 2, 29)),
    ],
)
def test_calendar_days(start: date, n: int, due: date) -> None:
    deadline = CalendarDays(n).due(start, CAL)
    assert deadline.due == due
    assert deadline.start == start
    assert deadline.rule == CalendarDays(n)
    assert not deadline.provisional


def test_calendar_days_explanation_names_the_holiday_and_the_swapped_days() -> None:
    text = CalendarDays(5).due(date(2024, 9, 27), CAL).explanation
    assert "第二百零一条" in text
    assert "开始的当日不计入" in text
    assert "期间最后一日为2024年10月2日（星期三）" in text
    assert "国庆节假期" in text
    assert "第二百零三条" in text
    assert "顺延至其后第一个工作日2024年10月8日（星期二）" in text
    # The weekdays off inside the break are explained by their 调休上班 days.
    assert "2024年10月4日（星期五）、2024年10月7日（星期一）为调休休息日" in text
    assert "2024年9月29日（星期日）、2024年10月12日（星期六）调休上班" in text


def test_calendar_days_ending_on_a_worked_sunday_says_so() -> None:
    text = CalendarDays(5).due(date(2024, 9, 24), CAL).explanation
    assert "2024年9月29日（星期日）为调休上班日（国庆节调休" in text
    assert "即办结期限" in text
    assert "顺延" not in text


def test_calendar_days_over_a_plain_weekend() -> None:
    text = CalendarDays(5).due(date(2024, 3, 4), CAL).explanation
    assert "2024年3月9日（星期六）、2024年3月10日（星期日）为周末休息日" in text
    assert "顺延至其后第一个工作日2024年3月11日（星期一）" in text


def test_spring_festival_explanation() -> None:
    text = CalendarDays(5).due(date(2026, 2, 12), CAL).explanation
    assert "春节假期" in text
    assert "2026年2月14日（星期六）、2026年2月28日（星期六）调休上班" in text


# -- WorkingDays: N 工作日 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 09-29 (Sun, worked) 1, 09-30 2, 国庆节 10-01…07, 10-08 3, 10-09 4, 10-10 5.
        (date(2024, 9, 27), 5, date(2024, 10, 10)),
        # 02-02 1, 02-04 (Sun, worked) 2, 02-05…02-09 3…7.
        (date(2024, 2, 1), 7, date(2024, 2, 9)),
        # 2025 春节: 01-26 (Sun, worked) 1, 01-27 2, break 01-28…02-04, 02-05 3, 02-06 4, 02-07 5.
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        # 2026 元旦: 01-01…03 off, Sunday 01-04 worked.
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
    ],
)
def test_working_days(start: date, n: int, due: date) -> None:
    deadline = WorkingDays(n).due(start, CAL)
    assert deadline.due == due == CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, due) == n


def test_working_days_explanation_names_holiday_and_counted_makeup_days() -> None:
    text = WorkingDays(5).due(date(2024, 9, 27), CAL).explanation
    assert "按5个工作日计算" in text
    assert "第5个工作日为2024年10月10日（星期四）" in text
    assert "2024年10月1日（星期二）至2024年10月7日（星期一）为国庆节假期" in text
    assert "期间的调休上班日计为工作日：2024年9月29日（星期日）（国庆节调休上班）" in text
    assert "跳过周末休息日1天" in text  # Saturday 09-28


def test_working_days_explanation_spring_festival() -> None:
    text = WorkingDays(5).due(date(2025, 1, 24), CAL).explanation
    assert "春节假期" in text
    assert "2025年1月26日（星期日）（春节调休上班）" in text


def test_long_working_day_explanations_stay_bounded() -> None:
    text = WorkingDays(3000).due(date(2010, 1, 1), CAL).explanation
    assert "段节假日" in text
    assert len(text) < 3000


# -- Months (art. 202) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "last", "due"),
    [
        # Jan 31 + 1 month: no Feb 31 → the month's last day (art. 202).
        (date(2024, 1, 31), 1, date(2024, 2, 29), date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28), date(2025, 2, 28)),
        # Clamped to Sunday 2021-02-28 → rolled to Monday 03-01 (art. 203).
        (date(2021, 1, 31), 1, date(2021, 2, 28), date(2021, 3, 1)),
        # Clamped to Saturday 2026-02-28, a 调休上班日 (2026 春节): due that Saturday.
        (date(2026, 1, 31), 1, date(2026, 2, 28), date(2026, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29), date(2024, 2, 29)),
        (date(2024, 8, 31), 1, date(2024, 9, 30), date(2024, 9, 30)),
        # Same day 3 months later is 国庆节 → 10-08 (DEPUTY_PROPOSAL, S0-4.5).
        (date(2024, 7, 1), 3, date(2024, 10, 1), date(2024, 10, 8)),
        (date(2024, 11, 15), 3, date(2025, 2, 15), date(2025, 2, 17)),
        # Across several years.
        (date(2004, 2, 29), 12, date(2005, 2, 28), date(2005, 2, 28)),
    ],
)
def test_months(start: date, n: int, last: date, due: date) -> None:
    deadline = Months(n).due(start, CAL)
    assert deadline.due == due
    assert f"期间最后一日为{format_day(last)}" in deadline.explanation


def test_months_explanations() -> None:
    clamped = Months(1).due(date(2024, 1, 31), CAL).explanation
    assert "第二百零二条" in clamped
    assert "没有对应日的，月末日为期间的最后一日" in clamped
    plain = Months(3).due(date(2024, 7, 1), CAL).explanation
    assert "没有对应日" not in plain
    assert "国庆节假期" in plain
    assert "第二百零三条" in plain


# -- SameDay and Stipulated -----------------------------------------------------------------


def test_same_day_is_due_the_day_it_arrives_even_on_a_holiday() -> None:
    for start in (date(2024, 10, 8), date(2024, 10, 1), date(2024, 10, 5)):
        deadline = SameDay().due(start, CAL)
        assert deadline.due == start
        # The rule alone states the day; the rule set adds the clause (S0-4.6).
        assert deadline.explanation == f"随到随办，当日办结，期限为{format_day(start)}"
        assert deadline.clauses == ()


def test_stipulated_is_used_as_given_even_on_a_day_off() -> None:
    deadline = Stipulated().due(date(2024, 9, 27), CAL, stipulated=date(2024, 10, 3))
    assert deadline.due == date(2024, 10, 3)
    assert "国庆节" in deadline.explanation
    assert "不顺延" in deadline.explanation
    same = Stipulated().due(date(2024, 9, 27), CAL, stipulated=date(2024, 9, 27))
    assert same.due == date(2024, 9, 27)


def test_stipulated_without_a_date_is_a_rule_violation() -> None:
    with pytest.raises(RuleViolation, match="stipulated"):
        Stipulated().due(date(2024, 9, 27), CAL)


def test_stipulated_before_the_start_is_a_rule_violation() -> None:
    with pytest.raises(RuleViolation, match="早于起算日") as caught:
        Stipulated().due(date(2024, 9, 27), CAL, stipulated=date(2024, 9, 26))
    assert (
        caught.value.message
        == "规定办结日期2024年9月26日（星期四）早于起算日2024年9月27日（星期五），请核对日期"
    )
    assert (caught.value.code, caught.value.clause) == ("deadline.stipulated_before_start", "S0-4.6")
    assert "before the start day" in caught.value.en


@pytest.mark.parametrize("bad", ["2024-10-03", datetime(2024, 10, 3, tzinfo=timezone.utc), 20241003])
def test_stipulated_must_be_a_date(bad: Any) -> None:
    with pytest.raises(DubanError):
        Stipulated().due(date(2024, 9, 27), CAL, stipulated=bad)


def test_stipulated_outside_the_range() -> None:
    with pytest.raises(CalendarRangeError):
        Stipulated().due(date(2099, 12, 1), CAL, stipulated=date(2100, 1, 5))


# -- provisional deadlines ------------------------------------------------------------------


def test_deadline_in_an_unpublished_year_is_provisional() -> None:
    year = LAST_PUBLISHED + 1
    for rule in (CalendarDays(5), WorkingDays(5), Months(3), SameDay()):
        deadline = rule.due(date(year, 3, 2), CAL)
        assert deadline.provisional
        assert f"{year}年的放假安排在本日历数据中尚未公布" in deadline.explanation
        assert "暂定" in deadline.explanation
    stipulated = Stipulated().due(date(year, 3, 2), CAL, stipulated=date(year, 6, 1))
    assert stipulated.provisional


def test_deadline_crossing_into_an_unpublished_year_is_provisional() -> None:
    deadline = CalendarDays(7).due(date(LAST_PUBLISHED, 12, 29), CAL)
    assert deadline.due.year == LAST_PUBLISHED + 1
    assert deadline.provisional
    inside = CalendarDays(5).due(date(LAST_PUBLISHED, 6, 1), CAL)
    assert not inside.provisional
    assert "暂定" not in inside.explanation


# -- explanations through the rule set cite the clause ---------------------------------------


def test_rule_set_explanations_cite_the_clause_and_name_holidays() -> None:
    rules = RuleSet.default()
    national_day = rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    assert national_day.explanation.startswith("依据" + cite("S0-4.4"))
    assert national_day.clause == "S0-4.4"
    assert "国庆节" in national_day.explanation
    assert "2024年9月29日（星期日）" in national_day.explanation  # the 调休上班日
    spring = rules.deadline(Category.SUPERIOR_DECISION, date(2026, 2, 12))
    assert spring.explanation.startswith("依据" + cite("S0-4.1"))
    assert "春节" in spring.explanation
    assert "2026年2月14日（星期六）" in spring.explanation
    meeting = RuleSet.default(counting="working").deadline(Category.MEETING_DECISION, date(2024, 2, 1))
    assert meeting.explanation.startswith("依据" + cite("S0-4.3"))
    assert "按7个工作日计算" in meeting.explanation
    assert "2024年2月4日（星期日）（春节调休上班）" in meeting.explanation


# -- construction and validation -------------------------------------------------------------


def test_positional_and_keyword_construction() -> None:
    assert CalendarDays(5) == CalendarDays(days=5)
    assert WorkingDays(5) == WorkingDays(days=5)
    assert Months(3) == Months(months=3)
    assert CalendarDays(5).days == 5
    different: list[Any] = [CalendarDays(5), WorkingDays(5)]
    assert different[0] != different[1]
    assert hash(CalendarDays(5)) == hash(CalendarDays(days=5))


@pytest.mark.parametrize("bad", [0, -1, -5, True, False, 36_501, 10**9, 5.0, 5.5, "5", None, [5]])
@pytest.mark.parametrize("cls", [CalendarDays, WorkingDays])
def test_invalid_day_counts_are_validation_errors(cls: type[CalendarDays | WorkingDays], bad: Any) -> None:
    with pytest.raises(ValidationError):
        cls(bad)
    with pytest.raises(ValidationError):
        cls(days=bad)


@pytest.mark.parametrize("bad", [0, -3, True, 1_201, 3.0, "3", None])
def test_invalid_month_counts_are_validation_errors(bad: Any) -> None:
    with pytest.raises(ValidationError):
        Months(bad)


def test_missing_count_and_unknown_fields_are_validation_errors() -> None:
    with pytest.raises(ValidationError):
        CalendarDays()
    with pytest.raises(ValidationError):
        CalendarDays(days=5, weeks=1)
    with pytest.raises(ValidationError):
        SameDay(days=1)  # type: ignore[call-arg]


def test_rules_are_frozen() -> None:
    rule = CalendarDays(5)
    with pytest.raises(ValidationError):
        rule.days = 6  # type: ignore[misc]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.describe())
def test_rule_json_round_trip(rule: CalendarDays | WorkingDays | Months | SameDay | Stipulated) -> None:
    text = rule.model_dump_json()
    assert parse_rule(text) == rule
    assert parse_rule(text.encode()) == rule
    assert parse_rule(rule.model_dump()) == rule
    assert type(parse_rule(text)) is type(rule)


def test_parse_rule_forms() -> None:
    assert parse_rule({"kind": "calendar_days", "days": 5}) == CalendarDays(5)
    assert parse_rule('{"kind": "months", "months": 3}') == Months(3)
    assert parse_rule({"kind": "same_day"}) == SameDay()


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "fortnights", "days": 5},
        {"days": 5},
        {"kind": "calendar_days", "days": 0},
        {"kind": "calendar_days", "days": 5, "extra": 1},
        '{"kind": "working_days", "days": "5"}',
        '{"kind": "working_days", "days": 5.0}',
        "not json",
        42,
    ],
)
def test_parse_rule_refuses_bad_input(bad: Any) -> None:
    with pytest.raises(ValidationError):
        parse_rule(bad)


def test_deadline_json_round_trip() -> None:
    for rule in ALL_RULES:
        deadline = rule.due(date(2024, 9, 27), CAL, stipulated=date(2024, 10, 3))
        back = Deadline.model_validate_json(deadline.model_dump_json())
        assert back == deadline
        assert back.rule == rule


def test_computed_deadlines_are_what_validation_builds() -> None:
    # The rules build deadlines without re-validating their own values (duban_core._trusted):
    # what they build must be indistinguishable from the validated model, with_basis too.
    for rule in ALL_RULES:
        deadline = rule.due(date(2024, 9, 27), CAL, stipulated=date(2024, 10, 3))
        for built in (deadline, deadline.with_basis("依据S0-4.4", "S0-4.4")):
            validated = Deadline.model_validate(built.model_dump())
            assert built == validated
            assert built.__dict__ == validated.__dict__
            assert list(built.__dict__) == list(Deadline.model_fields)
            assert built.model_dump_json() == validated.model_dump_json()
        based = deadline.with_basis("依据S0-4.4", "S0-4.4")
        assert based.explanation == f"依据S0-4.4；{deadline.explanation}"
        assert (based.clause, deadline.clause) == ("S0-4.4", None)
        unchanged = {"start", "due", "rule", "provisional"}
        assert based.model_dump(include=unchanged) == deadline.model_dump(include=unchanged)


def test_deadline_is_overdue() -> None:
    deadline = CalendarDays(5).due(date(2024, 9, 27), CAL)
    assert not deadline.is_overdue(date(2024, 10, 8))  # work done on the due day is on time
    assert deadline.is_overdue(date(2024, 10, 9))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.describe())
@pytest.mark.parametrize("bad", ["2024-09-27", None, 20240927, datetime(2024, 9, 27, tzinfo=timezone.utc)])
def test_non_date_start_is_a_duban_error(
    rule: CalendarDays | WorkingDays | Months | SameDay | Stipulated, bad: Any
) -> None:
    with pytest.raises(DubanError):
        rule.due(bad, CAL, stipulated=date(2024, 10, 3))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.describe())
def test_start_outside_the_range_is_a_range_error(
    rule: CalendarDays | WorkingDays | Months | SameDay | Stipulated,
) -> None:
    with pytest.raises(CalendarRangeError):
        rule.due(date(1999, 12, 30), CAL, stipulated=date(2000, 3, 1))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.describe())
def test_calendar_must_be_a_china_calendar(
    rule: CalendarDays | WorkingDays | Months | SameDay | Stipulated,
) -> None:
    with pytest.raises(DubanError, match="ChinaCalendar"):
        rule.due(date(2024, 9, 27), None, stipulated=date(2024, 10, 3))  # type: ignore[arg-type]


def test_counting_past_the_range_is_a_range_error() -> None:
    with pytest.raises(CalendarRangeError):
        CalendarDays(5).due(date(2099, 12, 30), CAL)
    with pytest.raises(CalendarRangeError):
        WorkingDays(5).due(date(2099, 12, 28), CAL)
    with pytest.raises(CalendarRangeError):
        Months(1_200).due(date(2000, 1, 1), CAL)
    with pytest.raises(CalendarRangeError):
        Months(1).due(date(2099, 12, 15), CAL)
    assert CalendarDays(36_500).due(date(2000, 1, 1), CAL).due.year == 2099


def test_describe_texts() -> None:
    assert [r.describe() for r in ALL_RULES] == ["5日", "7日", "5个工作日", "3个月", "随到随办", "规定时限"]


# -- reporting schedules (S0-4.2 每季度末, S4-23 月度, S4-24 每周) ---------------------------------


def test_quarter_ends_2024() -> None:
    # 03-31 and 06-30 are Sundays → rolled forward; 09-30 (Mon) and 12-31 (Tue) are worked.
    assert QuarterEnds().dates(date(2024, 1, 15), date(2024, 12, 31), CAL) == [
        date(2024, 4, 1),
        date(2024, 7, 1),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


def test_quarter_ends_2025_and_2023() -> None:
    assert QuarterEnds().dates(date(2025, 1, 2), date(2025, 12, 31), CAL) == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    # 2023-12-31 is a Sunday and 2024-01-01 元旦: the report falls due 2024-01-02.
    assert QuarterEnds().dates(date(2023, 10, 10), date(2023, 12, 31), CAL) == [date(2024, 1, 2)]


def test_quarter_ends_bounds() -> None:
    # Only quarter ends strictly after the start; up to the quarter holding the end day.
    assert QuarterEnds().dates(date(2024, 3, 31), date(2024, 6, 30), CAL) == [date(2024, 7, 1)]
    assert QuarterEnds().dates(date(2024, 1, 15), date(2024, 4, 2), CAL) == [
        date(2024, 4, 1),
        date(2024, 7, 1),
    ]
    assert QuarterEnds().dates(date(2024, 6, 1), date(2024, 5, 1), CAL) == []


def test_monthly() -> None:
    # Month ends: 2024-02-29 (leap), 03-31 Sunday → 04-01.
    assert Monthly().dates(date(2024, 1, 1), date(2024, 3, 15), CAL) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 4, 1),
    ]
    # The 5th: 2024-10-05 is in the 国庆节 break → 10-08; day 31 clamps to the month end.
    assert Monthly(day=5).dates(date(2024, 9, 10), date(2024, 10, 20), CAL) == [date(2024, 10, 8)]
    assert Monthly(day=31).dates(date(2025, 2, 1), date(2025, 2, 10), CAL) == [date(2025, 2, 28)]
    assert Monthly().describe() == "每月末"
    assert Monthly(day=5).describe() == "每月5日"


def test_weekly() -> None:
    # Fridays: 2024-10-04 is in the 国庆节 break → 10-08.
    assert Weekly().dates(date(2024, 9, 23), date(2024, 10, 13), CAL) == [
        date(2024, 9, 27),
        date(2024, 10, 8),
        date(2024, 10, 11),
    ]
    # Mondays after a Monday start: the start itself is not a report day.
    assert Weekly(weekday=0).dates(date(2024, 9, 2), date(2024, 9, 16), CAL) == [
        date(2024, 9, 9),
        date(2024, 9, 18),  # Monday 09-16 is 中秋节 (break 09-15…17)
    ]
    assert Weekly().describe() == "每周五"


@pytest.mark.parametrize("bad", [{"weekday": 7}, {"weekday": -1}, {"weekday": True}])
def test_weekly_validation(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Weekly(**bad)


@pytest.mark.parametrize("bad", [{"day": 0}, {"day": 32}, {"day": "5"}])
def test_monthly_validation(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Monthly(**bad)


def test_schedule_input_errors() -> None:
    with pytest.raises(DubanError):
        QuarterEnds().dates("2024-01-01", date(2024, 12, 31), CAL)  # type: ignore[arg-type]
    with pytest.raises(CalendarRangeError):
        QuarterEnds().dates(date(2099, 1, 1), date(2100, 3, 1), CAL)
    with pytest.raises(DubanError):
        Weekly().dates(date(2024, 1, 1), date(2024, 2, 1), "calendar")  # type: ignore[arg-type]


def test_docstring_examples() -> None:
    result = doctest.testmod(rules_module)
    assert result.attempted > 0
    assert result.failed == 0


def test_months_explanation_names_a_working_saturday_due_day() -> None:
    """2025-11-30 + 3个月 = 2026-02-28, a Saturday made a working day (调休): no shift, and the
    explanation says why a Saturday is a due day (Civil Code art. 202)."""
    deadline = Months(3).due(date(2025, 11, 30), ChinaCalendar())
    assert deadline.due == date(2026, 2, 28)
    assert "调休上班日" in deadline.explanation
    assert "第二百零二条" in deadline.explanation
