"""Aggregates over a simulated year: alerts, metrics, findings and the assessment at
10k, 100k and 1M items, and merging partitions computed in parallel processes.

Input: ``duban_core.simulate.iter_events(seed, items=N)`` — a district's year with every
category, reworks, extensions, cancellations, bulletins and rectification reports — folded
with ``Ledger.replay`` under the default rules. On each ledger, one *pass* computes what an
office looks at on 31 December:

    ledger.alerts(on) · ledger.metrics() · ledger.metrics(by="lead_unit") ·
    ledger.metrics(by="category") · ledger.findings(on) · ledger.assess(year)

Reported per size: the replay, the first pass after it (which also builds the frozen item
snapshots the oversight functions read, once per item), a repeated pass (best of k; the
three ledgers are held at once and their runs alternate, so a burst of load on a shared
machine cannot decide a ratio), and the scaling between sizes: each step multiplies the
items by 10, so near-linear means a time ratio near 10 (target: per-item cost at most 1.5×
the smaller size's for each tenfold step; 1.5² = 2.25× from the smallest size to the
largest).

Merging, shown once (at the middle size) with ``multiprocessing``: the stream is split into
two shards that ledgers accept on their own by ``duban_core.partition`` — whole components
of items, bulletins and inspections, nothing dropped or altered — and written as JSON lines,
as shards of a stored log. A ``multiprocessing.Pool(2)`` reads, replays and summarises
each shard (``oversight.summarize``); the parent merges the summaries
(``merge_summaries``) and checks the result equal to the whole before anything is timed.
The serial baseline does the same work on the whole stream in one process. (The Dask path,
which also re-shards a log cut anywhere, is the ``dask`` section.)
"""

from __future__ import annotations

import dataclasses
import gc
import math
import multiprocessing
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from duban_core import Ledger, RuleSet, partition
from duban_core.events import Event
from duban_core.oversight import Summary, merge_metrics, merge_summaries, summarize
from duban_core.simulate import iter_events

from ._harness import (
    Config,
    Section,
    SectionResult,
    Timing,
    Trial,
    check,
    fmt_count,
    fmt_time,
    measure,
    measure_together,
)

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


def _aggregate_shard(path: str) -> Summary:
    """A worker's job: read one shard of the stored log (JSON lines), replay it, summarise."""
    return summarize(Ledger.replay(Path(path).read_bytes().splitlines(), RuleSet.default()), on=ON, year=YEAR)


def _spin(n: int) -> int:
    """Pure-Python work, to calibrate how much parallelism the machine offers right now."""
    total = 0
    for k in range(n):
        total += k & 7
    return total


def _once(label: str, fn: Any, ops: int) -> Timing:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return Timing(label, time.perf_counter() - t0, ops, 1, 1)


class _Year(NamedTuple):
    """One simulated year, replayed and checked: what a size's rows report."""

    ledger: Ledger
    simulated: float  # seconds
    replay: Timing
    first: Timing


def _year(n: int, config: Config) -> tuple[_Year, list[Event]]:
    """Simulate and replay ``n`` items, make the first pass and check its answers."""
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
    return _Year(ledger, t_sim, t_replay, t_first), events


def _passes(years: list[_Year], config: Config) -> list[Timing]:
    """The repeated pass of every size, timed together (their runs alternate round by
    round, so no scaling ratio rests on a burst of load during one size's minutes)."""
    heavy = dataclasses.replace(config, repeat=min(config.repeat, 3))
    # Every run starts from a collected heap; frozen, the millions of objects the ledgers
    # hold are not traced again before each run (a full collection would take seconds).
    gc.collect()
    gc.freeze()
    try:
        return measure_together(
            [Trial(f"pass, {len(y.ledger)} items", partial(_pass, y.ledger), len(y.ledger)) for y in years],
            heavy,
        )
    finally:
        gc.unfreeze()


