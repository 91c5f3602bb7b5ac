"""Helpers shared by the host application's tests (and run in child processes)."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.synchronize import Barrier
from typing import Any

from duban_core import DubanError, StaleVersion
from duban_core import events as ev
from duban_core.clock import CST
from host_app.directory import DIRECTORY
from host_app.service import Service
from host_app.store import EventStore, NewEvent

OFFICE = DIRECTORY["office"]
STAFF = DIRECTORY["jtj-staff"]
ITEM = "2024-001"
#: Monday 23 September 2024, 09:00 China time: the day the item is drafted and assigned.
START = datetime(2024, 9, 23, 9, 0, tzinfo=CST)


@dataclass
class Fixed:
    """A clock stopped at ``now`` (picklable, for child processes)."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def assigned_item(service: Service, title: str = "国庆假期道路保畅") -> None:
    """Draft, register and assign ITEM (a 领导批示, 5 日, S0-4.4), received on 23 September
    2024: due 28 September, a Saturday, moved to Sunday 29 September, a working day that
    year (调休上班) — so the item is at version 3."""
    service.submit(
        "Drafted",
        {"item_id": ITEM, "title": title, "category": "LEADER_INSTRUCTION", "lead_unit": "区交通局"},
        actor=OFFICE,
    )
    service.submit("Registered", {"item_id": ITEM}, actor=OFFICE)
    service.submit("Assigned", {"item_id": ITEM, "received_on": "2024-09-23"}, actor=OFFICE)


def race_append(url: str, barrier: Barrier, event_json: str, version: int) -> tuple[Any, ...]:
    """Child process: append ``event_json`` as ``version`` of ITEM's stream at the barrier."""
    store = EventStore(url)
    try:
        event = ev.parse(event_json)
        barrier.wait(timeout=60)
        try:
            return ("won", store.append([NewEvent(f"item:{ITEM}", version, event)]))
        except StaleVersion as exc:
            return ("lost", exc.code, exc.expected, exc.current, exc.stream)
    finally:
        store.dispose()


def race_command(url: str, barrier: Barrier, method: str, seen: int, now: datetime) -> tuple[Any, ...]:
    """Child process: a service urging ITEM based on version ``seen``, at the barrier."""
    store = EventStore(url)
    try:
        service = Service(store, clock=Fixed(now))
        barrier.wait(timeout=60)
        try:
            receipt = service.submit(
                "Urged", {"item_id": ITEM, "method": method}, actor=OFFICE, expected_version=seen
            )
            return ("won", receipt.version)
        except DubanError as exc:
            return ("lost", type(exc).__name__, getattr(exc, "expected", None), getattr(exc, "current", None))
    finally:
        store.dispose()


def browser_app() -> Any:
    """The application for the browser test (``uvicorn --factory``): the test's database
    and a clock stopped at 26 September 2024, 10:00 China time."""
    from host_app.web import create_app  # the racing child processes need no web stack

    return create_app(
        os.environ["DUBAN_DATABASE_URL"], clock=Fixed(datetime(2024, 9, 26, 10, 0, tzinfo=CST)), secret="test"
    )


def _racer(queue: Any, index: int, target: Any, args: tuple[Any, ...]) -> None:
    queue.put((index, target(*args)))


def race(target: Any, argsets: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Run ``target(url, barrier, *args)`` for each argset in its own freshly spawned
    process (as separate servers would be); they meet at a barrier, then race. Returns the
    results in argset order."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(argsets))
    queue = context.Queue()
    processes = [
        context.Process(target=_racer, args=(queue, i, target, (args[0], barrier, *args[1:])))
        for i, args in enumerate(argsets)
    ]
    for process in processes:
        process.start()
    try:
        results = dict(queue.get(timeout=120) for _ in processes)
    finally:
        for process in processes:
            process.join(timeout=60)
    assert all(process.exitcode == 0 for process in processes)
    return [results[i] for i in range(len(argsets))]
