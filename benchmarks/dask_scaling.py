"""The Dask path against one process, at any sizes and worker counts; runs standalone.

    python -m benchmarks.dask_scaling --items 100000 1000000 --workers 1 2 4 8 16

For each size, a simulated year (``duban_core.simulate.iter_events``) is written as JSON-lines
files — the stored log, cut into files blind to items and bulletins — and summarised two ways:

* **one process**: read the lines, ``Ledger.replay`` them, ``oversight.summarize`` (what an
  analyst does without a cluster);
* **Dask**: a fresh ``distributed.LocalCluster`` of W single-threaded worker processes;
  ``duban_core.dask.summarize(dask.bag.read_text(files, blocksize=…))`` — reading, parsing,
  re-sharding by component, replaying, summarising and merging all on the workers.

Both results are checked equal before anything is reported. Reported per (size, W): the
wall time of each, the speed-up, the efficiency — the speed-up over the parallelism the
machine offered at that moment (a pure-Python loop on W processes against the same loops one
after another: on a busy or hyper-threaded machine that is below W) — and the peak resident
memory of each worker process (``ru_maxrss``; workers are fresh for every run). The input is
split into blocks of a fixed size, so the shards — and a worker's memory — stay the same size
as the items grow; more items make more shards, not larger ones.

:func:`measure_size` is what the ``dask`` section of ``python -m benchmarks`` calls.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

YEAR = 2024
ON = date(YEAR, 12, 31)
#: Input block size: a shard's share of the log, whatever the size of the year.
BLOCKSIZE = 4 * 2**20
#: Files the log is written as (a day's or a county's export; blocks split them further).
FILES = 16


@dataclass(frozen=True)
class Point:
    """One measurement: ``items`` summarised on ``workers`` workers, against one process."""

    items: int
    events: int
    workers: int
    partitions: int
    one_process: float  # seconds
    dask: float  # seconds
    parallelism: float  # calibrated
    peak_worker_rss: tuple[int, ...]  # bytes, one per worker
    one_process_rss: int  # bytes: the peak of a fresh process doing the one-process run

    @property
    def speedup(self) -> float:
        return self.one_process / self.dask

    @property
    def efficiency(self) -> float:
        """Speed-up over the calibrated parallelism."""
        return self.speedup / self.parallelism


def write_log(items: int, seed: int, directory: Path, files: int) -> tuple[list[Path], int]:
    """A simulated year as ``files`` JSON-lines files cut at even line counts."""
    from duban_core.simulate import iter_events

    lines = [event.model_dump_json().encode() for event in iter_events(seed, items=items)]
    n = len(lines)
    paths = []
    for k in range(files):
        path = directory / f"log-{k:03d}.jsonl"
        path.write_bytes(b"".join(line + b"\n" for line in lines[k * n // files : (k + 1) * n // files]))
        paths.append(path)
    return paths, n


def one_process(paths: Sequence[Path]) -> object:
    """Read every line, replay, summarise: the whole job in this process."""
    from duban_core import Ledger, RuleSet
    from duban_core.oversight import summarize

    lines = [line for path in paths for line in path.read_bytes().splitlines()]
    return summarize(Ledger.replay(lines, RuleSet.default()), on=ON, year=YEAR)


def _one_process_child(paths: Sequence[Path]) -> tuple[float, int, object]:
    t0 = time.perf_counter()
    summary = one_process(paths)
    seconds = time.perf_counter() - t0
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, summary


def _timed_one_process(paths: Sequence[Path]) -> tuple[float, int, object]:
    """The one-process run in a fresh process (spawned, so its peak memory is its own):
    seconds, peak memory, and the summary (to check the Dask path against)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result: tuple[float, int, object] = pool.apply(_one_process_child, (list(paths),))
    return result


def _spin(n: int) -> int:
    """Pure-Python work, to calibrate the parallelism the machine offers right now."""
    total = 0
    for k in range(n):
        total += k & 7
    return total


def calibrate(workers: int, spin: int = 3_000_000) -> float:
    """How many times faster W processes run W equal loops than one process runs them."""
    if workers == 1:
        return 1.0
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pool.map(_spin, [1000] * workers)  # start them
        t0 = time.perf_counter()
        pool.map(_spin, [spin] * workers)
        parallel = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(workers):
        _spin(spin)
    serial = time.perf_counter() - t0
    return serial / parallel


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def on_cluster(paths: Sequence[Path], workers: int) -> tuple[object, float, tuple[int, ...], int]:
    """The Dask run on a fresh LocalCluster: (summary, seconds, peak RSS per worker, partitions)."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    from duban_core import dask as ddask

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        bag = db.read_text([str(p) for p in paths], blocksize=BLOCKSIZE)
        t0 = time.perf_counter()
        summary = ddask.summarize(bag, on=ON, year=YEAR)
        seconds = time.perf_counter() - t0
        peaks = tuple(sorted(client.run(_peak_rss).values()))
        return summary, seconds, peaks, bag.npartitions


def measure_size(items: int, workers: Sequence[int], seed: int, directory: Path) -> list[Point]:
    """Write the log, time one process once, then the Dask path on each worker count (each
    checked equal to one process first)."""
    paths, n = write_log(items, seed, directory, FILES)
    t_one, rss_one, expected = _timed_one_process(paths)
    points = []
    for count in workers:
        gc.collect()
        summary, t_dask, peaks, partitions = on_cluster(paths, count)
        if summary != expected:
            raise AssertionError(
                f"the Dask summary of {items} items on {count} workers differs from one process"
            )
        del summary
        points.append(Point(items, n, count, partitions, t_one, t_dask, calibrate(count), peaks, rss_one))
    return points


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def table(points: Sequence[Point]) -> str:
    """The points as a Markdown table."""
    rows = [
        "| items | events | workers | partitions | one process | Dask | speed-up | calibrated parallelism "
        "| efficiency | peak memory per worker | one process's peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in points:
        rows.append(
            f"| {p.items:,} | {p.events:,} | {p.workers} | {p.partitions} | {p.one_process:.2f} s | "
            f"{p.dask:.2f} s | ×{p.speedup:.2f} | ×{p.parallelism:.2f} | {p.efficiency:.0%} | "
            f"{_mib(max(p.peak_worker_rss))} | {_mib(p.one_process_rss)} |"
        )
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dask_scaling", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000], help="sizes of the year")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument("--seed", type=int, default=20240929)
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} logical cores; Python {sys.version.split()[0]}", file=sys.stderr)
    points = []
    for items in args.items:
        print(f"{items:,} items on {args.workers} worker(s) …", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="duban-dask-") as tmp:
            points.extend(measure_size(items, args.workers, args.seed, Path(tmp)))
        print(table(points), file=sys.stderr, flush=True)
    print(table(points), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
