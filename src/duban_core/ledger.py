"""The ledger (台账): every item and bulletin, folded from one stream of events.

State is a fold over events and the event log is the record. :meth:`Ledger.apply` checks
an event completely before it changes anything, so a refused event raises and leaves the
ledger exactly as it was; an accepted one costs the same whatever the ledger's size.

Inside, each item is a mutable record that the fold updates in place (a million items
cannot afford a copy per event); readers get frozen :class:`~duban_core.items.Item`
snapshots, built on first read and cached until the item changes.

``apply`` updates the ledger in place and returns it, so both styles work::

    ledger = Ledger.replay(stored_events, rules)
    ledger = ledger.apply(event)        # the same object, updated
    what_if = ledger.copy().apply(e2)   # branch explicitly (copies the item index)

Decisions the ledger makes are written into the log: an ``Assigned`` or ``Returned`` event
without ``due`` is stored with the due day the rules gave, so replaying the stored log
under a newer holiday schedule reproduces every recorded deadline. Changing a deadline
takes a :class:`~duban_core.events.DeadlineRevised` event (see :meth:`Ledger.deadline_revisions`).
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple, overload

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import history as _history
from . import oversight as _oversight
from ._handlers import BULLETIN, DRAFT, ITEM, KIND, PLAN_OF, RECTIFY, draft, issue, plan, recompute, rectify
from ._record import Record, copy_record, facts, snapshot
from .actors import Actor
from .calendar import FIRST_DAY, LAST_DAY
from .categories import Category
from .clock import cst_day
from .errors import DubanError, RuleViolation
from .events import (
    EVENT_TYPES,
    DeadlineRevised,
    Event,
    parse,
    stream_of,
)
from .items import Bulletin, Inspection, Item, TimelineEntry
from .machine import (
    CREATION,
    MAX_GAP,
    OPEN_STATES,
    Action,
    State,
    authorize,
    check_version,
    party_of,
    possible,
    refuse_unknown_item,
)
from .rules import Deadline
from .ruleset import RuleSet, _category

__all__ = ["DeadlineRevision", "Ledger"]


class DeadlineRevision(NamedTuple):
    """An open item whose recorded deadline differs from what a rule set now gives.

    Turn it into the event that records the change with :meth:`event`.
    """

    item_id: str
    current: Deadline
    proposed: Deadline

    def event(self, at: Any, by: Actor, reason: str | None = None) -> DeadlineRevised:
        """The :class:`DeadlineRevised` event that records this revision."""
        return DeadlineRevised(
            item_id=self.item_id,
            at=at,
            by=by,
            due=self.proposed.due,
            reason=reason
            or f"按更新的放假安排重新计算，期限由{self.current.due.isoformat()}调整为{self.proposed.due.isoformat()}",
        )


class _LogView(Sequence[Event]):
    """A read-only view of the ledger's event log."""

    __slots__ = ("_log",)

    def __init__(self, log: list[Event]) -> None:
        self._log = log

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        return self._log[index]

    def __len__(self) -> int:
        return len(self._log)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._log)

    def __repr__(self) -> str:
        return f"<event log of {len(self._log)} events>"


class _ItemsView(Mapping[str, Item]):
    """A read-only live view of the ledger's items as frozen snapshots."""

    __slots__ = ("_ledger",)

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def __getitem__(self, item_id: str) -> Item:
        return self._ledger._item(item_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ledger._recs)

    def __len__(self) -> int:
        return len(self._ledger._recs)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._ledger._recs

    def values(self) -> ValuesView[Item]:
        return _ItemValues(self)

    def items(self) -> ItemsView[str, Item]:
        return _ItemPairs(self)

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


# Every oversight function walks ``ledger.items.values()``; Mapping's own views would call
# ``__getitem__`` once per item from a Python generator (a third of a metrics pass).
class _ItemValues(ValuesView[Item]):
    __slots__ = ()
    _mapping: _ItemsView

    def __iter__(self) -> Iterator[Item]:
        return self._mapping._ledger._snapshots()


class _ItemPairs(ItemsView[str, Item]):
    __slots__ = ()
    _mapping: _ItemsView

    def __iter__(self) -> Iterator[tuple[str, Item]]:
        ledger = self._mapping._ledger
        return zip(ledger._recs, ledger._snapshots(), strict=True)


