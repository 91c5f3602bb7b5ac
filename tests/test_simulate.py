"""The simulated district year (duban_core.simulate): deterministic, realistic, and every
event accepted by the ledger under the rules it was simulated with.

Sizes stay small (the default 600 items once per module); nothing here reads a clock.
"""

from __future__ import annotations

import doctest
import importlib
import itertools
import random
from collections import Counter
from datetime import date, timedelta

import pytest

from duban_core import Category, DubanError, Ledger, Role, RuleSet, State
from duban_core.events import (
    EVENT_TYPES,
    Approved,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Cancelled,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    FeedbackSubmitted,
    InspectionPlanned,
    ItemEvent,
    Outcome,
    ProgressReported,
    RectificationReported,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
    parse,
)
from duban_core.presets import PRESETS, preset
from duban_core.simulate import UNIT_NAMES, Simulation, iter_events, simulate

simulate_module = importlib.import_module("duban_core.simulate")


@pytest.fixture(scope="module")
def year() -> Simulation:
    return simulate()


@pytest.fixture(scope="module")
def ledger(year: Simulation) -> Ledger:
    return year.replay()


def _of(sim: Simulation, cls: type[Event]) -> list[Event]:
    return [e for e in sim.events if type(e) is cls]


# -- determinism ---------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_events_byte_for_byte() -> None:
    a, b = simulate(3, items=150), simulate(3, items=150)
    assert a.to_jsonl() == b.to_jsonl()
    assert a.events == b.events
    assert a.reliability == b.reliability


def test_different_seeds_give_different_years() -> None:
    a, b = simulate(1, items=150), simulate(2, items=150)
    assert a.to_jsonl() != b.to_jsonl()
    assert a.reliability != b.reliability


def test_a_shorter_until_is_a_prefix_of_the_same_year() -> None:
    cut = date(2024, 6, 28)
    whole = simulate(5, items=200)
    part = simulate(5, items=200, until=cut)
    assert part.on == cut
    assert part.events == [e for e in whole.events if e.day <= cut]


def test_iter_events_yields_the_same_stream() -> None:
    assert list(iter_events(4, items=120)) == simulate(4, items=120).events


# -- the ledger accepts it -----------------------------------------------------------------------


def test_the_ledger_accepts_every_event_and_stores_them_unchanged(year: Simulation, ledger: Ledger) -> None:
    assert ledger.version == len(year.events)
    assert len(ledger) == 600
    # Assigned/Returned carry the due day the rules give: the stream is a stored log already.
    assert list(ledger.events) == year.events
    assert Ledger.replay(year.events, year.rules) == ledger


@pytest.mark.parametrize("counting", ["calendar", "working"])
def test_other_rule_sets_and_sizes_replay(counting: str) -> None:
    rules = RuleSet.default(counting=counting)  # type: ignore[arg-type]
    sim = simulate(11, items=250, units=30, rules=rules, year=2023)
    assert sim.rules is rules
    assert Ledger.replay(sim.events, rules).version == len(sim.events)


@pytest.mark.parametrize("name", sorted(PRESETS))
@pytest.mark.parametrize("counting", ["calendar", "working"])
def test_every_presets_year_replays(name: str, counting: str) -> None:
    # The ankang and daan presets leave most limits to the office (规定时间, S1-2.4, S4-17),
    # urgent items' too: the simulated office stipulates them, and does not send back an
    # urgent item whose rework limit the rule set cannot give.
    rules = preset(name, counting)  # type: ignore[arg-type]
    sim = simulate(6, items=200, rules=rules)
    ledger = Ledger.replay(sim.events, rules)
    assert ledger.version == len(sim.events)
    assert {item.category for item in ledger.items.values()} == set(Category)
    assert any(item.rework_rounds for item in ledger.items.values())


def test_more_units_than_the_district_has_get_distinct_names() -> None:
    sim = simulate(0, items=200, units=len(UNIT_NAMES) + 40)
    assert len(set(sim.units)) == len(UNIT_NAMES) + 40
    assert sim.units[: len(UNIT_NAMES)] == UNIT_NAMES
    assert sim.replay().version == len(sim.events)


