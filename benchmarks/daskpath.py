"""The Dask path (``duban_core.dask.summarize``) side by side with one process, and a log's
restart from stored JSON side by side with ``json.loads`` of the same lines.

**Dask.** At 10k, 100k and 1M items (quick mode: 200), a simulated year is written as
JSON-lines files and summarised by one process (read, ``Ledger.replay``,
``oversight.summarize``) and by a fresh ``distributed.LocalCluster`` of W single-threaded
worker processes (W = the machine's cores, at most 16 and at least 2), each result checked
equal to the other first (:mod:`benchmarks.dask_scaling` does the work; run it alone for
other sizes and worker counts). Targets: efficiency — the speed-up over the parallelism the
machine offered at that moment, calibrated with a pure-Python loop on W processes — at least
80%; peak memory per worker flat as the items grow (at most 1.5× from the smallest size to
the largest: the input is cut in blocks of a fixed size, so more items make more shards, not
larger ones).

**Restart.** A host restarts by replaying its stored log: ``Ledger.replay(lines)`` parses
every JSON line (pydantic's JSON parser validating straight into the event class) and folds
it. Compared with ``json.loads`` of the same lines — decoding alone, no validation, no
ledger; target within 1.5×.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from duban_core import Ledger, RuleSet
from duban_core.simulate import iter_events

from ._harness import Config, Section, SectionResult, check, fmt_count, fmt_time, measure
from .dask_scaling import Point, measure_size

#: Efficiency at least this share of the calibrated parallelism.
EFFICIENCY = 0.8
#: Peak memory per worker may grow at most this much from the smallest size to the largest.
MEMORY_GROWTH = 1.5
#: Restart from stored JSON at most this many times ``json.loads`` of the same lines.
RESTART = 1.5


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def _dask(res: SectionResult, config: Config) -> None:
    workers = max(2, min(os.cpu_count() or 2, 16))
    sizes = [config.size(full, quick) for full, quick in ((10_000, 200), (100_000, 0), (1_000_000, 0))]
    points: list[Point] = []
    for items in (n for n in sizes if n > 0):
        with tempfile.TemporaryDirectory(prefix="duban-bench-dask-") as tmp:
            points.extend(measure_size(items, [workers], config.seed, Path(tmp)))
    for p in points:
        res.add(
            f"{fmt_count(p.items)} items ({fmt_count(p.events)} events), {p.workers} workers",
            fmt_time(p.dask),
            f"one process {fmt_time(p.one_process)}: speed-up ×{p.speedup:.2f}, "
            f"×{p.speedup / p.workers:.2f} per worker; {p.partitions} partitions",
        )
        res.add(
            "  efficiency",
            f"{p.efficiency:.0%}",
            f"speed-up ×{p.speedup:.2f} over the calibrated parallelism ×{p.parallelism:.2f}",
            target=f"≥ {EFFICIENCY:.0%}",
            ok=p.efficiency >= EFFICIENCY,
        )
        res.add(
            "  peak memory per worker",
            _mib(max(p.peak_worker_rss)),
            f"one process doing it all: {_mib(p.one_process_rss)}",
        )
    first, last = points[0], points[-1]
    if first is last:
        return
    growth = max(last.peak_worker_rss) / max(first.peak_worker_rss)
    res.add(
        f"memory per worker, {fmt_count(first.items)} → {fmt_count(last.items)} items",
        f"×{growth:.2f}",
        f"for {last.items / first.items:.0f}× the items",
        target=f"≤ ×{MEMORY_GROWTH}",
        ok=growth <= MEMORY_GROWTH,
    )
    res.note(
        f"Dask {_version('dask')}, distributed {_version('distributed')}; a fresh LocalCluster per "
        "size (worker processes, one thread each); input `dask.bag.read_text` of 16 JSON-lines "
        "files in 4 MiB blocks; times are single runs, after a check that both summaries are "
        "equal. The one-process run is made in a fresh process, so its peak memory is its own."
    )


def _version(name: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(name)


def _restart(res: SectionResult, config: Config) -> None:
    rules = RuleSet.default()
    n_items = config.size(10_000, 50)
    lines = [
        event.model_dump_json().encode() for event in iter_events(config.seed, items=n_items, rules=rules)
    ]
    n = len(lines)
    check(
        Ledger.replay(lines, rules)
        == Ledger.replay(iter_events(config.seed, items=n_items, rules=rules), rules),
        "the ledger restarted from JSON differs from the one folded from the events",
    )
    loads = json.loads
    t_replay = measure("Ledger.replay(JSON lines)", lambda: Ledger.replay(lines, rules), config, ops=n)
    t_loads = measure("json.loads", lambda: [loads(line) for line in lines], config, ops=n)
    ratio = t_replay.seconds / t_loads.seconds
    res.add(
        f"restart: Ledger.replay of {fmt_count(n)} stored JSON lines",
        fmt_time(t_replay.seconds),
        f"json.loads of the same lines {fmt_time(t_loads.seconds)}: ×{ratio:.2f} "
        f"({fmt_time(t_replay.per_op)} vs {fmt_time(t_loads.per_op)} per event)",
        target=f"≤ ×{RESTART}",
        ok=ratio <= RESTART,
    )


def run(config: Config) -> SectionResult:
    res = SectionResult("dask", SECTION.title, quick=config.quick)
    _restart(res, config)
    _dask(res, config)
    return res


SECTION = Section("dask", "Province scale: the Dask path and restart from stored JSON", run)
