"""Issue #14: untrusted input. One regression test (or a few) per defect, numbered as in the
issue, then a property that throws hostile values of every kind at a ledger.

Every refusal must be a ``DubanError`` (with a code) or pydantic's ``ValidationError`` naming
the field, must leave the ledger unchanged, and whatever is accepted must replay equal from
its stored JSON log.
"""

from __future__ import annotations

import copy
import functools
import pickle
import tracemalloc
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import duban_core.events as events_module
import duban_core.ruleset as ruleset_module
from duban_core import (
    Actor,
    Category,
    CategoryRules,
    DubanError,
    Ledger,
    Role,
    RuleSet,
    RuleViolation,
    State,
)
from duban_core import strategies as dst
from duban_core.events import (
    UPCASTERS,
    Approved,
    ItemEvent,
    ProgressReported,
    Registered,
    dumps,
    parse,
)
from duban_core.rules import CalendarDays, Stipulated
from workflow_support import (
    CO_STAFF,
    DUE,
    LEAD_HEAD,
    LEAD_STAFF,
    LEAD_UNIT,
    LEADER,
    OFFICE,
    STEP_AT,
    Snapshot,
    acknowledged,
    assigned,
    at,
    bulletin,
    deadline_revised,
    drafted,
    extension_decided,
    extension_requested,
    feedback,
    ledger_in,
    lifecycle,
    progress,
    refuse,
    registered,
)

ITEM = "2024-DB-001"


def replays_equal(ledger: Ledger) -> None:
    """The stored log, as JSON lines, replays to an equal ledger."""
    lines = [dumps(e) for e in ledger.events]
    again = Ledger.replay(lines, ledger.rules)
    assert again == ledger
    assert dict(again.items) == dict(ledger.items)


# -- 1. times outside the calendar range, or implausibly far from the item's other events ------


@pytest.mark.parametrize(
    "when",
    [
        datetime(9999, 12, 30, tzinfo=timezone.utc),
        datetime(2100, 1, 1, 9, tzinfo=timezone(timedelta(hours=8))),
        datetime(1999, 12, 31, 15, 59, tzinfo=timezone.utc),  # 1999-12-31 23:59 in China
        datetime(1, 1, 1, 3, tzinfo=timezone.utc),
    ],
    ids=["9999", "2100", "1999-cst", "year-1"],
)
def test_1_an_event_day_outside_the_calendar_range_is_refused_for_every_event_type(when: datetime) -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    builders: dict[str, Callable[[datetime], Any]] = {
        "ProgressReported": lambda t: progress(ITEM, t, by=CO_STAFF),
        "Approved": lambda t: Approved(item_id=ITEM, at=t, by=OFFICE),
        "Drafted": lambda t: drafted("2024-DB-002", t),
        "BulletinIssued": lambda t: bulletin("TB-1", t),
        "a dict": lambda t: {**Registered(item_id=ITEM, at=at(2024, 10, 1), by=OFFICE).model_dump(), "at": t},
    }
    for build in builders.values():
        with pytest.raises(ValidationError) as caught:
            ledger.apply(build(when))
        assert caught.value.errors()[0]["type"] == "at_out_of_range"
        assert caught.value.errors()[0]["loc"][-1] == "at"
    # The item is not locked: a later ordinary event is still accepted, and views work.
    ledger.apply(progress(ITEM, at(2024, 10, 1), by=CO_STAFF))
    assert ledger.metrics().total == 1


def test_1_an_event_years_after_the_items_previous_one_is_refused() -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    error = refuse(ledger, progress(ITEM, at(2090, 1, 1), by=CO_STAFF), RuleViolation)
    assert error.code == "order.implausible_gap"
    ledger.apply(progress(ITEM, at(2024, 10, 1), by=CO_STAFF))  # not locked


# -- 2. UTC offsets with seconds --------------------------------------------------------------