def run(config: Config) -> SectionResult:
    res = SectionResult("aggregates", SECTION.title, quick=config.quick)
    sizes = [config.size(full, quick) for full, quick in ((10_000, 100), (100_000, 200), (1_000_000, 400))]
    years: list[_Year] = []
    merging: list[Event] = []
    for index, n in enumerate(sizes):
        year, events = _year(n, config)
        years.append(year)
        if index == 1:
            merging = events
        del events
        gc.collect()
    passes = _passes(years, config)
    for year, t_pass in zip(years, passes, strict=True):
        items, events_n = len(year.ledger), year.ledger.version
        res.add(
            f"{fmt_count(items)} items ({fmt_count(events_n)} events): one pass",
            fmt_time(t_pass.seconds),
            f"{fmt_time(t_pass.per_op)} per item; the first pass after the replay "
            f"{fmt_time(year.first.seconds)} ({fmt_time(year.first.per_op)} per item)",
        )
        res.add(
            "  Ledger.replay of that year",
            fmt_time(year.replay.seconds),
            f"{fmt_time(year.replay.seconds / items)} per item, "
            f"{fmt_time(year.replay.seconds / events_n)} per event (simulating it took "
            f"{fmt_time(year.simulated)})",
        )
    firsts = [year.first for year in years]
    del years  # fork the merging pool without the ledgers
    gc.collect()
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
    first, last = passes[0], passes[-1]
    # The same allowance per tenfold step, compounded: (a sort's n log n alone grows the
    # per-item cost ×1.5 from 10k to 1M items).
    steps = round(math.log10(last.ops / first.ops))
    overall = LINEAR_SLACK**steps
    res.add(
        f"scaling {fmt_count(first.ops)} → {fmt_count(last.ops)} items, overall",
        f"time ×{last.seconds / first.seconds:.1f}",
        f"for {last.ops / first.ops:.0f}× the items: per-item cost ×{last.per_op / first.per_op:.2f}",
        target=f"per item ≤ ×{overall:.3g} (×{LINEAR_SLACK} per 10×)",
        ok=last.per_op / first.per_op <= overall,
    )
    _merging(res, merging, config)
    res.note(
        f"simulate(seed={config.seed}, year={YEAR}, units=24), default rules; aggregates on "
        f"{ON.isoformat()}. A pass: alerts, metrics, metrics by lead_unit, metrics by category, "
        f"findings, assess; repeated passes are the best of {min(config.repeat, 3)}, the runs of "
        "the three sizes alternating round by round (all three ledgers held at once); first "
        "passes and replays are single runs, made as each year is built."
    )
    return res


def _merging(res: SectionResult, events: list[Event], config: Config) -> None:
    """Partitions computed in a Pool(2), merged, checked equal to the whole, timed."""
    whole_events, split = events, partition(events, PARTS)
    check(sum(map(len, split)) == len(whole_events), "the partitions hold every event once")
    heavy = dataclasses.replace(config, repeat=min(config.repeat, 3))
    with tempfile.TemporaryDirectory(prefix="duban-bench-") as tmp:
        whole_path = str(Path(tmp) / "whole.jsonl")
        part_paths = [str(Path(tmp) / f"part-{k}.jsonl") for k in range(PARTS)]
        for path, stream in zip((whole_path, *part_paths), (whole_events, *split), strict=True):
            Path(path).write_bytes(b"".join(e.model_dump_json().encode() + b"\n" for e in stream))
        sizes = [len(part) for part in split]
        del whole_events, split
        # Forked workers run the code the parent loaded (spawned ones would import the
        # source tree afresh, which may have changed since); gc.freeze() keeps their cyclic
        # collector off the parent's inherited heap (the whole stream, every event object).
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        gc.collect()
        gc.freeze()
        try:
            with context.Pool(PARTS) as pool:
                # -- correctness, on the timed inputs ----------------------------------------------
                whole = _aggregate_shard(whole_path)
                merged = merge_summaries(pool.map(_aggregate_shard, part_paths))
                check(merged == whole, "merged partitions differ from the whole")
                t_pool = measure(
                    f"Pool({PARTS}): read + replay + summary per shard, merged",
                    lambda: merge_summaries(pool.map(_aggregate_shard, part_paths)),
                    heavy,
                    ops=sum(sizes),
                )
                spin = 200_000 if config.quick else 5_000_000
                t_spin_pool = measure("Pool", lambda: pool.map(_spin, [spin] * PARTS), heavy)
        finally:
            gc.unfreeze()
        t_serial = measure(
            "one process: read + replay + summary of the whole",
            lambda: _aggregate_shard(whole_path),
            heavy,
            ops=sum(sizes),
        )
        t_spin_serial = measure("serial", lambda: [_spin(spin) for _ in range(PARTS)], heavy)
    res.compare(
        t_pool,
        t_serial,
        label=f"merge: {PARTS} shards in multiprocessing.Pool({PARTS}), per event",
    )
    res.add(
        "  calibration: the same pure-Python loop twice",
        f"speed-up ×{t_spin_serial.seconds / t_spin_pool.seconds:.2f}",
        "Pool(2) vs one after the other in one process: the parallelism the machine offered in this run",
    )
    res.add(
        "  merged result",
        "equal to the whole",
        f"{' + '.join(f'{k:,}' for k in sizes)} events; one Summary per shard (alerts, metrics, "
        "metrics by unit and category, findings, assessment), merged",
    )
    res.note(
        "Merging: the stream split by duban_core.partition (whole components of items, bulletins "
        "and inspections; nothing dropped), each shard written as JSON lines; each worker reads "
        "its shard, replays and summarises it, and the parent merges the summaries. Pool wall time {fmt_time(t_pool.seconds)} vs {fmt_time(t_serial.seconds)} for "
        f"the whole in one process (best of {heavy.repeat}). With 2 cores the ceiling is 2×, "
        "reached only when no other process wants them; pickling the results back and merging "
        "are serial."
    )


SECTION = Section(
    "aggregates", "Aggregates over a simulated year (alerts, metrics, findings, assessment)", run
)
