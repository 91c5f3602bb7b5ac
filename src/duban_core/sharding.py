"""Partitioning an event stream into shards that each replay alone (Kits).

A province's log is too large for one process; :func:`partition` splits it into ``parts``
streams such that

* every shard replays on its own (``Ledger.replay(shard)`` accepts it whenever the whole
  stream is accepted);
* nothing is dropped or altered: every event lands in exactly one shard, as it was given,
  and the shards keep the stream's order;
* the shards' oversight summaries merge to the summary of the whole
  (:func:`duban_core.oversight.merge_summaries`).

**Why whole components.** Events refer to one another: a decomposed item names its parent
(``Drafted.parent_id``, S4-17), a bulletin names the items it is about
(``BulletinIssued.item_ids``, S0-3.6) and a rectification report names its bulletin
(``RectificationReported.bulletin_id``, S1-2.6), an inspection plan names items
(``InspectionPlanned.item_ids``, S4-16). A ledger refuses a reference to something it does
not hold. So instead of dropping references (what a benchmark once did), the shards keep
*everything that refers to each other together*: items, bulletins and inspections are the
nodes of a graph, every reference an edge, and each connected component (found with a
union-find) goes to one shard whole. A bulletin about items of two districts binds those
items into one component, so the shard that holds the bulletin holds its items too — it
validates exactly as in the whole stream and is counted once, by that shard's assessment.

Components are packed into ``parts`` shards largest first, each into the shard with the
fewest events so far (ties: the lower index), which keeps the shards within one
component's size of each other. The split is a pure function of the events: the same
stream always gives the same shards.

:class:`Components` is the union-find itself, exposed so that a distributed engine can build
it piecewise (one per partition of the input) and :meth:`Components.merge` the pieces;
:mod:`duban_core.dask` does that.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import DubanError
from .events import BulletinEvent, Drafted, Event, InspectionPlanned, parse

__all__ = ["Components", "links", "node", "partition"]


def node(event: Event) -> str:
    """The graph node an event belongs to: ``"item:<id>"``, ``"bulletin:<id>"`` or
    ``"inspection:<id>"``."""
    item_id = getattr(event, "item_id", None)
    if isinstance(item_id, str):
        return "item:" + item_id
    if isinstance(event, BulletinEvent):
        return "bulletin:" + event.bulletin_id
    if isinstance(event, InspectionPlanned):
        return "inspection:" + event.inspection_id
    raise DubanError(  # pragma: no cover - every event type is one of the three
        f"无法确定事件 {type(event).__name__} 所属的事项、通报或督查活动",
        code="partition.unknown_event",
        en=f"cannot tell which item, bulletin or inspection a {type(event).__name__} belongs to",
    )


def links(event: Event) -> tuple[str, ...]:
    """The other nodes ``event`` refers to: a child item's parent (S4-17), the items a
    bulletin (S0-3.6) or an inspection plan (S4-16) names."""
    if isinstance(event, Drafted):
        return ("item:" + event.parent_id,) if event.parent_id is not None else ()
    item_ids = getattr(event, "item_ids", ())
    return tuple("item:" + item_id for item_id in item_ids)


class Components:
    """A union-find over nodes (items, bulletins, inspections): which belong together.

    Only nodes that were linked are stored; any other node is its own component, so the
    structure stays small for a log whose items mostly stand alone.
    """

    __slots__ = ("_parent",)

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def root(self, key: str) -> str:
        """The representative of ``key``'s component (the smallest node in it, so that the
        answer does not depend on the order the links were seen in)."""
        parent = self._parent
        top = key
        while True:
            up = parent.get(top, top)
            if up == top:
                break
            top = up
        while key != top:  # path compression
            up = parent[key]
            parent[key] = top
            key = up
        return top

    def union(self, a: str, b: str) -> None:
        """Put ``a`` and ``b`` in one component."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return
        if rb < ra:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._parent.setdefault(ra, ra)

    def add(self, event: Event) -> None:
        """Record the references ``event`` makes."""
        here = node(event)
        for other in links(event):
            self.union(here, other)

    def merge(self, other: Components) -> Components:
        """A new union-find holding the links of both."""
        merged = Components()
        merged._parent = dict(self._parent)
        for key in other._parent:
            merged.union(key, other.root(key))
        return merged

    def roots(self) -> dict[str, str]:
        """Every linked node with its component's representative."""
        return {key: self.root(key) for key in list(self._parent)}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_components, (self.roots(),))


def _rebuild_components(roots: Mapping[str, str]) -> Components:
    made = Components()
    made._parent = dict(roots)
    return made


def components(events: Iterable[Event]) -> Components:
    """The union-find of every reference the events make."""
    found = Components()
    for event in events:
        found.add(event)
    return found


def pack(sizes: Mapping[str, int], parts: int) -> dict[str, int]:
    """Components (key → events) assigned to ``parts`` bins, largest first into the emptiest
    bin; ties by key, so the assignment is a pure function of ``sizes``."""
    heap = [(0, index) for index in range(parts)]
    placed: dict[str, int] = {}
    for key in sorted(sizes, key=lambda k: (-sizes[k], k)):
        load, index = heapq.heappop(heap)
        placed[key] = index
        heapq.heappush(heap, (load + sizes[key], index))
    return placed


def check_parts(parts: object) -> int:
    """``parts`` as a positive int, or a :class:`~duban_core.errors.DubanError`."""
    if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
        raise DubanError(
            f"分片数须为正整数，收到 {parts!r}",
            code="partition.parts",
            en=f"parts must be a positive int, got {parts!r}",
        )
    return parts


def partition(events: Iterable[Event | dict[str, Any] | str | bytes], parts: int) -> list[list[Event]]:
    """``events`` split into ``parts`` shards that each replay alone (see the module
    documentation): whole components of items, bulletins and inspections, in the stream's
    order, nothing dropped or altered. Dicts and JSON are parsed (:func:`~duban_core.events.parse`).

    Some shards are empty when the stream has fewer components than ``parts``.
    """
    parts = check_parts(parts)
    stream = [parse(event) for event in events]
    found = components(stream)
    keys = [found.root(node(event)) for event in stream]
    sizes: dict[str, int] = {}
    for key in keys:
        sizes[key] = sizes.get(key, 0) + 1
    placed = pack(sizes, parts)
    shards: list[list[Event]] = [[] for _ in range(parts)]
    for key, event in zip(keys, stream, strict=True):
        shards[placed[key]].append(event)
    return shards