def test_2_an_offset_with_seconds_is_stored_as_the_same_instant() -> None:
    # 2024-10-09 00:00:10 at +08:00:15 is 2024-10-08 23:59:55 in China: the due day, on time.
    odd = timezone(timedelta(hours=8, seconds=15))
    when = datetime(2024, 10, 9, 0, 0, 10, tzinfo=odd)
    event = feedback(ITEM, when)
    assert event.at == when  # the same instant ...
    assert event.at.utcoffset() == timedelta(hours=8)  # ... written with a whole-minute offset
    assert event.day == DUE
    assert parse(dumps(event)) == event
    ledger = ledger_in(State.IN_PROGRESS, ITEM).apply(event)
    assert ledger.items[ITEM].feedback_on_time is True
    replays_equal(ledger)


def test_2_microsecond_offsets_too() -> None:
    odd = timezone(timedelta(hours=-3, microseconds=-7))
    when = datetime(2024, 9, 30, 1, 2, 3, 4, tzinfo=odd)
    event = progress(ITEM, when, by=CO_STAFF)
    assert event.at == when
    assert parse(dumps(event)).at == when


# -- 3. a stored log under a rule set whose rule changed --------------------------------------


def test_3_a_recorded_due_stands_when_the_category_switched_to_stipulated() -> None:
    ledger = ledger_in(State.RETURNED, ITEM)
    default = RuleSet.default()
    changed = default.model_copy(
        update={
            "categories": {
                **default.categories,
                Category.LEADER_INSTRUCTION: CategoryRules(deadline=Stipulated()),
            },
            "rework_fallback": Stipulated(),
        }
    )
    replayed = Ledger.replay(ledger.events, changed)
    item = replayed.items[ITEM]
    assert [c.deadline.due for c in item.deadlines] == [c.deadline.due for c in ledger.items[ITEM].deadlines]
    assert "期限按记录为" in item.deadlines[0].deadline.explanation
    assert replayed.deadline_revisions() == []  # nothing the new rules can compute differs
    # Without a recorded due the new rules still need a stipulated date: refused as before.
    fresh = [e.model_copy(update={"due": None}) if e.type == "Assigned" else e for e in ledger.events[:3]]
    with pytest.raises(RuleViolation, match="第2个事件"):
        Ledger.replay(fresh, changed)


# -- 4. RuleSet really immutable; every way of deriving one validates -------------------------


def test_4_rule_set_mappings_cannot_be_mutated_even_the_shared_default() -> None:
    rules = RuleSet.default()
    before = rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    with pytest.raises(DubanError) as caught:
        rules.categories[Category.LEADER_INSTRUCTION] = CategoryRules(deadline=CalendarDays(30))
    assert caught.value.code == "ruleset.immutable"
    for mutate in (
        lambda: rules.categories.pop(Category.MEDIA_ISSUE),
        lambda: rules.categories.clear(),
        lambda: rules.categories.update({}),
        lambda: rules.categories.setdefault(Category.MEDIA_ISSUE, None),  # type: ignore[arg-type]
        lambda: rules.extra_holidays.update({date(2024, 10, 9): "地方节日"}),
        lambda: rules.extra_holidays.__setitem__(date(2024, 10, 9), "地方节日"),
    ):
        with pytest.raises(DubanError):
            mutate()
    assert RuleSet.default() == RuleSet.default(counting="calendar")
    assert RuleSet.default().categories[Category.LEADER_INSTRUCTION].deadline == CalendarDays(5)
    # The deadline cache answers with the one rule, for every date.
    assert rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)) == before
    assert rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 30)).due == date(2024, 10, 8)
    # Pickling and copying keep it frozen.
    for other in (pickle.loads(pickle.dumps(rules)), copy.copy(rules), copy.deepcopy(rules)):
        assert other == rules
        with pytest.raises(DubanError):
            other.categories.clear()


