"""Aggregates over a simulated year: alerts, metrics, findings and the assessment at
10k, 100k and 1M items, and merging partitions computed in parallel processes.

Input: ``duban_core.simulate.iter_events(seed, items=N)`` — a district's year with every
category, reworks, extensions, cancellations, bulletins and rectification reports — folded
with ``Ledger.replay`` under the default rules. On each ledger, one *pass* computes what an
office looks at on 31 December:

    ledger.alerts(on) · ledger.metrics() · ledger.metrics(by="lead_unit") ·
    ledger.metrics(by="category") · ledger.findings(on) · ledger.assess(year)

Reported per size: the replay, the first pass after it (which also builds the frozen item
snapshots the oversight functions read, once per item), a repeated pass (best of k), and
the scaling between sizes: each step multiplies the items by 10, so near-linear means a
time ratio near 10 (target: per-item cost at most 1.5× the smaller size's).

Merging, shown once (at the middle size) with ``multiprocessing``: the stream is split into
two partitions that ledgers accept on their own — an item with its decomposition family
(S4-17), a bulletin with its rectification reports; bulletins and inspections drop their
``item_ids`` (an item may land in the other partition), in the whole stream too — and
written as JSON lines, as shards of a stored log. A ``multiprocessing.Pool(2)`` parses,
replays and aggregates each partition; the parent merges (``merge_metrics``,
``merge_grouped``, ``merge_assessments``; alerts and findings concatenated) and checks the
result equal to the whole before anything is timed. The serial baseline does the same work
on the whole stream in one process.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import time
import zlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from duban_core import Ledger, RuleSet
from duban_core.events import BulletinIssued, Drafted, Event, InspectionPlanned, RectificationReported
from duban_core.oversight import merge_assessments, merge_grouped, merge_metrics
from duban_core.simulate import iter_events

from ._harness import Config, Section, SectionResult, Timing, check, fmt_count, fmt_time, measure

YEAR = 2024
ON = date(YEAR, 12, 31)
PARTS = 2
#: Per-item cost of a 10× larger ledger at most this many times the smaller one's.
LINEAR_SLACK = 1.5


def _pass(ledger: Ledger) -> dict[str, Any]:
    """Every aggregate an office looks at, on ``ON``."""
    return {
        "alerts": ledger.alerts(ON),
        "metrics": ledger.metrics(),
        "by_unit": ledger.metrics(by="lead_unit"),
        "by_category": ledger.metrics(by="category"),
        "findings": ledger.findings(ON),
        "assessment": ledger.assess(YEAR),
    }


def _key(row: Any) -> str:
    return repr(row)


def _merge(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    parts = list(parts)
    return {
        "alerts": sorted((a for p in parts for a in p["alerts"]), key=_key),
        "metrics": merge_metrics(p["metrics"] for p in parts),
        "by_unit": merge_grouped(p["by_unit"] for p in parts),
        "by_category": merge_grouped(p["by_category"] for p in parts),
        "findings": sorted((f for p in parts for f in p["findings"]), key=_key),
        "assessment": merge_assessments(p["assessment"] for p in parts),
    }


def _comparable(result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with its lists in a canonical order and groups as plain dicts."""
    return {
        **result,
        "alerts": sorted(result["alerts"], key=_key),
        "findings": sorted(result["findings"], key=_key),
        "by_unit": dict(result["by_unit"]),
        "by_category": dict(result["by_category"]),
        "assessment": dict(result["assessment"]),
    }


def _aggregate_lines(lines: list[str]) -> dict[str, Any]:
    """A worker's job: parse and replay one partition of JSON lines, then one pass."""
    return _pass(Ledger.replay(lines, RuleSet.default()))


def partition(events: Iterable[Event], parts: int) -> tuple[list[Event], list[list[Event]]]:
    """Split a stream into ``parts`` streams that ledgers accept on their own (see the module
    documentation); returns the whole stream, so adjusted, and the parts."""
    root: dict[str, str] = {}
    whole: list[Event] = []
    split: list[list[Event]] = [[] for _ in range(parts)]

    def choose(key: str) -> int:
        return zlib.crc32(key.encode()) % parts

    for event in events:
        if isinstance(event, Drafted):
            root[event.item_id] = root[event.parent_id] if event.parent_id else event.item_id
        item_id = getattr(event, "item_id", None)
        if isinstance(item_id, str):
            index = choose(f"item:{root[item_id]}")
        elif isinstance(event, (BulletinIssued, RectificationReported)):
            if isinstance(event, BulletinIssued) and event.item_ids:
                event = event.model_copy(update={"item_ids": ()})
            index = choose(f"bulletin:{event.bulletin_id}")
        else:
            if isinstance(event, InspectionPlanned) and event.item_ids:
                event = event.model_copy(update={"item_ids": ()})
            index = 0
        whole.append(event)
        split[index].append(event)
    return whole, split


def _once(label: str, fn: Any, ops: int) -> Timing:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return Timing(label, time.perf_counter() - t0, ops, 1, 1)


