"""The Decide layer: the lifecycle of an item, and every rule that accepts or refuses an event.

**Rule: everything that decides what may happen lives here.** Whether an event is accepted —
its state, its sender, its order in time and its content — is decided by this module and
nowhere else. The ledger asks these functions and only records what they accept; the
strategies and :meth:`Ledger.allowed <duban_core.Ledger.allowed>` ask the same functions.

What lives here:

- the table :data:`TABLE` (event → source states → destination, and the parties who may send
  it), given once to ``transitions``, whose :data:`GRAPH` is the single source of truth: the
  fold reads the compiled lookup :data:`NEXT` built from that graph, and the docs draw the
  diagram from it (:func:`mermaid`). No ``transitions.Machine`` is built per item;
- who may send the events that are not an item's (:data:`STREAM_TABLE`: bulletins, planned
  inspections, rectification reports);
- the content guards (``check_*``): pure functions of plain values (days, states, actors,
  counts) that return quietly or raise the refusal, each citing its clause.

Every refusal is a :class:`~duban_core.errors.DubanError` with a Chinese message a clerk can
act on, a stable dotted ``code``, the clause ID and an English ``en``.

The procedure is the seeds': 拟办 → 立项 → 交办 → 签收/承办 → 催办 → 反馈 → 审核 → 办结 → 归档
(S0-3, S2-1.6, S4-7), with 退回重办 (S0-3.4, S0-3.5, S4-7) and 延期 (S0-4.6, S4-20(二); a
主要领导's own 批示交办 decided by a 主要领导 where the rule set says so, S4-20(三)).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from transitions import Machine

from ._enums import LabelledEnum, labelled
from .actors import Actor, LeaderRank, Role
from .calendar import ChinaCalendar
from .categories import Category
from .clock import cst_day as _day
from .errors import DubanError, InvalidTransition, RuleViolation, StaleVersion, Unauthorized
from .events import EVENT_TYPES, ItemEvent, ReturnKind
from .rules import Months

if TYPE_CHECKING:
    from .ruleset import RuleSet

__all__ = [
    "CLOCK_STATES",
    "CREATION",
    "DONE_STATES",
    "GATES",
    "GRAPH",
    "MAX_GAP",
    "NEXT",
    "OPEN_STATES",
    "RETURN_KINDS",
    "STREAM_TABLE",
    "TABLE",
    "TERMINAL_STATES",
    "WHO",
    "Action",
    "Gate",
    "ItemFacts",
    "ItemRecord",
    "Party",
    "State",
    "Transition",
    "admit",
    "allowed_events",
    "authorize",
    "check_bulletin_issuer",
    "check_closing",
    "check_draft",
    "check_evaluation",
    "check_extension_decider",
    "check_extension_decision",
    "check_extension_grant",
    "check_extension_request",
    "check_feedback",
    "check_gap",
    "check_in_range",
    "check_instructing_leader",
    "check_known_items",
    "check_new_id",
    "check_not_before",
    "check_order",
    "check_progress",
    "check_proposal_stipulated",
    "check_received_on",
    "check_recorded_due",
    "check_rectification",
    "check_return_kind",
    "check_revision",
    "check_stipulated_ceiling",
    "check_version",
    "check_within_parent",
    "extension_decider_rank",
    "extension_start",
    "mermaid",
    "next_state",
    "party_of",
    "possible",
    "proposal_ceiling",
    "refuse_unknown_item",
    "return_kinds",
]


class State(LabelledEnum):
    """Where an item is in its lifecycle."""

    DRAFTED = "DRAFTED"
    REGISTERED = "REGISTERED"
    ASSIGNED = "ASSIGNED"
    IN_PROGRESS = "IN_PROGRESS"
    REPORTED = "REPORTED"
    RETURNED = "RETURNED"
    CLOSED = "CLOSED"
    ARCHIVED = "ARCHIVED"
    CANCELLED = "CANCELLED"


labelled(
    State,
    {
        State.DRAFTED: "拟办",
        State.REGISTERED: "已立项",
        State.ASSIGNED: "已交办",
        State.IN_PROGRESS: "办理中",
        State.REPORTED: "已反馈待审核",
        State.RETURNED: "退回重办",
        State.CLOSED: "已办结",
        State.ARCHIVED: "已归档",
        State.CANCELLED: "已撤销",
    },
)


class Party(LabelledEnum):
    """Who an actor is *for a given item*: the role, or the unit's relation to the item."""

    OFFICE = "OFFICE"
    LEADER = "LEADER"
    LEAD_UNIT = "LEAD_UNIT"  # UNIT_HEAD or UNIT_STAFF of the item's lead unit (主办单位)
    CO_UNIT = "CO_UNIT"  # UNIT_HEAD or UNIT_STAFF of a co-unit (协办单位)
    OTHER_UNIT = "OTHER_UNIT"


labelled(
    Party,
    {
        Party.OFFICE: "督查室",
        Party.LEADER: "领导",
        Party.LEAD_UNIT: "主办单位",
        Party.CO_UNIT: "协办单位",
        Party.OTHER_UNIT: "无关单位",
    },
)

# Enum members bound to module names: reading ``Role.OFFICE`` goes through the enum's class
# attribute machinery, several times slower than a global, and these run for every event.
_OFFICE_ROLE, _LEADER_ROLE, _HEAD_ROLE = Role.OFFICE, Role.LEADER, Role.UNIT_HEAD
_PRINCIPAL = LeaderRank.PRINCIPAL
_OFFICE, _LEADER, _LEAD_UNIT, _CO_UNIT, _OTHER_UNIT = (
    Party.OFFICE,
    Party.LEADER,
    Party.LEAD_UNIT,
    Party.CO_UNIT,
    Party.OTHER_UNIT,
)

S = State
_BEFORE_CLOSED = (S.DRAFTED, S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.REPORTED, S.RETURNED)
#: States in which the unit owes work and the deadline clock runs.
CLOCK_STATES = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED})
#: States that count as closed (办结) for metrics.
DONE_STATES = frozenset({S.CLOSED, S.ARCHIVED})
#: States no event leaves.
TERMINAL_STATES = frozenset({S.ARCHIVED, S.CANCELLED})
#: States of an item that is not finished (not closed, archived or cancelled).
OPEN_STATES = frozenset(_BEFORE_CLOSED)


@dataclass(frozen=True)
class Transition:
    """One row of the table: ``event`` moves an item from any of ``sources`` to ``dest``
    (``None``: the state does not change), sent by one of ``who``; ``clause`` is where the
    seeds or the contract say so."""

    event: str
    sources: tuple[State, ...]
    dest: State | None
    who: frozenset[Party]
    clause: str

    @property
    def label(self) -> str:
        """The event's name in Chinese (e.g. 审核办结)."""
        label: str = EVENT_TYPES[self.event].label
        return label


def _row(
    event: str, sources: Iterable[State], dest: State | None, who: Iterable[Party], clause: str
) -> Transition:
    # Sources in declaration order: some come from frozensets, whose order varies per run.
    order = list(State)
    return Transition(event, tuple(sorted(set(sources), key=order.index)), dest, frozenset(who), clause)


