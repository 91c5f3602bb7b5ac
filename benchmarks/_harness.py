"""The benchmark harness: timing, sizes, result rows and the report table.

A *section* is a module of this package that defines ``SECTION = Section(name, title, run)``
where ``run(config) -> SectionResult``. A section:

1. builds its inputs from ``config`` (sizes via :meth:`Config.size`, randomness from
   ``config.seed``);
2. checks correctness on exactly those inputs with :func:`check` (never ``assert``: it must
   hold under ``python -O`` too) — a failed check aborts the run;
3. times with :func:`measure` (``time.perf_counter``, best of ``config.repeat`` runs; the
   cyclic garbage collector off, as :mod:`timeit` has it, unless ``gc_enabled=True`` asks
   for it on, as a program runs and as pyperf measures), or several contenders with
   :func:`measure_together`, whose runs alternate so that no ratio rests on a few seconds;
4. reports rows: :meth:`SectionResult.compare` for a ratio between two timings,
   :meth:`SectionResult.add` for any other figure (a count, bytes per item, a scaling ratio),
   each with an optional target and whether it holds.

To add a section, write the module and list it in :data:`benchmarks.SECTION_MODULES`.
"""

from __future__ import annotations

import gc
import importlib.metadata
import os
import platform
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "BenchmarkCheckFailed",
    "Config",
    "Row",
    "Section",
    "SectionResult",
    "Timing",
    "Trial",
    "check",
    "fmt_count",
    "fmt_time",
    "machine_info",
    "measure",
    "measure_together",
    "render_markdown",
    "render_text",
]


class BenchmarkCheckFailed(AssertionError):
    """A correctness check failed: the figures of that run mean nothing."""


def check(condition: object, message: str) -> None:
    """Raise :class:`BenchmarkCheckFailed` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise BenchmarkCheckFailed(message)


@dataclass(frozen=True)
class Config:
    """How a run is configured; every section gets the same one.

    ``quick`` is the smoke mode: tiny inputs, one repeat, no minimum run time — it proves
    that a section runs and its checks pass, and its figures are not judged against targets.
    ``scale`` multiplies the full-mode sizes.
    """

    quick: bool = False
    repeat: int = 5
    min_time: float = 0.2
    seed: int = 20240929
    scale: float = 1.0

    @classmethod
    def quick_mode(cls, seed: int = 20240929) -> Config:
        return cls(quick=True, repeat=1, min_time=0.0, seed=seed)

    def size(self, full: int, quick: int) -> int:
        """``quick`` in quick mode, else ``full`` times :attr:`scale` (at least 1)."""
        return quick if self.quick else max(1, round(full * self.scale))


@dataclass(frozen=True)
class Timing:
    """The best of ``repeats`` runs of ``loops`` calls each, ``ops`` operations per call."""

    label: str
    seconds: float  # best time of one call
    ops: int
    loops: int
    repeats: int

    @property
    def per_op(self) -> float:
        return self.seconds / self.ops

    @property
    def ops_per_second(self) -> float:
        return self.ops / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True)
class Trial:
    """One contender for :func:`measure_together`: ``fn()`` performs ``ops`` operations."""

    label: str
    fn: Callable[[], object]
    ops: int = 1
    gc_enabled: bool = False


def measure(
    label: str, fn: Callable[[], object], config: Config, *, ops: int = 1, gc_enabled: bool = False
) -> Timing:
    """Time ``fn()`` (which performs ``ops`` operations): best of ``config.repeat`` runs.

    Each run calls ``fn`` ``loops`` times, ``loops`` chosen (as :mod:`timeit` does) so that a
    run lasts at least ``config.min_time``, and starts from a collected heap. The cyclic
    garbage collector is off while timing, as :mod:`timeit` has it, unless ``gc_enabled``:
    then it runs as it does in a program (pyperf's convention), and the time it spends
    tracing the reference cycles ``fn`` creates is part of the figure.
    """
    return measure_together([Trial(label, fn, ops, gc_enabled)], config)[0]


def measure_together(trials: Sequence[Trial], config: Config) -> list[Timing]:
    """Time several contenders as :func:`measure` times one, their runs interleaved.

    Round *r* runs every trial once, in order, before round *r + 1* starts, so each
    contender's best run is picked from the whole span of the measurement rather than from a
    few seconds of it: a burst of load from another process on a shared machine slows a run
    of each contender alike instead of deciding a ratio on its own.
    """
    for trial in trials:
        if trial.ops < 1:
            raise ValueError(f"ops must be at least 1 ({trial.label})")
    timer = time.perf_counter
    gc_was_on = gc.isenabled()

    def one_run(trial: Trial, loops: int) -> float:
        fn = trial.fn
        gc.collect()
        if trial.gc_enabled:
            gc.enable()
        else:
            gc.disable()
        try:
            t0 = timer()
            for _ in range(loops):
                fn()
            return timer() - t0
        finally:
            gc.disable()

    gc.disable()
    try:
        loops: list[int] = []
        best: list[float] = []
        for trial in trials:  # calibration, as timeit does; its last run is the first round
            n = 1
            while True:
                elapsed = one_run(trial, n)
                if elapsed >= config.min_time or n >= 1 << 30:
                    break
                n *= 10 if elapsed < config.min_time / 10 else 2
            loops.append(n)
            best.append(elapsed / n)
        for _ in range(config.repeat - 1):
            for i, trial in enumerate(trials):
                best[i] = min(best[i], one_run(trial, loops[i]) / loops[i])
    finally:
        if gc_was_on:
            gc.enable()
    return [
        Timing(trial.label, seconds, trial.ops, n, config.repeat)
        for trial, seconds, n in zip(trials, best, loops, strict=True)
    ]


def fmt_time(seconds: float) -> str:
    """``12.3 ns``, ``4.56 µs``, ``7.89 ms``, ``1.23 s``."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_count(n: float) -> str:
    """``1,000,000``."""
    return f"{n:,.0f}"


def fmt_ratio(r: float) -> str:
    return f"{r:.0f}×" if r >= 100 else f"{r:.3g}×"


@dataclass(frozen=True)
class Row:
    """One line of the report."""

    label: str
    value: str
    comparison: str = ""
    target: str = ""
    ok: bool | None = None  # None: no target, or not judged (quick mode)


@dataclass
class SectionResult:
    """What a section reports: rows, and notes (method, caveats, where baselines differ)."""

    name: str
    title: str
    quick: bool = False
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, label: str, value: str, comparison: str = "", *, target: str = "", ok: bool | None = None
    ) -> Row:
        """Add a row; in quick mode ``ok`` is not judged (recorded as ``None``)."""
        row = Row(label, value, comparison, target, None if self.quick else ok)
        self.rows.append(row)
        return row

    def time_row(self, timing: Timing, label: str | None = None) -> Row:
        """A row with a timing alone (per operation)."""
        return self.add(label or timing.label, f"{fmt_time(timing.per_op)}/op")

    def compare(
        self,
        subject: Timing,
        baseline: Timing,
        *,
        label: str | None = None,
        min_speedup: float | None = None,
    ) -> float:
        """Add a row: ``subject`` per operation, and how many times faster (or slower) than
        ``baseline`` per operation. ``min_speedup`` is the target (``0.5``: at most 2× slower).
        Returns the speed-up (baseline time / subject time)."""
        speedup = baseline.per_op / subject.per_op if subject.per_op > 0 else float("inf")
        if speedup >= 1:
            comparison = f"{fmt_ratio(speedup)} faster than {baseline.label} ({fmt_time(baseline.per_op)}/op)"
        else:
            comparison = (
                f"{fmt_ratio(1 / speedup)} slower than {baseline.label} ({fmt_time(baseline.per_op)}/op)"
            )
        target = ""
        ok = None
        if min_speedup is not None:
            target = (
                f"≥ {fmt_ratio(min_speedup)} faster"
                if min_speedup >= 1
                else f"at most {fmt_ratio(1 / min_speedup)} slower"
            )
            ok = speedup >= min_speedup
        self.add(label or subject.label, f"{fmt_time(subject.per_op)}/op", comparison, target=target, ok=ok)
        return speedup

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def missed(self) -> list[Row]:
        """Rows whose target does not hold."""
        return [r for r in self.rows if r.ok is False]


