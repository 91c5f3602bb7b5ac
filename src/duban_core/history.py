"""History (Fold layer): the ledger as it stood at the end of any China-time day.

The event log is the record, so the past is recoverable: the ledger *as of* day ``d`` is
the ledger that replaying the events whose CST day is on or before ``d`` gives, in their
order in the log, under the same rules (:meth:`Ledger.as_of <duban_core.ledger.Ledger.as_of>`).

What that replay means, exactly:

* Every stream — an item, a bulletin — accepts its events in time order (the fold refuses
  an earlier event after a later one), so the kept events of a stream are a *prefix* of its
  history. An item's state depends on its own events and the rules only, so an item whose
  whole history is on or before ``d`` is the item the ledger holds now, and only the items
  cut by ``d`` are folded again, from their own prefixes.
* The log keeps its order: the kept events, in the order they were accepted. Events of
  different items may arrive in any order (a late-recorded feedback after another item's
  drafting), so this is *not* a prefix of the log. ``version`` is the number kept; an item's
  ``version`` counts its kept events.
* Units appear in the order the kept log first mentions them.
* A few rules look across streams: a child item needs its parent (S4-17 分解立项), a parent
  closes after its children, a bulletin or inspection names items that exist. When the log
  was recorded out of time order across such streams (a bulletin at 09-10 naming an item
  drafted 09-20), the replay up to some days refuses; :func:`as_of` then refuses too, with
  a :class:`~duban_core.errors.DubanError` of code ``history.out_of_order``.

:func:`as_of` costs one filter over the log's days (built once per ledger and extended as
events arrive), a copy of the kept records (like :meth:`Ledger.copy`) and a fold of the cut
items' prefixes — not a replay. :func:`views_at` gives the ledger at many days in one walk
over the log, for series (:func:`duban_core.oversight.series`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from itertools import accumulate
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from ._checks import check_date
from ._record import copy_record
from .clock import cst_day
from .errors import DubanError
from .events import Approved, BulletinIssued, Cancelled, Drafted, Event, InspectionPlanned
from .items import Bulletin, Inspection, Item
from .machine import DONE_STATES, OPEN_STATES
from .ruleset import RuleSet

if TYPE_CHECKING:
    from .ledger import Ledger

__all__ = ["LedgerAt", "as_of", "latest_day", "views_at"]

_AT = attrgetter("at")


class _Index:
    """What the history functions keep about one ledger's log, extended as it grows.

    ``days`` (each event's CST day) and ``reach`` (their running maximum, so every event
    before ``bisect_right(reach, d)`` is on or before ``d``) cover ``log[:len(days)]``,
    built on the first :func:`as_of`; ``mentions`` (positions of the events that name units)
    covers ``log[:mentioned]``. Until ``days`` is built, the latest day comes from
    ``latest_at``, the latest time of ``log[:seen]``: one C-level pass over the times.
    """

    __slots__ = ("days", "latest_at", "log", "mentioned", "mentions", "reach", "seen")

    def __init__(self, log: list[Event], days: list[date] | None = None) -> None:
        self.log = log
        self.seen = 0
        self.latest_at: datetime | None = None
        self.days: list[date] = [] if days is None else days
        self.reach: list[date] = list(accumulate(self.days, max))
        self.mentioned = 0
        self.mentions: list[int] = []

    def latest(self) -> date | None:
        log = self.log
        if len(self.days) == len(log):
            return self.reach[-1] if log else None
        if self.seen < len(log):
            # The on rule asks this on every view call: the times' maximum in C is ten
            # times cheaper than a day per event (cst_day).
            newest = max(map(_AT, log[self.seen :]))
            if self.latest_at is None or newest > self.latest_at:
                self.latest_at = newest
            self.seen = len(log)
        return None if self.latest_at is None else cst_day(self.latest_at)

    def extend(self) -> None:
        log, days = self.log, self.days
        start = len(days)
        if start == len(log):
            return
        new = [cst_day(event.at) for event in log[start:]]
        days.extend(new)
        top = self.reach[-1] if self.reach else new[0]
        self.reach.extend(accumulate(new, max, initial=top))
        del self.reach[start]  # the seed ``initial`` is not an event's

    def named(self) -> list[int]:
        """The positions of the events that name units (drafting, bulletins, inspections)."""
        start = self.mentioned
        if start < len(self.log):
            self.mentions.extend(
                start + i
                for i, event in enumerate(self.log[start:])
                if isinstance(event, (Drafted, BulletinIssued, InspectionPlanned))
            )
            self.mentioned = len(self.log)
        return self.mentions


def _index(ledger: Ledger) -> _Index:
    index: _Index | None = getattr(ledger, "_history", None)
    if index is None or index.log is not ledger._log:
        index = ledger._history = _Index(ledger._log)
    return index


def latest_day(ledger: Ledger) -> date | None:
    """The CST day of the ledger's latest event (``None`` for an empty ledger).

    The log is not in time order across streams, so this is the latest of all, not the
    last one's; kept up to date in time proportional to the events added since it was asked.
    """
    return _index(ledger).latest()


def _refuse(zh: str, en: str, clause: str) -> DubanError:
    return DubanError(
        f"{zh}；事件记录的先后与发生时间不一致，无法还原该日的台账（as_of）",
        code="history.out_of_order",
        clause=clause,
        en=f"{en}; the log was recorded out of time order across streams, so the ledger as of that day "
        "cannot be rebuilt (as_of)",
    )


def _check_references(
    day: date,
    items: Mapping[str, Any],
    parent_of: Iterable[tuple[str, str | None]],
    bulletins: Iterable[Bulletin],
    inspections: Iterable[Inspection],
) -> None:
    """Refuse what a replay of the events up to ``day`` refuses across streams: a kept child
    whose parent was drafted later, a kept bulletin or inspection naming a later item."""
    for item_id, parent in parent_of:
        if parent is not None and parent not in items:
            raise _refuse(
                f"截至{day.isoformat()}，分解事项{item_id!r}已拟办而其上级事项{parent!r}尚未拟办",
                f"as of {day.isoformat()} child item {item_id!r} is drafted but its parent {parent!r} is not yet",
                "S4-17",
            )
    for bulletin in bulletins:
        for item_id in bulletin.item_ids:
            if item_id not in items:
                raise _refuse(
                    f"截至{day.isoformat()}，通报{bulletin.bulletin_id!r}已印发而其所涉事项{item_id!r}尚未拟办",
                    f"as of {day.isoformat()} bulletin {bulletin.bulletin_id!r} names item {item_id!r}, "
                    "not drafted yet",
                    "S0-3.6",
                )
    for inspection in inspections:
        for item_id in inspection.item_ids:
            if item_id not in items:
                raise _refuse(
                    f"截至{day.isoformat()}，督查检查{inspection.inspection_id!r}已报备而其所涉事项{item_id!r}尚未拟办",
                    f"as of {day.isoformat()} inspection {inspection.inspection_id!r} names item {item_id!r}, "
                    "not drafted yet",
                    "S4-16",
                )


def _check_children(
    day: date, states: Iterable[tuple[str, str | None, Any]], item_of: Callable[[str], Item]
) -> None:
    """Refuse a kept open child under a parent whose approval is kept: the replay refuses
    that approval (a parent closes after its children, S4-17)."""
    for item_id, parent, state in states:
        if parent is not None and state in OPEN_STATES and item_of(parent).state in DONE_STATES:
            raise _refuse(
                f"截至{day.isoformat()}，上级事项{parent!r}已办结而分解事项{item_id!r}尚未办结",
                f"as of {day.isoformat()} parent item {parent!r} is closed while its child {item_id!r} is still open",
                "S4-17",
            )


def _bulletins_at(bulletins: Iterable[Bulletin], day: date) -> dict[str, Bulletin]:
    out = {}
    for bulletin in bulletins:
        if bulletin.issued_on > day:
            continue
        if cst_day(bulletin.last_at) > day:  # cut: keep the reports filed by then
            history = tuple(event for event in bulletin.history if cst_day(event.at) <= day)
            bulletin = bulletin._replace(
                rectifications=tuple(pair for pair in bulletin.rectifications if pair[1] <= day),
                last_at=history[-1].at,
                history=history,
            )
        out[bulletin.bulletin_id] = bulletin
    return out


def _units_at(index: _Index, day: date) -> dict[str, None]:
    units: dict[str, None] = {}
    log, days = index.log, index.days
    index.extend()
    for position in index.named():
        if days[position] > day:
            continue
        event = log[position]
        if isinstance(event, Drafted):
            units[event.lead_unit] = None
            for unit in event.co_units:
                units[unit] = None
        else:
            for unit in cast("BulletinIssued | InspectionPlanned", event).units:
                units[unit] = None
    return units


def as_of(ledger: Ledger, day: date) -> Ledger:
    """The ledger as it stood at the end of ``day`` (China time): equal to replaying the
    events whose CST day is on or before ``day``, in log order, under the ledger's rules.

    A new, independent ledger (applying events to it leaves ``ledger`` alone). Refuses with
    a :class:`~duban_core.errors.DubanError` (``history.out_of_order``) where that replay
    refuses: see the module documentation.
    """
    day = check_date(day, "day")
    index = _index(ledger)
    latest = index.latest()
    if latest is None or latest <= day:
        return ledger.copy()
    index.extend()
    log, days = index.log, index.days
    cut_at = bisect_right(index.reach, day)  # every event before it is kept
    kept = log[:cut_at]
    kept_days = days[:cut_at]
    for event, event_day in zip(log[cut_at:], days[cut_at:], strict=True):
        if event_day <= day:
            kept.append(event)
            kept_days.append(event_day)

    recs = ledger._recs
    current = dict(zip(recs, ledger._snapshots(), strict=True))
    whole: dict[str, Any] = {}  # item id -> its record now, or None where ``day`` cuts it
    cut: set[str] = set()
    for item_id, rec in recs.items():
        if rec.drafted_on > day:
            continue
        if cst_day(rec.last_at) <= day:
            whole[item_id] = rec
        else:
            whole[item_id] = None
            cut.add(item_id)
    if cut:
        # A child's events were decided against its parent as it stood then (its deadline
        # bounds the child's, S4-17): where the day cuts the parent, it cuts its descendants.
        children: dict[str, list[str]] = {}
        for item_id in whole:
            parent = recs[item_id].parent_id
            if parent is not None:
                children.setdefault(parent, []).append(item_id)
        stack = list(cut)
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in cut:
                    cut.add(child)
                    whole[child] = None
                    stack.append(child)
    bulletins = _bulletins_at(ledger._bulletins.values(), day)
    inspections = {key: value for key, value in ledger._inspections.items() if value.planned_on <= day}
    _check_references(
        day,
        whole,
        ((item_id, recs[item_id].parent_id) for item_id in whole),
        bulletins.values(),
        inspections.values(),
    )

    # Fold the cut items' kept events again, in log order. A cut child needs its ancestors in
    # the scratch ledger as they stood at each of its events, with all their kept events, not
    # only their drafting: a child's deadline is bounded by its parent's deadline in force
    # (S4-17), which rework and extensions move; a cut parent's closing counts its open
    # children, and an ancestor that is itself a child (cancelled, say) must not count open.
    scratch_recs: dict[str, Any] = {}
    scratch_snap: dict[str, Item] = {}
    if cut:
        helpers: set[str] = set()
        for item_id in cut:  # every ancestor: a helper's own drafting needs its parent
            parent = recs[item_id].parent_id
            while parent is not None and parent not in helpers:
                helpers.add(parent)
                parent = recs[parent].parent_id
        helpers -= cut
        events = [
            event
            for event in kept
            if (owner := getattr(event, "item_id", None)) is not None and (owner in cut or owner in helpers)
        ]
        try:
            scratch = type(ledger).replay(events, ledger._rules)
        except DubanError as exc:
            raise _refuse(
                f"截至{day.isoformat()}，按时间截取的事件无法重放（{exc.message}）",
                f"as of {day.isoformat()} the events kept do not replay ({exc.en})",
                exc.clause or "S4-17",
            ) from exc
        scratch_recs = scratch._recs
        scratch_snap = {item_id: scratch._item(item_id) for item_id in cut}

    new_recs: dict[str, Any] = {}
    snaps: dict[str, Item] = {}
    for item_id, rec in whole.items():
        if rec is None:
            new_recs[item_id] = scratch_recs[item_id]
            snaps[item_id] = scratch_snap[item_id]
        else:
            new_recs[item_id] = copy_record(rec)
            snaps[item_id] = current[item_id]
    _check_children(
        day,
        ((item_id, snap.parent_id, snap.state) for item_id, snap in snaps.items()),
        snaps.__getitem__,
    )
    open_children: dict[str, int] = {}
    children_closed_at: dict[str, datetime] = {}
    for snap in snaps.values():
        parent = snap.parent_id
        if parent is not None:
            open_children[parent] = open_children.get(parent, 0) + (snap.state in OPEN_STATES)
            if snap.state not in OPEN_STATES:  # its close: its last 审核办结 or 撤销 (S4-17)
                closes = [e.at for e in snap.history if isinstance(e, (Approved, Cancelled))]
                if closes and (parent not in children_closed_at or closes[-1] > children_closed_at[parent]):
                    children_closed_at[parent] = closes[-1]

    out = type(ledger).__new__(type(ledger))
    out._rules = ledger._rules
    out._recs = new_recs
    out._snaps = snaps
    out._snaps_ordered = True
    out._bulletins = bulletins
    out._inspections = inspections
    out._log = kept
    out._open_children = open_children
    out._children_closed_at = children_closed_at
    out._units = _units_at(index, day)
    # The new ledger's own index, its days known: views asked about it find its latest day
    # at once.
    seeded = _Index(kept, kept_days)
    out._history = seeded
    return out


class LedgerAt:
    """The ledger as it stood at the end of one day, read-only: what the oversight
    functions read (:class:`~duban_core.oversight.LedgerView`) — ``items``, ``bulletins``,
    ``inspections``, ``units``, ``rules`` — equal to those of :func:`as_of` on that day, plus ``day`` and
    ``latest_day`` (its latest event's day). It holds no log and cannot look further back:
    a view asked about an earlier day refuses (``history.no_log``)."""

    __slots__ = ("_bulletins", "_inspections", "_items", "_units", "day", "latest_day", "rules")

    def __init__(
        self,
        day: date,
        latest: date | None,
        items: dict[str, Item],
        bulletins: dict[str, Bulletin],
        units: Sequence[str],
        rules: RuleSet,
        inspections: dict[str, Inspection] | None = None,
    ) -> None:
        self.day = day
        self.latest_day = latest
        self._items = MappingProxyType(items)
        self._bulletins = MappingProxyType(bulletins)
        self._inspections = MappingProxyType(inspections or {})
        self._units = tuple(units)
        self.rules = rules

    @property
    def items(self) -> Mapping[str, Item]:
        """Every item by id as it stood that day, in the ledger's order."""
        return self._items

    @property
    def bulletins(self) -> Mapping[str, Bulletin]:
        """Every bulletin issued by that day, with the rectification reports filed by then."""
        return self._bulletins

    @property
    def inspections(self) -> Mapping[str, Inspection]:
        """Every inspection activity planned by that day."""
        return self._inspections

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit mentioned by that day, in order of first mention."""
        return self._units

    def __repr__(self) -> str:
        return f"<ledger as of {self.day.isoformat()}: {len(self._items)} items>"


def views_at(ledger: Ledger, days: Iterable[date]) -> list[LedgerAt]:
    """The ledger as it stood at the end of each of ``days`` (sorted, duplicates dropped),
    in one walk over the log: one fold of it, taking a snapshot of an item only where one
    of ``days`` falls between two of its events. Each view's items, bulletins and units
    equal those of ``as_of(ledger, day)``; refuses where :func:`as_of` does."""
    wanted = sorted({check_date(day, "day") for day in days})
    if not wanted:
        return []
    index = _index(ledger)
    index.extend()
    log, days_of = index.log, index.days
    scratch = type(ledger)(ledger._rules)
    starts: dict[str, date] = {}
    # item id -> [(first slot, slot after the last, snapshot)]: the item as it stood on
    # wanted[first] … wanted[last]
    spans: dict[str, list[tuple[int, int, Item]]] = {}
    pending: list[Event] = []
    for event, day in zip(log, days_of, strict=True):
        item_id = getattr(event, "item_id", None)
        if item_id is not None:
            start = starts.get(item_id)
            if start is None:
                starts[item_id] = day
                spans[item_id] = []
            elif day > start:
                lo, hi = bisect_left(wanted, start), bisect_left(wanted, day)
                if lo < hi:
                    scratch.apply_all(pending)  # bring the item up to just before ``event``
                    pending.clear()
                    spans[item_id].append((lo, hi, scratch._item(item_id)))
                starts[item_id] = day
        pending.append(event)
    scratch.apply_all(pending)

    end = len(wanted)
    per_day: list[dict[str, Item]] = [{} for _ in wanted]
    for item_id, span in spans.items():  # in item order, as the views' items are
        lo = bisect_left(wanted, starts[item_id])
        if lo < end:
            span.append((lo, end, scratch._item(item_id)))
        for first, last, snap in span:
            for slot in range(first, last):
                per_day[slot][item_id] = snap

    # A child's events were decided against its ancestors as they stood then, and a parent's
    # closing against its children's states (S4-17): on a day that cuts any item of a family
    # drafted by then (the child or one of its ancestors), the replay up to the day may refuse
    # where the whole log did not. Such days ask as_of, which refolds those families.
    recs = ledger._recs
    reach: dict[str, date] = {}  # item -> the latest day of its own and its ancestors' events
    families: list[tuple[date, date]] = []  # (a child's drafting day, its family's reach)
    for item_id, rec in recs.items():  # parents come before their children
        own = cst_day(rec.last_at)
        parent = rec.parent_id
        above = None if parent is None else reach[parent]
        reach[item_id] = own if above is None or above < own else above
        if parent is not None:
            families.append((rec.drafted_on, reach[item_id]))

    known = sorted(set(days_of))
    out = []
    for day, items in zip(wanted, per_day, strict=True):
        if any(drafted <= day < top for drafted, top in families):
            as_of(ledger, day)  # refuses (history.out_of_order) where the replay up to it does
        bulletins = _bulletins_at(ledger._bulletins.values(), day)
        inspections = {key: value for key, value in ledger._inspections.items() if value.planned_on <= day}
        _check_references(
            day,
            items,
            ((key, snap.parent_id) for key, snap in items.items()),
            bulletins.values(),
            inspections.values(),
        )
        _check_children(
            day, ((key, snap.parent_id, snap.state) for key, snap in items.items()), items.__getitem__
        )
        position = bisect_right(known, day)
        latest = known[position - 1] if position else None
        out.append(
            LedgerAt(day, latest, items, bulletins, tuple(_units_at(index, day)), ledger._rules, inspections)
        )
    return out
