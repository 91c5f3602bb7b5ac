"""The event store and the command service on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from duban_core import DubanError, InvalidTransition, StaleVersion, Unauthorized
from duban_core import events as ev
from host_app.service import Service
from host_app.store import EventStore, NewEvent, Transaction, events_table

from .conftest import FakeClock
from .support import ITEM, OFFICE, STAFF, assigned_item


def count_rows(store: EventStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


def test_commands_are_stored_as_the_ledger_stored_them(database_url: str, clock: FakeClock) -> None:
    service = Service(EventStore(database_url), clock=clock)
    assigned_item(service)
    rows = service.store.read()
    assert [(r.position, r.stream, r.version, r.body["type"]) for r in rows] == [
        (1, f"item:{ITEM}", 1, "Drafted"),
        (2, f"item:{ITEM}", 2, "Registered"),
        (3, f"item:{ITEM}", 3, "Assigned"),
    ]
    # The due day the library computed is recorded (S0-4.4: 5 日 from 23 Sept, moved from
    # Saturday 28 Sept to Sunday 29 Sept, a 调休 working day), and every row reads back as
    # exactly the event the ledger holds.
    assert rows[2].body["due"] == "2024-09-29"
    assert [ev.parse(r.body) for r in rows] == list(service.ledger().events)


def test_replay_on_restart_gives_an_equal_ledger(database_url: str, clock: FakeClock) -> None:
    first = Service(EventStore(database_url), clock=clock)
    assigned_item(first)
    clock.advance(hours=1)
    first.submit("Acknowledged", {"item_id": ITEM, "handler": "赵敏"}, actor=STAFF)
    first.store.dispose()

    restarted = Service(EventStore(database_url), clock=clock)
    assert restarted.ledger() == first.ledger()
    assert restarted.ledger().items[ITEM].deadline.due == date(2024, 9, 29)  # type: ignore[union-attr]
    assert restarted.ledger().items[ITEM].version == 4


def test_a_refused_command_writes_nothing(database_url: str, clock: FakeClock) -> None:
    service = Service(EventStore(database_url), clock=clock)
    assigned_item(service)
    before = service.ledger().copy()
    with pytest.raises(Unauthorized):  # only 督查室 urges (S0-3.2)
        service.submit("Urged", {"item_id": ITEM, "method": "电话催办"}, actor=STAFF)
    with pytest.raises(InvalidTransition):  # nothing reported yet: nothing to approve
        service.submit("Approved", {"item_id": ITEM}, actor=OFFICE)
    assert count_rows(service.store) == 3
    assert service.ledger() == before


def test_the_form_may_not_set_who_or_when(database_url: str, clock: FakeClock) -> None:
    service = Service(EventStore(database_url), clock=clock)
    assigned_item(service)
    for server_field in (
        {"by": {"name": "随便谁", "role": "LEADER"}},
        {"at": "2024-09-20T09:00:00+08:00"},
        {"due": "2024-10-01"},
    ):
        with pytest.raises((DubanError, ValueError)):
            service.submit("Urged", {"item_id": ITEM, "method": "电话催办", **server_field}, actor=OFFICE)
    assert count_rows(service.store) == 3
    receipt = service.submit("Urged", {"item_id": ITEM, "method": "电话催办"}, actor=OFFICE)
    assert (receipt.event.by, receipt.event.at) == (OFFICE, clock.now)


def test_a_stale_view_is_refused_with_the_versions(database_url: str, clock: FakeClock) -> None:
    service = Service(EventStore(database_url), clock=clock)
    assigned_item(service)
    service.submit("Urged", {"item_id": ITEM, "method": "电话催办"}, actor=OFFICE, expected_version=3)
    with pytest.raises(StaleVersion) as caught:
        service.submit("Urged", {"item_id": ITEM, "method": "发督办通知书"}, actor=OFFICE, expected_version=3)
    assert (caught.value.expected, caught.value.current) == (3, 4)
    assert count_rows(service.store) == 4


def test_a_unique_violation_is_a_stale_version_and_writes_nothing(
    database_url: str, clock: FakeClock
) -> None:
    store = EventStore(database_url)
    service = Service(store, clock=clock)
    assigned_item(service)
    urge = ev.Urged(item_id=ITEM, at=clock.now, by=OFFICE, method="电话催办")
    with pytest.raises(StaleVersion) as caught:
        store.append([NewEvent(f"item:{ITEM}", 4, urge), NewEvent(f"item:{ITEM}", 3, urge)])
    error = caught.value
    assert (error.code, error.stream, error.expected, error.current) == (
        "store.conflict",
        f"item:{ITEM}",
        2,
        3,
    )
    assert "已被他人更新" in error.message
    assert count_rows(store) == 3
    # The head did not move: the next append takes position 4.
    assert store.append([NewEvent(f"item:{ITEM}", 4, urge)]) == 4


def test_other_processes_appends_are_caught_up(database_url: str, clock: FakeClock) -> None:
    one = Service(EventStore(database_url), clock=clock)
    two = Service(EventStore(database_url), clock=clock)
    assigned_item(one)
    assert two.ledger().items[ITEM].version == 3
    clock.advance(minutes=5)
    two.submit("Urged", {"item_id": ITEM, "method": "电话催办"}, actor=OFFICE, expected_version=3)
    clock.advance(minutes=5)
    one.submit("Urged", {"item_id": ITEM, "method": "发督办通知书"}, actor=OFFICE, expected_version=4)
    assert one.ledger() == two.ledger()
    assert [r.version for r in one.store.read()] == [1, 2, 3, 4, 5]


def test_a_failed_append_leaves_the_ledger_as_the_store(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = Service(EventStore(database_url), clock=clock)
    assigned_item(service)

    def lost(self: Transaction, new: object) -> int:
        raise StaleVersion("另一进程先写入", expected=3, current=4, stream=f"item:{ITEM}")

    monkeypatch.setattr(Transaction, "append", lost)
    with pytest.raises(StaleVersion):
        service.submit("Urged", {"item_id": ITEM, "method": "电话催办"}, actor=OFFICE)
    # The ledger had accepted the event; it was rebuilt from the store, which has not.
    assert service.ledger().items[ITEM].version == 3
    assert len(service.ledger().events) == 3


def test_a_few_seconds_of_clock_skew_between_servers_is_absorbed(database_url: str, clock: FakeClock) -> None:
    ahead = Service(EventStore(database_url), clock=clock)
    assigned_item(ahead)
    clock.advance(seconds=2)
    ahead.submit("Urged", {"item_id": ITEM, "method": "电话催办"}, actor=OFFICE)
    # A second server whose clock runs two seconds behind: its command is stamped at the
    # item's latest time instead of being refused as going back in time.
    behind = Service(EventStore(database_url), clock=lambda: clock.now - timedelta(seconds=2))
    receipt = behind.submit("Urged", {"item_id": ITEM, "method": "发督办通知书"}, actor=OFFICE)
    assert receipt.event.at == clock.now
    assert receipt.version == 5