P = Party
_UNIT = (P.LEAD_UNIT,)
#: ``Drafted`` creates an item in ``DRAFTED``; it is the graph's initial state, not a transition.
CREATION = _row("Drafted", (), S.DRAFTED, [P.OFFICE], "S0-3.1 提出拟办意见; S2-1.6 拟办")
#: The lifecycle table.
TABLE: tuple[Transition, ...] = (
    _row("Registered", [S.DRAFTED], S.REGISTERED, [P.OFFICE, P.LEADER], "S2-1.6 立项; S4-7(二)"),
    _row("Assigned", [S.REGISTERED], S.ASSIGNED, [P.OFFICE], "S0-3.1 立项通知; S2-1.6 交办"),
    _row("Acknowledged", [S.ASSIGNED, S.RETURNED], S.IN_PROGRESS, _UNIT, "S0-3.2 单位承办"),
    _row("Urged", CLOCK_STATES, None, [P.OFFICE], "S0-3.3 检查督办; S0-5.1 催办督查"),
    _row(
        "ProgressReported",
        CLOCK_STATES,
        None,
        [P.LEAD_UNIT, P.CO_UNIT],
        "S0-4.2 每季度末反馈进展; S4-20(一) 主办协办",
    ),
    _row("FeedbackSubmitted", [S.IN_PROGRESS, S.RETURNED], S.REPORTED, _UNIT, "S0-3.4 结果反馈"),
    _row("Approved", [S.REPORTED], S.CLOSED, [P.OFFICE], "S0-3.4 审查相符; S4-7(四) 审核报结"),
    _row(
        "Returned",
        # From CLOSED only as 领导批示再督查 by a leader (check_return_kind): a leader's 批示
        # on a report reopens the item until it is archived (S0-3.5 再督查、再落实，直至办结).
        [S.REPORTED, S.CLOSED],
        S.RETURNED,
        [P.OFFICE, P.LEADER],
        "S0-3.4 退回重新办理; S0-3.5 追踪督办; S4-7(三) 补办或重新办理",
    ),
    _row(
        "ReportedToLeader",
        [S.CLOSED],
        None,
        [P.OFFICE],
        "S0-3.4 审查相符的向领导汇报; S4-14(13) 编报《督查专报》",
    ),
    _row("ExtensionRequested", CLOCK_STATES, None, _UNIT, "S0-4.6; S4-20(二) 提前申请延期"),
    _row("ExtensionDecided", CLOCK_STATES, None, [P.LEADER], "S0-4.6; S0-6.2 经领导批准"),
    _row(
        "DeadlineRevised",
        [S.ASSIGNED, S.IN_PROGRESS, S.RETURNED, S.REPORTED],
        None,
        [P.OFFICE],
        "放假安排公布后调整暂定期限",
    ),
    _row("Evaluated", [S.REPORTED, S.CLOSED, S.ARCHIVED], None, [P.OFFICE], "S2-2.1 满意率"),
    _row("Archived", [S.CLOSED], S.ARCHIVED, [P.OFFICE], "S2-1.6 归档; S3-2.3; S4-7(五) 立卷归档"),
    _row("Cancelled", _BEFORE_CLOSED, S.CANCELLED, [P.OFFICE, P.LEADER], "撤销督查事项"),
)

#: Who may send the events that are not an item's. A bulletin (督查通报) is issued by the
#: office or a leader (S0-3.6); inspection plans are filed with the office, or approved by a
#: leader (S4-16); a rectification report is filed by the criticised unit itself, its head
#: signing (S1-2.6) — for it, ``LEAD_UNIT`` means "the unit the report is for".
STREAM_TABLE: tuple[Transition, ...] = (
    _row("BulletinIssued", (), None, [P.OFFICE, P.LEADER], "S0-3.6"),
    _row("InspectionPlanned", (), None, [P.OFFICE, P.LEADER], "S4-16"),
    _row("RectificationReported", (), None, [P.LEAD_UNIT], "S1-2.6"),
)

_ROWS = {row.event: row for row in (CREATION, *TABLE, *STREAM_TABLE)}
#: ``WHO[event type]``: the parties that may send it (the table's ``who`` column).
WHO: dict[str, frozenset[Party]] = {row.event: row.who for row in (CREATION, *TABLE)}
_OFFICE_DRAFTS = Party.OFFICE in CREATION.who

#: The graph, built once with ``transitions`` from :data:`TABLE`; internal transitions
#: (``dest=None``) are events that leave the state as it is.
GRAPH = Machine(
    model=None,
    states=[s.value for s in State],
    initial=State.DRAFTED.value,
    transitions=[
        {
            "trigger": row.event,
            "source": [s.value for s in row.sources],
            "dest": row.dest.value if row.dest else None,
        }
        for row in TABLE
    ],
    auto_transitions=False,
)


def _compile(graph: Machine) -> dict[tuple[str, State], State]:
    """The graph as a flat lookup ``(event, state) -> next state``: one dict access per event."""
    table: dict[tuple[str, State], State] = {}
    for trigger, event in graph.events.items():
        for source, transitions in event.transitions.items():
            for transition in transitions:
                dest = transition.dest
                table[(trigger, State(source))] = State(source) if dest is None else State(dest)
    return table


#: ``NEXT[(event type, state)]`` is the state after the event; absent pairs are not allowed.
NEXT: dict[tuple[str, State], State] = _compile(GRAPH)


def allowed_events(state: State) -> list[str]:
    """The event types an item in ``state`` accepts, in table order (whatever the sender,
    the day or the content: :meth:`Ledger.allowed <duban_core.Ledger.allowed>` answers for
    one actor on one day)."""
    return [row.event for row in TABLE if (row.event, state) in NEXT]


def _states(states: Iterable[State]) -> str:
    return "、".join(f"{s.value}（{s.label}）" for s in states) or "无"


def next_state(event_type: str, state: State) -> State:
    """The state after ``event_type`` in ``state``, or :class:`InvalidTransition`."""
    dest = NEXT.get((event_type, state))
    if dest is None:
        allowed = allowed_events(state)
        row = _ROWS.get(event_type)
        sources = row.sources if row else ()
        raise InvalidTransition(
            f"事项当前为{state.value}（{state.label}），不能办理{event_type}"
            f"（{row.label if row else '未知事件'}）；该事件仅适用于：{_states(sources)}；"
            f"当前状态可办理：{'、'.join(allowed) or '无'}",
            code=f"transition.{event_type}",
            clause=row.clause if row else None,
            en=f"{event_type} is not allowed while the item is {state.value}; it is allowed in: "
            f"{', '.join(s.value for s in sources) or '-'}; this state accepts: {', '.join(allowed) or 'nothing'}",
        )
    return dest


def party_of(actor: Actor, lead_unit: str, co_units: tuple[str, ...]) -> Party:
    """What ``actor`` is for an item led by ``lead_unit`` with ``co_units``."""
    role = actor.role
    if role is _OFFICE_ROLE:
        return _OFFICE
    if role is _LEADER_ROLE:
        return _LEADER
    if actor.unit == lead_unit:
        return _LEAD_UNIT
    if actor.unit in co_units:
        return _CO_UNIT
    return _OTHER_UNIT


def authorize(event_type: str, actor: Actor, lead_unit: str, co_units: tuple[str, ...]) -> Party:
    """The actor's party if it may send ``event_type`` for this item (or, for the events of
    :data:`STREAM_TABLE`, for the unit ``lead_unit``), else :class:`Unauthorized`."""
    party = party_of(actor, lead_unit, co_units)
    row = _ROWS[event_type]
    if party not in row.who:
        only = "、".join(p.label for p in sorted(row.who))
        raise Unauthorized(
            f"{actor.describe()}（{party.label}）无权办理{event_type}（{row.label}）；仅{only}可以办理",
            code=f"unauthorized.{event_type}",
            clause=row.clause,
            en=f"{actor.describe()} ({party.value}) may not send {event_type}; only "
            f"{', '.join(p.value for p in sorted(row.who))} may",
        )
    return party


