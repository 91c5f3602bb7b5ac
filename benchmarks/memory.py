"""Memory per item: a ledger replayed from a stored log, measured with ``tracemalloc``.

The stored log of N archived items × 10 events (:mod:`benchmarks._workload`, ``due``
recorded) is written as JSON lines — what a host keeps on disk — and
``Ledger.replay(lines)`` reads them back as ``bytes`` (a file read in binary mode; a ``str``
holding Chinese text would also keep a cached UTF-8 copy of itself after parsing, about
240 bytes per event that belong to the input, not to the ledger). Measured: every byte allocated by the replay that
is still alive afterwards (the ledger, each item's record and history, the events it
retains, the rule set's deadline cache), divided by N. The JSON lines were allocated
before tracing started and are not counted. Calendar tables and pydantic's schemas are
built by a warm-up replay first.

Then, where the bytes go: the live allocations grouped by the source line that made them,
the number of distinct ``Actor`` objects retained (``events.parse`` interns them), of
``tzinfo`` objects (``events.compact`` shares one for ``+08:00`` times, where pydantic would
give each parsed datetime its own) and of the ``date`` objects in the items' day fields
(drafted, received, feedback, closed, report days, …: ``clock.cst_day`` hands out one per
day).

For comparison: a ``transitions`` Machine per object after the same lifecycle (which
keeps no history, no deadline and no event).
"""

from __future__ import annotations

import gc
import tracemalloc
from collections import Counter
from collections.abc import Callable
from typing import Any

from duban_core import Ledger, State
from duban_core.events import parse

from ._harness import Config, Section, SectionResult, check, fmt_count
from ._workload import EVENTS_PER_ITEM, cached_logs, lifecycle_log, stored_log
from .lifecycle import TrackedItem, run_machines

TARGET_BYTES = 8 * 1024


def _traced(build: Callable[[], Any]) -> tuple[Any, int]:
    """``build()`` and the bytes it allocated that are still alive when it returns."""
    gc.collect()
    tracemalloc.start(1)
    try:
        before = tracemalloc.get_traced_memory()[0]
        value = build()
        gc.collect()
        return value, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def _bucket(filename: str) -> str:
    name = filename.replace("\\", "/")
    if ("/pydantic" in name and "type_adapter" in name) or name.endswith("duban_core/events.py"):
        return "events as parsed (pydantic instances, their __dict__, datetimes)"
    if name.endswith(("duban_core/rules.py", "duban_core/ruleset.py", "/copy.py")) or ("/pydantic/" in name):
        return "deadlines (Deadline models, the rule set's cache)"
    if name.endswith("duban_core/clock.py"):
        return "days the ledger records (cst_day)"
    if name.endswith("duban_core/ledger.py") or name == "<string>":
        return "item records, history lists, deadline changes"
    return "other"


def _by_source(n: int) -> list[tuple[str, float]]:
    """Live traced bytes per item grouped by what allocated them."""
    snapshot = tracemalloc.take_snapshot()
    sizes: Counter[str] = Counter()
    for stat in snapshot.statistics("filename"):
        sizes[_bucket(stat.traceback[0].filename)] += stat.size
    return [(k, v / n) for k, v in sizes.most_common()]


def _day_objects(ledger: Ledger) -> tuple[int, int]:
    """How many day fields the items hold, and how many distinct ``date`` objects they are."""
    held = [
        value
        for item in ledger.items.values()
        for value in (
            item.drafted_on,
            item.received_on,
            item.feedback_on,
            item.closed_on,
            item.last_urged_on,
            *item.report_days,
        )
        if value is not None
    ]
    return len(held), len({id(d) for d in held})


