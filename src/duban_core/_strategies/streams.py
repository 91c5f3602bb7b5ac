"""Streams a ledger accepts, built by construction from the machine's own answers, and
the refusals a ledger must give (one step at a time, for stateful tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from duban_core import machine
from duban_core._strategies.events import _EVENT_FIELDS, _SURELY_MALFORMED, _money, _percents, events
from duban_core._strategies.values import _BOOLS, _PEOPLE, UNITS, _text, aware_datetimes, timezones, units
from duban_core.actors import Actor, LeaderRank, Role
from duban_core.categories import Category
from duban_core.clock import CST, cst_day
from duban_core.errors import DubanError, InvalidTransition, RuleViolation, Unauthorized
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Cancelled,
    DeadlineRevised,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    InspectionPlanned,
    ItemEvent,
    Outcome,
    ProgressReported,
    RectificationReported,
    Registered,
    ReportedToLeader,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
)
from duban_core.ledger import Ledger
from duban_core.machine import State
from duban_core.rules import (
    Months,
    Stipulated,
)
from duban_core.ruleset import RuleSet

# -- streams a ledger accepts -------------------------------------------------------------------

_CLOCK = machine.CLOCK_STATES
_EPOCH_LO = date(2000, 1, 3)
_EPOCH_HI = date(2090, 12, 31)  # leaves years of room for long streams and their deadlines


@dataclass
class _ItemModel:
    item_id: str
    category: Category
    lead_unit: str
    co_units: tuple[str, ...]
    urgent: bool
    project: bool
    stipulated_due: date | None
    parent_id: str | None
    drafted_on: date
    state: State = State.DRAFTED
    last_at: datetime | None = None
    due: date | None = None
    start: date | None = None
    pending: date | None = None
    pending_since: date | None = None
    open_children: int = 0
    #: The latest time one of its children closed: its own approval comes no earlier (S4-17).
    children_closed_at: datetime | None = None
    returns: int = 0
    #: Drafted by input the stream did not draw: never moved along by the stream.
    foreign: bool = False
    #: When it was drafted: bulletins and inspections naming it come no earlier (S0-3.6, S4-16).
    drafted_at: datetime | None = None
    #: The rank of the leader whose 批示 it carries out (``Drafted.instructed_by``, S4-20(三)).
    instructed_rank: LeaderRank | None = None


@dataclass
class _BulletinModel:
    bulletin_id: str
    kind: BulletinKind
    units: tuple[str, ...]
    last_at: datetime
    rectified: set[str] = field(default_factory=set)


@dataclass
class StreamState:
    """What a ledger that has accepted the events so far will accept next.

    Feed every accepted event to :meth:`accept`; draw the next one with
    :func:`next_events`. ``rules`` must be the ledger's rule set.
    """

    rules: RuleSet
    items: dict[str, _ItemModel] = field(default_factory=dict)
    bulletins: dict[str, _BulletinModel] = field(default_factory=dict)
    counter: int = 0
    #: Item and bulletin ids in use (the stream never draws them again).
    taken: set[str] = field(default_factory=set)
    #: A time at which the stream started; new items and bulletins start near it.
    origin: datetime | None = None

    def open_items(self) -> list[_ItemModel]:
        return [m for m in self.items.values() if m.state in machine.OPEN_STATES]

    def accept(self, event: Event, *, foreign: bool = False) -> None:
        """Record an event the ledger accepted; ``foreign`` marks one the stream did not
        draw (an item it drafts is then left alone by the stream)."""
        if isinstance(event, BulletinIssued):
            self.taken.add(event.bulletin_id)
            self.bulletins[event.bulletin_id] = _BulletinModel(
                event.bulletin_id, event.kind, event.units, event.at
            )
            return
        if isinstance(event, InspectionPlanned):
            self.taken.add(event.inspection_id)
            return
        if isinstance(event, RectificationReported):
            b = self.bulletins[event.bulletin_id]
            b.rectified.add(event.unit)
            b.last_at = event.at
            return
        if isinstance(event, Drafted):
            m = _ItemModel(
                event.item_id,
                event.category,
                event.lead_unit,
                event.co_units,
                event.urgent,
                event.project,
                event.stipulated_due,
                event.parent_id,
                cst_day(event.at),
                last_at=event.at,
                foreign=foreign,
                drafted_at=event.at,
                instructed_rank=None if event.instructed_by is None else event.instructed_by.rank,
            )
            self.items[event.item_id] = m
            self.taken.add(event.item_id)
            if event.parent_id is not None:
                self.items[event.parent_id].open_children += 1
            return
        m = self.items[event.item_id]
        before = m.state
        m.state = machine.NEXT[(event.type, m.state)]
        m.last_at = event.at
        day = cst_day(event.at)
        if isinstance(event, Assigned):
            m.due = self.rules.deadline(
                m.category, event.received_on, urgent=m.urgent, stipulated=m.stipulated_due
            ).due
            m.start = event.received_on
        elif isinstance(event, Returned):
            m.due = self.rules.rework_deadline(
                m.category, day, urgent=m.urgent, kind=event.kind.value, in_force=m.due
            ).due
            m.start = day
            m.pending = m.pending_since = None
            m.returns += 1
        elif isinstance(event, ExtensionRequested):
            m.pending, m.pending_since = event.new_due, day
        elif isinstance(event, ExtensionDecided):
            if event.granted:
                assert m.pending is not None
                assert m.pending_since is not None
                m.due = m.pending
                m.start = machine.extension_start(m.pending_since)
            m.pending = m.pending_since = None
        elif isinstance(event, DeadlineRevised):
            m.due = event.due
        elif isinstance(event, (FeedbackSubmitted, Cancelled)):
            m.pending = m.pending_since = None
        if m.parent_id is not None and before in machine.OPEN_STATES and m.state not in machine.OPEN_STATES:
            parent = self.items[m.parent_id]
            parent.open_children -= 1
            if parent.children_closed_at is None or event.at > parent.children_closed_at:
                parent.children_closed_at = event.at
        elif m.parent_id is not None and m.state in machine.OPEN_STATES and before not in machine.OPEN_STATES:
            self.items[m.parent_id].open_children += 1  # reopened by a leader's 批示 (S0-3.5)

    def bound(self, m: _ItemModel) -> date | None:
        """The day a decomposed item must finish by: its parent's deadline in force, or the
        parent's stipulated date before it has one (S4-17); ``None`` for other items."""
        if m.parent_id is None:
            return None
        parent = self.items[m.parent_id]
        return parent.due if parent.due is not None else parent.stipulated_due

    def new_id(self, prefix: str) -> str:
        """A fresh item or bulletin id."""
        while True:
            self.counter += 1
            candidate = f"{prefix}-{self.counter:03d}"
            if candidate not in self.taken:
                return candidate


