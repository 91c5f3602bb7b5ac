"""The lifecycle of an item: states, transitions and who may send what.

**Everything that decides whether an event may change an item's state lives in this file**:
the table :data:`TABLE` (event → source states → destination, and the parties who may send
it) and the rules that depend on an event's content (how a report may go back, a project
report's figures, a proposal's ceiling, a decomposed task's bound, who issues a
government-level bulletin). The table is given once to ``transitions``, whose
:data:`GRAPH` is the single source of truth: the fold reads the compiled lookup
:data:`NEXT` built from that graph, and the docs draw the diagram from it
(:func:`mermaid`). No ``transitions.Machine`` is built per item.

The procedure is the seeds': 拟办 → 立项 → 交办 → 签收/承办 → 催办 → 反馈 → 审核 → 办结 → 归档
(S0-3, S2-1.6, S4-7), with 退回重办 (S0-3.4, S0-3.5, S4-7) and 延期 (S0-4.6, S4-20(二)).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from transitions import Machine

from .actors import Actor, Role
from .errors import InvalidTransition, RuleViolation, Unauthorized

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
    "check_bulletin_issuer",
    "check_project_figures",
    "check_return_kind",
    "check_stipulated_ceiling",
    "check_within_parent",
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


def check_return_kind(party: Party, kind: str, state: State = State.REPORTED) -> None:
    """How a report may go back (S0-3.4, S0-3.5, S4-7(三)).

    While it awaits review (REPORTED) the office sends it back for any kind, a leader only
    for 领导批示再督查. Once approved (CLOSED, not yet archived) only a leader's 批示 reopens
    it, as 领导批示再督查 (S0-3.5): 补办 and 重新办理 belong to the review itself.
    """
    if state is State.CLOSED and (party is not Party.LEADER or kind != "LEADER_FOLLOW_UP"):
        raise Unauthorized(
            "已审核办结的事项，只能因领导同志对办理报告的批示重新督查（领导批示再督查），须由作出批示的领导发出；"
            f"不能以{_RETURN_LABELS.get(kind, kind)}退回",
            code="return.closed_needs_leader",
            clause="S0-3.5",
            en=f"a closed item reopens only by a leader's instruction (LEADER_FOLLOW_UP), not {kind} by {party.value}",
        )
    if party is Party.LEADER and kind != "LEADER_FOLLOW_UP":
        raise Unauthorized(
            f"领导退回办理报告只能是领导批示再督查，不能是{_RETURN_LABELS.get(kind, kind)}；补办、重新办理由督查室审查后发出",
            code="return.leader_kind",
            clause="S0-3.5",
            en=f"a leader may only return a report as LEADER_FOLLOW_UP（领导批示再督查）, not {kind}",
        )


_RETURN_LABELS = {"SUPPLEMENT": "补办", "REDO": "重新办理", "LEADER_FOLLOW_UP": "领导批示再督查"}


def check_project_figures(
    event_type: str,
    party: Party,
    percent_complete: float | None,
    investment_done: object | None,
    work_done: str | None,
) -> None:
    """A project item's report states 已完成投资额、工程量 and 完成任务的百分比 (S1-2.4).

    Call it for project items only. Feedback always; a progress report when the lead unit
    files it (it files the item's combined report, S4-20(一)). A co-unit's progress note on
    its own share stays as easy to file as on any item.
    """
    if event_type == "ProgressReported" and party is not Party.LEAD_UNIT:
        return
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
        what = "结果反馈" if event_type == "FeedbackSubmitted" else "进展报告"
        raise RuleViolation(
            f"项目类事项的{what}须说明已完成投资额和工程量，并说明完成任务的百分比；缺少：{'、'.join(missing)}",
            code="report.project_figures",
            clause="S1-2.4",
            en=f"a project item's {event_type} must state investment_done, work_done and percent_complete",
        )


def check_stipulated_ceiling(stipulated: date | None, ceiling: date | None, received: date) -> None:
    """A deputy's suggestion or a member's proposal is answered within three months, six at
    most (S0-4.5, national practice): a stipulated date after ``ceiling`` (six months from
    ``received``, per the rule set) is refused."""
    if stipulated is not None and ceiling is not None and stipulated > ceiling:
        raise RuleViolation(
            f"人大代表建议、政协委员提案的办理时限最长不超过交办之日起六个月（按规则集为{ceiling.isoformat()}前）；"
            f"规定的期限{stipulated.isoformat()}超过了上限，请改为{ceiling.isoformat()}或之前（收到日期{received.isoformat()}）",
            code="deadline.proposal_ceiling",
            clause="S0-4.5",
            en=f"stipulated_due {stipulated.isoformat()} is after the ceiling {ceiling.isoformat()} "
            f"for a deputy's suggestion received {received.isoformat()}",
        )


def check_within_parent(child_due: date, parent_due: date | None, parent_id: str, what: str) -> None:
    """A decomposed task's deadline may not fall after its parent's (S4-17 分解立项: the
    parts carry the whole's 办理时限). ``what`` names the child's date in the message."""
    if parent_due is not None and child_due > parent_due:
        raise RuleViolation(
            f"分解立项的子事项{what}{child_due.isoformat()}晚于上级事项{parent_id}的办理期限{parent_due.isoformat()}；"
            "子事项须在上级事项期限内办结，请调整期限或先为上级事项办理延期",
            code="decomposition.after_parent",
            clause="S4-17",
            en=f"a decomposed item's {what} {child_due.isoformat()} is after its parent "
            f"{parent_id!r}'s due day {parent_due.isoformat()}",
        )


def check_bulletin_issuer(role: Role, level: str) -> None:
    """Criticism 以政府名义 is the government's act (S1-2.6 情节严重的以政府名义进行通报批评):
    a government-level bulletin needs a leader; the office issues office-level ones."""
    if level == "GOVERNMENT" and role is not Role.LEADER:
        raise Unauthorized(
            "以政府名义的通报须经政府领导签发，督查室不能单独以政府名义通报；请由领导发出，或改为办公室（督查室）通报",
            code="bulletin.government_needs_leader",
            clause="S1-2.6",
            en="a government-level bulletin must be issued by a leader, not the office alone",
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
