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
from typing import Any

from .actors import Actor
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

    def copy(self) -> Record:
        """An independent copy of the record: its growing lists are copied too."""
        # Field by field, by name (a loop over the slots costs several times more: Ledger.copy
        # and as_of copy every record). tests/test_record.py checks that
        # every field is copied.
        copied: Record = _new(Record)
        copied.item_id = self.item_id
        copied.title = self.title
        copied.category = self.category
        copied.lead_unit = self.lead_unit
        copied.co_units = self.co_units
        copied.urgent = self.urgent
        copied.project = self.project
        copied.parent_id = self.parent_id
        copied.source = self.source
        copied.stipulated_due = self.stipulated_due
        copied.responsible_leader = self.responsible_leader
        copied.state = self.state
        copied.version = self.version
        copied.drafted_on = self.drafted_on
        copied.received_on = self.received_on
        copied.deadline = self.deadline
        copied.deadlines = self.deadlines.copy()
        copied.rework_rounds = self.rework_rounds
        copied.handler = self.handler
        copied.urge_count = self.urge_count
        copied.urges_since_response = self.urges_since_response
        copied.last_urged_on = self.last_urged_on
        copied.report_days = self.report_days.copy()
        copied.percent_complete = self.percent_complete
        copied.pending_extension = self.pending_extension
        copied.feedback_on = self.feedback_on
        copied.feedback_on_time = self.feedback_on_time
        copied.closed_on = self.closed_on
        copied.closed_on_time = self.closed_on_time
        copied.evaluation = self.evaluation
        copied.cancelled_reason = self.cancelled_reason
        copied.late_feedback = self.late_feedback
        copied.return_kind = self.return_kind
        copied.reported_to_leader_on = self.reported_to_leader_on
        copied.last_at = self.last_at
        copied.history = self.history.copy()
        return copied

    def values(self) -> tuple[Any, ...]:
        """Every field's value, in ``Item``'s order (the growing fields as the lists they are)."""
        return (
            self.item_id,
            self.title,
            self.category,
            self.lead_unit,
            self.co_units,
            self.urgent,
            self.project,
            self.parent_id,
            self.source,
            self.stipulated_due,
            self.responsible_leader,
            self.state,
            self.version,
            self.drafted_on,
            self.received_on,
            self.deadline,
            self.deadlines,
            self.rework_rounds,
            self.handler,
            self.urge_count,
            self.urges_since_response,
            self.last_urged_on,
            self.report_days,
            self.percent_complete,
            self.pending_extension,
            self.feedback_on,
            self.feedback_on_time,
            self.closed_on,
            self.closed_on_time,
            self.evaluation,
            self.cancelled_reason,
            self.late_feedback,
            self.return_kind,
            self.reported_to_leader_on,
            self.last_at,
            self.history,
        )

    def snapshot(self) -> Item:
        """The record as a frozen :class:`~duban_core.items.Item` (its growing lists as tuples)."""
        return new_tuple(
            Item,
            (
                self.item_id,
                self.title,
                self.category,
                self.lead_unit,
                self.co_units,
                self.urgent,
                self.project,
                self.parent_id,
                self.source,
                self.stipulated_due,
                self.responsible_leader,
                self.state,
                self.version,
                self.drafted_on,
                self.received_on,
                self.deadline,
                tuple(self.deadlines),
                self.rework_rounds,
                self.handler,
                self.urge_count,
                self.urges_since_response,
                self.last_urged_on,
                tuple(self.report_days),
                self.percent_complete,
                self.pending_extension,
                self.feedback_on,
                self.feedback_on_time,
                self.closed_on,
                self.closed_on_time,
                self.evaluation,
                self.cancelled_reason,
                self.late_feedback,
                self.return_kind,
                self.reported_to_leader_on,
                self.last_at,
                tuple(self.history),
            ),
        )

    def __eq__(self, other: object) -> bool:
        return type(other) is Record and self.values() == other.values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<record of item {self.item_id!r}: {self.state.value}, version {self.version}>"


assert Record.__slots__ == Item._fields, "a record's fields are Item's, by name and order"

_new = object.__new__


def snapshot(rec: Record) -> Item:
    """The record as a frozen :class:`~duban_core.items.Item` (:meth:`Record.snapshot`)."""
    return rec.snapshot()


def copy_record(rec: Record) -> Record:
    """An independent copy of the record (:meth:`Record.copy`)."""
    return rec.copy()


def bound(parent: Record) -> date | None:
    """The day a decomposed task must finish by: its parent's deadline in force, or the
    parent's stipulated date before it is assigned (S4-17)."""
    deadline = parent.deadline
    return deadline.due if deadline is not None else parent.stipulated_due


def instructed_by(rec: Record) -> Actor | None:
    """The leader who instructed the item (S4-20(三)), as its Drafted event — the first of its
    history — recorded it."""
    leader: Actor | None = getattr(rec.history[0], "instructed_by", None) if rec.history else None
    return leader


def facts(rec: Record, open_children: dict[str, int], recs: Mapping[str, Record]) -> ItemFacts:
    """The record as the plain values the machine decides on."""
    deadline = rec.deadline
    pending = rec.pending_extension
    parent_id = rec.parent_id
    instructor = instructed_by(rec)
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
        instructed_rank=None if instructor is None else instructor.rank,
    )