_STEPS = st.one_of(
    st.just(0),
    st.integers(1, 3600),  # within the hour
    st.integers(3600, 5 * 86400),  # within days
    st.integers(5 * 86400, 40 * 86400),  # weeks later
)
_MICROS = st.integers(0, 999_999)


def _later(draw: st.DrawFn, after: datetime, limit: datetime | None = None) -> datetime:
    """A time at or after ``after`` (within ``limit``), in a drawn zone."""
    step = draw(_STEPS)
    # Arithmetic in UTC: adding to a time in a zone with daylight saving time adds wall-clock
    # time, which can land on an earlier instant across a fall-back transition.
    start = after.astimezone(timezone.utc)
    at = start + timedelta(seconds=step, microseconds=draw(_MICROS) if step else 0)
    if limit is not None and at > limit:
        at = max(limit.astimezone(timezone.utc), start)
    return at.astimezone(draw(timezones()))


def _end_of_cst_day(d: date) -> datetime:
    return datetime.combine(d, time(23, 59, 59, 999_999), tzinfo=CST)


def _needs_stipulated(rules: RuleSet, category: Category) -> bool:
    cat = rules.categories[category]
    return isinstance(cat.deadline, Stipulated) and cat.default_due is None


def _unit_actor(draw: st.DrawFn, unit: str, head: bool | None = None) -> Actor:
    role = draw(st.sampled_from((Role.UNIT_HEAD, Role.UNIT_STAFF))) if head is None else Role.UNIT_HEAD
    return Actor(name=draw(st.sampled_from(_PEOPLE)), role=role, unit=unit)


