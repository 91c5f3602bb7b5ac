"""Stateful test of the ledger (issue #5): a ``RuleBasedStateMachine`` applies valid and
invalid events and checks, after every step, the invariants the contract promises.

Valid events come from :func:`duban_core.strategies.next_events` (built from the state graph
and each item's situation); invalid ones from :func:`duban_core.strategies.refused_events`
(wrong state, wrong actor, unknown item, earlier time, duplicate id, malformed input).

Invariants:

* every item's state is the fold of its history through the graph (``machine.NEXT``), so
  it is always one the graph allows; a terminal state (ARCHIVED, CANCELLED) never changes;
* ``rework_rounds`` equals the number of ``Returned`` events the ledger accepted;
* an item's deadline history only grows (each earlier history is a prefix of the next);
* a refused event changes nothing (equal to a copy taken before, same version, same log);
* replaying ``ledger.events`` (objects and JSON lines) gives an equal ledger;
* every accepted event and the rule set round-trip through JSON.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from duban_core import Ledger, RuleSet, State
from duban_core import strategies as dst
from duban_core.events import ItemEvent, Returned, parse
from duban_core.items import DeadlineChange
from duban_core.machine import NEXT, TERMINAL_STATES


class LedgerMachine(RuleBasedStateMachine):
    """One ledger, driven by valid and invalid events."""

    def __init__(self) -> None:
        super().__init__()
        self.rule_set = RuleSet.default()
        self.ledger = Ledger(self.rule_set)
        self.model = dst.StreamState(self.rule_set)
        self.returns: Counter[str] = Counter()
        self.terminal: dict[str, State] = {}
        self.histories: dict[str, tuple[DeadlineChange, ...]] = {}
        self.checked_json = 0

    @initialize(rules=dst.rule_sets())
    def use_rules(self, rules: RuleSet) -> None:
        self.rule_set = rules
        self.ledger = Ledger(rules)
        self.model = dst.StreamState(rules)
        assert RuleSet.model_validate_json(rules.model_dump_json()) == rules

    # -- valid events ---------------------------------------------------------------------------

    @rule(data=st.data())
    def apply_valid(self, data: st.DataObject) -> None:
        event = data.draw(dst.next_events(self.model), label="valid event")
        before = self.ledger.items.get(event.item_id) if isinstance(event, ItemEvent) else None
        version = self.ledger.version
        self.ledger = self.ledger.apply(event)
        assert self.ledger.version == version + 1
        self.model.accept(event)
        if isinstance(event, Returned):
            self.returns[event.item_id] += 1
        if before is not None and isinstance(event, ItemEvent):
            after = self.ledger.items[event.item_id]
            assert NEXT[(event.type, before.state)] == after.state

    # -- invalid events -------------------------------------------------------------------------

    def _refuse(self, data: st.DataObject, kind: str) -> None:
        bad, errors, _ = data.draw(dst.refused_events(self.model, [kind]), label=kind)
        before = self.ledger.copy()
        version = self.ledger.version
        log = list(self.ledger.events)
        with pytest.raises(errors):
            self.ledger.apply(bad)
        assert self.ledger.version == version
        assert list(self.ledger.events) == log
        assert self.ledger == before
        # What readers see (the items' frozen snapshots), not only the internal records.
        assert dict(self.ledger.items) == dict(before.items)
        assert dict(self.ledger.bulletins) == dict(before.bulletins)

    @precondition(lambda self: dst.can_refuse(self.model, "wrong state"))
    @rule(data=st.data())
    def refuse_wrong_state(self, data: st.DataObject) -> None:
        self._refuse(data, "wrong state")

    @precondition(lambda self: dst.can_refuse(self.model, "wrong actor"))
    @rule(data=st.data())
    def refuse_wrong_actor(self, data: st.DataObject) -> None:
        self._refuse(data, "wrong actor")

    @rule(data=st.data())
    def refuse_unknown_item(self, data: st.DataObject) -> None:
        self._refuse(data, "unknown item")

    @precondition(lambda self: dst.can_refuse(self.model, "earlier time"))
    @rule(data=st.data())
    def refuse_earlier_time(self, data: st.DataObject) -> None:
        self._refuse(data, "earlier time")

    @precondition(lambda self: dst.can_refuse(self.model, "duplicate id"))
    @rule(data=st.data())
    def refuse_duplicate_id(self, data: st.DataObject) -> None:
        self._refuse(data, "duplicate id")

    @rule(data=st.data())
    def refuse_malformed(self, data: st.DataObject) -> None:
        self._refuse(data, "malformed")

    # -- invariants -----------------------------------------------------------------------------

    @invariant()
    def states_follow_the_graph(self) -> None:
        for item in self.ledger.items.values():
            state = State.DRAFTED
            for event in item.history[1:]:
                state = NEXT[(event.type, state)]
            assert item.state is state, (item.item_id, item.state, state)

    @invariant()
    def the_items_views_agree_with_lookup(self) -> None:
        view = self.ledger.items
        assert list(view.values()) == [view[item_id] for item_id in view]
        assert list(view.items()) == [(item_id, view[item_id]) for item_id in view]

    @invariant()
    def terminal_states_absorb(self) -> None:
        for item_id, state in self.terminal.items():
            assert self.ledger.items[item_id].state is state
        for item in self.ledger.items.values():
            if item.state in TERMINAL_STATES:
                self.terminal.setdefault(item.item_id, item.state)

    @invariant()
    def rework_rounds_count_the_returns(self) -> None:
        for item in self.ledger.items.values():
            assert item.rework_rounds == self.returns[item.item_id]
            assert item.rework_rounds == sum(isinstance(e, Returned) for e in item.history)

    @invariant()
    def deadline_history_only_grows(self) -> None:
        for item in self.ledger.items.values():
            old = self.histories.get(item.item_id, ())
            assert item.deadlines[: len(old)] == old
            self.histories[item.item_id] = item.deadlines
            if item.deadlines:
                assert item.deadline == item.deadlines[-1].deadline

    @invariant()
    def replay_gives_the_same_ledger(self) -> None:
        events = list(self.ledger.events)
        replayed = Ledger.replay(events, self.rule_set)
        assert replayed == self.ledger
        assert dict(replayed.items) == dict(self.ledger.items)
        assert dict(replayed.bulletins) == dict(self.ledger.bulletins)
        assert Ledger.replay([e.model_dump_json() for e in events], self.rule_set) == self.ledger

    @invariant()
    def accepted_events_round_trip_through_json(self) -> None:
        events = self.ledger.events
        for event in events[self.checked_json :]:
            assert parse(event.model_dump_json()) == event
            assert parse(event.model_dump_json().encode()) == event
        self.checked_json = len(events)


# The example budget comes from the active hypothesis profile (tests/conftest.py); each example
# runs up to 40 steps.
LedgerMachine.TestCase.settings = settings(settings.default, stateful_step_count=40)
TestLedgerStateful = LedgerMachine.TestCase
