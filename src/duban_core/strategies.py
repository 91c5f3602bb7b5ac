"""Hypothesis strategies for duban_core: property-test your own rules and integrations.

**This module imports hypothesis**, so it is importable only where hypothesis is installed
(``pip install duban_core[test]`` or ``pip install hypothesis``). ``import duban_core`` never
imports it; import it explicitly: ``from duban_core import strategies as dst``.

What it draws:

* values — :func:`dates` (inside the calendar's range 2000-01-01 … 2099-12-31),
  :func:`timezones` and :func:`aware_datetimes` (including zones with daylight saving time),
  :func:`calendars` (with overrides), :func:`deadline_rules`, :func:`report_schedules`,
  :func:`category_rules`, :func:`rule_sets` (always valid), :func:`actors` (by role, for a unit);
* events — :func:`events` (schema-valid events of any type, not necessarily accepted by a
  ledger) and :func:`malformed_events` (dicts, JSON text and bytes that are not events);
* streams a ledger accepts — :func:`item_lifecycles` (one item: rework rounds, extensions,
  urging, cancellation), :func:`event_streams` (many items interleaved, decomposition into
  child items, bulletins and rectification reports, inspection plans) and :func:`ledgers`;
* one step at a time — :class:`StreamState` tracks what a ledger will accept, and
  :func:`next_events` / :func:`refused_events` draw the next accepted event or an event the
  ledger must refuse (for ``RuleBasedStateMachine`` tests).

Streams are built by construction, never by filtering: each step picks among the events the
state graph (:func:`duban_core.machine.allowed_events`) and the item's situation allow, with an
authorised actor and a time no earlier than the item's previous event, in a random time zone.

A host testing its own rule set::

    from hypothesis import given
    from duban_core import Ledger, RuleSet
    from duban_core import strategies as dst

    MY_RULES = RuleSet.model_validate_json(open("rules.json").read())

    @given(dst.event_streams(MY_RULES, max_items=5))
    def test_no_deadline_falls_before_the_day_the_item_was_received(events):
        ledger = Ledger.replay(events, MY_RULES)
        for item in ledger.items.values():
            if item.deadline is not None:
                assert item.deadline.due >= item.received_on

A quick check (the ``example()`` method is for interactive exploration only):

>>> from duban_core import Ledger
>>> events = event_streams(max_items=2, max_events=12).example()
>>> Ledger.replay(events).version == len(events)
True
>>> type(events[0]).__name__
'Drafted'
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Literal, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from pydantic import ValidationError

from . import machine
from .actors import Actor, Role
from .calendar import FIRST_DAY, LAST_DAY, ChinaCalendar
from .categories import Category
from .clock import CST, cst_day
from .errors import DubanError, InvalidTransition, RuleViolation, Unauthorized
from .events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Cancelled,
    DeadlineRevised,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    InspectionPlanned,
    ItemEvent,
    Outcome,
    ProgressReported,
    RectificationReported,
    Registered,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
)
from .ledger import Ledger
from .machine import State
from .rules import (
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
from .ruleset import CategoryRules, EscalationStep, RuleSet

__all__ = [
    "HOSTILE_KINDS",
    "REFUSAL_KINDS",
    "TIMEZONES",
    "UNITS",
    "Hostile",
    "StreamState",
    "actors",
    "aware_datetimes",
    "calendars",
    "can_refuse",
    "category_rules",
    "dates",
    "deadline_rules",
    "event_streams",
    "events",
    "hostile_inputs",
    "hostile_rule_updates",
    "item_lifecycles",
    "ledgers",
    "malformed_events",
    "next_events",
    "refused_events",
    "report_schedules",
    "rule_sets",
    "timezones",
]

T = TypeVar("T")

# -- plain values -------------------------------------------------------------------------------

#: Units (承办单位) the strategies name; streams draw their lead and co-units from these.
UNITS: tuple[str, ...] = (
    "区住建局",
    "区教育局",
    "区卫健委",
    "区发改委",
    "区财政局",
    "区交通运输局",
    "区生态环境局",
    "城关街道办事处",
)
_PEOPLE = ("李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏")
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
        raise DubanError(f"dates(): need {FIRST_DAY} <= min_value <= max_value <= {LAST_DAY}")
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
    if role in (Role.OFFICE, Role.LEADER):
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


def report_schedules() -> SearchStrategy[ReportSchedule]:
    """Any reporting schedule: quarter ends, monthly (a day or the month's end), weekly."""
    return st.one_of(
        st.just(QuarterEnds()),
        st.builds(Monthly, day=st.none() | st.integers(1, 31)),
        st.builds(Weekly, weekday=st.integers(0, 6)),
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
        urgent=draw(_day_rules(max_days)),
        rework_fallback=draw(_day_rules(max_days)),
        warning_workdays=draw(st.integers(0, 10)),
        warning_share=draw(st.none() | st.floats(0.05, 0.95)),
        points_per_criticism=draw(st.integers(0, 5)),
        criticism_blocks_excellent=draw(_BOOLS),
        rectification=CalendarDays(draw(st.integers(1, 14))),
        escalation=draw(_escalations()),
        extra_holidays=holidays,
        extra_workdays=tuple(sorted(workdays)),
    )


# -- single events ------------------------------------------------------------------------------

# Ids as the events store them: NFC, trimmed, visible (duban_core._text.clean_name).
_IDS = st.from_regex(r"\A[0-9]{4}-[0-9]{3}\Z") | st.text(min_size=1, max_size=12).map(
    lambda s: unicodedata.normalize("NFC", s).strip()
).filter(lambda s: 0 < len(s) <= 200 and s.isprintable())
_percents = st.floats(0, 100, allow_nan=False)
_money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def _common(item: bool = True) -> dict[str, SearchStrategy[Any]]:
    base: dict[str, SearchStrategy[Any]] = {"at": aware_datetimes(), "by": actors()}
    if item:
        base["item_id"] = _IDS
    return base


_EVENT_FIELDS: dict[type[Any], dict[str, SearchStrategy[Any]]] = {
    Drafted: {
        "title": _text(),
        "category": st.sampled_from(tuple(Category)),
        "lead_unit": st.just(UNITS[0]),
        "co_units": st.lists(st.sampled_from(UNITS[1:]), unique=True, max_size=3).map(tuple),
        "urgent": st.booleans(),
        "stipulated_due": st.none() | dates(),
        "project": st.booleans(),
        "source": st.none() | _text(),
    },
    Registered: {},
    Assigned: {"received_on": dates(), "due": st.none() | dates()},
    Acknowledged: {"handler": st.sampled_from(_PEOPLE)},
    Urged: {"method": _text()},
    ProgressReported: {
        "summary": _text(),
        "percent_complete": st.none() | _percents,
        "investment_done": st.none() | _money,
        "work_done": st.none() | _text(),
    },
    FeedbackSubmitted: {
        "summary": _text(),
        "percent_complete": st.none() | _percents,
        "investment_done": st.none() | _money,
        "work_done": st.none() | _text(),
        "signed_by": actors(Role.UNIT_HEAD),
    },
    Approved: {},
    Returned: {"kind": st.sampled_from(tuple(ReturnKind)), "reason": _text(), "due": st.none() | dates()},
    ExtensionRequested: {"new_due": dates(), "reason": _text()},
    ExtensionDecided: {"granted": st.booleans()},
    Evaluated: {
        "satisfaction": st.sampled_from(tuple(Satisfaction)),
        "outcome": st.sampled_from(tuple(Outcome)),
    },
    Archived: {},
    Cancelled: {"reason": _text()},
    DeadlineRevised: {"due": dates(), "reason": _text()},
    BulletinIssued: {
        "bulletin_id": _IDS,
        "kind": st.sampled_from(tuple(BulletinKind)),
        "level": st.sampled_from(tuple(BulletinLevel)),
        "units": st.lists(units(), unique=True, min_size=1, max_size=3).map(tuple),
        "item_ids": st.lists(_IDS, unique=True, max_size=3).map(tuple),
        "reason": _text(),
    },
    RectificationReported: {"bulletin_id": _IDS, "unit": units()},
    InspectionPlanned: {
        "inspection_id": _IDS,
        "organiser": units(),
        "topic": _text(),
        "units": st.lists(units(), unique=True, min_size=1, max_size=3).map(tuple),
        "start": dates(FIRST_DAY, date(2049, 12, 31)),
        "end": dates(date(2050, 1, 1), LAST_DAY),
        "item_ids": st.lists(_IDS, unique=True, max_size=3).map(tuple),
    },
}
_NOT_ITEM_EVENTS = (BulletinIssued, RectificationReported, InspectionPlanned)


def events(*types: type[Any]) -> SearchStrategy[Event]:
    """Schema-valid events of the given classes (all event types when none is given).

    They parse and round-trip through JSON, but a ledger may refuse them (an unknown item,
    a wrong state or actor): use :func:`event_streams` for events a ledger accepts.

    >>> from duban_core.events import Urged, parse
    >>> e = events(Urged).example()
    >>> parse(e.model_dump_json()) == e
    True
    """
    return _events(types)


@functools.cache
def _events(types: tuple[type[Any], ...]) -> SearchStrategy[Event]:
    chosen = types or tuple(_EVENT_FIELDS)
    strategies = []
    for cls in chosen:
        fields = {**_common(item=issubclass(cls, ItemEvent)), **_EVENT_FIELDS[cls]}
        if cls in _NOT_ITEM_EVENTS:
            fields.pop("item_id", None)
        strategies.append(st.builds(cls, **fields))
    return st.one_of(strategies)


# -- malformed input ----------------------------------------------------------------------------

_json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_json = st.recursive(
    _json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
_weird_values = st.one_of(
    _json,
    st.sampled_from(
        [
            float("nan"),
            float("inf"),
            -float("inf"),
            10**400,
            -1,
            "",
            " ",
            "\x00",
            "\ud800",
            "2024-13-45",
            "2024-03-01T09:00:00",  # naive
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "1999-12-31",
            "2100-01-01",
            "NOT_A_MEMBER",
            [],
            {},
            True,
        ]
    ),
    st.datetimes(timezones=timezones() | st.none()).map(lambda d: d.isoformat()),
    st.dates().map(date.isoformat),
)


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid event's dict with fields dropped, added or given odd values, and finally one
    change that no event survives (a required field dropped, an unknown field, a field
    nested in an object, a naive time)."""
    data: dict[str, Any] = json.loads(draw(events()).model_dump_json())
    for _ in range(draw(st.integers(0, 2))):
        how = draw(st.sampled_from(["drop", "set", "add", "type"]))
        key = draw(st.sampled_from(sorted(data))) if data else "type"
        if how == "drop":
            data.pop(key, None)
        elif how == "set":
            data[key] = draw(_weird_values)
        elif how == "add":
            data[draw(st.text(min_size=1, max_size=10))] = draw(_json)
        else:
            data["type"] = draw(st.sampled_from([*sorted(_TYPE_NAMES), "drafted", "Event", "", "ItemEvent"]))
    how = draw(st.sampled_from(["drop", "extra", "nest", "naive"]))
    if how == "drop":
        data.pop(draw(st.sampled_from(["type", "at", "by"])), None)
    elif how == "extra":
        data["x_" + draw(st.text(max_size=8))] = draw(_json)
    elif how == "nest":
        key = draw(st.sampled_from(sorted(data))) if data else "type"
        data[key] = {"nested": data.get(key)}
    else:
        data["at"] = "2024-03-01T09:00:00"  # no offset
    return data


_TYPE_NAMES = frozenset(cls.__name__ for cls in _EVENT_FIELDS)


@st.composite
def _surely_malformed(draw: st.DrawFn) -> dict[str, Any] | str | bytes:
    """Input that is never a valid event (each case breaks a rule every event has)."""
    data: dict[str, Any] = json.loads(draw(events()).model_dump_json())
    how = draw(st.sampled_from(["drop", "naive", "type", "extra", "bytes", "cut", "list", "actor"]))
    if how == "drop":
        del data[draw(st.sampled_from(["type", "at", "by"]))]
    elif how == "naive":
        data["at"] = data["at"][:19]  # the time without its offset
    elif how == "type":
        data["type"] = draw(st.sampled_from(["drafted", "Event", "", "ItemEvent", "Unknown"]))
    elif how == "extra":
        data["unexpected_field"] = draw(_json)
    elif how == "bytes":
        return json.dumps(data).encode() + b"\xff"
    elif how == "cut":
        text = json.dumps(data)
        return text[: draw(st.integers(0, len(text) - 1))]
    elif how == "list":
        return json.dumps([data])
    else:
        data["by"] = {"name": "", "role": draw(st.sampled_from(["OFFICE", "NOBODY"]))}
    form = draw(st.sampled_from(["dict", "str", "bytes"]))
    if form == "str":
        return json.dumps(data, ensure_ascii=False)
    if form == "bytes":
        return json.dumps(data).encode()
    return data


_SURELY_MALFORMED = _surely_malformed()


@functools.cache
def malformed_events() -> SearchStrategy[dict[str, Any] | str | bytes]:
    """Input that is never a valid event: mutated event dicts (each with at least one
    change no event survives), the same as JSON text and bytes, arbitrary JSON values,
    garbage bytes (invalid UTF-8, truncated JSON), deeply nested JSON. ``events.parse`` and
    ``Ledger.apply`` must refuse it with a ``DubanError`` or a pydantic ``ValidationError``
    — nothing else.

    >>> from pydantic import ValidationError
    >>> from duban_core import DubanError
    >>> from duban_core.events import parse
    >>> try:
    ...     parse(malformed_events().example())
    ... except (ValidationError, DubanError):
    ...     print("refused")
    refused
    """
    mutated = _mutated()
    return st.one_of(
        mutated,
        mutated.map(lambda d: json.dumps(d, ensure_ascii=False, default=str)),
        mutated.map(lambda d: json.dumps(d, default=str).encode()),
        _json.map(lambda v: json.dumps(v)),
        st.binary(max_size=200),
        events().map(lambda e: e.model_dump_json()[: len(e.model_dump_json()) // 2]),
        events().map(lambda e: e.model_dump_json().encode("utf-8") + b"\xff"),
        st.integers(1, 5000).map(lambda n: "[" * n + "]" * n),
        st.integers(1, 5000).map(lambda n: '{"a":' * n + "1" + "}" * n),
        st.sampled_from(["", "null", "[]", "{}", "1", '"Drafted"', '{"type": null}']),
    )


# -- streams a ledger accepts -------------------------------------------------------------------

_CLOCK = machine.CLOCK_STATES
_EPOCH_LO = date(2000, 1, 3)
_EPOCH_HI = date(2090, 12, 31)  # leaves years of room for long streams and their deadlines


@dataclass
class _ItemModel:
    item_id: str
    category: Category
    lead_unit: str
    co_units: tuple[str, ...]
    urgent: bool
    project: bool
    stipulated_due: date | None
    parent_id: str | None
    drafted_on: date
    state: State = State.DRAFTED
    last_at: datetime | None = None
    due: date | None = None
    start: date | None = None
    pending: date | None = None
    pending_since: date | None = None
    open_children: int = 0
    returns: int = 0
    #: Drafted by input the stream did not draw: never moved along by the stream.
    foreign: bool = False
    #: When it was drafted: bulletins and inspections naming it come no earlier (S0-3.6, S4-16).
    drafted_at: datetime | None = None


@dataclass
class _BulletinModel:
    bulletin_id: str
    kind: BulletinKind
    units: tuple[str, ...]
    last_at: datetime
    rectified: set[str] = field(default_factory=set)


@dataclass
class StreamState:
    """What a ledger that has accepted the events so far will accept next.

    Feed every accepted event to :meth:`accept`; draw the next one with
    :func:`next_events`. ``rules`` must be the ledger's rule set.
    """

    rules: RuleSet
    items: dict[str, _ItemModel] = field(default_factory=dict)
    bulletins: dict[str, _BulletinModel] = field(default_factory=dict)
    counter: int = 0
    #: Item and bulletin ids in use (the stream never draws them again).
    taken: set[str] = field(default_factory=set)
    #: A time at which the stream started; new items and bulletins start near it.
    origin: datetime | None = None

    def open_items(self) -> list[_ItemModel]:
        return [m for m in self.items.values() if m.state in machine.OPEN_STATES]

    def accept(self, event: Event, *, foreign: bool = False) -> None:
        """Record an event the ledger accepted; ``foreign`` marks one the stream did not
        draw (an item it drafts is then left alone by the stream)."""
        if isinstance(event, BulletinIssued):
            self.taken.add(event.bulletin_id)
            self.bulletins[event.bulletin_id] = _BulletinModel(
                event.bulletin_id, event.kind, event.units, event.at
            )
            return
        if isinstance(event, InspectionPlanned):
            self.taken.add(event.inspection_id)
            return
        if isinstance(event, RectificationReported):
            b = self.bulletins[event.bulletin_id]
            b.rectified.add(event.unit)
            b.last_at = event.at
            return
        if isinstance(event, Drafted):
            m = _ItemModel(
                event.item_id,
                event.category,
                event.lead_unit,
                event.co_units,
                event.urgent,
                event.project,
                event.stipulated_due,
                event.parent_id,
                cst_day(event.at),
                last_at=event.at,
                foreign=foreign,
                drafted_at=event.at,
            )
            self.items[event.item_id] = m
            self.taken.add(event.item_id)
            if event.parent_id is not None:
                self.items[event.parent_id].open_children += 1
            return
        m = self.items[event.item_id]
        before = m.state
        m.state = machine.NEXT[(event.type, m.state)]
        m.last_at = event.at
        day = cst_day(event.at)
        if isinstance(event, Assigned):
            m.due = self.rules.deadline(
                m.category, event.received_on, urgent=m.urgent, stipulated=m.stipulated_due
            ).due
            m.start = event.received_on
        elif isinstance(event, Returned):
            m.due = self.rules.rework_deadline(m.category, day, urgent=m.urgent).due
            m.start = day
            m.pending = m.pending_since = None
            m.returns += 1
        elif isinstance(event, ExtensionRequested):
            m.pending, m.pending_since = event.new_due, day
        elif isinstance(event, ExtensionDecided):
            if event.granted:
                assert m.pending is not None
                assert m.pending_since is not None
                m.due = m.pending
                m.start = machine.extension_start(m.pending_since)
            m.pending = m.pending_since = None
        elif isinstance(event, DeadlineRevised):
            m.due = event.due
        elif isinstance(event, (FeedbackSubmitted, Cancelled)):
            m.pending = m.pending_since = None
        if m.parent_id is not None and before in machine.OPEN_STATES and m.state not in machine.OPEN_STATES:
            self.items[m.parent_id].open_children -= 1

    def new_id(self, prefix: str) -> str:
        """A fresh item or bulletin id."""
        while True:
            self.counter += 1
            candidate = f"{prefix}-{self.counter:03d}"
            if candidate not in self.taken:
                return candidate


_STEPS = st.one_of(
    st.just(0),
    st.integers(1, 3600),  # within the hour
    st.integers(3600, 5 * 86400),  # within days
    st.integers(5 * 86400, 40 * 86400),  # weeks later
)
_MICROS = st.integers(0, 999_999)
_BOOLS = st.booleans()


def _later(draw: st.DrawFn, after: datetime, limit: datetime | None = None) -> datetime:
    """A time at or after ``after`` (within ``limit``), in a drawn zone."""
    step = draw(_STEPS)
    # Arithmetic in UTC: adding to a time in a zone with daylight saving time adds wall-clock
    # time, which can land on an earlier instant across a fall-back transition.
    start = after.astimezone(timezone.utc)
    at = start + timedelta(seconds=step, microseconds=draw(_MICROS) if step else 0)
    if limit is not None and at > limit:
        at = max(limit.astimezone(timezone.utc), start)
    return at.astimezone(draw(timezones()))


def _end_of_cst_day(d: date) -> datetime:
    return datetime.combine(d, time(23, 59, 59, 999_999), tzinfo=CST)


def _needs_stipulated(rules: RuleSet, category: Category) -> bool:
    cat = rules.categories[category]
    return isinstance(cat.deadline, Stipulated) and cat.default_due is None


def _unit_actor(draw: st.DrawFn, unit: str, head: bool | None = None) -> Actor:
    role = draw(st.sampled_from((Role.UNIT_HEAD, Role.UNIT_STAFF))) if head is None else Role.UNIT_HEAD
    return Actor(name=draw(st.sampled_from(_PEOPLE)), role=role, unit=unit)


def _office(draw: st.DrawFn) -> Actor:
    return Actor(name=draw(st.sampled_from(_PEOPLE)), role=Role.OFFICE)


def _leader(draw: st.DrawFn) -> Actor:
    return Actor(name=draw(st.sampled_from(_PEOPLE)), role=Role.LEADER)


def _actor_for(draw: st.DrawFn, parties: frozenset[machine.Party], m: _ItemModel) -> Actor:
    party = draw(st.sampled_from(sorted(parties)))
    if party is machine.Party.OFFICE:
        return _office(draw)
    if party is machine.Party.LEADER:
        return _leader(draw)
    if party is machine.Party.CO_UNIT and m.co_units:
        return _unit_actor(draw, draw(st.sampled_from(m.co_units)))
    return _unit_actor(draw, m.lead_unit)


def _draft(draw: st.DrawFn, s: StreamState, *, decomposition: bool, item_id: str | None = None) -> Drafted:
    parents = [m for m in s.open_items() if not m.foreign] if decomposition else []
    parent = draw(st.none() | st.sampled_from(parents)) if parents else None
    if parent is not None:
        assert parent.last_at is not None
        at = _later(draw, parent.last_at)
    else:
        at = _later(draw, _origin(draw, s))
    day = cst_day(at)
    category = draw(st.sampled_from(tuple(Category)))
    lead = draw(units())
    co = draw(st.lists(st.sampled_from([u for u in UNITS if u != lead]), unique=True, max_size=2))
    stipulated = None
    if _needs_stipulated(s.rules, category) or draw(st.integers(0, 4)) == 0:
        stipulated = day + timedelta(days=draw(st.integers(0, 120)))
    return Drafted(
        item_id=item_id or s.new_id("DB"),
        at=at,
        by=_office(draw),
        title=draw(_text()),
        category=category,
        lead_unit=lead,
        co_units=tuple(co),
        urgent=draw(st.integers(0, 5)) == 0,
        stipulated_due=stipulated,
        parent_id=parent.item_id if parent is not None else None,
        project=draw(st.integers(0, 3)) == 0,
        source=draw(st.none() | _text()),
    )


def _possible(s: StreamState, m: _ItemModel) -> list[str]:
    """The event types ``m`` accepts now, as the machine decides them (the same guards the
    ledger runs: :func:`duban_core.machine.possible`)."""
    assert m.last_at is not None
    if m.foreign:
        return []
    facts = machine.ItemFacts(
        item_id=m.item_id,
        state=m.state,
        lead_unit=m.lead_unit,
        co_units=m.co_units,
        category=m.category,
        urgent=m.urgent,
        project=m.project,
        stipulated_due=m.stipulated_due,
        drafted_on=m.drafted_on,
        due=m.due,
        start=m.start,
        pending_since=m.pending_since,
        pending_due=m.pending,
        open_children=m.open_children,
    )
    return [action.event for action in machine.possible(facts, None, cst_day(m.last_at), s.rules)]


def _item_event(draw: st.DrawFn, s: StreamState, m: _ItemModel, etype: str) -> Event:
    assert m.last_at is not None
    limit = _end_of_cst_day(m.due) if etype == "ExtensionRequested" and m.due else None
    at = _later(draw, m.last_at, limit)
    by = _actor_for(draw, machine.WHO[etype], m)
    base: dict[str, Any] = {"item_id": m.item_id, "at": at, "by": by}
    day = cst_day(at)
    if etype == "Registered":
        return Registered(**base)
    if etype == "Assigned":
        latest = min(day, m.stipulated_due) if m.stipulated_due else day
        received = m.drafted_on + timedelta(days=draw(st.integers(0, max(0, (latest - m.drafted_on).days))))
        return Assigned(**base, received_on=min(received, latest))
    if etype == "Acknowledged":
        return Acknowledged(**base, handler=draw(st.sampled_from(_PEOPLE)))
    if etype == "Urged":
        return Urged(**base, method=draw(st.sampled_from(("电话催办", "督办通知书", "现场督办"))))
    if etype in ("ProgressReported", "FeedbackSubmitted"):
        figures = m.project or draw(_BOOLS)
        fields: dict[str, Any] = {
            "summary": draw(_text()),
            "percent_complete": draw(_percents) if figures else None,
            "investment_done": draw(_money) if figures else None,
            "work_done": draw(st.none() | _text()),
        }
        if etype == "ProgressReported":
            return ProgressReported(**base, **fields)
        signer = _unit_actor(draw, m.lead_unit, head=True)
        if by.role is Role.UNIT_STAFF and signer.name == by.name:  # a clerk never signs as the head
            signer = Actor(
                name=next(p for p in _PEOPLE if p != by.name), role=Role.UNIT_HEAD, unit=m.lead_unit
            )
        return FeedbackSubmitted(**base, **fields, signed_by=signer)
    if etype == "Approved":
        return Approved(**base)
    if etype == "Returned":
        party = machine.party_of(by, m.lead_unit, m.co_units)
        kinds = [ReturnKind(kind) for kind in machine.return_kinds(party)]
        return Returned(**base, kind=draw(st.sampled_from(kinds)), reason=draw(_text()))
    if etype == "ExtensionRequested":
        assert m.due is not None
        new_due = m.due + timedelta(days=draw(st.integers(1, 60)))
        return ExtensionRequested(**base, new_due=new_due, reason=draw(_text()))
    if etype == "ExtensionDecided":
        return ExtensionDecided(**base, granted=draw(_BOOLS))
    if etype == "DeadlineRevised":
        assert m.start is not None
        due = m.start + timedelta(days=draw(st.integers(0, 60)))
        return DeadlineRevised(**base, due=due, reason=draw(_text()))
    if etype == "Evaluated":
        return Evaluated(
            **base,
            satisfaction=draw(st.sampled_from(tuple(Satisfaction))),
            outcome=draw(st.sampled_from(tuple(Outcome))),
        )
    if etype == "Archived":
        return Archived(**base)
    assert etype == "Cancelled", etype
    return Cancelled(**base, reason=draw(_text()))


def _origin(draw: st.DrawFn, s: StreamState) -> datetime:
    """The time the stream started (drawn the first time it is needed): new items and
    bulletins start soon after it. Input the stream did not draw never sets it."""
    if s.origin is None:
        s.origin = draw(_ORIGINS)
    return s.origin


_ORIGINS = aware_datetimes(_EPOCH_LO, _EPOCH_HI)


def _after_drafting(draw: st.DrawFn, s: StreamState, item_ids: tuple[str, ...]) -> datetime:
    """A time after the stream's origin and after every named item was drafted."""
    times = [_origin(draw, s), *(s.items[i].drafted_at or _origin(draw, s) for i in item_ids)]
    return _later(draw, max(t.astimezone(timezone.utc) for t in times))


def _bulletin(draw: st.DrawFn, s: StreamState) -> BulletinIssued:
    known = sorted(s.items)
    item_ids = tuple(draw(st.lists(st.sampled_from(known), unique=True, max_size=2))) if known else ()
    return BulletinIssued(
        bulletin_id=s.new_id("TB"),
        at=_after_drafting(draw, s, item_ids),
        by=_office(draw) if draw(_BOOLS) else _leader(draw),
        kind=draw(st.sampled_from(tuple(BulletinKind))),
        level=draw(st.sampled_from(tuple(BulletinLevel))),
        units=tuple(draw(st.lists(units(), unique=True, min_size=1, max_size=3))),
        item_ids=item_ids,
        reason=draw(_text()),
    )


def _inspection(draw: st.DrawFn, s: StreamState) -> InspectionPlanned:
    known = sorted(s.items)
    item_ids = tuple(draw(st.lists(st.sampled_from(known), unique=True, max_size=2))) if known else ()
    at = _after_drafting(draw, s, item_ids)
    start = cst_day(at) + timedelta(days=draw(st.integers(0, 30)))
    chosen = draw(st.lists(units(), unique=True, min_size=1, max_size=3))
    return InspectionPlanned(
        inspection_id=s.new_id("JC"),
        at=at,
        by=_office(draw) if draw(_BOOLS) else _leader(draw),
        organiser=draw(st.sampled_from(("区政府督查室", *UNITS))),
        topic=draw(_text()),
        units=tuple(chosen),
        start=start,
        end=start + timedelta(days=draw(st.integers(0, 14))),
        item_ids=item_ids,
    )


def _rectifiable(s: StreamState) -> list[tuple[_BulletinModel, str]]:
    return [
        (b, unit)
        for b in s.bulletins.values()
        if b.kind is BulletinKind.CRITICISM
        for unit in b.units
        if unit not in b.rectified
    ]


def _step(
    draw: st.DrawFn,
    s: StreamState,
    *,
    max_items: int,
    bulletins: bool,
    decomposition: bool,
) -> Event | None:
    """One event the ledger accepts, or ``None`` when nothing is left to do."""
    choices: list[str] = []
    live = [m for m in s.items.values() if _possible(s, m)]
    if len(s.items) < max_items:
        choices += ["draft"] * 2
    if live:
        choices += ["item"] * 12  # mostly move items along
    if bulletins and s.items:
        choices.append("bulletin")
    if bulletins and _rectifiable(s):
        choices.append("rectify")
    if bulletins and s.items:
        choices.append("inspection")
    if not choices:
        return None
    what = draw(st.sampled_from(choices))
    if what == "draft":
        return _draft(draw, s, decomposition=decomposition)
    if what == "bulletin":
        return _bulletin(draw, s)
    if what == "inspection":
        return _inspection(draw, s)
    if what == "rectify":
        b, unit = draw(st.sampled_from(_rectifiable(s)))
        return RectificationReported(
            bulletin_id=b.bulletin_id,
            at=_later(draw, b.last_at),
            by=_unit_actor(draw, unit, head=True),
            unit=unit,
        )
    m = draw(st.sampled_from(live))
    # Weight the happy path so items reach REPORTED, CLOSED and ARCHIVED often.
    possible = _possible(s, m)
    forward = [e for e in possible if e not in ("Urged", "ProgressReported", "Cancelled", "DeadlineRevised")]
    mostly_forward = bool(forward) and draw(st.integers(0, 5)) > 0
    etype = draw(st.sampled_from(forward if mostly_forward else possible))
    return _item_event(draw, s, m, etype)


def _resolve(rules: RuleSet | SearchStrategy[RuleSet] | None, draw: st.DrawFn) -> RuleSet:
    if rules is None:
        return RuleSet.default()
    if isinstance(rules, RuleSet):
        return rules
    return draw(rules)


@st.composite
def event_streams(
    draw: st.DrawFn,
    rules: RuleSet | SearchStrategy[RuleSet] | None = None,
    *,
    max_items: int = 4,
    min_events: int = 1,
    max_events: int = 40,
    bulletins: bool = True,
    decomposition: bool = True,
) -> list[Event]:
    """Event streams that ``Ledger(rules)`` accepts in full, in order.

    Up to ``max_items`` items, interleaved, each moving through its lifecycle (rework rounds,
    extension requests granted or refused, urging, progress reports, deadline revisions,
    cancellation, archiving), child items drafted under open parents (``decomposition``),
    and — when ``bulletins`` — bulletins naming units and items, with rectification reports,
    and inspection plans.
    Times never go back within an item or a bulletin and are written in many time zones;
    across items they do. ``rules`` is a rule set, a strategy for one (then use
    :func:`ledgers`, which hands you the rules drawn) or ``None`` for ``RuleSet.default()``.
    """
    s = StreamState(_resolve(rules, draw))
    out: list[Event] = []
    target = draw(st.integers(min_events, max_events))
    while len(out) < target:
        event = _step(draw, s, max_items=max_items, bulletins=bulletins, decomposition=decomposition)
        if event is None:
            break
        s.accept(event)
        out.append(event)
    return out


@st.composite
def item_lifecycles(
    draw: st.DrawFn,
    rules: RuleSet | None = None,
    *,
    category: Category | None = None,
    max_events: int = 25,
) -> list[Event]:
    """The events of one item, from ``Drafted`` on, that a ledger accepts: the whole
    lifecycle or a prefix of it, with rework rounds, extensions, urging, cancellation."""
    s = StreamState(rules if rules is not None else RuleSet.default())
    first = _draft(draw, s, decomposition=False)
    if category is not None:
        stipulated = first.stipulated_due
        if stipulated is None and _needs_stipulated(s.rules, category):
            stipulated = cst_day(first.at) + timedelta(days=draw(st.integers(0, 120)))
        first = first.model_copy(update={"category": category, "stipulated_due": stipulated})
    s.accept(first)
    out: list[Event] = [first]
    target = draw(st.integers(1, max_events))
    while len(out) < target:
        event = _step(draw, s, max_items=1, bulletins=False, decomposition=False)
        if event is None:
            break
        s.accept(event)
        out.append(event)
    return out


@st.composite
def ledgers(
    draw: st.DrawFn,
    rules: RuleSet | SearchStrategy[RuleSet] | None = None,
    *,
    max_items: int = 4,
    max_events: int = 40,
) -> Ledger:
    """Ledgers folded from :func:`event_streams` (``ledger.rules`` is the rule set used)."""
    chosen = _resolve(rules, draw)
    return Ledger.replay(draw(event_streams(chosen, max_items=max_items, max_events=max_events)), chosen)


# -- one step at a time (stateful tests) --------------------------------------------------------


def next_events(
    state: StreamState, *, max_items: int = 6, bulletins: bool = True, decomposition: bool = True
) -> SearchStrategy[Event]:
    """The next event a ledger in ``state`` accepts (never fails to produce one: a new item
    can always be drafted when ``max_items`` allows, else a bulletin is issued)."""

    @st.composite
    def strategy(draw: st.DrawFn) -> Event:
        event = _step(draw, state, max_items=max_items, bulletins=bulletins, decomposition=decomposition)
        if event is None:
            event = _draft(draw, state, decomposition=decomposition)
        return event

    return strategy()


def _wrong_actor(draw: st.DrawFn, etype: str, m: _ItemModel) -> Actor:
    allowed = machine.WHO[etype]
    options: list[Actor] = []
    if machine.Party.OFFICE not in allowed:
        options.append(_office(draw))
    if machine.Party.LEADER not in allowed:
        options.append(_leader(draw))
    if machine.Party.LEAD_UNIT not in allowed:
        options.append(_unit_actor(draw, m.lead_unit))
    if machine.Party.CO_UNIT not in allowed and m.co_units:
        options.append(_unit_actor(draw, m.co_units[0]))
    if machine.Party.OTHER_UNIT not in allowed:
        outsiders = [u for u in UNITS if u != m.lead_unit and u not in m.co_units]
        options.append(_unit_actor(draw, draw(st.sampled_from(outsiders))))
    return draw(st.sampled_from(options))


#: What :func:`refused_events` can break.
REFUSAL_KINDS: tuple[str, ...] = (
    "wrong state",
    "wrong actor",
    "unknown item",
    "earlier time",
    "duplicate id",
    "malformed",
)


def _refusal_kinds(s: StreamState) -> list[str]:
    """The kinds of refused input that can be built for ``s`` right now."""
    kinds = ["unknown item", "malformed"]
    if s.items:
        kinds.append("duplicate id")
    if any(_possible(s, m) for m in s.items.values()):
        kinds += ["wrong actor", "earlier time"]
    if _wrong_state_pairs(s):
        kinds.append("wrong state")
    return kinds


def _wrong_state_pairs(s: StreamState) -> list[tuple[_ItemModel, str]]:
    return [
        (m, e)
        for m in s.items.values()
        for e in machine.WHO
        if e != "Drafted" and (e, m.state) not in machine.NEXT
    ]


@st.composite
def _refused(
    draw: st.DrawFn, s: StreamState, kinds: Sequence[str] | None
) -> tuple[Any, tuple[type[Exception], ...], str]:
    from pydantic import ValidationError

    possible = [k for k in _refusal_kinds(s) if kinds is None or k in kinds]
    if not possible:
        raise DubanError(f"refused_events(): none of {kinds} can be built in this state")
    live = [m for m in s.items.values() if _possible(s, m)]
    wrong_state = _wrong_state_pairs(s)
    kind = draw(st.sampled_from(sorted(possible, key=REFUSAL_KINDS.index)))
    if kind == "malformed":
        return draw(_SURELY_MALFORMED), (ValidationError, DubanError), kind
    if kind == "unknown item":
        event = draw(events(*(c for c in _EVENT_FIELDS if issubclass(c, ItemEvent) and c is not Drafted)))
        item_id = s.new_id("NONE")
        return event.model_copy(update={"item_id": item_id}), (RuleViolation,), kind
    if kind == "duplicate id":
        existing = draw(st.sampled_from(sorted(s.items)))
        draft = _draft(draw, StreamState(s.rules, origin=s.origin, counter=s.counter), decomposition=False)
        return draft.model_copy(update={"item_id": existing}), (RuleViolation,), kind
    if kind == "wrong state":
        m, etype = draw(st.sampled_from(wrong_state))
        assert m.last_at is not None
        fields = draw(events(EVENT_CLASSES[etype]))
        event = fields.model_copy(
            update={
                "item_id": m.item_id,
                "at": _later(draw, m.last_at),
                "by": _actor_for(draw, machine.WHO[etype], m),
            }
        )
        return event, (InvalidTransition,), kind
    m = draw(st.sampled_from(live))
    etype = draw(st.sampled_from(_possible(s, m)))
    valid = _item_event(draw, s, m, etype)
    if kind == "wrong actor":
        return valid.model_copy(update={"by": _wrong_actor(draw, etype, m)}), (Unauthorized,), kind
    assert m.last_at is not None
    back = timedelta(microseconds=draw(st.integers(1, 10**6 * 86400 * 30)))
    earlier = (m.last_at.astimezone(timezone.utc) - back).astimezone(draw(timezones()))
    return valid.model_copy(update={"at": earlier}), (RuleViolation,), kind


def refused_events(
    state: StreamState, kinds: Sequence[str] | None = None
) -> SearchStrategy[tuple[Any, tuple[type[Exception], ...], str]]:
    """``(input, errors, kind)``: an input a ledger in ``state`` must refuse, the exception
    classes it may raise, and what is wrong with it (``"wrong state"``, ``"wrong actor"``,
    ``"unknown item"``, ``"earlier time"``, ``"duplicate id"``, ``"malformed"``; see
    :data:`REFUSAL_KINDS`). ``kinds`` limits the choice; :func:`can_refuse` tells whether
    one of them can be built for ``state`` (use it as a ``precondition``).

    Events built with ``model_copy(update=...)`` skip validation of the updated fields on
    purpose only where the update keeps them valid (ids, actors, aware times)."""
    return _refused(state, kinds)


def can_refuse(state: StreamState, kind: str) -> bool:
    """Whether :func:`refused_events` can build a ``kind`` refusal for ``state`` now."""
    return kind in _refusal_kinds(state)


EVENT_CLASSES: dict[str, type[Any]] = {cls.__name__: cls for cls in _EVENT_FIELDS}


# -- hostile input (issue #14) -----------------------------------------------------------------

#: What :func:`hostile_inputs` breaks: an event time outside the calendar range, a time far
#: after the item's previous event, a UTC offset with seconds (the same instant: accepted),
#: an invisible or blank character in an id or name, an office or leader carrying a unit, a
#: clerk signing their own feedback as the unit head.
HOSTILE_KINDS: tuple[str, ...] = (
    "far_time",
    "long_gap",
    "odd_offset",
    "invisible_name",
    "contradictory_actor",
    "self_signed",
)

_INVISIBLE = (
    "\x00",
    "\t",
    "\n",
    "\x7f",
    "\u200b",  # zero width space
    "\u200d",  # zero width joiner
    "\u2028",  # line separator
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u3000",  # ideographic space
    "\ufeff",  # byte order mark
)
_NAME_FIELDS = ("item_id", "bulletin_id", "inspection_id", "lead_unit", "unit", "organiser")


@dataclass(frozen=True)
class Hostile:
    """A hostile input built from an event a ledger would accept: ``value`` (an event or the
    dict a host would pass on), ``kind`` (one of :data:`HOSTILE_KINDS`), ``field`` (the field
    it breaks), ``errors`` (the exception classes a refusal may raise; empty: it must be
    accepted, as the event it was built from)."""

    value: Any
    kind: str
    field: str
    errors: tuple[type[Exception], ...]


def hostile_inputs(state: StreamState) -> SearchStrategy[Hostile]:
    """A :class:`Hostile` input for a ledger in ``state``: the next valid event
    (:func:`next_events`) with one field made hostile (see :data:`HOSTILE_KINDS`)."""

    @st.composite
    def strategy(draw: st.DrawFn) -> Hostile:
        event = draw(next_events(state))
        data = json.loads(event.model_dump_json())
        kind = draw(st.sampled_from(HOSTILE_KINDS))
        if kind == "long_gap" and isinstance(event, ItemEvent) and not isinstance(event, Drafted):
            gap = machine.MAX_GAP + timedelta(days=draw(st.integers(1, 3000)))
            data["at"] = (
                (event.at + gap).isoformat() if event.at + gap < _FAR_LIMIT else _FAR_LIMIT.isoformat()
            )
            return Hostile(data, kind, "at", (RuleViolation, ValidationError))
        if kind == "odd_offset":
            seconds = draw(st.integers(1, 59))
            sign = draw(st.sampled_from((1, -1)))
            zone = timezone(timedelta(hours=draw(st.integers(-11, 13)), seconds=sign * seconds))
            moved = type(event).model_validate({**event.__dict__, "at": event.at.astimezone(zone)})
            return Hostile(moved, kind, "at", ())
        if kind == "invisible_name":
            names = [f for f in _NAME_FIELDS if isinstance(data.get(f), str)]
            target = draw(st.sampled_from([*names, "by.name"]))
            bad = draw(st.sampled_from(_INVISIBLE))
            blank = draw(st.booleans())
            if target == "by.name":
                data["by"]["name"] = " " if blank else _insert(draw, data["by"]["name"], bad)
            else:
                data[target] = " \u3000" if blank else _insert(draw, data[target], bad)
            return Hostile(data, kind, target, (ValidationError,))
        if kind == "contradictory_actor":
            by = data["by"]
            if by["role"] in ("OFFICE", "LEADER"):
                by["unit"] = draw(units())
            else:
                by["role"] = draw(st.sampled_from(("OFFICE", "LEADER")))
            return Hostile(data, kind, "by", (ValidationError,))
        if (
            kind == "self_signed"
            and isinstance(event, FeedbackSubmitted)
            and event.by.role is Role.UNIT_STAFF
        ):
            data["signed_by"] = {"name": event.by.name, "role": "UNIT_HEAD", "unit": event.by.unit}
            return Hostile(data, kind, "signed_by", (RuleViolation,))
        # No previous event to be far from, or no feedback to sign: a time out of range.
        year = draw(st.sampled_from((1, 1066, 1999, 2100, 2500, 9999)))
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        data["at"] = datetime(year, month, day, 12, tzinfo=timezone.utc).isoformat()
        return Hostile(data, "far_time", "at", (ValidationError,))

    return strategy()


_FAR_LIMIT = datetime(9999, 12, 30, tzinfo=timezone.utc)


def _insert(draw: st.DrawFn, text: str, char: str) -> str:
    # Inside the text: whitespace at either end is trimmed (normalised), not refused.
    if len(text) < 2:
        return f"A{char}{text or 'B'}"
    i = draw(st.integers(1, len(text) - 1))
    return text[:i] + char + text[i:]


def hostile_rule_updates() -> SearchStrategy[dict[str, Any]]:
    """``update=`` dicts for ``RuleSet.model_copy``: mostly invalid values (wrong types,
    out-of-range numbers, missing categories), sometimes valid ones."""
    junk = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.text(max_size=5),
        st.just({}),
        st.just([]),
        st.floats(allow_nan=True),
    )
    fields = {
        "warning_workdays": st.one_of(junk, st.integers(0, 365), st.just("3")),
        "points_per_criticism": st.one_of(junk, st.integers(0, 100)),
        "warning_share": st.one_of(junk, st.floats(0.01, 0.99)),
        "categories": st.one_of(
            junk, st.just({c.value: {"deadline": {"kind": "same_day"}} for c in Category})
        ),
        "counting": st.one_of(junk, st.sampled_from(("calendar", "working", "weekly"))),
        "extra_holidays": st.one_of(junk, st.just({"2030-02-30": "x"}), st.just({"2024-10-09": "地方节日"})),
        "escalation": st.one_of(junk, st.just(())),
        "no_such_field": junk,
    }
    return st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=3).flatmap(
        lambda keys: st.fixed_dictionaries({k: fields[k] for k in sorted(keys)})
    )
