"""Deadline rules (办理时限) and reporting schedules, each explaining itself in Chinese.

A rule turns a start day (the day an item was received, or returned for rework) into a
:class:`Deadline`. Rules are small frozen pydantic models, so a rule set holding them
round-trips through JSON.

* :class:`CalendarDays` — N 日 counted as the Civil Code counts periods (arts. 201, 203):
  the start day is not counted; a period whose last day is not a working day ends on the
  next working day.
* :class:`WorkingDays` — N 工作日.
* :class:`Months` — N 个月 (art. 202): the same day N months later, or that month's last day.
* :class:`SameDay` — 随到随办 (S0-4.6): due the day it arrives.
* :class:`Stipulated` — a date fixed for the item (规定时间, S0-4.2, S0-4.5, S0-4.6).

Reporting schedules list the days progress reports fall due: :class:`QuarterEnds` (每季度末,
S0-4.2), :class:`Weekly` (周督查, S4-24) and :class:`Monthly` (月度交账, S4-23).
"""

from __future__ import annotations

import calendar as _stdcal
from abc import abstractmethod
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ._checks import check_calendar, check_date, check_day
from ._trusted import maker, replaced
from .calendar import ChinaCalendar, DayKind, format_day
from .errors import CalendarRangeError, RuleViolation

__all__ = [
    "DUTY_LABELS",
    "CalendarDays",
    "Deadline",
    "DeadlineRule",
    "Duty",
    "Monthly",
    "Months",
    "QuarterEnds",
    "ReportSchedule",
    "SameDay",
    "Stipulated",
    "Weekly",
    "WorkingDays",
    "parse_rule",
]

_MAX_DAYS = 36_500  # a century: larger counts cannot stay inside the calendar's range
_MAX_MONTHS = 1_200


def _fmt(d: date) -> str:
    return format_day(d)


def _runs(days: list[date]) -> list[list[date]]:
    runs: list[list[date]] = []
    for d in days:
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def _holiday_phrase(holidays: tuple[str, ...]) -> str:
    joined = "、".join(holidays)
    return joined if joined.endswith(("假", "假期")) else f"{joined}假期"


def _span(run: list[date]) -> str:
    return _fmt(run[0]) if len(run) == 1 else f"{_fmt(run[0])}至{_fmt(run[-1])}"


def _describe_run(run: list[date], calendar: ChinaCalendar) -> str | None:
    """A run of consecutive days off in Chinese, naming its holiday and every swapped day in
    it (调休), or ``None`` when it is plain weekend days."""
    holidays = calendar.holidays_around(run[0])
    if not holidays:
        return None
    text = f"{_span(run)}为{_holiday_phrase(holidays)}"
    swapped = [(d, calendar.swapped_with(d)) for d in run if calendar.day_kind(d) == DayKind.SWAPPED_DAY_OFF]
    pairs = [(d, w) for d, w in swapped if w is not None]
    if pairs:
        offs = "、".join(_fmt(d) for d, _ in pairs)
        worked = "、".join(_fmt(w) for _, w in pairs)
        text += f"（其中{offs}为调休休息日，{'分别' if len(pairs) > 1 else ''}由{worked}调休上班）"
    return text


_MAX_LISTED_RUNS = 6


def _describe_days_off(days: list[date], calendar: ChinaCalendar) -> tuple[str, int]:
    """Days off described as runs: the text for the runs that hold a holiday and the number
    of plain weekend days (only counted)."""
    parts: list[str] = []
    weekend_days = 0
    for run in _runs(days):
        text = _describe_run(run, calendar)
        if text is None:
            weekend_days += len(run)
        else:
            parts.append(text)
    if len(parts) > _MAX_LISTED_RUNS:
        parts = [*parts[: _MAX_LISTED_RUNS - 1], f"……等共{len(parts)}段节假日", parts[-1]]
    return "；".join(parts), weekend_days