# -- the order of events and the streams they belong to -------------------------------------------


def refuse_unknown_item(event_type: str, item_id: str) -> NoReturn:
    """Refuse an event for an item the ledger does not hold: every item starts with ``Drafted``."""
    raise RuleViolation(
        f"{event_type}：事项{item_id!r}不存在（没有它的拟办记录），请先拟办该事项",
        code="item.unknown",
        clause="S2-1.6",
        en=f"{event_type}: unknown item {item_id!r} (no Drafted event for it)",
    )


_STREAM_NOUNS = {"item": "事项", "bulletin": "通报", "inspection": "督查活动"}


def check_version(event_type: str, stream: str, expected: int | None, current: int) -> None:
    """Optimistic concurrency, for every stream (items, bulletins, inspections): an event
    sent with ``expected`` — the version of ``stream`` the sender saw — is refused with
    :class:`StaleVersion` unless the stream is still at that version. ``None`` checks nothing.

    A stream's version counts its accepted events (0: it does not exist yet), so a
    ``Drafted``, ``BulletinIssued`` or ``InspectionPlanned`` expects 0.
    """
    if expected is None or expected == current:
        return
    kind, _, ident = stream.partition(":")
    noun = _STREAM_NOUNS.get(kind, "事件流")
    if current == 0:
        zh = f"{noun}“{ident}”尚不存在（版本 0），提交时看到的是版本 {expected}：请刷新后重试"
    else:
        zh = f"{noun}“{ident}”已被他人更新（当前版本 {current}，您看到的是版本 {expected}）：请刷新后重新办理"
    raise StaleVersion(
        zh,
        code="concurrency.stale_version",
        expected=expected,
        current=current,
        stream=stream,
        en=f"{event_type} for {stream}: the stream is at version {current}, expected {expected} "
        "(someone else changed it)",
    )


def check_order(event_type: str, stream: str, at: datetime, last_at: datetime, *, what: str = "item") -> None:
    """A stream's events (an item's, a bulletin's) arrive in time order: ``at`` may not
    precede the stream's previous event."""
    if at < last_at:
        name = "通报" if what == "bulletin" else "事项"
        raise RuleViolation(
            f"{event_type}的时间{at.isoformat()}早于{name}{stream!r}上一事件的时间{last_at.isoformat()}；"
            f"同一{name}的事件须按时间顺序记录",
            code="order.earlier_than_previous",
            en=f"{event_type} for {stream!r} at {at.isoformat()} is earlier than the {what}'s previous "
            f"event at {last_at.isoformat()}; events of one {what} must arrive in order"
            if what == "item"
            else f"{event_type} at {at.isoformat()} is earlier than {what} {stream!r}'s previous event "
            f"at {last_at.isoformat()}",
        )


#: The longest pause accepted between two consecutive events of one item or bulletin. The
#: seeds' longest limits are a year's end (S0-4.2) or a leader's stipulated date; an item
#: that waited longer is implausible, and an event dated far ahead (a typo, or a hostile
#: clerk) would otherwise lock the item: nothing may come after it (events arrive in order).
MAX_GAP = timedelta(days=5 * 366)


def check_gap(event_type: str, stream: str, at: datetime, last_at: datetime) -> None:
    """Refuse an event more than :data:`MAX_GAP` after the previous event of its stream."""
    if at - last_at > MAX_GAP:
        raise RuleViolation(
            f"{event_type}（{stream}）的时间{at.isoformat()}距上一事件（{last_at.isoformat()}）超过"
            f"{MAX_GAP.days}天，不合常理；请核对事件时间（应由系统时钟填写，而非用户输入）",
            code="order.implausible_gap",
            en=f"{event_type} for {stream!r} at {at.isoformat()} is more than {MAX_GAP.days} days after "
            f"the previous event at {last_at.isoformat()}",
        )


def check_not_before(
    event_type: str, stream: str, at: datetime, reference_at: datetime, *, reference: str, clause: str | None
) -> None:
    """Refuse an event dated before the event it refers to (``reference``: what, in Chinese
    and English, e.g. the parent item's 拟办): it cannot name what had not happened yet."""
    if at < reference_at:
        raise RuleViolation(
            f"{event_type}（{stream}）的时间{at.isoformat()}早于其引用的{reference}（{reference_at.isoformat()}）；"
            "不能引用尚未发生的事项",
            code="order.before_reference",
            clause=clause,
            en=f"{event_type} {stream!r} at {at.isoformat()} is earlier than the {reference} it refers to "
            f"({reference_at.isoformat()})",
        )


def check_new_id(event_type: str, kind: str, stream: str, exists: bool) -> None:
    """A new stream (item, bulletin, inspection) needs an id not used before."""
    if exists:
        names = {"item": "事项", "bulletin": "通报", "inspection": "督查检查活动"}
        raise RuleViolation(
            f"{event_type}：{names[kind]}编号{stream!r}已存在，编号不能重复",
            code=f"{kind}.duplicate_id",
            en=f"{event_type}: {kind} {stream!r} already exists; ids are unique",
        )


def check_known_items(event_type: str, stream: str, unknown: Sequence[str]) -> None:
    """A bulletin or an inspection plan may only name items the ledger holds."""
    if unknown:
        listed = ", ".join(map(repr, unknown))
        raise RuleViolation(
            f"{event_type} {stream!r}：所列事项{listed}不存在",
            code="item.unknown",
            en=f"{event_type} {stream!r}: unknown items {listed}",
        )


def check_in_range(calendar: ChinaCalendar, *days: date) -> None:
    """Each day lies in the calendar's supported range (else :class:`CalendarRangeError`)."""
    for day in days:
        calendar.is_workday(day)


# -- drafting and decomposition -------------------------------------------------------------------


def check_draft(
    item_id: str,
    exists: bool,
    actor: Actor,
    lead_unit: str,
    co_units: tuple[str, ...],
    day: date,
    parent_id: str | None,
    parent_state: State | None,
    stipulated_due: date | None,
    rules: RuleSet,
    instructed_by: Actor | None = None,
) -> None:
    """拟办 (S0-3.1, S2-1.6): a new item id (``exists``: the id is taken), drafted by the
    office (:data:`CREATION`); a child item (分解立项, S4-17) needs an open parent
    (``parent_state`` ``None``: no such item); a stipulated due day (规定时间, S0-4.6) lies in
    the calendar of ``rules`` and not before the drafting day ``day``; the leader who
    instructed it, if recorded, is a leader with a rank (:func:`check_instructing_leader`)."""
    if exists:
        check_new_id("Drafted", "item", item_id, exists)
    if actor.role is not _OFFICE_ROLE or not _OFFICE_DRAFTS:  # the common case: no lookup
        authorize("Drafted", actor, lead_unit, co_units)
    if instructed_by is not None:
        check_instructing_leader(item_id, instructed_by)
    if parent_id is not None:
        if parent_state is None:
            raise RuleViolation(
                f"拟办{item_id!r}：上级事项{parent_id!r}不存在，无法分解立项",
                code="draft.parent_unknown",
                clause="S4-17",
                en=f"Drafted {item_id!r}: parent item {parent_id!r} does not exist",
            )
        if parent_state not in OPEN_STATES:
            raise RuleViolation(
                f"拟办{item_id!r}：上级事项{parent_id!r}已{parent_state.label}，只有未办结的事项可以分解立项",
                code="draft.parent_closed",
                clause="S4-17",
                en=f"Drafted {item_id!r}: parent item {parent_id!r} is {parent_state.value}; "
                "only an open item can be decomposed",
            )
    if stipulated_due is not None:
        rules.calendar.is_workday(stipulated_due)  # range check
        if stipulated_due < day:
            raise RuleViolation(
                f"拟办{item_id!r}：规定办结日期{stipulated_due.isoformat()}早于拟办日期{day.isoformat()}",
                code="draft.stipulated_before_drafting",
                clause="S0-4.6",
                en=f"Drafted {item_id!r}: stipulated_due {stipulated_due.isoformat()} is before the "
                f"drafting day {day.isoformat()}",
            )


