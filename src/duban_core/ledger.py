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

from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple, overload

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import history as _history
from . import oversight as _oversight
from ._trusted import replaced
from .actors import Actor
from .calendar import FIRST_DAY, LAST_DAY, format_day
from .categories import Category
from .clock import cst_day, shared_day
from .errors import CalendarRangeError, DubanError, RuleViolation
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
    stream_of,
)
from .items import Bulletin, ChangeKind, DeadlineChange, Inspection, Item, TimelineEntry
from .machine import (
    CREATION,
    MAX_GAP,
    NEXT,
    OPEN_STATES,
    STEPS,
    Action,
    ItemFacts,
    Party,
    State,
    admit,
    authorize,
    check_bulletin_issuer,
    check_closing,
    check_draft,
    check_evaluation,
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
    check_version,
    check_within_parent,
    extension_start,
    party_of,
    possible,
    proposal_ceiling,
    refuse_unknown_item,
)
from .rules import Deadline, DeadlineRule, Stipulated
from .ruleset import RuleSet, _category

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
_LATE, _RETURN_KIND, _REPORTED_UP = _F["late_feedback"], _F["return_kind"], _F["reported_to_leader_on"]
_CATEGORY, _URGENT, _STIPULATED, _PROJECT = _F["category"], _F["urgent"], _F["stipulated_due"], _F["project"]
_LEAD, _CO_UNITS, _DRAFTED_ON, _ID = _F["lead_unit"], _F["co_units"], _F["drafted_on"], _F["item_id"]

# A NamedTuple's own __new__ is a Python function; building from a tuple skips it (hot path).
_new_tuple = tuple.__new__
Record = list[Any]


# The record's growing fields are lists, appended to in place: rebuilding a tuple per event
# made an event's cost grow with the item's history (issue #14.12). Snapshots freeze them.
_GROWING = (_DEADLINES, _REPORTS, _HISTORY)


def _snapshot(rec: Record) -> Item:
    fields = rec.copy()
    for i in _GROWING:
        fields[i] = tuple(rec[i])
    return _new_tuple(Item, fields)


