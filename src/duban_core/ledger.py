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

import gc
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple, overload

from . import oversight as _oversight
from ._trusted import replaced
from .actors import Actor
from .calendar import format_day
from .categories import Category
from .clock import cst_day, shared_day
from .errors import DubanError, RuleViolation
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
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    InspectionPlanned,
    ItemEvent,
    ProgressReported,
    RectificationReported,
    Returned,
    compact,
    parse,
)
from .items import Bulletin, ChangeKind, DeadlineChange, Inspection, Item, TimelineEntry
from .machine import (
    NEXT,
    OPEN_STATES,
    STEPS,
    Party,
    State,
    admit,
    authorize,
    check_closing,
    check_draft,
    check_evaluation,
    check_extension_decision,
    check_extension_request,
    check_feedback,
    check_in_range,
    check_known_items,
    check_new_id,
    check_received_on,
    check_recorded_due,
    check_rectification,
    check_return_kind,
    check_revision,
    check_version,
    extension_start,
    refuse_unknown_item,
)
from .rules import Deadline, Stipulated
from .ruleset import RuleSet

__all__ = ["DeadlineRevision", "Ledger"]

# An item's record is a list laid out like ``Item`` (with ``history`` as a list); the fold
# writes fields by position. These are the positions it uses.
_F = {name: i for i, name in enumerate(Item._fields)}
_PARENT, _STATE, _VERSION = _F["parent_id"], _F["state"], _F["version"]
_LAST_AT, _HISTORY = _F["last_at"], _F["history"]
_RECEIVED, _DEADLINE, _DEADLINES, _REWORK = (
    _F["received_on"],
    _F["deadline"],
    _F["deadlines"],
    _F["rework_rounds"],
)
_HANDLER, _URGES, _URGES_SINCE, _LAST_URGED = (
    _F["handler"],
    _F["urge_count"],
    _F["urges_since_response"],
    _F["last_urged_on"],
)
_REPORTS, _PERCENT, _PENDING = _F["report_days"], _F["percent_complete"], _F["pending_extension"]
_FEEDBACK_ON, _FEEDBACK_OK, _CLOSED_ON, _CLOSED_OK = (
    _F["feedback_on"],
    _F["feedback_on_time"],
    _F["closed_on"],
    _F["closed_on_time"],
)
_EVALUATION, _CANCELLED = _F["evaluation"], _F["cancelled_reason"]
_CATEGORY, _URGENT, _STIPULATED, _PROJECT = _F["category"], _F["urgent"], _F["stipulated_due"], _F["project"]
_LEAD, _CO_UNITS, _DRAFTED_ON, _ID = _F["lead_unit"], _F["co_units"], _F["drafted_on"], _F["item_id"]

# A NamedTuple's own __new__ is a Python function; building from a tuple skips it (hot path).
_new_tuple = tuple.__new__
Record = list[Any]


def _snapshot(rec: Record) -> Item:
    fields = rec.copy()
    fields[_HISTORY] = tuple(rec[_HISTORY])
    return _new_tuple(Item, fields)


