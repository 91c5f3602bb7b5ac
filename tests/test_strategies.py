"""The public hypothesis strategies (``duban_core.strategies``) draw what they promise."""

from __future__ import annotations

import doctest
import warnings
from collections import Counter
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning
from pydantic import ValidationError

from duban_core import Actor, ChinaCalendar, DubanError, Ledger, Role, RuleSet, State
from duban_core import strategies as dst
from duban_core._strategies import events as _events
from duban_core._strategies import streams as _streams
from duban_core._strategies import values as _values
from duban_core.calendar import FIRST_DAY, LAST_DAY
from duban_core.clock import CST
from duban_core.events import EVENT_TYPES, BulletinEvent, Drafted, Event, ItemEvent, parse
from duban_core.rules import DeadlineRule, ReportSchedule

_STRATEGY_MODULES = (_values, _events, _streams)


def test_module_examples_run() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        # The façade's own docstring, and those of the private modules its names live in.
        results = [doctest.testmod(m, optionflags=doctest.ELLIPSIS) for m in (dst, *_STRATEGY_MODULES)]
    assert sum(r.attempted for r in results) >= 6
    assert sum(r.failed for r in results) == 0


@given(dst.dates())
def test_dates_are_in_the_calendar_range(d: date) -> None:
    assert FIRST_DAY <= d <= LAST_DAY


@given(dst.calendars())
def test_calendars_build_with_disjoint_overrides(calendar: ChinaCalendar) -> None:
    assert not set(calendar.extra_holidays) & calendar.extra_workdays
    for d in calendar.extra_holidays:
        assert not calendar.is_workday(d)
    for d in calendar.extra_workdays:
        assert calendar.is_workday(d)


@given(dst.deadline_rules(), dst.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_deadline_rules_give_a_due_day_on_or_after_the_start(rule: DeadlineRule, start: date) -> None:
    deadline = rule.due(start, ChinaCalendar(), stipulated=start + timedelta(days=30))
    assert deadline.due >= start
    assert deadline.explanation


@given(dst.report_schedules(), dst.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_report_schedules_list_days_after_the_start(schedule: ReportSchedule, start: date) -> None:
    days = schedule.dates(start, start + timedelta(days=120), ChinaCalendar())
    assert days == sorted(set(days))
    assert all(d > start for d in days)


@given(dst.rule_sets())
def test_rule_sets_are_valid_and_round_trip(rules: RuleSet) -> None:
    assert RuleSet.model_validate_json(rules.model_dump_json()) == rules
    assert isinstance(rules.calendar, ChinaCalendar)


@given(st.sampled_from(list(Role)), st.sampled_from(dst.UNITS), st.data())
def test_actors_have_the_role_and_unit_asked_for(role: Role, unit: str, data: st.DataObject) -> None:
    actor: Actor = data.draw(dst.actors(role, unit))
    assert actor.role is role
    assert actor.unit == (unit if role in (Role.UNIT_HEAD, Role.UNIT_STAFF) else None)


@given(dst.events())
def test_events_round_trip_through_json(event: Event) -> None:
    assert parse(event.model_dump_json()) == event
    assert parse(event.model_dump_json().encode()) == event


@given(dst.malformed_events())
def test_malformed_events_are_refused_by_parse_and_by_a_ledger(raw: object) -> None:
    for attempt in (parse, Ledger().apply):
        try:
            attempt(raw)  # type: ignore[arg-type]
        except (ValidationError, DubanError):
            continue
        raise AssertionError(f"accepted {raw!r}")


def _check_order(events: list[Event]) -> None:
    """Times never go back within one item or one bulletin (they may across them)."""
    last: dict[tuple[str, str], object] = {}
    for event in events:
        if isinstance(event, ItemEvent):
            key = ("item", event.item_id)
        elif isinstance(event, BulletinEvent):
            key = ("bulletin", event.bulletin_id)
        else:
            continue  # an inspection plan stands alone
        previous = last.get(key)
        if previous is not None:
            assert event.at >= previous  # type: ignore[operator]
        last[key] = event.at


@given(dst.event_streams(dst.rule_sets(), max_items=5, max_events=50))
def test_event_streams_are_accepted_in_full_under_any_rule_set(events: list[Event]) -> None:
    assert isinstance(events[0], Drafted)
    _check_order(events)
    assert all(e.at.utcoffset() is not None for e in events)


@given(st.data())
def test_streams_replay_under_the_rules_they_were_drawn_for(data: st.DataObject) -> None:
    rules = data.draw(dst.rule_sets())
    events = data.draw(dst.event_streams(rules, max_items=4, max_events=40))
    ledger = Ledger.replay(events, rules)
    assert ledger.version == len(events)


@given(dst.item_lifecycles(max_events=30))
def test_item_lifecycles_are_one_item(events: list[Event]) -> None:
    ledger = Ledger.replay(events)
    assert len(ledger.items) == 1
    assert all(isinstance(e, ItemEvent) for e in events)
    _check_order(events)


@given(dst.ledgers(max_items=3, max_events=20))
def test_ledgers_are_folded_from_accepted_streams(ledger: Ledger) -> None:
    assert ledger.version >= 1
    assert Ledger.replay(ledger.events, ledger.rules) == ledger


def test_streams_cover_the_lifecycle() -> None:
    """Over a fixed sample, streams reach every state, every event type and more than one
    time zone: the strategies are not stuck on the happy path."""
    types: Counter[str] = Counter()
    states: Counter[State] = Counter()
    offsets: set[object] = set()

    @settings(
        max_examples=150,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(dst.event_streams(max_items=4, min_events=20, max_events=60))
    def collect(events: list[Event]) -> None:
        ledger = Ledger.replay(events)
        types.update(type(e).__name__ for e in events)
        states.update(item.state for item in ledger.items.values())
        offsets.update(e.at.utcoffset() for e in events)
        rework = [item.rework_rounds for item in ledger.items.values()]
        types["rework>1"] += sum(r > 1 for r in rework)
        types["child"] += sum(item.parent_id is not None for item in ledger.items.values())

    collect()
    assert set(EVENT_TYPES) <= set(types), set(EVENT_TYPES) - set(types)
    assert set(State) <= set(states), set(State) - set(states)
    assert types["rework>1"] > 0
    assert types["child"] > 0
    assert len(offsets) > 3
    assert CST.utcoffset(None) in offsets


def test_the_public_surface_is_all_and_only_all() -> None:
    """The façade (as hypothesis.strategies): ``__all__`` lists exactly its public names,
    each defined in the private ``duban_core._strategies`` modules."""
    import types

    public = {
        name
        for name, value in vars(dst).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
    }
    assert set(dst.__all__) == public
    for name in dst.__all__:
        value = getattr(dst, name)
        if isinstance(value, (types.FunctionType, type)):
            assert value.__module__.startswith("duban_core._strategies"), name
