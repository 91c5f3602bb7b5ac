"""What the ledger knows about each item and bulletin: immutable records folded from events.

Records are ``NamedTuple``s: immutable, compact and cheap to copy, because the fold makes
one new record per event for a million items. Never build them by hand; the
:class:`~duban_core.ledger.Ledger` does.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from ._enums import LabelledEnum, labelled
from .actors import Actor
from .calendar import ChinaCalendar, format_day
from .categories import Category
from .events import (
    BulletinEvent,
    BulletinKind,
    BulletinLevel,
    Evaluated,
    ExtensionRequested,
    ItemEvent,
    ReturnKind,
)
from .machine import CLOCK_STATES, DONE_STATES, OPEN_STATES, State
from .rules import Deadline

__all__ = ["Bulletin", "ChangeKind", "DeadlineChange", "Inspection", "Item", "TimelineEntry"]


class ChangeKind(LabelledEnum):
    """Why an item's deadline was set or changed."""

    ASSIGNED = "ASSIGNED"
    REWORK = "REWORK"
    EXTENSION = "EXTENSION"
    REVISION = "REVISION"


labelled(
    ChangeKind,
    {
        ChangeKind.ASSIGNED: "交办确定期限",
        ChangeKind.REWORK: "退回重办重新计算期限",
        ChangeKind.EXTENSION: "批准延期",
        ChangeKind.REVISION: "期限调整",
    },
)


class DeadlineChange(NamedTuple):
    """One entry of an item's deadline history: the deadline, why it was set, when, by whom;
    ``version`` is the item version (the position in its history) of the event that set it."""

    kind: ChangeKind
    deadline: Deadline
    at: datetime
    by: Actor
    version: int


class Item(NamedTuple):
    """A supervision item (督查事项) as folded from its events.

    ``deadline`` is the deadline in force; ``deadlines`` is its whole history (original,
    each rework round, each extension, each revision), never recomputed. ``version`` counts
    the accepted events, for optimistic concurrency. ``history`` holds those events.
    """

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
    #: 责任领导 (S4-22).
    responsible_leader: str | None
    state: State
    version: int
    drafted_on: date
    received_on: date | None
    deadline: Deadline | None
    deadlines: tuple[DeadlineChange, ...]
    rework_rounds: int
    handler: str | None
    urge_count: int
    #: Urgings since the units last did anything on the item (签收、进展、反馈、申请延期).
    urges_since_response: int
    last_urged_on: date | None
    #: Days on which progress (进展) or feedback (反馈) was reported.
    report_days: tuple[date, ...]
    percent_complete: float | None
    pending_extension: ExtensionRequested | None
    feedback_on: date | None
    #: Whether the latest feedback was on or before the deadline in force when submitted.
    feedback_on_time: bool | None
    closed_on: date | None
    #: Whether the approved feedback was on time (set when the item is approved).
    closed_on_time: bool | None
    evaluation: Evaluated | None
    cancelled_reason: str | None
    #: The first feedback that came after the deadline in force when it was submitted, as
    #: ``(due day, feedback day)``; kept when later rounds are on time, because a late
    #: report stays late (未按时完成, S1-2.6).
    late_feedback: tuple[date, date] | None
    #: How the report was last sent back (补办 / 重新办理 / 领导批示再督查), or ``None``.
    return_kind: ReturnKind | None
    #: The day the office last reported the closed item to the leader (上报, S0-3.4), or ``None``.
    reported_to_leader_on: date | None
    last_at: datetime
    history: tuple[ItemEvent, ...]

    # -- derived --------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Not yet closed, archived or cancelled."""
        return self.state in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        """Closed (办结) or archived."""
        return self.state in DONE_STATES

    @property
    def clock_running(self) -> bool:
        """The unit owes work and the deadline runs (ASSIGNED, IN_PROGRESS, RETURNED)."""
        return self.state in CLOCK_STATES

    @property
    def ever_late(self) -> bool:
        """Whether any feedback came after its deadline (S1-2.6 未按时完成)."""
        return self.late_feedback is not None

    @property
    def state_label(self) -> str:
        """The state in Chinese, naming how a returned item was sent back: 退回补办,
        退回重新办理 (S0-3.4, S4-7(三)) or 领导批示再督查 (S0-3.5)."""
        if self.state is State.RETURNED and self.return_kind is not None:
            return _RETURN_STATE_LABELS[self.return_kind]
        return self.state.label

    @property
    def instructed_by(self) -> Actor | None:
        """The leader whose 批示 or 交办 the item carries out, with their rank (主要领导 /
        分管领导), as recorded when it was drafted (``Drafted.instructed_by``; S4-20(三)),
        or ``None``."""
        if not self.history:
            return None
        leader: Actor | None = getattr(self.history[0], "instructed_by", None)
        return leader

    @property
    def units(self) -> tuple[str, ...]:
        """The lead unit, then the co-units."""
        return (self.lead_unit, *self.co_units)

    def is_overdue(self, on: date) -> bool:
        """Whether the unit still owes work and ``on`` is after the due day."""
        return self.state in CLOCK_STATES and self.deadline is not None and on > self.deadline.due

    def workdays_left(self, on: date, calendar: ChinaCalendar) -> int | None:
        """Working days from ``on`` to the due day (negative when overdue), or ``None``."""
        if self.deadline is None:
            return None
        return calendar.workdays_between(on, self.deadline.due)

    def timeline(self) -> list[TimelineEntry]:
        """What happened, when, by whom, and how the deadline moved — in order."""
        changes = {change.version: change for change in self.deadlines}
        entries = []
        for version, event in enumerate(self.history, start=1):
            change = changes.get(version)
            entries.append(
                TimelineEntry(
                    at=event.at,
                    day=event.day,
                    event=type(event).__name__,
                    label=type(event).label,
                    by=event.by,
                    summary=_summary(event),
                    deadline=change.deadline if change else None,
                )
            )
        return entries


