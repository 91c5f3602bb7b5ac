"""Summaries of a province's log on Dask (``pip install duban_core[dask]``).

:func:`summarize` takes a :class:`dask.bag.Bag` of events — event objects, dicts or JSON lines
(``dask.bag.read_text("log/*.jsonl")``), in **any** partitioning — and returns the same
:class:`~duban_core.oversight.Summary` as one process would::

    summarize(bag, on=on, year=year, rules=rules)
    == oversight.summarize(Ledger.replay(bag.compute(), rules), on=on, year=year)

The input's partitions need not respect items: an item's events may be spread over files,
a bulletin may sit in another file than the items it names. So the log is re-sharded inside
Dask, with Dask's own operations only:

1. **tag** — every record of each input partition is tagged with its place in the bag
   (partition, position), so each shard can later be put back in the log's order
   (``Bag.to_delayed`` / ``dask.bag.from_delayed``), and with its references, read from
   the JSON by a small pydantic model of the id fields alone (an event object or dict is
   parsed in full); the records themselves travel as given — JSON lines stay text, cheap to
   move between workers;
2. **components** — the references between events (a child item's parent, S4-17; a
   bulletin's items, S0-3.6, and its rectification reports, S1-2.6; an inspection's items,
   S4-16) are gathered per partition into a union-find
   (:class:`duban_core.sharding.Components`) and merged in a tree (``Bag.reduction``);
3. **shuffle** — each event is keyed by a stable hash of its component's representative,
   each input partition's events are grouped by that key, and the bag of groups is regrouped
   by it (``Bag.groupby(..., shuffle="tasks")``, one list per partition and shard, not one
   element per event), so every component lands whole in one shard, as
   :func:`duban_core.partition` does in one process;
4. **fold** — each shard is sorted back into log order, parsed and replayed
   (:meth:`~duban_core.Ledger.replay`) and summarised
   (:func:`~duban_core.oversight.summarize`) on a worker;
5. **merge** — the shards' summaries are merged in a tree (``Bag.reduction`` with
   :meth:`~duban_core.oversight.Summary.merge`).

The rules reach the workers as their JSON (``RuleSet.model_dump_json()``, rebuilt with
``RuleSet.model_validate_json`` on the worker): plain text in the task graph, the same on
every worker whatever its Python objects. A refused event fails the computation with the
ledger's own error (a :class:`~duban_core.errors.DubanError`), its position counted within
its shard.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import date
from functools import partial, reduce
from operator import itemgetter
from typing import Any

import dask.bag as db
from dask.base import get_scheduler
from dask.delayed import delayed
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from .events import parse
from .ledger import Ledger
from .oversight import Summary
from .oversight import summarize as summarize_ledger
from .ruleset import RuleSet
from .sharding import Components, check_parts, links, node

__all__ = ["summarize"]

#: (partition, position, node, links, record): an input record with its place in the log and
#: its references; the record travels as given (a JSON line stays bytes or text, cheap to
#: move between workers) and is parsed in full once, by the worker that folds it.
_Tagged = tuple[int, int, str, tuple[str, ...], Any]
#: (partition, position, record)
_Row = tuple[int, int, Any]


class _References(BaseModel):
    """The fields of an event that place it in the reference graph, read from its JSON
    without validating the rest (the fold validates every event in full)."""

    model_config = ConfigDict(extra="ignore")

    item_id: str | None = None
    bulletin_id: str | None = None
    inspection_id: str | None = None
    parent_id: str | None = None
    item_ids: tuple[str, ...] = ()


_REFERENCES = TypeAdapter(_References)


def _place(record: Any) -> tuple[str, tuple[str, ...]]:
    """The node a record belongs to and the nodes it links to (:mod:`duban_core.sharding`)."""
    if isinstance(record, (str, bytes, bytearray)):
        try:
            refs = _REFERENCES.validate_json(record)
        except ValidationError:
            refs = None
        if refs is not None:
            if refs.item_id is not None:
                home = "item:" + refs.item_id
                return home, (("item:" + refs.parent_id,) if refs.parent_id is not None else ())
            named = tuple("item:" + item_id for item_id in refs.item_ids)
            if refs.bulletin_id is not None:
                return "bulletin:" + refs.bulletin_id, named
            if refs.inspection_id is not None:
                return "inspection:" + refs.inspection_id, named
    event = parse(record)  # not a JSON event: the full parse says why, or handles a dict
    return node(event), links(event)


def _tag(records: Iterable[Any], index: int) -> list[_Tagged]:
    """One input partition, each record with its place in the log and its references."""
    out: list[_Tagged] = []
    for record in records:
        if isinstance(record, (str, bytes)) and not record.strip():
            continue  # a blank line of a JSON-lines file
        home, refs = _place(record)
        out.append((index, len(out), home, refs, record))
    return out


def _components(tagged: Iterable[_Tagged]) -> Components:
    found = Components()
    for _, _, home, refs, _ in tagged:
        for other in refs:
            found.union(home, other)
    return found


def _merge_components(parts: Iterable[Components]) -> Components:
    return reduce(Components.merge, parts, Components())


def _split(tagged: Iterable[_Tagged], found: Components, shards: int) -> list[tuple[int, list[_Row]]]:
    """One input partition's records grouped by shard: a stable hash of the component's
    representative (not Python's ``hash``, which differs between worker processes). The
    shuffle then moves one list per (partition, shard), not one element per record."""
    root = found.root
    groups: dict[int, list[_Row]] = {}
    for index, position, home, _, record in tagged:
        shard = zlib.crc32(root(home).encode()) % shards
        rows = groups.get(shard)
        if rows is None:
            rows = groups[shard] = []
        rows.append((index, position, record))
    return list(groups.items())


def _rules(rules_json: str | None) -> RuleSet:
    # The default rule set is shared within a process (its deadline cache with it).
    return RuleSet.default() if rules_json is None else RuleSet.model_validate_json(rules_json)


def _fold_shard(
    group: tuple[int, list[tuple[int, list[_Row]]]], rules_json: str | None, on: date, year: int
) -> Summary:
    """A worker's job: one shard's pieces put in log order, replayed and summarised."""
    _, pieces = group
    rows = [row for _, piece in pieces for row in piece]
    rows.sort(key=itemgetter(0, 1))
    ledger = Ledger.replay((row[2] for row in rows), _rules(rules_json))
    return summarize_ledger(ledger, on=on, year=year)


def _merge(parts: Iterable[Summary], start: Summary) -> Summary:
    return reduce(Summary.merge, parts, start)


def _on_a_cluster() -> bool:
    """Whether the scheduler in force is a ``distributed`` client's."""
    scheduler = get_scheduler()
    owner = getattr(scheduler, "__self__", None)
    return type(owner).__module__.startswith("distributed") and type(owner).__name__ == "Client"


def summarize(
    bag: db.Bag,
    *,
    on: date,
    year: int,
    rules: RuleSet | None = None,
    shards: int | None = None,
) -> Summary:
    """The :class:`~duban_core.oversight.Summary` of every event in ``bag`` (event objects,
    dicts or JSON lines, in any partitioning; blank lines are skipped), equal to
    ``oversight.summarize(Ledger.replay(events, rules), on=on, year=year)``.

    ``shards`` (default: the bag's number of partitions) is how many ledgers the log is
    folded into; components are never split. Runs on the current Dask scheduler (a
    ``distributed.Client`` if one is active) and returns the computed summary.
    """
    if not isinstance(bag, db.Bag):
        from .errors import DubanError

        raise DubanError(
            f"需要一个 dask.bag.Bag，收到 {type(bag).__name__}",
            code="dask.not_a_bag",
            en=f"expected a dask.bag.Bag, got {type(bag).__name__}",
        )
    shards = check_parts(bag.npartitions if shards is None else shards)
    rules_json = None if rules is None else rules.model_dump_json()
    # The empty ledger's summary: checks ``on`` and ``year`` here, before any work is sent,
    # and is the identity of the merge (a bag with no events summarises to it).
    empty = summarize_ledger(Ledger(_rules(rules_json)), on=on, year=year)
    tagged = db.from_delayed(
        [delayed(_tag)(part, index) for index, part in enumerate(bag.to_delayed(optimize_graph=True))]
    )
    if _on_a_cluster():
        # Two steps read the tagged records (the union-find and the split), and Dask builds
        # the split's graph with its own copy of the union-find's inputs: without persisting,
        # every input partition would be read and tagged twice. (On the local schedulers a
        # persisted bag is a literal in the next graph, which Dask walks element by element;
        # there the second tagging is the cheaper way.)
        tagged = tagged.persist()
    found = tagged.reduction(_components, _merge_components)
    pieces = tagged.map_partitions(_split, found, shards)
    groups = pieces.groupby(itemgetter(0), shuffle="tasks")
    summaries = groups.map(_fold_shard, rules_json, on, year)
    total = summaries.reduction(partial(_merge, start=empty), partial(_merge, start=empty))
    result = total.compute()
    assert isinstance(result, Summary)
    return result