def check_instructing_leader(item_id: str, leader: Actor) -> None:
    """批示领导 (``Drafted.instructed_by``): a 批示 or 交办 is a leader's (S4-6.4), and the
    record says which leader — 主要领导 or 分管领导 — because a 主要领导's own 批示交办 is
    extended by a 主要领导 (S4-20(三)) where the rule set says so. Refused under every rule
    set alike, so that a stored log drafts the same items whichever rules replay it."""
    if leader.role is not _LEADER_ROLE:
        raise RuleViolation(
            f"拟办{item_id!r}：批示领导（instructed_by）须为作出批示、交办的领导，{leader.describe()}不是领导；"
            "请填写批示领导的姓名并注明主要领导或分管领导，无领导批示的事项不填此项",
            code="draft.instructed_by_not_leader",
            clause="S4-6.4",
            en=f"Drafted {item_id!r}: instructed_by must be the LEADER who gave the instruction, "
            f"not {leader.role.value}",
        )
    if leader.rank is None:
        raise RuleViolation(
            f"拟办{item_id!r}：批示领导{leader.describe()}须注明是主要领导还是分管领导（rank：PRINCIPAL 主要领导、"
            "IN_CHARGE 分管领导）：主要领导批示交办的事项，不能按时办结的应向主要领导报告",
            code="draft.instructed_by_rank_missing",
            clause="S4-20(三)",
            en=f"Drafted {item_id!r}: the instructing leader must carry a rank (PRINCIPAL or IN_CHARGE)",
        )


# -- assignment and recorded deadlines ------------------------------------------------------------


def check_received_on(
    item_id: str, received_on: date, drafted_on: date, assigned_on: date | None = None
) -> None:
    """交办: the day the unit received the assignment (the deadline counts from it, S0-4) is
    not before the item was drafted, nor after ``assigned_on``, the day the assignment is
    recorded (S0-3.1): a receipt not yet happened would start the deadline at a day to come."""
    if assigned_on is not None and received_on > assigned_on:
        raise RuleViolation(
            f"交办{item_id!r}：收到日期{received_on.isoformat()}晚于交办登记日期{assigned_on.isoformat()}；"
            "请在承办单位收到交办件后再登记",
            code="assigned.received_after",
            clause="S0-3.1",
            en=f"Assigned {item_id!r}: received_on {received_on.isoformat()} is after the day the "
            f"assignment is recorded ({assigned_on.isoformat()})",
        )
    if received_on < drafted_on:
        raise RuleViolation(
            f"交办{item_id!r}：收到日期{received_on.isoformat()}早于拟办日期{drafted_on.isoformat()}",
            code="assigned.received_before_drafted",
            clause="S0-3.1",
            en=f"Assigned {item_id!r}: received_on {received_on.isoformat()} is before the item was "
            f"drafted ({drafted_on.isoformat()})",
        )


def check_recorded_due(
    event_type: str, item_id: str, due: date, start: date, calendar: ChinaCalendar
) -> None:
    """A due day recorded in a stored event (not the rules' own) lies in the calendar and not
    before the deadline's start."""
    if due < start:
        raise RuleViolation(
            f"{event_type} {item_id!r}：记录的期限{due.isoformat()}早于起算日{start.isoformat()}",
            code="deadline.due_before_start",
            clause="S0-4",
            en=f"{event_type} {item_id!r}: recorded due {due.isoformat()} is before its start {start.isoformat()}",
        )
    calendar.is_workday(due)  # range check


# -- feedback, review and closing -----------------------------------------------------------------


def check_feedback(
    item_id: str,
    signed_by: Actor,
    lead_unit: str,
    project: bool,
    percent_complete: float | None,
    investment_done: object | None,
    work_done: str | None = None,
    by: Actor | None = None,
) -> None:
    """结果反馈: the written report is signed by the head of the lead unit (S0-3.4), who is
    not the clerk (经办人) ``by`` submitting it under their own name — one person, two
    contradictory identities in one event; a project item's report states 已完成投资额、工程量
    and 完成任务的百分比 (S1-2.4)."""
    if signed_by.role is not _HEAD_ROLE or signed_by.unit != lead_unit:
        raise RuleViolation(
            f"反馈{item_id!r}：书面报告须由主办单位{lead_unit}主要负责人签发，不能由{signed_by.describe()}签发",
            code="feedback.signer",
            clause="S0-3.4",
            en=f"FeedbackSubmitted {item_id!r}: the written report must be signed by the head of the "
            f"lead unit {lead_unit}, not {signed_by.describe()}",
        )
    if (
        by is not None
        and by.role is Role.UNIT_STAFF
        and signed_by.name == by.name
        and signed_by.unit == by.unit
    ):
        raise RuleViolation(
            f"反馈{item_id!r}：经办人{by.name}不能以本单位主要负责人身份为自己报送的反馈签发，须由主要负责人本人签发",
            code="feedback.self_signed",
            clause="S0-3.4",
            en=f"FeedbackSubmitted {item_id!r}: clerk {by.name} cannot sign their own feedback as the head "
            "of the unit",
        )
    if project:
        _check_figures("FeedbackSubmitted", item_id, percent_complete, investment_done, work_done)


def check_progress(
    item_id: str,
    party: Party,
    *,
    project: bool,
    percent_complete: float | None,
    investment_done: object | None,
    work_done: str | None,
) -> None:
    """进展报告 on a project item (S1-2.4 涉及项目类进展情况还要说明已完成投资额和工程量): the
    lead unit's report — it files the item's combined report (S4-20(一)) — states the
    figures too. A co-unit's note on its share, and any note on an ordinary item, stays as
    easy to file as ever."""
    if project and party is Party.LEAD_UNIT:
        _check_figures("ProgressReported", item_id, percent_complete, investment_done, work_done)


def _check_figures(
    event_type: str,
    item_id: str,
    percent_complete: float | None,
    investment_done: object | None,
    work_done: str | None,
) -> None:
    missing = [
        label
        for label, value in (
            ("已完成投资额（investment_done）", investment_done),
            ("工程量（work_done）", work_done),
            ("完成任务的百分比（percent_complete）", percent_complete),
        )
        if value is None
    ]
    if missing:
        what, code = ("反馈", "feedback") if event_type == "FeedbackSubmitted" else ("进展报告", "progress")
        raise RuleViolation(
            f"{what}{item_id!r}：项目类事项须说明已完成投资额和工程量，并说明完成任务的百分比；缺少{'、'.join(missing)}",
            code=f"{code}.project_figures",
            clause="S1-2.4",
            en=f"{event_type} {item_id!r}: a project item's report must state investment_done, "
            "work_done and percent_complete",
        )