def _office(draw: st.DrawFn) -> Actor:
    return Actor(name=draw(st.sampled_from(_PEOPLE)), role=Role.OFFICE)


def _leader(draw: st.DrawFn, rank: LeaderRank | None = None) -> Actor:
    """A leader; of ``rank`` when given, else of any rank or none."""
    if rank is None:
        rank = draw(st.none() | st.sampled_from(tuple(LeaderRank)))
    return Actor(name=draw(st.sampled_from(_PEOPLE)), role=Role.LEADER, rank=rank)


def _instructing_leader(draw: st.DrawFn) -> Actor | None:
    """Who instructed a drafted item: nobody recorded, or a leader with a rank (the ledger
    refuses a rank-less one, S4-20(三))."""
    rank = draw(st.none() | st.sampled_from(tuple(LeaderRank)))
    return None if rank is None else _leader(draw, rank)


def _actor_for(draw: st.DrawFn, parties: frozenset[machine.Party], m: _ItemModel) -> Actor:
    party = draw(st.sampled_from(sorted(parties)))
    if party is machine.Party.OFFICE:
        return _office(draw)
    if party is machine.Party.LEADER:
        return _leader(draw)
    if party is machine.Party.CO_UNIT and m.co_units:
        return _unit_actor(draw, draw(st.sampled_from(m.co_units)))
    return _unit_actor(draw, m.lead_unit)


def _draft(draw: st.DrawFn, s: StreamState, *, decomposition: bool, item_id: str | None = None) -> Drafted:
    parents = [m for m in s.open_items() if not m.foreign] if decomposition else []
    parent = draw(st.none() | st.sampled_from(parents)) if parents else None
    if parent is not None:
        assert parent.last_at is not None
        at = _later(draw, parent.last_at)
    else:
        at = _later(draw, _origin(draw, s))
    day = cst_day(at)
    category = draw(st.sampled_from(tuple(Category)))
    lead = draw(units())
    co = draw(st.lists(st.sampled_from([u for u in UNITS if u != lead]), unique=True, max_size=2))
    stipulated = None
    if _needs_stipulated(s.rules, category) or draw(st.integers(0, 4)) == 0:
        stipulated = day + timedelta(days=draw(st.integers(0, 120)))
        ceiling = s.rules.proposal_max_months
        rule = s.rules.categories[Category.DEPUTY_PROPOSAL].deadline
        if ceiling is not None and isinstance(rule, Months):
            ceiling = max(ceiling, rule.months)  # as the ledger counts it
        if category is Category.DEPUTY_PROPOSAL and ceiling is not None:
            # Received on or after the drafting day: within six months of it is within six
            # months of receipt (S0-4.5).
            stipulated = min(stipulated, Months(ceiling).due(day, s.rules.calendar).due)
    if parent is not None:
        bound = parent.due if parent.due is not None else parent.stipulated_due
        if stipulated is not None and bound is not None and stipulated > bound:
            if bound >= day:
                stipulated = bound  # a split task ends within its parent's deadline (S4-17)
            else:
                parent = None  # the parent is overdue: draft an independent item instead
    return Drafted(
        item_id=item_id or s.new_id("DB"),
        at=at,
        by=_office(draw),
        title=draw(_text()),
        category=category,
        lead_unit=lead,
        co_units=tuple(co),
        urgent=draw(st.integers(0, 5)) == 0,
        stipulated_due=stipulated,
        parent_id=parent.item_id if parent is not None else None,
        project=draw(st.integers(0, 3)) == 0,
        source=draw(st.none() | _text()),
        instructed_by=_instructing_leader(draw),
    )