@pytest.mark.parametrize("items", [0, 1, 5])
def test_tiny_years(items: int) -> None:
    sim = simulate(0, items=items, units=2)
    ledger = sim.replay()
    assert len(ledger) == items


def test_events_built_without_validation_equal_validated_ones(year: Simulation) -> None:
    seen: set[type] = set()
    for event in year.events:
        cls = type(event)
        assert cls.model_validate(event.model_dump()) == event
        assert parse(event.model_dump_json()) == event
        if cls not in seen:  # the same instance model_construct would build
            seen.add(cls)
            constructed = cls.model_construct(**{k: getattr(event, k) for k in event.model_fields_set})
            assert constructed == event
            assert list(constructed.__dict__) == list(event.__dict__)
            assert constructed.model_fields_set == event.model_fields_set
    # Every event type but DeadlineRevised (no holiday schedule changes during the year).
    assert {cls.__name__ for cls in seen} == set(EVENT_TYPES) - {"DeadlineRevised"}


# -- time ----------------------------------------------------------------------------------------


def test_times_are_aware_cst_ordered_and_mostly_on_working_days(year: Simulation) -> None:
    events = year.events
    assert all(e.at.utcoffset() == timedelta(hours=8) for e in events)
    assert all(a.at <= b.at for a, b in itertools.pairwise(events))
    last: dict[str, object] = {}
    for e in events:
        if isinstance(e, ItemEvent):
            assert last.get(e.item_id, e.at) <= e.at  # type: ignore[operator]
            last[e.item_id] = e.at
    calendar = year.rules.calendar
    workdays = sum(calendar.is_workday(e.day) for e in events)
    assert workdays / len(events) > 0.97
    assert events[0].day.year == 2024
    assert max(e.day for e in events) <= year.on == date(2024, 12, 31)


# -- content -------------------------------------------------------------------------------------


def test_every_category_appears_with_instructions_and_meetings_most_often(year: Simulation) -> None:
    drafted = [e for e in _of(year, Drafted) if isinstance(e, Drafted)]
    counts = Counter(e.category for e in drafted)
    assert set(counts) == set(Category)
    top_two = {c for c, _ in counts.most_common(2)}
    assert top_two == {Category.LEADER_INSTRUCTION, Category.MEETING_DECISION}
    # 政府工作报告 tasks early in the year; deputies' suggestions in a batch after the 两会.
    tasks = [e for e in drafted if e.category is Category.WORK_REPORT_TASK and e.parent_id is None]
    assert all(e.day.month in (2, 3) for e in tasks)
    deputies = [e for e in drafted if e.category is Category.DEPUTY_PROPOSAL]
    assert sum(e.day.month == 3 for e in deputies) / len(deputies) > 0.8
    # Media issues and other assigned items always carry a stipulated due day.
    for e in drafted:
        if e.category in (Category.MEDIA_ISSUE, Category.OTHER_ASSIGNED):
            assert e.stipulated_due is not None
    assert any(e.urgent for e in drafted)
    assert any(e.co_units for e in drafted)
    assert len({e.lead_unit for e in drafted}) >= 20


def test_quarterly_progress_reports_and_project_figures(year: Simulation, ledger: Ledger) -> None:
    tasks = {i for i, item in ledger.items.items() if item.category is Category.WORK_REPORT_TASK}
    reports = [e for e in _of(year, ProgressReported) if isinstance(e, ProgressReported)]
    quarter_end_months = {e.day.month for e in reports if e.item_id in tasks}
    assert {3, 6, 9} <= quarter_end_months | {m + 1 for m in quarter_end_months}
    projects = {i for i, item in ledger.items.items() if item.project}
    assert projects
    for e in _of(year, FeedbackSubmitted):
        assert isinstance(e, FeedbackSubmitted)
        assert e.signed_by.role is Role.UNIT_HEAD
        if e.item_id in projects:
            assert e.percent_complete is not None
            assert e.investment_done is not None
    assert any(e.item_id in projects and e.investment_done for e in reports)
    # A co-unit (协办单位) reports too.
    assert any(e.by.unit != ledger.items[e.item_id].lead_unit for e in reports)


