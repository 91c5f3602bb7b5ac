"""The lifecycle of an item: states, transitions and who may send what.

**Everything that decides whether an event may change an item's state lives in this file**:
the table :data:`TABLE` (event → source states → destination, and the parties who may send
it) and the one rule that depends on an event's content (a leader may only send a report
back for 领导批示再督查). The table is given once to ``transitions``, whose
:data:`GRAPH` is the single source of truth: the fold reads the compiled lookup
:data:`NEXT` built from that graph, and the docs draw the diagram from it
(:func:`mermaid`). No ``transitions.Machine`` is built per item.

The procedure is the seeds': 拟办 → 立项 → 交办 → 签收/承办 → 催办 → 反馈 → 审核 → 办结 → 归档
(S0-3, S2-1.6, S4-7), with 退回重办 (S0-3.4, S0-3.5, S4-7) and 延期 (S0-4.6, S4-20(二)).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from transitions import Machine

from .actors import Actor, Role
from .errors import InvalidTransition, StaleVersion, Unauthorized

__all__ = [
    "CLOCK_STATES",
    "CREATION",
    "DONE_STATES",
    "GRAPH",
    "NEXT",
    "OPEN_STATES",
    "TABLE",
    "TERMINAL_STATES",
    "WHO",
    "Party",
    "State",
    "Transition",
    "allowed_events",
    "authorize",
    "check_return_kind",
    "check_version",
    "mermaid",
    "next_state",
    "party_of",
]


class State(str, Enum):
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

    @property
    def label(self) -> str:
        """The state's name in Chinese."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.DRAFTED: "拟办",
    State.REGISTERED: "已立项",
    State.ASSIGNED: "已交办",
    State.IN_PROGRESS: "办理中",
    State.REPORTED: "已反馈待审核",
    State.RETURNED: "退回重办",
    State.CLOSED: "已办结",
    State.ARCHIVED: "已归档",
    State.CANCELLED: "已撤销",
}


class Party(str, Enum):
    """Who an actor is *for a given item*: the role, or the unit's relation to the item."""

    OFFICE = "OFFICE"
    LEADER = "LEADER"
    LEAD_UNIT = "LEAD_UNIT"  # UNIT_HEAD or UNIT_STAFF of the item's lead unit (主办单位)
    CO_UNIT = "CO_UNIT"  # UNIT_HEAD or UNIT_STAFF of a co-unit (协办单位)
    OTHER_UNIT = "OTHER_UNIT"

    @property
    def label(self) -> str:
        """The party's name in Chinese."""
        return _PARTY_LABELS[self]


_PARTY_LABELS = {
    Party.OFFICE: "督查室",
    Party.LEADER: "领导",
    Party.LEAD_UNIT: "主办单位",
    Party.CO_UNIT: "协办单位",
    Party.OTHER_UNIT: "无关单位",
}

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
        [S.REPORTED],
        S.RETURNED,
        [P.OFFICE, P.LEADER],
        "S0-3.4 退回重新办理; S0-3.5 追踪督办; S4-7(三) 补办或重新办理",
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

_ROWS = {row.event: row for row in (CREATION, *TABLE)}
#: ``WHO[event type]``: the parties that may send it (the table's ``who`` column).
WHO: dict[str, frozenset[Party]] = {event: row.who for event, row in _ROWS.items()}

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
    """The event types an item in ``state`` accepts, in table order."""
    return [row.event for row in TABLE if (row.event, state) in NEXT]


def next_state(event_type: str, state: State) -> State:
    """The state after ``event_type`` in ``state``, or :class:`InvalidTransition`."""
    dest = NEXT.get((event_type, state))
    if dest is None:
        allowed = allowed_events(state)
        row = _ROWS.get(event_type)
        where = "、".join(s.value for s in row.sources) if row else "—"
        raise InvalidTransition(
            f"{event_type} is not allowed while the item is {state.value}（{state.label}）; "
            f"it is allowed in: {where}; this state accepts: {', '.join(allowed) or 'nothing'}",
            clause=row.clause if row else None,
        )
    return dest


def party_of(actor: Actor, lead_unit: str, co_units: tuple[str, ...]) -> Party:
    """What ``actor`` is for an item led by ``lead_unit`` with ``co_units``."""
    role = actor.role
    if role is Role.OFFICE:
        return Party.OFFICE
    if role is Role.LEADER:
        return Party.LEADER
    if actor.unit == lead_unit:
        return Party.LEAD_UNIT
    if actor.unit in co_units:
        return Party.CO_UNIT
    return Party.OTHER_UNIT


def authorize(event_type: str, actor: Actor, lead_unit: str, co_units: tuple[str, ...]) -> Party:
    """The actor's party if it may send ``event_type`` for this item, else :class:`Unauthorized`."""
    party = party_of(actor, lead_unit, co_units)
    row = _ROWS[event_type]
    if party not in row.who:
        raise Unauthorized(
            f"{actor.describe()}（{party.label}）may not send {event_type}; "
            f"only {'、'.join(p.label for p in sorted(row.who))} may",
            clause=row.clause,
        )
    return party


def check_return_kind(party: Party, kind: str) -> None:
    """A leader sends a report back only as 领导批示再督查 (S0-3.5); the office any kind."""
    if party is Party.LEADER and kind != "LEADER_FOLLOW_UP":
        raise Unauthorized(
            f"a leader may only return a report as LEADER_FOLLOW_UP（领导批示再督查）, not {kind}",
            clause="S0-3.5",
        )


_STREAM_NOUNS = {"item": "事项", "bulletin": "通报", "inspection": "督查活动"}


def check_version(stream: str, event_type: str, expected: int | None, current: int) -> None:
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