def _possible(s: StreamState, m: _ItemModel) -> list[str]:
    """The event types ``m`` accepts now, as the machine decides them (the same guards the
    ledger runs: :func:`duban_core.machine.possible`)."""
    assert m.last_at is not None
    if m.foreign:
        return []
    facts = machine.ItemFacts(
        item_id=m.item_id,
        state=m.state,
        lead_unit=m.lead_unit,
        co_units=m.co_units,
        category=m.category,
        urgent=m.urgent,
        project=m.project,
        stipulated_due=m.stipulated_due,
        drafted_on=m.drafted_on,
        due=m.due,
        start=m.start,
        pending_since=m.pending_since,
        pending_due=m.pending,
        open_children=m.open_children,
        parent_id=m.parent_id,
        parent_due=s.bound(m),
        instructed_rank=m.instructed_rank,
    )
    return [action.event for action in machine.possible(facts, None, cst_day(m.last_at), s.rules)]


def _item_event(draw: st.DrawFn, s: StreamState, m: _ItemModel, etype: str) -> Event:
    assert m.last_at is not None
    limit = _end_of_cst_day(m.due) if etype == "ExtensionRequested" and m.due else None
    after = m.last_at
    if etype == "Approved" and m.children_closed_at is not None and m.children_closed_at > after:
        after = m.children_closed_at  # a parent closes after its children, in time too (S4-17)
    at = _later(draw, after, limit)
    by = _actor_for(draw, machine.WHO[etype], m)
    base: dict[str, Any] = {"item_id": m.item_id, "at": at, "by": by}
    day = cst_day(at)
    if etype == "Registered":
        return Registered(**base)
    if etype == "Assigned":
        latest = min(day, m.stipulated_due) if m.stipulated_due else day
        received = m.drafted_on + timedelta(days=draw(st.integers(0, max(0, (latest - m.drafted_on).days))))
        if m.parent_id is not None:
            received = m.drafted_on  # the earliest, so the deadline fits the parent's (S4-17)
        return Assigned(**base, received_on=min(received, latest))
    if etype == "Acknowledged":
        return Acknowledged(**base, handler=draw(st.sampled_from(_PEOPLE)))
    if etype == "Urged":
        return Urged(**base, method=draw(st.sampled_from(("电话催办", "督办通知书", "现场督办"))))
    if etype in ("ProgressReported", "FeedbackSubmitted"):
        figures = m.project or draw(_BOOLS)
        fields: dict[str, Any] = {
            "summary": draw(_text()),
            "percent_complete": draw(_percents) if figures else None,
            "investment_done": draw(_money) if figures else None,
            # 已完成投资额、工程量 and the percentage on a project item (S1-2.4).
            "work_done": draw(_text()) if m.project else draw(st.none() | _text()),
        }
        if etype == "ProgressReported":
            return ProgressReported(**base, **fields)
        signer = _unit_actor(draw, m.lead_unit, head=True)
        if by.role is Role.UNIT_STAFF and signer.name == by.name:  # a clerk never signs as the head
            signer = Actor(
                name=next(p for p in _PEOPLE if p != by.name), role=Role.UNIT_HEAD, unit=m.lead_unit
            )
        return FeedbackSubmitted(**base, **fields, signed_by=signer)
    if etype == "Approved":
        return Approved(**base)
    if etype == "Returned":
        if m.state is State.CLOSED:  # only a leader's 批示 reopens an approved item (S0-3.5)
            base["by"] = by = _leader(draw)
        party = machine.party_of(by, m.lead_unit, m.co_units)
        kinds = [ReturnKind(kind) for kind in machine.return_kinds(party, m.state)]
        return Returned(**base, kind=draw(st.sampled_from(kinds)), reason=draw(_text()))
    if etype == "ReportedToLeader":
        return ReportedToLeader(
            **base,
            summary=draw(_text()),
            leader=draw(st.none() | st.sampled_from(_PEOPLE)),
            special_report=draw(_BOOLS),
        )
    if etype == "ExtensionRequested":
        assert m.due is not None
        new_due = m.due + timedelta(days=draw(st.integers(1, 60)))
        bound = s.bound(m)
        if bound is not None:
            new_due = min(new_due, bound)  # within the parent's deadline (S4-17)
        return ExtensionRequested(**base, new_due=new_due, reason=draw(_text()))
    if etype == "ExtensionDecided":
        # Granting never shortens the deadline (S0-4.6): the machine's own guard says whether
        # the pending request may still be granted (a revision may have moved the deadline to
        # or past the requested day; then the only decision is a refusal).
        rank = machine.extension_decider_rank(s.rules, m.instructed_rank)
        if rank is not None:  # a 主要领导's own 批示交办: the 主要领导 decides (S4-20(三))
            base["by"] = _leader(draw, rank)
        return ExtensionDecided(**base, granted=_grantable(m) and draw(_BOOLS))
    if etype == "DeadlineRevised":
        assert m.start is not None
        due = m.start + timedelta(days=draw(st.integers(0, 60)))
        return DeadlineRevised(**base, due=due, reason=draw(_text()))
    if etype == "Evaluated":
        return Evaluated(
            **base,
            satisfaction=draw(st.sampled_from(tuple(Satisfaction))),
            outcome=draw(st.sampled_from(tuple(Outcome))),
        )
    if etype == "Archived":
        return Archived(**base)
    assert etype == "Cancelled", etype
    return Cancelled(**base, reason=draw(_text()))