def check_closing(
    item_id: str, open_children: int, children_closed_at: datetime | None = None, at: datetime | None = None
) -> None:
    """审核办结: a decomposed item (分解立项) closes after its children (S4-17): none may be
    open (``open_children``), and none may have closed after ``at`` (``children_closed_at``,
    the latest time a child closed) — a log may record a parent's approval after a child's
    closing yet date it earlier, and as of that earlier day the child was still open."""
    if open_children:
        raise InvalidTransition(
            f"审核办结{item_id!r}：尚有{open_children}个分解子事项未办结，须待子事项办结后再办结",
            code="approved.open_children",
            clause="S4-17",
            en=f"Approved {item_id!r}: {open_children} decomposed child item(s) are still open; "
            "a parent closes after its children",
        )
    if children_closed_at is not None and at is not None and at < children_closed_at:
        raise InvalidTransition(
            f"审核办结{item_id!r}：办结时间{at.isoformat()}早于其分解子事项的办结时间"
            f"{children_closed_at.isoformat()}，上级事项须在子事项办结后办结",
            code="approved.before_children",
            clause="S4-17",
            en=f"Approved {item_id!r} at {at.isoformat()}: a decomposed child item closed later, at "
            f"{children_closed_at.isoformat()}; a parent closes after its children",
        )


#: The return kinds each party may use (S0-3.4, S0-3.5): a leader sends a report back only
#: as 领导批示再督查; the office uses any kind.
RETURN_KINDS: dict[Party, frozenset[str] | None] = {
    Party.OFFICE: None,
    Party.LEADER: frozenset({"LEADER_FOLLOW_UP"}),
}


def check_return_kind(party: Party, kind: str, state: State = State.REPORTED) -> None:
    """How a report may go back (S0-3.4, S0-3.5, S4-7(三)).

    While it awaits review (REPORTED) the office sends it back for any kind, a leader only
    for 领导批示再督查. Once approved (CLOSED, not yet archived) only a leader's 批示 reopens
    it, as 领导批示再督查 (S0-3.5): 补办 and 重新办理 belong to the review itself.
    """
    if state is State.CLOSED and (party is not Party.LEADER or kind != "LEADER_FOLLOW_UP"):
        raise Unauthorized(
            "已审核办结的事项，只能因领导同志对办理报告的批示重新督查（领导批示再督查），须由作出批示的领导发出；"
            f"不能由{party.label}以{_RETURN_LABELS.get(kind, kind)}方式退回",
            code="returned.closed_needs_leader",
            clause="S0-3.5",
            en=f"a closed item reopens only by a leader's instruction (LEADER_FOLLOW_UP), not {kind} "
            f"by {party.value}",
        )
    kinds = RETURN_KINDS.get(party)
    if kinds is not None and kind not in kinds:
        raise Unauthorized(
            f"领导退回反馈只能以“领导批示再督查”（LEADER_FOLLOW_UP）方式，不能以{kind}方式",
            code="returned.kind",
            clause="S0-3.5",
            en=f"a leader may only return a report as LEADER_FOLLOW_UP, not {kind}",
        )


def return_kinds(party: Party, state: State = State.REPORTED) -> tuple[str, ...]:
    """The ``ReturnKind`` values ``party`` may send a report back with in ``state`` (S0-3.4,
    S0-3.5: once approved, only a leader's 领导批示再督查)."""
    return tuple(k.value for k in ReturnKind if _passes(check_return_kind, party, k.value, state))


_RETURN_LABELS = {"SUPPLEMENT": "补办", "REDO": "重新办理", "LEADER_FOLLOW_UP": "领导批示再督查"}


def check_stipulated_ceiling(
    item_id: str, stipulated: date | None, ceiling: date | None, received: date
) -> None:
    """A deputy's suggestion or a member's proposal is answered within three months, six at
    most (S0-4.5, national practice): a stipulated date after ``ceiling`` (the rule set's
    ``proposal_max_months`` from ``received``, :func:`proposal_ceiling`) is refused."""
    if stipulated is not None and ceiling is not None and stipulated > ceiling:
        raise RuleViolation(
            f"交办{item_id!r}：人大代表建议、政协委员提案的办理时限最长不超过收到之日起六个月（按规则集为"
            f"{ceiling.isoformat()}前）；规定的期限{stipulated.isoformat()}超过上限，请改为{ceiling.isoformat()}或之前",
            code="assigned.proposal_ceiling",
            clause="S0-4.5",
            en=f"Assigned {item_id!r}: stipulated_due {stipulated.isoformat()} is after the ceiling "
            f"{ceiling.isoformat()} for a deputy's suggestion received {received.isoformat()}",
        )


_PROPOSALS = Category.DEPUTY_PROPOSAL


def check_proposal_stipulated(
    item_id: str, category: Category, stipulated: date | None, rules: RuleSet, received: date
) -> None:
    """交办 of a deputy's suggestion or a member's proposal with a stipulated date: the date
    is not after the ceiling (:func:`check_stipulated_ceiling`, :func:`proposal_ceiling`,
    S0-4.5). Other categories, and items without a stipulated date, have nothing to check
    (and the ceiling is not computed for them)."""
    if category is _PROPOSALS and stipulated is not None:
        check_stipulated_ceiling(item_id, stipulated, proposal_ceiling(rules, received), received)


def proposal_ceiling(rules: RuleSet, received: date) -> date | None:
    """The latest stipulated date for a deputy's suggestion received on ``received``:
    ``rules.proposal_max_months`` later (never shorter than the category's own month rule),
    or ``None`` without a ceiling (S0-4.5)."""
    months = rules.proposal_max_months
    if months is None:
        return None
    rule = rules.categories[Category.DEPUTY_PROPOSAL].deadline
    if isinstance(rule, Months):  # the ceiling never refuses the time the rule itself gives
        months = max(months, rule.months)
    return Months(months).due(received, rules.calendar).due


def check_within_parent(
    item_id: str, child_due: date, parent_due: date | None, parent_id: str, what: str
) -> None:
    """A decomposed task's deadline may not fall after its parent's (S4-17 分解立项: the
    parts carry the whole's 办理时限). ``what`` names the child's date in the message."""
    if parent_due is not None and child_due > parent_due:
        raise RuleViolation(
            f"分解立项的子事项{item_id!r}{what}{child_due.isoformat()}晚于上级事项{parent_id!r}的办理期限"
            f"{parent_due.isoformat()}；子事项须在上级事项期限内办结，请调整期限或先为上级事项办理延期",
            code="decomposition.after_parent",
            clause="S4-17",
            en=f"decomposed item {item_id!r}: {child_due.isoformat()} is after its parent "
            f"{parent_id!r}'s due day {parent_due.isoformat()}",
        )


# -- extensions and deadline revisions ------------------------------------------------------------


