"""The fold's item records (issue #13.3: named fields) and the machine's gates (one call per
event decides it).

A record is a ``__slots__`` object with ``Item``'s fields by name; its copy and its frozen
snapshot are written field by field, so these tests give every field a value of its own and
check that each one arrives where its name says. The gates are checked against the table
they are built from and against the content guards they ask.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban_core import Actor, Category, Ledger, Role, RuleSet
from duban_core._record import Record, copy_record, snapshot
from duban_core.errors import DubanError, RuleViolation
from duban_core.events import Drafted, Registered, parse
from duban_core.items import Item
from duban_core.machine import GATES, NEXT, TABLE, State, admit, check_proposal_stipulated

CST = timezone(timedelta(hours=8))
OFFICE = Actor(name="李明", role=Role.OFFICE)
GROWING = ("deadlines", "report_days", "history")


def _drafted(item_id: str = "R-1") -> Drafted:
    return Drafted(
        item_id=item_id,
        at=datetime(2024, 3, 1, 9, tzinfo=CST),
        by=OFFICE,
        title="落实区政府常务会议议定事项",
        category=Category.MEETING_DECISION,
        lead_unit="区住建局",
        co_units=("区财政局",),
    )


def _marked() -> Record:
    """A record whose every field holds a value no other field holds (lists for the growing ones)."""
    rec = Record(_drafted(), date(2024, 3, 1))
    for i, name in enumerate(Record.__slots__):
        setattr(rec, name, [f"{name}-{i}"] if name in GROWING else f"{name}-{i}")
    return rec


def test_a_record_has_items_fields_by_name_and_order() -> None:
    assert Record.__slots__ == Item._fields


def test_a_new_record_sets_every_field_by_name() -> None:
    event = _drafted()
    rec = Record(event, date(2024, 3, 1))
    item = snapshot(rec)  # reads every slot: an unset one would raise AttributeError
    assert item.item_id == "R-1"
    assert item.lead_unit == "区住建局"
    assert item.co_units == ("区财政局",)
    assert item.state is State.DRAFTED
    assert item.version == 1
    assert item.drafted_on == date(2024, 3, 1)
    assert item.last_at == event.at
    assert item.history == (event,)
    assert (item.deadline, item.deadlines, item.report_days, item.rework_rounds) == (None, (), (), 0)
    assert (item.urge_count, item.urges_since_response, item.handler) == (0, 0, None)


def test_the_snapshot_puts_every_field_under_its_own_name() -> None:
    rec = _marked()
    item = snapshot(rec)
    for i, name in enumerate(Item._fields):
        want = (f"{name}-{i}",) if name in GROWING else f"{name}-{i}"
        assert getattr(item, name) == want, name
        if name in GROWING:
            assert type(getattr(item, name)) is tuple  # frozen


def test_a_copy_copies_every_field_and_owns_its_growing_lists() -> None:
    rec = _marked()
    copied = copy_record(rec)
    assert copied == rec
    for name in Record.__slots__:
        assert getattr(copied, name) == getattr(rec, name), name
    for name in GROWING:
        assert getattr(copied, name) is not getattr(rec, name), name
        getattr(copied, name).append("more")
        assert getattr(rec, name) == [f"{name}-{Record.__slots__.index(name)}"]


def test_records_are_equal_field_by_field() -> None:
    rec = _marked()
    for name in Record.__slots__:
        other = copy_record(rec)
        setattr(other, name, "changed")
        assert other != rec, name
    assert rec != snapshot(rec)  # a record is not an Item, however alike
    with pytest.raises(TypeError):
        hash(rec)


def test_a_ledger_copy_and_replay_agree_through_records() -> None:
    events: list[Drafted | Registered] = [
        _drafted("R-1"),
        Registered(item_id="R-1", at=datetime(2024, 3, 1, 10, tzinfo=CST), by=OFFICE),
    ]
    ledger = Ledger.replay(events)
    copied = ledger.copy()
    assert copied == ledger
    copied.apply(_drafted("R-2"))
    assert "R-2" not in ledger
    assert ledger.items["R-1"].state is State.REGISTERED


# -- the gates ---------------------------------------------------------------------------------


def test_one_gate_per_row_of_the_table() -> None:
    assert {cls.__name__ for cls in GATES} == {row.event for row in TABLE}


@settings(max_examples=60, deadline=None)
@given(state=st.sampled_from(list(State)), hours=st.integers(-48, 48))
def test_a_gate_moves_an_item_as_the_graph_does(state: State, hours: int) -> None:
    """Registered's gate on a record in any state, sent at any time around the previous
    event: accepted exactly when the graph has the transition and the time is in order."""
    rec = Record(_drafted(), date(2024, 3, 1))
    rec.state = state
    at = rec.last_at + timedelta(hours=hours)
    event = Registered.model_construct(item_id="R-1", at=at, by=OFFICE)
    gate = GATES[Registered]
    accepted = hours >= 0 and ("Registered", state) in NEXT
    if not accepted:  # the order in time, or the transition (InvalidTransition)
        with pytest.raises(DubanError):
            gate(event, at, rec)
        return
    dest = gate(event, at, rec)
    assert dest is NEXT[("Registered", state)]
    assert admit(event, rec) is dest


def test_a_stored_line_parses_to_the_shared_china_time_zone() -> None:
    event = parse(_drafted().model_dump_json().encode())
    assert event.at.tzinfo is parse(_drafted("R-9").model_dump_json()).at.tzinfo
    assert event.at == _drafted().at
    assert event.day == date(2024, 3, 1)


# -- 交办 of a deputy's suggestion: the six-month ceiling is asked only of a stipulated date (S0-4.5)


def test_s0_4_5_the_ceiling_applies_to_a_stipulated_date_of_a_deputys_suggestion() -> None:
    rules = RuleSet.default()
    received = date(2024, 3, 12)
    # Hand-computed: six months from 2024-03-12 is 2024-09-12 (S0-4.5).
    check_proposal_stipulated("JY-1", Category.DEPUTY_PROPOSAL, date(2024, 9, 12), rules, received)
    with pytest.raises(RuleViolation) as info:
        check_proposal_stipulated("JY-1", Category.DEPUTY_PROPOSAL, date(2024, 9, 13), rules, received)
    assert (info.value.code, info.value.clause) == ("assigned.proposal_ceiling", "S0-4.5")
    # Nothing to check without a stipulated date, or for another category.
    check_proposal_stipulated("JY-1", Category.DEPUTY_PROPOSAL, None, rules, received)
    check_proposal_stipulated("LD-1", Category.LEADER_INSTRUCTION, date(2025, 9, 13), rules, received)