def _grantable(m: _ItemModel) -> bool:
    """Whether the ledger would accept granting ``m``'s pending extension: asked of
    :func:`duban_core.machine.check_extension_grant`, the guard the ledger runs."""
    if m.pending is None or m.due is None:
        return False
    try:
        machine.check_extension_grant(m.item_id, m.due, m.pending)
    except DubanError:
        return False
    return True


def _origin(draw: st.DrawFn, s: StreamState) -> datetime:
    """The time the stream started (drawn the first time it is needed): new items and
    bulletins start soon after it. Input the stream did not draw never sets it."""
    if s.origin is None:
        s.origin = draw(_ORIGINS)
    return s.origin


_ORIGINS = aware_datetimes(_EPOCH_LO, _EPOCH_HI)


def _after_drafting(draw: st.DrawFn, s: StreamState, item_ids: tuple[str, ...]) -> datetime:
    """A time after the stream's origin and after every named item was drafted."""
    times = [_origin(draw, s), *(s.items[i].drafted_at or _origin(draw, s) for i in item_ids)]
    return _later(draw, max(t.astimezone(timezone.utc) for t in times))


def _bulletin(draw: st.DrawFn, s: StreamState) -> BulletinIssued:
    known = sorted(s.items)
    item_ids = tuple(draw(st.lists(st.sampled_from(known), unique=True, max_size=2))) if known else ()
    level = draw(st.sampled_from(tuple(BulletinLevel)))
    # 以政府名义 is the government's act: a leader issues it (S1-2.6).
    office = level is BulletinLevel.OFFICE and draw(_BOOLS)
    return BulletinIssued(
        bulletin_id=s.new_id("TB"),
        at=_after_drafting(draw, s, item_ids),
        by=_office(draw) if office else _leader(draw),
        kind=draw(st.sampled_from(tuple(BulletinKind))),
        level=level,
        units=tuple(draw(st.lists(units(), unique=True, min_size=1, max_size=3))),
        item_ids=item_ids,
        reason=draw(_text()),
    )


def _inspection(draw: st.DrawFn, s: StreamState) -> InspectionPlanned:
    known = sorted(s.items)
    item_ids = tuple(draw(st.lists(st.sampled_from(known), unique=True, max_size=2))) if known else ()
    at = _after_drafting(draw, s, item_ids)
    start = cst_day(at) + timedelta(days=draw(st.integers(0, 30)))
    chosen = draw(st.lists(units(), unique=True, min_size=1, max_size=3))
    return InspectionPlanned(
        inspection_id=s.new_id("JC"),
        at=at,
        by=_office(draw) if draw(_BOOLS) else _leader(draw),
        organiser=draw(st.sampled_from(("区政府督查室", *UNITS))),
        topic=draw(_text()),
        units=tuple(chosen),
        start=start,
        end=start + timedelta(days=draw(st.integers(0, 14))),
        item_ids=item_ids,
    )


