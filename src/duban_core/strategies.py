"""Hypothesis strategies for duban_core: property-test your own rules and integrations.

A small public façade (as ``hypothesis.strategies`` is): the machinery lives in the private
``duban_core._strategies`` modules; the names below are the whole public surface.

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
  ledger must refuse (for ``RuleBasedStateMachine`` tests);
* hostile input (issue #14) — :func:`hostile_inputs` (the next valid event with one field
  made hostile, see :data:`HOSTILE_KINDS`) and :func:`hostile_rule_updates` (``update=``
  dicts for ``RuleSet.model_copy``, mostly invalid).

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

from duban_core._strategies.events import events, malformed_events
from duban_core._strategies.hostile import HOSTILE_KINDS, Hostile, hostile_inputs, hostile_rule_updates
from duban_core._strategies.streams import (
    EVENT_CLASSES,
    REFUSAL_KINDS,
    StreamState,
    can_refuse,
    event_streams,
    item_lifecycles,
    ledgers,
    next_events,
    refused_events,
)
from duban_core._strategies.values import (
    TIMEZONES,
    UNITS,
    actors,
    aware_datetimes,
    calendars,
    category_rules,
    dates,
    deadline_rules,
    report_schedules,
    rule_sets,
    timezones,
)

__all__ = [
    "EVENT_CLASSES",
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