@pytest.mark.parametrize(
    ("update", "field"),
    [
        ({"warning_workdays": -100}, "warning_workdays"),
        ({"warning_workdays": "three"}, "warning_workdays"),
        ({"categories": {}}, "categories"),
        ({"extra_holidays": {"2024-10-09": 5}}, "extra_holidays"),
        ({"no_such_rule": 1}, "no_such_rule"),
    ],
)
def test_4_model_copy_validates_the_update(update: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RuleSet.default().model_copy(update=update)
    assert caught.value.errors()[0]["loc"][0] == field


def test_4_model_copy_gives_a_validated_frozen_rule_set() -> None:
    rules = RuleSet.default().model_copy(update={"warning_workdays": "3"})
    assert rules.warning_workdays == 3
    assert type(rules.warning_workdays) is int
    with pytest.raises(DubanError):
        rules.categories.clear()
    assert rules.model_fields_set == {"counting", "categories", "warning_workdays"}
    assert RuleSet.model_validate_json(rules.model_dump_json()) == rules
    ledger = ledger_in(State.IN_PROGRESS, ITEM, rules=rules)
    assert [a.level.value for a in ledger.alerts(date(2024, 10, 1))] == ["YELLOW"]


# -- 5. no generic exception escapes ----------------------------------------------------------


class _MyRegistered(Registered):
    pass


def test_5_an_unknown_event_class_is_a_typed_refusal() -> None:
    ledger = ledger_in(State.DRAFTED, ITEM)
    events: list[Any] = [
        _MyRegistered(item_id=ITEM, at=at(2024, 9, 27), by=OFFICE),
        ItemEvent(type="Registered", item_id=ITEM, at=at(2024, 9, 27), by=OFFICE),
    ]
    for event in events:
        error = refuse(ledger, event, RuleViolation)
        assert error.code == "event.unknown_class"


def test_5_a_failing_upcaster_is_a_typed_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(UPCASTERS, ("Registered", 0), lambda data: {**data, "x": data["missing"]})
    old = {
        **Registered(item_id=ITEM, at=at(2024, 9, 27), by=OFFICE).model_dump(mode="json"),
        "schema_version": 0,
    }
    with pytest.raises(DubanError) as caught:
        parse(old)
    assert caught.value.code == "event.upcast_failed"
    ledger = ledger_in(State.DRAFTED, ITEM)
    refuse(ledger, old, DubanError)  # type: ignore[arg-type]
    monkeypatch.setitem(UPCASTERS, ("Registered", 0), lambda data: None)
    with pytest.raises(DubanError, match=r"upcast|升级"):
        parse(old)


@pytest.mark.parametrize(
    "call",
    [
        lambda ledger: ledger.with_rules(None),
        lambda ledger: ledger.with_rules("default"),
        lambda ledger: ledger.select(state=5),
        lambda ledger: ledger.select(state="NOPE"),
        lambda ledger: ledger.select(category="NOPE"),
        lambda ledger: ledger.select(unit=["x"]),
        lambda ledger: ledger.timeline([]),
        lambda ledger: ledger.timeline(5),
        lambda ledger: ledger.deadline_revisions("x"),
        lambda ledger: Ledger.replay(None),  # type: ignore[arg-type]
        lambda ledger: Ledger.replay(5),  # type: ignore[arg-type]
        lambda ledger: Ledger.replay("{}"),
        lambda ledger: ledger.apply_all(None),
    ],
    ids=[
        "with_rules(None)",
        "with_rules(str)",
        "select(state=5)",
        "select(state=NOPE)",
        "select(category=NOPE)",
        "select(unit=list)",
        "timeline([])",
        "timeline(5)",
        "deadline_revisions(str)",
        "replay(None)",
        "replay(5)",
        "replay(str)",
        "apply_all(None)",
    ],
)
def test_5_bad_arguments_raise_typed_errors(call: Any) -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    before = Snapshot.of(ledger)
    with pytest.raises(DubanError) as caught:
        call(ledger)
    assert caught.value.code != "error"  # a specific, stable code
    before.assert_unchanged(ledger)


# -- 6. granting an extension never shortens the deadline -------------------------------------


def test_6_a_grant_that_would_shorten_the_deadline_is_refused() -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    ledger.apply(extension_requested(ITEM, at(2024, 9, 28), new_due=date(2024, 10, 20)))
    ledger.apply(deadline_revised(ITEM, at(2024, 9, 29), due=date(2024, 10, 30)))
    error = refuse(ledger, extension_decided(ITEM, at(2024, 9, 30), granted=True), RuleViolation)
    assert error.code == "extension.would_shorten"
    assert ledger.items[ITEM].deadline.due == date(2024, 10, 30)  # type: ignore[union-attr]
    ledger.apply(extension_decided(ITEM, at(2024, 9, 30), granted=False))  # a refusal is fine
    assert ledger.items[ITEM].pending_extension is None
    replays_equal(ledger)


# -- 7. references checked in time ------------------------------------------------------------


def test_7_a_child_cannot_be_drafted_before_its_parent() -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)  # drafted 2024-09-26 09:00
    error = refuse(ledger, drafted("CHILD", at(2021, 1, 1), parent_id=ITEM), RuleViolation)
    assert error.code == "order.before_reference"
    ledger.apply(drafted("CHILD", at(2024, 9, 28), parent_id=ITEM))