class Ledger:
    """All items, bulletins and planned inspections folded from one event stream, under
    one :class:`RuleSet`."""

    __slots__ = (
        "_bulletins",
        "_children_closed_at",
        "_history",
        "_inspections",
        "_log",
        "_open_children",
        "_recs",
        "_rules",
        "_snaps",
        "_snaps_ordered",
        "_units",
    )

    def __init__(self, rules: RuleSet | None = None) -> None:
        self._rules = RuleSet.default() if rules is None else _require_rules(rules, "Ledger")
        self._recs: dict[str, Record] = {}
        self._snaps: dict[str, Item] = {}
        self._snaps_ordered = True  # _snaps iterates in item order (see _snapshots)
        self._bulletins: dict[str, Bulletin] = {}
        self._inspections: dict[str, Inspection] = {}
        self._log: list[Event] = []
        self._open_children: dict[str, int] = {}
        #: parent id → the latest time one of its children closed (S4-17: the parent's
        #: approval may not be dated before it).
        self._children_closed_at: dict[str, datetime] = {}
        self._units: dict[str, None] = {}
        self._history: Any = None  # what duban_core.history keeps about the log, built on demand

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def replay(
        cls, events: Iterable[Event | dict[str, Any] | str | bytes], rules: RuleSet | None = None
    ) -> Ledger:
        """The ledger folded from ``events`` (event objects, dicts or JSON), in order.

        The first refused event raises; its error says which event (by position, counted
        from 0) it was: a :class:`~duban_core.errors.DubanError`'s message starts with
        ``第N个事件：`` (``event #N:`` in ``en``), and a malformed event's pydantic
        ``ValidationError`` has the title ``event #N`` (its errors are those of
        :func:`~duban_core.events.parse`).

        Deadlines are cached by the rule set: replays on one long-lived ``RuleSet`` (such as
        the shared :meth:`RuleSet.default`) compute each distinct deadline once per process.
        The process's garbage collector is left alone; a host replaying a large log alone at
        start-up may pause it itself (see the embedding guide).
        """
        iterator = _events_of(events, "Ledger.replay")
        ledger = cls(rules)
        try:
            ledger._fold(iterator, None)
        except DubanError as exc:
            # Every accepted event adds one entry to the log, so its length is the position
            # of the refused one: no counter on the hot path.
            position = len(ledger._log)
            raise exc.prefixed(f"第{position}个事件：", f"event #{position}: ") from exc
        except ValidationError as exc:
            raise _at_position(exc, len(ledger._log)) from exc
        return ledger

    def apply(
        self, event: Event | dict[str, Any] | str | bytes, *, expected_version: int | None = None
    ) -> Ledger:
        """Fold one event into the ledger and return the ledger (updated in place).

        Atomic: a refused event raises a :class:`~duban_core.errors.DubanError` (or pydantic's
        ``ValidationError`` for a malformed dict or JSON) and changes nothing.
        ``expected_version`` (optimistic concurrency) refuses the event with
        :class:`~duban_core.errors.StaleVersion` unless its stream — the item, bulletin or
        inspection it belongs to (:func:`~duban_core.events.stream_of`) — has accepted
        exactly that many events (:meth:`version_of`; 0 for one that does not exist yet).
        """
        self._fold((event,), expected_version)
        return self

    def apply_all(self, events: Iterable[Event | dict[str, Any] | str | bytes]) -> Ledger:
        """Apply events in order; each is atomic, the batch is not (it stops at the first refusal)."""
        self._fold(_events_of(events, "Ledger.apply_all"), None)
        return self

    def _fold(self, events: Iterable[Any], expected_version: int | None) -> None:
        """The fold itself, one event at a time; ``apply``, ``apply_all`` and ``replay`` all
        come here. Each event is checked completely before its record is written, so a
        refusal leaves the ledger as it was after the previous event."""
        # The hot path of a replay: locals instead of attribute lookups, one loop instead of
        # a method call per event (a stored log replays ~15% faster).
        recs = self._recs
        log = self._log
        snaps = self._snaps
        open_children = self._open_children
        for ev in events:
            route = PLAN_OF.get(type(ev))
            if route is None:  # not an item's own event (or not parsed yet)
                kind = KIND.get(type(ev))
                if kind is None:
                    ev = parse(ev)
                    kind = KIND.get(type(ev))
                    if kind is None:  # a base class, or a host's subclass of an event
                        raise _unknown_class(ev)
                if kind != ITEM:
                    if kind == DRAFT and expected_version is None:
                        draft(self, ev)  # the first event of every item: no detour
                    else:
                        self._apply_other(ev, kind, expected_version)
                    continue
                route = PLAN_OF[type(ev)]
            gate, handler = route
            # parse → decide (machine) → record. An event's fields are read from its
            # __dict__ (where pydantic keeps them): one attribute lookup instead of two.
            fields = ev.__dict__
            item_id = fields["item_id"]
            at = fields["at"]
            rec = recs.get(item_id)
            if rec is None:
                refuse_unknown_item(ev.type, item_id)
            if expected_version is not None:
                check_version(ev.type, f"item:{item_id}", expected_version, rec.version)
            state = rec.state
            # One call decides: order, transition, sender and the guards on the event and
            # the record. A handler asks the guards that need what it computes, then writes.
            dest = gate(ev, at, rec)
            stored = ev if handler is None else handler(self, rec, ev, at)
            # Commit: nothing below can fail.
            rec.state = dest
            rec.version += 1
            rec.last_at = at
            rec.history.append(stored)
            log.append(stored)
            if snaps:  # usually empty while replaying: skip the call
                snaps.pop(item_id, None)
            if dest is not state and rec.parent_id is not None:
                if state in OPEN_STATES and dest not in OPEN_STATES:
                    open_children[rec.parent_id] -= 1
                    closed_at = self._children_closed_at
                    if rec.parent_id not in closed_at or at > closed_at[rec.parent_id]:
                        closed_at[rec.parent_id] = at
                elif dest in OPEN_STATES and state not in OPEN_STATES:  # reopened (S0-3.5)
                    open_children[rec.parent_id] += 1

    def _apply_other(
        self, event: Event, kind: int, expected_version: int | None, commit: bool = True
    ) -> None:
        """Decide, then (if ``commit``) record, an event that is not an existing item's."""
        if expected_version is not None:
            stream = stream_of(event)
            check_version(event.type, stream, expected_version, self.version_of(stream))
        if kind == DRAFT:
            draft(self, event, commit)  # type: ignore[arg-type]
        elif kind == BULLETIN:
            issue(self, event, commit)  # type: ignore[arg-type]
        elif kind == RECTIFY:
            rectify(self, event, commit)  # type: ignore[arg-type]
        else:
            plan(self, event, commit)  # type: ignore[arg-type]

    # -- asking before acting -----------------------------------------------------------------

    def check(
        self, event: Event | dict[str, Any] | str | bytes, *, expected_version: int | None = None
    ) -> Exception | None:
        """The error :meth:`apply` would raise for ``event`` (the same class and message), or
        ``None`` if it would be accepted. Takes what ``apply`` takes; changes nothing.

        It asks the same decisions as ``apply`` (the machine's guards, the rule set's
        deadlines) on a scratch copy of the one record concerned.
        """
        try:
            ev: Event = event if type(event) in KIND else parse(event)  # type: ignore[assignment]
            kind = KIND.get(type(ev))
            if kind is None:
                raise _unknown_class(ev)
            if kind != ITEM:
                self._apply_other(ev, kind, expected_version, commit=False)
                return None
            item_id = ev.item_id  # type: ignore[union-attr]
            rec = self._recs.get(item_id)
            if rec is None:
                refuse_unknown_item(ev.type, item_id)
            if expected_version is not None:
                check_version(ev.type, f"item:{item_id}", expected_version, rec.version)
            gate, handler = PLAN_OF[type(ev)]
            gate(ev, ev.at, rec)
            if handler is not None:
                handler(self, copy_record(rec), ev, ev.at)
        except (DubanError, ValidationError) as exc:
            return exc
        return None

    def allowed(self, item_id: str, actor: Actor, at: datetime) -> tuple[Action, ...]:
        """The actions ``actor`` may take on item ``item_id`` at ``at``: every event type it
        could send and have accepted with suitable content, with what a form needs to offer
        it (:class:`~duban_core.machine.Action`). Exact: an event type not listed is refused
        whatever its content. For an id not in the ledger: 拟办 (``Drafted``) if the actor
        may draft.

        Bulletins, inspection plans and rectification reports are not an item's actions.
        """
        at = _aware(at)
        day = cst_day(at)
        rec = self._recs.get(item_id)
        if rec is None:
            try:
                party = authorize("Drafted", actor, "", ())
            except DubanError:
                return ()
            return (Action("Drafted", CREATION.label, party, CREATION.clause),)
        if at < rec.last_at or at - rec.last_at > MAX_GAP or not FIRST_DAY <= day <= LAST_DAY:
            return ()  # out of order, implausibly late, or outside the calendar: nothing is accepted
        party = party_of(actor, rec.lead_unit, rec.co_units)
        open_children = self._open_children
        closed_at = self._children_closed_at.get(item_id)
        if closed_at is not None and at < closed_at:  # as of ``at`` a child was still open (S4-17)
            open_children = {item_id: open_children.get(item_id, 0) + 1}  # facts reads only this item's
        return possible(facts(rec, open_children, self._recs), party, day, self._rules, actor)

    def copy(self) -> Ledger:
        """An independent ledger with the same contents. O(number of items)."""
        other = Ledger.__new__(Ledger)
        other._rules = self._rules
        other._recs = {item_id: copy_record(rec) for item_id, rec in self._recs.items()}
        other._snaps = dict(self._snaps)
        other._snaps_ordered = self._snaps_ordered
        other._bulletins = dict(self._bulletins)
        other._inspections = dict(self._inspections)
        other._log = list(self._log)
        other._open_children = dict(self._open_children)
        other._children_closed_at = dict(self._children_closed_at)
        other._units = dict(self._units)
        other._history = None
        return other

    def __copy__(self) -> Ledger:
        # The ledger updates its records in place: a shallow copy sharing them would let an
        # event applied to the copy change the original.
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> Ledger:
        return self.copy()  # events, snapshots and deadlines are immutable; records are copied

    def with_rules(self, rules: RuleSet) -> Ledger:
        """A copy that folds further events under ``rules``. Recorded deadlines do not move;
        :meth:`deadline_revisions` lists those the new rules would change."""
        _require_rules(rules, "with_rules")
        other = self.copy()
        other._rules = rules
        return other

    # -- reading ------------------------------------------------------------------------------

    @property
    def rules(self) -> RuleSet:
        """The rule set new deadlines are computed with."""
        return self._rules

    @property
    def items(self) -> Mapping[str, Item]:
        """Every item by id, as frozen snapshots (a read-only live view)."""
        return _ItemsView(self)

    def _snapshots(self) -> Iterator[Item]:
        """Every item's snapshot, in item order (building the missing ones first)."""
        snaps = self._snaps
        recs = self._recs
        # Snapshots are only ever of existing items, so equal sizes mean none is missing.
        # Iterating the snapshots themselves, rather than looking each up by id, keeps a
        # pass from touching every id string and probing a large table at random: on a
        # ledger larger than the CPU's caches those are two memory stalls per item per pass.
        if len(snaps) == len(recs) and self._snaps_ordered:
            return iter(snaps.values())
        get = snaps.get
        rebuilt = {}
        for item_id, rec in recs.items():
            snap = get(item_id)
            rebuilt[item_id] = snapshot(rec) if snap is None else snap
        self._snaps = rebuilt
        self._snaps_ordered = True
        return iter(rebuilt.values())

    def _item(self, item_id: str) -> Item:
        snap = self._snaps.get(item_id)
        if snap is None:
            snap = self._snaps[item_id] = snapshot(self._recs[item_id])
            self._snaps_ordered = False  # appended out of item order, perhaps
        return snap

    @property
    def bulletins(self) -> Mapping[str, Bulletin]:
        """Every bulletin by id (a read-only live view)."""
        return MappingProxyType(self._bulletins)

    @property
    def inspections(self) -> Mapping[str, Inspection]:
        """Every planned inspection activity by id (a read-only live view)."""
        return MappingProxyType(self._inspections)

    @property
    def events(self) -> Sequence[Event]:
        """The accepted events in order, as stored (with the due days the ledger decided).
        Replaying them gives an equal ledger under any calendar."""
        return _LogView(self._log)

    @property
    def latest_day(self) -> date | None:
        """The China-time day of the latest event (``None`` when there is none): the day the
        oversight views compare their ``on`` with (see :meth:`as_of`)."""
        return _history.latest_day(self)

    def as_of(self, day: date) -> Ledger:
        """The ledger as it stood at the end of ``day`` (China time): a new ledger equal to
        replaying the events whose day is on or before ``day``, in log order, under the same
        rules. Not a replay: only items with events after ``day`` are folded again (see
        :mod:`duban_core.history`)."""
        return _history.as_of(self, day)

    @property
    def version(self) -> int:
        """How many events the ledger has accepted."""
        return len(self._log)

    def version_of(self, stream: str) -> int:
        """How many events ``stream`` has accepted (0 if it does not exist yet): the version
        to pass as ``apply(..., expected_version=)``. ``stream`` is what
        :func:`~duban_core.events.stream_of` gives: ``"item:<id>"``, ``"bulletin:<id>"``
        (issued, plus one per rectification report) or ``"inspection:<id>"``."""
        kind, _, ident = self._stream(stream)
        if kind == "item":
            rec = self._recs.get(ident)
            return 0 if rec is None else int(rec.version)
        if kind == "bulletin":
            bulletin = self._bulletins.get(ident)
            return 0 if bulletin is None else len(bulletin.history)
        return 0 if ident not in self._inspections else 1

    def last_at_of(self, stream: str) -> datetime | None:
        """The time of ``stream``'s latest event (``None`` if it does not exist yet): an event
        of the stream earlier than it is refused (see :func:`duban_core.clock.clamp`)."""
        kind, _, ident = self._stream(stream)
        if kind == "item":
            rec = self._recs.get(ident)
            return None if rec is None else rec.last_at
        if kind == "bulletin":
            bulletin = self._bulletins.get(ident)
            return None if bulletin is None else bulletin.last_at
        inspection = self._inspections.get(ident)
        return None if inspection is None else inspection.at

    @staticmethod
    def _stream(stream: str) -> tuple[str, str, str]:
        parts = stream.partition(":") if isinstance(stream, str) else ("", "", "")
        if parts[0] not in ("item", "bulletin", "inspection") or not parts[2]:
            raise DubanError(
                f"无法识别的事件流“{stream}”：应为 item:编号、bulletin:编号 或 inspection:编号",
                code="stream.unknown",
                en=f"unknown stream {stream!r}; give item:<id>, bulletin:<id> or inspection:<id>",
            )
        return parts

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit the ledger knows: items' lead and co-units, units named in bulletins."""
        return tuple(self._units)

    def __len__(self) -> int:
        return len(self._recs)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._recs

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Ledger)
            and self._rules == other._rules
            and self._recs == other._recs
            and self._bulletins == other._bulletins
            and self._inspections == other._inspections
            and self._units == other._units
            and self._open_children == other._open_children
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Ledger: {len(self._recs)} items, {len(self._bulletins)} bulletins, "
            f"{len(self._inspections)} inspections, {len(self._log)} events>"
        )

    def select(
        self,
        *,
        state: State | str | Iterable[State | str] | None = None,
        unit: str | None = None,
        lead_unit: str | None = None,
        category: Category | str | None = None,
        parent_id: str | None = None,
    ) -> list[Item]:
        """Items matching every filter given: ``state`` (one state, by member or name such as
        ``"IN_PROGRESS"``, or several), ``unit`` (lead or co-unit), ``lead_unit``,
        ``category``, ``parent_id`` (the children of an item).

        An unknown state or category raises :class:`~duban_core.errors.DubanError` rather
        than matching nothing.
        """
        states = None if state is None else _states(state)
        if category is not None:
            category = _category(category)
        for name, value in (("unit", unit), ("lead_unit", lead_unit), ("parent_id", parent_id)):
            if value is not None and type(value) is not str:
                raise RuleViolation(
                    f"select 的筛选条件 {name} 须为字符串，而不是 {type(value).__name__}",
                    code="select.bad_filter",
                    en=f"select: {name} must be a str, got {type(value).__name__}",
                )
        out = []
        for item_id in self._recs:
            item = self._item(item_id)
            if states is not None and item.state not in states:
                continue
            if unit is not None and unit != item.lead_unit and unit not in item.co_units:
                continue
            if lead_unit is not None and item.lead_unit != lead_unit:
                continue
            if category is not None and item.category != category:
                continue
            if parent_id is not None and item.parent_id != parent_id:
                continue
            out.append(item)
        return out

    def timeline(self, item_id: str) -> list[TimelineEntry]:
        """One item's timeline: what happened, when, by whom, how the deadline moved."""
        return self._get(item_id, "timeline").timeline()

    def deadline_revisions(self, rules: RuleSet | None = None) -> list[DeadlineRevision]:
        """Open items whose recorded deadline differs from what ``rules`` (default: the
        ledger's own) give today, e.g. after a newer holiday schedule was published.

        Extensions (a fixed date granted by a leader) are never revised. Record each revision
        with ``ledger.apply(revision.event(at, by))``.
        """
        rules = self._rules if rules is None else _require_rules(rules, "deadline_revisions")
        out = []
        for item_id, rec in self._recs.items():
            if rec.state not in OPEN_STATES or rec.deadline is None:
                continue
            current: Deadline = rec.deadline
            proposed = recompute(
                rec.deadlines, current, rec.category, rec.urgent, rec.stipulated_due, rules, rec.history
            )
            if proposed is not None and proposed.due != current.due:
                out.append(DeadlineRevision(item_id, current, proposed))
        return out

    # -- the fold -----------------------------------------------------------------------------

    def _get(self, item_id: str, what: str) -> Item:
        if type(item_id) is not str or item_id not in self._recs:
            refuse_unknown_item(what, str(item_id))
        return self._item(item_id)

    # -- oversight: 提醒、预警、报送、通报、考核 (S1-2.2) ---------------------------------------------
    # Pure functions of the ledger and a day, defined in duban_core.oversight; each takes the
    # ledger as its first argument, so ``ledger.alerts(on)`` is ``oversight.alerts(ledger, on)``.
    # Only the four the contract names are methods; call the rest of oversight as functions
    # (``oversight.reports_due(ledger, on)``, ``oversight.comprehensive_register(ledger, on)``, …).

    alerts = _oversight.alerts
    metrics = _oversight.metrics
    findings = _oversight.findings
    assess = _oversight.assess


