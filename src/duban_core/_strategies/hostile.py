"""Hostile inputs (issue #14): valid events with one field made hostile, and hostile rule updates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from pydantic import ValidationError

from duban_core import machine
from duban_core._strategies.streams import StreamState, next_events
from duban_core._strategies.values import units
from duban_core.actors import Role
from duban_core.categories import Category
from duban_core.errors import RuleViolation
from duban_core.events import Drafted, FeedbackSubmitted, ItemEvent

# -- hostile input (issue #14) -----------------------------------------------------------------

#: What :func:`hostile_inputs` breaks: an event time outside the calendar range, a time far
#: after the item's previous event, a UTC offset with seconds (the same instant: accepted),
#: an invisible or blank character in an id or name, an office or leader carrying a unit, a
#: clerk signing their own feedback as the unit head, an item "instructed" by someone who is
#: not a leader or by a leader of no rank (S4-20(三)).
HOSTILE_KINDS: tuple[str, ...] = (
    "far_time",
    "long_gap",
    "odd_offset",
    "invisible_name",
    "contradictory_actor",
    "self_signed",
    "unranked_instructor",
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
        if kind == "unranked_instructor" and isinstance(event, Drafted):
            role = draw(st.sampled_from(("LEADER", "OFFICE", "UNIT_HEAD", "UNIT_STAFF")))
            unit = draw(units()) if role.startswith("UNIT") else None
            data["instructed_by"] = {"name": event.by.name, "role": role, "unit": unit}
            return Hostile(data, kind, "instructed_by", (RuleViolation,))
        # No previous event to be far from, no feedback to sign, no item drafted: a time out of range.
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