def _rectifiable(s: StreamState) -> list[tuple[_BulletinModel, str]]:
    return [
        (b, unit)
        for b in s.bulletins.values()
        if b.kind is BulletinKind.CRITICISM
        for unit in b.units
        if unit not in b.rectified
    ]


def _step(
    draw: st.DrawFn,
    s: StreamState,
    *,
    max_items: int,
    bulletins: bool,
    decomposition: bool,
) -> Event | None:
    """One event the ledger accepts, or ``None`` when nothing is left to do."""
    choices: list[str] = []
    live = [m for m in s.items.values() if _possible(s, m)]
    if len(s.items) < max_items:
        choices += ["draft"] * 2
    if live:
        choices += ["item"] * 12  # mostly move items along
    if bulletins and s.items:
        choices.append("bulletin")
    if bulletins and _rectifiable(s):
        choices.append("rectify")
    if bulletins and s.items:
        choices.append("inspection")
    if not choices:
        return None
    what = draw(st.sampled_from(choices))
    if what == "draft":
        return _draft(draw, s, decomposition=decomposition)
    if what == "bulletin":
        return _bulletin(draw, s)
    if what == "inspection":
        return _inspection(draw, s)
    if what == "rectify":
        b, unit = draw(st.sampled_from(_rectifiable(s)))
        return RectificationReported(
            bulletin_id=b.bulletin_id,
            at=_later(draw, b.last_at),
            by=_unit_actor(draw, unit, head=True),
            unit=unit,
        )
    m = draw(st.sampled_from(live))
    # Weight the happy path so items reach REPORTED, CLOSED and ARCHIVED often.
    possible = _possible(s, m)
    forward = [e for e in possible if e not in ("Urged", "ProgressReported", "Cancelled", "DeadlineRevised")]
    mostly_forward = bool(forward) and draw(st.integers(0, 5)) > 0
    etype = draw(st.sampled_from(forward if mostly_forward else possible))
    return _item_event(draw, s, m, etype)


def _resolve(rules: RuleSet | SearchStrategy[RuleSet] | None, draw: st.DrawFn) -> RuleSet:
    if rules is None:
        return RuleSet.default()
    if isinstance(rules, RuleSet):
        return rules
    return draw(rules)


@st.composite
def event_streams(
    draw: st.DrawFn,
    rules: RuleSet | SearchStrategy[RuleSet] | None = None,
    *,
    max_items: int = 4,
    min_events: int = 1,
    max_events: int = 40,
    bulletins: bool = True,
    decomposition: bool = True,
) -> list[Event]:
    """Event streams that ``Ledger(rules)`` accepts in full, in order.

    Up to ``max_items`` items, interleaved, each moving through its lifecycle (rework rounds,
    extension requests granted or refused, urging, progress reports, deadline revisions,
    cancellation, archiving), child items drafted under open parents (``decomposition``),
    and — when ``bulletins`` — bulletins naming units and items, with rectification reports,
    and inspection plans.
    Times never go back within an item or a bulletin and are written in many time zones;
    across items they do. ``rules`` is a rule set, a strategy for one (then use
    :func:`ledgers`, which hands you the rules drawn) or ``None`` for ``RuleSet.default()``.
    """
    s = StreamState(_resolve(rules, draw))
    out: list[Event] = []
    target = draw(st.integers(min_events, max_events))
    while len(out) < target:
        event = _step(draw, s, max_items=max_items, bulletins=bulletins, decomposition=decomposition)
        if event is None:
            break
        s.accept(event)
        out.append(event)
    return out