def test_7_a_bulletin_cannot_name_an_item_drafted_after_it() -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    error = refuse(ledger, bulletin("TB-2023", at(2023, 6, 1), item_ids=(ITEM,)), RuleViolation)
    assert error.code == "order.before_reference"
    assert ledger.assess(2023) == {} or all(a.criticisms == 0 for a in ledger.assess(2023).values())
    ledger.apply(bulletin("TB-2024", at(2024, 10, 9), item_ids=(ITEM,)))


def test_7_received_on_cannot_be_after_the_assignment_is_recorded() -> None:
    ledger = ledger_in(State.REGISTERED, ITEM)
    error = refuse(ledger, assigned(ITEM, STEP_AT["Assigned"], date(2027, 9, 27)), RuleViolation)
    assert error.code == "assigned.received_after"
    assert error.clause == "S0-3.1"
    ledger.apply(assigned(ITEM, STEP_AT["Assigned"], date(2024, 9, 27)))


# -- 8. contradictory identities --------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER])
def test_8_the_office_or_a_leader_carries_no_unit(role: Role) -> None:
    with pytest.raises(ValidationError) as caught:
        Actor(name="钱某", role=role, unit=LEAD_UNIT)
    assert caught.value.errors()[0]["type"] == "actor_unit_contradicts_role"
    ledger = ledger_in(State.REPORTED, ITEM)
    before = Snapshot.of(ledger)
    data = Approved(item_id=ITEM, at=at(2024, 10, 1), by=OFFICE).model_dump(mode="json")
    data["by"]["unit"] = LEAD_UNIT
    with pytest.raises(ValidationError):
        ledger.apply(data)
    before.assert_unchanged(ledger)


def test_8_a_clerk_cannot_sign_their_own_feedback_as_the_unit_head() -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    posing = Actor(name=LEAD_STAFF.name, role=Role.UNIT_HEAD, unit=LEAD_UNIT)
    error = refuse(ledger, feedback(ITEM, at(2024, 9, 30), by=LEAD_STAFF, signed_by=posing), RuleViolation)
    assert error.code == "feedback.self_signed"
    ledger.apply(feedback(ITEM, at(2024, 9, 30), by=LEAD_HEAD, signed_by=LEAD_HEAD))  # the head herself


# -- 9. select by state name; unknown states and categories are errors ------------------------


def test_9_select_takes_a_state_by_name_or_several() -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    for event in lifecycle("2024-DB-002", State.ASSIGNED):
        ledger.apply(event)
    assert [i.item_id for i in ledger.select(state="IN_PROGRESS")] == [ITEM]
    assert [i.item_id for i in ledger.select(state=State.IN_PROGRESS)] == [ITEM]
    assert len(ledger.select(state=["IN_PROGRESS", State.ASSIGNED])) == 2
    assert [i.item_id for i in ledger.select(category="LEADER_INSTRUCTION", state=("ASSIGNED",))] == [
        "2024-DB-002"
    ]
    with pytest.raises(RuleViolation) as caught:
        ledger.select(state=["IN_PROGRESS", "IN_PROGRES"])
    assert caught.value.code == "select.unknown_state"


# -- 10. copies do not share internals ---------------------------------------------------------


@pytest.mark.parametrize("copier", [copy.copy, copy.deepcopy], ids=["copy", "deepcopy"])
def test_10_a_copy_is_independent(copier: Any) -> None:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    before = Snapshot.of(ledger)
    other = copier(ledger)
    other.apply(progress(ITEM, at(2024, 10, 1), by=CO_STAFF))
    assert other.version == ledger.version + 1
    before.assert_unchanged(ledger)