def _copy_record(rec: Record) -> Record:
    copied = rec.copy()
    copied[_HISTORY] = rec[_HISTORY].copy()
    return copied


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
        if rules is not None and not isinstance(rules, RuleSet):
            raise RuleViolation(f"rules must be a RuleSet, got {type(rules).__name__}")
        self._rules = rules if rules is not None else RuleSet.default()
        self._recs: dict[str, Record] = {}
        self._snaps: dict[str, Item] = {}
        self._snaps_ordered = True  # _snaps iterates in item order (see _snapshots)
        self._bulletins: dict[str, Bulletin] = {}
        self._inspections: dict[str, Inspection] = {}
        self._log: list[Event] = []
        self._open_children: dict[str, int] = {}
        self._units: dict[str, None] = {}

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def replay(
        cls, events: Iterable[Event | dict[str, Any] | str | bytes], rules: RuleSet | None = None
    ) -> Ledger:
        """The ledger folded from ``events`` (event objects, dicts or JSON), in order.

        The first refused event raises; its error says which event (by position) it was.

        Python's cyclic garbage collector is paused while the events are folded (the
        ledger's records hold no reference cycles, so its passes over a growing heap would
        be pure overhead) and restored afterwards, whether the replay succeeds or raises.
        Deadlines are cached by the rule set: replays on one long-lived ``RuleSet`` (such as
        the shared :meth:`RuleSet.default`) compute each distinct deadline once per process.
        """
        ledger = cls(rules)
        # The fold allocates many small containers but creates no reference cycles, so the
        # cyclic collector's passes over a growing heap are pure overhead here (~20%).
        collecting = gc.isenabled()
        gc.disable()
        try:
            ledger._fold(events, None)
        except DubanError as exc:
            # Every accepted event adds one entry to the log, so its length is the position
            # of the refused one: no counter on the hot path.
            position = len(ledger._log)
            raise exc.prefixed(f"第{position}个事件：", f"event #{position}: ") from exc
        finally:
            if collecting:
                gc.enable()
        return ledger

    def apply(
        self, event: Event | dict[str, Any] | str | bytes, *, expected_version: int | None = None
    ) -> Ledger:
        """Fold one event into the ledger and return the ledger (updated in place).

        Atomic: a refused event raises a :class:`~duban_core.errors.DubanError` (or pydantic's
        ``ValidationError`` for a malformed dict or JSON) and changes nothing.
        ``expected_version`` (optimistic concurrency) refuses an item event unless the item
        has accepted exactly that many events.
        """
        self._fold((event,), expected_version)
        return self

    def apply_all(self, events: Iterable[Event | dict[str, Any] | str | bytes]) -> Ledger:
        """Apply events in order; each is atomic, the batch is not (it stops at the first refusal)."""
        self._fold(events, None)
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
            handler = _HANDLER_OF.get(type(ev), _NOT_ITEM)
            if handler is _NOT_ITEM:  # not an item's own event (or not parsed yet)
                kind = _KIND.get(type(ev))
                if kind is None:
                    ev = parse(ev)
                    kind = _KIND[type(ev)]
                if kind != _ITEM:
                    self._apply_other(ev, kind, expected_version)
                    continue
                handler = _HANDLER_OF[type(ev)]
            # parse → decide (machine) → record
            item_id = ev.item_id
            rec = recs.get(item_id)
            if rec is None:
                refuse_unknown_item(ev.type, item_id)
            if expected_version is not None:
                check_version(ev.type, item_id, expected_version, rec[_VERSION])
            state = rec[_STATE]
            dest, party = admit(ev, state, rec[_LAST_AT], rec[_LEAD], rec[_CO_UNITS])
            # A handler asks the machine's content guards, then writes its fields.
            stored = ev if handler is None else handler(self, rec, ev, party)
            # Commit: nothing below can fail.
            rec[_STATE] = dest
            rec[_VERSION] += 1
            rec[_LAST_AT] = ev.at
            rec[_HISTORY].append(stored)
            log.append(stored)
            if snaps:  # usually empty while replaying: skip the call
                snaps.pop(item_id, None)
            if (
                dest is not state
                and rec[_PARENT] is not None
                and state in OPEN_STATES
                and dest not in OPEN_STATES
            ):
                open_children[rec[_PARENT]] -= 1

    def _apply_other(self, event: Event, kind: int, expected_version: int | None) -> None:
        if kind == _DRAFT:
            if expected_version is not None:
                check_version(event.type, event.item_id, expected_version, 0)  # type: ignore[union-attr]
            self._draft(event)  # type: ignore[arg-type]
        elif kind == _BULLETIN:
            self._issue(event)  # type: ignore[arg-type]
        elif kind == _RECTIFY:
            self._rectify(event)  # type: ignore[arg-type]
        else:
            self._plan(event)  # type: ignore[arg-type]

    def copy(self) -> Ledger:
        """An independent ledger with the same contents. O(number of items)."""
        other = Ledger.__new__(Ledger)
        other._rules = self._rules
        other._recs = {item_id: _copy_record(rec) for item_id, rec in self._recs.items()}
        other._snaps = dict(self._snaps)
        other._snaps_ordered = self._snaps_ordered
        other._bulletins = dict(self._bulletins)
        other._inspections = dict(self._inspections)
        other._log = list(self._log)
        other._open_children = dict(self._open_children)
        other._units = dict(self._units)
        return other

    def with_rules(self, rules: RuleSet) -> Ledger:
        """A copy that folds further events under ``rules``. Recorded deadlines do not move;
        :meth:`deadline_revisions` lists those the new rules would change."""
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
            rebuilt[item_id] = _snapshot(rec) if snap is None else snap
        self._snaps = rebuilt
        self._snaps_ordered = True
        return iter(rebuilt.values())

    def _item(self, item_id: str) -> Item:
        snap = self._snaps.get(item_id)
        if snap is None:
            snap = self._snaps[item_id] = _snapshot(self._recs[item_id])
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
    def version(self) -> int:
        """How many events the ledger has accepted."""
        return len(self._log)

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
        state: State | Iterable[State] | None = None,
        unit: str | None = None,
        lead_unit: str | None = None,
        category: Category | None = None,
        parent_id: str | None = None,
    ) -> list[Item]:
        """Items matching every filter given: ``state`` (one or several), ``unit`` (lead or
        co-unit), ``lead_unit``, ``category``, ``parent_id`` (the children of an item)."""
        states = None if state is None else {state} if isinstance(state, State) else set(state)
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
        rules = rules if rules is not None else self._rules
        out = []
        for item_id, rec in self._recs.items():
            if rec[_STATE] not in OPEN_STATES or rec[_DEADLINE] is None:
                continue
            item = self._item(item_id)
            current: Deadline = rec[_DEADLINE]
            proposed = _recompute(item, rules)
            if proposed is not None and proposed.due != current.due:
                out.append(DeadlineRevision(item_id, current, proposed))
        return out

    # -- the fold -----------------------------------------------------------------------------

    def _get(self, item_id: str, what: str) -> Item:
        if item_id not in self._recs:
            raise RuleViolation(f"{what}: unknown item {item_id!r} (no Drafted event for it)")
        return self._item(item_id)

    def _draft(self, event: Drafted) -> None:
        item_id = event.item_id
        check_new_id("Drafted", "item", item_id, item_id in self._recs)
        authorize("Drafted", event.by, event.lead_unit, event.co_units)
        day = cst_day(event.at)
        parent_id = event.parent_id
        parent = None if parent_id is None else self._recs.get(parent_id)
        check_draft(
            item_id,
            day,
            parent_id=parent_id,
            parent_state=None if parent is None else parent[_STATE],
            stipulated_due=event.stipulated_due,
            calendar=self._rules.calendar,
        )
        rec: Record = [
            item_id,
            event.title,
            event.category,
            event.lead_unit,
            event.co_units,
            event.urgent,
            event.project,
            parent_id,
            event.source,
            event.stipulated_due,
            event.responsible_leader,
            State.DRAFTED,
            1,  # version
            day,  # drafted_on
            *_BLANK_TAIL,
            event.at,  # last_at
            [event],  # history
        ]
        # Commit: nothing below can fail.
        self._recs[item_id] = rec
        self._log.append(event)
        units = self._units
        units[event.lead_unit] = None
        for unit in event.co_units:
            units[unit] = None
        if parent_id is not None:
            self._open_children[parent_id] = self._open_children.get(parent_id, 0) + 1

    # One handler per event type that does more than move the state. Each reads the record,
    # raises before writing anything if the event breaks a rule, then writes the fields it
    # changes and returns the event to store. The caller writes state, version and history.

    def _on_assigned(self, rec: Record, event: Assigned, party: Party) -> ItemEvent:
        received = event.received_on
        check_received_on(rec[_ID], received, rec[_DRAFTED_ON])
        computed = self._rules.deadline(
            rec[_CATEGORY], received, urgent=rec[_URGENT], stipulated=rec[_STIPULATED]
        )
        deadline, stored = _recorded(computed, event, received, self._rules)
        rec[_RECEIVED] = shared_day(received)
        rec[_DEADLINE] = deadline
        rec[_DEADLINES] = (
            _new_tuple(
                DeadlineChange, (ChangeKind.ASSIGNED, deadline, event.at, event.by, rec[_VERSION] + 1)
            ),
        )
        return stored

    def _on_acknowledged(self, rec: Record, event: Acknowledged, party: Party) -> ItemEvent:
        rec[_HANDLER] = event.handler
        rec[_URGES_SINCE] = 0
        return event

    def _on_urged(self, rec: Record, event: ItemEvent, party: Party) -> ItemEvent:
        rec[_URGES] += 1
        rec[_URGES_SINCE] += 1
        rec[_LAST_URGED] = cst_day(event.at)
        return event

    def _on_progress(self, rec: Record, event: ProgressReported, party: Party) -> ItemEvent:
        rec[_REPORTS] = (*rec[_REPORTS], cst_day(event.at))
        if event.percent_complete is not None:
            rec[_PERCENT] = event.percent_complete
        rec[_URGES_SINCE] = 0
        return event

    def _on_feedback(self, rec: Record, event: FeedbackSubmitted, party: Party) -> ItemEvent:
        check_feedback(
            rec[_ID],
            signed_by=event.signed_by,
            lead_unit=rec[_LEAD],
            project=rec[_PROJECT],
            percent_complete=event.percent_complete,
            investment_done=event.investment_done,
        )
        day = cst_day(event.at)
        deadline = rec[_DEADLINE]
        rec[_FEEDBACK_ON] = day
        rec[_FEEDBACK_OK] = deadline is not None and day <= deadline.due
        rec[_REPORTS] = (*rec[_REPORTS], day)
        rec[_PENDING] = None
        rec[_URGES_SINCE] = 0
        if event.percent_complete is not None:
            rec[_PERCENT] = event.percent_complete
        return event

    def _on_approved(self, rec: Record, event: ItemEvent, party: Party) -> ItemEvent:
        check_closing(rec[_ID], self._open_children.get(rec[_ID], 0))
        rec[_CLOSED_ON] = cst_day(event.at)
        rec[_CLOSED_OK] = rec[_FEEDBACK_OK]
        return event

    def _on_returned(self, rec: Record, event: Returned, party: Party) -> ItemEvent:
        check_return_kind(party, event.kind.value)
        day = cst_day(event.at)
        computed = self._rules.rework_deadline(rec[_CATEGORY], day, urgent=rec[_URGENT])
        deadline, stored = _recorded(computed, event, day, self._rules)
        rec[_DEADLINE] = deadline
        rec[_DEADLINES] = (
            *rec[_DEADLINES],
            _new_tuple(DeadlineChange, (ChangeKind.REWORK, deadline, event.at, event.by, rec[_VERSION] + 1)),
        )
        rec[_REWORK] += 1
        rec[_PENDING] = None
        return stored

    def _on_extension_requested(self, rec: Record, event: ExtensionRequested, party: Party) -> ItemEvent:
        deadline: Deadline = rec[_DEADLINE]  # every clock state has a deadline
        day = cst_day(event.at)
        pending: ExtensionRequested | None = rec[_PENDING]
        check_extension_request(
            rec[_ID],
            day,
            due=deadline.due,
            new_due=event.new_due,
            pending_since=None if pending is None else pending.day,
            calendar=self._rules.calendar,
        )
        rec[_PENDING] = event
        rec[_URGES_SINCE] = 0
        return event

    def _on_extension_decided(self, rec: Record, event: ExtensionDecided, party: Party) -> ItemEvent:
        request: ExtensionRequested | None = rec[_PENDING]
        check_extension_decision(rec[_ID], request is not None)
        if event.granted:
            assert request is not None  # checked just above
            old: Deadline = rec[_DEADLINE]
            day = cst_day(event.at)
            due = request.new_due
            deadline = Deadline(
                start=extension_start(cst_day(request.at)),
                due=due,
                rule=Stipulated(),
                provisional=self._rules.calendar.is_provisional(due),
                explanation=(
                    f"依据{self._rules.cite_all(('S0-4.6', 'S4-20(二)'))}（情况特殊需延长办理时间的，书面报告并经领导批准）："
                    f"{event.by.describe()}于{format_day(day)}批准延期，期限由{format_day(old.due)}"
                    f"延至{format_day(due)}（申请理由：{request.reason}）"
                ),
                clause="S4-20(二)",
                clauses=("S0-4.6", "S4-20(二)"),
            )
            rec[_DEADLINE] = deadline
            rec[_DEADLINES] = (
                *rec[_DEADLINES],
                DeadlineChange(ChangeKind.EXTENSION, deadline, event.at, event.by, rec[_VERSION] + 1),
            )
        rec[_PENDING] = None
        return event

    def _on_revised(self, rec: Record, event: DeadlineRevised, party: Party) -> ItemEvent:
        old: Deadline = rec[_DEADLINE]
        calendar = self._rules.calendar
        check_revision(rec[_ID], event.due, old.start, calendar)
        proposed = _recompute(_snapshot(rec), self._rules)
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
        rec[_DEADLINE] = deadline
        rec[_DEADLINES] = (
            *rec[_DEADLINES],
            DeadlineChange(ChangeKind.REVISION, deadline, event.at, event.by, rec[_VERSION] + 1),
        )
        return event

    def _on_evaluated(self, rec: Record, event: Evaluated, party: Party) -> ItemEvent:
        check_evaluation(rec[_ID], rec[_CATEGORY])
        rec[_EVALUATION] = event
        return event

    def _on_cancelled(self, rec: Record, event: Cancelled, party: Party) -> ItemEvent:
        rec[_CANCELLED] = event.reason
        rec[_PENDING] = None
        return event

    # -- planned inspections ------------------------------------------------------------------

    def _plan(self, event: InspectionPlanned) -> None:
        authorize("InspectionPlanned", event.by, "", ())
        check_new_id(
            "InspectionPlanned", "inspection", event.inspection_id, event.inspection_id in self._inspections
        )
        unknown = [item_id for item_id in event.item_ids if item_id not in self._recs]
        check_known_items("InspectionPlanned", event.inspection_id, unknown)
        check_in_range(self._rules.calendar, event.start, event.end)
        self._inspections[event.inspection_id] = Inspection(
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
        self._log.append(event)
        for unit in event.units:
            self._units[unit] = None

    # -- bulletins ----------------------------------------------------------------------------

    def _issue(self, event: BulletinIssued) -> None:
        authorize("BulletinIssued", event.by, "", ())
        check_new_id("BulletinIssued", "bulletin", event.bulletin_id, event.bulletin_id in self._bulletins)
        unknown = [item_id for item_id in event.item_ids if item_id not in self._recs]
        check_known_items("BulletinIssued", event.bulletin_id, unknown)
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
        self._bulletins[event.bulletin_id] = bulletin
        self._log.append(event)
        for unit in event.units:
            self._units[unit] = None

    def _rectify(self, event: RectificationReported) -> None:
        bulletin = self._bulletins.get(event.bulletin_id)
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
        self._bulletins[event.bulletin_id] = bulletin._replace(
            rectifications=(*bulletin.rectifications, (event.unit, event.day)),
            last_at=event.at,
            history=(*bulletin.history, event),
        )
        self._log.append(event)

    # -- oversight: 提醒、预警、报送、通报、考核 (S1-2.2) ---------------------------------------------
    # Pure functions of the ledger and a day, defined in duban_core.oversight; each takes the
    # ledger as its first argument, so ``ledger.alerts(on)`` is ``oversight.alerts(ledger, on)``.

    alerts = _oversight.alerts
    reports_due = _oversight.reports_due
    metrics = _oversight.metrics
    findings = _oversight.findings
    assess = _oversight.assess
    register = _oversight.comprehensive_register
    special_register = _oversight.special_register
    to_pandas = _oversight.ledger_frame
    draft_bulletin = _oversight.draft_bulletin


_HANDLERS: dict[str, Any] = {
    "Registered": None,
    "Assigned": Ledger._on_assigned,
    "Acknowledged": Ledger._on_acknowledged,
    "Urged": Ledger._on_urged,
    "ProgressReported": Ledger._on_progress,
    "FeedbackSubmitted": Ledger._on_feedback,
    "Approved": Ledger._on_approved,
    "Returned": Ledger._on_returned,
    "ExtensionRequested": Ledger._on_extension_requested,
    "ExtensionDecided": Ledger._on_extension_decided,
    "DeadlineRevised": Ledger._on_revised,
    "Evaluated": Ledger._on_evaluated,
    "Archived": None,
    "Cancelled": Ledger._on_cancelled,
}
assert set(_HANDLERS) == {event for (event, _state) in NEXT}, "every transition of the graph has a handler"

# What a new record holds between ``drafted_on`` and ``last_at``: nothing yet.
_BLANK_TAIL = (None, None, (), 0, None, 0, 0, None, (), None, None, None, None, None, None, None, None)
assert len(Item._fields) == 14 + len(_BLANK_TAIL) + 2

_DRAFT, _ITEM, _BULLETIN, _RECTIFY, _PLAN = range(5)
_KIND: dict[type, int] = {cls: _ITEM for cls in EVENT_TYPES.values() if issubclass(cls, ItemEvent)}
_KIND.update(
    {Drafted: _DRAFT, BulletinIssued: _BULLETIN, RectificationReported: _RECTIFY, InspectionPlanned: _PLAN}
)
assert set(_KIND) == set(EVENT_TYPES.values()), "every event type has a place in the fold"

_NOT_ITEM: Any = object()
#: ``event class -> handler`` (``None``: the event only moves the state) for an item's own
#: events; keyed by class, which the fold looks up anyway.
_HANDLER_OF: dict[type, Any] = {EVENT_TYPES[event]: handler for event, handler in _HANDLERS.items()}
assert set(_HANDLER_OF) == set(STEPS), "the fold records exactly the events the machine decides"

_AnyDue = Assigned | Returned


def _recorded(computed: Deadline, event: _AnyDue, start: date, rules: RuleSet) -> tuple[Deadline, ItemEvent]:
    """The deadline in force and the event to store: the event records the due day decided.

    An event that already carries ``due`` (a stored log) keeps it, even when the rules now
    give another day: deadlines never move without a DeadlineRevised event.
    """
    if event.due is None:
        return computed, compact(replaced(event, due=computed.due))
    if event.due == computed.due:
        return computed, event
    calendar = rules.calendar
    check_recorded_due(event.type, event.item_id, event.due, start, calendar)
    deadline = Deadline(
        start=start,
        due=event.due,
        rule=computed.rule,
        provisional=calendar.is_provisional(event.due),
        explanation=(
            f"期限按记录为{format_day(event.due)}；按现行规则与日历计算应为{format_day(computed.due)}，"
            f"已记录的期限不自动调整（如需调整，记录期限调整事件）。现行规则：{computed.explanation}"
        ),
        clause=computed.clause,
        clauses=computed.clauses,
    )
    return deadline, event


def _recompute(item: Item, rules: RuleSet) -> Deadline | None:
    """What ``rules`` give for the item's current deadline, or ``None`` for a granted extension."""
    origin = next((c for c in reversed(item.deadlines) if c.kind is not ChangeKind.REVISION), None)
    if origin is None or item.deadline is None:
        return None
    start = origin.deadline.start
    if origin.kind is ChangeKind.ASSIGNED:
        return rules.deadline(item.category, start, urgent=item.urgent, stipulated=item.stipulated_due)
    if origin.kind is ChangeKind.REWORK:
        return rules.rework_deadline(item.category, start, urgent=item.urgent)
    return None