def run(config: Config) -> SectionResult:
    res = SectionResult("memory", SECTION.title, quick=config.quick)
    n = config.size(100_000, 200)
    m = config.size(2_000, 20)

    # -- the stored log, as JSON lines (allocated before tracing) --------------------------------
    stored = stored_log(lifecycle_log(n, config.seed))
    lines = [event.model_dump_json().encode() for event in stored]
    del stored
    # Warm-up, so that neither replay below pays for one-time set-up: calendar tables,
    # schemas, the interned actors, pydantic's cache of short strings.
    Ledger.replay(lines[: 20 * EVENTS_PER_ITEM])
    for line in lines[:20_000]:
        parse(line)

    # -- the ledger ---------------------------------------------------------------------------------
    gc.collect()
    tracemalloc.start(1)
    try:
        before = tracemalloc.get_traced_memory()[0]
        ledger = Ledger.replay(lines)
        gc.collect()
        total = tracemalloc.get_traced_memory()[0] - before
        sources = _by_source(n)
    finally:
        tracemalloc.stop()
    events = ledger.events
    signers = (getattr(e, "signed_by", None) for e in events)
    actors = len({id(e.by) for e in events} | {id(a) for a in signers if a is not None})
    zones = len({id(e.at.tzinfo) for e in events})
    day_fields, day_objects = _day_objects(ledger)
    # correctness, on the measured ledger (after measuring: reading items caches snapshots)
    check(len(ledger) == n, "one item per Drafted")
    check(
        all(item.state is State.ARCHIVED for item in ledger.items.values()),
        "every item of the stored log ends archived",
    )
    check(len(events) == n * EVENTS_PER_ITEM, "the ledger keeps every event")
    check(
        all(len(item.history) == EVENTS_PER_ITEM for item in ledger.items.values()),
        "every item keeps its 10 events in its history",
    )
    check(
        [e.model_dump_json().encode() for e in events[:1000]] == lines[:1000],
        "the retained events serialise back to the stored lines",
    )
    del ledger, events

    # -- a transitions Machine per object, after the same lifecycle ---------------------------------
    small = cached_logs(m, config.seed)[1]
    machines, machine_bytes = _traced(lambda: run_machines(small, TrackedItem))
    check(
        all(obj.state == State.ARCHIVED.value for obj in machines.values()) and len(machines) == m,
        "every Machine-per-object item ends archived",
    )
    del machines

    # -- report ---------------------------------------------------------------------------------------
    per_item = total / n
    res.add(
        f"ledger replayed from a stored log, per archived item ({fmt_count(n)} items)",
        f"{per_item / 1024:.2f} KB",
        f"{total / 2**20:.0f} MiB in all: the item record, its history of {EVENTS_PER_ITEM} events, "
        f"its deadlines",
        target="≤ 8 KB",
        ok=per_item <= TARGET_BYTES,
    )
    for what, size in sources:
        if size >= 16:
            res.add(f"  of which {what}", f"{size / 1024:.2f} KB", f"{size / per_item:.0%}")
    res.add(
        "distinct Actor objects retained",
        fmt_count(actors),
        f"for {fmt_count(n * EVENTS_PER_ITEM)} events: events.parse interns them",
    )
    shared_already = zones * 2 < n * EVENTS_PER_ITEM
    res.add(
        "distinct tzinfo objects retained",
        fmt_count(zones),
        "shared: the library normalises +08:00 times"
        if shared_already
        else "one per event: pydantic gives each parsed datetime its own TzInfo",
    )
    res.add(
        "distinct date objects in the items' day fields",
        fmt_count(day_objects),
        f"for {fmt_count(day_fields)} day fields (drafted, received, feedback, closed, urged, "
        "reports): the ledger keeps one object per day",
    )
    res.add(
        f"a transitions Machine per object, per item ({fmt_count(m)} items)",
        f"{machine_bytes / m / 1024:.2f} KB",
        f"{machine_bytes / m / per_item:.2g}× the ledger's per-item bytes, with no history, "
        "deadline or event kept",
    )
    res.note(
        f"tracemalloc, one frame; live bytes after Ledger.replay(JSON lines as bytes) of {fmt_count(n)} "
        f"items × {EVENTS_PER_ITEM} events, seed {config.seed}; the lines themselves are not counted."
    )
    return res


SECTION = Section("memory", "Memory per item (tracemalloc)", run)
