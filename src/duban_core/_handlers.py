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

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ._record import (
    ASSIGNED,
    CANCELLED,
    CATEGORY,
    CLOSED_OK,
    CLOSED_ON,
    DEADLINE,
    DEADLINES,
    DRAFTED_ON,
    EVALUATION,
    FEEDBACK_OK,
    FEEDBACK_ON,
    HANDLER,
    HISTORY,
    ID,
    LAST_URGED,
    LATE,
    LEAD,
    PARENT,
    PENDING,
    PERCENT,
    PROJECT,
    RECEIVED,
    REPORTED_UP,
    REPORTS,
    RETURN_KIND,
    REWORK,
    REWORK_ROUND,
    STATE,
    STIPULATED,
    URGENT,
    URGES,
    URGES_SINCE,
    VERSION,
    Record,
    bound,
    new_record,
    new_tuple,
)
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
    NEXT,
    STEPS,
    Party,
    State,
    authorize,
    check_bulletin_issuer,
    check_closing,
    check_draft,
    check_evaluation,
    check_extension_decider,
    check_extension_decision,
    check_extension_grant,
    check_extension_request,
    check_feedback,
    check_in_range,
    check_known_items,
    check_new_id,
    check_not_before,
    check_progress,
    check_received_on,
    check_recorded_due,
    check_rectification,
    check_return_kind,
    check_revision,
    check_stipulated_ceiling,
    check_within_parent,
    extension_decider_rank,
    extension_start,
    proposal_ceiling,
)
from .rules import Deadline, DeadlineRule, Stipulated
from .ruleset import RuleSet

if TYPE_CHECKING:
    from .ledger import Ledger


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
        None if parent is None else parent[STATE],
        event.stipulated_due,
        ledger._rules.calendar,
        event.instructed_by,
    )
    if parent is not None:
        check_not_before(
            "Drafted",
            item_id,
            event.at,
            parent[HISTORY][0].at,
            reference=f"上级事项{parent_id!r}的拟办（the parent's Drafted）",
            clause="S4-17",
        )
        if event.stipulated_due is not None:
            check_within_parent(item_id, event.stipulated_due, bound(parent), parent_id or "", "规定期限")
    if not commit:
        return
    rec = new_record(event, day)
    # Commit: nothing below can fail.
    ledger._recs[item_id] = rec
    ledger._log.append(event)
    units = ledger._units
    units[event.lead_unit] = None
    for unit in event.co_units:
        units[unit] = None
    if parent_id is not None:
        ledger._open_children[parent_id] = ledger._open_children.get(parent_id, 0) + 1


# One handler per event type that does more than move the state. Each reads the record,
# raises before writing anything if the event breaks a rule, then writes the fields it
# changes and returns the event to store. The caller writes state, version and history.


def on_assigned(ledger: Ledger, rec: Record, event: Assigned, party: Party) -> ItemEvent:
    received = event.received_on
    check_received_on(rec[ID], received, rec[DRAFTED_ON], cst_day(event.at))
    rules = ledger._rules
    deadline, stored = recorded(
        lambda: rules.deadline(rec[CATEGORY], received, urgent=rec[URGENT], stipulated=rec[STIPULATED]),
        event,
        received,
        rules,
    )
    if rec[CATEGORY] is Category.DEPUTY_PROPOSAL:
        check_stipulated_ceiling(rec[ID], rec[STIPULATED], proposal_ceiling(rules, received), received)
    parent_id = rec[PARENT]
    if parent_id is not None:
        check_within_parent(rec[ID], deadline.due, bound(ledger._recs[parent_id]), parent_id, "办理期限")
    rec[RECEIVED] = shared_day(received)
    rec[DEADLINE] = deadline
    rec[DEADLINES].append(
        new_tuple(DeadlineChange, (ASSIGNED, deadline, event.at, event.by, rec[VERSION] + 1))
    )
    return stored


def on_acknowledged(ledger: Ledger, rec: Record, event: Acknowledged, party: Party) -> ItemEvent:
    rec[HANDLER] = event.handler
    rec[URGES_SINCE] = 0
    return event


def on_urged(ledger: Ledger, rec: Record, event: ItemEvent, party: Party) -> ItemEvent:
    rec[URGES] += 1
    rec[URGES_SINCE] += 1
    rec[LAST_URGED] = cst_day(event.at)
    return event


