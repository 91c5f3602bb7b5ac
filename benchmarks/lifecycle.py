"""Item lifecycle: ``Ledger.replay`` side by side with ``transitions`` state machines.

Input: the log of N items × 10 events from :mod:`benchmarks._workload` (拟办 → 立项 → 交办 →
签收 → 催办 → 反馈 → 退回重办 → 反馈 → 审核办结 → 归档), interleaved in time order.

* **Ledger, stored log**: ``Ledger.replay(events)`` of the log as the ledger stores it (``due``
  recorded on ``Assigned``/``Returned``) — what a host does at start-up — called as a user
  calls it, on the shared ``RuleSet.default()``. A *cold* row replays with an empty deadline
  cache (a copy of the default rules): the first replay in a process.
* **Ledger, fresh log**: the same events before any ledger saw them (no ``due``): the
  ledger computes every deadline and stores a copy of the event with it.
* **Machine per object**: the transitions documentation's pattern — each object builds its
  own ``transitions.Machine(model=self, states=…, transitions=…, initial=…)`` in
  ``__init__`` — given the same graph (states and transitions from
  ``duban_core.machine.TABLE``), with the default ``auto_transitions=True`` and with
  ``auto_transitions=False``; ``Drafted`` creates the object, every other event calls its
  trigger (``obj.Registered()``, …).
* **One shared Machine**: one ``Machine(model=None, …)``, and ``machine.add_model(obj)``
  per object.

Each comparison is timed as a program runs it (the cyclic garbage collector on; the target
is judged here) and under :mod:`timeit`'s convention (collector off).

The machines only move states; the ledger also checks who sent each event, its order and
content, computes and records deadlines, and keeps every event in the item's history. The
final state of every item is checked equal across all of them before anything is timed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any

from transitions import Machine

from duban_core import Ledger, RuleSet, State
from duban_core.events import Event
from duban_core.machine import NEXT, TABLE

from ._harness import Config, Section, SectionResult, Trial, check, fmt_count, fmt_time, measure_together
from ._workload import EVENTS_PER_ITEM, cached_logs

#: The graph as transitions takes it, built from the same table as duban_core's own.
STATES = [s.value for s in State]
TRANSITIONS = [
    {
        "trigger": row.event,
        "source": [s.value for s in row.sources],
        "dest": row.dest.value if row.dest is not None else None,
    }
    for row in TABLE
]
INITIAL = State.DRAFTED.value


class TrackedItem:
    """An item with its own state machine, as the transitions README shows
    (``self.machine = Machine(model=self, states=…, transitions=…, initial=…)``)."""

    def __init__(self, item_id: str) -> None:
        self.item_id = item_id
        self.machine = Machine(model=self, states=STATES, transitions=TRANSITIONS, initial=INITIAL)


class TrackedItemNoAuto:
    """The same, with ``auto_transitions=False`` (no ``to_<state>()`` triggers)."""

    def __init__(self, item_id: str) -> None:
        self.item_id = item_id
        self.machine = Machine(
            model=self,
            states=STATES,
            transitions=TRANSITIONS,
            initial=INITIAL,
            auto_transitions=False,
        )


class PlainItem:
    """An item whose state one shared machine manages (``machine.add_model(item)``)."""

    def __init__(self, item_id: str) -> None:
        self.item_id = item_id


def run_machines(events: Sequence[Event], factory: Callable[[str], Any]) -> dict[str, Any]:
    """Fold ``events`` with one object per item: ``Drafted`` builds it, others trigger."""
    objects: dict[str, Any] = {}
    for event in events:
        etype = event.type
        item_id: str = event.item_id  # type: ignore[union-attr]
        if etype == "Drafted":
            objects[item_id] = factory(item_id)
        else:
            getattr(objects[item_id], etype)()
    return objects


def run_shared(events: Sequence[Event]) -> dict[str, Any]:
    """Fold ``events`` with one shared machine, one plain object per item added to it."""
    machine = Machine(model=None, states=STATES, transitions=TRANSITIONS, initial=INITIAL)
    add = machine.add_model

    def factory(item_id: str) -> PlainItem:
        item = PlainItem(item_id)
        add(item)
        return item

    return run_machines(events, factory)


def run_states_only(events: Sequence[Event]) -> dict[str, State]:
    """The floor: a dict fold over the compiled graph (``duban_core.machine.NEXT``), states
    only — no checks, no deadlines, no history."""
    states: dict[str, State] = {}
    for event in events:
        item_id: str = event.item_id  # type: ignore[union-attr]
        if event.type == "Drafted":
            states[item_id] = State.DRAFTED
        else:
            states[item_id] = NEXT[(event.type, states[item_id])]
    return states


def _states(objects: dict[str, Any]) -> dict[str, str]:
    return {item_id: obj.state for item_id, obj in objects.items()}


def run(config: Config) -> SectionResult:
    res = SectionResult("lifecycle", SECTION.title, quick=config.quick)
    n = config.size(2_000, 30)
    fresh, stored = cached_logs(n, config.seed)
    check(len(stored) == n * EVENTS_PER_ITEM, "the log has 10 events per item")
    check(
        sum(1 for e in stored if getattr(e, "due", None) is not None) == 2 * n,
        "the stored log records due on every Assigned and Returned",
    )
    check(all(getattr(e, "due", None) is None for e in fresh), "the fresh log records no due")

    # -- correctness, on the timed inputs --------------------------------------------------------
    ledger = Ledger.replay(stored)
    check(ledger == Ledger.replay(fresh), "replaying the stored log differs from the fresh one")
    want = {item_id: item.state.value for item_id, item in ledger.items.items()}
    check(len(want) == n, "one item per Drafted")
    check(set(want.values()) == {State.ARCHIVED.value}, "every item ends archived")
    check(all(item.rework_rounds == 1 for item in ledger.items.values()), "one rework round each")
    check(
        all(len(item.history) == EVENTS_PER_ITEM for item in ledger.items.values()),
        "each item keeps its 10 events",
    )
    folds: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("a Machine per object", lambda: run_machines(stored, TrackedItem)),
        ("a Machine per object (auto_transitions=False)", lambda: run_machines(stored, TrackedItemNoAuto)),
        ("one shared Machine", lambda: run_shared(stored)),
    ]
    for label, fold in folds:
        check(_states(fold()) == want, f"{label} ends in other states than the ledger")
    check(
        {k: v.value for k, v in run_states_only(stored).items()} == want,
        "the states-only fold ends in other states than the ledger",
    )

    # -- timing ------------------------------------------------------------------------------------
    # Every row is timed twice: as a program runs it (the cyclic garbage collector on, pyperf's
    # convention; the target is judged here) and under timeit's convention (collector off).
    # A Machine and its model refer to each other, so a Machine per object leaves a reference
    # cycle per item for the collector to trace. Ledger.replay leaves the collector as the
    # program set it (a library must not change process-wide state), so with it on the
    # ledger pays for the collector's passes over the events and records it holds.
    Ledger.replay(stored)  # the shared default RuleSet's deadline cache is warm from here on

    def cold() -> Ledger:
        # A copy of the default rules starts with an empty deadline cache: the first replay
        # in a process, which computes each distinct deadline (and its explanation) once.
        return Ledger.replay(stored, RuleSet.default().model_copy())

    contenders: list[tuple[str, Callable[[], object]]] = [
        ("Ledger.replay, stored log", lambda: Ledger.replay(stored)),
        ("Ledger.replay, stored log, cold deadline cache", cold),
        ("Ledger.replay, fresh log", lambda: Ledger.replay(fresh)),
        ("a Machine per object", lambda: run_machines(stored, TrackedItem)),
        (
            "a Machine per object (auto_transitions=False)",
            lambda: run_machines(stored, TrackedItemNoAuto),
        ),
        ("one shared Machine + add_model", lambda: run_shared(stored)),
        ("states only", lambda: run_states_only(stored)),
    ]
    # The runs of all fourteen timings alternate round by round, so that every ratio compares runs
    # spread over the same minutes of a possibly noisy machine.
    timings = measure_together(
        [Trial(label, fold, n, gc_on) for gc_on in (True, False) for label, fold in contenders],
        config,
    )
    k = len(contenders)
    on_off = [(timings[i], timings[k + i]) for i in range(k)]
    t_stored, t_cold, t_fresh, t_auto, t_noauto, t_shared, t_floor = on_off
    collections = _gen2_collections(lambda: run_machines(stored, TrackedItem))

    # -- report ----------------------------------------------------------------------------------------
    items = f"{fmt_count(n)} items × {EVENTS_PER_ITEM} events"
    for on, convention in ((0, "as a program runs, GC on"), (1, "timeit's convention, GC off")):
        judged = on == 0
        res.compare(
            t_stored[on],
            t_auto[on],
            label=f"Ledger.replay(stored log), per item ({items}; {convention})",
            min_speedup=50 if judged else None,
        )
        res.compare(t_stored[on], t_noauto[on], label="  vs auto_transitions=False")
        res.compare(t_stored[on], t_shared[on], label="  vs one shared Machine")
        res.compare(t_cold[on], t_auto[on], label="  cold deadline cache (the first replay in a process)")
        res.compare(t_fresh[on], t_auto[on], label="  fresh log: computes every deadline")
        res.compare(t_floor[on], t_auto[on], label="  reference: states only (a dict fold over machine.NEXT)")
    gc_share = 1 - t_auto[1].seconds / t_auto[0].seconds
    res.add(
        "per event (GC on)",
        f"{fmt_time(t_stored[0].per_op / EVENTS_PER_ITEM)}/event",
        f"ledger (stored log); cold cache: {fmt_time(t_cold[0].per_op / EVENTS_PER_ITEM)}/event; "
        f"states only: {fmt_time(t_floor[0].per_op / EVENTS_PER_ITEM)}/event; a Machine per object: "
        f"{fmt_time(t_auto[0].per_op / EVENTS_PER_ITEM)}/event",
    )
    res.add(
        "  a Machine per object: the collector's share",
        f"{gc_share:.0%}",
        f"of its time with GC on ({collections} full collections in one fold of {fmt_count(n)} items)",
    )
    res.note(
        f"{items}, seed {config.seed}; per-op figures are per item (its whole lifecycle), the best "
        f"of {config.repeat} runs, each from a collected heap, the runs of all the rows "
        "alternating round by round. Final states are checked equal for every item before timing."
    )
    res.note(
        "Each comparison is timed twice: as a program runs it, with the cyclic garbage collector "
        "on (pyperf's convention; the target is judged on this one), and under timeit's "
        "convention, collector off. A Machine refers to its model and the model to its Machine, "
        "so a Machine per object leaves a reference cycle of a few hundred objects per item that "
        "the collector traces again at every full collection. Ledger.replay leaves the "
        "collector alone (process-wide state is the host's); a host replaying at start-up may "
        "pause it itself, which is what the collector-off rows measure."
    )
    res.note(
        "The machines only move states. The ledger also authorises every event (who may send "
        "it), refuses out-of-order events, computes each deadline with its Chinese explanation "
        "(and, for a stored log, checks the recorded due day against it), and keeps each event "
        "in the item's history."
    )
    res.note(
        "Ledger.replay(events) uses the shared RuleSet.default(), whose deadline cache a "
        "process fills once; the cold rows replay with an empty cache (a copy of the default "
        "rules), computing each distinct deadline and its explanation once."
    )
    res.note(
        "Most of a Machine per object's cost is building the Machine (one per item; with "
        "auto_transitions=True it adds a to_<state>() trigger per state). A shared Machine's "
        "add_model checks `model not in self.models`, a list scan: O(items) per add, so its "
        "per-item cost grows with the number of items."
    )
    return res


def _gen2_collections(fold: Callable[[], object]) -> int:
    """How many full (generation 2) collections one run of ``fold`` triggers with GC on."""
    was_enabled = gc.isenabled()
    gc.collect()
    before = gc.get_stats()[2]["collections"]
    gc.enable()
    try:
        fold()
        return int(gc.get_stats()[2]["collections"] - before)
    finally:
        if not was_enabled:
            gc.disable()


SECTION = Section("lifecycle", "Item lifecycle (台账 vs transitions)", run)
