"""The fold's handlers: how each accepted event is recorded.

One handler per event type that does more than move an item's state. Each reads the record,
asks the machine's content guards (:mod:`duban_core.machine`: the only place that decides),
which raise before anything is written if the event is refused, then writes the fields it
changes and returns the event to store. The fold itself (:meth:`Ledger._fold
<duban_core.ledger.Ledger>`) writes state, version and history. ``draft``, ``plan``,
``issue`` and ``rectify`` record the events that open a stream (an item, an inspection, a
bulletin) or add to a bulletin; ``commit=False`` only decides (``Ledger.check``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ._record import Record, bound, instructed_by, new_tuple
from ._trusted import replaced
from .calendar import format_day
from .categories import Category
from .clock import cst_day, shared_day
from .errors import CalendarRangeError, DubanError
from .events import (
    EVENT_TYPES,
    Acknowledged,
    Assigned,
    BulletinIssued,
    BulletinKind,
    Cancelled,
    DeadlineRevised,
    Drafted,
    Evaluated,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    InspectionPlanned,
    ItemEvent,
    ProgressReported,
    RectificationReported,
    Returned,
    compact,
)
from .items import Bulletin, ChangeKind, DeadlineChange, Inspection
from .machine import (
    GATES,
    NEXT,
    Gate,
    authorize,
    check_bulletin_issuer,
    check_closing,
    check_draft,
    check_extension_decider,
    check_extension_request,
    check_in_range,
    check_known_items,
    check_new_id,
    check_not_before,
    check_proposal_stipulated,
    check_recorded_due,
    check_rectification,
    check_revision,
    check_within_parent,
    extension_decider_rank,
    extension_start,
)
from .rules import Deadline, DeadlineRule, Stipulated
from .ruleset import RuleSet

if TYPE_CHECKING:
    from .ledger import Ledger


# Enum members the fold writes, bound to module names (a global read is several times
# cheaper than an enum's class attribute).
_ASSIGNED, _REWORK = ChangeKind.ASSIGNED, ChangeKind.REWORK


def draft(ledger: Ledger, event: Drafted, commit: bool = True) -> None:
    item_id = event.item_id
    day = cst_day(event.at)
    parent_id = event.parent_id
    parent = None if parent_id is None else ledger._recs.get(parent_id)
    check_draft(
        item_id,
        item_id in ledger._recs,
        event.by,
        event.lead_unit,
        event.co_units,
        day,
        parent_id,
        None if parent is None else parent.state,
        event.stipulated_due,
        ledger._rules,
        event.instructed_by,
    )
    if parent is not None:
        check_not_before(
            "Drafted",
            item_id,
            event.at,
            parent.history[0].at,
            reference=f"上级事项{parent_id!r}的拟办（the parent's Drafted）",
            clause="S4-17",
        )
        if event.stipulated_due is not None:
            check_within_parent(item_id, event.stipulated_due, bound(parent), parent_id or "", "规定期限")
    if not commit:
        return
    rec = Record(event, day)
    # Commit: nothing below can fail.
    ledger._recs[item_id] = rec
    ledger._log.append(event)
    units = ledger._units
    units[event.lead_unit] = None
    for unit in event.co_units:
        units[unit] = None
    if parent_id is not None:
        ledger._open_children[parent_id] = ledger._open_children.get(parent_id, 0) + 1


# One handler per event type that does more than move the state. The event type's gate
# (machine.GATES) has admitted the event and asked the guards that need only the event and
# the record; a handler asks the guards that need what it computes (a deadline) or other
# items (a parent's bound, open children), which raise before anything is written, then
# writes the fields it changes and returns the event to store. The caller writes state,
# version and history.


def on_assigned(ledger: Ledger, rec: Record, event: Assigned, at: datetime) -> ItemEvent:
    received = event.received_on
    rules = ledger._rules
    try:
        computed: Deadline | DubanError = rules.deadline(
            rec.category, received, urgent=rec.urgent, stipulated=rec.stipulated_due
        )
    except CalendarRangeError:
        raise
    except DubanError as exc:  # refused for a fresh event; a stored one may keep its due day
        computed = exc
    deadline, stored = recorded(computed, event, received, rules)
    check_proposal_stipulated(rec.item_id, rec.category, rec.stipulated_due, rules, received)
    parent_id = rec.parent_id
    if parent_id is not None:
        check_within_parent(rec.item_id, deadline.due, bound(ledger._recs[parent_id]), parent_id, "办理期限")
    rec.received_on = shared_day(received)
    rec.deadline = deadline
    rec.deadlines.append(new_tuple(DeadlineChange, (_ASSIGNED, deadline, at, event.by, rec.version + 1)))
    return stored


def on_acknowledged(ledger: Ledger, rec: Record, event: Acknowledged, at: datetime) -> ItemEvent:
    rec.handler = event.handler
    rec.urges_since_response = 0
    return event


def on_urged(ledger: Ledger, rec: Record, event: ItemEvent, at: datetime) -> ItemEvent:
    rec.urge_count += 1
    rec.urges_since_response += 1
    rec.last_urged_on = cst_day(at)
    return event


def on_progress(ledger: Ledger, rec: Record, event: ProgressReported, at: datetime) -> ItemEvent:
    rec.report_days.append(cst_day(at))
    percent = event.percent_complete
    if percent is not None:
        rec.percent_complete = percent
    rec.urges_since_response = 0
    return event


def on_feedback(ledger: Ledger, rec: Record, event: FeedbackSubmitted, at: datetime) -> ItemEvent:
    day = cst_day(at)
    deadline = rec.deadline
    on_time = deadline is not None and day <= deadline.due
    rec.feedback_on = day
    rec.feedback_on_time = on_time
    if not on_time and rec.late_feedback is None and deadline is not None:
        rec.late_feedback = (deadline.due, day)
    rec.report_days.append(day)
    rec.pending_extension = None
    rec.urges_since_response = 0
    percent = event.percent_complete
    if percent is not None:
        rec.percent_complete = percent
    return event


def on_approved(ledger: Ledger, rec: Record, event: ItemEvent, at: datetime) -> ItemEvent:
    check_closing(
        rec.item_id,
        ledger._open_children.get(rec.item_id, 0),
        ledger._children_closed_at.get(rec.item_id),
        at,
    )
    rec.closed_on = cst_day(at)
    # Late is late (S1-2.6 未按时完成): a report filed after its deadline, then returned
    # and resubmitted in time, does not make the item 按时办结.
    rec.closed_on_time = rec.feedback_on_time and rec.late_feedback is None
    return event


def on_returned(ledger: Ledger, rec: Record, event: Returned, at: datetime) -> ItemEvent:
    day = cst_day(at)
    rules = ledger._rules
    # Rework never shortens the time the unit had (S0-3.4, S4-7): the deadline in force
    # when the report went back is the earliest the new one can be.
    in_force = rec.deadline.due  # type: ignore[union-attr]  # a report has a deadline
    kind = event.kind
    try:
        computed: Deadline | DubanError = rules.rework_deadline(
            rec.category, day, urgent=rec.urgent, kind=kind._value_, in_force=in_force
        )
    except CalendarRangeError:
        raise
    except DubanError as exc:  # refused for a fresh event; a stored one may keep its due day
        computed = exc
    deadline, stored = recorded(computed, event, day, rules)
    rec.deadline = deadline
    rec.deadlines.append(new_tuple(DeadlineChange, (_REWORK, deadline, at, event.by, rec.version + 1)))
    rec.rework_rounds += 1
    rec.return_kind = kind
    rec.pending_extension = None
    # A leader's 批示 on an approved item reopens it (S0-3.5): it is no longer 办结.
    rec.closed_on = None
    rec.closed_on_time = None
    return stored


def on_reported_to_leader(ledger: Ledger, rec: Record, event: ItemEvent, at: datetime) -> ItemEvent:
    rec.reported_to_leader_on = cst_day(at)
    return event


def on_extension_requested(ledger: Ledger, rec: Record, event: ExtensionRequested, at: datetime) -> ItemEvent:
    deadline = rec.deadline
    assert deadline is not None  # every clock state has a deadline
    day = cst_day(at)
    pending: ExtensionRequested | None = rec.pending_extension
    check_extension_request(
        rec.item_id,
        day,
        deadline.due,
        event.new_due,
        None if pending is None else pending.day,
        ledger._rules.calendar,
    )
    parent_id = rec.parent_id
    if parent_id is not None:
        check_within_parent(
            rec.item_id, event.new_due, bound(ledger._recs[parent_id]), parent_id, "申请延期至"
        )
    rec.pending_extension = event
    rec.urges_since_response = 0
    return event


def on_extension_decided(ledger: Ledger, rec: Record, event: ExtensionDecided, at: datetime) -> ItemEvent:
    request: ExtensionRequested | None = rec.pending_extension
    # S4-20(三): who instructed the item is on its Drafted event, the first of its history. The
    # gate has checked that a request is pending and that granting lengthens the time.
    instructor = instructed_by(rec)
    required = extension_decider_rank(ledger._rules, None if instructor is None else instructor.rank)
    check_extension_decider(rec.item_id, event.by, required)
    if event.granted:
        assert request is not None
        old = rec.deadline
        assert old is not None  # every state that accepts it has a deadline
        day = cst_day(at)
        due = request.new_due
        # A 主要领导's own 批示交办 is extended by the 主要领导 (S4-20(三)); others by the 分管领导 (S4-20(二)).
        clauses = ("S0-4.6", "S4-20(二)") if required is None else ("S0-4.6", "S4-20(三)")
        deadline = Deadline(
            start=extension_start(cst_day(request.at)),
            due=due,
            rule=Stipulated(),
            provisional=ledger._rules.calendar.is_provisional(due),
            explanation=(
                f"依据{ledger._rules.cite_all(clauses)}（情况特殊需延长办理时间的，书面报告并经领导批准）："
                f"{event.by.describe()}于{format_day(day)}批准延期，期限由{format_day(old.due)}"
                f"延至{format_day(due)}（申请理由：{request.reason}）"
            ),
            clause=clauses[1],
            clauses=clauses,
        )
        rec.deadline = deadline
        rec.deadlines.append(DeadlineChange(ChangeKind.EXTENSION, deadline, at, event.by, rec.version + 1))
    rec.pending_extension = None
    return event


def on_revised(ledger: Ledger, rec: Record, event: DeadlineRevised, at: datetime) -> ItemEvent:
    old = rec.deadline
    assert old is not None  # every state that accepts it has a deadline
    calendar = ledger._rules.calendar
    check_revision(rec.item_id, event.due, old.start, calendar)
    # Rules that no longer give this deadline only lose the basis text (None).
    proposed = recompute(
        rec.deadlines, old, rec.category, rec.urgent, rec.stipulated_due, ledger._rules, rec.history
    )
    basis = (
        proposed.explanation
        if proposed is not None and proposed.due == event.due
        else f"期限定为{format_day(event.due)}"
    )
    day = cst_day(at)
    deadline = Deadline(
        start=old.start,
        due=event.due,
        rule=old.rule,
        provisional=calendar.is_provisional(event.due),
        explanation=(
            f"{format_day(day)}{event.by.describe()}调整期限：{event.reason}；"
            f"由{format_day(old.due)}调整为{format_day(event.due)}。{basis}"
        ),
        clause=old.clause,
        clauses=old.clauses,
    )
    rec.deadline = deadline
    rec.deadlines.append(DeadlineChange(ChangeKind.REVISION, deadline, at, event.by, rec.version + 1))
    return event


def on_evaluated(ledger: Ledger, rec: Record, event: Evaluated, at: datetime) -> ItemEvent:
    rec.evaluation = event
    return event


def on_cancelled(ledger: Ledger, rec: Record, event: Cancelled, at: datetime) -> ItemEvent:
    rec.cancelled_reason = event.reason
    rec.pending_extension = None
    return event


# -- planned inspections ------------------------------------------------------------------


def plan(ledger: Ledger, event: InspectionPlanned, commit: bool = True) -> None:
    authorize("InspectionPlanned", event.by, "", ())
    check_new_id(
        "InspectionPlanned", "inspection", event.inspection_id, event.inspection_id in ledger._inspections
    )
    unknown = [item_id for item_id in event.item_ids if item_id not in ledger._recs]
    check_known_items("InspectionPlanned", event.inspection_id, unknown)
    _check_items_drafted_before(ledger, event, event.inspection_id, "S4-16")
    check_in_range(ledger._rules.calendar, event.start, event.end)
    if not commit:
        return
    ledger._inspections[event.inspection_id] = Inspection(
        inspection_id=event.inspection_id,
        organiser=event.organiser,
        topic=event.topic,
        units=event.units,
        start=event.start,
        end=event.end,
        item_ids=event.item_ids,
        planned_on=cst_day(event.at),
        at=event.at,
        by=event.by,
    )
    ledger._log.append(event)
    for unit in event.units:
        ledger._units[unit] = None


# -- bulletins ----------------------------------------------------------------------------


def issue(ledger: Ledger, event: BulletinIssued, commit: bool = True) -> None:
    authorize("BulletinIssued", event.by, "", ())
    check_bulletin_issuer(event.by, event.level.value)
    check_new_id("BulletinIssued", "bulletin", event.bulletin_id, event.bulletin_id in ledger._bulletins)
    unknown = [item_id for item_id in event.item_ids if item_id not in ledger._recs]
    check_known_items("BulletinIssued", event.bulletin_id, unknown)
    _check_items_drafted_before(ledger, event, event.bulletin_id, "S0-3.6")
    if not commit:
        return
    bulletin = Bulletin(
        bulletin_id=event.bulletin_id,
        kind=event.kind,
        level=event.level,
        units=event.units,
        item_ids=event.item_ids,
        reason=event.reason,
        issued_on=event.day,
        at=event.at,
        by=event.by,
        rectifications=(),
        last_at=event.at,
        history=(event,),
    )
    ledger._bulletins[event.bulletin_id] = bulletin
    ledger._log.append(event)
    for unit in event.units:
        ledger._units[unit] = None


def _check_items_drafted_before(
    ledger: Ledger, event: BulletinIssued | InspectionPlanned, stream: str, clause: str
) -> None:
    for item_id in event.item_ids:
        check_not_before(
            event.type,
            stream,
            event.at,
            ledger._recs[item_id].history[0].at,
            reference=f"事项{item_id!r}的拟办（the Drafted of item {item_id!r}）",
            clause=clause,
        )


def rectify(ledger: Ledger, event: RectificationReported, commit: bool = True) -> None:
    bulletin = ledger._bulletins.get(event.bulletin_id)
    check_rectification(
        event.bulletin_id,
        criticism=None if bulletin is None else bulletin.kind is BulletinKind.CRITICISM,
        named=() if bulletin is None else bulletin.units,
        unit=event.unit,
        actor=event.by,
        at=event.at,
        last_at=None if bulletin is None else bulletin.last_at,
        filed=bulletin is not None and bulletin.rectified_on(event.unit) is not None,
    )
    assert bulletin is not None  # checked just above
    if not commit:
        return
    ledger._bulletins[event.bulletin_id] = bulletin._replace(
        rectifications=(*bulletin.rectifications, (event.unit, event.day)),
        last_at=event.at,
        history=(*bulletin.history, event),
    )
    ledger._log.append(event)


HANDLERS: dict[str, Any] = {
    "Registered": None,
    "Assigned": on_assigned,
    "Acknowledged": on_acknowledged,
    "Urged": on_urged,
    "ProgressReported": on_progress,
    "FeedbackSubmitted": on_feedback,
    "Approved": on_approved,
    "Returned": on_returned,
    "ReportedToLeader": on_reported_to_leader,
    "ExtensionRequested": on_extension_requested,
    "ExtensionDecided": on_extension_decided,
    "DeadlineRevised": on_revised,
    "Evaluated": on_evaluated,
    "Archived": None,
    "Cancelled": on_cancelled,
}
assert set(HANDLERS) == {event for (event, _state) in NEXT}, "every transition of the graph has a handler"


DRAFT, ITEM, BULLETIN, RECTIFY, PLAN = range(5)
KIND: dict[type, int] = {cls: ITEM for cls in EVENT_TYPES.values() if issubclass(cls, ItemEvent)}
KIND.update(
    {Drafted: DRAFT, BulletinIssued: BULLETIN, RectificationReported: RECTIFY, InspectionPlanned: PLAN}
)
assert set(KIND) == set(EVENT_TYPES.values()), "every event type has a place in the fold"

#: ``event class -> (the machine's gate for it, handler)`` for an item's own events
#: (handler ``None``: the event only moves the state). Keyed by class, which the fold looks
#: up anyway: one lookup gives what decides the event and what records it.
PLAN_OF: dict[type, tuple[Gate, Any]] = {
    EVENT_TYPES[event]: (GATES[EVENT_TYPES[event]], handler) for event, handler in HANDLERS.items()
}
assert set(PLAN_OF) == set(GATES), "the fold records exactly the events the machine decides"


_AnyDue = Assigned | Returned


def recorded(
    computed: Deadline | DubanError, event: _AnyDue, start: date, rules: RuleSet
) -> tuple[Deadline, ItemEvent]:
    """The deadline in force and the event to store: the event records the due day decided.

    ``computed`` is what the rules give now, or their refusal (a :class:`DubanError` other
    than a calendar range error, which the caller lets through). A fresh event (no ``due``)
    takes the computed deadline, or is refused with the rules' refusal. An event that
    already carries ``due`` (a stored log) keeps it, even when the rules now give another
    day — or none at all, e.g. a category since switched to ``Stipulated()`` (issue #14.3):
    deadlines never move without a DeadlineRevised event.
    """
    due = event.due
    current: Deadline | None
    if not isinstance(computed, DubanError):
        if due == computed.due:  # a stored log: the day the rules give (the common case)
            return computed, event
        if due is None:
            return computed, compact(replaced(event, due=computed.due))
        current, why = computed, ""
    elif due is None:
        raise computed  # the rules cannot give a fresh event its deadline
    else:
        current, why = None, computed.message
    assert due is not None
    calendar = rules.calendar
    check_recorded_due(event.type, event.item_id, due, start, calendar)
    if current is None:
        now = f"按现行规则无法计算（{why}）"
        rule: DeadlineRule = Stipulated()
        clause = None
    else:
        now = f"按现行规则与日历计算应为{format_day(current.due)}"
        rule, clause = current.rule, current.clause
    deadline = Deadline(
        start=start,
        due=due,
        rule=rule,
        provisional=calendar.is_provisional(due),
        explanation=(
            f"期限按记录为{format_day(due)}；{now}，已记录的期限不自动调整（如需调整，记录期限调整事件）。"
            + ("" if current is None else f"现行规则：{current.explanation}")
        ),
        clause=clause,
        clauses=() if current is None else current.clauses,
    )
    return deadline, event


def recompute(
    changes: Sequence[DeadlineChange],
    deadline: Deadline | None,
    category: Category,
    urgent: bool,
    stipulated: date | None,
    rules: RuleSet,
    history: Sequence[ItemEvent] = (),
) -> Deadline | None:
    """What ``rules`` give for an item's current deadline, or ``None`` for a granted extension
    (or when the rules cannot compute one, e.g. a category since switched to Stipulated()).
    A rework round is recomputed from its return day, never ending before the deadline in
    force when it was returned (S0-3.4, S4-7); ``history`` tells how it went back."""
    origin = next((c for c in reversed(changes) if c.kind is not ChangeKind.REVISION), None)
    if origin is None or deadline is None:
        return None
    start = origin.deadline.start
    try:
        if origin.kind is ChangeKind.ASSIGNED:
            return rules.deadline(category, start, urgent=urgent, stipulated=stipulated)
        if origin.kind is ChangeKind.REWORK:
            position = list(changes).index(origin)
            before = changes[position - 1].deadline.due if position else None
            returned = history[origin.version - 1] if len(history) >= origin.version else None
            kind = getattr(returned, "kind", "REDO")
            return rules.rework_deadline(category, start, urgent=urgent, kind=kind, in_force=before)
    except DubanError:
        return None
    return None