# -- 11. ids and names normalised -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["", " ", "\u3000", "A\x00", "A\nB", "\u200b", "A\u200d", "\ufeffA", "A\u202eB", "\u2066A", "A\u2028B"],
)
def test_11_blank_control_and_invisible_ids_and_names_are_refused(bad: str) -> None:
    ledger = ledger_in(State.DRAFTED, ITEM)
    before = Snapshot.of(ledger)
    good = drafted("2024-DB-002", at(2024, 9, 27)).model_dump(mode="json")
    for field in ("item_id", "lead_unit", "by.name", "co_units"):
        data = copy.deepcopy(good)
        if field == "by.name":
            data["by"]["name"] = bad
        elif field == "co_units":
            data["co_units"] = [bad]
        else:
            data[field] = bad
        with pytest.raises(ValidationError) as caught:
            ledger.apply(data)
        error = caught.value.errors()[0]
        assert error["type"] in ("name_blank", "name_invisible_char", "string_too_short")
        assert field.split(".")[-1] in error["loc"]
    with pytest.raises(ValidationError):
        Actor(name="王芳", role=Role.UNIT_HEAD, unit=bad)
    before.assert_unchanged(ledger)


def test_11_nfc_and_nfd_spellings_are_one_unit_and_ids_are_trimmed() -> None:
    unit = "区Café管理局"
    nfd = unicodedata.normalize("NFD", unit)
    assert nfd != unit
    ledger = Ledger().apply(drafted(" A-1 ", at(2024, 9, 26), lead_unit=nfd, co_units=()))
    assert list(ledger.items) == ["A-1"]
    assert ledger.items["A-1"].lead_unit == unit
    ledger.apply(registered("A-1", at(2024, 9, 26, 10)))
    ledger.apply(assigned("A-1", at(2024, 9, 27)))
    staff = Actor(name="赵强", role=Role.UNIT_STAFF, unit=unit)  # the NFC spelling
    ledger.apply(acknowledged("A-1", at(2024, 9, 27, 10), by=staff))
    assert ledger.items["A-1"].state is State.IN_PROGRESS
    assert ledger.units == (unit,)
    replays_equal(ledger)


# -- 12. an event's cost does not grow with the item's history --------------------------------


def _peak_bytes_of_one_report(reports: int) -> int:
    ledger = ledger_in(State.IN_PROGRESS, ITEM)
    start = at(2024, 9, 28)
    ledger.apply_all(progress(ITEM, start + timedelta(seconds=i), by=CO_STAFF) for i in range(reports))
    more = [progress(ITEM, start + timedelta(seconds=reports + i), by=CO_STAFF) for i in range(20)]
    peaks = []
    for event in more:
        tracemalloc.start()
        ledger.apply(event)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return min(peaks)


def test_12_appending_a_report_does_not_copy_the_items_history() -> None:
    # Memory, not time: rebuilding a tuple of n earlier report days per event allocates
    # 8n bytes on every event; appending in place allocates nothing that grows with n.
    small = _peak_bytes_of_one_report(10)
    large = _peak_bytes_of_one_report(20_000)
    assert large < small + 4_096


# -- 13 is tests/test_replay.py::test_replay_leaves_the_garbage_collector_alone --------------


# -- 14. a malformed event in a replay is named by its position -------------------------------


def test_14_a_malformed_line_in_a_replay_names_its_position() -> None:
    log = [dumps(e) for e in lifecycle(ITEM, State.IN_PROGRESS)]
    bad = [*log[:2], '{"type": "Registered", "item_id": "\\u200b"}', *log[2:]]
    with pytest.raises(ValidationError) as caught:
        Ledger.replay(bad)
    assert caught.value.title == "event #2"
    assert "event #2" in str(caught.value)
    types = {e["type"] for e in caught.value.errors()}
    assert {"name_invisible_char", "missing"} <= types
    locs = {e["loc"] for e in caught.value.errors()}
    assert ("Registered", "item_id") in locs


# -- bounded process-wide caches ---------------------------------------------------------------