def _copy_record(rec: Record) -> Record:
    copied = rec.copy()
    for i in _GROWING:
        copied[i] = rec[i].copy()
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
            handler = _HANDLER_OF.get(type(ev), _NOT_ITEM)
            if handler is _NOT_ITEM:  # not an item's own event (or not parsed yet)
                kind = _KIND.get(type(ev))
                if kind is None:
                    ev = parse(ev)
                    kind = _KIND.get(type(ev))
                    if kind is None:  # a base class, or a host's subclass of an event
                        raise _unknown_class(ev)
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
                check_version(ev.type, f"item:{item_id}", expected_version, rec[_VERSION])
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
            if dest is not state and rec[_PARENT] is not None:
                if state in OPEN_STATES and dest not in OPEN_STATES:
                    open_children[rec[_PARENT]] -= 1
                elif dest in OPEN_STATES and state not in OPEN_STATES:  # reopened (S0-3.5)
                    open_children[rec[_PARENT]] += 1

    def _apply_other(
        self, event: Event, kind: int, expected_version: int | None, commit: bool = True
    ) -> None:
        """Decide, then (if ``commit``) record, an event that is not an existing item's."""
        if expected_version is not None:
            stream = stream_of(event)
            check_version(event.type, stream, expected_version, self.version_of(stream))
        if kind == _DRAFT:
            self._draft(event, commit)  # type: ignore[arg-type]
        elif kind == _BULLETIN:
            self._issue(event, commit)  # type: ignore[arg-type]
        elif kind == _RECTIFY:
            self._rectify(event, commit)  # type: ignore[arg-type]
        else:
            self._plan(event, commit)  # type: ignore[arg-type]

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
            ev: Event = event if type(event) in _KIND else parse(event)  # type: ignore[assignment]
            kind = _KIND.get(type(ev))
            if kind is None:
                raise _unknown_class(ev)
            if kind != _ITEM:
                self._apply_other(ev, kind, expected_version, commit=False)
                return None
            item_id = ev.item_id  # type: ignore[union-attr]
            rec = self._recs.get(item_id)
            if rec is None:
                refuse_unknown_item(ev.type, item_id)
            if expected_version is not None:
                check_version(ev.type, f"item:{item_id}", expected_version, rec[_VERSION])
            _dest, party = admit(ev, rec[_STATE], rec[_LAST_AT], rec[_LEAD], rec[_CO_UNITS])  # type: ignore[arg-type]
            handler = _HANDLER_OF[type(ev)]
            if handler is not None:
                handler(self, _copy_record(rec), ev, party)
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
        if at < rec[_LAST_AT] or at - rec[_LAST_AT] > MAX_GAP or not FIRST_DAY <= day <= LAST_DAY:
            return ()  # out of order, implausibly late, or outside the calendar: nothing is accepted
        party = party_of(actor, rec[_LEAD], rec[_CO_UNITS])
        return possible(_facts(rec, self._open_children, self._recs), party, day, self._rules)

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
            return 0 if rec is None else int(rec[_VERSION])
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
            return None if rec is None else rec[_LAST_AT]
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
            if rec[_STATE] not in OPEN_STATES or rec[_DEADLINE] is None:
                continue
            current: Deadline = rec[_DEADLINE]
            proposed = _recompute(
                rec[_DEADLINES], current, rec[_CATEGORY], rec[_URGENT], rec[_STIPULATED], rules, rec[_HISTORY]
            )
            if proposed is not None and proposed.due != current.due:
                out.append(DeadlineRevision(item_id, current, proposed))
        return out

    # -- the fold -----------------------------------------------------------------------------

    def _get(self, item_id: str, what: str) -> Item:
        if type(item_id) is not str or item_id not in self._recs:
            refuse_unknown_item(what, str(item_id))
        return self._item(item_id)

    def _draft(self, event: Drafted, commit: bool = True) -> None:
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
        if parent is not None:
            check_not_before(
                "Drafted",
                item_id,
                event.at,
                parent[_HISTORY][0].at,
                reference=f"上级事项{parent_id!r}的拟办（the parent's Drafted）",
                clause="S4-17",
            )
            if event.stipulated_due is not None:
                check_within_parent(
                    item_id, event.stipulated_due, _bound(parent), parent_id or "", "规定期限"
                )
        if not commit:
            return
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
        rec[_DEADLINES] = []
        rec[_REPORTS] = []
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
        check_received_on(rec[_ID], received, rec[_DRAFTED_ON], cst_day(event.at))
        rules = self._rules
        deadline, stored = _recorded(
            lambda: rules.deadline(
                rec[_CATEGORY], received, urgent=rec[_URGENT], stipulated=rec[_STIPULATED]
            ),
            event,
            received,
            rules,
        )
        if rec[_CATEGORY] is Category.DEPUTY_PROPOSAL:
            check_stipulated_ceiling(rec[_ID], rec[_STIPULATED], proposal_ceiling(rules, received), received)
        parent_id = rec[_PARENT]
        if parent_id is not None:
            check_within_parent(rec[_ID], deadline.due, _bound(self._recs[parent_id]), parent_id, "办理期限")
        rec[_RECEIVED] = shared_day(received)
        rec[_DEADLINE] = deadline
        rec[_DEADLINES].append(
            _new_tuple(DeadlineChange, (ChangeKind.ASSIGNED, deadline, event.at, event.by, rec[_VERSION] + 1))
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
        if rec[_PROJECT]:
            check_progress(
                rec[_ID],
                party,
                project=True,
                percent_complete=event.percent_complete,
                investment_done=event.investment_done,
                work_done=event.work_done,
            )
        rec[_REPORTS].append(cst_day(event.at))
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
            work_done=event.work_done,
            by=event.by,
        )
        day = cst_day(event.at)
        deadline = rec[_DEADLINE]
        on_time = deadline is not None and day <= deadline.due
        rec[_FEEDBACK_ON] = day
        rec[_FEEDBACK_OK] = on_time
        if not on_time and rec[_LATE] is None and deadline is not None:
            rec[_LATE] = (deadline.due, day)
        rec[_REPORTS].append(day)
        rec[_PENDING] = None
        rec[_URGES_SINCE] = 0
        if event.percent_complete is not None:
            rec[_PERCENT] = event.percent_complete
        return event

    def _on_approved(self, rec: Record, event: ItemEvent, party: Party) -> ItemEvent:
        check_closing(rec[_ID], self._open_children.get(rec[_ID], 0))
        rec[_CLOSED_ON] = cst_day(event.at)
        # Late is late (S1-2.6 未按时完成): a report filed after its deadline, then returned
        # and resubmitted in time, does not make the item 按时办结.
        rec[_CLOSED_OK] = rec[_FEEDBACK_OK] and rec[_LATE] is None
        return event

    def _on_returned(self, rec: Record, event: Returned, party: Party) -> ItemEvent:
        check_return_kind(party, event.kind.value, rec[_STATE])
        day = cst_day(event.at)
        rules = self._rules
        # Rework never shortens the time the unit had (S0-3.4, S4-7): the deadline in force
        # when the report went back is the earliest the new one can be.
        in_force = rec[_DEADLINE].due
        deadline, stored = _recorded(
            lambda: rules.rework_deadline(
                rec[_CATEGORY], day, urgent=rec[_URGENT], kind=event.kind.value, in_force=in_force
            ),
            event,
            day,
            rules,
        )
        rec[_DEADLINE] = deadline
        rec[_DEADLINES].append(
            _new_tuple(DeadlineChange, (ChangeKind.REWORK, deadline, event.at, event.by, rec[_VERSION] + 1))
        )
        rec[_REWORK] += 1
        rec[_RETURN_KIND] = event.kind
        rec[_PENDING] = None
        # A leader's 批示 on an approved item reopens it (S0-3.5): it is no longer 办结.
        rec[_CLOSED_ON] = None
        rec[_CLOSED_OK] = None
        return stored

    def _on_reported_to_leader(self, rec: Record, event: ItemEvent, party: Party) -> ItemEvent:
        rec[_REPORTED_UP] = cst_day(event.at)
        return event

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
        parent_id = rec[_PARENT]
        if parent_id is not None:
            check_within_parent(
                rec[_ID], event.new_due, _bound(self._recs[parent_id]), parent_id, "申请延期至"
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
            check_extension_grant(rec[_ID], old.due, request.new_due)
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
            rec[_DEADLINES].append(
                DeadlineChange(ChangeKind.EXTENSION, deadline, event.at, event.by, rec[_VERSION] + 1)
            )
        rec[_PENDING] = None
        return event

    def _on_revised(self, rec: Record, event: DeadlineRevised, party: Party) -> ItemEvent:
        old: Deadline = rec[_DEADLINE]
        calendar = self._rules.calendar
        check_revision(rec[_ID], event.due, old.start, calendar)
        # Rules that no longer give this deadline only lose the basis text (None).
        proposed = _recompute(
            rec[_DEADLINES], old, rec[_CATEGORY], rec[_URGENT], rec[_STIPULATED], self._rules, rec[_HISTORY]
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
        rec[_DEADLINE] = deadline
        rec[_DEADLINES].append(
            DeadlineChange(ChangeKind.REVISION, deadline, event.at, event.by, rec[_VERSION] + 1)
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

    def _plan(self, event: InspectionPlanned, commit: bool = True) -> None:
        authorize("InspectionPlanned", event.by, "", ())
        check_new_id(
            "InspectionPlanned", "inspection", event.inspection_id, event.inspection_id in self._inspections
        )
        unknown = [item_id for item_id in event.item_ids if item_id not in self._recs]
        check_known_items("InspectionPlanned", event.inspection_id, unknown)
        self._check_items_drafted_before(event, event.inspection_id, "S4-16")
        check_in_range(self._rules.calendar, event.start, event.end)
        if not commit:
            return
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

    def _issue(self, event: BulletinIssued, commit: bool = True) -> None:
        authorize("BulletinIssued", event.by, "", ())
        check_bulletin_issuer(event.by, event.level.value)
        check_new_id("BulletinIssued", "bulletin", event.bulletin_id, event.bulletin_id in self._bulletins)
        unknown = [item_id for item_id in event.item_ids if item_id not in self._recs]
        check_known_items("BulletinIssued", event.bulletin_id, unknown)
        self._check_items_drafted_before(event, event.bulletin_id, "S0-3.6")
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
        self._bulletins[event.bulletin_id] = bulletin
        self._log.append(event)
        for unit in event.units:
            self._units[unit] = None

    def _check_items_drafted_before(
        self, event: BulletinIssued | InspectionPlanned, stream: str, clause: str
    ) -> None:
        for item_id in event.item_ids:
            check_not_before(
                event.type,
                stream,
                event.at,
                self._recs[item_id][_HISTORY][0].at,
                reference=f"事项{item_id!r}的拟办（the Drafted of item {item_id!r}）",
                clause=clause,
            )

    def _rectify(self, event: RectificationReported, commit: bool = True) -> None:
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
        if not commit:
            return
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
    "ReportedToLeader": Ledger._on_reported_to_leader,
    "ExtensionRequested": Ledger._on_extension_requested,
    "ExtensionDecided": Ledger._on_extension_decided,
    "DeadlineRevised": Ledger._on_revised,
    "Evaluated": Ledger._on_evaluated,
    "Archived": None,
    "Cancelled": Ledger._on_cancelled,
}
assert set(_HANDLERS) == {event for (event, _state) in NEXT}, "every transition of the graph has a handler"

# What a new record holds between ``drafted_on`` and ``last_at``: nothing yet.
_BLANK_TAIL = (
    *(None, None, (), 0, None, 0, 0, None, (), None, None, None, None, None, None, None, None),
    *(None, None, None),
)
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


def _facts(rec: Record, open_children: dict[str, int], recs: Mapping[str, Record]) -> ItemFacts:
    """The record as the plain values the machine decides on."""
    deadline: Deadline | None = rec[_DEADLINE]
    pending: ExtensionRequested | None = rec[_PENDING]
    parent_id: str | None = rec[_PARENT]
    return ItemFacts(
        item_id=rec[_ID],
        state=rec[_STATE],
        lead_unit=rec[_LEAD],
        co_units=rec[_CO_UNITS],
        category=rec[_CATEGORY],
        urgent=rec[_URGENT],
        project=rec[_PROJECT],
        stipulated_due=rec[_STIPULATED],
        drafted_on=rec[_DRAFTED_ON],
        due=None if deadline is None else deadline.due,
        start=None if deadline is None else deadline.start,
        pending_since=None if pending is None else pending.day,
        pending_due=None if pending is None else pending.new_due,
        open_children=open_children.get(rec[_ID], 0),
        parent_id=parent_id,
        parent_due=None if parent_id is None else _bound(recs[parent_id]),
    )


def _aware(at: datetime) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise RuleViolation(
            f"时间须带时区（如 2024-09-30T09:00:00+08:00），收到：{at!r}",
            code="time.naive",
            en=f"at must be a timezone-aware datetime, got {at!r}",
        )
    return at


_AnyDue = Assigned | Returned


def _recorded(
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
    if computed is not None and event.due == computed.due:
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


def _bound(parent: Record) -> date | None:
    """The day a decomposed task must finish by: its parent's deadline in force, or the
    parent's stipulated date before it is assigned (S4-17)."""
    deadline: Deadline | None = parent[_DEADLINE]
    return deadline.due if deadline is not None else parent[_STIPULATED]


def _recompute(
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