@st.composite
def item_lifecycles(
    draw: st.DrawFn,
    rules: RuleSet | None = None,
    *,
    category: Category | None = None,
    max_events: int = 25,
) -> list[Event]:
    """The events of one item, from ``Drafted`` on, that a ledger accepts: the whole
    lifecycle or a prefix of it, with rework rounds, extensions, urging, cancellation."""
    s = StreamState(rules if rules is not None else RuleSet.default())
    first = _draft(draw, s, decomposition=False)
    if category is not None:
        stipulated = first.stipulated_due
        if stipulated is None and _needs_stipulated(s.rules, category):
            stipulated = cst_day(first.at) + timedelta(days=draw(st.integers(0, 120)))
        first = first.model_copy(update={"category": category, "stipulated_due": stipulated})
    s.accept(first)
    out: list[Event] = [first]
    target = draw(st.integers(1, max_events))
    while len(out) < target:
        event = _step(draw, s, max_items=1, bulletins=False, decomposition=False)
        if event is None:
            break
        s.accept(event)
        out.append(event)
    return out


@st.composite
def ledgers(
    draw: st.DrawFn,
    rules: RuleSet | SearchStrategy[RuleSet] | None = None,
    *,
    max_items: int = 4,
    max_events: int = 40,
) -> Ledger:
    """Ledgers folded from :func:`event_streams` (``ledger.rules`` is the rule set used)."""
    chosen = _resolve(rules, draw)
    return Ledger.replay(draw(event_streams(chosen, max_items=max_items, max_events=max_events)), chosen)


# -- one step at a time (stateful tests) --------------------------------------------------------


def next_events(
    state: StreamState, *, max_items: int = 6, bulletins: bool = True, decomposition: bool = True
) -> SearchStrategy[Event]:
    """The next event a ledger in ``state`` accepts (never fails to produce one: a new item
    can always be drafted when ``max_items`` allows, else a bulletin is issued)."""

    @st.composite
    def strategy(draw: st.DrawFn) -> Event:
        event = _step(draw, state, max_items=max_items, bulletins=bulletins, decomposition=decomposition)
        if event is None:
            event = _draft(draw, state, decomposition=decomposition)
        return event

    return strategy()


def _wrong_actor(draw: st.DrawFn, etype: str, m: _ItemModel, rules: RuleSet) -> Actor:
    allowed = machine.WHO[etype]
    options: list[Actor] = []
    if etype == "ExtensionDecided" and machine.extension_decider_rank(rules, m.instructed_rank):
        # A 主要领导's own 批示交办 (S4-20(三)): a 分管领导, or a leader of no recorded rank.
        options += [
            _leader(draw, LeaderRank.IN_CHARGE),
            Actor(name=draw(st.sampled_from(_PEOPLE)), role=Role.LEADER),
        ]
    if machine.Party.OFFICE not in allowed:
        options.append(_office(draw))
    if machine.Party.LEADER not in allowed:
        options.append(_leader(draw))
    if machine.Party.LEAD_UNIT not in allowed:
        options.append(_unit_actor(draw, m.lead_unit))
    if machine.Party.CO_UNIT not in allowed and m.co_units:
        options.append(_unit_actor(draw, m.co_units[0]))
    if machine.Party.OTHER_UNIT not in allowed:
        outsiders = [u for u in UNITS if u != m.lead_unit and u not in m.co_units]
        options.append(_unit_actor(draw, draw(st.sampled_from(outsiders))))
    return draw(st.sampled_from(options))


#: What :func:`refused_events` can break.
REFUSAL_KINDS: tuple[str, ...] = (
    "wrong state",
    "wrong actor",
    "unknown item",
    "earlier time",
    "duplicate id",
    "malformed",
)


def _refusal_kinds(s: StreamState) -> list[str]:
    """The kinds of refused input that can be built for ``s`` right now."""
    kinds = ["unknown item", "malformed"]
    if s.items:
        kinds.append("duplicate id")
    if any(_possible(s, m) for m in s.items.values()):
        kinds += ["wrong actor", "earlier time"]
    if _wrong_state_pairs(s):
        kinds.append("wrong state")
    return kinds