def test_the_deadline_cache_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bound a host accepts: a deadline with its explanation is under 2 KB, so the shared
    # default rule set's cache stays well under 100 MB whatever dates the input names.
    assert ruleset_module._CACHE_LIMIT * 2_000 < 100 * 2**20
    monkeypatch.setattr(ruleset_module, "_CACHE_LIMIT", 50)
    rules = RuleSet.default().model_copy(update={"warning_workdays": 3})  # its own, empty cache
    for n in range(200):
        assert rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 1, 1) + timedelta(days=n)).due
    assert len(rules.__pydantic_private__["_cache"]) <= 50  # type: ignore[index]


def test_the_actor_intern_table_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    assert events_module._ACTOR_LIMIT * 2_000 < 100 * 2**20  # actors of 200-character names: < 2 KB
    monkeypatch.setattr(events_module, "_ACTOR_LIMIT", 20)
    monkeypatch.setattr(events_module, "_ACTORS", {})
    for n in range(100):
        by = {"name": f"人{n}", "role": "OFFICE"}
        parse({"type": "Registered", "item_id": "X", "at": "2024-09-26T09:00:00+08:00", "by": by})
    assert len(events_module._ACTORS) <= 20


# -- the property: hostile values of every kind ------------------------------------------------


def _refusal(call: Callable[[], object]) -> DubanError | ValidationError | None:
    """The refusal ``call`` raises, or ``None`` when it succeeds (anything else escapes)."""
    try:
        call()
    except (DubanError, ValidationError) as exc:
        return exc
    return None


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), n_steps=st.integers(1, 12))
def test_hostile_values_are_refused_cleanly_and_the_log_replays_equal(
    data: st.DataObject, n_steps: int
) -> None:
    rules = RuleSet.default()
    state = dst.StreamState(rules)
    ledger = Ledger(rules)
    for _ in range(n_steps):
        if data.draw(st.booleans()):
            event = data.draw(dst.next_events(state))
            ledger.apply(event)
            state.accept(event)
            continue
        hostile = data.draw(dst.hostile_inputs(state))
        before = Snapshot.of(ledger)
        exc = _refusal(functools.partial(ledger.apply, hostile.value))
        if exc is not None:
            before.assert_unchanged(ledger)
            assert isinstance(exc, hostile.errors), (hostile, exc)
            if isinstance(exc, ValidationError):  # names the field it refuses
                assert any(hostile.field.split(".")[0] in map(str, e["loc"]) for e in exc.errors()), exc
            else:  # a stable, specific code
                assert exc.code != "error", exc
            continue
        assert not hostile.errors, f"accepted a hostile {hostile.kind}: {hostile.value!r}"
        state.accept(hostile.value)
    replays_equal(ledger)


@settings(deadline=None)
@given(update=dst.hostile_rule_updates())
def test_hostile_rule_set_updates_validate_or_work(update: dict[str, Any]) -> None:
    base = RuleSet.default()
    derived: list[RuleSet] = []
    exc = _refusal(lambda: derived.append(base.model_copy(update=update)))
    if exc is not None:
        assert isinstance(exc, ValidationError)
        assert {str(e["loc"][0]) for e in exc.errors()} <= set(update)  # names what it refuses
        return
    rules = derived[0]
    assert base == RuleSet.default()  # the shared default is untouched
    assert RuleSet.model_validate_json(rules.model_dump_json()) == rules
    ledger = ledger_in(State.IN_PROGRESS, ITEM, rules=rules)
    ledger.alerts(date(2024, 10, 1))
    ledger.metrics()
    replays_equal(ledger)
    with pytest.raises(DubanError):
        rules.categories.clear()


def test_an_odd_offset_hostile_input_is_the_same_event() -> None:
    # the kit's "odd_offset" kind: accepted, stored at the same instant with a whole-minute offset
    event = ProgressReported(
        item_id=ITEM,
        at=datetime(2024, 9, 30, 1, tzinfo=timezone(timedelta(hours=5, seconds=-9))),
        by=CO_STAFF,
        summary="进展",
    )
    offset = event.at.utcoffset()
    assert offset is not None
    assert offset % timedelta(minutes=1) == timedelta(0)
    ledger = ledger_in(State.IN_PROGRESS, ITEM).apply(event)
    replays_equal(ledger)
    assert LEADER.unit is None