@dataclass(frozen=True)
class Section:
    """A benchmark section: ``run(config)`` measures and reports."""

    name: str
    title: str
    run: Callable[[Config], SectionResult]


# -- machine --------------------------------------------------------------------------------------


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory() -> str:
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text(errors="replace").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    return "unknown"


def _load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except (AttributeError, OSError):
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min, when the report was made)"


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, str]:
    """The machine and software a run was measured on."""
    return {
        "CPU": f"{_cpu_model()}, {os.cpu_count()} logical cores",
        "RAM": _memory(),
        "load average": _load(),
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "packages": ", ".join(
            f"{d} {_version(d)}" for d in ("duban_core", "holidays", "numpy", "transitions", "pydantic")
        ),
    }


# -- rendering ------------------------------------------------------------------------------------

_HEADERS = ("measurement", "per op / value", "compared with", "target")


def _status(row: Row) -> str:
    if not row.target:
        return ""
    if row.ok is None:
        return f"{row.target} (not judged)"
    return f"{row.target} {'✓' if row.ok else '✗ MISSED'}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_text(results: Sequence[SectionResult], machine: dict[str, str] | None = None) -> str:
    """The report as a plain-text table (what ``python -m benchmarks`` prints)."""
    lines: list[str] = []
    for key, value in (machine or {}).items():
        lines.append(f"{key}: {value}")
    for res in results:
        table = [_HEADERS, *((r.label, r.value, r.comparison, _status(r)) for r in res.rows)]
        widths = [max(_width(row[c]) for row in table) for c in range(len(_HEADERS))]
        lines += ["", f"== {res.title} [{res.name}]{' (quick mode)' if res.quick else ''} =="]
        for j, row in enumerate(table):
            lines.append("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if j == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines += [f"  * {n}" for n in res.notes]
    missed = [r for res in results for r in res.missed]
    lines.append("")
    lines.append(
        f"{len(missed)} target(s) missed: " + "; ".join(r.label for r in missed)
        if missed
        else "all judged targets hold"
    )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(results: Sequence[SectionResult], machine: dict[str, str] | None = None) -> str:
    """The report as Markdown (for the docs): the machine, then a table per section."""
    lines: list[str] = []
    if machine:
        lines += ["| machine | |", "|---|---|"]
        lines += [f"| {_md(k)} | {_md(v)} |" for k, v in machine.items()]
    for res in results:
        lines += ["", f"### {_md(res.title)}{' (quick mode)' if res.quick else ''}", ""]
        lines.append("| " + " | ".join(_HEADERS) + " |")
        lines.append("|" + "---|" * len(_HEADERS))
        for r in res.rows:
            lines.append(f"| {_md(r.label)} | {_md(r.value)} | {_md(r.comparison)} | {_md(_status(r))} |")
        if res.notes:
            lines.append("")
            lines += [f"- {n}" for n in res.notes]
    return "\n".join(lines).lstrip("\n") + "\n"