def on_progress(ledger: Ledger, rec: Record, event: ProgressReported, party: Party) -> ItemEvent:
    if rec[PROJECT]:
        check_progress(
            rec[ID],
            party,
            project=True,
            percent_complete=event.percent_complete,
            investment_done=event.investment_done,
            work_done=event.work_done,
        )
    rec[REPORTS].append(cst_day(event.at))
    if event.percent_complete is not None:
        rec[PERCENT] = event.percent_complete
    rec[URGES_SINCE] = 0
    return event


def on_feedback(ledger: Ledger, rec: Record, event: FeedbackSubmitted, party: Party) -> ItemEvent:
    check_feedback(
        rec[ID],
        event.signed_by,
        rec[LEAD],
        rec[PROJECT],
        event.percent_complete,
        event.investment_done,
        event.work_done,
        event.by,
    )
    day = cst_day(event.at)
    deadline = rec[DEADLINE]
    on_time = deadline is not None and day <= deadline.due
    rec[FEEDBACK_ON] = day
    rec[FEEDBACK_OK] = on_time
    if not on_time and rec[LATE] is None and deadline is not None:
        rec[LATE] = (deadline.due, day)
    rec[REPORTS].append(day)
    rec[PENDING] = None
    rec[URGES_SINCE] = 0
    if event.percent_complete is not None:
        rec[PERCENT] = event.percent_complete
    return event


def on_approved(ledger: Ledger, rec: Record, event: ItemEvent, party: Party) -> ItemEvent:
    check_closing(rec[ID], ledger._open_children.get(rec[ID], 0))
    rec[CLOSED_ON] = cst_day(event.at)
    # Late is late (S1-2.6 未按时完成): a report filed after its deadline, then returned
    # and resubmitted in time, does not make the item 按时办结.
    rec[CLOSED_OK] = rec[FEEDBACK_OK] and rec[LATE] is None
    return event


def on_returned(ledger: Ledger, rec: Record, event: Returned, party: Party) -> ItemEvent:
    check_return_kind(party, event.kind.value, rec[STATE])
    day = cst_day(event.at)
    rules = ledger._rules
    # Rework never shortens the time the unit had (S0-3.4, S4-7): the deadline in force
    # when the report went back is the earliest the new one can be.
    in_force = rec[DEADLINE].due
    deadline, stored = recorded(
        lambda: rules.rework_deadline(
            rec[CATEGORY], day, urgent=rec[URGENT], kind=event.kind.value, in_force=in_force
        ),
        event,
        day,
        rules,
    )
    rec[DEADLINE] = deadline
    rec[DEADLINES].append(
        new_tuple(DeadlineChange, (REWORK_ROUND, deadline, event.at, event.by, rec[VERSION] + 1))
    )
    rec[REWORK] += 1
    rec[RETURN_KIND] = event.kind
    rec[PENDING] = None
    # A leader's 批示 on an approved item reopens it (S0-3.5): it is no longer 办结.
    rec[CLOSED_ON] = None
    rec[CLOSED_OK] = None
    return stored


def on_reported_to_leader(ledger: Ledger, rec: Record, event: ItemEvent, party: Party) -> ItemEvent:
    rec[REPORTED_UP] = cst_day(event.at)
    return event


def on_extension_requested(ledger: Ledger, rec: Record, event: ExtensionRequested, party: Party) -> ItemEvent:
    deadline: Deadline = rec[DEADLINE]  # every clock state has a deadline
    day = cst_day(event.at)
    pending: ExtensionRequested | None = rec[PENDING]
    check_extension_request(
        rec[ID],
        day,
        deadline.due,
        event.new_due,
        None if pending is None else pending.day,
        ledger._rules.calendar,
    )
    parent_id = rec[PARENT]
    if parent_id is not None:
        check_within_parent(rec[ID], event.new_due, bound(ledger._recs[parent_id]), parent_id, "申请延期至")
    rec[PENDING] = event
    rec[URGES_SINCE] = 0
    return event


