"""Every row of the contract's event table (contract.md §Events), refused where it must be.

For each event type: accepted in each state the table lists and from each party it names;
refused with ``InvalidTransition`` in every other state and with ``Unauthorized`` from every
other actor; and a refused event changes nothing (the ledger equals a copy taken before,
``ledger.version`` and every ``item.version`` are unchanged).

The wrong-state cases are generated from ``machine.TABLE`` / ``machine.allowed_events`` *and*
from the expectations below, written by hand from the contract — so a wrong table makes
these tests fail rather than silently agreeing with itself. Where the contract leaves a
row's states open (Urged, ProgressReported, ExtensionDecided, Evaluated, DeadlineRevised),
the expectation is the one documented in ``duban_core.machine`` and argued here:

- Urged / ProgressReported / ExtensionRequested / ExtensionDecided: while the unit owes work
  (ASSIGNED, IN_PROGRESS, RETURNED; S0-3.3, S4-20). A request is pending only there (feedback,
  a return or a cancellation ends it).
- Evaluated: once a reply exists (REPORTED, CLOSED, ARCHIVED; S2-2.1).
- DeadlineRevised: an open item that has a deadline (ASSIGNED … RETURNED, REPORTED).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from duban_core import (
    Actor,
    Category,
    DubanError,
    InvalidTransition,
    Ledger,
    RuleViolation,
    StaleVersion,
    State,
    Unauthorized,
)
from duban_core.events import BulletinKind, Event, ReportedToLeader, ReturnKind
from duban_core.machine import CREATION, TABLE, WHO, Party, allowed_events
from workflow_support import (
    ACTORS,
    LEAD_HEAD,
    LEAD_STAFF,
    LEAD_UNIT,
    LEADER,
    OFFICE,
    acknowledged,
    approved,
    archived,
    assigned,
    at,
    bulletin,
    cancelled,
    deadline_revised,
    drafted,
    evaluated,
    extension_decided,
    extension_requested,
    feedback,
    ledger_in,
    progress,
    rectification,
    refuse,
    registered,
    returned,
    urged,
)

S = State
ITEM_ID = "2024-DB-001"
#: A deputy's suggestion (S0-4.5, due 2024-12-27), so that Evaluated is meaningful and every
#: other rule of an event is satisfied: only the state or the actor is wrong.
CATEGORY = Category.DEPUTY_PROPOSAL
LATER = date(2025, 1, 31)  # a day after every deadline of the standard item

_CLOCK = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED})
_BEFORE_CLOSED = frozenset({S.DRAFTED, S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.REPORTED, S.RETURNED})
_LEAD = frozenset({"lead_head", "lead_staff"})
_CO = frozenset({"co_head", "co_staff"})


@dataclass(frozen=True)
class Row:
    """One row of the contract's table, by hand: source states, destination (``None``: the
    state does not change), and who may send it (names of :data:`ACTORS`)."""

    sources: frozenset[State]
    dest: State | None
    who: frozenset[str]
    home: State  # a state in which the event is accepted, for the actor tests


CONTRACT: dict[str, Row] = {
    "Registered": Row(frozenset({S.DRAFTED}), S.REGISTERED, frozenset({"office", "leader"}), S.DRAFTED),
    "Assigned": Row(frozenset({S.REGISTERED}), S.ASSIGNED, frozenset({"office"}), S.REGISTERED),
    "Acknowledged": Row(frozenset({S.ASSIGNED, S.RETURNED}), S.IN_PROGRESS, _LEAD, S.ASSIGNED),
    "Urged": Row(_CLOCK, None, frozenset({"office"}), S.IN_PROGRESS),
    "ProgressReported": Row(_CLOCK, None, _LEAD | _CO, S.IN_PROGRESS),  # S4-20(一)
    "FeedbackSubmitted": Row(frozenset({S.IN_PROGRESS, S.RETURNED}), S.REPORTED, _LEAD, S.IN_PROGRESS),
    "Approved": Row(frozenset({S.REPORTED}), S.CLOSED, frozenset({"office"}), S.REPORTED),
    # From CLOSED only a leader's 批示 (领导批示再督查, S0-3.5; issue 15).
    "Returned": Row(
        frozenset({S.REPORTED, S.CLOSED}), S.RETURNED, frozenset({"office", "leader"}), S.REPORTED
    ),
    # 上报 after approval (S0-3.4; S4-14(13) 督查专报; issue 15).
    "ReportedToLeader": Row(frozenset({S.CLOSED}), None, frozenset({"office"}), S.CLOSED),
    "ExtensionRequested": Row(_CLOCK, None, _LEAD, S.IN_PROGRESS),
    "ExtensionDecided": Row(_CLOCK, None, frozenset({"leader"}), S.IN_PROGRESS),
    "Evaluated": Row(frozenset({S.REPORTED, S.CLOSED, S.ARCHIVED}), None, frozenset({"office"}), S.REPORTED),
    "Archived": Row(frozenset({S.CLOSED}), S.ARCHIVED, frozenset({"office"}), S.CLOSED),
    "Cancelled": Row(_BEFORE_CLOSED, S.CANCELLED, frozenset({"office", "leader"}), S.IN_PROGRESS),
    "DeadlineRevised": Row(
        frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REPORTED, S.RETURNED}),
        None,
        frozenset({"office"}),
        S.IN_PROGRESS,
    ),
}

#: The party each test actor is for the standard item (lead 区住建局, co-unit 区交通运输局).
PARTY = {
    "office": Party.OFFICE,
    "leader": Party.LEADER,
    "lead_head": Party.LEAD_UNIT,
    "lead_staff": Party.LEAD_UNIT,
    "co_head": Party.CO_UNIT,
    "co_staff": Party.CO_UNIT,
    "other_head": Party.OTHER_UNIT,
    "other_staff": Party.OTHER_UNIT,
}


def probe(etype: str, when: datetime, by: Actor | None = None, item_id: str = ITEM_ID) -> Event:
    """An event of type ``etype`` for the standard item that is valid in every respect but
    (possibly) the item's state and the actor."""
    if etype == "Registered":
        return registered(item_id, when, by=by or OFFICE)
    if etype == "Assigned":
        return assigned(item_id, when, by=by or OFFICE)
    if etype == "Acknowledged":
        return acknowledged(item_id, when, by=by or LEAD_STAFF)
    if etype == "Urged":
        return urged(item_id, when, by=by or OFFICE)
    if etype == "ProgressReported":
        return progress(item_id, when, by=by or LEAD_STAFF)
    if etype == "FeedbackSubmitted":
        return feedback(item_id, when, by=by or LEAD_STAFF)
    if etype == "Approved":
        return approved(item_id, when, by=by or OFFICE)
    if etype == "Returned":
        kind = ReturnKind.LEADER_FOLLOW_UP if by == LEADER else ReturnKind.REDO
        return returned(item_id, when, kind, by=by or OFFICE)
    if etype == "ReportedToLeader":
        return ReportedToLeader(item_id=item_id, at=when, by=by or OFFICE, summary="已办结，向区长汇报")
    if etype == "ExtensionRequested":
        return extension_requested(item_id, when, LATER, by=by or LEAD_STAFF)
    if etype == "ExtensionDecided":
        return extension_decided(item_id, when, by=by or LEADER)
    if etype == "Evaluated":
        return evaluated(item_id, when, by=by or OFFICE)
    if etype == "Archived":
        return archived(item_id, when, by=by or OFFICE)
    if etype == "Cancelled":
        return cancelled(item_id, when, by=by or OFFICE)
    if etype == "DeadlineRevised":
        return deadline_revised(item_id, when, LATER, by=by or OFFICE)
    raise AssertionError(etype)


