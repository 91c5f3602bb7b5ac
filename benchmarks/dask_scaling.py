"""The Dask path against one process, at any sizes and worker counts; runs standalone.

    python -m benchmarks.dask_scaling --items 100000 1000000 --workers 16 --out results/dask16

For each size, a simulated year (``duban_core.simulate.iter_events``) is written as JSON-lines
files — the stored log, cut into files at byte offsets, blind to items and bulletins — and
summarised two ways:

* **one process**: read the lines, ``Ledger.replay`` them, ``oversight.summarize`` (what an
  analyst does without a cluster), in a fresh process so that its peak memory is its own;
* **Dask**: a fresh ``distributed.LocalCluster`` of W single-threaded worker processes;
  ``duban_core.dask.summarize(dask.bag.read_text(files, blocksize=…))`` — reading, placing
  each event, re-sharding by component, replaying, summarising and merging all on the
  workers.

Both results are checked equal before anything is reported. Reported per (size, W): the
wall time of each, the speed-up, the efficiency — the speed-up over the parallelism the
machine offered at that moment (a pure-Python loop on W processes against the same loops one
after another: on a busy or hyper-threaded machine that is below W) — and the peak resident
memory of each worker process (``ru_maxrss``; workers are fresh for every run). Both sides
import duban_core before their clocks start (a worker's first import is not the work). The
input is cut in blocks of a fixed size (``--blocksize``), and the Dask path folds one shard
per input block, so a shard — the ledger a worker holds — stays the same size as the items
grow: more items make more shards, not larger ones.

``--out PATH`` writes ``PATH.md`` (the Markdown table) and ``PATH.json`` (every figure)
after each measurement, so a run cut short keeps what it measured. ``--cache DIR`` keeps the
simulated logs there and reuses them on the next run (the simulation is one sequential world:
a 1,000,000-item year takes about two minutes to simulate and write).

:func:`measure_size` is what the ``dask`` section of ``python -m benchmarks`` calls.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

YEAR = 2024
ON = date(YEAR, 12, 31)
#: Input block size: a shard's share of the log, whatever the size of the year.
BLOCKSIZE = 4 * 2**20
#: Files the log is written as (a day's or a county's export; blocks split them further).
FILES = 16
#: About how many bytes of JSON a simulated item's events take (to cut the files evenly).
_BYTES_PER_ITEM = 2_000


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
    blocksize: int = BLOCKSIZE  # bytes

    @property
    def speedup(self) -> float:
        return self.one_process / self.dask

    @property
    def efficiency(self) -> float:
        """Speed-up over the calibrated parallelism."""
        return self.speedup / self.parallelism


def write_log(items: int, seed: int, directory: Path, files: int) -> tuple[list[Path], int]:
    """A simulated year as about ``files`` JSON-lines files cut at line ends near even byte
    counts, written as the simulation runs (the log is never held in memory whole)."""
    from duban_core.simulate import iter_events

    per_file = max(1, items * _BYTES_PER_ITEM // files)
    paths: list[Path] = []
    n = 0
    out = None
    written = per_file
    try:
        for event in iter_events(seed, items=items):
            if written >= per_file and len(paths) < files:
                if out is not None:
                    out.close()
                paths.append(directory / f"log-{len(paths):03d}.jsonl")
                out = paths[-1].open("wb")
                written = 0
            line = event.model_dump_json().encode() + b"\n"
            assert out is not None
            out.write(line)
            written += len(line)
            n += 1
    finally:
        if out is not None:
            out.close()
    return paths, n


def cached_log(items: int, seed: int, cache: Path, files: int) -> tuple[list[Path], int]:
    """The log of :func:`write_log`, kept under ``cache`` and reused when already there."""
    directory = cache / f"year-{items}-{seed}-{files}"
    done = directory / "events.txt"
    if done.exists():
        return sorted(directory.glob("log-*.jsonl")), int(done.read_text(encoding="utf-8"))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("log-*.jsonl"):
        stale.unlink()
    paths, n = write_log(items, seed, directory, files)
    done.write_text(str(n), encoding="utf-8")
    return paths, n


def one_process(paths: Sequence[Path]) -> object:
    """Read every line, replay, summarise: the whole job in this process."""
    from duban_core import Ledger, RuleSet
    from duban_core.oversight import summarize

    lines = [line for path in paths for line in path.read_bytes().splitlines()]
    return summarize(Ledger.replay(lines, RuleSet.default()), on=ON, year=YEAR)


def _one_process_child(paths: Sequence[Path]) -> tuple[float, int, object]:
    import duban_core.oversight  # noqa: F401 - imported before the clock starts, as on the workers

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


def _warm() -> None:
    import duban_core.dask  # noqa: F401


def on_cluster(
    paths: Sequence[Path], workers: int, blocksize: int = BLOCKSIZE, compress: bool = False
) -> tuple[object, float, tuple[int, ...], int]:
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
        client.run(_warm)
        bag = db.read_text([str(p) for p in paths], blocksize=blocksize)
        t0 = time.perf_counter()
        summary = ddask.summarize(bag, on=ON, year=YEAR, compress=compress)
        seconds = time.perf_counter() - t0
        peaks = tuple(sorted(client.run(_peak_rss).values()))
        return summary, seconds, peaks, bag.npartitions


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure_size(
    items: int,
    workers: Sequence[int],
    seed: int,
    directory: Path,
    *,
    blocksize: int = BLOCKSIZE,
    compress: bool = False,
    cache: Path | None = None,
    done: list[Point] | None = None,
    report: Path | None = None,
) -> list[Point]:
    """Write the log (or take it from ``cache``), time one process once, then the Dask path
    on each worker count (each checked equal to one process first). Each point is appended
    to ``done`` and, with ``report``, written out at once."""
    t0 = time.perf_counter()
    paths, n = cached_log(items, seed, cache, FILES) if cache else write_log(items, seed, directory, FILES)
    _log(f"{items:,} items: {n:,} events in {len(paths)} files ({time.perf_counter() - t0:.1f} s)")
    t_one, rss_one, expected = _timed_one_process(paths)
    _log(f"{items:,} items: one process {t_one:.2f} s")
    points = []
    for count in workers:
        gc.collect()
        summary, t_dask, peaks, partitions = on_cluster(paths, count, blocksize, compress)
        if summary != expected:
            raise AssertionError(
                f"the Dask summary of {items} items on {count} workers differs from one process"
            )
        del summary
        point = Point(items, n, count, partitions, t_one, t_dask, calibrate(count), peaks, rss_one, blocksize)
        _log(f"{items:,} items, {count} workers: Dask {t_dask:.2f} s, efficiency {point.efficiency:.0%}")
        points.append(point)
        if done is not None:
            done.append(point)
            if report is not None:
                write_report(report, done)
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


def _machine() -> dict[str, object]:
    import importlib.metadata

    versions = {name: importlib.metadata.version(name) for name in ("dask", "distributed", "pydantic")}
    return {
        "cores": os.cpu_count(),
        "load average": os.getloadavg(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        **versions,
    }


def write_report(report: Path, points: Sequence[Point]) -> None:
    """``report`` with ``.md`` (the table) and ``.json`` (every figure) appended."""
    report.parent.mkdir(parents=True, exist_ok=True)
    machine = _machine()
    header = ", ".join(f"{key} {value}" for key, value in machine.items())
    report.with_name(report.name + ".md").write_text(f"{header}\n\n{table(points)}", encoding="utf-8")
    rows = [
        {
            **asdict(p),
            "speedup": p.speedup,
            "efficiency": p.efficiency,
            "peak_worker_rss_max": max(p.peak_worker_rss),
        }
        for p in points
    ]
    payload = {"machine": machine, "points": rows}
    report.with_name(report.name + ".json").write_text(json.dumps(payload, indent=1), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dask_scaling", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000], help="sizes of the year")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument("--seed", type=int, default=20240929)
    parser.add_argument(
        "--blocksize", type=float, default=BLOCKSIZE / 2**20, help="input block (and shard) size in MiB"
    )
    parser.add_argument("--compress", action="store_true", help="summarize(..., compress=True)")
    parser.add_argument("--out", type=Path, help="write OUT.md and OUT.json after each measurement")
    parser.add_argument("--cache", type=Path, help="keep the simulated logs here and reuse them")
    args = parser.parse_args(argv)
    blocksize = int(args.blocksize * 2**20)
    print(f"{os.cpu_count()} logical cores; Python {sys.version.split()[0]}", file=sys.stderr)
    points: list[Point] = []
    for items in args.items:
        _log(f"{items:,} items on {args.workers} worker(s) …")
        with tempfile.TemporaryDirectory(prefix="duban-dask-") as tmp:
            measure_size(
                items,
                args.workers,
                args.seed,
                Path(tmp),
                blocksize=blocksize,
                compress=args.compress,
                cache=args.cache,
                done=points,
                report=args.out,
            )
        print(table(points), file=sys.stderr, flush=True)
    print(table(points), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
