"""The record layout of the fold: an item's mutable record, shared by the ledger and its handlers.

An item's record is a :class:`Record`: an object with :class:`~duban_core.items.Item`'s
fields, by name, in ``__slots__`` (``deadlines``, ``report_days`` and ``history`` are lists).
The fold writes fields in place (a million items cannot afford an object per field write
or a copy per event); a slot is as cheap to read and write as a list position, and every
field is set by name when the record is built (:meth:`Record.__init__`), so no field is
known only by its position. Readers never see a record: they get frozen ``Item``
snapshots (:func:`snapshot`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from operator import attrgetter

from .categories import Category
from .events import Drafted, Evaluated, ExtensionRequested, ItemEvent, ReturnKind
from .items import DeadlineChange, Item
from .machine import ItemFacts, State
from .rules import Deadline

__all__ = ["Record", "bound", "copy_record", "facts", "new_tuple", "snapshot"]

# A NamedTuple's own __new__ is a Python function; building from a tuple skips it (hot path).
new_tuple = tuple.__new__
_DRAFTED = State.DRAFTED


class Record:
    """An item's fields as the fold keeps them: ``Item``'s, by name, mutable, with its
    growing fields (``deadlines``, ``report_days``, ``history``) as lists appended to in
    place (rebuilding a tuple per event made an event's cost grow with the item's history,
    issue #14.12)."""

    # Item's order (checked below), not sorted: snapshots read the fields in this order.
    __slots__ = (  # noqa: RUF023
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
        "received_on",
        "deadline",
        "deadlines",
        "rework_rounds",
        "handler",
        "urge_count",
        "urges_since_response",
        "last_urged_on",
        "report_days",
        "percent_complete",
        "pending_extension",
        "feedback_on",
        "feedback_on_time",
        "closed_on",
        "closed_on_time",
        "evaluation",
        "cancelled_reason",
        "late_feedback",
        "return_kind",
        "reported_to_leader_on",
        "last_at",
        "history",
    )

    item_id: str
    title: str
    category: Category
    lead_unit: str
    co_units: tuple[str, ...]
    urgent: bool
    project: bool
    parent_id: str | None
    source: str | None
    stipulated_due: date | None
    responsible_leader: str | None
    state: State
    version: int
    drafted_on: date
    received_on: date | None
    deadline: Deadline | None
    deadlines: list[DeadlineChange]
    rework_rounds: int
    handler: str | None
    urge_count: int
    urges_since_response: int
    last_urged_on: date | None
    report_days: list[date]
    percent_complete: float | None
    pending_extension: ExtensionRequested | None
    feedback_on: date | None
    feedback_on_time: bool | None
    closed_on: date | None
    closed_on_time: bool | None
    evaluation: Evaluated | None
    cancelled_reason: str | None
    late_feedback: tuple[date, date] | None
    return_kind: ReturnKind | None
    reported_to_leader_on: date | None
    last_at: datetime
    history: list[ItemEvent]

    def __init__(self, event: Drafted, day: date) -> None:
        """The record of an item just drafted by ``event`` on ``day`` (its CST day): what
        the drafting sets, and every other field as it is before its event arrives."""
        self.item_id = event.item_id
        self.title = event.title
        self.category = event.category
        self.lead_unit = event.lead_unit
        self.co_units = event.co_units
        self.urgent = event.urgent
        self.project = event.project
        self.parent_id = event.parent_id
        self.source = event.source
        self.stipulated_due = event.stipulated_due
        self.responsible_leader = event.responsible_leader
        self.state = _DRAFTED
        self.version = 1
        self.drafted_on = day
        self.received_on = None
        self.deadline = None
        self.deadlines = []
        self.rework_rounds = 0
        self.handler = None
        self.urge_count = 0
        self.urges_since_response = 0
        self.last_urged_on = None
        self.report_days = []
        self.percent_complete = None
        self.pending_extension = None
        self.feedback_on = None
        self.feedback_on_time = None
        self.closed_on = None
        self.closed_on_time = None
        self.evaluation = None
        self.cancelled_reason = None
        self.late_feedback = None
        self.return_kind = None
        self.reported_to_leader_on = None
        self.last_at = event.at
        self.history = [event]

    def __eq__(self, other: object) -> bool:
        return type(other) is Record and values(self) == values(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<record of item {self.item_id!r}: {self.state.value}, version {self.version}>"


assert Record.__slots__ == Item._fields, "a record's fields are Item's, by name and order"

#: Every field's value, in ``Item``'s order (one C call).
values = attrgetter(*Record.__slots__)
# The slots' own setters, in the same order: a copy sets each field by name without a
# Python-level loop body per field.
_SETTERS = tuple(getattr(Record, name).__set__ for name in Record.__slots__)
_GROWING = tuple(Record.__slots__.index(name) for name in ("deadlines", "report_days", "history"))
_new = object.__new__


def snapshot(rec: Record) -> Item:
    """The record as a frozen :class:`~duban_core.items.Item` (its growing lists as tuples)."""
    fields = list(values(rec))
    for i in _GROWING:
        fields[i] = tuple(fields[i])
    return new_tuple(Item, fields)


def copy_record(rec: Record) -> Record:
    """An independent copy of the record: its growing lists are copied too."""
    copied: Record = _new(Record)
    for put, value in zip(_SETTERS, values(rec), strict=True):
        put(copied, value)
    copied.deadlines = rec.deadlines.copy()
    copied.report_days = rec.report_days.copy()
    copied.history = rec.history.copy()
    return copied


def bound(parent: Record) -> date | None:
    """The day a decomposed task must finish by: its parent's deadline in force, or the
    parent's stipulated date before it is assigned (S4-17)."""
    deadline = parent.deadline
    return deadline.due if deadline is not None else parent.stipulated_due


def facts(rec: Record, open_children: dict[str, int], recs: Mapping[str, Record]) -> ItemFacts:
    """The record as the plain values the machine decides on."""
    deadline = rec.deadline
    pending = rec.pending_extension
    parent_id = rec.parent_id
    return ItemFacts(
        item_id=rec.item_id,
        state=rec.state,
        lead_unit=rec.lead_unit,
        co_units=rec.co_units,
        category=rec.category,
        urgent=rec.urgent,
        project=rec.project,
        stipulated_due=rec.stipulated_due,
        drafted_on=rec.drafted_on,
        due=None if deadline is None else deadline.due,
        start=None if deadline is None else deadline.start,
        pending_since=None if pending is None else pending.day,
        pending_due=None if pending is None else pending.new_due,
        open_children=open_children.get(rec.item_id, 0),
        parent_id=parent_id,
        parent_due=None if parent_id is None else bound(recs[parent_id]),
    )