def item_in(state: State, etype: str | None = None) -> tuple[Ledger, datetime]:
    """The standard item in ``state`` (with a pending extension request when ``etype`` is
    ExtensionDecided and the state allows one) and the time of the next event."""
    ledger = ledger_in(state, ITEM_ID, category=CATEGORY)
    last = ledger.items[ITEM_ID].last_at
    if etype == "ExtensionDecided" and state in _CLOCK:
        last += timedelta(minutes=10)
        ledger = ledger.apply(extension_requested(ITEM_ID, last, LATER))
    return ledger, last + timedelta(minutes=30)


# -- the table itself ---------------------------------------------------------------------------


def test_the_table_has_exactly_the_contracts_rows() -> None:
    assert {row.event for row in TABLE} == set(CONTRACT)
    assert CREATION.event == "Drafted"
    assert CREATION.dest is S.DRAFTED
    assert CREATION.who == frozenset({Party.OFFICE})


@pytest.mark.parametrize("etype", sorted(CONTRACT))
def test_table_row_matches_the_contract(etype: str) -> None:
    (row,) = [r for r in TABLE if r.event == etype]
    expected = CONTRACT[etype]
    assert set(row.sources) == expected.sources
    assert row.dest == expected.dest
    assert row.who == {PARTY[name] for name in expected.who}
    assert WHO[etype] == row.who
    assert row.clause  # every row cites where it comes from


@pytest.mark.parametrize("state", list(State))
def test_allowed_events_per_state_match_the_contract(state: State) -> None:
    expected = {etype for etype, row in CONTRACT.items() if state in row.sources}
    assert set(allowed_events(state)) == expected


# -- wrong states --------------------------------------------------------------------------------


