"""Plain values: dates, zones, actors, calendars, deadline rules and rule sets."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from duban_core.actors import Actor, LeaderRank, Role
from duban_core.calendar import FIRST_DAY, LAST_DAY, ChinaCalendar
from duban_core.categories import Category
from duban_core.clock import CST
from duban_core.district import PEOPLE, UNIT_NAMES
from duban_core.errors import DubanError
from duban_core.rules import (
    CalendarDays,
    DeadlineRule,
    Monthly,
    Months,
    QuarterEnds,
    ReportSchedule,
    SameDay,
    Stipulated,
    Weekly,
    WorkingDays,
)
from duban_core.ruleset import CategoryRules, EscalationStep, RuleSet

T = TypeVar("T")
_BOOLS = st.booleans()

# -- plain values -------------------------------------------------------------------------------

#: Units (承办单位) the strategies name; streams draw their lead and co-units from these: the
#: first eight of the example district's (:data:`duban_core.district.UNIT_NAMES`).
UNITS: tuple[str, ...] = UNIT_NAMES[:8]
#: People's names, the example district's (:data:`duban_core.district.PEOPLE`).
_PEOPLE = PEOPLE
_PHRASES = (
    "关于老旧小区改造的批示",
    "落实河长制工作部署",
    "已完成现场核查",
    "整改方案已报区政府",
    "情况特殊，需延长办理时间",
    "反馈内容与交办要求不符",
    "督办通知书",
    "电话催办",
)


def _fixed(hours: int, minutes: int = 0) -> timezone:
    return timezone(timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes))


def _zones() -> tuple[tzinfo, ...]:
    fixed: list[tzinfo] = [
        CST,
        timezone.utc,
        _fixed(-5),
        _fixed(5, 45),
        _fixed(9),
        _fixed(14),
        _fixed(-12),
        _fixed(-3, 30),
    ]
    try:  # IANA zones, with daylight saving time, where the system has the tz database
        from zoneinfo import ZoneInfo

        for name in ("Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"):
            fixed.append(ZoneInfo(name))
    except Exception:  # pragma: no cover - a system without a tz database
        pass
    return tuple(fixed)


#: The time zones :func:`timezones` draws from: China Standard Time, UTC, fixed offsets from
#: −12:00 to +14:00 (half and three-quarter hours included) and, where the system has the tz
#: database, IANA zones with daylight saving time.
TIMEZONES: tuple[tzinfo, ...] = _zones()


_ZONES = st.sampled_from(TIMEZONES)


def timezones() -> SearchStrategy[tzinfo]:
    """A time zone from :data:`TIMEZONES` (shrinks towards China Standard Time)."""
    return _ZONES


def dates(min_value: date = FIRST_DAY, max_value: date = LAST_DAY) -> SearchStrategy[date]:
    """Dates inside the calendar's supported range (narrowed by ``min_value``/``max_value``).

    >>> d = dates(date(2024, 1, 1), date(2024, 12, 31)).example()
    >>> d.year
    2024
    """
    if not FIRST_DAY <= min_value <= max_value <= LAST_DAY:
        raise DubanError(
            f"dates()：须满足 {FIRST_DAY} <= min_value <= max_value <= {LAST_DAY}",
            code="strategies.bad_range",
            en=f"dates(): need {FIRST_DAY} <= min_value <= max_value <= {LAST_DAY}",
        )
    return st.dates(min_value=min_value, max_value=max_value)


def aware_datetimes(
    min_value: date = date(2000, 1, 2),
    max_value: date = date(2099, 12, 30),
    tz: SearchStrategy[tzinfo] | None = None,
) -> SearchStrategy[datetime]:
    """Timezone-aware datetimes from ``min_value`` to ``max_value`` (midnight UTC), written
    in a zone drawn from ``tz`` (default :func:`timezones`)."""
    lo = datetime.combine(min_value, time(0), tzinfo=timezone.utc)
    hi = datetime.combine(max_value, time(0), tzinfo=timezone.utc)
    span = int((hi - lo).total_seconds())
    return st.builds(
        lambda seconds, micros, zone: (lo + timedelta(seconds=seconds, microseconds=micros)).astimezone(zone),
        st.integers(0, span),
        st.integers(0, 999_999),
        tz if tz is not None else timezones(),
    )


_TEXT = st.one_of(st.sampled_from(_PHRASES), st.text(min_size=1, max_size=30))


def _text() -> SearchStrategy[str]:
    return _TEXT


def units() -> SearchStrategy[str]:
    """A unit name from :data:`UNITS`."""
    return st.sampled_from(UNITS)


def actors(role: Role | None = None, unit: str | None = None) -> SearchStrategy[Actor]:
    """Actors of ``role`` (any role when ``None``); unit roles work for ``unit`` (a drawn one
    when ``None``), and ``unit`` is ignored for OFFICE and LEADER.

    >>> actors(Role.UNIT_HEAD, "区住建局").example().unit
    '区住建局'
    """
    if role is None:
        return st.sampled_from(list(Role)).flatmap(lambda r: actors(r, unit))
    names = st.sampled_from(_PEOPLE)
    if role is Role.LEADER:
        # 主要领导 / 分管领导, or no rank recorded (S4-20(二), S4-20(三)).
        return st.builds(
            Actor, name=names, role=st.just(role), rank=st.none() | st.sampled_from(tuple(LeaderRank))
        )
    if role is Role.OFFICE:
        return st.builds(Actor, name=names, role=st.just(role))
    return st.builds(Actor, name=names, role=st.just(role), unit=st.just(unit) if unit else units())


# -- calendars and rules ------------------------------------------------------------------------


@st.composite
def _overrides(
    draw: st.DrawFn, max_overrides: int, min_value: date, max_value: date
) -> tuple[dict[date, str], frozenset[date]]:
    days = draw(st.lists(dates(min_value, max_value), unique=True, max_size=max_overrides))
    split = draw(st.integers(0, len(days)))
    names = st.sampled_from(("地方节日", "防汛调休", "民族节日"))
    holidays = {d: draw(names) for d in days[:split]}
    return holidays, frozenset(days[split:])


def calendars(
    max_overrides: int = 6, min_value: date = date(2000, 1, 1), max_value: date = date(2099, 12, 31)
) -> SearchStrategy[ChinaCalendar]:
    """Calendars with up to ``max_overrides`` extra holidays and extra workdays (never both
    on one day), placed in ``[min_value, max_value]``."""
    return _overrides(max_overrides, min_value, max_value).map(lambda hw: ChinaCalendar(hw[0], hw[1]))


def _day_rules(max_days: int) -> SearchStrategy[DeadlineRule]:
    return st.one_of(
        st.builds(CalendarDays, days=st.integers(1, max_days)),
        st.builds(WorkingDays, days=st.integers(1, max_days)),
        st.just(SameDay()),
    )


def deadline_rules(max_days: int = 60, max_months: int = 12) -> SearchStrategy[DeadlineRule]:
    """Any deadline rule: ``CalendarDays``, ``WorkingDays``, ``Months``, ``SameDay``,
    ``Stipulated``, with counts up to ``max_days`` / ``max_months``."""
    return st.one_of(
        _day_rules(max_days),
        st.builds(Months, months=st.integers(1, max_months)),
        st.just(Stipulated()),
    )


_DUTIES = ("unit", "office", "leadership")


def report_schedules() -> SearchStrategy[ReportSchedule]:
    """Any reporting schedule: quarter ends, monthly (a day or the month's end), weekly."""
    return st.one_of(
        st.just(QuarterEnds()),
        st.builds(Monthly, day=st.none() | st.integers(1, 31), duty=st.sampled_from(_DUTIES)),
        st.builds(Weekly, weekday=st.integers(0, 6), duty=st.sampled_from(_DUTIES)),
    )


@st.composite
def category_rules(draw: st.DrawFn, max_days: int = 60, max_months: int = 12) -> CategoryRules:
    """Valid rules for one category (``default_due`` only with a stipulated deadline)."""
    deadline = draw(deadline_rules(max_days, max_months))
    default_due: Literal["year_end"] | None = None
    if isinstance(deadline, Stipulated) and draw(_BOOLS):
        default_due = "year_end"
    return CategoryRules(
        deadline=deadline,
        rework=draw(st.none() | _day_rules(max_days)),
        reports=draw(st.none() | report_schedules()),
        default_due=default_due,
    )


@st.composite
def _escalations(draw: st.DrawFn) -> tuple[EscalationStep, ...]:
    steps = draw(st.lists(st.integers(1, 60), unique=True, max_size=4))
    return tuple(
        EscalationStep(after_workdays=n, action=draw(st.sampled_from(_PHRASES)), clause="S0-5.1")
        for n in sorted(steps)
    )


@st.composite
def rule_sets(draw: st.DrawFn, max_overrides: int = 4, max_days: int = 60, max_months: int = 12) -> RuleSet:
    """Valid rule sets: any rules per category, either counting mode, any warning and scoring
    parameters, calendar overrides. ``RuleSet.default()`` and its working-day variant are
    drawn too (and shrunk towards)."""
    if draw(_BOOLS):
        return RuleSet.default(counting=draw(st.sampled_from(["calendar", "working"])))
    holidays, workdays = draw(_overrides(max_overrides, FIRST_DAY, LAST_DAY))
    return RuleSet(
        counting=draw(st.sampled_from(["calendar", "working"])),
        categories={c: draw(category_rules(max_days, max_months)) for c in Category},
        proposal_max_months=draw(st.none() | st.integers(1, 24)),
        urgent=draw(_day_rules(max_days)),
        rework_fallback=draw(_day_rules(max_days)),
        warning_workdays=draw(st.integers(0, 10)),
        warning_share=draw(st.none() | st.floats(0.05, 0.95)),
        points_per_criticism=draw(st.integers(0, 5)),
        criticism_blocks_excellent=draw(_BOOLS),
        principal_extensions=draw(_BOOLS),
        rectification=CalendarDays(draw(st.integers(1, 14))),
        escalation=draw(_escalations()),
        extra_holidays=holidays,
        extra_workdays=tuple(sorted(workdays)),
    )