def check_extension_request(
    item_id: str, day: date, due: date, new_due: date, pending_since: date | None, calendar: ChinaCalendar
) -> None:
    """延期申请 (S0-4.6, S4-20(二)): one request at a time (``pending_since``: the day of the
    one pending), filed on or before the due day (提前申请), asking for a later day that lies
    in the calendar."""
    if pending_since is not None:
        raise RuleViolation(
            f"延期申请{item_id!r}：{pending_since.isoformat()}提出的延期申请尚待领导审批，同一时间只能有一个申请",
            code="extension.pending",
            clause="S4-20(二)",
            en=f"ExtensionRequested {item_id!r}: a request filed {pending_since.isoformat()} is still "
            "pending; one request at a time",
        )
    if day > due:
        raise RuleViolation(
            f"延期申请须在期限届满前提出：事项{item_id!r}的期限为{due.isoformat()}，申请日为{day.isoformat()}，已逾期",
            code="extension.too_late",
            clause="S4-20(二)",
            en=f"ExtensionRequested {item_id!r}: filed {day.isoformat()}, after the due day "
            f"{due.isoformat()}; an extension must be requested before the deadline",
        )
    if new_due <= due:
        raise RuleViolation(
            f"延期申请{item_id!r}：申请延至{new_due.isoformat()}，不晚于现有期限{due.isoformat()}",
            code="extension.not_later",
            clause="S0-4.6",
            en=f"ExtensionRequested {item_id!r}: new_due {new_due.isoformat()} is not later than "
            f"the due day {due.isoformat()}",
        )
    calendar.is_workday(new_due)  # range check


def check_extension_decision(item_id: str, pending: bool) -> None:
    """延期审批 (S0-4.6): a leader decides a pending request; without one there is nothing to decide."""
    if not pending:
        raise RuleViolation(
            f"延期审批{item_id!r}：没有待审批的延期申请",
            code="extension.none_pending",
            clause="S0-4.6",
            en=f"ExtensionDecided {item_id!r}: there is no pending extension request",
        )


def extension_decider_rank(rules: RuleSet, instructed_rank: LeaderRank | None) -> LeaderRank | None:
    """The rank the leader deciding an item's extension must have: a 主要领导 for a
    主要领导's own 批示交办 (``instructed_rank``, the rank of ``Drafted.instructed_by``) where
    the rule set follows the 大安区委 rules (S4-20(三) 应及时向区委主要领导报告,
    :attr:`~duban_core.ruleset.RuleSet.principal_extensions`);
    ``None`` otherwise: any leader decides (S0-4.6 经领导批准; the 分管领导 of S4-20(二))."""
    if instructed_rank is _PRINCIPAL and rules.principal_extensions:
        return _PRINCIPAL
    return None


def check_extension_decider(item_id: str, decider: Actor, required: LeaderRank | None) -> None:
    """延期审批 by the right leader: where ``required`` (:func:`extension_decider_rank`) is
    set, only a leader of that rank decides (S4-20(三)). A leader recorded without a rank is
    refused then too — whether they are the 主要领导 is exactly what the rule asks — with
    a message that tells the clerk to record it. The rule follows the rank, not the person:
    any 主要领导 decides, not only the one who gave the 批示 (the seed says 区委主要领导)."""
    if required is None:
        return
    rank = decider.rank
    if rank is None:
        raise Unauthorized(
            f"延期审批{item_id!r}：该事项是{required.label}批示交办的事项，延期须由{required.label}审批；"
            f"{decider.describe()}未注明是主要领导还是分管领导，请在其人员信息中注明领导类别（rank）后再办理",
            code="extension.decider_rank_missing",
            clause="S4-20(三)",
            en=f"ExtensionDecided {item_id!r}: a principal leader's own instruction is extended by a "
            f"{required.value} leader only; the deciding leader has no recorded rank",
        )
    if rank is not required:
        raise Unauthorized(
            f"延期审批{item_id!r}：该事项是{required.label}批示交办的事项，承办单位应向{required.label}报告原因和进度，"
            f"延期须由{required.label}审批，{decider.describe()}不能审批；请报{required.label}",
            code="extension.needs_principal",
            clause="S4-20(三)",
            en=f"ExtensionDecided {item_id!r}: a principal leader's own instruction is extended by a "
            f"{required.value} leader only, not {rank.value}",
        )


def check_extension_grant(item_id: str, due: date, new_due: date) -> None:
    """批准延期 only lengthens the period (S0-4.6): the deadline may have moved to or past the
    requested day since the request (a DeadlineRevised); granting it then would shorten it."""
    if new_due <= due:
        raise RuleViolation(
            f"延期审批{item_id!r}：申请延至{new_due.isoformat()}，但现行期限已是{due.isoformat()}，批准将缩短期限；"
            "请不予批准（granted=false），或由承办单位重新申请",
            code="extension.would_shorten",
            clause="S0-4.6",
            en=f"ExtensionDecided {item_id!r}: the request asks for {new_due.isoformat()}, but the deadline "
            f"in force is already {due.isoformat()}; granting would shorten it",
        )


def extension_start(request_day: date) -> date:
    """The first day of a granted extension: the request's day. The request is filed on or
    before the old due day (so before ``new_due``); the decision may come after ``new_due``."""
    return request_day


def check_revision(item_id: str, due: date, start: date, calendar: ChinaCalendar) -> None:
    """期限调整: the revised due day is not before the deadline's start and lies in the calendar."""
    if due < start:
        raise RuleViolation(
            f"调整期限{item_id!r}：新期限{due.isoformat()}早于起算日{start.isoformat()}",
            code="revision.before_start",
            clause="S0-4",
            en=f"DeadlineRevised {item_id!r}: due {due.isoformat()} is before the deadline's start {start.isoformat()}",
        )
    calendar.is_workday(due)  # range check


_EVALUATED_CATEGORY = Category.DEPUTY_PROPOSAL


def check_evaluation(item_id: str, category: Category) -> None:
    """满意度评价 (S2-2.1) is for deputies' suggestions and members' proposals only."""
    if category is not _EVALUATED_CATEGORY:
        raise RuleViolation(
            f"评价{item_id!r}：满意度评价仅适用于人大代表建议和政协委员提案，不适用于{category.label}",
            code="evaluated.category",
            clause="S2-2.1",
            en=f"Evaluated {item_id!r}: satisfaction is evaluated for deputies' suggestions and "
            f"members' proposals only, not {category.value}",
        )


# -- bulletins, rectification and planned inspections ---------------------------------------------


def check_bulletin_issuer(actor: Actor, level: str) -> None:
    """Criticism 以政府名义 is the government's act (S1-2.6 情节严重的以政府名义进行通报批评):
    a government-level bulletin needs a leader; the office issues office-level ones."""
    if level == "GOVERNMENT" and actor.role is not Role.LEADER:
        raise Unauthorized(
            f"以政府名义的通报须由政府领导签发，{actor.describe()}不能单独以政府名义通报；请由领导发出，或改为办公室（督查室）通报",
            code="bulletin.government_needs_leader",
            clause="S1-2.6",
            en="a government-level bulletin must be issued by a leader, not the office alone",
        )


def check_rectification(
    bulletin_id: str,
    *,
    criticism: bool | None,
    named: Sequence[str],
    unit: str,
    actor: Actor,
    at: datetime,
    last_at: datetime | None,
    filed: bool,
) -> None:
    """整改报告 (S1-2.6): for a criticism bulletin (``criticism`` ``None``: no such
    bulletin) that names ``unit``, signed by that unit's head (主要负责人), after the
    bulletin's previous event, once per unit."""
    if criticism is None or last_at is None:
        raise RuleViolation(
            f"整改报告：通报{bulletin_id!r}不存在",
            code="bulletin.unknown",
            clause="S1-2.6",
            en=f"RectificationReported: unknown bulletin {bulletin_id!r}",
        )
    if not criticism:
        raise RuleViolation(
            f"整改报告：通报{bulletin_id!r}是表扬通报，只有被批评的单位报送整改报告",
            code="rectification.praise",
            clause="S1-2.6",
            en=f"RectificationReported: bulletin {bulletin_id!r} is a praise; only criticised units "
            "file rectification reports",
        )
    if unit not in named:
        raise RuleViolation(
            f"整改报告：通报{bulletin_id!r}未点名{unit}",
            code="rectification.not_named",
            clause="S1-2.6",
            en=f"RectificationReported: {unit} is not named in bulletin {bulletin_id!r}",
        )
    authorize("RectificationReported", actor, unit, ())
    if actor.role is not Role.UNIT_HEAD:
        raise Unauthorized(
            f"{actor.describe()}不能报送{unit}的整改报告，须由该单位主要负责人报送",
            code="unauthorized.RectificationReported",
            clause="S1-2.6",
            en=f"{actor.describe()} may not file {unit}'s rectification report; its head must",
        )
    check_order("RectificationReported", bulletin_id, at, last_at, what="bulletin")
    check_gap("RectificationReported", bulletin_id, at, last_at)
    if filed:
        raise RuleViolation(
            f"整改报告：{unit}已就通报{bulletin_id!r}报送过整改报告",
            code="rectification.duplicate",
            clause="S1-2.6",
            en=f"RectificationReported: {unit} already filed its report for bulletin {bulletin_id!r}",
        )