def test_decomposed_items_close_after_their_children(ledger: Ledger) -> None:
    children = [item for item in ledger.items.values() if item.parent_id is not None]
    assert children
    parents = {item.parent_id for item in children}
    for parent_id in parents:
        assert parent_id is not None
        parent = ledger.items[parent_id]
        if parent.closed_on is not None:
            kids = [c for c in children if c.parent_id == parent_id]
            assert all(c.state in (State.CLOSED, State.ARCHIVED, State.CANCELLED) for c in kids)
            assert all(c.closed_on is None or c.closed_on < parent.closed_on for c in kids)


def test_every_outcome_occurs(year: Simulation, ledger: Ledger) -> None:
    returned = [e for e in _of(year, Returned) if isinstance(e, Returned)]
    assert {e.kind for e in returned} == set(ReturnKind)
    assert any(e.by.role is Role.LEADER for e in returned)
    decided = [e for e in _of(year, ExtensionDecided) if isinstance(e, ExtensionDecided)]
    assert {e.granted for e in decided} == {True, False}
    evaluated = [e for e in _of(year, Evaluated) if isinstance(e, Evaluated)]
    assert {e.satisfaction for e in evaluated} == set(Satisfaction)
    assert {e.outcome for e in evaluated} == set(Outcome)
    satisfied = sum(e.satisfaction is not Satisfaction.UNSATISFIED for e in evaluated)
    assert satisfied / len(evaluated) > 0.8
    assert _of(year, Cancelled)
    assert _of(year, Approved)
    items = list(ledger.items.values())
    states = Counter(item.state for item in items)
    assert states[State.ARCHIVED]
    assert states[State.CLOSED]
    assert states[State.CANCELLED]
    assert states[State.IN_PROGRESS]  # still open at the end
    assert any(item.closed_on_time for item in items)
    assert any(item.closed_on_time is False for item in items)
    assert any(item.rework_rounds >= 2 for item in items)
    assert any(item.urge_count >= 3 for item in items)
    assert any(item.is_overdue(year.on) for item in items)
    assert any(item.urgent and item.deadline and item.deadline.due == item.received_on for item in items)


def test_bulletins_rectifications_and_inspections(year: Simulation, ledger: Ledger) -> None:
    bulletins = [e for e in _of(year, BulletinIssued) if isinstance(e, BulletinIssued)]
    assert {(b.kind, b.level) for b in bulletins} == {(k, lvl) for k in BulletinKind for lvl in BulletinLevel}
    for b in bulletins:
        if b.kind is BulletinKind.CRITICISM:
            assert b.item_ids  # criticism names the overdue items
            for item_id in b.item_ids:
                assert ledger.items[item_id].lead_unit in b.units
    reports = [e for e in _of(year, RectificationReported) if isinstance(e, RectificationReported)]
    assert reports
    calendar_rules = year.rules
    criticisms = [b for b in ledger.bulletins.values() if b.kind is BulletinKind.CRITICISM]
    late = missing = 0
    for bulletin in criticisms:
        due = calendar_rules.rectification_due(bulletin.issued_on).due
        for unit in bulletin.units:
            filed = bulletin.rectified_on(unit)
            missing += filed is None
            late += filed is not None and filed > due
    assert late
    assert missing
    plans = [e for e in _of(year, InspectionPlanned) if isinstance(e, InspectionPlanned)]
    overlapping = [
        (a, b)
        for i, a in enumerate(plans)
        for b in plans[i + 1 :]
        if set(a.units) & set(b.units) and a.start <= b.end and b.start <= a.end
    ]
    assert overlapping  # 多头督查 for the S4-16 check to find