def on_extension_decided(ledger: Ledger, rec: Record, event: ExtensionDecided, party: Party) -> ItemEvent:
    request: ExtensionRequested | None = rec[PENDING]
    check_extension_decision(rec[ID], request is not None)
    # S4-20(三): who instructed the item is on its Drafted event, the first of its history.
    instructor = rec[HISTORY][0].instructed_by
    required = extension_decider_rank(ledger._rules, None if instructor is None else instructor.rank)
    check_extension_decider(rec[ID], event.by, required)
    if event.granted:
        assert request is not None  # checked just above
        old: Deadline = rec[DEADLINE]
        check_extension_grant(rec[ID], old.due, request.new_due)
        day = cst_day(event.at)
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
        rec[DEADLINE] = deadline
        rec[DEADLINES].append(
            DeadlineChange(ChangeKind.EXTENSION, deadline, event.at, event.by, rec[VERSION] + 1)
        )
    rec[PENDING] = None
    return event


def on_revised(ledger: Ledger, rec: Record, event: DeadlineRevised, party: Party) -> ItemEvent:
    old: Deadline = rec[DEADLINE]
    calendar = ledger._rules.calendar
    check_revision(rec[ID], event.due, old.start, calendar)
    # Rules that no longer give this deadline only lose the basis text (None).
    proposed = recompute(
        rec[DEADLINES], old, rec[CATEGORY], rec[URGENT], rec[STIPULATED], ledger._rules, rec[HISTORY]
    )
    basis = (
        proposed.explanation
        if proposed is not None and proposed.due == event.due
        else f"期限定为{format_day(event.due)}"
    )
    day = cst_day(event.at)
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
    rec[DEADLINE] = deadline
    rec[DEADLINES].append(DeadlineChange(ChangeKind.REVISION, deadline, event.at, event.by, rec[VERSION] + 1))
    return event


def on_evaluated(ledger: Ledger, rec: Record, event: Evaluated, party: Party) -> ItemEvent:
    check_evaluation(rec[ID], rec[CATEGORY])
    rec[EVALUATION] = event
    return event


def on_cancelled(ledger: Ledger, rec: Record, event: Cancelled, party: Party) -> ItemEvent:
    rec[CANCELLED] = event.reason
    rec[PENDING] = None
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
            ledger._recs[item_id][HISTORY][0].at,
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

#: ``event class -> (the machine's steps for it, handler)`` for an item's own events
#: (handler ``None``: the event only moves the state). Keyed by class, which the fold looks
#: up anyway: one lookup gives what the machine decides with and what records the event.
PLAN_OF: dict[type, tuple[dict[State, Any], Any]] = {
    EVENT_TYPES[event]: (STEPS[EVENT_TYPES[event]], handler) for event, handler in HANDLERS.items()
}
assert set(PLAN_OF) == set(STEPS), "the fold records exactly the events the machine decides"


_AnyDue = Assigned | Returned


def recorded(
    compute: Callable[[], Deadline], event: _AnyDue, start: date, rules: RuleSet
) -> tuple[Deadline, ItemEvent]:
    """The deadline in force and the event to store: the event records the due day decided.

    An event that already carries ``due`` (a stored log) keeps it, even when the rules now
    give another day — or none at all, e.g. a category since switched to ``Stipulated()``
    (issue #14.3): deadlines never move without a DeadlineRevised event.
    """
    if event.due is None:
        fresh = compute()
        return fresh, compact(replaced(event, due=fresh.due))
    computed: Deadline | None
    why = ""
    try:
        computed = compute()
    except CalendarRangeError:
        raise
    except DubanError as exc:  # the rules now in force cannot compute this deadline
        computed, why = None, exc.message
    if computed is not None and event.due == computed.due:  # a stored log: the day the rules give
        return computed, event
    calendar = rules.calendar
    check_recorded_due(event.type, event.item_id, event.due, start, calendar)
    if computed is None:
        now = f"按现行规则无法计算（{why}）"
        rule: DeadlineRule = Stipulated()
        clause = None
    else:
        now = f"按现行规则与日历计算应为{format_day(computed.due)}"
        rule, clause = computed.rule, computed.clause
    deadline = Deadline(
        start=start,
        due=event.due,
        rule=rule,
        provisional=calendar.is_provisional(event.due),
        explanation=(
            f"期限按记录为{format_day(event.due)}；{now}，已记录的期限不自动调整（如需调整，记录期限调整事件）。"
            + ("" if computed is None else f"现行规则：{computed.explanation}")
        ),
        clause=clause,
        clauses=() if computed is None else computed.clauses,
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