def _wrong_states() -> list[tuple[str, State]]:
    cases = set()
    for etype, row in CONTRACT.items():
        for state in State:
            from_table = etype not in allowed_events(state)
            from_contract = state not in row.sources
            if from_table or from_contract:
                cases.add((etype, state))
    return sorted(cases, key=lambda case: (case[0], list(State).index(case[1])))


WRONG_STATES = _wrong_states()


def test_wrong_state_cases_cover_the_table() -> None:
    # Every (item event, state) pair the contract does not allow, and no other.
    assert len(WRONG_STATES) == len(CONTRACT) * 9 - sum(len(row.sources) for row in CONTRACT.values())


@pytest.mark.parametrize(("etype", "state"), WRONG_STATES, ids=[f"{e}-in-{s.value}" for e, s in WRONG_STATES])
def test_refused_in_a_wrong_state(etype: str, state: State) -> None:
    ledger, when = item_in(state, etype)
    actor = ACTORS[sorted(CONTRACT[etype].who)[0]]
    refuse(ledger, probe(etype, when, actor), InvalidTransition)


RIGHT_STATES = sorted(
    ((etype, state) for etype, row in CONTRACT.items() for state in row.sources),
    key=lambda case: (case[0], list(State).index(case[1])),
)


@pytest.mark.parametrize(("etype", "state"), RIGHT_STATES, ids=[f"{e}-in-{s.value}" for e, s in RIGHT_STATES])
def test_accepted_in_a_right_state(etype: str, state: State) -> None:
    ledger, when = item_in(state, etype)
    before = ledger.items[ITEM_ID]
    version = ledger.version
    # An approved item reopens only by a leader's 批示 (S0-3.5).
    event = probe(etype, when, LEADER if (etype, state) == ("Returned", S.CLOSED) else None)
    ledger = ledger.apply(event)
    item = ledger.items[ITEM_ID]
    assert item.state is (CONTRACT[etype].dest or state)
    assert item.version == before.version + 1
    assert ledger.version == version + 1
    assert type(ledger.events[-1]) is type(event)
    assert item.history[-1].type == etype
    assert item.last_at == when


# -- wrong actors --------------------------------------------------------------------------------


def _wrong_actors() -> list[tuple[str, str]]:
    cases = set()
    for etype, row in CONTRACT.items():
        for name in ACTORS:
            if name not in row.who or PARTY[name] not in WHO[etype]:
                cases.add((etype, name))
    return sorted(cases)


WRONG_ACTORS = _wrong_actors()


@pytest.mark.parametrize(("etype", "actor"), WRONG_ACTORS, ids=[f"{e}-by-{a}" for e, a in WRONG_ACTORS])
def test_refused_from_a_wrong_actor(etype: str, actor: str) -> None:
    ledger, when = item_in(CONTRACT[etype].home, etype)
    refuse(ledger, probe(etype, when, ACTORS[actor]), Unauthorized)


RIGHT_ACTORS = sorted((etype, name) for etype, row in CONTRACT.items() for name in row.who)


@pytest.mark.parametrize(("etype", "actor"), RIGHT_ACTORS, ids=[f"{e}-by-{a}" for e, a in RIGHT_ACTORS])
def test_accepted_from_a_right_actor(etype: str, actor: str) -> None:
    ledger, when = item_in(CONTRACT[etype].home, etype)
    ledger = ledger.apply(probe(etype, when, ACTORS[actor]))
    assert ledger.items[ITEM_ID].history[-1].by == ACTORS[actor]


@pytest.mark.parametrize("kind", [ReturnKind.SUPPLEMENT, ReturnKind.REDO])
def test_a_leader_returns_only_for_follow_up(kind: ReturnKind) -> None:
    """S0-3.5: 领导批示再督查 is the leader's; 补办 / 重新办理 are the office's (S0-3.4, S4-7)."""
    ledger, when = item_in(S.REPORTED)
    refuse(ledger, returned(ITEM_ID, when, kind, by=LEADER), Unauthorized)


# -- Drafted, BulletinIssued, RectificationReported: rows without a source state -------------------


@pytest.mark.parametrize("actor", [name for name in ACTORS if name != "office"])
def test_drafted_only_by_the_office(actor: str) -> None:
    refuse(Ledger(), drafted("N-1", at(2024, 9, 26), by=ACTORS[actor]), Unauthorized)
    ledger = ledger_in(S.IN_PROGRESS)
    refuse(ledger, drafted("N-1", at(2024, 9, 30), by=ACTORS[actor]), Unauthorized)


@pytest.mark.parametrize("state", list(State))
def test_a_second_drafted_for_the_same_id_is_refused(state: State) -> None:
    ledger, when = item_in(state)
    refuse(ledger, drafted(ITEM_ID, when, title="另一个事项"), RuleViolation)


