"""``duban_core.partition`` and ``oversight.summarize``: shards that replay alone, summaries
that merge to the whole (contract: Analysts at scale).

References bind items, bulletins and inspections into components that never split: a child
item and its parent (S4-17), a bulletin and the items it names (S0-3.6) with its
rectification reports (S1-2.6), an inspection plan and its items (S4-16).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import Category, DubanError, Ledger, RuleSet, partition
from duban_core import strategies as dst
from duban_core.events import BulletinIssued, BulletinKind, BulletinLevel, Event, RectificationReported
from duban_core.oversight import Summary, merge_summaries, summarize
from duban_core.sharding import Components
from oversight_support import OFFICE, Scenario, head

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _on(data: st.DataObject, events: list[Event]) -> date:
    days = [event.day for event in events] or [date(2024, 10, 9)]
    base = data.draw(st.sampled_from(days), label="base")
    on = base + timedelta(days=data.draw(st.integers(-3, 40), label="offset"))
    return min(max(on, date(2000, 1, 1)), date(2099, 12, 31))


@settings(suppress_health_check=_SLOW, max_examples=30)
@given(rules=dst.rule_sets(), data=st.data())
def test_shards_replay_alone_and_keep_every_event_as_it_was(rules: RuleSet, data: st.DataObject) -> None:
    stream = data.draw(dst.event_streams(rules, max_items=6, max_events=40), label="stream")
    parts = data.draw(st.integers(1, 5), label="parts")
    shards = partition(stream, parts)
    assert len(shards) == parts
    # Nothing dropped, nothing added, nothing altered: the very same objects, each once.
    assert sorted(map(id, (e for shard in shards for e in shard))) == sorted(map(id, stream))
    position = {id(event): k for k, event in enumerate(stream)}
    for shard in shards:
        # The stream's order within each shard.
        assert [position[id(e)] for e in shard] == sorted(position[id(e)] for e in shard)
        ledger = Ledger.replay(shard, rules)  # raises if a shard does not stand alone
        for bulletin in ledger.bulletins.values():
            assert set(bulletin.item_ids) <= set(ledger.items)


@settings(suppress_health_check=_SLOW, max_examples=30)
@given(rules=dst.rule_sets(), data=st.data())
def test_merged_summaries_of_any_partition_equal_the_whole(rules: RuleSet, data: st.DataObject) -> None:
    stream = data.draw(dst.event_streams(rules, max_items=6, max_events=40), label="stream")
    on = _on(data, stream)
    year = data.draw(st.sampled_from(sorted({max(on.year - 1, 2000), on.year})), label="year")
    whole = summarize(Ledger.replay(stream, rules), on=on, year=year)
    shards = partition(stream, data.draw(st.integers(1, 5), label="parts"))
    summaries = [summarize(Ledger.replay(shard, rules), on=on, year=year) for shard in shards]
    # Merged in any order and any grouping.
    order = data.draw(st.permutations(summaries), label="order")
    assert merge_summaries(order) == whole
    if len(order) > 1:
        cut = data.draw(st.integers(1, len(order) - 1), label="cut")
        assert merge_summaries(order[:cut]) + merge_summaries(order[cut:]) == whole
    assert whole + Summary(on=on, year=year) == whole


def _two_units_one_bulletin() -> Scenario:
    """Four items of two units; a criticism names one item of each (S0-3.6), the criticised
    units file their rectification reports (S1-2.6)."""
    s = Scenario()
    s.item("A1", Category.LEADER_INSTRUCTION, date(2024, 3, 4), unit="区住建局")
    s.item("A2", Category.LEADER_INSTRUCTION, date(2024, 3, 4), unit="区住建局")
    s.item("B1", Category.LEADER_INSTRUCTION, date(2024, 3, 4), unit="区水利局")
    s.item("B2", Category.LEADER_INSTRUCTION, date(2024, 3, 4), unit="区水利局")
    s.apply(
        BulletinIssued(
            bulletin_id="TB-1",
            at=s.at(date(2024, 3, 20)),
            by=OFFICE,
            kind=BulletinKind.CRITICISM,
            level=BulletinLevel.OFFICE,
            units=("区住建局", "区水利局"),
            item_ids=("A1", "B1"),
            reason="逾期未办结",
        )
    )
    s.apply(
        RectificationReported(
            bulletin_id="TB-1", unit="区水利局", at=s.at(date(2024, 3, 25)), by=head("区水利局")
        )
    )
    return s


def test_a_bulletin_and_the_items_it_names_stay_together() -> None:
    s = _two_units_one_bulletin()
    shards = partition(s.events, 2)
    nodes = [{getattr(e, "item_id", None) or getattr(e, "bulletin_id", None) for e in sh} for sh in shards]
    # Components: {A1, B1, TB-1} (3 + 3 + 1 + 1 events: drafted, registered, assigned; the bulletin; one report) and {A2}, {B2} (3 each); the big one
    # goes first into shard 0, then A2 and B2 both fill shard 1.
    assert nodes == [{"A1", "B1", "TB-1"}, {"A2", "B2"}]
    bulletin = next(e for e in shards[0] if isinstance(e, BulletinIssued))
    assert bulletin.item_ids == ("A1", "B1")  # kept, not stripped


def test_the_criticism_counts_once_after_merging() -> None:
    # 区住建局 filed no 整改报告: due 2024-03-27 (one week, S1-2.6), missing on 12-31.
    s = _two_units_one_bulletin()
    on = date(2024, 12, 31)
    merged = merge_summaries(
        summarize(Ledger.replay(shard), on=on, year=2024) for shard in partition(s.events, 3)
    )
    housing, water = merged.assessment["区住建局"], merged.assessment["区水利局"]
    assert (housing.criticisms, housing.points_deducted, housing.rectifications_missing) == (1, 1, 1)
    assert (water.criticisms, water.points_deducted, water.rectifications_missing) == (1, 1, 0)
    assert not housing.excellent_allowed
    assert merged.metrics.total == 4
    assert merged == summarize(s.ledger, on=on, year=2024)


def test_a_child_item_stays_with_its_parent() -> None:
    s = Scenario()
    s.item("P", Category.MEETING_DECISION, date(2024, 5, 6))
    s.item("C", Category.MEETING_DECISION, date(2024, 5, 6), parent="P")
    s.item("X", Category.MEETING_DECISION, date(2024, 5, 6))
    shards = partition(s.events, 2)
    assert [{e.item_id for e in sh if hasattr(e, "item_id")} for sh in shards] == [{"P", "C"}, {"X"}]


def test_json_lines_are_parsed_and_more_parts_than_components_leave_shards_empty() -> None:
    s = _two_units_one_bulletin()
    shards = partition((e.model_dump_json() for e in s.events), 5)
    assert [len(sh) for sh in shards] == [8, 3, 3, 0, 0]
    assert [e for sh in shards for e in sh] != []


@pytest.mark.parametrize("parts", [0, -1, 1.5, True, "2"])
def test_parts_must_be_a_positive_int(parts: object) -> None:
    with pytest.raises(DubanError) as caught:
        partition([], parts)  # type: ignore[arg-type]
    assert caught.value.code == "partition.parts"


def test_summaries_of_different_days_do_not_merge() -> None:
    a, b = Summary(on=date(2024, 12, 31), year=2024), Summary(on=date(2024, 12, 30), year=2024)
    with pytest.raises(DubanError) as caught:
        a.merge(b)
    assert caught.value.code == "summary.merge_basis"
    with pytest.raises(DubanError) as empty:
        merge_summaries([])
    assert empty.value.code == "summary.merge_empty"


def test_components_merge_piecewise_and_pickle() -> None:
    import pickle

    s = _two_units_one_bulletin()
    left, right = Components(), Components()
    for k, event in enumerate(s.events):
        (left if k % 2 else right).add(event)
    merged = pickle.loads(pickle.dumps(left.merge(right)))
    assert merged.root("item:B1") == merged.root("item:A1") == merged.root("bulletin:TB-1") == "bulletin:TB-1"
    assert merged.root("item:A2") == "item:A2"
