"""Summaries of a province's log on Dask (``pip install duban_core[dask]``).

:func:`summarize` takes a :class:`dask.bag.Bag` of events — event objects, dicts or JSON lines
(``dask.bag.read_text("log/*.jsonl")``), in **any** partitioning — and returns the same
:class:`~duban_core.oversight.Summary` as one process would::

    summarize(bag, on=on, year=year, rules=rules)
    == oversight.summarize(Ledger.replay(bag.compute(), rules), on=on, year=year)

The input's partitions need not respect items: an item's events may be spread over files,
a bulletin may sit in another file than the items it names. So the log is re-sharded inside
Dask, with Dask's own operations only:

1. **tag** — each input partition (``Bag.to_delayed`` / ``dask.bag.from_delayed``, so each
   keeps its index: the shards are later put back in the log's order) becomes one block: its
   records — JSON texts packed into one UTF-8 blob with their end offsets, dicts and event
   objects as given — and the node each record belongs to, read from the JSON by a
   ``TypedDict`` of the id fields alone (pydantic-core skips the other values; about a
   tenth of the full parse; an event object or dict is parsed in full);
2. **components** — the references between events (a child item's parent, S4-17; a
   bulletin's items, S0-3.6, and its rectification reports, S1-2.6; an inspection's items,
   S4-16) are gathered per block into a union-find (:class:`duban_core.sharding.Components`)
   and merged in a tree (``Bag.reduction``); the result reaches the next step as a
   ``Delayed``, so that the blocks are computed once for both steps;
3. **shuffle** — each block is cut into pieces by a stable hash of its records' components
   (one piece per block and shard, in the block's order), and the pieces are regrouped by
   shard (Dask's task shuffle, ``Bag.groupby(..., shuffle="tasks")``, with the shard number as
   its own hash, so that each shard has a partition of its own), so every component lands
   whole in one shard, as :func:`duban_core.partition` does in one process;
4. **fold** — each shard's pieces are put in the order of their blocks, parsed and
   replayed (:meth:`~duban_core.Ledger.replay`) and summarised
   (:func:`~duban_core.oversight.summarize`) on a worker;
5. **merge** — the shards' summaries are merged in a tree (``Bag.reduction`` with
   :meth:`~duban_core.oversight.Summary.merge`).

Every record is thus parsed in full once and moved between workers once, as packed
UTF-8. The number of shards is the bag's number of partitions unless ``shards`` says
otherwise: read a stored log with ``dask.bag.read_text(..., blocksize=...)`` and the
blocksize sets how much of the log one worker folds at a time, whatever the size of the
log.

The rules reach the workers as their JSON (``RuleSet.model_dump_json()``, rebuilt with
``RuleSet.model_validate_json`` on the worker): plain text in the task graph, the same on
every worker whatever its Python objects. A refused event fails the computation with the
ledger's own error (a :class:`~duban_core.errors.DubanError`), its position counted within
its shard.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator
from datetime import date
from functools import partial, reduce
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any

import dask.bag as db
from dask.bag.core import groupby_tasks
from dask.delayed import delayed
from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

from ._text import Name
from .events import SCHEMA_VERSION, parse
from .ledger import Ledger
from .oversight import Summary
from .oversight import summarize as summarize_ledger
from .ruleset import RuleSet
from .sharding import Components, check_parts, links, node

__all__ = ["summarize"]

#: Records as they travel: JSON texts as one UTF-8 blob with the end offset of each record
#: and whether the blob is compressed (one object to hold, pickle and send, whatever the
#: number of events), or a list of the records as given (dicts, event objects).
_Records = tuple[bytes, "array[int]", bool] | list[Any]
#: One input partition, tagged: (its index in the bag, its records, the nodes its records
#: belong to, each record's node as an index into them, and the (node, links) of the records
#: that refer to other nodes). The records are parsed in full once, by the worker that folds
#: them; the whole input is held like this until the union-find is complete.
_Block = tuple[int, _Records, list[str], "array[int]", list[tuple[str, tuple[str, ...]]]]
#: (shard, (input partition, records)): one input partition's records of one shard, in order.
_Piece = tuple[int, tuple[int, _Records]]


class _References(TypedDict, total=False):
    """The fields of an event that place it in the reference graph, read from its JSON
    without building the rest (the fold validates every event in full). The ids are
    :data:`~duban_core._text.Name`, cleaned exactly as the event's own fields are, so an id
    written with a stray space or in another Unicode form joins the same node."""

    schema_version: int
    item_id: Name
    bulletin_id: Name
    inspection_id: Name
    parent_id: Name | None
    item_ids: list[Name]


# A TypedDict rather than a model: pydantic-core builds a dict of five keys at most and skips
# the other fields' values in the JSON, about a tenth of the full parse.
_REFERENCES = TypeAdapter(_References)


def _place(record: Any) -> tuple[str, tuple[str, ...]]:
    """The node a record belongs to and the nodes it links to (:mod:`duban_core.sharding`)."""
    if isinstance(record, (str, bytes, bytearray)):
        try:
            refs: _References | None = _REFERENCES.validate_json(record)
        except ValidationError:
            refs = None
        if refs is not None and refs.get("schema_version", SCHEMA_VERSION) == SCHEMA_VERSION:
            item_id = refs.get("item_id")
            if item_id is not None:
                parent_id = refs.get("parent_id")
                return "item:" + item_id, (("item:" + parent_id,) if parent_id is not None else ())
            named = tuple("item:" + other for other in refs.get("item_ids", ()))
            bulletin_id = refs.get("bulletin_id")
            if bulletin_id is not None:
                return "bulletin:" + bulletin_id, named
            inspection_id = refs.get("inspection_id")
            if inspection_id is not None:
                return "inspection:" + inspection_id, named
    # Not a current JSON event (a dict, an event object, another schema version, or no event
    # at all): the full parse places it, or says why it cannot.
    event = parse(record)
    return node(event), links(event)


def _tag(records: Iterable[Any], index: int, compress: bool = False) -> list[_Block]:
    """One input partition as one :data:`_Block` (blank lines of a JSON-lines file skipped)."""
    kept: list[Any] = []
    nodes: dict[str, int] = {}
    which = array("I")
    linked: list[tuple[str, tuple[str, ...]]] = []
    texts = True
    for record in records:
        if isinstance(record, str):
            if not record.strip():
                continue
            # UTF-8 takes about half the memory of a str of Chinese text (two bytes a
            # character once one character is beyond Latin-1).
            record = record.encode()
        elif isinstance(record, (bytes, bytearray)):
            if not record.strip():
                continue
        else:
            texts = False
        home, refs = _place(record)
        kept.append(record)
        at = nodes.get(home)
        if at is None:
            at = nodes[home] = len(nodes)
        which.append(at)
        if refs:
            linked.append((home, refs))
    return [(index, _pack(kept, compress) if texts else kept, list(nodes), which, linked)]


def _pack(texts: list[bytes], compress: bool) -> tuple[bytes, array[int], bool]:
    # zlib at its fastest level: JSON lines of one log shrink about eightfold.
    blob = b"".join(texts)
    return zlib.compress(blob, 1) if compress else blob, array("Q", accumulate(map(len, texts))), compress


def _unpack(records: _Records) -> Iterator[Any]:
    if isinstance(records, list):
        yield from records
        return
    packed, ends, compressed = records
    blob = zlib.decompress(packed) if compressed else packed
    start = 0
    for end in ends:
        yield blob[start:end]
        start = end


def _components(blocks: Iterable[_Block]) -> Components:
    found = Components()
    for *_, linked in blocks:
        for home, refs in linked:
            for other in refs:
                found.union(home, other)
    return found


def _merge_components(parts: Iterable[Components]) -> Components:
    return reduce(Components.merge, parts, Components())


def _split(blocks: Iterable[_Block], found: Components, shards: int, compress: bool = False) -> list[_Piece]:
    """Each input partition's records grouped by shard: a stable hash of the component's
    representative (not Python's ``hash``, which differs between worker processes). The
    shuffle then moves one piece per (partition, shard), not one element per record."""
    root = found.root
    out: list[_Piece] = []
    for index, records, nodes, which, _ in blocks:
        shard_of = [zlib.crc32(root(home).encode()) % shards for home in nodes]
        groups: dict[int, list[Any]] = {}
        for at, record in zip(which, _unpack(records), strict=True):
            shard = shard_of[at]
            rows = groups.get(shard)
            if rows is None:
                rows = groups[shard] = []
            rows.append(record)
        packed = not isinstance(records, list)
        out.extend(
            (shard, (index, _pack(rows, compress) if packed else rows)) for shard, rows in groups.items()
        )
    return out


def _rules(rules_json: str | None) -> RuleSet:
    # The default rule set is shared within a process (its deadline cache with it).
    return RuleSet.default() if rules_json is None else RuleSet.model_validate_json(rules_json)


def _fold_shard(group: tuple[int, list[_Piece]], rules_json: str | None, on: date, year: int) -> Summary:
    """A worker's job: one shard's pieces put in log order, replayed and summarised. Each
    piece is already in order within its input partition, so ordering the pieces by
    partition orders the shard."""
    _, pieces = group
    ordered = sorted((piece for _, piece in pieces), key=itemgetter(0))
    records = chain.from_iterable(_unpack(rows) for _, rows in ordered)
    ledger = Ledger.replay(records, _rules(rules_json))
    return summarize_ledger(ledger, on=on, year=year)


def _regroup(pieces: db.Bag) -> db.Bag:
    """The pieces grouped by shard, ``(shard, [piece, …])``, shard ``s`` alone in partition
    ``s`` (when there are no more shards than partitions).

    ``Bag.groupby(shuffle="tasks")`` places a key by a hash of its token: shards would collide
    at random (with as many shards as partitions, about a third of the partitions empty and
    some folding three shards one after another, the slowest deciding the wall time). The
    shard numbers are already uniform, so the same task shuffle runs with the shard as its
    own hash."""
    groups: db.Bag = groupby_tasks(pieces, itemgetter(0), hash=int)
    return groups


def _merge(parts: Iterable[Summary], start: Summary) -> Summary:
    return reduce(Summary.merge, parts, start)


def summarize(
    bag: db.Bag,
    *,
    on: date,
    year: int,
    rules: RuleSet | None = None,
    shards: int | None = None,
    compress: bool = False,
) -> Summary:
    """The :class:`~duban_core.oversight.Summary` of every event in ``bag`` (event objects,
    dicts or JSON lines, in any partitioning; blank lines are skipped), equal to
    ``oversight.summarize(Ledger.replay(events, rules), on=on, year=year)``.

    ``shards`` (default: the bag's number of partitions) is how many ledgers the log is
    folded into; components are never split. Runs on the current Dask scheduler (a
    ``distributed.Client`` if one is active) and returns the computed summary.

    The whole log is held in the cluster's memory between reading it and folding it (as
    UTF-8, about its size on disk, times two or three while it is regrouped by shard).
    ``compress=True`` holds and moves it compressed (zlib at its fastest level, about an
    eighth of the size) for about a fifth more work: for a cluster short of memory.
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
        [
            delayed(_tag)(part, index, compress)
            for index, part in enumerate(bag.to_delayed(optimize_graph=True))
        ]
    )
    # The union-find goes to the split as a Delayed, not as the Item: an Item argument is
    # finalized into a graph of its own, with its own copy of the tagging tasks, and every
    # input partition would be read and tagged twice. As a Delayed it refers to the same
    # tasks, each tagged partition is computed once and released once it has been split.
    found = tagged.reduction(_components, _merge_components).to_delayed(optimize_graph=False)
    pieces = tagged.map_partitions(_split, found, shards, compress)
    groups = _regroup(pieces)
    summaries = groups.map(_fold_shard, rules_json, on, year)
    total = summaries.reduction(partial(_merge, start=empty), partial(_merge, start=empty))
    result = total.compute()
    assert isinstance(result, Summary)
    return result