# -- the gates: one call decides an item event ------------------------------------------------


class ItemRecord(Protocol):
    """What the machine reads of an item to decide on its next event: the fold's record
    (a frozen :class:`~duban_core.items.Item` has the same fields, by the same names)."""

    @property
    def item_id(self) -> str: ...
    @property
    def state(self) -> State: ...
    @property
    def last_at(self) -> datetime: ...
    @property
    def lead_unit(self) -> str: ...
    @property
    def co_units(self) -> tuple[str, ...]: ...
    @property
    def drafted_on(self) -> date: ...
    @property
    def category(self) -> Category: ...
    @property
    def project(self) -> bool: ...
    @property
    def deadline(self) -> Any: ...  # rules.Deadline | None
    @property
    def pending_extension(self) -> Any: ...  # events.ExtensionRequested | None


#: A gate: ``gate(event, at, record) -> next state``, or the refusal raised (``at`` is
#: ``event.at``, which the caller reads anyway: an event's field costs a lookup each time).
Gate = Callable[[Any, datetime, ItemRecord], State]


# The content guards that need only the event, the item's record and the sender's party,
# asked by the event type's gate right after it admits the event. The guards that need
# more — a deadline the rule set computes, the calendar, another item (a parent's bound,
# open children) — are asked by the fold's handler once it has those values.


def _guard_assigned(event: Any, at: datetime, rec: ItemRecord, party: Party) -> None:
    check_received_on(rec.item_id, event.received_on, rec.drafted_on, _day(at))


def _guard_progress(event: Any, at: datetime, rec: ItemRecord, party: Party) -> None:
    if rec.project:  # an ordinary item's note has no figures to check
        check_progress(
            rec.item_id,
            party,
            project=True,
            percent_complete=event.percent_complete,
            investment_done=event.investment_done,
            work_done=event.work_done,
        )


def _guard_feedback(event: Any, at: datetime, rec: ItemRecord, party: Party) -> None:
    if rec.project:
        check_feedback(
            rec.item_id,
            event.signed_by,
            rec.lead_unit,
            True,
            event.percent_complete,
            event.investment_done,
            event.work_done,
            event.by,
        )
    else:  # an ordinary item's report has no figures to check: not read
        check_feedback(rec.item_id, event.signed_by, rec.lead_unit, False, None, None, None, event.by)


def _guard_returned(event: Any, at: datetime, rec: ItemRecord, party: Party) -> None:
    # ``_value_``: the member's own value, without Enum's ``value`` property (a Python call).
    check_return_kind(party, event.kind._value_, rec.state)


def _guard_extension_decided(event: Any, at: datetime, rec: ItemRecord, party: Party) -> None:
    request = rec.pending_extension
    check_extension_decision(rec.item_id, request is not None)
    if event.granted:
        check_extension_grant(rec.item_id, rec.deadline.due, request.new_due)


def _guard_evaluated(event: Any, at: datetime, rec: ItemRecord, party: Party) -> None:
    check_evaluation(rec.item_id, rec.category)


_GUARDS: dict[str, Callable[[Any, datetime, ItemRecord, Party], None]] = {
    "Assigned": _guard_assigned,
    "ProgressReported": _guard_progress,
    "FeedbackSubmitted": _guard_feedback,
    "Returned": _guard_returned,
    "ExtensionDecided": _guard_extension_decided,
    "Evaluated": _guard_evaluated,
}


def _gate(row: Transition) -> Gate:
    """The gate of ``row``'s event type: its order in time (:func:`check_order`,
    :func:`check_gap`), the transition (:data:`NEXT`), the sender (:data:`WHO`), then the
    event type's content guard on the event and the record, if it has one.

    One gate per event type, so the fold asks the machine once per event and the gate
    finds the type's transitions without building a key. It runs for every event of every
    item: the common cases are inlined, and each refusal is raised by the function that
    names it (``check_order``, ``next_state``, ``authorize``) with its details."""
    event_type = row.event
    steps = {state: dest for (event, state), dest in NEXT.items() if event == event_type}
    who = row.who
    guard = _GUARDS.get(event_type)

    def gate(event: Any, at: datetime, rec: ItemRecord) -> State:
        last_at = rec.last_at
        if at < last_at:
            check_order(event_type, rec.item_id, at, last_at)
        if at - last_at > MAX_GAP:
            check_gap(event_type, rec.item_id, at, last_at)
        state = rec.state
        dest = steps.get(state)
        if dest is None:
            dest = next_state(event_type, state)  # raises InvalidTransition with the details
        by = event.by
        role = by.role
        if role is _OFFICE_ROLE:
            party = _OFFICE
        elif role is _LEADER_ROLE:
            party = _LEADER
        elif by.unit == rec.lead_unit:
            party = _LEAD_UNIT
        else:
            party = party_of(by, rec.lead_unit, rec.co_units)
        if party not in who:
            authorize(event_type, by, rec.lead_unit, rec.co_units)  # raises Unauthorized
        if guard is not None:
            guard(event, at, rec, party)
        return dest

    gate.__qualname__ = gate.__name__ = f"gate_{event_type}"
    gate.__doc__ = f"Whether an item accepts a {event_type} event now (see :func:`_gate`)."
    return gate


#: ``GATES[event class](event, event.at, record)``: whether the item accepts an item event — the next
#: state, or the refusal raised. One per row of
#: :data:`TABLE`, built from :data:`NEXT` and :data:`WHO`, keyed by class (which the fold
#: looks up anyway). The ledger, :meth:`Ledger.check <duban_core.Ledger.check>` and the
#: strategies' streams (through the ledger) all ask these.
GATES: dict[type, Gate] = {EVENT_TYPES[row.event]: _gate(row) for row in TABLE}


def admit(event: ItemEvent, rec: ItemRecord) -> State:
    """Whether an item (its record ``rec``: state, previous event's time, units, …) accepts
    ``event`` from its sender: its order in time, the transition (:data:`NEXT`), the sender
    (:data:`WHO`) and the content guards that need only the event and the item. Returns the
    next state; raises the refusal otherwise. The fold asks the event type's gate
    (:data:`GATES`) directly."""
    gate = GATES.get(type(event))
    if gate is None:
        next_state(event.type, rec.state)  # not an item's transition: raises the refusal
        raise AssertionError("unreachable")  # pragma: no cover
    return gate(event, event.at, rec)


# -- what may happen next: the actions a form may offer -------------------------------------------