def _rolled(last: date, due: date, calendar: ChinaCalendar) -> str:
    """Why the last day of a period moved to ``due`` (Civil Code art. 203)."""
    run = calendar.days_off(last - timedelta(1), due - timedelta(1))
    named = _describe_run(run, calendar)
    if named is None:
        named = f"{'、'.join(_fmt(d) for d in run)}为周末休息日"
    return f"{named}，依《民法典》第二百零三条顺延至其后第一个工作日{_fmt(due)}"


def _makeup_note(d: date, calendar: ChinaCalendar) -> str:
    off = calendar.swapped_with(d)
    holidays = calendar.holidays_around(off) if off is not None else ()
    return f"{_fmt(d)}（{'、'.join(holidays)}调休上班）" if holidays else _fmt(d)


class Deadline(BaseModel):
    """A due day with how it was reached.

    ``explanation`` is Chinese prose citing the source document and article in words (see
    :mod:`duban_core.clauses`) and the counting rule, and naming every day that moved the due
    day (a weekend, which holiday, a 调休 working day). ``clauses`` holds the clause IDs the
    explanation cites, as data; ``clause`` is the one among them that set the limit.
    ``provisional`` is true when any day of the computation lies after the calendar's
    ``published_through`` year: the official schedule for it was not yet known.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    due: date
    rule: DeadlineRule
    provisional: bool
    explanation: str
    clause: str | None = None
    clauses: tuple[str, ...] = ()

    def with_basis(
        self, basis: str, clause: str | None, clauses: tuple[str, ...] | None = None, *, sep: str = "；"
    ) -> Deadline:
        """The same deadline with ``basis`` (why this rule applies) put before the counting;
        ``clauses`` (default: ``clause`` alone) are the IDs ``basis`` cites."""
        if clauses is None:
            clauses = () if clause is None else (clause,)
        return replaced(self, explanation=f"{basis}{sep}{self.explanation}", clause=clause, clauses=clauses)

    def is_overdue(self, on: date) -> bool:
        """Whether ``on`` is after the due day (work done on the due day is on time)."""
        return on > self.due


# Deadlines the rules compute are built from values they computed themselves: no need to
# validate them again (a cold replay builds one per distinct deadline; see _trusted).
_new_deadline = maker(Deadline)


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @abstractmethod
    def due(self, start: date, calendar: ChinaCalendar, *, stipulated: date | None = None) -> Deadline:
        """The deadline for an item that starts on ``start``."""

    @abstractmethod
    def describe(self) -> str:
        """The rule in Chinese, e.g. ``5日``."""

    @staticmethod
    def _deadline(
        rule: DeadlineRule, start: date, due: date, calendar: ChinaCalendar, explanation: str
    ) -> Deadline:
        provisional = calendar.is_provisional(max(start, due))
        if provisional:
            explanation += (
                f"。注意：{max(start, due).year}年的放假安排在本日历数据中尚未公布"
                f"（数据公布至{calendar.published_through}年），该期限为暂定，公布后可能调整"
            )
        return _new_deadline(
            start=start, due=due, rule=rule, provisional=provisional, explanation=explanation, clause=None
        )


def _positional(field: str, args: tuple[Any, ...], data: dict[str, Any]) -> dict[str, Any]:
    if len(args) > 1:
        raise TypeError(f"expected at most one positional argument ({field}), got {len(args)}")
    if args:
        if field in data:
            raise TypeError(f"{field} given both positionally and by keyword")
        data[field] = args[0]
    return data


class CalendarDays(_Rule):
    """N 日, counted by the Civil Code (arts. 201, 203).

    The start day is not counted; the period ends on the N-th day after it, or — when that
    day is a weekend or statutory holiday — on the first working day after it.

    >>> from datetime import date
    >>> CalendarDays(5).due(date(2024, 9, 27), ChinaCalendar()).due   # 5th day is 国庆节
    datetime.date(2024, 10, 8)
    """

    kind: Literal["calendar_days"] = "calendar_days"
    days: int = Field(ge=1, le=_MAX_DAYS, strict=True)

    def __init__(self, *args: Any, **data: Any) -> None:
        super().__init__(**_positional("days", args, data))

    def describe(self) -> str:
        return f"{self.days}日"

    def due(self, start: date, calendar: ChinaCalendar, *, stipulated: date | None = None) -> Deadline:
        calendar = check_calendar(calendar)
        start = check_day(start, calendar, "start")
        try:
            last = start + timedelta(days=self.days)
        except OverflowError:
            raise CalendarRangeError(
                f"自 {start} 起算 {self.days} 日超出工作日历支持的范围",
                code="calendar.out_of_range",
                en=f"{start} + {self.days} days leaves the supported range",
            ) from None
        due = calendar.roll_forward(last)
        text = (
            f"按{self.days}日计算（《民法典》第二百零一条：开始的当日不计入，自{_fmt(start + timedelta(1))}起算），"
            f"期间最后一日为{_fmt(last)}"
        )
        if due != last:
            text += f"；{_rolled(last, due, calendar)}"
        else:
            text += f"；{calendar.describe(last)}，即办结期限"
        return self._deadline(self, start, due, calendar, text)


class WorkingDays(_Rule):
    """N 工作日: the N-th working day after the start day, on the China calendar.

    Weekends and statutory holidays are skipped; weekend days made working days (调休上班)
    are counted.
    """

    kind: Literal["working_days"] = "working_days"
    days: int = Field(ge=1, le=_MAX_DAYS, strict=True)

    def __init__(self, *args: Any, **data: Any) -> None:
        super().__init__(**_positional("days", args, data))

    def describe(self) -> str:
        return f"{self.days}个工作日"

    def due(self, start: date, calendar: ChinaCalendar, *, stipulated: date | None = None) -> Deadline:
        calendar = check_calendar(calendar)
        start = check_day(start, calendar, "start")
        due = calendar.add_workdays(start, self.days)
        text = f"按{self.days}个工作日计算（收到当日不计入），第{self.days}个工作日为{_fmt(due)}"
        named, weekends = _describe_days_off(calendar.days_off(start, due), calendar)
        makeup = [d for d in calendar.workdays(start, due) if d.weekday() >= 5]
        if named:
            text += f"；期间跳过节假日：{named}"
        if weekends:
            text += f"；跳过周末休息日{weekends}天"
        if makeup:
            listed = [_makeup_note(d, calendar) for d in makeup[:_MAX_LISTED_RUNS]]
            more = f"等共{len(makeup)}天" if len(makeup) > _MAX_LISTED_RUNS else ""
            text += "；期间的调休上班日计为工作日：" + "、".join(listed) + more
        return self._deadline(self, start, due, calendar, text)


class Months(_Rule):
    """N 个月 (Civil Code art. 202): the same day N months later, or that month's last day
    when it has no such day; then, by art. 203, the next working day if it is not one."""

    kind: Literal["months"] = "months"
    months: int = Field(ge=1, le=_MAX_MONTHS, strict=True)

    def __init__(self, *args: Any, **data: Any) -> None:
        super().__init__(**_positional("months", args, data))

    def describe(self) -> str:
        return f"{self.months}个月"

    def due(self, start: date, calendar: ChinaCalendar, *, stipulated: date | None = None) -> Deadline:
        calendar = check_calendar(calendar)
        start = check_day(start, calendar, "start")
        month0 = start.year * 12 + start.month - 1 + self.months
        year, month = divmod(month0, 12)
        month += 1
        if year > 9999:
            raise CalendarRangeError(
                f"自 {start} 起算 {self.months} 个月超出工作日历支持的范围",
                code="calendar.out_of_range",
                en=f"{start} + {self.months} months leaves the supported range",
            )
        last_day = _stdcal.monthrange(year, month)[1]
        last = date(year, month, min(start.day, last_day))
        due = calendar.roll_forward(last)
        text = f"按{self.months}个月计算（《民法典》第二百零二条：到期月的对应日为期间的最后一日"
        text += "，没有对应日的，月末日为期间的最后一日）" if start.day > last_day else "）"
        text += f"，期间最后一日为{_fmt(last)}"
        if due != last:
            text += f"；{_rolled(last, due, calendar)}"
        else:
            text += f"，为{calendar.day_kind(last)}，即办结期限"
        return self._deadline(self, start, due, calendar, text)


class SameDay(_Rule):
    """随到随办 (S0-4.6 紧急事项随到随办; S2-1.3 特事特办、急事急办): an urgent item is due the day
    it arrives."""

    kind: Literal["same_day"] = "same_day"

    def describe(self) -> str:
        return "随到随办"

    def due(self, start: date, calendar: ChinaCalendar, *, stipulated: date | None = None) -> Deadline:
        calendar = check_calendar(calendar)
        start = check_day(start, calendar, "start")
        text = f"随到随办，当日办结，期限为{_fmt(start)}"
        return self._deadline(self, start, start, calendar, text)


class Stipulated(_Rule):
    """规定时间: the date fixed for the item, used as given.

    A missing date, or one before the start day, is a :class:`~duban_core.errors.RuleViolation`.
    """

    kind: Literal["stipulated"] = "stipulated"

    def describe(self) -> str:
        return "规定时限"

    def due(self, start: date, calendar: ChinaCalendar, *, stipulated: date | None = None) -> Deadline:
        calendar = check_calendar(calendar)
        start = check_day(start, calendar, "start")
        if stipulated is None:
            raise RuleViolation(
                "本事项按规定时间办结，但未填写规定办结日期：请在拟办时填写（Drafted.stipulated_due）",
                code="deadline.stipulated_missing",
                clause="S0-4.6",
                en="this item's time limit is stipulated (规定时间) but no date was given: set Drafted.stipulated_due",
            )
        stipulated = check_date(stipulated, "stipulated")
        if stipulated < start:
            raise RuleViolation(
                f"规定办结日期{_fmt(stipulated)}早于起算日{_fmt(start)}，请核对日期",
                code="deadline.stipulated_before_start",
                clause="S0-4.6",
                en=f"the stipulated due day {stipulated.isoformat()} is before the start day {start.isoformat()}",
            )
        stipulated = check_day(stipulated, calendar, "stipulated")
        text = f"按规定时限办结，期限为{_fmt(stipulated)}"
        if not calendar.is_workday(stipulated):
            text += f"（{calendar.describe(stipulated)}，按规定日期执行，不顺延）"
        return self._deadline(self, start, stipulated, calendar, text)


DeadlineRule = Annotated[
    CalendarDays | WorkingDays | Months | SameDay | Stipulated, Field(discriminator="kind")
]
"""Any deadline rule; pydantic picks the class from ``kind``."""

Deadline.model_rebuild()

_RULE_ADAPTER: TypeAdapter[CalendarDays | WorkingDays | Months | SameDay | Stipulated] = TypeAdapter(
    DeadlineRule
)


def parse_rule(
    obj: dict[str, Any] | str | bytes,
) -> CalendarDays | WorkingDays | Months | SameDay | Stipulated:
    """A deadline rule from its dict or JSON form (``{"kind": "calendar_days", "days": 5}``)."""
    if isinstance(obj, (str, bytes)):
        return _RULE_ADAPTER.validate_json(obj)
    return _RULE_ADAPTER.validate_python(obj)


# -- reporting schedules ------------------------------------------------------------------------


Duty = Literal["unit", "office", "leadership"]
"""Whose duty a reporting schedule is: ``"unit"`` the handling unit reports progress
(每季度末反馈进展, S0-4.2); ``"office"`` the supervision office inspects (周督查, S4-24;
挂图作战事项定期督查, S4-20); ``"leadership"`` the leadership bodies account for their work
(月度交账, S4-23). Only a unit's duty can be missed by the unit."""