def _aware(at: datetime) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise RuleViolation(
            f"时间须带时区（如 2024-09-30T09:00:00+08:00），收到：{at!r}",
            code="time.naive",
            en=f"at must be a timezone-aware datetime, got {at!r}",
        )
    return at


def _require_rules(rules: object, where: str) -> RuleSet:
    if not isinstance(rules, RuleSet):
        raise RuleViolation(
            f"{where} 需要一个规则集（RuleSet），而不是 {type(rules).__name__}",
            code="ruleset.expected",
            en=f"{where}: rules must be a RuleSet, got {type(rules).__name__}",
        )
    return rules


def _states(state: object) -> frozenset[State]:
    """``select``'s ``state`` filter: one state (member or name) or an iterable of them."""
    if isinstance(state, (State, str)):
        state = (state,)
    try:
        values = list(state)  # type: ignore[call-overload]
    except TypeError:
        values = [state]
    states = []
    for value in values:
        try:
            states.append(State(value))
        except (ValueError, TypeError):
            raise RuleViolation(
                f"未知的事项状态 {value!r}；可选：{'、'.join(s.value for s in State)}",
                code="select.unknown_state",
                en=f"unknown state {value!r}; expected one of {', '.join(s.value for s in State)}",
            ) from None
    return frozenset(states)