def test_weak_units_fare_worse(year: Simulation, ledger: Ledger) -> None:
    by_reliability = sorted(year.units, key=lambda u: year.reliability[u])
    weak, strong = by_reliability[:3], by_reliability[-3:]
    criticised = Counter(
        unit for b in ledger.bulletins.values() if b.kind is BulletinKind.CRITICISM for unit in b.units
    )
    urged = Counter(ledger.items[e.item_id].lead_unit for e in _of(year, Urged) if isinstance(e, Urged))
    assert sum(criticised[u] for u in weak) > sum(criticised[u] for u in strong)
    assert sum(urged[u] for u in weak) > sum(urged[u] for u in strong)
    assert min(year.reliability.values()) < 0.6 < 0.9 < max(year.reliability.values())


def test_assigned_events_record_the_rules_due_day(year: Simulation) -> None:
    for e in _of(year, Assigned)[:50]:
        assert isinstance(e, Assigned)
        assert e.due is not None
        assert e.due >= e.received_on


# -- arguments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"units": 1},
        {"items": -1},
        {"year": 1999},
        {"year": 2099},
        {"until": date(2023, 12, 31)},
        {"until": date(2026, 1, 1)},
        {"rules": "default"},
        {"seed": 1.5},
        {"items": True},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(DubanError):
        simulate(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(DubanError):
        iter_events(**kwargs)  # type: ignore[arg-type]


def test_the_result_describes_itself(year: Simulation) -> None:
    assert "seed=0" in repr(year)
    assert "24 units" in repr(year)
    assert year.units == UNIT_NAMES[:24]
    assert set(year.heads) == set(year.units) == set(year.staff)
    assert all(head.role is Role.UNIT_HEAD and head.unit == unit for unit, head in year.heads.items())
    assert {a.role for a in year.leaders} == {Role.LEADER}
    assert {a.role for a in year.office} == {Role.OFFICE}


def test_the_global_random_state_plays_no_part() -> None:
    random.seed(1)
    a = simulate(8, items=80).to_jsonl()
    random.seed(2)
    random.random()
    assert simulate(8, items=80).to_jsonl() == a


def test_the_module_examples_run() -> None:
    result = doctest.testmod(simulate_module)
    assert result.attempted > 0
    assert result.failed == 0


# -- the per-category table and the example district --------------------------------------------


def test_every_category_has_one_row_and_the_shares_make_a_whole() -> None:
    from duban_core._simulate.profiles import PROFILES

    assert set(PROFILES) == set(Category)
    assert sum(p.share for p in PROFILES.values()) == pytest.approx(1.0)
    for category, profile in PROFILES.items():
        assert profile.wordings, category
        for share in (profile.urgent, profile.project, profile.extension, profile.decomposed):
            assert 0 <= share <= 1, category


def test_the_table_gives_a_due_day_where_the_default_rules_require_one() -> None:
    # S0-4.6: media issues and other assigned items have no limit of their own (规定时间), so
    # the office stipulates one for every such item, or the rules would refuse to assign it.
    from duban_core._simulate.profiles import PROFILES

    rules = RuleSet.default()
    needing = set()
    for category, profile in PROFILES.items():
        try:
            rules.deadline(category, date(2024, 5, 6))
        except DubanError:
            needing.add(category)
            assert profile.stipulated is not None
            assert profile.stipulated.applies_to == "all"
            assert profile.stipulated.share == 1.0
    assert needing == {Category.MEDIA_ISSUE, Category.OTHER_ASSIGNED}


def test_the_example_district_names_are_distinct_and_documented() -> None:
    district = importlib.import_module("duban_core.district")
    assert len(set(district.PEOPLE)) == len(district.PEOPLE)
    many = district.units(len(district.DISTRICT) + 1000)
    assert len({u.name for u in many}) == len(many)
    assert district.UNIT_NAMES == tuple(u.name for u in district.DISTRICT) == UNIT_NAMES
    assert {u.kind for u in many} == {"部门", "街道", "乡镇"}
    result = doctest.testmod(district)
    assert result.attempted > 0
    assert result.failed == 0
