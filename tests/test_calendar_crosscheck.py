"""Cross-check of ChinaCalendar against the independent ``chinesecalendar`` data set.

``chinesecalendar`` (import name ``chinese_calendar``) is maintained separately from the
``holidays`` package the calendar is built on. Every day from 2004-01-01 (its first year)
through the last year both data sets hold (at least 2026) must agree on whether it is a
working day, except the days listed in ``KNOWN_DIFFERENCES``, where the official notice
was checked and ``chinesecalendar`` found wrong. (Where ``holidays`` was wrong, the calendar
corrects it: see ``duban_core.calendar._CORRECTIONS`` and ``docs/calendar-data.md``.)
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as cc_days_off
from chinese_calendar.constants import workdays as cc_makeup_days

from duban_core import ChinaCalendar

CAL = ChinaCalendar()
FIRST = date(2004, 1, 1)

#: day → (the official answer to "is it a working day?", the notice that says so).
KNOWN_DIFFERENCES: dict[date, tuple[bool, str]] = {
    # 国务院办公厅关于2006年部分节假日安排的通知（国办发明电〔2005〕35号）：“一、元旦：1月1日—3日
    # 放假，共3天。其中1月1日为法定假日，将12月31日（星期六）、1月1日（星期日）两个公休日调至
    # 1月2日（星期一）、3日（星期二），12月31日（星期六）上班。” `holidays` has it; chinesecalendar
    # 1.11 treats it as a plain Saturday (reported upstream: liriansu-opus/chinese-calendar#125).
    date(2005, 12, 31): (True, "国务院办公厅关于2006年部分节假日安排的通知"),
}

#: chinesecalendar's English holiday names → the Chinese names the calendar uses.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def last_common_year() -> int:
    year = FIRST.year
    while year < CAL.published_through:
        try:
            chinese_calendar.is_workday(date(year + 1, 12, 31))
        except NotImplementedError:
            break
        year += 1
    return year


def test_both_data_sets_cover_2004_through_at_least_2026() -> None:
    assert last_common_year() >= 2026


def test_every_day_agrees_with_chinesecalendar_or_is_a_documented_difference() -> None:
    last = date(last_common_year(), 12, 31)
    d = FIRST
    while d <= last:
        ours = CAL.is_workday(d)
        if ours != chinese_calendar.is_workday(d):
            assert d in KNOWN_DIFFERENCES, (
                f"{d}: duban_core says {'workday' if ours else 'day off'}, chinesecalendar disagrees; "
                "check the State Council notice and add a correction or a known difference"
            )
        d += timedelta(1)
    # Every known difference was a real one when recorded; whatever chinesecalendar says now,
    # the calendar must give the notice's answer.
    for day, (workday, notice) in KNOWN_DIFFERENCES.items():
        assert notice.startswith("国务院办公厅关于")
        assert CAL.is_workday(day) is workday, f"{day}: {notice}"


def test_the_2006_new_year_saturday_is_worked() -> None:
    # The one known difference, spelled out (国办发明电〔2005〕35号): 12月31日（星期六）上班.
    assert CAL.is_workday(date(2005, 12, 31))
    assert CAL.describe(date(2005, 12, 31)).startswith("2005年12月31日（星期六）为调休上班日（元旦调休")
    assert not CAL.is_workday(date(2006, 1, 2))
    assert not CAL.is_workday(date(2006, 1, 3))


def test_makeup_workdays_serve_the_same_holiday_as_in_chinesecalendar() -> None:
    # Each 调休上班日 is exchanged for a day off in the break of the holiday chinesecalendar
    # names for it: the explanations name the right holiday.
    last = last_common_year()
    checked = 0
    for d, name in sorted(cc_makeup_days.items()):
        if not FIRST.year <= d.year <= last:
            continue
        day_off = CAL.swapped_with(d)
        assert day_off is not None, f"{d} ({name}) has no swapped day off"
        assert NAMES[name] in CAL.holidays_around(day_off), d
        checked += 1
    assert checked > 100


def test_holiday_days_off_carry_the_holiday_chinesecalendar_names() -> None:
    last = last_common_year()
    checked = 0
    for d, name in sorted(cc_days_off.items()):
        if not FIRST.year <= d.year <= last or CAL.is_workday(d):
            continue
        assert NAMES[name] in CAL.holidays_around(d), (d, name, CAL.holidays_around(d))
        checked += 1
    assert checked > 500