def _unknown_class(event: object) -> RuleViolation:
    name = type(event).__name__
    return RuleViolation(
        f"无法识别的事件类 {name}：请使用 duban_core.events 中的事件类（{', '.join(EVENT_TYPES)}）",
        code="event.unknown_class",
        en=f"{name} is not one of the event classes of duban_core.events; subclasses are not accepted",
    )


def _events_of(events: object, where: str) -> Iterator[Any]:
    """An iterator over ``events``, or a typed refusal: a string, bytes or a dict is one event
    (or a log's whole text), not a sequence of them."""
    if not isinstance(events, (str, bytes, bytearray, dict)):
        try:
            return iter(events)  # type: ignore[call-overload,no-any-return]
        except TypeError:
            pass
    raise RuleViolation(
        f"{where} 需要事件的序列（列表或可迭代对象，如存储日志的各行），而不是 {type(events).__name__}",
        code="replay.not_iterable",
        en=f"{where} takes an iterable of events (e.g. the lines of a stored log), not {type(events).__name__}",
    )


def _at_position(exc: ValidationError, position: int) -> ValidationError:
    """``exc`` (a malformed event's errors) again, titled with the event's position in a replay."""
    details: list[InitErrorDetails] = []
    for error in exc.errors(include_url=False):
        detail: InitErrorDetails = {"type": error["type"], "loc": error["loc"], "input": error["input"]}
        if "ctx" in error:
            detail["ctx"] = error["ctx"]
        try:  # pydantic's own error types rebuild as they are (with their context) ...
            ValidationError.from_exception_data("probe", [detail])
        except (KeyError, TypeError, ValueError):  # ... custom ones (ours) keep type and message
            detail = {
                "type": PydanticCustomError(error["type"], error["msg"]),
                "loc": error["loc"],
                "input": error["input"],
            }
        details.append(detail)
    return ValidationError.from_exception_data(f"event #{position}", details)