@dataclass(frozen=True, slots=True)
class Action:
    """One event an actor may send for an item now, with what a form needs to offer it.

    ``event`` is the event's ``type`` (``"Approved"``), ``label`` its Chinese name
    (审核办结), ``party`` what the actor is for the item, ``clause`` where the rule comes
    from. The limits are set where they matter and ``None``/empty otherwise:

    - ``last_day``: the last day the action may be taken (延期申请: the due day, S4-20(二));
    - ``earliest_due``: the earliest day the form may propose (延期申请: the day after the
      due day; 期限调整: the deadline's start);
    - ``requested_due``: the day a pending extension request asks for (延期审批);
    - ``return_kinds``: the ``ReturnKind`` values this actor may use (退回重办; a leader only
      ``LEADER_FOLLOW_UP``, S0-3.5);
    - ``signer_unit``: the unit whose head (主要负责人) must sign the report (结果反馈, S0-3.4);
    - ``figures_required``: the report must state ``percent_complete``, ``investment_done``
      and ``work_done`` (a project item's feedback, and its lead unit's progress reports,
      S1-2.4);
    - ``leader_rank``: the rank the deciding leader must have (延期审批 of a 主要领导's own
      批示交办 where the rule set says so: 主要领导, S4-20(三)); ``None``: any leader.
    """

    event: str
    label: str
    party: Party
    clause: str
    last_day: date | None = None
    earliest_due: date | None = None
    requested_due: date | None = None
    return_kinds: tuple[str, ...] = ()
    signer_unit: str | None = None
    figures_required: bool = False
    leader_rank: LeaderRank | None = None


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What the machine needs to know about an item to say which actions it accepts: the
    fold's record (or a model of it) as plain values. ``due``/``start`` are the current
    deadline's (``None`` before 交办); ``pending_since``/``pending_due`` the day of a pending
    extension request and the day it asks for."""

    item_id: str
    state: State
    lead_unit: str
    co_units: tuple[str, ...]
    category: Category
    urgent: bool
    project: bool
    stipulated_due: date | None
    drafted_on: date
    due: date | None
    start: date | None
    pending_since: date | None
    pending_due: date | None
    open_children: int
    #: The parent's id and the day it must finish by (S4-17), for a decomposed item.
    parent_id: str | None = None
    parent_due: date | None = None
    #: The rank of the leader whose 批示 the item carries out (``Drafted.instructed_by``).
    instructed_rank: LeaderRank | None = None


def _passes(guard: Callable[..., None], *args: Any) -> bool:
    try:
        guard(*args)
    except DubanError:
        return False
    return True


def _offer(
    row: Transition, facts: ItemFacts, party: Party, day: date, rules: RuleSet, actor: Actor | None
) -> Action:
    """The action ``row`` for ``party`` (``actor``, when known) on ``day``, after running the
    event's content guards with the content most likely to pass (so that a refusal here
    means every content is refused); raises the guard's refusal otherwise."""
    event, item_id = row.event, facts.item_id
    base = Action(event, row.label, party, row.clause)
    calendar = rules.calendar
    if event == "Assigned":
        # The earliest receipt day gives the earliest due day: if it fails, every one does.
        check_received_on(item_id, facts.drafted_on, facts.drafted_on, day)
        assigned_due = rules.deadline(
            facts.category, facts.drafted_on, urgent=facts.urgent, stipulated=facts.stipulated_due
        ).due
        if facts.parent_id is not None:
            check_within_parent(item_id, assigned_due, facts.parent_due, facts.parent_id, "办理期限")
        # A stipulated due day does not move with the receipt day; the ceiling does, and is
        # widest for the latest receipt day, the event's own.
        check_proposal_stipulated(item_id, facts.category, facts.stipulated_due, rules, day)
        return base
    if event == "Returned":
        kinds = return_kinds(party, facts.state)
        if not kinds:
            check_return_kind(party, "LEADER_FOLLOW_UP", facts.state)  # raises the refusal
        rules.rework_deadline(facts.category, day, urgent=facts.urgent)
        return replace(base, return_kinds=kinds)
    if event == "FeedbackSubmitted":
        head = Actor(name="主要负责人", role=Role.UNIT_HEAD, unit=facts.lead_unit)
        check_feedback(item_id, head, facts.lead_unit, facts.project, 100.0, 0, "已完成")
        return replace(base, signer_unit=facts.lead_unit, figures_required=facts.project)
    if event == "Approved":
        check_closing(item_id, facts.open_children)
        return base
    if event == "ExtensionRequested":
        due = facts.due
        assert due is not None  # every state that accepts it has a deadline
        # The earliest later day: if it lies beyond the calendar, so does every later one.
        earliest = due + timedelta(days=1)
        check_extension_request(item_id, day, due, earliest, facts.pending_since, calendar)
        if facts.parent_id is not None:
            check_within_parent(item_id, earliest, facts.parent_due, facts.parent_id, "申请延期至")
        return replace(base, last_day=due, earliest_due=earliest)
    if event == "ExtensionDecided":
        check_extension_decision(item_id, facts.pending_since is not None)
        rank = extension_decider_rank(rules, facts.instructed_rank)
        if actor is not None:
            check_extension_decider(item_id, actor, rank)
        return replace(base, requested_due=facts.pending_due, leader_rank=rank)
    if event == "DeadlineRevised":
        assert facts.due is not None
        assert facts.start is not None
        check_revision(item_id, facts.due, facts.start, calendar)
        return replace(base, earliest_due=facts.start)
    if event == "Evaluated":
        check_evaluation(item_id, facts.category)
        return base
    if event == "ProgressReported":
        # The lead unit's report on a project item states its figures (S1-2.4).
        return replace(base, figures_required=facts.project and party is Party.LEAD_UNIT)
    return base  # no rule on the content: Registered, Acknowledged, Urged, ReportedToLeader, …


def possible(
    facts: ItemFacts, party: Party | None, day: date, rules: RuleSet, actor: Actor | None = None
) -> tuple[Action, ...]:
    """The actions an item with ``facts`` accepts on ``day`` (a day not before its previous
    event's) from ``party`` (``None``: from anyone who may send them), in table order.
    ``actor``, when given, is the sender (``party`` is what it is for the item): rules
    that look at the person, not only the party, are asked too (the rank of the leader
    deciding an extension, S4-20(三)); without it an action lists such limits
    (``Action.leader_rank``).

    Exact: a listed action is accepted for some content, an unlisted one is refused
    whatever its content. It runs the same guards as the fold, with the content most
    likely to pass; the property tests check it against the fold.
    """
    out = []
    state = facts.state
    for row in TABLE:
        if (row.event, state) not in NEXT:
            continue
        for who in sorted(row.who) if party is None else (party,):
            if who not in row.who:
                continue
            try:
                out.append(_offer(row, facts, who, day, rules, actor))
            except DubanError:
                continue
            break
    return tuple(out)


def mermaid() -> str:
    """The state diagram as Mermaid ``stateDiagram-v2`` text, drawn from :data:`GRAPH`."""
    lines = ["stateDiagram-v2", f"    [*] --> {State.DRAFTED.value}: Drafted 拟办"]
    for state in State:
        lines.append(f"    {state.value}: {state.value} {state.label}")
    for trigger, event in GRAPH.events.items():
        for source, transitions in event.transitions.items():
            for transition in transitions:
                dest = transition.dest or source
                lines.append(f"    {source} --> {dest}: {trigger}")
    for state in sorted(TERMINAL_STATES):
        lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines) + "\n"
