"""The record layout of the fold: an item's mutable record, shared by the ledger and its handlers.

An item's record is a list laid out like :class:`~duban_core.items.Item` (``history`` a list):
the fold writes fields in place, by position (a million items cannot afford an object per
field write or a copy per event). The positions are named here, from ``Item``'s own field
names, and nowhere else; a new record is built from named values (:data:`BLANK` says what
each field holds before its event arrives), checked by name against ``Item``'s fields.
Readers never see a record: they get frozen ``Item`` snapshots (:func:`snapshot`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .events import Drafted, ExtensionRequested
from .items import ChangeKind, Item
from .machine import ItemFacts, State
from .rules import Deadline

#: ``F[field name]`` is the field's position in a record (``Item``'s order).
F = {name: i for i, name in enumerate(Item._fields)}
PARENT, STATE, VERSION = F["parent_id"], F["state"], F["version"]
LAST_AT, HISTORY = F["last_at"], F["history"]
RECEIVED, DEADLINE, DEADLINES, REWORK = (
    F["received_on"],
    F["deadline"],
    F["deadlines"],
    F["rework_rounds"],
)
HANDLER, URGES, URGES_SINCE, LAST_URGED = (
    F["handler"],
    F["urge_count"],
    F["urges_since_response"],
    F["last_urged_on"],
)
REPORTS, PERCENT, PENDING = F["report_days"], F["percent_complete"], F["pending_extension"]
FEEDBACK_ON, FEEDBACK_OK, CLOSED_ON, CLOSED_OK = (
    F["feedback_on"],
    F["feedback_on_time"],
    F["closed_on"],
    F["closed_on_time"],
)
EVALUATION, CANCELLED = F["evaluation"], F["cancelled_reason"]
LATE, RETURN_KIND, REPORTED_UP = F["late_feedback"], F["return_kind"], F["reported_to_leader_on"]
CATEGORY, URGENT, STIPULATED, PROJECT = F["category"], F["urgent"], F["stipulated_due"], F["project"]
LEAD, CO_UNITS, DRAFTED_ON, ID = F["lead_unit"], F["co_units"], F["drafted_on"], F["item_id"]

# A NamedTuple's own __new__ is a Python function; building from a tuple skips it (hot path).
new_tuple = tuple.__new__
Record = list[Any]
# Enum members the fold writes, bound to module names (a global read is several times
# cheaper than an enum's class attribute).
ASSIGNED, REWORK_ROUND, DRAFTED = ChangeKind.ASSIGNED, ChangeKind.REWORK, State.DRAFTED


# The record's growing fields are lists, appended to in place: rebuilding a tuple per event
# made an event's cost grow with the item's history (issue #14.12). Snapshots freeze them.
GROWING = (DEADLINES, REPORTS, HISTORY)


def snapshot(rec: Record) -> Item:
    """The record as a frozen :class:`~duban_core.items.Item` (its growing lists as tuples)."""
    fields = rec.copy()
    for i in GROWING:
        fields[i] = tuple(rec[i])
    return new_tuple(Item, fields)


def copy_record(rec: Record) -> Record:
    """An independent copy of the record: its growing lists are copied too."""
    copied = rec.copy()
    for i in GROWING:
        copied[i] = rec[i].copy()
    return copied


#: What each field holds before the events that fill it arrive (every field a drafting
#: event does not set). Checked by name against ``Item``'s fields below. The growing fields
#: (``deadlines``, ``report_days``) get a fresh list per record (:func:`new_record`).
BLANK: dict[str, Any] = {
    "received_on": None,
    "deadline": None,
    "deadlines": (),
    "rework_rounds": 0,
    "handler": None,
    "urge_count": 0,
    "urges_since_response": 0,
    "last_urged_on": None,
    "report_days": (),
    "percent_complete": None,
    "pending_extension": None,
    "feedback_on": None,
    "feedback_on_time": None,
    "closed_on": None,
    "closed_on_time": None,
    "evaluation": None,
    "cancelled_reason": None,
    "late_feedback": None,
    "return_kind": None,
    "reported_to_leader_on": None,
}
_FROM_DRAFT = (
    "item_id",
    "title",
    "category",
    "lead_unit",
    "co_units",
    "urgent",
    "project",
    "parent_id",
    "source",
    "stipulated_due",
    "responsible_leader",
    "state",
    "version",
    "drafted_on",
)
_LAST = ("last_at", "history")
assert Item._fields == (*_FROM_DRAFT, *BLANK, *_LAST), "a record's fields are Item's, by name and order"
_BLANK_VALUES = tuple(BLANK.values())


def new_record(event: Drafted, day: Any) -> Record:
    """The record of an item just drafted by ``event`` on ``day`` (its CST day)."""
    rec = [
        event.item_id,
        event.title,
        event.category,
        event.lead_unit,
        event.co_units,
        event.urgent,
        event.project,
        event.parent_id,
        event.source,
        event.stipulated_due,
        event.responsible_leader,
        DRAFTED,
        1,  # version
        day,  # drafted_on
        *_BLANK_VALUES,
        event.at,  # last_at
        [event],  # history
    ]
    rec[DEADLINES] = []
    rec[REPORTS] = []
    return rec


def bound(parent: Record) -> date | None:
    """The day a decomposed task must finish by: its parent's deadline in force, or the
    parent's stipulated date before it is assigned (S4-17)."""
    deadline: Deadline | None = parent[DEADLINE]
    return deadline.due if deadline is not None else parent[STIPULATED]


def facts(rec: Record, open_children: dict[str, int], recs: Mapping[str, Record]) -> ItemFacts:
    """The record as the plain values the machine decides on."""
    deadline: Deadline | None = rec[DEADLINE]
    pending: ExtensionRequested | None = rec[PENDING]
    parent_id: str | None = rec[PARENT]
    instructor = rec[HISTORY][0].instructed_by  # the Drafted event (S4-20(三))
    return ItemFacts(
        item_id=rec[ID],
        state=rec[STATE],
        lead_unit=rec[LEAD],
        co_units=rec[CO_UNITS],
        category=rec[CATEGORY],
        urgent=rec[URGENT],
        project=rec[PROJECT],
        stipulated_due=rec[STIPULATED],
        drafted_on=rec[DRAFTED_ON],
        due=None if deadline is None else deadline.due,
        start=None if deadline is None else deadline.start,
        pending_since=None if pending is None else pending.day,
        pending_due=None if pending is None else pending.new_due,
        open_children=open_children.get(rec[ID], 0),
        parent_id=parent_id,
        parent_due=None if parent_id is None else bound(recs[parent_id]),
        instructed_rank=None if instructor is None else instructor.rank,
    )