DUTY_LABELS: dict[str, str] = {
    "unit": "承办单位报送进展",
    "office": "督查部门定期督查",
    "leadership": "领导班子交账",
}


class _Schedule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Whose duty the schedule is (see :data:`Duty`); each kind has the seeds' default.
    duty: Duty = "unit"

    @abstractmethod
    def _anchors(self, start: date, end: date) -> list[date]:
        """The period anchor days after ``start`` up to the period holding ``end``."""

    @abstractmethod
    def describe(self) -> str:
        """The schedule in Chinese."""

    def dates(self, start: date, end: date, calendar: ChinaCalendar) -> list[date]:
        """The days reports fall due: each period's anchor day after ``start``, up to the
        period holding ``end``, rolled forward to a working day; empty when ``end`` is
        before ``start``."""
        return [due for _opens, due in self.windows(start, end, calendar)]

    def windows(self, start: date, end: date, calendar: ChinaCalendar) -> list[tuple[date, date]]:
        """Each report as ``(opens, due)``: a report filed on any day from ``opens`` to
        ``due`` (both included) meets it. The first period opens on ``start`` itself (a
        report filed the day the item was received counts for that quarter); each later one
        the day after the previous period's anchor (e.g. a quarter's first day), so a report
        filed any time in the quarter meets the quarter's report (S0-4.2). ``due`` is the
        anchor rolled forward to a working day, so a period's window may run into the next
        period's first days; a report filed there meets both. Anchors rolling to one day
        make one report."""
        calendar = check_calendar(calendar)
        start = check_day(start, calendar, "start")
        end = check_day(end, calendar, "end")
        if end < start:
            return []
        out: list[tuple[date, date]] = []
        opens = start
        for anchor in self._anchors(start, end):
            due = calendar.roll_forward(anchor)
            if not out or out[-1][1] != due:
                out.append((opens, due))
            opens = anchor + timedelta(1)
        return out