def _wrong_state_pairs(s: StreamState) -> list[tuple[_ItemModel, str]]:
    return [
        (m, e)
        for m in s.items.values()
        for e in machine.WHO
        if e != "Drafted" and (e, m.state) not in machine.NEXT
    ]


@st.composite
def _refused(
    draw: st.DrawFn, s: StreamState, kinds: Sequence[str] | None
) -> tuple[Any, tuple[type[Exception], ...], str]:
    from pydantic import ValidationError

    possible = [k for k in _refusal_kinds(s) if kinds is None or k in kinds]
    if not possible:
        raise DubanError(
            f"refused_events()：当前状态下无法构造 {kinds} 中的任何一种",
            code="strategies.impossible",
            en=f"refused_events(): none of {kinds} can be built in this state",
        )
    live = [m for m in s.items.values() if _possible(s, m)]
    wrong_state = _wrong_state_pairs(s)
    kind = draw(st.sampled_from(sorted(possible, key=REFUSAL_KINDS.index)))
    if kind == "malformed":
        return draw(_SURELY_MALFORMED), (ValidationError, DubanError), kind
    if kind == "unknown item":
        event = draw(events(*(c for c in _EVENT_FIELDS if issubclass(c, ItemEvent) and c is not Drafted)))
        item_id = s.new_id("NONE")
        return event.model_copy(update={"item_id": item_id}), (RuleViolation,), kind
    if kind == "duplicate id":
        existing = draw(st.sampled_from(sorted(s.items)))
        draft = _draft(draw, StreamState(s.rules, origin=s.origin, counter=s.counter), decomposition=False)
        return draft.model_copy(update={"item_id": existing}), (RuleViolation,), kind
    if kind == "wrong state":
        m, etype = draw(st.sampled_from(wrong_state))
        assert m.last_at is not None
        fields = draw(events(EVENT_CLASSES[etype]))
        event = fields.model_copy(
            update={
                "item_id": m.item_id,
                "at": _later(draw, m.last_at),
                "by": _actor_for(draw, machine.WHO[etype], m),
            }
        )
        return event, (InvalidTransition,), kind
    m = draw(st.sampled_from(live))
    etype = draw(st.sampled_from(_possible(s, m)))
    valid = _item_event(draw, s, m, etype)
    if kind == "wrong actor":
        return valid.model_copy(update={"by": _wrong_actor(draw, etype, m, s.rules)}), (Unauthorized,), kind
    assert m.last_at is not None
    back = timedelta(microseconds=draw(st.integers(1, 10**6 * 86400 * 30)))
    earlier = (m.last_at.astimezone(timezone.utc) - back).astimezone(draw(timezones()))
    return valid.model_copy(update={"at": earlier}), (RuleViolation,), kind


def refused_events(
    state: StreamState, kinds: Sequence[str] | None = None
) -> SearchStrategy[tuple[Any, tuple[type[Exception], ...], str]]:
    """``(input, errors, kind)``: an input a ledger in ``state`` must refuse, the exception
    classes it may raise, and what is wrong with it (``"wrong state"``, ``"wrong actor"``,
    ``"unknown item"``, ``"earlier time"``, ``"duplicate id"``, ``"malformed"``; see
    :data:`REFUSAL_KINDS`). ``kinds`` limits the choice; :func:`can_refuse` tells whether
    one of them can be built for ``state`` (use it as a ``precondition``).

    Events built with ``model_copy(update=...)`` skip validation of the updated fields on
    purpose only where the update keeps them valid (ids, actors, aware times)."""
    return _refused(state, kinds)


def can_refuse(state: StreamState, kind: str) -> bool:
    """Whether :func:`refused_events` can build a ``kind`` refusal for ``state`` now."""
    return kind in _refusal_kinds(state)


EVENT_CLASSES: dict[str, type[Any]] = {cls.__name__: cls for cls in _EVENT_FIELDS}