def _size(res: SectionResult, n: int, config: Config) -> tuple[Timing, Timing, list[Event]]:
    """Simulate, replay and aggregate ``n`` items; add its rows. Returns the first and the
    repeated pass's timings and the events."""
    heavy = dataclasses.replace(config, repeat=min(config.repeat, 3))
    rules = RuleSet.default()
    gc.collect()
    t0 = time.perf_counter()
    events = list(iter_events(config.seed, items=n, rules=rules))
    t_sim = time.perf_counter() - t0
    holder: list[Ledger] = []
    t_replay = _once("Ledger.replay", lambda: holder.append(Ledger.replay(events, rules)), n)
    ledger = holder.pop()
    items = len(ledger)
    # -- correctness, on the timed ledger ----------------------------------------------------
    check(items > 0.9 * n, f"the simulation holds about {n} items, got {items}")
    first: dict[str, Any] = {}
    t_first = _once("first pass", lambda: first.update(_pass(ledger)), items)
    whole = first["metrics"]
    open_clock = sum(1 for item in ledger.items.values() if item.clock_running)
    check(len(first["alerts"]) == open_clock, "one alert per item whose clock runs")
    assigned = sum(
        1 for i in ledger.items.values() if i.received_on is not None and i.state.value != "CANCELLED"
    )
    check(whole.total == assigned, "metrics.total counts the assigned, uncancelled items")
    check(merge_metrics(first["by_unit"].values()) == whole, "metrics by unit add up to the whole")
    check(merge_metrics(first["by_category"].values()) == whole, "metrics by category add up to the whole")
    check(_comparable(_pass(ledger)) == _comparable(first), "a second pass gives the same answers")
    # -- timing ----------------------------------------------------------------------------------
    t_pass = measure("pass", lambda: _pass(ledger), heavy, ops=items)
    events_n = ledger.version
    res.add(
        f"{fmt_count(items)} items ({fmt_count(events_n)} events): one pass",
        fmt_time(t_pass.seconds),
        f"{fmt_time(t_pass.per_op)} per item; the first pass after the replay "
        f"{fmt_time(t_first.seconds)} ({fmt_time(t_first.per_op)} per item)",
    )
    res.add(
        "  Ledger.replay of that year",
        fmt_time(t_replay.seconds),
        f"{fmt_time(t_replay.seconds / items)} per item, {fmt_time(t_replay.seconds / events_n)} "
        f"per event (simulating it took {fmt_time(t_sim)})",
    )
    return t_first, t_pass, events


def run(config: Config) -> SectionResult:
    res = SectionResult("aggregates", SECTION.title, quick=config.quick)
    sizes = [config.size(full, quick) for full, quick in ((10_000, 100), (100_000, 200), (1_000_000, 400))]
    firsts: list[Timing] = []
    passes: list[Timing] = []
    for index, n in enumerate(sizes):
        t_first, t_pass, events = _size(res, n, config)
        firsts.append(t_first)
        passes.append(t_pass)
        gc.collect()  # the ledger is gone; fork the pool without it
        if index == 1:
            _merging(res, events, config)
        del events
    for j in range(1, len(sizes)):
        small, large = passes[j - 1], passes[j]
        f_small, f_large = firsts[j - 1], firsts[j]
        growth = large.per_op / small.per_op
        res.add(
            f"scaling {fmt_count(small.ops)} → {fmt_count(large.ops)} items",
            f"time ×{large.seconds / small.seconds:.1f}",
            f"for {large.ops / small.ops:.1f}× the items: per-item cost ×{growth:.2f} (first pass: "
            f"time ×{f_large.seconds / f_small.seconds:.1f}, per item ×{f_large.per_op / f_small.per_op:.2f})",
            target=f"per item ≤ ×{LINEAR_SLACK}",
            ok=growth <= LINEAR_SLACK,
        )
    res.note(
        f"simulate(seed={config.seed}, year={YEAR}, units=24), default rules; aggregates on "
        f"{ON.isoformat()}. A pass: alerts, metrics, metrics by lead_unit, metrics by category, "
        f"findings, assess; repeated passes are the best of {min(config.repeat, 3)}, first "
        "passes and replays single runs."
    )
    return res


def _merging(res: SectionResult, events: list[Event], config: Config) -> None:
    """Partitions computed in a Pool(2), merged, checked equal to the whole, timed."""
    whole_events, split = partition(events, PARTS)
    whole_lines = [e.model_dump_json() for e in whole_events]
    part_lines = [[e.model_dump_json() for e in part] for part in split]
    check(sum(map(len, part_lines)) == len(whole_lines), "the partitions hold every event once")
    heavy = dataclasses.replace(config, repeat=min(config.repeat, 3))
    with multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ).Pool(PARTS) as pool:
        # -- correctness, on the timed inputs --------------------------------------------------
        whole = _aggregate_lines(whole_lines)
        merged = _merge(pool.map(_aggregate_lines, part_lines))
        check(_comparable(merged) == _comparable(whole), "merged partitions differ from the whole")
        t_pool = measure(
            f"Pool({PARTS}): parse + replay + pass per partition, merged",
            lambda: _merge(pool.map(_aggregate_lines, part_lines)),
            heavy,
            ops=len(whole_lines),
        )
    t_serial = measure(
        "one process: parse + replay + pass of the whole",
        lambda: _aggregate_lines(whole_lines),
        heavy,
        ops=len(whole_lines),
    )
    res.compare(
        t_pool,
        t_serial,
        label=f"merge: {PARTS} partitions in multiprocessing.Pool({PARTS}), per event",
    )
    res.add(
        "  merged result",
        "equal to the whole",
        f"{len(part_lines[0]):,} + {len(part_lines[1]):,} events; metrics, metrics by unit and "
        "category, assessment merged; alerts and findings concatenated",
    )
    res.note(
        f"Merging: the stream as JSON lines split by item family and bulletin; each worker parses, "
        f"replays and makes one pass; pool wall time {fmt_time(t_pool.seconds)} vs "
        f"{fmt_time(t_serial.seconds)} in one process (best of {heavy.repeat}). With 2 cores the "
        "ceiling is 2×; the pickled results and the merge are serial."
    )


SECTION = Section(
    "aggregates", "Aggregates over a simulated year (alerts, metrics, findings, assessment)", run
)