@pytest.mark.parametrize("actor", [name for name in ACTORS if name not in ("office", "leader")])
def test_bulletin_issued_only_by_office_or_leader(actor: str) -> None:
    ledger = ledger_in(S.IN_PROGRESS)
    refuse(ledger, bulletin("TB-1", at(2024, 10, 10), by=ACTORS[actor]), Unauthorized)


@pytest.mark.parametrize("actor", ["office", "leader"])
def test_bulletin_issued_by_office_or_leader(actor: str) -> None:
    ledger = Ledger().apply(bulletin("TB-1", at(2024, 10, 10), by=ACTORS[actor]))
    assert ledger.version == 1
    refuse(ledger, bulletin("TB-1", at(2024, 10, 11), by=ACTORS[actor]), RuleViolation)  # ids are unique


@pytest.mark.parametrize("actor", [name for name in ACTORS if name != "lead_head"])
def test_rectification_only_by_the_criticised_units_head(actor: str) -> None:
    ledger = Ledger().apply(bulletin("TB-9", at(2024, 10, 10), units=(LEAD_UNIT,)))
    refuse(ledger, rectification("TB-9", at(2024, 10, 14), unit=LEAD_UNIT, by=ACTORS[actor]), Unauthorized)
    ledger = ledger.apply(rectification("TB-9", at(2024, 10, 14), unit=LEAD_UNIT, by=LEAD_HEAD))
    assert ledger.version == 2


def test_rectification_only_against_an_issued_criticism() -> None:
    refuse(Ledger(), rectification("TB-9", at(2024, 10, 14)), RuleViolation)
    praise = Ledger().apply(bulletin("TB-9", at(2024, 10, 10), kind=BulletinKind.PRAISE))
    refuse(praise, rectification("TB-9", at(2024, 10, 14)), RuleViolation)


# -- unknown items, order, optimistic concurrency -------------------------------------------------


@pytest.mark.parametrize("etype", sorted(CONTRACT))
def test_unknown_item_is_a_rule_violation(etype: str) -> None:
    refuse(Ledger(), probe(etype, at(2024, 10, 1), item_id="NO-SUCH-ITEM"), RuleViolation)
    ledger, when = item_in(CONTRACT[etype].home, etype)
    refuse(ledger, probe(etype, when, item_id="NO-SUCH-ITEM"), RuleViolation)


@pytest.mark.parametrize("etype", sorted(CONTRACT))
def test_an_event_earlier_than_the_items_previous_event_is_refused(etype: str) -> None:
    ledger, _ = item_in(CONTRACT[etype].home, etype)
    previous = ledger.items[ITEM_ID].last_at
    refuse(ledger, probe(etype, previous - timedelta(seconds=1)), RuleViolation)
    # The same instant is not earlier.
    ledger = ledger.apply(probe(etype, previous))
    assert ledger.items[ITEM_ID].history[-1].type == etype


def test_order_is_per_item_events_of_other_items_may_arrive_in_any_order() -> None:
    ledger = ledger_in(S.IN_PROGRESS)  # its last event: 2024-09-27 14:00
    ledger = ledger.apply(drafted("OLDER", at(2024, 9, 1)))
    ledger = ledger.apply(registered("OLDER", at(2024, 9, 2)))
    assert ledger.items["OLDER"].state is S.REGISTERED


@pytest.mark.parametrize("etype", sorted(CONTRACT))
def test_expected_version(etype: str) -> None:
    ledger, when = item_in(CONTRACT[etype].home, etype)
    version = ledger.items[ITEM_ID].version
    for wrong in (version - 1, version + 1, 0):
        error = refuse(ledger, probe(etype, when), StaleVersion, expected_version=wrong)
        assert isinstance(error, RuleViolation)
    ledger = ledger.apply(probe(etype, when), expected_version=version)
    assert ledger.items[ITEM_ID].version == version + 1


def test_expected_version_of_a_new_item_is_zero() -> None:
    error = refuse(Ledger(), drafted("N-1", at(2024, 9, 26)), StaleVersion, expected_version=1)
    assert isinstance(error, RuleViolation)
    ledger = Ledger().apply(drafted("N-1", at(2024, 9, 26)), expected_version=0)
    assert ledger.items["N-1"].version == 1


def test_errors_are_value_errors() -> None:
    for error in (InvalidTransition, Unauthorized, RuleViolation, StaleVersion):
        assert issubclass(error, DubanError)
        assert issubclass(error, ValueError)


def test_the_state_diagram_text_is_the_same_under_any_hash_seed() -> None:
    """The docs draw the diagram from machine.mermaid(); its edges come out in one order."""
    import subprocess
    import sys

    code = "from duban_core.machine import mermaid; print(mermaid(), end='')"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "12345")
    }
    assert len(outputs) == 1