class QuarterEnds(_Schedule):
    """每季度末 (S0-4.2): each quarter's last day after the start, rolled forward."""

    kind: Literal["quarter_ends"] = "quarter_ends"

    def describe(self) -> str:
        return "每季度末"

    def _anchors(self, start: date, end: date) -> list[date]:
        out = []
        year, q = start.year, (start.month - 1) // 3
        last_q = end.year * 4 + (end.month - 1) // 3
        while year * 4 + q <= last_q:
            month = 3 * q + 3
            anchor = date(year, month, _stdcal.monthrange(year, month)[1])
            if anchor > start:
                out.append(anchor)
            q += 1
            if q == 4:
                year, q = year + 1, 0
        return out


class Monthly(_Schedule):
    """月度 (S4-23 月度交账): each month's ``day`` (default: its last day) after the start.

    S4-23 makes the monthly account a duty of the leadership bodies (区委班子领导和区人大、
    区政府、区政协党组), not of the unit handling an item: ``duty`` defaults to
    ``"leadership"``; a host whose own rules make units report monthly sets ``"unit"``."""

    kind: Literal["monthly"] = "monthly"
    duty: Duty = "leadership"
    day: int | None = Field(default=None, ge=1, le=31, strict=True)

    def describe(self) -> str:
        return "每月末" if self.day is None else f"每月{self.day}日"

    def _anchors(self, start: date, end: date) -> list[date]:
        out = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            last = _stdcal.monthrange(year, month)[1]
            anchor = date(year, month, last if self.day is None else min(self.day, last))
            if anchor > start:
                out.append(anchor)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


class Weekly(_Schedule):
    """每周 (S4-24 周督查): each week's ``weekday`` (0 Monday … 6 Sunday; default Friday).

    S4-24 makes the weekly check of major decisions the supervision office's duty
    (定期对办理落实或完成情况进行督促检查): ``duty`` defaults to ``"office"``; a host whose
    own rules make units report weekly sets ``"unit"``."""

    kind: Literal["weekly"] = "weekly"
    duty: Duty = "office"
    weekday: int = Field(default=4, ge=0, le=6, strict=True)

    def describe(self) -> str:
        return "每周" + "一二三四五六日"[self.weekday]

    def _anchors(self, start: date, end: date) -> list[date]:
        first = start + timedelta(days=(self.weekday - start.weekday()) % 7 or 7)
        week_end = end + timedelta(days=6 - end.weekday())
        out = []
        d = first
        while d <= week_end:
            out.append(d)
            d += timedelta(days=7)
        return out


ReportSchedule = Annotated[QuarterEnds | Monthly | Weekly, Field(discriminator="kind")]
"""Any reporting schedule; pydantic picks the class from ``kind``."""
