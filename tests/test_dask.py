"""``duban_core.dask.summarize`` (contract: Analysts at scale): a bag of events or JSON lines in
any partitioning gives the summary one process gives — on a real ``distributed.LocalCluster``
with two worker processes, and, for the property test, on Dask's synchronous scheduler.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import dask
import dask.bag as db
import pytest
from dask.delayed import delayed
from distributed import Client, LocalCluster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import DubanError, Ledger, RuleSet
from duban_core import dask as ddask
from duban_core import strategies as dst
from duban_core.events import Event
from duban_core.oversight import summarize
from duban_core.simulate import iter_events

ON = date(2024, 12, 31)
YEAR = 2024


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Worker *processes*: events, union-finds and summaries really cross process boundaries.
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def year() -> list[Event]:
    """A small simulated district year: every category, reworks, bulletins and rectifications."""
    return list(iter_events(7, items=150))


def _cuts(events: list[Event], sizes: list[int]) -> db.Bag:
    """A bag whose partitions are consecutive runs of ``events`` of the given sizes (the last
    takes the rest): the way files of a stored log cut it, blind to items and bulletins."""
    parts, start = [], 0
    for size in sizes:
        parts.append(events[start : start + size])
        start += size
    parts.append(events[start:])
    bag: db.Bag = db.from_delayed([delayed(list)(part) for part in parts])
    return bag


def test_json_lines_files_on_a_local_cluster_equal_one_process(
    client: Client, year: list[Event], tmp_path: Path
) -> None:
    # Three files cut at arbitrary lines, read in parallel as a stored log would be.
    lines = [event.model_dump_json() for event in year]
    cuts = [0, 311, 1000, len(lines)]
    for k in range(3):
        (tmp_path / f"log-{k}.jsonl").write_text(
            "\n".join(lines[cuts[k] : cuts[k + 1]]) + "\n", encoding="utf-8"
        )
    bag = db.read_text(str(tmp_path / "log-*.jsonl"))
    got = ddask.summarize(bag, on=ON, year=YEAR)
    assert got == summarize(Ledger.replay(year), on=ON, year=YEAR)
    # Held and moved compressed between the workers: the same summary.
    assert ddask.summarize(bag, on=ON, year=YEAR, compress=True) == got
    assert got.metrics.total > 100
    assert got.assessment  # the bulletins' units are assessed


def test_event_objects_with_other_rules_and_more_shards(client: Client, year: list[Event]) -> None:
    rules = RuleSet.default(counting="working")
    events = list(iter_events(3, items=120, rules=rules))
    got = ddask.summarize(_cuts(events, [5, 400, 1]), on=date(2024, 10, 8), year=YEAR, rules=rules, shards=5)
    assert got == summarize(Ledger.replay(events, rules), on=date(2024, 10, 8), year=YEAR)


def test_a_refused_event_fails_with_the_ledgers_error(client: Client, year: list[Event]) -> None:
    broken = [event for event in year if type(event).__name__ != "Registered"]
    with pytest.raises(DubanError):
        ddask.summarize(db.from_sequence(broken, npartitions=3), on=ON, year=YEAR)


_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(suppress_health_check=_SLOW, max_examples=20, deadline=None)
@given(rules=dst.rule_sets(), data=st.data())
def test_any_partitioning_gives_the_summary_of_the_whole(rules: RuleSet, data: st.DataObject) -> None:
    stream = data.draw(dst.event_streams(rules, max_items=6, max_events=40), label="stream")
    sizes = data.draw(st.lists(st.integers(0, 15), max_size=4), label="sizes")
    as_json = data.draw(st.booleans(), label="as_json")
    compress = data.draw(st.booleans(), label="compress")
    records: list[Event] | list[str] = [e.model_dump_json() for e in stream] if as_json else stream
    # The last day of the stream (not the last event's: streams may record an event after a
    # later-dated one, and a day before the last would ask for an as_of cut, not this test).
    on = max(date(2000, 1, 1), min(date(2099, 12, 31), max((e.day for e in stream), default=ON)))
    with dask.config.set(scheduler="sync"):
        got = ddask.summarize(
            _cuts(records, sizes),  # type: ignore[arg-type]
            on=on,
            year=on.year,
            rules=rules,
            compress=compress,
        )
    assert got == summarize(Ledger.replay(stream, rules), on=on, year=on.year)


def test_an_empty_bag_is_the_empty_ledgers_summary() -> None:
    with dask.config.set(scheduler="sync"):
        got = ddask.summarize(db.from_sequence([], npartitions=1), on=ON, year=YEAR)
    assert got == summarize(Ledger(), on=ON, year=YEAR)


def test_only_a_bag_is_accepted() -> None:
    with pytest.raises(DubanError) as caught:
        ddask.summarize([], on=ON, year=YEAR)  # type: ignore[arg-type]
    assert caught.value.code == "dask.not_a_bag"


def test_an_id_written_another_way_joins_the_same_shard(year: list[Event]) -> None:
    # A host that wrote one event's id with stray spaces (or in another Unicode form) stored
    # the same item: the event's own fields are cleaned to it, and so is the id that places
    # the event. Placed by the raw text, the Drafted would land in another shard than the
    # item's other events and that shard would refuse them.
    lines = [event.model_dump_json() for event in year]
    shards = 7
    at, drafted = next(
        (k, json.loads(line))
        for k, line in enumerate(lines)
        if json.loads(line)["type"] == "Drafted"
        and zlib.crc32(f"item:{json.loads(line)['item_id']}".encode()) % shards
        != zlib.crc32(f"item: {json.loads(line)['item_id']} ".encode()) % shards
    )
    drafted["item_id"] = f" {drafted['item_id']} "
    lines[at] = json.dumps(drafted, ensure_ascii=False)
    with dask.config.set(scheduler="sync"):
        got = ddask.summarize(db.from_sequence(lines, npartitions=4), on=ON, year=YEAR, shards=shards)
    assert got == summarize(Ledger.replay(year), on=ON, year=YEAR)


def test_each_input_partition_is_read_and_tagged_once(
    year: list[Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two steps use the tagged partitions (the union-find and the split); Dask must compute
    # them once, not once per step.
    calls: list[int] = []
    tag = ddask._tag

    def counted(records: Iterable[Any], index: int, compress: bool) -> list[Any]:
        calls.append(index)
        return tag(records, index, compress)

    monkeypatch.setattr(ddask, "_tag", counted)
    bag = db.from_sequence(year, npartitions=5)
    with dask.config.set(scheduler="sync"):
        ddask.summarize(bag, on=ON, year=YEAR)
    assert sorted(calls) == list(range(bag.npartitions))


@pytest.mark.parametrize("partitions", [1, 5, 17, 40])
def test_each_shard_has_a_partition_of_its_own(partitions: int) -> None:
    # Pieces of shards 0..n-1 spread over n partitions, two per shard: after the shuffle every
    # partition holds at most one shard (a fold never waits for another shard's), and each
    # shard holds both of its pieces.
    pieces = db.from_sequence(
        [(s, (k, f"{s}/{k}")) for s in range(partitions) for k in range(2)], npartitions=partitions
    )
    with dask.config.set(scheduler="sync"):
        per_partition = ddask._regroup(pieces).map_partitions(lambda part: [sorted(part)]).compute()
    assert [len(groups) for groups in per_partition].count(1) == partitions
    assert all(len(groups) <= 1 for groups in per_partition)
    shards = sorted(group for groups in per_partition for group in groups)
    assert [shard for shard, _ in shards] == list(range(partitions))
    assert all(sorted(piece for _, piece in got) == [(0, f"{s}/0"), (1, f"{s}/1")] for s, got in shards)