_RETURN_STATE_LABELS = {
    ReturnKind.SUPPLEMENT: "退回补办",
    ReturnKind.REDO: "退回重新办理",
    ReturnKind.LEADER_FOLLOW_UP: "领导批示再督查",
}


class TimelineEntry(NamedTuple):
    """One line of an item's timeline; ``deadline`` is set where the event set one."""

    at: datetime
    day: date
    event: str
    label: str
    by: Actor
    summary: str
    deadline: Deadline | None

    def describe(self) -> str:
        """The entry as one Chinese line."""
        text = f"{format_day(self.day)} {self.label}（{self.by.describe()}）"
        if self.summary:
            text += f"：{self.summary}"
        if self.deadline is not None:
            text += f"；期限 {self.deadline.due.isoformat()}"
        return text


def _summary(event: ItemEvent) -> str:
    for field in ("title", "summary", "reason", "method", "handler"):
        value = getattr(event, field, None)
        if isinstance(value, str):
            return value
    granted = getattr(event, "granted", None)
    if isinstance(granted, bool):
        return "同意延期" if granted else "不同意延期"
    satisfaction = getattr(event, "satisfaction", None)
    if satisfaction is not None:
        return str(satisfaction.label)
    return ""


class Bulletin(NamedTuple):
    """A bulletin (督查通报) with the rectification reports filed against it."""

    bulletin_id: str
    kind: BulletinKind
    level: BulletinLevel
    units: tuple[str, ...]
    item_ids: tuple[str, ...]
    reason: str
    issued_on: date
    at: datetime
    by: Actor
    #: The 整改报告 filed: ``(unit, day)`` pairs in filing order (S1-2.6).
    rectifications: tuple[tuple[str, date], ...]
    last_at: datetime
    history: tuple[BulletinEvent, ...]

    def rectified_on(self, unit: str) -> date | None:
        """The day ``unit`` filed its rectification report, or ``None``."""
        for name, day in self.rectifications:
            if name == unit:
                return day
        return None


class Inspection(NamedTuple):
    """A planned inspection activity (督查活动, S4-16): who organises it, which units it
    visits, from ``start`` to ``end``."""

    inspection_id: str
    organiser: str
    topic: str
    units: tuple[str, ...]
    start: date
    end: date
    item_ids: tuple[str, ...]
    planned_on: date
    at: datetime
    by: Actor

    def overlaps(self, other: Inspection) -> bool:
        """Whether the two activities share a day."""
        return self.start <= other.end and other.start <= self.end
